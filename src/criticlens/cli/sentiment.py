"""``criticlens sentiment`` (every sentence's scores), ``criticlens arcs`` (arcs per critic) and
``criticlens train-engine`` (rebuild the critic engine's weights)."""
from __future__ import annotations

import argparse
import sys
import warnings
from typing import Any

from criticlens.cli.common import CLIError, add_output_options, count, load_or_exit, write_frame, write_text
from criticlens.sentiment.smooth import DEFAULT_FRAC, DEFAULT_LOW_PASS_SIZE, DEFAULT_WINDOW, N_POINTS

#: ``--engines`` when none are given (:data:`criticlens.sentiment.engines.DEFAULT_ENGINES`; spelt
#: out here so that building the parser does not import the engines module and pandas).
DEFAULT_ENGINES_OPTION = "textblob,vader"


#: ``arcs --crux`` without ``--engines``: the critic engine (peaks are the critic's praise).
CRUX_ENGINES_OPTION = "critic-voice"


def engine_names(args: argparse.Namespace) -> list[str]:
    """The engines a command scores with: ``--engines`` plus every ``--wordlist NAME=PATH``."""
    from criticlens.sentiment.engines import register_wordlist_engine

    engines = args.engines
    if engines is None:
        engines = (CRUX_ENGINES_OPTION if getattr(args, "crux", False)
                   else DEFAULT_ENGINES_OPTION)
    names = [e.strip() for e in str(engines).split(",") if e.strip()]
    for spec in args.wordlist or []:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            raise CLIError(f"--wordlist expects NAME=PATH.csv, got {spec!r}")
        try:
            register_wordlist_engine(name, path, replace=True)
        except (OSError, ValueError) as exc:
            raise CLIError(str(exc)) from exc
        if name not in names:
            names.append(name)
    return names


def _add_engine_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.add_argument("--engines", default=None,
                   help="comma-separated engines among textblob, vader, critic, critic-voice "
                        "(default: textblob,vader; critic-voice for arcs --crux)")
    p.add_argument("--wordlist", action="append", metavar="NAME=PATH",
                   help="add a word-list engine from a word,score CSV (repeatable); it is "
                        "scored too")
    add_output_options(p)


def cmd_sentiment(args: argparse.Namespace) -> int:
    """``criticlens sentiment FILM_DIR``: every sentence's scores, long format."""
    from criticlens.sentiment.engines import sentence_sentiment

    corpus = load_or_exit(args.film_dir)
    engines = engine_names(args)
    try:
        scores = sentence_sentiment(corpus, engines)
    except KeyError as exc:
        raise CLIError(str(exc.args[0])) from exc
    write_frame(scores, args.format, args.out)
    return 0


def cmd_arcs(args: argparse.Namespace) -> int:
    """``criticlens arcs FILM_DIR``: the engine-mean arc per critic (or its crux sentences)."""
    from criticlens.sentiment.arcs import ShortReviewWarning, arc_band, critic_arcs, crux

    corpus = load_or_exit(args.film_dir)
    engines = engine_names(args)
    opts = dict(engines=engines, smoother=args.smoother, window=args.window,
                frac=args.frac, low_pass_size=args.low_pass_size,
                n_points=args.points, on_short=args.on_short)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ShortReviewWarning)
            band = arc_band(critic_arcs(corpus, **opts))
        _say_short_reviews(caught)
        frame = crux(corpus, band, top=args.top, context=args.context,
                     endpoints=args.endpoints) if args.crux else band
    except KeyError as exc:
        raise CLIError(str(exc.args[0])) from exc
    except ValueError as exc:
        raise CLIError(str(exc)) from exc
    if args.crux and args.format == "table":
        write_text(crux_text(frame), args.out)
    else:
        write_frame(frame, args.format, args.out)
    return 0


def _say_short_reviews(caught: list[warnings.WarningMessage]) -> None:
    """The short-review fallback of ``criticlens arcs`` in one line on stderr, with what the user
    can do about it; any other warning caught alongside is issued again as it was."""
    from criticlens.sentiment.arcs import ShortReviewWarning

    for w in caught:
        if issubclass(w.category, ShortReviewWarning):
            print(f"criticlens arcs: {w.message}. --smoother rolling draws every review alike; "
                  "--on-short raise stops instead.", file=sys.stderr)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def crux_text(frame: Any, *, width: int = 100) -> str:
    """Turning points as a readable block per point: who, which turn, where, the tone, and the
    sentence wrapped under it (``--format csv`` keeps every column, context included)."""
    import textwrap

    if frame.empty:
        return "(no turning points)\n"
    out = []
    for label, g in frame.groupby("label", sort=False):
        out.append(f"{label}")
        for r in g.itertuples(index=False):
            where = {"start": " (the arc's first point)", "end": " (the arc's last point)"}.get(
                str(r.at), "")
            out.append(f"  {r.kind} {r.rank}: tone {r.value:+.2f} at {r.x:.0%} of the review"
                       f"{where}, sent_id {r.sent_id} (context: sent_id {r.context_first}"
                       f"-{r.context_last})")
            out.extend(textwrap.wrap(str(r.text), width=width, initial_indent="    ",
                                     subsequent_indent="    "))
        out.append("")
    return "\n".join(out)


