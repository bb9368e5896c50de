"""Critic similarity: who writes like whom, on vocabulary, tone and scenes (the overview of a
film with many critics).

:func:`critic_similarity` gives, for every pair of critics, three similarities in 0..1 and their
mean:

- ``vocabulary``: cosine of the two term-count vectors (:func:`criticlens.vocab.counts.overlap`,
  content words of the body);
- ``tone``: ``1 - |mean tone a - mean tone b| / 2``, the mean tone being the mean of the default
  engines' primary sentence scores (-1..1) over the review body: 1 = same overall tone;
- ``scenes``: cosine of the two vectors of sentences naming each scene of film.yaml; NaN when
  either critic names no scene (or the film lists none);
- ``combined``: the mean of the similarities that are defined.

:func:`build_similarity` draws the combined similarity as a heatmap whose critics are ordered by
average-linkage clustering (similar critics side by side; rows labelled up to 30, then thinned),
beside a 2-D map of the critics (classical multidimensional scaling of ``1 - combined``, Torgerson
1952): near = alike. Critics are coloured by group when the film has groups; with eight critics or
fewer each dot is labelled.
"""
from __future__ import annotations

import os
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from criticlens.corpus.load import Corpus
from criticlens.viz import many as M
from criticlens.viz.export import FigureSpec, save_spec
from criticlens.viz.style import critic_colors, style_context

#: Comparing critics needs two.
MIN_CRITICS = 2
MEASURES = ("vocabulary", "tone", "scenes")


