"""Text: decoding and normalisation, segmentation (paragraphs, sentences, tokens, body vs
non-body), markup, the one term matcher (:mod:`~criticlens.text.terms`) and safe user regexes.
Works on strings and offsets; knows nothing of a corpus."""

#: Public modules.
__all__ = ["body", "markup", "terms", "textproc", "userregex"]
