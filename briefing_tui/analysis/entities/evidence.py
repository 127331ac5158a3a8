"""Evidence for an entity's type from the words around its mentions: titles and roles before a name,
appositions after it, lists of people, members and officials of a body, affiliations, families; a
party, an acronym or a name ending in an institution's word is never a person."""

from __future__ import annotations

import re

from .. import gazetteer as gz
from .common import _DETERMINERS, _Mention


def _is_person_name(m: _Mention) -> bool:
    return m.ntok > 1 and m.place is None and (m.label == "PERSON" or m.person_evidence > 0 and m.label == "ORG")


def _person_evidence(text: str, mentions: list[_Mention], gaz: gz.Gazetteer) -> None:
    """A title just before ("spokeswoman X", "President X"), a role noun in apposition after
    ("X, the secretary of ...") or "X, who ..." marks a person; an organisation's noun in the same
    places ("the port operator X", "X, the carmaker") marks an organisation."""
    _relabel(text, mentions, gaz)
    _list_evidence(text, mentions)
    for k, m in enumerate(mentions):
        if m.place is not None:
            continue
        if m.label in ("ORG", "PERSON") and m.ntok > 1 and k + 1 < len(mentions):
            nxt = mentions[k + 1]
            if _person_of(text, m, nxt) and _org_shaped(text, nxt, gaz) and not _org_shaped(text, m, gaz):
                # "Mei Tsang-lok from the Harbour Party", "Ada Quist of HKP"; a name with "of" in
                # it is a body's ("the Ministry of Finance of the Russian Federation")
                m.label = "PERSON"
                m.person_evidence += 1
        role = _role_before(text, m.role[0] if m.role else m.start, gaz, lowercase_ok=m.role is None)
        if role is not None:
            m.role = (role, m.role[1] if m.role else role + len(text[role : m.start].rstrip()))
        before = text[max(0, m.start - 40) : m.start].split()
        if before:
            last = before[-1]
            if last in gaz.titles or last.lower() in gaz.roles or last in gaz.title_phrase_ends and any(
                tuple(before[-len(p) :]) == p for p in gaz.title_phrases
            ):
                m.person_evidence += 1
            elif last in gaz.org_roles:
                m.org_evidence += 1
        if _body_evidence(text, m, gaz):
            continue  # "members of X, who ...": the apposition is about the members
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
    _titled_surnames(text, mentions, gaz)
    _affiliations(text, mentions)
    _families(text, mentions)


def _families(text: str, mentions: list[_Mention]) -> None:
    """"the Okafors" after "Thomas Okafor" and "Manju Okafor": the plural of a surname the article gives
    people is those people, a family, whatever the model called it."""
    surnames = {text[m.start : m.end].split()[-1] for m in mentions if m.label == "PERSON" and m.ntok > 1}
    for m in mentions:
        word = text[m.start : m.end]
        if m.ntok == 1 and m.label != "PERSON" and word.endswith("s") and word[:-1] in surnames:
            if text[max(0, m.start - 4) : m.start].lower() == "the ":
                m.label, m.place = "PERSON", None
                m.person_evidence += 1


_POSSESSIVE_GAP = re.compile(r"['’]s ")


def _affiliations(text: str, mentions: list[_Mention]) -> None:
    """A person's affiliation is a body (or a place): "Cheng Wai-lam of Civic Ardour", "Civic
    Ardour's Wong Tak-ming", "Acme's Jane Roe" give the name next to the person body evidence."""
    for m, nxt in zip(mentions, mentions[1:]):
        if m.label == "PERSON" and m.ntok > 1 and nxt.place is None and nxt.label in ("PERSON", "ORG"):
            if _person_of(text, m, nxt):
                nxt.body_evidence += 1
        if nxt.label == "PERSON" and nxt.ntok > 1 and m.place is None and m.label in ("PERSON", "ORG"):
            gap = _POSSESSIVE_GAP.match(text, m.end)
            if gap and gap.end() == nxt.start:
                m.body_evidence += 1


def _titled_surnames(text: str, mentions: list[_Mention], gaz: gz.Gazetteer) -> None:
    """One sense per discourse: a surname the article gives a person's title ("President Horobets")
    makes a person of a two- or three-word name ending in it that the model called an organisation
    ("Taras Horobets"), unless that name has an organisation's shape ("Horobets Foundation")."""
    titled = {
        text[m.start : m.end]
        for m in mentions
        if m.ntok == 1 and m.label == "PERSON" and m.place is None and m.role is not None
    }
    if not titled:
        return
    for m in mentions:
        if m.label != "ORG" or m.place is not None or not 2 <= m.ntok <= 3:
            continue
        words = text[m.start : m.end].split()
        if words[-1] in titled and all(w[:1].isupper() and not w.isupper() for w in words) and not _org_shaped(
            text, m, gaz
        ) and not any(w in gaz.heads or w in gaz.title_words for w in words[:-1]):
            m.label = "PERSON"
            m.person_evidence += 1


_MEMBER_OF = re.compile(r",? (?:of|from) (?:the )?")
_NAME_LINKS = re.compile(r" (?:of|for|and|&) ")
_NOUN_LINK_BEFORE = re.compile(r"([a-z-]+) (?:of|in) (?:the )?$")


