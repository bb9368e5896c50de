"""Every figure of `criticlens figures`, for 1, 3, 8, 35 and 300 critics: no clipped text, no
two texts over each other (criticlens.viz.layout.text_problems), and no figure set failing.

The figures are built by the real figure sets but not written: the export's rendering is
replaced by the legibility check on the figure as the export would save it (after
:func:`criticlens.viz.export.prepare`). The critics are real texts: the bundled films (the 35
Rotten Tomatoes snippets of Goldmember, the three Blue Valentine reviews) and, for 300, pairs of
Goldmember snippets joined into two-sentence reviews.
"""
from __future__ import annotations

import importlib
import warnings
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from criticlens.corpus.load import load_film  # noqa: E402
from criticlens.paths import resolve_film  # noqa: E402
from criticlens.scale.tables import load_table  # noqa: E402
from criticlens.viz import export  # noqa: E402
from criticlens.viz import many as M  # noqa: E402
from criticlens.viz.figures import figure_modules  # noqa: E402
from criticlens.viz.layout import text_problems  # noqa: E402


def _goldmember():
    return load_film(resolve_film("austin-powers-in-goldmember"))


def _three_hundred():
    gm = _goldmember()
    texts, groups = [], []
    ids = gm.review_ids
    grp = dict(zip(gm.reviews["review_id"], gm.reviews["group"]))
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            texts.append(gm.raw(a) + " " + gm.raw(b))
            groups.append(grp[a])
    df = pd.DataFrame({"text": texts[:300], "group": groups[:300]})
    c = load_table(df, film=None, group="group", progress=False)
    return replace(c, film=gm.film)


def corpus_of(n: int):
    if n == 3:
        return load_film(resolve_film("blue-valentine"))
    if n == 300:
        return _three_hundred()
    gm = _goldmember()
    return gm if n == 35 else M.subset(gm, gm.review_ids[:n])


@pytest.mark.parametrize("n", [1, 3, 8, 35, pytest.param(300, marks=pytest.mark.slow)])
def test_every_figure_is_legible(n, tmp_path, monkeypatch):
    corpus = corpus_of(n)
    assert len(corpus.review_ids) == n
    problems: dict[str, list[str]] = {}
    names: list[str] = []

    def check(fig, paths):
        name = next(iter(paths.values())).stem
        names.append(name)
        export.prepare(fig)
        found = text_problems(fig)
        if found:
            problems[name] = found

    monkeypatch.setattr(export, "_render", check)
    failures = {}
    for topic in figure_modules():
        mod = importlib.import_module(f"criticlens.viz.figsets.{topic}")
        if n < int(getattr(mod, "MIN_CRITICS", 1)):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                mod.export_figures(corpus, tmp_path)
            except Exception as exc:  # collected: every topic is tried, all failures shown
                failures[topic] = f"{type(exc).__name__}: {exc}"
        plt.close("all")
    assert not failures, failures
    assert len(names) >= (6 if n == 1 else 25), names
    assert not problems, "\n".join(f"{k}: {v[:3]}" for k, v in problems.items())
