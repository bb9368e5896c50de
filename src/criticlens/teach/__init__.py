"""Teaching and exploring: the explorer (widgets), lesson helpers, showing a figure in a
notebook, running the notebook suite."""

#: Public modules.
__all__ = ["explorer", "lesson", "runbook", "show"]
