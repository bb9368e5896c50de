"""Treatment plots, figure builders, the comparison page and the ``criticlens figures`` command.

Figures are checked through their artists and data (not pixels); the command is run twice in
separate processes and every byte compared."""
from __future__ import annotations

import hashlib
import re
import struct
import subprocess
import sys
import types
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PathCollection

import criticlens
from criticlens.viz import figures as F
from criticlens.treatment import core as T
from criticlens.viz.export import save_figure
from criticlens.viz.figsets import comparison as C
from criticlens.viz.figsets import treatment as FT
from criticlens.viz.plots import treatment as P

COLORS = {"Ann": "#E69F00", "Bo": "#56B4E9"}


# ------------------------------------------------------------------ plotting functions
@pytest.fixture
def arcs_frame():
    return pd.DataFrame({
        "review_id": ["a"] * 5, "label": ["Ann"] * 5, "sent_id": [0, 1, 2, 3, 4],
        "position": [0.1, 0.3, 0.5, 0.7, 0.9],
        "cls": ["synopsis", "judgement", "synopsis", "judgement", "context"],
        "sentiment": [-0.6, 0.4, -0.2, 0.8, 0.0],
        "smooth": [-0.5, 0.5, -0.3, 0.7, 0.0],
    })


def test_plot_layer_arc_draws_each_layer(arcs_frame):
    before = arcs_frame.copy()
    fig, ax = plt.subplots()
    out = P.plot_layer_arc(arcs_frame, ax=ax, color="#E69F00", title="Ann", legend=True)
    assert out is ax
    lines = {ln.get_label(): ln for ln in ax.get_lines() if not ln.get_label().startswith("_")}
    assert set(lines) == {"Synopsis", "Judgement"}  # context not asked for
    # synopsis sentences at 0.1 and 0.5: a gap of 0.4 > MAX_GAP, so the line breaks at 0.3
    assert list(lines["Synopsis"].get_xdata()) == pytest.approx([0.1, 0.3, 0.5])
    np.testing.assert_array_equal(lines["Synopsis"].get_ydata(), [-0.5, np.nan, -0.3])
    assert lines["Synopsis"].get_linestyle() == "--"
    np.testing.assert_array_equal(lines["Judgement"].get_ydata(), [0.5, np.nan, 0.7])
    assert lines["Judgement"].get_linestyle() == "-"
    pts = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert [list(c.get_offsets()[:, 1]) for c in pts] == [[-0.6, -0.2], [0.4, 0.8]]
    assert ax.get_title(loc="left") == "Ann"
    pd.testing.assert_frame_equal(arcs_frame, before)


def test_plot_layer_arc_refuses_two_reviews(arcs_frame):
    two = pd.concat([arcs_frame, arcs_frame.assign(review_id="b")])
    with pytest.raises(ValueError, match="one review"):
        P.plot_layer_arc(two, ax=plt.subplots()[1])


@pytest.fixture
def summary_frame():
    return pd.DataFrame({
        "review_id": ["a", "a", "a", "b", "b", "b"],
        "label": ["Ann"] * 3 + ["Bo"] * 3,
        "cls": list(T.CLASSES) * 2,
        "n_sentences": [2, 2, 1, 3, 0, 0],
        "share": [0.4, 0.4, 0.2, 1.0, 0.0, 0.0],
        "mean_sentiment": [-0.4, 0.6, 0.0, 0.1, np.nan, np.nan],
    })


def test_plot_layer_means_positions(summary_frame):
    fig, ax = plt.subplots()
    P.plot_layer_means(summary_frame, ax=ax, colors=COLORS)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Ann", "Bo"]
    markers = [ln for ln in ax.get_lines() if ln.get_linestyle() == "None"]
    got = sorted((float(ln.get_xdata()[0]), float(ln.get_ydata()[0])) for ln in markers)
    # Ann on the top row (y=1) with both layers; Bo (y=0) has no judgement: one marker
    assert got == [(-0.4, 1.0), (0.1, 0.0), (0.6, 1.0)]
    joins = [ln for ln in ax.get_lines() if (ln.get_gid() or "").startswith("join:")]
    assert [list(j.get_xdata()) for j in joins] == [[-0.4, 0.6]]
    assert joins[0].get_color() == COLORS["Ann"]


