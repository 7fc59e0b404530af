"""The spaCy pipeline: ``blank("en")`` plus our own cue components.

Why spaCy at all when the model is scikit-learn: tokenisation, sentence
boundaries and phrase matching are what the features are built from, and
spaCy does them fast and offline with no trained weights. The pipeline is:

``sentencizer`` -> ``om_theme_cues`` (PhraseMatcher over lowercase forms and a
case-sensitive one for abbreviations such as SGO, PA, IRO, MASH) ->
``om_polarity_cues`` (positive / negative / contrast phrases per sentence,
with a small negation window so "not effective" counts against).

:func:`analyse` turns texts into :class:`Analysis` records (cached by text),
which both estimators read, so a finding is parsed once however many models
look at it.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.attrs import IDX, IS_PUNCT, LENGTH, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from ofsted_mine.classify import cues

#: spaCy batch size for ``nlp.pipe``; findings are short, so large batches are cheap
BATCH_SIZE = 256
_CACHE_LIMIT = 20000

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})

for _ext in ("om_theme_hits", "om_sentences"):
    if not Doc.has_extension(_ext):
        Doc.set_extension(_ext, default=None)


def _variants(phrase: str) -> list[str]:
    """The phrase and its plural/singular twin (a lemma-ish match without a lemmatiser)."""
    out = [phrase]
    if phrase.endswith("s") and not phrase.endswith("ss") and len(phrase) > 3:
        out.append(phrase[:-1])
    elif phrase[-1].isalpha():
        out.append(phrase + "s")
    return out


@Language.factory("om_theme_cues")
class ThemeCueMatcher:
    """Marks the theme cue phrases in a doc: ``doc._.om_theme_hits = [(theme, text, start_char)]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        for theme, phrases in cues.THEME_CUES.items():
            pats = sorted({v for p in phrases for v in _variants(p)})
            self.lower.add(theme, [nlp.make_doc(p) for p in pats])
        for theme, abbrs in cues.ABBREVIATIONS.items():
            self.exact.add(theme, [nlp.make_doc(a) for a in abbrs])

    def __call__(self, doc: Doc) -> Doc:
        doc._.om_theme_hits = self.find(doc, *_offsets(doc), _text(doc))
        return doc

    def find(self, doc: Doc, starts: Sequence[int], ends: Sequence[int], text: str) -> list[tuple[str, str, int]]:
        """The ``(theme, cue, start_char)`` hits of a tokenised doc, given its tokens' character
        offsets (no other annotation needed)."""
        strings = doc.vocab.strings
        hits = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                a, b = starts[start], ends[end - 1]
                cue = text[a:b] if matcher is self.exact else text[a:b].lower()
                hits.append((strings[match_id], cue, a))
        return hits


