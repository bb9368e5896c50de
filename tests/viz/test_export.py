"""The export round trip: every format exists and parses, the CSV is the plotted data, a second
export in a separate process is byte-identical, and names cannot escape the output folder."""
from __future__ import annotations

import hashlib
import io
import struct
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from criticlens.viz.export import (
    FORMATS,
    PNG_DPI,
    FigureSpec,
    output_path,
    safe_name,
    save_figure,
    save_spec,
    slugify,
)
from criticlens.viz.style import style_context

DATA = pd.DataFrame({"critic": ["Ann", "Ann", "Bo"], "position": [0.1, 0.9, 0.5],
                     "score": [0.25, -0.5, 0.125]})


def _figure(data: pd.DataFrame):
    with style_context():
        fig, ax = plt.subplots(figsize=(4, 3))
        for critic, g in data.groupby("critic", sort=False):
            ax.plot(g["position"], g["score"], marker="o", label=critic)
        ax.set_title("Scores – ‘curly’ quotes")
        ax.legend()
    return fig, ax


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert head[12:16] == b"IHDR"
    return struct.unpack(">II", head[16:24])


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_round_trip_every_format_parses(tmp_path):
    fig, _ = _figure(DATA)
    written = save_figure(fig, "scores", out_dir=tmp_path, data=DATA,
                          alt_text="Scores of two critics; highest 0.25 (Ann).",
                          caption="Two critics.")
    assert set(written) == set(FORMATS) | {"csv", "alt"}
    # PNG: signature, and a pixel size consistent with 300 dpi of a 4 x 3 in figure
    # (bbox "tight" trims the canvas, so it is at most 1200 x 900 and well above 100 dpi).
    w, h = _png_size(written["png"])
    assert PNG_DPI == 300
    assert 600 < w <= 4 * PNG_DPI and 450 < h <= 3 * PNG_DPI
    # SVG: well-formed XML with an <svg> root, text kept as text
    root = ET.parse(written["svg"]).getroot()
    assert root.tag.endswith("svg")
    assert "Scores" in written["svg"].read_text(encoding="utf-8")
    # PDF: header, TrueType fonts embedded (FontFile2), no Type 3 / Type 1 fonts
    pdf = written["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert b"/FontFile2" in pdf
    assert b"/Subtype /Type3" not in pdf and b"/FontFile3" not in pdf
    # the CSV is the plotted data, exactly
    back = pd.read_csv(written["csv"])
    pd.testing.assert_frame_equal(back, DATA, check_dtype=False)
    # the alt text file carries the caption, then the alt text
    alt = written["alt"].read_text(encoding="utf-8")
    assert alt == "Caption: Two critics.\n\nScores of two critics; highest 0.25 (Ann).\n"


def test_csv_equals_the_plotted_line_data(tmp_path):
    fig, ax = _figure(DATA)
    written = save_figure(fig, "lines", out_dir=tmp_path, data=DATA, alt_text="x")
    back = pd.read_csv(written["csv"])
    for line, (critic, g) in zip(ax.get_lines(), back.groupby("critic", sort=False)):
        assert line.get_label() == critic
        assert list(line.get_xdata()) == list(g["position"])
        assert list(line.get_ydata()) == list(g["score"])


def test_save_spec_closes_its_figure(tmp_path):
    fig, _ = _figure(DATA)
    spec = FigureSpec("spec-one", fig, DATA, "alt text", "caption")
    save_spec(spec, tmp_path, formats=("png",))
    assert not plt.fignum_exists(fig.number)
    assert (tmp_path / "spec-one.png").is_file()


@pytest.mark.parametrize("bad", ["../escape", "..", "a/b", "/abs", "x/../../y", "", ".hidden",
                                 "a\\b", "name with space"])
def test_unsafe_names_are_rejected(tmp_path, bad):
    fig, _ = _figure(DATA)
    with pytest.raises(ValueError):
        save_figure(fig, bad, out_dir=tmp_path / "out", data=DATA, alt_text="x")
    # nothing was written outside (or inside) the output folder
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("raw, expected", [
    ("../../etc/passwd", "etc-passwd"),
    ("ukulele scene", "ukulele-scene"),
    ("..", "unnamed"),
    ("Kyle Smith", "Kyle-Smith"),
])
def test_slugify_makes_safe_names(raw, expected):
    assert slugify(raw) == expected
    assert safe_name(slugify(raw)) == expected


def test_output_path_refuses_escape(tmp_path):
    assert output_path(tmp_path, "a.png") == (tmp_path / "a.png").resolve()
    for bad in ("../a.png", "sub/../../a.png", "/tmp/a.png"):
        with pytest.raises(ValueError):
            output_path(tmp_path, bad)


def test_bad_data_and_missing_alt_text_are_errors(tmp_path):
    fig, _ = _figure(DATA)
    with pytest.raises(TypeError):
        save_figure(fig, "x", out_dir=tmp_path, data=[1, 2], alt_text="x")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="alt text"):
        save_figure(fig, "x", out_dir=tmp_path, data=DATA, alt_text="  ")
    with pytest.raises(ValueError, match="unsupported format"):
        save_figure(fig, "x", out_dir=tmp_path, data=DATA, alt_text="x", formats=("eps",))


_SCRIPT = textwrap.dedent("""
    import sys
    import matplotlib
    matplotlib.use("Agg")
    sys.path.insert(0, {tests!r})
    import pandas as pd
    from test_export import DATA, _figure
    from criticlens.viz.export import save_figure
    fig, _ = _figure(DATA)
    save_figure(fig, "repro", out_dir=sys.argv[1], data=DATA, alt_text="alt", caption="cap")
""")


def test_two_runs_in_separate_processes_are_byte_identical(tmp_path):
    script = tmp_path / "run.py"
    script.write_text(_SCRIPT.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    outs = []
    for i in (1, 2):
        out = tmp_path / f"run{i}"
        subprocess.run([sys.executable, str(script), str(out)], check=True,
                       env={"PATH": "", "MPLBACKEND": "Agg", "HOME": str(tmp_path)})
        outs.append(out)
    names = sorted(p.name for p in outs[0].iterdir())
    assert names == sorted(p.name for p in outs[1].iterdir())
    assert len(names) == 5
    for n in names:
        assert _sha(outs[0] / n) == _sha(outs[1] / n), n


def test_export_does_not_leak_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    fig, _ = _figure(DATA)
    save_figure(fig, "x", out_dir=tmp_path, data=DATA, alt_text="x", formats=("svg",))
    import os

    assert "SOURCE_DATE_EPOCH" not in os.environ
    buf = io.StringIO((tmp_path / "x.svg").read_text(encoding="utf-8"))
    assert "<dc:date>" not in buf.getvalue()
