#!/usr/bin/env python
"""How long an explorer update takes on a film (default: the bundled one), from ONE run.

    python benchmarks/bench_explorer.py [--film blue-valentine] [--repeat 20]

An "update" is what happens after a widget change in ``notebooks/06-explorer.ipynb``:
:meth:`criticlens.teach.explorer.Explorer.update` recomputes the hits (KWIC and scene mentions for the
chosen critics), rebuilds the passages table, draws the arcs and the dispersion plot, and encodes
both as PNG for the browser. Measured per kind of change, cycling through real values from the
corpus (its most frequent words, its mentioned scenes, subsets of its critics, the engines):

- ``term``: typing a term (KWIC over every body sentence);
- ``scene``: choosing a scene (mentions are computed once, at the first scene);
- ``critics``: changing the critic selection;
- ``engine``: switching the arc engine (scores are computed once per engine, then cached).

Each is measured with the passages tab open (the default: no figure is encoded), with the arcs
or the dispersion tab open (that figure is encoded), and eagerly (``lazy=False``: both).

Also measured, as a machine-speed baseline in the same run: drawing one empty figure of the same
size and encoding it as PNG. The ratio update / baseline says how many "empty figures" an update
costs, which is comparable across machines; the milliseconds are what a user waits on this one.
Also printed: the one-off cost of building the explorer (sentence scoring) and of the first
scene lookup. Wall-clock medians; the machine may be shared, so run it more than once.
"""
from __future__ import annotations

import argparse
import itertools
import os
import statistics
import time

os.environ.setdefault("MPLBACKEND", "Agg")


def _ms(xs: list[float]) -> str:
    return f"median {statistics.median(xs) * 1000:7.1f} ms  (min {min(xs) * 1000:6.1f}, max {max(xs) * 1000:6.1f})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--film", default="blue-valentine", help="film slug or folder")
    ap.add_argument("--repeat", type=int, default=20, help="updates measured per kind of change")
    args = ap.parse_args(argv)

    import io

    from matplotlib.figure import Figure

    import criticlens
    from criticlens.teach.explorer import NO_SCENE, SCREEN_DPI, Explorer
    from criticlens.paths import resolve_film
    from criticlens.viz.style import style_context

    corpus = criticlens.load_film(resolve_film(args.film))
    t0 = time.perf_counter()
    ex = Explorer(corpus)
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    ex.scene_mentions()
    first_scene = time.perf_counter() - t0

    def baseline() -> float:
        t = time.perf_counter()
        with style_context():
            fig = Figure(figsize=(9.0, 3.6), dpi=SCREEN_DPI, layout="constrained")
            fig.add_subplot()
            fig.savefig(io.BytesIO(), format="png", dpi=SCREEN_DPI)
        return time.perf_counter() - t

    terms = ex.suggested_terms(max(1, args.repeat))
    scenes = [sid for sid, _ in ex.scenes_with_mentions()] or [NO_SCENE]
    rids = list(ex.labels)
    subsets = [tuple(r for j, r in enumerate(rids) if j != i) or tuple(rids) for i in range(len(rids))]
    subsets.append(tuple(rids))
    engines = list(ex.engine.options)
    for eng in engines:  # score every engine once, so the engine timing is the cached switch
        ex.engine.value = eng

    timings: dict[str, list[float]] = {"baseline (empty figure -> PNG)": []}
    cycles = {
        "term": (ex.term, itertools.cycle(terms)),
        "scene": (ex.scene, itertools.cycle(scenes + [NO_SCENE])),
        "critics": (ex.critics, itertools.cycle(subsets)),
        "engine": (ex.engine, itertools.cycle(engines)),
    }
    # the open tab decides what is encoded: passages (no figure), one figure, or both (eager)
    views = [("passages tab", 0, True), ("arcs tab", 1, True), ("dispersion tab", 2, True),
             ("eager, both figures", 0, False)]
    for _ in range(args.repeat):
        timings["baseline (empty figure -> PNG)"].append(baseline())
        for view, tab, lazy in views:
            ex.lazy = lazy
            ex.tabs.selected_index = tab
            for name, (widget, values) in cycles.items():
                v = next(values)
                if widget.value == v:
                    v = next(values)
                widget.value = v  # triggers exactly one update
                timings.setdefault(f"{view}: {name}", []).append(ex.last_update_seconds)
            ex.term.value = ""

    base = statistics.median(timings["baseline (empty figure -> PNG)"])
    n_sent = len(corpus.sentences)
    print(f"film: {corpus.title} ({len(rids)} reviews, {n_sent} sentences, "
          f"{int(corpus.reviews['n_words'].sum())} body words); {args.repeat} updates per kind")
    print(f"build the explorer (scores sentences with {ex.engine.value}): {build * 1000:.0f} ms; "
          f"first scene lookup (all mentions): {first_scene * 1000:.0f} ms")
    for name, xs in timings.items():
        ratio = "" if name.startswith("baseline") else f"  = {statistics.median(xs) / base:4.1f} x baseline"
        print(f"{name:38s} {_ms(xs)}{ratio}")
    for view, _, _ in views:
        xs = [x for k, v in timings.items() if k.startswith(view + ":") for x in v]
        print(f"{view + ': any update':38s} {_ms(xs)}  = {statistics.median(xs) / base:4.1f} x baseline")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
