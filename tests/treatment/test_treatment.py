"""Treatment: sentence classes, per-layer arcs, aspects and verdict, on hand-made corpora whose
answers are worked out below, plus agreement with the hand labels of the bundled reviews."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import criticlens
from criticlens.cli import treatment as cli_treatment
from criticlens.treatment import core as T
from criticlens.paths import BUNDLED_FILM

FILM = {
    "title": "Red Door",
    "director": ["Ann Lee"],
    "writers": ["Bo Park"],
    "cast": [{"actor": "Cara Dune", "character": "Mia"}],
    "aspects": {"money": ["money", "rent"]},
}
TEXTS = {
    # 0 synopsis: character Mia + story "job" + pronoun "her" (0.5) = 2.5, no judgement cue
    # 1 synopsis: pronoun "she" 0.5 + story "house" 1 = 1.5
    # 2 judgement: person "Dune" + evaluative "superb" + craft "film" = 3
    # 3 context: "Oscars" + "genre" = 2 context cues, 0 judgement
    "a": "Mia loses her job. She sells the house.\n\nDune is superb in the film. "
         "The Oscars love this genre.",
    # 0 no cue at all, first sentence -> DEFAULT_CLASS; 1 judgement: person "Lee" + "directs"
    "b": "It rains.\n\nLee directs with care.",
    # 0 synopsis (character); 1 no cue -> inherits synopsis from sentence 0
    "c": "Mia cries. It rains.",
}
SCORES_A = [-0.5, -0.3, 0.8, 0.1]


@pytest.fixture(scope="module")
def toy():
    return criticlens.corpus_from_texts(TEXTS, critics={"a": "Ann", "b": "Bo", "c": "Cy"},
                                        film=FILM)


@pytest.fixture(scope="module")
def toy_scores(toy):
    s = toy.sentences[["review_id", "sent_id"]].copy()
    vals = {("a", i): v for i, v in enumerate(SCORES_A)}
    vals.update({("b", 0): 0.0, ("b", 1): 0.6, ("c", 0): -0.2, ("c", 1): 0.0})
    s["sentiment"] = [vals[(r, i)] for r, i in zip(s["review_id"], s["sent_id"])]
    return s


# ------------------------------------------------------------------ term matching
@pytest.mark.parametrize("term, text, hits", [
    ("perform*", "two performances, one performer", ["performances", "performer"]),
    ("writer director", "the writer-director and the writer director", ["writer-director", "writer director"]),
    ("he", "the hero said he", ["he"]),
    ("oscar*", "oscars and oscar-bait", ["oscars", "oscar-bait"]),
    ("tap dance", "tap  dance", ["tap  dance"]),
])
def test_term_matching(term, text, hits):
    assert T.find_terms(T.compile_terms([term]), text) == hits


def test_phrases_win_over_their_words():
    pat = T.compile_terms(["love", "falls in love"])
    assert T.find_terms(pat, "she falls in love") == ["falls in love"]


# ------------------------------------------------------------------ classes
def test_classes_follow_the_documented_rules(toy):
    cl = T.classify_sentences(toy)
    got = dict(zip(zip(cl["review_id"], cl["sent_id"]), cl["cls"]))
    assert got == {("a", 0): "synopsis", ("a", 1): "synopsis", ("a", 2): "judgement",
                   ("a", 3): "context", ("b", 0): T.DEFAULT_CLASS, ("b", 1): "judgement",
                   ("c", 0): "synopsis", ("c", 1): "synopsis"}
    a = cl[cl["review_id"] == "a"].set_index("sent_id")
    assert a.loc[0, "synopsis_weight"] == 2.5 and a.loc[0, "judgement_cues"] == 0
    assert a.loc[1, "synopsis_weight"] == 1.5
    assert (a.loc[2, "n_people"], a.loc[2, "n_evaluative"], a.loc[2, "n_craft"]) == (1, 1, 1)
    assert a.loc[3, "context_cues"] == 2
    assert a.loc[2, "cues"] == "people:dune; evaluative:superb; craft:film"


def test_title_counts_as_judgement_and_is_not_reused():
    c = criticlens.corpus_from_texts({"x": "Red Door is a movie."}, film=FILM)
    row = T.classify_sentences(c).iloc[0]
    assert (row["n_title"], row["n_craft"], row["cls"]) == (1, 1, "judgement")


def test_character_names_are_not_people():
    names = T.film_names(criticlens.FilmMeta.from_dict(FILM, source="t")[0])
    assert names["characters"] == ("Mia",)
    assert names["people"] == ("Cara Dune", "Dune", "Ann Lee", "Lee", "Bo Park", "Park")
    assert names["title"] == ("Red Door",)


def test_cue_file_errors_name_the_file(tmp_path):
    p = tmp_path / "cues.yaml"
    p.write_text("evaluative: [good]\ncraft: []\ncontext: []\nstory: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match="pronouns"):
        T.Cues.from_file(p)
    p.write_text("evaluative: [good]\nbogus: []\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"cues\.yaml.*bogus"):
        T.Cues.from_file(p)


def test_agreement_counts_and_kappa():
    cl = pd.DataFrame({"review_id": ["r"] * 4, "sent_id": [0, 1, 2, 3], "text": list("abcd"),
                       "cls": ["synopsis", "judgement", "judgement", "judgement"]})
    lab = pd.DataFrame({"review_id": ["r"] * 4, "sent_id": [0, 1, 2, 3], "text": list("abcd"),
                        "label": ["synopsis", "synopsis", "judgement", "judgement"]})
    a = T.label_agreement(cl, lab)
    # po = 3/4; pe = 0.5*0.25 + 0.5*0.75 = 0.5; kappa = (0.75 - 0.5) / 0.5
    assert (a["n"], a["agree"]) == (4, 3)
    assert a["accuracy"] == 0.75 and a["kappa"] == pytest.approx(0.5)
    assert a["confusion"].loc["synopsis", "judgement"] == 1
    lab.loc[2, "text"] = "changed"
    with pytest.raises(ValueError, match="differs"):
        T.label_agreement(cl, lab)


# ------------------------------------------------------------------ bundled hand labels
LABELS = BUNDLED_FILM / "labels" / "sentence_classes.csv"
#: The agreement the docs state (docs/readme/60-treatment-and-figures.md).
MIN_ACCURACY = 0.85
MIN_KAPPA = 0.70


def test_every_bundled_sentence_is_hand_labelled(bv_corpus):
    lab = T.load_sentence_labels(LABELS)
    s = bv_corpus.sentences
    assert len(lab) == len(s)
    merged = lab.merge(s[["review_id", "sent_id", "text"]], on=["review_id", "sent_id"],
                       suffixes=("", "_corpus"))
    assert len(merged) == len(s)
    assert (merged["text"] == merged["text_corpus"]).all()
    assert set(lab["label"]) == set(T.CLASSES)


def test_agreement_with_hand_labels_meets_the_documented_level(bv_corpus):
    a = T.label_agreement(T.classify_sentences(bv_corpus), T.load_sentence_labels(LABELS))
    assert a["n"] == len(bv_corpus.sentences)
    assert a["accuracy"] >= MIN_ACCURACY
    assert a["kappa"] >= MIN_KAPPA


# ------------------------------------------------------------------ layer arcs
def test_layer_arcs_and_summary(toy, toy_scores):
    arcs = T.layer_arcs(toy, scores=toy_scores, bandwidth=0.1)
    a = arcs[arcs["review_id"] == "a"]
    assert list(a["cls"]) == ["synopsis", "synopsis", "judgement", "context"]
    # synopsis layer: (-0.5, -0.3) at positions p0, p1; Gaussian weights w = exp(-d^2 / 0.02)
    p0, p1 = a["position"].iloc[0], a["position"].iloc[1]
    w = math.exp(-((p1 - p0) ** 2) / (2 * 0.1 ** 2))
    assert a["smooth"].iloc[0] == pytest.approx((-0.5 + w * -0.3) / (1 + w))
    assert a["smooth"].iloc[1] == pytest.approx((w * -0.5 + -0.3) / (1 + w))
    # a layer with one sentence is its own smooth value
    assert a["smooth"].iloc[2] == pytest.approx(0.8)
    assert list(a["label"].unique()) == ["Ann"]
    summ = T.layer_summary(arcs).set_index(["review_id", "cls"])
    assert summ.loc[("a", "synopsis"), "mean_sentiment"] == pytest.approx(-0.4)
    assert summ.loc[("a", "synopsis"), "share"] == 0.5
    assert summ.loc[("a", "judgement"), "mean_sentiment"] == pytest.approx(0.8)
    assert summ.loc[("a", "context"), "n_sentences"] == 1
    assert math.isnan(summ.loc[("c", "judgement"), "mean_sentiment"])
    assert len(summ) == 3 * len(T.CLASSES)


def test_kernel_smooth_limits():
    x, y = [0.0, 0.5, 1.0], [1.0, -1.0, 1.0]
    # a huge bandwidth gives the plain mean everywhere; a tiny one gives the data back
    assert T.kernel_smooth(x, y, bandwidth=1e6) == pytest.approx([1 / 3] * 3)
    assert T.kernel_smooth(x, y, bandwidth=1e-3) == pytest.approx(y)
    with pytest.raises(ValueError):
        T.kernel_smooth(x, y, bandwidth=0)


def test_layer_arcs_do_not_mutate_inputs(toy, toy_scores):
    before = toy_scores.copy()
    T.layer_arcs(toy, scores=toy_scores)
    pd.testing.assert_frame_equal(toy_scores, before)


# ------------------------------------------------------------------ aspects
def test_aspect_terms_take_names_from_the_film(toy):
    terms = T.aspect_terms(toy.film)
    assert list(terms)[:len(T.BASE_ASPECTS)] == list(T.BASE_ASPECTS)
    assert {"Cara Dune", "Dune"} <= set(terms["acting"])
    assert {"Ann Lee", "Lee"} <= set(terms["direction"])
    assert {"Bo Park", "Park"} <= set(terms["writing"])
    assert "Mia" in terms["plot"]
    assert list(terms)[-1] == "money" and terms["money"] == ("money", "rent")


def test_aspect_profile_shares_and_sentiment(toy, toy_scores):
    prof = T.aspect_profile(toy, scores=toy_scores).set_index(["review_id", "aspect"])
    # acting: only "Dune is superb in the film." (score 0.8) among review a's 4 sentences
    assert prof.loc[("a", "acting"), "n_sentences"] == 1
    assert prof.loc[("a", "acting"), "share"] == 0.25
    assert prof.loc[("a", "acting"), "mean_sentiment"] == pytest.approx(0.8)
    # plot: the character name in "Mia loses her job." (-0.5)
    assert prof.loc[("a", "plot"), "mean_sentiment"] == pytest.approx(-0.5)
    # direction in b: "Lee directs with care." (0.6) of 2 sentences
    assert prof.loc[("b", "direction"), "share"] == 0.5
    assert prof.loc[("b", "direction"), "mean_sentiment"] == pytest.approx(0.6)
    assert prof.loc[("a", "money"), "n_sentences"] == 0
    assert math.isnan(prof.loc[("a", "money"), "mean_sentiment"])
    assert prof.loc[("a", "music_sound"), "aspect_label"] == "Music & sound"
    # the judgement layer only: review a keeps one sentence, which names acting
    j = T.aspect_profile(toy, scores=toy_scores, layer="judgement").set_index(
        ["review_id", "aspect"])
    assert j.loc[("a", "acting"), "share"] == 1.0
    assert j.loc[("a", "plot"), "n_sentences"] == 0


# ------------------------------------------------------------------ verdict
SYUZHET = "I loved the way he looked at me but I hated that he was no longer my lover"


def test_mixed_messages_matches_syuzhet_example():
    words = SYUZHET.split()
    lex = {"loved": 1.0, "lover": 1.0, "hated": -1.0}
    mm = T.mixed_messages(words, lex)
    # syuzhet's documented output: 0.91829583 0.05101644
    assert mm["entropy"] == pytest.approx(0.91829583, abs=1e-8)
    assert mm["metric_entropy"] == pytest.approx(0.05101644, abs=1e-8)
    assert (mm["n_words"], mm["n_positive"], mm["n_negative"]) == (18, 2, 1)
    # keeping neutral words: frequencies 15/18, 2/18, 1/18
    keep = T.mixed_messages(words, lex, remove_neutral=False)
    p = [15 / 18, 2 / 18, 1 / 18]
    assert keep["entropy"] == pytest.approx(-sum(x * math.log2(x) for x in p))


@pytest.mark.parametrize("text, entropy", [
    ("I absolutley love, love, love it", 0.0),
    ("That's the love and the hate of it", 1.0),
    ("nothing here", 0.0),
])
def test_mixed_messages_extremes(text, entropy):
    lex = {"love": 3.2, "hate": -2.7}
    assert T.mixed_messages(text.replace(",", "").split(), lex)["entropy"] == entropy


def test_verdict(toy, toy_scores):
    lex = {"loses": -1.0, "superb": 2.0, "love": 3.0}
    v = T.verdict(toy, scores=toy_scores, lexicon=lex).set_index("review_id")
    a = v.loc["a"]
    assert a["final_para_sentences"] == 2
    assert a["final_para_polarity"] == pytest.approx((0.8 + 0.1) / 2)
    assert a["best_judgement_sent_id"] == 2 and a["best_judgement_score"] == 0.8
    pos = toy.sentences.set_index(["review_id", "sent_id"]).loc[("a", 2), "position"]
    assert a["best_judgement_position"] == pytest.approx(pos)
    # 19 body words, signs (-, +, +): H(1/3, 2/3)
    h = -(1 / 3 * math.log2(1 / 3) + 2 / 3 * math.log2(2 / 3))
    assert a["mixed_entropy"] == pytest.approx(h)
    assert a["mixed_metric_entropy"] == pytest.approx(h / 19)
    assert (a["n_positive_words"], a["n_negative_words"]) == (2, 1)
    # review c has no judgement sentence
    assert pd.isna(v.loc["c", "best_judgement_sent_id"])
    assert math.isnan(v.loc["c", "best_judgement_position"])


def test_bundled_verdict_and_layers_are_complete(bv_corpus):
    v = T.verdict(bv_corpus)
    assert list(v["review_id"]) == bv_corpus.review_ids
    assert v["best_judgement_position"].between(0, 1).all()
    assert v["mixed_entropy"].between(0, 1).all()
    summ = T.layer_summary(T.layer_arcs(bv_corpus))
    for rid, g in summ.groupby("review_id"):
        assert g["share"].sum() == pytest.approx(1.0)
        assert (g.set_index("cls").loc[["synopsis", "judgement"], "n_sentences"] > 0).all()


# ------------------------------------------------------------------ command line
@pytest.mark.parametrize("what", list(cli_treatment.CLI_VIEWS))
def test_treatment_command_writes_each_view(bv_corpus, tmp_path, what):
    from criticlens.cli.main import main

    out = tmp_path / f"{what}.csv"
    assert main(["treatment", str(BUNDLED_FILM), "--what", what, "--format", "csv",
                 "--out", str(out)]) == 0
    got = pd.read_csv(out, dtype={"review_id": str})
    assert list(got.columns) == list(cli_treatment.CLI_VIEWS[what])
    want = cli_treatment.treatment_view(bv_corpus, what)
    assert len(got) == len(want)
    assert list(got["review_id"]) == list(want["review_id"].astype(str))


# ------------------------------------------------------------------ the critic engine (issue 13)
def test_model_settles_only_cue_conflicts(bv_corpus):
    cues = T.classify_sentences(bv_corpus, model=False)
    both = T.classify_sentences(bv_corpus)
    assert cues["judgement_prob"].isna().all() and set(cues["decided_by"]) <= {"cues", "previous"}
    assert both["judgement_prob"].between(0, 1).all()
    changed = both["cls"] != cues["cls"]
    # a changed sentence is always one whose cues conflict, decided by the model
    conflict = (both["judgement_cues"] >= 1) & (both["synopsis_weight"] > 0)
    assert (both.loc[changed, "decided_by"] == "model").all() and conflict[changed].all()
    assert ((both["decided_by"] == "model") == (conflict & (both["cls"] != "context"))).all()


def test_model_improves_agreement_with_hand_labels(bv_corpus):
    lab = T.load_sentence_labels(LABELS)
    cues = T.label_agreement(T.classify_sentences(bv_corpus, model=False), lab)
    both = T.label_agreement(T.classify_sentences(bv_corpus), lab)
    # 69/78 with cues alone, 70/78 with the model settling conflicts (README, issue 13 note)
    assert (cues["agree"], both["agree"]) == (69, 70)
    assert both["kappa"] > cues["kappa"]


def test_bundled_verdicts_are_positive_with_judgement_evidence(bv_corpus):
    v = T.verdict(bv_corpus)
    # all three bundled reviews are raves
    assert list(v["verdict"]) == ["positive"] * 3
    assert v["verdict_score"].between(0, 1).all()
    ev = T.verdict_evidence(bv_corpus)
    lab = T.load_sentence_labels(LABELS).set_index(["review_id", "sent_id"])["label"]
    for r in v.itertuples():
        g = ev[ev["review_id"] == r.review_id]
        assert g["weight"].sum() == pytest.approx(1.0)
        raw = g["contribution"].sum()       # contributions sum to the raw score
        assert r.verdict_score == pytest.approx(math.tanh(raw / 2))
        top = g.sort_values("rank").head(T.EVIDENCE_TOP)
        assert r.evidence.count(" | ") == T.EVIDENCE_TOP - 1
        for t in top["text"]:
            assert t in r.evidence
        # every deciding sentence is one the hand labels call judgement
        assert all(lab[(r.review_id, s)] == "judgement" for s in top["sent_id"])


def test_verdict_evidence_by_hand():
    from criticlens.sentiment import critic as CR

    c = criticlens.corpus_from_texts({"r": "A tedious, overlong mess. A superb, moving film."})
    ev = T.verdict_evidence(c)
    pol, jud = ev["polarity"].to_numpy(), ev["judgement"].to_numpy()
    logit = np.clip(2 * np.arctanh(pol), -3, 3)
    w = jud * np.array([1.0, 2.0])           # positions 0 and 1, position gain 1
    w = w / w.sum()
    assert ev["weight"].to_numpy() == pytest.approx(w)
    assert ev["contribution"].to_numpy() == pytest.approx(w * (logit - CR.VERDICT_THRESHOLD))
    v = T.verdict(c).iloc[0]
    assert v["verdict_score"] == pytest.approx(math.tanh((w @ logit + 0.47) / 2))
    assert v["verdict"] == ("positive" if w @ logit > -0.47 else "negative")
