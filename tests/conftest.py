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
