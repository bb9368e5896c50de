"""Corpus scale: tables of many reviews end to end (:mod:`~criticlens.scale.tables`), the
on-disk cache and the Dask pipeline (extra ``criticlens[scale]``). Calls corpus and sentiment."""

#: Public modules.
__all__ = ["cache", "distributed", "tables"]
