"""What every command shares: exit codes, :class:`CLIError`, loading a film, printing a frame.

Imports only the standard library at module level, so that building the parser (``criticlens
--help``) stays cheap; :func:`load_or_exit` imports the loader when a command runs.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from criticlens.corpus.load import Corpus

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


def count(minimum: int = 0):
    """argparse ``type=`` for a whole number >= ``minimum``: anything else is a usage error
    (exit 2, one line), never an internal error later (``kwic --window -5``)."""
    import argparse

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is below the minimum, {minimum}")
        return value
    parse.__name__ = f"whole number >= {minimum}"
    return parse


class CLIError(Exception):
    """An error the user can act on: printed as one line, exits with ``code``."""

    def __init__(self, message: str, code: int = EXIT_INVALID):
        super().__init__(message)
        self.code = code


def one_line(text: object) -> str:
    """Collapse an error message onto one line (messages of some exceptions span several)."""
    return " ".join(str(text).split())


def load_or_exit(film_dir: str, *, group: str | None = None) -> Corpus:
    """Load a film folder for a command, turning load failures into :class:`CLIError`.

    ``group`` names the reviews.csv column read as each review's group (default ``group``)."""
    from criticlens.corpus.load import FilmLoadError, load_film
    from criticlens.paths import resolve_film

    try:
        folder = resolve_film(film_dir)
    except FileNotFoundError as exc:
        raise CLIError(str(exc), EXIT_NOT_FOUND) from exc
    try:
        corpus = load_film(folder, group=group) if group else load_film(folder)
    except FilmLoadError as exc:
        raise CLIError(f"cannot load {folder}: {exc}", EXIT_INVALID) from exc
    if corpus.report.n_loaded == 0:  # every review rejected: an empty result would hide it
        raise CLIError(f"{folder}: no review could be loaded ({corpus.report.n_rejected} rejected); "
                       f"see the report: criticlens validate {folder}", EXIT_INVALID)
    return corpus


#: ``--out`` file extensions and the format they imply when ``--format`` is not given.
FORMAT_BY_EXTENSION: dict[str, str] = {".csv": "csv"}


def output_format(fmt: str | None, out: str | None, default: str = "table") -> str:
    """The format of a command's output: ``--format`` if given, else what ``--out``'s extension
    says (``x.csv`` is CSV), else ``default`` (the command's text format, e.g. for ``x.txt``)."""
    if fmt:
        return fmt
    if out:
        return FORMAT_BY_EXTENSION.get(Path(out).suffix.lower(), default)
    return default


def add_output_options(p: object, *, formats: tuple[str, ...] = ("table", "csv"),
                       default: str = "table") -> None:
    """``--format`` (default: from ``--out``'s extension, else ``default``) and ``--out``."""
    p.add_argument("--format", choices=formats, default=None,  # type: ignore[attr-defined]
                   help=f"output format (default: csv when --out ends in .csv, else {default})")
    p.add_argument("--out", default=None,  # type: ignore[attr-defined]
                   help="write to this file instead of printing")
    p.set_defaults(format_default=default)  # type: ignore[attr-defined]


def write_text(text: str, out: str | None) -> None:
    """Write ``text`` to the file ``out``, or print it."""
    if out:
        Path(out).write_text(text, encoding="utf-8", newline="\n")
    else:
        sys.stdout.write(text)


def write_frame(frame: pd.DataFrame, fmt: str | None, out: str | None) -> None:
    """Print (or write to ``out``) a frame as CSV or as an aligned text table.

    ``fmt=None`` follows ``out``'s extension (:func:`output_format`)."""
    fmt = output_format(fmt, out)
    if fmt == "csv":
        from criticlens.viz.export import csv_text  # formulas neutralised (CSV injection)

        text = csv_text(frame, float_format="%.6g")
    else:
        text = frame.to_string(index=False) + "\n" if len(frame) else "(no rows)\n"
    write_text(text, out)
