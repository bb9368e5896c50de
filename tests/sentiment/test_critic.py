"""The critic engine: features, exact explanations, the verdict rule, the registry, retraining.

Retraining uses ``tests/sentiment/data/rt_snippets_slice.csv``: 403 rows (254 fresh, 137 rotten, 12 plot
synopses of 12 films) copied unchanged from ``rotten_tomatoes_snippets.csv.bz2`` (every row of
the first twelve films that have both a synopsis and snippets), so no test reads /work/shared.
"""
from __future__ import annotations

import gzip
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import criticlens
from criticlens.sentiment import critic as C
from criticlens.sentiment import engines as S

SLICE = Path(__file__).parent / "data" / "rt_snippets_slice.csv"


def _pol(logit: float) -> float:
    """The polarity whose clipped log-odds ``2 atanh(p)`` is ``logit``."""
    return math.tanh(logit / 2)


# ------------------------------------------------------------------------ features (by hand)
def test_newspaper_and_tokenised_text_give_the_same_features():
    # Pang and Lee's files are lower-cased and PTB-tokenised ("is n't"); newspapers are not
    assert C.features("Isn\u2019t it great?") == C.features("is n't it great ?")
    assert C.tokenize("Can't stop.") == ["ca", "n't", "stop", "."]


def test_negation_scope_ends_at_punctuation_or_but():
    f = C.features("this is not funny, but moving")
    assert "NOT_funny" in f and "funny" not in f
    assert "moving" in f and "NOT_moving" not in f          # "but" ended the scope
    assert "not NOT_funny" in f and "," not in f             # bigrams keep punctuation
    assert C.features("Hardly a masterpiece.") == sorted(
        ["hardly", "NOT_a", "NOT_masterpiece", "hardly NOT_a", "NOT_a NOT_masterpiece",
         "NOT_masterpiece ."])


# ---------------------------------------------------------------------- the shipped model
def test_shipped_weights_are_the_documented_file():
    p = C.default_weights_path()
    assert p.parent.name == "data" and p.parent.parent.name == "sentiment"
    with gzip.open(p, "rt", encoding="utf-8") as fh:
        assert fh.readline() == f"#format\t{C.WEIGHTS_FORMAT}\n"
    m = C.default_model()
    assert len(m.vocab) == 58336                             # REPORT / README size
    assert m.meta["c_polarity"] == "0.3" and m.meta["n_polarity"] == "12752"
    assert m.meta["n_judgement"] == "18519"


@pytest.mark.parametrize("text", [
    "A small but shattering film.", "The movie is not funny.",
    "Dean and Cindy meet in New York and fall in love.", "", "!!!",
])
def test_explain_is_exact(text):
    m = C.default_model()
    for measure, col in (("polarity", 0), ("judgement", 1)):
        e = C.explain(text, top=None, measure=measure)
        assert e["logit"] == pytest.approx(e["bias"] + sum(c for _, c in e["features"]), abs=1e-9)
        p = 1 / (1 + math.exp(-e["logit"]))
        want = 2 * p - 1 if measure == "polarity" else p
        assert e["score"] == pytest.approx(want, abs=1e-12)
        assert e["score"] == pytest.approx(m.score(text)[measure], abs=1e-12)
        assert e["bias"] == pytest.approx(float(m.bias[col]))
        # each contribution is the feature's stored weight
        for f, c in e["features"]:
            assert c == m.weights[m.vocab[f], col]
    if text == "":      # no features: the score is the bias alone
        e = C.explain(text)
        assert e["features"] == [] and e["logit"] == e["bias"]


def test_explain_orders_by_size_and_truncates():
    e = C.explain("A small but shattering film.", top=3)
    sizes = [abs(c) for _, c in e["features"]]
    assert len(sizes) == 3 and sizes == sorted(sizes, reverse=True)
    assert criticlens.explain is C.explain


def test_critic_reads_critics_not_stories():
    m = C.default_model()
    praise = m.score("A small but shattering film.")
    plot = m.score("Dean and Cindy meet in New York and fall in love.")
    pan = m.score("An overlong, tedious mess.")
    assert praise["polarity"] > 0.3 and pan["polarity"] < -0.8
    assert plot["judgement"] < 0.05 < 0.5 < pan["judgement"]
    # negation flips "funny"
    assert m.score("The movie is funny.")["polarity"] > 0 > m.score("The movie is not funny.")[
        "polarity"]


