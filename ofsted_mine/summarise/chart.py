"""The judgement timeline chart: grades per area across inspections.

Drawn with matplotlib's object API (``Figure``, never ``pyplot``) so it
does not touch the notebook's backend or global state. Areas often share
grades (four areas all "inadequate" then all "good"), so each area's line is
nudged a little up or down and drawn with its own marker and dash: the lines
stay distinguishable without colour, and the accompanying table carries
the exact values. Output is deterministic (fixed SVG ids, no date stamp) so
the same input gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Optional

from ofsted_mine.codebook import GRADE_ORDER

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("o", "s", "D", "^", "v", "P", "X")
DASHES = ("-", "--", "-.", ":", "-", "--", "-.")

GRADE_LABELS = {
    "inadequate": "Inadequate",
    "requires_improvement": "Requires improvement",
    "good": "Good",
    "outstanding": "Outstanding",
}


@dataclass
class ChartSeries:
    """One area's line: its label and a grade (or gap) at each point."""

    label: str
    grades: list[Optional[str]]
    combined: list[bool] = field(default_factory=list)


@dataclass
class ChartPoint:
    """An inspection on the x axis (graded or a visit without grades)."""

    key: str
    date: Optional[dt.date]
    graded: bool = True
    label: str = ""


def _x_positions(points: Sequence[ChartPoint]) -> list[float]:
    """Dates as fractional years when all are known, else evenly spaced."""
    if points and all(p.date for p in points):
        return [p.date.year + (p.date.timetuple().tm_yday - 1) / 365.25 for p in points]  # type: ignore[union-attr]
    return [float(i) for i in range(len(points))]


def _dodge(series: Sequence[ChartSeries], n_points: int, *, half_spread: float = 0.15) -> list[list[float]]:
    """Vertical nudges so areas sharing a grade at an inspection sit side by side.

    Only points that coincide are moved, and never by more than
    ``half_spread`` of a grade step, so a point always reads as its grade.
    """
    offsets = [[0.0] * n_points for _ in series]
    for j in range(n_points):
        groups: dict[str, list[int]] = {}
        for i, s in enumerate(series):
            grade = s.grades[j] if j < len(s.grades) else None
            if grade in GRADE_ORDER:
                groups.setdefault(grade, []).append(i)
        for members in groups.values():
            m = len(members)
            if m < 2:
                continue
            step = min(0.07, 2 * half_spread / (m - 1))
            for k, i in enumerate(members):
                offsets[i][j] = (k - (m - 1) / 2) * step
    return offsets


def draw(points: Sequence[ChartPoint], series: Sequence[ChartSeries], *, width: float = 7.4):
    """The timeline as a matplotlib ``Figure`` (caller saves it)."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    fig = Figure(figsize=(width, 3.3), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    graded = [p for p in points if p.graded]
    xs_all = _x_positions(points)
    xpos = {p.key: x for p, x in zip(points, xs_all, strict=False)}
    offsets = _dodge(series, len(graded))
    for i, s in enumerate(series):
        style = {"color": PALETTE[i % len(PALETTE)], "linestyle": DASHES[i % 7], "marker": MARKERS[i % 7],
                 "markersize": 6, "linewidth": 1.8}
        xs, ys = [], []
        for j, (p, grade) in enumerate(zip(graded, s.grades, strict=False)):
            if grade in GRADE_ORDER:
                xs.append(xpos[p.key])
                ys.append(GRADE_ORDER.index(grade) + offsets[i][j])
            else:  # a gap: break the line rather than guess
                if xs:
                    ax.plot(xs, ys, **style)
                xs, ys = [], []
        if xs:
            ax.plot(xs, ys, **style)
    # visits without judgements: thin vertical rules, labelled at the bottom
    for p in points:
        if not p.graded:
            ax.axvline(xpos[p.key], color="#767676", linewidth=0.8, linestyle=":", zorder=0)
            ax.annotate(p.label or "visit", (xpos[p.key], len(GRADE_ORDER) - 0.55), rotation=90,
                        fontsize=7, color="#4a4a4a", ha="right", va="top")
    ax.set_yticks(range(len(GRADE_ORDER)), [GRADE_LABELS[g] for g in GRADE_ORDER], fontsize=8.5)
    ax.set_ylim(-0.5, len(GRADE_ORDER) - 0.5)
    ax.set_xticks([xpos[p.key] for p in graded], [p.label or p.key for p in graded], fontsize=8.5)
    if xs_all:
        lo, hi = min(xs_all), max(xs_all)
        pad = max(0.35, (hi - lo) * 0.06)
        ax.set_xlim(lo - pad, hi + pad)
    for y in range(len(GRADE_ORDER)):
        ax.axhline(y, color="#e0e0e0", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Line2D([], [], color=PALETTE[i % len(PALETTE)], linestyle=DASHES[i % 7],
               marker=MARKERS[i % 7], label=s.label)
        for i, s in enumerate(series)
    ]
    if handles:
        fig.legend(handles=handles, loc="outside right center", fontsize=8, frameon=False)
    return fig


def render_svg(points: Sequence[ChartPoint], series: Sequence[ChartSeries], *, title: str,
               description: str) -> str:
    """Inline SVG (no XML prolog) with ``<title>``/``<desc>`` for screen readers."""
    import matplotlib

    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "ofsted-mine",
                                "font.family": "DejaVu Sans"}):
        fig = draw(points, series)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "ofsted_mine"})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    # Text kept as text: use the page's font stack rather than one named font.
    svg = svg.replace("font-family:'DejaVu Sans'", "font-family:inherit").replace(
        'font-family="DejaVu Sans"', 'font-family="inherit"')
    svg = re.sub(r'\swidth="[^"]*pt"\s+height="[^"]*pt"',
                 ' role="img" aria-labelledby="chart-title chart-desc" class="timeline-chart"',
                 svg, count=1)
    head_end = svg.index(">") + 1
    return (svg[:head_end] + f'\n <title id="chart-title">{_esc(title)}</title>\n'
            f' <desc id="chart-desc">{_esc(description)}</desc>' + svg[head_end:])


def render_png(points: Sequence[ChartPoint], series: Sequence[ChartSeries], *, dpi: int = 150) -> bytes:
    """PNG bytes of the same chart, for Markdown output."""
    import matplotlib

    with matplotlib.rc_context({"font.family": "DejaVu Sans"}):
        fig = draw(points, series)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["ChartPoint", "ChartSeries", "draw", "render_svg", "render_png", "GRADE_LABELS"]
