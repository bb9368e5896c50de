"""criticlens: comparative film criticism.

Give it a folder of reviews of one film; it loads them into tidy pandas frames and compares
how each critic treats the film: sentiment arcs, vocabulary overlap and distinctive terms,
scenes and quotations, and treatment (synopsis vs judgement, aspects, verdict).

Public names are imported lazily so that ``import criticlens`` stays fast and a command that
needs only the loader does not import matplotlib.
"""
from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # --- foundation (issue 2) ---
    "load_film": "criticlens.corpus",
    "corpus_from_texts": "criticlens.corpus",
    "Corpus": "criticlens.corpus",
    "LoadReport": "criticlens.corpus",
    "FilmMeta": "criticlens.film",
    "save_figure": "criticlens.export",
    "style_context": "criticlens.style",
    "critic_colors": "criticlens.style",
    # --- sentiment arcs (issue 3) ---
    "sentence_sentiment": "criticlens.sentiment",
    "register_engine": "criticlens.sentiment",
    "register_wordlist_engine": "criticlens.sentiment",
    "available_engines": "criticlens.sentiment",
    "lexicon_pitfalls": "criticlens.sentiment",
    "word_scores": "criticlens.sentiment",
    "syuzhet_dct": "criticlens.arcs",
    "dct_arc": "criticlens.arcs",
    "rolling_mean": "criticlens.arcs",
    "lowess": "criticlens.arcs",
    "arc_points": "criticlens.arcs",
    "critic_arcs": "criticlens.arcs",
    "arc_band": "criticlens.arcs",
    "engine_agreement": "criticlens.arcs",
    "crux": "criticlens.arcs",
    "ShortReviewError": "criticlens.arcs",
    # --- vocabulary (issue 4) ---
    "term_counts": "criticlens.vocab",
    "vocabularies": "criticlens.vocab",
    "overlap": "criticlens.vocab",
    "overlap_matrix": "criticlens.vocab",
    "intersections": "criticlens.vocab",
    "shared_terms": "criticlens.vocab",
    "unique_terms": "criticlens.vocab",
    "log_odds_z": "criticlens.keyness",
    "log_likelihood": "criticlens.keyness",
    "log_ratio": "criticlens.keyness",
    "distinctive_terms": "criticlens.keyness",
    "top_terms": "criticlens.keyness",
    "kwic": "criticlens.kwic",
    "term_hits": "criticlens.kwic",
    "dispersion_plot": "criticlens.plots.dispersion",
    # --- scenes, quotes, people (issue 5) ---
    "find_mentions": "criticlens.scenes",
    "scene_table": "criticlens.scenes",
    "scene_summary": "criticlens.scenes",
    "scene_specs": "criticlens.scenes",
    "scene_kwic": "criticlens.scenes",
    "find_quotes": "criticlens.quotes",
    "quote_counts": "criticlens.quotes",
    "find_people": "criticlens.people",
    "people_table": "criticlens.people",
    # --- treatment (issue 6) ---
    "classify_sentences": "criticlens.treatment",
    "layer_arcs": "criticlens.treatment",
    "layer_summary": "criticlens.treatment",
    "aspect_terms": "criticlens.treatment",
    "sentence_aspects": "criticlens.treatment",
    "aspect_profile": "criticlens.treatment",
    "verdict": "criticlens.treatment",
    "mixed_messages": "criticlens.treatment",
    "label_agreement": "criticlens.treatment",
    "load_sentence_labels": "criticlens.treatment",
    "run_figures": "criticlens.figures",
    # --- explore / teach (issue 7) ---
    "Explorer": "criticlens.explore",
    "run_notebooks": "criticlens.runbook",
    "lesson_exercises": "criticlens.teaching",
    # --- scale (issue 8) ---
    "load_table": "criticlens.table",
    "film_corpus": "criticlens.table",
    "per_film": "criticlens.table",
    "score_sentences": "criticlens.table",
    "Cache": "criticlens.cache",
    "load_film_cached": "criticlens.cache",
    "run_pipeline": "criticlens.distributed",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'criticlens' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
