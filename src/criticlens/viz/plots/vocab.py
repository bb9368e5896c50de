"""Vocabulary charts: annotated overlap heatmap, UpSet plot, distinctive-terms bars.

Each function takes data frames (as returned by :mod:`criticlens.vocab.counts` and
:mod:`criticlens.vocab.keyness`) and an ``ax``, draws, and returns the Axes. No I/O, inputs untouched.
"""
from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

#: Colour of intersections of two or more critics in the UpSet plot, and of dots for members.
UPSET_DARK = "#333333"
#: Colour of the dots for non-members in the UpSet matrix.
UPSET_LIGHT = "#dddddd"
#: UpSet shows at most this many intersections by default (the largest ones).
UPSET_MAX_BARS = 30


def overlap_heatmap(
    matrix: pd.DataFrame,
    *,
    ax: Axes,
    annotate: bool = True,
    fmt: str = "{:.2f}",
    vmin: float = 0.0,
    vmax: float | None = None,
    cmap: str = "cividis",
    colorbar: bool = True,
    label: str = "",
    diagonal: bool = False,
) -> Axes:
    """Square heatmap of an overlap matrix (``criticlens.vocab.counts.overlap_matrix``), each cell
    annotated with its value. Rows top-to-bottom and columns left-to-right follow the matrix
    order. NaN cells (undefined measure) are left blank and annotated "n/a".

    The diagonal (each critic with itself, always 1) is left blank unless ``diagonal=True``, so
    that the colour scale spans the pairs. ``vmax=None`` uses the largest value drawn, so small
    overlaps are still told apart; pass ``vmax=1`` to compare heatmaps on one fixed scale.
    """
    if list(matrix.index) != list(matrix.columns):
        raise ValueError("overlap matrix must have the same critics, in the same order, "
                         "as index and columns")
    vals = matrix.to_numpy(dtype=float).copy()
    diag = np.eye(len(vals), dtype=bool)
    if not diagonal:
        vals[diag] = np.nan
    if vmax is None:
        finite = vals[np.isfinite(vals)]
        vmax = float(finite.max()) if finite.size and finite.max() > vmin else vmin + 1.0
    im = ax.imshow(np.ma.masked_invalid(vals), vmin=vmin, vmax=vmax, cmap=cmap, aspect="equal")
    names = [str(n) for n in matrix.index]
    ax.set_xticks(range(len(names)), names, rotation=30, ha="right", rotation_mode="anchor")
    ax.set_yticks(range(len(names)), names)
    ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    if annotate:
        cm = im.cmap
        for i in range(vals.shape[0]):
            for j in range(vals.shape[1]):
                v = vals[i, j]
                if np.isnan(v):
                    txt = "" if (diag[i, j] and not diagonal) else "n/a"
                    ax.text(j, i, txt, ha="center", va="center", fontsize=8, color="#555555")
                    continue
                r, g, b, _ = cm(im.norm(v))
                lum = 0.299 * r + 0.587 * g + 0.114 * b
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8,
                        color="black" if lum > 0.5 else "white")
    if colorbar:
        ax.figure.colorbar(im, ax=ax, shrink=0.8)
    if label:
        ax.set_title(label)
    return ax


