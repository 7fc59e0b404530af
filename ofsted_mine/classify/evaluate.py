"""Leave-one-document-out (or leave-one-council-out) evaluation of the theme and polarity estimators.

Why by document: paragraphs of one report share wording, inspectors and
council, so a random split would flatter the model. Every fold trains on all
other documents and tests on one; predictions are pooled over folds and
scored per theme (precision, recall, F1), micro and macro F1 and polarity
accuracy. These are the numbers stored in the model card.

Why also by council: a council's reports of different years share its
services' names, its structures and often its inspectors' phrasing, so
leaving out one document still trains on its siblings. Leaving out every
document of one council at a time is the closer estimate of how the model
reads a council it has never seen (``by="council"``; slower, not in the card).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from typing import Any, Optional

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, precision_recall_fscore_support

from ofsted_mine.classify.data import LabelledItem
from ofsted_mine.classify.features import Sample
from ofsted_mine.classify.polarity import PolarityClassifier
from ofsted_mine.classify.themes import ThemeClassifier

#: targets from the issue; ``meets_targets`` checks a report against them
TARGETS = {
    "theme_micro_f1": 0.85,
    "polarity_accuracy": 0.85,
    "theme_f1": {"permanence": 0.90, "missing": 0.90, "care_leavers": 0.90},
}
POLARITY_LABELS = ("strength", "weakness", "mixed", "neutral")
_COUNCIL = re.compile(r"(.+?)_\d{4}")


def council_of(doc: str) -> str:
    """The council of a labelled document, read from the label files' naming, ``<council>_<year>...``
    (``bristol_2014-12-05_sif.pdf`` -> ``bristol``; see ``corpus/labels/GUIDELINES.md``).

    A name without a year is its own group, so such a document is still never
    trained and tested on at once.
    """
    m = _COUNCIL.match(doc)
    return m.group(1) if m else doc


#: what a fold leaves out: the items sharing one value of these
GROUPINGS: dict[str, Callable[[LabelledItem], str]] = {
    "document": lambda it: it.doc,
    "council": lambda it: council_of(it.doc),
}


def samples(items: Sequence[LabelledItem]) -> list[Sample]:
    return [Sample(it.text, it.kind, it.narrative) for it in items]


def indicator(items: Sequence[LabelledItem], labels: Sequence[str]) -> np.ndarray:
    index = {lab: j for j, lab in enumerate(labels)}
    Y = np.zeros((len(items), len(labels)), dtype=int)
    for i, it in enumerate(items):
        for t in it.themes:
            Y[i, index[t]] = 1
    return Y


def score(Y: np.ndarray, P: np.ndarray, y_pol: Sequence[str], p_pol: Sequence[str],
          labels: Sequence[str]) -> dict[str, Any]:
    """Per-theme P/R/F1 with support, micro/macro F1 and polarity accuracy."""
    prec, rec, f1, sup = precision_recall_fscore_support(Y, P, average=None, zero_division=0)
    per = {
        lab: {"precision": round(float(prec[j]), 4), "recall": round(float(rec[j]), 4),
              "f1": round(float(f1[j]), 4), "support": int(sup[j])}
        for j, lab in enumerate(labels)
    }
    mp, mr, mf, _ = precision_recall_fscore_support(Y, P, average="micro", zero_division=0)
    present = [j for j in range(len(labels)) if sup[j] > 0]
    macro = float(np.mean([f1[j] for j in present])) if present else 0.0
    pol_labels = [p for p in POLARITY_LABELS if p in set(y_pol) | set(p_pol)]
    return {
        "n_items": int(len(Y)),
        "theme_micro_precision": round(float(mp), 4),
        "theme_micro_recall": round(float(mr), 4),
        "theme_micro_f1": round(float(mf), 4),
        "theme_macro_f1": round(macro, 4),
        "themes": per,
        "polarity_accuracy": round(float(accuracy_score(list(y_pol), list(p_pol))), 4),
        "polarity_confusion": {
            "labels": pol_labels,
            "matrix": confusion_matrix(list(y_pol), list(p_pol), labels=pol_labels).tolist(),
        },
    }


def _fold(items: Sequence[LabelledItem], labels: Sequence[str], group: str, theme_params: Optional[dict],
          polarity_params: Optional[dict], by: str = "document") -> tuple[list[int], np.ndarray, list[str]]:
    """Train on every item outside ``group``; predict the group's items (test indices, themes, polarity)."""
    key = GROUPINGS[by]
    test = [i for i, it in enumerate(items) if key(it) == group]
    tr = [it for it in items if key(it) != group]
    te = [items[i] for i in test]
    tm = ThemeClassifier(labels=tuple(labels), **(theme_params or {}))
    tm.fit(samples(tr), indicator(tr, labels), groups=[it.doc for it in tr])
    pm = PolarityClassifier(**(polarity_params or {})).fit(samples(tr), [it.polarity for it in tr],
                                                           groups=[it.doc for it in tr])
    return test, tm.predict(samples(te)), [str(p) for p in pm.predict(samples(te))]


_shared: dict[str, Any] = {}


def _fold_in_worker(group: str) -> tuple[list[int], np.ndarray, list[str]]:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # one BLAS thread per worker: the workers are the parallelism
        return _fold(_shared["items"], _shared["labels"], group, _shared["theme_params"],
                     _shared["polarity_params"], _shared["by"])


