"""Treatment: sentence classes (synopsis, judgement, context), aspects, the verdict."""

#: Public modules.
__all__ = ["core"]
