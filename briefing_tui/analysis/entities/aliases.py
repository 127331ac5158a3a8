"""Aliases: each entity's known forms (surname, acronym, short name) searched in the text to recover
mentions the model missed or cut short."""

from __future__ import annotations

import bisect
import re
from collections import Counter

from .. import gazetteer as gz
from .common import _ACRONYM_AFTER, _Context, _Lexicon, _Mention, _ws
from .known_names import _claim_known_forms, _Occupancy
from .evidence import _HONORIFICS, _is_person_name
from .merging import _defines_acronym, _own_name
from .recognition import _title_prefix


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
    surname_owners: dict[str, list[tuple[int, int]]] = {}  # surname -> (full name's position, cluster)
    for c, members in enumerate(clusters):
        forms = set()
        for i in members:
            m = mentions[i]
            surface = _ws(text[m.start : m.end])
            forms.add(surface)
            words = surface.split()
            if _is_person_name(m) and not words[-1].isupper():
                surname_owners.setdefault(words[-1], []).append((m.start, c))
            if (
                m.label == "ORG"
                and len(words) == 2
                and gaz.heads.get(words[1]) == "ORG"
                and _own_name(text, words[0], gaz)
            ):
                forms.add(words[0])  # "Eldridge" for "Eldridge Holdings"
            if m.label == "ORG" and len(words) >= 3 and words[-2] == "of" and _proper_word(ctx, words[-1], gaz):
                forms.add(words[-1])  # "Quillism" for "Church of Quillism"
            acr = _ACRONYM_AFTER.match(text, m.end)
            if acr and m.ntok > 1 and _defines_acronym(acr.group(1), surface, gaz):
                forms.add(acr.group(1))
        for f in forms:
            if not _usable(f, gaz, lex):
                continue
            if f in alias_owner and alias_owner[f] != c:
                clash.add(f)
            alias_owner[f] = c
    for f in clash:
        del alias_owner[f]
    # A surname refers to the nearest full name before it (else the first after): several people
    # may share it ("Ahmed Mohamed" ... "Mohamed El-Hassan Mohamed" ... "Mohamed").
    surnames: dict[str, list[tuple[int, int]]] = {}
    for f, owners in surname_owners.items():
        if _usable(f, gaz, lex) and f not in alias_owner:
            surnames[f] = sorted(set(owners))
    sizes = [len(members) for members in clusters]
    if not alias_owner and not surnames:
        return clusters

    def owner(form: str, pos: int) -> int:
        if form in alias_owner:
            return alias_owner[form]
        owners = surnames[form]
        k = bisect.bisect_right(owners, (pos, len(clusters)))
        nearest = owners[k - 1][1] if k > 0 else owners[0][1]
        # Shared by several people: the one the article names most often, else the nearest before.
        best = max(sizes[c] for _, c in owners)
        tops = {c for _, c in owners if sizes[c] == best}
        return tops.pop() if len(tops) == 1 and best > sizes[nearest] else nearest

    by_lead: dict[str, list[str]] = {}
    for f in [*alias_owner, *surnames]:
        by_lead.setdefault(gz.lead_word(f), []).append(f)
    for v in by_lead.values():
        v.sort(key=len, reverse=True)

    taken = _Occupancy(vetoed, mentions)
    cluster_type = [Counter(mentions[i].label for i in members).most_common(1)[0][0] for members in clusters]
    is_norp = lambda form: form in alias_owner and cluster_type[alias_owner[form]] == "NORP"  # noqa: E731
    for pos, form in _claim_known_forms(ctx, by_lead, taken, lex, is_norp, supersede_any=False):
        c = owner(form, pos)
        m = _Mention(pos, pos + len(form), cluster_type[c], "alias", ntok=len(form.split()))
        taken.add(m)
        mentions.append(m)
        clusters[c].append(len(mentions) - 1)
    # Forms that start with a digit ("501st Legion", "3M") have no capitalised lead word to look up.
    digit_forms = [f for f in alias_owner if f[:1].isdigit() and " " in f]
    if digit_forms:
        pattern = re.compile(r"(?<![\w.-])(?:" + "|".join(map(re.escape, sorted(digit_forms, key=len, reverse=True))) + r")(?![\w-])")
        for pstart, pend in ctx.paragraphs:
            for hit in pattern.finditer(text, pstart, pend):
                if taken.claim(hit.start(), hit.end(), may_supersede=False) is None:
                    continue
                c = alias_owner[hit.group(0)]
                m = _Mention(hit.start(), hit.end(), cluster_type[c], "alias", ntok=len(hit.group(0).split()))
                taken.add(m)
                mentions.append(m)
                clusters[c].append(len(mentions) - 1)
    # A website named after the body ("Vestacorp.com", "VBC.ca") is a mention of it.
    for pstart, pend in ctx.paragraphs:
        for hit in _DOMAIN.finditer(text, pstart, pend):
            c = alias_owner.get(hit.group(1))
            if c is None or cluster_type[c] != "ORG" or taken.claim(hit.start(), hit.end()) is None:
                continue
            m = _Mention(hit.start(), hit.end(), "ORG", "alias", ntok=1)
            taken.add(m)
            mentions.append(m)
            clusters[c].append(len(mentions) - 1)
    return clusters