def critic_similarity(corpus: Corpus, *, scores: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per unordered pair of critics (corpus order): ``a, b`` (labels), ``vocabulary``,
    ``tone``, ``scenes``, ``combined`` (see the module docstring)."""
    from criticlens.mentions.scenes import scene_table
    from criticlens.sentiment.arcs import arc_points
    from criticlens.vocab.counts import overlap

    labels = corpus.labels()
    order = [labels[r] for r in corpus.review_ids]
    if len(order) < 2:
        raise ValueError("similarity needs at least two critics")
    voc = overlap(corpus, measures=["cosine"])
    vocab = {(a, b): v for a, b, v in zip(voc["a"], voc["b"], voc["value"])}
    pts = arc_points(corpus, scores)
    tone = pts.groupby("review_id", sort=False)["score"].mean()
    mean_tone = {labels[r]: float(tone.get(r, np.nan)) for r in corpus.review_ids}
    st = scene_table(corpus, complete=True) if corpus.film is not None else pd.DataFrame()
    if len(st):
        mat = st.pivot_table(index="review_id", columns="scene_id", values="sentences",
                             aggfunc="sum", sort=False).fillna(0)
        vec = {labels[r]: mat.loc[r].to_numpy(dtype=float) if r in mat.index else None
               for r in corpus.review_ids}
    else:
        vec = {lab: None for lab in order}
    rows = []
    for i, a in enumerate(order):
        for b in order[i + 1:]:
            v = vocab.get((a, b), vocab.get((b, a), np.nan))
            t = 1 - abs(mean_tone[a] - mean_tone[b]) / 2
            va, vb = vec[a], vec[b]
            if va is None or vb is None or not va.any() or not vb.any():
                s = np.nan
            else:
                s = float(va @ vb / (np.linalg.norm(va) * np.linalg.norm(vb)))
            vals = [x for x in (v, t, s) if not pd.isna(x)]
            rows.append((a, b, v, t, s, float(np.mean(vals)) if vals else np.nan))
    return pd.DataFrame(rows, columns=["a", "b", *MEASURES, "combined"])


def similarity_matrix(pairs: pd.DataFrame, order: list[str], value: str = "combined"
                      ) -> pd.DataFrame:
    """Square matrix of one column of :func:`critic_similarity` (1 on the diagonal)."""
    pos = {label: i for i, label in enumerate(order)}
    m = np.eye(len(order))
    for a, b, v in zip(pairs["a"], pairs["b"], pairs[value]):
        m[pos[a], pos[b]] = m[pos[b], pos[a]] = v
    return pd.DataFrame(m, index=order, columns=order)


def cluster_order(matrix: pd.DataFrame) -> list[str]:
    """Critics ordered by average-linkage clustering of ``1 - similarity`` (leaf order)."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    if len(matrix) < 3:
        return list(matrix.index)
    d = 1 - matrix.fillna(0).to_numpy(dtype=float)
    np.fill_diagonal(d, 0)
    d = np.clip((d + d.T) / 2, 0, None)
    return [matrix.index[i] for i in leaves_list(linkage(squareform(d, checks=False), "average"))]


def mds_2d(matrix: pd.DataFrame) -> pd.DataFrame:
    """Classical MDS (Torgerson 1952) of ``1 - similarity``: ``label, x, y``."""
    d = 1 - matrix.fillna(0).to_numpy(dtype=float)
    np.fill_diagonal(d, 0)
    n = len(d)
    j = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * j @ (d ** 2) @ j
    w, v = np.linalg.eigh(b)
    idx = np.argsort(w)[::-1][:2]
    coords = v[:, idx] * np.sqrt(np.clip(w[idx], 0, None))
    for k in range(coords.shape[1]):  # fix the sign: the largest |value| positive (stable bytes)
        if coords[np.argmax(np.abs(coords[:, k])), k] < 0:
            coords[:, k] *= -1
    return pd.DataFrame({"label": list(matrix.index), "x": coords[:, 0],
                         "y": coords[:, 1] if coords.shape[1] > 1 else 0.0})


def build_similarity(corpus: Corpus, *, scores: pd.DataFrame | None = None,
                     size: str = "article") -> FigureSpec:
    """Clustered heatmap of combined similarity and the 2-D map of the critics."""
    from criticlens.viz.plots.many import matrix_heatmap

    pairs = critic_similarity(corpus, scores=scores)
    labels = corpus.labels()
    order = [labels[r] for r in corpus.review_ids]
    mat = similarity_matrix(pairs, order)
    ordered = cluster_order(mat)
    mat = mat.loc[ordered, ordered]
    pos = mds_2d(mat)
    g = M.groups(corpus)
    if g is not None:
        by_label = {labels[r]: g[r] for r in corpus.review_ids}
        gcol = M.group_colors(list(dict.fromkeys(g)))
        colors = {lab: gcol[by_label[lab]] for lab in order}
    else:
        by_label, gcol = {}, {}
        colors = critic_colors(order) if len(order) <= M.MAX_INDIVIDUAL else \
            {lab: M.GROUP_COLORS[0] for lab in order}
    width = 7.0 if size == "article" else 3.5
    few = len(order) <= M.MAX_INDIVIDUAL
    with style_context(size):  # type: ignore[arg-type]
        fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(width, width * 0.5),
                                       width_ratios=[1.15, 1.0])
        matrix_heatmap(mat.set_axis([""] * len(ordered), axis=1) if not few else mat,
                       ax=ax1, fmt="{:.2f}", vmax=1.0, annotate=few and len(order) <= 5,
                       row_colors=colors if g is not None else None, xrotation=40 if few else 0,
                       max_row_labels=int(width * 0.5 * 4))  # about 4 labels an inch
        if not few:
            ax1.set_xticks([])
        if ax1.images:  # the colour key, under the heatmap (the map has no colour scale)
            cb = fig.colorbar(ax1.images[0], ax=ax1, location="bottom", shrink=0.8,
                              aspect=25, pad=0.03)
            cb.set_label("combined similarity (0 unlike, 1 alike)", fontsize="small")
            cb.ax.tick_params(labelsize="small")
            cb.outline.set_visible(False)
        ax1.set_title("combined similarity (clustered)", loc="left", fontsize="medium")
        ax2.scatter(pos["x"], pos["y"], c=[colors[lab] for lab in pos["label"]], s=28 if few else 10,
                    edgecolors="white", linewidths=0.4, zorder=3)
        if few:
            for r in pos.itertuples(index=False):
                ax2.annotate(str(r.label), (r.x, r.y), xytext=(4, 3), textcoords="offset points",
                             fontsize="x-small")
        for grp, c in gcol.items():
            ax2.scatter([], [], color=c, s=12, label=f"{grp} ({sum(1 for v in by_label.values() if v == grp)})")
        if gcol:
            ax2.legend(loc="best", fontsize="x-small")
        ax2.set_title("map: near = alike", loc="left", fontsize="medium")
        ax2.set_xticks([])
        ax2.set_yticks([])
        ax2.grid(False)
        ax2.margins(0.25 if few else 0.08)
        fig.suptitle(f"{corpus.title}: how alike the {len(order)} critics write",
                     x=0.0, ha="left", fontweight="bold", fontsize=10)
    best = pairs.loc[pairs["combined"].idxmax()] if pairs["combined"].notna().any() else None
    worst = pairs.loc[pairs["combined"].idxmin()] if pairs["combined"].notna().any() else None
    alt = (f"Left: heatmap of how alike each pair of the {len(order)} critics of {corpus.title} "
           f"is (mean of vocabulary cosine, tone closeness and scene cosine, 0 to 1), critics "
           f"ordered by clustering. Right: the critics as points, near when alike.")
    if best is not None:
        alt += (f" Most alike: {best['a']} and {best['b']} ({best['combined']:.2f}); least: "
                f"{worst['a']} and {worst['b']} ({worst['combined']:.2f}).")
    data = pairs.merge(pos.rename(columns={"label": "a", "x": "map_x_a", "y": "map_y_a"}), on="a",
                       how="left")
    return FigureSpec("critic-similarity", fig, data, alt,
                      caption="Who writes like whom: vocabulary, tone and scenes combined; "
                              "clusters of critics sit together in the heatmap and on the map.")


def export_figures(corpus: Corpus, out_dir: str | os.PathLike[str]) -> list[FigureSpec]:
    """Build and export the similarity figure."""
    spec = build_similarity(corpus)
    save_spec(spec, out_dir)
    return [spec]


__all__ = ["MEASURES", "build_similarity", "cluster_order", "critic_similarity",
           "export_figures", "mds_2d", "similarity_matrix"]
