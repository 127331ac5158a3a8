"""Paragraphs and sentences, as character offsets into the normalised text.

Paragraphs: the layout is decided first — blank-line paragraphs, one paragraph per line, or hard-wrapped
lines (joined until a blank line or a line that visibly ends a paragraph). Markdown headings are their
own paragraph; fences, rules and table rows are not prose and are skipped.

Sentences: a rule splitter (pure ``re``, tens of thousands of sentences a second). A sentence ends at
``. ! ? …`` plus any closing quotes or brackets, when the next word starts like a sentence; titles and
initials (Mr, Dr, Gen., J.) never end one, dotted acronyms (U.S., a.m.) only before a typical sentence
opener. Line breaks inside a paragraph are plain whitespace, so hard-wrapped text gives the same
sentences as the unwrapped text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..ingest import markdown
from ..model import Sentence

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


# --- sentences -------------------------------------------------------------------------------------

# Possessive, and only at the start of a run of marks: linear even on 100,000 dots in a row.
_END = re.compile(r"(?<![.!?…。！？])[.!?…。！？]++[\"'”’»)\]]*+(?=\s++\S)")
_HAS_WORD = re.compile(r"\w")
_ENDERS = ".!?…。！？"
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«([¿¡—–-"

# Titles that never end a sentence (compared lower-case, without the dot).
_TITLES = frozenset(
    """mr mrs ms messrs mme mlle dr prof gen sen rep gov lt col capt cmdr adm sgt maj cpl pvt st rev hon
    pres supt insp det fr gens sens reps govs lieut brig amb atty vs cf approx
    """.split()
)
# Abbreviations that end a sentence only before a word that typically opens one (never before a number).
_MAYBE_END = frozenset(
    """inc ltd co corp bros llc plc jr sr etc esq dept univ ave blvd rd mt ft ed eds est no nos al
    fig figs vol vols pp ch para art sec
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    """.split()
)
_DOTTED = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_STARTERS = frozenset(
    """the a an he she it they we i you this that these those there here in on at but and or however
    meanwhile after before when while his her their its our my your some many most no yes as for if so
    then also still one two three four five six seven eight nine ten what who why how where which
    officials president mr mrs ms dr according since during despite although though instead other
    both each every all such its our last next first earlier later now today yesterday
    """.split()
)


def _prev_word(seg: str, end: int) -> str:
    """The non-space run ending at ``end`` (looked for backwards: linear in the word, not the text)."""
    i = end
    limit = max(0, end - 64)
    while i > limit and not seg[i - 1].isspace():
        i -= 1
    return seg[i:end].lstrip(_OPENERS)


def _next_word(seg: str, pos: int) -> str:
    m = _WORD_AT_START.search(seg, pos)
    return m.group() if m else ""


def _is_boundary(seg: str, m: re.Match[str]) -> bool:
    punct = seg[m.start():m.end()]
    nxt = _next_word(seg, m.end())
    if not nxt:
        return False
    first = nxt.lstrip(_OPENERS)
    if not first:
        return True
    c = first[0]
    if c.islower():
        return False
    if punct[0] != "." or punct.startswith(".."):
        return True
    word = _prev_word(seg, m.start())
    if "-" in word:
        word = word.rsplit("-", 1)[1]  # "non-U.S." is judged as "U.S."
    if not word:
        return True
    key = word.lower()
    if key in _TITLES:
        return False
    starter = first.lower().strip(".,;:!?\"'”’") in _STARTERS
    if len(word) == 1 and word.isalpha() and word.isupper():
        return starter  # an initial ("Mary K. Jones") unless a sentence clearly starts ("Plan B. The")
    if key in _MAYBE_END:
        if c.isdigit():
            return False
        return starter
    if _DOTTED.match(word):  # U.S., a.m., e.g.
        if key in ("e.g", "i.e"):
            return False
        return starter
    return True


def sentence_bounds(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets inside ``text[start:end]``, trimmed of whitespace."""
    seg = text[start:end]
    out: list[tuple[int, int]] = []
    s = 0
    for m in _END.finditer(seg):
        if m.end() <= s:
            continue
        if _is_boundary(seg, m):
            out.append((s, m.end()))
            s = m.end()
    out.append((s, len(seg)))
    spans: list[tuple[int, int]] = []
    carry: tuple[int, int] | None = None  # a punctuation-only piece ("…") waiting to join the next sentence
    for a, b in out:
        while a < b and seg[a].isspace():
            a += 1
        while b > a and seg[b - 1].isspace():
            b -= 1
        if b <= a:
            continue
        if carry is not None:
            a, carry = carry[0], None
        if not _HAS_WORD.search(seg, a, b):
            carry = (a, b)
            continue
        spans.append((start + a, start + b))
    if carry is not None:  # trailing punctuation joins the sentence before it, or stands alone
        if spans:
            spans[-1] = (spans[-1][0], start + carry[1])
        else:
            spans.append((start + carry[0], start + carry[1]))
    return spans


def starts_sentence(text: str, pos: int, para_start: int = 0) -> bool:
    """Is ``pos`` (a word) the first of a sentence, by the same rule as ``sentence_bounds``? The one
    notion of a sentence boundary for every stage (the quotation and name stages ask this)."""
    i = pos - 1
    while i >= para_start and (text[i].isspace() or text[i] in _OPENERS):
        i -= 1
    if i < para_start:
        return True
    j = i
    while j >= para_start and text[j] in _CLOSERS:
        j -= 1
    if j < para_start or text[j] not in _ENDERS:
        return False
    k = j
    while k > para_start and text[k - 1] in _ENDERS:
        k -= 1
    lo = max(para_start, k - 64)
    seg = text[lo : pos + 64]
    m = _END.match(seg, k - lo)
    return bool(m) and m.end() == i + 1 - lo and _is_boundary(seg, m)


def first_sentence_end(s: str) -> int:
    """Where the first sentence of ``s`` ends (``len(s)`` when it has only one)."""
    spans = sentence_bounds(s, 0, len(s))
    return spans[0][1] if spans else len(s)


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
