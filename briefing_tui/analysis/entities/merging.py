"""Merging: union-find over alias keys (full names, surnames, acronyms, short forms, places) into
entities, the type vote over the evidence (``evidence.py``), the entity's name and roles."""

from __future__ import annotations

import bisect
import re
import threading
from collections import Counter

from ...model import Entity, Mention
from .. import gazetteer as gz
from .common import TYPE_ORDER, _ACRONYM_AFTER, _INITIAL_SKIP, _Lexicon, _Mention, _norm, _ws
from .evidence import _is_person_name


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


def _person_key(surface: str) -> str:
    """First and last name, initials left out: "Mary K. Okafor" and "Mary Okafor" share it."""
    words = [w for w in surface.split() if not (len(w.rstrip(".")) <= 1 or w.endswith(".") and len(w) <= 3)]
    if len(words) < 2:
        words = surface.split()
    return gz.fold(words[0] + " " + words[-1]).casefold()


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


_OWN_NAMES = threading.local()  # the text last asked about and its answers: one scan of it per word


def _own_name(text: str, word: str, gaz: gz.Gazetteer) -> bool:
    """A capitalised word that names something of its own here: no acronym, place or title word,
    and written capitalised more often than in lowercase. (Each word's count is made once per text:
    asked for every mention, a long article would be scanned again and again.)"""
    if not word[:1].isupper() or word.isupper() or gaz.lookup(word) is not None or word in gaz.title_words:
        return False
    if getattr(_OWN_NAMES, "text", None) is not text:
        _OWN_NAMES.text, _OWN_NAMES.answers = text, {}
    answers: dict[str, bool] = _OWN_NAMES.answers
    if word not in answers:
        lower = len(re.findall(r"\b" + re.escape(word.lower()) + r"\b", text))
        answers[word] = text.count(word) > lower
    return answers[word]


_RUN_ON = frozenset(("The", "A", "An", "In", "On", "At", "To", "With", "By"))
_OUTLET_HEADS = frozenset(("news", "online"))


def _head_forms(name: str) -> list[str]:
    """The short forms of an organisation's name made of its head noun and the words just before it:
    "Court" and "Supreme Court" of "Italian Supreme Court of Cassation", "Legion" of "501st Legion",
    "University" of "University of Southern Indiana" (the words before any "of")."""
    words = name.split()
    core = words[: words.index("of")] if "of" in words[1:] else words
    return [" ".join(core[k:]) for k in range(len(core)) if core[k:] != words and core[k][:1].isupper()]


def _head_owners(text: str, mentions: list[_Mention]) -> dict[str, set[str]]:
    """Each head-noun short form (folded) -> the organisation names (folded) it may stand for."""
    forms: dict[str, list[str]] = {}
    for m in mentions:
        if m.dead or m.label not in ("ORG", "FAC") or m.place is not None or m.ntok < 2:
            continue
        name = _ws(text[m.start : m.end])
        words = name.split()
        if words[0].endswith("ing") or any(w in _RUN_ON for w in words[1:]):
            continue  # a heading glued to a name ("Imposing New Sanctions Treasury"): no body's name
        forms[gz.fold(name).casefold()] = [gz.fold(f).casefold() for f in _head_forms(name)]
    shorter = {f for fs in forms.values() for f in fs}  # "Supreme Court" is itself a short form
    owners: dict[str, set[str]] = {}
    for name, fs in forms.items():
        if name not in shorter:
            for f in fs:
                owners.setdefault(f, set()).add(name)
    return owners


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter added, dropped, changed or two swapped ("Untied"/"United")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [k for k in range(len(a)) if a[k] != b[k]]
        return len(diff) == 1 or len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    k = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return short[k:] == long_[k + 1 :]


def _join_misspellings(mentions: list[_Mention], surfaces: list[str], uf: _UnionFind) -> None:
    """A long name of several words written once with a typo in one word ("Untied Nations" for
    "United Nations") is the same name. People are left alone (close names are often two people)."""
    first: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.ntok >= 2 and m.label != "PERSON" and len(surfaces[i]) >= 10:
            first.setdefault(surfaces[i], i)
    buckets: dict[tuple, list[str]] = {}
    for name in first:
        words = name.split()
        for j, w in enumerate(words):
            if len(w) >= 4:
                buckets.setdefault((j, tuple(words[:j]), tuple(words[j + 1 :])), []).append(name)
    for (j, _, _), names in buckets.items():
        if len(names) < 2 or len(names) > 20:
            continue
        for x in range(len(names)):
            for y in range(x + 1, len(names)):
                a, b = names[x].split()[j], names[y].split()[j]
                if a[:1].isupper() and b[:1].isupper() and _one_edit(a, b):
                    uf.union(first[names[x]], first[names[y]])


