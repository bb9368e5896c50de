"""Sentiment: engines and their registry, sentence scores, arcs and smoothers.

- :mod:`~criticlens.sentiment.engines`: the engine registry (TextBlob, VADER, word lists, your
  own) and the one sentence-score frame, long: ``review_id, sent_id, engine, measure, score``;
- :mod:`~criticlens.sentiment.smooth`: every smoother (syuzhet's DCT, rolling mean, LOWESS,
  Gaussian kernel), numpy only;
- :mod:`~criticlens.sentiment.arcs`: arcs per critic on a common 0..1 axis, bands, crux;
- ``_fast`` (private): the exact fast path of TextBlob and VADER; other layers reach it only
  through the names below.
"""
from criticlens._exports import lazy_exports

_EXPORTS: dict[str, str] = {
    # the exact bulk scorer of the built-in engines: one row per text, a column per engine_measure
    "exact_scores": "criticlens.sentiment._fast:score_texts",
    "check_engines": "criticlens.sentiment._fast",
    "score_columns": "criticlens.sentiment._fast",
    "score_chunk": "criticlens.sentiment._fast",
    "ENGINE_MEASURES": "criticlens.sentiment._fast",
    "ENGINE_VERSIONS": "criticlens.sentiment._fast",
    "ALGORITHM_VERSION": "criticlens.sentiment._fast",
    # the engines' own word lists, each loaded once
    "vader_lexicon": "criticlens.sentiment._fast",
}

#: Public modules (besides the names above).
MODULES = ("arcs", "critic", "engines", "smooth", "train")

__getattr__, __dir__, __all__ = lazy_exports(__name__, _EXPORTS, globals(), extra=MODULES)
