"""Attribution: the speaker and cue of each quotation, by patterns over the text (no parser).

The nearest speech cue ("said", "told", "saying", "according to", ...) in the quote's own sentence, or
a trailing ``,” X said``; its subject by pattern ("NAME cue", "cue NAME", "NAME, who …, cue", "NAME's …
cue", a pronoun resolved to the last person named as a subject, or an unnamed speaker's description such
as "a senior diplomat"). A quote with no cue continues the voice of the quote before it when it opens its
sentence next to it; a quoted term with no cue stays unattributed. The word lists are data
(``briefing_tui/data/quote_words.toml``, see words.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ...model import Entity, Quote, Sentence
from . import words as W
from .marks import MASK, NOT_NEWLINE_RE, Span

_PREV_WORD_RE = re.compile(r"([\w'’]+)\s+$")
_PRONOUN_PARAGRAPHS = 4  # how far back a pronoun looks for the person it stands for
_SUBJECT_REACH = 300  # characters before a verb where its subject is looked for
_LONGEST_SENTENCE = 500  # characters looked at around a quote when no sentence end is found (keeps it linear)
_TOKEN_RE = re.compile(
    r"[^\W_](?:\w|[-.](?=[^\W_])|['’](?=[^\W_]{2,}))*|['’][A-Za-z]{1,2}\b|" + MASK + r"+|[^\s\w]"
)
_TURN_RE = re.compile(r"(?:([A-Z][A-Z.’'\- ]*[A-Z.]):\s|Q[:.]?\s)")  # "THE PRESIDENT: …", "Q …"
_AFTER_A_NOUN = frozenset("were are was is have had has will would can could should must may might do did and or".split())
_SCARE_WORDS = 4  # an unattributed quote this short, not a sentence, is a scare quote or a term
_SENTENCES_BACK = 3  # sentences of the same paragraph looked back through for a quote's speaker
_SIGNATURE_RE = re.compile(  # after a quote (masked): "- Jane Roe" at the paragraph end, or "Jane Roe, “…”"
    r"[ \t]*[-–—]?[ \t]*([A-Z][\w.'’-]*(?:[ \t]+[\w.'’-]+){0,3})[ \t]*(?:,[ \t]*" + MASK + r"|\.?[ \t]*$)", re.MULTILINE
)


@dataclass(frozen=True)
class _Speaker:
    name: str
    entity: str | None = None
    type: str | None = None  # the entity type, "DESC" for an unnamed speaker's description
    start: int | None = None  # where the text names the speaker (a name, a description, a pronoun)
    end: int | None = None

    def at(self, start: int, end: int) -> _Speaker:
        return replace(self, start=start, end=end)


_Attributed = tuple[Span, "_Speaker | None", "str | None"]  # a quote done: its span, speaker and cue


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str


def _cap(word: str) -> bool:
    return word[:1].isupper()


class Attributor:
    """Finds the speaker of each quote in one text (masked: quote contents replaced by a mask char)."""

    def __init__(
        self,
        text: str,
        spans: list[Span],
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
            pieces.append(NOT_NEWLINE_RE.sub(MASK, text[s.open : s.stop]))
            pos = s.stop
        pieces.append(text[pos:])
        self.masked = "".join(pieces)
        self.by_end: dict[int, tuple[int, Entity]] = {}
        self.by_start: dict[int, tuple[int, Entity]] = {}
        self.entities = list(entities)
        self.by_id = {e.id: e for e in entities}
        self.named_in_quote: set[str] = set()  # people the quote being attributed names
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
        self.boundaries = self._boundaries(sentences)
        self.gender = self._pronoun_genders(sentences)
        self.gender.update({e.id: g for e in entities if (g := self._gender(e))})  # titles win
        self.candidates: list[tuple[int, _Speaker]] = []  # subjects named before, for pronouns
        self._collect_person_subjects()
        self.turns = self._transcript_turns()
        self.turn_paras = [t[0] for t in self.turns]

    # -- geometry --------------------------------------------------------------------------------
    def _boundaries(self, sentences: Sequence[Sentence]) -> list[int]:
        """Sentence starts (segment.py's sentences: the one notion of a sentence), except inside quotes."""
        return sorted({s.start for s in sentences if not self._inside_quote(s.start)})

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
        for m in W.CUE_RE.finditer(self.masked, lo, hi):
            prev = _PREV_WORD_RE.search(self.masked, max(0, m.start() - 12), m.start())
            if prev and (prev.group(1).lower() in W.NOUN_MARKERS or prev.group(1).endswith(("'s", "’s"))):
                continue
            if prev and m.group().lower() == "in a statement" and prev.group(1) in W.CUES:
                continue  # "said in a statement": the verb is the cue
            if m.group() in W.NOUN_LIKE_CUES and prev and self._noun_reading(prev.group(1), m.end()):
                continue  # "member states were", "phone calls to"
            out.append(m)
        return out

    def _noun_reading(self, prev: str, end: int) -> bool:
        """A plural noun, not a verb: after a lower-case word that is no subject pronoun or auxiliary, and
        followed by a verb or a preposition ("member states were", "phone calls to"), not by what a
        speech verb takes ("the ministry claims the plan …", "… notes that")."""
        low = prev.lower()
        if not prev.islower() or low in W.PRONOUNS or low in W.SKIP_BEFORE_CUE or _adverb(prev):
            return False
        nxt = re.match(r"\s*([\w'’]+)", self.masked[end : end + 30])
        return bool(nxt) and (nxt.group(1).lower() in _AFTER_A_NOUN or nxt.group(1).lower() in W.PREPOSITIONS)

    def tokens(self, lo: int, hi: int) -> list[_Tok]:
        """The words and marks of the masked text within [lo, hi)."""
        return [_Tok(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(self.masked, lo, hi)]

    # -- names -----------------------------------------------------------------------------------
    def _gender(self, e: Entity) -> str | None:
        """"m" or "f" when a mention of a person follows a gendered title (Mr, Ms, spokeswoman, …)."""
        if e.type != "PERSON":
            return None
        for m in e.mentions:
            hit = W.GENDERED_TITLE_RE.search(self.text, max(0, m.start - 16), m.start)
            if hit:
                return "f" if hit.group(1).lower().rstrip(".") in W.FEMALE_TITLES else "m"
        return None

    def _pronoun_genders(self, sentences: Sequence[Sentence]) -> dict[str, str]:
        """Gender from earlier pronouns: a sentence opening with "He"/"She" right after a sentence that
        names exactly one person is a vote for that person; kept when the votes agree."""
        people: dict[int, set[str]] = {}
        starts = [s.start for s in sentences]
        for e in self.entities:
            if e.type == "PERSON":
                for m in e.mentions:
                    k = bisect.bisect_right(starts, m.start) - 1
                    if k >= 0:
                        people.setdefault(k, set()).add(e.id)
        votes: dict[str, set[str]] = {}
        for k in range(1, len(sentences)):
            first = re.match(r"[“\"]?(He|She)\b", self.text[sentences[k].start : sentences[k].start + 5])
            if first and sentences[k].paragraph - sentences[k - 1].paragraph <= 1 and len(people.get(k - 1, ())) == 1:
                (eid,) = people[k - 1]
                votes.setdefault(eid, set()).add("m" if first.group(1) == "He" else "f")
        return {eid: next(iter(g)) for eid, g in votes.items() if len(g) == 1}

    def _entity_speaker(self, e: Entity) -> _Speaker:
        return _Speaker(e.name, e.id, e.type)

    def _lookup_name(self, name: str) -> _Speaker:
        """A name found without a mention: map it to an entity when its text matches one."""
        key = name.lower()
        e = self.by_name.get(key)
        if e is None and " " not in key:
            e = self.by_surname.get(key) or (self.by_surname.get(key + "s") if len(key) > 3 else None)
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
        return j, self._entity_speaker(e).at(start, toks[i].end)

    def _capital_run(self, toks: list[_Tok], i: int) -> tuple[int, _Speaker] | None:
        """A capitalised name ending at token i, without a mention (titles and determiners dropped)."""
        last = toks[i].text
        if not _cap(last) or last.lower() in W.PRONOUNS or (last.isupper() and len(last) == 1):
            return None
        j = i
        def in_run(k: int) -> bool:
            return _cap(toks[k].text) or (toks[k].text == "." and k >= 1 and _cap(toks[k - 1].text))

        while j >= 1 and in_run(j - 1):
            j -= 1  # "Carlos A. Gimenez": initials with their dots stay in the run
        words = [t.text for t in toks[j : i + 1] if t.text != "."]
        name = _strip_titles(words)
        return (j, self._lookup_name(name).at(toks[j].start, toks[i].end)) if name else None

    def _name_ending(self, toks: list[_Tok], i: int) -> tuple[int, _Speaker] | None:
        return self._mention_ending(toks, i) or self._capital_run(toks, i)

    # -- pronouns --------------------------------------------------------------------------------
    def _subject_position(self, start: int) -> bool:
        toks = self.tokens(max(self.sent_start(start), start - _SUBJECT_REACH), start)
        j = len(toks) - 1
        while j >= 0:
            t = toks[j].text
            if _cap(t) or t in (".", "'s", "’s", "-") or t.lower() in W.TITLES or t.lower() in W.ARTICLES:
                j -= 1
                continue
            break
        if j < 0:
            return True
        t = toks[j].text.lower()
        return t in (",", ";", ":", "—", "–", "(") or t in W.CLAUSE_WORDS or t.startswith(MASK)

    def _collect_person_subjects(self) -> None:
        self.persons: list[tuple[int, _Speaker]] = []  # every PERSON mention outside quotes
        self.quoted_people: list[tuple[int, str]] = []  # (start, entity id) of those inside quotes
        for e in self.entities:
            if e.type not in ("PERSON", "ORG"):
                continue
            for m in e.mentions:
                if self._inside_quote(m.start):
                    if e.type == "PERSON":
                        self.quoted_people.append((m.start, e.id))
                    continue
                if e.type == "PERSON":
                    self.persons.append((m.start, self._entity_speaker(e)))
                if self._subject_position(m.start):  # organisations are there for "it"
                    self.candidates.append((m.start, self._entity_speaker(e)))
        self.persons.sort(key=lambda c: c[0])
        self.quoted_people.sort()
        self.quoted_pos = [c[0] for c in self.quoted_people]
        self.person_pos = [c[0] for c in self.persons]
        # subjects of speech cues outside quotes (also catches names the NER missed)
        for m in self.cues(0, len(self.masked)):
            if m.group().endswith(W.PARTICIPLE_SUFFIX):
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
                if words[0].lower() in W.ARTICLES:
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
        """The person (or body, for "it") a pronoun at ``pos`` stands for; its span is the pronoun's."""
        sp = self._antecedent(pronoun, pos)
        return sp.at(pos, pos + len(pronoun)) if sp else None

    def _antecedent(self, pronoun: str, pos: int) -> _Speaker | None:
        kind = W.PRONOUNS.get(pronoun.lower())
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
            if sp.entity is not None and sp.entity in self.named_in_quote:
                k -= 1  # someone the quote speaks of in the third person is not who says it
                continue
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
                if sp.entity not in self.named_in_quote and (other is None or self.gender.get(sp.entity) != other):
                    return sp
                k -= 1
        return None

    # -- subjects --------------------------------------------------------------------------------
    def _subject_left(self, lo: int, cue_start: int, resolve: bool = True) -> _Speaker | None:
        """The subject right before a cue: NAME, NAME's …, NAME, apposition,, pronoun, or a description."""
        toks = self.tokens(max(lo, cue_start - _SUBJECT_REACH), cue_start)
        i = len(toks) - 1
        while i >= 0 and (toks[i].text.lower() in W.SKIP_BEFORE_CUE or _adverb(toks[i].text)):
            i -= 1
        if i < 0:
            return None
        t = toks[i].text
        if t.lower() in W.PRONOUNS:
            return self._resolve(t, toks[i].start) if resolve else None
        if t == ",":  # NAME, apposition, cue
            found = []
            j = i - 1
            while j >= 0 and toks[j].text not in (",", ";", ":") and not toks[j].text.startswith(MASK):
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
            person = self._person_before_appositions(toks, i)
            if person:
                return person
            return found[0] if found else None
        hit = self._name_ending(toks, i)
        if hit:
            return hit[1]
        return self._description(toks, i)

    def _noun_phrase(self, toks: list[_Tok]) -> _Speaker | None:
        """A short noun phrase ending the tokens, from its determiner: "a message", "one poster"."""
        n = len(toks)
        for j in range(n - 2, max(-1, n - 5), -1):
            w = toks[j].text
            if w.lower() in W.DETERMINERS and w.lower() not in ("its", "their", "his", "her", "our"):
                words = toks[j:]
                if all(t.text.isalpha() and t.text.islower() for t in words[1:]) and words[-1].text not in W.NOT_NAMES:
                    desc = words[0].text.lower() + self.text[words[0].end : words[-1].end]
                    return _Speaker(" ".join(desc.split()), None, "DESC", words[0].start, words[-1].end)
                return None
            if not (w.isalpha() and w.islower()) or w in W.NOT_NAMES:
                return None
        return None

    def _person_before_appositions(self, toks: list[_Tok], comma: int) -> _Speaker | None:
        """"Jane Roe, curator of the museum at the University of X, Y, said": the person that opens
        the run of comma-separated appositions before the verb (up to three back)."""
        j = comma
        for _ in range(3):
            j -= 1
            while j >= 0 and toks[j].text not in (",", ";", ":") and not toks[j].text.startswith(MASK):
                j -= 1
            if j < 1 or toks[j].text != ",":
                return None
            k = j - 1
            hit = self._name_ending(toks, k)
            if hit and hit[1].type == "PERSON":
                return hit[1]
        return None

    def _description(self, toks: list[_Tok], i: int) -> _Speaker | None:
        """The noun phrase ending at token i from its clause start: "a senior diplomat", "NAME's office"."""
        j = i
        while j >= 0 and toks[j].text.lower() not in W.CLAUSE_WORDS and not toks[j].text.startswith(MASK) and (
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
                if hit is None or any(w.text.lower() in W.PERSON_NOUNS for w in words[k + 2 :]):
                    break
                if all(_cap(w.text) or w.text.lower() in W.TITLES for w in words[: hit[0]]):
                    return hit[1]
                break
                break
        if len(words) > 7:
            return None
        first = words[0].text
        if first.lower() in W.PREPOSITIONS or first.lower() in W.PRONOUNS or first.lower() in W.SENTENCE_ADVERBS:
            return None
        if words[-1].text.lower() in W.DETERMINERS or words[-1].text.lower() in W.PREPOSITIONS:
            return None
        lowered = [w.text.lower() for w in words]
        if any(w in W.NOT_A_SPEAKER or (w[0] in "'’" and w[1:] != "s") for w in lowered):
            return None  # "you're not pursuing …": a clause, not a noun phrase
        if any(w in W.CUES for w in lowered):
            return None  # "claimed member": a verb and what follows it, not a noun phrase
        texts = [w.text for w in words]
        if first.lower() in W.DETERMINERS:
            texts[0] = first.lower()
        desc = self.text[words[0].start : words[-1].end]
        desc = texts[0] + desc[len(first) :]
        start, end = words[0].start, words[-1].end
        if lowered[0] == "the" and lowered[-1] in W.ROLE_NOUNS and len(words) <= 4:
            person = self._role_holder(lowered[-1], start)
            if person:  # "the minister" -> the minister named before
                return person.at(start, end)
        return _Speaker(" ".join(desc.split()), None, "DESC", start, end)

    def _role_holder(self, role: str, pos: int) -> _Speaker | None:
        """The nearest person before ``pos`` (a few paragraphs back) named with this role: "Defence
        Minister Jane Roe", "Jane Roe, the minister", or an entity whose ``roles`` hold it."""
        horizon = self.para_index(pos) - _PRONOUN_PARAGRAPHS
        k = bisect.bisect_left(self.person_pos, pos) - 1
        while k >= 0 and self.para_index(self.person_pos[k]) >= horizon:
            start, sp = self.persons[k]
            entity = self.by_id.get(sp.entity)
            roles = " ".join(getattr(entity, "roles", ()) or ()).lower()
            end = self.by_start[start][0] if start in self.by_start else start
            before = _title_before(self.text, start)
            after = re.match(r",\s+([^,.;:]{0,40})", self.text[end : end + 60])  # "Jane Roe, the minister,"
            near = before + " " + (after.group(1).lower() if after else "")
            if role in roles.split() or re.search(r"\b" + re.escape(role) + r"s?\b", near):
                return sp
            k -= 1
        return None

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
        if first in W.PRONOUNS:
            return self._resolve(words[0].text, words[0].start)
        for k, w in enumerate(words[:6]):
            hit = self.by_start.get(w.start)
            if hit:
                rest = [t for t in words if t.start >= hit[0]]
                if rest and rest[0].text.lower() in W.PERSON_NOUNS:
                    break  # "the Crown prosecutor": the name only qualifies the speaker
                return self._entity_speaker(hit[1]).at(w.start, hit[0])
            low = w.text.lower()
            if not (_cap(w.text) or low in W.TITLES or low in W.DETERMINERS or w.text == "."):
                break
        # a capitalised run or a description, up to a preposition/clause word
        end = 0
        while end < min(len(words), 7) and words[end].text.lower() not in W.PREPOSITIONS | W.CLAUSE_WORDS:
            end += 1
        if end == 0:
            return None
        if _cap(words[0].text) and words[0].text.lower() not in W.DETERMINERS:
            hit = self._capital_run(words, end - 1)
            if hit:
                return hit[1]
        if words[0].text.lower() not in W.DETERMINERS:
            return None
        desc = self._description(words, end - 1)
        if desc and desc.type == "DESC" and end == len(words):  # "the prosecutor, Jane Roe, …"
            after = [t for t in toks if t.start >= words[end - 1].end]
            if len(after) > 1 and after[0].text == ",":
                hit = self.by_start.get(after[1].start)
                if hit and hit[1].type == "PERSON":
                    return self._entity_speaker(hit[1]).at(after[1].start, hit[0])
        if desc and desc.type == "DESC" and end < len(words) and words[end].text.lower() == "by" and (
            words[end - 1].text.lower() in W.WRITINGS
        ):  # "said the post by an unknown author": the author speaks
            author = self._subject_right(words[end].end, hi)
            if author:
                return author
        return desc

    def _sentence_subject(self, lo: int, hi: int, exclude: int) -> _Speaker | None:
        """The subject of a sentence whose cue is a participle ("…, saying") or a coordinated verb."""
        for m in self.cues(lo, hi):
            if m.start() == exclude or m.group().endswith(W.PARTICIPLE_SUFFIX):
                continue
            sp = self._cue_subject(lo, m, hi)
            if sp:
                return sp
            break
        best: _Speaker | None = None
        for t in self.tokens(lo, hi):
            hit = self.by_start.get(t.start)
            if hit and not self._inside_quote(t.start) and self._subject_position(t.start):
                sp = self._entity_speaker(hit[1]).at(t.start, hit[0])
                if sp.type == "PERSON":
                    return sp
                if best is None and sp.type in ("ORG", "GPE", "NORP"):
                    best = sp
        if best:
            return best
        toks = self.tokens(lo, hi)
        if toks and toks[0].text.lower() in W.PRONOUNS:
            return self._resolve(toks[0].text, toks[0].start)
        return None

    def _cue_subject(self, lo: int, cue: re.Match, hi: int) -> _Speaker | None:
        word = cue.group()
        if word.lower() in W.RIGHT_SUBJECT_PHRASES:
            return self._subject_right(cue.end(), hi)
        if word.endswith(W.PARTICIPLE_SUFFIX):
            toks = self.tokens(max(lo, cue.start() - _SUBJECT_REACH), cue.start())
            desc = self._noun_phrase(toks)  # "a message stating", "one poster writing"
            if desc:
                return desc
        if word.endswith(W.PARTICIPLE_SUFFIX) or word.lower() == "in a statement":
            return self._sentence_subject(lo, cue.start(), cue.start())
        sp = self._subject_left(lo, cue.start())
        if sp is None and word in W.INVERTIBLE and not self.masked[lo : cue.start()].strip(" ,\n" + MASK):
            sp = self._subject_right(cue.end(), hi)
        if sp is None:
            sp = self._sentence_subject(lo, cue.start(), cue.start())
        return sp

    # -- quotes ----------------------------------------------------------------------------------
    def attribute(self) -> list[Quote]:
        out: list[Quote] = []
        prev: _Attributed | None = None
        for span in self.spans:
            a = bisect.bisect_left(self.quoted_pos, span.start)
            b = bisect.bisect_left(self.quoted_pos, span.end)
            self.named_in_quote = {eid for _, eid in self.quoted_people[a:b]}
            speaker, cue = self._attribute(span, prev)
            if speaker is not None:
                self._add_candidate(span.open, speaker)
                if speaker.start is None:
                    speaker = self._locate(speaker, span)
            text = self.text[span.start : span.end]
            scare = speaker is None and cue is None and self._scare(span, text)
            out.append(
                Quote(
                    start=span.start,
                    end=span.end,
                    text=text,
                    speaker=speaker.name if speaker else None,
                    speaker_entity=speaker.entity if speaker else None,
                    cue=cue,
                    kind="scare" if scare else "quote",
                    speaker_start=speaker.start if speaker else None,
                    speaker_end=speaker.end if speaker else None,
                )
            )
            prev = (span, speaker, cue)
        return out

    def _scare(self, span: Span, text: str) -> bool:
        """A quote nobody says: a term or a title ("known as “…”", “Title Case”), or a few words
        inside a sentence rather than a sentence of their own."""
        lo = self.sent_start(span.open)
        if W.TERM_BEFORE.search(self.masked[lo : span.open]) or _looks_like_title(text):
            return True
        return len(text.split()) <= _SCARE_WORDS and not re.search(r"[.!?]\W*\s", text + " ")

    def _locate(self, speaker: _Speaker, span: Span) -> _Speaker:
        """The speaker's span when the attribution did not give one: the entity's mention nearest the
        quote (outside quotes) in its paragraph or the two before it, else none."""
        entity = self.by_id.get(speaker.entity) if speaker.entity else None
        if entity is None:
            return speaker
        lo = self.paragraphs[max(0, self.para_index(span.open) - 2)][0] if self.paragraphs else 0
        _, hi = self.para_bounds(span.stop)
        best = None
        for m in entity.mentions:
            if lo <= m.start < hi and not self._inside_quote(m.start):
                d = span.open - m.end if m.end <= span.open else m.start - span.stop
                if d >= 0 and (best is None or d < best[0]):
                    best = (d, m)
        return speaker.at(best[1].start, best[1].end) if best else speaker

    def _attribute(self, span: Span, prev: _Attributed | None) -> tuple[_Speaker | None, str | None]:
        masked = self.masked
        lo = self.sent_start(span.open)
        semi = masked.rfind(";", lo, span.open)
        if semi >= 0:
            lo = semi + 1
        before = masked[lo : span.open]
        if W.TERM_BEFORE.search(before):
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
        if after_cue is not None and not _ends_clause(quote_text, masked, span.stop):
            after_cue = None  # “History” section of the site explains …: the quote is part of the subject
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
            # “…” — Jane Roe  /  “…” Anonymous blogger, “Title”: a name signing the quote
            signed = self._signature(span)
            if signed:
                return signed, None
            # "Jane Roe said the plan was late. “…”" — a sentence before, in the same paragraph
            for _ in range(_SENTENCES_BACK):
                if k < 0 or self.para_bounds(k) != self.para_bounds(span.open):
                    break
                plo = self.sent_start(k)
                if MASK in masked[plo:k]:
                    break
                cues = [c for c in self.cues(plo, k) if not c.group().endswith(W.PARTICIPLE_SUFFIX)]
                if cues:
                    sp = self._cue_subject(plo, cues[-1], k + 1)
                    if sp:
                        return sp, _cue_word(cues[-1])
                    break
                k = plo - 1
                while k >= 0 and masked[k].isspace():
                    k -= 1
            # “…” Those were the words of Jane Roe. — the sentence right after names the speaker
            if span.closed and not masked[span.stop:hi].strip(" " + MASK):
                nlo = hi
                while nlo < len(masked) and masked[nlo] == " ":
                    nlo += 1
                if self.para_bounds(nlo) == self.para_bounds(span.open):
                    nhi = self.sent_end(nlo)
                    if MASK not in masked[nlo:nhi]:
                        cue = next(iter(self.cues(nlo, nhi)), None)
                        if cue is not None:
                            sp = self._cue_subject(nlo, cue, nhi)
                            if sp:
                                return sp, _cue_word(cue)
            # the same voice goes on: right after the previous quote
            if prev is not None and prev[1] is not None:
                pspan = prev[0]
                gap = self.para_index(span.open) - pspan.last_para
                if gap == 0 or gap == 1 or (gap == 2 and not pspan.closed):
                    return prev[1], prev[2]
        return None, None

    def _signature(self, span: Span) -> _Speaker | None:
        """A quote that opens its paragraph, signed after it: “…” - Jane Roe / “…” Anonymous blogger, …"""
        ps, pe = self.para_bounds(span.open)
        quote = self.text[span.start : span.end].rstrip()
        if self.masked[ps : span.open].strip() or not span.closed or quote[-1:] not in ".!?…":
            return None  # (a headline in a list of sources is no signed quote)
        m = _SIGNATURE_RE.match(self.masked, span.stop, pe)
        if m is None:
            return None
        toks = self.tokens(m.start(1), m.end(1))
        if not toks or toks[0].text.lower() in W.NOT_NAMES:
            return None
        hit = self._name_ending(toks, len(toks) - 1)
        if hit and hit[0] == 0:
            return hit[1]
        return self._description(toks, len(toks) - 1)

    def _label_speaker(self, lo: int, colon: int) -> _Speaker | None:
        """Speaker of a "TITLE NAME: “…”" label: its last name, a person in it, an entity, or an NP."""
        toks = self.tokens(lo, colon)
        if not toks or any(t.text.startswith(MASK) for t in toks):
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
        if len(toks) > 6 or lowered[0] in W.NOT_NAMES - W.DETERMINERS:
            return None
        verbish = W.SKIP_BEFORE_CUE | W.CLAUSE_WORDS | (W.PREPOSITIONS - {"of", "for"})
        if any(w in verbish for w in lowered):
            return None  # a sentence, not a label: "The deal was met with praise:"
        return self._description(toks, len(toks) - 1)


def _not_name(word: str) -> bool:
    return word.lower() in W.NOT_NAMES and not (word.isupper() and len(word) > 1)


def _strip_titles(words: list[str]) -> str | None:
    """"Finnish President Jane Roe" -> "Jane Roe": the words after the last title; None if no name is left."""
    last_title = max((k for k, w in enumerate(words) if w.lower().rstrip(".") in W.TITLES), default=-1)
    rest = words[last_title + 1 :]
    while rest and _not_name(rest[0]):
        rest.pop(0)
    if not rest:
        return None
    return " ".join(rest)


def _title_before(text: str, start: int) -> str:
    """The title words right before a name ("Defence Minister" in "Defence Minister Jane Roe"), lower-case."""
    out: list[str] = []
    for w in reversed(text[max(0, start - 48) : start].split()[-5:]):
        if not (w[:1].isupper() or w.lower().rstrip(".") in W.TITLES):
            break
        out.append(w.lower())
    return " ".join(reversed(out))


def _ends_clause(quote: str, masked: str, stop: int) -> bool:
    """Does the quotation end its clause (“…,” she said / “…” - she said), so a verb after it speaks it?"""
    if quote.rstrip()[-1:] in ",.!?…;:—–-":
        return True
    nxt = masked[stop : stop + 3].lstrip(" ")
    return nxt[:1] in (",", "—", "–", "-", ".", ";", ":", "")


def _adverb(word: str) -> bool:
    return word.islower() and word.endswith("ly")


def _cue_word(m: re.Match) -> str:
    """The cue as reported: a phrase in lower case ("according to"), a verb as written."""
    return " ".join(m.group().lower().split()) if " " in m.group() else m.group()


def _looks_like_title(quote: str) -> bool:
    """A short quote in Title Case ("The Quiet Harbour Years") names a work or a term."""
    words = re.findall(r"[^\W_][\w'’-]*", quote)
    if not words or len(words) > 8:
        return False
    small = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "at", "by", "with", "from", "as"}
    significant = [w for w in words if w.lower() not in small or w is words[0]]
    return all(w[0].isupper() or w[0].isdigit() for w in significant)
