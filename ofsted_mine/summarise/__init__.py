"""Theme summaries for scrutiny panels: HTML or Markdown, one per local authority.

``summarise(docs, theme="permanence")`` compares the documents of each
authority (:func:`ofsted_mine.compare`), gathers facts (:mod:`.facts`),
writes lead sentences from them by template (:mod:`.leads`) and renders
the Jinja2 templates (:mod:`.render`) with the judgement timeline chart
(:mod:`.chart`). Documents of several authorities give one summary each:
a panel paper is always about one council.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Optional, Union

from ofsted_mine.models import Document

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.compare.models import Comparison
    from ofsted_mine.summarise.facts import SummaryFacts

Format = Literal["html", "md"]


@dataclass
class Summary:
    """One authority's rendered summary, and the facts behind it.

    ``text`` is the HTML page or Markdown; Markdown's chart is ``chart_png``
    (written beside the ``.md`` file as ``chart_name``). ``paths`` lists the
    files written when ``out`` was given.
    """

    authority: str
    format: Format
    text: str
    facts: SummaryFacts
    comparison: Comparison
    chart_png: Optional[bytes] = None
    chart_name: Optional[str] = None
    paths: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        return self.text

    @property
    def themes(self) -> list[str]:
        return [t.theme for t in self.facts.themes]

    def write(self, out: Union[str, Path], *, force: bool = False) -> list[Path]:
        """Write the summary to ``out`` (and the PNG chart beside Markdown).

        Missing folders are created; an existing file is replaced only with
        ``force`` (``FileExistsError`` otherwise, before anything is written).
        """
        out = Path(out)
        targets = [out]
        png_path = None
        if self.format == "md" and self.chart_png is not None:
            png_path = out.with_name(chart_file_name(out))
            targets.append(png_path)
        for t in targets:
            if t.exists() and not force:
                raise FileExistsError(f"{t}: already exists; use force=True (--force) to replace it")
            if t.exists() and t.is_dir():
                raise IsADirectoryError(f"{t}: is a folder, not a file")
        out.parent.mkdir(parents=True, exist_ok=True)
        text = self.text
        if png_path is not None:
            if self.chart_name and self.chart_name != png_path.name:
                text = text.replace(f"]({self.chart_name})", f"]({png_path.name})")
            png_path.write_bytes(self.chart_png)  # type: ignore[arg-type]
        out.write_text(text, encoding="utf-8")
        self.paths = targets
        return targets

    def _repr_html_(self) -> str:  # pragma: no cover - notebooks
        if self.format == "html":
            from ofsted_mine.summarise.render import render_html

            return render_html(self.facts, fragment=True)
        return None  # type: ignore[return-value]

    def _repr_markdown_(self) -> Optional[str]:  # pragma: no cover - notebooks
        return self.text if self.format == "md" else None


class Summaries(list):
    """Several authorities' summaries (a list of :class:`Summary`)."""

    def _repr_html_(self) -> str:  # pragma: no cover - notebooks
        from ofsted_mine.summarise.render import render_html

        return "\n<hr>\n".join(render_html(s.facts, fragment=True) for s in self)


def chart_file_name(out: Path) -> str:
    """``summary.md`` → ``summary.timeline.png`` (kept beside the Markdown)."""
    return f"{out.stem}.timeline.png"


def group_by_authority(docs: Sequence[Document]) -> tuple[dict[str, list[Document]], list[Document]]:
    """Documents per authority key, and those naming no authority.

    Documents without an authority (a council paper whose header was not
    recognised) go with the only authority present; with several
    authorities they cannot be placed and are returned apart.
    """
    key_of = _authority_key_func()
    groups: dict[str, list[Document]] = {}
    loose: list[Document] = []
    for d in docs:
        key = key_of(d.local_authority)
        if key:
            groups.setdefault(key, []).append(d)
        else:
            loose.append(d)
    if len(groups) == 1 and loose:
        next(iter(groups.values())).extend(loose)
        loose = []
    return groups, loose


def _authority_key_func():
    from ofsted_mine.compare.authority import authority_key

    return authority_key


def _classified(docs: list[Document]) -> list[Document]:
    """Classify documents that are not yet (the counts need themes and polarity)."""
    from ofsted_mine.compare.api import classify_all

    return classify_all(docs)[0]


def check_themes(theme: Union[None, str, Sequence[str]]) -> Optional[list[str]]:
    """Theme ids asked for, checked against the codebook (``ValueError`` lists the valid ones)."""
    if theme is None:
        return None
    themes = [theme] if isinstance(theme, str) else list(theme)
    if not themes:
        return None
    from ofsted_mine.codebook import theme_ids

    bad = [t for t in themes if t not in theme_ids()]
    if bad:
        raise ValueError(f"unknown theme {', '.join(map(repr, bad))}; valid themes: {', '.join(theme_ids())}")
    return list(dict.fromkeys(themes))


