"""criticlens: comparative film criticism.

Give it a folder of reviews of one film; it loads them into tidy pandas frames and compares
how each critic treats the film: sentiment arcs, vocabulary overlap and distinctive terms,
scenes and quotations, and treatment (synopsis vs judgement, aspects, verdict).

Public names are imported lazily so that ``import criticlens`` stays fast and a command that
needs only the loader does not import matplotlib.
"""
from __future__ import annotations

from criticlens._exports import lazy_exports

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    # --- foundation (issue 2) ---
    "load_film": "criticlens.corpus.load",
    "corpus_from_texts": "criticlens.corpus.load",
    "Corpus": "criticlens.corpus.load",
    "LoadReport": "criticlens.corpus.load",
    "FilmMeta": "criticlens.corpus.film",
    "save_figure": "criticlens.viz.export",
    "style_context": "criticlens.viz.style",
    "critic_colors": "criticlens.viz.style",
    # --- sentiment arcs (issue 3) ---
    "sentence_sentiment": "criticlens.sentiment.engines",
    "register_engine": "criticlens.sentiment.engines",
    "register_wordlist_engine": "criticlens.sentiment.engines",
    "available_engines": "criticlens.sentiment.engines",
    "lexicon_pitfalls": "criticlens.sentiment.engines",
    "word_scores": "criticlens.sentiment.engines",
    # --- the critic engine (issue 13) ---
    "explain": "criticlens.sentiment.critic",
    "review_verdict": "criticlens.sentiment.critic",
    "syuzhet_dct": "criticlens.sentiment.arcs",
    "dct_arc": "criticlens.sentiment.arcs",
    "rolling_mean": "criticlens.sentiment.arcs",
    "lowess": "criticlens.sentiment.arcs",
    "arc_points": "criticlens.sentiment.arcs",
    "critic_arcs": "criticlens.sentiment.arcs",
    "arc_band": "criticlens.sentiment.arcs",
    "engine_agreement": "criticlens.sentiment.arcs",
    "crux": "criticlens.sentiment.arcs",
    "ShortReviewError": "criticlens.sentiment.arcs",
    # --- vocabulary (issue 4) ---
    "term_counts": "criticlens.vocab.counts",
    "vocabularies": "criticlens.vocab.counts",
    "overlap": "criticlens.vocab.counts",
    "overlap_matrix": "criticlens.vocab.counts",
    "intersections": "criticlens.vocab.counts",
    "shared_terms": "criticlens.vocab.counts",
    "unique_terms": "criticlens.vocab.counts",
    "log_odds_z": "criticlens.vocab.keyness",
    "log_likelihood": "criticlens.vocab.keyness",
    "log_ratio": "criticlens.vocab.keyness",
    "distinctive_terms": "criticlens.vocab.keyness",
    "top_terms": "criticlens.vocab.keyness",
    "kwic": "criticlens.vocab.kwic",
    "term_hits": "criticlens.vocab.kwic",
    "dispersion_plot": "criticlens.viz.plots.dispersion",
    # --- scenes, quotes, people (issue 5) ---
    "find_mentions": "criticlens.mentions.scenes",
    "scene_table": "criticlens.mentions.scenes",
    "scene_summary": "criticlens.mentions.scenes",
    "scene_specs": "criticlens.mentions.scenes",
    "scene_kwic": "criticlens.mentions.scenes",
    "find_quotes": "criticlens.mentions.quotes",
    "quote_counts": "criticlens.mentions.quotes",
    "find_people": "criticlens.mentions.people",
    "people_table": "criticlens.mentions.people",
    # --- treatment (issue 6) ---
    "classify_sentences": "criticlens.treatment.core",
    "layer_arcs": "criticlens.treatment.core",
    "layer_summary": "criticlens.treatment.core",
    "aspect_terms": "criticlens.treatment.core",
    "sentence_aspects": "criticlens.treatment.core",
    "aspect_profile": "criticlens.treatment.core",
    "verdict": "criticlens.treatment.core",
    "mixed_messages": "criticlens.treatment.core",
    "label_agreement": "criticlens.treatment.core",
    "load_sentence_labels": "criticlens.treatment.core",
    "run_figures": "criticlens.viz.figures",
    # --- explore / teach (issue 7) ---
    "Explorer": "criticlens.teach.explorer",
    "run_notebooks": "criticlens.teach.runbook",
    "lesson_exercises": "criticlens.teach.lesson",
    # --- scale (issue 8) ---
    "load_table": "criticlens.scale.tables",
    "film_corpus": "criticlens.corpus.table",
    "per_film": "criticlens.corpus.table",
    "score_sentences": "criticlens.scale.tables",
    "Cache": "criticlens.scale.cache",
    "load_film_cached": "criticlens.scale.cache",
    "run_pipeline": "criticlens.scale.distributed",
}

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS, globals(), extra=("__version__",))