@Language.factory("om_polarity_cues")
class PolarityCueMatcher:
    """Counts positive, negative and contrast cues per sentence.

    Sets ``doc._.om_sentences = [SentenceCues, ...]``. A positive cue within
    ``NEGATION_WINDOW`` tokens after a negator in the same sentence ("not
    always effective", "lack of clear") is counted as negative instead.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher.add("NEG", [nlp.make_doc(p) for p in cues.NEGATIVE])
        self.matcher.add("POS", [nlp.make_doc(p) for p in cues.POSITIVE])
        self.matcher.add("CON", [nlp.make_doc(p) for p in cues.CONTRAST])
        self.negators = frozenset(cues.NEGATORS)

    def __call__(self, doc: Doc) -> Doc:
        doc._.om_sentences = self.find(doc, *_offsets(doc), _text(doc).lower(), _sentence_bounds(doc))
        return doc

    def find(self, doc: Doc, starts: Sequence[int], ends: Sequence[int], lower: str,
             bounds: list[tuple[int, int]]) -> list[SentenceCues]:
        """Cues per sentence, given token character offsets, the lower-cased text and sentence token ranges."""
        strings = doc.vocab.strings
        out = [SentenceCues(starts[a], ends[b - 1]) for a, b in bounds] or [SentenceCues(0, 0)]
        bounds = bounds or [(0, 0)]
        si = 0
        for match_id, start, end in sorted(self.matcher(doc), key=lambda m: (m[1], -m[2])):
            while si < len(bounds) - 1 and start >= bounds[si][1]:
                si += 1
            kind = strings[match_id]
            text = lower[starts[start]:ends[end - 1]]
            sc = out[si]
            if kind == "CON":
                sc.contrast.append(text)
                sc.contrast_at.append(starts[start])
            elif kind == "NEG":
                sc.negative.append(text)
            else:
                lo = max(bounds[si][0], start - cues.NEGATION_WINDOW)
                before = (lower[starts[k]:ends[k]] for k in range(lo, start))
                negated = next((w for w in before if w in self.negators), None)
                if negated:
                    sc.negative.append(f"{negated} ... {text}")
                else:
                    sc.positive.append(text)
        return out


def _offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token, cached on the doc.

    Reading offsets from one array avoids building a Python ``Token`` per
    access, which dominates the cost of short documents.
    """
    offs = doc.user_data.get("om_offsets")
    if offs is None:
        arr = doc.to_array([IDX, LENGTH])
        offs = doc.user_data["om_offsets"] = (arr[:, 0].tolist(), (arr[:, 0] + arr[:, 1]).tolist())
    return offs