def summarise_comparison(
    comparison: Comparison,
    docs: Sequence[Document],
    *,
    theme: Union[None, str, Sequence[str]] = None,
    format: Format = "html",
    png_name: str = "summary.timeline.png",
) -> Summary:
    """Render one authority's summary from a comparison already made."""
    from ofsted_mine.summarise.facts import build_facts
    from ofsted_mine.summarise.render import chart_png, render_html, render_markdown

    facts = build_facts(comparison, docs, check_themes(theme))
    if format == "html":
        return Summary(comparison.local_authority, "html", render_html(facts), facts, comparison)
    if format == "md":
        png = chart_png(facts)
        name = png_name if png is not None else None
        return Summary(comparison.local_authority, "md", render_markdown(facts, png_name=name), facts,
                       comparison, chart_png=png, chart_name=name)
    raise ValueError(f"format must be 'html' or 'md', not {format!r}")


def summarise(
    docs: Sequence[Document],
    theme: Union[None, str, Sequence[str]] = None,
    format: Format = "html",
    out: Union[None, str, Path] = None,
    *,
    authority: Optional[str] = None,
    force: bool = False,
    comparisons: Optional[Sequence[Comparison]] = None,
) -> Union[Summary, Summaries]:
    """Theme summary of each authority's documents: a :class:`Summary`, or :class:`Summaries`.

    ``theme`` is a codebook id or a list of them (default: every theme with
    findings; a theme asked for that has none says so). With documents of
    several authorities there is one summary per authority, unless
    ``authority`` picks one. With ``out``, each is written there (several
    authorities: ``out`` gets the authority's name before the suffix);
    missing folders are created and existing files are replaced only with
    ``force``. ``comparisons`` reuses comparisons already made.
    """
    if format not in ("html", "md"):
        raise ValueError(f"format must be 'html' or 'md', not {format!r}")
    themes = check_themes(theme)
    docs = list(docs)
    if not docs:
        raise ValueError("no documents to summarise")
    from ofsted_mine.summarise import prefetch

    try:
        if _needs_classifying(docs):  # the long part: draw the charts meanwhile, on another core
            prefetch.start(docs, format)
        docs = _classified(docs)
        return _summarise(docs, themes, format, out, authority=authority, force=force, comparisons=comparisons)
    finally:
        prefetch.discard_all()


def _needs_classifying(docs: list[Document]) -> bool:
    from ofsted_mine.compare.api import _needs_classifying as needs

    return any(needs(d) for d in docs)


def _summarise(
    docs: list[Document],
    themes: Optional[list[str]],
    format: Format,
    out: Union[None, str, Path],
    *,
    authority: Optional[str],
    force: bool,
    comparisons: Optional[Sequence[Comparison]],
) -> Union[Summary, Summaries]:
    groups, loose = group_by_authority(docs)
    key_of = _authority_key_func()
    if authority is not None:
        want = key_of(authority)
        if want not in groups:
            found = ", ".join(sorted(groups)) or "none"
            raise ValueError(f"no documents of authority {authority!r}; authorities found: {found}")
        groups = {want: groups[want]}  # type: ignore[index]
    if not groups:
        raise ValueError("none of the documents names a local authority")
    cached = {key_of(c.local_authority): c for c in (comparisons or [])}
    out_path = Path(out) if out is not None else None
    many = len(groups) > 1
    from ofsted_mine.summarise.render import slug

    results = Summaries()
    for key, group in groups.items():
        comparison = cached.get(key)
        if comparison is None:
            from ofsted_mine.compare import compare

            comparison = compare(group)
        if loose:
            n = len(loose)
            comparison.messages.append(
                f"{n} document{'s' if n != 1 else ''} naming no local authority "
                f"{'were' if n != 1 else 'was'} left out of every summary."
            )
        target = None
        if out_path is not None:
            target = out_path.with_name(f"{out_path.stem}-{slug(comparison.local_authority)}{out_path.suffix}") if many else out_path
        png_name = chart_file_name(target) if target is not None else "summary.timeline.png"
        summary = summarise_comparison(comparison, group, theme=themes, format=format, png_name=png_name)
        results.append(summary)
    if out_path is not None:
        targets = [
            out_path.with_name(f"{out_path.stem}-{slug(s.authority)}{out_path.suffix}") if many else out_path
            for s in results
        ]
        existing = [t for t in targets if t.exists()]
        if existing and not force:
            raise FileExistsError(f"{existing[0]}: already exists; use force=True (--force) to replace it")
        for s, t in zip(results, targets, strict=False):
            s.write(t, force=force)
    return results if many else results[0]


__all__ = ["summarise", "summarise_comparison", "Summary", "Summaries", "group_by_authority", "check_themes"]

# `om.summarise(...)` must work even once this subpackage has shadowed the function.
from ofsted_mine._callable import make_callable  # noqa: E402

make_callable(__name__)
