"""Sentence boundaries in prose, as character offsets: a rule splitter (pure ``re``, tens of thousands of
sentences a second).

A sentence ends at ``. ! ? …`` plus any closing quotes or brackets, when the next word starts like a
sentence; titles and initials (Mr, Dr, Gen., J.) never end one, dotted acronyms (U.S., a.m.) only
before a typical sentence opener. Line breaks are plain whitespace, so hard-wrapped text gives the
same sentences as the unwrapped text. Analysis splits paragraphs into sentences with it
(``analysis/segment.py``); ingest uses ``first_sentence_end`` for a title when an article has none.
"""

from __future__ import annotations

import re

_WORD_AT_START = re.compile(r"\S+")
# Possessive, and only at the start of a run of marks: linear even on 100,000 dots in a row.
_END = re.compile(r"(?<![.!?…。！？])[.!?…。！？]++[\"'”’»)\]]*+(?=\s++\S)")
_HAS_WORD = re.compile(r"\w")
_OPENERS = "\"'“‘«([¿¡—–-"
_ENDERS = ".!?…。！？"
_CLOSERS = "\"'”’»)]"

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
