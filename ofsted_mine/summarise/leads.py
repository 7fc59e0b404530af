"""Plain-English lead sentences made from counted facts, never from a model.

A lead must be checkable against the evidence below it, so every sentence
here is a fixed template filled with numbers and inspection keys from
:mod:`.facts`: "3 of 4 weaknesses on permanence raised in 2019 were still
reported in 2024". Nothing can be invented because nothing is generated.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ofsted_mine.summarise.cite import key_label as K

if TYPE_CHECKING:  # pragma: no cover
    from ofsted_mine.summarise.facts import InspectionFacts, ThemeFacts

WEAK = ("weakness", "mixed")


def _latest_first(pairs: dict) -> list:
    """(earlier, later) groups, most recent comparison first (what a panel asks about first),
    with keys turned into words ("September 2023"; "the next inspection" when unknown)."""
    out = []
    for (a, b) in sorted(pairs, key=lambda k: (k[1] or "9999", k[0]), reverse=True):
        out.append(((K(a), K(b) if b else "the next inspection"), pairs[(a, b)]))
    return out


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 weakness``, ``3 weaknesses``."""
    if n == 1:
        return f"1 {word}"
    return f"{n} {many or _pluralise(word)}"


def _pluralise(word: str) -> str:
    if word.endswith(("s", "sh", "ch", "x")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def was(n: int) -> str:
    return "was" if n == 1 else "were"


def join(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def phrase(title: str) -> str:
    """A heading used mid-sentence: lower-case first letter, acronyms kept."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]


def _count_phrase(strengths: int, weaknesses: int, mixed: int) -> str:
    parts = [plural(strengths, "strength"), plural(weaknesses, "weakness")]
    if mixed:
        parts.append(plural(mixed, "mixed finding"))
    return join(parts)


def _counts_sentence(tf: ThemeFacts, inspections: Sequence[InspectionFacts]) -> list[str]:
    graded = {i.key for i in inspections if i.graded}
    rows = [c for c in tf.counts if c.key in graded and c.available]
    if not rows:
        return []
    topic = phrase(tf.title)
    last = rows[-1]
    prev = rows[-2] if len(rows) > 1 else None
    if last.total == 0:
        if prev is not None and prev.total:
            return [f"The {K(last.key)} inspection made no findings on {topic}, after "
                    f"{plural(prev.total, 'finding')} in {K(prev.key)}."]
        return []
    s = (f"In {K(last.key)}, inspectors reported "
         f"{_count_phrase(last.strengths, last.weaknesses, last.mixed)} on {topic}")
    if prev is not None:
        if prev.total:
            s += f", against {_count_phrase(prev.strengths, prev.weaknesses, prev.mixed)} in {K(prev.key)}"
        else:
            s += f", where the {K(prev.key)} inspection made none"
    return [s + "."]


def _weakness_sentences(tf: ThemeFacts) -> list[str]:
    out = []
    topic = phrase(tf.title)
    pairs: dict[tuple[str, str], list] = {}
    for t in tf.traces:
        if t.from_polarity in WEAK or (t.from_polarity is None and t.status in ("persisted", "resolved")):
            pairs.setdefault((t.from_key, t.to_key or ""), []).append(t)
    for (a, b), traces in _latest_first(pairs):
        n = len(traces)
        p = sum(t.status == "persisted" for t in traces)
        r = sum(t.status == "resolved" for t in traces)
        nr = sum(t.status == "not_reported" for t in traces)
        if n == 1:
            what = {"persisted": f"was still reported in {b}",
                    "resolved": f"was reported as resolved in {b}",
                    "not_reported": f"was not mentioned again in {b}"}.get(traces[0].status)
            if what:
                out.append(f"The one weakness on {topic} raised in {a} {what}.")
            continue
        if p == n:
            head = f"{'Both' if n == 2 else f'All {n}'} weaknesses on {topic} raised in {a} were still reported in {b}"
        elif p == 0:
            head = f"None of the {n} weaknesses on {topic} raised in {a} were still reported in {b}"
        else:
            head = f"{p} of {n} weaknesses on {topic} raised in {a} {was(p)} still reported in {b}"
        tail = []
        if r:
            tail.append(f"{r} {was(r)} reported as resolved")
        if nr:
            tail.append(f"{nr} {was(nr)} not mentioned again")
        out.append(head + ("; " + join(tail) if tail else "") + ".")
    return out


def _strength_sentences(tf: ThemeFacts) -> list[str]:
    out = []
    pairs: dict[tuple[str, str], list] = {}
    for t in tf.traces:
        if t.from_polarity == "strength" or (t.from_polarity is None and t.status in ("regressed", "sustained")):
            pairs.setdefault((t.from_key, t.to_key or ""), []).append(t)
    for (a, b), traces in _latest_first(pairs):
        k = sum(t.status == "regressed" for t in traces)
        s = sum(t.status == "sustained" for t in traces)
        n = len(traces)
        if not (k or s):
            continue
        if n == 1:
            what = "had become a weakness by" if k else "was sustained in"
            out.append(f"The one strength on {phrase(tf.title)} noted in {a} {what} {b}.")
            continue
        if s == n or k == n:
            what = "were sustained in" if s == n else "had become weaknesses by"
            out.append(f"{'Both' if n == 2 else f'All {n}'} strengths on {phrase(tf.title)} noted in {a} {what} {b}.")
            continue
        parts = []
        if s:
            parts.append(f"{s} {was(s)} sustained")
        if k:
            parts.append(f"{k} had become {'a weakness' if k == 1 else 'weaknesses'}")
        out.append(f"Of the {plural(n, 'strength')} noted in {a}, {join(parts)} by {b}.")
    return out


def _new_sentences(tf: ThemeFacts) -> list[str]:
    out = []
    for key in dict.fromkeys(tf.new_keys):
        n = tf.new_keys.count(key)
        out.append(f"{plural(n, 'weakness')} reported in {K(key)} {'was' if n == 1 else 'were'} new: "
                   "no earlier finding was on the same ground.")
    return out


def _recommendation_sentences(tf: ThemeFacts) -> list[str]:
    out = []
    groups: dict[tuple[str, str], list] = {}
    current: dict[str, int] = {}
    for r in tf.recommendations:
        if r.status == "current":
            current[r.key] = current.get(r.key, 0) + 1
        else:
            groups.setdefault((r.key, r.to_key or ""), []).append(r)
    for (a, b), recs in _latest_first(groups):
        n = len(recs)
        p = sum(r.status == "persisted" for r in recs)
        res = sum(r.status == "resolved" for r in recs)
        item = "improvement item" if n == 1 else "improvement items"
        if n == 1:
            what = {"persisted": f"was still an issue in {b}", "resolved": f"was reported as met in {b}",
                    "not_reported": f"was not mentioned again in {b}",
                    "regressed": f"was reported as worse in {b}",
                    "sustained": f"was still reported as met in {b}"}.get(recs[0].status, "")
            out.append(f"The {a} improvement item on this theme {what}.")
            continue
        if p == n:
            s = f"{'Both' if n == 2 else f'All {n}'} {item} on this theme from {a} were still an issue in {b}"
        elif p == 0:
            s = f"None of the {n} {item} on this theme from {a} were still an issue in {b}"
        else:
            s = f"{p} of the {n} {item} on this theme from {a} {was(p)} still an issue in {b}"
        if res:
            s += f", and {res} {was(res)} reported as met"
        out.append(s + ".")
    for key, n in current.items():
        out.append(f"The {K(key)} report lists {plural(n, 'improvement item')} on this theme.")
    return out


def lead_sentences(tf: ThemeFacts, inspections: Sequence[InspectionFacts]) -> list[str]:
    """The lead paragraph of one theme section, as a list of sentences."""
    if not tf.has_findings:
        keys = [K(i.key) for i in inspections if i.graded or i.kind != "other"]
        covered = f" ({join(keys)})" if keys else ""
        return [f"No findings on {phrase(tf.title)} were reported in the inspections covered{covered}."]
    return (
        _counts_sentence(tf, inspections)
        + _weakness_sentences(tf)
        + _strength_sentences(tf)
        + _new_sentences(tf)
        + _recommendation_sentences(tf)
    )


__all__ = ["lead_sentences", "plural", "join", "phrase"]
