"""``ofsted-mine classify``: JSON output and the --theme filter on the real 2024 report."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ofsted_mine.cli import app
from tests.conftest import REPORT_2024


def test_classify_json_with_theme_filter():
    result = CliRunner().invoke(app, ["classify", str(REPORT_2024), "--json", "--theme", "permanence"])
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(result.stdout)
    numbers = [f["number"] for f in doc["findings"]]
    assert {22, 23, 24, 25, 26} <= set(numbers)
    for f in doc["findings"]:
        assert "permanence" in [t["theme"] for t in f["themes"]]
        assert f["polarity"]["label"] in {"strength", "weakness", "mixed", "neutral"}


def test_unknown_theme_is_a_usage_error():
    result = CliRunner().invoke(app, ["classify", str(REPORT_2024), "--theme", "permanance"])
    assert result.exit_code == 2
    assert "did you mean 'permanence'" in result.output
