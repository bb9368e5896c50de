"""Sentiment-arc figures (notebook 02 and ``criticlens figures``).

- ``sentiment-arcs``: every critic's arc on one axis (engine mean, length-corrected syuzhet DCT
  by default), each critic in its colour;
- ``sentiment-arcs-panels``: one panel per critic with the raw sentence scores of each engine,
  the engine band and the arc; scene mentions as markers when a mentions frame is given;
- ``sentiment-pitfall``: sentences that praise the film in words of pain, with each engine's
  score (only when the corpus has such sentences).

Every builder returns a :class:`criticlens.viz.export.FigureSpec` whose ``data`` is exactly what is
plotted and whose alt text is generated from that data.
"""
from __future__ import annotations

import math
import os
import textwrap
import warnings
from collections.abc import Sequence, Iterable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from criticlens.memo import shared

from criticlens.sentiment.arcs import (
    DEFAULT_FRAC,
    DEFAULT_LOW_PASS_SIZE,
    DEFAULT_WINDOW,
    ShortReviewWarning,
    Smoother,
    arc_band,
    arc_points,
    critic_arcs,
    min_sentences,
)
from criticlens.corpus.load import Corpus
from criticlens.viz.export import FigureSpec, save_spec
from criticlens.viz.plots.arcs import (
    arc_panel,
    arcs_overlay,
    arcs_small_multiples,
    panel_legend_handles,
    pitfall_excerpts,
)
from criticlens.sentiment.engines import (
    DEFAULT_ENGINES,
    PAIN_PRAISE_WORDS,
    lexicon_pitfalls,
    sentence_sentiment,
)
from criticlens.viz.style import critic_colors, style_context

#: Smoother of the exported arcs: syuzhet's DCT low-pass, length-corrected.
DEFAULT_SMOOTHER: Smoother = "dct"
#: Engines of the pitfall chart: the two lexicons against the critic engine, same sentences.
PITFALL_ENGINES: tuple[str, ...] = ("textblob", "vader", "critic")
#: Most sentences shown in the pitfall chart.
PITFALL_MAX_SENTENCES = 8


def describe_smoother(smoother: str, *, window: float = DEFAULT_WINDOW,
                      frac: float = DEFAULT_FRAC,
                      low_pass_size: int = DEFAULT_LOW_PASS_SIZE) -> str:
    """A short phrase for captions and alt text."""
    if smoother == "dct":
        return (f"syuzhet's DCT low-pass filter ({low_pass_size} coefficients, "
                "length-corrected)")
    if smoother == "lowess":
        return f"LOWESS (span {frac:.0%} of the sentences)"
    if smoother == "rolling":
        return f"a centred rolling mean (window {window:.0%} of the sentences)"
    return smoother


