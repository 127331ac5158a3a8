"""Recognition and span repair: spaCy's NER spans trimmed to the name itself (titles, articles,
possessives out; given names after a title in), and words that only look like names dropped."""

from __future__ import annotations

import re

from .. import gazetteer as gz
from ..chunks import nlp_chunks
from .common import _title_phrase_before, _verb_form, _ARTICLES, _DEPT_BEFORE, _MAX_CHUNK, _PARTICLES, _POSSESSIVE_TOKENS, _PREFIXES, _Context, _Lexicon, _Mention, _Tok, _ws


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


def _repair_span(
    text: str,
    toks: list[_Tok],
    label: str,
    gaz: gz.Gazetteer,
    pstart: int,
    lex: _Lexicon | None = None,
) -> tuple[_Mention | None, bool]:
    """Trim a NER span to the name itself. Returns the mention (None: not a name) and whether its
    last word may be a possessive without apostrophe."""
    evidence = 0
    role = None
    # Leading "the", "pro-"/"anti-" prefixes and other lowercase words ("former Acme Corp").
    while toks:
        t = toks[0]
        if t.text in _ARTICLES and " ".join(x.text for x in toks) in gaz.forms:
            break  # "The Hague", "The Gambia"
        if t.text in _ARTICLES or not t.text[:1].isalnum():
            toks = toks[1:]
        elif t.text.lower() in _PREFIXES and len(toks) > 2 and toks[1].text in "-–" and not toks[1].space_before:
            stance = t.text.lower() in ("pro", "anti")
            toks = toks[3:] if stance else toks[2:]  # "pro-Beijing New People Party": the party
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
    # A name runs on into the next sentence or a phrase after it: "[Regina Ip] In the ...", a caption
    # glued to its paragraph; "[Quillism] on French television", a demonym qualifying a noun.
    if len(toks) > 1 and toks[-1].text in _FUNCTION_WORDS and _LOWER_NEXT.match(text, toks[-1].end):
        toks = toks[:-1]
    elif (
        len(toks) > 2
        and toks[-2].text in _JOINERS
        and _LOWER_NEXT.match(text, toks[-1].end)
        and (place := gaz.lookup(toks[-1].text)) is not None
        and place.kind == "NORP"
    ):
        toks = toks[:-2]
    elif (
        lex is not None
        and len(toks) > 2
        and label != "PERSON"
        and toks[-1].text.endswith("ed")
        and toks[-1].text[:1].isupper()
        and _past_participle(toks[-1].text.lower(), lex)
    ):
        toks = toks[:-1]  # "Environment Canada Archived": a verb after the name (a category list)
    # "Okafor the Quillism ...": a "the" that no "of"/"for"/"and" introduces starts something else.
    for k in range(1, len(toks)):
        if toks[k].text == "the" and toks[k - 1].text.lower() not in _JOINERS:
            toks = toks[:k]
            break
    if not toks or not any(ch.isupper() or ch.isdigit() for ch in toks[0].text):
        return None, False
    words = [t.text for t in toks]
    # A caption's label glued to a name ("Washington D.C. Image: ..."), a score after a team
    # ("Sweden 1"): the name ends before them.
    while len(toks) > 1 and (
        text.startswith(":", toks[-1].end) and toks[-1].text in gaz.caption_labels
        or toks[-1].text.isdigit() and gaz.lookup(" ".join(t.text for t in toks[:-1])) is not None
    ):
        toks = toks[:-1]
    words = [t.text for t in toks]
    # "the Los Angeles Sheriff", "State Department Spokesperson": a place or a body and a title
    # after it: the place or body alone.
    if len(words) > 1 and words[-1] in gaz.titles and (
        gaz.lookup(" ".join(words[:-1])) is not None or gaz.heads.get(words[-2]) == "ORG"
    ):
        toks = toks[:-1]
        words = words[:-1]
    # "Secretary of [State Ilse Varga]": the model's span began inside a title phrase; the name is
    # what follows it, a person's (an organisation's name does not come after a person's title).
    split = _title_phrase_before(text, words, toks[0].start, gaz) if label in ("PERSON", "ORG") else None
    if split is not None:
        k, phrase_start = split
        rest = words[k:]
        if label == "PERSON" or (
            len(rest) <= 3 and all(w[:1].isupper() for w in rest) and gaz.heads.get(rest[-1]) is None
            and gaz.lookup(" ".join(rest)) is None
        ):
            role = (phrase_start, toks[k - 1].end)
            toks, words, label = toks[k:], rest, "PERSON"
            evidence += 1
    title_only = _title_prefix(words, gaz) == len(words)  # "President", "National Security Advisor"
    if label == "PERSON" and not title_only:
        cut = _title_prefix(words, gaz)
        if cut:
            role = (toks[0].start, toks[cut - 1].end)
            toks = toks[cut:]
            words = words[cut:]
            evidence += 1
        kind = gaz.heads.get(words[-1])
        if kind and len(words) > 1:
            label = kind  # "Elm Road", "Harbour Centre": no person
    elif label == "ORG" and not title_only and len(words) > 1:
        head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
        if words[-1] in gaz.fac_heads or head in gaz.fac_heads or words[0] in gaz.fac_heads and words[1] == "of":
            label = "FAC"  # "Century City Towers", "Shandao Station", "Museum of Flight", "X Museum of Y"
        elif 0 < _title_prefix(words, gaz) and len(words) - _title_prefix(words, gaz) <= 2:
            if gaz.heads.get(words[-1]) is None and not words[-1].isupper():
                label = "PERSON"  # "founded by Dean Kamen": a title word, then a name
                evidence += 1
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
    m = _Mention(start, end, label, "ner", ntok=len(toks), person_evidence=evidence, title_only=title_only,
                 role=role)
    return m, poss


