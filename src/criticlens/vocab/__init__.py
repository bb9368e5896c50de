"""Vocabulary: counts and overlap between critics, distinctive terms (keyness), keyword in
context. Pure functions: a corpus in, a documented frame out."""

#: Public modules.
__all__ = ["counts", "keyness", "kwic"]
