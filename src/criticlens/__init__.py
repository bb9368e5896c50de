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

# public name -> module that defines it (imported on first use)
_EXPORTS: dict[str, str] = {
    # where things are: the bundled film, film folders, the figure folder of a film
    "resolve_film": "criticlens.paths",
    "figures_dir_for": "criticlens.paths",
    # a film's reviews as tidy frames, and the load report that names every problem
    "load_film": "criticlens.corpus.load",
    "corpus_from_texts": "criticlens.corpus.load",
    "Corpus": "criticlens.corpus.load",
    "LoadReport": "criticlens.corpus.load",
    "FilmMeta": "criticlens.corpus.film",
    # many films in one table: film by film
    "film_corpus": "criticlens.corpus.table",
    "per_film": "criticlens.corpus.table",
    # sentence sentiment: the engine registry and the one long score frame
    "sentence_sentiment": "criticlens.sentiment.engines",
    "register_engine": "criticlens.sentiment.engines",
    "register_wordlist_engine": "criticlens.sentiment.engines",
    "available_engines": "criticlens.sentiment.engines",
    "lexicon_pitfalls": "criticlens.sentiment.engines",
    "word_scores": "criticlens.sentiment.engines",
    # the critic engine: a verdict trained on critics' own snippets, and why it decided
    "explain": "criticlens.sentiment.critic",
    "review_verdict": "criticlens.sentiment.critic",
    # smoothers (syuzhet's DCT, rolling mean, LOWESS)
    "syuzhet_dct": "criticlens.sentiment.smooth",
    "dct_arc": "criticlens.sentiment.smooth",
    "rolling_mean": "criticlens.sentiment.smooth",
    "lowess": "criticlens.sentiment.smooth",
    "ShortReviewError": "criticlens.sentiment.smooth",
    "ShortReviewWarning": "criticlens.sentiment.smooth",
    # sentiment arcs per critic on a common axis, their band and crux sentences
    "arc_points": "criticlens.sentiment.arcs",
    "critic_arcs": "criticlens.sentiment.arcs",
    "arc_band": "criticlens.sentiment.arcs",
    "engine_agreement": "criticlens.sentiment.arcs",
    "crux": "criticlens.sentiment.arcs",
    # vocabulary: counts and overlap between critics
    "term_counts": "criticlens.vocab.counts",
    "vocabularies": "criticlens.vocab.counts",
    "overlap": "criticlens.vocab.counts",
    "overlap_matrix": "criticlens.vocab.counts",
    "intersections": "criticlens.vocab.counts",
    "shared_terms": "criticlens.vocab.counts",
    "unique_terms": "criticlens.vocab.counts",
    # vocabulary: distinctive terms (keyness)
    "log_odds_z": "criticlens.vocab.keyness",
    "log_likelihood": "criticlens.vocab.keyness",
    "log_ratio": "criticlens.vocab.keyness",
    "distinctive_terms": "criticlens.vocab.keyness",
    "top_terms": "criticlens.vocab.keyness",
    # keyword in context, and where terms fall in each review
    "kwic": "criticlens.vocab.kwic",
    "term_hits": "criticlens.vocab.kwic",
    # scenes, quotations and people the critics mention
    "find_mentions": "criticlens.mentions.scenes",
    "scene_table": "criticlens.mentions.scenes",
    "scene_summary": "criticlens.mentions.scenes",
    "scene_specs": "criticlens.mentions.scenes",
    "scene_kwic": "criticlens.mentions.scenes",
    "find_quotes": "criticlens.mentions.quotes",
    "quote_counts": "criticlens.mentions.quotes",
    "find_people": "criticlens.mentions.people",
    "people_table": "criticlens.mentions.people",
    # treatment: synopsis vs judgement, aspects, the verdict
    "classify_sentences": "criticlens.treatment.core",
    "layer_arcs": "criticlens.treatment.core",
    "layer_summary": "criticlens.treatment.core",
    "aspect_terms": "criticlens.treatment.core",
    "sentence_aspects": "criticlens.treatment.core",
    "aspect_profile": "criticlens.treatment.core",
    "verdict": "criticlens.treatment.core",
    "verdict_evidence": "criticlens.treatment.core",
    "mixed_messages": "criticlens.treatment.core",
    "label_agreement": "criticlens.treatment.core",
    "load_sentence_labels": "criticlens.treatment.core",
    # corpus scale: tables of many reviews, the cache, the Dask pipeline (extra [scale])
    "load_table": "criticlens.scale.tables",
    "score_sentences": "criticlens.scale.tables",
    "Cache": "criticlens.scale.cache",
    "load_film_cached": "criticlens.scale.cache",
    "run_pipeline": "criticlens.scale.distributed",
    # figures: style, one export path, every figure of a film
    "style_context": "criticlens.viz.style",
    "critic_colors": "criticlens.viz.style",
    "save_figure": "criticlens.viz.export",
    "dispersion_plot": "criticlens.viz.plots.dispersion",
    "run_figures": "criticlens.viz.figures",
    # exploring and teaching: the explorer, lesson exercises, running the notebooks
    "Explorer": "criticlens.teach.explorer",
    "lesson_exercises": "criticlens.teach.lesson",
    "run_notebooks": "criticlens.teach.runbook",
}

#: Public modules and subpackages (each subpackage's ``__all__`` lists its own public modules).
MODULES = ("paths", "corpus", "text", "sentiment", "vocab", "mentions", "treatment", "scale", "viz",
           "teach", "cli")

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS, globals(),
                                             extra=("__version__",) + MODULES)
