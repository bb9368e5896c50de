"""The corpus: a film's reviews as tidy frames (:class:`~criticlens.corpus.load.Corpus`) and the
load report; ``film.yaml``; the readers of folders, tables and other formats; the one per-review
pipeline; scaffolding a new film folder. Uses :mod:`criticlens.text`."""

#: Public modules (a notebook or another package may import from these).
__all__ = ["film", "importer", "load", "scaffold", "table"]
