"""Vocabulary figures (notebook 03): overlap heatmaps, UpSet, distinctive terms, dispersion.

Every builder returns a :class:`criticlens.viz.export.FigureSpec` whose ``data`` is the frame
plotted and whose alt text is generated from it; :func:`export_figures` saves them all.
"""
from __future__ import annotations

import inspect
import os
import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from criticlens.viz.export import FigureSpec, save_spec
from criticlens.vocab.keyness import NOT_SIGNIFICANT, distinctive_terms, top_terms
from criticlens.vocab.kwic import term_hits
from criticlens.viz.plots.dispersion import dispersion_plot
from criticlens.viz.plots.vocab import distinctive_terms_chart, overlap_heatmap, upset_plot
from criticlens.viz.style import TOL_MUTED, critic_colors, style_context
from criticlens.vocab.counts import (
    MEASURE_LABELS, MEASURES, intersections, overlap, set_sizes, term_counts, vocabularies,
)

_WIDTH = {"article": 7.0, "column": 3.5}

#: Overlap, intersections and keyness compare critics: with fewer, `criticlens figures` skips
#: this set and says so.
MIN_CRITICS = 2


def _width(size: str) -> float:
    if size not in _WIDTH:
        raise ValueError(f"size must be 'article' or 'column', got {size!r}")
    return _WIDTH[size]


def _labels(corpus: Any) -> list[str]:
    return [corpus.labels()[r] for r in corpus.review_ids]


def _at_most_eight(corpus: Any) -> Any:
    """Per-critic figures draw at most eight critics (:func:`criticlens.viz.many.focused`: the
    eight longest reviews, the title says "(8 of 35 critics)"); pass a subset to choose."""
    from criticlens.viz import many as M

    return M.focused(corpus)[0]


def _restrict(corpus: Any, critics: Sequence[str] | None) -> Any:
    """The corpus restricted to ``critics`` (labels or review ids; ``None``: all of them)."""
    from criticlens.viz import many as M

    return corpus if critics is None else M.subset(corpus, M.resolve_critics(corpus, critics))


def _is_many(corpus: Any) -> bool:
    from criticlens.viz import many as M

    return M.design_for(len(corpus.review_ids)) == "many"


def _title(corpus: Any) -> str:
    """The film's title, or "Untitled film" for an in-memory corpus without film metadata."""
    return str(getattr(corpus, "title", "") or "Untitled film")


def _pairs_sentence(d: pd.DataFrame, fmt: str = "{:.2f}") -> str:
    d = d[d["value"].notna()]
    if d.empty:
        return "undefined for every pair (empty vocabularies)"
    hi = d.loc[d["value"].idxmax()]
    lo = d.loc[d["value"].idxmin()]
    return (f"highest {hi['a']} and {hi['b']} ({fmt.format(hi['value'])}), "
            f"lowest {lo['a']} and {lo['b']} ({fmt.format(lo['value'])})")


# --- one critic ------------------------------------------------------------------------------

#: Terms drawn by the one-critic design.
SINGLE_TERMS = 10


def single_terms(corpus: Any, *, n: int = SINGLE_TERMS, ngram: int | tuple[int, ...] = 1,
                 min_count: int = 1, **vocab_options: Any) -> pd.DataFrame:
    """The ``n`` terms the (first) critic uses most, used at least ``min_count`` times: columns
    critic, term, count; most used first, ties alphabetical. Plurals are merged with their
    singular as in :func:`criticlens.vocab.keyness.distinctive_terms`."""
    from criticlens.vocab.counts import merge_plurals

    lab = _labels(corpus)[0]
    tc = merge_plurals(term_counts(corpus, ngram=ngram, **vocab_options))
    per = tc[tc["critic"] == lab].groupby("term", as_index=False)["count"].sum()
    per = per[per["count"] >= min_count].sort_values(["count", "term"], ascending=[False, True],
                                                     kind="mergesort").head(n)
    return pd.DataFrame({"critic": lab, "term": per["term"].astype(str).to_numpy(),
                         "count": per["count"].astype(int).to_numpy()},
                        columns=["critic", "term", "count"])


def build_single(corpus: Any, name: str, what: str, *, n: int = SINGLE_TERMS,
                 ngram: int | tuple[int, ...] = 1, min_count: int = 1, size: str = "article",
                 **vocab_options: Any) -> FigureSpec:
    """The one-critic design of a figure that compares critics (``name``: its file name,
    ``what``: what it would compare): the critic's ``n`` most-used terms (:func:`single_terms`)
    under one line saying there is nothing to compare. ``data`` is that table."""
    from criticlens.viz.plots.vocab import term_count_chart

    lab = _labels(corpus)[0]
    top = single_terms(corpus, n=n, ngram=ngram, min_count=min_count, **vocab_options)
    kind = "phrases" if ngram == 2 else "terms"
    least = f" (used at least {min_count} times)" if min_count > 1 else ""
    w = _width(size)
    why = (f"One critic: nothing to compare, so {lab}'s most-used {kind}{least} instead."
           if len(top) else f"One critic: nothing to compare, and no {kind[:-1]}{least} to show.")
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(w * 0.8, 1.4 + 0.22 * max(len(top), 1)))
        term_count_chart(top, ax=ax, color=critic_colors([lab])[lab])
        fig.suptitle(textwrap.fill(f"{_title(corpus)}: {what}", int(w * 0.8 * 11)),
                     fontweight="bold", x=0.0, ha="left", fontsize=10)
        ax.set_title(textwrap.fill(why, int(w * 0.8 * 13)), loc="left", fontsize="small",
                     color="#444444")
    found = (", ".join(f"{t} ({c})" for t, c in zip(top["term"], top["count"]))
             if len(top) else "none")
    alt = (f"{what.capitalize()} of {_title(corpus)} needs two critics; the film has one, "
           f"{lab}. Instead, a bar chart of the {len(top)} {kind if len(top) != 1 else kind[:-1]} "
           f"{lab} uses most{least}, with counts: {found}.")
    return FigureSpec(name, fig, top, alt,
                      caption=f"One critic: nothing to compare. The bars are {lab}'s most-used "
                              f"{kind}{least} (stopwords removed), each with its count.")


