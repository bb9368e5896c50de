"""Mentions: the scenes (film.yaml gazetteer), quotations and people each critic brings up,
where and in what tone."""

#: Public modules.
__all__ = ["people", "quotes", "scenes"]
