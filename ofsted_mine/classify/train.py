"""Rebuild ``models/`` from ``corpus/labels/``: ``python -m ofsted_mine.classify.train``.

Deterministic by construction: fixed seeds, items in label-file order, sorted
vocabularies, no timestamps in the card, so the same labels (and the same
PDF texts) give byte-identical files. The card records what the model was
trained for (label sets, library versions), what on (label-file hash, data
hash, items per document, anything skipped) and how well it does under
leave-one-document-out cross-validation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Optional

from ofsted_mine.classify.data import (
    LABELS_DIR,
    PDF_DIR,
    LabelledItem,
    data_hash,
    labels_hash,
    load_labels,
)
from ofsted_mine.classify.evaluate import GROUPINGS, indicator, leave_one_group_out, samples
from ofsted_mine.classify.model import CARD_FILE, MODEL_FILE, MODEL_FORMAT, default_model_dir
from ofsted_mine.classify.polarity import PolarityClassifier
from ofsted_mine.classify.themes import ThemeClassifier
from ofsted_mine.codebook import polarity_ids, theme_ids

#: character 3-5-grams on: with the practice cues they raised LODO theme micro-F1
#: 0.784 -> 0.802 (they did not before the cue lists were widened)
THEME_PARAMS: dict[str, Any] = {"char_ngrams": (3, 5), "neighbours": 20}
POLARITY_PARAMS: dict[str, Any] = {"presence_weight": 0.5}


def versions() -> dict[str, str]:
    import joblib
    import numpy
    import scipy
    import sklearn
    import spacy

    import ofsted_mine

    return {
        "python": platform.python_version(), "scikit-learn": sklearn.__version__, "spacy": spacy.__version__,
        "numpy": numpy.__version__, "scipy": scipy.__version__, "joblib": joblib.__version__,
        "ofsted_mine": ofsted_mine.__version__,
    }


def one_thread():
    """BLAS/OpenMP pools capped at one thread for the duration of training.

    Why: the fits are many small sparse problems; with a multi-threaded BLAS on
    a busy machine the threads contend and a logistic regression that takes 3 s
    on one thread took 60 s. Results are identical either way.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def fit_models(items: Sequence[LabelledItem], labels: Sequence[str]) -> tuple[ThemeClassifier, PolarityClassifier]:
    """Fit both estimators on ``items`` (thresholds chosen by grouped CV inside)."""
    with one_thread():
        return _fit_models(items, labels)


def _fit_models(items: Sequence[LabelledItem], labels: Sequence[str]) -> tuple[ThemeClassifier, PolarityClassifier]:
    X = samples(items)
    themes = ThemeClassifier(labels=tuple(labels), **THEME_PARAMS)
    themes.fit(X, indicator(items, labels), groups=[it.doc for it in items])
    polarity = PolarityClassifier(**POLARITY_PARAMS).fit(X, [it.polarity for it in items], groups=[it.doc for it in items])
    return themes, polarity


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(
    out_dir: Optional[Path] = None,
    labels_dir: Path = LABELS_DIR,
    pdf_dir: Optional[Path] = PDF_DIR,
    *,
    cross_validate: bool = True,
    items: Optional[Sequence[LabelledItem]] = None,
    progress: Optional[Callable[[str], None]] = None,
    jobs: Optional[int] = 1,
) -> dict:
    """Train, write ``classifier.joblib`` and ``model-card.json`` into ``out_dir``; return the card."""
    import joblib

    say = progress or (lambda msg: None)
    out_dir = Path(out_dir or default_model_dir())
    labels = list(theme_ids())
    notes: list[str] = []
    if items is None:
        items, notes = load_labels(labels_dir, pdf_dir)
    items = list(items)
    if not items:
        raise ValueError(f"no labelled items found in {labels_dir}")
    for n in notes:
        say(f"note: {n}")
    say(f"training on {len(items)} items from {len({it.doc for it in items})} documents")
    themes, polarity = fit_models(items, labels)
    report = None
    if cross_validate:
        say("cross-validating (leave one document out)")
        with one_thread():
            report = leave_one_group_out(items, labels, THEME_PARAMS, POLARITY_PARAMS,
                                         progress=lambda d, r: say(f"  {d}: {r}"), jobs=jobs)
    out_dir.mkdir(parents=True, exist_ok=True)
    blob = {"format": MODEL_FORMAT, "labels": labels, "themes": themes, "polarity": polarity}
    tmp = out_dir / (MODEL_FILE + ".tmp")
    joblib.dump(blob, tmp, compress=3)
    os.replace(tmp, out_dir / MODEL_FILE)
    from ofsted_mine.classify.fast import write_for

    write_for(out_dir, themes, polarity)  # the same model as arrays, loaded without scikit-learn
    card = {
        "format": MODEL_FORMAT,
        "model_file": MODEL_FILE,
        "model_sha256": _sha(out_dir / MODEL_FILE),
        "labels": labels,
        "polarity_labels": sorted(polarity_ids()),
        "thresholds": {lab: float(t) for lab, t in zip(labels, themes.thresholds_, strict=False)},
        "theme_params": themes.get_params(),
        "polarity_params": polarity.get_params(),
        "labels_hash": labels_hash(labels_dir),
        "data_hash": data_hash(items),
        "n_items": len(items),
        "items_by_document": dict(sorted(Counter(it.doc for it in items).items())),
        "label_support": {lab: int(sum(lab in it.themes for it in items)) for lab in labels},
        "polarity_support": dict(sorted(Counter(it.polarity for it in items).items())),
        "skipped": notes,
        "versions": versions(),
        "cross_validation": report,
    }
    (out_dir / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=True, default=_json_default) + "\n", "utf-8")
    return card


