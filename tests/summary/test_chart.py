"""The timeline chart: readable when areas share grades, honest about gaps, deterministic."""

from __future__ import annotations

import datetime as dt

from ofsted_mine.summarise.chart import ChartPoint, ChartSeries, _dodge, draw, render_svg

POINTS = [ChartPoint("2013", dt.date(2013, 7, 19), True, "2013"),
          ChartPoint("2016", dt.date(2016, 2, 1), False, "monitoring visit Feb 2016"),
          ChartPoint("2017", dt.date(2017, 3, 30), True, "2017")]
SERIES = [ChartSeries("Overall", ["requires_improvement", "good"]),
          ChartSeries("Leadership", ["requires_improvement", "good"]),
          ChartSeries("LSCB", [None, "requires_improvement"]),
          ChartSeries("Adoption", ["good", None])]


def test_only_coinciding_points_are_nudged_and_never_far():
    offsets = _dodge(SERIES, 2)
    assert offsets[0][0] < 0 < offsets[1][0]  # overall and leadership share RI in 2013
    assert offsets[2] == [0.0, 0.0] and offsets[3] == [0.0, 0.0]  # alone at their grade: exactly on it
    many = [ChartSeries(str(i), ["good"]) for i in range(7)]
    assert max(abs(o[0]) for o in _dodge(many, 1)) <= 0.15


def test_gaps_break_lines_and_visits_are_marked():
    fig = draw(POINTS, SERIES)
    ax = fig.axes[0]
    plotted = [ln for ln in ax.get_lines() if len(ln.get_xdata()) and ln.get_marker() not in (None, "None", "")]
    # overall and leadership are lines of 2 points; LSCB and adoption a single point each
    assert sorted(len(ln.get_xdata()) for ln in plotted) == [1, 1, 2, 2]
    assert [t.get_text() for t in ax.texts] == ["monitoring visit Feb 2016"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2013", "2017"]


def test_svg_is_deterministic_and_labelled():
    a = render_svg(POINTS, SERIES, title="T", description="D")
    b = render_svg(POINTS, SERIES, title="T", description="D")
    assert a == b and a.startswith("<svg")
    assert '<title id="chart-title">T</title>' in a and '<desc id="chart-desc">D</desc>' in a
    assert "Requires improvement" in a and "Outstanding" in a  # text kept as text
