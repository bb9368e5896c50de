"""Figure builders: ``build_*(corpus, ...) -> FigureSpec`` and ``export_figures(corpus, out_dir)``.

Each topic module (arcs, vocab, scenes, treatment) builds the figures its notebook shows, so
that the notebooks, the ``criticlens figures`` command and the tests share one code path.
"""

#: Public modules.
__all__ = ["arcs", "comparison", "corpus", "scenes", "treatment", "vocab"]