_DOMAIN = re.compile(r"(?<![\w.@/-])([A-Z][A-Za-z0-9]+)\.(?:com|org|net|ca|co\.uk|com\.au|de|fr|ie|nz|in)(?![\w.-]*\w)")


def _usable(form: str, gaz: gz.Gazetteer, lex: _Lexicon) -> bool:
    lead = form[:1].isupper() or form[:1].isdigit() and " " in form  # "501st Legion"
    return len(form) >= 2 and lead and form not in gaz.not_names and form.lower() not in lex.stop


def _proper_word(ctx: _Context, word: str, gaz: gz.Gazetteer) -> bool:
    """A capitalised word never written in lowercase in the article, and no place or department: a
    name of its own ("Quillism" of "Church of Quillism", not "Defence" or "England")."""
    return (
        word[:1].isupper()
        and not word.isupper()
        and word.lower() not in ctx.lower_words()
        and gaz.lookup(word) is None
        and word not in gaz.title_words
    )



# A title written in capitals ("MP", "CEO") needs no "the" to stand for its one holder.
_CAPS_TITLE = re.compile(r"(?<![\w.-])([A-Z]{2,4})(?![\w.-])")
_THE_TITLE = re.compile(r"\b[Tt]he ((?:[A-Z][a-z]+[ -]){0,2}[A-Z][a-z]+)\b(?![ -][A-Z]| of\b|['’]s [A-Z])")


def _recover_titles(ctx: _Context, mentions: list[_Mention], clusters: list[list[int]], gaz: gz.Gazetteer) -> None:
    """"The President", "the Sheriff": a capitalised title with "the" and no name after it refers to
    the one person the article gave that title (found after that person's first titled mention); a
    title in capitals ("MP") does so without "the"."""
    text = ctx.text
    holders: dict[str, set[int]] = {}
    first: dict[int, int] = {}
    for c, members in enumerate(clusters):
        for i in members:
            m = mentions[i]
            if m.role is None or m.dead:
                continue
            words = text[m.role[0] : m.role[1]].split()
            word = words[-1].rstrip(".")
            if word in gaz.titles and word[:1].isupper():
                holders.setdefault(word, set()).add(c)
                first[c] = min(first.get(c, m.start), m.start)
                k = len(words) - 1
                while k > 0 and words[k - 1] in gaz.title_words and words[k - 1][:1].isupper():
                    k -= 1
                if k < len(words) - 1:  # "Prime Minister", "Foreign Minister"
                    holders.setdefault(" ".join(words[k:]), set()).add(c)
    titles = {w: next(iter(cs)) for w, cs in holders.items() if len(cs) == 1}
    if not titles:
        return
    spans = sorted((m.start, m.end) for m in mentions if not m.dead)
    starts = [s for s, _ in spans]
    hits = []
    for pstart, pend in ctx.paragraphs:
        hits += _THE_TITLE.finditer(text, pstart, pend)
        if any(t.isupper() for t in titles):
            hits += (h for h in _CAPS_TITLE.finditer(text, pstart, pend) if h.group(1) in titles)
    if hits:
        for hit in hits:
            c = titles.get(hit.group(1))
            if c is None or hit.start(1) < first[c]:
                continue
            a, b = hit.start(1), hit.end(1)
            k = bisect.bisect_left(starts, b)
            if k > 0 and spans[k - 1][1] > a:
                continue  # inside a name already found
            m = _Mention(a, b, "PERSON", "alias", ntok=1, title_only=True)
            mentions.append(m)
            clusters[c].append(len(mentions) - 1)
            spans.insert(k, (a, b))
            starts.insert(k, a)


