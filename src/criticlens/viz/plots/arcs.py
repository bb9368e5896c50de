"""Sentiment-arc charts: every critic on one axis, and one panel per critic.

Inputs are the frames of :mod:`criticlens.sentiment.arcs`: a *band* frame (``review_id, label, x, center,
lo, hi``; :func:`criticlens.sentiment.arcs.arc_band`) and a *points* frame (``review_id, label, position,
engine, score``; :func:`criticlens.sentiment.arcs.arc_points`). An optional *mentions* frame (columns at
least ``review_id, scene_id, position``; the scenes module supplies it) puts a marker on the arc
wherever the review mentions a scene. Nothing here saves, shows or changes its inputs.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

#: x-axis label shared by every arc chart.
X_LABEL = "position in review body (0 = start, 1 = end)"
X_LABEL_SHORT = "position in review (0-1)"
#: Marker per engine for the raw sentence scores (cycled for other engines).
ENGINE_MARKERS: dict[str, str] = {"textblob": "o", "vader": "^"}
_OTHER_MARKERS = ("s", "D", "v", "P", "X")
BAND_ALPHA = 0.18
MENTION_MARKER = "D"
#: Mentions closer than this (share of the review) get their labels stacked.
MENTION_LABEL_GAP = 0.2
MENTION_LABEL_LEVELS = 3

_BAND_COLS = ("review_id", "label", "x", "center", "lo", "hi")
_POINT_COLS = ("review_id", "label", "position", "engine", "score")
_MENTION_COLS = ("review_id", "scene_id", "position")


def _need(frame: pd.DataFrame, cols: Sequence[str], what: str) -> None:
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} frame lacks column(s) {missing}; it has {list(frame.columns)}")


def _labels_in_order(band: pd.DataFrame, labels: Sequence[str] | None) -> list[str]:
    present = list(dict.fromkeys(band["label"]))
    if labels is None:
        return present
    order = list(dict.fromkeys(labels))
    unknown = [lab for lab in present if lab not in order]
    if unknown:
        raise ValueError(f"band has labels not in labels: {unknown}")
    return [lab for lab in order if lab in present]


def engine_marker(engine: str, engines: Sequence[str] = ()) -> str:
    """Marker for an engine's raw points: ``o`` TextBlob, ``^`` VADER, then others in turn."""
    if engine in ENGINE_MARKERS:
        return ENGINE_MARKERS[engine]
    others = [e for e in dict.fromkeys(engines) if e not in ENGINE_MARKERS]
    i = others.index(engine) if engine in others else 0
    return _OTHER_MARKERS[i % len(_OTHER_MARKERS)]


def mention_points(mentions: pd.DataFrame, band: pd.DataFrame) -> pd.DataFrame:
    """Where scene markers go: each mention at its position, on its review's arc.

    Returns ``review_id, label, scene_id, position, y`` (``y`` = the arc's ``center``
    interpolated at the mention's position). Mentions of reviews without an arc are dropped.
    """
    _need(mentions, _MENTION_COLS, "mentions")
    _need(band, _BAND_COLS, "band")
    rows = []
    for rid, g in band.groupby("review_id", sort=False):
        g = g.sort_values("x")
        m = mentions[mentions["review_id"] == rid]
        if m.empty:
            continue
        pos = m["position"].to_numpy(dtype="float64")
        if np.isnan(pos).any() or (pos < 0).any() or (pos > 1).any():
            raise ValueError(f"mentions of review {rid}: positions must lie in 0..1")
        y = np.interp(pos, g["x"].to_numpy(dtype="float64"), g["center"].to_numpy(dtype="float64"))
        rows.append(pd.DataFrame({"review_id": rid, "label": g["label"].iat[0],
                                  "scene_id": m["scene_id"].astype(str).to_numpy(),
                                  "position": pos, "y": y}))
    if not rows:
        return pd.DataFrame(columns=["review_id", "label", "scene_id", "position", "y"])
    return pd.concat(rows, ignore_index=True)