# --- overlap ---------------------------------------------------------------------------------

def build_overlap_heatmap(corpus: Any, *, measure: str = "jaccard", size: str = "article",
                          critics: Sequence[str] | None = None, highlight: Sequence[str] = (),
                          order: str = "cluster", **vocab_options: Any) -> FigureSpec:
    """Heatmap of one overlap measure between every pair of critics.

    Eight critics or fewer: each pair's value written in its cell. More (``critics=`` names a
    subset, labels or review ids): every critic a row and a column, no values, ordered by group
    and then by ``order`` ("cluster": average-linkage clustering within the group, similar
    critics side by side; "size": largest vocabulary first), the ``highlight`` critics'
    rows labelled in bold (:func:`build_overlap_many`)."""
    corpus = _restrict(corpus, critics)
    if _is_many(corpus):
        return build_overlap_many(corpus, measure=measure, size=size, highlight=highlight,
                                  order=order, **vocab_options)
    labels = _labels(corpus)
    if len(labels) < 2:
        return build_single(corpus, f"vocab-overlap-{measure}",
                            f"vocabulary overlap ({MEASURE_LABELS[measure]})", size=size,
                            **vocab_options)
    tidy = overlap(corpus, measures=[measure], **vocab_options)
    if tidy.empty:
        raise ValueError("an overlap heatmap needs at least two critics")
    from criticlens.vocab.counts import matrix_from_tidy

    mat = matrix_from_tidy(tidy, measure, order=labels)
    w = _width(size)
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(w * 0.8, w * 0.6))
        overlap_heatmap(mat, ax=ax, label=MEASURE_LABELS[measure])
        ax.set_title(f"{_title(corpus)}: vocabulary overlap ({MEASURE_LABELS[measure]})")
    alt = (f"Heatmap of {MEASURE_LABELS[measure]} overlap between the body vocabularies of "
           f"{len(labels)} critics of {_title(corpus)} ({', '.join(labels)}), each pair's value "
           f"written in its cell; {_pairs_sentence(tidy)}.")
    return FigureSpec(f"vocab-overlap-{measure}", fig, tidy, alt,
                      caption=f"How alike the critics' vocabularies are ({MEASURE_LABELS[measure]}, "
                              "stopwords removed; 1 = identical).")


def build_overlap_measures(corpus: Any, *, size: str = "article",
                           critics: Sequence[str] | None = None,
                           **vocab_options: Any) -> FigureSpec:
    """The four overlap measures side by side (2×2 heatmaps, each on its own scale).

    More than eight critics: for each measure, the distribution of the pairs' values within
    each group and between groups (:func:`build_overlap_distributions`)."""
    corpus = _restrict(corpus, critics)
    if _is_many(corpus):
        return build_overlap_distributions(corpus, size=size, **vocab_options)
    labels = _labels(corpus)
    if len(labels) < 2:
        return build_single(corpus, "vocab-overlap-measures",
                            "four measures of vocabulary overlap", size=size, **vocab_options)
    tidy = overlap(corpus, **vocab_options)
    if tidy.empty:
        raise ValueError("overlap heatmaps need at least two critics")
    from criticlens.vocab.counts import matrix_from_tidy

    w = _width(size)
    with style_context(size):  # type: ignore[arg-type]
        fig, axs = plt.subplots(2, 2, figsize=(w, w * 0.85))
        # more than four critics: four small panels have no room for names and values on every
        # cell; number the critics, name them once on the left, colour only (the CSV has values)
        compact = len(labels) > 4
        nums = [str(i + 1) for i in range(len(labels))]
        for k, (ax, m) in enumerate(zip(axs.flat, MEASURES)):
            mat = matrix_from_tidy(tidy, m, order=labels)
            if compact:
                mat = mat.set_axis(nums, axis=0).set_axis(nums, axis=1)
            overlap_heatmap(mat, ax=ax, label=MEASURE_LABELS[m], annotate=not compact)
            if compact and k % 2 == 0:
                ax.set_yticks(range(len(labels)), [f"{i + 1} {textwrap.shorten(lab, 22, placeholder='...')}"
                                                   for i, lab in enumerate(labels)])
            if compact:
                ax.tick_params(axis="x", labelrotation=0)
        fig.suptitle(f"{_title(corpus)}: four measures of vocabulary overlap", fontweight="bold",
                     x=0.0, ha="left", fontsize=10)
    parts = [f"{MEASURE_LABELS[m]}: {_pairs_sentence(tidy[tidy['measure'] == m])}" for m in MEASURES]
    alt = (f"Four heatmaps of vocabulary overlap between {len(labels)} critics of {_title(corpus)} "
           f"({', '.join(labels)}). " + "; ".join(parts) + ".")
    return FigureSpec("vocab-overlap-measures", fig, tidy, alt,
                      caption="Jaccard, Sørensen–Dice, overlap coefficient and count cosine for "
                              "every pair of critics; each panel has its own colour scale.")