# A title in apposition to a person: "X, the Secretary of State,", "X, an Ottawa MP.", "X, NASA
# Administrator" after the name; "Malaysia's Prime Minister, X" before it. Up to three capitalised
# qualifier words (a place, a body, a party: "Ottawa New Democrat", "Malaysia's") may precede the title.
_APPOSITION_AFTER = re.compile(
    r", (?:(?:the|an|a) )?([A-Z][^,.;:()\n]{1,60}?)(?=[,.;:)]|\s*\n|\s*$| (?:said|says|told|added)\b)"
)
_APPOSITION_BEFORE = re.compile(r"(?:^|(?<=[,.;:(\n—–]))\s*(?:(?:[Tt]he|[Aa]n?) )?([A-Z][^,.;:()\n]{1,60}?), $")


def _apposed_title(words: list[str], gaz: gz.Gazetteer) -> int | None:
    """Where the title starts in ``words`` ("Ottawa New Democrat MP" -> 3) when the words are a
    title with at most three capitalised qualifier words before it; else None."""
    for k in range(min(4, len(words))):
        rest = words[k:]
        qualifiers = words[:k]
        if not all(w[:1].isupper() for w in qualifiers):
            return None
        if not rest[0][:1].isupper() or rest[0].rstrip(".") in _HONORIFICS:
            continue
        if _title_prefix(rest, gaz) == len(rest) or len(rest) == 1 and rest[0] in gaz.titles:
            return k
    return None


def _recover_apposed_titles(
    ctx: _Context, mentions: list[_Mention], clusters: list[list[int]], gaz: gz.Gazetteer
) -> None:
    """A title in apposition to a person's name is a mention of that person, and their role:
    "Dana Okoro, the Secretary of State," or "Ruritania's Prime Minister, Dana Okoro"."""
    text = ctx.text
    owner = {i: c for c, members in enumerate(clusters) for i in members}
    live = sorted((i for i, m in enumerate(mentions) if not m.dead), key=lambda i: mentions[i].start)
    spans = [(mentions[i].start, mentions[i].end) for i in live]
    starts = [s for s, _ in spans]

    def free(a: int, b: int) -> bool:
        k = bisect.bisect_left(starts, b)
        while k > 0 and spans[k - 1][1] > a:
            s, e = spans[k - 1]
            if mentions[live[k - 1]].label == "PERSON" or (s <= a and e >= b):
                return False  # a title that is (part of) someone's name, or inside a name found
            k -= 1
        return True

    for i in list(live):
        m = mentions[i]
        if m.label != "PERSON" or m.place is not None:
            continue
        found = []
        hit = _APPOSITION_AFTER.match(text, m.end, ctx.para_end(m.start))
        if hit:
            found.append(hit.span(1))
        pstart = ctx.para_start(m.start)
        hit = _APPOSITION_BEFORE.search(text, max(pstart, m.start - 70), m.start)
        if hit:
            found.append(hit.span(1))
        for a, b in found:
            words = text[a:b].split()
            k = _apposed_title(words, gaz)
            if k is None:
                continue
            title_start = a
            for w in words[:k]:
                title_start = text.index(w, title_start) + len(w)
            title_start = text.index(words[k], title_start)
            if not free(title_start, b):
                continue
            role = (a, b)
            t = _Mention(title_start, b, "PERSON", "alias", ntok=len(words) - k, role=role, title_only=True)
            mentions.append(t)
            clusters[owner[i]].append(len(mentions) - 1)
            if m.role is None:
                m.role = role
