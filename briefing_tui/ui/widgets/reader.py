"""The reader: an article rendered line by line (Line API), with a sentence cursor and highlights.

Only the lines on screen are rendered (``render_line``), from a layout computed once per width, so a
1 MB article mounts no widgets at all. Article text is always shown literally: it becomes plain
``Segment`` text after ``literal`` has replaced control characters, never markup. Highlight colours are
component classes, so themes (and NO_COLOR) decide how they look.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...model import Note, Section, Sentence
from ..controller import ArticleView
from .reader_layout import (
    BLANK,
    HEADER,
    META,
    TEXT,
    TITLE,
    Layout,
    SpanIndex,
    analysis_sentences,
    build_layout,
    literal,
)

GUTTER = 3
MAX_TEXT_WIDTH = 100
CONTEXT_LINES = 1  # lines shown above a sentence or heading revealed at the top of the reader

# How a cursor move scrolls the reader
SCROLL_MINIMAL = "minimal"  # only as far as needed to show the sentence (j/k, page keys)
SCROLL_TOP = "top"  # the sentence (or its section's heading) at the top, CONTEXT_LINES above it: jumps
SCROLL_CENTER = "center"  # a third of the way down: the article re-laid out (resize, filter, analysis)
TOPIC_COLOURS = 8

ENTITY_CLASS = {
    "PERSON": "person",
    "ORG": "org",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "norp",
}

# Layers in paint order: later layers win where they set the same attribute.
LAYERS = ("quote", "person", "org", "place", "norp", "note", "entity", "match", "cursor")


class TopicColours:
    """A stable colour slot per topic id for the whole session (order of first appearance)."""

    def __init__(self) -> None:
        self._slots: dict[str, int] = {}

    def seed(self, topics: list[str]) -> None:
        """Give topics their slots in taxonomy order (so a topic keeps its colour across runs)."""
        for topic in topics:
            self.slot(topic)

    def slot(self, topic: str) -> int | None:
        if topic == "general":
            return None
        if topic not in self._slots:
            self._slots[topic] = len(self._slots) % TOPIC_COLOURS
        return self._slots[topic]


TOPIC_COLOURS_REGISTRY = TopicColours()


class Reader(ScrollView, can_focus=True, inherit_bindings=False):
    """The article, one wrapped line at a time, with a sentence cursor."""

    COMPONENT_CLASSES = {
        "reader--title",
        "reader--meta",
        "reader--header",
        "reader--gutter-cursor",
        "reader--gutter-note",
        *(f"reader--{layer}" for layer in LAYERS),
        *(f"reader--topic-{i}" for i in range(TOPIC_COLOURS)),
    }

    DEFAULT_CSS = """
    Reader { overflow-x: hidden; scrollbar-gutter: stable; }
    """

    class CursorMoved(Message):
        """The sentence cursor moved (or the article changed)."""

        def __init__(self, reader: Reader, index: int) -> None:
            super().__init__()
            self.reader = reader
            self.index = index

        @property
        def control(self) -> Reader:
            return self.reader

    class EntityClicked(Message):
        def __init__(self, entity_id: str) -> None:
            super().__init__()
            self.entity_id = entity_id

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.view: ArticleView | None = None
        self.sentences: tuple[Sentence, ...] = ()
        self._sentence_starts: list[int] = []
        self.sections: tuple[Section, ...] = ()
        self._section_starts: list[int] = []
        self.topic_order: list[str] = []
        self.cursor = 0
        self.anchor: int | None = None  # where a sentence selection (`v`) started
        self.filter: list[int] | None = None  # indices of the sentences shown (None: all)
        self.filter_label = ""
        self._layout = Layout()
        self._layout_width = -1
        self._layers: dict[str, SpanIndex] = {}
        self._note_spans = SpanIndex()
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(1024)
        self._styles: dict[tuple[str, ...], Style] = {}
        self.notes: list[Note] = []
        self.focused_entity: str | None = None
        self.matches: list[tuple[int, int]] = []
        self._scroll_mode = SCROLL_MINIMAL  # how the last move scrolled (repeated after a re-layout)

    # ----------------------------------------------------------------- content

    def show_article(self, view: ArticleView, notes: Sequence[Note] = (), position: int | None = None) -> None:
        """Show an article (analysis may be None: plain paragraphs until it arrives)."""
        same = self.view is not None and self.view.article_id == view.article_id
        old_offset = self.current_offset() if same else None
        self.view = view
        analysis = view.analysis
        self.sentences = analysis_sentences(analysis, view.text, view.body_start)
        self._sentence_starts = [s.start for s in self.sentences]
        self.sections = analysis.sections if analysis else ()
        self._section_starts = [s.start for s in self.sections]
        self.topic_order = []
        for section in self.sections:
            if section.topic not in self.topic_order:
                self.topic_order.append(section.topic)
        if not same:
            self.anchor = None
            self.filter = None
            self.filter_label = ""
            self.focused_entity = None
            self.matches = []
        self.notes = list(notes)
        self._build_layers()
        self._relayout(force=True)
        target = position if position is not None else old_offset
        self.cursor = self.sentence_at(target) if target is not None else 0
        self._clamp_cursor()
        # a place to go to (a saved position, a search hit in another article) is revealed at the top;
        # the same article shown again (its analysis arrived) keeps the cursor in view
        self._scroll_to_cursor(SCROLL_TOP if position is not None else SCROLL_CENTER)
        # the new virtual size limits scrolling only after the next refresh: scroll again then
        self.call_after_refresh(self._rescroll)
        self.post_message(self.CursorMoved(self, self.cursor))

    def set_notes(self, notes: Sequence[Note]) -> None:
        self.notes = [n for n in notes if not n.deleted and not n.orphaned]
        self._note_spans = SpanIndex.build((n.start, n.end, "note") for n in self.notes)
        self._layers["note"] = self._note_spans
        self._invalidate()

    def set_matches(self, matches: Iterable[tuple[int, int]]) -> None:
        self.matches = sorted(set(matches))
        self._layers["match"] = SpanIndex.build((a, b, "match") for a, b in self.matches)
        self._invalidate()

    def focus_entity(self, entity_id: str | None) -> None:
        self.focused_entity = entity_id
        spans: list[tuple[int, int, str]] = []
        if entity_id and self.view and self.view.analysis:
            entity = self.view.analysis.entity(entity_id)
            if entity:
                spans = [(m.start, m.end, "entity") for m in entity.mentions]
        self._layers["entity"] = SpanIndex.build(spans)
        self._invalidate()

    def set_filter(self, indices: Iterable[int] | None, label: str = "") -> None:
        offset = self.current_offset()
        self.filter = sorted(set(indices)) if indices is not None else None
        self.filter_label = label if indices is not None else ""
        self._relayout(force=True)
        self.cursor = self.sentence_at(offset) if offset is not None else 0
        self._clamp_cursor()
        self._scroll_to_cursor(SCROLL_CENTER)
        self.call_after_refresh(self._rescroll)
        self.post_message(self.CursorMoved(self, self.cursor))

    def _build_layers(self) -> None:
        layers: dict[str, list[tuple[int, int, str]]] = {name: [] for name in LAYERS}
        analysis = self.view.analysis if self.view else None
        if analysis is not None:
            for entity in analysis.entities:
                layer = ENTITY_CLASS.get(entity.type)
                if layer:
                    layers[layer].extend((m.start, m.end, entity.id) for m in entity.mentions)
            layers["quote"] = [(q.start, q.end, "quote") for q in analysis.quotes]
        self._layers = {name: SpanIndex.build(spans) for name, spans in layers.items()}
        self.set_notes(self.notes)
        self.focus_entity(self.focused_entity)
        self.set_matches(self.matches)

    # ----------------------------------------------------------------- queries

    @property
    def layout(self) -> Layout:
        """The article's display lines at the reader's width."""
        return self._layout

    @property
    def layout_lines(self) -> int:
        return len(self._layout.lines)

    def visible_sentences(self) -> list[int]:
        return self.filter if self.filter is not None else list(range(len(self.sentences)))

    def sentence_at(self, offset: int | None) -> int:
        if not self.sentences or offset is None:
            return 0
        return max(bisect_right(self._sentence_starts, offset) - 1, 0)

    def current_sentence(self) -> Sentence | None:
        if 0 <= self.cursor < len(self.sentences):
            return self.sentences[self.cursor]
        return None

    def selection_span(self) -> tuple[int, int] | None:
        """Text span of the selected sentences (anchor to cursor), or of the cursor's sentence."""
        if not self.sentences:
            return None
        lo, hi = self.cursor, self.cursor
        if self.anchor is not None:
            lo, hi = min(self.anchor, self.cursor), max(self.anchor, self.cursor)
        return self.sentences[lo].start, self.sentences[hi].end

    def toggle_anchor(self) -> None:
        """Start (or drop) a selection of sentences at the cursor; moving the cursor extends it."""
        self.anchor = None if self.anchor is not None else self.cursor
        self._invalidate()

    def current_offset(self) -> int | None:
        sentence = self.current_sentence()
        return sentence.start if sentence else None

    def section_index(self, sentence_index: int | None = None) -> int:
        """Index of the section holding a sentence (-1 when there are no sections)."""
        if not self.sections:
            return -1
        index = self.cursor if sentence_index is None else sentence_index
        if not (0 <= index < len(self.sentences)):
            return -1
        return max(bisect_right(self._section_starts, self.sentences[index].start) - 1, 0)

    def current_section(self) -> Section | None:
        index = self.section_index()
        return self.sections[index] if index >= 0 else None

    def quote_at_cursor(self):
        sentence = self.current_sentence()
        if sentence is None or not self.view or not self.view.analysis:
            return None
        for quote in self.view.analysis.quotes:
            if quote.start < sentence.end and quote.end > sentence.start:
                return quote
        return None

    def plain_line(self, index: int) -> str:
        """What a display line shows, as plain text (for tests and the help of screen readers)."""
        line = self._layout.lines[index]
        if line.kind == TEXT and self.view:
            return literal(self.view.text[line.start : line.end])
        return line.text

    # ----------------------------------------------------------------- movement

    def _clamp_cursor(self) -> None:
        visible = self.visible_sentences()
        if not visible:
            self.cursor = 0
            return
        if self.cursor not in visible:
            i = bisect_left(visible, self.cursor)
            self.cursor = visible[min(i, len(visible) - 1)]

    def move_to(self, index: int, *, scroll: str = SCROLL_MINIMAL) -> None:
        """Put the cursor on sentence ``index`` (clamped to those shown) and scroll: ``SCROLL_MINIMAL``
        (only as far as needed, as `j`/`k` do), ``SCROLL_TOP`` (see ``reveal``) or ``SCROLL_CENTER``."""
        if not self.sentences:
            return
        self.cursor = max(0, min(index, len(self.sentences) - 1))
        self._clamp_cursor()
        self._invalidate()
        self._scroll_to_cursor(scroll)
        self.post_message(self.CursorMoved(self, self.cursor))

    def reveal(self, offset: int) -> None:
        """The reader's main move, for every jump (a section, a topic, a search hit, a note, an entity's
        mention, a quote; later a dossier entry or a change between versions): put the cursor on the
        sentence holding text ``offset`` and bring that sentence, or its section's heading when it opens
        a section, to the top of the reader with ``CONTEXT_LINES`` above it, as pagers and editors do.
        (Near the end of the article the reader cannot scroll that far: the rest is then all in view.)"""
        self.move_to(self.sentence_at(offset), scroll=SCROLL_TOP)

    def step(self, delta: int) -> None:
        visible = self.visible_sentences()
        if not visible:
            return
        i = bisect_left(visible, self.cursor)
        i = max(0, min(i + delta, len(visible) - 1))
        self.move_to(visible[i])

    def step_section(self, delta: int) -> None:
        if not self.sections:
            self.step(delta * 5)
            return
        current = self.section_index()
        target = current + delta
        visible = self.visible_sentences()
        while 0 <= target < len(self.sections):
            start = self.sections[target].start
            end = self.sections[target].end
            first = [i for i in visible[bisect_left([self.sentences[v].start for v in visible], start) :][:1]
                     if self.sentences[i].start < end]
            if first:
                self.move_to(first[0], scroll=SCROLL_TOP)
                return
            target += delta
        self.move_to(visible[0] if delta < 0 else visible[-1])

    def goto_section(self, section_index: int) -> None:
        """Reveal a section: its heading at the top of the reader (see ``reveal``)."""
        if 0 <= section_index < len(self.sections):
            self.reveal(self.sections[section_index].start)

    def jump_topic(self, number: int) -> bool:
        """Go to the next section of the n-th topic (1-based, in order of appearance). False if none."""
        if not (1 <= number <= len(self.topic_order)):
            return False
        topic = self.topic_order[number - 1]
        current = self.section_index()
        n = len(self.sections)
        for k in range(1, n + 1):
            index = (current + k) % n
            if self.sections[index].topic == topic:
                self.goto_section(index)
                return True
        return False

    # ----------------------------------------------------------------- layout / scrolling

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width or self.size.width or 80
        return max(min(width - GUTTER - 1, MAX_TEXT_WIDTH), 10)

    def _relayout(self, force: bool = False) -> None:
        width = self._text_width()
        if not force and width == self._layout_width:
            return
        self._layout_width = width
        view = self.view
        if view is None:
            self._layout = Layout()
        else:
            numbers = {topic: i + 1 for i, topic in enumerate(self.topic_order[:9])}
            self._layout = build_layout(
                view.text,
                view.title,
                view.meta,
                self.sentences,
                self.sections,
                width,
                numbers,
                only=self.filter,
            )
        self.virtual_size = Size(width + GUTTER, len(self._layout.lines))
        self._invalidate()

    def _invalidate(self) -> None:
        self._cache.clear()
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        before = self._layout_width
        self._relayout()
        if before != self._layout_width:
            self._scroll_mode = SCROLL_CENTER
            self.call_after_refresh(self._rescroll)

    def notify_style_update(self) -> None:
        self._styles.clear()
        self._cache.clear()
        super().notify_style_update()

    def _scroll_to_cursor(self, scroll: str = SCROLL_MINIMAL) -> None:
        self._scroll_mode = scroll
        sentence = self.current_sentence()
        if sentence is None or not self._layout.lines:
            return
        first, last = self._layout.lines_of_range(sentence.start, sentence.end)
        # show the section header above the first sentence of a section
        if first >= 1 and self._layout.lines[first - 1].kind == HEADER:
            first -= 1
        if scroll == SCROLL_TOP:
            self.scroll_line_to_top(first)
            return
        if first <= 4:
            first = 0
        height = max(self.scrollable_content_region.height, 1)
        top = self.scroll_y
        margin = min(CONTEXT_LINES, height // 4)  # the same context as a jump: j/k after one do not scroll
        if scroll == SCROLL_CENTER:
            target = max(first - height // 3, 0)
        elif first < top + margin:
            target = max(first - margin, 0)
        elif last >= top + height - margin:
            target = min(last - height + margin + 1, first)
        else:
            return
        self.scroll_to(y=target, animate=False, immediate=True)

    def scroll_line_to_top(self, line: int) -> None:
        """Scroll so that display line ``line`` is the reader's line ``CONTEXT_LINES`` from the top
        (clamped at the article's start and end). The cursor does not move."""
        self.scroll_to(y=max(line - CONTEXT_LINES, 0), animate=False, immediate=True)

    def _rescroll(self) -> None:
        """After a refresh (when a new layout's height has reached the scrollbars): scroll again the way
        the last move asked for."""
        self._scroll_to_cursor(self._scroll_mode)

    # ----------------------------------------------------------------- rendering

    def _style(self, *names: str) -> Style:
        style = self._styles.get(names)
        if style is None:
            style = self._styles.get(())
            if style is None:  # the widget's own style (rich_style walks up the DOM on every call)
                style = self._styles[()] = self.rich_style
            for name in names:
                style += self.get_component_rich_style(name, partial=True)
            self._styles[names] = style
        return style

    def _topic_class(self, topic: str) -> str | None:
        slot = TOPIC_COLOURS_REGISTRY.slot(topic)
        return None if slot is None else f"reader--topic-{slot}"

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.scrollable_content_region.width
        key = (index, width)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._render_index(index, width)
            self._cache[key] = cached
        return cached

    def _render_index(self, index: int, width: int) -> Strip:
        lines = self._layout.lines
        base = self._style()
        if index >= len(lines) or self.view is None:
            return Strip.blank(width, base)
        line = lines[index]
        if line.kind == BLANK:
            return Strip.blank(width, base)
        if line.kind == TITLE:
            segments = [Segment(" " * GUTTER, base), Segment(line.text, self._style("reader--title"))]
        elif line.kind == META:
            segments = [Segment(" " * GUTTER, base), Segment(line.text, self._style("reader--meta"))]
        elif line.kind == HEADER:
            topic_class = self._topic_class(line.topic)
            names = ("reader--header",) + ((topic_class,) if topic_class else ())
            style = self._style(*names)
            label = f" {line.text} "
            rule = "─" * max(self._layout_width - len(label) - 2, 2)
            segments = [Segment(" " * GUTTER, base), Segment("━━", style), Segment(label, style), Segment(rule, style)]
        else:
            segments = self._text_segments(line)
        strip = Strip(segments)
        return strip.crop_extend(0, width, base)

    def _text_segments(self, line) -> list[Segment]:
        view = self.view
        assert view is not None
        a, b = line.start, line.end
        span = self.selection_span()
        on_cursor = span is not None and span[0] < b and span[1] > a
        noted = bool(self._note_spans.overlapping(a, b)) if len(self._note_spans) else False
        base_names: tuple[str, ...] = ("reader--title",) if line.text == "title" else ()
        base = self._style(*base_names)
        gutter = [
            Segment("▌" if on_cursor else " ", self._style("reader--gutter-cursor") if on_cursor else base),
            Segment("●" if noted else " ", self._style("reader--gutter-note") if noted else base),
            Segment(" ", base),
        ]
        text = literal(view.text[a:b])
        # collect spans per layer touching this line
        active: list[tuple[int, int, str]] = []
        for layer in LAYERS:
            if layer == "cursor":
                if on_cursor:
                    active.append((max(span[0], a), min(span[1], b), layer))
                continue
            index = self._layers.get(layer)
            if index is None or not len(index):
                continue
            for s, e, _key in index.overlapping(a, b):
                active.append((max(s, a), min(e, b), layer))
        if not active:
            return gutter + [Segment(text, base)]
        cuts = {a, b}
        for s, e, _ in active:
            cuts.add(s)
            cuts.add(e)
        points = sorted(cuts)
        order = {name: i for i, name in enumerate(LAYERS)}
        active.sort(key=lambda span: order[span[2]])
        segments = gutter
        for p, q in zip(points, points[1:]):
            if q <= p:
                continue
            names = base_names + tuple(
                f"reader--{layer}" for s, e, layer in active if s <= p and e >= q
            )
            style = self._style(*names) if names else base
            segments.append(Segment(text[p - a : q - a], style))
        return segments

    # ----------------------------------------------------------------- mouse

    def on_click(self, event: events.Click) -> None:
        index = int(self.scroll_y) + event.y
        lines = self._layout.lines
        if not (0 <= index < len(lines)) or self.view is None:
            return
        line = lines[index]
        if line.kind == HEADER:
            self.goto_section(line.start)
            return
        if line.kind != TEXT:
            return
        column = event.x - GUTTER
        offset = line.start
        cells = 0
        text = literal(self.view.text[line.start : line.end])
        for ch in text:
            if cells >= column:
                break
            cells += 1 if ch.isascii() else 2 if ord(ch) >= 0x1100 else 1
            offset += 1
        offset = min(offset, max(line.end - 1, line.start))
        self.move_to(self.sentence_at(offset))  # a click shows what is already on screen: no scrolling
        if self.view.analysis:
            for layer in ("person", "org", "place", "norp"):
                for _s, _e, entity_id in self._layers[layer].overlapping(offset, offset + 1):
                    self.post_message(self.EntityClicked(entity_id))
                    return
