"""Errors a person can act on: every CLI error on bad input is ONE line saying what and where,
has no traceback unless ``--debug``, and exits with a distinct code from ``cli.EXIT_CODES``.

The commands are run as a user runs them, in a subprocess (``python -m criticlens.cli.main``). The
commands that take a film folder are discovered from the parser, so a newly registered command
is checked for the missing-folder and broken-folder errors automatically.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from criticlens.cli import main as cli
from criticlens.paths import BUNDLED_FILM, PROJECT_ROOT

README_SECTION = PROJECT_ROOT / "docs" / "readme" / "90-reliability-and-security.md"


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "MPLBACKEND": "Agg", **(env or {})}
    return subprocess.run([sys.executable, "-m", "criticlens.cli.main", *args], capture_output=True, text=True,
                          cwd=cwd, env=full_env, timeout=600)


#: Runs many command lines in ONE subprocess (the machine is shared; each interpreter start
#: costs seconds): each is ``criticlens.cli.main.main(argv)`` with stdout/stderr captured, as a user
#: would see them. argparse's own exits (SystemExit) are caught and their code kept.
_BATCH = r"""
import contextlib, io, json, sys, warnings
import criticlens.cli.main as cli
out = []
for argv in json.load(sys.stdin):
    o, e = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(o), contextlib.redirect_stderr(e):
        try:
            code = cli.main(argv)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    out.append({"argv": argv, "code": code, "stdout": o.getvalue(), "stderr": e.getvalue()})
