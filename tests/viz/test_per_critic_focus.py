"""Figures with one panel per critic choose their critics themselves above eight: a notebook on a
film of 35 (or 300) critics gets the exported figure's eight panels, not one per critic."""
from __future__ import annotations

import pytest

from criticlens.corpus.load import load_film
from criticlens.paths import resolve_film


@pytest.fixture(scope="module")
def goldmember():
    return load_film(resolve_film("austin-powers-in-goldmember"))


def _panels(spec):
    return [ax for ax in spec.fig.get_axes() if ax.get_visible()]


@pytest.mark.parametrize("build", ["arcs", "scenes", "treatment"])
def test_eight_longest_by_default_and_the_named_critics_on_request(goldmember, build):
    from criticlens.viz.figsets import arcs, scenes, treatment

    builder = {"arcs": arcs.build_arcs_panels, "scenes": scenes.build_scene_arcs,
               "treatment": treatment.build_layer_arcs}[build]
    spec = builder(goldmember)
    assert len(_panels(spec)) == 8
    assert "8 of 35 critics shown" in spec.caption and "8 of 35 critics shown" in spec.alt_text
    assert "(8 of 35 critics)" in spec.fig._suptitle.get_text()
    # the eight longest reviews (most body words), whatever order they come in
    words = goldmember.reviews.set_index("review_id")["n_words"]
    longest = set(words.sort_values(ascending=False, kind="mergesort").index[:8])
    assert set(spec.data["review_id"].astype(str)) <= longest
    labels = goldmember.labels()
    two = [labels[goldmember.review_ids[0]], goldmember.review_ids[5]]  # a label and an id
    spec = builder(goldmember, critics=two)
    assert {ax.get_title(loc="left") for ax in _panels(spec)} == {labels[goldmember.review_ids[0]],
                                                         labels[goldmember.review_ids[5]]}
    assert "2 of 35 critics shown" in spec.caption
