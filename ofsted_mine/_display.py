"""How records show themselves: rich renderables for terminals, HTML for notebooks.

Kept apart from the models so ``models.py`` stays a pure schema with no
rich import at module load; ``Document.__rich__`` and
``Document._repr_html_`` call in here lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.models import Document

#: Colour of each canonical grade in the terminal.
GRADE_STYLE = {
    "outstanding": "bold green",
    "good": "green",
    "requires_improvement": "yellow",
    "adequate": "yellow",
    "inadequate": "bold red",
}


def _dates(doc: Document) -> Optional[str]:
    start, end = doc.inspection_start, doc.inspection_end
    if start and end and start != end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if start or end:
        return (start or end).isoformat()  # type: ignore[union-attr]
    return None


def _numbers(doc: Document) -> str:
    """Finding numbers as compact ranges: ``1-69`` or ``28-116, 127-141``."""
    nums = sorted({f.number for f in doc.findings})
    if not nums:
        return ""
    runs: list[str] = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:  # type: ignore[list-item]
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(runs)


def summary_fields(doc: Document) -> list[tuple[str, str]]:
    """The headline facts of a document as ``(label, value)`` pairs, empty ones left out."""
    rows = [
        ("type", doc.doc_type),
        ("local authority", doc.local_authority),
        ("framework", doc.framework),
        ("inspection", _dates(doc)),
        ("published", doc.published.isoformat() if doc.published else None),
        ("meeting", doc.meeting_date.isoformat() if doc.meeting_date else None),
        ("lead inspector", doc.lead_inspector),
        ("source", doc.source),
        (
            "pages",
            f"{doc.page_range[0]}-{doc.page_range[1]}"
            if doc.page_range
            else (str(len(doc.page_starts)) if doc.page_starts else None),
        ),
        ("recommendations", str(len(doc.recommendations))),
        (
            "findings",
            f"{len(doc.findings)}" + (f" (numbered {_numbers(doc)})" if doc.findings else ""),
        ),
        ("sections", str(len(doc.sections))),
    ]
    return [(k, v) for k, v in rows if v]


def document_rich(doc: Document) -> Any:
    """A rich renderable summary: headline facts, judgements table, warnings."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title = doc.title or doc.local_authority or doc.source
    parts: list[Any] = [Text(f"{title}", style="bold")]

    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim")
    facts.add_column()
    for label, value in summary_fields(doc):
        facts.add_row(label, value)
    parts.append(facts)

    if doc.judgements:
        table = Table(title="Judgements", title_justify="left", header_style="bold cyan")
        table.add_column("area")
        table.add_column("grade")
        table.add_column("as printed", style="dim")
        for j in doc.judgements:
            area = j.area + (" (cited)" if j.source == "cited" else "")
            table.add_row(
                area,
                Text(j.grade, style=GRADE_STYLE.get(j.grade, "")),
                f"{j.area_text}: {j.grade_text}",
            )
        parts.append(table)

    for warning in doc.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    return Group(*parts)


def document_html(doc: Document) -> str:
    """A compact HTML summary for notebooks (see :mod:`ofsted_mine._display_html`)."""
    from ofsted_mine._display_html import document_html as _document_html

    return _document_html(doc)


__all__ = ["document_rich", "document_html", "summary_fields", "GRADE_STYLE"]
