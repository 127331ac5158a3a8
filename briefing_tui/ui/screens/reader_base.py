"""What every part of the main screen shares: the controller, the widgets, the columns and the status line.

The main screen (``main.py``) is composed of parts, each a ``ReaderScreenBase`` subclass in its own
module (``reader_search.py``, ``reader_panes.py``, ``reader_notes.py``, ``reader_export.py``,
``reader_state.py``) with its own keys (``PART_BINDINGS``), actions and message handlers. The parts are
plain mixins (a Textual class costs about a millisecond to define, on the start-up path); the class
that also derives from ``Screen`` gets every part's keys as its ``BINDINGS`` (in the order of its
bases: that is the order of help, the palette and the footer). A new feature adds a part (or a modal
screen pushed from one) and lists it among ``MainScreen``'s bases.

Message handlers in parts are named ``on_<message>`` (Textual's ``@on`` works only on the Screen class
itself); Textual calls the handler of every class that defines one, so two parts may both handle, say,
``OptionList.OptionSelected``, each for its own widget id.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Static

from ..controller import ReaderController
from ..widgets.reader import Reader
from ..widgets.reader_layout import literal

if TYPE_CHECKING:
    from textual.screen import Screen as _ScreenType

    from ...library import Library
    from ...model import Analysis, Note
    from ..controller import ArticleView
    from ..session import ReaderSession
    from ..widgets.navigator import TopicNavigator
    from ..widgets.panes import SidePanes
    from ..widgets.search_bar import SearchBar

NARROW = 100  # below this many columns, one column is shown at a time
COLUMNS = ("nav", "reader", "panes")


if TYPE_CHECKING:
    _Base = _ScreenType  # the parts are used on a Screen: typed as one
else:
    _Base = object  # plain mixins at run time


class ReaderScreenBase(_Base):
    """The shared ground of the main screen's parts (a mixin: never shown on its own)."""

    KEYS_TITLE: ClassVar[str] = ""  # the heading of this part's keys in help
    PART_BINDINGS: ClassVar[list[Binding]] = []  # this part's keys (each with an id, for the keymap)
    controller: ReaderController
    session: ReaderSession  # what the app handed the screen: the library (or where to open it), keymap, …
    column = "reader"  # the column shown (narrow terminals) or focused

    def __init_subclass__(cls, **kwargs: object) -> None:
        if issubclass(cls, DOMNode):  # the screen made of the parts: Textual merges its BINDINGS
            cls.BINDINGS = [binding for _title, group in cls.binding_groups() for binding in group]
        super().__init_subclass__(**kwargs)

    @classmethod
    def binding_groups(cls) -> list[tuple[str, list[Binding]]]:
        """(title, bindings) of each part of the screen, the screen's own first: for help, the palette,
        the footer's order and the keymap's binding ids."""
        return [
            (part.KEYS_TITLE, part.__dict__["PART_BINDINGS"])
            for part in cls.__mro__
            if issubclass(part, ReaderScreenBase) and part.__dict__.get("PART_BINDINGS")
        ]

    # ------------------------------------------------------------------ the controller's state

    @property
    def lib(self) -> Library | None:
        return self.controller.lib

    @property
    def article_id(self) -> int | None:
        return self.controller.article_id

    @property
    def view(self) -> ArticleView | None:
        return self.controller.view

    @property
    def analysis(self) -> Analysis | None:
        return self.controller.analysis

    @property
    def notes(self) -> list[Note]:
        return self.controller.notes

    @property
    def ready(self) -> bool:
        """An article is on screen."""
        return self.controller.ready

    @property
    def analysing(self) -> bool:
        return self.controller.analysing

    # ------------------------------------------------------------------ widgets

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def nav(self) -> TopicNavigator:
        from ..widgets.navigator import TopicNavigator

        return self.query_one("#nav", TopicNavigator)

    @property
    def nav_ready(self) -> bool:
        return bool(self.query("#nav"))

    @property
    def panes(self) -> SidePanes:
        from ..widgets.panes import SidePanes

        return self.query_one("#tabs", SidePanes)

    @property
    def panes_ready(self) -> bool:
        return bool(self.query("#tabs"))

    @property
    def search_bar(self) -> SearchBar:
        from ..widgets.search_bar import SearchBar

        return self.query_one("#search", SearchBar)

    @property
    def search_ready(self) -> bool:
        return bool(self.query("#search"))

    def open_article(self, article_id: int, position: int | None = None, *, focus_reader: bool = False) -> None:
        """Show an article (the main screen loads it in a worker) and reveal text offset ``position`` in
        it (None: the place remembered); ``focus_reader``: focus the reader once it is shown."""
        raise NotImplementedError

    def _refresh_nav_sections(self) -> None:
        """Give the navigator the open article's sections again (the main screen does it)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ columns

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
        self._show_column(self.column)

    def _show_column(self, column: str) -> None:
        """Narrow terminals show one column: the one named here. (Class changes restyle the whole
        screen, so nothing changes in wide mode or when the column is already shown.)"""
        self.column = column
        wanted = {f"-col-{column}"} if self.has_class("-narrow") else set()
        for name in COLUMNS:
            cls = f"-col-{name}"
            if (cls in wanted) != self.has_class(cls):
                self.set_class(cls in wanted, cls)

    def _column_of(self, widget: Widget | None) -> str:
        node = widget
        while node is not None:
            if node.id in ("nav", "nav-column"):
                return "nav"
            if node.id == "panes":
                return "panes"
            if node.id == "centre":
                return "reader"
            node = node.parent
        return "reader"

    def _focus_column(self, column: str) -> None:
        self._show_column(column)
        if column == "nav":
            if not self.nav_ready:
                return
            target: Widget = self.nav
        elif column == "panes":
            if not self.panes_ready:
                return
            target = self.panes.list_for(self.panes.active or "entities")
        else:
            target = self.reader
        self.set_focus(target)

    # ------------------------------------------------------------------ the status line

    def _update_status(self) -> None:
        """Where the cursor is (section, sentence, quote, entity), and the filter, selection and hits."""
        reader = self.reader
        controller = self.controller
        if controller.view is None:
            return
        parts: list[tuple[str, str] | str] = []
        visible = reader.visible_sentences()
        section = reader.current_section()
        if section is not None:
            parts.append((f"§ {reader.section_index() + 1}/{len(reader.sections)} {literal(section.label)}", "bold"))
            parts.append("  ")
        if visible:
            position = bisect_left(visible, reader.cursor) + 1
            parts.append(f"sentence {position}/{len(visible)}")
        quote = reader.quote_at_cursor()
        if quote is not None:
            parts.append("  ·  quote: ")
            parts.append((" ".join(literal(quote.speaker or "unattributed").split()), "italic"))
        analysis = controller.analysis
        if reader.focused_entity and analysis:
            entity = analysis.entity(reader.focused_entity)
            if entity:
                parts.append("  ·  entity: ")
                parts.append((" ".join(literal(entity.name).split()), "bold"))
        if reader.filter is not None:
            parts.append((f"  ·  filter: {reader.filter_label} (f clears)", "reverse"))
        if reader.anchor is not None:
            lo, hi = sorted((reader.anchor, reader.cursor))
            parts.append((f"  ·  selected {hi - lo + 1} sentence(s): a notes them, escape drops", "reverse"))
        if controller.hits:
            parts.append(f"  ·  match {controller.hit_index + 1}/{len(controller.hits)} (n/N)")
        if controller.analysing:
            parts.append(("  ·  analysing…", "italic"))
        self.query_one("#status", Static).update(Content.assemble(*parts))

    def _set_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Content(literal(text)))