sys.stdout.write(json.dumps(out))
"""


def run_batch(argvs: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    proc = subprocess.run([sys.executable, "-c", _BATCH], input=json.dumps(argvs), capture_output=True,
                          text=True, timeout=900, env={**os.environ, "MPLBACKEND": "Agg"})
    assert proc.returncode == 0, proc.stderr
    return [subprocess.CompletedProcess(r["argv"], r["code"], r["stdout"], r["stderr"])
            for r in json.loads(proc.stdout)]


def stderr_lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    return [ln for ln in proc.stderr.splitlines() if ln.strip()]


def assert_one_line_error(proc, code: int, *fragments: str) -> str:
    """Exit ``code``; stderr is exactly one line, containing every fragment; no traceback."""
    lines = stderr_lines(proc)
    assert proc.returncode == code, f"exit {proc.returncode}, wanted {code}; stderr:\n{proc.stderr}"
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert len(lines) == 1, f"wanted one line on stderr, got {len(lines)}:\n{proc.stderr}"
    for frag in fragments:
        assert frag in lines[0], f"{frag!r} not in {lines[0]!r}"
    return lines[0]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _positionals(p: argparse.ArgumentParser) -> list[str]:
    return [a.dest for a in p._actions if not a.option_strings]


SUBCOMMANDS = _subcommands()
FILM_COMMANDS = sorted(n for n, p in SUBCOMMANDS.items() if _positionals(p)[:1] == ["film_dir"])
PATH_COMMANDS = sorted(n for n, p in SUBCOMMANDS.items() if _positionals(p)[:1] in (["film_dir"], ["path"]))


def _argv(command: str, folder: Path) -> list[str]:
    """``command FOLDER`` plus a plain word for any further positional (a KWIC pattern, say)."""
    return [command, str(folder)] + ["love"] * (len(_positionals(SUBCOMMANDS[command])) - 1)


def _write_broken(root: Path) -> Path:
    """A film folder whose film.yaml is invalid YAML at line 3."""
    folder = root / "broken"
    (folder / "reviews").mkdir(parents=True)
    (folder / "film.yaml").write_text("title: Broken\ncast: [Ryan Gosling\nyear: 2010\n", encoding="utf-8")
    (folder / "reviews.csv").write_text("review_id,file\na,reviews/a.txt\n", encoding="utf-8")
    (folder / "reviews" / "a.txt").write_text("A fine film. It lands.\n", encoding="utf-8")
    return folder


def _argv_for(command: str, folder: Path, out: Path) -> list[str]:
    """Like :func:`_argv`; a command whose output defaults to a folder in the repository
    (``figures``: ``figures/<slug>``) is pointed at ``out`` instead."""
    argv = _argv(command, folder)
    if command == "figures":
        argv += ["--out", str(out / command), "--no-progress"]
    return argv


@pytest.fixture
def broken_film(tmp_path: Path) -> Path:
    return _write_broken(tmp_path)


# ---------------------------------------------------------------------------------------------
# the exit codes themselves


def test_exit_codes_are_distinct_and_documented():
    codes = cli.EXIT_CODES
    assert len(set(codes)) == len(codes) and len(set(codes.values())) == len(codes)
    assert {cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_NOT_FOUND, cli.EXIT_EXISTS,
            cli.EXIT_UNSAFE, cli.EXIT_IO, cli.EXIT_INTERNAL} == set(codes)
    # the README table lists exactly these codes
    text = README_SECTION.read_text(encoding="utf-8")
    table = re.findall(r"^\|\s*`?(\d+)`?\s*\|", text, flags=re.MULTILINE)
    assert sorted(int(c) for c in table) == sorted(codes)


def test_film_commands_are_discovered():
    assert {"validate", "summary"} <= set(FILM_COMMANDS)


# ---------------------------------------------------------------------------------------------
# every command that takes a film folder (or a table path)


@pytest.fixture(scope="module")
def generic_runs(tmp_path_factory) -> dict[tuple[str, str], subprocess.CompletedProcess[str]]:
    """Every film/path command on a missing folder and on a broken film.yaml, in one subprocess."""
    root = tmp_path_factory.mktemp("cli")
    broken = _write_broken(root)
    argvs = [_argv_for(c, root / "no-such-film", root / "out") for c in PATH_COMMANDS]
    argvs += [_argv_for(c, broken, root / "out") for c in FILM_COMMANDS]
    results = run_batch(argvs)
    return {(r.args[0], "missing" if r.args[1].endswith("no-such-film") else "broken"): r for r in results}


@pytest.mark.parametrize("command", PATH_COMMANDS)
def test_missing_folder_is_one_line_exit_3(command, generic_runs):
    proc = generic_runs[(command, "missing")]
    assert_one_line_error(proc, cli.EXIT_NOT_FOUND, f"criticlens {command}: error:", "no-such-film")
    assert proc.stdout == ""


@pytest.mark.parametrize("command", [c for c in FILM_COMMANDS if c != "validate"])
def test_broken_film_yaml_is_one_line_naming_file_and_line(command, generic_runs):
    proc = generic_runs[(command, "broken")]
    assert_one_line_error(proc, cli.EXIT_INVALID, f"criticlens {command}: error:", "film.yaml",
                          "invalid YAML at line 3")


def test_python_dash_m_gives_the_same_one_line_error(tmp_path):
    """``python -m criticlens.cli.main`` (the module run as __main__) maps a subcommand's CLIError too."""
    command = next(c for c in FILM_COMMANDS if c not in ("validate", "summary"))
    proc = run(*_argv(command, tmp_path / "no-such-film"))
    assert_one_line_error(proc, cli.EXIT_NOT_FOUND, f"criticlens {command}: error:", "film folder not found")


def test_validate_prints_the_report_and_exits_1(broken_film):
    proc = run("validate", str(broken_film))
    assert proc.returncode == cli.EXIT_INVALID and proc.stderr == ""
    assert "ERROR" in proc.stdout and "film.yaml" in proc.stdout and "line 3" in proc.stdout
    assert "Traceback" not in proc.stdout


# ---------------------------------------------------------------------------------------------
# the other errors, one by one


USAGE_CASES = {
    "unknown-command": (["frobnicate"], ["criticlens: error:", "invalid choice: 'frobnicate'", "criticlens --help"]),
    "missing-argument": (["summary"], ["criticlens summary: error:", "required: film_dir", "criticlens summary --help"]),
    "missing-slug": (["new-film"], ["criticlens new-film: error:", "required: slug"]),
    "unknown-flag": (["--no-such-flag", "validate", "x"], ["unrecognized arguments: --no-such-flag"]),
}
FORMAT_COMMANDS = sorted(c for c, p in SUBCOMMANDS.items()
                         if any(a.dest == "format" and a.choices for a in p._actions))
UNSAFE_SLUGS = ["../evil", "Has Spaces", "/abs/path", ""]
OUT_COMMANDS = [c for c in ("scenes", "quotes", "people") if c in SUBCOMMANDS]


