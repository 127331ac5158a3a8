"""The reader's line layout: article text -> wrapped display lines that keep their text offsets.

Pure functions, no Textual: the reader widget renders only the lines on screen from this layout, so a
1 MB article costs one pass of word wrapping and never a widget per paragraph. Text is made safe
character for character (``literal``), so every offset into the article stays valid on screen.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple, overload

from rich.cells import cell_len

from ...model import Analysis, Section, Sentence

# Line kinds
TITLE = 0  # article title (text from Article.title, not navigable)
META = 1  # source / date line
HEADER = 2  # a section header (topic label)
TEXT = 3  # a wrapped piece of article text
BLANK = 4

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def _make_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)
    table[0x0A] = " "  # a newline inside a paragraph (hard-wrapped text) is a space on screen
    table[0x09] = " "
    table[0x0D] = " "
    table[0x7F] = "\u2421"
    for code in range(0x80, 0xA0):
        table[code] = "\ufffd"
    for ch in _BIDI:
        table[ord(ch)] = "\ufffd"
    table[0xAD] = "-"  # soft hyphen: zero width in some terminals, one cell in others
    return table


_TABLE = _make_table()
_SPECIAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\xad" + _BIDI + "]")


def literal(text: str) -> str:
    """``text`` with control characters, escapes and bidi overrides replaced one for one by visible
    placeholders (so offsets are unchanged). Never parsed as markup by anything downstream."""
    if _SPECIAL.search(text) is None:  # the usual case: only newlines and tabs to turn into spaces
        return text.replace("\n", " ").replace("\t", " ")
    return text.translate(_TABLE)


class Line(NamedTuple):
    kind: int
    start: int = 0  # text offsets for TEXT lines (end exclusive); section index for HEADER
    end: int = 0
    text: str = ""  # for TITLE / META / HEADER lines: what to show
    topic: str = ""  # HEADER: topic id


class Lines(Sequence[Line]):
    """A layout's lines as a sequence of ``Line`` tuples, made when asked for (only the lines on screen
    are): the layout keeps them as arrays, a few bytes a line instead of a tuple and its integers."""

    __slots__ = ("_layout",)

    def __init__(self, layout: Layout) -> None:
        self._layout = layout

    def __len__(self) -> int:
        return len(self._layout.kinds)

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        layout = self._layout
        kind = layout.kinds[index]  # (raises IndexError past the end)
        if index < 0:
            index += len(layout.kinds)
        extra = layout.extras.get(index)
        if extra is None:
            return Line(kind, layout.starts[index], layout.ends[index])
        return Line(kind, layout.starts[index], layout.ends[index], extra[0], extra[1])


class Layout:
    """The wrapped lines of an article at one width, as arrays (a 1 MB article has ~25,000 lines).
    (Plain classes and named tuples here: dataclasses are slow to define, and this module is on the
    reader's start-up path.)"""

    __slots__ = ("kinds", "starts", "ends", "extras", "lines", "text_line_starts", "text_line_index", "width", "max_width")

    def __init__(self, width: int = 0) -> None:
        self.kinds = array("b")  # line kind per line
        self.starts = array("i")  # Line.start per line
        self.ends = array("i")  # Line.end per line
        self.extras: dict[int, tuple[str, str]] = {}  # line index -> (text, topic) where either is set
        self.lines = Lines(self)
        self.text_line_starts = array("i")  # start offset of each TEXT line, sorted
        self.text_line_index = array("i")  # index into lines of each TEXT line
        self.width = width
        self.max_width = 0

    def add(self, kind: int, start: int = 0, end: int = 0, text: str = "", topic: str = "") -> None:
        if text or topic:
            self.extras[len(self.kinds)] = (text, topic)
        self.kinds.append(kind)
        self.starts.append(start)
        self.ends.append(end)
        if kind == TEXT:
            self.text_line_starts.append(start)
            self.text_line_index.append(len(self.kinds) - 1)

    def pop(self) -> None:
        """Drop the last line (not a TEXT line)."""
        index = len(self.kinds) - 1
        self.extras.pop(index, None)
        self.kinds.pop()
        self.starts.pop()
        self.ends.pop()

    def line_of_offset(self, offset: int) -> int:
        """The index (into ``lines``) of the TEXT line holding ``offset`` (or the nearest before it)."""
        if not self.text_line_starts:
            return 0
        i = bisect_right(self.text_line_starts, offset) - 1
        return self.text_line_index[max(i, 0)]

    def lines_of_range(self, start: int, end: int) -> tuple[int, int]:
        """First and last line index (inclusive) showing any of [start, end)."""
        first = self.line_of_offset(start)
        last = self.line_of_offset(max(start, end - 1))
        return first, last


_WORD = re.compile(r"\S+\s*")
_LINE_PATTERNS: dict[int, re.Pattern[str]] = {}


def _line_pattern(width: int) -> re.Pattern[str]:
    """Greedy wrap as a regex: the longest run of <= width chars that ends before a space (or the
    text's end), else exactly width chars (a word longer than the line); trailing spaces stay on it."""
    pattern = _LINE_PATTERNS.get(width)
    if pattern is None:
        pattern = re.compile(rf"(?:.{{1,{width}}}(?=\s|$)|.{{{width}}})\s*", re.S)
        _LINE_PATTERNS[width] = pattern
    return pattern


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of one paragraph; returns (start, end) offsets into ``text`` per line.

    Trailing spaces stay on the line they follow (they are not drawn past the width); words longer
    than the width are split.
    """
    width = max(width, 4)
    if not text:
        return [(0, 0)]
    ascii_only = text.isascii()
    if ascii_only and len(text) <= width:
        return [(0, len(text))]
    if ascii_only or cell_len(text) == len(text):  # one cell per character: the regex does it in C
        return [m.span() for m in _line_pattern(width).finditer(text)]
    measure = len if ascii_only else cell_len
    lines: list[tuple[int, int]] = []
    line_start = 0
    col = 0
    first = _WORD.search(text)
    if first is not None and first.start() > 0:  # leading spaces
        col = measure(text[: first.start()])
    for match in _WORD.finditer(text):
        ws, we = match.span()
        word = match.group()
        stripped = word.rstrip()
        w = measure(stripped)
        if col > 0 and col + w > width:
            lines.append((line_start, ws))
            line_start = ws
            col = 0
        if w > width:  # split a long word
            pos = ws
            stop = ws + len(stripped)
            while True:
                if ascii_only:
                    room = width - col
                    if stop - pos <= room:
                        break
                    cut = pos + room
                else:
                    cut = pos
                    used = col
                    while cut < stop and used + cell_len(text[cut]) <= width:
                        used += cell_len(text[cut])
                        cut += 1
                    if cut >= stop:
                        break
                    if cut == pos and col == 0:
                        cut += 1  # a single char wider than the line
                lines.append((line_start, cut))
                line_start = cut
                col = 0
                pos = cut
            col += measure(text[pos:stop])
            col += we - stop
        else:
            col += w + (we - ws - len(stripped))
    lines.append((line_start, len(text)))
    return lines


def fallback_sentences(text: str, body_start: int) -> tuple[Sentence, ...]:
    """Before an analysis exists: one 'sentence' per non-empty line (a paragraph), in order."""
    out: list[Sentence] = []
    pos = body_start
    para = 0
    for line in text[body_start:].split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            out.append(Sentence(start, start + len(stripped), para, "general"))
            para += 1
        pos += len(line) + 1
    return tuple(out)


def paragraph_spans(sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    current = None
    for s in sentences:
        if current is not None and s.paragraph == current:
            a, _ = spans[-1]
            spans[-1] = (a, s.end)
        else:
            spans.append((s.start, s.end))
            current = s.paragraph
    return spans


def build_layout(
    text: str,
    title: str,
    meta: str,
    sentences: Sequence[Sentence],
    sections: Sequence[Section],
    width: int,
    topic_numbers: dict[str, int] | None = None,
    only: Iterable[int] | None = None,
) -> Layout:
    """Lay the article out for ``width`` text cells.

    ``only``: indices of the sentences to show (the reader's filter); each becomes its own piece.
    Section headers precede the first piece of every section shown.
    """
    topic_numbers = topic_numbers or {}
    layout = Layout(width=width)
    kinds = layout.kinds
    add = layout.add

    if only is not None:
        keep = sorted(set(only))
        pieces = [(sentences[i].start, sentences[i].end) for i in keep if 0 <= i < len(sentences)]
    else:
        pieces = paragraph_spans(sentences)
    # split pieces at section starts
    section_starts = [s.start for s in sections]
    split: list[tuple[int, int]] = []
    for a, b in pieces:
        lo, hi = bisect_right(section_starts, a), bisect_right(section_starts, b - 1)
        prev = a
        for c in section_starts[lo:hi]:
            if a < c < b:
                split.append((prev, c))
                prev = c
        split.append((prev, b))

    def add_text(a: int, b: int, marker: str = "") -> None:
        shown = literal(text[a:b])
        for la, lb in wrap(shown, width):
            add(TEXT, a + la, a + lb, marker)

    title_norm = " ".join(title.split())
    if split and only is None and title_norm and " ".join(text[split[0][0] : split[0][1]].split()) == title_norm:
        # the headline is the first paragraph: show it as the title, navigable like any sentence
        a, b = split.pop(0)
        add_text(a, b, "title")
    else:
        add(TITLE, text=literal(title))
    if meta:
        add(META, text=literal(meta))

    current_section = -1
    for a, b in split:
        sec = bisect_right(section_starts, a) - 1 if sections else -1
        if kinds and kinds[-1] != BLANK:
            add(BLANK)
        if sec != current_section and sec >= 0:
            section = sections[sec]
            number = topic_numbers.get(section.topic)
            label = f"{number} · {section.label}" if number else section.label
            add(HEADER, sec, sec, literal(label), section.topic)
            current_section = sec
        add_text(a, b)
    if kinds and kinds[-1] == BLANK and len(kinds) > 1:
        layout.pop()
    return layout


class SpanIndex:
    """Spans (start, end, key) sorted by start, for quick 'which spans touch [a, b)' queries."""

    __slots__ = ("starts", "ends", "keys", "max_len")

    def __init__(self, starts: list[int] | None = None, ends: list[int] | None = None, keys: list[str] | None = None) -> None:
        self.starts = starts if starts is not None else []
        self.ends = ends if ends is not None else []
        self.keys = keys if keys is not None else []
        self.max_len = 0

    @classmethod
    def build(cls, spans: Iterable[tuple[int, int, str]]) -> SpanIndex:
        items = sorted((s for s in spans if s[1] > s[0]), key=lambda s: (s[0], s[1]))
        index = cls([s[0] for s in items], [s[1] for s in items], [s[2] for s in items])
        index.max_len = max((e - s for s, e, _ in items), default=0)
        return index

    def overlapping(self, a: int, b: int) -> list[tuple[int, int, str]]:
        if not self.starts:
            return []
        out = []
        i = bisect_right(self.starts, a - self.max_len) if self.max_len else 0
        i = max(i - 1, 0)
        n = len(self.starts)
        while i < n and self.starts[i] < b:
            if self.ends[i] > a:
                out.append((self.starts[i], self.ends[i], self.keys[i]))
            i += 1
        return out

    def __len__(self) -> int:
        return len(self.starts)


def sentence_at(sentences: Sequence[Sentence], offset: int) -> int:
    """Index of the sentence holding ``offset`` (or the last one starting before it)."""
    starts = [s.start for s in sentences]
    return max(bisect_right(starts, offset) - 1, 0)


def analysis_sentences(analysis: Analysis | None, text: str, body_start: int) -> tuple[Sentence, ...]:
    if analysis is not None and analysis.sentences:
        return analysis.sentences
    return fallback_sentences(text, body_start)
