"""load_table: a table of reviews of many films through the one per-review pipeline."""
from __future__ import annotations

import bz2

import pandas as pd
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import criticlens
from criticlens.corpus import table
from criticlens.scale import tables

FRAMES = ("sentences", "tokens", "spans")


def small_table() -> pd.DataFrame:
    return pd.DataFrame({
        "text": ["A fine film. I loved it!", "Dull and long.", "", "Another one.", "Good fun.",
                 "Too loud. Too long. But fun."],
        "movie": ["alpha", "alpha", "beta", "beta", None, "beta"],
        "critic": ["Ann", "", "Bo", "Bo", "Cy", "Di"],
        "category": ["fresh", "rotten", "fresh", "fresh", "fresh", "rotten"],
    })


def test_rows_loaded_and_rejected_are_reported():
    c = tables.load_table(small_table(), film="movie", critic="critic", keep=["category"], progress=False)
    rep = c.report
    assert (rep.n_in, rep.n_loaded, rep.n_rejected) == (6, 4, 2)
    assert rep.n_in == rep.n_loaded + rep.n_rejected
    errs = rep.errors()
    assert errs["code"].tolist() == ["review_blank", "film_missing"]
    assert errs["message"].tolist()[0].startswith("<DataFrame> row 3: review '3' is blank")
    assert "row 5" in errs["message"].tolist()[1]
    r = c.reviews
    assert r["review_id"].tolist() == ["1", "2", "4", "6"]
    assert r["film"].tolist() == ["alpha", "alpha", "beta", "beta"]
    assert r["file"].tolist() == ["<DataFrame>#row=1", "<DataFrame>#row=2", "<DataFrame>#row=4",
                                  "<DataFrame>#row=6"]
    assert r["category"].tolist() == ["fresh", "rotten", "fresh", "rotten"]
    # label: critic, else "Unsigned (<id>)" (a blank critic is no critic)
    assert r["label"].tolist() == ["Ann", "Unsigned (2)", "Bo", "Di"]
    assert r["n_sentences"].tolist() == [2, 1, 1, 3]
    assert c.sentences.loc[c.sentences["review_id"] == "6", "text"].tolist() == [
        "Too loud.", "Too long.", "But fun."]


def test_same_frames_as_corpus_from_texts():
    # one pipeline: a table row gives exactly the rows corpus_from_texts gives for that text
    df = small_table()
    c = tables.load_table(df, film="movie", progress=False)
    ref = criticlens.corpus_from_texts({"1": df.text[0], "2": df.text[1], "4": df.text[3], "6": df.text[5]})
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(c, name), getattr(ref, name))
    cols = ["review_id", "raw", "sha256", "n_bytes", "body_start", "body_end", "n_words", "n_tokens"]
    pd.testing.assert_frame_equal(c.reviews[cols], ref.reviews[cols])


def test_csv_bz2_equals_dataframe(tmp_path):
    df = small_table()
    path = tmp_path / "reviews.csv.bz2"
    with bz2.open(path, "wt", encoding="utf-8", newline="") as fh:
        df.to_csv(fh, index=False)
    a = tables.load_table(path, film="movie", progress=False)
    b = tables.load_table(df, film="movie", progress=False)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    assert a.reviews["file"].tolist()[0] == "reviews.csv.bz2#row=1"
    assert a.reviews["encoding"].unique().tolist() == ["utf-8"]
    assert a.report.codes() == b.report.codes()


def test_review_id_column_duplicates_and_missing():
    df = pd.DataFrame({"id": ["x", "y", "x", ""], "text": ["Good.", "Bad.", "Again.", "None."],
                       "film": ["f"] * 4})
    c = tables.load_table(df, review_id="id", progress=False)
    assert c.review_ids == ["x", "y"]
    assert c.report.codes() == ["review_id_duplicate", "review_id_missing"]
    assert "first in row 1" in c.report.errors()["message"][0]


@pytest.mark.parametrize("kw, bad", [({"text": "body"}, "text='body'"), ({"film": "title"}, "film='title'"),
                                     ({"keep": ["x"]}, "keep='x'")])
def test_missing_column_is_named(kw, bad):
    with pytest.raises(table.TableError, match=bad):
        tables.load_table(small_table(), **{"film": "movie", **kw})


