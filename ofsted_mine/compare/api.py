"""``compare`` and ``compare_all``: documents → :class:`Comparison` per authority.

The steps are: classify findings that carry no polarity yet; group
documents by local authority (:mod:`.authority`); build the inspection
history (:mod:`.history`); lay out the judgement timeline (:mod:`.timeline`);
trace findings and recommendations (:mod:`.align`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Optional

from ofsted_mine.compare.align import PARAMS, trace
from ofsted_mine.compare.authority import authority_key, display_name
from ofsted_mine.compare.history import build_events
from ofsted_mine.compare.models import Comparison
from ofsted_mine.compare.timeline import judgement_rows
from ofsted_mine.models import Document


class AmbiguousAuthority(ValueError):
    """Documents of several local authorities were given without choosing one."""

    def __init__(self, authorities: list[str]):
        self.authorities = authorities
        super().__init__(
            "documents of several local authorities: "
            + ", ".join(authorities)
            + "; pass authority=NAME (CLI: --authority NAME) or use compare_all()"
        )


class UnknownAuthority(ValueError):
    """The requested authority is not among the documents."""


def _needs_classifying(doc: Document) -> bool:
    return any(f.polarity is None for f in doc.findings) or any(
        r.polarity is None and not r.themes for r in doc.recommendations
    )


def classify_all(docs: Iterable[Document]) -> tuple[list[Document], list[str]]:
    """Classify documents whose findings have no polarity yet (others are kept as given).

    All of them go through the classifier in one batch (much faster than one
    call per document). If the classifier is missing or fails, the documents
    come back untagged with a message: the timeline still works, traces need
    polarity.
    """
    docs = list(docs)
    todo = [i for i, d in enumerate(docs) if _needs_classifying(d)]
    if not todo:
        return docs, []
    try:
        from ofsted_mine.classify import classify_documents
    except ImportError as exc:  # classifier not installed/built
        return docs, [f"findings not classified ({exc}); statuses need polarity, so few can be traced"]
    try:
        tagged = classify_documents([docs[i] for i in todo])
    except Exception as exc:  # noqa: BLE001 - a model problem must not lose the timeline
        return docs, [f"findings not classified ({type(exc).__name__}: {exc}); statuses need polarity"]
    out = list(docs)
    for i, d in zip(todo, tagged, strict=True):
        out[i] = d
    return out, []


def group_by_authority(docs: Iterable[Document]) -> tuple[dict[str, list[Document]], dict[str, list[str]], list[str]]:
    """key → documents, key → spellings seen, and messages.

    A document without a local authority joins the only authority present;
    with several present it cannot be placed and is reported.
    """
    groups: dict[str, list[Document]] = {}
    names: dict[str, list[str]] = {}
    loose: list[Document] = []
    for d in docs:
        key = authority_key(d.local_authority)
        if key is None:
            loose.append(d)
            continue
        groups.setdefault(key, []).append(d)
        names.setdefault(key, []).append(d.local_authority or key)
    messages = []
    if loose:
        if len(groups) == 1:
            only = next(iter(groups))
            groups[only].extend(loose)
        elif not groups:
            groups["unknown"] = loose
            names["unknown"] = []
            messages.append(f"{len(loose)} document(s) name no local authority; compared together as 'unknown'")
        else:
            messages.append(
                f"{len(loose)} document(s) name no local authority and several authorities are present; left out: "
                + ", ".join(d.source for d in loose)
            )
    return groups, names, messages


def timeline_only(documents: Iterable[Document]) -> list[Comparison]:
    """Per authority, a :class:`Comparison` holding only the inspections and the judgement timeline.

    Neither classifies nor traces findings, so it is cheap and can run before
    classification: the summary draws its chart from this while the
    findings are being classified (:mod:`ofsted_mine.summarise.prefetch`).
    Inspections, judgements and the name equal those of :func:`compare` on
    the same documents.
    """
    groups, names, _ = group_by_authority(documents)
    out = []
    for key, group in groups.items():
        events, _ = build_events(group)
        out.append(Comparison(local_authority=_group_name(names.get(key, [])),
                              inspections=[e.to_model() for e in events], judgements=judgement_rows(events)))
    return out


def _group_name(names: list[str]) -> str:
    return display_name(names) if names else "unknown"


def _compare_group(docs: list[Document], names: list[str], messages: list[str]) -> Comparison:
    events, hist_msgs = build_events(docs)
    name = _group_name(names)
    drop = frozenset((authority_key(name) or "").split())
    traces = trace(events, drop_words=drop)
    graded = [e for e in events if e.graded]
    msgs = list(messages) + hist_msgs
    if not graded:
        msgs.append("no graded inspection found: no judgement timeline and nothing to trace")
    elif len(graded) == 1:
        msgs.append(
            f"only one graded inspection ({graded[0].key}): judgements only, nothing can be traced "
            "(findings need an earlier and a later graded inspection)"
        )
    if traces.skipped_neutral:
        msgs.append(f"{traces.skipped_neutral} neutral (context-only) finding(s) not traced")
    for e in events:
        if e.cited_only:
            msgs.append(f"inspection {e.key} known only from citations in: " + ", ".join(d.source for d in e.docs))
        for dis in e.disagreements:
            msgs.append(f"inspection {e.key}: citation and report disagree: {dis}")
    return Comparison(
        local_authority=name,
        names=sorted(set(names)),
        inspections=[e.to_model() for e in events],
        judgements=judgement_rows(events),
        findings=traces.findings,
        recommendations=traces.recommendations,
        new=traces.new,
        messages=msgs,
        params=dict(PARAMS),
    )


def compare_all(documents: Iterable[Document], *, workers: int = 1) -> dict[str, Comparison]:
    """One :class:`Comparison` per local authority, keyed by display name.

    ``workers > 1`` compares authorities in that many processes (each
    authority is independent); worth it from a few dozen authorities on.
    """
    docs, msgs = classify_all(documents)
    groups, names, gmsgs = group_by_authority(docs)
    jobs = [(group, names.get(key, []), msgs + gmsgs) for key, group in groups.items()]
    if workers > 1 and len(jobs) > 1:
        from concurrent.futures import ProcessPoolExecutor

        # The comparator never reads a document's full text; not shipping it
        # to the workers saves most of the pickling.
        jobs = [([_light(d) for d in group], n, m) for group, n, m in jobs]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_compare_job, jobs, chunksize=max(1, len(jobs) // (workers * 4))))
    else:
        results = [_compare_job(job) for job in jobs]
    return {cmp.local_authority: cmp for cmp in results}


def _light(doc: Document) -> Document:
    return doc.model_copy(update={"text": "", "sections": [], "page_starts": []}) if doc.text else doc


def _compare_job(job: tuple[list[Document], list[str], list[str]]) -> Comparison:
    return _compare_group(*job)


def compare(documents: Iterable[Document], authority: Optional[str] = None) -> Comparison:
    """Compare the inspections of one local authority.

    With documents of several authorities, ``authority`` chooses one (any
    spelling: "Kirklees Council" finds "Kirklees"); without it,
    :class:`AmbiguousAuthority` lists the authorities found.
    """
    docs, msgs = classify_all(documents)
    groups, names, gmsgs = group_by_authority(docs)
    if authority is not None:
        key = authority_key(authority)
        if key not in groups:
            raise UnknownAuthority(
                f"no documents of {authority!r}; authorities present: "
                + ", ".join(display_name(names.get(k, [k])) for k in groups)
            )
        others = [display_name(names.get(k, [k])) for k in groups if k != key]
        extra = [f"documents of other authorities left out: {', '.join(others)}"] if others else []
        return _compare_group(groups[key], names.get(key, []), msgs + gmsgs + extra)
    if len(groups) > 1:
        raise AmbiguousAuthority([display_name(names.get(k, [k])) for k in groups])
    if not groups:
        return Comparison(local_authority="unknown", messages=msgs + ["no documents given"])
    key = next(iter(groups))
    return _compare_group(groups[key], names.get(key, []), msgs + gmsgs)


__all__ = ["compare", "compare_all", "AmbiguousAuthority", "UnknownAuthority", "classify_all", "group_by_authority"]
