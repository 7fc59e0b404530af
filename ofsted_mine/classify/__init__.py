"""Classification: themes (multi-label) and polarity on every finding and recommendation.

``classify(doc)`` returns a copy of the document in which each finding and
each "what needs to improve" item carries ``themes`` (codebook ids with a
calibrated score and the evidence: matched cue phrases and the model's
strongest terms) and ``polarity`` (strength / weakness / mixed / neutral with
its probability and cues). The model is the one shipped in ``models/``,
loaded once per process, with no network: normally its compiled form
(``classifier-fast.npz``, read by :mod:`ofsted_mine.classify.fast` with NumPy
and SciPy only), which gives the estimators' tags and scores to the bit.

Estimators (:class:`ThemeClassifier`, :class:`PolarityClassifier`) are plain
scikit-learn estimators and can be trained on other data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, Union

import numpy as np

from ofsted_mine.classify.features import Sample
from ofsted_mine.models import Document, PolarityTag, ThemeTag

if TYPE_CHECKING:  # the estimators import scikit-learn, which tagging with the compiled model avoids
    from ofsted_mine.classify.fast import FastModel
    from ofsted_mine.classify.model import LoadedModel

    AnyModel = Union[FastModel, LoadedModel]


def load_model(model_dir: Optional[Path] = None) -> AnyModel:
    """The model :func:`classify` uses, loaded once per process.

    Normally the compiled arrays of :mod:`ofsted_mine.classify.fast` (no
    scikit-learn import). When that file is missing or was compiled from
    another ``classifier.joblib``, the joblib is unpickled and compiled in
    memory (slower start, same tags); estimators the compiled path cannot
    reproduce are returned as they are. Raises
    :class:`~ofsted_mine.errors.ModelError` for a missing model or one
    trained for another codebook or version.
    """
    from ofsted_mine.classify.fast import load_cached

    return load_cached(model_dir)


def _explain(model: Any, items: Sequence[Sample]) -> tuple[list, list]:
    """(theme explanations, polarity explanations) from either kind of model."""
    from ofsted_mine.classify.fast import FastModel, explain

    if isinstance(model, FastModel):
        return explain(model, items)
    return model.themes.explain(items), model.polarity.explain(items)


def tag_samples(model: AnyModel, items: Sequence[Sample]) -> list[tuple[list[ThemeTag], PolarityTag]]:
    """Theme and polarity tags for each text (one batched pass through the pipeline).

    ``model`` is what :func:`load_model` returns, or a
    :class:`~ofsted_mine.classify.model.LoadedModel` (the estimators
    themselves: the reference path the compiled one is tested against).
    """
    if not items:
        return []
    th, po = _explain(model, items)
    thresholds = model.thresholds if hasattr(model, "thresholds") else model.themes.thresholds_
    labels = model.labels if hasattr(model, "labels") else model.themes.labels_
    # the fields are built here from the codebook's labels, clamped float scores
    # and lists of strings, so pydantic's validation (about 5% of the tagging
    # time) is skipped; a test validates the output again
    tag, ptag = ThemeTag.model_construct, PolarityTag.model_construct
    thresholds = np.asarray(thresholds)
    out = []
    for (proba, evidence), (label, score, pev) in zip(th, po, strict=False):
        tags = []
        proba = np.asarray(proba, dtype=np.float64)
        passing = np.flatnonzero(proba >= thresholds)
        # highest score first; ties in label order (a stable sort of the passing themes)
        for j in passing[np.argsort(-proba[passing], kind="stable")].tolist():
            p = float(proba[j])
            theme = labels[j]
            ev = evidence.get(theme) or [f"model score {p:.2f}"]
            tags.append(tag(theme=theme, score=round(min(max(p, 0.0), 1.0), 4), evidence=ev))
        pol = ptag(label=str(label), score=round(float(min(max(score, 0.0), 1.0)), 4), evidence=pev or ["model"])
        out.append((tags, pol))
    return out


def classify_documents(docs: Sequence[Document], *, model_dir: Optional[Path] = None,
                       model: Optional[AnyModel] = None) -> list[Document]:
    """Classify several documents in one batch (faster than one call each).

    The inputs are not changed. Each result is a shallow copy of its document
    with fresh copies of the findings and recommendations (the only objects
    classification writes to): a deep copy of every section, judgement and
    span cost a seventh of the classification time and protected nothing.
    """
    copies = [
        d.model_copy(update={
            "findings": [f.model_copy() for f in d.findings],
            "recommendations": [r.model_copy() for r in d.recommendations],
        })
        for d in docs
    ]
    refs, items = [], []
    for d in copies:
        narrative = not d.is_ofsted  # a review or council paper: see features.neutral_rule
        for f in d.findings:
            refs.append(f)
            items.append(Sample(f.text, "finding", narrative))
        for r in d.recommendations:
            refs.append(r)
            items.append(Sample(r.text, "recommendation", narrative))
    if not items:
        return copies
    m = model or load_model(model_dir)
    for ref, (tags, pol) in zip(refs, tag_samples(m, items), strict=False):
        ref.themes = tags
        ref.polarity = pol
    return copies


def classify_or_keep(docs: Sequence[Document], on_error: Callable[[Document, Exception], None],
                     *, model_dir: Optional[Path] = None) -> list[Document]:
    """Classify ``docs`` in one batch; if that fails, one by one, keeping any that fail.

    For batch callers (``om.load``, the CLI): a batch shares the per-call cost
    of the pipeline, and when it fails, redoing it document by document lets
    ``on_error(doc, exc)`` name the document that broke while the others are
    still classified. A document that cannot be classified comes back as it was.
    """
    try:
        return classify_documents(docs, model_dir=model_dir)
    except Exception:  # noqa: BLE001 - find the document that fails
        pass
    out = []
    for doc in docs:
        try:
            out.append(classify(doc, model_dir=model_dir))
        except Exception as exc:  # noqa: BLE001 - reported through on_error
            on_error(doc, exc)
            out.append(doc)
    return out


def classify(doc: Document, *, model_dir: Optional[Path] = None, model: Optional[AnyModel] = None) -> Document:
    """A copy of ``doc`` with themes and polarity on every finding and recommendation.

    A document with neither (a council agenda, say) comes back unchanged.
    Raises :class:`~ofsted_mine.errors.ModelError` if the model is missing or
    was trained for another codebook or library version.
    """
    return classify_documents([doc], model_dir=model_dir, model=model)[0]


__all__ = [
    "classify",
    "classify_or_keep",
    "classify_documents",
    "tag_samples",
    "load_model",
    "ThemeClassifier",
    "PolarityClassifier",
    "Sample",
]


def __getattr__(name: str) -> Any:
    """The estimator classes on first use: importing them imports scikit-learn."""
    if name == "ThemeClassifier":
        from ofsted_mine.classify.themes import ThemeClassifier

        return ThemeClassifier
    if name == "PolarityClassifier":
        from ofsted_mine.classify.polarity import PolarityClassifier

        return PolarityClassifier
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

# `om.classify(doc)` must work even once this subpackage has shadowed the function.
from ofsted_mine._callable import make_callable  # noqa: E402

make_callable(__name__)
