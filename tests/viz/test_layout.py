"""The legibility helper (criticlens.viz.layout): known overlaps, clips and non-overlaps."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from criticlens.viz.layout import assert_legible, drawn_texts, text_problems  # noqa: E402


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_two_texts_on_top_of_each_other_overlap():
    fig = plt.figure(figsize=(4, 3))
    fig.text(0.5, 0.5, "first label", ha="center")
    fig.text(0.5, 0.5, "second label", ha="center")
    assert text_problems(fig) == ["'first label' overlaps 'second label'"]


def test_separate_texts_and_an_empty_one_are_fine():
    fig = plt.figure(figsize=(4, 3))
    fig.text(0.1, 0.2, "left")
    fig.text(0.6, 0.8, "right")
    fig.text(0.6, 0.2, "   ")  # blank: not drawn text
    assert text_problems(fig) == []
    assert [t.get_text() for t in drawn_texts(fig)] == ["left", "right"]


def test_text_past_the_right_edge_is_clipped():
    fig = plt.figure(figsize=(4, 3))
    fig.text(0.9, 0.5, "a long label that runs off")
    assert text_problems(fig) == ["'a long label that runs off' leaves the canvas (right)"]
    with pytest.raises(AssertionError, match="1 text problem"):
        assert_legible(fig)


def test_rotated_neighbours_are_judged_by_their_rotated_boxes():
    """Tick labels at 40 degrees: their upright envelopes overlap, the labels do not."""
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.set_xticks(range(6))
    ax.set_xticklabels([f"scene label {i}" for i in range(6)], rotation=40, ha="right")
    assert text_problems(fig) == []
    fig2, ax2 = plt.subplots(figsize=(4, 3), layout="constrained")
    ax2.set_xticks([0, 0.05])  # two long labels at almost the same place: they do overlap
    ax2.set_xticklabels(["scene label one", "scene label two"], rotation=40, ha="right")
    assert any("overlaps" in p for p in text_problems(fig2))


def test_ticks_outside_the_view_and_hidden_axes_do_not_count():
    fig, axs = plt.subplots(1, 2, figsize=(4, 3), layout="constrained")
    axs[0].set_xticks([0, 1, 5])
    axs[0].set_xlim(0, 1)  # 5 is now outside the view: not drawn
    axs[1].set_title("hidden")
    axs[1].set_visible(False)
    texts = [t.get_text() for t in drawn_texts(fig)]
    assert "hidden" not in texts and "5" not in texts
