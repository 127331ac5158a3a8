"""The known-name scan: places, peoples and organisations the gazetteer knows (or an entity's known
forms) found as whole words where the model missed them, without overlapping what is taken."""

from __future__ import annotations

import bisect
import re

from .. import gazetteer as gz
from .recognition import _FUNCTION_WORDS
from .common import _CAP_WORD, _INITIAL_SKIP, _STANCE_PREFIX, _Context, _Lexicon, _Mention, _sentence_initial


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
            if _STANCE_PREFIX.search(text, max(pstart, pos - 5), pos):
                continue  # "pro-Beijing"
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


# Organisation patterns: capitalised words ending in an institution's word ("Saudi Interior Ministry",
# "Home Office", "Labour Party"), and a quoted name after an organisation's noun (the party
# "Voice of the Harbour").
_CAP = r"[A-Z][\w’'&.-]*"
_CAPS_RUN = re.compile(rf"{_CAP}(?: (?:(?:of|for|and|the|on|de) )*{_CAP})*")
_QUOTED_NAME = re.compile(
    r"\b(?:party|movement|group|bloc|alliance|coalition|faction|organi[sz]ation|company|firm|charity|"
    r"network|campaign|union|association|foundation)\s+[“\"«]([A-Z][^”\"»\n]{1,60})[”\"»]"
)
INSTITUTIONS = frozenset((
    "Ministry", "Council", "Party", "Office", "Committee", "Commission", "Department", "Agency",
    "Parliament", "Assembly", "Court", "Bureau", "Authority", "Institute", "University", "College",
    "Foundation", "Association", "Federation", "Union", "Congress", "Senate", "Cabinet", "Board",
    "News", "Times", "Post", "Herald", "Tribune", "Journal", "Gazette", "Chronicle", "Telegraph",
))


def _pattern_scan(ctx: _Context, blocked: list[tuple[int, int]], mentions: list[_Mention], lex: _Lexicon) -> list[_Mention]:
    """Organisations the model missed, found by the shape of their names. A run of capitalised
    words starts after the last name already found inside it ("Mei Tsang of [Harbour Party]")."""
    text = ctx.text
    taken = _Occupancy(blocked, mentions)
    quoted: _Occupancy | None = None  # a quoted name may be what the model called a work of art
    ends = sorted(m.end for m in mentions if not m.dead)
    found: list[_Mention] = []

    def claim(a: int, b: int, where: _Occupancy) -> None:
        if where.claim(a, b, may_supersede=False) is None:
            return
        m = _Mention(a, b, "ORG", "pattern", ntok=len(text[a:b].split()))
        taken.add(m)
        if quoted is not None:
            quoted.add(m)
        found.append(m)

    for pstart, pend in ctx.paragraphs:
        for hit in _CAPS_RUN.finditer(text, pstart, pend):
            a, b = hit.start(), hit.end()
            if not text[a:b].endswith(tuple(INSTITUTIONS)) or text[a:b].split()[-1] not in INSTITUTIONS:
                continue
            k = bisect.bisect_right(ends, b) - 1
            if k >= 0 and ends[k] > a:
                a = ends[k]  # after the last name found inside the run
                while a < b and not text[a].isalnum():
                    a += 1
            words = text[a:b].split()
            while words and (
                words[0] in ("The", "A", "An") or not words[0][:1].isupper()
                or ctx.sentence_initial(a) and lex.function_or_verb(words[0])
            ):
                a = text.index(words[1], a + len(words[0])) if len(words) > 1 else b
                words = words[1:]
            if len(words) >= 2:
                claim(a, b, taken)
        for hit in _QUOTED_NAME.finditer(text, pstart, pend):
            name = hit.group(1).rstrip(",. ")
            if all(w[:1].isupper() or w in _INITIAL_SKIP for w in name.split()):
                if quoted is None:
                    quoted = _Occupancy([], [*mentions, *found])
                claim(hit.start(1), hit.start(1) + len(name), quoted)
    return found


_ITEM = r"[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*){0,2}"
_LIST = re.compile(rf"{_ITEM}(?:, {_ITEM}){{2,}},? (?:and|or) {_ITEM}")