def test_load_model_names_the_file_on_bad_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.tsv.gz"):
        C.load_model(tmp_path / "nope.tsv.gz")
    bad = tmp_path / "bad.tsv"
    bad.write_text("#format\tsomething-else\n#bias\t0\t0\n")
    with pytest.raises(ValueError, match="bad.tsv.*not a criticlens-critic-weights"):
        C.load_model(bad)
    broken = tmp_path / "broken.tsv"
    broken.write_text(f"#format\t{C.WEIGHTS_FORMAT}\n#bias\t0\t0\ngood\t1\n")
    with pytest.raises(ValueError, match="broken.tsv: malformed weights line"):
        C.load_model(broken)


def test_a_hand_made_weights_file_scores_by_hand(tmp_path):
    p = tmp_path / "w.tsv"
    p.write_text(f"#format\t{C.WEIGHTS_FORMAT}\n#bias\t-1\t0.5\ngreat\t3\t0\n"
                 "film\t0\t-2\n")
    m = C.load_model(p)
    s = m.score("Great film")       # polarity logit -1 + 3 = 2, judgement 0.5 - 2 = -1.5
    assert s["polarity"] == pytest.approx(2 / (1 + math.exp(-2)) - 1)
    assert s["judgement"] == pytest.approx(1 / (1 + math.exp(1.5)))
    assert m.score("nothing known")["polarity"] == pytest.approx(2 / (1 + math.exp(1)) - 1)


