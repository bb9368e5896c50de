"""Command-line front end for corpus scale: ``criticlens table`` and ``criticlens cache``.

Thin: the logic lives in :mod:`criticlens.scale.tables`, :mod:`criticlens.scale.cache` and
:mod:`criticlens.scale.distributed`.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from criticlens.cli.common import EXIT_NOT_FOUND, EXIT_UNSAFE, CLIError, count


def cmd_cache(args: argparse.Namespace) -> int:
    from criticlens.scale.cache import Cache, CacheError

    cache = Cache(args.dir) if args.dir else Cache()
    try:
        if args.action == "clear":
            n, size = cache.clear()
            print(f"cleared {cache.root}: {n} files, {size / 1e6:.1f} MB")
            return 0
        info = cache.info()
    except CacheError as exc:
        raise CLIError(str(exc), EXIT_UNSAFE) from exc
    if info.empty:
        print(f"cache {cache.root} is empty")
    else:
        print(f"cache {cache.root}")
        print(info.to_string(index=False))
    return 0


def cmd_table(args: argparse.Namespace) -> int:
    from criticlens.corpus.table import TableError
    from criticlens.scale.tables import load_table, score_sentences

    src = Path(args.path)
    if not src.is_file():
        raise CLIError(f"{src}: no such file", EXIT_NOT_FOUND)
    kw = dict(text=args.text, film=args.film, critic=args.critic, review_id=args.review_id,
              keep=args.keep or ())
    progress = False if args.no_progress else None
    try:
        if args.scheduler:
            from criticlens.scale.distributed import run_pipeline

            corpus, scores = run_pipeline(src, scheduler=args.scheduler, progress=progress, **kw)
        else:
            corpus = load_table(src, cache=not args.no_cache, progress=progress, **kw)
            scores = score_sentences(corpus, cache=not args.no_cache, processes=args.processes,
                                     progress=progress)
    except TableError as exc:
        raise CLIError(str(exc)) from exc
    rep = corpus.report
    print(f"{src.name}: {rep.n_in} rows, {rep.n_loaded} loaded, {rep.n_rejected} rejected; "
          f"{len(corpus.sentences)} sentences, {int(corpus.reviews['n_words'].sum())} words; "
          f"{corpus.reviews['film'].nunique()} films", file=sys.stderr)
    if not rep.ok:
        errs = rep.errors()
        for msg in errs["message"].head(10):
            print(f"  ERROR {msg}", file=sys.stderr)
        if len(errs) > 10:
            print(f"  ... and {len(errs) - 10} more errors", file=sys.stderr)
    if args.out:
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.suffix == ".parquet":
            from criticlens._extras import require

            require("pyarrow", "scale", "writing Parquet")
            scores.to_parquet(out, index=False)
        else:
            from criticlens.viz.export import csv_text, write_text_atomic  # formulas neutralised

            write_text_atomic(out, csv_text(scores, float_format=None))
        print(f"wrote {len(scores)} sentence scores to {out}", file=sys.stderr)
    else:
        cols = [c for c in scores.columns if c.endswith(("_polarity", "_compound"))]
        print(scores.groupby("film")[cols].mean().round(4).to_string())
    return 0


def register_cli(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cache", help="show or clear the on-disk cache of computed frames")
    p.add_argument("action", choices=["clear", "info"], help="clear: delete everything; info: list it")
    p.add_argument("--dir", help="cache folder (default: criticlens.paths.CACHE_DIR)")
    p.set_defaults(func=cmd_cache)

    p = sub.add_parser("table", help="load a CSV of reviews of many films and score every sentence")
    p.add_argument("path", help="CSV file (.csv, .csv.bz2, .gz, .xz, .zip)")
    p.add_argument("--text", default="text", help="column with the review text (default: text)")
    p.add_argument("--film", default="film", help="column naming the film (default: film)")
    p.add_argument("--critic", help="column with the critic's name")
    p.add_argument("--review-id", dest="review_id", help="column of unique review ids")
    p.add_argument("--keep", nargs="*", help="extra columns to carry into the reviews frame")
    p.add_argument("--scheduler", help="run on Dask: 'processes', 'threads' or a scheduler "
                                       "address such as tcp://host:8786")
    p.add_argument("--processes", type=count(1), default=1, help="scoring processes without Dask")
    p.add_argument("--no-cache", action="store_true", help="do not read or write the cache")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.add_argument("--out", help="write the sentence scores here (.csv or .parquet); "
                                 "default: print the mean per film")
    p.set_defaults(func=cmd_table)
