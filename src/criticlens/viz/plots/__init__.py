"""Plotting functions: data and an ``ax`` in, the ``Axes`` out. No I/O, no ``plt.show()``."""

#: Public modules.
__all__ = ["arcs", "corpus", "dispersion", "explorer", "keys", "many", "scenes", "treatment", "vocab"]
