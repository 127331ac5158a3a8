"""The "brief" screen (from the command palette): what is new in the library, by topic.

Per topic: its key sentences (a sentence several sources share is shown once, with every source),
its most-mentioned entities and its new quotes; each line names its article. Choosing a line opens
the article at that sentence. ``d`` / ``w`` / ``a``: since a day, a week, or everything. The brief
is built in a thread worker (``library.brief.library_brief``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...resources import style_file
from ..widgets.reader_layout import literal
from ..widgets.safe_lists import SafeOptionList

if TYPE_CHECKING:
    from ...analysis.library_brief import LibraryBrief, Source
    from ...library.store import Library

SPANS = {"d": ("24h", "the last 24 hours"), "w": ("7d", "the last 7 days"), "a": ("1970-01-01", "all time")}


def _flat(text: str, limit: int = 220) -> str:
    text = " ".join(literal(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cite(sources: tuple[Source, ...]) -> str:
    return "; ".join(f"{_flat(s.title, 60)} (#{s.article_id})" for s in sources)


class BriefScreen(Screen):
    """The library brief; choosing a line opens its article there."""

    CSS_PATH = [style_file("changes.tcss")]
    BINDINGS = [
        Binding("d", "span('d')", "Last 24 hours", id="brief-day"),
        Binding("w", "span('w')", "Last 7 days", id="brief-week"),
        Binding("a", "span('a')", "Everything", id="brief-all"),
        Binding("escape,q", "app.pop_screen", "Back to the reader", id="brief-back"),
    ]

    def __init__(self, library: Library, open_at: Callable[[int, int], None], span: str = "w") -> None:
        super().__init__()
        self.lib = library
        self.open_at = open_at
        self.span = span
        self.brief: LibraryBrief | None = None
        self._targets: dict[str, tuple[int, int]] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="brief-title", markup=False)
        yield SafeOptionList(id="brief-list")
        yield Static(Content("enter: open the article there   d / w / a: last day / week / everything   escape: back"),
                     id="brief-keys")

    def on_mount(self) -> None:
        self.action_span(self.span)

    def action_span(self, span: str) -> None:
        self.span = span
        self.query_one("#brief-title", Static).update(Content(f"Brief of {SPANS[span][1]}: reading the library…"))
        self._build(SPANS[span][0])

    @work(thread=True, exclusive=True, description="build the library brief")
    def _build(self, since: str) -> None:
        from ...library.brief import library_brief

        try:
            brief = library_brief(self.lib, since)
        except Exception as err:  # noqa: BLE001 - one line on screen, not a crash
            self.app.call_from_thread(self._failed, f"could not build the brief ({err})")
            return
        self.app.call_from_thread(self._show, brief)

    def _failed(self, message: str) -> None:
        self.query_one("#brief-title", Static).update(Content(literal(message)))

    def _show(self, brief: LibraryBrief) -> None:
        self.brief = brief
        n = len(brief.articles)
        self.query_one("#brief-title", Static).update(
            Content(f"Brief of {SPANS[self.span][1]}: {n} article{'s' * (n != 1)}, {len(brief.topics)} topics")
        )
        options: list[Option | None] = []
        self._targets = {}
        for t in brief.topics:
            if options:
                options.append(None)
            k = len(t.articles)
            options.append(Option(Content.styled(f"{_flat(t.label, 60)} ({k} article{'s' * (k != 1)})", "bold $text-primary"),
                                  disabled=True))
            for i, s in enumerate(t.sentences):
                key = f"s:{t.topic}:{i}"
                self._targets[key] = (s.sources[0].article_id, s.sources[0].start)
                options.append(Option(Content.assemble("• " + _flat(s.text), "\n", ("  — " + _cite(s.sources), "dim")), id=key))
            if t.entities:
                names = ", ".join(f"{_flat(name, 40)} ({count})" for name, _, count in t.entities)
                options.append(Option(Content.assemble(("Most mentioned: ", "bold"), names), disabled=True))
            for i, q in enumerate(t.quotes):
                key = f"q:{t.topic}:{i}"
                self._targets[key] = (q.source.article_id, q.source.start)
                options.append(Option(Content.assemble(
                    (_flat(q.speaker or "unattributed", 40), "bold $text-secondary"), ": “" + _flat(q.text) + "”", "\n",
                    ("  — " + _cite((q.source,)), "dim"),
                ), id=key))
        if not options:
            options.append(Option(Content("(nothing new in that time: try w or a)"), disabled=True))
        self.query_one("#brief-list", SafeOptionList).set_options(options)
        self.query_one("#brief-list", SafeOptionList).focus()

    @on(OptionList.OptionSelected, "#brief-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        target = self._targets.get(event.option.id or "")
        if target is not None:
            self.app.pop_screen()
            self.open_at(*target)
