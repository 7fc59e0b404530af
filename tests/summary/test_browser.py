"""The HTML summary in a real browser: headless Chromium renders it as intended.

Checks what a reader would see: the chart drawn at a readable size and
actually on screen (its line colour is in the screenshot), every theme
section present with its heading, no script errors or console messages,
nothing fetched from the network, and an A4 PDF when printed. The
screenshot and PDF are kept in the test's tmp dir for a human to look at.
"""

from __future__ import annotations

import re

import pytest

from ofsted_mine.summarise import summarise_comparison
from tests.summary.browser import find_chromium, render
from tests.summary.handmade import comparison, documents

CHROMIUM = find_chromium()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless Chromium not installed (Debian: apt-get install chromium; .ci/run installs it)",
    ),
]

THEMES = ["permanence", "missing", "management_oversight", "uasc"]


def colour_on_screen(png_path, rgb: tuple[int, int, int], tolerance: int = 40) -> int:
    """How many pixels of the screenshot are close to ``rgb``."""
    import matplotlib.image as mpimg
    import numpy as np

    img = mpimg.imread(png_path)[..., :3]
    if img.dtype != np.uint8:
        img = (img * 255).round().astype(int)
    diff = np.abs(img.astype(int) - np.array(rgb)).sum(axis=-1)
    return int((diff < tolerance).sum())


def check_rendering(rendered, themes: list[str], titles: list[str]) -> None:
    probe = rendered.probe
    chart = probe["chart"]
    assert chart is not None, "no chart in the page"
    assert chart["visible"] and chart["w"] > 500 and chart["h"] > 200, chart
    assert [s["theme"] for s in probe["sections"]] == themes
    assert [s["heading"] for s in probe["sections"]] == titles
    assert all(s["visible"] and s["h"] > 40 for s in probe["sections"])
    assert probe["errors"] == [] and rendered.console == []
    assert probe["resources"] == [] and probe["broken_images"] == 0  # self-contained
    # the chart's first line colour (Okabe-Ito blue) is really painted
    assert colour_on_screen(rendered.screenshot, (0, 114, 178)) > 150
    pdf = rendered.pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes, "no pages printed"
    w, h = float(boxes[0][0]), float(boxes[0][1])
    assert abs(w - 595) < 2 and abs(h - 842) < 2, (w, h)  # A4 in points


def test_handmade_summary_renders_in_chromium(tmp_path):
    s = summarise_comparison(comparison(), documents(), theme=THEMES)
    page = tmp_path / "summary.html"
    page.write_text(s.text, encoding="utf-8")
    rendered = render(CHROMIUM, page, tmp_path / "chromium")
    check_rendering(rendered, THEMES, [t.title for t in s.facts.themes])
    assert rendered.screenshot.stat().st_size > 20_000
