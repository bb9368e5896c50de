"""``criticlens validate``, ``summary`` and ``new-film``: the corpus commands."""
from __future__ import annotations

import argparse
import sys

from criticlens.cli.common import (EXIT_EXISTS, EXIT_INVALID, EXIT_NOT_FOUND, EXIT_OK, EXIT_UNSAFE,
                                   CLIError, load_or_exit, write_frame)


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


def cmd_add(args: argparse.Namespace) -> int:
    from criticlens.corpus.importer import ImportFailure, add_reviews
    from criticlens.paths import resolve_film

    try:
        folder = resolve_film(args.film_dir)
    except FileNotFoundError as exc:
        raise CLIError(str(exc), EXIT_NOT_FOUND) from exc
    try:
        results = add_reviews(folder, args.files)
    except ImportFailure as exc:
        raise CLIError(str(exc), EXIT_INVALID) from exc
    for r in results:  # one line per file: added on stdout, failures (with the reason) on stderr
        print(r.message, file=sys.stdout if r.ok else sys.stderr)
    n_ok = sum(r.ok for r in results)
    if n_ok:
        print(f"{n_ok} of {len(results)} files added to {folder}; check them with: criticlens validate {folder}")
    return EXIT_OK if n_ok == len(results) else EXIT_INVALID


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add ``validate``, ``summary``, ``new-film`` and ``add``."""
    p = sub.add_parser("validate", help="load a film folder and print its load report (exit 1 on errors)")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("summary", help="print a per-critic summary of a film's corpus")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("new-film", help="scaffold data/films/SLUG with a film.yaml template")
    p.add_argument("slug", help="folder name: lower-case letters, digits and '-'")
    p.add_argument("--title", default=None, help="the film's title (default: from the slug)")
    p.add_argument("--films-dir", default=None, help="where to create it (default: data/films)")
    p.set_defaults(func=cmd_new_film)

    p = sub.add_parser("add", help="import saved web pages, .docx, .pdf, .md or .txt files as reviews of a film")
    p.add_argument("film_dir", help="film folder (or a slug under data/films); it must have a film.yaml")
    p.add_argument("files", nargs="+", help="files to import (.html .htm .docx .pdf .md .txt); nothing is fetched")
    p.set_defaults(func=cmd_add)
