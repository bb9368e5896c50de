"""Figures: style, the one export path, plotting functions (data and ``ax`` in, ``Axes`` out),
figure sets (builders per topic), designs for many critics, legibility checks, and
:mod:`~criticlens.viz.figures` (every figure of a film, ``criticlens figures``)."""

#: Public modules and subpackages.
__all__ = ["export", "figsets", "figures", "layout", "many", "plots", "style"]