@pytest.fixture(scope="module")
def misc_runs(tmp_path_factory):
    """Usage errors, bad choices, unsafe slugs, an existing folder, unwritable outputs: one subprocess."""
    root = tmp_path_factory.mktemp("misc")
    films = root / "films"
    films.mkdir()
    (films / "taken").mkdir()
    (films / "taken" / "film.yaml").write_text("title: Mine\n", encoding="utf-8")
    keys, argvs = [], []
    for key, (args, _f) in USAGE_CASES.items():
        keys.append(("usage", key)); argvs.append(args)
    for c in FORMAT_COMMANDS:
        keys.append(("format", c)); argvs.append([c, str(BUNDLED_FILM), "--format", "xml"])
    for slug in UNSAFE_SLUGS:
        keys.append(("slug", slug)); argvs.append(["new-film", slug, "--films-dir", str(films)])
    keys.append(("exists", "taken")); argvs.append(["new-film", "taken", "--films-dir", str(films)])
    for c in OUT_COMMANDS:
        keys.append(("out", c))
        argvs.append([c, str(BUNDLED_FILM), "--format", "csv", "--out", str(root / "no" / "such" / f"{c}.csv")])
    return root, dict(zip(keys, run_batch(argvs), strict=True))


@pytest.mark.parametrize("key", list(USAGE_CASES))
def test_usage_errors_are_one_line_exit_2(key, misc_runs):
    _root, runs = misc_runs
    assert_one_line_error(runs[("usage", key)], cli.EXIT_USAGE, *USAGE_CASES[key][1])


@pytest.mark.parametrize("command", FORMAT_COMMANDS)
def test_bad_choice_is_one_line_exit_2(command, misc_runs):
    _root, runs = misc_runs
    assert_one_line_error(runs[("format", command)], cli.EXIT_USAGE, "--format", "invalid choice: 'xml'")


@pytest.mark.parametrize("slug", UNSAFE_SLUGS)
def test_new_film_unsafe_slug_exit_5(slug, misc_runs):
    root, runs = misc_runs
    assert_one_line_error(runs[("slug", slug)], cli.EXIT_UNSAFE, "invalid slug")
    assert sorted(p.name for p in (root / "films").iterdir()) == ["taken"]  # nothing created
    assert not (root / "evil").exists()


def test_new_film_existing_folder_exit_4(misc_runs):
    root, runs = misc_runs
    assert_one_line_error(runs[("exists", "taken")], cli.EXIT_EXISTS, "already exists", "taken")
    assert (root / "films" / "taken" / "film.yaml").read_text(encoding="utf-8") == "title: Mine\n"


@pytest.mark.parametrize("command", OUT_COMMANDS)
def test_output_into_missing_folder_exit_6(command, misc_runs):
    root, runs = misc_runs
    target = root / "no" / "such" / f"{command}.csv"
    assert_one_line_error(runs[("out", command)], cli.EXIT_IO, str(target), "No such file or directory")


def test_unexpected_bug_is_one_line_exit_70_and_debug_shows_traceback(tmp_path):
    """A bug (here: a summary that raises) still gives one line, exit 70, and a hint to --debug."""
    code = ("import sys, criticlens.cli.main as c, criticlens.cli.corpus as cc\n"
            "def boom(args): raise RuntimeError('kaboom\\nsecond line')\n"
            "cc.cmd_summary = boom\n"
            "sys.exit(c.main(sys.argv[1:]))\n")
    base = [sys.executable, "-c", code]
    proc = subprocess.run([*base, "summary", str(BUNDLED_FILM)], capture_output=True, text=True, timeout=300)
    # build_parser binds cmd_summary at parse time, so the patched function is the one called
    line = assert_one_line_error(proc, cli.EXIT_INTERNAL, "internal error: RuntimeError: kaboom second line",
                                 "--debug")
    assert line.startswith("criticlens summary:")
    dbg = subprocess.run([*base, "--debug", "summary", str(BUNDLED_FILM)], capture_output=True, text=True,
                         timeout=300)
    assert dbg.returncode != 0 and "Traceback" in dbg.stderr and "RuntimeError: kaboom" in dbg.stderr


def test_debug_shows_the_traceback_of_a_user_error(tmp_path):
    proc = run("--debug", "summary", str(tmp_path / "missing"))
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "film folder not found" in proc.stderr


def test_success_is_exit_0_and_quiet_on_stderr():
    proc = run("validate", str(BUNDLED_FILM))
    assert proc.returncode == cli.EXIT_OK and stderr_lines(proc) == []
    assert "3 reviews in, 3 loaded, 0 rejected" in proc.stdout