def test_runtime_never_imports_scikit_learn():
    code = ("import sys, criticlens\n"
            "from criticlens.sentiment.engines import score_texts\n"
            "score_texts(['A fine film.'], engines=('critic',))\n"
            "criticlens.explain('A fine film.')\n"
            "assert 'sklearn' not in sys.modules and 'criticlens.sentiment.train' not in "
            "sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True)


# ---------------------------------------------------------------------------- registry
def test_critic_is_registered_and_built_in(bv_corpus):
    assert S.available_engines()[:3] == ["textblob", "vader", "critic"]
    assert S.primary_measure("critic") == "polarity"
    with pytest.raises(ValueError, match="built in"):
        S.register_engine("critic", C.default_model(), replace=True)
    sc = S.sentence_sentiment(bv_corpus, engines=("critic",))
    n = len(bv_corpus.sentences)
    assert len(sc) == 2 * n and list(sc["measure"][:2]) == ["polarity", "judgement"]
    pol = sc[sc["measure"] == "polarity"]["score"].to_numpy()
    jud = sc[sc["measure"] == "judgement"]["score"].to_numpy()
    assert (np.abs(pol) < 1).all() and ((jud > 0) & (jud < 1)).all()
    texts = [str(t) for t in bv_corpus.sentences["text"]]
    direct = C.default_model().score_many(texts)
    assert np.allclose(pol, direct["polarity"]) and np.allclose(jud, direct["judgement"])


# ---------------------------------------------------------------------- the verdict rule
def test_verdict_by_hand():
    # logits +1 then -1, full judgement, positions 0 and 1: weights 1 and 2 (gain 1), so the
    # weighted mean is (1 - 2) / 3 = -1/3; minus the threshold -0.47 gives +0.1367: positive
    v, score, w = C.review_verdict([_pol(1), _pol(-1)], [1.0, 1.0], [0.0, 1.0])
    assert v == "positive"
    assert score == pytest.approx(-1 / 3 + 0.47)
    assert w == pytest.approx([1 / 3, 2 / 3])
    # judgement weighs: the same with the negative sentence half synopsis -> (1 - 1) / 2 = 0
    v, score, _ = C.review_verdict([_pol(1), _pol(-1)], [1.0, 0.5], [0.0, 1.0])
    assert score == pytest.approx(0.47)


def test_verdict_clips_one_emphatic_sentence():
    # logit 10 is clipped to 3: mean (3 - 2 - 2) / 3 = -1/3 at equal weight (gain 0)
    v, score, _ = C.review_verdict([_pol(10), _pol(-2), _pol(-2)], [1, 1, 1], [0, 0.5, 1],
                                   position_gain=0, threshold=0)
    assert v == "negative" and score == pytest.approx(-1 / 3)


def test_mixed_needs_a_split_not_a_bland_review():
    split = [_pol(2)] * 3 + [_pol(-2)] * 3
    v, score, _ = C.review_verdict(split, [1] * 6, [0] * 6, threshold=0)
    assert (v, score) == ("mixed", pytest.approx(0.0))
    bland = [_pol(0.01), _pol(-0.01)] * 3
    assert C.review_verdict(bland, [1] * 6, [0] * 6, threshold=0)[0] != "mixed"
    # two strong on each side are not enough
    v, _, _ = C.review_verdict(split[1:5], [1] * 4, [0] * 4, threshold=0)
    assert v != "mixed"
    assert C.review_verdict([], [])[0] == "mixed"


# ----------------------------------------------------------------------------- retraining
@pytest.fixture(scope="module")
def slice_weights(tmp_path_factory):
    from criticlens.sentiment.train import train

    out = tmp_path_factory.mktemp("critic") / "a.tsv.gz"
    return out, train(SLICE, out)


def test_retraining_is_byte_identical(slice_weights, tmp_path, capsys):
    from criticlens.cli.main import main

    first, info = slice_weights
    again = tmp_path / "b.tsv.gz"
    # the second run goes through the command line: same code, same bytes
    assert main(["train-engine", "--snippets", str(SLICE), "--out", str(again)]) == 0
    assert again.read_bytes() == first.read_bytes()
    out = capsys.readouterr().out
    assert "rows left out: none" in out and f"{info['bytes']:,} bytes" in out
    assert main(["train-engine", "--snippets", str(tmp_path / "no.csv"),
                 "--out", str(again)]) == 3
    assert info["n_polarity"] == 391 and info["bytes"] == first.stat().st_size
    assert info["skipped"] == {"empty text": 0, "other category": 0, "duplicate snippet": 0,
                               "duplicate plot sentence": 0}


def test_slice_model_learns_something(slice_weights):
    path, info = slice_weights
    m = C.load_model(path)
    assert m.meta["source"] == SLICE.name and m.meta["seed"] == "0"
    # out-of-fold accuracy on 391 snippets beats the 65% majority class; synopsis vs snippet
    # is the easy task
    assert info["polarity_oof_acc"] > 0.65 and info["judgement_oof_acc"] > 0.85


def test_training_reports_bad_input(tmp_path):
    from criticlens.sentiment.train import load_snippets, train

    bad = tmp_path / "bad.csv"
    bad.write_text("category,words\nfresh,good\n")
    with pytest.raises(ValueError, match=r"bad.csv: no column\(s\) \['movie_name', 'text'\]"):
        train(bad, tmp_path / "w.tsv.gz")
    with pytest.raises(FileNotFoundError, match="missing.csv"):
        load_snippets(tmp_path / "missing.csv")
    odd = tmp_path / "odd.csv"
    odd.write_text("category,text,movie_name\nfresh,good,A\nfresh,good,A\nplot,,B\n"
                   "tomatometer,x,C\nrotten,bad,A\n")
    d = load_snippets(odd)
    assert d["skipped"] == {"empty text": 1, "other category": 1, "duplicate snippet": 1,
                            "duplicate plot sentence": 0}
    assert d["polarity"][0] == ["good", "bad"]


def test_critic_voice_is_polarity_times_judgement():
    texts = ["A small but shattering film.", "Dean and Cindy meet in New York and fall in love."]
    voice = S.get_engine("critic-voice").score_many(texts)["tone"]
    sc = C.default_model().score_many(texts)
    assert voice == pytest.approx([p * j for p, j in zip(sc["polarity"], sc["judgement"])])
    # a retelling comes out near 0 whatever its mood; a judgement keeps most of its polarity
    assert abs(voice[1]) < 0.01 and voice[0] > 0.25
    assert S.primary_measure("critic-voice") == "tone"
