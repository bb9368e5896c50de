"""Terms: the one place where words and search terms become regular expressions.

:data:`WORD_RE` is a run of letters or digits (no underscore), the unit every term matcher splits
a term or a text into.
"""
from __future__ import annotations

import re

#: A word: a run of letters or digits (Unicode-aware, underscore excluded).
WORD_RE = re.compile(r"[^\W_]+")
