"""``criticlens treatment``: sentence classes, layer and aspect profiles, verdict per critic."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from criticlens.cli.common import add_output_options, load_or_exit, write_frame

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from criticlens.corpus.load import Corpus

#: What ``criticlens treatment --what`` can print, and the columns kept for each.
CLI_VIEWS: dict[str, tuple[str, ...]] = {
    "classes": ("review_id", "sent_id", "cls", "decided_by", "judgement_cues", "synopsis_weight",
                "context_cues", "judgement_prob", "cues", "text"),
    "layers": ("review_id", "label", "cls", "n_sentences", "share", "mean_sentiment"),
    "aspects": ("review_id", "label", "aspect", "n_sentences", "share", "mean_sentiment",
                "n_judgement", "tone", "tone_sentences"),
    "verdict": ("review_id", "label", "verdict", "verdict_score", "n_judgement", "evidence",
                "final_para_polarity", "best_judgement_position", "best_judgement_score",
                "mixed_entropy", "mixed_metric_entropy"),
}


def treatment_view(corpus: Corpus, what: str) -> pd.DataFrame:
    """The frame ``criticlens treatment --what WHAT`` prints (see :data:`CLI_VIEWS`)."""
    from criticlens.treatment.core import (aspect_profile, classify_sentences, layer_arcs,
                                           layer_summary, verdict)

    if what not in CLI_VIEWS:
        raise ValueError(f"unknown view {what!r}; choose from {list(CLI_VIEWS)}")
    cl = classify_sentences(corpus)
    if what == "classes":
        df = cl
    elif what == "layers":
        df = layer_summary(layer_arcs(corpus, classes=cl), review_ids=corpus.review_ids)
    elif what == "aspects":
        df = aspect_profile(corpus, classes=cl)
    else:
        df = verdict(corpus, classes=cl)
    return df[list(CLI_VIEWS[what])]


def cmd_treatment(args: argparse.Namespace) -> int:
    corpus = load_or_exit(args.film_dir)
    write_frame(treatment_view(corpus, args.what), args.format, args.out)
    return 0


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add ``criticlens treatment``."""
    p = sub.add_parser("treatment", help="sentence classes (synopsis/judgement/context), layer "
                                         "and aspect profiles, verdict per critic")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.add_argument("--what", choices=tuple(CLI_VIEWS), default="layers",
                   help="classes: one row per sentence with its cues; layers: per critic x "
                        "class; aspects: per critic x aspect; verdict: per critic")
    add_output_options(p)
    p.set_defaults(func=cmd_treatment)
