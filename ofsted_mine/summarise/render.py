"""Facts → HTML or Markdown through the Jinja2 templates in ``ofsted_mine/templates``.

Templates hold all wording and layout, so a council can restyle its paper
without touching the code that gathers the facts. The HTML is one
self-contained file: CSS inline, chart as inline SVG, no scripts, fonts or
images fetched from anywhere.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ofsted_mine.summarise.chart import ChartPoint, ChartSeries, render_png, render_svg
from ofsted_mine.summarise.facts import STATUS_LABELS, SummaryFacts

HEADINGS = {
    "persisted": "Earlier weaknesses still reported",
    "resolved": "Earlier weaknesses resolved",
    "regressed": "Earlier strengths that became weaknesses",
    "not_reported": "Earlier weaknesses not mentioned again",
    "new": "New weaknesses",
}

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax in document text so quotes print literally."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


@lru_cache(maxsize=2)
def _env(markdown: bool):
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("ofsted_mine", "templates"),
        autoescape=False if markdown else select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_escape
    return env


def chart_data(facts: SummaryFacts) -> tuple[list[ChartPoint], list[ChartSeries]]:
    """Points (every inspection, visits included) and one series per judgement area."""
    points = []
    for i in facts.inspections:
        if i.graded:
            label = i.key + (" (cited)" if i.cited_only else "")
        else:
            label = f"{i.kind.replace('_', ' ')} {i.end:%b %Y}" if i.end else i.kind.replace("_", " ")
        points.append(ChartPoint(i.key, i.end, i.graded, label))
    series = [
        ChartSeries(row.label, [c.grade for c in row.cells], [c.combined for c in row.cells])
        for row in facts.timeline
    ]
    return points, series


def _prefix_svg_ids(svg: str, prefix: str) -> str:
    """Make the SVG's ids unique so two charts on one notebook page do not collide."""
    ids = set(re.findall(r'\sid="([^"]+)"', svg))
    if not ids:
        return svg

    def sub_id(m: re.Match) -> str:
        return f'{m[1]}"{prefix}-{m[2]}"' if m[2] in ids else m[0]

    svg = re.sub(r'(\sid=)"([^"]+)"', sub_id, svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m[1]})" if m[1] in ids else m[0], svg)
    svg = re.sub(r'(xlink:href=|href=)"#([^"]+)"',
                 lambda m: f'{m[1]}"#{prefix}-{m[2]}"' if m[2] in ids else m[0], svg)
    svg = re.sub(r'aria-labelledby="([^"]+)"',
                 lambda m: 'aria-labelledby="' + " ".join(f"{prefix}-{x}" for x in m[1].split()) + '"',
                 svg)
    return svg


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "authority"


def chart_job(facts: SummaryFacts, kind: str = "svg") -> tuple:
    """Everything the chart of ``facts`` is drawn from, as one comparable value.

    ``draw_job`` turns it into the chart; equal jobs give identical charts,
    which is what lets :mod:`.prefetch` draw ahead safely.
    """
    points, series = chart_data(facts)
    if kind == "png":
        return ("png", points, series)
    return ("svg", points, series, f"{facts.authority}: judgement timeline", facts.chart_description,
            slug(facts.authority))


def draw_job(job: tuple) -> str | bytes:
    """The chart for a :func:`chart_job`: inline SVG text, or PNG bytes."""
    if job[0] == "png":
        return render_png(job[1], job[2])
    _, points, series, title, description, prefix = job
    return _prefix_svg_ids(render_svg(points, series, title=title, description=description), prefix)


def _chart(facts: SummaryFacts, kind: str) -> str | bytes:
    from ofsted_mine.summarise import prefetch

    job = chart_job(facts, kind)
    drawn = prefetch.take(job)
    return drawn if drawn is not None else draw_job(job)


def chart_svg(facts: SummaryFacts) -> str:
    if not facts.timeline:
        return ""
    return _chart(facts, "svg")  # type: ignore[return-value]


def chart_png(facts: SummaryFacts) -> bytes | None:
    if not facts.timeline:
        return None
    return _chart(facts, "png")  # type: ignore[return-value]


def render_html(facts: SummaryFacts, *, fragment: bool = False, svg: str | None = None) -> str:
    """The whole HTML page, or (``fragment=True``) a ``<style>`` + ``<main>`` block for notebooks."""
    env = _env(False)
    context = {
        "f": facts,
        "chart_svg": chart_svg(facts) if svg is None else svg,
        "headings": HEADINGS,
        "status_labels": STATUS_LABELS,
    }
    if fragment:
        css = env.loader.get_source(env, "summary.css")[0]  # type: ignore[union-attr]
        body = env.get_template("summary_body.html.j2").render(**context)
        return f"<style>{css}</style>\n{body}"
    return env.get_template("summary.html.j2").render(**context)


def render_markdown(facts: SummaryFacts, *, png_name: str | None = None) -> str:
    """Markdown with the chart as an image link to ``png_name`` (written beside it)."""
    env = _env(True)
    text = env.get_template("summary.md.j2").render(
        f=facts, chart_png=png_name, headings=HEADINGS, status_labels=STATUS_LABELS
    )
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


__all__ = ["render_html", "render_markdown", "chart_svg", "chart_png", "chart_data", "chart_job", "draw_job",
           "md_escape", "slug"]
