"""The ``criticlens`` command line: a thin front end over the package.

Every error a user can cause prints one line saying what and where, with no traceback unless
``--debug`` is given, and exits with a distinct code (see :data:`EXIT_CODES` and the README).

The commands live in one module per group (:data:`COMMAND_MODULES`); each has
``register_cli(subparsers)`` and imports the analysis it runs only when the command runs, so
building the parser (``criticlens --help``) imports neither pandas' plotting, matplotlib nor
the sentiment engines.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from criticlens._extras import MissingExtra
from criticlens.cli.common import (EXIT_CODES, EXIT_EXISTS, EXIT_INTERNAL,  # noqa: F401  (re-exported)
                                   EXIT_INVALID, EXIT_IO, EXIT_NOT_FOUND, EXIT_OK, EXIT_UNSAFE,
                                   EXIT_USAGE, CLIError, load_or_exit, one_line, output_format,
                                   write_frame)

#: The command groups, in the order ``criticlens --help`` lists them. To add a command, write
#: ``cmd_x`` and ``register_cli`` in the module of its group (or a new module, listed here);
#: keep its logic in the analysis package it fronts.
COMMAND_MODULES: tuple[str, ...] = (
    "criticlens.cli.corpus",      # validate, summary, new-film
    "criticlens.cli.sentiment",   # sentiment, arcs
    "criticlens.cli.vocab",       # overlap, keyness, kwic
    "criticlens.cli.mentions",    # scenes, quotes, people
    "criticlens.cli.scale",       # cache, table
    "criticlens.cli.treatment",   # treatment
    "criticlens.cli.figures",     # figures
    "criticlens.cli.teach",       # notebooks
)


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (what is wrong and where to look), exit code 2."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {one_line(message)} (see: {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The full parser: global options plus every command of :data:`COMMAND_MODULES`."""
    parser = _OneLineParser(
        prog="criticlens",
        description="Comparative film criticism: how each critic treats the same film.",
        epilog="Exit codes: " + "; ".join(f"{k} {v}" for k, v in EXIT_CODES.items()),
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    from criticlens import __version__

    parser.add_argument("--version", action="version", version=f"criticlens {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register_cli(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if hasattr(args, "format_default"):  # --format not given: follow --out's extension
        args.format = output_format(args.format, getattr(args, "out", None), args.format_default)
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        # the reader went away (``criticlens kwic ... | head``): not an error. Point stdout at
        # devnull so that Python's own flush at exit does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except CLIError as exc:
        if args.debug:
            raise
        print(f"criticlens {args.command}: error: {one_line(exc)}", file=sys.stderr)
        return exc.code
    except MissingExtra as exc:  # an optional dependency is not installed: say which extra
        if args.debug:
            raise
        print(f"criticlens {args.command}: error: {one_line(exc)}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("criticlens: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a file that cannot be read or written: say which and why
        if args.debug:
            raise
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"criticlens {args.command}: error: {where}{one_line(exc.strerror or exc)}", file=sys.stderr)
        return EXIT_IO
    except Exception as exc:  # last resort: one line, distinct code, traceback with --debug
        if args.debug:
            raise
        print(f"criticlens {args.command}: internal error: {type(exc).__name__}: {one_line(exc)} "
              f"(run again with --debug for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    # ``python -m criticlens.cli.main`` runs this file as ``__main__``; the command modules raise
    # ``criticlens.cli.common.CLIError``, the same class this module catches, so this is safe.
    sys.exit(main())
