"""Treatment plots: per-layer arcs, layer shares and means, and the critic x aspect profile.

Every function takes the frame an analysis in :mod:`criticlens.treatment.core` returns and an ``ax``
(keyword options), draws on it and returns it. No saving, no showing, inputs never changed.
Critics keep their colour from :func:`criticlens.viz.style.critic_colors`; layers are told apart by
line style and marker (synopsis dashed with hollow markers, judgement solid and filled, context
dotted crosses) so that colour always means the critic.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from criticlens.treatment.core import CLASSES
from criticlens.viz.plots.keys import reference_counts, size_key

#: How each layer is drawn (colour comes from the critic).
LAYER_STYLE: dict[str, dict[str, object]] = {
    "synopsis": {"linestyle": "--", "marker": "o", "fill": False},
    "judgement": {"linestyle": "-", "marker": "o", "fill": True},
    "context": {"linestyle": ":", "marker": "x", "fill": True},
}
#: Grey levels for layer shares (colour is kept for critics).
LAYER_GREYS: dict[str, str] = {"synopsis": "#c8c8c8", "judgement": "#4d4d4d", "context": "#ffffff"}
#: Longest stretch of the review (share of its length, 0..1) that a layer's arc is drawn across
#: between two of its sentences; across a longer gap, where the layer has no sentence, the line
#: is broken rather than drawn straight over text the layer does not cover.
MAX_GAP = 0.15
LAYER_LABELS: dict[str, str] = {"synopsis": "Synopsis", "judgement": "Judgement",
                                "context": "Context"}


def _need(df: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise ValueError(f"{what} needs columns {missing}")


def break_gaps(x: Sequence[float], y: Sequence[float], *, max_gap: float = MAX_GAP
               ) -> tuple[np.ndarray, np.ndarray]:
    """``x, y`` (``x`` ascending) with a NaN point inserted wherever two neighbours are more
    than ``max_gap`` apart in ``x``, so that a line drawn through them breaks there.

    ``break_gaps([0.1, 0.2, 0.6], [1, 2, 3])`` gives ``x = [0.1, 0.2, 0.4, 0.6]`` and
    ``y = [1, 2, nan, 3]``.
    """
    xa = np.asarray(x, dtype=float)
    ya = np.asarray(y, dtype=float)
    if len(xa) != len(ya):
        raise ValueError("x and y differ in length")
    if np.any(np.diff(xa) < 0):
        raise ValueError("x must be ascending")
    at = np.flatnonzero(np.diff(xa) > max_gap) + 1
    return (np.insert(xa, at, (xa[at - 1] + xa[at]) / 2), np.insert(ya, at, np.nan))


def plot_layer_arc(arcs: pd.DataFrame, *, ax: Axes, color: str = "#000000",
                   layers: Sequence[str] = ("synopsis", "judgement"), title: str | None = None,
                   points: bool = True, legend: bool = True) -> Axes:
    """One critic's sentiment arc per layer (a :func:`~criticlens.treatment.core.layer_arcs` subset).

    Each layer: its sentences as points (``sentiment`` at ``position``) and its smoothed arc
    (``smooth``) as a line, in the critic's ``color``, styled by :data:`LAYER_STYLE`. The line
    breaks where the layer has no sentence for more than :data:`MAX_GAP` of the review
    (:func:`break_gaps`).
    """
    _need(arcs, ["position", "cls", "sentiment", "smooth"], "plot_layer_arc")
    if "review_id" in arcs.columns and arcs["review_id"].nunique() > 1:
        raise ValueError("plot_layer_arc draws one review; select it first")
    ax.axhline(0, color="#888888", linewidth=0.6, zorder=0)
    for k in layers:
        if k not in LAYER_STYLE:
            raise ValueError(f"unknown layer {k!r}; choose from {CLASSES}")
        g = arcs[arcs["cls"] == k].sort_values("position")
        if g.empty:
            continue
        st = LAYER_STYLE[k]
        if points:
            kw: dict[str, object] = (
                {"color": color} if st["marker"] == "x"
                else {"facecolors": color if st["fill"] else "none", "edgecolors": color})
            ax.scatter(g["position"].to_numpy(), g["sentiment"].to_numpy(), s=14,
                       marker=st["marker"], linewidths=0.8, alpha=0.55, zorder=2, **kw)
        xs, ys = break_gaps(g["position"].to_numpy(), g["smooth"].to_numpy())
        ax.plot(xs, ys, color=color, linestyle=st["linestyle"], label=LAYER_LABELS[k], zorder=3,
                gid=f"arc:{k}")
    ax.set_xlim(0, 1)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("position in review")
    ax.set_ylabel("sentence sentiment")
    if title:
        ax.set_title(title, color=color, loc="left")
    if legend:
        ax.legend(handles=layer_handles(layers), loc="lower left", ncols=len(layers))
    return ax


def layer_handles(layers: Sequence[str] = ("synopsis", "judgement")) -> list[Line2D]:
    """Legend handles for the layers (grey, since colour means the critic)."""
    return [Line2D([], [], color="#333333", linestyle=LAYER_STYLE[k]["linestyle"],
                   marker=LAYER_STYLE[k]["marker"],
                   markerfacecolor="#333333" if LAYER_STYLE[k]["fill"] else "none",
                   label=LAYER_LABELS[k]) for k in layers]


def plot_layer_means(summary: pd.DataFrame, *, ax: Axes, colors: Mapping[str, str],
                     layers: Sequence[str] = ("synopsis", "judgement"),
                     legend: bool = True) -> Axes:
    """Dumbbell chart: each critic's mean sentiment per layer (``layer_summary`` frame).

    One row per critic (top to bottom in the frame's order), one marker per layer, joined by a
    line in the critic's colour: the gap is how far the critic's own voice sits from the story's
    mood. Layers with no sentence (NaN) are left out.
    """
    _need(summary, ["label", "cls", "mean_sentiment"], "plot_layer_means")
    labels = list(dict.fromkeys(summary["label"]))
    y = {lab: len(labels) - 1 - i for i, lab in enumerate(labels)}
    ax.axvline(0, color="#888888", linewidth=0.6, zorder=0)
    for lab in labels:
        g = summary[(summary["label"] == lab) & summary["cls"].isin(layers)].dropna(
            subset=["mean_sentiment"])
        col = colors.get(lab, "#000000")
        xs = [float(g.loc[g["cls"] == k, "mean_sentiment"].iloc[0]) for k in layers
              if (g["cls"] == k).any()]
        if len(xs) > 1:
            ax.plot([min(xs), max(xs)], [y[lab]] * 2, color=col, linewidth=2, alpha=0.6,
                    zorder=1, gid=f"join:{lab}")
        for k in layers:
            v = g.loc[g["cls"] == k, "mean_sentiment"]
            if v.empty:
                continue
            st = LAYER_STYLE[k]
            ax.plot([float(v.iloc[0])], [y[lab]], linestyle="none", marker=st["marker"],
                    markersize=7, color=col, markerfacecolor=col if st["fill"] else "white",
                    markeredgewidth=1.4, zorder=2)
    ax.set_yticks([y[lab] for lab in labels], labels)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.set_xlabel("mean sentence sentiment")
    ax.grid(axis="x", visible=True)
    ax.grid(axis="y", visible=False)
    if legend:
        handles = [Line2D([], [], color="#333333", linestyle="none",
                          marker=LAYER_STYLE[k]["marker"], markersize=6,
                          markerfacecolor="#333333" if LAYER_STYLE[k]["fill"] else "white",
                          label=LAYER_LABELS[k]) for k in layers]
        ax.legend(handles=handles, loc="best")
    return ax


def plot_layer_shares(summary: pd.DataFrame, *, ax: Axes,
                      layers: Sequence[str] = CLASSES, legend: bool = True) -> Axes:
    """Stacked horizontal bars: each critic's share of sentences per layer (``layer_summary``).

    Critics top to bottom in the frame's order; layers in greys (:data:`LAYER_GREYS`), each
    segment labelled with its percentage when it is wide enough.
    """
    _need(summary, ["label", "cls", "share"], "plot_layer_shares")
    labels = list(dict.fromkeys(summary["label"]))
    y = np.arange(len(labels))[::-1]
    left = np.zeros(len(labels))
    for k in layers:
        vals = np.array([float(summary.loc[(summary["label"] == lab) & (summary["cls"] == k),
                                           "share"].sum()) for lab in labels])
        bars = ax.barh(y, vals, left=left, color=LAYER_GREYS[k], edgecolor="#333333",
                       linewidth=0.6, label=LAYER_LABELS[k], height=0.6)
        for rect, v in zip(bars, vals):
            if v >= 0.08:
                ax.text(rect.get_x() + rect.get_width() / 2, rect.get_y() + rect.get_height() / 2,
                        f"{v:.0%}", ha="center", va="center", fontsize="small",
                        color="white" if k == "judgement" else "#222222")
        left = left + vals
    ax.set_yticks(y, labels)
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of review sentences")
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.grid(axis="y", visible=False)
    if legend:
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=len(layers))
    return ax


def aspect_dot_area(n: float | np.ndarray) -> float | np.ndarray:
    """Dot area (points^2) of :func:`plot_aspect_profile` for ``n`` sentences (or an array)."""
    return 12 + 10 * n


def plot_aspect_profile(profile: pd.DataFrame, *, ax: Axes, colors: Mapping[str, str],
                        value: str = "share", legend: bool = True,
                        dodge: float = 0.22, key: bool = True) -> Axes:
    """Critic x aspect dot plot (an :func:`~criticlens.treatment.core.aspect_profile` frame).

    Aspects run top to bottom in the frame's order; each critic is a dot in its colour, dodged
    vertically within the aspect's row. ``value="share"`` plots the share of the critic's
    sentences naming the aspect; ``value="mean_sentiment"`` plots their mean sentiment, with the
    dot's area proportional to the number of sentences, and leaves out aspects a critic never
    names; ``value="tone"`` plots the mean sentiment of the judgement sentences only (area:
    ``n_judgement``), leaving out aspects a critic never judges. Dot areas get a key
    (:func:`criticlens.viz.plots.keys.size_key`, right of the axes) unless ``key=False``; the
    critics' legend (``legend=True``) goes right of the axes too, so neither covers a dot.
    """
    if value not in ("share", "mean_sentiment", "tone"):
        raise ValueError("value must be 'share', 'mean_sentiment' or 'tone'")
    count = "n_judgement" if value == "tone" else "n_sentences"
    _need(profile, ["label", "aspect_label", value, count], "plot_aspect_profile")
    aspects = list(dict.fromkeys(profile["aspect_label"]))
    labels = list(dict.fromkeys(profile["label"]))
    ypos = {a: len(aspects) - 1 - i for i, a in enumerate(aspects)}
    n = len(labels)
    offsets = {lab: (n - 1) / 2 * dodge - i * dodge for i, lab in enumerate(labels)}
    for lab in labels:
        g = profile[profile["label"] == lab].dropna(subset=[value])
        ys = [ypos[a] + offsets[lab] for a in g["aspect_label"]]
        sizes = (aspect_dot_area(g[count].to_numpy(dtype=float)) if value != "share" else 28)
        ax.scatter(g[value].to_numpy(dtype=float), ys, s=sizes, color=colors.get(lab, "#000000"),
                   edgecolors="white", linewidths=0.5, label=lab, zorder=3)
    ax.set_yticks([ypos[a] for a in aspects], aspects)
    ax.set_ylim(-0.6, len(aspects) - 0.4)
    ax.grid(axis="x", visible=True)
    ax.grid(axis="y", visible=False)
    for a in aspects:  # faint row guides
        ax.axhline(ypos[a], color="#eeeeee", linewidth=0.6, zorder=0)
    if value == "share":
        ax.set_xlim(left=0)
        ax.set_xlabel("share of the critic's sentences naming the aspect")
        ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    else:
        ax.axvline(0, color="#888888", linewidth=0.6, zorder=1)
        ax.set_xlim(-1.05, 1.05)
        ax.set_xlabel("mean sentiment of those sentences" if value == "mean_sentiment" else
                      "tone of the judgement sentences naming it")
    if legend:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0,
                  frameon=False)
    if key and value != "share":
        top = profile[count].max() if len(profile) else 1
        size_key(ax, reference_counts(float(top)), aspect_dot_area,
                 label=lambda v: f"{v:g} sentence" + ("" if v == 1 else "s"),
                 title="judgement\nsentences" if value == "tone" else "sentences",
                 below=legend)
    return ax


def verdict_dot_area(entropy: float) -> float:
    """Dot area (points^2) of :func:`plot_verdict` for a mixed-message entropy (0..1 bit)."""
    return 30 + 200 * float(entropy)


def verdict_size_handles(color: str = "#777777") -> list[Line2D]:
    """Legend handles for the dot areas of :func:`plot_verdict` at 0, 0.5 and 1 bit."""
    names = {0.0: "0 bits (one-sided)", 0.5: "0.5 bit", 1.0: "1 bit (evenly mixed)"}
    return [Line2D([], [], linestyle="none", marker="o", color=color, markeredgecolor="white",
                   markersize=float(np.sqrt(verdict_dot_area(v))), label=t)
            for v, t in names.items()]


def plot_verdict(verdict: pd.DataFrame, *, ax: Axes, colors: Mapping[str, str],
                 legend: bool = True, x: str = "verdict_score",
                 key: str | None = "right", labels: bool = True) -> Axes:
    """Where each verdict lands: the critic engine's verdict score (x, -1 pan .. +1 rave; or
    ``x="final_para_polarity"``) against the position of the most positive judgement sentence
    (y, 0 = opening, 1 = close), one dot per critic labelled with its verdict, whose area grows
    with the mixed-message entropy (a ``verdict`` frame): the key of 0, 0.5 and 1 bit sits right
    of the axes (``key="bottom"``: in a row under the figure; ``None``: no key; the handles of
    :func:`verdict_size_handles` can then go in a legend of the caller's). ``labels=False``
    leaves the dots unlabelled (the caller names the critics in a legend)."""
    _need(verdict, ["label", x, "best_judgement_position", "mixed_entropy"], "plot_verdict")
    ax.axvline(0, color="#888888", linewidth=0.6, zorder=0)
    for r in verdict.itertuples(index=False):
        xv = getattr(r, x)
        if pd.isna(r.best_judgement_position) or pd.isna(xv):
            continue
        ax.scatter([xv], [r.best_judgement_position],
                   s=verdict_dot_area(r.mixed_entropy), color=colors.get(r.label, "#000000"),
                   edgecolors="white", linewidths=0.6, label=r.label, zorder=3)
        if not labels:
            continue
        name = f"{r.label}: {r.verdict}" if "verdict" in verdict.columns else r.label
        ax.annotate(name, (xv, r.best_judgement_position),
                    xytext=(6, 4), textcoords="offset points", fontsize="small")
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-0.05, 1.05)
    ax.set_xlabel("verdict score (critic engine: judgement sentences, end-weighted)"
                  if x == "verdict_score" else "final-paragraph polarity (mean sentence sentiment)")
    ax.set_ylabel("position of the most positive judgement")
    ax.grid(axis="x", visible=True)
    if legend:
        ax.legend(loc="best", markerscale=0.6)
    if key not in ("right", "bottom", None):
        raise ValueError("key must be 'right', 'bottom' or None")
    if key:
        size_key(ax, [0.0, 0.5, 1.0], verdict_dot_area, bottom=(key == "bottom"),
                 label=lambda v: {0.0: "0 bits (one-sided)", 1.0: "1 bit (evenly mixed)"}
                 .get(v, f"{v:g} bit"),
                 title="mixed messages (entropy)" if key == "bottom" else
                 "mixed messages\n(entropy)", below=legend)
    return ax
