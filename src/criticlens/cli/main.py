"""The ``criticlens`` command line: a thin front end over the package.

Every error a user can cause prints one line saying what and where, with no traceback unless
``--debug`` is given, and exits with a distinct code (see :data:`EXIT_CODES` and the README).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

EXIT_OK = 0
EXIT_INVALID = 1        # the corpus has errors (validate), or a command found bad input
EXIT_USAGE = 2          # wrong arguments (argparse's own code)
EXIT_NOT_FOUND = 3      # a film folder or file that does not exist
EXIT_EXISTS = 4         # refusing to overwrite (new-film on an existing folder)
EXIT_UNSAFE = 5         # refused for safety (path escape, unsafe regex)
EXIT_IO = 6             # a file could not be read or written (permissions, missing output folder)
EXIT_INTERNAL = 70      # a bug: please report it (run again with --debug for the traceback)

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "success",
    EXIT_INVALID: "the corpus or an input has errors (the report says which file and what)",
    EXIT_USAGE: "wrong command-line arguments",
    EXIT_NOT_FOUND: "a film folder or file does not exist",
    EXIT_EXISTS: "refusing to overwrite an existing folder",
    EXIT_UNSAFE: "refused for safety (an output name escaping its folder, an unsafe pattern)",
    EXIT_IO: "a file could not be read or written (permissions, a missing output folder, a full disk)",
    EXIT_INTERNAL: "internal error (a bug); --debug shows the traceback",
}


class CLIError(Exception):
    """An error the user can act on: printed as one line, exits with ``code``."""

    def __init__(self, message: str, code: int = EXIT_INVALID):
        super().__init__(message)
        self.code = code


# ---------------------------------------------------------------------------------------------
# helpers shared by subcommands


def load_or_exit(film_dir: str):
    """Load a film folder for a command, turning load failures into :class:`CLIError`."""
    from criticlens.corpus.load import FilmLoadError, load_film
    from criticlens.paths import resolve_film

    try:
        folder = resolve_film(film_dir)
    except FileNotFoundError as exc:
        raise CLIError(str(exc), EXIT_NOT_FOUND) from exc
    try:
        corpus = load_film(folder)
    except FilmLoadError as exc:
        raise CLIError(f"cannot load {folder}: {exc}", EXIT_INVALID) from exc
    if corpus.report.n_loaded == 0:  # every review rejected: an empty result would hide it
        raise CLIError(f"{folder}: no review could be loaded ({corpus.report.n_rejected} rejected); "
                       f"see the report: criticlens validate {folder}", EXIT_INVALID)
    return corpus


def write_frame(frame, fmt: str, out: str | None) -> None:
    """Print (or write to ``out``) a frame as CSV or as an aligned text table."""
    if fmt == "csv":
        text = frame.to_csv(index=False, lineterminator="\n", float_format="%.6g")
    else:
        text = frame.to_string(index=False) + "\n" if len(frame) else "(no rows)\n"
    if out:
        Path(out).write_text(text, encoding="utf-8", newline="\n")
    else:
        sys.stdout.write(text)


# ---------------------------------------------------------------------------------------------
# foundation commands


def cmd_validate(args: argparse.Namespace) -> int:
    from criticlens.corpus.load import load_film
    from criticlens.paths import resolve_film

    try:
        folder = resolve_film(args.film_dir)
    except FileNotFoundError as exc:
        raise CLIError(str(exc), EXIT_NOT_FOUND) from exc
    corpus = load_film(folder, raise_on_error=False)
    print(corpus.report)
    return EXIT_OK if corpus.report.ok else EXIT_INVALID


def cmd_summary(args: argparse.Namespace) -> int:
    corpus = load_or_exit(args.film_dir)
    print(f"{corpus.title} ({corpus.film.year if corpus.film else '?'}): "
          f"{len(corpus.reviews)} reviews, {len(corpus.sentences)} body sentences, "
          f"{int(corpus.reviews['n_words'].sum())} body words")
    print(f"report: {corpus.report.n_in} in, {corpus.report.n_loaded} loaded, {corpus.report.n_rejected} rejected, "
          f"{len(corpus.report.errors())} errors, {len(corpus.report.warnings())} warnings")
    write_frame(corpus.summary(), "table", None)
    return EXIT_OK


def cmd_new_film(args: argparse.Namespace) -> int:
    from criticlens.corpus.scaffold import FilmExistsError, new_film

    try:
        folder = new_film(args.slug, films_dir=args.films_dir, title=args.title)
    except FilmExistsError as exc:
        raise CLIError(str(exc), EXIT_EXISTS) from exc
    except ValueError as exc:
        raise CLIError(str(exc), EXIT_UNSAFE) from exc
    print(f"created {folder}: edit film.yaml, put texts in reviews/, list them in reviews.csv, "
          f"then run: criticlens validate {folder}")
    return EXIT_OK


# ---------------------------------------------------------------------------------------------


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (what is wrong and where to look), exit code 2."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {_one_line(message)} (see: {self.prog} --help)\n")


def _one_line(text: object) -> str:
    """Collapse an error message onto one line (messages of some exceptions span several)."""
    return " ".join(str(text).split())


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(
        prog="criticlens",
        description="Comparative film criticism: how each critic treats the same film.",
        epilog="Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items()),
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    from criticlens import __version__

    parser.add_argument("--version", action="version", version=f"criticlens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="load a film folder and print its load report (exit 1 on errors)")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("summary", help="print a per-critic summary of a film's corpus")
    p.add_argument("film_dir")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("new-film", help="scaffold data/films/SLUG with a film.yaml template")
    p.add_argument("slug", help="folder name: lower-case letters, digits and '-'")
    p.add_argument("--title", default=None, help="the film's title (default: from the slug)")
    p.add_argument("--films-dir", default=None, help="where to create it (default: data/films)")
    p.set_defaults(func=cmd_new_film)

    for register in _REGISTRARS:
        register(sub)
    return parser


def _registrars() -> list[Callable[[argparse._SubParsersAction], None]]:
    """Subcommands contributed by the analysis modules (each module registers its own)."""
    out: list[Callable[[argparse._SubParsersAction], None]] = []
    import importlib

    for mod, fn in _COMMAND_MODULES:
        try:
            module = importlib.import_module(mod)
        except ModuleNotFoundError as exc:
            if exc.name != mod:
                raise
            continue  # that analysis is not part of this build
        out.append(getattr(module, fn))
    return out


#: (module, function) pairs: ``function(subparsers)`` adds that module's subcommands.
#: Add a line here to register a new command; keep the command's logic in its module.
_COMMAND_MODULES: list[tuple[str, str]] = [
    # ("criticlens.mentions.scenes", "register_cli"),
    # --- issue 3: sentiment and arcs ---
    ("criticlens.sentiment.arcs", "register_cli"),
    # --- issue 4: vocabulary (overlap, keyness, kwic) ---
    ("criticlens.cli.vocab", "register_cli"),
    # --- issue 5: scenes, quotes, people ---
    ("criticlens.mentions.scenes", "register_cli"),
    ("criticlens.mentions.quotes", "register_cli"),
    ("criticlens.mentions.people", "register_cli"),
    # --- issue 8: corpus scale (table, cache) ---
    ("criticlens.cli.scale", "register_cli"),
    # --- issue 6: treatment and the figures command ---
    ("criticlens.treatment.core", "register_cli"),
    ("criticlens.viz.figures", "register_cli"),
    # --- issue 7: run the notebook suite on any film ---
    ("criticlens.teach.runbook", "register_cli"),
]

_REGISTRARS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    global _REGISTRARS
    _REGISTRARS = _registrars()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CLIError as exc:
        if args.debug:
            raise
        print(f"criticlens {args.command}: error: {_one_line(exc)}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("criticlens: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a file that cannot be read or written: say which and why
        if args.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"criticlens {args.command}: error: {where}{_one_line(exc.strerror or exc)}", file=sys.stderr)
        return EXIT_IO
    except Exception as exc:  # last resort: one line, distinct code, traceback with --debug
        if args.debug:
            raise
        print(f"criticlens {args.command}: internal error: {type(exc).__name__}: {_one_line(exc)} "
              f"(run again with --debug for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    # ``python -m criticlens.cli.main`` runs this file as ``__main__``; the subcommand modules import
    # ``criticlens.cli.main`` and raise *its* CLIError, so run the package module's main, not ours.
    from criticlens.cli.main import main as _package_main

    sys.exit(_package_main())
