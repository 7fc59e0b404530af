"""examples/kirklees.ipynb runs top to bottom against the current code (so it never goes stale)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT

NOTEBOOK = ROOT / "examples" / "kirklees.ipynb"


def _outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if "text" in out:
            parts.append(out["text"])
        data = out.get("data", {})
        parts.append(data.get("text/plain", ""))
        parts.append(data.get("text/html", ""))
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


@pytest.mark.slow
def test_example_notebook_executes():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    code = [c for c in nb.cells if c.cell_type == "code"]
    texts = [_outputs_text(c) for c in code]
    everything = "\n".join(texts)
    # the loaded list, the 2024 report's repr, the frames and the summary all rendered
    assert "kirklees_2024_ilacs_inspection_report.txt" in texts[0]
    assert "requires improvement" in texts[1] or "good" in texts[1]
    judgements = next(t for c, t in zip(code, texts, strict=True) if "pivot_table" in c.source)
    for key in ("2016", "2019", "2024"):
        assert key in judgements
    assert "om-summary" in everything and "<svg" in everything  # the inline HTML summary with its chart
    assert "## Permanence" in everything  # the Markdown summary
    assert "Traceback" not in everything
    assert "<progress" in texts[0] and "ipywidgets" not in everything  # the notebook progress bar