def upset_plot(
    inter: pd.DataFrame,
    *,
    ax: Axes,
    sets: Sequence[Hashable],
    set_sizes: Mapping[Hashable, int] | None = None,
    colors: Mapping[Hashable, str] | None = None,
    max_bars: int | None = UPSET_MAX_BARS,
    label_width: float | None = None,
) -> Axes:
    """UpSet plot (Lex et al. 2014) of exclusive intersections, for any number of sets.

    ``inter`` is :func:`criticlens.vocab.counts.intersections` (columns members, degree, n_terms and
    one boolean column per set). ``sets`` gives the set rows top to bottom. The container
    ``ax`` is switched off and three panels are drawn inside it, in ``ax.child_axes``:
    intersection-size bars (top), the membership matrix (bottom right: a dark dot where the
    set is in the intersection, joined by a line) and set-size bars (bottom left, drawn only
    with ``set_sizes``). Columns are in the order of ``inter`` (largest first); the first
    ``max_bars`` are drawn. Intersections of one set (its unique terms) take that set's colour.
    """
    sets = list(sets)
    missing = [s for s in sets if s not in inter.columns]
    if missing:
        raise ValueError(f"intersections frame has no membership column for {missing}")
    data = inter if max_bars is None else inter.head(max_bars)
    n_cols, n_rows = len(data), len(sets)
    colors = dict(colors or {})
    member = data[sets].to_numpy(dtype=bool)  # (n_cols, n_rows)

    ax.set_axis_off()
    if label_width is None:
        longest = max((len(str(s)) for s in sets), default=1)
        fig_w_pt = ax.figure.get_figwidth() * 72 * ax.get_position().width
        label_width = min(0.4, (longest * 4.3 + 6) / max(fig_w_pt, 1.0))
    size_w = 0.16 if set_sizes is not None else 0.0
    x0 = size_w + label_width
    mat_h = min(0.55, 0.08 + 0.06 * n_rows)
    bars_ax = ax.inset_axes([x0, mat_h + 0.03, 1 - x0, 1 - mat_h - 0.03])
    mat_ax = ax.inset_axes([x0, 0.0, 1 - x0, mat_h], sharex=bars_ax)

    xs = np.arange(n_cols)
    bar_colors = []
    for k in range(n_cols):
        idx = np.flatnonzero(member[k])
        bar_colors.append(colors.get(sets[idx[0]], UPSET_DARK) if len(idx) == 1 else UPSET_DARK)
    heights = data["n_terms"].to_numpy(dtype=float)
    bars_ax.bar(xs, heights, color=bar_colors, width=0.6)
    for x, h in zip(xs, heights):
        bars_ax.annotate(f"{int(h)}", (x, h), xytext=(0, 2), textcoords="offset points",
                         ha="center", va="bottom", fontsize=7)
    bars_ax.set_ylabel("terms in\nintersection")
    bars_ax.set_ylim(0, max(heights.max() if n_cols else 1, 1) * 1.15)
    bars_ax.tick_params(axis="x", bottom=False, labelbottom=False)
    bars_ax.spines["bottom"].set_visible(False)

    for k in range(n_cols):
        on = member[k]
        mat_ax.scatter(np.full(n_rows, k), np.arange(n_rows), s=28,
                       c=[UPSET_DARK if o else UPSET_LIGHT for o in on], zorder=3, linewidths=0)
        ys = np.flatnonzero(on)
        if len(ys) > 1:
            mat_ax.plot([k, k], [ys.min(), ys.max()], color=UPSET_DARK, linewidth=1.5, zorder=2)
    mat_ax.set_ylim(n_rows - 0.5, -0.5)  # first set at the top
    mat_ax.set_xlim(-0.6, max(n_cols, 1) - 0.4)
    mat_ax.set_yticks(range(n_rows), [str(s) for s in sets])
    mat_ax.tick_params(axis="both", length=0)
    mat_ax.tick_params(axis="x", labelbottom=False)
    mat_ax.grid(False)
    for side in ("top", "right", "bottom", "left"):
        mat_ax.spines[side].set_visible(False)
    for r in range(n_rows):
        if r % 2 == 0:
            mat_ax.axhspan(r - 0.5, r + 0.5, color="#f4f4f4", zorder=0)

    if set_sizes is not None:
        size_ax = ax.inset_axes([0.0, 0.0, size_w, mat_h], sharey=mat_ax)
        vals = [float(set_sizes.get(s, 0)) for s in sets]
        size_ax.barh(np.arange(n_rows), vals, color=[colors.get(s, UPSET_DARK) for s in sets],
                     height=0.6)
        size_ax.invert_xaxis()
        size_ax.set_xlabel("vocabulary size", fontsize=7)
        size_ax.tick_params(axis="y", left=False, labelleft=False)
        size_ax.tick_params(axis="x", labelsize=6)
        size_ax.grid(False)
        for side in ("top", "left"):
            size_ax.spines[side].set_visible(False)
        size_ax.spines["right"].set_visible(True)
    return ax