def _draw_mentions(ax: Axes, mp: pd.DataFrame, color: str | Mapping[str, str],
                   annotate: bool) -> None:
    if mp.empty:
        return
    for lab, g in mp.groupby("label", sort=False):
        c = color if isinstance(color, str) else color.get(lab, "#444444")
        ax.scatter(g["position"], g["y"], marker=MENTION_MARKER, s=22, facecolors="white",
                   edgecolors=c, linewidths=1.1, zorder=4, gid="mention")
        if annotate:
            first = g.drop_duplicates("scene_id").sort_values("position", kind="stable")
            level, last_x = 0, None
            for r in first.itertuples():
                # labels of nearby mentions are stacked so they do not print over each other
                close = last_x is not None and r.position - last_x < MENTION_LABEL_GAP
                level = (level + 1) % MENTION_LABEL_LEVELS if close else 0
                last_x = r.position
                ax.annotate(str(r.scene_id), (r.position, r.y), xytext=(0, 5 + 8 * level),
                            textcoords="offset points", ha="center", va="bottom", fontsize=6,
                            color="#333333",
                            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none",
                                  "alpha": 0.7})


def _finish_axis(ax: Axes, ylabel: str) -> None:
    ax.set_xlim(0, 1)
    ax.axhline(0, color="#888888", linewidth=0.7, linestyle="--", zorder=0)
    ax.set_xlabel(X_LABEL)
    ax.set_ylabel(ylabel)


def arcs_overlay(band: pd.DataFrame, *, ax: Axes, colors: Mapping[str, str] | None = None,
                 labels: Sequence[str] | None = None, show_band: bool = False,
                 mentions: pd.DataFrame | None = None, annotate_mentions: bool = False,
                 ylabel: str = "tone (mean of engines)", legend: bool = True) -> Axes:
    """All critics' arcs on one axis: one line per critic (``center`` against ``x``).

    ``labels`` fixes the order of lines and legend (default: order in ``band``; pass the corpus
    order so each critic keeps its colour); ``colors`` maps label -> colour (use
    :func:`criticlens.viz.style.critic_colors`). ``show_band`` shades each critic's engine band;
    ``mentions`` adds a hollow diamond on the arc at every scene mention.
    """
    _need(band, _BAND_COLS, "band")
    order = _labels_in_order(band, labels)
    cols = dict(colors or {})
    for lab in order:
        g = band[band["label"] == lab].sort_values("x")
        c = cols.get(lab, "#444444")
        if show_band:
            ax.fill_between(g["x"].to_numpy(), g["lo"].to_numpy(), g["hi"].to_numpy(), color=c,
                            alpha=BAND_ALPHA, linewidth=0, gid=f"band:{lab}")
        ax.plot(g["x"].to_numpy(), g["center"].to_numpy(), color=c, label=str(lab))
    if mentions is not None:
        _draw_mentions(ax, mention_points(mentions, band), cols, annotate_mentions)
    _finish_axis(ax, ylabel)
    if legend:
        ax.legend(loc="best")
    return ax


def arc_panel(band: pd.DataFrame, points: pd.DataFrame, *, ax: Axes, color: str = "#444444",
              mentions: pd.DataFrame | None = None, annotate_mentions: bool = True,
              title: str | None = None, ylabel: str = "sentence score",
              legend: bool = True) -> Axes:
    """One critic: raw sentence scores per engine as points, the engine band, the mean arc.

    ``band`` and ``points`` hold one review (the rows of a single ``review_id``). Points use one
    marker per engine (:func:`engine_marker`); the line is the band's ``center``.
    """
    _need(band, _BAND_COLS, "band")
    _need(points, _POINT_COLS, "points")
    for name, f in (("band", band), ("points", points)):
        if f["review_id"].nunique() > 1:
            raise ValueError(f"arc_panel draws one review; {name} has "
                             f"{f['review_id'].nunique()}")
    g = band.sort_values("x")
    engines = list(dict.fromkeys(points["engine"]))
    for eng in engines:
        p = points[points["engine"] == eng]
        ax.scatter(p["position"], p["score"], marker=engine_marker(eng, engines), s=14,
                   facecolors="none", edgecolors=color, alpha=0.75, linewidths=0.8,
                   label=f"{eng} sentence score", zorder=2)
    ax.fill_between(g["x"].to_numpy(), g["lo"].to_numpy(), g["hi"].to_numpy(), color=color,
                    alpha=BAND_ALPHA, linewidth=0, label="engine range", zorder=1)
    ax.plot(g["x"].to_numpy(), g["center"].to_numpy(), color=color, label="arc (engine mean)",
            zorder=3)
    if mentions is not None:
        _draw_mentions(ax, mention_points(mentions, band), color, annotate_mentions)
    _finish_axis(ax, ylabel)
    if title is None and len(g):
        title = str(g["label"].iat[0])
    if title:
        ax.set_title(title)
    if legend:
        ax.legend(loc="lower left", ncol=2)
    return ax


