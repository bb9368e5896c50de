"""How long `criticlens figures` and the notebooks take, for the bundled films and a 300-review film.

    python benchmarks/bench_figures.py --snippets ../shared/corpora/rotten_tomatoes_snippets.csv.bz2 \\
        --polarity ../shared/corpora/polarity_v2_fold1.csv.bz2 [--repeat 3] [--notebooks]

For each film: the wall time of ``criticlens figures FILM --out TMP`` as a user runs it (a fresh
process: imports, loading, analyses, every figure in PNG/SVG/PDF), the median of ``--repeat``
runs, and whether two runs wrote byte-identical files. With ``--notebooks``, the wall time of
each notebook run top to bottom on the film (``criticlens.teach.runbook``, fresh kernel).
The 300-review film is written by ``benchmarks/films.py`` (polarity fold + snippets). The load
average is printed with each run: the machine is shared, so read times against it.
Timing lives here only; the test suite never asserts speed.
"""
from __future__ import annotations

import argparse
import filecmp
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Figures in the baseline run (about as many as `criticlens figures` exports for a film).
BASELINE_FIGURES = 32
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))


def _env() -> dict[str, str]:
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(ROOT / "src"))
    return env


def time_figures(film: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the command and its render workers)."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "criticlens.cli.main", "figures", str(film), "--out",
                    str(out), "--no-progress"], check=True, env=_env(), cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


#: The baseline every time is divided by, run in the same process tree at the same moment: a fresh
#: Python that imports matplotlib and pandas and exports N plain figures (three lines, a title,
#: a legend; 7 x 4 in) as PNG at 300 dpi, SVG and PDF, one after the other. A ratio of 2.0 means
#: the command took as long as exporting 2N such figures: it does not move with the machine's
#: speed or load the way seconds do.
BASELINE = """
import sys, io
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
x = np.linspace(0, 1, 50)
for i in range(int(sys.argv[1])):
    fig, ax = plt.subplots(figsize=(7, 4), layout="constrained")
    for k in range(3):
        ax.plot(x, np.sin(x * (k + 1 + i)), label=f"critic {k}")
    ax.set_title(f"reference figure {i}"); ax.legend(); ax.set_xlabel("position"); ax.set_ylabel("tone")
    for fmt in ("png", "svg", "pdf"):
        fig.savefig(io.BytesIO(), format=fmt, dpi=300 if fmt == "png" else None,
                    bbox_inches="tight", metadata={"Creator": None} if fmt == "pdf" else None)
    plt.close(fig)
"""


def time_baseline(n: int) -> float:
    """Wall seconds of :data:`BASELINE` for ``n`` figures, in a fresh process."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", BASELINE, str(n)], check=True, env=_env(), cwd=ROOT)
    return time.perf_counter() - t


def identical(a: Path, b: Path) -> tuple[int, list[str]]:
    names = sorted(p.name for p in a.iterdir())
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return len(names), mismatch + errors


def time_notebooks(film: Path, out: Path) -> list[tuple[str, float, str | None]]:
    """Each notebook's wall time (papermill, fresh kernel) and its error, if any."""
    os.environ["MPLBACKEND"] = "Agg"
    from criticlens.teach.runbook import run_notebooks

    runs = run_notebooks(film, out, executed_dir=out / "executed", raise_on_error=False)
    return [(r.notebook, r.seconds, r.error) for r in runs]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--snippets", required=True)
    ap.add_argument("--polarity", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--notebooks", action="store_true")
    a = ap.parse_args(argv)
    from films import write_many

    tmp = Path(tempfile.mkdtemp(prefix="bench-figures-"))
    many = write_many(a.n, a.snippets, a.polarity, tmp / f"film{a.n}")
    films = [ROOT / "data" / "films" / "blue-valentine",
             ROOT / "data" / "films" / "austin-powers-in-goldmember", many]
    print(f"cpus usable: {len(os.sched_getaffinity(0))}")
    for film in films:
        runs, cpus, ratios = [], [], []
        outs = []
        for i in range(a.repeat):
            out = tmp / f"{film.name}-{i}"
            load = os.getloadavg()[0]
            wall, cpu = time_figures(film, out)
            base = time_baseline(BASELINE_FIGURES)
            runs.append(wall)
            cpus.append(cpu)
            ratios.append(wall / base)
            outs.append(out)
            print(f"{film.name}: run {i + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU (load {load:.1f}); "
                  f"baseline ({BASELINE_FIGURES} plain figures) {base:.1f} s: ratio {wall / base:.2f}",
                  flush=True)
        n, diff = identical(outs[0], outs[-1])
        print(f"{film.name}: figures median {statistics.median(runs):.1f} s "
              f"(min {min(runs):.1f}, max {max(runs):.1f}), ratio to baseline median "
              f"{statistics.median(ratios):.2f}, CPU median "
              f"{statistics.median(cpus):.1f} s; {n} files, "
              f"{'byte-identical' if not diff else 'DIFFER: ' + ', '.join(diff[:5])}")
        if a.notebooks:
            for nb, sec, err in time_notebooks(film, tmp / f"{film.name}-nb"):
                print(f"{film.name}: notebook {nb}: {sec:.1f} s" + (f"  FAILED: {err}" if err else ""),
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
