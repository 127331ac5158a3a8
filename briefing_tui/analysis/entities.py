"""Named entities of an article: spaCy's NER, repaired for news text, merged into real-world entities.

Stages (all offsets stay offsets into the article text):
1. NER over the body's paragraphs (``nlp.pipe``; only the ``ner`` component runs).
2. Span repair: a leading "the", titles ("Admiral", "Prime Minister") and trailing possessives or
   lowercase words go out of the span; a possessive without apostrophe ("Putins", "Russias") is cut
   to the bare name when that name is known (gazetteer, or found elsewhere in the text).
3. Words that only look like names go: weekdays and months ("Sundays"), sentence-initial common
   words ("Speaking", "Meanwhile"), lone adjectives ("Eastern"), department words inside a title
   ("Army" in "Army Secretary").
4. The gazetteer (world knowledge) retypes what the small model gets wrong (a city as PERSON) and
   adds the places, peoples and organisations it missed.
5. Mentions merge into entities with union-find over alias keys: the case-folded text, gazetteer
   identity (US = United States), acronyms (defined "Name (ACR)" or the initials of a name), and a
   person's surname after the full name.
6. Each entity's other known forms (its surname, its acronym) are searched in the text to recover
   mentions the model missed; its type is voted over its mentions; its name is the fullest form.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Entity, Mention
from . import gazetteer as gz
from .nlp import get_nlp, stop_words, word_index

TYPES = frozenset(("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"))
TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")

_WS = re.compile(r"\s")
_CAP_WORD = re.compile(r"(?<![\w'’.-])[^\W\d_a-z][^\W\d_]*")  # a capitalised word start
_POSSESSIVE_TOKENS = frozenset(("'s", "’s", "'", "’", "'S", "’S"))
_ARTICLES = frozenset(("the", "The", "THE"))
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9&.]{1,9})\)")
_OPENERS = "\"'“‘«([—–-*#>"
_SENTENCE_END = ".!?:;…"
_DEPT_BEFORE = re.compile(
    r"(?:Secretary|Secretariat|Minister|Ministry|Department|Dept\.?|Office|Chief|Undersecretary)"
    r"(?:[ -]General)?\s+(?:of\s+)?(?:the\s+)?$"
)
_LOWER_WORD = re.compile(r"(?<![\w'’.-])[a-z][a-z]+(?![\w'’-])")
_PREFIXES = frozenset(("pro", "anti", "non", "ex", "post", "pre", "neo", "pan"))
_PARTICLES = frozenset(("de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "al", "el", "bin", "ibn", "ben", "dos", "das", "ter", "ten", "zu"))
_DETERMINERS = frozenset(("the", "a", "an", "its", "his", "her", "their", "our"))
_INITIAL_SKIP = frozenset(("of", "and", "the", "for", "on", "in", "at", "to", "&", "de", "du", "des", "la", "le"))


@dataclass
class _Mention:
    start: int
    end: int
    label: str  # NER label (or the gazetteer's kind for gazetteer finds)
    source: str  # "ner", "gaz" or "alias"
    ntok: int = 1
    place: gz.Place | None = None
    person_evidence: int = 0  # a title before it, a role noun in apposition after it
    surname_of: int | None = None  # index of the full-name mention this surname refers to


def _norm(s: str) -> str:
    return " ".join(s.replace(".", "").replace("’", "").replace("'", "").split()).casefold()


def _ws(s: str) -> str:
    return " ".join(s.split())


# --------------------------------------------------------------------------------------------
# Small text predicates


def _sentence_initial(text: str, pos: int, para_start: int) -> bool:
    """Is ``pos`` the first word of a sentence (or of the paragraph)?"""
    i = pos - 1
    while i >= para_start and (text[i].isspace() or text[i] in _OPENERS):
        i -= 1
    if i < para_start:
        return True
    ch = text[i]
    if ch in "”’\")]»":
        j = i - 1
        while j >= para_start and text[j] in "”’\")]»":
            j -= 1
        return j < para_start or text[j] in _SENTENCE_END
    return ch in _SENTENCE_END


def _verb_form(word: str, verbs: frozenset[str]) -> bool:
    """An inflected verb form ("speaking", "allied", "asked") of a known verb."""
    stems: list[str] = []
    if word.endswith("ing") and len(word) > 5:
        base = word[:-3]
        stems += [base, base + "e"]
        if len(base) > 2 and base[-1] == base[-2]:
            stems.append(base[:-1])
    elif word.endswith("ied") and len(word) > 4:
        stems.append(word[:-3] + "y")
    elif word.endswith("ed") and len(word) > 4:
        base = word[:-2]
        stems += [base, word[:-1]]
        if len(base) > 2 and base[-1] == base[-2]:
            stems.append(base[:-1])
    return any(s in verbs for s in stems)


class _Lexicon:
    """Common-English-word tests over the model's word lists."""

    def __init__(self) -> None:
        idx = word_index()
        self.adj = idx.get("adj", frozenset())
        self.adv = idx.get("adv", frozenset())
        self.noun = idx.get("noun", frozenset())
        self.verb = idx.get("verb", frozenset())
        self.stop = stop_words()

    def function_or_verb(self, word: str) -> bool:
        """Sentence-initial words of this kind are capitalised only because they start a sentence."""
        w = word.lower()
        return w in self.stop or w in self.adv or (w in self.adj and w not in self.noun) or _verb_form(w, self.verb)

    def any_word(self, w: str) -> bool:
        """A common English word in any part of speech (``w`` lowercase)."""
        if w in self.stop or w in self.adv or w in self.adj or w in self.noun or w in self.verb:
            return True
        if w.endswith("ies") and w[:-3] + "y" in self.noun:
            return True
        if w.endswith("s") and (w[:-1] in self.noun or w[:-1] in self.verb):
            return True
        return _verb_form(w, self.verb)

    def shouted_word(self, w: str) -> bool:
        """A common word other than a noun (all-caps nouns are often acronyms: "CBC")."""
        if self.function_or_verb(w):
            return True
        return w.endswith("s") and w[:-1] in self.verb

    def lone_adjective(self, word: str) -> bool:
        w = word.lower()
        return w in self.adj and w not in self.noun and w not in self.verb


