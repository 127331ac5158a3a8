"""Quotations and their speakers, found by pairing quote marks and attributed by patterns (no parser).

Marks: curly “ ” pair directly, straight " by their position (a mark after a space opens, one before a
space or punctuation closes, otherwise alternation); a paragraph that leaves a quote open continues it
into the next paragraph when that one opens with a mark (or its first mark plainly closes). Single quotes
inside a double quote are nested, not separate; apostrophes are never quote marks.

Attribution: the nearest speech cue ("said", "told", "saying", "according to", ...) in the quote's own
sentence, or a trailing ``,” X said``; its subject by pattern ("NAME cue", "cue NAME", "NAME, who …,
cue", "NAME's … cue", a pronoun resolved to the last person named as a subject, or an unnamed speaker's
description such as "a senior diplomat"). A quote with no cue continues the voice of the quote before it
when it opens its sentence next to it; a quoted term with no cue stays unattributed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Entity, Quote, Sentence

# --- marks ----------------------------------------------------------------------------------------

_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_DOUBLE_RE = re.compile("[“„«”»\"]")
_SINGLE_RE = re.compile("[‘’']")
_ALL_MARKS = "“„«”»\"‘’'"
_BEFORE_OPENER = "([{<—–-/*_" + _ALL_MARKS
_AFTER_CLOSER = ".,;:!?)]}>—–-…/*_" + _ALL_MARKS
_MASK = "\x01"  # replaces quoted words (and their marks) when looking for cues and speakers
_NOT_NEWLINE_RE = re.compile(r"[^\n]")


@dataclass
class _Span:
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
) -> _Span | None:
    start, end = open_pos + 1, close_pos
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end <= start:
        return None
    stop = close_pos + 1 if closed else end
    return _Span(open_pos, stop, start, end, para, last_para, closed)


def _pair_double(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Span]:
    spans: list[_Span] = []
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
                if opening:
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


def _pair_single(text: str, paragraphs: Sequence[tuple[int, int]], doubles: list[_Span]) -> list[_Span]:
    """Quotes in single marks outside any double quote (‘term’, 'term'); apostrophes are skipped."""
    inside_starts = [s.open for s in doubles]
    spans: list[_Span] = []

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


# --- words ----------------------------------------------------------------------------------------

_CUES = (
    "said says say told tells tell added adds add explained explains acknowledged acknowledges "
    "accused accuses stated states warned warns warn called calls insisted insists insist noted notes "
    "wrote writes asked asks replied replies responded declared declares argued argues argue claimed "
    "claims claim announced commented remarked recalled recalls concluded continued observed suggested "
    "admitted admits confirmed confirms stressed stresses stress emphasised emphasized described "
    "urged cautioned predicted promised vowed tweeted posted complained conceded countered "
    "saying telling adding explaining stating noting warning insisting writing asking arguing "
    "declaring calling describing acknowledging stressing replying claiming admitting"
).split()
_CUE_SET = frozenset(_CUES)
_CUE_RE = re.compile(
    r"\b(?:[Aa]ccording to|[Ii]n a statement|issued a statement|released a statement|"
    + "|".join(sorted(_CUES, key=len, reverse=True))
    + r")\b"
)
# cues whose subject may follow them ("…,” said Smith.")
_INVERTIBLE = set(
    "said says added adds explained explains wrote writes asked asks replied replies responded declared "
    "continued recalled concluded noted notes insisted observed countered".split()
)
_PARTICIPLE_SUFFIX = "ing"
_PREV_WORD_RE = re.compile(r"([\w'’]+)\s+$")
_NOUN_MARKERS = set("the a an his her their its our my your these those such".split())
_PRONOUN_PARAGRAPHS = 4  # how far back a pronoun looks for the person it stands for
_SUBJECT_REACH = 300  # characters before a verb where its subject is looked for
_LONGEST_SENTENCE = 500  # characters looked at around a quote when no sentence end is found (keeps it linear)

_TOKEN_RE = re.compile(
    r"[^\W_](?:\w|[-.](?=[^\W_])|['’](?=[^\W_]{2,}))*|['’][A-Za-z]{1,2}\b|" + _MASK + r"+|[^\s\w]"
)
_SKIP_BEFORE_CUE = set(
    "has have had was were is are be been being also later then once previously recently earlier "
    "reportedly further again repeatedly would will could might may can must should to going gonna did "
    "do does not never just already often still only even 's ’s 'll ’ll 'd ’d 've ’ve 're ’re "
    "has also n't".split()
)
_PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "i": "1", "we": "1", "you": "2"}
_DETERMINERS = set(
    "a an the one another some several many few two three four five six seven eight nine ten other "
    "its their his her our both most all each senior".split()
)
_CLAUSE_WORDS = set(
    "and but or that which who whom whose while as because when after before since though although if "
    "where whereas so than then yet nor".split()
)
_PREPOSITIONS = set(
    "of to in on at by for from with about over under into onto against between among through during "
    "without within via per like near toward towards upon across behind beyond".split()
)
_TITLES = set(
    "mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary general gen admiral "
    "adm senator sen rep representative governor gov mayor ambassador chancellor king queen prince "
    "princess pope chairman chairwoman chair chief director spokesman spokeswoman spokesperson envoy "
    "special foreign defence defense deputy commander colonel col lieutenant lt captain capt sergeant "
    "sgt judge justice coach manager leader officer official head executive ceo mp mep former acting "
    "interior finance economy state national security advisor adviser counsel attorney speaker "
    "army navy air force marshal major maj rev reverend father bishop cardinal sheikh emir senior "
    "assistant associate professor doctor spokesmen officials analyst affairs relations committee policy".split()
)
_SENTENCE_ADVERBS = set(
    "meanwhile however also then still yet now but and so thus later earlier instead indeed nonetheless "
    "nevertheless separately elsewhere moreover furthermore afterwards today yesterday".split()
)
_PERSON_NOUNS = _TITLES | set(
    "lawyer lawyers aide aides wife husband son daughter mother father brother sister friend friends "
    "colleague colleagues partner partners staff representative representatives people".split()
)
_FEMALE_TITLES = set(
    "mrs ms miss madam dame lady queen princess duchess countess baroness spokeswoman chairwoman "
    "congresswoman councilwoman businesswoman sportswoman mother sister daughter wife aunt grandmother "
    "actress".split()
)
_MALE_TITLES = set(
    "mr sir lord king prince duke count baron spokesman chairman congressman councilman businessman "
    "sportsman father brother son husband uncle grandfather actor".split()
)
_GENDERED_TITLE_RE = re.compile(
    r"\b(" + "|".join(sorted(_FEMALE_TITLES | _MALE_TITLES, key=len, reverse=True)) + r")\.?\s+$", re.IGNORECASE
)
_ARTICLES = ("the", "a", "an")
_TURN_RE = re.compile(r"(?:([A-Z][A-Z.’'\- ]*[A-Z.]):\s|Q[:.]?\s)")  # "THE PRESIDENT: …", "Q …"
_NOT_A_SPEAKER = set(_PRONOUNS) | {"you", "what", "me", "us", "him", "them"}
_NOT_NAMES = (
    _DETERMINERS | _CLAUSE_WORDS | _PREPOSITIONS | _SENTENCE_ADVERBS | set(_PRONOUNS)
    | set("this these those there here what how why yes no q a me us him them my your".split())
)
_TERM_BEFORE = re.compile(
    r"(?:\bknown as|\bknow as|\bdubbed|\bso-called|\btermed|\btitled|\bentitled|\bnamed|\breferred to as"
    r"|\bthe (?:term|phrase|name|word|words|slogan|label|hashtag|headline|motto|title|expression)"
    r"|\b(?:what['’]s|what is|is|are|was|were|be|been|being|also|often|sometimes|commonly) called)"
    r"[\s,:" + _MASK + r"]*$",
    re.IGNORECASE,
)
_ABBREVIATIONS = set(
    "mr mrs ms dr st gen sen rep gov lt col sgt capt prof jr sr adm maj rev hon no inc co corp ltd vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec fig approx dept est univ".split()
)
_BOUNDARY_RE = re.compile(r"([.!?…]+)([”\"’')\]]*)\s+(?=[“\"‘'(\[]?[A-Z0-9])")


@dataclass(frozen=True)
class _Speaker:
    name: str
    entity: str | None = None
    type: str | None = None  # the entity type, "DESC" for an unnamed speaker's description


_Attributed = tuple[_Span, "_Speaker | None", "str | None"]  # a quote done: its span, speaker and cue


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str


def _cap(word: str) -> bool:
    return word[:1].isupper()


class _Attributor:
    """Finds the speaker of each quote in one text (masked: quote contents replaced by a mask char)."""

    def __init__(
        self,
        text: str,
        spans: list[_Span],
        paragraphs: Sequence[tuple[int, int]],
        sentences: Sequence[Sentence],
        entities: Sequence[Entity],
    ) -> None:
        self.text = text
        self.spans = spans
        self.paragraphs = sorted(paragraphs)
        self.para_starts = [p[0] for p in self.paragraphs]
        self.span_opens = [s.open for s in spans]
        pieces = []
        pos = 0
        for s in spans:
            pieces.append(text[pos : s.open])
            pieces.append(_NOT_NEWLINE_RE.sub(_MASK, text[s.open : s.stop]))
            pos = s.stop
        pieces.append(text[pos:])
        self.masked = "".join(pieces)
        self.by_end: dict[int, tuple[int, Entity]] = {}
        self.by_start: dict[int, tuple[int, Entity]] = {}
        self.entities = list(entities)
        self.by_name: dict[str, Entity] = {}  # a name or mention text, lower-cased
        self.by_surname: dict[str, Entity] = {}  # the last word of a PERSON's name
        for e in entities:
            self.by_name.setdefault(e.name.lower(), e)
            if e.type == "PERSON" and e.name.split():
                self.by_surname.setdefault(e.name.split()[-1].lower(), e)
            for m in e.mentions:
                self.by_end.setdefault(m.end, (m.start, e))
                self.by_start.setdefault(m.start, (m.end, e))
                self.by_name.setdefault(m.text.lower(), e)
        self.gender = {e.id: g for e in entities if (g := self._gender(e))}
        self.boundaries = self._boundaries(sentences)
        self.candidates: list[tuple[int, _Speaker]] = []  # subjects named before, for pronouns
        self._collect_person_subjects()
        self.turns = self._transcript_turns()
        self.turn_paras = [t[0] for t in self.turns]

    # -- geometry --------------------------------------------------------------------------------
    def _boundaries(self, sentences: Sequence[Sentence]) -> list[int]:
        text = self.text
        out = set()
        for m in _BOUNDARY_RE.finditer(text):
            if self._inside_quote(m.start(1)) and self._inside_quote(m.end()):
                continue
            word = re.search(r"([\w.]+)$", text[max(0, m.start(1) - 12) : m.start(1)])
            if m.group(1) == "." and word:
                w = word.group(1)
                if w.lower().rstrip(".") in _ABBREVIATIONS or (len(w.replace(".", "")) <= 2 and w[:1].isupper()):
                    continue
            out.add(m.end())
        for s in sentences:
            if not self._inside_quote(s.start):
                out.add(s.start)
        return sorted(out)

    def _inside_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.span_opens, pos) - 1
        return k >= 0 and self.spans[k].open < pos < self.spans[k].stop

    def para_bounds(self, pos: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.para_starts, pos) - 1
        if k < 0:
            return 0, len(self.text)
        return self.paragraphs[k]

    def para_index(self, pos: int) -> int:
        return bisect.bisect_right(self.para_starts, pos) - 1

    def sent_start(self, pos: int) -> int:
        ps, _ = self.para_bounds(pos)
        ps = max(ps, pos - _LONGEST_SENTENCE)
        k = bisect.bisect_right(self.boundaries, pos) - 1
        return max(ps, self.boundaries[k]) if k >= 0 else ps

    def sent_end(self, pos: int) -> int:
        _, pe = self.para_bounds(pos)
        pe = min(pe, pos + _LONGEST_SENTENCE)
        k = bisect.bisect_right(self.boundaries, pos)
        return min(pe, self.boundaries[k]) if k < len(self.boundaries) else pe

    def cues(self, lo: int, hi: int) -> list[re.Match]:
        """Speech cues in [lo, hi) outside quotes; a noun reading ("the claims", "his notes") is not one."""
        out = []
        for m in _CUE_RE.finditer(self.masked, lo, hi):
            prev = _PREV_WORD_RE.search(self.masked, max(0, m.start() - 12), m.start())
            if prev and (prev.group(1).lower() in _NOUN_MARKERS or prev.group(1).endswith(("'s", "’s"))):
                continue
            if prev and m.group().lower() == "in a statement" and prev.group(1) in _CUE_SET:
                continue  # "said in a statement": the verb is the cue
            out.append(m)
        return out

    def tokens(self, lo: int, hi: int) -> list[_Tok]:
        """The words and marks of the masked text within [lo, hi)."""
        return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(self.masked, lo, hi)]

    # -- names -----------------------------------------------------------------------------------
    def _gender(self, e: Entity) -> str | None:
        """"m" or "f" when a mention of a person follows a gendered title (Mr, Ms, spokeswoman, …)."""
        if e.type != "PERSON":
            return None
        for m in e.mentions:
            hit = _GENDERED_TITLE_RE.search(self.text, max(0, m.start - 16), m.start)
            if hit:
                return "f" if hit.group(1).lower().rstrip(".") in _FEMALE_TITLES else "m"
        return None

    def _entity_speaker(self, e: Entity) -> _Speaker:
        return _Speaker(e.name, e.id, e.type)

    def _lookup_name(self, name: str) -> _Speaker:
        """A name found without a mention: map it to an entity when its text matches one."""
        key = name.lower()
        e = self.by_name.get(key) or (self.by_surname.get(key) if " " not in key else None)
        return self._entity_speaker(e) if e else _Speaker(name, None, None)

    def _mention_ending(self, toks: list[_Tok], i: int) -> tuple[int, _Speaker] | None:
        """The entity mention that ends with token i: (index of its first token, speaker)."""
        hit = self.by_end.get(toks[i].end)
        if hit is None:
            return None
        start, e = hit
        j = i
        while j > 0 and toks[j].start > start:
            j -= 1
        return j, self._entity_speaker(e)

    def _capital_run(self, toks: list[_Tok], i: int) -> tuple[int, _Speaker] | None:
        """A capitalised name ending at token i, without a mention (titles and determiners dropped)."""
        last = toks[i].text
        if not _cap(last) or last.lower() in _PRONOUNS or (last.isupper() and len(last) == 1):
            return None
        j = i
        def in_run(k: int) -> bool:
            return _cap(toks[k].text) or (toks[k].text == "." and k >= 1 and _cap(toks[k - 1].text))

        while j >= 1 and in_run(j - 1):
            j -= 1  # "Carlos A. Gimenez": initials with their dots stay in the run
        words = [t.text for t in toks[j : i + 1] if t.text != "."]
        return (j, self._lookup_name(name)) if (name := _strip_titles(words)) else None

    def _name_ending(self, toks: list[_Tok], i: int) -> tuple[int, _Speaker] | None:
        return self._mention_ending(toks, i) or self._capital_run(toks, i)

    # -- pronouns --------------------------------------------------------------------------------
    def _subject_position(self, start: int) -> bool:
        toks = self.tokens(max(self.sent_start(start), start - _SUBJECT_REACH), start)
        j = len(toks) - 1
        while j >= 0:
            t = toks[j].text
            if _cap(t) or t in (".", "'s", "’s", "-") or t.lower() in _TITLES or t.lower() in _ARTICLES:
                j -= 1
                continue
            break
        if j < 0:
            return True
        t = toks[j].text.lower()
        return t in (",", ";", ":", "—", "–", "(") or t in _CLAUSE_WORDS or t.startswith(_MASK)

    def _collect_person_subjects(self) -> None:
        self.persons: list[tuple[int, _Speaker]] = []  # every PERSON mention outside quotes
        for e in self.entities:
            if e.type not in ("PERSON", "ORG"):
                continue
            for m in e.mentions:
                if self._inside_quote(m.start):
                    continue
                if e.type == "PERSON":
                    self.persons.append((m.start, self._entity_speaker(e)))
                if self._subject_position(m.start):  # organisations are there for "it"
                    self.candidates.append((m.start, self._entity_speaker(e)))
        self.persons.sort(key=lambda c: c[0])
        self.person_pos = [c[0] for c in self.persons]
        # subjects of speech cues outside quotes (also catches names the NER missed)
        for m in self.cues(0, len(self.masked)):
            if m.group().endswith(_PARTICIPLE_SUFFIX):
                continue
            found = self._subject_left(self.sent_start(m.start()), m.start(), resolve=False)
            if found and found.type != "DESC":
                self.candidates.append((m.start(), found))
        self.candidates.sort(key=lambda c: c[0])
        self.cand_pos = [c[0] for c in self.candidates]

    def _transcript_turns(self) -> list[tuple[int, _Speaker | None]]:
        """(paragraph index, speaker) where a transcript turn starts ("MR. ROE: …"; "Q …" is a questioner)."""
        turns: list[tuple[int, _Speaker | None]] = []
        for pi, (ps, pe) in enumerate(self.paragraphs):
            m = _TURN_RE.match(self.text, ps, pe)
            if m is None:
                continue
            if m.group(1) is None:
                turns.append((pi, None))
                continue
            lo, hi = m.span(1)
            speaker = None
            for t in self.tokens(lo, hi):
                hit = self.by_start.get(t.start)
                if hit and hit[0] <= hi and hit[1].type == "PERSON":
                    speaker = self._entity_speaker(hit[1])
            if speaker is None:
                words = m.group(1).title().split()
                if words[0].lower() in _ARTICLES:
                    words[0] = words[0].lower()
                speaker = _Speaker(" ".join(words), None, "DESC")
            turns.append((pi, speaker))
        return turns

    def _turn_speaker(self, pos: int) -> _Speaker | None:
        """Who says "I" at ``pos``: the speaker of the transcript turn it is in, if any."""
        pi = self.para_index(pos)
        k = bisect.bisect_right(self.turn_paras, pi) - 1
        return self.turns[k][1] if k >= 0 else None

    def _add_candidate(self, pos: int, sp: _Speaker) -> None:
        k = bisect.bisect_right(self.cand_pos, pos)
        self.cand_pos.insert(k, pos)
        self.candidates.insert(k, (pos, sp))

    def _resolve(self, pronoun: str, pos: int) -> _Speaker | None:
        kind = _PRONOUNS.get(pronoun.lower())
        if pronoun == "I":
            return self._turn_speaker(pos)
        if kind in ("1", "2", None):
            return None
        # the last subject named within a few paragraphs, else the last person named there at all
        horizon = self.para_index(pos) - _PRONOUN_PARAGRAPHS
        other = {"m": "f", "f": "m"}.get(kind)  # "he" is not someone known as "Ms …"
        k = bisect.bisect_left(self.cand_pos, pos) - 1
        while k >= 0 and self.para_index(self.cand_pos[k]) >= horizon:
            sp = self.candidates[k][1]
            if kind == "n":
                if sp.type in ("ORG", "GPE", "NORP"):
                    return sp
            elif sp.type in ("PERSON", "DESC", None) and (other is None or self.gender.get(sp.entity) != other):
                return sp
            k -= 1
        if kind != "n":
            k = bisect.bisect_left(self.person_pos, pos) - 1
            while k >= 0 and self.para_index(self.person_pos[k]) >= horizon:
                sp = self.persons[k][1]
                if other is None or self.gender.get(sp.entity) != other:
                    return sp
                k -= 1
        return None

    # -- subjects --------------------------------------------------------------------------------
    def _subject_left(self, lo: int, cue_start: int, resolve: bool = True) -> _Speaker | None:
        """The subject right before a cue: NAME, NAME's …, NAME, apposition,, pronoun, or a description."""
        toks = self.tokens(max(lo, cue_start - _SUBJECT_REACH), cue_start)
        i = len(toks) - 1
        while i >= 0 and (toks[i].text.lower() in _SKIP_BEFORE_CUE or _adverb(toks[i].text)):
            i -= 1
        if i < 0:
            return None
        t = toks[i].text
        if t.lower() in _PRONOUNS:
            return self._resolve(t, toks[i].start) if resolve else None
        if t == ",":  # NAME, apposition, cue
            found = []
            j = i - 1
            while j >= 0 and toks[j].text not in (",", ";", ":") and not toks[j].text.startswith(_MASK):
                j -= 1
            hit = self._name_ending(toks, i - 1) if i > 0 else None
            if hit and hit[0] == j + 1:  # the apposition is itself the name: "…, Jane Roe, said"
                found.append(hit[1])
            if j > 0 and toks[j].text == ",":
                hit2 = self._name_ending(toks, j - 1)
                if hit2:
                    found.append(hit2[1])
                else:
                    desc = self._description(toks, j - 1)
                    if desc:
                        found.append(desc)
            if hit and j < 0:  # a stray comma before the verb: "The firm Acme.com, has said"
                found.append(hit[1])
            for sp in found:
                if sp.type == "PERSON":
                    return sp
            return found[0] if found else None
        hit = self._name_ending(toks, i)
        if hit:
            return hit[1]
        return self._description(toks, i)

    def _description(self, toks: list[_Tok], i: int) -> _Speaker | None:
        """The noun phrase ending at token i from its clause start: "a senior diplomat", "NAME's office"."""
        j = i
        while j >= 0 and toks[j].text.lower() not in _CLAUSE_WORDS and not toks[j].text.startswith(_MASK) and (
            toks[j].text[0].isalnum() or toks[j].text in ("'s", "’s", "-")
        ):
            j -= 1
        words = toks[j + 1 : i + 1]
        if not words or len(words) > 14:
            return None
        # NAME's statement / analysis … -> NAME (but NAME's spokesman is someone else)
        for k in range(len(words) - 1):
            if words[k + 1].text in ("'s", "’s"):
                hit = self._name_ending(words, k)
                if hit is None or any(w.text.lower() in _PERSON_NOUNS for w in words[k + 2 :]):
                    break
                if all(_cap(w.text) or w.text.lower() in _TITLES for w in words[: hit[0]]):
                    return hit[1]
                break
                break
        if len(words) > 7:
            return None
        first = words[0].text
        if first.lower() in _PREPOSITIONS or first.lower() in _PRONOUNS or first.lower() in _SENTENCE_ADVERBS:
            return None
        if words[-1].text.lower() in _DETERMINERS or words[-1].text.lower() in _PREPOSITIONS:
            return None
        lowered = [w.text.lower() for w in words]
        if any(w in _NOT_A_SPEAKER or (w[0] in "'’" and w[1:] != "s") for w in lowered):
            return None  # "you're not pursuing …": a clause, not a noun phrase
        texts = [w.text for w in words]
        if first.lower() in _DETERMINERS:
            texts[0] = first.lower()
        desc = self.text[words[0].start : words[-1].end]
        desc = texts[0] + desc[len(first) :]
        return _Speaker(" ".join(desc.split()), None, "DESC")

    def _subject_right(self, cue_end: int, hi: int) -> _Speaker | None:
        """The subject after an inverted cue: "said Smith", "according to the ministry"."""
        toks = self.tokens(cue_end, hi)
        words: list[_Tok] = []
        for t in toks:
            if not (t.text[0].isalnum() or t.text in ("'s", "’s", ".", "-")):
                break
            words.append(t)
        if not words:
            return None
        first = words[0].text.lower()
        if first in _PRONOUNS:
            return self._resolve(words[0].text, words[0].start)
        for k, w in enumerate(words[:6]):
            hit = self.by_start.get(w.start)
            if hit:
                return self._entity_speaker(hit[1])
            low = w.text.lower()
            if not (_cap(w.text) or low in _TITLES or low in _DETERMINERS or w.text == "."):
                break
        # a capitalised run or a description, up to a preposition/clause word
        end = 0
        while end < min(len(words), 7) and words[end].text.lower() not in _PREPOSITIONS | _CLAUSE_WORDS:
            end += 1
        if end == 0:
            return None
        if _cap(words[0].text) and words[0].text.lower() not in _DETERMINERS:
            hit = self._capital_run(words, end - 1)
            if hit:
                return hit[1]
        return self._description(words, end - 1) if words[0].text.lower() in _DETERMINERS else None

    def _sentence_subject(self, lo: int, hi: int, exclude: int) -> _Speaker | None:
        """The subject of a sentence whose cue is a participle ("…, saying") or a coordinated verb."""
        for m in self.cues(lo, hi):
            if m.start() == exclude or m.group().endswith(_PARTICIPLE_SUFFIX):
                continue
            sp = self._cue_subject(lo, m, hi)
            if sp:
                return sp
            break
        best: _Speaker | None = None
        for t in self.tokens(lo, hi):
            hit = self.by_start.get(t.start)
            if hit and not self._inside_quote(t.start) and self._subject_position(t.start):
                sp = self._entity_speaker(hit[1])
                if sp.type == "PERSON":
                    return sp
                if best is None and sp.type in ("ORG", "GPE", "NORP"):
                    best = sp
        if best:
            return best
        toks = self.tokens(lo, hi)
        if toks and toks[0].text.lower() in _PRONOUNS:
            return self._resolve(toks[0].text, toks[0].start)
        return None

    def _cue_subject(self, lo: int, cue: re.Match, hi: int) -> _Speaker | None:
        word = cue.group()
        if word.lower() == "according to":
            return self._subject_right(cue.end(), hi)
        if word.endswith(_PARTICIPLE_SUFFIX) or word.lower() == "in a statement":
            return self._sentence_subject(lo, cue.start(), cue.start())
        sp = self._subject_left(lo, cue.start())
        if sp is None and word in _INVERTIBLE and not self.masked[lo : cue.start()].strip(" ,\n" + _MASK):
            sp = self._subject_right(cue.end(), hi)
        if sp is None:
            sp = self._sentence_subject(lo, cue.start(), cue.start())
        return sp

    # -- quotes ----------------------------------------------------------------------------------
    def attribute(self) -> list[Quote]:
        out: list[Quote] = []
        prev: _Attributed | None = None
        for span in self.spans:
            speaker, cue = self._attribute(span, prev)
            if speaker is not None:
                self._add_candidate(span.open, speaker)
            out.append(
                Quote(
                    start=span.start,
                    end=span.end,
                    text=self.text[span.start : span.end],
                    speaker=speaker.name if speaker else None,
                    speaker_entity=speaker.entity if speaker else None,
                    cue=cue,
                )
            )
            prev = (span, speaker, cue)
        return out

    def _attribute(self, span: _Span, prev: _Attributed | None) -> tuple[_Speaker | None, str | None]:
        masked = self.masked
        lo = self.sent_start(span.open)
        semi = masked.rfind(";", lo, span.open)
        if semi >= 0:
            lo = semi + 1
        before = masked[lo : span.open]
        if _TERM_BEFORE.search(before):
            return None, None
        hi = self.sent_end(span.stop)
        nxt = bisect.bisect_right(self.span_opens, span.open)
        if nxt < len(self.spans):
            hi = min(hi, max(self.spans[nxt].open, span.stop))
        after_lo = span.stop
        cues_before = self.cues(lo, span.open)
        after_cue = next(iter(self.cues(after_lo, hi)), None)
        quote_text = self.text[span.start : span.end]
        if (
            after_cue is None
            and not masked[after_lo:hi].strip()
            and quote_text.rstrip()[-1:] in "?!"
            and span.closed
        ):  # “…?” Smith asked.  (the question mark ended the sentence)
            h2 = self.sent_end(hi)
            m = next(iter(self.cues(hi, h2)), None)
            if m and len(self.tokens(hi, m.start())) <= 4:
                after_lo, after_cue, hi = hi, m, h2
        if after_cue is not None and len(self.tokens(after_lo, after_cue.start())) > 8:
            after_cue = None
        direct = bool(cues_before) and not masked[cues_before[-1].end() : span.open].strip(" ,:\n")
        direct = direct or after_cue is not None and len(self.tokens(after_lo, after_cue.start())) <= 4
        direct = direct or before.rstrip().endswith(":")
        if _looks_like_title(quote_text) and not direct:
            return None, None

        if cues_before:
            cue = cues_before[-1]
            return self._cue_subject(lo, cue, span.open), _cue_word(cue)
        if after_cue is not None:
            return self._cue_subject(after_lo, after_cue, hi), _cue_word(after_cue)
        stripped = before.strip()
        if stripped.endswith(":") and len(stripped.split()) <= 12:
            sp = self._label_speaker(lo, lo + len(before.rstrip()) - 1)
            if sp:
                return sp, None
        if not stripped:
            # “X said:” in the sentence before
            k = lo - 1
            while k >= 0 and masked[k].isspace():
                k -= 1
            if k >= 0 and masked[k] == ":":
                plo = self.sent_start(k)
                cues = self.cues(plo, k)
                if cues:
                    return self._cue_subject(plo, cues[-1], k), _cue_word(cues[-1])
            # "Jane Roe said the plan was late. “…”" — the sentence before, in the same paragraph
            if k >= 0 and self.para_bounds(k) == self.para_bounds(span.open):
                plo = self.sent_start(k)
                if _MASK not in masked[plo:k]:
                    cues = [c for c in self.cues(plo, k) if not c.group().endswith(_PARTICIPLE_SUFFIX)]
                    if cues:
                        sp = self._cue_subject(plo, cues[-1], k + 1)
                        if sp:
                            return sp, _cue_word(cues[-1])
            # the same voice goes on: right after the previous quote
            if prev is not None and prev[1] is not None:
                pspan = prev[0]
                gap = self.para_index(span.open) - pspan.last_para
                if gap == 0 or gap == 1 or (gap == 2 and not pspan.closed):
                    return prev[1], prev[2]
        return None, None

    def _label_speaker(self, lo: int, colon: int) -> _Speaker | None:
        """Speaker of a "TITLE NAME: “…”" label: its last name, a person in it, an entity, or an NP."""
        toks = self.tokens(lo, colon)
        if not toks or any(t.text.startswith(_MASK) for t in toks):
            return None
        people: list[_Speaker] = []
        others: list[_Speaker] = []
        for t in toks:
            hit = self.by_start.get(t.start)
            if hit and hit[0] <= colon:
                sp = self._entity_speaker(hit[1])
                if sp.type == "PERSON" and hit[0] == toks[-1].end:
                    return sp
                (people if sp.type == "PERSON" else others).append(sp)
        run = self._capital_run(toks, len(toks) - 1)
        if run:
            return run[1]
        if people or others:
            return (people or others)[0]
        lowered = [t.text.lower() for t in toks]
        if len(toks) > 6 or lowered[0] in _NOT_NAMES - _DETERMINERS:
            return None
        verbish = _SKIP_BEFORE_CUE | _CLAUSE_WORDS | (_PREPOSITIONS - {"of", "for"})
        if any(w in verbish for w in lowered):
            return None  # a sentence, not a label: "The deal was met with praise:"
        return self._description(toks, len(toks) - 1)