@shared
def arc_data(corpus: Corpus, scores: pd.DataFrame | None = None, *,
             engines: Iterable[str] = DEFAULT_ENGINES, smoother: Smoother = DEFAULT_SMOOTHER,
             **arc_options: Any) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(points, arcs, band)`` for the figures: sentence points, per-engine arcs, engine band.

    Reviews too short for ``smoother`` get the rolling mean without a warning: the figures say
    so once, in a note under the chart (:func:`short_review_note`, :func:`add_note`), not once
    per call, and a reader cannot lengthen a review anyway."""
    engines = list(engines)
    if scores is None:
        scores = sentence_sentiment(corpus, engines)
    points = arc_points(corpus, scores, engines=engines)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ShortReviewWarning)
        arcs = critic_arcs(corpus, scores, engines=engines, smoother=smoother, **arc_options)
    return points, arcs, arc_band(arcs)


#: Plain names of the smoothers in notes.
SMOOTHER_NAMES: dict[str, str] = {"dct": "the DCT", "lowess": "LOWESS",
                                  "rolling": "the rolling mean"}


def short_review_note(band: pd.DataFrame, smoother: str, **arc_options: Any) -> str:
    """One line saying how many arcs of ``band`` (from :func:`arc_data`) are not drawn with
    ``smoother`` because their reviews are too short for it; ``""`` when none is.

    e.g. "All 35 reviews are too short for the DCT (5 sentences or more): drawn with the
    rolling mean, a flat line for a one-sentence review."
    """
    if band.empty or "smoother" not in band.columns:
        return ""
    used = band.drop_duplicates("review_id")["smoother"].astype(str)
    n_short, n = int((used != smoother).sum()), len(used)
    if n_short == 0:
        return ""
    need = min_sentences(smoother, **{k: arc_options[k] for k in ("frac", "low_pass_size")  # type: ignore[arg-type]
                                      if k in arc_options})
    if n == 1:
        who = "The review is"
    elif n_short == n:
        who = f"All {n} reviews are"
    else:
        who = f"{n_short} of {n} reviews {'is' if n_short == 1 else 'are'}"
    return (f"{who} too short for {SMOOTHER_NAMES.get(smoother, smoother)} ({need} sentences "
            f"or more): drawn with the rolling mean, a flat line for a one-sentence review.")


#: ``gid`` of the note :func:`add_note` writes under a chart.
NOTE_GID = "figure-note"


def add_note(fig: Any, note: str, *, gid: str = NOTE_GID) -> None:
    """Write ``note`` (wrapped to the figure's width) at the foot of the figure, where the layout
    engine keeps room for it: as the title of the legend under the chart when the figure has
    one (a note beside it would overlap it), else as the figure's ``supxlabel``. Nothing when
    ``note`` is empty."""
    if not note:
        return
    width = fig.bbox.width / fig.figure.dpi  # inches, of a figure or of a subfigure
    text = textwrap.fill(note, max(30, int(width * 15)))
    if fig.legends:
        leg = fig.legends[-1]
        leg.set_title(text, prop={"size": "small"})
        leg.set_alignment("left")
        leg.get_title().set_color("#444444")
        leg.get_title().set_gid(gid)
        return
    fig.supxlabel(text, x=0.01, ha="left", fontsize="small", color="#444444", gid=gid)


def _with_note(text: str, note: str) -> str:
    return f"{text.rstrip()} {note}" if note else text


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _extremes_text(band: pd.DataFrame) -> str:
    parts = []
    for lab, g in band.groupby("label", sort=False):
        hi = g.loc[g["center"].idxmax()]
        lo = g.loc[g["center"].idxmin()]
        parts.append(f"{lab} from {lo['center']:+.2f} at {_pct(lo['x'])} to "
                     f"{hi['center']:+.2f} at {_pct(hi['x'])}")
    top = band.loc[band["center"].idxmax()]
    bot = band.loc[band["center"].idxmin()]
    return (f"Highest point: {top['label']}, {top['center']:+.2f} at {_pct(top['x'])} of the "
            f"review; lowest: {bot['label']}, {bot['center']:+.2f} at {_pct(bot['x'])}. "
            f"Per critic: {'; '.join(parts)}.")


def _engines_text(engines: list[str]) -> str:
    names = {"textblob": "TextBlob polarity", "vader": "VADER compound",
             "critic": "critic-engine polarity"}
    return " and ".join(names.get(e, e) for e in engines)


def build_arcs_overlay(corpus: Corpus, *, scores: pd.DataFrame | None = None,
                       engines: Iterable[str] = DEFAULT_ENGINES,
                       smoother: Smoother = DEFAULT_SMOOTHER, show_band: bool = False,
                       mentions: pd.DataFrame | None = None, size: str = "article",
                       highlight: Sequence[str] = (), title: str | None = None,
                       **arc_options: Any) -> FigureSpec:
    """All critics' arcs on one axis. ``data`` is the band frame (centre = the plotted line).

    With more than eight critics (:mod:`criticlens.viz.many`), the median arc and the middle
    half of the critics per group instead, with the critics in ``highlight`` drawn over it.
    ``title`` replaces the chart's title. Reviews too short for ``smoother`` are said in a note
    under the chart (:func:`short_review_note`).
    """
    from criticlens.viz import many as M

    engines = list(engines)
    _, _, band = arc_data(corpus, scores, engines=engines, smoother=smoother, **arc_options)
    if M.design_for(len(corpus.review_ids)) == "many":
        return _arcs_distribution_spec(corpus, band, engines, smoother, size, highlight,
                                       arc_options, title)
    labels = list(corpus.labels().values())
    colors = critic_colors(labels)
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots()
        arcs_overlay(band, ax=ax, colors=colors, labels=labels, show_band=show_band,
                     mentions=mentions)
        ax.set_title(title or f"{corpus.title}: tone through each review")
        note = short_review_note(band, smoother, **arc_options)
        add_note(fig, note)
    how = describe_smoother(smoother, **_smoother_kw(arc_options))
    n = band["review_id"].nunique()
    alt = (f"Line chart of the sentiment arc of each of the {n} reviews of {corpus.title}: "
           f"the mean of {_engines_text(engines)} sentence scores (-1 negative to +1 "
           f"positive), smoothed with {how}, against position through the review body from "
           f"0 (start) to 1 (end), one coloured line per critic. " + _extremes_text(band))
    caption = (f"Sentiment arcs of {n} reviews of {corpus.title}: lexicon tone, sentence by "
               f"sentence, smoothed with {how}.")
    return FigureSpec("sentiment-arcs", fig, band, _with_note(alt, note),
                      _with_note(caption, note))


#: Smoothers in chart titles.
SMOOTHER_TITLES: dict[str, str] = {"rolling": "rolling mean", "lowess": "LOWESS",
                                   "dct": "syuzhet's DCT"}
#: The smoothers notebook 02 compares, in its order.
COMPARED_SMOOTHERS: tuple[Smoother, ...] = ("rolling", "lowess", "dct")


def build_smoother_comparison(corpus: Corpus, *, scores: pd.DataFrame | None = None,
                              smoothers: Iterable[Smoother] = COMPARED_SMOOTHERS,
                              engines: Iterable[str] = DEFAULT_ENGINES, size: str = "article",
                              **arc_options: Any) -> tuple[list[FigureSpec], str]:
    """``(specs, note)``: one :func:`build_arcs_overlay` per smoother, its name in the title.

    A smoother that no review of the film is long enough for is left out, since its chart
    would repeat the rolling mean's; ``note`` says which and why in one line (``""`` when
    every smoother is drawn).
    """
    engines = list(engines)
    if scores is None:
        scores = sentence_sentiment(corpus, engines)
    points = arc_points(corpus, scores, engines=engines)
    longest = int(points.groupby("review_id")["sent_id"].nunique().max()) if len(points) else 0
    kw = {k: arc_options[k] for k in ("frac", "low_pass_size") if k in arc_options}
    specs: list[FigureSpec] = []
    left_out: list[tuple[str, int]] = []
    for sm in smoothers:
        need = min_sentences(sm, **kw)
        if longest < need and sm != "rolling":
            left_out.append((SMOOTHER_NAMES.get(sm, sm), need))
            continue
        specs.append(build_arcs_overlay(
            corpus, scores=scores, engines=engines, smoother=sm, size=size,
            title=f"{corpus.title}: tone through each review, {SMOOTHER_TITLES.get(sm, sm)}",
            **arc_options))
    note = ""
    if left_out:
        names = " and ".join(n for n, _ in left_out)
        needs = " and ".join(str(k) for _, k in left_out)
        note = (f"{names[0].upper()}{names[1:]} left out: the longest review of {corpus.title} "
                f"has {longest} sentence(s), fewer than the {needs} "
                f"{'they need' if len(left_out) > 1 else 'it needs'}, so "
                f"{'their charts' if len(left_out) > 1 else 'its chart'} would repeat the "
                f"rolling mean's.")
    return specs, note


def _arcs_distribution_spec(corpus: Corpus, band: pd.DataFrame, engines: list[str],
                            smoother: Smoother, size: str, highlight: Sequence[str],
                            arc_options: dict[str, Any], title: str | None = None
                            ) -> FigureSpec:
    """The many-critic design of ``sentiment-arcs``: median and middle half per group."""
    from criticlens.viz import many as M
    from criticlens.viz.plots.many import arc_quantiles, arcs_distribution

    g = M.groups(corpus)
    gmap = dict(g) if g is not None else None
    colors = M.group_colors(list(dict.fromkeys(g)) if g is not None else ["all critics"])
    labels = corpus.labels()
    hl = [labels[r] for r in M.resolve_critics(corpus, highlight)] if highlight else []
    hcol = {lab: M.HIGHLIGHT_COLORS[i % len(M.HIGHLIGHT_COLORS)] for i, lab in enumerate(hl)}
    q = arc_quantiles(band, gmap)
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots()
        arcs_distribution(q, ax=ax, colors=colors, band=band, highlight=hl,
                          highlight_colors=hcol, legend=False)
        fig.legend(loc="outside lower center", ncols=2)
        ax.set_title(title or f"{corpus.title}: tone through {len(corpus.review_ids)} reviews")
        note = short_review_note(band, smoother, **arc_options)
        add_note(fig, note)
    how = describe_smoother(smoother, **_smoother_kw(arc_options))
    med = q.groupby("group", sort=False)["median"].agg(["min", "max"])
    alt = (f"Line chart of the median sentiment arc of the {len(corpus.review_ids)} reviews of "
           f"{corpus.title}" + (" per group" if gmap else "") + f", the middle half of the "
           f"critics shaded around it: mean of {_engines_text(engines)} sentence scores smoothed "
           f"with {how}, against position through the review body (0 start, 1 end). "
           + " ".join(f"{k}: median from {r['min']:+.2f} to {r['max']:+.2f}." for k, r in med.iterrows())
           + (f" Highlighted: {', '.join(hl)}." if hl else ""))
    caption = (f"Sentiment arcs of {len(corpus.review_ids)} reviews of {corpus.title}: the median "
               f"arc and the middle half of the critics" + (" of each group" if gmap else "")
               + f", smoothed with {how}; one line per critic would be unreadable.")
    return FigureSpec("sentiment-arcs", fig, q, _with_note(alt, note), _with_note(caption, note))


def _smoother_kw(opts: dict[str, Any]) -> dict[str, Any]:
    return {k: opts[k] for k in ("window", "frac", "low_pass_size") if k in opts}


def panels_data(points: pd.DataFrame, band: pd.DataFrame) -> pd.DataFrame:
    """The small multiples' data in one long frame: ``layer`` "arc" rows (x, value = centre,
    lo, hi) and ``layer`` "sentence" rows (engine, sent_id, x = position, value = score)."""
    a = pd.DataFrame({"layer": "arc", "review_id": band["review_id"], "label": band["label"],
                      "engine": pd.NA, "sent_id": pd.NA, "x": band["x"],
                      "value": band["center"], "lo": band["lo"], "hi": band["hi"]})
    s = pd.DataFrame({"layer": "sentence", "review_id": points["review_id"],
                      "label": points["label"], "engine": points["engine"],
                      "sent_id": points["sent_id"], "x": points["position"],
                      "value": points["score"], "lo": float("nan"), "hi": float("nan")})
    out = pd.concat([a, s], ignore_index=True)
    out["sent_id"] = out["sent_id"].astype("Int64")
    for c in ("layer", "review_id", "label", "engine"):
        out[c] = out[c].astype("string")
    return out


def build_arcs_panels(corpus: Corpus, *, scores: pd.DataFrame | None = None,
                      engines: Iterable[str] = DEFAULT_ENGINES,
                      smoother: Smoother = DEFAULT_SMOOTHER,
                      mentions: pd.DataFrame | None = None, size: str = "article",
                      critics: Sequence[str] | None = None,
                      **arc_options: Any) -> FigureSpec:
    """Small multiples: per critic, sentence scores (points), engine band, arc (line).

    One panel per critic, so above eight critics it draws ``critics=[...]`` (labels or review
    ids) or else the eight longest reviews, and its title, caption and alt text say so
    (:func:`criticlens.viz.many.focused`): a notebook on a 300-review film gets the same figure
    as the export, not 300 panels.
    """
    from criticlens.viz import many as M

    corpus, focus_note = M.focused(corpus, critics)
    if focus_note:
        scores = M.review_rows(scores, corpus.review_ids)
        mentions = M.review_rows(mentions, corpus.review_ids)
    engines = list(engines)
    points, _, band = arc_data(corpus, scores, engines=engines, smoother=smoother,
                               **arc_options)
    labels = [lab for lab in corpus.labels().values() if lab in set(band["label"])]
    colors = critic_colors(list(corpus.labels().values()))
    n = len(labels)
    ncols = 1 if size == "column" else min(3, n)
    nrows = math.ceil(n / ncols)
    width = 3.5 if size == "column" else 7.0
    panel_h = 2.0 if size == "column" else 2.5
    with style_context(size):  # type: ignore[arg-type]
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, panel_h * nrows + 0.4),
                                 squeeze=False, sharex=True)
        arcs_small_multiples(band, points, axes=axes.ravel(), colors=colors, labels=labels,
                             mentions=mentions, legend=False)
        fig.legend(handles=panel_legend_handles(engines, mentions=mentions is not None),
                   loc="outside lower center", ncol=2 if size == "column" else 3)
        fig.suptitle(f"{corpus.title}: sentence scores and arcs by critic", x=0.01, ha="left",
                     fontweight="bold")
        note = short_review_note(band, smoother, **arc_options)
        add_note(fig, note)
    data = panels_data(points, band)
    how = describe_smoother(smoother, **_smoother_kw(arc_options))
    rng = band.assign(w=band["hi"] - band["lo"]).groupby("label", sort=False)["w"].mean()
    widest, narrowest = rng.idxmax(), rng.idxmin()
    extreme_pts = points.loc[[points["score"].idxmax(), points["score"].idxmin()]]
    pt_txt = "; ".join(f"{r.label} sentence {r.sent_id} ({r.engine}) {r.score:+.2f}"
                       for r in extreme_pts.itertuples())
    alt = (f"{n} panels, one per critic of {corpus.title}: each sentence's score from "
           f"{_engines_text(engines)} as points (circles TextBlob, triangles VADER) against "
           f"its position in the review body (0 to 1), a shaded band from the lowest to the "
           f"highest engine arc, and the mean arc as a line, smoothed with {how}. "
           f"Engines disagree most for {widest} (mean band width {rng[widest]:.2f}) and least "
           f"for {narrowest} ({rng[narrowest]:.2f}). Most positive and most negative sentence "
           f"scores: {pt_txt}. " + _extremes_text(band))
    caption = (f"Each critic's sentences as scored by {_engines_text(engines)}, with the "
               "engine band and the smoothed arc.")
    spec = FigureSpec("sentiment-arcs-panels", fig, data, _with_note(alt, note),
                      _with_note(caption, note))
    return M.noted([spec], focus_note)[0]


def pitfall_data(corpus: Corpus, scores: pd.DataFrame | None = None, *,
                 words: Iterable[str] = PAIN_PRAISE_WORDS,
                 engines: Iterable[str] = PITFALL_ENGINES,
                 max_sentences: int = PITFALL_MAX_SENTENCES,
                 classes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The pitfall sentences to chart: *judgement* sentences (the critic's own words, per
    :func:`criticlens.treatment.core.classify_sentences`; a plot sentence telling a sad story is
    not praise) that use a word of pain, those the lexicons score most negative first, each
    with an excerpt around its first word of pain (``left``, ``word``, ``right``). Columns as
    :func:`criticlens.sentiment.engines.lexicon_pitfalls` plus ``lexicon_mean`` (the mean of
    the lexicon engines among ``engines``). Engines missing from ``scores`` are scored."""
    from criticlens.treatment.core import classify_sentences
    from criticlens.viz.plots.arcs import excerpt_around

    engines = list(engines)
    if scores is not None:  # e.g. the lexicons' frame of the arcs: score the missing engines
        have = set(scores["engine"].astype(str))
        missing = [e for e in engines if e not in have]
        if missing:
            scores = pd.concat([scores, sentence_sentiment(corpus, missing)], ignore_index=True)
    pit = lexicon_pitfalls(corpus, scores, words=words, engines=engines)
    cl = classify_sentences(corpus) if classes is None else classes
    judg = set(zip(cl.loc[cl["cls"] == "judgement", "review_id"].astype(str),
                   cl.loc[cl["cls"] == "judgement", "sent_id"].astype(int)))
    keep = np.array([(str(r), int(i)) in judg for r, i in zip(pit["review_id"], pit["sent_id"])],
                    dtype=bool)
    pit = pit.loc[keep]
    lex = [e for e in engines if e != "critic"] or engines
    pit = pit.assign(lexicon_mean=pit[lex].mean(axis=1))
    pit = pit.sort_values("lexicon_mean", kind="stable").head(max_sentences).reset_index(drop=True)
    parts = [excerpt_around(t, str(w).split(", ")[0]) for t, w in zip(pit["text"], pit["words"])]
    pit["left"] = [p[0] for p in parts]
    pit["word"] = [p[1] for p in parts]
    pit["right"] = [p[2] for p in parts]
    return pit