# --- overlap, many critics ---------------------------------------------------------------------

#: Orders of the critics within a group in the many-critic overlap heatmap.
OVERLAP_ORDERS = ("cluster", "size")


def _text_width_in(texts: Sequence[str], size_param: str) -> float:
    """Width in inches of the widest of ``texts`` at the current rcParams font size
    ``size_param`` (e.g. "ytick.labelsize"), measured without drawing."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextPath

    prop = FontProperties(size=plt.rcParams[size_param])
    return max((TextPath((0, 0), str(t), prop=prop).get_extents().width / 72.0 for t in texts),
               default=0.0)


def _label_groups(corpus: Any) -> dict[str, str]:
    """Critic label -> group ("all critics" when the film has no group column)."""
    from criticlens.viz import many as M

    labels = corpus.labels()
    return {str(labels[r]): g for r, g in M.group_of(corpus).items()}


def overlap_order(corpus: Any, matrix: pd.DataFrame, *, order: str = "cluster",
                  sizes: dict[str, int] | None = None) -> list[str]:
    """Critic labels ordered by group (first-appearance order), then within each group by
    average-linkage clustering of ``1 - matrix`` (``order="cluster"``, similar critics side by
    side: :func:`criticlens.viz.figsets.similarity.cluster_order`) or by vocabulary size,
    largest first, ties in corpus order (``order="size"``, ``sizes``: label -> size)."""
    from criticlens.viz import many as M
    from criticlens.viz.figsets.similarity import cluster_order

    if order not in OVERLAP_ORDERS:
        raise ValueError(f"order must be one of {OVERLAP_ORDERS}, got {order!r}")
    labels = corpus.labels()
    if order == "size":
        if sizes is None:
            raise ValueError("order='size' needs the vocabulary sizes")
        ids = M.critic_order(corpus, {r: sizes.get(str(labels[r]), 0) for r in corpus.review_ids})
        return [str(labels[r]) for r in ids]
    lg = _label_groups(corpus)
    out: list[str] = []
    for g in dict.fromkeys(lg.values()):
        members = [lab for lab in (str(labels[r]) for r in corpus.review_ids) if lg[lab] == g]
        out += [str(x) for x in cluster_order(matrix.loc[members, members])]
    return out


def build_overlap_many(corpus: Any, *, measure: str = "jaccard", size: str = "article",
                       highlight: Sequence[str] = (), order: str = "cluster",
                       **vocab_options: Any) -> FigureSpec:
    """Overlap heatmap of every critic (the design above eight critics): a row and a column per
    critic, ordered by group and then by ``order`` (:func:`overlap_order`), no values in the
    cells, a colour bar under it, a strip of group colours beside the rows and above the
    columns, at most 30 row labels (``highlight`` critics always, in bold).

    ``data`` is the tidy pair frame with ``group_a``/``group_b``; the alt text gives the median
    pair within each group and between groups."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.vocab import overlap_many
    from criticlens.vocab.counts import matrix_from_tidy

    labels = _labels(corpus)
    tidy = overlap(corpus, measures=[measure], **vocab_options)
    sizes = {**dict(zip(tidy["a"].astype(str), tidy["n_a"].astype(int))),
             **dict(zip(tidy["b"].astype(str), tidy["n_b"].astype(int)))}
    mat = matrix_from_tidy(tidy, measure, order=labels)
    ordered = overlap_order(corpus, mat, order=order, sizes=sizes)
    mat = mat.loc[ordered, ordered]
    lg = _label_groups(corpus)
    row_groups = [lg[lab] for lab in ordered]
    gnames = list(dict.fromkeys(row_groups))
    gcol = M.group_colors(gnames)
    hl = M.highlight_labels(corpus, highlight)
    w = _width(size)
    name = MEASURE_LABELS[measure]
    with style_context(size):  # type: ignore[arg-type]
        # the square image is as wide as the row labels leave room for: the height follows it
        side = max(w * 0.82 - _text_width_in(ordered, "ytick.labelsize") - 0.6, w * 0.35)
        fig, ax = plt.subplots(figsize=(w * 0.82, side + (2.0 if size == "article" else 1.5)))
        overlap_many(mat, ax=ax, row_groups=row_groups if len(gnames) > 1 else None,
                     group_colors=gcol if len(gnames) > 1 else None, highlight=hl,
                     highlight_colors=M.highlight_colors(hl),
                     label=f"{name} (0 = no word in common)")
        how = "clustered" if order == "cluster" else "largest vocabulary first"
        ax.set_title(f"{_title(corpus)}: vocabulary overlap ({name}), {len(labels)} critics"
                     + (f" by group, {how}" if len(gnames) > 1 else f", {how}"),
                     loc="left", pad=10)
        if len(gnames) > 1:
            from matplotlib.patches import Patch

            n_of = pd.Series(row_groups).value_counts()
            fig.legend(handles=[Patch(color=gcol[g], label=f"{g} ({int(n_of[g])})")
                                for g in gnames], loc="outside upper right", frameon=False,
                       ncols=min(len(gnames), 6), fontsize="small")
    data = tidy.assign(group_a=tidy["a"].astype(str).map(lg), group_b=tidy["b"].astype(str).map(lg))
    stats = pair_stats(data, lg, gnames)
    meds = "; ".join(f"{r.comparison}: median {r.median:.2f}, mean {r.mean:.2f}, "
                     f"{r.share_above_0:.0%} of {int(r.n_pairs):,} pairs above 0"
                     for r in stats.itertuples(index=False))
    extremes = _pairs_sentence(tidy)
    alt = (f"Heatmap of {name} overlap between the body vocabularies of all {len(labels)} "
           f"critics of {_title(corpus)}, one row and one column per critic, ordered by group"
           f" ({', '.join(gnames)}) and then {'by clustering' if order == 'cluster' else 'by vocabulary size'}"
           f"; no values in the cells (the CSV has every pair). "
           f"{extremes[:1].upper() + extremes[1:]}. "
           f"{meds[:1].upper() + meds[1:]}.")
    return FigureSpec(f"vocab-overlap-{measure}", fig, data, alt,
                      caption=f"How alike the critics' vocabularies are ({name}, stopwords "
                              "removed; 1 = identical), every critic a row and a column, "
                              "grouped; pass critics=[...] for the values of a few.")


