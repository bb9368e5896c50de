"""Figures of the corpus itself (notebook 01)."""
from __future__ import annotations

import os

import matplotlib.pyplot as plt
import pandas as pd

from criticlens.corpus.load import Corpus
from criticlens.viz.export import FigureSpec, save_spec
from criticlens.viz.plots.corpus import review_length_bars
from criticlens.viz.style import critic_colors, style_context


def review_length_data(corpus: Corpus) -> pd.DataFrame:
    """One row per review: review_id, label, body words, body sentences."""
    return corpus.reviews[["review_id", "label", "n_words", "n_sentences"]].reset_index(drop=True)


def build_review_length(corpus: Corpus, *, size: str = "article") -> FigureSpec:
    """Bar chart of review length (body words) by critic."""
    data = review_length_data(corpus)
    colors = critic_colors(list(corpus.labels().values()))
    with style_context(size):  # type: ignore[arg-type]
        fig, ax = plt.subplots(figsize=(7.0 if size == "article" else 3.5, 0.45 * len(data) + 1.0))
        review_length_bars(data, ax=ax, colors=colors)
        ax.set_title(f"{corpus.title}: review length by critic")
    longest = data.loc[data["n_words"].idxmax()]
    shortest = data.loc[data["n_words"].idxmin()]
    alt = (f"Horizontal bar chart of the length of each review of {corpus.title} in body words, "
           f"{len(data)} critics. Longest: {longest['label']} with {int(longest['n_words'])} words; "
           f"shortest: {shortest['label']} with {int(shortest['n_words'])} words.")
    return FigureSpec("review-length", fig, data, alt,
                      caption=f"How many words each critic spends on {corpus.title} (review body only).")


def export_figures(corpus: Corpus, out_dir: str | os.PathLike[str]) -> list[FigureSpec]:
    """Build and export this module's figures into ``out_dir``."""
    specs = [build_review_length(corpus)]
    for spec in specs:
        save_spec(spec, out_dir)
    return specs
