"""A film with one critic: the figures that compare critics draw their "single" design (the
critic's most-used terms, one line saying there is nothing to compare) instead of raising.
Counts worked out by hand on a one-sentence review."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

import criticlens  # noqa: E402
from criticlens.viz import many as M  # noqa: E402
from criticlens.viz.figsets import vocab as V  # noqa: E402

# Body words after stopwords: gravel road gravel roads gravel dust dust settles. "road" and
# "roads" are merged (plurals="merge"): gravel 3, dust 2, road 2, settles 1; ties alphabetical.
TEXT = "Gravel road, gravel roads and gravel dust. Dust settles."
WANT = [("gravel", 3), ("dust", 2), ("road", 2), ("settles", 1)]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture
def one():
    return criticlens.corpus_from_texts({"r1": TEXT}, critics={"r1": "Ann"})


def test_one_critic_is_the_single_design(one):
    assert M.design_for(len(one.review_ids)) == "single"


def test_single_terms_counts_by_hand(one):
    t = V.single_terms(one)
    assert list(t.columns) == ["critic", "term", "count"]
    assert list(zip(t["term"], t["count"])) == WANT
    assert set(t["critic"]) == {"Ann"}
    assert list(V.single_terms(one, min_count=2)["term"]) == ["gravel", "dust", "road"]


@pytest.mark.parametrize("build, name", [
    (lambda c: V.build_distinctive_terms(c), "vocab-distinctive-log-odds"),
    (lambda c: V.build_distinctive_terms(c, method="log_likelihood"), "vocab-distinctive-log-likelihood"),
    (lambda c: V.build_overlap_heatmap(c), "vocab-overlap-jaccard"),
    (lambda c: V.build_overlap_measures(c), "vocab-overlap-measures"),
])
def test_comparing_figures_draw_the_critics_top_terms(one, build, name):
    spec = build(one)
    assert spec.name == name
    ax = spec.fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [w for w, _ in WANT]
    assert [p.get_width() for p in ax.patches] == [n for _, n in WANT]
    assert [t.get_text() for t in ax.texts] == [str(n) for _, n in WANT]
    assert ax.get_title(loc="left").startswith("One critic: nothing to compare")
    assert "needs two critics; the film has one, Ann" in spec.alt_text
    assert "gravel (3), dust (2), road (2), settles (1)" in spec.alt_text
    assert spec.caption.startswith("One critic: nothing to compare.")


def test_comparison_page_panel_c_single(one):
    from criticlens.viz.figsets.comparison import _terms_panel

    p = _terms_panel(one)
    assert p.letter == "C"
    assert list(zip(p.data["term"], p.data["count"])) == WANT
    assert p.alt.startswith("C: One critic: nothing to compare")
    fig = plt.figure()
    p.draw(fig, "article")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [w for w, _ in WANT]


@pytest.mark.parametrize("size", ["article", "column"])
def test_single_design_is_legible_with_a_long_label(size):
    """Nothing clipped or overlapping at either width, with a long critic label (wrapped)."""
    from criticlens.viz import export
    from criticlens.viz.layout import assert_legible

    c = criticlens.corpus_from_texts({"r1": TEXT}, critics={"r1": "Unsigned (cv000_29416) of a long outlet"})
    for spec in (V.build_distinctive_terms(c, size=size), V.build_overlap_measures(c, size=size),
                 V.build_distinctive_terms(c, ngram=2, min_count=2, size=size),
                 V.build_distinctive_terms(c, ngram=2, min_count=5, size=size),
                 V.build_upset(c, size=size)):
        export.prepare(spec.fig)
        assert_legible(spec.fig, what=spec.name)


def test_single_design_with_nothing_to_show_says_so(one):
    spec = V.build_distinctive_terms(one, ngram=2, min_count=5)  # no phrase is used 5 times
    assert spec.data.empty and not spec.fig.axes[0].patches
    assert " ".join(spec.fig.axes[0].get_title(loc="left").split()) == (
        "One critic: nothing to compare, and no phrase (used at least 5 times) to show.")
    assert "a bar chart of the 0 phrases" in spec.alt_text and spec.alt_text.endswith("none.")


def test_upset_of_one_critic_is_one_bar_and_says_why(one):
    spec = V.build_upset(one)
    # body vocabulary: gravel, road, roads, dust, settles (the UpSet counts word forms as used)
    assert list(spec.data["n_terms"]) == [5]
    assert any(a.get_title(loc="left").endswith(
        "\nOne critic: all 5 terms are theirs alone, nothing to compare.") for a in spec.fig.axes)
    assert spec.alt_text.endswith("one bar, 5 terms. One critic: all 5 terms are theirs alone, "
                                  "nothing to compare.")
