"""The explorer: pick critics, a scene or a search term, and see passages, arcs and dispersion update.

:class:`Explorer` builds the ipywidgets 8 controls used by ``notebooks/06-explorer.ipynb``:

- ``critics``: a multi-select of the corpus's critics (review labels, in corpus order);
- ``scene``: a dropdown of the film's scenes (film order), or none;
- ``term``: a free text box; a plain term matches whole words case-insensitively, and with the
  ``regex`` box ticked the text is a Python regular expression;
- ``engine``: which sentiment engine draws the arcs.

Every change recomputes :meth:`Explorer.hits_frame` (term matches from :func:`criticlens.vocab.kwic`
and scene mentions from :func:`criticlens.scene_mentions`, for the chosen critics) and redraws
three outputs: the keyword-in-context table (HTML), the sentiment arcs with a marker at each hit,
and the dispersion plot (one row per critic). All logic is plain Python on the corpus frames, so
a test sets widget values and reads :meth:`hits_frame`, :meth:`kwic_table`, :meth:`status_text`
and the Axes in :attr:`Explorer.axes`; no browser is needed.

Figures are rendered to PNG bytes in ``widgets.Image`` (not through an ``Output`` capture), so the
explorer works the same in a kernel, under papermill and in tests.
"""
from __future__ import annotations

import html
import io
import time
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from criticlens.corpus.load import Corpus

#: Characters of context either side of a hit in the KWIC table.
CONTEXT_CHARS = 60
#: Resolution of the PNGs the explorer shows (screen, not print).
SCREEN_DPI = 90
#: At most this many rows in the KWIC table (the status line still counts every hit).
MAX_TABLE_ROWS = 200
#: The dropdown entry meaning "no scene".
NO_SCENE = ""
#: Columns of :meth:`Explorer.hits_frame`.
HIT_COLUMNS = ["review_id", "label", "sent_id", "start", "end", "position", "left", "match",
               "right", "source", "kind"]
#: Width of the explorer's figures, inches.
FIG_WIDTH = 9.0
#: The output tabs, and which figure each shows.
TAB_TITLES = ("Passages", "Arcs", "Dispersion")
TAB_FIGURE = {1: "arcs", 2: "dispersion"}

def hit_positions(corpus: Corpus, review_ids: Sequence[str], starts: Sequence[int]) -> np.ndarray:
    """Relative body position (0..1) of raw character offsets, by the word token they fall in.

    A hit takes the ``position`` of the first word token of its review that ends after the hit's
    start (so a hit inside a word gets that word's position); a hit after the last word gets 1.
    """
    toks = corpus.tokens
    words = toks[toks["is_word"]]
    out = np.full(len(starts), np.nan)
    rid_arr = np.asarray([str(r) for r in review_ids], dtype=object)
    st_arr = np.asarray(starts, dtype=np.int64)
    for rid, grp in words.groupby("review_id", sort=False):
        mask = rid_arr == str(rid)
        if not mask.any():
            continue
        ends = grp["end"].to_numpy(dtype=np.int64)
        pos = grp["position"].to_numpy(dtype=float)
        idx = np.searchsorted(ends, st_arr[mask], side="right")
        out[mask] = np.where(idx < len(pos), pos[np.minimum(idx, len(pos) - 1)], 1.0)
    return out


def _hits_frame(where: pd.DataFrame, context: pd.DataFrame, *, source: str, kind: Any) -> pd.DataFrame:
    """The explorer's hit rows: places (``review_id, sent_id, start, end``) from ``where``, the
    passage (``left, match, right``) from ``context`` (row for row), a ``source`` and ``kind``."""
    return pd.DataFrame({
        "review_id": where["review_id"].astype(str).to_numpy(),
        "sent_id": where["sent_id"].to_numpy(dtype=np.int64),
        "start": where["start"].to_numpy(dtype=np.int64),
        "end": where["end"].to_numpy(dtype=np.int64),
        "left": context["left"].astype(str).to_numpy(),
        "match": context["match"].astype(str).to_numpy(),
        "right": context["right"].astype(str).to_numpy(),
        "source": source,
        "kind": kind,
    })


