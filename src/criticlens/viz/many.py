"""From 1 critic to 300: which design a figure uses, and which critics or groups it draws.

Every comparison figure has three designs, chosen from the number of critics:

- ``"single"`` (1 critic): that critic alone, no comparison;
- ``"few"`` (2 to :data:`MAX_INDIVIDUAL` = 8): one line, row or panel per critic, each in its
  colour (:func:`criticlens.viz.style.critic_colors`);
- ``"many"`` (more than 8): the distribution over all critics (median and middle half), rows
  ordered by group and thinned labels, or one panel per *group* of critics, with any critics the
  caller names in ``highlight=[...]`` drawn over it.

``critics=[...]`` (labels or review ids) restricts a figure to those critics; with eight or fewer
the figure then uses the "few" design. Figures that only have a per-critic design draw, for a
film with many critics, the critics named by ``critics=`` or else the :data:`MAX_INDIVIDUAL`
longest reviews, and say so in their title (:func:`focus`).

Groups come from the ``group`` column of reviews.csv (or the column named by ``--group``): a
verdict such as fresh/rotten, a rating, an outlet. :func:`group_corpus` pools each group's
reviews into one pseudo-critic, so any count-based analysis (distinctive terms, vocabulary sets)
compares groups with the same code that compares critics.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any, Literal

import pandas as pd

#: Most critics drawn one by one (lines, panels, legend entries); beyond, the "many" design.
MAX_INDIVIDUAL = 8
#: Most row labels an axis shows; beyond, every k-th label is shown (:func:`thin_labels`).
MAX_ROW_LABELS = 30
#: Group colours (Okabe-Ito blue, vermillion, green, purple, orange, sky blue): distinct from
#: one another; in the "many" design critics are not coloured one by one.
GROUP_COLORS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")
#: Colour of the critics named in ``highlight=`` over a distribution.
HIGHLIGHT_COLORS: tuple[str, ...] = ("#000000", "#882255", "#117733", "#999933")
#: Label of reviews whose group is empty.
NO_GROUP = "(no group)"
#: The one group of a film without a group column.
ALL_CRITICS = "all critics"

Design = Literal["single", "few", "many"]


def design_for(n_critics: int) -> Design:
    """The design for ``n_critics`` critics: "single", "few" (2-8) or "many" (more)."""
    if n_critics < 1:
        raise ValueError("a figure needs at least one critic")
    if n_critics == 1:
        return "single"
    return "few" if n_critics <= MAX_INDIVIDUAL else "many"


def resolve_critics(corpus: Any, critics: Sequence[str] | None) -> list[str]:
    """Review ids for ``critics`` (labels or review ids), in corpus order; all when ``None``.

    An unknown name is a ``ValueError`` naming it and a few known labels.
    """
    ids = [str(r) for r in corpus.review_ids]
    if critics is None:
        return ids
    labels = {str(v): str(k) for k, v in corpus.labels().items()}
    wanted: set[str] = set()
    unknown = []
    for c in critics:
        c = str(c)
        if c in ids:
            wanted.add(c)
        elif c in labels:
            wanted.add(labels[c])
        else:
            unknown.append(c)
    if unknown:
        some = ", ".join(list(labels)[:5])
        raise ValueError(f"unknown critic(s) {unknown}: use labels (e.g. {some}) or review ids")
    if not wanted:
        raise ValueError("critics= names no critic")
    return [r for r in ids if r in wanted]


def review_rows(frame: pd.DataFrame | None, review_ids: Sequence[str]) -> pd.DataFrame | None:
    """The rows of ``frame`` (any frame with ``review_id``: scores, classes, mentions) of the
    reviews in ``review_ids``, in their order in ``frame``, index reset; ``None`` stays ``None``."""
    if frame is None:
        return None
    keep = {str(r) for r in review_ids}
    return frame[frame["review_id"].astype(str).isin(keep)].reset_index(drop=True)


def subset(corpus: Any, review_ids: Sequence[str]) -> Any:
    """The corpus restricted to ``review_ids`` (frames filtered, corpus order kept)."""
    return replace(corpus, reviews=review_rows(corpus.reviews, review_ids),
                   sentences=review_rows(corpus.sentences, review_ids),
                   tokens=review_rows(corpus.tokens, review_ids),
                   spans=review_rows(corpus.spans, review_ids))


def focus(corpus: Any, critics: Sequence[str] | None = None, *,
          n: int = MAX_INDIVIDUAL) -> tuple[Any, str]:
    """``(corpus to draw, note)`` for a figure with a per-critic design only.

    ``critics`` given: those critics. Else, with ``n`` critics or fewer, all of them. Else the
    ``n`` longest reviews (most body words; ties in corpus order), in corpus order, and a note
    such as "8 of 35 critics shown (the longest reviews)" for the figure's title.
    """
    total = len(corpus.review_ids)
    if critics is not None:
        ids = resolve_critics(corpus, critics)
        note = "" if len(ids) == total else f"{len(ids)} of {total} critics shown"
        return (corpus if not note else subset(corpus, ids)), note
    if total <= n:
        return corpus, ""
    rev = corpus.reviews.reset_index(drop=True)
    longest = rev.assign(_k=-rev["n_words"].astype(int), _i=rev.index).sort_values(
        ["_k", "_i"]).head(n)["review_id"]
    keep = set(longest)
    ids = [r for r in corpus.review_ids if r in keep]
    return subset(corpus, ids), f"{n} of {total} critics shown (the longest reviews)"


def focused(corpus: Any, critics: Sequence[str] | None = None, *,
            n: int = MAX_INDIVIDUAL) -> tuple[Any, str]:
    """:func:`focus`, with the film's title extended by "(8 of 35 critics)" when it selects, so
    every title drawn from the corpus says that not every critic is shown."""
    sub, note = focus(corpus, critics, n=n)
    if note and getattr(sub, "film", None) is not None:
        shown, total = len(sub.review_ids), len(corpus.review_ids)
        sub = replace(sub, film=replace(sub.film, title=f"{sub.film.title} ({shown} of {total} critics)"))
    return sub, note


def noted(specs: list[Any], note: str) -> list[Any]:
    """Add ``note`` (from :func:`focus`) to each figure spec's caption and alt text."""
    if note:
        for spec in specs:
            extra = f" {note}; pass critics=[...] to choose others."
            spec.caption = (spec.caption or "").rstrip() + extra
            spec.alt_text = spec.alt_text.rstrip() + extra
    return specs