# --------------------------------------------------------------------------------------------
# The pipeline


def extract_entities(text: str, paragraphs: Sequence[tuple[int, int]]) -> tuple[Entity, ...]:
    """The PERSON/ORG/GPE/LOC/FAC/NORP entities of ``text``, found inside ``paragraphs``.

    ``paragraphs`` are the body's (start, end) offsets into ``text``. Entities come in order of first
    mention with ids "e1", "e2", ...; each entity's mentions are sorted by offset.
    """
    paragraphs = [(s, e) for s, e in paragraphs if e > s]
    if not paragraphs:
        return ()
    gaz = gz.load()
    lex = _Lexicon()
    nlp = get_nlp()
    ctx = _Context(text, paragraphs)

    # Line breaks (hard-wrapped text) and tabs become spaces, so they neither split names nor
    # shift offsets.
    chunks = [_WS.sub(" ", text[s:e]) for s, e in paragraphs]
    mentions: list[_Mention] = []
    blocked: list[tuple[int, int]] = []  # every NER span, of any label: the gazetteer does not overrule it
    vetoed: list[tuple[int, int]] = []  # spans judged not to be names: alias recovery leaves them alone
    poss_candidates: set[int] = set()

    for (pstart, _pend), doc in zip(paragraphs, nlp.pipe(chunks)):
        for ent in doc.ents:
            blocked.append((pstart + ent.start_char, pstart + ent.end_char))
            if ent.label_ not in TYPES:
                continue
            toks = []
            for t in _with_titled_given_names(doc, ent, gaz):
                a = pstart + t.idx
                toks.append(_Tok(a, a + len(t.text), t.text, a > 0 and text[a - 1].isspace()))
            m, poss = _repair_span(text, toks, ent.label_, gaz, pstart)
            if m is None:
                vetoed.append((pstart + ent.start_char, pstart + ent.end_char))
                continue
            if poss:
                poss_candidates.add(len(mentions))
            mentions.append(m)

    # Gazetteer: retype what the model found, cut the possessive "s" of known places ("Russias").
    for i, m in enumerate(mentions):
        surface = _ws(text[m.start : m.end])
        place = gaz.lookup(surface)
        if place is None and i in poss_candidates:
            stem_place = gaz.lookup(surface[:-1])
            if stem_place is not None and stem_place.kind != "NORP":
                m.end -= 1
                place = stem_place
                poss_candidates.discard(i)
        if place is not None:
            m.place = place

    # The possessive "s" of names known from elsewhere in the text ("Putins" when "Putin" occurs).
    known = {_ws(text[m.start : m.end]) for m in mentions}
    person_names = {_ws(text[m.start : m.end]) for m in mentions if m.label == "PERSON"}
    person_names |= {_ws(text[m.start : m.end]).split()[-1] for m in mentions if m.label == "PERSON" and m.ntok > 1}
    known |= person_names
    for i in sorted(poss_candidates):
        m = mentions[i]
        if m.place is not None:
            continue
        stem = _ws(text[m.start : m.end - 1])
        last_stem = stem.split()[-1] if stem else ""
        if last_stem in gaz.not_names:
            continue  # a weekday's possessive ("Sundays"): the not-name filter drops it
        if m.label == "NORP" and (stem not in person_names or gaz.lookup(stem) is not None):
            continue  # a people in the plural ("the Russians")
        if (stem in known or last_stem in known) and _possessive_context(text, m):
            m.end -= 1
            if m.label == "NORP":
                m.label = "PERSON"

    surnames = {_ws(text[m.start : m.end]).split()[-1] for m in mentions if _is_person_name(m)}
    mentions = _drop_non_names(ctx, mentions, gaz, lex, surnames, vetoed)

    # Add the gazetteer's places, peoples and organisations the model missed.
    mentions += _gazetteer_scan(ctx, gaz, blocked, mentions, vetoed, lex)

    mentions.sort(key=lambda m: (m.start, -m.end))
    mentions = _dedupe(mentions)
    _person_evidence(text, mentions, gaz)

    clusters = _merge(text, mentions, gaz, lex)
    clusters = _recover_aliases(ctx, mentions, clusters, vetoed, gaz, lex)
    return _build_entities(text, mentions, clusters)