def pair_stats(pairs: pd.DataFrame, label_groups: dict[str, str],
               groups: Sequence[str] | None = None) -> pd.DataFrame:
    """Distribution of pair values within each group and between groups, per measure.

    ``pairs`` is :func:`criticlens.vocab.counts.overlap` output; ``label_groups`` maps critic
    label to group. One row per measure and comparison: ``within G`` for each group (in
    ``groups`` order), then ``between G1 and G2`` (two groups) or ``between groups`` (pairs of
    any two different groups, pooled); with a single group, ``all pairs``. Columns
    ``measure, comparison, n_pairs`` (pairs with a defined value), ``q05, q25, median, q75,
    q95`` (linear-interpolated percentiles), ``mean`` and ``share_above_0`` (the share of the
    pairs whose value is above 0: for every measure, the pairs with a word in common)."""
    ga = pairs["a"].astype(str).map(label_groups)
    gb = pairs["b"].astype(str).map(label_groups)
    if ga.isna().any() or gb.isna().any():
        raise ValueError("pairs name critics without a group")
    gnames = list(groups) if groups is not None else list(dict.fromkeys(label_groups.values()))
    if len(gnames) == 1:
        comp = pd.Series("all pairs", index=pairs.index)
        kinds = ["all pairs"]
    else:
        between = f"between {gnames[0]} and {gnames[1]}" if len(gnames) == 2 else "between groups"
        comp = pd.Series(np.where(ga == gb, "within " + ga, between), index=pairs.index)
        kinds = [f"within {g}" for g in gnames] + [between]
    rows = []
    measures = list(dict.fromkeys(pairs["measure"])) if "measure" in pairs else ["value"]
    for m in measures:
        sel = pairs["measure"] == m if "measure" in pairs else pd.Series(True, index=pairs.index)
        for k in kinds:
            v = pairs.loc[sel & (comp == k), "value"].to_numpy(dtype=float)
            v = v[np.isfinite(v)]
            q = np.percentile(v, [5, 25, 50, 75, 95]) if v.size else [np.nan] * 5
            rows.append((m, k, int(v.size), *map(float, q), float(v.mean()) if v.size else np.nan,
                         float((v > 0).mean()) if v.size else np.nan))
    return pd.DataFrame(rows, columns=["measure", "comparison", "n_pairs", "q05", "q25",
                                       "median", "q75", "q95", "mean", "share_above_0"])