def distinctive_terms_chart(
    top: pd.DataFrame,
    *,
    ax: Axes,
    critic: Hashable | None = None,
    color: str = "#555555",
    score_label: str | None = None,
    slots: int | None = None,
) -> Axes:
    """Horizontal bars of the most distinctive terms of one critic, highest score at the top.

    ``top`` is :func:`criticlens.vocab.keyness.top_terms` output (columns critic, term, count, score,
    significance); with ``critic`` only that critic's rows are drawn. Each bar is labelled with
    the critic's count of the term, and a ``*`` when its significance is not ``n.s.``.
    ``slots`` reserves room for that many bars, so panels with fewer terms keep the same bar
    thickness as their neighbours.
    """
    d = top if critic is None else top[top["critic"] == critic]
    d = d.sort_values("score", ascending=False, kind="mergesort")
    terms = list(d["term"])
    scores = d["score"].to_numpy(dtype=float)
    ys = np.arange(len(terms))
    ax.barh(ys, scores, color=color, height=0.65)
    ax.set_yticks(ys, terms)
    rows = max(len(terms), slots or 0, 1)
    ax.set_ylim(rows - 0.5, -0.5)  # highest score on top
    for y, s, n, sig in zip(ys, scores, d["count"], d["significance"]):
        mark = "" if sig == "n.s." else " *"
        ax.annotate(f"{int(n)}{mark}", (s, y), xytext=(3 if s >= 0 else -3, 0),
                    textcoords="offset points", va="center", ha="left" if s >= 0 else "right",
                    fontsize=7)
    if score_label is None and len(d):
        score_label = "log-odds z" if d["method"].iloc[0] == "log_odds" else "signed log-likelihood"
    ax.set_xlabel(score_label or "score")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.axvline(0, color="#999999", linewidth=0.8)
    lo = min(0.0, float(scores.min()) if len(scores) else 0.0)
    hi = max(0.0, float(scores.max()) if len(scores) else 1.0)
    ax.set_xlim(lo * 1.2, hi * 1.25 if hi > 0 else 1.0)
    if critic is not None:
        ax.set_title(str(critic))
    return ax


def overlap_many(
    matrix: pd.DataFrame,
    *,
    ax: Axes,
    row_groups: Sequence[str] | None = None,
    group_colors: Mapping[str, str] | None = None,
    highlight: Sequence[str] = (),
    highlight_colors: Mapping[str, str] | None = None,
    label: str = "",
    cmap: str = "cividis",
) -> Axes:
    """An overlap matrix of many critics (more than eight): no value in the cells, a colour bar.

    Drawn by :func:`criticlens.viz.plots.many.critic_matrix` (row labels thinned to at most 30,
    ``highlight`` rows always labelled, a strip of ``group_colors`` right of the rows, a white
    line between groups) on a square, equal-aspect image; the columns are the same critics in
    the same order, unlabelled, with the group strip repeated above them. The diagonal (each
    critic with itself) is blank, so the colour scale spans the pairs. Returns ``ax``.
    """
    from matplotlib.colors import ListedColormap

    from criticlens.viz.plots.many import critic_matrix

    if list(matrix.index) != list(matrix.columns):
        raise ValueError("overlap matrix must have the same critics, in the same order, "
                         "as index and columns")
    vals = matrix.to_numpy(dtype=float).copy()
    np.fill_diagonal(vals, np.nan)
    blank = pd.DataFrame(vals, index=matrix.index, columns=[""] * len(matrix))
    critic_matrix(blank, ax=ax, row_groups=row_groups, group_colors=group_colors,
                  highlight=highlight, highlight_colors=highlight_colors, cmap=cmap,
                  colorbar=label or "overlap", xrotation=0)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_xlabel("the same critics, in the same order")
    if row_groups is not None and group_colors:
        g = [str(x) for x in row_groups]
        names = list(dict.fromkeys(g))
        strip = ax.inset_axes((0.0, 1.01, 1.0, 0.025))
        strip.imshow(np.array([[names.index(x) for x in g]]), aspect="auto",
                     cmap=ListedColormap([group_colors.get(x, "#999999") for x in names]),
                     vmin=-0.5, vmax=len(names) - 0.5, interpolation="nearest")
        strip.set_axis_off()
        strip.set_gid("group-strip-columns")
        for i in range(1, len(g)):
            if g[i] != g[i - 1]:
                ax.axvline(i - 0.5, color="white", linewidth=1.5, gid="group-boundary")
    return ax


