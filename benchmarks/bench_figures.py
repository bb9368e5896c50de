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
        runs, cpus = [], []
        outs = []
        for i in range(a.repeat):
            out = tmp / f"{film.name}-{i}"
            load = os.getloadavg()[0]
            wall, cpu = time_figures(film, out)
            runs.append(wall)
            cpus.append(cpu)
            outs.append(out)
            print(f"{film.name}: run {i + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU (load {load:.1f})",
                  flush=True)
        n, diff = identical(outs[0], outs[-1])
        print(f"{film.name}: figures median {statistics.median(runs):.1f} s "
              f"(min {min(runs):.1f}, max {max(runs):.1f}), CPU median "
              f"{statistics.median(cpus):.1f} s; {n} files, "
              f"{'byte-identical' if not diff else 'DIFFER: ' + ', '.join(diff[:5])}")
        if a.notebooks:
            for nb, sec, err in time_notebooks(film, tmp / f"{film.name}-nb"):
                print(f"{film.name}: notebook {nb}: {sec:.1f} s" + (f"  FAILED: {err}" if err else ""),
                      flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
