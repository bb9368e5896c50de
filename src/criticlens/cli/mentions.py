"""``criticlens scenes``, ``quotes`` and ``people``: what the critics mention."""
from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from criticlens.cli.common import EXIT_INVALID, CLIError, add_output_options, load_or_exit, write_frame

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from criticlens.corpus.load import Corpus

#: Columns of ``criticlens scenes --format csv`` (one row per review and scene mentioned).
SCENES_CSV_COLUMNS: tuple[str, ...] = ("review_id", "scene_id", "mentions", "first_position")
#: Columns of ``criticlens scenes --format table``.
SCENES_TABLE_COLUMNS: tuple[str, ...] = ("review_id", "critic", "scene_id", "label", "mentions",
                                         "first_position", "sentences", "share")
#: Columns of ``criticlens quotes --format csv``.
QUOTES_CSV_COLUMNS: tuple[str, ...] = ("review_id", "text", "kind", "scene_id")
#: Columns of ``criticlens quotes --format table``.
QUOTES_TABLE_COLUMNS: tuple[str, ...] = ("review_id", "critic", "section", "text", "kind",
                                         "scene_id", "rule")
#: Columns of ``criticlens people`` (``--format csv`` adds ``review_id`` in front).
PEOPLE_COLUMNS: tuple[str, ...] = ("critic", "person", "role", "mentions", "sentences",
                                   "polarity", "compound")


def scene_frame(corpus: Corpus, fmt: str = "csv") -> pd.DataFrame:
    """The frame ``criticlens scenes`` prints: :data:`SCENES_CSV_COLUMNS` for CSV, the readable
    :data:`SCENES_TABLE_COLUMNS` for a table."""
    from criticlens.mentions.scenes import scene_table

    table = scene_table(corpus)
    cols = SCENES_CSV_COLUMNS if fmt == "csv" else SCENES_TABLE_COLUMNS
    return table[list(cols)]


def cmd_scenes(args: argparse.Namespace) -> int:
    from criticlens.mentions.scenes import scene_specs

    corpus = load_or_exit(args.film_dir)
    try:
        specs = scene_specs(corpus.film)
    except ValueError as exc:
        raise CLIError(f"{args.film_dir}/film.yaml: {exc}", EXIT_INVALID) from exc
    if not specs:
        print(f"criticlens scenes: warning: {args.film_dir}: film.yaml lists no scenes:",
              file=sys.stderr)
    write_frame(scene_frame(corpus, args.format), args.format, args.out)
    return 0


def cmd_quotes(args: argparse.Namespace) -> int:
    from criticlens.mentions.quotes import find_quotes

    corpus = load_or_exit(args.film_dir)
    q = find_quotes(corpus)
    cols = QUOTES_CSV_COLUMNS if args.format == "csv" else QUOTES_TABLE_COLUMNS
    write_frame(q[list(cols)], args.format, args.out)
    return 0


def cmd_people(args: argparse.Namespace) -> int:
    from criticlens.mentions.people import people_table

    corpus = load_or_exit(args.film_dir)
    table = people_table(corpus, by=args.by)
    cols = list(PEOPLE_COLUMNS) if args.format == "table" else ["review_id"] + list(PEOPLE_COLUMNS)
    write_frame(table[cols], args.format, args.out)
    return 0


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add ``criticlens scenes``, ``quotes`` and ``people``."""
    p = sub.add_parser("scenes", help="scene mentions per review (one row per review and "
                                      "scene mentioned)")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    add_output_options(p)  # csv: review_id, scene_id, mentions, first_position; table: + critic, label, share
    p.set_defaults(func=cmd_scenes)

    p = sub.add_parser("quotes", help="every quotation in the reviews, classified "
                                      "(dialogue, song, other_work, film_title, other)")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    add_output_options(p)  # csv: review_id, text, kind, scene_id; table: + critic, section, rule
    p.set_defaults(func=cmd_quotes)

    p = sub.add_parser("people", help="per critic: mentions of each person and the mean "
                                      "sentiment of the sentences naming them")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.add_argument("--by", choices=("person", "actor"), default="person",
                   help="actor: count a character's mentions for the actor who plays them")
    add_output_options(p)
    p.set_defaults(func=cmd_people)
