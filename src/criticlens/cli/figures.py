"""``criticlens figures``: export every figure of a film (the logic is :mod:`criticlens.viz.figures`)."""
from __future__ import annotations

import argparse
from pathlib import Path

from criticlens.cli.common import (EXIT_INVALID, EXIT_NOT_FOUND, EXIT_OK, EXIT_UNSAFE, CLIError, count,
                                   load_or_exit)


def is_refused_path(message: str) -> bool:
    """Whether an error message is the export refusing a name or a path (exit code 5)."""
    return "unsafe output name" in message or "refusing to write" in message


def cmd_figures(args: argparse.Namespace) -> int:
    from criticlens.corpus.load import FilmLoadError
    from criticlens.paths import figures_dir_for, resolve_film
    from criticlens.viz.figures import INDEX_NAME, FiguresError, run_figures

    try:
        out = Path(args.out) if args.out else figures_dir_for(resolve_film(args.film_dir))
        corpus = load_or_exit(args.film_dir, group=args.group)
        records = run_figures(args.film_dir, out, corpus=corpus, debug=args.debug,
                              progress=False if args.no_progress else None,
                              workers=args.workers)
    except FileNotFoundError as exc:
        raise CLIError(str(exc), EXIT_NOT_FOUND) from exc
    except FilmLoadError as exc:
        raise CLIError(f"cannot load {args.film_dir}: {exc}", EXIT_INVALID) from exc
    except FiguresError as exc:
        unsafe = any(is_refused_path(m) for m in exc.failures.values())
        raise CLIError(str(exc), EXIT_UNSAFE if unsafe else EXIT_INVALID) from exc
    except ValueError as exc:
        if is_refused_path(str(exc)):
            raise CLIError(str(exc), EXIT_UNSAFE) from exc
        raise
    print(f"wrote {len(records)} figures (PNG, SVG, PDF, CSV, alt text) and {INDEX_NAME} "
          f"to {out}")
    return EXIT_OK


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add the ``figures`` subcommand."""
    p = sub.add_parser("figures", help="export every figure of a film (PNG/SVG/PDF, CSV, "
                                       "alt text, index.md)")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.add_argument("--out", default=None,
                   help="output folder (default: figures/<film slug>)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--group", default=None, metavar="COLUMN",
                   help="reviews.csv column to compare as groups (default: the 'group' column, "
                        "e.g. fresh/rotten)")
    p.add_argument("--workers", type=count(1), default=None,
                   help="processes that render figures (default: the usable CPUs)")
    p.set_defaults(func=cmd_figures)
