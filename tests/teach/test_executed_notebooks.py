"""The executed notebooks of ``make run`` show their charts, once, and write nothing into figures/.

``make run`` ends with ``python -m criticlens.teach.runbook FILM``, which executes every notebook
with papermill. This runs the same function on the bundled film (default out folder: none) and
reads every executed copy: no output prints ``<Figure size ...>`` instead of a chart, each cell
that draws holds an image (and not the same image twice), no cell shows an error or writes to
stderr, and the committed ``figures/blue-valentine/`` is byte-for-byte what it was before.

:func:`criticlens.teach.runbook.check_executed` is tested on hand-made notebooks first, so the
check itself can fail.
"""
from __future__ import annotations

import base64
import hashlib
import os

import nbformat
import pytest

from criticlens.paths import BUNDLED_FILM, figures_dir_for
from criticlens.teach.runbook import check_executed, run_notebooks, suite_notebooks

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n-a-tiny-fake-image").decode()


def _executed(path, cells):
    """A notebook whose code cells have the given (source, outputs) pairs."""
    nb = nbformat.v4.new_notebook()
    for i, (src, outs) in enumerate(cells):
        c = nbformat.v4.new_code_cell(src, outputs=outs)
        c["id"] = f"c{i}"
        nb.cells.append(c)
    nbformat.write(nb, path)
    return path


def _image(png=PNG):
    return nbformat.v4.new_output("display_data", data={"image/png": png,
                                                        "text/plain": "<Figure size 700x400 with 1 Axes>"})


def test_check_executed_accepts_a_drawn_chart(tmp_path):
    p = _executed(tmp_path / "ok.ipynb", [("x = 1", []), ("show(spec)", [_image()])])
    assert check_executed(p) == []


def test_check_executed_names_every_problem(tmp_path):
    text_fig = nbformat.v4.new_output("execute_result", data={"text/plain": "<Figure size 700x400 with 1 Axes>"},
                                      execution_count=1)
    err = nbformat.v4.new_output("error", ename="ValueError", evalue="boom", traceback=[])
    warn = nbformat.v4.new_output("stream", name="stderr", text="UserWarning: careful\n")
    p = _executed(tmp_path / "bad.ipynb", [
        ("spec.fig", [text_fig]),                      # 0: printed, not drawn; no image
        ("display(show(a))\ndisplay(show(a))", [_image(), _image()]),  # 1: the same chart twice
        ("fig, ax = plt.subplots()", []),              # 2: draws, shows nothing
        ("1/0", [err]),                                # 3: error
        ("warn()", [warn]),                            # 4: a warning on stderr
    ])
    problems = check_executed(p)
    assert problems == [
        "bad.ipynb: code cell 0 prints <Figure size ...> instead of drawing the chart",
        "bad.ipynb: code cell 0 draws a figure but shows no image",
        "bad.ipynb: code cell 1 shows the same image 2 times",
        "bad.ipynb: code cell 2 draws a figure but shows no image",
        "bad.ipynb: code cell 3 shows an error: ValueError: boom",
        "bad.ipynb: code cell 4 writes to stderr: UserWarning: careful",
    ]
    assert check_executed(p, allow_stderr=True) == problems[:-1]


def test_check_executed_accepts_a_tagged_text_fallback_only_with_its_line(tmp_path):
    said = nbformat.v4.new_output("stream", name="stdout", text="No such sentence in this film.\n")
    p = _executed(tmp_path / "fb.ipynb", [
        ("if empty:\n    print('none')\nelse:\n    show(spec)", [said]),  # 0: tagged, says why
        ("if empty:\n    pass\nelse:\n    show(spec)", []),              # 1: tagged, silent
        ("if empty:\n    print('none')\nelse:\n    show(spec)", [said]),  # 2: not tagged
    ])
    nb = nbformat.read(p, as_version=4)
    for i in (0, 1):
        nb.cells[i].metadata["tags"] = ["text-fallback"]
    nbformat.write(nb, p)
    assert check_executed(p) == [
        "fb.ipynb: code cell 1 draws a figure but shows no image",
        "fb.ipynb: code cell 2 draws a figure but shows no image",
    ]


def _tree_digest(folder):
    h = hashlib.sha256()
    for root, _, files in sorted(os.walk(folder)):
        for name in sorted(files):
            p = os.path.join(root, name)
            h.update(p.encode())
            with open(p, "rb") as f:
                h.update(f.read())
    return h.hexdigest()


@pytest.mark.slow
def test_make_run_notebooks_show_every_chart_and_leave_figures_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")  # what a caller's environment may say: kernels ignore it
    figures = figures_dir_for(BUNDLED_FILM)
    before = _tree_digest(figures)
    runs = run_notebooks(BUNDLED_FILM, executed_dir=tmp_path, raise_on_error=False)
    assert [r.notebook for r in runs] == [p.stem for p in suite_notebooks()]
    assert [(r.notebook, r.error) for r in runs if not r.ok] == []
    assert [p for r in runs for p in r.problems] == []
    # the check is not vacuous: every notebook but the widget explorer holds charts
    images = {r.notebook: sum("image/png" in (o.get("data") or {})
                              for c in nbformat.read(r.output, as_version=4).cells
                              for o in c.get("outputs", []))
              for r in runs}
    assert all(n > 0 for name, n in images.items() if "explorer" not in name), images
    assert images["05-critic-comparison"] >= 10, images  # the article notebook shows every chart
    assert _tree_digest(figures) == before