def _with_titled_given_names(doc, ent, gaz: gz.Gazetteer):
    """The tokens of a PERSON span, plus capitalised words just before it that the model left out
    when a title precedes them ("Dr Henrietta [Marlowe-Quist]")."""
    if ent.label_ != "PERSON":
        return list(ent)
    i = ent.start
    while i > 0 and ent.start - i < 2:
        t = doc[i - 1]
        if t.ent_type_ or not (t.is_alpha and t.is_title) or t.text in gaz.titles or t.text in gaz.not_names:
            break
        i -= 1
    if i == ent.start or i == 0:
        return list(ent)
    title = doc[i - 1].text
    if title in gaz.titles or title.rstrip(".") in gaz.titles or title.lower() in gaz.roles or title in gaz.title_phrase_ends:
        return list(doc[i : ent.end])
    return list(ent)


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str
    space_before: bool


class _Context:
    """The article text with its paragraphs and lazily built word indexes."""

    def __init__(self, text: str, paragraphs: list[tuple[int, int]]) -> None:
        self.text = text
        self.paragraphs = paragraphs
        self._para_starts = [s for s, _ in paragraphs]
        self._lower_words: set[str] | None = None
        self._caps: dict[str, list[int]] | None = None

    def para_start(self, pos: int) -> int:
        import bisect

        i = bisect.bisect_right(self._para_starts, pos) - 1
        return self._para_starts[i] if i >= 0 else 0

    def sentence_initial(self, pos: int) -> bool:
        return _sentence_initial(self.text, pos, self.para_start(pos))

    def lower_words(self) -> set[str]:
        """Every lowercase word of the body."""
        if self._lower_words is None:
            words: set[str] = set()
            for s, e in self.paragraphs:
                words.update(_LOWER_WORD.findall(self.text, s, e))
            self._lower_words = words
        return self._lower_words

    def capitalised_mid_sentence(self, word: str) -> bool:
        """Whether ``word`` also occurs capitalised inside a sentence (so it is a name there)."""
        if self._caps is None:
            caps: dict[str, list[int]] = {}
            for s, e in self.paragraphs:
                for hit in _CAP_WORD.finditer(self.text, s, e):
                    caps.setdefault(hit.group(0), []).append(hit.start())
            self._caps = caps
        return any(not self.sentence_initial(p) for p in self._caps.get(word, ()))