def pair_distribution(
    stats: pd.DataFrame,
    *,
    ax: Axes,
    colors: Mapping[str, str] | None = None,
    label: str = "",
    row_labels: bool = True,
) -> Axes:
    """One horizontal box per comparison (rows top to bottom in ``stats`` order).

    ``stats`` has columns ``comparison, n_pairs, q05, q25, median, q75, q95, mean`` (one row
    per kind of pair: within a group, between groups; see
    :func:`criticlens.viz.figsets.vocab.pair_stats`): the box is the middle half of the pairs,
    the bar in it the median, the whiskers the 5th to 95th percentile, a white diamond the
    mean; no outlier is drawn (at 300 critics they are thousands). Row labels give the number
    of pairs and, with a ``share_above_0`` column, the share of pairs above 0 (short reviews
    mostly share no word: the box then sits on 0 and the mean and that share tell the groups
    apart). ``row_labels=False`` hides the labels (a panel sharing its rows with a labelled
    one). ``colors`` maps comparison to box colour. Returns ``ax``.
    """
    colors = dict(colors or {})
    n = len(stats)
    boxes = [{"label": str(r.comparison), "med": r.median, "q1": r.q25, "q3": r.q75,
              "whislo": r.q05, "whishi": r.q95, "fliers": []}
             for r in stats.itertuples(index=False)]
    if n:
        art = ax.bxp(boxes, positions=list(range(n)), orientation="horizontal", widths=0.55,
                     showfliers=False, patch_artist=True,
                     medianprops={"color": "#000000", "linewidth": 1.8},
                     whiskerprops={"color": "#555555"}, capprops={"color": "#555555"})
        for patch, comp in zip(art["boxes"], stats["comparison"]):
            c = colors.get(str(comp), "#999999")
            patch.set_facecolor(c)
            patch.set_alpha(0.55)
            patch.set_edgecolor(c)
            patch.set_gid(f"pair-box:{comp}")
    if n:
        ax.scatter(stats["mean"].to_numpy(dtype=float), np.arange(n), marker="D", s=22,
                   color="white", edgecolors="#000000", linewidths=0.8, zorder=5, gid="pair-mean")
    ax.set_yticks(range(n))
    share = stats["share_above_0"] if "share_above_0" in stats else [None] * n
    ax.set_yticklabels([f"{c}\n{int(k):,} pairs" + ("" if f is None or pd.isna(f) else
                                                     f", {f:.0%} above 0")
                        for c, k, f in zip(stats["comparison"], stats["n_pairs"], share)])
    if not row_labels:
        ax.tick_params(axis="y", labelleft=False)
    ax.set_ylim(max(n, 1) - 0.5, -0.5)  # first comparison on top
    hi = float(np.nanmax(stats["q95"])) if n and np.isfinite(stats["q95"]).any() else 1.0
    top = hi * 1.08 if hi > 0 else 1.0
    ax.set_xlim(-0.02 * top, top)  # a box squeezed onto 0 stays in sight of the spine
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", length=0)
    if label:
        ax.set_title(label)
    return ax


def term_count_chart(
    counts: pd.DataFrame,
    *,
    ax: Axes,
    color: str = "#555555",
    xlabel: str = "uses in the review body",
) -> Axes:
    """Horizontal bars of one critic's most-used terms, most used at the top, each bar labelled
    with its count (the design for a film with one critic: nothing to compare it with).

    ``counts`` has columns ``term`` and ``count``, drawn in the order given. With no rows the
    axes stay empty (no ticks) so the caller's note can say why.
    """
    terms = [str(t) for t in counts["term"]]
    vals = counts["count"].to_numpy(dtype=float)
    ys = np.arange(len(terms))
    ax.barh(ys, vals, color=color, height=0.65)
    ax.set_yticks(ys, terms)
    ax.set_ylim(max(len(terms), 1) - 0.5, -0.5)
    for y, v in zip(ys, vals):
        ax.annotate(f"{int(v)}", (v, y), xytext=(3, 0), textcoords="offset points", va="center",
                    ha="left", fontsize=7)
    ax.set_xlabel(xlabel)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    hi = float(vals.max()) if len(vals) else 1.0
    ax.set_xlim(0, hi * 1.2)
    return ax