def build_overlap_distributions(corpus: Any, *, size: str = "article",
                                **vocab_options: Any) -> FigureSpec:
    """The four overlap measures for many critics: per measure, a box per comparison (within
    each group, between groups) of the pairs' values (:func:`pair_stats`; box = middle half,
    bar = median, whiskers = 5th to 95th percentile). ``data`` is the :func:`pair_stats`
    table."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.vocab import pair_distribution

    labels = _labels(corpus)
    tidy = overlap(corpus, **vocab_options)
    lg = _label_groups(corpus)
    gnames = list(dict.fromkeys(lg[lab] for lab in labels))
    stats = pair_stats(tidy, lg, gnames)
    gcol = M.group_colors(gnames)
    kinds = list(dict.fromkeys(stats["comparison"]))
    colors = {f"within {g}": c for g, c in gcol.items()}
    colors["all pairs"] = M.GROUP_COLORS[0]
    w = _width(size)
    with style_context(size):  # type: ignore[arg-type]
        fig, axs = plt.subplots(2, 2, figsize=(w, 1.9 + 0.55 * 2 * len(kinds)), sharey=True)
        for k, (ax, m) in enumerate(zip(axs.flat, MEASURES)):
            pair_distribution(stats[stats["measure"] == m], ax=ax, colors=colors,
                              label=MEASURE_LABELS[m], row_labels=k % 2 == 0)
            if k >= 2:
                ax.set_xlabel("value of a pair of critics")
        fig.suptitle(f"{_title(corpus)}: four measures of vocabulary overlap, {len(labels)} "
                     f"critics ({len(tidy) // len(MEASURES):,} pairs)", fontweight="bold",
                     x=0.0, ha="left", fontsize=10)
    parts = []
    for m in MEASURES:
        s = stats[stats["measure"] == m]
        parts.append(f"{MEASURE_LABELS[m]}: " + ", ".join(
            f"{r.comparison} median {r.median:.2f}" for r in s.itertuples(index=False)))
    alt = (f"Box plots of four measures of vocabulary overlap over the pairs of the "
           f"{len(labels)} critics of {_title(corpus)}, one box per comparison ("
           + ", ".join(kinds) + "): box the middle half of the pairs, bar the median, whiskers "
           "the 5th to 95th percentile. " + "; ".join(parts) + ".")
    return FigureSpec("vocab-overlap-measures", fig, stats, alt,
                      caption="Jaccard, Sørensen–Dice, overlap coefficient and count cosine "
                              "over every pair of critics, within each group and between "
                              "groups (box: middle half; whiskers: 5th-95th percentile); each "
                              "panel has its own scale.")


#: The line under a one-critic UpSet plot.
_ONE_SET = "One critic: all {n} terms are theirs alone, nothing to compare."


def build_upset(corpus: Any, *, size: str = "article", max_bars: int = 30,
                **vocab_options: Any) -> FigureSpec:
    """UpSet plot of shared and unique vocabulary (exclusive intersections).

    With more than :data:`~criticlens.vocab.counts.MAX_SETS` critics, the top intersections
    only: the largest ones, as many as involve at most that many critics, whose rows are drawn.
    """
    from criticlens.vocab.counts import MAX_SETS

    all_labels = _labels(corpus)
    v = vocabularies(corpus, **vocab_options)
    inter = intersections(v, max_terms=12)
    shown = inter.head(max_bars)
    labels = all_labels
    if len(all_labels) > MAX_SETS:
        rows, involved = [], set()
        for i, row in inter.iterrows():  # largest first; skip one that would add too many rows
            new = involved | {lab for lab in all_labels if bool(row[lab])}
            if len(new) <= MAX_SETS:
                involved = new
                rows.append(i)
            if len(rows) >= max_bars:
                break
        labels = [lab for lab in all_labels if lab in involved]
        shown = inter.loc[rows, ["members", "degree", "n_terms", "terms", *labels]]
        v = {lab: v[lab] for lab in labels}
    sizes = set_sizes(v)
    w = _width(size)
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(w, max(3.5, 2.2 + 0.3 * len(labels))))
        upset_plot(shown, ax=ax, sets=labels, set_sizes=dict(zip(sizes["critic"], sizes["n_terms"])),
                   colors=critic_colors(labels), max_bars=None)
        ax.set_title(f"{_title(corpus)}: shared and unique vocabulary" + (
            f" (top {len(shown)} intersections, {len(labels)} of {len(all_labels)} critics)"
            if len(labels) < len(all_labels) else "")
            # the single design: one bar, and a line saying why
            + ("\n" + _ONE_SET.format(n=sum(len(x) for x in v.values()))
               if len(all_labels) == 1 else ""), loc="left")
    full = " & ".join(all_labels)
    shared = inter.loc[inter["members"] == full, "n_terms"]
    n_shared = int(shared.iloc[0]) if len(shared) else 0
    uniq = inter[inter["degree"] == 1].head(MAX_SETS)
    top = inter.iloc[0]
    if len(all_labels) == 1:
        n1 = int(top["n_terms"])
        return FigureSpec("vocab-upset", fig, shown,
                          f"UpSet plot of the body vocabulary of the one critic of {_title(corpus)}, "
                          f"{all_labels[0]}: one bar, {n1} terms. {_ONE_SET.format(n=n1)}",
                          caption=f"One critic: the bar is {all_labels[0]}'s vocabulary (terms "
                                  "used, stopwords removed); nothing to compare.")
    alt = (f"UpSet plot of the body vocabularies of {len(all_labels)} critics of {_title(corpus)}"
           + (f" (the {len(shown)} largest intersections, among {len(labels)} critics)"
              if len(labels) < len(all_labels) else "") + ": "
           f"bars give the number of terms used by exactly one combination of critics "
           f"({len(shown)} of {len(inter)} combinations shown). Largest: {top['members']} with "
           f"{int(top['n_terms'])} terms. Shared by all {len(all_labels)}: {n_shared} terms. Unique: "
           + ", ".join(f"{m} {int(n)}" for m, n in zip(uniq["members"], uniq["n_terms"])) + ".")
    return FigureSpec("vocab-upset", fig, shown, alt,
                      caption="Terms used by each combination of critics and by no other "
                              "(coloured bars: terms only one critic uses).")


# --- distinctive terms ----------------------------------------------------------------------------

def build_distinctive_terms(corpus: Any, *, method: str = "log_odds", n: int = 10,
                            ngram: int | tuple[int, ...] = 1, min_count: int = 1,
                            size: str = "article", **vocab_options: Any) -> FigureSpec:
    """One panel per critic: the ``n`` terms with the highest one-vs-rest keyness score.

    Terms that every critic uses are left out (they cannot set one critic apart: in short
    reviews they are the director's and actors' names, scoring z ~ 0). Plural forms are merged
    with their singular (:func:`criticlens.vocab.keyness.distinctive_terms`). The caption says
    when the counts are too small to mean anything, and a note under the chart says how the
    two statistics differ in what they call significant. One critic: :func:`build_single`
    (the critic's most-used terms, and a line saying there is nothing to compare).
    """
    corpus = _at_most_eight(corpus)
    labels = _labels(corpus)
    if len(labels) < 2:
        kind = "phrases" if ngram == 2 else "terms"
        return build_single(corpus, f"vocab-distinctive-{method.replace('_', '-')}"
                            + ("" if ngram == 1 else "-bigrams"), f"distinctive {kind}",
                            n=n, ngram=ngram, min_count=min_count, size=size, **vocab_options)
    res = distinctive_terms(corpus, method=method, ngram=ngram, min_count=min_count,  # type: ignore[arg-type]
                            **vocab_options)
    users = res[res["count"] > 0].groupby("term")["critic"].nunique()
    everyone = set(users[users == len(labels)].index) if len(labels) > 1 else set()
    res = res[~res["term"].isin(everyone)]
    top = top_terms(res, n)
    colors = critic_colors(labels)
    ncols = min(3, len(labels))
    nrows = -(-len(labels) // ncols)
    w = _width(size)
    kind = "phrases" if ngram == 2 else "terms"
    slots = int(top.groupby("critic").size().max()) if len(top) else 1
    with style_context(size):  # type: ignore[arg-type]
        fig, axs = plt.subplots(nrows, ncols, figsize=(w, nrows * (1.0 + 0.22 * slots)),
                                squeeze=False, sharex=True)
        for ax, lab in zip(axs.flat, labels):
            distinctive_terms_chart(top, ax=ax, critic=lab, color=colors[lab], slots=slots)
            ax.tick_params(axis="x", labelbottom=True)
        for ax in list(axs.flat)[len(labels):]:
            ax.set_visible(False)
        name = "log-odds with informative Dirichlet prior" if method == "log_odds" else "log-likelihood"
        fig.suptitle(f"{_title(corpus)}: distinctive {kind} per critic ({name})",
                     fontweight="bold", x=0.0, ha="left", fontsize=10)
        n_sig = int((top["significance"] != NOT_SIGNIFICANT).sum())
        # the note sits inside the figure, in a strip the layout keeps free for it
        note = textwrap.fill(_significance_note(method, n_sig, len(top)),
                             int(fig.get_figwidth() * 14))
        strip = 0.17 * (note.count("\n") + 1) + 0.08
        note_h = strip / (fig.get_figheight() + strip)
        fig.set_figheight(fig.get_figheight() + strip)
        engine = fig.get_layout_engine()
        # an engine without a rect leaves the note at the bottom of the figure all the same
        if engine is not None and "rect" in inspect.signature(engine.set).parameters:
            engine.set(rect=(0, note_h, 1, 1 - note_h))
        fig.text(0.0, 0.005, note, ha="left", va="bottom", fontsize="small", color="#444444",
                 gid="significance-note")
    per = "; ".join(
        f"{lab}: " + ", ".join(top.loc[top["critic"] == lab, "term"].head(3))
        for lab in labels if (top["critic"] == lab).any())
    found = (f"Top three: {per}. {n_sig} of {len(top)} bars reach p<0.05." if len(top)
             else f"No critic has a {kind[:-1]} used more than by the others (min_count={min_count}).")
    alt = (f"Bar charts, one per critic of {_title(corpus)}, of the {n} {kind} with the highest "
           f"{'log-odds z-score' if method == 'log_odds' else 'signed log-likelihood'} against "
           f"the other critics pooled. {found}")
    suffix = "" if ngram == 1 else "-bigrams"
    small = int((top["count"] <= SMALL_COUNT).sum()) if len(top) else 0
    caption = (f"{kind.capitalize()} that set each critic apart from the others (terms every "
               "critic uses left out); bar labels give the critic's count (* = p<0.05).")
    if len(top) and small * 2 >= len(top):
        caption += (f" {small} of the {len(top)} bars rest on a count of {SMALL_COUNT} or less: "
                    "too few uses to mean anything, and equal counts tie (ties are ranked by "
                    "count, then alphabetically). Read them in context.")
    else:
        caption += " With a few short reviews these are leads to read in context, not findings."
    alt += f" {small} of the {len(top)} bars rest on a count of {SMALL_COUNT} or less." if len(top) else ""
    return FigureSpec(f"vocab-distinctive-{method.replace('_', '-')}{suffix}", fig, top, alt,
                      caption=caption)


#: A critic's count at or below which a distinctive term is flagged as resting on too little.
SMALL_COUNT = 2


def _significance_note(method: str, n_sig: int, n: int) -> str:
    """The note under a distinctive-terms chart: what this test calls significant, and why the
    other test disagrees (the same words, two answers)."""
    if method == "log_odds":
        return (f"* p<0.05 by the log-odds z: {n_sig} of {n} bars. The pooled-corpus prior pulls "
                "rarely used words towards 0, so a word used twice by one critic is never "
                "significant here, while log-likelihood (no prior) may call it so.")
    return (f"* p<0.05 by log-likelihood G2: {n_sig} of {n} bars. G2 has no prior: a word used "
            "twice by one critic and never by the others passes 3.84, while the log-odds z "
            "(pooled prior) calls none of these significant. Neither corrects for many tests.")


# --- dispersion ------------------------------------------------------------------------------------

def default_dispersion_terms(corpus: Any, *, n_shared: int = 3, **vocab_options: Any) -> list[str]:
    """Terms worth locating: the ``n_shared`` most frequent terms every critic uses, then each
    critic's top distinctive term (log-odds), without repeats; at most 8."""
    v = vocabularies(corpus, **vocab_options)
    shared = set.intersection(*(set(s) for s in v.values())) if v else set()
    tc = term_counts(corpus, **vocab_options)
    totals = tc.groupby("term")["count"].sum()
    ranked = sorted(shared, key=lambda t: (-int(totals.get(t, 0)), t))
    terms = ranked[:n_shared]
    if len(v) >= 2:
        top = top_terms(distinctive_terms(corpus, **vocab_options), 1)
        terms += [t for t in top["term"] if t not in terms]
    return list(dict.fromkeys(terms))[:8]  # two critics can share their top term


def build_dispersion(corpus: Any, *, terms: Sequence[str] | None = None, size: str = "article",
                     regex: bool = False, critics: Sequence[str] | None = None,
                     highlight: Sequence[str] = ()) -> FigureSpec:
    """Where the given terms fall through each review (one row per critic, x 0..1).

    More than eight critics (``critics=`` names a subset): one row per term, every critic's
    hits in a lane and colour of its group, each ``highlight`` critic in a lane of its own
    (:func:`build_dispersion_many`)."""
    corpus = _restrict(corpus, critics)
    if _is_many(corpus):
        return build_dispersion_many(corpus, terms=terms, size=size, regex=regex,
                                     highlight=highlight)
    labels = _labels(corpus)
    terms = list(dict.fromkeys(terms if terms is not None else default_dispersion_terms(corpus)))
    if not terms:
        raise ValueError("no terms to locate")
    hits = term_hits(corpus, terms, regex=regex)
    colors = {t: TOL_MUTED[i % len(TOL_MUTED)] for i, t in enumerate(terms)}
    w = _width(size)
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(w, 1.2 + 0.55 * len(labels)))
        dispersion_plot(hits, ax=ax, rows=labels, hue="term", colors=colors, hue_order=terms)
        ax.set_title(f"{_title(corpus)}: where terms fall in each review")
    counts = hits.groupby("term").size().reindex(terms, fill_value=0)
    missing = [t for t in terms if counts[t] == 0]
    alt = (f"Dispersion plot of {len(terms)} terms ({', '.join(terms)}) across the bodies of "
           f"{len(labels)} reviews of {_title(corpus)}, one row per critic ({', '.join(labels)}), "
           f"x from start (0) to end (1) of each review; {len(hits)} hits. Most frequent: "
           f"{counts.idxmax()} ({int(counts.max())} hit{'s' if counts.max() != 1 else ''})"
           + (f"; not found: {', '.join(missing)}" if missing else "") + ".")
    return FigureSpec("vocab-dispersion", fig, hits, alt,
                      caption="Each tick is one use of a term, placed by its position through the "
                              "review body (0 = first word, 1 = last).")


