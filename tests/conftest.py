"""Shared fixtures: the bundled corpus (loaded once), a second film, headless matplotlib, figures
closed.

The tests mirror the package (tests/corpus, tests/sentiment, ...); cross-cutting tests (properties,
the malformed-corpus catalogue, security, determinism, docs, notebooks, browser, architecture)
stay at the top. This folder is on ``sys.path`` (pytest puts a conftest's folder there), so every
test can ``import second_film``."""
from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
# Tests write only into temporary folders (issue 17.17): the derived-frame cache and the
# executed-notebook folder default to .cache/ inside the project, so point them at a fresh
# temporary folder before criticlens.paths is imported (subprocesses inherit it).
if "CRITICLENS_CACHE" not in os.environ or os.environ["CRITICLENS_CACHE"].startswith(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__)))):
    import tempfile

    os.environ["CRITICLENS_CACHE"] = tempfile.mkdtemp(prefix="criticlens-test-cache-")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from criticlens.paths import BUNDLED_FILM  # noqa: E402
from second_film import write_second_film  # noqa: E402


@pytest.fixture(scope="session")
def bv_corpus():
    """The bundled Blue Valentine corpus, loaded once per test session."""
    import criticlens

    return criticlens.load_film(BUNDLED_FILM)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def hang_detector():
    """``with hang_detector(seconds):`` fails the test (instead of hanging the suite) if the block
    is still running after minutes. A hang detector, never a speed assertion."""
    import signal
    from contextlib import contextmanager

    @contextmanager
    def detect(seconds: int = 120):
        def boom(signum, frame):  # pragma: no cover - only on a hang
            raise AssertionError(f"still running after {seconds} s: it hung")
        old = signal.signal(signal.SIGALRM, boom)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)
    return detect


@pytest.fixture(scope="session")
def second_film(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The second film folder (:mod:`second_film`: *Brief Encounter*, four hand-written reviews),
    written once per session into a temporary directory."""
    return write_second_film(tmp_path_factory.mktemp("films"))
