"""The analyst's corrections applied to an analysis: pure functions, no I/O.

A correction is a rule keyed by the names it is about (never by offsets), so it applies again after
every re-analysis, to every article where one of those names appears, and to articles imported later:

- ``retype``  names → ``type``;     ``rename`` names → ``value`` (the new canonical name);
- ``merge``   the entity named by ``names`` joins the one named by ``target_names`` (canonical ``value``,
  type ``type``); in an article that has no such entity, it becomes one;
- ``split``   the mentions reading ``value`` leave the entity named by ``names`` and form their own;
- ``reject``  mentions reading any of ``names`` are not an entity;
- ``speaker`` (one article) the quote whose text is ``anchor`` was said by ``value``;
- ``topic``   (one article) the section whose first sentence is ``anchor`` is about ``value`` (``label``).

``apply_corrections`` returns the corrected analysis and what it changed (for the panes' marks).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from ..model import Analysis, Entity, Mention, Quote, Section, Sentence

ENTITY_KINDS = ("retype", "rename", "merge", "split", "reject")
ARTICLE_KINDS = ("speaker", "topic")
KINDS = ENTITY_KINDS + ARTICLE_KINDS

_SPACE = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def name_key(name: str) -> str:
    """How names are compared: case, diacritics, spacing, a possessive and edge punctuation aside."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _SPACE.sub(" ", text).strip(" \t\n.,;:!?\"'“”‘’()[]")
    return _POSSESSIVE.sub("", text).strip()


