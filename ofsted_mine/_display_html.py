"""HTML representations for Jupyter: a Document, and the list ``load`` returns.

Compact on purpose: a notebook cell should show what a document is (type,
authority, dates, grades), how much was extracted, and what the classifier
made of it, without scrolling. Inline styles only, because some notebook
front ends (VS Code, GitHub's viewer) drop ``<style>`` blocks.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.models import Document

GRADE_COLOURS = {
    "inadequate": ("#fde8ea", "#8a1420"),
    "requires_improvement": ("#fff3d1", "#613f00"),
    "good": ("#e2f2e5", "#185a1f"),
    "outstanding": ("#e0ebf9", "#0b3b73"),
}
POLARITY_COLOURS = {"strength": "#185a1f", "weakness": "#8a1420", "mixed": "#613f00", "neutral": "#4a5560"}

TABLE = "border-collapse:collapse;margin:4px 0 8px;font-size:12px"
TH = "text-align:left;padding:2px 8px;border-bottom:1px solid #bbb;background:#f0f2f4"
TD = "text-align:left;padding:2px 8px;border-bottom:1px solid #e3e3e3;vertical-align:top"
ROW_TH = "text-align:left;padding:2px 8px;color:#4a5560;font-weight:600;vertical-align:top"


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def grade_badge(grade: str) -> str:
    bg, fg = GRADE_COLOURS.get(grade, ("#eee", "#222"))
    label = grade.replace("_", " ")
    return (f"<span style='background:{bg};color:{fg};padding:0 6px;border-radius:3px;"
            f"font-weight:600'>{_esc(label)}</span>")


def _table(header: Sequence[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th scope='col' style='{TH}'>{_esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td style='{TD}'>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table style='{TABLE}'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def document_html(doc: Document, *, n_findings: int = 5) -> str:
    """Headline facts, judgements with coloured grades, a polarity/theme tally and the first findings."""
    from ofsted_mine._display import summary_fields

    title = doc.title or doc.local_authority or Path(doc.source).name
    facts = "".join(
        f"<tr><th scope='row' style='{ROW_TH}'>{_esc(k)}</th><td style='{TD}'>{_esc(v)}</td></tr>"
        for k, v in summary_fields(doc)
    )
    out = [
        "<div class='om-document' style='font-family:system-ui,sans-serif;line-height:1.4'>",
        f"<div style='font-size:14px;font-weight:700'>{_esc(title)}</div>",
        f"<table style='{TABLE}'>{facts}</table>",
    ]
    if doc.judgements:
        out.append(_table(
            ["area", "grade", "as printed", "source"],
            [[_esc(j.area.replace("_", " ")), grade_badge(j.grade), _esc(f"{j.area_text}: {j.grade_text}"),
              _esc(j.source + (f" ({j.cited_inspection_end:%Y})" if j.cited_inspection_end else ""))]
             for j in doc.judgements],
        ))
    if doc.findings:
        pol = Counter(f.polarity.label for f in doc.findings if f.polarity)
        themes = Counter(t.theme for f in doc.findings for t in f.themes)
        if pol or themes:
            tally = ", ".join(f"{n} {label}" for label, n in pol.most_common())
            top = ", ".join(f"{t} ({n})" for t, n in themes.most_common(6))
            out.append(f"<div style='font-size:12px'>Findings: {_esc(tally) or 'not classified'}"
                       + (f"; top themes: {_esc(top)}" if top else "") + "</div>")
        rows = []
        for f in doc.findings[:n_findings]:
            polarity = f.polarity.label if f.polarity else ""
            colour = POLARITY_COLOURS.get(polarity, "#222")
            rows.append([
                _esc(f.number), _esc(f.section or ""),
                _esc(", ".join(t.theme for t in f.themes)),
                f"<span style='color:{colour};font-weight:600'>{_esc(polarity)}</span>",
                _esc(_clip(f.text)),
            ])
        more = len(doc.findings) - n_findings
        out.append(_table(["no.", "section", "themes", "polarity", "text"], rows))
        if more > 0:
            out.append(f"<div style='font-size:12px;color:#4a5560'>… and {more} more findings "
                       "(<code>om.findings_frame([doc])</code> has them all)</div>")
    out.extend(f"<div style='color:#8a5300;font-size:12px'>warning: {_esc(w)}</div>" for w in doc.warnings)
    out.append("</div>")
    return "".join(out)


def documents_html(docs: Sequence[Document], errors: Sequence[Any] = ()) -> str:
    """One row per loaded document, then the files that failed."""
    rows = []
    for i, d in enumerate(docs):
        grades = " ".join(grade_badge(j.grade) for j in d.judgements[:1])
        rows.append([
            _esc(i), _esc(d.doc_type), _esc(d.local_authority or ""),
            _esc(d.inspection_end or d.published or d.meeting_date or ""),
            _esc(len(d.findings)), _esc(len(d.recommendations)), grades,
            _esc(Path(d.source).name),
        ])
    out = [
        "<div class='om-documents' style='font-family:system-ui,sans-serif'>",
        f"<div style='font-weight:700'>{len(docs)} document{'s' if len(docs) != 1 else ''}"
        + (f", {len(errors)} failed" if errors else "") + "</div>",
        _table(["#", "type", "authority", "date", "findings", "improve items", "first grade", "file"], rows),
    ]
    if errors:
        out.append("<ul style='color:#8a1420;font-size:12px'>"
                   + "".join(f"<li>{_esc(e)}</li>" for e in errors) + "</ul>")
    out.append("</div>")
    return "".join(out)


__all__ = ["document_html", "documents_html", "grade_badge"]
