"""Training is deterministic: the same data gives byte-identical model files."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

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
    from ofsted_mine.classify.evaluate import leave_one_group_out, pooled
    from ofsted_mine.codebook import theme_ids

    items, _ = load_labels(with_pdfs=False)
    small = [it for it in items if "2018" in it.doc or "2024" in it.doc or "2019" in it.doc]
    one = leave_one_group_out(small, theme_ids(), jobs=1)
    two = leave_one_group_out(small, theme_ids(), jobs=2)
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
    # the three documents are one council's: nothing to train on when it is left out
    result = CliRunner().invoke(app, ["evaluate", "--labels", str(tmp_path), "--pdfs", str(tmp_path),
                                      "--jobs", "1", "--by", "council"])
    assert result.exit_code == 1
    assert "leave-one-council-out needs labelled items of at least two councils, found 1: kirklees" in result.stderr


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


def test_council_of_reads_the_council_from_a_labelled_document_name():
    from ofsted_mine.classify.evaluate import council_of

    assert council_of("bristol_2014-12-05_sif.pdf") == "bristol"
    assert council_of("kirklees_2017_commissioner_review.txt") == "kirklees"
    assert council_of("kirklees_2019-08-23_childrens_scrutiny_panel_pack.txt") == "kirklees"
    assert council_of("north_yorkshire_2019-01-01_ilacs.pdf") == "north_yorkshire"
    assert council_of("report.pdf") == "report.pdf"  # no year: its own group


def test_every_labelled_document_is_named_after_its_council():
    """Leave-one-council-out relies on the label files' naming; every shipped label follows it."""
    import json

    from ofsted_mine.classify.data import LABELS_DIR, label_files
    from ofsted_mine.classify.evaluate import council_of

    docs = {json.loads(line)["doc"] for path in label_files(LABELS_DIR)
            for line in path.read_text("utf-8").splitlines() if line.strip()}
    assert len(docs) == 32
    assert {council_of(d) for d in docs} == {"barnsley", "bristol", "cornwall", "croydon", "kent", "kirklees",
                                             "lancashire", "leeds", "liverpool", "manchester"}


def test_leave_one_council_out_never_trains_on_the_council_it_tests(monkeypatch):
    """Each fold holds out every document of one council and trains on the others only; every
    item is predicted once, and the report counts per council and per document."""
    import numpy as np

    from ofsted_mine.classify import evaluate
    from ofsted_mine.codebook import theme_ids

    items, _ = load_labels(with_pdfs=False)
    names = {"2018": "alpha_2018_letter.txt", "2019": "beta_2019_report.txt", "2024": "beta_2024_report.txt"}
    small = [dataclasses.replace(it, doc=names[y]) for it in items for y in names if y in it.doc]
    assert len(small) == 144
    labels = list(theme_ids())
    folds = []

    def fake_fold(items, labels, group, theme_params, polarity_params, by="document"):
        key = evaluate.GROUPINGS[by]
        test = [i for i, it in enumerate(items) if key(it) == group]
        train = {it.doc for it in items if key(it) != group}
        folds.append((group, {items[i].doc for i in test}, train))
        # predict the gold labels, but call every "recommendation" neutral: a known number of errors
        pol = ["neutral" if items[i].kind == "recommendation" else items[i].polarity for i in test]
        return test, evaluate.indicator([items[i] for i in test], labels), pol

    monkeypatch.setattr(evaluate, "_fold", fake_fold)
    report = evaluate.leave_one_group_out(small, labels, by="council")
    assert folds == [("alpha", {"alpha_2018_letter.txt"}, {"beta_2019_report.txt", "beta_2024_report.txt"}),
                     ("beta", {"beta_2019_report.txt", "beta_2024_report.txt"}, {"alpha_2018_letter.txt"})]
    assert report["scheme"] == "leave-one-council-out"
    assert sorted(report["councils"]) == ["alpha", "beta"] and sorted(report["documents"]) == sorted(names.values())
    wrong = sum(it.kind == "recommendation" and it.polarity != "neutral" for it in small)
    assert wrong > 0
    assert report["polarity_accuracy"] == round(1 - wrong / 144, 4) and report["theme_micro_f1"] == 1.0
    assert report["councils"]["beta"]["n"] == 131 and report["documents"]["alpha_2018_letter.txt"]["n"] == 13
    assert sum(c["polarity_correct"] for c in report["councils"].values()) == 144 - wrong
    assert np.isclose(evaluate.pooled(report, sorted(report["documents"]))["polarity_accuracy"],
                      report["polarity_accuracy"])
    with pytest.raises(ValueError, match="cannot leave out one 'inspector'"):
        evaluate.leave_one_group_out(small, labels, by="inspector")


def test_report_text_lists_the_left_out_councils(monkeypatch):
    from ofsted_mine.classify import evaluate
    from ofsted_mine.classify.train import format_report
    from ofsted_mine.codebook import theme_ids

    items, _ = load_labels(with_pdfs=False)
    small = [it for it in items if "2018" in it.doc or "2024" in it.doc]
    small = [dataclasses.replace(it, doc="alpha_2018.txt" if "2018" in it.doc else "beta_2024.txt") for it in small]
    monkeypatch.setattr(evaluate, "_fold", lambda items, labels, group, tp, pp, by="document": (
        idx := [i for i, it in enumerate(items) if evaluate.council_of(it.doc) == group],
        evaluate.indicator([items[i] for i in idx], labels), ["strength"] * len(idx)))
    text = format_report(evaluate.leave_one_group_out(small, list(theme_ids()), by="council"))
    assert "scheme leave-one-council-out, 85 items" in text
    rows = [line.split() for line in text.splitlines() if line.startswith(("alpha ", "beta "))]
    assert [r[:2] for r in rows] == [["alpha", "13"], ["beta", "72"]]
    assert all(r[2] == "1.000" for r in rows)  # the fake folds predict the gold themes


def test_the_commands_offer_every_grouping():
    from ofsted_mine.classify.evaluate import GROUPINGS
    from ofsted_mine.cli.evaluate_cmd import LeaveOut

    assert {g.value for g in LeaveOut} == set(GROUPINGS)
