"""Plotting functions: data and an ``ax`` in, the ``Axes`` out. No I/O, no ``plt.show()``."""
