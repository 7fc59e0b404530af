"""The spaCy cue pipeline: sentences, theme cues, polarity cues, masking."""

from __future__ import annotations

from ofsted_mine.classify.pipeline import analyse, common_words, get_nlp, normalise


def test_pipeline_is_blank_english_with_our_components():
    nlp = get_nlp()
    assert nlp.lang == "en"
    assert nlp.pipe_names == ["sentencizer", "om_theme_cues", "om_polarity_cues"]


def test_abbreviations_match_case_sensitively():
    (a,) = analyse(["Each care leaver has a PA. The pa system was loud. IROs visit children."])
    assert a.theme_hits["care_leavers"] == ["care leaver", "PA"]
    assert a.theme_hits["management_oversight"] == ["IROs"]


def test_plural_and_singular_cues_both_match():
    (a,) = analyse(["A return home interview was held. Return home interviews are timely."])
    assert a.theme_hits["missing"].count("return home interview") == 1
    assert "return home interviews" in a.theme_hits["missing"]
    assert a.theme_sentences["missing"] == (0, 1)


def test_sentences_and_contrast_and_negation():
    text = ("Most plans are clear and effective. However, contingency plans are not always "
            "effective, and it is too soon to see the impact.")
    (a,) = analyse([text])
    assert len(a.sentences) == 2
    first, second = a.sentences
    assert first.label == 1 and "effective" in first.positive
    assert second.contrast == ["however"]
    assert second.label == -1
    assert "not always" in second.negative and "too soon" in second.negative
    assert any(c.endswith("... effective") for c in second.negative)  # negated praise counts against


def test_proper_nouns_are_masked_but_domain_words_kept():
    vocab = common_words(["children in care and care leavers receive support"])
    (a,) = analyse(["In Wakeshire, Children receive support from MASH and a LOCALTEAM."], vocab)
    assert "xname" in a.masked.split()  # Wakeshire: never seen in lower case
    assert "children" in a.masked.split()  # sentence-case common word kept
    assert "mash" in a.masked.split()  # known abbreviation kept
    assert "xabbr" in a.masked.split()  # unknown all-caps name masked
    assert "wakeshire" not in a.masked


def test_curly_quotes_are_normalised_before_matching():
    (a,) = analyse(["Care leavers\u2019 health histories are shared."])
    assert "health histories" in a.theme_hits["care_leavers"]


def test_normalise_straightens_quotes_and_dashes_and_folds_spaces():
    assert normalise("\u201cTimely\u201d \u2013 the child\u2019s  plan\u2014\n reviewed ") == \
        "\"Timely\" - the child's plan- reviewed"
    assert normalise("  plain  ascii\ttext ") == "plain ascii text"