def groups(corpus: Any) -> pd.Series | None:
    """Each review's group (indexed by review id, corpus order), or ``None`` if no review has one.

    Reviews with an empty group are in :data:`NO_GROUP` when others have one.
    """
    rev = corpus.reviews
    if "group" not in rev.columns or rev["group"].isna().all():
        return None
    g = rev["group"].astype(object).where(rev["group"].notna(), NO_GROUP).astype(str)
    return pd.Series(g.to_numpy(), index=rev["review_id"].astype(str).to_numpy(), name="group")


def group_names(corpus: Any) -> list[str]:
    """Groups in first-appearance order ([] when the film has none)."""
    g = groups(corpus)
    return [] if g is None else list(dict.fromkeys(g))


def group_colors(names: Sequence[str]) -> dict[str, str]:
    """One colour per group (cycling after six)."""
    return {n: GROUP_COLORS[i % len(GROUP_COLORS)] for i, n in enumerate(dict.fromkeys(names))}


def group_corpus(corpus: Any) -> Any:
    """One pseudo-review per group: every frame's ``review_id`` replaced by the group name.

    For count-based analyses (distinctive terms, vocabularies, term counts), which then compare
    groups exactly as they compare critics. Sentence-level analyses (arcs) must not use it: the
    sentence ids of a group's reviews repeat.
    """
    g = groups(corpus)
    if g is None:
        raise ValueError("the film has no group column: add 'group' to reviews.csv "
                         "or name a column with --group")

    def remap(df: pd.DataFrame) -> pd.DataFrame:
        d = df.copy()
        d["review_id"] = d["review_id"].astype(str).map(g).astype(d["review_id"].dtype)
        return d

    rev = corpus.reviews
    sums = ["n_sentences", "n_tokens", "n_words", "n_chars", "n_paragraphs", "n_bytes"]
    agg = rev.assign(review_id=rev["review_id"].astype(str).map(g)).groupby(
        "review_id", sort=False)
    first = agg.first().reset_index()
    for c in sums:
        if c in rev.columns:
            first[c] = agg[c].sum().to_numpy()
    first["label"] = first["review_id"]
    first["critic"] = None
    first = first[list(rev.columns)]
    return replace(corpus, reviews=first, sentences=remap(corpus.sentences),
                   tokens=remap(corpus.tokens), spans=remap(corpus.spans))


def highlight_labels(corpus: Any, highlight: Sequence[str] | None) -> list[str]:
    """Labels of the critics named in ``highlight`` (labels or review ids), in corpus order."""
    if not highlight:
        return []
    labels = corpus.labels()
    return [labels[r] for r in resolve_critics(corpus, highlight)]


def highlight_colors(labels: Sequence[str]) -> dict[str, str]:
    """One :data:`HIGHLIGHT_COLORS` colour per highlighted critic (cycling)."""
    return {str(lab): HIGHLIGHT_COLORS[i % len(HIGHLIGHT_COLORS)] for i, lab in enumerate(labels)}


def group_of(corpus: Any) -> dict[str, str]:
    """Review id -> group; every review in "all critics" when the film has no group column."""
    g = groups(corpus)
    if g is None:
        return {str(r): ALL_CRITICS for r in corpus.review_ids}
    return {str(k): str(v) for k, v in g.items()}


def critic_order(corpus: Any, key: Any = None, *, descending: bool = True) -> list[str]:
    """Review ids ordered by group (first-appearance order), then by ``key`` within each group.

    ``key`` maps review id to a number (a dict or Series: verdict score, number of mentions);
    ``descending`` puts the largest first; missing or NaN values go last; ties keep corpus
    order. Without ``key``: corpus order within each group. The row order of the many-critic
    heatmaps (:mod:`criticlens.viz.plots.many`).
    """
    gof = group_of(corpus)
    rank = {g: i for i, g in enumerate(dict.fromkeys(gof[str(r)] for r in corpus.review_ids))}
    k = dict(key.items()) if key is not None else {}

    def sort_key(item: tuple[int, str]) -> tuple[int, int, float, int]:
        i, r = item
        v = k.get(r, k.get(str(r)))
        missing = v is None or pd.isna(v)
        val = 0.0 if missing else float(v) * (-1 if descending else 1)
        return (rank[gof[str(r)]], int(missing), val, i)

    return [r for _, r in sorted(enumerate(str(r) for r in corpus.review_ids), key=sort_key)]


def thin_labels(n: int, *, most: int = MAX_ROW_LABELS) -> int:
    """Show every k-th of ``n`` row labels so that at most ``most`` are drawn; returns k."""
    return max(1, -(-n // most))


__all__ = ["ALL_CRITICS", "GROUP_COLORS", "HIGHLIGHT_COLORS", "MAX_INDIVIDUAL", "MAX_ROW_LABELS",
           "NO_GROUP", "critic_order", "design_for", "group_of", "highlight_colors",
           "highlight_labels", "focus", "focused", "noted", "group_colors", "group_corpus", "group_names", "groups",
           "resolve_critics", "review_rows", "subset", "thin_labels"]
