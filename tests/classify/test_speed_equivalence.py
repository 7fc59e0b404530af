"""The fast classification paths give exactly what the reference paths give.

Why: the speed-ups (tokenizer plus cue matchers instead of the full
``nlp.pipe``) re-implement what spaCy's components do; a silent difference
would change themes and polarity without any accuracy test noticing.
"""

from __future__ import annotations

import json

import pytest

from ofsted_mine.classify.pipeline import analyse, clear_cache, sentence_bounds
from tests.conftest import CORPUS


def _label_texts() -> list[str]:
    out = []
    for path in sorted((CORPUS / "labels").glob("kirklees_*.jsonl")):
        out += [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip()]
    return out


def _corpus_paragraphs() -> list[str]:
    """Every blank-line paragraph of the bundled texts (headings, tables and lists included)."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        out += [p for p in path.read_text("utf-8").split("\n\n") if p.strip()]
    return out


EDGE = ["", "   ", "...", "Done!! Next? Yes.", "A. B", "\u201cQuoted.\u201d Then the next one.",
        "It ended\u2026 then went on.", "(a) first; (b) second.", "Good. However, not yet.\n\nNew line.",
        "12345", "(3.2) - 4%"]


@pytest.mark.parametrize("vocab", [(), ("children", "care", "leavers", "the")])
def test_fast_analysis_equals_full_pipeline_on_corpus(vocab):
    texts = _label_texts() + _corpus_paragraphs() + EDGE
    assert len(texts) > 1000
    clear_cache()
    fast = analyse(texts, vocab)
    ref = analyse(texts, vocab, reference=True)
    diff = [i for i, (a, b) in enumerate(zip(fast, ref, strict=True)) if a != b]
    assert not diff, f"{len(diff)} texts differ, first: {texts[diff[0]][:200]!r}"


def test_sentence_bounds_follow_the_sentencizer_rule():
    toks = ["Good", ".", '"', "However", ",", "not", "yet", "!", "!", "Done"]
    punct = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0]
    assert sentence_bounds(toks, punct) == [(0, 3), (3, 9), (9, 10)]
    assert sentence_bounds([], []) == []


# -- the compiled model ------------------------------------------------------------------


@pytest.fixture(scope="module")
def models():
    from ofsted_mine.classify.fast import load_checked
    from ofsted_mine.classify.model import default_model_dir, load_model_from

    return load_checked(default_model_dir()), load_model_from(default_model_dir())


def _samples():
    from ofsted_mine.classify import Sample

    out = []
    for path in sorted((CORPUS / "labels").glob("kirklees_*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            rec = json.loads(line)
            out.append(Sample(rec["text"], rec["kind"]))
    out += [Sample(p) for p in _corpus_paragraphs()] + [Sample(t, "recommendation") for t in EDGE]
    return out


def test_shipped_model_is_the_compiled_file_of_the_shipped_joblib(models):
    from ofsted_mine.classify.fast import FAST_FILE, FastModel, compile_model

    fast, ref = models
    if not isinstance(fast, FastModel):
        compile_model(ref.themes, ref.polarity)  # raises Unsupported, naming what the compiled path lacks
    assert fast.path.name == FAST_FILE, ("models/classifier-fast.npz is missing or was compiled from another "
                                         "classifier.joblib: rerun `ofsted-mine train` and commit all of models/")


def test_compiled_model_tags_exactly_as_the_estimators(models):
    from ofsted_mine.classify import tag_samples

    fast, ref = models
    samples = _samples()
    assert len(samples) > 1000
    clear_cache()
    got = tag_samples(fast, samples)
    want = tag_samples(ref, samples)
    diff = [i for i, (a, b) in enumerate(zip(got, want, strict=True)) if a != b]
    assert not diff, f"{len(diff)} differ, first {samples[diff[0]].text[:120]!r}: {got[diff[0]]} != {want[diff[0]]}"
    # and the raw scores, not only their rounding
    th_fast, po_fast = _explain_fast(fast, samples)
    th_ref, po_ref = ref.themes.explain(samples), ref.polarity.explain(samples)
    assert all((a[0] == b[0]).all() and a[1] == b[1] for a, b in zip(th_fast, th_ref, strict=True))
    assert po_fast == po_ref


def _explain_fast(fast, samples):
    from ofsted_mine.classify.fast import explain

    return explain(fast, samples)


def test_compiled_tfidf_is_bit_identical_to_scikit_learn(models):
    fast, ref = models
    an = analyse([s.text for s in _samples()], ref.themes.vocab_)
    assert fast.theme_chars is not None and ref.themes.char_vec_ is not None  # the shipped model has them
    for ours, theirs, texts in ((fast.theme_tfidf, ref.themes.word_vec_, [a.masked for a in an]),
                                (fast.theme_chars, ref.themes.char_vec_, [a.masked for a in an]),
                                (fast.pol_tfidf, ref.polarity.vec_, [a.negmarked for a in an])):
        a, b = ours.transform(texts), theirs.transform(texts).tocsr()
        assert a.has_sorted_indices
        assert a.dtype == b.dtype
        assert (a.indptr == b.indptr).all() and (a.indices == b.indices).all() and (a.data == b.data).all()


def test_expit_matches_scipy_to_the_bit():
    import numpy as np
    from scipy.special import expit

    from ofsted_mine.classify.fast import _expit

    x = np.random.default_rng(0).normal(0, 6, (400, 25))
    x[0, :9] = [-800.0, 800.0, -709.5, -709.79, 0.0, -709.0, np.inf, -np.inf, np.nan]
    np.testing.assert_array_equal(_expit(x), expit(x))  # NaN where SciPy gives NaN, every other bit equal
    assert _expit(np.zeros((0, 3))).shape == (0, 3)


def test_evidence_order_is_lexsorts_with_ties_kept_in_position_order():
    """Evidence is sorted by text, then contribution, then feature (position); the two stable sorts
    that replace ``lexsort`` must keep that order, ties included, for small and large group ids."""
    import numpy as np

    from ofsted_mine.classify.fast import _by_group_then_value

    rng = np.random.default_rng(1)
    for top in (300, 70_000):  # a radix sort on 16-bit groups, and the general path
        group = rng.integers(0, top, 5000)
        value = -rng.integers(0, 6, 5000).astype(np.float64)  # few distinct values: many ties
        expected = np.lexsort((np.arange(5000), value, group))
        assert np.array_equal(_by_group_then_value(group, value), expected)
    assert _by_group_then_value(np.zeros(0, dtype=np.int64), np.zeros(0)).tolist() == []


def test_stale_or_missing_compiled_file_falls_back_to_the_joblib(models, tmp_path):
    import shutil

    from ofsted_mine.classify import tag_samples
    from ofsted_mine.classify.fast import FAST_FILE, FastModel, load, load_checked, save
    from ofsted_mine.classify.model import CARD_FILE, MODEL_FILE, default_model_dir

    for name in (CARD_FILE, MODEL_FILE, FAST_FILE):
        shutil.copy(default_model_dir() / name, tmp_path / name)
    stale = load(tmp_path / FAST_FILE)
    stale.source_sha256 = "0" * 64
    save(stale, tmp_path / FAST_FILE)
    fell_back = load_checked(tmp_path)
    assert isinstance(fell_back, FastModel) and fell_back.path.name == MODEL_FILE
    (tmp_path / FAST_FILE).unlink()
    compiled = load_checked(tmp_path)
    assert compiled.path.name == MODEL_FILE
    samples = _samples()[:60]
    assert tag_samples(compiled, samples) == tag_samples(models[0], samples)


def test_compiled_file_is_deterministic(models, tmp_path):
    from ofsted_mine.classify.fast import FAST_FILE, save

    fast, _ = models
    save(fast, tmp_path / "a.npz")
    save(fast, tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    assert (tmp_path / "a.npz").read_bytes() == (fast.path.parent / FAST_FILE).read_bytes()


def test_classify_imports_no_scikit_learn():
    import subprocess
    import sys

    code = ("import sys, ofsted_mine\nfrom ofsted_mine.classify import Sample, load_model, tag_samples\n"
            "tags = tag_samples(load_model(), [Sample('Pathway plans are not yet consistently updated.')])\n"
            "print(type(load_model()).__name__, 'sklearn' in sys.modules, tags[0][1].label)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[:2] == ["FastModel", "False"]


def test_compiled_model_with_character_ngrams_tags_exactly_as_the_estimators(tmp_path):
    """A model trained here with character n-grams (on small data, so the test is quick) tags the same
    through the compiled path as through the estimators."""
    from ofsted_mine.classify import PolarityClassifier, ThemeClassifier, tag_samples
    from ofsted_mine.classify.data import load_labels
    from ofsted_mine.classify.fast import compile_model, load, save
    from ofsted_mine.classify.model import LoadedModel
    from ofsted_mine.classify.train import indicator, samples
    from ofsted_mine.codebook import theme_ids

    items, _ = load_labels(with_pdfs=False)
    items = [it for it in items if "2024" in it.doc or "2019" in it.doc]
    labels = tuple(theme_ids())
    themes = ThemeClassifier(labels=labels, char_ngrams=(3, 5), threshold_folds=3).fit(
        samples(items), indicator(items, labels), groups=[it.doc for it in items])
    polarity = PolarityClassifier().fit(samples(items), [it.polarity for it in items])
    save(compile_model(themes, polarity), tmp_path / "m.npz")
    fast = load(tmp_path / "m.npz")
    assert fast.theme_chars is not None and fast.theme_chars.n_features > 1000
    texts = _samples()
    ref = LoadedModel(themes=themes, polarity=polarity, card={}, path=tmp_path)
    assert tag_samples(fast, texts) == tag_samples(ref, texts)


def test_a_model_rewritten_in_the_same_process_is_read_again(tmp_path):
    import os
    import shutil

    from ofsted_mine.classify import load_model
    from ofsted_mine.classify.fast import FAST_FILE
    from ofsted_mine.classify.model import CARD_FILE, MODEL_FILE, default_model_dir

    for name in (CARD_FILE, MODEL_FILE, FAST_FILE):
        shutil.copy(default_model_dir() / name, tmp_path / name)
    first = load_model(tmp_path)
    assert load_model(tmp_path) is first
    later = (tmp_path / FAST_FILE).stat().st_mtime_ns + 10**9
    os.utime(tmp_path / FAST_FILE, ns=(later, later))  # as `ofsted-mine train` rewriting it
    again = load_model(tmp_path)
    assert again is not first and again.thresholds.tolist() == first.thresholds.tolist()