_QUANTIFIERS = r"(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens of|hundreds of|thousands of|several|many|few|numerous)"


def _heading(ctx: _Context, m: _Mention) -> bool:
    """A single word that is a paragraph of its own ("Background"): a heading, no name."""
    if m.ntok != 1:
        return False
    start, end = ctx.para_start(m.start), ctx.para_end(m.start)
    return not ctx.text[start : m.start].strip() and not ctx.text[m.end : end].strip(" \t\n.:")


def _counted(text: str, word: str) -> bool:
    """Whether ``word`` occurs in the plural after a number or a quantifier ("100 Polaroids")."""
    plural = word + ("es" if word.endswith(("s", "x", "ch", "sh")) else "s")
    if plural not in text:
        return False
    return re.search(rf"\b{_QUANTIFIERS} {re.escape(plural)}\b", text) is not None


def _past_participle(word: str, lex: _Lexicon) -> bool:
    """A verb's -ed form that is no adjective or noun ("archived", not "united" or "limited")."""
    return word not in lex.adj and word not in lex.noun and _verb_form(word, lex.verb)


# Capitalised function words that end no name ("In", "The"): a span ending in one ran on.
_FUNCTION_WORDS = frozenset(("In", "On", "At", "The", "A", "An", "And", "Of", "For", "To", "From", "With", "By", "But", "As"))
_LOWER_NEXT = re.compile(r" [a-z]")
_JOINERS = frozenset(("of", "for", "and", "on", "in", "at", "to", "&", "against", "from"))


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


# A type designation: letters, a hyphen and a number ("F-16s", "MiG-29", "S-400", "STS-134") names an
# aircraft, a weapon or a mission, no person, place or organisation ("G-20" excepted: a group).
_DESIGNATION = re.compile(r"[A-Z][A-Za-z]{0,3}-\d{1,4}[A-Z]?s?")


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
    # A common noun written only as a label ("Image: ...", "Update: ...") is no name.
    label_uses: dict[str, list[bool]] = {}
    for m in mentions:
        if m.ntok == 1 and m.place is None:
            label = text.startswith(":", m.end) and text[m.start : m.end].lower() in lex.noun
            label_uses.setdefault(text[m.start : m.end], []).append(label)
    labels = {w for w, uses in label_uses.items() if all(uses)}
    # A word the article counts ("100 Polaroids", "several Oscars") names a kind of thing, no one.
    labels |= {w for w in label_uses if _counted(text, w)}
    kept = []
    for m in mentions:
        surface = _ws(text[m.start : m.end])
        if (surface in labels or _heading(ctx, m)) and surface not in surnames:
            vetoed.append((m.start, m.end))
            continue
        if m.title_only and surface not in surnames:
            vetoed.append((m.start, m.end))
            continue
        if _DESIGNATION.fullmatch(surface) and not surface.startswith("G-"):
            vetoed.append((m.start, m.end))  # "F-16s", "Su-35", "S-400", "STS-134": a model, a mission
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
        return True
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
    return False


