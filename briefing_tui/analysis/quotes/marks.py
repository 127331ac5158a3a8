"""Quote marks paired into quotations (no parser).

Curly “ ” pair directly, straight " by their position (a mark after a space opens, one before a space or
punctuation closes, otherwise alternation); a paragraph that leaves a quote open continues it into the
next paragraph when that one opens with a mark (or its first mark plainly closes). Single quotes inside
a double quote are nested, not separate; apostrophes are never quote marks.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_DOUBLE_RE = re.compile("[“„«”»\"]")
_SINGLE_RE = re.compile("[‘’']")
_ALL_MARKS = "“„«”»\"‘’'"
_BEFORE_OPENER = "([{<—–-/*_" + _ALL_MARKS
_AFTER_CLOSER = ".,;:!?)]}>—–-…/*_" + _ALL_MARKS
MASK = "\x01"  # replaces quoted words (and their marks) when looking for cues and speakers
NOT_NEWLINE_RE = re.compile(r"[^\n]")


@dataclass
class Span:
    open: int  # position of the opening mark
    stop: int  # position after the closing mark (or the end of the unclosed quote)
    start: int  # the quoted words
    end: int
    para: int  # paragraph index of the opening mark
    last_para: int  # paragraph index where it ends
    closed: bool


def _flanks(text: str, i: int, lo: int, hi: int) -> tuple[bool, bool]:
    """(opens, closes): whether the mark at ``i`` sits like an opening and/or a closing mark."""
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    opens = not nxt.isspace() and (prev.isspace() or prev in _BEFORE_OPENER)
    closes = not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSER)
    return opens, closes


def _opens_after_comma(text: str, i: int, hi: int) -> bool:
    """A straight mark glued to a comma or colon with a space after it (‘said," [Name] liked …"’): with
    no quote open, it can only open one."""
    return text[i] == '"' and i > 0 and text[i - 1] in ",:" and i + 2 < hi and text[i + 1] == " " and (
        text[i + 2].isalnum() or text[i + 2] == "[")


def _is_opening(ch: str, opens: bool, closes: bool, inside: bool) -> bool:
    if ch in _DOUBLE_OPEN:
        return not (closes and not opens)
    if ch in _DOUBLE_CLOSE:
        return opens and not closes
    if opens != closes:
        return opens
    return not inside  # ambiguous straight mark: alternate


def _make_span(
    text: str, open_pos: int, close_pos: int, para: int, last_para: int, closed: bool
) -> Span | None:
    start, end = open_pos + 1, close_pos
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    stop = close_pos + 1 if closed else end
    return Span(open_pos, stop, start, end, para, last_para, closed)


def pair_double(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[Span]:
    spans: list[Span] = []
    cur: tuple[int, int] | None = None  # (opening mark, its paragraph)
    reopen: set[int] = set()  # marks that reopen a quote continued from the previous paragraph

    def emit(close_pos: int, pi: int, closed: bool) -> None:
        assert cur is not None
        span = _make_span(text, cur[0], close_pos, cur[1], pi, closed)
        if span:
            spans.append(span)

    for pi, (ps, pe) in enumerate(paragraphs):
        for m in _DOUBLE_RE.finditer(text, ps, pe):
            i = m.start()
            if i in reopen:
                continue
            opens, closes = _flanks(text, i, ps, pe)
            opening = _is_opening(text[i], opens, closes, cur is not None)
            if cur is None:
                if opening or _opens_after_comma(text, i, pe):
                    cur = (i, pi)
            elif not opening:
                emit(i, pi, True)
                cur = None
            else:  # a new quote opens while one is open: the first was never closed
                emit(i, pi, False)
                cur = (i, pi)
        if cur is None:
            continue
        continued = False
        if pi + 1 < len(paragraphs):
            ns, ne = paragraphs[pi + 1]
            first = _DOUBLE_RE.search(text, ns, ne)
            if first is not None:
                f = first.start()
                opens, closes = _flanks(text, f, ns, ne)
                if not text[ns:f].strip():
                    if _is_opening(text[f], opens, closes, False) or (text[f] == '"' and opens):
                        reopen.add(f)
                        continued = True
                elif closes and not opens and text[f] not in _DOUBLE_OPEN:
                    continued = True  # the next paragraph carries on without a mark and then closes
        if not continued:
            emit(pe, pi, False)
            cur = None
    return spans


def pair_single(text: str, paragraphs: Sequence[tuple[int, int]], doubles: list[Span]) -> list[Span]:
    """Quotes in single marks outside any double quote (‘term’, 'term'); apostrophes are skipped."""
    inside_starts = [s.open for s in doubles]
    spans: list[Span] = []

    def in_double(i: int) -> bool:
        k = bisect.bisect_right(inside_starts, i) - 1
        return k >= 0 and doubles[k].open <= i < doubles[k].stop

    for pi, (ps, pe) in enumerate(paragraphs):
        cur: int | None = None
        for m in _SINGLE_RE.finditer(text, ps, pe):
            i = m.start()
            if in_double(i):
                continue
            opens, closes = _flanks(text, i, ps, pe)
            ch = text[i]
            nxt = text[i + 1] if i + 1 < pe else " "
            if cur is None:
                if opens and not closes and ch != "’" and nxt.isalpha():
                    cur = i
            elif closes and not opens and ch != "‘":
                nxt_alnum = nxt.isalnum()
                if not nxt_alnum and i - cur > 2:
                    span = _make_span(text, cur, i, pi, pi, True)
                    k = bisect.bisect_left(inside_starts, cur)
                    if span and (k == len(doubles) or doubles[k].open > i):  # no double quote inside
                        spans.append(span)
                    cur = None
    return spans