def _repair_span(
    text: str, toks: list[_Tok], label: str, gaz: gz.Gazetteer, pstart: int
) -> tuple[_Mention | None, bool]:
    """Trim a NER span to the name itself. Returns the mention (None: not a name) and whether its
    last word may be a possessive without apostrophe."""
    evidence = 0
    # Leading "the", "pro-"/"anti-" prefixes and other lowercase words ("first NATO Summit").
    while toks:
        t = toks[0]
        if t.text in _ARTICLES or not t.text[:1].isalnum():
            toks = toks[1:]
        elif t.text.lower() in _PREFIXES and len(toks) > 2 and toks[1].text in "-–" and not toks[1].space_before:
            toks = toks[2:]
        elif t.text[:1].islower() and t.text not in _PARTICLES and len(toks) > 1:
            toks = toks[1:]
        else:
            break
    # Trailing possessives, punctuation and separate lowercase words ("Servant of the People party");
    # lowercase pieces joined by a hyphen ("Ka-ki") stay.
    while toks:
        t = toks[-1]
        if t.text in _POSSESSIVE_TOKENS or not any(ch.isalnum() for ch in t.text):
            toks = toks[:-1]
        elif t.text[:1].islower() and t.space_before and len(toks) > 1:
            toks = toks[:-1]
        else:
            break
    while len(toks) > 1 and not any(ch.isalnum() for ch in toks[-1].text):
        toks = toks[:-1]
    if not toks or not any(ch.isupper() or ch.isdigit() for ch in toks[0].text):
        return None, False
    words = [t.text for t in toks]
    if _title_prefix(words, gaz) == len(words):
        return None, False  # a title alone ("President", "National Security Advisor", "MR")
    if label == "PERSON":
        cut = _title_prefix(words, gaz)
        if cut:
            toks = toks[cut:]
            words = words[cut:]
            evidence += 1
        kind = gaz.heads.get(words[-1])
        if kind and len(words) > 1:
            label = kind  # "Castlefrank Road", "Udvar-Hazy Center": no person
    start, end = toks[0].start, toks[-1].end
    # A department word inside a title ("Army Secretary X", "Secretary of State X") is no organisation.
    if " ".join(words) in gaz.departments:
        after = text[end : end + 40].split()
        before = text[max(pstart, start - 40) : start]
        if (after and (after[0] in gaz.titles or any(after[: len(p)] == list(p) for p in gaz.title_phrases))) or _DEPT_BEFORE.search(before):
            return None, False
    last = words[-1]
    poss = len(last) >= 4 and last.endswith("s") and not last.endswith("ss") and last[0].isupper() and not last.isupper()
    return _Mention(start, end, label, "ner", ntok=len(toks), person_evidence=evidence), poss


def _title_prefix(words: list[str], gaz: gz.Gazetteer) -> int:
    """How many leading words are a title ("Prime Minister", "Admiral", "Mr", "MR.")."""
    norm = [w.title() if w.isupper() and len(w) > 1 else w for w in words]
    i = 0
    while i < len(norm):
        for phrase in gaz.title_phrase_index.get(norm[i], ()):
            if tuple(norm[i : i + len(phrase)]) == phrase:
                i += len(phrase)
                break
        else:
            w = norm[i]
            if w in gaz.titles or w.rstrip(".") in gaz.titles:
                i += 1
            elif w in gaz.departments and i + 1 < len(norm) and norm[i + 1] in gaz.titles:
                i += 1
            else:
                break
    return i