def cmd_train_engine(args: argparse.Namespace) -> int:
    """``criticlens train-engine --snippets PATH [--dev PATH]``: retrain the critic engine."""
    import hashlib
    import importlib.util
    from pathlib import Path

    from criticlens.cli.common import EXIT_NOT_FOUND

    if importlib.util.find_spec("sklearn") is None:
        raise CLIError("train-engine needs scikit-learn: pip install 'criticlens[train]' "
                       "(or pip install scikit-learn)")
    from criticlens.sentiment.critic import default_weights_path
    from criticlens.sentiment.train import dev_accuracy, train

    out = Path(args.out) if args.out else default_weights_path()
    for label, path in (("snippets", args.snippets), ("dev", args.dev)):
        if path is not None and not Path(path).is_file():
            raise CLIError(f"{label} file not found: {path}", EXIT_NOT_FOUND)
    before = out.read_bytes() if out.is_file() else None
    try:
        info = train(args.snippets, out, seed=args.seed, max_rows=args.max_rows,
                     verbose=True)
    except ValueError as exc:
        raise CLIError(str(exc)) from exc
    data = out.read_bytes()
    skipped = ", ".join(f"{v} {k}" for k, v in info["skipped"].items() if v) or "none"
    print(f"rows left out: {skipped}")
    same = ("new file" if before is None else "identical to the previous file"
            if before == data else "replaces a different file")
    print(f"wrote {out} ({info['bytes']:,} bytes, md5 {hashlib.md5(data).hexdigest()}; "
          f"{same}) in {info['seconds']:.1f}s")
    if args.dev:
        try:
            acc = dev_accuracy(out, args.dev)
        except ValueError as exc:
            raise CLIError(str(exc)) from exc
        print(f"dev verdict accuracy: {acc['accuracy']:.3f} on {acc['n']} reviews "
              f"(mixed, counted wrong: {acc['mixed']})")
    return 0


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add ``criticlens sentiment`` and ``criticlens arcs``."""
    p = sub.add_parser("sentiment", help="sentence sentiment scores (review_id, sent_id, "
                                         "engine, measure, score)")
    _add_engine_options(p)
    p.set_defaults(func=cmd_sentiment)

    p = sub.add_parser("arcs", help="sentiment arc per critic on a 0..1 axis (engine mean "
                                    "and band), or its peaks and valleys with --crux")
    _add_engine_options(p)
    p.add_argument("--smoother", choices=("rolling", "lowess", "dct"), default="dct")
    p.add_argument("--window", type=float, default=DEFAULT_WINDOW,
                   help="rolling-mean window as a share of the review (default 0.10)")
    p.add_argument("--frac", type=float, default=DEFAULT_FRAC, help="LOWESS span (default 0.5)")
    p.add_argument("--low-pass-size", type=count(1), default=DEFAULT_LOW_PASS_SIZE,
                   help="DCT coefficients kept (default 5)")
    p.add_argument("--points", type=count(2), default=N_POINTS, help="points of the common axis")
    p.add_argument("--on-short", choices=("fallback", "raise"), default="fallback",
                   help="a review too short for the smoother: rolling mean with a warning "
                        "(default) or an error")
    p.add_argument("--crux", action="store_true",
                   help="print the peaks and valleys with their sentences instead of the arcs")
    p.add_argument("--top", type=count(1), default=2, help="peaks and valleys per review (--crux)")
    p.add_argument("--context", type=count(0), default=1,
                   help="neighbouring sentences each side (--crux)")
    p.add_argument("--endpoints", action="store_true",
                   help="also report an arc's first and last point when it is the highest or "
                        "lowest around (--crux; column 'at' says start/end); by default only "
                        "interior turning points")
    p.set_defaults(func=cmd_arcs)

    p = sub.add_parser("train-engine", help="retrain the critic engine's weights from Rotten "
                                            "Tomatoes snippets (deterministic; needs "
                                            "scikit-learn)")
    p.add_argument("--snippets", required=True,
                   help="CSV with columns category (fresh/rotten/plot), text, movie_name, e.g. "
                        "../shared/corpora/rotten_tomatoes_snippets.csv.bz2")
    p.add_argument("--dev", default=None,
                   help="optional review_id,verdict,text CSV (Pang and Lee polarity v2 fold): "
                        "print the verdict accuracy of the new weights")
    p.add_argument("--out", default=None,
                   help="weights file to write (default: the package's own, "
                        "criticlens/sentiment/data/critic_weights.tsv.gz)")
    p.add_argument("--seed", type=int, default=0, help="fold seed (default 0, the shipped one)")
    p.add_argument("--max-rows", type=int, default=None,
                   help="use only the first N rows (a quick check)")
    p.set_defaults(func=cmd_train_engine)
