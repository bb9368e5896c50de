#!/usr/bin/env python
"""Do the text paths scale linearly? Double the input, report the time ratio (about 2 = linear).

    python benchmarks/bench_scaling.py [--start 7000] [--steps 4] [--repeat 3]

Issue 17.4 found two paths that were not linear on hostile input:

- ``mojibake``: normalising one review of ``donâ€™t`` repeated with no spaces (one 7 KB
  "word" that ftfy repairs): the alignment of the repair with the raw text used ``difflib``,
  over 2 minutes at 7 KB;
- ``people``: :func:`criticlens.mentions.people.find_people` on ``a-A-a-A...``: the name-run
  regex backtracked over the rest of the text at every capital (80 KB took 30-40 s).

Also measured, as guards of issue 17.1: ``regex`` (a scene pattern ``.*.*.*.*.*.*.*.*z`` over
``a...a``, now run by RE2) and ``load`` (loading a film folder whose one review is that text).

For each case the input starts at ``--start`` characters and doubles ``--steps - 1`` times; the
best of ``--repeat`` runs is kept (the machine may be shared). A ratio near 2 per doubling is
linear, near 4 quadratic. Wall-clock seconds; nothing here runs in the test suite.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def best_of(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def film_with(root: Path, text: str, yaml_extra: str = "") -> Path:
    f = root / "film"
    (f / "reviews").mkdir(parents=True, exist_ok=True)
    (f / "film.yaml").write_text(
        "title: Blue Valentine\nyear: 2010\ncast:\n  - actor: Ryan Gosling\n    character: Dean\n"
        "  - actor: Michelle Williams\n    character: Cindy\n" + yaml_extra, encoding="utf-8")
    (f / "reviews.csv").write_text("review_id,file\nx,reviews/x.txt\n", encoding="utf-8")
    (f / "reviews" / "x.txt").write_text(text, encoding="utf-8")
    return f


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", type=int, default=7000, help="first input size (characters)")
    ap.add_argument("--steps", type=int, default=4, help="sizes: start, 2*start, ...")
    ap.add_argument("--repeat", type=int, default=3, help="runs per size (best kept)")
    args = ap.parse_args()

    import criticlens
    from criticlens.mentions.people import find_people
    from criticlens.text.textproc import normalize_text
    from criticlens.text.userregex import compile_user

    sizes = [args.start * 2 ** k for k in range(args.steps)]
    rx = compile_user(".*.*.*.*.*.*.*.*z")
    tmp = Path(tempfile.mkdtemp(prefix="bench-scaling-"))

    def people_case(n: int) -> Callable[[], object]:
        corpus = criticlens.load_film(film_with(tmp / f"p{n}", ("a-A-" * n)[:n]))
        return lambda: find_people(corpus, sentiment=False)

    def load_case(n: int) -> Callable[[], object]:
        f = film_with(tmp / f"l{n}", "donâ€™t" * (n // 7) + ".\n")
        return lambda: criticlens.load_film(f)

    cases: dict[str, Callable[[int], Callable[[], object]]] = {
        # whole repetitions: a text cut inside "â€™" makes ftfy itself work harder at the end
        "mojibake": lambda n: (lambda: normalize_text("donâ€™t" * (n // 7))),
        "people": people_case,
        "regex": lambda n: (lambda: list(rx.spans("a" * n))),
        "load": load_case,
    }
    print(f"{'case':<10}{'chars':>10}{'seconds':>12}{'ratio':>8}")
    for name, make in cases.items():
        prev = None
        for n in sizes:
            t = best_of(make(n), args.repeat)
            ratio = "" if prev is None else f"{t / prev:.2f}"
            print(f"{name:<10}{n:>10,}{t:>12.4f}{ratio:>8}", flush=True)
            prev = t


if __name__ == "__main__":
    main()