def _text(doc: Doc) -> str:
    """``doc.text`` without building a ``Token`` per word (cached on the doc)."""
    text = doc.user_data.get("om_text")
    if text is None:
        strings = doc.vocab.strings
        text = "".join(strings[o] + (" " if sp else "") for o, sp in doc.to_array([ORTH, SPACY]).tolist())
        doc.user_data["om_text"] = text
    return text


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences, read from the SENT_START array (no Span objects)."""
    n = len(doc)
    if not n:
        return []
    starts = [i for i, v in enumerate(doc.to_array([SENT_START]).ravel().tolist()) if v == 1 or i == 0]
    return list(zip(starts, starts[1:] + [n], strict=False))


@dataclass(slots=True)
class SentenceCues:
    """Polarity cues found in one sentence (character offsets into the finding)."""

    start: int
    end: int
    positive: list[str] = field(default_factory=list)
    negative: list[str] = field(default_factory=list)
    contrast: list[str] = field(default_factory=list)
    contrast_at: list[int] = field(default_factory=list)

    @property
    def label(self) -> int:
        """+1 positive, -1 negative, 0 balanced or silent."""
        p, n = len(self.positive), len(self.negative)
        return (p > n) - (n > p)


@dataclass
class Analysis:
    """Everything the estimators need from one text, computed once."""

    text: str
    tokens: list[str]
    masked: str
    negmarked: str
    theme_hits: dict[str, list[str]]
    sentences: list[SentenceCues]
    #: theme -> indices of the sentences holding one of its cues
    theme_sentences: dict[str, tuple[int, ...]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The shared pipeline (built once per process; no downloads, no weights)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("om_theme_cues")
    nlp.add_pipe("om_polarity_cues")
    return nlp


_ABBR = frozenset(a for abbrs in cues.ABBREVIATIONS.values() for a in abbrs)


def normalise(text: str) -> str:
    """Straight quotes and hyphens, single spaces: the form every cue is written in.

    ``str.translate`` looks up every character in a dict (about 2 ms of the
    50 ms that analysing 300 findings takes); an ASCII text has nothing to
    translate.
    """
    if not text.isascii():
        text = text.translate(_QUOTES)
    return " ".join(text.split())


def common_words(texts: Iterable[str]) -> tuple[str, ...]:
    """Words seen in lower case somewhere in ``texts`` (sorted, for a stable model file).

    A capitalised token whose lower-case form is *not* in this set is a proper
    noun (a council, a place, a named service) and is masked, so no feature
    can learn the name of a local authority.
    """
    nlp = get_nlp()
    seen: set[str] = set()
    for doc in nlp.tokenizer.pipe(normalise(t) for t in texts):
        seen.update(t.text for t in doc if t.text.islower())
    return tuple(sorted(seen))


def vocab_key(words: Sequence[str]) -> str:
    return hashlib.sha1("\n".join(words).encode()).hexdigest()[:12]


_cache: dict[tuple[str, str], Analysis] = {}
_vocabs: dict[str, frozenset[str]] = {}


def _mask(tok: str, common: frozenset[str]) -> str:
    if tok in _ABBR:
        return tok.lower()
    if tok[:1].isupper():
        if len(tok) > 1 and tok.isupper():
            return "xabbr"
        if tok.lower() not in common:
            return "xname"
    return tok.lower()


def _to_analysis(text: str, doc: Doc, common: frozenset[str]) -> Analysis:
    """The analysis of a doc run through the whole :func:`get_nlp` pipeline (the reference path)."""
    tokens = [text[a:b] for a, b in zip(*_offsets(doc), strict=True)]
    masked = [_mask(t, common) for t in tokens]
    memo = dict(zip(tokens, masked, strict=True))
    return _build_analysis(text, tokens, doc._.om_theme_hits, doc._.om_sentences or [], common, memo,
                           _negmark_loop)


def _negmark_loop(masked: list[str]) -> list[str]:
    """Negation marking token by token (the reference for :func:`_negmark`)."""
    neg, scope = [], 0
    for m in masked:
        if m in _NEGATORS:
            scope = cues.NEGATION_WINDOW
            neg.append(m)
        elif scope and m.isalpha():
            neg.append("not_" + m)
            scope -= 1
        else:
            if not m.isalnum():
                scope = 0
            neg.append(m)
    return neg


def _negmark(masked: list[str]) -> list[str]:
    """"not_" before the alphabetic words within ``NEGATION_WINDOW`` after a negator.

    Punctuation ends the scope and a further negator starts its own. Walks
    only the windows after negators: most tokens are copied untouched.
    """
    negators = _NEGATORS
    neg = masked[:]
    n = len(masked)
    for p in [i for i, m in enumerate(masked) if m in negators]:
        scope, i = cues.NEGATION_WINDOW, p + 1
        while scope and i < n:
            m = masked[i]
            if m in negators:
                break
            if m.isalpha():
                neg[i] = "not_" + m
                scope -= 1
            elif not m.isalnum():
                break
            i += 1
    return neg


def _build_analysis(text: str, tokens: list[str], theme_hits: list[tuple[str, str, int]],
                    sents: list[SentenceCues], common: frozenset[str], memo: dict[str, str],
                    negmark: Callable[[list[str]], list[str]] = _negmark) -> Analysis:
    """Masked and negation-marked forms plus cue hits grouped by theme.

    ``memo`` caches :func:`_mask` per token string: a batch repeats the same
    few thousand words, and masking is the per-token cost that remains.
    """
    try:
        masked = list(map(memo.__getitem__, tokens))
    except KeyError:  # a word this batch has not masked yet
        for t in set(tokens).difference(memo):
            memo[t] = _mask(t, common)
        masked = list(map(memo.__getitem__, tokens))
    masked_text = " ".join(masked)
    # most findings have no negator: their negation-marked form is the masked one
    neg_text = masked_text if _NEGATORS.isdisjoint(masked) else " ".join(negmark(masked))
    hits: dict[str, list[str]] = {}
    where: dict[str, set[int]] = {}
    starts = [sc.start for sc in sents]
    for theme, cue, at in sorted(theme_hits, key=lambda h: (h[2], h[0], h[1])):
        lst = hits.setdefault(theme, [])
        if cue not in lst:
            lst.append(cue)
        where.setdefault(theme, set()).add(max(0, bisect.bisect_right(starts, at) - 1))
    return Analysis(
        text, tokens, masked_text, neg_text, hits, sents,
        {t: tuple(sorted(v)) for t, v in where.items()},
    )


_NEGATORS = frozenset(cues.NEGATORS)
#: the sentencizer's own sentence-final characters (same default set as the component)
_PUNCT_CHARS = frozenset(Sentencizer.default_punct_chars)


def sentence_bounds(tokens: Sequence[str], is_punct: Sequence[int]) -> list[tuple[int, int]]:
    """Token ranges of sentences by spaCy's ``Sentencizer`` rule, without ``Token`` objects.

    A sentence starts at the first token and at every token that is neither
    punctuation nor a sentence-final character and follows one of the
    latter ("... done. However" starts at "However"; '." The' at "The").
    """
    n = len(tokens)
    if not n:
        return []
    punct_chars = _PUNCT_CHARS
    starts = [0]
    j = 0
    for f in [i for i, tok in enumerate(tokens) if tok in punct_chars]:
        if f < j:
            continue
        j = f + 1
        while j < n and (is_punct[j] or tokens[j] in punct_chars):
            j += 1
        if j < n:
            starts.append(j)
    return list(zip(starts, starts[1:] + [n], strict=False))


def _analyse_batch(texts: Sequence[str], common: frozenset[str]) -> list[Analysis]:
    """Analyses of ``texts`` from the tokenizer alone plus the cue components' ``find``.

    Same result as running :func:`get_nlp` (checked in the tests), at a
    fraction of the cost: the sentencizer component builds a Python ``Token``
    per word, here sentence starts come from one ``to_array`` per doc.
    """
    nlp = get_nlp()
    theme: ThemeCueMatcher = nlp.get_pipe("om_theme_cues")
    polarity: PolarityCueMatcher = nlp.get_pipe("om_polarity_cues")
    memo: dict[str, str] = {}
    out = []
    for text, doc in zip(texts, nlp.tokenizer.pipe(texts, batch_size=BATCH_SIZE), strict=False):
        arr = doc.to_array([IDX, LENGTH, IS_PUNCT])
        starts = arr[:, 0].tolist()
        ends = (arr[:, 0] + arr[:, 1]).tolist()
        tokens = list(map(text.__getitem__, map(slice, starts, ends)))
        bounds = sentence_bounds(tokens, arr[:, 2].tolist())
        hits = theme.find(doc, starts, ends, text)
        sents = polarity.find(doc, starts, ends, text.lower(), bounds)
        out.append(_build_analysis(text, tokens, hits, sents, common, memo))
    return out


def analyse(texts: Sequence[str], vocab: Sequence[str] = (), *, reference: bool = False) -> list[Analysis]:
    """Analyse ``texts`` (cached by text and vocabulary).

    The default path tokenises with spaCy and runs the cue matchers directly
    (:func:`_analyse_batch`); ``reference=True`` runs the full
    ``nlp.pipe`` pipeline instead, whatever is cached, and caches its
    results (for tests that prove both agree, and the benchmark's baseline).
    """
    key = vocab_key(vocab)
    common = _vocabs.get(key)
    if common is None:
        common = _vocabs[key] = frozenset(vocab)
    norm = [normalise(t) for t in texts]
    if reference:
        out = [_to_analysis(t, d, common) for t, d in zip(norm, get_nlp().pipe(norm, batch_size=BATCH_SIZE),
                                                          strict=True)]
        if len(_cache) + len(out) > _CACHE_LIMIT:
            _cache.clear()
        _cache.update(((a.text, key), a) for a in out)
        return out
    # answers come from this local dict, so another thread clearing the cache
    # meanwhile cannot make a lookup fail
    found = {t: _cache.get((t, key)) for t in set(norm)}
    todo = sorted(t for t, a in found.items() if a is None)
    if todo:
        found.update(zip(todo, _analyse_batch(todo, common), strict=True))
        if len(_cache) + len(todo) > _CACHE_LIMIT:
            _cache.clear()
        _cache.update(((t, key), found[t]) for t in todo)
    return [found[t] for t in norm]


def clear_cache() -> None:
    _cache.clear()