def _possessive_context(text: str, m: _Mention) -> bool:
    """A possessive is followed by the thing possessed and not preceded by "the" ("the Russians")."""
    before = text[max(0, m.start - 4) : m.start]
    if before.lower().endswith("the "):
        return False
    after = text[m.end : m.end + 2]  # m.end is after the "s"
    return after[:1] == " " and after[1:2].islower()


def _drop_non_names(
    ctx: _Context,
    mentions: list[_Mention],
    gaz: gz.Gazetteer,
    lex: _Lexicon,
    surnames: set[str],
    vetoed: list[tuple[int, int]],
) -> list[_Mention]:
    """Drop single words that only look like names."""
    text = ctx.text
    kept = []
    for m in mentions:
        surface = _ws(text[m.start : m.end])
        if m.place is None and m.ntok == 1 and surface not in surnames:
            if _not_a_name(ctx, m, surface, gaz, lex):
                vetoed.append((m.start, m.end))
                continue
        kept.append(m)
    return kept


def _not_a_name(ctx: _Context, m: _Mention, surface: str, gaz: gz.Gazetteer, lex: _Lexicon) -> bool:
    stem = surface[:-1] if surface.endswith("s") else surface
    if surface in gaz.not_names or stem in gaz.not_names:
        return not (m.label == "NORP" and surface in gaz.norp_ok)
    lower = surface.lower()
    if surface.isupper() and len(surface) > 1:
        return lex.shouted_word(lower)  # a shouted common word ("BACK", "RESPECTS")
    if m.label == "NORP":
        return False
    if ctx.sentence_initial(m.start) and lex.function_or_verb(surface):
        return not ctx.capitalised_mid_sentence(surface)  # "Speaking", "Meanwhile"
    if lex.lone_adjective(surface):
        return True  # "Eastern", "Allied"
    if m.label != "PERSON" and lex.any_word(lower) and lower in ctx.lower_words():
        return True  # a common word also written lowercase here ("Alliance"/"alliance")
    return False


