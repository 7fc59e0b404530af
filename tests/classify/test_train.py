"""Training is deterministic: the same data gives byte-identical model files."""

from __future__ import annotations

import hashlib

from ofsted_mine.classify.data import load_labels
from ofsted_mine.classify.model import CARD_FILE, MODEL_FILE, load_model_from
from ofsted_mine.classify.train import train


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_training_twice_on_the_same_items_gives_identical_files(tmp_path):
    items, _ = load_labels(with_pdfs=False)
    subset = [it for it in items if "2024" in it.doc or "2019" in it.doc or "2018" in it.doc]
    assert len(subset) == 144  # 2018 letter labels: evaluative paragraphs only
    a = train(tmp_path / "a", items=subset, cross_validate=False)
    b = train(tmp_path / "b", items=subset, cross_validate=False)
    assert _sha(tmp_path / "a" / MODEL_FILE) == _sha(tmp_path / "b" / MODEL_FILE)
    assert (tmp_path / "a" / CARD_FILE).read_text() == (tmp_path / "b" / CARD_FILE).read_text()
    assert a["n_items"] == 144 and a["data_hash"] == b["data_hash"]
    loaded = load_model_from(tmp_path / "a")
    assert loaded.card["model_sha256"] == _sha(tmp_path / "a" / MODEL_FILE)


def test_cross_validation_gives_the_same_report_for_any_number_of_jobs():
    from ofsted_mine.classify.evaluate import leave_one_document_out, pooled
    from ofsted_mine.codebook import theme_ids

    items, _ = load_labels(with_pdfs=False)
    small = [it for it in items if "2018" in it.doc or "2024" in it.doc or "2019" in it.doc]
    one = leave_one_document_out(small, theme_ids(), jobs=1)
    two = leave_one_document_out(small, theme_ids(), jobs=2)
    assert one == two
    docs = sorted(one["documents"])
    assert len(docs) == 3
    # per-document counts pool back to the overall scores
    assert pooled(one, docs) == {"n_items": one["n_items"], "theme_micro_f1": one["theme_micro_f1"],
                                 "polarity_accuracy": one["polarity_accuracy"]}


def test_evaluate_command_reports_and_names_unreadable_labels(tmp_path):
    """``ofsted-mine evaluate`` on a small label folder: the training configuration's LODO report,
    with a warning (before the run) for labels of a PDF that is not there."""
    import json
    import shutil

    from typer.testing import CliRunner

    from ofsted_mine.classify.data import LABELS_DIR
    from ofsted_mine.cli import app

    for name in ("kirklees_2018_monitoring_visit_letter.jsonl", "kirklees_2019_ilacs_inspection_report.jsonl",
                 "kirklees_2024_ilacs_inspection_report.jsonl"):
        shutil.copy(LABELS_DIR / name, tmp_path / name)
    (tmp_path / "pdf_nowhere.jsonl").write_text(json.dumps(
        {"doc": "nowhere.pdf", "kind": "finding", "number": 1, "themes": [], "polarity": "neutral"}) + "\n")
    result = CliRunner().invoke(app, ["evaluate", "--labels", str(tmp_path), "--pdfs", str(tmp_path),
                                      "--jobs", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert "nowhere.pdf not available" in result.stderr
    report = json.loads(result.stdout)
    assert report["scheme"] == "leave-one-document-out" and report["n_items"] == 144
    assert len(report["documents"]) == 3 and 0 < report["theme_micro_f1"] < 1


def test_module_routes_refuse_jobs_below_one(capsys):
    """``python -m ofsted_mine.classify.train|evaluate --jobs 0`` is a usage error (exit 2) naming the
    option, as in the typer commands, instead of being clamped silently."""
    import pytest

    from ofsted_mine.classify.train import evaluate_cli, main

    for route in (main, evaluate_cli):
        for bad in ("0", "-3", "two"):
            with pytest.raises(SystemExit) as stop:
                route(["--jobs", bad])
            assert stop.value.code == 2
            assert "--jobs" in capsys.readouterr().err
