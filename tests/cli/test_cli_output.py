"""Where a command's output goes and what it looks like: --out and its format, pipes, progress,
help texts, the crux table and the kwic label column (issue 16, items 13 and 14)."""
from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest

from criticlens import progress
from criticlens.cli.main import build_parser, main
from criticlens.paths import BUNDLED_FILM

FILM = str(BUNDLED_FILM)


def test_out_with_csv_extension_writes_csv(tmp_path, capsys):
    target = tmp_path / "terms.csv"
    assert main(["keyness", FILM, "-n", "2", "--out", str(target)]) == 0
    assert capsys.readouterr().out == ""
    df = pd.read_csv(target)
    assert list(df.columns[:3]) == ["critic", "other", "term"] and len(df) == 6


def test_explicit_format_wins_over_the_extension(tmp_path):
    target = tmp_path / "terms.csv"
    assert main(["keyness", FILM, "-n", "2", "--format", "table", "--out", str(target)]) == 0
    assert target.read_text(encoding="utf-8").lstrip().startswith("critic")
    assert "," not in target.read_text(encoding="utf-8").splitlines()[0]


def test_kwic_out_writes_the_lines_and_prints_nothing(tmp_path, capsys):
    target = tmp_path / "love.txt"
    assert main(["kwic", FILM, "love", "--out", str(target)]) == 0
    assert capsys.readouterr().out == ""
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 3 and all("[love]" in ln.lower() for ln in lines)


def test_kwic_label_column_is_never_cut():
    from criticlens.vocab.kwic import kwic_text

    long = "A Critic With A Very Long Byline"
    frame = pd.DataFrame({"critic": [long, "Bo"], "left": ["the ", "a "], "match": ["dog", "dog"],
                          "right": [" ran", " sat"]})
    lines = kwic_text(frame, width=5).splitlines()
    assert lines[0].startswith(long + " ")
    assert lines[0].index("[dog]") == lines[1].index("[dog]")  # still aligned


def test_a_closed_pipe_is_not_an_error():
    # 468 CSV rows: more than a pipe buffer once `head` has gone
    cmd = (f"set -o pipefail; {sys.executable} -m criticlens.cli.main sentiment {FILM} "
           f"--format csv | head -1")
    res = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=300)
    assert res.stdout.startswith("review_id,sent_id")
    assert "Broken pipe" not in res.stderr and "Error" not in res.stderr, res.stderr
    assert res.returncode == 0


def test_crux_table_is_readable(capsys):
    assert main(["arcs", FILM, "--crux", "--top", "1"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(ln) for ln in lines) <= 104  # wrapped, not one 400-character row
    assert lines[0] == "Kyle Smith"
    assert any(ln.startswith("  peak 1: tone +") and "sent_id" in ln for ln in lines)
    assert "stings to the core" not in out  # an arc's end point is not a turning point


def test_arcs_says_short_reviews_once_in_one_line_with_what_to_do(tmp_path, capsys, recwarn):
    film = tmp_path / "snips"
    (film / "reviews").mkdir(parents=True)
    (film / "film.yaml").write_text("title: Snips\n", encoding="utf-8")
    (film / "reviews.csv").write_text("review_id,file\na,reviews/a.txt\nb,reviews/b.txt\n",
                                      encoding="utf-8")
    (film / "reviews" / "a.txt").write_text("A lovely film.\n", encoding="utf-8")
    (film / "reviews" / "b.txt").write_text("Dull and long. The plot drags.\n", encoding="utf-8")
    assert main(["arcs", str(film), "--format", "csv"]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["criticlens arcs: 2 review(s) have fewer than the 5 sentences the dct smoother "
                   "needs: a (1), b (2); their arcs are drawn with the rolling mean instead (the "
                   "'smoother' column says which). --smoother rolling draws every review alike; "
                   "--on-short raise stops instead."]
    assert not [w for w in recwarn if issubclass(w.category, UserWarning)]


def test_help_texts():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")  # noqa: SLF001 (argparse API)
    for cmd, dest in (("summary", "film_dir"), ("keyness", "method"), ("keyness", "mode"),
                      ("keyness", "format"), ("kwic", "out")):
        action = next(a for a in sub.choices[cmd]._actions if a.dest == dest)
        assert action.help and len(action.help) > 10, (cmd, dest)


def test_progress_is_off_when_nobody_watches(monkeypatch):
    monkeypatch.delenv("CRITICLENS_PROGRESS", raising=False)
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a pipe or a log, not a terminal
    monkeypatch.setitem(sys.modules, "ipykernel", None)
    monkeypatch.delitem(sys.modules, "ipykernel")
    assert progress.enabled() is False
    monkeypatch.setenv("CRITICLENS_PROGRESS", "1")
    assert progress.enabled() is True
    monkeypatch.setenv("CRITICLENS_PROGRESS", "0")
    assert progress.enabled() is False
    assert progress.enabled(True) is True


def test_progress_is_on_in_a_terminal(monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.delenv("CRITICLENS_PROGRESS", raising=False)
    monkeypatch.setattr(sys, "stderr", Tty())
    assert progress.enabled() is True


@pytest.mark.parametrize("fmt, out, default, want", [
    (None, None, "table", "table"), (None, "x.csv", "table", "csv"), (None, "x.CSV", "lines", "csv"),
    (None, "x.txt", "lines", "lines"), ("table", "x.csv", "table", "table")])
def test_output_format(fmt, out, default, want):
    from criticlens.cli.common import output_format

    assert output_format(fmt, out, default) == want
