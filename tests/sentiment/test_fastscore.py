"""The fast scoring path returns exactly (==) what the libraries return, sentence by sentence."""
from __future__ import annotations

import re
import sys

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from criticlens.sentiment import _fast as fastscore

SIA = SentimentIntensityAnalyzer()


def naive_tb(s: str) -> tuple[float, float]:
    r = TextBlob(s).sentiment
    return (r.polarity, r.subjectivity)


def naive_vader(s: str) -> tuple[float, float, float, float]:
    d = SIA.polarity_scores(s)
    return (d["compound"], d["pos"], d["neu"], d["neg"])


# Each line exercises a rule or quirk of one of the two engines.
TRICKY = [
    "",
    "   ",
    "!",
    "(!)",
    "What a great film (!) it is.",
    "It is ( ! ) great.",
    "Good.",
    "A great, great film!!!",
    "A great film!!!!!!",
    "Is it good?? Is it bad???",
    "Is it good???? Is it bad?",
    "It's not good.",
    "It isn't bad at all.",
    "This is not a good film.",
    "This is not really good.",
    "This is really not good.",
    "It was very, very good.",
    "VERY GOOD film, bad acting",
    "The ACTING is BAD but the SCRIPT is GOOD",
    "ALL CAPS EVERYWHERE GOOD",
    "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "good but good but good",
    "Good, bad, good, bad, but good, bad, good.",
    "It was okay but okay but the end was okay, okay?",
    "no good",
    "No, good.",
    "no bad or good",
    "not bad nor good",
    "It is kind of good.",
    "It is sort of good and kinda bad.",
    "This is the shit.",
    "a bad ass movie",
    "yeah right, a great film",
    "the kiss of death for a fine cast",
    "to die for, really",
    "at least it is good",
    "the very least funny film",
    "one of the least funny films",
    "least good",
    "Never so good. Never this good.",
    "Without a doubt, an excellent idea.",
    "Without doubt excellent.",
    "He never was so very good.",
    "I loved it :) and :-) and : ) and xD and x D and :D",
    "Sad :( and :'( and ;-) and <3 and :-/",
    "hello. O no",
    "o.O what",
    "It ends here :-.",
    "A “curly” quote and a ‘single’ one, it’s fine.",
    "A \"straight\" quote, isn't it? 'Quite'.",
    "Mr. Smith went to Washington, D.C. and the U.S. liked it.",
    "e.g. this, i.e. that, etc. and so on...",
    "Wait... what... really...?",
    "First paragraph is good.\n\nSecond one is bad.",
    "Line one good\r\n\r\nline two bad",
    "single\nbreak good",
    "END-OF-SENTENCE good END-OF-SENTENCE bad",
    "tab\tseparated\u00a0non-breaking\u2003em good",
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",
    "😁😁 great",
    "x😁y terrible",
    "The film is deadly dull and cleanly shot.",
    "This is utterly, completely, totally wonderful.",
    "It's a small but shattering film.",
    "The movie was pretty bad, not pretty good.",
    "not not good",
    "n't good",
    "Can't stand it. Won't watch it. Don't.",
    "it is the bomb!",
    "(great) [bad] {good} `okay`",
    "--good-- ##bad## @fine",
    "A 12-year-old boy's coming-of-age story is well-made.",
    "Ha!! Ha! (!) :-P",
    "\"Good!\" she said. \"Bad!\"",
    "' ' ' good ' ' '",
    "O . o and x . D",
]


@pytest.mark.parametrize("text", TRICKY)
def test_textblob_exact(text):
    assert fastscore.textblob_scores(text) == naive_tb(text)


@pytest.mark.parametrize("text", TRICKY)
def test_vader_exact(text):
    assert fastscore.vader_scores(text) == naive_vader(text)


@pytest.mark.parametrize("text", TRICKY)
def test_textblob_tokens_match_pattern_tokenizer(text):
    from textblob.en import sentiment

    expected = [w.lower() for w in " ".join(sentiment.tokenizer(text)).split()]
    assert fastscore.textblob_tokens(text) == expected


def test_known_values():
    # published examples (vaderSentiment README; TextBlob docs)
    assert fastscore.vader_scores("VADER is smart, handsome, and funny.") == (0.8316, 0.746, 0.254, 0.0)
    assert fastscore.vader_scores("Today SUX!") == (-0.5461, 0.0, 0.221, 0.779)
    assert fastscore.textblob_scores("Textblob is amazingly simple to use. What great fun!") == (
        0.39166666666666666, 0.4357142857142857)


def test_but_rule_list_index_quirk():
    # VADER's "but" rule looks sentiments up with list.index, so a value repeated before and
    # after "but" is scaled at its first position only; the fast path must do the same.
    text = "good but good"
    assert fastscore.vader_scores(text) == naive_vader(text)
    assert fastscore.vader_scores("good but bad") != fastscore.vader_scores("bad but good")


def test_regex_whitespace_is_str_whitespace():
    # the fast tokenizer splits on str.split() where pattern uses the regex \s
    ws = re.compile(r"\s")
    for cp in range(sys.maxunicode + 1):
        c = chr(cp)
        assert (ws.match(c) is not None) == c.isspace(), hex(cp)