def build_pitfall(corpus: Corpus, *, scores: pd.DataFrame | None = None,
                  words: Iterable[str] = PAIN_PRAISE_WORDS,
                  engines: Iterable[str] = PITFALL_ENGINES,
                  max_sentences: int = PITFALL_MAX_SENTENCES, size: str = "article"
                  ) -> FigureSpec:
    """The judgement sentences that use words of pain: a readable excerpt of each with the word
    highlighted, and each engine's score beside it as a dot on a -1..+1 scale: the lexicons
    (TextBlob, VADER) against the critic engine on the same sentences.

    Raises ``ValueError`` when no judgement sentence uses any of ``words`` (nothing to show).
    """
    engines = list(engines)
    data = pitfall_data(corpus, scores, words=words, engines=engines,
                        max_sentences=max_sentences)
    if data.empty:
        raise ValueError(f"no judgement sentence of {corpus.title} uses any of the words "
                         f"{list(words)[:6]}...: no pitfall figure")
    width = 3.5 if size == "column" else 7.0
    if size == "column":  # a narrow column: shorter excerpts
        from criticlens.viz.plots.arcs import excerpt_around

        parts = [excerpt_around(t, w, before=18, after=18) for t, w in zip(data["text"], data["word"])]
        data = data.assign(left=[p[0] for p in parts], right=[p[2] for p in parts])
    with style_context(size):  # type: ignore[arg-type]
        fig, (tax, sax) = plt.subplots(1, 2, figsize=(width, 0.55 * len(data) + 1.4),
                                       width_ratios=[3.2, 1.0], sharey=False)
        pitfall_excerpts(data, text_ax=tax, score_ax=sax, engines=engines, colors=PITFALL_COLORS)
        title = (f"{corpus.title}: praise in words of pain, as the lexicons and the critic "
                 f"engine read it")
        fig.suptitle(textwrap.fill(title, 48 if size == "column" else 100), x=0.01, ha="left",
                     fontweight="bold", fontsize=plt.rcParams["axes.titlesize"])
    worst = data.iloc[0]
    lex = [e for e in engines if e != "critic"]
    n_neg = int((data["lexicon_mean"] < 0).sum())
    alt = (f"Excerpts of {len(data)} judgement sentences from reviews of "
           f"{corpus.title} that use words of pain "
           f"({', '.join(dict.fromkeys(', '.join(data['words']).split(', ')))}), each with its "
           f"{_engines_text(engines)} score from -1 to +1. {n_neg} of them score negative on "
           f"the mean of the lexicons ({_engines_text(lex)})"
           + (f"; the critic engine scores {int((data['critic'] > 0).sum())} of them positive"
              if "critic" in engines else "")
           + f". Lowest for the lexicons: {worst['label']}, "
           f"\"{' '.join(str(worst['text']).split())[:90]}\" with "
           + ", ".join(f"{e} {worst[e]:+.2f}" for e in engines) + ".")
    caption = ("Judgement sentences that praise the film in words of pain: the lexicons score "
               "the words, the critic engine (trained on critics' verdicts) the judgement.")
    return FigureSpec("sentiment-pitfall", fig, data, alt, caption)


