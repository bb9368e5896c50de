"""Optional dependencies, installed with an extra (``pip install 'criticlens[scale]'``).

The core (loading, every analysis, figures, the command line) needs only the packages in
``pyproject.toml``'s ``dependencies``. A feature that needs an extra imports it through
:func:`require` when it runs, so ``import criticlens`` works without the extras and a missing
extra is one clear error naming what to install.
"""
from __future__ import annotations

import importlib
from types import ModuleType

#: Extras and the top-level packages each provides (see pyproject.toml).
EXTRAS: dict[str, tuple[str, ...]] = {
    "scale": ("dask", "distributed", "pyarrow"),
    "notebooks": ("papermill", "nbformat", "ipywidgets", "jupyterlab"),
}


class MissingExtra(ImportError):
    """A feature needs an optional dependency that is not installed."""


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import ``module`` (e.g. ``"dask.bag"``) for ``feature``; if its package is missing, raise
    :class:`MissingExtra` saying which extra installs it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        top = module.split(".")[0]
        if exc.name is None or exc.name.split(".")[0] != top:
            raise  # something inside the package is broken: not a missing extra
        raise MissingExtra(f"{feature} needs the optional package {top!r}: "
                           f"pip install 'criticlens[{extra}]'") from exc
