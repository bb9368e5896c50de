#!/usr/bin/env python
"""Benchmark the corpus-scale pipeline against the naive loop, from ONE run.

    python benchmarks/bench_pipeline.py --corpus ../shared/corpora/rotten_tomatoes_snippets.csv.bz2 --repeat 10

Prints:

* sentence scoring speed, in words per second, for the naive loop (``TextBlob(s).sentiment`` and
  ``polarity_scores(s)`` of one ``SentimentIntensityAnalyzer``, sentence by sentence) and for
  criticlens (:func:`criticlens.sentiment._fast.score_texts`), each repeated ``--repeat`` times in
  alternation on the same sentences, and their ratio (total naive time / total criticlens time);
  the fast path's memo tables are emptied before every repetition, so each one starts cold;
* the parity result: every value of every repetition compared with ``==`` to the naive loop, on
  every sentence of the corpus;
* the cold and warm times of the whole pipeline (load the table + score every sentence) with a
  fresh cache folder, and their ratio;
* peak resident memory (this process and its children).

Words are the corpus's word tokens (``sentences.n_words``). Speeds are wall-clock (the CPU-time
ratio is printed too, since the machine may be shared).
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("CRITICLENS_PROGRESS", "0")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", required=True, help="CSV (.csv/.csv.bz2) of reviews, one per row")
    ap.add_argument("--repeat", type=int, default=1, help="repetitions of the scoring comparison")
    ap.add_argument("--text", default="text", help="text column (default: text)")
    ap.add_argument("--film", default=None, help="film column (default: movie_name if present, else film)")
    ap.add_argument("--processes", type=int, default=1, help="scoring processes for criticlens (default 1)")
    ap.add_argument("--cache-dir", default=None, help="cache folder for cold/warm (default: a fresh temp dir)")
    args = ap.parse_args(argv)

    import pandas as pd

    import criticlens
    from criticlens.scale import cache as C
    from criticlens.sentiment import _fast as fastscore
    from criticlens.scale.tables import load_table, score_sentences

    path = Path(args.corpus)
    cols = pd.read_csv(path, nrows=0).columns
    film = args.film or ("movie_name" if "movie_name" in cols else "film")
    keep = [c for c in ("category",) if c in cols]
    print(f"criticlens {criticlens.__version__}; textblob {fastscore.ENGINE_VERSIONS['textblob']}, "
          f"vaderSentiment {fastscore.ENGINE_VERSIONS['vaderSentiment']}; Python {platform.python_version()}")
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"corpus: {path}")

    # -- cold and warm pipeline runs -------------------------------------------------------
    tmp = tempfile.TemporaryDirectory(prefix="criticlens-bench-") if args.cache_dir is None else None
    cache = C.Cache(args.cache_dir or tmp.name)  # type: ignore[union-attr]
    cache.clear()
    fastscore.clear_memos()
    gc.collect()
    t0 = time.perf_counter()
    corpus = load_table(path, text=args.text, film=film, keep=keep, cache=cache)
    scores_cold = score_sentences(corpus, cache=cache, processes=args.processes)
    cold = time.perf_counter() - t0
    warms = []
    for _ in range(3):  # three warm re-runs; the median is reported
        gc.collect()
        t0 = time.perf_counter()
        corpus_w = load_table(path, text=args.text, film=film, keep=keep, cache=cache)
        scores_warm = score_sentences(corpus_w, cache=cache, processes=args.processes)
        warms.append(time.perf_counter() - t0)
    warm = sorted(warms)[1]
    same = all(getattr(corpus, n).equals(getattr(corpus_w, n)) for n in ("reviews", "sentences", "tokens", "spans"))
    same = same and scores_cold.equals(scores_warm)
    rep = corpus.report
    print(f"loaded: {rep.n_in} rows, {rep.n_loaded} reviews, {rep.n_rejected} rejected, "
          f"{corpus.reviews['film'].nunique()} films, {len(corpus.sentences)} sentences, "
          f"{int(corpus.sentences['n_words'].sum())} words")
    print(f"pipeline (load + score): cold {cold:.2f} s, warm {warm:.3f} s (median of "
          f"{', '.join(f'{w:.3f}' for w in warms)}), cold/warm = {cold / warm:.0f}x; "
          f"warm frames identical to cold: {same}")

    # -- scoring: naive loop vs criticlens, alternating ----------------------------------
    texts = [str(t) for t in corpus.sentences["text"]]
    words = int(corpus.sentences["n_words"].sum())
    t_naive = t_fast = c_naive = c_fast = 0.0
    mismatches = 0
    values = 0
    for r in range(args.repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        naive = fastscore.naive_scores(texts)
        w1, c1 = time.perf_counter(), time.process_time()
        fastscore.clear_memos()
        w2, c2 = time.perf_counter(), time.process_time()
        fast = fastscore.score_texts(texts, processes=args.processes)
        w3, c3 = time.perf_counter(), time.process_time()
        t_naive += w1 - w0
        c_naive += c1 - c0
        t_fast += w3 - w2
        c_fast += c3 - c2
        par = fastscore.compare(texts, fast, naive)
        mismatches += len(par.mismatches)
        values += par.n_values
        print(f"  repeat {r + 1}/{args.repeat}: naive {w1 - w0:.2f} s, criticlens {w3 - w2:.2f} s, "
              f"ratio {(w1 - w0) / (w3 - w2):.1f}x; {par}")
        if not par.ok:
            print(str(par))
    n = args.repeat
    print(f"words/sec naive:      {words * n / t_naive:,.0f}")
    print(f"words/sec criticlens: {words * n / t_fast:,.0f}  (processes={args.processes})")
    print(f"ratio: {t_naive / t_fast:.1f}x wall-clock ({c_naive / c_fast:.1f}x CPU time of this process)")
    print(f"parity: {'IDENTICAL' if mismatches == 0 else 'DIFFERENT'} — {values - mismatches:,} of "
          f"{values:,} values equal (==) over {n} repetition(s) of {len(texts):,} sentences")
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"peak RSS: {self_kb / 1024:.0f} MB (largest child process {child_kb / 1024:.0f} MB)")
    if tmp is not None:
        tmp.cleanup()
    return 0 if mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