def text_key(text: str) -> str:
    """How quoted and sentence texts are compared (spacing and quotation-mark style aside)."""
    return _SPACE.sub(" ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip()


class Rule(NamedTuple):
    id: int
    kind: str  # one of KINDS
    article: str | None  # the article's source, for "speaker" and "topic"
    args: dict[str, Any]  # names, value, type, target_names, anchor, label (as the kind needs)

    def keys(self, field: str = "names") -> frozenset[str]:
        return frozenset(name_key(n) for n in self.args.get(field, ()) if n)


class Marks(NamedTuple):
    """What corrections changed in one analysis: entity ids, quote and section indexes."""

    entities: frozenset[str] = frozenset()
    quotes: frozenset[int] = frozenset()
    sections: frozenset[int] = frozenset()


class _Ent:
    __slots__ = ("id", "name", "type", "mentions", "orig")

    def __init__(self, e: Entity) -> None:
        self.id, self.name, self.type, self.mentions = e.id, e.name, e.type, list(e.mentions)
        self.orig = e  # what the analysis gave (its other fields, e.g. roles, are kept)

    def entity(self) -> Entity:
        return self.orig._replace(id=self.id, name=self.name, type=self.type, mentions=tuple(self.mentions))

    def matches(self, keys: frozenset[str]) -> bool:
        return name_key(self.name) in keys or any(name_key(m.text) in keys for m in self.mentions)


def applies_to(rule: Rule, source: str) -> bool:
    return rule.article is None or rule.article == source


def apply_corrections(
    analysis: Analysis, rules: Sequence[Rule], text: str | None = None, source: str | None = None
) -> tuple[Analysis, Marks]:
    """``analysis`` with ``rules`` applied in order (``text``: the article's, for section rules)."""
    source = analysis.source if source is None else source
    rules = [r for r in rules if applies_to(r, source)]
    if not rules:
        return analysis, Marks()
    ents = [_Ent(e) for e in analysis.entities]
    marked: set[str] = set()
    renamed: dict[str, str] = {}  # entity id -> the id it was merged into
    for rule in rules:
        if rule.kind not in ENTITY_KINDS:
            continue
        keys = rule.keys()
        hit = [e for e in ents if e.matches(keys)]
        if rule.kind == "retype":
            for e in hit:
                e.type = str(rule.args["type"])
                marked.add(e.id)
        elif rule.kind == "rename":
            for e in hit:
                e.name = str(rule.args["value"])
                marked.add(e.id)
        elif rule.kind == "merge":
            targets = [e for e in ents if e.matches(rule.keys("target_names"))]
            others = [e for e in hit if e not in targets]
            if not others:
                continue
            into = targets[0] if targets else others.pop(0)
            into.name = str(rule.args["value"])
            into.type = str(rule.args.get("type") or into.type)
            marked.add(into.id)
            for e in others:
                into.mentions.extend(e.mentions)
                renamed[e.id] = into.id
                ents.remove(e)
            into.mentions.sort(key=lambda m: m.start)
        elif rule.kind == "split":
            alias = name_key(str(rule.args["value"]))
            for e in hit:
                moved = [m for m in e.mentions if name_key(m.text) == alias]
                kept = [m for m in e.mentions if name_key(m.text) != alias]
                if not moved or not kept:
                    continue
                new = _Ent(Entity(f"{e.id}~{rule.id}", str(rule.args["value"]), e.type, tuple(moved)))
                if name_key(e.name) == alias:  # the canonical name itself leaves: the rest keeps the longest
                    new.name, e.name = e.name, max((m.text for m in kept), key=len)
                e.mentions = kept
                ents.insert(ents.index(e) + 1, new)
                marked.update((e.id, new.id))
        elif rule.kind == "reject":
            for e in hit:
                if name_key(e.name) in keys:
                    e.mentions = []
                else:
                    e.mentions = [m for m in e.mentions if name_key(m.text) not in keys]
            for e in [e for e in ents if not e.mentions]:
                ents.remove(e)
                renamed[e.id] = ""
    entities = tuple(e.entity() for e in ents)
    by_id = {e.id: e for e in entities}

    quotes = list(analysis.quotes)
    quote_marks: set[int] = set()
    for i, q in enumerate(quotes):
        target = q.speaker_entity
        while target in renamed:
            target = renamed[target] or None
        if target != q.speaker_entity or (target in marked and target in by_id):
            quotes[i] = q._replace(speaker_entity=target, speaker=by_id[target].name if target in by_id else q.speaker)
    for rule in rules:
        if rule.kind == "speaker":
            anchor = text_key(str(rule.args.get("anchor", "")))
            for i, q in enumerate(quotes):
                if text_key(q.text) == anchor:
                    who = str(rule.args["value"])
                    found = _entity_named(entities, who)
                    if found is None:  # a speaker the article does not name otherwise: an entity of its own
                        found = Entity(f"q{rule.id}", who, str(rule.args.get("type") or "PERSON"), ())
                        entities = (*entities, found)
                        marked.add(found.id)
                    quotes[i] = q._replace(
                        speaker=found.name if found else who, speaker_entity=found.id if found else None
                    )
                    quote_marks.add(i)

    sections = list(analysis.sections)
    sentences = list(analysis.sentences)
    section_marks: set[int] = set()
    if text is not None:
        for rule in rules:
            if rule.kind != "topic":
                continue
            anchor = text_key(str(rule.args.get("anchor", "")))
            for s in sentences:
                if text_key(text[s.start : s.end]) == anchor:
                    for j, sec in enumerate(sections):
                        if sec.start <= s.start < sec.end:
                            topic, label = str(rule.args["value"]), str(rule.args.get("label") or rule.args["value"])
                            sections[j] = Section(topic, label, sec.start, sec.end, sec.cues)
                            section_marks.add(j)
                            for k, t in enumerate(sentences):
                                if sec.start <= t.start < sec.end:
                                    sentences[k] = Sentence(t.start, t.end, t.paragraph, topic)
                            break
                    break
    corrected = replace(
        analysis, entities=entities, quotes=tuple(quotes), sections=tuple(sections), sentences=tuple(sentences)
    )
    ids = {e.id for e in entities}
    return corrected, Marks(frozenset(marked & ids), frozenset(quote_marks), frozenset(section_marks))


def _entity_named(entities: Iterable[Entity], name: str) -> Entity | None:
    key = name_key(name)
    for e in entities:
        if name_key(e.name) == key:
            return e
    for e in entities:
        if any(name_key(m.text) == key for m in e.mentions):
            return e
    return None


def distinctive_words(
    section_text: str, other_text: str, limit: int = 8, exclude: Iterable[str] = ()
) -> list[str]:
    """Words frequent in a section and rare in the rest of the article: candidate cues for its topic
    (``exclude``: words not to offer, e.g. names and the taxonomy's cues already)."""
    from collections import Counter

    words = re.compile(r"[^\W\d_][\w'-]{3,}")
    stop = {
        "that", "this", "with", "from", "have", "were", "will", "would", "their", "there", "which", "said",
        "about", "been", "also", "they", "them", "than", "then", "into", "more", "most", "some", "such",
        "what", "when", "where", "while", "after", "before", "could", "should", "other", "over", "only",
        "these", "those", "because", "being", "does", "each", "very", "just", "like", "your", "ours",
    }
    excluded = {w.lower() for w in exclude}
    inside = Counter(w.lower() for w in words.findall(section_text))
    outside = Counter(w.lower() for w in words.findall(other_text))
    total_in = sum(inside.values()) or 1
    total_out = sum(outside.values()) or 1
    scored = []
    for w, n in inside.items():
        if w in stop or w in excluded or (n < 2 and sum(inside.values()) > 80):
            continue
        score = (n / total_in) / ((outside.get(w, 0) + 0.5) / total_out)
        scored.append((score, n, w))
    scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
    return [w for _, _, w in scored[:limit]]
