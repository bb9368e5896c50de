"""Sentence sentiment: exact parity with the libraries, the registry, the word-list engine."""
from __future__ import annotations

import pandas as pd
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import criticlens
from criticlens.sentiment import engines as S


@pytest.fixture(scope="module")
def bv_scores(bv_corpus):
    return S.sentence_sentiment(bv_corpus)


@pytest.fixture
def tiny():
    return criticlens.corpus_from_texts(
        {"a": "I love this film. It is a terrible bore.", "b": "Fine."},
        critics={"a": "Ann", "b": "Bob"},
    )


@pytest.fixture
def clean_registry():
    before = set(S.available_engines())
    yield
    for name in set(S.available_engines()) - before:
        S.unregister_engine(name)


# ---------------------------------------------------------------- parity (the bar of issue 3)
def test_textblob_parity_on_every_seed_sentence(bv_corpus, bv_scores):
    tb = bv_scores[bv_scores["engine"] == "textblob"]
    n_checked = 0
    for row in bv_corpus.sentences.itertuples():
        expected = TextBlob(row.text).sentiment
        got = tb[(tb["review_id"] == row.review_id) & (tb["sent_id"] == row.sent_id)]
        got = dict(zip(got["measure"], got["score"]))
        assert got == {"polarity": expected.polarity, "subjectivity": expected.subjectivity}, \
            (row.review_id, row.sent_id, row.text)
        n_checked += 1
    assert n_checked == len(bv_corpus.sentences) == bv_corpus.reviews["n_sentences"].sum()


def test_vader_parity_on_every_seed_sentence(bv_corpus, bv_scores):
    sia = SentimentIntensityAnalyzer()
    vd = bv_scores[bv_scores["engine"] == "vader"]
    for row in bv_corpus.sentences.itertuples():
        expected = sia.polarity_scores(row.text)
        got = vd[(vd["review_id"] == row.review_id) & (vd["sent_id"] == row.sent_id)]
        assert dict(zip(got["measure"], got["score"])) == expected, (row.review_id, row.sent_id)


def test_scores_use_the_raw_sentence_text(bv_corpus):
    # the raw text keeps curly quotes; TextBlob's lexicon lookup sees exactly that text
    s = bv_corpus.sentences
    for row in s.itertuples():
        assert bv_corpus.raw(row.review_id)[row.start:row.end] == row.text


def test_frame_shape_order_and_dtypes(tiny):
    out = S.sentence_sentiment(tiny)
    assert list(out.columns) == list(S.SCORE_COLUMNS)
    n_sent = len(tiny.sentences)
    assert n_sent == 3
    assert len(out) == n_sent * (2 + 4)
    # sentence order, then engine as given, then the engine's measures
    first = out.iloc[:6]
    assert first["review_id"].tolist() == ["a"] * 6
    assert first["sent_id"].tolist() == [0] * 6
    assert first["engine"].tolist() == ["textblob"] * 2 + ["vader"] * 4
    assert first["measure"].tolist() == ["polarity", "subjectivity", "compound", "pos", "neu",
                                         "neg"]
    assert out["score"].dtype == "float64"
    assert out["sent_id"].dtype == "int64"


def test_engine_order_follows_the_call(tiny):
    out = S.sentence_sentiment(tiny, engines=("vader", "textblob"))
    assert out["engine"].iloc[:6].tolist() == ["vader"] * 4 + ["textblob"] * 2


@pytest.mark.parametrize("engines, err", [
    (("nope",), KeyError), ((), ValueError), (("vader", "vader"), ValueError)])
def test_bad_engine_lists(tiny, engines, err):
    with pytest.raises(err):
        S.sentence_sentiment(tiny, engines=engines)


def test_primary_scores(tiny):
    out = S.primary_scores(S.sentence_sentiment(tiny))
    assert set(zip(out["engine"], out["measure"])) == {("textblob", "polarity"),
                                                       ("vader", "compound")}
    assert len(out) == 2 * len(tiny.sentences)
    with pytest.raises(ValueError, match="no scores for engine"):
        S.primary_scores(S.sentence_sentiment(tiny, engines="vader"), ["textblob"])


