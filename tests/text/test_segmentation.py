"""Layout detection and layout-aware sentence splitting (issue 14).

The fixture ``fixtures/polarity_dev10.csv`` holds the first ten reviews (file order) of Pang and
Lee's polarity dataset v2.0, fold 1 (copied from ``../shared/corpora/polarity_v2_fold1.csv.bz2``
so that the tests need no shared data): lower case, one sentence per line.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pandas as pd
import pytest

from criticlens.corpus.load import corpus_from_texts
from criticlens.text import textproc

FIXTURE = Path(__file__).parent / "fixtures" / "polarity_dev10.csv"

#: Lines of each review that are not sentences of the review, found by reading each text:
#: cv000_29416 ends with joblo's list of ratings of other films, "a nightmare of elm street 3
#: ( 7/10 ) - blair witch 2 ( 7/10 ) ..."; cv001_19502 opens with the header line "the happy
#: bastard's quick movie review". The other eight have none.
NOT_SENTENCES = {"cv000_29416": 1, "cv001_19502": 1}


@pytest.fixture(scope="module")
def dev10():
    df = pd.read_csv(FIXTURE)
    texts = dict(zip(df["review_id"], df["text"], strict=True))
    return texts, corpus_from_texts(texts)


def _lines(text: str) -> int:
    return sum(1 for ln in text.split("\n") if ln.strip())


def test_polarity_reviews_are_one_per_line_and_lower_case(dev10):
    _texts, corpus = dev10
    assert list(corpus.reviews["layout"]) == ["one_per_line"] * 10
    assert corpus.reviews["lower_case"].all()
    assert not corpus.reviews["has_markup"].any()


def test_polarity_sentence_counts_match_the_lines(dev10):
    """Each line is one sentence: the count equals the non-empty lines less the header lines,
    exactly; over the ten reviews the count is within 2% of the non-empty lines."""
    texts, corpus = dev10
    got = dict(zip(corpus.reviews["review_id"], corpus.reviews["n_sentences"], strict=True))
    for rid, text in texts.items():
        assert got[rid] == _lines(text) - NOT_SENTENCES.get(rid, 0), rid
    total_lines = sum(_lines(t) for t in texts.values())
    assert total_lines == 277
    assert abs(sum(got.values()) - total_lines) / total_lines <= 0.02


def test_polarity_sentences_are_the_lines(dev10):
    texts, corpus = dev10
    rid = "cv002_15918"
    lines = [ln.strip() for ln in texts[rid].split("\n") if ln.strip()]
    got = list(corpus.sentences.loc[corpus.sentences["review_id"] == rid, "text"])
    assert got == lines


def test_issue_example_lower_case_one_per_line():
    c = corpus_from_texts({"a": "it stank.\nit stinks.\nthe plot is silly.\n"})
    assert list(c.sentences["text"]) == ["it stank.", "it stinks.", "the plot is silly."]
    assert c.reviews["layout"].iloc[0] == "one_per_line"


def test_lower_case_prose_splits_before_lower_case_words():
    text = ("it stank. it stinks. mr . nice guy and dr. evil meet j. r. smith . "
            "\"no!\" he said. the plot is silly.")
    c = corpus_from_texts({"a": text})
    assert c.reviews["layout"].iloc[0] == "prose" and c.reviews["lower_case"].iloc[0]
    assert list(c.sentences["text"]) == [
        "it stank.", "it stinks.", "mr . nice guy and dr. evil meet j. r. smith .",
        "\"no!\" he said.", "the plot is silly."]


def test_capitalised_prose_keeps_its_rules():
    """Prose with capitals is unchanged: a quotation ending in "!" and a lower-case word run on."""
    c = corpus_from_texts({"a": '"Tell me how I should be!" he pleads. It works.'})
    assert list(c.sentences["text"]) == ['"Tell me how I should be!" he pleads.', "It works."]
    assert not c.reviews["lower_case"].iloc[0]


def test_hard_wrapped_lines_are_joined(dev10):
    """A polarity review re-wrapped at 72 columns (as an e-mail would be) is hard-wrapped; its
    sentences cross line ends and their number stays that of the original lines."""
    texts, _ = dev10
    wrapped = textwrap.fill(" ".join(texts["cv002_15918"].split()), 72)
    c = corpus_from_texts({"w": wrapped})
    assert c.reviews["layout"].iloc[0] == "hard_wrapped"
    assert c.reviews["n_sentences"].iloc[0] == 19 == _lines(texts["cv002_15918"])
    assert any("\n" in s for s in c.sentences["text"])


def test_prose_paragraphs_are_prose(bv_corpus):
    assert set(bv_corpus.reviews["layout"]) == {"prose"}
    assert not bv_corpus.reviews["lower_case"].any()


@pytest.mark.parametrize("abbr", ["Lt.", "Sgt.", "Col.", "Capt.", "Gen.", "Rev.", "Prof.", "St.", "Mt."])
def test_rank_and_title_abbreviations_do_not_end_sentences(abbr):
    text = f"The film opens on {abbr} Aldo Raine in the hills. It ends well."
    spans = textproc.split_sentences(text)
    assert [text[s:e] for s, e in spans] == [f"The film opens on {abbr} Aldo Raine in the hills.", "It ends well."]
    assert abbr.lower().rstrip(".") in textproc.abbreviations()


def test_lt_aldo_raine_is_one_sentence():
    c = corpus_from_texts({"a": "Brad Pitt plays Lt. Aldo Raine. Sgt. Donny Donowitz swings a bat."})
    assert list(c.sentences["text"]) == ["Brad Pitt plays Lt. Aldo Raine.", "Sgt. Donny Donowitz swings a bat."]


@pytest.mark.parametrize("text, kind", [
    ("Short line one.\nShort line two.\nAnd three here.\nFour.", "one_per_line"),
    ("One paragraph. It has two sentences.\nAnother one. With two.\nThird. Yes, three.", "prose"),
    ("two lines only.\nnot enough.", "prose"),
])
def test_detect_layout(text, kind):
    assert textproc.detect_layout(text).kind == kind
