"""Named entities of an article: spaCy's NER, repaired for news text, merged into real-world entities.

Stages (all offsets stay offsets into the article text):
1. NER over the body's paragraphs (``nlp.pipe``; only the ``ner`` component runs). Line breaks
   become spaces first, so hard-wrapped text gives the same entities.
2. Span repair: a leading "the", "pro-"/"anti-", titles and role words ("Admiral", "Prime
   Minister", "Novelist") and trailing possessives or lowercase words go out of the span; given
   names the model left out after a title come in ("Dr [Henrietta] Marlowe-Quist"); a possessive
   without apostrophe ("Okafors plan", "Norways ports") is cut to the bare name when that name is known
   (gazetteer, or found elsewhere in the text) and not a plural ("the Russians", "on Sundays").
3. Words that only look like names go: weekdays and months ("Sundays"), titles alone,
   sentence-initial common words ("Speaking", "Meanwhile"), lone adjectives ("Eastern"), shouted
   words ("STOP"), department words inside a title ("Army" in "Army Secretary").
4. The gazetteer (world knowledge, ``data/gazetteer.toml``) retypes what the small model gets
   wrong (a city as PERSON) and adds the places, peoples and organisations it missed; a name
   ending in "Road" or "Party" is no person.
5. Mentions merge into entities with union-find over alias keys: the case-folded text, gazetteer
   identity (US = United States), a person's first and last name, acronyms (defined "Name (ACR)"
   or made of a name's initials), an organisation's leading word, and a person's surname (or
   unique first name) after the full name.
6. Each entity's known forms (its names, surname, acronym, short form) are searched in the text to
   recover mentions the model missed or cut short; the type is voted over the mentions (full names,
   gazetteer, titles and appositions weigh most); the name is the fullest form.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Entity, Mention
from . import gazetteer as gz
from .chunks import nlp_chunks
from .nlp import get_nlp, pipe, stop_words, word_index

TYPES = frozenset(("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"))
TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
_MAX_CHUNK = 20_000  # characters per piece handed to the model

_WS = re.compile(r"\s")
# Runs of more than 100 characters without a space are no prose (rules, URLs, junk) and make spaCy's
# tokenizer quadratic (20,000 "(" took 40 s): the model sees spaces there, offsets unchanged.
_LONG_RUN = re.compile(r"\S{101,}")


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())

_CAP_WORD = re.compile(r"(?<![\w'’.])[^\W\d_a-z][^\W\d_]*")  # a capitalised word start
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
_PARTICLES = frozenset(  # lowercase words that may start a name ("de Gaulle", "van Hoorn")
    ("de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "al", "el", "bin", "ibn",
     "ben", "dos", "das", "ter", "ten", "zu")
)
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
    org_evidence: int = 0  # "the port operator X", "X, the carmaker"
    surname_of: int | None = None  # index of the full-name mention this surname refers to
    dead: bool = False  # superseded by a longer known name that contains it
    title_only: bool = False  # the span is just a title: no name unless it is someone's surname ("King")


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
        """A common word other than a noun (all-caps nouns are often acronyms: "NHS")."""
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
    paragraphs = _bounded(sorted((s, e) for s, e in paragraphs if e > s), text)
    if not paragraphs:
        return ()
    gaz = gz.load()
    lex = _Lexicon()
    nlp = get_nlp()
    ctx = _Context(text, paragraphs)

    # Line breaks (hard-wrapped text) and tabs become spaces, so they neither split names nor
    # shift offsets.
    chunks = [_LONG_RUN.sub(_blank, _WS.sub(" ", text[s:e])) for s, e in paragraphs]
    mentions: list[_Mention] = []
    blocked: list[tuple[int, int]] = []  # NER spans of other labels (DATE, ...): nothing overrules them
    vetoed: list[tuple[int, int]] = []  # spans judged not to be names: alias recovery leaves them alone
    poss_candidates: set[int] = set()

    for (pstart, _pend), doc in zip(paragraphs, pipe(chunks, nlp)):
        for ent in doc.ents:
            if ent.label_ not in TYPES:
                blocked.append((pstart + ent.start_char, pstart + ent.end_char))
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

    # The possessive "s" of names known from elsewhere in the text ("Okafors" when "Okafor" occurs).
    known = {_ws(text[m.start : m.end]) for m in mentions}
    person_names = {_ws(text[m.start : m.end]) for m in mentions if m.label == "PERSON"}
    person_names |= {name.split()[-1] for name in person_names}
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
    mentions = [m for m in mentions if not m.dead]

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
    titled = title in gaz.titles or title.rstrip(".") in gaz.titles or title in gaz.title_phrase_ends
    if titled or title.lower() in gaz.roles:
        return list(doc[i : ent.end])
    return list(ent)


def _bounded(paragraphs: list[tuple[int, int]], text: str, limit: int = _MAX_CHUNK) -> list[tuple[int, int]]:
    """Paragraphs, with any longer than ``limit`` cut at whitespace (the model's input stays small)."""
    return nlp_chunks(text, paragraphs, (), limit)


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
    # Leading "the", "pro-"/"anti-" prefixes and other lowercase words ("former Acme Corp").
    while toks:
        t = toks[0]
        if t.text in _ARTICLES and " ".join(x.text for x in toks) in gaz.forms:
            break  # "The Hague", "The Gambia"
        if t.text in _ARTICLES or not t.text[:1].isalnum():
            toks = toks[1:]
        elif t.text.lower() in _PREFIXES and len(toks) > 2 and toks[1].text in "-–" and not toks[1].space_before:
            toks = toks[2:]
        elif t.text[:1].islower() and t.text not in _PARTICLES and len(toks) > 1:
            toks = toks[1:]
        else:
            break
    # Trailing possessives, punctuation and separate lowercase words ("the Workers Front party");
    # lowercase pieces joined by a hyphen ("Ji-hoon") stay.
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
    title_only = _title_prefix(words, gaz) == len(words)  # "President", "National Security Advisor"
    if label == "PERSON" and not title_only:
        cut = _title_prefix(words, gaz)
        if cut:
            toks = toks[cut:]
            words = words[cut:]
            evidence += 1
        kind = gaz.heads.get(words[-1])
        if kind and len(words) > 1:
            label = kind  # "Elm Road", "Harbour Centre": no person
    start, end = toks[0].start, toks[-1].end
    # A department word inside a title ("Army Secretary X", "Secretary of State X") is no organisation.
    if " ".join(words) in gaz.departments:
        after = text[end : end + 40].split()
        before = text[max(pstart, start - 40) : start]
        head = after[0].strip(",.;:") if after else ""
        title_after = head in gaz.titles or head.capitalize() in gaz.titles or head in gaz.title_phrase_index
        if title_after or _DEPT_BEFORE.search(before):
            return None, False
    last = words[-1]
    poss = len(last) >= 4 and last.endswith("s") and not last.endswith("ss") and last[0].isupper() and not last.isupper()
    m = _Mention(start, end, label, "ner", ntok=len(toks), person_evidence=evidence, title_only=title_only)
    return m, poss


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
            if w in gaz.titles or w.rstrip(".") in gaz.titles or w[:1].isupper() and w.lower() in gaz.roles:
                i += 1
            elif w in gaz.departments and i + 1 < len(norm) and norm[i + 1] in gaz.titles:
                i += 1
            else:
                break
    return i


def _possessive_context(text: str, m: _Mention) -> bool:
    """A possessive is followed by the thing possessed and not preceded by "the" ("the Russians")."""
    before = text[max(0, m.start - 4) : m.start]
    if before[:-1].lower().endswith("the") and before[-1:].isspace():
        return False
    after = text[m.end : m.end + 2]  # m.end is after the "s"
    return after[:1].isspace() and after[1:2].islower()


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
        if m.title_only and surface not in surnames:
            vetoed.append((m.start, m.end))
            continue
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
        return lex.shouted_word(lower)  # a shouted common word ("STOP", "WINS")
    if m.label == "NORP":
        # a people is a demonym (the gazetteer's, or not an English word), not "Harbour"
        return ctx.sentence_initial(m.start) and lex.any_word(lower) and not ctx.capitalised_mid_sentence(surface)
    if ctx.sentence_initial(m.start) and lex.function_or_verb(surface):
        return not ctx.capitalised_mid_sentence(surface)  # "Speaking", "Meanwhile"
    if m.label != "PERSON" and lex.lone_adjective(surface):
        return True  # "Eastern", "Allied" tagged ORG (a person may well be called Strong)
    if m.label != "PERSON" and lex.any_word(lower) and lower in ctx.lower_words():
        return True  # a common word also written lowercase here ("Alliance"/"alliance")
    return False


class _Occupancy:
    """Which characters are taken, and by what: a new span may take the place of mentions it
    strictly contains ("Bank of Canada" over the model's "Canada"), never of other spans."""

    def __init__(self, fixed: list[tuple[int, int]], mentions: list[_Mention]) -> None:
        self.fixed: set[int] = set()
        for s, e in fixed:
            self.fixed.update(range(s, e))
        self.by_char: dict[int, list[_Mention]] = {}
        for m in mentions:
            self.add(m)

    def add(self, m: _Mention) -> None:
        for i in range(m.start, m.end):
            self.by_char.setdefault(i, []).append(m)

    def claim(self, start: int, end: int, may_supersede: bool = True) -> list[_Mention] | None:
        """None if [start, end) cannot be taken; else the mentions it supersedes (maybe none)."""
        inside: dict[int, _Mention] = {}
        for i in range(start, end):
            if i in self.fixed:
                return None
            for m in self.by_char.get(i, ()):
                if m.dead:
                    continue
                if not may_supersede or m.start < start or m.end > end or m.end - m.start >= end - start:
                    return None
                inside[id(m)] = m
        return list(inside.values())


def _gazetteer_scan(
    ctx: _Context,
    gaz: gz.Gazetteer,
    blocked: list[tuple[int, int]],
    mentions: list[_Mention],
    vetoed: list[tuple[int, int]],
    lex: _Lexicon,
) -> list[_Mention]:
    taken = _Occupancy(blocked + vetoed, mentions)
    found: list[_Mention] = []
    is_norp = lambda form: gaz.forms[form].kind == "NORP"  # noqa: E731
    for pos, form in _claim_known_forms(ctx, gaz.by_lead, taken, lex, is_norp, supersede_any=True):
        place = gaz.forms[form]
        m = _Mention(pos, pos + len(form), place.kind, "gaz", ntok=len(form.split()), place=place)
        taken.add(m)
        found.append(m)
    return found


def _claim_known_forms(ctx: _Context, by_lead, taken: _Occupancy, lex: _Lexicon, is_norp, supersede_any: bool):
    """Each place (start, form) where a known form (longest first) stands as whole words and may be
    taken: the mentions it supersedes are marked dead; the caller adds its mention to ``taken``
    before asking for the next place. A NORP form does not match with a possessive "s" ("Russians"
    stays the plural), and a common English word that starts a sentence is not a name."""
    text = ctx.text
    for pstart, pend in ctx.paragraphs:
        for hit in _CAP_WORD.finditer(text, pstart, pend):
            forms = _forms_at(by_lead, hit.group(0))
            if not forms:
                continue
            pos = hit.start()
            for form in forms:
                end = _match_at(text, pos, pend, form)
                if end is None:
                    continue
                if end != pos + len(form) and is_norp(form):
                    continue
                superseded = taken.claim(pos, pos + len(form), supersede_any or _name_like(form))
                if superseded is None:
                    break
                if " " not in form and _sentence_initial(text, pos, pstart) and lex.function_or_verb(form):
                    break
                for old in superseded:
                    old.dead = True
                yield pos, form
                break


def _name_like(form: str) -> bool:
    """A proper name made of capitalised words (with lowercase joiners): only such a name may
    take the place of shorter mentions inside it ("Bank of Canada", not "Group 1")."""
    words = form.split()
    return len(words) > 1 and words[-1][:1].isupper() and all(w[:1].isupper() or w in _INITIAL_SKIP for w in words)


def _forms_at(by_lead, word: str):
    """Known forms that may start at a capitalised ``word`` (also as its possessive: "Russias")."""
    forms = by_lead.get(word)
    if word.endswith("s"):
        more = by_lead.get(word[:-1])
        if more:
            forms = tuple(forms or ()) + tuple(more)
    return forms


def _match_at(text: str, pos: int, limit: int, form: str) -> int | None:
    """If ``form`` is at ``pos`` as whole words (optionally followed by a possessive "s"), the end
    of the match (after the "s" if any); else None."""
    end = pos + len(form)
    if end > limit or not text.startswith(form, pos):
        return None
    nxt = text[end] if end < limit else ""
    if nxt == "." and end + 1 < limit and text[end + 1].isalnum():
        return None  # part of a longer token ("Acme.com")
    if not nxt or not (nxt.isalnum() or nxt == "_"):
        return end
    if nxt == "s" and not form.isupper() and (end + 1 >= limit or not text[end + 1].isalnum()):
        after = text[end + 1 : end + 3]
        if after[:1].isspace() and after[1:2].islower():
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
    ("X, the secretary of ...") or "X, who ..." marks a person; an organisation's noun in the same
    places ("the port operator X", "X, the carmaker") marks an organisation."""
    for m in mentions:
        if m.place is not None:
            continue
        before = text[max(0, m.start - 40) : m.start].split()
        if before:
            last = before[-1]
            if last in gaz.titles or last.lower() in gaz.roles or last in gaz.title_phrase_ends and any(
                tuple(before[-len(p) :]) == p for p in gaz.title_phrases
            ):
                m.person_evidence += 1
            elif last in gaz.org_roles:
                m.org_evidence += 1
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
                    if w in gaz.org_roles:
                        m.org_evidence += 1
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
    """First and last name, initials left out: "Mary K. Okafor" and "Mary Okafor" share it."""
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
    """"Name (ACR)" defines ACR unless ACR is something else the gazetteer knows ("Decision (EU)")."""
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
    by_suffix: dict[str, list[int]] = {}  # suffix -> full-name mentions with it, in text order
    by_first: dict[str, list[int]] = {}
    for i in full:
        words = folded[i].split()
        for k in range(1, len(words)):
            suffix = " ".join(words[k:])
            suffix_owners.setdefault(suffix, set()).add(pkey[i])
            by_suffix.setdefault(suffix, []).append(i)
        first_owners.setdefault(words[0], set()).add(pkey[i])
        by_first.setdefault(words[0], []).append(i)
    ambiguous = {s for s, owners in suffix_owners.items() if len(owners) > 1}

    for i, m in enumerate(mentions):
        if i in pkey or m.label == "NORP":
            continue
        f = folded[i]
        if f in by_suffix:
            owners = by_suffix[f]
        elif m.ntok == 1 and m.place is None and len(first_owners.get(f, ())) == 1:
            owners = by_first[f]
        else:
            continue
        k = bisect.bisect_left([mentions[j].start for j in owners], m.start)
        j = owners[k - 1] if k > 0 else owners[0]
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
            words = surface.split()
            if (
                mentions[i].label == "ORG"
                and len(words) == 2
                and gaz.heads.get(words[1]) == "ORG"
                and gaz.lookup(words[0]) is None
                and not lex.any_word(words[0].lower())
            ):
                forms.add(words[0])  # "Eldridge" for "Eldridge Holdings"
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

    taken = _Occupancy(vetoed, mentions)
    cluster_type = [Counter(mentions[i].label for i in members).most_common(1)[0][0] for members in clusters]
    is_norp = lambda form: cluster_type[alias_owner[form]] == "NORP"  # noqa: E731
    for pos, form in _claim_known_forms(ctx, by_lead, taken, lex, is_norp, supersede_any=False):
        c = alias_owner[form]
        m = _Mention(pos, pos + len(form), cluster_type[c], "alias", ntok=len(form.split()))
        taken.add(m)
        mentions.append(m)
        clusters[c].append(len(mentions) - 1)
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
        if m.org_evidence:
            score["ORG"] += 4 * m.org_evidence
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
        members = [i for i in members if not mentions[i].dead]
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
