#!/usr/bin/env python
"""Peak memory per character of review text when loading one big review (issue 17.5).

    PYTHONPATH=src python benchmarks/bench_memory.py [--sizes 0.5 1 2] [--rss]

The review is realistic prose: the bundled films' review texts (data/films/*/reviews/*.txt)
joined with blank lines and repeated until it reaches the requested size in characters. Each size
is loaded with ``criticlens.corpus_from_texts({"a": text})`` under :mod:`tracemalloc`, and the
peak of traced Python allocations (numpy and pandas buffers included) divided by the number of
characters is printed. The text itself (built before tracing starts) is not counted.
``--rss`` also loads each size in a fresh process (text built and imports warmed first) and
prints how far the peak resident set size (VmHWM, reset through /proc/self/clear_refs; Linux
only) rose above the resident size just before the load: this counts buffers tracemalloc
cannot see, such as pyarrow's, but also allocator slack, so it is noisier.
"""
from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prose(n_chars: int) -> str:
    files = sorted((ROOT / "data" / "films").glob("*/reviews/*.txt"))
    base = "\n\n".join(f.read_text(encoding="utf-8").strip() for f in files)
    reps = n_chars // (len(base) + 2) + 1
    return ("\n\n".join([base] * reps))[:n_chars]


def peak_bytes(text: str) -> int:
    import criticlens

    gc.collect()
    tracemalloc.start(1)
    tracemalloc.reset_peak()
    corpus = criticlens.corpus_from_texts({"a": text})
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del corpus
    return peak


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def _child_rss(n_chars: int) -> int:
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--child", str(n_chars)], check=True,
                         capture_output=True, text=True).stdout
    return int(out.split()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", type=float, default=[0.5, 1.0, 2.0],
                    help="review sizes in millions of characters (default 0.5 1 2)")
    ap.add_argument("--rss", action="store_true",
                    help="also report the rise of peak resident memory during the load, one fresh "
                         "process per size (Linux)")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    import criticlens

    if a.child is not None:
        text = prose(a.child)
        criticlens.corpus_from_texts({"warm": prose(2000)})  # imports and models: not counted
        gc.collect()
        before = _status_kb("VmRSS")
        with open("/proc/self/clear_refs", "w") as fh:  # resets VmHWM to the current RSS (Linux)
            fh.write("5")
        criticlens.corpus_from_texts({"a": text})
        print((_status_kb("VmHWM") - before) * 1024)
        return 0

    criticlens.corpus_from_texts({"warm": prose(2000)})  # import lazies, stopwords, models
    print(f"{'chars':>10} {'peak MB':>9} {'bytes/char':>11}")
    for mb in a.sizes:
        text = prose(int(mb * 1_000_000))
        peak = peak_bytes(text)
        print(f"{len(text):>10} {peak / 1e6:>9.1f} {peak / len(text):>11.1f}", flush=True)
    if a.rss:
        print(f"\n{'chars':>10} {'RSS rise MB':>12} {'bytes/char':>11}   (fresh process each)")
        for mb in a.sizes:
            n = int(mb * 1_000_000)
            rise = _child_rss(n)
            print(f"{n:>10} {rise / 1e6:>12.1f} {rise / n:>11.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