ALPHABET = st.sampled_from([
    "good", "bad", "GOOD", "not", "no", "never", "very", "really", "kind", "of", "but", "BUT",
    "least", "at", "the", "shit", "so", "this", "without", "doubt", "isn't", "it's", "don't",
    "!", "?", ".", "...", ",", "(", ")", "(!)", ":", "-", "D", "x", "o", "O", ":)", ":(", "'", '"',
    "“", "”", "’", "Mr.", "U.S.", "a", "is", "film", "love", "hate", "😁", "\n\n", "\n", "okay",
    "sort", "bomb", "ass", "deadly", "cleanly", "utterly", "kinda", "<3", ";", "END-OF-SENTENCE",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=14), st.lists(st.sampled_from(["", " ", "  ", "\t"]), min_size=14, max_size=14))
def test_random_sentences_exact(words, seps):
    text = "".join(w + s for w, s in zip(words, seps))
    assert fastscore.textblob_scores(text) == naive_tb(text)
    assert fastscore.vader_scores(text) == naive_vader(text)


def test_bundled_seeds_exact(bv_corpus):
    texts = [str(t) for t in bv_corpus.sentences["text"]]
    assert len(texts) > 50
    par = fastscore.parity(texts)
    assert par.ok, str(par)
    assert par.n_values == len(texts) * 6


def test_whole_reviews_exact(bv_corpus):
    # whole raw texts: paragraph breaks, headlines, bylines and all
    texts = [str(t) for t in bv_corpus.reviews["raw"]]
    assert fastscore.parity(texts).ok


def test_score_texts_frame_shape_and_order():
    texts = ["good", "bad", "good", "meh"]
    fr = fastscore.score_texts(texts)
    assert list(fr.columns) == list(fastscore.COLUMNS)
    assert len(fr) == 4
    assert fr.iloc[0].tolist() == fr.iloc[2].tolist()
    assert fr.loc[1, "textblob_polarity"] == naive_tb("bad")[0]
    nodedup = fastscore.score_texts(texts, dedup=False)
    pd.testing.assert_frame_equal(fr, nodedup)
    only = fastscore.score_texts(texts, engines=["vader"])
    assert list(only.columns) == ["vader_compound", "vader_pos", "vader_neu", "vader_neg"]


def test_score_texts_processes_same_result(monkeypatch):
    monkeypatch.setattr(fastscore, "PROCESS_CHUNK", 5)
    texts = [t for t in TRICKY if t] * 2
    one = fastscore.score_texts(texts, processes=1)
    two = fastscore.score_texts(texts, processes=2, dedup=False)
    pd.testing.assert_frame_equal(one, two)


def test_empty_and_bad_input():
    assert fastscore.score_texts([]).shape == (0, 6)
    with pytest.raises(TypeError, match="text 1 is float"):
        fastscore.score_texts(["good", float("nan")])
    with pytest.raises(ValueError, match="unknown engine"):
        fastscore.score_texts(["good"], engines=["afinn"])


def test_parity_reports_mismatch():
    texts = ["good", "bad"]
    fast = fastscore.score_texts(texts)
    naive = fast.copy()
    naive.loc[1, "vader_neg"] = 0.5
    par = fastscore.compare(texts, fast, naive)
    assert not par.ok
    assert par.mismatches[["index", "column"]].values.tolist() == [[1, "vader_neg"]]
    assert "parity FAILED" in str(par)


def test_batch_path_equals_libraries_on_all_tricky_texts_at_once():
    # the batch path gathers words across texts: neighbours must not leak into each other
    texts = TRICKY + [t.upper() for t in TRICKY] + ["x", "D", ":", ")", "o", ". O"]
    got = fastscore._batch(texts, ("textblob", "vader"))
    assert got == [naive_tb(t) + naive_vader(t) for t in texts]
    assert fastscore._batch(texts, ("vader",)) == [naive_vader(t) for t in texts]
    assert fastscore._batch([], ("textblob",)) == []
    assert fastscore._batch(["", "  "], ("textblob", "vader")) == [naive_tb("") + naive_vader("")] * 2


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(ALPHABET, max_size=8).map(" ".join), min_size=1, max_size=6))
def test_batch_random_exact(texts):
    assert fastscore._batch(texts, ("textblob", "vader")) == [naive_tb(t) + naive_vader(t) for t in texts]


def test_exact_when_memo_tables_are_full(monkeypatch):
    # past MEMO_MAX nothing more is memoised; the scores must not change
    fastscore.clear_memos()
    monkeypatch.setattr(fastscore, "MEMO_MAX", 0)
    texts = [t for t in TRICKY if t] + ["A very good film, not a bad one."]
    assert fastscore._batch(texts, ("textblob", "vader")) == [naive_tb(t) + naive_vader(t) for t in texts]
    assert len(fastscore._tb().chunk_memo) == 0 and len(fastscore._vd().word_memo) == 0