def test_missing_file(tmp_path):
    with pytest.raises(table.TableError, match="no such file"):
        tables.load_table(tmp_path / "nope.csv")


def test_per_film_and_across_films():
    c = tables.load_table(small_table(), film="movie", progress=False)
    assert table.films(c) == ["alpha", "beta"]
    beta = table.film_corpus(c, "beta")
    assert beta.review_ids == ["4", "6"]
    assert set(beta.tokens["review_id"]) == {"4", "6"}
    counts = table.per_film(c, lambda fc: fc.reviews[["review_id", "n_words"]], progress=False)
    assert counts["film"].tolist() == ["alpha", "alpha", "beta", "beta"]
    assert counts.groupby("film")["n_words"].sum().to_dict() == {"alpha": 9, "beta": 8}
    with pytest.raises(KeyError, match="gamma"):
        table.film_corpus(c, "gamma")
    # an analysis run across all films, then grouped by film

    tok = table.with_film(c, c.tokens)
    assert tok.groupby("film")["is_word"].sum().to_dict() == {"alpha": 9, "beta": 8}


def test_score_sentences_exact_and_equal_to_sentence_sentiment():
    c = tables.load_table(small_table(), film="movie", progress=False)
    s = tables.score_sentences(c, progress=False)
    assert s.columns.tolist()[:3] == ["film", "review_id", "sent_id"]
    assert len(s) == len(c.sentences)
    sia = SentimentIntensityAnalyzer()
    for text, (_, row) in zip(c.sentences["text"], s.iterrows(), strict=True):
        tb = TextBlob(str(text)).sentiment
        vd = sia.polarity_scores(str(text))
        assert (row["textblob_polarity"], row["textblob_subjectivity"]) == (tb.polarity, tb.subjectivity)
        assert (row["vader_compound"], row["vader_pos"], row["vader_neu"], row["vader_neg"]) == (
            vd["compound"], vd["pos"], vd["neu"], vd["neg"])
    from criticlens.sentiment.engines import sentence_sentiment

    long = sentence_sentiment(c)
    wide = long.assign(col=long["engine"] + "_" + long["measure"]).pivot_table(
        index=["review_id", "sent_id"], columns="col", values="score", sort=False).reset_index()
    merged = s.merge(wide, on=["review_id", "sent_id"], suffixes=("", "_ref"))
    for col in ["textblob_polarity", "vader_compound", "vader_neg"]:
        assert (merged[col] == merged[col + "_ref"]).all()


def test_cli_table(tmp_path, capsys):
    from criticlens.cli import main as cli

    path = tmp_path / "t.csv"
    small_table().to_csv(path, index=False)
    out = tmp_path / "scores.csv"
    code = cli.main(["table", str(path), "--film", "movie", "--critic", "critic", "--no-cache",
                     "--no-progress", "--out", str(out)])
    assert code == 0
    got = pd.read_csv(out, dtype={"review_id": str})
    ref = tables.score_sentences(tables.load_table(path, film="movie", critic="critic", progress=False),
                                progress=False)
    assert got["review_id"].tolist() == ref["review_id"].tolist()
    assert (got["vader_compound"].to_numpy() == ref["vader_compound"].to_numpy()).all()
    err = capsys.readouterr().err
    assert "6 rows, 4 loaded, 2 rejected" in err and "row 5" in err
    assert cli.main(["table", str(tmp_path / "missing.csv")]) == cli.EXIT_NOT_FOUND
    assert cli.main(["table", str(path), "--film", "nope", "--no-cache", "--no-progress"]) == cli.EXIT_INVALID


def test_per_film_sub_corpora_equal_film_corpus():
    c = tables.load_table(small_table(), film="movie", progress=False)
    seen = {}

    def grab(fc):
        seen[fc.reviews["film"].iloc[0]] = fc
        return fc.reviews[["review_id"]]

    table.per_film(c, grab, progress=False)
    for f in ("alpha", "beta"):
        ref = table.film_corpus(c, f)
        for name in ("reviews", "sentences", "tokens", "spans"):
            pd.testing.assert_frame_equal(getattr(seen[f], name), getattr(ref, name))
