"""criticlens: comparative film criticism."""
__version__ = "0.1.0"