def default_dispersion_terms_many(corpus: Any, **vocab_options: Any) -> list[str]:
    """Terms worth locating among many critics: with groups, :func:`default_dispersion_terms`
    of the groups (each group's reviews pooled: the terms every group uses, then each group's
    top distinctive term); without, the eight terms used by the most critics (ties: most
    uses, then alphabetical)."""
    from criticlens.viz import many as M

    if len(M.group_names(corpus)) >= 2:
        return default_dispersion_terms(M.group_corpus(corpus), **vocab_options)
    tc = term_counts(corpus, **vocab_options)
    per = tc.groupby("term").agg(critics=("critic", "nunique"), uses=("count", "sum"))
    per = per.reset_index().sort_values(["critics", "uses", "term"],
                                        ascending=[False, False, True], kind="mergesort")
    return list(per["term"].head(8))


def build_dispersion_many(corpus: Any, *, terms: Sequence[str] | None = None,
                          size: str = "article", regex: bool = False,
                          highlight: Sequence[str] = ()) -> FigureSpec:
    """Where terms fall through the reviews of many critics: one row per term, a tick per hit
    at its place in its review, a lane and a colour per group of critics (each ``highlight``
    critic in a lane and colour of its own, after the groups), as
    :func:`criticlens.viz.figsets.scenes.build_scene_dispersion` draws scenes. ``data`` is the
    hits with ``group`` and ``lane``."""
    from criticlens.viz import many as M

    labels = _labels(corpus)
    terms = list(dict.fromkeys(terms if terms is not None else default_dispersion_terms_many(corpus)))
    if not terms:
        raise ValueError("no terms to locate")
    hits = term_hits(corpus, terms, regex=regex)
    gof = M.group_of(corpus)
    n_of = pd.Series(list(gof.values())).value_counts()
    gname = {g: f"{g} ({int(n_of[g])})" for g in dict.fromkeys(gof.values())}
    hl = M.highlight_labels(corpus, highlight)
    lab_of = corpus.labels()
    critic = hits["review_id"].map(lambda r: str(lab_of[r])) if len(hits) else pd.Series([], dtype=object)
    group = hits["review_id"].astype(str).map(gof)
    data = hits.assign(critic=critic.to_numpy(), group=group.to_numpy())
    data["lane"] = [c if c in hl else gname[g] for c, g in
                    zip(data["critic"].astype(str), data["group"].astype(str))]
    hue_colors = {gname[g]: c for g, c in M.group_colors(list(gname)).items()}
    hue_colors.update(M.highlight_colors(hl))
    # the groups with a hit, then every highlighted critic (an empty lane: never uses them)
    lanes = [k for k in hue_colors if k in set(data["lane"]) or k in hl]
    w = _width(size)
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(w, 1.7 + 0.25 * max(len(lanes), 1) * len(terms)))
        draw = pd.DataFrame({"position": data["position"].to_numpy(dtype=float),
                             "term": data["term"].astype(str).to_numpy(),
                             "group": data["lane"].astype(str).to_numpy()})
        dispersion_plot(draw, ax=ax, rows=terms, row="term", hue="group", colors=hue_colors,
                        hue_order=lanes or None, legend=bool(lanes))
        ticks = sorted(ax.get_yticks())  # a band per row: its lanes belong to the term
        for k, y in enumerate(ticks):
            if k % 2 == 0:
                ax.axhspan(y - 0.5, y + 0.5, color="#f0f0f0", zorder=0, linewidth=0,
                           gid="row-band")
        ax.grid(axis="y", visible=False)
        ax.set_xlabel("position in the review body (0 = first word, 1 = last)")
        ax.set_title(f"{_title(corpus)}: where terms fall in the reviews ({len(labels)} critics, "
                     "by group)")
    counts = data.groupby("term").size().reindex(terms, fill_value=0)
    missing = [t for t in terms if counts[t] == 0]
    by = data.groupby("lane", sort=False)["position"]
    alt = (f"Dispersion plot of {len(terms)} terms ({', '.join(terms)}) across the bodies of "
           f"the {len(labels)} reviews of {_title(corpus)}: one row per term, one tick per use at "
           f"its position through the review (0 start, 1 end), a lane and a colour per group of "
           f"critics" + (f" and per highlighted critic ({', '.join(hl)})" if hl else "")
           + f"; {len(data)} hits. "
           + "; ".join(f"{k}: {int(n)} hits, median position {m:.0%}"
                       for k, n, m in zip(by.size().index, by.size(), by.median()))
           + (f"; not found: {', '.join(missing)}" if missing else "") + ".")
    return FigureSpec("vocab-dispersion", fig, data, alt,
                      caption="Each tick is one use of a term, placed by its position through the "
                              "review body (0 = first word, 1 = last), coloured by the critic's "
                              "group; pass critics=[...] for a row per critic.")