def _merge(text: str, mentions: list[_Mention], gaz: gz.Gazetteer, lex: _Lexicon) -> list[list[int]]:
    uf = _UnionFind(len(mentions))
    surfaces = [_ws(text[m.start : m.end]) for m in mentions]
    folded = [gz.fold(s).casefold() for s in surfaces]  # "Gómez" and "Gomez" are one name

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
        if surfaces[i].isupper() and len(surfaces[i]) > 1 and not (m.ntok == 1 and f in by_suffix):
            continue  # an acronym is no one's surname; a transcript's "KIRBY:" is Kirby's
        if f in by_suffix:
            owners = by_suffix[f]
        elif m.ntok == 1 and m.place is None and len(first_owners.get(f, ())) == 1:
            owners = by_first[f]
        else:
            continue
        k = bisect.bisect_left([mentions[j].start for j in owners], m.start)
        j = owners[k - 1] if k > 0 else owners[0]
        if f in ambiguous:
            # Two people share the name: the bare surname is the one the article is about (named
            # most often in full), else the nearest named before it ("Ahmed Mohamed" ... his father
            # "Mohamed El-Hassan Mohamed" ... "Mohamed" is still the boy).
            named = Counter(pkey[o] for o in owners)
            top = max(named.values())
            if list(named.values()).count(top) == 1 and named[pkey[j]] < top:
                j = next(o for o in owners if named[pkey[o]] == top)
        uf.union(i, j)
        m.surname_of = j

    # An organisation's short form: the leading words of exactly one longer organisation name
    # ("Quillfeather" for "Quillfeather Systems"), unless they are common words.
    org_names: dict[str, list[int]] = {}
    for i, m in enumerate(mentions):
        if m.label == "ORG" and m.place is None and m.ntok > 1:
            org_names.setdefault(folded[i], []).append(i)
    prefix_owners: dict[str, set[str]] = {}
    for name, members in org_names.items():
        words = name.split()
        company = gaz.heads.get(surfaces[members[0]].split()[-1]) == "ORG"
        for k in range(1, len(words)):
            # "Quillfeather" of "Quillfeather Systems", "the Church" of "Church of Quillism"; but
            # "Google" is no short form of "Google Science Fair".
            if company or words[k] == "of":
                prefix_owners.setdefault(" ".join(words[:k]), set()).add(name)
    for i, m in enumerate(mentions):
        if m.label != "ORG" or m.place is not None:
            continue
        owners = prefix_owners.get(folded[i], ())
        if len(owners) == 1 and _own_name(text, surfaces[i].split()[0], gaz):
            uf.union(i, org_names[next(iter(owners))][0])

    # "the Court" ... "Italian Supreme Court of Cassation": the head noun (with the words just before
    # it) of exactly one organisation's name in the article.
    heads = _head_owners(text, mentions)
    body_names = {}
    for i, m in enumerate(mentions):
        if m.label in ("ORG", "FAC") and m.place is None and m.ntok > 1:
            body_names.setdefault(folded[i], i)
    for i, m in enumerate(mentions):
        if m.label not in ("ORG", "FAC") or m.place is not None:
            continue  # a facility's short form too: "Varnholt Center" of "George C. Varnholt Center"
        owners = heads.get(folded[i], ())
        if len(owners) == 1 and next(iter(owners)) != folded[i]:
            uf.union(i, body_names[next(iter(owners))])

    # A broadcaster's or publisher's news service is the broadcaster: "VBC News" is "VBC".
    org_surfaces = {folded[i]: i for i, m in enumerate(mentions) if m.label == "ORG" and m.place is None}
    for i, m in enumerate(mentions):
        words = folded[i].split()
        if m.label == "ORG" and len(words) >= 2 and words[-1] in _OUTLET_HEADS:
            owner = org_surfaces.get(" ".join(words[:-1]))
            if owner is not None:
                uf.union(i, owner)

    # "Church of Quillism" ... "Quillism": the name after "of" in exactly one organisation's
    # name, when it is a name of its own (no place, no department, capitalised more than not).
    of_owners: dict[str, set[str]] = {}
    for name, members in org_names.items():
        words = surfaces[members[0]].split()
        if len(words) >= 3 and words[-2] == "of" and _own_name(text, words[-1], gaz):
            of_owners.setdefault(words[-1].casefold(), set()).add(name)
    for i, m in enumerate(mentions):
        owners = of_owners.get(folded[i], ()) if m.ntok == 1 and m.place is None else ()
        if len(owners) == 1:
            uf.union(i, org_names[next(iter(owners))][0])

    # A body named with or without its country or town: "US State Department" = "State Department",
    # "U.S. Department of Defense" = "Department of Defense", "Harlow Museum of Lakeport" =
    # "Harlow Museum"; but "the French Foreign Ministry" and "the German Foreign Ministry" are
    # two bodies, and "the Foreign Ministry" then joins neither.
    bare_of: dict[str, tuple[int, set[str]]] = {}
    for name, first in body_names.items():
        words = surfaces[first].split()
        bare = None
        owner = ""
        for k in (1, 2):
            lead = gaz.lookup(" ".join(words[:k])) if len(words) > k + 1 else None
            if lead is not None:
                bare, owner = words[k:], lead.key
        if len(words) > 3 and words[-2] == "of":
            place = gaz.lookup(words[-1]) or gaz.town(words[-1])
            if place is not None:
                bare, owner = words[:-2], place.key
        if not bare:
            continue
        head = bare[bare.index("of") - 1] if "of" in bare[1:] else bare[-1]
        if gaz.heads.get(head) is not None:
            k = _norm(" ".join(bare))
            firsts, owners = bare_of.setdefault(k, ([], set()))
            firsts.append(first)
            owners.add(owner)
    for k, (firsts, owners) in bare_of.items():
        if len(owners) == 1:  # the bare name's own mentions join through their "t:" key below
            for first in firsts:
                key(first, "t:" + k)

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
        if m.ntok < 2 or m.label == "PERSON" or m.place is not None and m.place.kind == "NORP":
            continue  # "New Zealander" is no "NZ", nor is a person's name an acronym's
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

    _join_misspellings(mentions, surfaces, uf)

    groups: dict[int, list[int]] = {}
    for i in range(len(mentions)):
        groups.setdefault(uf.find(i), []).append(i)
    return list(groups.values())