def _json_default(o: Any) -> Any:
    if isinstance(o, tuple):
        return list(o)
    if hasattr(o, "item"):
        return o.item()
    raise TypeError(f"not JSON serialisable: {type(o).__name__}")


def format_report(report: dict) -> str:
    """A plain-text table of a cross-validation report."""
    lines = [f"{'theme':<28} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for theme, s in report["themes"].items():
        lines.append(f"{theme:<28} {s['precision']:>6.3f} {s['recall']:>6.3f} {s['f1']:>6.3f} {s['support']:>5}")
    lines += [
        "",
        f"theme micro-F1 {report['theme_micro_f1']:.3f}  macro-F1 {report['theme_macro_f1']:.3f}  "
        f"(micro P {report['theme_micro_precision']:.3f}, R {report['theme_micro_recall']:.3f})",
        f"polarity accuracy {report['polarity_accuracy']:.3f}",
        f"scheme {report.get('scheme', '?')}, {report['n_items']} items; targets met: {report.get('meets_targets')}",
    ]
    if report.get("councils"):
        lines += ["", f"{'left-out council':<28} {'n':>5} {'theme F1':>9} {'polarity':>9}"]
        for council, c in report["councils"].items():
            lines.append(f"{council:<28} {c['n']:>5} {c['theme_micro_f1']:>9.3f} {c['polarity_accuracy']:>9.3f}")
    return "\n".join(lines)


def _jobs(value: str) -> int:
    """argparse type for ``--jobs``: a whole number of at least 1, as the typer commands require."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {n}")
    return n


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ofsted_mine.classify.train", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="model folder (default: models/)")
    ap.add_argument("--labels", type=Path, default=LABELS_DIR)
    ap.add_argument("--pdfs", type=Path, default=PDF_DIR)
    ap.add_argument("--no-cv", action="store_true", help="skip the cross-validation stored in the card")
    ap.add_argument("--quiet", action="store_true")
    ap.add_argument("--jobs", "-j", type=_jobs, default=None, help="folds run at once (default: all cores; same scores)")
    a = ap.parse_args(argv)
    card = train(a.out, a.labels, a.pdfs, cross_validate=not a.no_cv, jobs=a.jobs,
                 progress=None if a.quiet else (lambda m: print(m, file=sys.stderr)))
    if card["cross_validation"] and not a.quiet:
        print(format_report(card["cross_validation"]))
    return 0


def evaluate_labels(labels_dir: Path = LABELS_DIR, pdf_dir: Optional[Path] = PDF_DIR, *, jobs: Optional[int] = None,
                    progress=None, on_note=None, by: str = "document") -> dict:
    """Leave-one-document-out (``by="council"``: leave-one-council-out) report of the training
    configuration on the labels (what both ``evaluate`` commands print). ``on_note`` hears about
    labels that could not be read before the run starts, not after it."""
    items, notes = load_labels(labels_dir, pdf_dir)
    for n in notes if on_note else ():
        on_note(n)
    with one_thread():
        return leave_one_group_out(items, theme_ids(), THEME_PARAMS, POLARITY_PARAMS, progress=progress, jobs=jobs,
                                   by=by)


def evaluate_cli(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ofsted_mine.classify.evaluate")
    ap.add_argument("--labels", type=Path, default=LABELS_DIR)
    ap.add_argument("--pdfs", type=Path, default=PDF_DIR)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--jobs", "-j", type=_jobs, default=None, help="folds run at once (default: all cores; same scores)")
    ap.add_argument("--by", choices=sorted(GROUPINGS), default="document",
                    help="what each fold leaves out: one document (the card's scheme) or one council's documents")
    a = ap.parse_args(argv)
    report = evaluate_labels(a.labels, a.pdfs, jobs=a.jobs, by=a.by,
                             on_note=lambda n: print(f"note: {n}", file=sys.stderr))
    print(json.dumps(report, indent=2) if a.json else format_report(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
