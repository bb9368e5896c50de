"""Lazy public names for ``criticlens`` and its subpackages (PEP 562).

A package lists its public names in ``_EXPORTS`` (name -> ``"module"`` or ``"module:attribute"``)
and gets ``__getattr__``/``__dir__``/``__all__`` from :func:`lazy_exports`: a name's module is
imported the first time the name is used, so importing a package stays cheap (the command line's
parser imports no analysis) and a name never costs more than its own module.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(package: str, exports: Mapping[str, str], namespace: dict[str, Any],
                 extra: tuple[str, ...] = ()) -> tuple[Callable[[str], Any], Callable[[], list[str]], list[str]]:
    """``(__getattr__, __dir__, __all__)`` for ``package`` exporting ``exports`` lazily.

    ``namespace`` is the package's ``globals()``: a resolved name is stored there, so it is looked
    up once. ``extra`` names (such as ``__version__``) are defined in the package itself.
    """
    names = sorted(exports) + list(extra)

    def __getattr__(name: str) -> Any:
        try:
            target = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        module, _, attr = target.partition(":")
        value = getattr(importlib.import_module(module), attr or name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return names

    return __getattr__, __dir__, names