class _SpanIndex:
    """Fast overlap test against a fixed set of spans."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.covered: set[int] = set()
        for s, e in spans:
            self.covered.update(range(s, e))

    def hits(self, start: int, end: int) -> bool:
        return any(i in self.covered for i in range(start, end))


def _gazetteer_scan(
    ctx: _Context,
    gaz: gz.Gazetteer,
    blocked: list[tuple[int, int]],
    mentions: list[_Mention],
    vetoed: list[tuple[int, int]],
    lex: _Lexicon,
) -> list[_Mention]:
    text = ctx.text
    taken = _SpanIndex(blocked + [(m.start, m.end) for m in mentions] + vetoed)
    found: list[_Mention] = []
    for pstart, pend in ctx.paragraphs:
        for hit in _CAP_WORD.finditer(text, pstart, pend):
            forms = gaz.by_lead.get(hit.group(0))
            if not forms:
                continue
            pos = hit.start()
            for form in forms:
                end = _match_at(text, pos, pend, form)
                if end is None:
                    continue
                place = gaz.forms[form]
                if end != pos + len(form) and place.kind == "NORP":
                    continue
                if taken.hits(pos, pos + len(form)):
                    break
                if " " not in form and _sentence_initial(text, pos, pstart) and lex.function_or_verb(form):
                    break  # a common English word that starts a sentence
                found.append(_Mention(pos, pos + len(form), place.kind, "gaz", ntok=len(form.split()), place=place))
                break
    return found


def _match_at(text: str, pos: int, limit: int, form: str) -> int | None:
    """If ``form`` is at ``pos`` as whole words (optionally followed by a possessive "s"), the end
    of the match (after the "s" if any); else None."""
    if not text.startswith(form, pos):
        return None
    end = pos + len(form)
    nxt = text[end] if end < limit else ""
    if not nxt or not (nxt.isalnum() or nxt == "_"):
        return end
    if nxt == "s" and (end + 1 >= limit or not text[end + 1].isalnum()):
        after = text[end + 1 : end + 3]
        if after[:1] == " " and after[1:2].islower():
            return end + 1
    return None


def _dedupe(mentions: list[_Mention]) -> list[_Mention]:
    out: list[_Mention] = []
    last_end = -1
    for m in mentions:
        if m.start < last_end:
            continue  # overlaps the previous (longer or earlier) mention
        out.append(m)
        last_end = m.end
    return out


def _person_evidence(text: str, mentions: list[_Mention], gaz: gz.Gazetteer) -> None:
    """A title just before ("spokeswoman X", "President X"), a role noun in apposition after
    ("X, the secretary of ...") or "X, who ..." marks a person."""
    for m in mentions:
        if m.place is not None:
            continue
        before = text[max(0, m.start - 40) : m.start].split()
        if before:
            last = before[-1]
            if last in gaz.titles or last.lower() in gaz.roles or any(
                tuple(before[-len(p) :]) == p for p in gaz.title_phrases
            ):
                m.person_evidence += 1
        after = text[m.end : m.end + 50]
        if after.startswith(","):
            words = after[1:].split()[:5]
            if words and words[0] == "who":
                m.person_evidence += 1
            else:
                words = [w.strip(",.;:") for w in words if w not in _DETERMINERS]
                for w in words[:3]:
                    if not w[:1].islower():
                        break
                    if w in gaz.roles:
                        m.person_evidence += 1
                        break


# --------------------------------------------------------------------------------------------
# Merging


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _is_person_name(m: _Mention) -> bool:
    return m.ntok > 1 and m.place is None and (m.label == "PERSON" or m.person_evidence > 0 and m.label == "ORG")


def _person_key(surface: str) -> str:
    """First and last name, initials left out: "Donald J. Trump" and "Donald Trump" share it."""
    words = [w for w in surface.split() if not (len(w.rstrip(".")) <= 1 or w.endswith(".") and len(w) <= 3)]
    if len(words) < 2:
        words = surface.split()
    return (words[0] + " " + words[-1]).casefold()


def _acronym_of(acr: str, name: str) -> bool:
    """Whether ``acr`` can abbreviate ``name`` (Schwartz & Hearst): its letters occur in order in
    the name, the first one starting the name's first word."""
    letters = [c.lower() for c in acr if c.isalnum()]
    if len(letters) < 2 or not name or letters[0] != name[0].lower():
        return False
    pos = 0
    low = name.lower()
    for c in letters:
        pos = low.find(c, pos)
        if pos < 0:
            return False
        pos += 1
    return True


def _defines_acronym(acr: str, name: str, gaz: gz.Gazetteer) -> bool:
    """"Name (ACR)" defines ACR unless ACR is something else the gazetteer knows ("Regulation (EU)")."""
    if sum(c.isupper() for c in acr) < 2:
        return False
    if _acronym_of(acr, name):
        return True
    place = gaz.lookup(acr)
    return place is None or place == gaz.lookup(name)