_HYPHENATED_NAME = re.compile(r"[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+")
_HYPHEN_TAIL = re.compile(r"-[a-z]{1,8}(?![\w-])")


def _complete_hyphenated_given_names(text: str, mentions: list[_Mention]) -> None:
    """One naming pattern per article: where the model finds whole names like "Mei Tsang-lok", a
    person's span that stops at the hyphen of the same shape ("Wong Tak" of "Wong Tak-ming")
    runs on to the end of it."""
    people = [m for m in mentions if m.label == "PERSON"]
    if not any(_HYPHENATED_NAME.fullmatch(text, m.start, m.end) for m in people):
        return
    for m in people:
        if m.ntok == 2 and text[m.start : m.end].count(" ") == 1:
            tail = _HYPHEN_TAIL.match(text, m.end)
            if tail is not None:
                m.end = tail.end()


def _drop_sentence_initial_modifiers(ctx: _Context, mentions: list[_Mention], gaz: gz.Gazetteer, lex: _Lexicon) -> None:
    """"Nonpartisan Jan Roe and ...": a person's span of three or more words that starts a sentence
    with an adjective (also one used as a noun, "Veteran"), an adverb or a verb form (capitalised
    only because it starts the sentence) begins after it. Titles stay for the role stage."""
    for m in mentions:
        if m.label != "PERSON" or m.ntok < 3 or not ctx.sentence_initial(m.start):
            continue
        first = ctx.text[m.start : m.end].split(" ", 1)[0]
        if first in gaz.titles or first in gaz.title_words or not first.isalpha():
            continue
        if lex.function_or_verb(first) or first.lower() in lex.adj:
            m.start += len(first) + 1
            m.ntok -= 1


_GROUP_DETERMINERS = frozenset(("the", "our", "their", "its", "these", "those", "other", "fellow", "all", "allied"))
_COMPASS = frozenset(("North", "South", "East", "West", "Midwest", "Northeast", "Northwest", "Southeast", "Southwest"))


def _common_nouns_after_determiners(text: str, mentions: list[_Mention], gaz: gz.Gazetteer, lex: _Lexicon) -> None:
    """A capitalised common noun after "the" or "our" that the model calls a place is a body or a
    group the article capitalises ("the Alliance", "our Allies"), not a town of that name: the
    singular an organisation (so "the Alliance" can join the one alliance the article names), the
    plural a group of people. Known countries and cities, compass regions and the words of seas,
    straits and bays keep their type."""
    for m in mentions:
        if m.ntok != 1 or m.place is not None and m.place.strong:
            continue
        if m.label not in ("GPE", "LOC") and m.place is None:
            continue  # the model's organisation stays one; a town's name in GeoNames does not make a place
        word = text[m.start : m.end]
        if not word[:1].isupper() or word.isupper() or word in _COMPASS or gaz.heads.get(word) in ("LOC", "FAC"):
            continue  # "the West", "the Gulf", "the Strait" are places
        before = text[max(0, m.start - 12) : m.start].split()
        if not before or before[-1].lower() not in _GROUP_DETERMINERS:
            continue
        low = word.lower()
        singular = low[:-3] + "y" if low.endswith("ies") else low[:-1] if low.endswith("s") else low
        if low in lex.noun and singular == low:
            m.label, m.place = "ORG", None
        elif singular != low and singular in lex.noun:
            m.label, m.place = "NORP", None
