"""`criticlens figures` reports a repeated warning once, with its count."""
from __future__ import annotations

import warnings

from criticlens.viz.figures import warnings_once


def test_a_repeated_warning_is_reported_once_with_a_count():
    with warnings.catch_warnings(record=True) as outer:
        warnings.simplefilter("always")
        with warnings_once():
            for _ in range(3):
                warnings.warn("review x is short", UserWarning)
            warnings.warn("another thing", UserWarning)
    assert [str(w.message) for w in outer] == ["review x is short (seen 3 times)", "another thing"]