def _merge(text: str, mentions: list[_Mention], gaz: gz.Gazetteer, lex: _Lexicon) -> list[list[int]]:
    uf = _UnionFind(len(mentions))
    surfaces = [_ws(text[m.start : m.end]) for m in mentions]
    folded = [s.casefold() for s in surfaces]

    keys: dict[str, int] = {}

    def key(i: int, k: str) -> None:
        if k in keys:
            uf.union(i, keys[k])
        else:
            keys[k] = i

    # Full names of people: the same first and last name is the same person.
    full = [i for i, m in enumerate(mentions) if _is_person_name(m)]
    pkey = {i: _person_key(surfaces[i]) for i in full}
    for i in full:
        key(i, "p:" + pkey[i])

    # A proper suffix of full names (the surname) refers to the nearest such name before it (else
    # the first after it); a first name alone does so when only one full name has it.
    suffix_owners: dict[str, set[str]] = {}
    first_owners: dict[str, set[str]] = {}
    for i in full:
        words = folded[i].split()
        for k in range(1, len(words)):
            suffix_owners.setdefault(" ".join(words[k:]), set()).add(pkey[i])
        first_owners.setdefault(words[0], set()).add(pkey[i])
    ambiguous = {s for s, owners in suffix_owners.items() if len(owners) > 1}

    for i, m in enumerate(mentions):
        if i in pkey or m.label == "NORP":
            continue
        f = folded[i]
        if f in suffix_owners:
            owners = [j for j in full if (" " + folded[j]).endswith(" " + f)]
        elif m.ntok == 1 and m.place is None and len(first_owners.get(f, ())) == 1:
            owners = [j for j in full if folded[j].split()[0] == f]
        else:
            continue
        before = [j for j in owners if mentions[j].start < m.start]
        j = before[-1] if before else owners[0]
        uf.union(i, j)
        m.surname_of = j

    # An organisation's short form: the leading words of exactly one longer organisation name
    # ("Quillfeather" for "Quillfeather Systems"), unless they are common words.
    org_names: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.label == "ORG" and m.place is None and m.ntok > 1:
            org_names.setdefault(folded[i], []).append(i)
    prefix_owners: dict[str, set[str]] = {}
    for name in org_names:
        words = name.split()
        for k in range(1, len(words)):
            prefix_owners.setdefault(" ".join(words[:k]), set()).add(name)
    for i, m in enumerate(mentions):
        if m.label != "ORG" or m.place is not None:
            continue
        owners = prefix_owners.get(folded[i], ())
        if len(owners) == 1 and not lex.any_word(folded[i].split()[0]):
            uf.union(i, org_names[next(iter(owners))][0])

    acronyms: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        compact = surfaces[i].replace(".", "")
        if m.ntok == 1 and compact.isupper() and 2 <= len(compact) <= 10:
            acronyms.setdefault(compact, []).append(i)

    for i, m in enumerate(mentions):
        surface = surfaces[i]
        if m.surname_of is not None and surface.casefold() in ambiguous:
            continue  # "Smith" when two Smiths are named: only its nearest full name
        if m.place is not None:
            key(i, "g:" + m.place.key)
        key(i, "t:" + _norm(surface))
        if m.ntok < 2 or m.label == "PERSON":
            continue
        # An acronym defined in the text ("Name (ACR)") or made of the name's initials.
        acr = _ACRONYM_AFTER.match(text, m.end)
        candidates = []
        if acr and _defines_acronym(acr.group(1), surface, gaz):
            candidates.append(acr.group(1).replace(".", ""))
        initials = "".join(w[0] for w in surface.split() if w not in _INITIAL_SKIP and w[:1].isupper())
        if len(initials) >= 2:
            candidates.append(initials)
        for c in candidates:
            for j in acronyms.get(c, ()):
                uf.union(i, j)

    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(uf.find(i), []).append(i)
    return list(groups.values())


