"""Figure builders: ``build_*(corpus, ...) -> FigureSpec`` and ``export_figures(corpus, out_dir)``.

Each topic module (arcs, vocab, scenes, treatment) builds the figures its notebook shows, so
that the notebooks, the ``criticlens figures`` command and the tests share one code path.
"""

#: Public modules.
__all__ = ["arcs", "comparison", "corpus", "scenes", "similarity", "treatment", "vocab"]

#: The registry of figure sets: the topics whose module defines ``export_figures``, in export
#: order (notebook order; ``index.md`` lists the figures in this order). A new figure set is a
#: module here with ``export_figures(corpus, out_dir)``, added to this tuple.
TOPICS: tuple[str, ...] = ("corpus", "arcs", "vocab", "scenes", "treatment", "similarity")