def _list_scan(ctx: _Context, blocked: list[tuple[int, int]], mentions: list[_Mention], gaz: gz.Gazetteer) -> list[_Mention]:
    """Names in a list of people the model did not tag ("Zeus, Hera, Poseidon, Aphrodite, and
    Athena"): a list of four or more where the names found already are mostly people."""
    text = ctx.text
    live = sorted((m for m in mentions if not m.dead), key=lambda m: m.start)
    starts = [m.start for m in live]
    taken = _Occupancy(blocked, live)
    found: list[_Mention] = []
    for pstart, pend in ctx.paragraphs:
        for hit in _LIST.finditer(text, pstart, pend):
            items = [(i.start(), i.end()) for i in re.finditer(_ITEM, hit.group(0))]
            items = [(hit.start() + a, hit.start() + b) for a, b in items]
            known: list[_Mention | None] = []
            for a, b in items:
                k = bisect.bisect_left(starts, a)
                m = live[k] if k < len(live) and live[k].start == a and live[k].end == b else None
                known.append(m)
            people = sum(1 for m in known if m is not None and m.label == "PERSON")
            others = sum(1 for m in known if m is not None and m.label != "PERSON")
            if len(items) < 4 or people < 2 or people <= others:
                continue
            for (a, b), m in zip(items, known):
                word = text[a:b]
                if m is not None:
                    if m.label == "ORG" and m.place is None and not word.isupper():
                        m.label = "PERSON"  # "Zeus, Hera, ... and Athena"
                    continue
                if gaz.lookup(word) is not None or word in gaz.titles or ctx.sentence_initial(a):
                    continue
                if taken.claim(a, b, may_supersede=False) is None:
                    continue
                m = _Mention(a, b, "PERSON", "list", ntok=len(word.split()))
                taken.add(m)
                found.append(m)
    return found


_AFTER_POSSESSIVE = re.compile(r"['’]s ((?:[A-Z][a-z]+(?:-[a-z]+)?)(?: [A-Z][a-z]+(?:-[a-z]+)?){1,2})\b(?!['’-]?\w)")


def _possessor_scan(ctx: _Context, blocked: list[tuple[int, int]], mentions: list[_Mention], gaz: gz.Gazetteer) -> list[_Mention]:
    """A person the model missed after the party, club or country they belong to: "Civic Party's
    Jeremy Tam", "Belgium's Romelu Lukaku" (two or three capitalised words, no known name)."""
    text = ctx.text
    live = [m for m in mentions if not m.dead and m.label in ("ORG", "GPE", "NORP")]
    taken = _Occupancy(blocked, [m for m in mentions if not m.dead])
    found: list[_Mention] = []
    for owner in live:
        hit = _AFTER_POSSESSIVE.match(text, owner.end)
        if hit is None:
            continue
        name = hit.group(1)
        words = name.split()
        if len(words) > 2 and words[-1] in _FUNCTION_WORDS:  # "Party's Nora Lai In the ...": a new sentence
            words = words[:-1]
            name = " ".join(words)
        if gaz.lookup(name) is not None or gaz.heads.get(words[-1]) or any(w in gaz.title_words for w in words):
            continue
        a = hit.start(1)
        if taken.claim(a, a + len(name), may_supersede=False) is None:
            continue
        m = _Mention(a, a + len(name), "PERSON", "pattern", ntok=len(words), person_evidence=1)
        taken.add(m)
        found.append(m)
    return found


_DEFINED_ACRONYM = re.compile(r"\s\(([A-Z][A-Za-z0-9&]{1,9})\)")
_RUN_WORD = re.compile(r"[\w&'’.-]+")


