"""``criticlens notebooks FILM``: run the notebook suite (papermill) on a film folder.

``python -m criticlens.cli.teach FILM [--out DIR]`` runs the same command on its own (what
``make notebooks`` calls).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("film", help="film folder, or a slug under data/films")
    p.add_argument("--out", default=None,
                   help="OUT_DIR for the notebooks' own exports (default: none, the notebooks "
                        "only display; `criticlens figures` writes figures/<film slug>)")
    p.add_argument("--notebooks", nargs="+", default=None, metavar="NB",
                   help="only these notebooks (names such as 06-explorer, or paths)")
    p.add_argument("--executed-dir", default=None,
                   help="where the executed copies go (default .cache/criticlens/notebooks/<slug>)")


def cmd_notebooks(args: argparse.Namespace) -> int:
    """Run the notebook suite; print one line per notebook; exit 1 if any failed."""
    from criticlens.paths import resolve_film
    from criticlens.teach.runbook import run_notebooks

    try:
        runs = run_notebooks(args.film, args.out, args.notebooks,
                             executed_dir=args.executed_dir, raise_on_error=False, progress=False)
    except FileNotFoundError as exc:
        print(f"criticlens notebooks: {exc}", file=sys.stderr)
        return 2
    for r in runs:
        state = "ok    " if r.ok and not r.problems else "FAILED"
        print(f"{state} {r.notebook:40s} {r.seconds:6.1f} s  {r.output}")
        if not r.ok:
            print(f"       {r.error}", file=sys.stderr)
        for problem in r.problems:  # what a reader would see wrong: no chart, an error, a warning
            print(f"       {problem}", file=sys.stderr)
    failed = sum(not r.ok or bool(r.problems) for r in runs)
    print(f"{len(runs) - failed} of {len(runs)} notebooks ran on {resolve_film(args.film)}")
    return 1 if failed else 0


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add ``criticlens notebooks FILM``."""
    p = sub.add_parser("notebooks", help="run every notebook (papermill) on a film folder")
    _add_arguments(p)
    p.set_defaults(func=cmd_notebooks)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m criticlens.cli.teach FILM [--out DIR]`` (what ``make notebooks`` calls)."""
    p = argparse.ArgumentParser(prog="python -m criticlens.cli.teach",
                                description="Run every notebook with papermill on a film folder.")
    _add_arguments(p)
    return cmd_notebooks(p.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
