"""Arc figure builders: data = what is plotted, alt text from the data, export round trip."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import criticlens
from criticlens.sentiment import engines as S
from criticlens.viz.figsets import arcs as F


@pytest.fixture(scope="module")
def bv_scores(bv_corpus):
    return S.sentence_sentiment(bv_corpus)


def test_overlay_spec(bv_corpus, bv_scores):
    spec = F.build_arcs_overlay(bv_corpus, scores=bv_scores)
    assert spec.name == "sentiment-arcs"
    band = spec.data
    labels = list(bv_corpus.labels().values())
    assert list(dict.fromkeys(band["label"])) == labels
    assert len(band) == len(labels) * 100
    assert set(band["smoother"]) == {"dct"}
    ax = spec.fig.axes[0]
    drawn = {ln.get_label(): ln for ln in ax.get_lines() if ln.get_label() in labels}
    assert list(drawn) == labels
    for lab, ln in drawn.items():
        np.testing.assert_allclose(ln.get_ydata(), band.loc[band["label"] == lab, "center"])
    # alt text is generated from the plotted data: it names the true extremes
    top = band.loc[band["center"].idxmax()]
    bot = band.loc[band["center"].idxmin()]
    assert f"Highest point: {top['label']}, {top['center']:+.2f}" in spec.alt_text
    assert f"lowest: {bot['label']}, {bot['center']:+.2f}" in spec.alt_text
    for lab in labels:
        assert lab in spec.alt_text
    assert bv_corpus.title in spec.caption


@pytest.mark.parametrize("smoother", ["rolling", "lowess", "dct"])
def test_overlay_smoothers_named_in_text(bv_corpus, bv_scores, smoother):
    spec = F.build_arcs_overlay(bv_corpus, scores=bv_scores, smoother=smoother)
    assert set(spec.data["smoother"]) == {smoother}
    assert F.describe_smoother(smoother) in spec.alt_text


def test_panels_spec(bv_corpus, bv_scores):
    spec = F.build_arcs_panels(bv_corpus, scores=bv_scores)
    d = spec.data
    n_sent = len(bv_corpus.sentences)
    assert (d["layer"] == "arc").sum() == 3 * 100
    assert (d["layer"] == "sentence").sum() == 2 * n_sent
    visible = [a for a in spec.fig.axes if a.get_visible()]
    titles = [a.get_title("left") or a.get_title() for a in visible]
    assert titles == list(bv_corpus.labels().values())
    # the sentence points plotted are the data's sentence rows
    first = visible[0]
    offs = np.vstack([c.get_offsets() for c in first.collections if c.get_label().endswith(
        "sentence score")])
    lab = list(bv_corpus.labels().values())[0]
    sel = d[(d["layer"] == "sentence") & (d["label"] == lab)]
    np.testing.assert_allclose(np.sort(offs[:, 1]), np.sort(sel["value"].to_numpy()))
    assert "Engines disagree most for" in spec.alt_text


def test_panels_with_mentions(bv_corpus, bv_scores):
    rid = bv_corpus.review_ids[0]
    mentions = pd.DataFrame({"review_id": [rid], "scene_id": ["scene-x"], "position": [0.5]})
    spec = F.build_arcs_panels(bv_corpus, scores=bv_scores, mentions=mentions)
    ax = spec.fig.axes[0]
    assert [c.get_offsets()[0][0] for c in ax.collections if c.get_gid() == "mention"] == [0.5]
    assert [t.get_text() for t in ax.texts] == ["scene-x"]


def test_pitfall_spec(bv_corpus):
    from criticlens.sentiment.engines import sentence_sentiment
    from criticlens.treatment.core import classify_sentences

    scores = sentence_sentiment(bv_corpus, F.PITFALL_ENGINES)
    spec = F.build_pitfall(bv_corpus, scores=scores)
    d = spec.data
    assert 1 <= len(d) <= F.PITFALL_MAX_SENTENCES
    lex = ((d["textblob"] + d["vader"]) / 2).to_numpy()
    assert d["lexicon_mean"].to_numpy() == pytest.approx(lex)
    assert d["lexicon_mean"].is_monotonic_increasing
    # judgement sentences only: no plot sentence is charted as praise
    cl = classify_sentences(bv_corpus).set_index(["review_id", "sent_id"])["cls"]
    assert all(cl[(r, i)] == "judgement" for r, i in zip(d["review_id"], d["sent_id"]))
    # the lexicons score some of this praise negative; the critic engine reads most as praise
    assert (d["lexicon_mean"] < 0).any()
    assert (d["critic"] > 0).sum() > len(d) / 2
    worst = d.iloc[0]
    assert worst["label"] in spec.alt_text
    assert f"textblob {worst['textblob']:+.2f}" in spec.alt_text
    assert f"critic {worst['critic']:+.2f}" in spec.alt_text
    # Kryza's "crafted a small miracle ... devastating": VADER -0.71, critic engine +0.86
    assert "small miracle" in worst["text"] and worst["critic"] > 0.8 > -0.7 > worst["vader"]
    # every excerpt shows its word of pain, highlighted (never cut off before it)
    text_ax, score_ax = spec.fig.axes
    shown = [t.get_text() for t in text_ax.texts if t.get_gid() == "pitfall-word"]
    assert shown == d["word"].tolist()
    for r in d.itertuples():
        assert r.word.casefold() in r.words.casefold() and r.word in r.text
        assert len(r.left) <= 46 and len(r.right) <= 36
    # Unsigned (002)'s "It's excruciating." is shown whole; TextBlob's 0.00 is a visible dot
    exc = d[d["word"] == "excruciating"].iloc[0]
    assert (exc["left"], exc["right"]) == ("It’s ", ".") and exc["textblob"] == 0.0
    tb = next(c for c in score_ax.collections if c.get_gid() == "score-textblob")
    assert len(tb.get_offsets()) == len(d) and tb.get_sizes()[0] > 0
    assert 0.0 in tb.get_offsets()[:, 0]


def test_pitfall_needs_matching_sentences():
    c = criticlens.corpus_from_texts({"a": "A lovely film. I liked it."})
    with pytest.raises(ValueError, match="no pitfall figure"):
        F.build_pitfall(c)


def test_export_round_trip(tmp_path, bv_corpus):
    specs = F.export_figures(bv_corpus, tmp_path)
    assert [s.name for s in specs] == ["sentiment-arcs", "sentiment-arcs-panels",
                                       "sentiment-pitfall"]
    for s in specs:
        for ext in ("png", "svg", "pdf", "csv", "alt.txt"):
            assert (tmp_path / f"{s.name}.{ext}").is_file(), (s.name, ext)
        back = pd.read_csv(tmp_path / f"{s.name}.csv")
        assert list(back.columns) == list(s.data.columns)
        assert len(back) == len(s.data)
        num = s.data.select_dtypes("number").columns
        np.testing.assert_allclose(back[num].to_numpy(dtype=float),
                                   s.data[num].to_numpy(dtype=float), rtol=1e-9, atol=1e-12)


def test_export_skips_pitfall_without_pain_words(tmp_path):
    c = criticlens.corpus_from_texts({
        "a": "A lovely film. I liked it a lot. The cast is great. It ends well. Good fun.",
        "b": "Dull and long. The plot drags. Poor acting. Bad ending. Not for me.",
    })
    specs = F.export_figures(c, tmp_path)
    assert [s.name for s in specs] == ["sentiment-arcs", "sentiment-arcs-panels"]
    assert not (tmp_path / "sentiment-pitfall.png").exists()


# ------------------------------------------------------------------ short reviews: one note
SHORT_FILM = {
    "a": "A lovely film.",
    "b": "Dull and long. The plot drags.",
    "c": "A fine cast. The plot moves. I liked it. The end is strong. It lands. Go and see it.",
}


@pytest.fixture(scope="module")
def short_corpus():
    return criticlens.corpus_from_texts(SHORT_FILM, film={"title": "Short"})


def _notes(fig):
    return [t.get_text() for t in fig.findobj(lambda o: getattr(o, "get_gid", None) is not None
                                              and o.get_gid() == F.NOTE_GID)]


@pytest.mark.parametrize("build", [F.build_arcs_overlay, F.build_arcs_panels])
def test_short_reviews_said_once_in_a_note_not_warned(short_corpus, build, recwarn):
    spec = build(short_corpus, smoother="dct")
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]
    note = ("2 of 3 reviews are too short for the DCT (5 sentences or more): drawn with the "
            "rolling mean, a flat line for a one-sentence review.")
    assert [" ".join(t.split()) for t in _notes(spec.fig)] == [note]  # once, not per review
    assert spec.caption.endswith(note) and spec.alt_text.endswith(note)
    from criticlens.viz.layout import assert_legible
    assert_legible(spec.fig)


def test_no_note_when_every_review_is_long_enough(short_corpus):
    spec = F.build_arcs_overlay(short_corpus, smoother="rolling")
    assert _notes(spec.fig) == [] and "too short" not in spec.caption
    band = F.arc_data(short_corpus, smoother="lowess")[2]
    assert F.short_review_note(band, "lowess") == (
        "2 of 3 reviews are too short for LOWESS (6 sentences or more): drawn with the rolling "
        "mean, a flat line for a one-sentence review.")
    one = band[band["review_id"] == "a"]
    assert F.short_review_note(one, "lowess").startswith("The review is too short for LOWESS")


def test_library_still_warns_once_for_all_short_reviews(short_corpus):
    with pytest.warns(criticlens.ShortReviewWarning) as caught:
        criticlens.critic_arcs(short_corpus, smoother="dct")
    assert len(caught) == 1
    assert str(caught[0].message).startswith(
        "2 review(s) have fewer than the 5 sentences the dct smoother needs: a (1), b (2);")
    assert issubclass(criticlens.ShortReviewWarning, UserWarning)


def test_smoother_comparison_leaves_out_smoothers_no_review_is_long_enough_for(recwarn):
    c = criticlens.corpus_from_texts({"a": "A lovely film.", "b": "Dull. Long."},
                                      film={"title": "Snips"})
    specs, note = F.build_smoother_comparison(c)
    assert [s.fig.axes[0].get_title() or s.fig.axes[0].get_title("left") for s in specs] == [
        "Snips: tone through each review, rolling mean"]
    assert note == ("LOWESS and the DCT left out: the longest review of Snips has 2 sentence(s), "
                    "fewer than the 6 and 5 they need, so their charts would repeat the rolling "
                    "mean's.")
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_smoother_comparison_draws_every_smoother_some_review_is_long_enough_for(short_corpus):
    specs, note = F.build_smoother_comparison(short_corpus)
    assert note == "" and len(specs) == 3
    assert ["LOWESS" in (s.fig.axes[0].get_title() or s.fig.axes[0].get_title("left"))
            for s in specs] == [False, True, False]


# ------------------------------------------------------------------ charts for any film
def test_ringing_chart_on_snippets_shows_why_nothing_rings(short_corpus):
    import pandas as pd

    empty = pd.DataFrame(columns=["review_id", "label", "sentences", "overshoot"])
    c = criticlens.corpus_from_texts({"a": "A lovely film.", "b": "Dull. Long.", "c": "Fun."},
                                     film={"title": "Snips"})
    spec = F.build_dct_ringing(c, empty)
    # 2 reviews of one sentence, 1 of two, none of 3..5: every count up to the DCT's 5
    assert spec.data.to_dict("list") == {"sentences": [1, 2, 3, 4, 5], "reviews": [2, 1, 0, 0, 0]}
    bars = spec.fig.axes[0].patches
    assert [b.get_height() for b in bars] == [2, 1, 0, 0, 0]
    assert "2 with 1, 1 with 2" in spec.alt_text
    from criticlens.viz.layout import assert_legible
    assert_legible(spec.fig)


def test_ringing_chart_draws_the_overshoot_when_there_is_ringing(short_corpus):
    import pandas as pd

    ringing = pd.DataFrame({"review_id": ["c"] * 2, "label": ["c"] * 2, "sentences": [5, 6],
                            "overshoot": [0.25, 0.0]})
    spec = F.build_dct_ringing(short_corpus, ringing)
    (line,) = spec.fig.axes[0].get_lines()
    assert list(line.get_ydata()) == [0.25, 0.0]
    assert "largest overshoot 0.250 at 5 sentences" in spec.alt_text


def test_lexicon_vs_critic_plots_every_judgement_sentence(short_corpus):
    spec = F.build_lexicon_vs_critic(short_corpus)
    d = spec.data
    assert set(d.columns) >= {"review_id", "sent_id", "textblob", "vader", "critic", "lexicon_mean"}
    np.testing.assert_allclose(d["lexicon_mean"], (d["textblob"] + d["vader"]) / 2)
    offs = spec.fig.axes[0].collections[-1].get_offsets()
    np.testing.assert_allclose(offs, d[["lexicon_mean", "critic"]].to_numpy(float))
    n_pit = int(((d["lexicon_mean"] < 0) & (d["critic"] > 0)).sum())
    assert f"{n_pit} sentence(s) score negative for the lexicons" in spec.alt_text