def panel_legend_handles(engines: Sequence[str], color: str = "#555555", *,
                         mentions: bool = False) -> list[Artist]:
    """Neutral (grey) legend entries for :func:`arc_panel`'s layers, for one figure legend.

    ``mentions=True`` adds the hollow diamond of a scene mention.
    """
    handles: list[Artist] = [
        Line2D([], [], linestyle="none", marker=engine_marker(e, engines), markersize=5,
               markerfacecolor="none", markeredgecolor=color, label=f"{e} sentence score")
        for e in dict.fromkeys(engines)]
    handles.append(Patch(facecolor=color, alpha=BAND_ALPHA * 1.5, label="engine range"))
    handles.append(Line2D([], [], color=color, label="arc (engine mean)"))
    if mentions:
        handles.append(Line2D([], [], linestyle="none", marker=MENTION_MARKER, markersize=5,
                              markerfacecolor="white", markeredgecolor=color,
                              label="scene mention"))
    return handles


def arcs_small_multiples(band: pd.DataFrame, points: pd.DataFrame, *, axes: Sequence[Axes],
                         colors: Mapping[str, str] | None = None,
                         labels: Sequence[str] | None = None,
                         mentions: pd.DataFrame | None = None,
                         annotate_mentions: bool = True, legend: bool = True) -> list[Axes]:
    """One :func:`arc_panel` per critic, in ``labels`` order, on the given ``axes``.

    ``axes`` must hold at least one Axes per critic; spare Axes are hidden. The y limits are
    shared so panels compare. In a subplot grid the x label (short form) is kept on the lowest
    panel of each column and the y label on the first column; the legend (if ``legend``) is
    drawn on the first panel (a figure can instead draw one legend of its own from
    :func:`panel_legend_handles`).
    """
    _need(band, _BAND_COLS, "band")
    order = _labels_in_order(band, labels)
    axes = list(np.ravel(np.asarray(axes, dtype=object)))
    if len(axes) < len(order):
        raise ValueError(f"{len(order)} critics but only {len(axes)} axes")
    cols = dict(colors or {})
    lo = min(float(band["lo"].min()), float(points["score"].min()) if len(points) else 0.0)
    hi = max(float(band["hi"].max()), float(points["score"].max()) if len(points) else 0.0)
    pad = 0.05 * (hi - lo or 1.0)
    for i, lab in enumerate(order):
        b = band[band["label"] == lab]
        p = points[points["label"] == lab]
        rid = b["review_id"].iat[0]
        m = None if mentions is None else mentions[mentions["review_id"] == rid]
        arc_panel(b, p, ax=axes[i], color=cols.get(lab, "#444444"), mentions=m,
                  annotate_mentions=annotate_mentions, title=str(lab),
                  legend=legend and i == 0)
        axes[i].set_ylim(lo - pad, hi + pad)
        ss = axes[i].get_subplotspec()
        if ss is not None:
            below = ss.num2 + ss.get_gridspec().ncols  # index of the panel under this one
            axes[i].set_xlabel(X_LABEL_SHORT if below >= len(order) else "")
            if not ss.is_first_col():
                axes[i].set_ylabel("")
    for ax in axes[len(order):]:
        ax.set_visible(False)
    return axes[:len(order)]


