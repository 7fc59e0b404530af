"""How a :class:`Comparison` shows itself: rich in a terminal, HTML in a notebook.

Both show the same three things an officer reads first: the judgement
timeline, counts by status (and by theme), and the weaknesses that persisted
with the words of both reports.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.compare.models import Comparison

GRADE_LABEL = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
GRADE_STYLE = {"outstanding": "bold green", "good": "green", "requires_improvement": "yellow", "inadequate": "red"}
STATUS_ORDER = ("persisted", "resolved", "regressed", "sustained", "not_reported", "new")


def _short(text: str, n: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def _grade_cell(grade: str | None, combined: bool, cited: bool) -> str:
    if grade is None:
        return "—"
    label = GRADE_LABEL.get(grade, grade)
    marks = ("*" if combined else "") + ("†" if cited else "")
    return label + marks


def _changes_cell(row, graded) -> str:
    """One mark per consecutive pair of graded inspections; ``·`` where a grade is missing."""
    by_pair = {(c.from_, c.to): c for c in row.changes}
    marks = [by_pair.get((a.key, b.key)) for a, b in zip(graded, graded[1:], strict=False)]
    return " ".join(_arrow(c) if c else "·" for c in marks)


def _arrow(change) -> str:
    """``↑1`` / ``↓2`` / ``=`` for one change."""
    if change.direction == "unchanged":
        return "="
    return ("↑" if change.direction == "improved" else "↓") + str(change.steps)


def status_theme_counts(cmp: Comparison) -> tuple[Counter, dict[str, Counter]]:
    """Counts by status over findings, recommendations and new; and per theme."""
    by_status: Counter = Counter()
    by_theme: dict[str, Counter] = {}
    for t in cmp.findings:
        by_status[t.status] += 1
        for th in t.from_.themes or ["(no theme)"]:
            by_theme.setdefault(th, Counter())[t.status] += 1
    for n in cmp.new:
        by_status["new"] += 1
        for th in n.themes or ["(no theme)"]:
            by_theme.setdefault(th, Counter())["new"] += 1
    return by_status, by_theme


def comparison_rich(cmp: Comparison):
    """A rich renderable: timeline table, status×theme counts, persisted weaknesses."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts = []
    graded = [i for i in cmp.inspections if i.graded]
    title = f"{cmp.local_authority}: judgements"
    tl = Table(title=title, title_justify="left")
    tl.add_column("area", no_wrap=True)
    for i in graded:
        tl.add_column(i.key + (" (cited)" if i.cited_only else ""))
    tl.add_column("change")
    for row in cmp.judgements:
        cells = []
        for i in graded:
            g = row.grades.get(i.key)
            cells.append(Text(_grade_cell(g, i.key in row.combined, i.key in row.cited), style=GRADE_STYLE.get(g or "", "dim")))
        tl.add_row(row.area, *cells, _changes_cell(row, graded))
    if cmp.judgements:
        parts.append(tl)
        parts.append(
            Text(
                "change between consecutive graded inspections: ↑ improved, ↓ declined, = unchanged (grade steps), "
                "· not comparable (a grade missing); "
                "* one grade for children in care and care leavers together; † grade known from a citation",
                style="dim",
            )
        )
    else:
        parts.append(Text(f"{cmp.local_authority}: no judgements", style="bold"))
    visits = [i for i in cmp.inspections if not i.graded]
    if visits:
        parts.append(Text("Visits: " + ", ".join(f"{i.key} {i.kind.replace('_', ' ')}" for i in visits), style="dim"))

    by_status, by_theme = status_theme_counts(cmp)
    if cmp.findings or cmp.recommendations or cmp.new:
        st = Table(title="Findings traced to the next graded inspection, by theme", title_justify="left")
        st.add_column("theme", no_wrap=True)
        cols = [s for s in STATUS_ORDER if by_status.get(s)]
        for s in cols:
            st.add_column(s, justify="right")
        st.add_row(Text("all", style="bold"), *[Text(str(by_status[s]), style="bold") for s in cols])
        for th in sorted(by_theme, key=lambda t: -sum(by_theme[t].values())):
            st.add_row(th, *[str(by_theme[th].get(s, "")) for s in cols])
        parts.append(st)
        rec = Counter(t.status for t in cmp.recommendations)
        if rec:
            parts.append(Text("Recommendations: " + ", ".join(f"{k} {v}" for k, v in rec.most_common())))

    persisted = [t for t in cmp.findings if t.status == "persisted"] + [
        t for t in cmp.recommendations if t.status == "persisted"
    ]
    if persisted:
        pt = Table(title="Weaknesses that persisted", title_justify="left", show_lines=True)
        pt.add_column("earlier", ratio=1)
        pt.add_column("later", ratio=1)
        pt.add_column("why", ratio=0)
        for t in persisted:
            ref = t.from_
            num = getattr(ref, "number", None) if hasattr(ref, "polarity") else getattr(ref, "index", None)
            label = f"{ref.inspection} ¶{num}" if hasattr(ref, "polarity") else f"{ref.inspection} rec {num}"
            best = t.to[0] if t.to else None
            later = (
                f"{best.inspection} {'rec ' if best.kind == 'recommendation' else '¶'}{best.number}: "
                f"\"{_short(best.text)}\""
                if best
                else ""
            )
            why = ", ".join(t.evidence.shared_themes[:3])
            if t.evidence.matched_phrases:
                why += "; " + "; ".join(f"'{p}'" for p in t.evidence.matched_phrases[:2])
            pt.add_row(f"{label}: \"{_short(ref.text)}\"", later, why)
        parts.append(pt)
    for m in cmp.messages:
        parts.append(Text("note: " + m, style="italic"))
    return Group(*parts)


def comparison_html(cmp: Comparison) -> str:
    """Compact HTML: the judgement timeline and status counts."""
    esc = html.escape
    graded = [i for i in cmp.inspections if i.graded]
    head = "".join(f"<th>{esc(i.key)}</th>" for i in graded)
    rows = []
    for row in cmp.judgements:
        cells = "".join(
            f"<td>{esc(_grade_cell(row.grades.get(i.key), i.key in row.combined, i.key in row.cited))}</td>"
            for i in graded
        )
        change = " ".join(f"{c.from_}→{c.to} {_arrow(c)}" for c in row.changes)
        rows.append(f"<tr><td>{esc(row.area)}</td>{cells}<td>{esc(change)}</td></tr>")
    by_status, _ = status_theme_counts(cmp)
    counts = ", ".join(f"{s}: {by_status[s]}" for s in STATUS_ORDER if by_status.get(s))
    notes = "".join(f"<li>{esc(m)}</li>" for m in cmp.messages)
    return (
        f"<div><strong>{esc(cmp.local_authority)}</strong>"
        f"<table><thead><tr><th>area</th>{head}<th>change</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p>Findings: {esc(counts) or 'none traced'}</p>"
        + (f"<ul>{notes}</ul>" if notes else "")
        + "</div>"
    )


__all__ = ["comparison_rich", "comparison_html", "status_theme_counts"]