#: Commands that still fail these generic checks, with the reason (reported to their owners).
#: Strict xfails: once a command is fixed its entry must go.
KNOWN_ONE_REVIEW: dict[str, str] = {}
KNOWN_EMPTY: dict[str, str] = {}


def _write_small_film(root: Path, name: str, texts: dict[str, bytes]) -> Path:
    folder = root / name
    (folder / "reviews").mkdir(parents=True)
    (folder / "film.yaml").write_text(f"title: {name.title()}\n", encoding="utf-8")
    rows = "".join(f"{rid},reviews/{rid}.txt\n" for rid in texts)
    (folder / "reviews.csv").write_text("review_id,file\n" + rows, encoding="utf-8")
    for rid, data in texts.items():
        (folder / "reviews" / f"{rid}.txt").write_bytes(data)
    return folder




@pytest.fixture(scope="module")
def small_film_runs(tmp_path_factory):
    """Every film command on a film with one review and on a film whose only review is empty."""
    root = tmp_path_factory.mktemp("small")
    one = _write_small_film(root, "one", {"a": b"A fine film. It lands. I liked it a lot, and so will you.\n"})
    empty = _write_small_film(root, "empty", {"a": b""})
    commands = [c for c in FILM_COMMANDS if c != "validate"]
    argvs = [_argv_for(c, one, root / "out-one") for c in commands]
    argvs += [_argv_for(c, empty, root / "out-empty") for c in commands]
    results = run_batch(argvs)
    n = len(commands)
    return dict(zip(commands, results[:n], strict=True)), dict(zip(commands, results[n:], strict=True))


def _marked(commands, known):
    return [pytest.param(c, marks=pytest.mark.xfail(strict=True, reason=known[c])) if c in known else c
            for c in commands]


@pytest.mark.parametrize("command", _marked([c for c in FILM_COMMANDS if c != "validate"], KNOWN_ONE_REVIEW))
def test_one_review_film_never_crashes_a_command(command, small_film_runs):
    """One critic is a legal corpus: each command works or says in one line why it cannot."""
    proc = small_film_runs[0][command]
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode in (cli.EXIT_OK, cli.EXIT_INVALID), proc.stderr
    if proc.returncode != cli.EXIT_OK:
        assert len(stderr_lines(proc)) == 1, proc.stderr


#: ``add`` is how reviews get into a folder that has none yet: an empty folder is its normal input.
@pytest.mark.parametrize("command", _marked([c for c in FILM_COMMANDS if c not in ("validate", "add")], KNOWN_EMPTY))
def test_film_with_no_loadable_review_is_one_line_exit_1(command, small_film_runs):
    """Every review rejected: commands refuse in one line and point at the report, not an empty table."""
    proc = small_film_runs[1][command]
    assert_one_line_error(proc, cli.EXIT_INVALID, "no review could be loaded", "criticlens validate")


# ---------------------------------------------------------------------------------------------
# validate on every folder of the malformed-corpus catalogue


def test_validate_on_every_catalogue_folder(tmp_path):
    """``criticlens validate`` on each messy folder: exit 0 when the report has no errors, else 1;
    never a traceback; the report names every error's file and gives the review accounting."""
    from test_catalogue import CASES

    folders, cases = [], []
    for case in CASES:
        if case.id.startswith("symlink") and not hasattr(os, "symlink"):
            continue
        (tmp_path / case.id).mkdir()
        folders.append(case.build(tmp_path / case.id))
        cases.append(case)
    results = run_batch([["validate", str(f)] for f in folders])
    for case, proc in zip(cases, results, strict=True):
        has_error = any(level == "error" for level, *_ in case.expect)
        assert proc.returncode == (cli.EXIT_INVALID if has_error else cli.EXIT_OK), (case.id, proc.stdout)
        assert "Traceback" not in proc.stdout + proc.stderr and proc.stderr == "", case.id
        head, *lines = proc.stdout.splitlines()
        assert head.startswith("load report for ") and " reviews in, " in head, case.id
        for level, code, _frag, where in case.expect:
            assert any(f"[{code}]" in ln and ln.strip().startswith(level.upper()) for ln in lines), (case.id, code)
        assert len(lines) == len([1 for ln in lines if ln.startswith("  ")])  # one line per item
