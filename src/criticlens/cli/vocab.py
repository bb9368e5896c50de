"""Command-line front end of the vocabulary analyses (thin: parsing and printing only).

``criticlens overlap FILM``, ``criticlens keyness FILM`` and ``criticlens kwic FILM PATTERN``;
registered in :mod:`criticlens.cli.main`.
"""
from __future__ import annotations

import argparse
from typing import Any

from criticlens.cli.common import (EXIT_INVALID, EXIT_OK, EXIT_UNSAFE, EXIT_USAGE, CLIError, count,
                                   add_output_options, load_or_exit, write_frame, write_text)


def _vocab_options(args: argparse.Namespace) -> dict[str, Any]:
    return {"stem": args.stem, "stopwords": not args.keep_stopwords, "min_length": args.min_length}


def cmd_overlap(args: argparse.Namespace) -> int:
    from criticlens.vocab.counts import intersections, overlap, vocabularies

    corpus = load_or_exit(args.film_dir)
    opts = _vocab_options(args)
    if args.sets:
        frame = intersections(vocabularies(corpus, **opts), max_terms=args.max_terms)
    else:
        frame = overlap(corpus, **opts)
    write_frame(frame, args.format, args.out)
    return EXIT_OK


def cmd_keyness(args: argparse.Namespace) -> int:
    from criticlens.vocab.keyness import distinctive_terms, top_terms

    corpus = load_or_exit(args.film_dir)
    if len(corpus.reviews) < 2:
        raise CLIError(f"keyness compares critics: {args.film_dir} has {len(corpus.reviews)} loaded "
                       "review(s), at least 2 are needed", EXIT_INVALID)
    res = distinctive_terms(corpus, method=args.method, mode=args.mode, ngram=args.ngram,
                            min_count=args.min_count, **_vocab_options(args))
    write_frame(top_terms(res, args.n) if args.n else res, args.format, args.out)
    return EXIT_OK


def cmd_kwic(args: argparse.Namespace) -> int:
    from criticlens.vocab.kwic import check_terms, compile_pattern, kwic, kwic_text

    if args.fuzzy and not args.forms:
        raise CLIError("--fuzzy needs --forms", EXIT_USAGE)
    if args.forms and (args.regex or args.substring):
        raise CLIError("--forms matches terms: it cannot be combined with --regex or --substring",
                       EXIT_USAGE)
    corpus = load_or_exit(args.film_dir)
    try:
        if args.forms:
            check_terms(args.pattern)
        else:
            compile_pattern(args.pattern, regex=args.regex, whole_word=not args.substring)
    except ValueError as exc:
        raise CLIError(str(exc), EXIT_INVALID if args.forms else EXIT_UNSAFE) from exc
    frame = kwic(corpus, args.pattern, window=args.window, regex=args.regex,
                 whole_word=not args.substring, forms=args.forms, fuzzy=args.fuzzy)
    if args.format == "lines":
        write_text((kwic_text(frame, width=args.window) if len(frame) else "(no matches)") + "\n",
                   args.out)
    else:
        write_frame(frame, args.format, args.out)
    return EXIT_OK


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.add_argument("--stem", choices=["none", "porter"], default="none", help="stemming (default none)")
    p.add_argument("--keep-stopwords", action="store_true", help="do not remove the project stopwords")
    p.add_argument("--min-length", type=count(1), default=2, help="shortest term kept (default 2)")
    add_output_options(p)


def register_cli(sub: argparse._SubParsersAction) -> None:
    """Add the ``overlap``, ``keyness`` and ``kwic`` subcommands."""
    p = sub.add_parser("overlap", help="vocabulary overlap between critics (Jaccard, Dice, overlap, cosine)")
    _common(p)
    p.add_argument("--sets", action="store_true", help="print shared/unique term sets (every intersection) instead")
    p.add_argument("--max-terms", type=count(1), default=12, help="terms listed per intersection with --sets")
    p.set_defaults(func=cmd_overlap)

    p = sub.add_parser("keyness", help="distinctive terms per critic (log-odds z or log-likelihood)")
    _common(p)
    p.add_argument("--method", choices=["log_odds", "log_likelihood"], default="log_odds",
                   help="log_odds: Monroe et al. (2008) log-odds ratio with an informative "
                        "Dirichlet prior, scored as z; log_likelihood: Rayson and Garside's (2000) "
                        "G2 with Hardie's Log Ratio as effect size (default log_odds)")
    p.add_argument("--mode", choices=["one_vs_rest", "pairwise"], default="one_vs_rest",
                   help="one_vs_rest: each critic against all the others pooled; pairwise: "
                        "every ordered pair of critics (default one_vs_rest)")
    p.add_argument("--ngram", type=int, choices=[1, 2], default=1, help="1 words, 2 two-word phrases")
    p.add_argument("--min-count", type=count(0), default=1, help="drop terms used fewer times in a comparison")
    p.add_argument("-n", type=int, default=10, help="top n per critic (0 = every term)")
    p.set_defaults(func=cmd_keyness)

    p = sub.add_parser("kwic", help="keyword in context: every match of a term or regex, with raw offsets")
    p.add_argument("film_dir", help="film folder (or a slug under data/films)")
    p.add_argument("pattern", help="a term or phrase (whole words, any case) or, with --regex, a regex")
    p.add_argument("--regex", action="store_true", help="treat PATTERN as a Python regular expression")
    p.add_argument("--substring", action="store_true", help="also match inside longer words")
    p.add_argument("--forms", action="store_true",
                   help="match as the scene gazetteer does: plurals, -ed, -ing, any spaces, hyphens "
                        "or apostrophes between words ('tap dance' finds 'tap-dances')")
    p.add_argument("--fuzzy", action="store_true",
                   help="with --forms: also a misspelling one edit away of a long single word "
                        "('ukelele' for 'ukulele')")
    p.add_argument("--window", type=count(0), default=40, help="characters of context each side")
    add_output_options(p, formats=("lines", "table", "csv"), default="lines")
    p.set_defaults(func=cmd_kwic)