def pitfall_bars(data: pd.DataFrame, *, ax: Axes, engines: Sequence[str] | None = None,
                 text_width: int = 60, colors: Mapping[str, str] | None = None) -> Axes:
    """Horizontal bars of each engine's score for a few sentences (the lexicon pitfall).

    ``data`` has one row per sentence with ``label``, ``text`` and one column per engine
    (e.g. :func:`criticlens.sentiment.engines.lexicon_pitfalls`); the first row is drawn at the top.
    Each sentence is labelled with its critic and its first ``text_width`` characters.
    """
    _need(data, ("label", "text"), "pitfall")
    engines = list(engines) if engines is not None else [
        c for c in data.columns if c in ("textblob", "vader")]
    if not engines:
        raise ValueError("no engine columns to draw")
    _need(data, engines, "pitfall")
    n = len(data)
    h = 0.8 / len(engines)
    ys = np.arange(n)[::-1].astype(float)
    palette = dict(colors or {})
    greys = ("#555555", "#aaaaaa", "#222222", "#888888")
    for k, eng in enumerate(engines):
        ax.barh(ys + 0.4 - (k + 0.5) * h, data[eng].to_numpy(dtype="float64"), height=h,
                color=palette.get(eng, greys[k % len(greys)]), label=eng)
    names = []
    for r in data.itertuples():
        t = " ".join(str(r.text).split())
        names.append(f"{r.label}: {t[:text_width]}{'…' if len(t) > text_width else ''}")
    ax.set_yticks(ys, names)
    ax.axvline(0, color="#888888", linewidth=0.7)
    ax.set_xlim(-1, 1)
    ax.set_xlabel("sentence score (-1 negative .. +1 positive)")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.legend(loc="lower right")
    return ax


#: Colour of the highlighted word of pain in the pitfall excerpts (Okabe-Ito vermillion).
PAIN_WORD_COLOR = "#D55E00"


def excerpt_around(text: str, word: str, *, before: int = 44, after: int = 34) -> tuple[str, str, str]:
    """``(left, word, right)``: a readable excerpt of ``text`` around the first ``word`` (whole
    word, any case), cut at word boundaries with an ellipsis, the word as written in the text.
    The word is never cut off; ``('', '', text[:before+after])`` when it is absent."""
    import re

    t = " ".join(str(text).split())
    m = re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", t, re.IGNORECASE)
    if m is None:
        return "", "", t[: before + after]
    left, right = t[: m.start()], t[m.end():]
    if len(left) > before:
        cut = left[-before:]
        left = "…" + cut[cut.find(" ") + 1:] if " " in cut else "…" + cut
    if len(right) > after:
        cut = right[:after]
        right = (cut[: cut.rfind(" ")] if " " in cut.strip() else cut) + " …"
    return left, m.group(0), right


def pitfall_excerpts(data: pd.DataFrame, *, text_ax: Axes, score_ax: Axes,
                     engines: Sequence[str], colors: Mapping[str, str] | None = None,
                     markers: Mapping[str, str] | None = None) -> tuple[Axes, Axes]:
    """The lexicon pitfall, readable: each sentence as an excerpt with its word of pain
    highlighted (``text_ax``), and each engine's score as a dot on a -1..+1 scale beside it
    (``score_ax``, sharing the rows), so a score of exactly 0 is a visible dot on the zero line.

    ``data`` has one row per sentence with ``label``, ``sent_id``, ``left``, ``word``, ``right``
    (see :func:`excerpt_around`) and one column per engine; the first row is drawn at the top.
    """
    _need(data, ("label", "sent_id", "left", "word", "right", *engines), "pitfall")
    n = len(data)
    ys = np.arange(n)[::-1].astype(float)
    text_ax.set_xlim(0, 1)
    text_ax.set_ylim(-0.6, n - 0.4)
    text_ax.axis("off")
    for y, r in zip(ys, data.itertuples(index=False)):
        pieces = [text_ax.text(0, y + 0.24, f"{r.label} · sent_id {int(r.sent_id)}", ha="left",
                               va="center", fontsize="x-small", color="#555555",
                               gid="pitfall-critic")]
        prev = text_ax.text(0, y - 0.12, str(r.left), ha="left", va="center", fontsize="small",
                            gid="pitfall-left")
        pieces.append(prev)
        prev = text_ax.annotate(str(r.word), xy=(1, 0), xycoords=prev, va="bottom",
                                fontsize="small", fontweight="bold", color=PAIN_WORD_COLOR,
                                gid="pitfall-word")
        pieces.append(prev)
        pieces.append(text_ax.annotate(str(r.right), xy=(1, 0), xycoords=prev, va="bottom",
                                       fontsize="small", gid="pitfall-right"))
        for p in pieces:  # the excerpts are sized to fit: they must not squeeze the layout
            p.set_in_layout(False)
    palette = dict(colors or {})
    marks = dict(markers or {})
    greys = ("#555555", "#aaaaaa", "#222222", "#888888")
    shapes = ("o", "^", "s", "D")
    for k, eng in enumerate(engines):
        vals = data[eng].to_numpy(dtype="float64")
        score_ax.scatter(vals, ys, s=28, zorder=3, marker=marks.get(eng, shapes[k % len(shapes)]),
                         color=palette.get(eng, greys[k % len(greys)]), label=eng, gid=f"score-{eng}")
    score_ax.axvline(0, color="#888888", linewidth=0.7)
    score_ax.set_xlim(-1.05, 1.05)
    score_ax.set_ylim(-0.6, n - 0.4)
    score_ax.set_yticks([])
    score_ax.set_xlabel("sentence score")
    score_ax.grid(axis="x", visible=True)
    score_ax.grid(axis="y", visible=False)
    score_ax.set_xticks([-1, 0, 1], ["-1", "0", "+1"])
    score_ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=1, frameon=False,
                    fontsize="small", handletextpad=0.2)
    return text_ax, score_ax


