"""Fast start: ``criticlens --help`` and ``criticlens validate`` load only what they need.

Checked from a fresh interpreter's ``sys.modules`` (never a timing): building the parser
imports no analysis, and validating a film imports the loader but neither matplotlib nor a
sentiment engine.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from criticlens.paths import BUNDLED_FILM

#: Modules a command that draws nothing and scores nothing must not import.
HEAVY = ("matplotlib", "pandas.plotting._matplotlib", "vaderSentiment", "textblob",
         "criticlens.sentiment._fast", "criticlens.sentiment.engines", "criticlens.viz",
         "dask", "papermill", "ipywidgets")  # (pyarrow: pandas imports it itself when installed)

_PROBE = r"""
import contextlib, io, json, sys
from criticlens.cli.main import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    try:
        code = main(sys.argv[1:])
    except SystemExit as exc:
        code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def loaded_by(*argv: str) -> tuple[int, set[str]]:
    proc = subprocess.run([sys.executable, "-c", _PROBE, *argv], capture_output=True, text=True,
                          timeout=300, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    return out["code"], set(out["modules"])


@pytest.mark.parametrize("argv", [["--help"], ["validate", str(BUNDLED_FILM)]],
                         ids=["help", "validate"])
def test_command_imports_no_plotting_and_no_engine(argv):
    code, mods = loaded_by(*argv)
    assert code == 0
    assert "criticlens.cli.main" in mods  # the probe really ran the command line
    heavy = sorted(m for m in mods if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert heavy == []


def test_help_does_not_even_import_pandas():
    """Building the parser needs no frame library: each command imports its analysis when run."""
    code, mods = loaded_by("--help")
    assert code == 0
    assert "pandas" not in mods and "criticlens.corpus.load" not in mods


def test_validate_does_load_the_corpus():
    code, mods = loaded_by("validate", str(BUNDLED_FILM))
    assert code == 0 and "criticlens.corpus.load" in mods and "pandas" in mods


def test_default_engines_option_matches_the_engines_module():
    """``--engines`` is spelt out in the CLI (to keep the parser cheap); it must not drift."""
    from criticlens.cli.sentiment import DEFAULT_ENGINES_OPTION
    from criticlens.sentiment.engines import DEFAULT_ENGINES

    assert DEFAULT_ENGINES_OPTION == ",".join(DEFAULT_ENGINES)