def _person_of(text: str, m: _Mention, nxt: _Mention) -> bool:
    """"<name> of|from (the) <next name>", the first a name without "of"/"and" in it: a person and
    the body or place they belong to ("Ann Roe of HKP"), not "the Ministry of Finance of <country>"."""
    link = _MEMBER_OF.match(text, m.end)
    return bool(link) and link.end() == nxt.start and not _NAME_LINKS.search(text, m.start, m.end)
_WORD_AFTER = re.compile(r" ([a-z-]+)\b")


def _body_evidence(text: str, m: _Mention, gaz: gz.Gazetteer) -> bool:
    """Words that give a name people of its own: "(former) members of X", "officials of X", "X
    officials", "the X organization". Counted apart from the other evidence: the vote uses it only
    when nothing in the article calls the name a person. True when the words come before the name
    ("members of X"), so that what follows it ("members of X, who ...") is about them."""
    if m.place is not None or m.label not in ("PERSON", "ORG"):
        return False
    before = _NOUN_LINK_BEFORE.search(text, max(0, m.start - 30), m.start)
    if before and before.group(1) in gaz.member_nouns:
        m.body_evidence += 1
        return True
    after = _WORD_AFTER.match(text, m.end)
    if after is None:
        return False
    word = after.group(1)
    if word in gaz.member_nouns or word in gaz.org_roles and text[max(0, m.start - 4) : m.start].lower() == "the ":
        m.body_evidence += 1
    return False
_LIST_SEP = re.compile(r"(?:,| and|, and) ")


def _org_shaped(text: str, m: _Mention, gaz: gz.Gazetteer) -> bool:
    """An acronym ("HKP") or a name ending in an organisation's word ("Civic Party")."""
    surface = text[m.start : m.end]
    if m.ntok == 1 and surface.isupper() and len(surface) >= 2:
        return True
    return gaz.heads.get(surface.split()[-1]) == "ORG"


def _relabel(text: str, mentions: list[_Mention], gaz: gz.Gazetteer) -> None:
    """A party or company is never a person: an acronym or a name ending in an organisation's word
    ("Party", "Council", "Ministry") that the model calls PERSON is an organisation."""
    surnames = {text[m.start : m.end].split()[-1].upper() for m in mentions if _is_person_name(m)}
    for m in mentions:
        if text[m.start : m.end] in surnames:
            m.label = "PERSON"  # a transcript's speaker label ("KIRBY:")
            continue
        if m.label == "PERSON" and m.place is None and _org_shaped(text, m, gaz):
            m.label = "ORG"
            m.person_evidence = 0


def _list_evidence(text: str, mentions: list[_Mention]) -> None:
    """Names listed together are of one kind: in "A, B, C and D" where most are people (two full
    names, or three names), the others are people too ("Ansel Adams, Chuck Close, Walker Evans")."""
    run: list[_Mention] = []

    def close() -> None:
        people = sum(1 for m in run if m.label == "PERSON")
        if people >= 2 and people * 2 > len(run) and any(m.label == "PERSON" and m.ntok > 1 for m in run) or (
            people >= 3 and people * 2 > len(run)
        ):
            for m in run:
                if m.label == "ORG" and m.place is None and not text[m.start : m.end].isupper():
                    m.label = "PERSON"
                    m.person_evidence += 1

    for m in mentions:
        if run and not (_LIST_SEP.fullmatch(text, run[-1].end, m.start)):
            close()
            run = []
        run.append(m)
    close()


_HONORIFICS = frozenset(
    ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Sir", "Dame", "Madam", "Madame", "Monsieur", "Herr", "Lady", "Lord")
)
_WORD_BEFORE = re.compile(r"(\S+) $")


def _role_before(text: str, pos: int, gaz: gz.Gazetteer, lowercase_ok: bool = True) -> int | None:
    """Where a title written just before ``pos`` starts ("Home Secretary [Suella Braverman]",
    "oceanographer [Ingrid Solvang]"), or None. Honorifics (Mr, Dr) are no role."""
    start = None
    end = pos
    while True:
        phrase = _title_phrase_start(text, end, gaz)  # "Secretary of State": the whole phrase
        if phrase is not None:
            start = end = phrase
            continue
        hit = _WORD_BEFORE.search(text, max(0, end - 40), end)
        if hit is None:
            break
        word = hit.group(1)
        bare = word.rstrip(".")
        if start is None and lowercase_ok and word.islower() and word in gaz.roles:
            return hit.start(1)
        if bare in _HONORIFICS:
            break
        if word[:1].isupper() and (word in gaz.titles or bare in gaz.titles or word in gaz.title_words):
            if start is None and not (word in gaz.titles or bare in gaz.titles or word in gaz.title_phrase_ends):
                break  # the word next to the name must itself be a title
            start = end = hit.start(1)
            continue
        break
    return start


def _title_phrase_start(text: str, end: int, gaz: gz.Gazetteer) -> int | None:
    """Where a title phrase of two or more words written just before ``end`` starts, or None."""
    hit = _WORD_BEFORE.search(text, max(0, end - 40), end)
    if hit is None:
        return None
    for phrase, i in gaz.title_phrase_tails.get(hit.group(1), ()):
        if i != len(phrase) - 1:
            continue  # the word before ``end`` must end the phrase
        head = " ".join(phrase) + " "
        if text.endswith(head, 0, end) and (end == len(head) or not text[end - len(head) - 1].isalnum()):
            return end - len(head)
    return None