def _counts(Y: np.ndarray, P: np.ndarray, gold: Sequence[str], pred: Sequence[str], rows: list[int]) -> dict:
    """Raw counts as well as rates, so the scores of any set of documents (a document type, a
    council, the issue's original set) can be pooled from the card (:func:`pooled`)."""
    tp = int((Y[rows] & P[rows]).sum())
    fp = int(((1 - Y[rows]) & P[rows]).sum())
    fn = int((Y[rows] & (1 - P[rows])).sum())
    correct = sum(pred[i] == gold[i] for i in rows)
    return {
        "n": len(rows),
        "polarity_correct": int(correct),
        "polarity_accuracy": round(correct / len(rows), 4),
        "theme_tp": tp, "theme_fp": fp, "theme_fn": fn,
        "theme_micro_f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 1.0,
    }


def leave_one_group_out(
    items: Sequence[LabelledItem],
    labels: Sequence[str],
    theme_params: Optional[dict] = None,
    polarity_params: Optional[dict] = None,
    progress=None,
    jobs: Optional[int] = 1,
    by: str = "document",
) -> dict[str, Any]:
    """Pooled out-of-group predictions for every item, scored; plus per-document counts.

    ``by`` is what a fold leaves out (:data:`GROUPINGS`): one ``"document"``
    (the model card's scheme) or every document of one ``"council"``; the
    report then also holds per-council counts under ``"councils"``. ``jobs`` > 1
    runs the folds in that many forked worker processes (None: one per core).
    Each fold is trained from scratch with fixed seeds, so the report is the
    same for any ``jobs`` (tested); only the wall time changes.
    """
    if by not in GROUPINGS:
        raise ValueError(f"cannot leave out one {by!r}; choose from {sorted(GROUPINGS)}")
    items = list(items)
    key = GROUPINGS[by]
    groups = sorted({key(it) for it in items})
    if len(groups) < 2:
        raise ValueError(f"leave-one-{by}-out needs labelled items of at least two {by}s, "
                         f"found {len(groups)}: {', '.join(groups) or 'none'}")
    Y = indicator(items, labels)
    P = np.zeros_like(Y)
    gold = [it.polarity for it in items]
    pred_pol = [""] * len(items)
    per_group = {}

    def take(group: str, result: tuple[list[int], np.ndarray, list[str]]) -> None:
        test, themes, pol = result
        P[test] = themes
        for i, p in zip(test, pol, strict=True):
            pred_pol[i] = p
        per_group[group] = _counts(Y, P, gold, pred_pol, test)
        if progress:
            progress(group, per_group[group])

    jobs = max(1, min(int(jobs or os.cpu_count() or 1), len(groups)))
    if jobs == 1:
        for g in groups:
            take(g, _fold(items, labels, g, theme_params, polarity_params, by))
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        _shared.update(items=items, labels=list(labels), theme_params=theme_params, polarity_params=polarity_params,
                       by=by)
        try:  # fork: the workers inherit the items (PDF texts included) instead of re-reading them
            with ProcessPoolExecutor(jobs, mp_context=mp.get_context("fork")) as pool:
                for g, result in zip(groups, pool.map(_fold_in_worker, groups), strict=True):
                    take(g, result)
        finally:
            _shared.clear()
    report = score(Y, P, gold, pred_pol, labels)
    report["scheme"] = f"leave-one-{by}-out"
    per_group = dict(sorted(per_group.items()))
    if by == "document":
        report["documents"] = per_group
    else:
        rows_of: dict[str, list[int]] = {}
        for i, it in enumerate(items):
            rows_of.setdefault(it.doc, []).append(i)
        report["documents"] = {d: _counts(Y, P, gold, pred_pol, rows) for d, rows in sorted(rows_of.items())}
        report[f"{by}s"] = per_group
    report["meets_targets"] = meets_targets(report)
    return report


def pooled(report: dict[str, Any], docs: Sequence[str]) -> dict[str, float]:
    """Theme micro-F1 and polarity accuracy of a group of documents, from a report's per-document counts."""
    rows = [report["documents"][d] for d in docs]
    tp, fp, fn = (sum(r[k] for r in rows) for k in ("theme_tp", "theme_fp", "theme_fn"))
    n = sum(r["n"] for r in rows)
    return {"n_items": n, "theme_micro_f1": round(2 * tp / (2 * tp + fp + fn), 4) if tp + fp + fn else 1.0,
            "polarity_accuracy": round(sum(r["polarity_correct"] for r in rows) / n, 4) if n else 0.0}


def meets_targets(report: dict[str, Any]) -> bool:
    ok = report["theme_micro_f1"] >= TARGETS["theme_micro_f1"]
    ok = ok and report["polarity_accuracy"] >= TARGETS["polarity_accuracy"]
    for theme, target in TARGETS["theme_f1"].items():
        ok = ok and report["themes"][theme]["f1"] >= target
    return bool(ok)


def main(argv: Optional[Sequence[str]] = None) -> int:  # pragma: no cover - thin wrapper
    from ofsted_mine.classify.train import evaluate_cli

    return evaluate_cli(argv)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
