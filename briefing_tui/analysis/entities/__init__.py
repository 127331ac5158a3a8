"""Named entities of an article: spaCy's NER, repaired for news text, merged into real-world entities.

Stages (all offsets stay offsets into the article text; each module holds one seam):
1. ``recognition``: NER over the body's paragraphs (only the ``ner`` component runs; line breaks
   become spaces). Span repair: a leading "the", stance compounds ("pro-Beijing"), titles and role
   words (kept as the mention's role), trailing possessives, caption labels ("Image:"), a score after
   a team, a place before a title ("Los Angeles Sheriff"); a given name the model split from its
   surname joins it; a known surname followed by a thing of theirs ("Okafor Polaroids") is cut.
   Words that only look like names go: weekdays and months, titles alone, sentence-initial common
   words, lone adjectives, shouted words, department words inside a title, words the article counts
   ("100 Polaroids"), post-nominals ("QC"). A name does not run on into the next phrase ("X In the",
   "X on French television", "X Archived").
2. The gazetteer (``data/gazetteer.toml`` and GeoNames) retypes what the model gets wrong ("Town,
   State" is a place); ``known_names`` adds the places, peoples and organisations it missed, names
   shaped like institutions (…Ministry, …Party), quoted names after an organisation's noun, and
   names in a list of people, the words before a bracketed acronym that spell it ("Movimento 5
   Stelle (M5S)"). An event's, programme's or prize's name is cut to the known name it starts with
   ("[Acme] Science Fair").
3. ``merging``: evidence (titles, "X, who", "X of the Y Party", lists; a party or acronym is never a
   person), then union-find over alias keys: the folded text, gazetteer identity (US = United
   States), a person's first and last name, surnames (a shared one goes to the person named most),
   acronyms, an organisation's short forms and head nouns ("the Court"), "X News", one-letter typos.
4. ``aliases``: each entity's known forms are searched in the text to recover mentions the model
   missed (also "X.ca", "501st Legion"); a title in apposition ("X, the Secretary of State") is a
   mention and a role of X; "the President" refers to the one person given that title. The type is voted over each
   entity's mentions (one sense per discourse); the name is the fullest form; roles are kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Entity
from .. import gazetteer as gz
from ..nlp import get_nlp, pipe
from .aliases import _recover_aliases, _recover_apposed_titles, _recover_titles
from .common import TYPES, _LONG_RUN, _WS, _blank, _Context, _Lexicon, _Mention, _Tok, _ws
from .known_names import _acronym_scan, _dedupe, _gazetteer_scan, _label_scan, _list_scan, _pattern_scan, _possessor_scan
from .evidence import _is_person_name, _person_evidence
from .merging import _build_entities, _head_owners, _merge, _vote
from .recognition import (
    _bounded,
    _common_nouns_after_determiners,
    _complete_hyphenated_given_names,
    _drop_non_names,
    _drop_sentence_initial_modifiers,
    _possessive_context,
    _repair_span,
    _with_titled_given_names,
)

__all__ = ["TYPES", "extract_entities", "_Mention", "_vote"]  # the last two: for tests of the type vote


_REGION_AFTER = re.compile(r", ((?:[A-Z][\w.]*)(?: [A-Z][\w.]*){0,2})(?=[,.;:)]|\s+[a-z(]|$)")


def _in_region(text: str, end: int, gaz: gz.Gazetteer) -> bool:
    """Whether a name is followed by ", <state or country>" ("Irving, Texas"): a town."""
    hit = _REGION_AFTER.match(text, end)
    if hit is None:
        return False
    place = gaz.lookup(hit.group(1))
    return place is not None and place.kind == "GPE" and place.strong


_TOWN_BEFORE = re.compile(r"\bin ((?:[A-Z][\w.’'-]*)(?: [A-Z][\w.’'-]*){0,2}), $")


def _region_of(text: str, m: _Mention, gaz: gz.Gazetteer) -> bool:
    """Whether a word comes after "in <known town>, " and before a comma or a full stop ("in
    Lyon, Auvergne, ..."): the region the town is in."""
    hit = _TOWN_BEFORE.search(text, max(0, m.start - 40), m.start)
    if hit is None or text[m.end : m.end + 1] not in (",", ".", ";"):
        return False
    town = hit.group(1)
    return gaz.lookup(town) is not None or gaz.town(town) is not None


def _institution_named(surface: str, gaz: gz.Gazetteer) -> bool:
    """A body's or building's name ("Harlow Museum of Lakeport", "Harlow College"): no town even
    when ", <state>" follows it."""
    words = surface.split()
    return "of" in words[1:] or gaz.heads.get(words[-1]) is not None


def _join_split_names(text: str, mentions: list[_Mention], gaz: gz.Gazetteer) -> None:
    """A given name the model tagged apart from the surname after it ("[Dries] [Mertens]"), or a
    person named like a place tagged as two places ("[Valeska] [Paris]"): one person (the second
    mention is marked dead, so indexes into ``mentions`` stay valid)."""
    prev: _Mention | None = None
    for m in mentions:
        if (
            prev is not None
            and prev.ntok == 1
            and text[prev.end : m.start] == " "
            and not text[prev.start : prev.end].isupper()
            and (
                # a known place before a whole name is no given name ("Governor of [Washington] [Chris Gregoire]")
                m.label == "PERSON" and prev.label != "PERSON"
                and (m.ntok == 1 or gaz.lookup(text[prev.start : prev.end]) is None)
                or m.ntok == 1
                and prev.label in ("GPE", "LOC")
                and m.label in ("GPE", "LOC")
                and gaz.lookup(text[prev.start : prev.end]) is None
                and gaz.town(text[prev.start : prev.end]) is None
            )
        ):
            prev.end, prev.label, prev.ntok = m.end, "PERSON", prev.ntok + m.ntok
            m.dead = True
            continue
        prev = m


def _cut_surname_modifiers(text: str, mentions: list[_Mention], lex: _Lexicon) -> None:
    """"Okafor Polaroids": a span the model calls a person that is another person's surname and a
    common noun that is nobody's surname is that surname alone (the person, then a thing of
    theirs). "Tsang Ka-ming" is a whole name although a "Lee Tsang" is in the article."""
    full = {_ws(text[m.start : m.end]) for m in mentions if _is_person_name(m)}
    last_words: dict[str, set[str]] = {}
    for name in full:
        last_words.setdefault(name.split()[-1], set()).add(name)
    for m in mentions:
        words = _ws(text[m.start : m.end]).split()
        if m.label != "PERSON" or len(words) != 2:
            continue
        name = " ".join(words)
        thing = words[1].lower()
        if not (thing in lex.noun or thing.endswith("s") and thing[:-1] in lex.noun):
            continue
        if last_words.get(words[0], set()) - {name} and not last_words.get(words[1], set()) - {name}:
            m.end = m.start + len(words[0])
            m.ntok = 1


def _post_nominal(text: str, before: _Mention, m: _Mention, gaz: gz.Gazetteer) -> bool:
    """Letters after a person's name ("Mark Tedeschi, QC", "John Smith Jr") are no name of their own."""
    return (
        before.label == "PERSON"
        and text[before.end : m.start] in (" ", ", ")
        and text[m.start : m.end].rstrip(".") in gaz.post_nominals
    )


def _cut_event_names(text: str, mentions: list[_Mention], gaz: gz.Gazetteer) -> None:
    """An event, programme, prize or collection is no person, place or organisation: "Acme Science
    Fair", "Lyon City Light Festival", "Ada Quist Photographic Legacy Program". When its leading
    words are a name the article gives elsewhere, a known place or the head noun of one of its
    organisations, the mention is that name ("Acme", "Lyon", "Ada Quist"); otherwise it stays."""
    events = [m for m in mentions if not m.dead and m.ntok >= 2 and text[m.start : m.end].split()[-1] in gaz.event_heads]
    if not events:
        return
    labels: dict[str, _Mention] = {}
    for m in mentions:
        if not m.dead and text[m.start : m.end].split()[-1] not in gaz.event_heads:
            labels.setdefault(_ws(text[m.start : m.end]), m)
    heads = _head_owners(text, mentions)
    for m in events:
        words = _ws(text[m.start : m.end]).split()
        for k in range(len(words) - 1, 0, -1):
            lead = " ".join(words[:k])
            known = labels.get(lead)
            place = gaz.lookup(lead)
            if known is None and place is None and len(heads.get(gz.fold(lead).casefold(), ())) != 1:
                continue
            end = m.start
            for w in words[:k]:
                end = text.index(w, end) + len(w)
            m.end, m.ntok = end, k
            if known is not None:
                m.label, m.place = known.label, known.place
            elif place is not None:
                m.label, m.place = place.kind, place
            else:
                m.label = "ORG"
            break


# The model's labels for names that are no person, place or body; one whose last word is an
# organisation's ("Herald", "League", "Party") names a body after all.
_ORG_IF_HEADED = frozenset(("EVENT", "WORK_OF_ART", "PRODUCT", "LAW"))


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
            label = ent.label_
            if label in _ORG_IF_HEADED and gaz.heads.get(ent[-1].text) == "ORG":
                label = "ORG"  # "the Lakeport Morning Herald" as an event, "The Economist" as a work
            if label not in TYPES:
                blocked.append((pstart + ent.start_char, pstart + ent.end_char))
                continue
            toks = []
            for t in _with_titled_given_names(doc, ent, gaz):
                a = pstart + t.idx
                toks.append(_Tok(a, a + len(t.text), t.text, a > 0 and text[a - 1].isspace()))
            m, poss = _repair_span(text, toks, label, gaz, pstart, lex)
            if m is None:
                vetoed.append((pstart + ent.start_char, pstart + ent.end_char))
                continue
            if poss:
                poss_candidates.add(len(mentions))
            mentions.append(m)

    _join_split_names(text, mentions, gaz)
    _complete_hyphenated_given_names(text, mentions)
    _drop_sentence_initial_modifiers(ctx, mentions, gaz, lex)

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
        if place is not None and m.label == "PERSON" and not place.strong:
            place = None  # a person named like a town ("Gloria"): only countries and big cities overrule
        if place is None and (m.label != "PERSON" or m.ntok == 1):
            place = gaz.town(surface) if m.label != "PERSON" else None
            if place is None and _in_region(text, m.end, gaz) and not _institution_named(surface, gaz):
                place = gz.Place("GPE", "gpe:" + surface, surface, False)  # "Evansville, Indiana"
            if place is None and m.ntok == 1 and _region_of(text, m, gaz):
                place = gz.Place("GPE", "gpe:" + surface, surface, False)  # "in Lyon, Auvergne,"
        if place is not None:
            m.place = place
    _common_nouns_after_determiners(text, mentions, gaz, lex)

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

    mentions = [m for m in mentions if not m.dead]
    _cut_surname_modifiers(text, mentions, lex)
    surnames = {_ws(text[m.start : m.end]).split()[-1] for m in mentions if _is_person_name(m)}
    mentions = _drop_non_names(ctx, mentions, gaz, lex, surnames, vetoed)

    # Add the gazetteer's places, peoples and organisations the model missed.
    mentions += _gazetteer_scan(ctx, gaz, blocked, mentions, vetoed, lex)
    mentions = [m for m in mentions if not m.dead]
    mentions += _pattern_scan(ctx, blocked, mentions, lex)
    mentions = [m for m in mentions if not m.dead]
    mentions += _acronym_scan(ctx, blocked, mentions)
    mentions = [m for m in mentions if not m.dead]
    mentions += _list_scan(ctx, blocked, mentions, gaz)
    mentions += _possessor_scan(ctx, blocked, mentions, gaz)
    mentions += _label_scan(ctx, blocked, mentions, gaz)
    mentions = [m for m in mentions if not m.dead]

    mentions.sort(key=lambda m: (m.start, -m.end))
    mentions = _dedupe(mentions)
    mentions = [m for k, m in enumerate(mentions) if not (k and _post_nominal(text, mentions[k - 1], m, gaz))]
    _cut_event_names(text, mentions, gaz)
    # An event's word alone ("the Summit", "the Games") names no person, place or organisation.
    lone_events = [m for m in mentions if m.ntok == 1 and text[m.start : m.end] in gaz.event_heads]
    vetoed += [(m.start, m.end) for m in lone_events]
    mentions = [m for m in mentions if m not in lone_events]
    _person_evidence(text, mentions, gaz)

    clusters = _merge(text, mentions, gaz, lex)
    clusters = _recover_aliases(ctx, mentions, clusters, vetoed, gaz, lex)
    _recover_apposed_titles(ctx, mentions, clusters, gaz)
    _recover_titles(ctx, mentions, clusters, gaz)
    return _build_entities(text, mentions, clusters)
