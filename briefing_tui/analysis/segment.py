"""Paragraphs and sentences, as character offsets into the normalised text.

Paragraphs: the layout is decided first — blank-line paragraphs, one paragraph per line, or hard-wrapped
lines (joined until a blank line or a line that visibly ends a paragraph). Markdown headings are their
own paragraph; fences, rules and table rows are not prose and are skipped.

Sentences: ``prose/sentences.py``'s rule splitter, inside each paragraph; a Markdown heading is one
sentence without its ``#`` marks. (The Markdown line rules are ``prose/markdown_lines.py``, shared with
ingest.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Sentence
from ..prose import markdown_lines as markdown
from ..prose.sentences import first_sentence_end, sentence_bounds, starts_sentence

__all__ = ["first_sentence_end", "sentence_bounds", "starts_sentence", "segment", "split_paragraphs", "split_sentences"]

# --- paragraphs ------------------------------------------------------------------------------------

_TERMINAL_END = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*\s*$")
_WORD_AT_START = re.compile(r"\S+")

_TEXT, _HEADING, _SKIP = 0, 1, 2


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    """(start, end) of each line from ``start``, end excluding the newline and trailing whitespace."""
    out = []
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        e = end
        while e > pos and text[e - 1].isspace():
            e -= 1
        out.append((pos, e))
        pos = end + 1
    return out


def _classify(text: str, lines: list[tuple[int, int]]) -> list[int | None]:
    """Per line: None for blank, _SKIP for markup without prose, _HEADING, or _TEXT."""
    kinds: list[int | None] = []
    fence = ""
    for i, (ls, le) in enumerate(lines):
        line = text[ls:le]
        if fence:
            kinds.append(_SKIP)
            if line.strip().startswith(fence):
                fence = ""
            continue
        if not line.strip():
            kinds.append(None)
            continue
        if markdown.is_fence(line):
            fence = markdown.fence_marker(line)
            kinds.append(_SKIP)
            continue
        if markdown.heading_level(line):
            span = markdown.heading_span(line)
            kinds.append(_HEADING if span and span[1] > span[0] else _SKIP)
            continue
        if (
            i > 0
            and kinds[-1] == _TEXT
            and markdown.is_setext_underline(line)
            and (i < 2 or kinds[-2] is None or kinds[-2] == _SKIP or kinds[-2] == _HEADING)
        ):
            kinds[-1] = _HEADING  # the line above is a setext heading
            kinds.append(_SKIP)
            continue
        if markdown.is_rule(line) or markdown.is_table_row(line) or markdown.is_comment(line):
            kinds.append(_SKIP)
            continue
        kinds.append(_TEXT)
    return kinds


def _first_word_len(text: str, ls: int, le: int) -> int:
    m = _WORD_AT_START.search(text, ls, le)
    return (m.end() - m.start()) if m else 0


def _is_wrapped(text: str, lines, kinds) -> tuple[bool, int]:
    """Whether consecutive text lines look hard-wrapped, and the wrap width they suggest."""
    cands = [
        i for i in range(len(lines) - 1)
        if kinds[i] == _TEXT and kinds[i + 1] == _TEXT
    ]
    if len(cands) < 2:
        return False, 0
    lengths = sorted(lines[i][1] - lines[i][0] for i in cands)
    # the wrap width: the longest wrapped line, ignoring the odd over-long one (a URL) in longer texts
    width = lengths[-1] if len(lengths) < 10 else lengths[int(0.9 * (len(lengths) - 1))]
    if width <= 0:
        return False, 0
    fits = 0
    for i in cands:
        nxt = lines[i + 1]
        if (lines[i][1] - lines[i][0]) + 1 + _first_word_len(text, *nxt) > width - 4:
            fits += 1
    return fits >= 0.6 * len(cands), width


def _starts_lower(text: str, ls: int, le: int) -> bool:
    m = _WORD_AT_START.search(text, ls, le)
    return bool(m) and text[m.start()].islower()


def _starts_upper(text: str, ls: int, le: int) -> bool:
    m = _WORD_AT_START.search(text, ls, le)
    if not m:
        return False
    word = text[m.start():m.end()].lstrip("\"'“‘(«[")
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def split_paragraphs(text: str, start: int = 0) -> list[tuple[int, int]]:
    """Paragraph (start, end) offsets from ``start`` on; each span is trimmed of surrounding whitespace."""
    lines = _lines(text, start)
    kinds = _classify(text, lines)
    wrapped, width = _is_wrapped(text, lines, kinds)
    paragraphs: list[tuple[int, int]] = []
    cur: list[int] | None = None  # [start, end] of the paragraph being built

    def close() -> None:
        nonlocal cur
        if cur is not None:
            paragraphs.append((cur[0], cur[1]))
            cur = None

    for i, (ls, le) in enumerate(lines):
        kind = kinds[i]
        if kind is None or kind == _SKIP:
            close()
            continue
        s = ls
        while s < le and text[s].isspace():
            s += 1
        if kind == _HEADING:
            close()
            paragraphs.append((s, le))
            continue
        line = text[ls:le]
        if cur is not None and _continues(text, lines, i, line, wrapped, width):
            cur[1] = le
        else:
            close()
            cur = [s, le]
    close()
    return paragraphs


def _continues(text: str, lines, i: int, line: str, wrapped: bool, width: int) -> bool:
    """Whether line ``i`` continues the paragraph of line ``i - 1`` (both text lines)."""
    if markdown.is_list_item(line) and not markdown.is_block_quote(line):
        return False
    pls, ple = lines[i - 1]
    prev_len = ple - pls
    ls, le = lines[i]
    ends_terminal = bool(_TERMINAL_END.search(text, pls, ple))
    if wrapped:
        fits = prev_len + 1 + _first_word_len(text, ls, le) > width - 4
        if fits:
            return True
        if ends_terminal:
            return False
        if _starts_upper(text, ls, le) and prev_len < 0.8 * width:
            return False  # a clearly short unpunctuated line (a headline, a dateline) before a new paragraph
        return True
    # one paragraph per line; a line that stops mid-sentence and goes on in lower case continues it
    return not ends_terminal and _starts_lower(text, ls, le)


def split_sentences(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[Sentence]:
    """Sentences of each paragraph, with the paragraph index; topic ``general`` until topics assigns one."""
    sentences: list[Sentence] = []
    for index, (ps, pe) in enumerate(paragraphs):
        nl = text.find("\n", ps, pe)
        first_line = text[ps:(pe if nl < 0 else nl)]
        span = markdown.heading_span(first_line)
        if span is not None:  # a heading is one sentence, without its # marks
            hs, he = ps + span[0], ps + span[1]
            if he > hs:
                sentences.append(Sentence(hs, he, index))
            continue
        s = ps + markdown.prose_start(first_line)
        for a, b in sentence_bounds(text, s, pe):
            sentences.append(Sentence(a, b, index))
    return sentences


def segment(text: str, start: int = 0) -> tuple[list[tuple[int, int]], list[Sentence]]:
    """Paragraphs and sentences of ``text`` from ``start`` on."""
    paragraphs = split_paragraphs(text, start)
    return paragraphs, split_sentences(text, paragraphs)