def export_figures(corpus: Any, out_dir: str | os.PathLike[str]) -> list[FigureSpec]:
    """Build and export this module's figures into ``out_dir``; returns the specs (closed)."""
    from criticlens.viz import many as M

    few, note = M.focused(corpus)
    # many critics with groups: the sets and the distinctive terms compare the groups
    by_group = bool(note) and len(M.group_names(corpus)) >= 2
    sets = M.group_corpus(corpus) if by_group else few
    pooled = "" if by_group else note  # the sets and keyness: groups pooled, or the 8 longest
    # (build, note, groups pooled); overlap and dispersion draw every critic (their many design)
    builders = [
        (lambda: build_overlap_heatmap(corpus, measure="jaccard"), "", False),
        (lambda: build_overlap_measures(corpus), "", False),
        (lambda: build_upset(sets), pooled, by_group),
        (lambda: build_distinctive_terms(sets, method="log_odds"), pooled, by_group),
        (lambda: build_distinctive_terms(sets, method="log_likelihood"), pooled, by_group),
        (lambda: build_distinctive_terms(sets, method="log_odds", ngram=2, min_count=2),
         pooled, by_group),
        (lambda: build_dispersion(corpus), "", False),
    ]
    specs = []
    for build, why, groups_pooled in builders:
        spec = build()
        M.noted([spec], why)
        if groups_pooled:
            spec.caption = (spec.caption or "").rstrip() + (
                f" Groups of critics (the 'group' column: {', '.join(M.group_names(corpus))}), "
                f"each group's reviews pooled.")
        save_spec(spec, out_dir)
        specs.append(spec)
    return specs
