"""The dossier screen: one library entity across the library.

Its aliases and roles; a timeline of the articles that mention it; what it said, newest first, with
article and date; its mentions in context (keyword in context), each opening the article at that
sentence; the entities it appears with, each opening its own dossier (stacked: escape goes back one).
Read in a worker from the library's link tables (``library/dossier.py``), so it opens quickly even for
an entity in thousands of articles (the reader's dossier holds its newest articles).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...resources import style_file
from ..widgets.reader_layout import literal
from ..widgets.safe_lists import SafeOptionList

if TYPE_CHECKING:
    from ...library.dossier import Dossier
    from ...library import Library

LIMIT = 100  # newest mentions and quotes shown
CONTEXT = 38  # characters of context either side of a mention


def _one(text: str) -> str:
    return " ".join(literal(text).split())


def _date(date: str | None, imported: bool = False) -> str:
    if not date:
        return "undated   "
    return date[:10] + (" (imported)" if imported else "")


def kwic(sentence: str, start: int, end: int) -> tuple[str, str, str]:
    """(left context, the mention, right context) of a mention at [start, end) of ``sentence``."""
    left = " ".join(sentence[:start].split())
    right = " ".join(sentence[end:].split())
    left = ("…" + left[-CONTEXT:]) if len(left) > CONTEXT else left
    right = (right[:CONTEXT] + "…") if len(right) > CONTEXT else right
    return literal(left), literal(" ".join(sentence[start:end].split())), literal(right)


class DossierScreen(Screen):
    """A library entity's dossier; ``open_at(article_id, offset)`` opens an article at a place."""

    CSS_PATH = [style_file("dossier.tcss")]
    BINDINGS = [
        Binding("escape", "back", "Back", id="dossier-back"),
        Binding("q", "back", "Back", show=False, id="dossier-quit"),
    ]

    def __init__(self, library: Library, entity_id: int, open_at: Callable[[int, int | None], None]) -> None:
        super().__init__(classes="dossier-screen")
        self.library = library
        self.entity_id = entity_id
        self.open_at = open_at
        self.dossier: Dossier | None = None
        self._targets: dict[str, tuple[str, int, int | None]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="dossier"):
            yield Static("loading…", id="dossier-head", markup=False)
            yield SafeOptionList(id="dossier-list")
            yield Static(
                Content("enter: open · escape: back"), id="dossier-hint", markup=False
            )

    def on_mount(self) -> None:
        self.query_one("#dossier-list").focus()
        self._load()

    @work(thread=True, exclusive=True, group="dossier", description="read a dossier")
    def _load(self) -> None:
        from ...library.dossier import dossier

        try:
            found = dossier(self.library, self.entity_id, limit=LIMIT)
        except Exception as err:  # noqa: BLE001 - shown, never a crash
            self.app.call_from_thread(self._failed, str(err))
            return
        self.app.call_from_thread(self.show, found)

    def _failed(self, message: str) -> None:
        self.query_one("#dossier-head", Static).update(Content(_one(message)))

    def show(self, d: Dossier) -> None:
        self.dossier = d
        head = [(_one(d.name), "bold"), f"  {d.type}  ·  {d.article_total} articles  ·  {d.mention_total} mentions"]
        others = [a for a in d.aliases if a != d.name]
        head += ["\n", ("also: ", "dim"), _one(", ".join(others)) if others else "(no other names)"]
        head += ["\n", ("roles: ", "dim"), _one(", ".join(d.roles)) if d.roles else "(none known)"]
        self.query_one("#dossier-head", Static).update(Content.assemble(*head))
        options: list[Option | None] = []
        targets: dict[str, tuple[str, int, int | None]] = {}

        def heading(text: str) -> None:
            if options:
                options.append(None)
            options.append(Option(Content.styled(text, "bold $text-accent"), disabled=True))

        shown = f" (newest {len(d.articles)} of {d.article_total})" if d.article_total > len(d.articles) else ""
        heading(f"Timeline — {len(d.articles)} articles{shown}")
        for a in d.articles:
            key = f"article:{a.id}"
            targets[key] = ("article", a.id, None)
            options.append(Option(Content.assemble(
                (_date(a.date, a.date_is_import), "dim"), "  ", _one(a.title), (f"  ×{a.mentions}", "dim")
            ), id=key))
        heading(f"Said — {d.quote_total} quotes, newest first" if d.quotes else "Said — no quotes attributed")
        for i, q in enumerate(reversed(d.quotes)):
            key = f"quote:{i}"
            targets[key] = ("article", q.article, q.start)
            options.append(Option(Content.assemble(
                ("“" + _one(q.text) + "”", "italic"), "\n", (f"   {_date(q.date)}  {_one(q.title)}", "dim")
            ), id=key))
        heading(f"Mentions in context — newest {len(d.mentions)} of {d.mention_total}")
        for i, m in enumerate(reversed(d.mentions)):
            key = f"mention:{i}"
            targets[key] = ("article", m.article, m.sentence_start)
            left, word, right = kwic(m.sentence, m.start - m.sentence_start, m.end - m.sentence_start)
            options.append(Option(Content.assemble(
                (_date(m.date)[:10], "dim"), "  ", left, " ", (word, "bold reverse"), " ", right
            ), id=key))
        heading("Appears with" if d.related else "Appears with — nobody else")
        for r in d.related:
            key = f"related:{r.id}"
            targets[key] = ("entity", r.id, None)
            options.append(Option(Content.assemble(
                _one(r.name), (f"  {r.type}  ·  {r.articles} shared articles", "dim")
            ), id=key))
        self._targets = targets
        box = self.query_one("#dossier-list", OptionList)
        box.set_options(options)
        box.highlighted = next((i for i, o in enumerate(box.options) if not o.disabled), None)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        target = self._targets.get(event.option.id or "")
        if target is None:
            return
        kind, ident, offset = target
        if kind == "entity":
            self.app.push_screen(DossierScreen(self.library, ident, self.open_at))
        else:
            self.open_at(ident, offset)

    def action_back(self) -> None:
        self.app.pop_screen()