class Explorer:
    """Critic, scene and term controls driving a KWIC table, sentiment arcs and a dispersion plot.

    Parameters
    ----------
    corpus:
        A loaded :class:`criticlens.Corpus` (any film).
    engine:
        Initial sentiment engine for the arcs (any registered engine).
    render:
        Render figures to the PNG widgets on each update. ``False`` still builds the figures
        (their Axes stay inspectable in :attr:`axes`) but skips PNG encoding.
    lazy:
        Encode only the figure on the open tab; the other is encoded when its tab is opened
        (PNG encoding is most of an update's time). ``False`` encodes both on every update.
    context:
        Characters of context either side of each hit.

    Display :attr:`widget` (or the explorer itself) in a notebook.
    """

    def __init__(self, corpus: Corpus, *, engine: str = "critic", render: bool = True,
                 lazy: bool = True, context: int = CONTEXT_CHARS) -> None:
        from criticlens._extras import require

        w = require("ipywidgets", "notebooks", "the explorer's widgets")

        from criticlens.sentiment.engines import available_engines

        self.corpus = corpus
        self.render = render
        self.lazy = lazy
        self.context = int(context)
        self.labels: dict[str, str] = {str(k): v for k, v in corpus.labels().items()}
        from criticlens.viz.style import critic_colors

        self.colors = critic_colors(list(self.labels.values()))
        self._scenes = list(corpus.film.scenes_in_order()) if corpus.film is not None else []
        self._scene_label = {s.id: s.label for s in self._scenes}
        self._mentions: pd.DataFrame | None = None
        self._arcs: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
        self.arc_warnings: list[str] = []
        self._hits = pd.DataFrame(columns=HIT_COLUMNS)
        self._error: str | None = None
        self._axes: dict[str, Axes] = {}
        self._dirty = True
        self.last_update_seconds: float = float("nan")
        self.n_updates = 0

        engines = available_engines()
        if engine not in engines:
            raise ValueError(f"unknown sentiment engine {engine!r}; available: {engines}")
        self.critics = w.SelectMultiple(
            options=[(lab, rid) for rid, lab in self.labels.items()],
            value=tuple(self.labels), description="Critics", rows=min(8, max(3, len(self.labels))))
        self.scene = w.Dropdown(
            options=[("(no scene)", NO_SCENE)] + [(s.label, s.id) for s in self._scenes],
            value=NO_SCENE, description="Scene")
        self.term = w.Text(value="", placeholder="a word, a phrase, or a regex",
                           description="Term", continuous_update=False)
        self.regex = w.Checkbox(value=False, description="regex", indent=False)
        self.engine = w.Dropdown(options=engines, value=engine, description="Arcs by")
        self.status = w.HTML()
        self.kwic_html = w.HTML()
        self.arcs_image = w.Image(format="png")
        self.dispersion_image = w.Image(format="png")
        for widget, cls in ((self.critics, "cl-critics"), (self.scene, "cl-scene"),
                            (self.term, "cl-term"), (self.regex, "cl-regex"),
                            (self.engine, "cl-engine"), (self.status, "cl-status"),
                            (self.kwic_html, "cl-kwic"), (self.arcs_image, "cl-arcs"),
                            (self.dispersion_image, "cl-dispersion")):
            widget.add_class(cls)
        for widget in (self.critics, self.scene, self.term, self.regex, self.engine):
            widget.observe(self._on_change, names="value")
        self._images = {"arcs": self.arcs_image, "dispersion": self.dispersion_image}
        self._pending: dict[str, tuple[Any, str]] = {}
        self.tabs = w.Tab(children=[self.kwic_html, self.arcs_image, self.dispersion_image],
                          titles=TAB_TITLES, selected_index=0)
        self.tabs.observe(self._on_tab, names="selected_index")
        self.widget = w.VBox([
            w.HBox([self.critics, w.VBox([self.scene, w.HBox([self.term, self.regex]), self.engine])]),
            self.status,
            self.tabs,
        ])
        self.widget.add_class("cl-explorer")
        self.update()

    # ------------------------------------------------------------------ notebook display
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def _on_change(self, change: dict[str, Any]) -> None:
        self.update()

    # ------------------------------------------------------------------ state
    @property
    def selected(self) -> list[str]:
        """Chosen review ids, in corpus order."""
        chosen = set(self.critics.value)
        return [rid for rid in self.labels if rid in chosen]

    def suggested_terms(self, n: int = 10) -> list[str]:
        """The corpus's most frequent body words that are not stopwords (ties: first seen)."""
        toks = self.corpus.tokens
        words = toks[toks["is_word"] & ~toks["is_stop"]]
        words = words[words["norm"].str.len() > 2]
        counts = Counter(words["norm"].tolist())
        return [t for t, _ in counts.most_common(n)]

    def scene_mentions(self) -> pd.DataFrame:
        """All scene mentions of the corpus (computed once)."""
        if self._mentions is None:
            from criticlens.mentions.scenes import find_mentions

            # sentence tone is not shown here, so skip scoring it
            self._mentions = find_mentions(self.corpus, sentiment=False)
        return self._mentions

    def scenes_with_mentions(self) -> list[tuple[str, str]]:
        """(scene id, label) of scenes that at least one critic mentions, in film order."""
        if not self._scenes:
            return []
        found = set(self.scene_mentions()["scene_id"])
        return [(s.id, s.label) for s in self._scenes if s.id in found]

    # ------------------------------------------------------------------ hits
    def _term_hits(self, text: str) -> pd.DataFrame:
        from criticlens.vocab.kwic import kwic

        # whole words only, for a regex too: "row\\w+" finds "rowing", not "rowed" in "borrowed"
        k = kwic(self.corpus, text.strip(), window=self.context, regex=self.regex.value,
                 whole_word=True, review_ids=self.selected)
        kind = "regex" if self.regex.value else "term"
        return _hits_frame(k, k, source=f"{kind}: {text.strip()}", kind=kind)

    def _scene_hits(self, scene_id: str) -> pd.DataFrame:
        from criticlens.mentions.scenes import scene_kwic

        m = self.scene_mentions()
        m = m[m["scene_id"] == scene_id].reset_index(drop=True)
        k = scene_kwic(self.corpus, m, scene_id, window=self.context)  # one row per mention, same order
        keep = m["review_id"].isin(self.selected).to_numpy()
        m, k = m[keep], k[keep]
        return _hits_frame(m, k, source=f"scene: {self._scene_label.get(scene_id, scene_id)}",
                           kind=m["match_kind"].astype(str).to_numpy())

    def _compute_hits(self) -> pd.DataFrame:
        parts = []
        if self.scene.value != NO_SCENE:
            parts.append(self._scene_hits(self.scene.value))
        if self.term.value.strip():
            parts.append(self._term_hits(self.term.value))
        parts = [p for p in parts if len(p)]
        if not parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in HIT_COLUMNS})
        hits = pd.concat(parts, ignore_index=True)
        order = {rid: i for i, rid in enumerate(self.labels)}
        hits["_o"] = hits["review_id"].map(order)
        hits = hits.sort_values(["_o", "start", "source"], kind="stable").drop(columns="_o")
        hits["label"] = hits["review_id"].map(self.labels)
        hits["position"] = hit_positions(self.corpus, hits["review_id"].tolist(),
                                         hits["start"].tolist())
        return hits[HIT_COLUMNS].reset_index(drop=True)

    def hits_frame(self) -> pd.DataFrame:
        """Every hit of the current term and scene among the chosen critics (columns
        :data:`HIT_COLUMNS`), in corpus order then text order. Empty when nothing is asked."""
        return self._hits.copy()

    def kwic_table(self) -> pd.DataFrame:
        """The passages table as shown: critic, sent_id (0-based, as in every criticlens frame,
        the command line and the alt texts), left, match, right, source, and the sentence's
        ``tone`` (critic engine polarity) with ``why``: the n-grams that moved it most
        (:func:`criticlens.sentiment.critic.explain`), so a reader sees why a sentence reads as
        praise or as a pan."""
        from criticlens.sentiment.critic import default_model, explain

        h = self._hits.head(MAX_TABLE_ROWS)
        sents = self.corpus.sentences
        text_of = dict(zip(zip(sents["review_id"].astype(str), sents["sent_id"].astype(int)),
                           sents["text"].astype(str)))
        texts = [text_of[(str(r), int(i))] for r, i in zip(h["review_id"], h["sent_id"])]
        tone = default_model().score_many(texts)["polarity"] if texts else []
        why = [", ".join(f"{f} {c:+.2f}" for f, c in explain(t, top=3)["features"])
               for t in texts]
        return pd.DataFrame({
            "critic": h["label"].to_numpy(dtype=object),
            "sent_id": h["sent_id"].to_numpy(dtype=np.int64) if len(h) else [],
            "left": h["left"].to_numpy(dtype=object),
            "match": h["match"].to_numpy(dtype=object),
            "right": h["right"].to_numpy(dtype=object),
            "source": h["source"].to_numpy(dtype=object),
            "tone": np.asarray(tone, dtype=float),
            "why": np.asarray(why, dtype=object),
        })

    def status_text(self) -> str:
        """One line: how many hits, in how many of the chosen critics, for what; or the error."""
        if self._error:
            return self._error
        asked = []
        if self.scene.value != NO_SCENE:
            asked.append(f"scene \u201c{self._scene_label.get(self.scene.value, self.scene.value)}\u201d")
        if self.term.value.strip():
            asked.append(("regex " if self.regex.value else "term ") + f"\u201c{self.term.value.strip()}\u201d")
        n_sel = len(self.selected)
        if not n_sel:
            return "No critic chosen: select at least one in the Critics list"
        if not asked:
            return (f"{n_sel} of {len(self.labels)} critics chosen; "
                    "pick a scene or type a term to see passages")
        n_hits = len(self._hits)
        n_crit = self._hits["review_id"].nunique() if n_hits else 0
        noun = "passage" if n_hits == 1 else "passages"
        return f"{n_hits} {noun} in {n_crit} of {n_sel} chosen critics for {' and '.join(asked)}"

    # ------------------------------------------------------------------ figures
    def arc_data(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        """(points, smoothed) for the current engine, computed once per engine.

        ``points``: :func:`criticlens.sentiment.arcs.arc_points` (one row per sentence: label, position,
        score). ``smoothed``: :func:`criticlens.sentiment.arcs.critic_arcs` with the rolling mean on the
        common 0..1 axis (short reviews fall back as documented there), renamed to ``position``.
        """
        eng = self.engine.value
        if eng not in self._arcs:
            import warnings

            from criticlens.sentiment.arcs import arc_points, critic_arcs
            from criticlens.sentiment.engines import sentence_sentiment

            scores = sentence_sentiment(self.corpus, engines=(eng,))
            pts = arc_points(self.corpus, scores, engines=(eng,))
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                sm = critic_arcs(self.corpus, scores, engines=(eng,), smoother="rolling")
            self.arc_warnings = [str(w.message) for w in caught]
            self._arcs[eng] = (pts, sm.rename(columns={"x": "position"}))
        return self._arcs[eng]

    def _figure(self, height: float, left: float) -> Any:
        from matplotlib.figure import Figure

        # fixed margins (constrained layout would double the drawing time); the right margin
        # leaves room for the legend outside the axes
        fig = Figure(figsize=(FIG_WIDTH, height), dpi=SCREEN_DPI, layout="none")
        fig.subplots_adjust(left=left, right=0.80, bottom=0.6 / height, top=1 - 0.35 / height)
        return fig

    @property
    def axes(self) -> dict[str, Axes]:
        """The current figures' Axes (``"arcs"``, ``"dispersion"``), drawn on first access."""
        if self._dirty:
            self._build_figures()
        return self._axes

    def _draw(self) -> None:
        """Mark the figures out of date; encode the visible one(s) now if rendering."""
        self._dirty = True
        if self.render:
            self._encode_visible()

    def _build_figures(self) -> None:
        from criticlens.viz.plots.dispersion import dispersion_plot
        from criticlens.viz.plots.explorer import arcs_with_hits
        from criticlens.viz.style import style_context

        sel = self.selected
        labels = [self.labels[r] for r in sel]
        hits = self._hits
        # the longest critic label sets the dispersion plot's left margin (about 0.1 inch a letter)
        left_d = min(0.45, 0.03 + 0.075 * max([len(x) for x in labels] or [1]) / FIG_WIDTH)
        with style_context():
            fig_a = self._figure(3.6, 0.08)
            ax_a = fig_a.add_subplot()
            pts, sm = self.arc_data()
            measure = pts["measure"].iloc[0] if len(pts) else "score"
            arcs_with_hits(pts[pts["review_id"].isin(sel)], hits, ax=ax_a, order=labels,
                           colors=self.colors, smooth=sm[sm["review_id"].isin(sel)],
                           measure=f"{self.engine.value} {measure}")
            fig_d = self._figure(1.2 + 0.45 * max(1, len(labels)), left_d)
            ax_d = fig_d.add_subplot()
            if labels:
                # no hits: draw the empty rows (hue=None, since there is no hue value to lane by)
                dispersion_plot(hits, ax=ax_d, rows=labels, hue="source" if len(hits) else None,
                                legend=bool(len(hits)) and hits["source"].nunique() > 1)
            else:
                ax_d.set_axis_off()
            ax_d.set_title(self.status_text(), loc="left", fontsize="small")
        self._axes = {"arcs": ax_a, "dispersion": ax_d}
        # each PNG carries what it shows in its Description (the browser test reads it back)
        desc = self.status_text()
        self._pending = {"arcs": (fig_a, f"Sentiment arcs: {desc}"),
                         "dispersion": (fig_d, f"Dispersion: {desc}")}
        self._dirty = False

    def _encode_visible(self) -> None:
        """Encode the pending figures that are on screen (all of them when ``lazy`` is off)."""
        from criticlens.viz.style import style_context

        shown = TAB_FIGURE.get(self.tabs.selected_index)
        if self.lazy and shown is None:
            return  # the passages tab: no figure on screen, none drawn
        if self._dirty:
            self._build_figures()
        for name in list(self._pending):
            if self.lazy and name != shown:
                continue  # drawn when its tab is opened
            fig, desc = self._pending.pop(name)
            with style_context():
                self._images[name].value = _png(fig, desc)

    def _on_tab(self, change: dict[str, Any]) -> None:
        if self.render:
            self._encode_visible()

    # ------------------------------------------------------------------ update
    def update(self) -> None:
        """Recompute hits from the widget values and redraw every output."""
        t0 = time.perf_counter()
        try:
            self._error = None
            self._hits = self._compute_hits()
        except ValueError as exc:
            self._error = f"\u26a0 {exc}"
            self._hits = pd.DataFrame({c: pd.Series(dtype=object) for c in HIT_COLUMNS})
        self.kwic_html.value = kwic_html(self.kwic_table(), total=len(self._hits))
        self._draw()
        # the status line last: once it shows the new state, the table and figures already do
        self.status.value = f"<b>{html.escape(self.status_text())}</b>"
        self.n_updates += 1
        self.last_update_seconds = time.perf_counter() - t0


def _png(fig: Any, description: str = "") -> bytes:
    """PNG bytes of ``fig``; ``description`` goes into the PNG's Description text chunk."""
    buf = io.BytesIO()
    meta = {"Software": "criticlens"}
    if description:
        meta["Description"] = description
    fig.savefig(buf, format="png", dpi=SCREEN_DPI, metadata=meta)
    return buf.getvalue()


def kwic_html(table: pd.DataFrame, *, total: int | None = None) -> str:
    """The passages table as escaped HTML: left context right-aligned, the match in ``<mark>``."""
    if table.empty:
        return "<p><i>No passages.</i></p>"
    rows = []
    for r in table.itertuples(index=False):
        rows.append(
            "<tr>"
            f"<td style='white-space:nowrap'>{html.escape(str(r.critic))}</td>"
            f"<td style='text-align:right'>{int(r.sent_id)}</td>"
            f"<td style='text-align:right;white-space:pre'>{html.escape(str(r.left))}</td>"
            f"<td><mark>{html.escape(str(r.match))}</mark></td>"
            f"<td style='white-space:pre'>{html.escape(str(r.right))}</td>"
            f"<td><small>{html.escape(str(r.source))}</small></td>"
            + (f"<td style='text-align:right'>{float(r.tone):+.2f}</td>"
               f"<td><small>{html.escape(str(r.why))}</small></td>"
               if hasattr(r, "tone") else "")
            + "</tr>")
    more = ""
    if total is not None and total > len(table):
        more = f"<p><i>showing the first {len(table)} of {total} passages</i></p>"
    return ("<table class='cl-kwic-table'><thead><tr><th>critic</th><th title='sentence number, counting from 0'>sent_id</th>"
            "<th>left</th><th>match</th><th>right</th><th>from</th>"
            + ("<th>tone</th><th>why (critic engine)</th>" if "tone" in table.columns else "")
            + "</tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>" + more)