def _recover_aliases(
    ctx: _Context,
    mentions: list[_Mention],
    clusters: list[list[int]],
    vetoed: list[tuple[int, int]],
    gaz: gz.Gazetteer,
    lex: _Lexicon,
) -> list[list[int]]:
    """Find further mentions of each entity's known forms (its surname, its acronym, its name)."""
    text = ctx.text
    alias_owner: dict[str, int] = {}
    clash: set[str] = set()
    for c, members in enumerate(clusters):
        forms = set()
        for i in members:
            surface = _ws(text[mentions[i].start : mentions[i].end])
            forms.add(surface)
            if _is_person_name(mentions[i]):
                forms.add(surface.split()[-1])
            acr = _ACRONYM_AFTER.match(text, mentions[i].end)
            if acr and mentions[i].ntok > 1 and _defines_acronym(acr.group(1), surface, gaz):
                forms.add(acr.group(1))
        for f in forms:
            if len(f) < 2 or not f[:1].isupper() or f in gaz.not_names or f.lower() in lex.stop:
                continue
            if f in alias_owner and alias_owner[f] != c:
                clash.add(f)
            alias_owner[f] = c
    for f in clash:
        del alias_owner[f]
    if not alias_owner:
        return clusters

    by_lead: dict[str, list[str]] = {}
    for f in alias_owner:
        by_lead.setdefault(gz.lead_word(f), []).append(f)
    for v in by_lead.values():
        v.sort(key=len, reverse=True)

    taken = _SpanIndex([(m.start, m.end) for m in mentions] + vetoed)
    cluster_type = [Counter(mentions[i].label for i in members).most_common(1)[0][0] for members in clusters]
    for pstart, pend in ctx.paragraphs:
        for hit in _CAP_WORD.finditer(text, pstart, pend):
            forms = by_lead.get(hit.group(0))
            if not forms:
                continue
            pos = hit.start()
            for form in forms:
                end = _match_at(text, pos, pend, form)
                if end is None:
                    continue
                c = alias_owner[form]
                if end != pos + len(form) and cluster_type[c] == "NORP":
                    continue
                if taken.hits(pos, pos + len(form)):
                    break
                if " " not in form and _sentence_initial(text, pos, pstart) and lex.function_or_verb(form):
                    break
                mentions.append(_Mention(pos, pos + len(form), cluster_type[c], "alias", ntok=len(form.split())))
                clusters[c].append(len(mentions) - 1)
                break
    return clusters


# --------------------------------------------------------------------------------------------
# Output


def _vote(mentions: list[_Mention], members: list[int]) -> str:
    voters = [mentions[i] for i in members if mentions[i].source != "alias"]
    if not voters:
        voters = [mentions[i] for i in members]
    has_full_person = any(_is_person_name(m) for m in voters)
    places = Counter(m.place.kind for m in voters if m.place is not None)
    if places and not has_full_person:
        return places.most_common(1)[0][0]
    score: Counter[str] = Counter()
    for m in voters:
        if m.place is not None:
            score[m.place.kind] += 2
        else:
            score[m.label] += m.ntok * m.ntok
        if m.person_evidence:
            score["PERSON"] += 4 * m.person_evidence
        if m.surname_of is not None:
            score["PERSON"] += 4
    best = max(score.values())
    return next(t for t in TYPE_ORDER if score.get(t) == best)


def _canonical(text: str, mentions: list[_Mention], members: list[int], etype: str) -> str:
    places = Counter(mentions[i].place for i in members if mentions[i].place is not None)
    if places and etype != "NORP":
        place = places.most_common(1)[0][0]
        if place.kind == etype:
            return place.canonical
    counts = Counter(_ws(text[mentions[i].start : mentions[i].end]) for i in members)
    first = {}
    for i in sorted(members, key=lambda i: mentions[i].start):
        first.setdefault(_ws(text[mentions[i].start : mentions[i].end]), mentions[i].start)

    def rank(name: str) -> tuple:
        return (len(name.split()), len(name), counts[name], name.isupper(), -first[name])

    return max(counts, key=rank)


def _build_entities(text: str, mentions: list[_Mention], clusters: list[list[int]]) -> tuple[Entity, ...]:
    built = []
    for members in clusters:
        spans = sorted({(mentions[i].start, mentions[i].end) for i in members})
        if not spans:
            continue
        etype = _vote(mentions, members)
        name = _canonical(text, mentions, members, etype)
        ms = tuple(Mention(s, e, text[s:e]) for s, e in spans)
        built.append((spans[0][0], etype, name, ms))
    built.sort(key=lambda b: b[0])
    return tuple(
        Entity(id=f"e{n}", name=name, type=etype, mentions=ms) for n, (_, etype, name, ms) in enumerate(built, 1)
    )
