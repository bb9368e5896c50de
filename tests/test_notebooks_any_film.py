"""Every notebook runs on a second, hand-written film: nothing is hard-wired to Blue Valentine.

The second film (``tests/second_film.py``) has four reviews instead of three, other ids, an
unsigned review, a six-sentence review, other scenes and people. Each notebook in ``notebooks/``
is executed with papermill through :func:`criticlens.teach.runbook.run_notebooks`, with ``FILM`` set to
that folder and ``OUT_DIR`` to a temporary folder; the static lint checks that no code cell
hard-codes a critic name, review label, review id or scene id of either film.
"""
from __future__ import annotations

import nbformat
import pytest

import criticlens
from criticlens.paths import FIGURES_DIR, NOTEBOOKS_DIR
from criticlens.teach.runbook import (
    NotebookRun,
    RunbookError,
    check_executed,
    lint_notebook,
    run_notebooks,
    suite_notebooks,
)

NOTEBOOKS = suite_notebooks()


def test_the_suite_has_the_notebooks_this_issue_ships():
    names = {p.name for p in NOTEBOOKS}
    assert {"00-tour.ipynb", "06-explorer.ipynb", "07-lesson-reading-critics.ipynb"} <= names


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_parameterised_and_film_neutral(nb, bv_corpus, second_film):
    assert lint_notebook(nb, bv_corpus) == []
    assert lint_notebook(nb, criticlens.load_film(second_film)) == []


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_on_the_second_film(nb, second_film, tmp_path):
    out = tmp_path / "figures"
    runs = run_notebooks(second_film, out, [nb], executed_dir=tmp_path / "executed")
    assert [r.notebook for r in runs] == [nb.stem] and runs[0].ok, runs[0].error
    done = nbformat.read(runs[0].output, as_version=4)
    errors = [o for c in done.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert errors == []
    # charts are drawn, once, in every cell that draws, and nothing is written to stderr: the
    # second film's short reviews are said in a note under each arc chart, not warned
    assert check_executed(runs[0].output) == []
    # papermill injected the second film, and nothing was written into the repository's figures
    injected = [c for c in done.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and str(second_film.resolve()) in injected[0].source
    assert not (FIGURES_DIR / second_film.name).exists()


# ------------------------------------------------------------------ the runner and the lint
def _write_nb(path, cells, *, tag=True, outputs=False):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for i, src in enumerate(cells):
        c = nbformat.v4.new_code_cell(src)
        c["id"] = f"c{i}"
        if i == 0 and tag:
            c.metadata["tags"] = ["parameters"]
        if outputs and i == 1:
            c.execution_count = 1
        nb.cells.append(c)
    nbformat.write(nb, path)
    return path


def test_lint_flags_what_ties_a_notebook_to_one_film(tmp_path, bv_corpus):
    label = list(bv_corpus.labels().values())[0]
    scene = bv_corpus.film.scenes[0].id
    p = _write_nb(tmp_path / "01-bad.ipynb",
                  ['FILM = "x"', f'who = "{label}"\nscene = "{scene}"\n%matplotlib inline'],
                  tag=False, outputs=True)
    problems = lint_notebook(p, bv_corpus)
    assert "01-bad.ipynb: the first code cell is not tagged 'parameters'" in problems
    assert "01-bad.ipynb: the parameters cell does not assign OUT_DIR" in problems
    assert "01-bad.ipynb: code cell 1 has stored outputs (strip them)" in problems
    assert any(f"hard-codes the review label {label!r}" in x or f"hard-codes the critic name {label!r}" in x
               for x in problems)
    assert f"01-bad.ipynb: code cell 1 hard-codes the scene id {scene!r}" in problems


def test_lint_passes_a_clean_notebook(tmp_path, bv_corpus):
    p = _write_nb(tmp_path / "01-ok.ipynb", ['FILM = "blue-valentine"\nOUT_DIR = None', "x = FILM"])
    assert lint_notebook(p, bv_corpus) == []


def test_run_notebooks_runs_all_reports_failures_and_injects_parameters(tmp_path, second_film):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    _write_nb(nbs / "01-write.ipynb", [
        'FILM = "blue-valentine"\nOUT_DIR = None',
        "import pathlib\npathlib.Path(OUT_DIR, 'film.txt').write_text(pathlib.Path(FILM).name)",
    ])
    _write_nb(nbs / "02-fail.ipynb", ['FILM = "x"\nOUT_DIR = None', "raise ValueError('boom')"])
    _write_nb(nbs / "03-after.ipynb", ['FILM = "x"\nOUT_DIR = None',
                                       "import pathlib\npathlib.Path(OUT_DIR, 'after.txt').write_text('ran')"])
    out = tmp_path / "out"
    with pytest.raises(RunbookError) as err:
        run_notebooks(second_film, out, notebooks_dir=nbs, executed_dir=tmp_path / "exe")
    runs = err.value.runs
    assert [r.notebook for r in runs] == ["01-write", "02-fail", "03-after"]
    assert [r.ok for r in runs] == [True, False, True]  # a failure does not stop the suite
    assert "02-fail: cell" in str(err.value) and "ValueError: boom" in str(err.value)
    assert (out / "film.txt").read_text() == second_film.name
    assert (out / "after.txt").read_text() == "ran"
    assert all(isinstance(r, NotebookRun) and r.output.is_file() for r in runs)


def test_run_notebooks_names_a_missing_notebook(tmp_path, second_film):
    with pytest.raises(FileNotFoundError, match="notebook not found: 99-nope"):
        run_notebooks(second_film, tmp_path, ["99-nope"], executed_dir=tmp_path / "exe")


def test_run_notebooks_names_a_missing_film(tmp_path):
    with pytest.raises(FileNotFoundError, match="film folder not found"):
        run_notebooks(tmp_path / "no-such-film", tmp_path, executed_dir=tmp_path / "exe")


def test_suite_is_in_name_order():
    assert NOTEBOOKS == sorted(NOTEBOOKS) and all(p.parent == NOTEBOOKS_DIR for p in NOTEBOOKS)


def test_cli_runs_chosen_notebooks(second_film, tmp_path, capsys):
    from criticlens.cli.main import main

    code = main(["notebooks", str(second_film), "--out", str(tmp_path / "out"),
                 "--notebooks", "00-tour", "--executed-dir", str(tmp_path / "exe")])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "ok     00-tour" in out and "1 of 1 notebooks ran on" in out
    assert (tmp_path / "exe" / "00-tour.ipynb").is_file()


def test_module_entry_point_reports_a_missing_film(tmp_path, capsys):
    from criticlens.cli.teach import main

    assert main([str(tmp_path / "nope")]) == 2
    assert "film folder not found" in capsys.readouterr().err