def lexicon_critic_data(corpus: Corpus, scores: pd.DataFrame | None = None, *,
                        engines: Iterable[str] = PITFALL_ENGINES,
                        classes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every *judgement* sentence (as :func:`pitfall_data` keeps them) with each engine's
    score: ``review_id, label, sent_id, text``, one column per engine, and ``lexicon_mean``
    (the mean of the engines other than the critic engine). Corpus order."""
    from criticlens.sentiment.engines import primary_scores
    from criticlens.treatment.core import classify_sentences

    engines = list(engines)
    if scores is not None:
        have = set(scores["engine"].astype(str))
        missing = [e for e in engines if e not in have]
        if missing:
            scores = pd.concat([scores, sentence_sentiment(corpus, missing)], ignore_index=True)
    else:
        scores = sentence_sentiment(corpus, engines)
    prim = primary_scores(scores, engines)
    wide = prim.pivot_table(index=["review_id", "sent_id"], columns="engine", values="score",
                            aggfunc="first")
    cl = classify_sentences(corpus) if classes is None else classes
    judg = cl.loc[cl["cls"] == "judgement", ["review_id", "sent_id"]]
    sents = corpus.sentences[["review_id", "sent_id", "text"]]
    out = judg.assign(review_id=judg["review_id"].astype(str), sent_id=judg["sent_id"].astype(int))
    out = out.merge(sents.assign(review_id=sents["review_id"].astype(str)),
                    on=["review_id", "sent_id"], how="left")
    labels = corpus.labels()
    out.insert(1, "label", [labels[r] for r in out["review_id"]])
    keys = list(zip(out["review_id"], out["sent_id"]))
    for e in engines:
        col = wide[e] if e in wide.columns else pd.Series(dtype=float)
        col.index = pd.MultiIndex.from_tuples([(str(r), int(i)) for r, i in col.index])
        out[e] = [float(col.get(k, np.nan)) for k in keys]
    lex = [e for e in engines if e != "critic"] or engines
    out["lexicon_mean"] = out[lex].mean(axis=1)
    return out.reset_index(drop=True)


def build_lexicon_vs_critic(corpus: Corpus, *, scores: pd.DataFrame | None = None,
                            engines: Iterable[str] = PITFALL_ENGINES,
                            size: str = "article") -> FigureSpec:
    """The lexicons against the critic engine on every judgement sentence: one dot each, the
    quadrants where they disagree on the sign shaded. The pitfall chart of a film whose critics
    use no word of pain (:func:`build_pitfall` needs some): where do the lexicons still read
    praise as blame, or blame as praise? ``data`` is :func:`lexicon_critic_data`."""
    engines = list(engines)
    data = lexicon_critic_data(corpus, scores, engines=engines)
    lex = [e for e in engines if e != "critic"] or engines
    from criticlens.viz.plots.arcs import lexicon_critic_scatter

    with style_context(size):  # type: ignore[arg-type]
        w = 3.5 if size == "column" else 5.0
        fig, ax = plt.subplots(figsize=(w, w * 0.9))
        lexicon_critic_scatter(data, ax=ax)
        ax.set_xlabel(f"lexicons (mean of {' and '.join(_ENGINE_SHORT.get(e, e) for e in lex)})")
        ax.set_title(textwrap.fill(f"{corpus.title}: the lexicons against the critic engine, "
                                   f"{len(data)} judgement sentences",
                                   int(w * 9)))
    up_left = int(((data["lexicon_mean"] < 0) & (data["critic"] > 0)).sum())
    down_right = int(((data["lexicon_mean"] > 0) & (data["critic"] < 0)).sum())
    alt = (f"Scatter plot of the {len(data)} judgement sentences of the reviews of "
           f"{corpus.title}: the mean of {_engines_text(lex)} (x, -1 to +1) against the "
           f"critic engine's polarity (y, -1 to +1). {up_left} sentence(s) score negative for "
           f"the lexicons and positive for the critic engine, {down_right} the other way "
           f"round; the rest agree on the sign or sit on zero.")
    caption = ("The lexicons against the critic engine on the same judgement sentences: the "
               "shaded quadrants are where they disagree on the sign.")
    return FigureSpec("sentiment-lexicon-vs-critic", fig, data, alt, caption)


_ENGINE_SHORT: dict[str, str] = {"textblob": "TextBlob", "vader": "VADER",
                                 "critic": "critic engine"}


def export_figures(corpus: Corpus, out_dir: str | os.PathLike[str], *,
                   mentions: pd.DataFrame | None = None, size: str = "article",
                   smoother: Smoother = DEFAULT_SMOOTHER) -> list[FigureSpec]:
    """Build and save the arc figures into ``out_dir``; return their specs.

    Scores are computed once and shared. The pitfall figure is left out (not an error) when no
    sentence uses a word of :data:`~criticlens.sentiment.engines.PAIN_PRAISE_WORDS`.
    """
    scores = sentence_sentiment(corpus, tuple(dict.fromkeys((*DEFAULT_ENGINES,
                                                             *PITFALL_ENGINES))))
    specs = [
        build_arcs_overlay(corpus, scores=scores, smoother=smoother, size=size),
        # one panel per critic: the eight longest reviews above eight critics (the builder)
        build_arcs_panels(corpus, scores=scores, smoother=smoother, mentions=mentions, size=size),
    ]
    if not pitfall_data(corpus, scores).empty:
        specs.append(build_pitfall(corpus, scores=scores, size=size))
    for spec in specs:
        save_spec(spec, out_dir)
    return specs


def build_dct_ringing(corpus: Corpus, ringing: pd.DataFrame, *,
                      low_pass_size: int = DEFAULT_LOW_PASS_SIZE,
                      size: str = "article") -> FigureSpec:
    """Notebook 07's ringing chart: the DCT arc's overshoot as one review is cut short.

    ``ringing`` is :func:`criticlens.teach.lesson.dct_ringing`'s frame. When it is empty (no
    review has the ``low_pass_size`` sentences the DCT needs, e.g. a film of one-sentence
    snippets), the chart shows why instead: the reviews by number of sentences, with the DCT's
    minimum marked. ``data`` is what is plotted either way.
    """
    from criticlens.viz.plots.arcs import ringing_line, sentence_count_bars

    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots()
        if len(ringing):
            ringing_line(ringing, ax=ax)
            lab = ringing["label"].iat[0]
            ax.set_title(f"DCT ringing, {lab}'s review cut short")
            worst = ringing.loc[ringing["overshoot"].idxmax()]
            alt = (f"Line chart of how far the DCT arc of {lab}'s review of {corpus.title} "
                   f"overshoots its sentence scores when the review is cut to its first "
                   f"{int(ringing['sentences'].min())} to {int(ringing['sentences'].max())} "
                   f"sentences; largest overshoot {worst['overshoot']:.3f} at "
                   f"{int(worst['sentences'])} sentences.")
            caption = "The DCT arc's overshoot (ringing) as a review is cut short."
            data = ringing
        else:
            counts = (corpus.sentences.groupby("review_id", sort=False).size()
                      .reindex(corpus.review_ids, fill_value=0).astype(int))
            sentence_count_bars(counts, low_pass_size, ax=ax)
            ax.set_title(textwrap.fill(f"{corpus.title}: no review has the {low_pass_size} "
                                       "sentences the DCT needs, so nothing rings",
                                       60 if size == "column" else 80))
            by_n = counts.value_counts().sort_index()
            alt = (f"Bar chart of the {len(counts)} reviews of {corpus.title} by number of "
                   f"sentences: " + ", ".join(f"{int(v)} with {int(k)}" for k, v in by_n.items())
                   + f". The DCT keeps {low_pass_size} components and needs as many sentences; "
                   f"no review has them, so there is no ringing to show.")
            caption = (f"Sentences per review of {corpus.title}: none reaches the "
                       f"{low_pass_size} the DCT needs.")
            top = max(int(counts.max()), low_pass_size)
            data = (counts.value_counts().reindex(range(1, top + 1), fill_value=0)
                    .rename_axis("sentences").reset_index(name="reviews"))
    return FigureSpec("dct-ringing", fig, data, alt, caption)


#: Dot colours of the pitfall chart: TextBlob grey, VADER blue (as before), the critic engine black.
PITFALL_COLORS: dict[str, str] = {"textblob": "#999999", "vader": "#0072B2", "critic": "#000000"}

__all__ = ["DEFAULT_SMOOTHER", "PITFALL_ENGINES", "add_note", "arc_data", "arc_panel",
           "build_arcs_overlay", "build_arcs_panels", "build_dct_ringing", "build_pitfall",
           "build_lexicon_vs_critic", "build_smoother_comparison", "export_figures",
           "lexicon_critic_data",
           "panels_data", "pitfall_data", "short_review_note"]
