"""Axis labels are capitalised one way in every figure set (issue 16, item 10): sentence case
starting lower-case ("position in review body"), as the arcs, vocabulary and scene figures
already wrote them, unless the label starts with a proper noun or an acronym.

Every figure of both bundled films is built by the real figure sets but not written (the
export's rendering is replaced by a collector, as in test_legibility).
"""
from __future__ import annotations

import importlib
import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from criticlens.corpus.load import load_film  # noqa: E402
from criticlens.paths import resolve_film  # noqa: E402
from criticlens.viz import export  # noqa: E402
from criticlens.viz.figsets.arcs import NOTE_GID  # noqa: E402
from criticlens.viz.figures import figure_modules  # noqa: E402

#: First words an axis label may start with in capitals: proper nouns and acronyms.
ALLOWED_FIRST_WORDS = {"VADER", "TextBlob", "AFINN", "NRC", "Bing", "SentiWordNet", "DCT",
                       "TF-IDF", "Jaccard", "PCA", "Hu"}


def label_problem(text: str) -> str | None:
    """Why an axis label breaks the convention (``None``: it does not). Empty labels, and
    labels starting with a digit, a sign or a bracket, have no case to check."""
    t = text.strip()
    if not t or not t[0].isalpha() or t[0].islower():
        return None
    first = re.split(r"[\s:,(]", t, maxsplit=1)[0]
    if first in ALLOWED_FIRST_WORDS or (len(first) > 1 and first.isupper()):
        return None  # a proper noun on the list, or an acronym (all capitals)
    return f"starts with a capital: {t!r}"


def test_label_problem_worked_examples():
    assert label_problem("position in review body (0 = start, 1 = end)") is None
    assert label_problem("VADER compound") is None
    assert label_problem("") is None
    assert label_problem("-1 .. 1") is None
    assert label_problem("Position in review") == "starts with a capital: 'Position in review'"
    assert label_problem("Share of sentences") is not None


@pytest.mark.parametrize("film", ["blue-valentine", "austin-powers-in-goldmember"])
def test_every_axis_label_of_the_bundled_films_starts_lower_case(film, tmp_path, monkeypatch):
    corpus = load_film(resolve_film(film))
    seen: dict[str, list[str]] = {}

    def collect(fig, paths):
        name = next(iter(paths.values())).stem
        labels = []
        for ax in fig.axes:
            labels += [ax.get_xlabel(), ax.get_ylabel()]
        for sub in [fig, *fig.subfigs]:
            for lab in (getattr(sub, "_supxlabel", None), getattr(sub, "_supylabel", None)):
                # a note under the chart in the supxlabel's place (e.g. "All 35 reviews are too
                # short for the DCT ...", criticlens.viz.figsets.arcs.add_note) is a sentence,
                # not an axis label
                if lab is not None and lab.get_gid() != NOTE_GID:
                    labels.append(lab.get_text())
        seen[name] = labels

    monkeypatch.setattr(export, "_render", collect)
    for topic in figure_modules():
        mod = importlib.import_module(f"criticlens.viz.figsets.{topic}")
        if len(corpus.review_ids) < int(getattr(mod, "MIN_CRITICS", 1)):
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            mod.export_figures(corpus, tmp_path)
        plt.close("all")
    assert len(seen) >= 25, sorted(seen)
    assert sum(1 for labs in seen.values() if any(s.strip() for s in labs)) >= 20
    problems = {name: p for name, labs in seen.items()
                for p in [[q for q in map(label_problem, labs) if q]] if p}
    assert not problems, "\n".join(f"{k}: {v}" for k, v in sorted(problems.items()))