def test_plot_layer_shares_bar_widths(summary_frame):
    fig, ax = plt.subplots()
    P.plot_layer_shares(summary_frame, ax=ax)
    widths = [round(p.get_width(), 6) for p in ax.patches]
    # layers in CLASSES order, critics top to bottom within each layer
    assert widths == [0.4, 1.0, 0.4, 0.0, 0.2, 0.0]
    assert "40%" in [t.get_text() for t in ax.texts]


@pytest.fixture
def profile_frame():
    return pd.DataFrame({
        "review_id": ["a", "a", "b", "b"], "label": ["Ann", "Ann", "Bo", "Bo"],
        "aspect": ["acting", "plot"] * 2, "aspect_label": ["Acting", "Plot"] * 2,
        "n_sentences": [2, 0, 1, 3], "share": [0.5, 0.0, 0.25, 0.75],
        "mean_sentiment": [0.6, np.nan, -0.2, 0.1],
    })


def test_plot_aspect_profile_share_and_sentiment(profile_frame):
    fig, (a1, a2) = plt.subplots(1, 2)
    P.plot_aspect_profile(profile_frame, ax=a1, colors=COLORS, value="share")
    assert [t.get_text() for t in a1.get_yticklabels()] == ["Acting", "Plot"]
    colls = [c for c in a1.collections if isinstance(c, PathCollection)]
    assert [list(c.get_offsets()[:, 0]) for c in colls] == [[0.5, 0.0], [0.25, 0.75]]
    assert [t.get_text() for t in a1.get_legend().get_texts()] == ["Ann", "Bo"]
    P.plot_aspect_profile(profile_frame, ax=a2, colors=COLORS, value="mean_sentiment")
    colls = [c for c in a2.collections if isinstance(c, PathCollection)]
    # Ann never names the plot: its NaN is left out; dot area grows with n_sentences
    assert [list(c.get_offsets()[:, 0]) for c in colls] == [[0.6], [-0.2, 0.1]]
    assert list(colls[1].get_sizes()) == [22.0, 42.0]
    with pytest.raises(ValueError):
        P.plot_aspect_profile(profile_frame, ax=a2, colors=COLORS, value="bogus")


