"""``criticlens new-film SLUG``: scaffold a film folder for a user's own reviews."""
from __future__ import annotations

import os
import re
from pathlib import Path

from criticlens.paths import FILMS_DIR, PACKAGE_DIR

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
TEMPLATE = PACKAGE_DIR / "templates" / "film.yaml.template"


class FilmExistsError(FileExistsError):
    """The film folder already exists; new-film never overwrites."""


def new_film(slug: str, *, films_dir: str | os.PathLike[str] | None = None, title: str | None = None) -> Path:
    """Create ``films_dir/slug`` with a commented film.yaml, an empty reviews.csv and reviews/.

    Refuses slugs other than lower-case letters, digits and ``-`` (so the folder cannot land
    outside ``films_dir``) and never overwrites an existing folder.
    """
    if not _SLUG.match(slug):
        raise ValueError(f"invalid slug {slug!r}: use lower-case letters, digits and '-' (e.g. 'blue-valentine')")
    base = Path(films_dir) if films_dir is not None else FILMS_DIR
    folder = base / slug
    if folder.exists():
        raise FilmExistsError(f"{folder} already exists; choose another slug or edit it in place")
    title = title or slug.replace("-", " ").title()
    (folder / "reviews").mkdir(parents=True)
    text = TEMPLATE.read_text(encoding="utf-8").format(title=title)
    (folder / "film.yaml").write_text(text, encoding="utf-8", newline="\n")
    (folder / "reviews.csv").write_text("review_id,file,critic,outlet,headline,published,notes\n",
                                        encoding="utf-8", newline="\n")
    return folder
