"""Shared fixtures: the bundled corpus (loaded once), headless matplotlib, figures closed."""
from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from criticlens.paths import BUNDLED_FILM  # noqa: E402


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
