"""The "show changes" screen: the newer text with deletions and insertions marked inline, and the
meaning-level changes (quotes, speakers, entities, section topics) in a side pane.

The diff (``library.versions.diff_versions``; it may analyse an old version) is computed in a thread
worker. The text is one ``Static`` per paragraph, built as ``Content`` from plain strings: inserted
words are underlined in the success colour, deleted ones struck through in the error colour. ``n`` /
``N`` walk the changes in text order (the paragraph holding the current one is marked);
choosing a meaning-level change goes to its place. ``escape`` goes back to the reader.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...resources import style_file
from ..widgets.reader_layout import literal
from ..widgets.safe_lists import SafeOptionList

if TYPE_CHECKING:
    from ...library.store import Library
    from ...library.versions import VersionPair

INSERTED = "underline bold $text-success"
DELETED = "strike $text-error"
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


def _flat(text: str, limit: int = 200) -> str:
    text = " ".join(literal(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def marks_of(pair: VersionPair) -> tuple[list[tuple[int, int]], list[tuple[int, str]], list[int]]:
    """(inserted spans in the new text, (new offset, deleted text) pairs, change offsets in order)."""
    inserted: list[tuple[int, int]] = []
    deleted: list[tuple[int, str]] = []
    stops: list[int] = []
    for c in pair.diff.sentences:
        if c.change == "added" and c.new:
            inserted.append((c.new.start, c.new.end))
            stops.append(c.new.start)
        elif c.change == "removed" and c.old:
            at = c.at if c.at is not None else len(pair.new_text)
            deleted.append((at, c.old.text + " "))
            stops.append(at)
        elif c.new:
            stops.append(c.new.start)
            for w in c.words:
                if w.old.text:
                    deleted.append((w.new.start, w.old.text + (" " if w.new.text else "")))
                if w.new.text:
                    inserted.append((w.new.start, w.new.end))
    return sorted(inserted), sorted(deleted, key=lambda d: d[0]), sorted(set(stops))


def paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text`` from ``start`` (blank-line or line separated)."""
    sep = _PARAGRAPH if "\n\n" not in text[start:] else re.compile(r"\n\s*\n")
    out = []
    pos = start
    for m in sep.finditer(text, start):
        if text[pos : m.start()].strip():
            out.append((pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append((pos, len(text.rstrip())))
    return out


def paragraph_content(text: str, start: int, end: int, inserted: list[tuple[int, int]],
                      deleted: list[tuple[int, str]]) -> Content:
    """One paragraph of the new text with its insertions and deletions marked."""
    parts: list[tuple[str, str] | str] = []
    points = sorted(
        {start, end}
        | {max(start, min(end, a)) for a, b in inserted} | {max(start, min(end, b)) for a, b in inserted}
        | {at for at, _ in deleted if start <= at <= end}
    )
    dels: dict[int, list[str]] = {}
    for at, t in deleted:
        if start <= at < end or (at == end and end == len(text.rstrip())):
            dels.setdefault(at, []).append(t)
    for a, b in zip(points, points[1:] + [end]):
        for t in dels.pop(a, []):
            parts.append((literal(t), DELETED))
        if a >= b:
            continue
        chunk = literal(text[a:b])
        if any(x <= a and b <= y for x, y in inserted):
            parts.append((chunk, INSERTED))
        else:
            parts.append(chunk)
    for rest in dels.values():
        for t in rest:
            parts.append((literal(t), DELETED))
    return Content.assemble(*parts)


class ChangesScreen(Screen):
    """What changed between two versions of an article."""

    CSS_PATH = [style_file("changes.tcss")]
    BINDINGS = [
        Binding("n", "change(1)", "Next change", id="changes-next"),
        Binding("N", "change(-1)", "Previous change", id="changes-previous"),
        Binding("escape,q", "app.pop_screen", "Back to the reader", id="changes-back"),
        Binding("tab", "focus_next", "Next column", show=False, id="changes-tab"),
    ]

    def __init__(self, library: Library, article_id: int, old: int | None = None, new: int | None = None) -> None:
        super().__init__()
        self.lib = library
        self.article_id = article_id
        self.old = old
        self.new = new
        self.pair: VersionPair | None = None
        self.stops: list[int] = []
        self.current = -1
        self._starts: list[int] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="changes-title", markup=False)
        with Horizontal(id="changes-body"):
            yield VerticalScroll(id="changes-text")
            yield SafeOptionList(id="changes-meaning")
        yield Static(
            Content("n / N: next / previous change   enter: go to a change   escape: back to the reader"),
            id="changes-keys",
        )

    def on_mount(self) -> None:
        self.query_one("#changes-title", Static).update(Content("Comparing versions…"))
        self._compute()

    @work(thread=True, exclusive=True, description="compare versions")
    def _compute(self) -> None:
        from ...errors import BriefingError
        from ...library.versions import diff_versions

        try:
            pair = diff_versions(self.lib, self.article_id, self.old, self.new)
        except BriefingError as err:
            self.app.call_from_thread(self._failed, str(err))
            return
        except Exception as err:  # noqa: BLE001 - a bug below the UI must not take the reader down
            self.app.call_from_thread(self._failed, f"could not compare the versions ({type(err).__name__}: {err})")
            return
        self.app.call_from_thread(self._show, pair)

    def _failed(self, message: str) -> None:
        self.query_one("#changes-title", Static).update(Content(literal(message)))

    async def _show(self, pair: VersionPair) -> None:
        self.pair = pair
        d = pair.diff
        title = f"v{pair.old.number} → v{pair.new.number}: {d.summary()}"
        self.query_one("#changes-title", Static).update(Content(literal(title)))
        inserted, deleted, self.stops = marks_of(pair)
        text = pair.new_text
        spans = paragraphs(text)
        if not spans:
            spans = [(0, len(text))]
        self._starts = [a for a, _ in spans]
        widgets = []
        for k, (a, b) in enumerate(spans):
            end = spans[k + 1][0] if k + 1 < len(spans) else len(text)
            # a deletion between two paragraphs belongs to the one before it
            content = paragraph_content(text, a, b, inserted, [x for x in deleted if a <= x[0] < end or
                                                               (k == len(spans) - 1 and x[0] >= a)])
            widgets.append(Static(content, classes="change-paragraph", markup=False))
        box = self.query_one("#changes-text", VerticalScroll)
        await box.remove_children()
        await box.mount_all(widgets)
        self.query_one("#changes-meaning", SafeOptionList).set_options(self._meaning_options(pair))
        box.focus()

    def _meaning_options(self, pair: VersionPair) -> list[Option | None]:
        d = pair.diff
        options: list[Option | None] = []

        def add(key: int, head: str, style: str, *lines: tuple[str, str]) -> None:
            body: list[tuple[str, str] | str] = [(head, style)]
            for line, line_style in lines:
                body.extend(["\n", (line, line_style)])
            options.append(Option(Content.assemble(*body), id=f"at:{key}"))

        if d.paragraphs_added or d.paragraphs_removed:
            head = ", ".join(x for x in (
                f"+{d.paragraphs_added} paragraph(s)" if d.paragraphs_added else "",
                f"-{d.paragraphs_removed} paragraph(s)" if d.paragraphs_removed else "",
            ) if x)
            first = next((s for s in self.stops), 0)
            add(first, head, "bold")
        for q in d.quotes:
            who = _flat(q.new.speaker if q.new and q.new.speaker else (q.old.speaker if q.old and q.old.speaker else "unattributed"), 40)
            at = q.new.start if q.new else self._new_place(q.old.start if q.old else 0)
            if q.change == "reworded" and q.old and q.new:
                add(at, f"Quote reworded: {who}", "bold $text-warning",
                    ("− “" + _flat(q.old.text) + "”", DELETED), ("+ “" + _flat(q.new.text) + "”", INSERTED))
            elif q.change == "speaker" and q.old and q.new:
                add(at, f"Speaker changed: {_flat(q.old.speaker or 'unattributed', 40)} → {who}", "bold $text-warning",
                    ("“" + _flat(q.new.text) + "”", "italic"))
            elif q.change == "added" and q.new:
                add(at, f"Quote added: {who}", "bold $text-success", ("“" + _flat(q.new.text) + "”", INSERTED))
            elif q.old:
                add(at, f"Quote removed: {who}", "bold $text-error", ("“" + _flat(q.old.text) + "”", DELETED))
        for e in d.entities:
            at = e.first.start if e.change == "appeared" else self._new_place(e.first.start)
            style = "bold $text-success" if e.change == "appeared" else "bold $text-error"
            add(at, f"{'New' if e.change == 'appeared' else 'Gone'}: {_flat(e.name, 60)} ({e.type})", style)
        for t in d.topics:
            add(t.new.start, f"Topic: {_flat(t.old_label, 40)} → {_flat(t.new_label, 40)}", "bold $text-accent",
                (_flat(t.new.text, 120), "dim"))
        if not options:
            options.append(Option(Content("(no meaning-level changes)"), disabled=True))
        return options

    def _new_place(self, old_offset: int) -> int:
        """Roughly where an old offset is in the new text (for what has no place in it any more)."""
        pair = self.pair
        if pair is None or not pair.old_text:
            return 0
        return min(len(pair.new_text), round(old_offset * len(pair.new_text) / len(pair.old_text)))

    def paragraph_at(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def go_to(self, offset: int) -> None:
        paragraphs_shown = list(self.query(".change-paragraph"))
        if not paragraphs_shown:
            return
        index = min(self.paragraph_at(offset), len(paragraphs_shown) - 1)
        for k, widget in enumerate(paragraphs_shown):
            widget.set_class(k == index, "-current")
        self.query_one("#changes-text", VerticalScroll).scroll_to_widget(paragraphs_shown[index], animate=False, top=True)

    def action_change(self, step: int) -> None:
        if not self.stops:
            self.notify("No changes in the text", timeout=1.5)
            return
        self.current = (self.current + step) % len(self.stops) if self.current >= 0 or step > 0 else len(self.stops) - 1
        self.go_to(self.stops[self.current])
        self.notify(f"change {self.current + 1} of {len(self.stops)}", timeout=1)

    @on(OptionList.OptionSelected, "#changes-meaning")
    def _meaning_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id.startswith("at:"):
            offset = int(event.option.id.split(":", 1)[1])
            self.go_to(offset)
            self.current = max(0, bisect_right(self.stops, offset) - 1) if self.stops else -1

    @property
    def shown_paragraphs(self) -> list[Any]:
        return list(self.query(".change-paragraph"))
