"""Show a built figure in a notebook exactly once, and export it only when asked.

Every ``build_*`` figure function draws with pyplot inside a style context and returns a
:class:`~criticlens.viz.export.FigureSpec`. Under the inline backend a user gets in JupyterLab, an
open pyplot figure is drawn again at the end of the cell, so a cell that also displays
``spec.fig`` would show the chart twice. :func:`show` closes the figure in pyplot (a closed
figure still displays: IPython renders it from the object) and returns it, so the chart appears
once, where the cell puts it.

Notebooks never write into ``figures/<film>/``: that folder belongs to ``criticlens figures``,
which writes each figure together with the CSV and alt text that describe it. A notebook exports
only when its ``OUT_DIR`` parameter names a folder, through the one export path
(:func:`criticlens.viz.export.save_spec`).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from criticlens.paths import FIGURES_DIR

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from criticlens.viz.export import FigureSpec


def _is_committed_figures(out_dir: Path) -> bool:
    """Whether ``out_dir`` is (inside) the repository's ``figures/`` folder."""
    try:
        out_dir.resolve().relative_to(FIGURES_DIR.resolve())
    except ValueError:
        return False
    return True


def show(spec: FigureSpec, out_dir: str | os.PathLike[str] | None = None) -> Figure:
    """Return ``spec.fig`` for display (once), exporting it first when ``out_dir`` is given.

    ``out_dir=None`` (a notebook's default ``OUT_DIR``) exports nothing. A folder inside the
    repository's ``figures/`` is refused with ``ValueError``: ``criticlens figures`` owns it.
    """
    import matplotlib.pyplot as plt

    if out_dir is not None:
        out = Path(out_dir)
        if _is_committed_figures(out):
            raise ValueError(f"refusing to export {spec.name!r} into {out}: figures/ is written "
                             "only by `criticlens figures`; give OUT_DIR another folder")
        from criticlens.viz.export import save_spec

        save_spec(spec, out, close=False)
    plt.close(spec.fig)
    return spec.fig
