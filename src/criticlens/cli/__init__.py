"""The command line: ``criticlens COMMAND`` (console script ``criticlens.cli.main:main``).

Layout: :mod:`~criticlens.cli.common` (exit codes, :class:`CLIError`, loading a film, printing a
frame), :mod:`~criticlens.cli.main` (the parser, the registry of command modules, ``main``), and
one module per command group (corpus, sentiment, vocab, mentions, scale, treatment, figures,
teach). The top layer: nothing else in the package imports it.

``criticlens.cli.main`` is the module (tests and ``python -m criticlens.cli.main`` use it); the
entry function is ``criticlens.cli.main.main``. It is deliberately not re-exported here as
``main``: a package attribute ``main`` that is a function would shadow the submodule of the same
name for ``import criticlens.cli.main as m``.
"""
from criticlens.cli.common import EXIT_CODES, CLIError

__all__ = ["CLIError", "EXIT_CODES", "common", "main"]
