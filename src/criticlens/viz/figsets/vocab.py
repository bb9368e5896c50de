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


# --- overlap ---------------------------------------------------------------------------------

def build_overlap_heatmap(corpus: Any, *, measure: str = "jaccard", size: str = "article",
                          **vocab_options: Any) -> FigureSpec:
    """Annotated heatmap of one overlap measure between every pair of critics."""
    corpus = _at_most_eight(corpus)
    labels = _labels(corpus)
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


def build_overlap_measures(corpus: Any, *, size: str = "article", **vocab_options: Any) -> FigureSpec:
    """The four overlap measures side by side (2×2 heatmaps, each on its own scale)."""
    corpus = _at_most_eight(corpus)
    labels = _labels(corpus)
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
            if len(labels) < len(all_labels) else ""), loc="left")
    full = " & ".join(all_labels)
    shared = inter.loc[inter["members"] == full, "n_terms"]
    n_shared = int(shared.iloc[0]) if len(shared) else 0
    uniq = inter[inter["degree"] == 1].head(MAX_SETS)
    top = inter.iloc[0]
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
    two statistics differ in what they call significant.
    """
    corpus = _at_most_eight(corpus)
    labels = _labels(corpus)
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
                     regex: bool = False) -> FigureSpec:
    """Where the given terms fall through each review (one row per critic, x 0..1)."""
    corpus = _at_most_eight(corpus)
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


def export_figures(corpus: Any, out_dir: str | os.PathLike[str]) -> list[FigureSpec]:
    """Build and export this module's figures into ``out_dir``; returns the specs (closed)."""
    from criticlens.viz import many as M

    few, note = M.focused(corpus)
    # many critics with groups: the sets and the distinctive terms compare the groups
    by_group = bool(note) and len(M.group_names(corpus)) >= 2
    sets = M.group_corpus(corpus) if by_group else few
    builders = [
        (lambda: build_overlap_heatmap(few, measure="jaccard"), note),
        (lambda: build_overlap_measures(few), note),
        (lambda: build_upset(sets), "" if by_group else note),
        (lambda: build_distinctive_terms(sets, method="log_odds"), "" if by_group else note),
        (lambda: build_distinctive_terms(sets, method="log_likelihood"), "" if by_group else note),
        (lambda: build_distinctive_terms(sets, method="log_odds", ngram=2, min_count=2),
         "" if by_group else note),
        (lambda: build_dispersion(few), note),
    ]
    specs = []
    for build, why in builders:
        spec = build()
        M.noted([spec], why)
        if by_group and not why:
            spec.caption = (spec.caption or "").rstrip() + (
                f" Groups of critics (the 'group' column: {', '.join(M.group_names(corpus))}), "
                f"each group's reviews pooled.")
        save_spec(spec, out_dir)
        specs.append(spec)
    return specs
