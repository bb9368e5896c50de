"""Issue 17 items 5 and 13: limits and odd files give a named error or warning, never exit 70."""
from __future__ import annotations

import gzip
import os
import zipfile
from pathlib import Path

import pytest

import criticlens
from criticlens.cli.main import main
from criticlens.corpus import load, table

GOOD = "A fine film about a marriage. The acting is strong, and the ending lands with real force.\n"


def film(root: Path, extra_rows: str = "") -> Path:
    f = root / "film"
    (f / "reviews").mkdir(parents=True)
    (f / "film.yaml").write_text("title: T\n", encoding="utf-8")
    (f / "reviews" / "a.txt").write_text(GOOD, encoding="utf-8")
    (f / "reviews.csv").write_text("review_id,file\na,reviews/a.txt\n" + extra_rows, encoding="utf-8")
    return f


def test_unlisted_file_with_a_non_utf8_name(tmp_path, capsys):
    f = film(tmp_path)
    open(os.path.join(os.fsencode(f / "reviews"), b"caf\xe9.txt"), "wb").write(b"Bytes.")
    assert main(["summary", str(f)]) == 0
    c = criticlens.load_film(f)
    (msg,) = c.report.items.query("code == 'file_unlisted'")["message"]
    assert "reviews/caf\\xe9.txt" in msg  # the undecodable byte shown, not a crash
    capsys.readouterr()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_listed_as_a_review_is_named_as_such(tmp_path):
    f = film(tmp_path, "b,reviews/b.txt\n")
    os.mkfifo(f / "reviews" / "b.txt")
    c = criticlens.load_film(f, raise_on_error=False)
    (row,) = c.report.items.query("review_id == 'b'").itertuples()
    assert row.code == "file_not_regular" and "FIFO" in row.message
    assert c.review_ids == ["a"] and c.report.n_rejected == 1


def test_table_zip_with_two_members_is_a_named_error(tmp_path, capsys):
    z = tmp_path / "t.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("a.csv", "film,text\nF,Good film.\n")
        zf.writestr("b.csv", "film,text\nF,Bad film.\n")
    assert main(["table", str(z)]) == 1
    assert "a zip must hold exactly one CSV file; it holds 2" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["kwic", "blue-valentine", "film", "--window", "-5"],
                                  ["kwic", "blue-valentine", "film", "--window", "x"],
                                  ["arcs", "blue-valentine", "--points", "1"]])
def test_bad_numbers_are_usage_errors(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and ("minimum" in err or "whole number" in err)


def test_review_over_the_size_limit_is_rejected_by_name(tmp_path, monkeypatch):
    monkeypatch.setattr(load, "MAX_REVIEW_BYTES", 1000)
    f = film(tmp_path, "big,reviews/big.txt\n")
    (f / "reviews" / "big.txt").write_text(GOOD * 20, encoding="utf-8")  # 1,800 bytes
    c = criticlens.load_film(f, raise_on_error=False)
    (row,) = c.report.items.query("review_id == 'big'").itertuples()
    assert row.code == "review_too_large" and "1,800 bytes" in row.message and "1,000" in row.message
    assert c.review_ids == ["a"]


def test_table_limits_decompressed_bytes_cells_and_cell_size(tmp_path, monkeypatch):
    bomb = tmp_path / "bomb.csv.gz"
    with gzip.open(bomb, "wb") as fh:  # 2 MB of text from a few KB
        fh.write(b"film,text\nF," + b"a" * 2_000_000 + b"\n")
    assert bomb.stat().st_size < 20_000
    monkeypatch.setattr(table, "MAX_TABLE_BYTES", 1_000_000)
    with pytest.raises(table.TableError, match="more than 1,000,000 bytes"):
        table.read_table(bomb)
    monkeypatch.setattr(table, "MAX_TABLE_BYTES", 10_000_000)
    monkeypatch.setattr(table, "MAX_REVIEW_BYTES", 1_000_000)
    report = next(x for x in table.read_table(bomb) if isinstance(x, load.LoadReport))
    (row,) = report.items.itertuples()
    assert row.code == "review_too_large" and "2,000,000 characters" in row.message
    many = tmp_path / "many.csv"
    many.write_text("film,text\n" + "F,Good.\n" * 50, encoding="utf-8")
    monkeypatch.setattr(table, "MAX_TABLE_CELLS", 40)
    with pytest.raises(table.TableError, match="100 cells; a table may have at most 40"):
        table.read_table(many)