def test_plot_verdict_labels_each_critic():
    v = pd.DataFrame({"label": ["Ann", "Bo"], "final_para_polarity": [0.5, -0.25],
                      "best_judgement_position": [0.9, np.nan], "mixed_entropy": [0.5, 1.0]})
    fig, ax = plt.subplots()
    P.plot_verdict(v, ax=ax, colors=COLORS, legend=False, x="final_para_polarity")
    assert [t.get_text() for t in ax.texts] == ["Ann"]  # Bo has no judgement sentence
    (coll,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert list(coll.get_offsets()[0]) == [0.5, 0.9]
    assert list(coll.get_sizes()) == [130.0]
    # the default x is the critic engine's verdict score, and the dot says the verdict
    v["verdict_score"], v["verdict"] = [-0.3, 0.2], ["negative", "positive"]
    fig, ax = plt.subplots()
    P.plot_verdict(v, ax=ax, colors=COLORS, legend=False)
    assert [t.get_text() for t in ax.texts] == ["Ann: negative"]
    (coll,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert list(coll.get_offsets()[0]) == [-0.3, 0.9]


# ------------------------------------------------------------------ builders on the bundled film
@pytest.fixture(scope="module")
def bundle(bv_corpus):
    return {"cl": T.classify_sentences(bv_corpus), "sc": T.sentence_scores(bv_corpus)}


@pytest.mark.parametrize("size, width", [("article", 7.0), ("column", 3.5)])
def test_layer_arcs_figure(bv_corpus, bundle, size, width):
    spec = FT.build_layer_arcs(bv_corpus, size=size, classes=bundle["cl"], scores=bundle["sc"])
    assert spec.fig.get_size_inches()[0] == width
    assert spec.name == "treatment-layer-arcs" + ("" if size == "article" else "-column")
    labels = list(bv_corpus.labels().values())
    axes = [ax for ax in spec.fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in axes] == labels
    # each panel's judgement line is that critic's smoothed judgement data, in its colour
    colors = criticlens.critic_colors(labels)
    for ax, lab in zip(axes, labels):
        d = spec.data[(spec.data["label"] == lab) & (spec.data["cls"] == "judgement")]
        (line,) = [ln for ln in ax.get_lines() if ln.get_label() == "Judgement"]
        np.testing.assert_allclose(line.get_ydata(),
                                   P.break_gaps(d["position"], d["smooth"])[1])
        assert line.get_color() == colors[lab]
    assert "Most positive sentence" in spec.alt_text and labels[0] in spec.alt_text


def test_aspects_figure_data_and_alt(bv_corpus, bundle):
    spec = FT.build_aspects(bv_corpus, scores=bundle["sc"])
    prof = spec.data
    top = prof.loc[prof["share"].idxmax()]
    assert f"Largest share: {top['label']} on {top['aspect_label']} ({top['share']:.0%})" \
        in spec.alt_text
    left = spec.fig.axes[0]
    assert [t.get_text() for t in left.get_yticklabels()] == list(
        dict.fromkeys(prof["aspect_label"]))
    assert {"Class", "Marriage"} <= set(prof["aspect_label"])  # film.yaml's own aspects


def test_layer_shares_sum_to_one(bv_corpus, bundle):
    spec = FT.build_layer_shares(bv_corpus, classes=bundle["cl"])
    sums = spec.data.groupby("review_id")["share"].sum()
    assert np.allclose(sums, 1.0)
    n_bars = len(bv_corpus.review_ids) * len(T.CLASSES)
    assert len(spec.fig.axes[0].patches) == n_bars


def test_comparison_page_and_columns(bv_corpus, bundle):
    (page,) = C.build_comparison(bv_corpus, size="article", scores=bundle["sc"])
    assert page.name == "comparison-page"
    assert tuple(page.fig.get_size_inches()) == C.PAGE_SIZE
    assert list(dict.fromkeys(page.data["panel"])) == ["A", "B", "C", "D"]
    titles = [sf._suptitle.get_text() for sf in _subfigures(page.fig) if sf._suptitle]
    assert titles == ["A. The critic's tone through each review", "B. Sentences naming each scene",
                      "C. Distinctive terms", "D. What each critic talks about"]
    # one legend on the page names every critic in corpus order
    leg_texts = [t.get_text() for sf in _subfigures(page.fig) for lg in sf.legends
                 for t in lg.get_texts()]
    assert leg_texts == list(bv_corpus.labels().values())
    cols = C.build_comparison(bv_corpus, size="column", scores=bundle["sc"])
    assert [s.name for s in cols] == ["comparison-arcs-column", "comparison-scenes-column",
                                      "comparison-terms-column", "comparison-aspects-column"]
    assert all(s.fig.get_size_inches()[0] == C.COLUMN_WIDTH for s in cols)
    # the page's CSV is a table of contents: one tidy CSV per panel, no 31-column union
    assert page.data["csv"].tolist() == [f"comparison-page-{v}.csv"
                                         for v in ("arcs", "scenes", "terms", "aspects")]
    tables = page.extra["tables"]
    assert list(tables) == ["arcs", "scenes", "terms", "aspects"]
    assert page.data["rows"].tolist() == [len(t) for t in tables.values()]
    assert "share" in tables["aspects"] and "center" not in tables["aspects"]
    assert "center" in tables["arcs"] and "share" not in tables["arcs"]
    # panel B's table holds what it plots: sentences per critic and scene
    assert "sentences" in tables["scenes"].columns
    # each column figure's data is its panel's own frame, unchanged
    assert np.allclose(tables["aspects"]["share"].to_numpy(dtype=float),
                       cols[3].data["share"].to_numpy(dtype=float))
    assert list(cols[0].data.columns) == list(tables["arcs"].columns)


def _subfigures(fig):
    out = []
    for sf in fig.subfigs:
        out.append(sf)
        out.extend(_subfigures(sf))
    return out


# ------------------------------------------------------------------ the command
def test_read_alt_round_trip(tmp_path):
    fig, _ = plt.subplots()
    save_figure(fig, "x", out_dir=tmp_path, data=pd.DataFrame({"a": [1]}),
                alt_text="Alt.\nSecond line.", caption="Cap.", formats=("png",))
    assert F.read_alt(tmp_path / "x.alt.txt") == ("Cap.", "Alt.\nSecond line.")


def test_figure_modules_in_notebook_order():
    from criticlens.viz.figsets import TOPICS as TOPIC_ORDER

    mods = F.figure_modules()
    known = [t for t in TOPIC_ORDER if t in mods]
    assert mods[:len(known)] == known
    assert "treatment" in mods and "comparison" not in mods  # no export_figures there


def test_treatment_topic_export_and_index(tmp_path):
    recs = F.run_figures("blue-valentine", tmp_path, topics=["treatment"], progress=False)
    names = [r.name for r in recs]
    assert names[:5] == ["treatment-layer-arcs", "treatment-layer-means",
                         "treatment-layer-shares", "treatment-aspects", "treatment-verdict"]
    assert "comparison-page" in names and "comparison-aspects-column" in names
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    # the comparison page comes first, under its own heading
    heads = [ln for ln in index.splitlines() if ln.startswith("## ")]
    assert heads == ["## comparison", "## treatment", "## tables"]
    assert index.index("### comparison-page\n") < index.index("### treatment-layer-arcs\n")
    # its four tidy panel CSVs are written and linked
    for part in ("arcs", "scenes", "terms", "aspects"):
        assert (tmp_path / f"comparison-page-{part}.csv").is_file()
        assert f"[data: {part} (CSV)](comparison-page-{part}.csv)" in index
    # the sentence table is listed; the verdict table is not written twice
    assert "[treatment-sentences.csv](treatment-sentences.csv): 78 rows" in index
    assert not (tmp_path / "treatment-verdict-table.csv").exists()
    assert not re.search(r"\b1 (sentences|mentions|critics|words|times)\b", index)
    for r in recs:
        extra = {f"csv:{p}" for p in ("arcs", "scenes", "terms", "aspects")} \
            if r.name == "comparison-page" else set()
        if r.name == "treatment-verdict":   # every sentence's part in the critic verdict
            extra = {"csv:evidence"}
        assert set(r.files) == {"png", "svg", "pdf", "csv", "alt"} | extra
        assert f"### {r.name}\n" in index
        assert r.caption and f"**Caption.** {r.caption}" in index
        assert f"**Alt text.** {r.alt_text}" in index
        w, h = struct.unpack(">II", (tmp_path / r.files["png"]).read_bytes()[16:24])
        assert w > 1000 and h > 300  # 300 dpi: a 3.5 in figure is ~1000 px wide
    assert (tmp_path / "treatment-sentences.csv").is_file()


def test_a_figure_name_escaping_out_is_refused(tmp_path, monkeypatch):
    evil = types.ModuleType("criticlens.viz.figsets.evil")

    def export_figures(corpus, out_dir):
        fig, _ = plt.subplots()
        save_figure(fig, "../escaped", out_dir=out_dir, data=pd.DataFrame({"a": [1]}),
                    alt_text="x")

    evil.export_figures = export_figures
    monkeypatch.setitem(sys.modules, "criticlens.viz.figsets.evil", evil)
    monkeypatch.setattr(F, "figure_modules", lambda: ["evil"])
    out = tmp_path / "out"
    with pytest.raises(F.FiguresError, match="unsafe output name"):
        F.run_figures("blue-valentine", out, progress=False)
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["index.md"]
    # the command turns it into exit code 5 (refused for safety)
    from criticlens.cli.main import EXIT_UNSAFE, main

    assert main(["figures", "blue-valentine", "--out", str(out), "--no-progress"]) == EXIT_UNSAFE


def test_unknown_topic_and_missing_film(tmp_path):
    with pytest.raises(ValueError, match="unknown figure topic"):
        F.run_figures("blue-valentine", tmp_path, topics=["nope"], progress=False)
    from criticlens.cli.main import EXIT_NOT_FOUND, main

    assert main(["figures", str(tmp_path / "no-such-film"), "--out", str(tmp_path),
                 "--no-progress"]) == EXIT_NOT_FOUND


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.slow
def test_command_twice_in_separate_processes_is_byte_identical(tmp_path):
    outs = []
    for i in (1, 2):
        out = tmp_path / f"run{i}"
        res = subprocess.run([sys.executable, "-m", "criticlens.cli.main", "figures", "blue-valentine",
                              "--out", str(out), "--no-progress"],
                             capture_output=True, text=True,
                             env={"PATH": "", "MPLBACKEND": "Agg", "HOME": str(tmp_path)})
        assert res.returncode == 0, res.stderr
        outs.append(out)
    h1, h2 = _hashes(outs[0]), _hashes(outs[1])
    assert h1 == h2
    # the complete set: every indexed figure has all five files, plus index.md
    index = (outs[0] / "index.md").read_text(encoding="utf-8")
    figures_part = index.split("\n## tables\n")[0]
    names = [ln[4:] for ln in figures_part.splitlines() if ln.startswith("### ")]
    assert len(names) >= 20
    for n in names:
        for ext in ("png", "svg", "pdf", "csv", "alt.txt"):
            assert f"{n}.{ext}" in h1, f"{n}.{ext}"
    assert {"comparison-page", "treatment-layer-arcs", "sentiment-arcs",
            "scene-heatmap"} <= set(names)


# ------------------------------------------------------------------ any film folder


@pytest.mark.filterwarnings("error:constrained_layout not applied:UserWarning")
def test_treatment_figures_on_a_second_film(second_film, tmp_path):
    corpus = criticlens.load_film(second_film)
    labels = list(corpus.labels().values())
    assert len(labels) == 4
    recs = F.run_figures(second_film, tmp_path, topics=["treatment"], progress=False)
    names = {r.name for r in recs}
    assert {"treatment-layer-arcs", "comparison-page", "comparison-terms-column"} <= names
    arcs = pd.read_csv(tmp_path / "treatment-layer-arcs.csv", dtype={"review_id": str})
    assert list(dict.fromkeys(arcs["label"])) == labels
    for r in recs:  # every alt text names the film, never the bundled one
        assert corpus.title in r.alt_text and "Blue Valentine" not in r.alt_text
    prof = pd.read_csv(tmp_path / "treatment-aspects.csv")
    assert set(prof["aspect"]) >= set(T.BASE_ASPECTS)


def test_a_broken_topic_does_not_stop_the_others(tmp_path, monkeypatch):
    broken = types.ModuleType("criticlens.viz.figsets.broken")

    def export_figures(corpus, out_dir):
        raise RuntimeError("boom")

    broken.export_figures = export_figures
    monkeypatch.setitem(sys.modules, "criticlens.viz.figsets.broken", broken)
    monkeypatch.setattr(F, "figure_modules", lambda: ["broken", "corpus"])
    with pytest.raises(F.FiguresError) as info:
        F.run_figures("blue-valentine", tmp_path, progress=False)
    assert info.value.failures == {"broken": "RuntimeError: boom"}
    assert [r.name for r in info.value.records] == ["review-length"]
    assert "### review-length" in (tmp_path / "index.md").read_text(encoding="utf-8")


def test_one_critic_film_skips_comparative_sets_and_failed_load_writes_nothing(tmp_path, capsys):
    from criticlens.corpus.load import FilmLoadError
    from criticlens.viz.figures import run_figures

    film = tmp_path / "one"
    (film / "reviews").mkdir(parents=True)
    (film / "film.yaml").write_text("title: One\n", encoding="utf-8")
    (film / "reviews.csv").write_text("review_id,file\na,reviews/a.txt\n", encoding="utf-8")
    (film / "reviews" / "a.txt").write_text("A fine film. It lands. I liked it a lot.\n", encoding="utf-8")
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the short review is said in the figures, not warned
        records = run_figures(film, out, progress=False)
    arcs = next(r for r in records if r.name == "sentiment-arcs")
    assert arcs.caption.endswith("The review is too short for the DCT (5 sentences or more): "
                                 "drawn with the rolling mean, a flat line for a one-sentence "
                                 "review.")
    names = {r.name for r in records}
    assert "review-length" in names and not any(n.startswith("vocab-") for n in names)
    assert not any(n.startswith("comparison-") for n in names)
    assert "skipped 'vocab': needs at least 2 critics, the film has 1" in capsys.readouterr().out
    # every review rejected: nothing written, not even the folder
    (film / "reviews" / "a.txt").write_bytes(b"")
    out2 = tmp_path / "out2"
    with pytest.raises(FilmLoadError):
        run_figures(film, out2, progress=False)
    assert not out2.exists()