# ---------------------------------------------------------------- word-list engine
def _write(tmp_path, text, name="lex.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_wordlist_engine_known_answer(tmp_path, tiny, clean_registry):
    p = _write(tmp_path, "word,score\nlove,3\nterrible,-2\nbore,-1\nfine,0.5\ndon't,-0.5\n")
    eng = criticlens.register_wordlist_engine("mylex", p)
    assert "mylex" in S.available_engines()
    # sum over every occurrence; mean over the lexicon words found; curly apostrophe matched
    got = eng.score_many(["Love, LOVE... a terrible bore.", "Nothing here.", "I don’t."])
    assert got["sum"] == [3 + 3 - 2 - 1, 0.0, -0.5]
    assert got["mean"] == [3 / 4, 0.0, -0.5]
    out = S.sentence_sentiment(tiny, engines=("mylex",))
    assert out["measure"].tolist() == ["sum", "mean"] * 3
    # "I love this film." / "It is a terrible bore." / "Fine."
    assert out.loc[out["measure"] == "sum", "score"].tolist() == [3.0, -3.0, 0.5]
    assert S.primary_measure("mylex") == "sum"


@pytest.mark.parametrize("text, match", [
    ("word,value\nlove,1\n", "no column 'score'"),
    ("word,score\nlove,abc\n", r"line 2: score 'abc'"),
    ("word,score\nlove,1\nhate,-1\nreally bad,-2\n", "line 4: 'really bad' is not a single word"),
    ("word,score\nlove,1\nLove,2\n", "line 3: 'Love' listed again"),
    ("word,score\nlove,inf\n", "not finite"),
    ("word,score\n", "no words"),
])
def test_wordlist_errors_name_file_and_line(tmp_path, text, match):
    p = _write(tmp_path, text)
    with pytest.raises(ValueError, match=match) as exc:
        S.read_wordlist(p)
    assert str(p) in str(exc.value)


def test_wordlist_duplicate_with_same_score_is_fine(tmp_path):
    assert S.read_wordlist(_write(tmp_path, "word,score\nlove,1\nLOVE,1\n")) == {"love": 1.0}


def test_registry_protects_builtins_and_names(tmp_path, clean_registry):
    p = _write(tmp_path, "word,score\nlove,1\n")
    with pytest.raises(ValueError, match="built in"):
        criticlens.register_wordlist_engine("vader", p)
    criticlens.register_wordlist_engine("lex1", p)
    with pytest.raises(ValueError, match="already registered"):
        criticlens.register_wordlist_engine("lex1", p)
    criticlens.register_wordlist_engine("lex1", p, replace=True)
    with pytest.raises(ValueError, match="bad engine name"):
        criticlens.register_wordlist_engine("Bad Name", p)
    with pytest.raises(KeyError, match="available: textblob, vader"):
        S.get_engine("missing")


def test_register_custom_engine_object(tiny, clean_registry):
    class Length:
        name = "length"
        measures = ("chars",)
        primary = "chars"

        def score_many(self, texts):
            return {"chars": [float(len(t)) for t in texts]}

    S.register_engine("length", Length())
    out = S.sentence_sentiment(tiny, engines="length")
    assert out["score"].tolist() == [float(len(t)) for t in tiny.sentences["text"]]
    # a factory (the class itself) is accepted too
    S.register_engine("length", Length, replace=True)
    assert S.get_engine("length").primary == "chars"


def test_engine_returning_wrong_length_is_an_error(tiny, clean_registry):
    class Broken:
        name = "broken"
        measures = ("x",)
        primary = "x"

        def score_many(self, texts):
            return {"x": [0.0]}

    S.register_engine("broken", Broken())
    with pytest.raises(RuntimeError, match="returned 1 scores"):
        S.sentence_sentiment(tiny, engines="broken")


def test_score_texts_plain():
    out = S.score_texts(["good", "bad"], "vader")
    sia = SentimentIntensityAnalyzer()
    comp = out[out["measure"] == "compound"]["score"].tolist()
    assert comp == [sia.polarity_scores("good")["compound"], sia.polarity_scores("bad")["compound"]]
    assert isinstance(out, pd.DataFrame)


# ---------------------------------------------------------------- the lexicon pitfall
def test_word_scores_are_the_libraries_reading():
    out = S.word_scores(["devastating", "shattering"])
    sia = SentimentIntensityAnalyzer()
    assert out["word"].tolist() == ["devastating", "shattering"]
    assert out["textblob"].tolist() == [TextBlob("devastating").sentiment.polarity,
                                        TextBlob("shattering").sentiment.polarity]
    assert out["vader"].tolist() == [sia.polarity_scores("devastating")["compound"],
                                     sia.polarity_scores("shattering")["compound"]]


def test_lexicon_pitfalls_on_hand_made_reviews():
    texts = {"a": "A small but shattering film. It was fine. Painful and exquisite, and "
                  "PAINFUL again.",
             "b": "A gut-wrenching story. Its painfulness is not a match. A wrenching turn."}
    c = criticlens.corpus_from_texts(texts, critics={"a": "Ann", "b": "Bob"})
    out = S.lexicon_pitfalls(c, words=("shattering", "painful", "wrenching", "gut-wrenching"))
    assert list(zip(out["review_id"], out["sent_id"], out["words"])) == [
        ("a", 0, "shattering"), ("a", 2, "painful"), ("b", 0, "gut-wrenching"),
        ("b", 2, "wrenching")]   # "painfulness" is another word; "gut-wrenching" is whole
    assert out["label"].tolist() == ["Ann", "Ann", "Bob", "Bob"]
    sia = SentimentIntensityAnalyzer()
    for row in out.itertuples():
        assert row.textblob == TextBlob(row.text).sentiment.polarity
        assert row.vader == sia.polarity_scores(row.text)["compound"]


def test_pitfall_on_the_seeds_scores_praise_negative(bv_corpus, bv_scores):
    out = S.lexicon_pitfalls(bv_corpus, bv_scores)
    shattering = out[out["words"] == "shattering"]
    # Kyle Smith's "a small but shattering film" and AP Kryza's "shattering performances"
    assert shattering["review_id"].tolist() == ["000", "001"]
    # "It's excruciating." (review 002) is praise of the scene's effect; VADER reads it negative
    exc = out[out["words"] == "excruciating"].iloc[0]
    assert exc["text"] == "It’s excruciating."
    assert exc["vader"] < 0
    assert (out["vader"] < 0).sum() >= 5