def _not_name(word: str) -> bool:
    return word.lower() in _NOT_NAMES and not (word.isupper() and len(word) > 1)


def _strip_titles(words: list[str]) -> str | None:
    """"Finnish President Jane Roe" -> "Jane Roe": the words after the last title; None if no name is left."""
    last_title = max((k for k, w in enumerate(words) if w.lower().rstrip(".") in _TITLES), default=-1)
    rest = words[last_title + 1 :]
    while rest and _not_name(rest[0]):
        rest.pop(0)
    if not rest:
        return None
    return " ".join(rest)


def _adverb(word: str) -> bool:
    return word.islower() and word.endswith("ly")


def _cue_word(m: re.Match) -> str:
    return m.group().lower() if m.group().lower() == "according to" else m.group()


def _looks_like_title(quote: str) -> bool:
    """A short quote in Title Case ("The Quiet Harbour Years") names a work or a term."""
    words = re.findall(r"[^\W_][\w'’-]*", quote)
    if not words or len(words) > 8:
        return False
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "at", "by", "with", "from", "as"}
    significant = [w for w in words if w.lower() not in small or w is words[0]]
    return all(w[0].isupper() or w[0].isdigit() for w in significant)


def extract_quotes(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
) -> tuple[Quote, ...]:
    """Every quotation in ``text`` (within ``paragraphs``) with its speaker and cue, in text order."""
    paragraphs = sorted(paragraphs)
    spans = _pair_double(text, paragraphs)
    spans += _pair_single(text, paragraphs, spans)
    spans.sort(key=lambda s: s.open)
    if not spans:
        return ()
    return tuple(_Attributor(text, spans, paragraphs, sentences, entities).attribute())
