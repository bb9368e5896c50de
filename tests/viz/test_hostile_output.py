"""Issue 17 items 8-12: what criticlens writes for people is safe to open and never half-written.

- 8: a critic named ``=HYPERLINK(...)`` (or ``+``, ``-``, ``@``, tab, CR) never lands as a cell a
  spreadsheet would run, in any CSV written for people (figure data, ``--format csv --out``,
  ``table --out``);
- 9: labels are unique by construction ("Ann", "Ann", "Ann (001)");
- 10: a film folder elsewhere named like a bundled film never writes into its figures;
- 11: files are written under a temporary name and renamed; index.md is written last;
- 12: titles with newlines or HTML are escaped in index.md; names with a trailing newline refused.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from criticlens.viz import export

HOSTILE = ['=HYPERLINK("http://evil.example/","click")', "+1+2", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturn"]
REVIEW = ("{name} on the film. The acting is strong, and the ending lands with real force. "
          "A fine film about a marriage, though the middle sags. I would see it again.\n")


def hostile_film(root: Path, names: list[str] = HOSTILE, title: str = "Test Film") -> Path:
    f = root / "hostile"
    (f / "reviews").mkdir(parents=True)
    (f / "film.yaml").write_text(f"title: {title!r}\nyear: 2020\n", encoding="utf-8")
    rows = []
    for i, n in enumerate(names):
        (f / "reviews" / f"r{i}.txt").write_text(REVIEW.format(name=f"Critic {i}"), encoding="utf-8")
        rows.append({"review_id": f"r{i}", "file": f"reviews/r{i}.txt", "critic": n})
    pd.DataFrame(rows).to_csv(f / "reviews.csv", index=False)
    return f


def _number(c: str) -> bool:
    try:
        float(c)
    except ValueError:
        return False
    return True


def risky_cells(path: Path) -> list[str]:
    """Cells a spreadsheet would read as a formula (a plain number such as -0.27 is a number)."""
    with path.open(newline="", encoding="utf-8") as fh:
        return [c for row in csv.reader(fh) for c in row
                if c.startswith(export.FORMULA_PREFIXES) and not _number(c)]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=12), st.floats(allow_nan=False), st.integers()), min_size=1, max_size=8))
def test_neutralise_formulas_property(values):
    frame = pd.DataFrame({"v": pd.Series(values, dtype=object), "x": range(len(values))})
    out = export.neutralise_formulas(frame)
    for before, after in zip(values, out["v"]):
        if isinstance(before, str) and before.startswith(export.FORMULA_PREFIXES):
            assert after == "'" + before  # neutralised, nothing lost
        else:
            assert after is before or after == before  # untouched (numbers included)
    assert frame["v"].tolist() == values  # the caller's frame is not changed


def test_negative_numbers_stay_numbers():
    text = export.csv_text(pd.DataFrame({"score": [-0.5, 0.25], "critic": ["-dash", "ok"]}))
    assert text == "score,critic\n-0.5,'-dash\n0.25,ok\n"


def test_every_csv_for_people_is_neutralised(tmp_path):
    from criticlens.cli.main import main

    film = hostile_film(tmp_path)
    outs = []
    for cmd in (["sentiment"], ["arcs"], ["people"], ["scenes"]):
        out = tmp_path / f"{cmd[0]}.csv"
        assert main([*cmd, str(film), "--format", "csv", "--out", str(out)]) == 0, cmd
        outs.append(out)
    table = tmp_path / "table.csv"
    pd.DataFrame({"review_id": ["a", "b"], "film": ["F", "F"], "critic": HOSTILE[:2],
                  "text": [REVIEW.format(name="x"), REVIEW.format(name="y")]}).to_csv(tmp_path / "in.csv", index=False)
    assert main(["table", str(tmp_path / "in.csv"), "--out", str(table), "--critic", "critic"]) == 0
    outs.append(table)
    figs = tmp_path / "figs"
    from criticlens.viz.figures import run_figures

    run_figures(film, figs, topics=["arcs"], progress=False, workers=1)
    outs += sorted(figs.glob("*.csv"))
    assert len(outs) > 6
    for p in outs:
        assert risky_cells(p) == [], p
    # and the names are still there, behind a quote
    text = "".join(p.read_text(encoding="utf-8") for p in outs)
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+1+2" in text


def test_labels_are_unique_by_construction(tmp_path):
    import criticlens

    c = criticlens.load_film(hostile_film(tmp_path, ["Ann", "Ann", "Ann (r0)"]))
    labels = list(c.labels().values())
    assert labels == ["Ann (r0)", "Ann (r1)", "Ann (r0) (r2)"]
    assert len(set(labels)) == 3


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Ann", "Ann (r0)", "Ann (r1)", "Ann (r0) (r2)", "Bo", "Ann (r1, 2)"]),
                min_size=1, max_size=7))
def test_unique_labels_property(names):
    from criticlens.corpus import load

    ids = [f"r{i}" for i in range(len(names))]
    out = load._unique_labels(names, ids)
    assert len(set(out)) == len(out)
    assert all(o.startswith(n) for o, n in zip(out, names))


def test_film_elsewhere_with_a_bundled_name_gets_its_own_figures_folder(tmp_path):
    from criticlens.paths import BUNDLED_FILM, FIGURES_DIR, figures_dir_for

    other = tmp_path / BUNDLED_FILM.name
    other.mkdir()
    assert figures_dir_for(BUNDLED_FILM) == FIGURES_DIR / BUNDLED_FILM.name
    mine = figures_dir_for(other)
    assert mine != FIGURES_DIR / BUNDLED_FILM.name
    assert mine.parent == FIGURES_DIR and mine.name.startswith(BUNDLED_FILM.name + "-")
    assert figures_dir_for(tmp_path / "some-other-film") == FIGURES_DIR / "some-other-film"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("old\n")
    with pytest.raises(RuntimeError):
        with export.atomic_path(p) as tmp:
            tmp.write_text("half")
            raise RuntimeError("killed")
    assert p.read_text() == "old\n" and sorted(x.name for x in tmp_path.iterdir()) == ["x.csv"]


def test_interrupted_figures_leave_no_index_and_no_empty_file(tmp_path, monkeypatch):
    import matplotlib.figure

    from criticlens.viz.figures import INDEX_NAME, run_figures

    film = hostile_film(tmp_path, ["Ann", "Bo"])
    out = tmp_path / "figs"
    run_figures(film, out, topics=["arcs"], progress=False, workers=1)
    assert (out / INDEX_NAME).is_file()
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    real = matplotlib.figure.Figure.savefig
    calls = {"n": 0}

    def dying_savefig(self, fname, **kw):
        calls["n"] += 1
        if calls["n"] == 2:  # a SIGKILL half-way through the second file
            Path(fname).write_bytes(b"")
            raise KeyboardInterrupt
        return real(self, fname, **kw)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", dying_savefig)
    with pytest.raises(KeyboardInterrupt):
        run_figures(film, out, topics=["arcs"], progress=False, workers=1)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert INDEX_NAME not in after  # no index claiming a complete set
    assert all(v for v in after.values())  # no 0-byte file
    assert not [n for n in after if ".tmp-" in n]
    assert set(after) <= set(before)


def test_index_escapes_title_and_text(tmp_path):
    from criticlens.viz.figures import FigureRecord, write_index

    rec = FigureRecord(name="a", topic="arcs", caption="Line one\nline <b>two</b>",
                       alt_text="Alt [x](http://evil)\n# not a heading", files={"png": "a.png"})
    p = write_index([rec], tmp_path, title="Blue\n# Valentine <script>alert(1)</script>")
    text = p.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# Figures: Blue # Valentine &lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<script>" not in text and "<b>" not in text
    assert "\n# not a heading" not in text and "\\[x\\](http://evil)" in text


@pytest.mark.parametrize("name", ["abc\n", "a\nb", "abc\r", "../x", "a/b", "x\x00"])
def test_safe_name_refuses_line_breaks(name):
    with pytest.raises(ValueError, match="unsafe output name"):
        export.safe_name(name)