def ringing_line(ringing: pd.DataFrame, *, ax: Axes, color: str = "#0072B2") -> Axes:
    """The DCT's overshoot against the sentences kept of one review cut short (the frame of
    :func:`criticlens.teach.lesson.dct_ringing`: ``sentences, overshoot``), one point per cut."""
    _need(ringing, ("sentences", "overshoot"), "ringing")
    ax.plot(ringing["sentences"].to_numpy(float), ringing["overshoot"].to_numpy(float),
            marker="o", color=color)
    ax.set_xlabel("sentences kept (from the start of the review)")
    ax.set_ylabel("overshoot of the DCT arc")
    ax.set_ylim(bottom=0)
    return ax


def sentence_count_bars(counts: pd.Series, need: int, *, ax: Axes,
                        color: str = "#999999", need_color: str = "#0072B2") -> Axes:
    """How many reviews have 1, 2, ... sentences (``counts``: sentences per review), with the
    smoother's minimum ``need`` as a dashed line: which reviews it can draw."""
    c = pd.Series(counts).astype(int)
    top = max(int(c.max()) if len(c) else 0, need)
    ks = np.arange(1, top + 1)
    n = c.value_counts().reindex(ks, fill_value=0).to_numpy()
    ax.bar(ks, n, color=[need_color if k >= need else color for k in ks], width=0.7)
    ax.axvline(need - 0.5, color=need_color, linestyle="--", linewidth=1)
    ax.annotate(f"the DCT needs {need}", (need - 0.5, 1.0), xycoords=("data", "axes fraction"),
                xytext=(-4, -4), textcoords="offset points", ha="right", va="top",
                color=need_color, fontsize="small")
    ax.set_xticks(ks)
    ax.set_xlim(0.4, top + 0.6)
    ax.set_xlabel("sentences in the review")
    ax.set_ylabel("reviews")
    ax.yaxis.get_major_locator().set_params(integer=True)
    return ax


def lexicon_critic_scatter(data: pd.DataFrame, *, ax: Axes, x: str = "lexicon_mean",
                           y: str = "critic", color: str = "#333333") -> Axes:
    """One dot per sentence: the lexicons' score (``x``) against the critic engine's (``y``),
    both -1..+1, with the two quadrants where they disagree on the sign shaded and named; the
    upper left one (the lexicons negative, the critic engine positive) is the pitfall."""
    _need(data, (x, y), "lexicon/critic")
    ax.axhspan(0, 1.05, xmin=0, xmax=0.5, color=PAIN_WORD_COLOR, alpha=0.08, linewidth=0)
    ax.axhspan(-1.05, 0, xmin=0.5, xmax=1, color="#999999", alpha=0.12, linewidth=0)
    ax.axhline(0, color="#888888", linewidth=0.7)
    ax.axvline(0, color="#888888", linewidth=0.7)
    ax.scatter(data[x].to_numpy(float), data[y].to_numpy(float), s=22, color=color, zorder=3,
               alpha=0.8, linewidths=0)
    ax.set_xlim(-1.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.text(-1.0, 1.0, "lexicons negative,\ncritic engine positive", ha="left", va="top",
            fontsize="small", color=PAIN_WORD_COLOR)
    ax.text(1.0, -1.0, "lexicons positive,\ncritic engine negative", ha="right", va="bottom",
            fontsize="small", color="#555555")
    ax.set_xlabel("lexicons (mean of TextBlob and VADER)")
    ax.set_ylabel("critic engine")
    return ax