def _acronym_scan(ctx: _Context, blocked: list[tuple[int, int]], mentions: list[_Mention]) -> list[_Mention]:
    """"Movimento 5 Stelle (M5S)": the words just before an acronym in brackets whose initials
    (numbers count as their own initial, "of"/"and"/... are skipped) spell it exactly are an
    organisation's name, even where the model saw only part of it."""
    text = ctx.text
    # the bracketed acronym outweighs the model's other labels ("5" a number) inside the name
    taken = _Occupancy([], [m for m in mentions if not m.dead])
    found: list[_Mention] = []
    for pstart, pend in ctx.paragraphs:
        for hit in _DEFINED_ACRONYM.finditer(text, pstart, pend):
            letters = hit.group(1).upper()
            words = [(w.start(), w.end(), w.group(0)) for w in _RUN_WORD.finditer(text, max(pstart, hit.start() - 120), hit.start())]
            initials = ""
            start = None
            for a, _b, w in reversed(words):
                if w in _INITIAL_SKIP and initials:
                    continue
                if not (w[:1].isupper() or w[:1].isdigit()):
                    break
                initials = (w if w.isdigit() else w[0]) + initials
                if not letters.endswith(initials.upper()):
                    break
                if initials.upper() == letters:
                    start = a
                    break
            if start is None:
                continue
            end = hit.start()
            if len(text[start:end].split()) < 2:
                continue
            superseded = taken.claim(start, end)
            if superseded is None or any(m.start == start and m.end == end for m in superseded):
                continue
            for old in superseded:
                old.dead = True
            m = _Mention(start, end, "ORG", "pattern", ntok=len(text[start:end].split()))
            taken.add(m)
            found.append(m)
    return found


# A paragraph that opens with a speaker's label and a quotation: "Rep. Jane Roe: “…”".
_LABEL_LINE = re.compile(r"[ \t]*([^\n:“”\"]{3,120}?):[ \t]*[“\"‘]")
_LABEL_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_FOREIGN_ARTICLES = frozenset(("Le", "La", "Les", "L", "El", "Il", "Lo", "Los", "Las", "Der", "Die", "Das", "De", "Het"))


def _label_scan(ctx: _Context, blocked: list[tuple[int, int]], mentions: list[_Mention], gaz: gz.Gazetteer) -> list[_Mention]:
    """A speaker the model missed in a quotation's label: the capitalised words that end a label
    before ":" and an opening quote mark, after its titles and the body named before them. Two to
    four words are a person ("Senate Harbour Relations Committee Chair [Jorvik Tallsen]: “…”", "Ruritanian
    Minister of Foreign Affairs [Radomił Szczerbik]: “…”") unless they end in an organisation's word
    ("[Allied Press]") or start with a foreign article ("[Le Quotidien]"): those are a body, and so
    is one word with a web domain ("[HARBOURNEWS.eu]")."""
    text = ctx.text
    taken = _Occupancy(blocked, [m for m in mentions if not m.dead])
    found: list[_Mention] = []
    for pstart, pend in ctx.paragraphs:
        hit = _LABEL_LINE.match(text, pstart, pend)
        if hit is None or len(hit.group(1).split()) > 12:
            continue
        words = list(_LABEL_WORD.finditer(text, hit.start(1), hit.end(1)))
        run: list[re.Match[str]] = []
        for w in reversed(words):
            word = w.group(0)
            body_word = not run and gaz.heads.get(word) == "ORG"  # "Press" of "Allied Press"
            if not word[:1].isupper() or word.endswith(("’s", "'s")) or not body_word and (
                word in gaz.title_words or word in gaz.titles or word.rstrip(".") + "." in gaz.titles
            ):
                break
            if run and not text[w.end() : run[0].start()].isspace():
                break
            run.insert(0, w)
        if not run or run[-1].end() != hit.end(1) or len(run) > 4:
            continue
        names = [w.group(0) for w in run]
        name = " ".join(names)
        if gaz.lookup(name) is not None:
            continue
        if len(run) == 1:
            if not _WEB_NAME.fullmatch(name):
                continue
            label = "ORG"
        elif names[0] in _FOREIGN_ARTICLES or gaz.heads.get(names[-1]) == "ORG":
            label = "ORG"
        elif gaz.heads.get(names[-1]):
            continue  # a facility's or a place's word: no speaker's name
        else:
            label = "PERSON"
        a, b = run[0].start(), run[-1].end()
        superseded = taken.claim(a, b)
        if superseded is None:
            continue
        for old in superseded:
            old.dead = True
        m = _Mention(a, b, label, "pattern", ntok=len(run), person_evidence=int(label == "PERSON"))
        taken.add(m)
        found.append(m)
    return found


_WEB_NAME = re.compile(r"[A-Za-z][\w-]*\.(?:[a-z]{2,3}|co\.uk)")
