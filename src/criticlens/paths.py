"""The one module that owns paths.

Everything is derived once from this file's location: ``src/criticlens/paths.py`` sits two
levels below the project root. Functions elsewhere take paths as parameters; they use these
only as defaults.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
PROJECT_ROOT: Path = PACKAGE_DIR.parent.parent
DATA_DIR: Path = PROJECT_ROOT / "data"
FILMS_DIR: Path = DATA_DIR / "films"
FIGURES_DIR: Path = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
#: Derived frames are cached here (outside git); override with CRITICLENS_CACHE.
CACHE_DIR: Path = Path(os.environ.get("CRITICLENS_CACHE", PROJECT_ROOT / ".cache" / "criticlens"))
PACKAGE_DATA_DIR: Path = PACKAGE_DIR / "data"
STYLES_DIR: Path = PACKAGE_DIR / "styles"
BUNDLED_FILM_SLUG = "blue-valentine"
BUNDLED_FILM: Path = FILMS_DIR / BUNDLED_FILM_SLUG


def resolve_film(film: str | os.PathLike[str]) -> Path:
    """Return the folder of a film given a path or a slug under ``data/films``.

    An existing directory wins; otherwise ``FILMS_DIR / film``. Raises ``FileNotFoundError``
    naming both places tried.
    """
    p = Path(film)
    if p.is_dir():
        return p
    cand = FILMS_DIR / str(film)
    if cand.is_dir():
        return cand
    raise FileNotFoundError(f"film folder not found: {film!s} (also tried {cand})")


def figures_dir_for(film_dir: str | os.PathLike[str]) -> Path:
    """Default export folder for a film: ``figures/<slug>``.

    A film folder elsewhere that has the same name as a bundled film (``/elsewhere/blue-valentine``)
    must not write into the bundled film's committed figures: it gets
    ``figures/<slug>-<8 hex digits of its resolved path>`` instead.
    """
    import hashlib

    folder = Path(film_dir).resolve()
    bundled = FILMS_DIR / folder.name
    if bundled.is_dir() and bundled.resolve() != folder:
        tag = hashlib.sha256(str(folder).encode("utf-8", "surrogatepass")).hexdigest()[:8]
        return FIGURES_DIR / f"{folder.name}-{tag}"
    return FIGURES_DIR / folder.name