def _vote(mentions: list[_Mention], members: list[int]) -> str:
    voters = [mentions[i] for i in members if mentions[i].source != "alias"]
    if not voters:
        voters = [mentions[i] for i in members]
    has_full_person = any(_is_person_name(m) for m in voters)
    places = Counter(m.place.kind for m in voters if m.place is not None and m.place.strong)
    if places and not has_full_person:
        return places.most_common(1)[0][0]
    score: Counter[str] = Counter()
    for m in voters:
        if m.place is not None:
            score[m.place.kind] += 2 if m.place.strong else 1  # a town's name may well be a person's
        else:
            score[m.label] += m.ntok * m.ntok
        if m.person_evidence:
            score["PERSON"] += 4 * m.person_evidence
        if m.org_evidence:
            score["ORG"] += 4 * m.org_evidence
        if m.surname_of is not None:
            score["PERSON"] += 4
    if not any(m.person_evidence or m.surname_of is not None for m in voters):
        score["ORG"] += 4 * sum(m.body_evidence for m in voters)
    best = max(score.values())
    return next(t for t in TYPE_ORDER if score.get(t) == best)


def _canonical(text: str, mentions: list[_Mention], members: list[int], etype: str) -> str:
    places = Counter(mentions[i].place for i in members if mentions[i].place is not None)
    if places and etype != "NORP":
        place = places.most_common(1)[0][0]
        if place.kind == etype:
            return place.canonical
    named = [i for i in members if not mentions[i].title_only] or members  # a title is no name
    counts = Counter(_ws(text[mentions[i].start : mentions[i].end]) for i in named)
    first = {}
    for i in sorted(named, key=lambda i: mentions[i].start):
        first.setdefault(_ws(text[mentions[i].start : mentions[i].end]), mentions[i].start)

    def rank(name: str) -> tuple:
        return (len(name.split()), len(name), counts[name], name.isupper(), -first[name])

    return max(counts, key=rank)


def _roles(text: str, mentions: list[_Mention], members: list[int]) -> tuple[str, ...]:
    """The distinct titles and roles written with a person's mentions, in text order."""
    roles: dict[str, None] = {}
    for i in sorted(members, key=lambda i: mentions[i].start):
        if mentions[i].role is not None:
            s, e = mentions[i].role
            roles.setdefault(_ws(text[s:e]).rstrip(","))
    return tuple(r for r in roles if r)


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
        roles = _roles(text, mentions, members) if etype == "PERSON" else ()
        built.append((spans[0][0], etype, name, ms, roles))
    built.sort(key=lambda b: b[0])
    return tuple(
        Entity(id=f"e{n}", name=name, type=etype, mentions=ms, roles=roles)
        for n, (_, etype, name, ms, roles) in enumerate(built, 1)
    )
