"""The data the whole program passes around: immutable records, no behaviour beyond (de)serialisation.

The many small records of an analysis (sentences, sections, mentions, entities, quotes) and notes are
``NamedTuple``s: a long article has tens of thousands of them, and a named tuple is a fifth of the
memory of a dataclass instance, twice as quick to build and its class is made seven times faster (it is
on the reader's start-up path). ``Document`` and ``Analysis`` are frozen dataclasses.

Offsets everywhere are Python ``str`` indices into ``Document.text``: the source decoded (BOM dropped)
with ``\\r\\n`` and ``\\r`` turned into ``\\n`` and nothing else changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

SCHEMA = "briefing.analysis/1"

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


@dataclass(frozen=True)
class Document:
    """An article as read from its source, before analysis."""

    source: str
    text: str  # the normalised source text; all offsets point into it
    title: str
    body_start: int = 0  # offset where the body starts (after a metadata block / front matter)
    metadata: dict[str, str] = field(default_factory=dict)  # Title, Source, Date, URL, ... as given


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int
    topic: str = "general"


class Section(NamedTuple):
    topic: str
    label: str
    start: int
    end: int
    cues: tuple[str, ...] = ()


class Mention(NamedTuple):
    start: int
    end: int
    text: str


class Entity(NamedTuple):
    id: str
    name: str
    type: str  # one of ENTITY_TYPES
    mentions: tuple[Mention, ...] = ()
    roles: tuple[str, ...] = ()  # titles and roles the text gives it ("Home Secretary"), first seen first


class Quote(NamedTuple):
    start: int
    end: int
    text: str
    speaker: str | None = None  # canonical entity name or an unnamed speaker's description
    speaker_entity: str | None = None  # Entity.id when the speaker is a known entity
    cue: str | None = None  # the attribution verb ("said", "explained", "according to")
    kind: str = "quote"  # "quote": someone's words; "scare": a scare quote, a term or a title (no speaker)
    speaker_start: int | None = None  # where the text names the speaker ("she", "the minister", a name)
    speaker_end: int | None = None


@dataclass(frozen=True)
class Analysis:
    source: str
    title: str
    text_sha256: str
    sentences: tuple[Sentence, ...] = ()
    sections: tuple[Section, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    schema: str = SCHEMA

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ARCHITECTURE.md, key order included."""
        return {
            "schema": self.schema,
            "source": self.source,
            "title": self.title,
            "text_sha256": self.text_sha256,
            "sentences": [
                {"start": s.start, "end": s.end, "paragraph": s.paragraph, "topic": s.topic}
                for s in self.sentences
            ],
            "sections": [
                {"topic": s.topic, "label": s.label, "start": s.start, "end": s.end, "cues": list(s.cues)}
                for s in self.sections
            ],
            "entities": [
                {
                    "id": e.id,
                    "name": e.name,
                    "type": e.type,
                    "mentions": [{"start": m.start, "end": m.end, "text": m.text} for m in e.mentions],
                    "roles": list(e.roles),
                }
                for e in self.entities
            ],
            "quotes": [
                {
                    "start": q.start,
                    "end": q.end,
                    "text": q.text,
                    "speaker": q.speaker,
                    "speaker_entity": q.speaker_entity,
                    "cue": q.cue,
                    "kind": q.kind,
                    "speaker_start": q.speaker_start,
                    "speaker_end": q.speaker_end,
                }
                for q in self.quotes
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Analysis:
        return cls(
            schema=data.get("schema", SCHEMA),
            source=data["source"],
            title=data["title"],
            text_sha256=data["text_sha256"],
            sentences=tuple(Sentence(**s) for s in data.get("sentences", ())),
            sections=tuple(
                Section(s["topic"], s["label"], s["start"], s["end"], tuple(s.get("cues", ())))
                for s in data.get("sections", ())
            ),
            entities=tuple(
                Entity(
                    e["id"],
                    e["name"],
                    e["type"],
                    tuple(Mention(**m) for m in e.get("mentions", ())),
                    tuple(e.get("roles", ())),
                )
                for e in data.get("entities", ())
            ),
            quotes=tuple(Quote(**q) for q in data.get("quotes", ())),
        )

    def entity(self, entity_id: str) -> Entity | None:
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None


class Note(NamedTuple):
    """A user's note anchored to a character range of an article (a web-annotation text-quote selector)."""

    id: int
    article_id: int
    start: int
    end: int
    exact: str  # the annotated text
    prefix: str  # ~32 characters before it
    suffix: str  # ~32 characters after it
    body: str  # Markdown
    tags: tuple[str, ...] = ()
    created: str = ""  # ISO 8601 UTC
    updated: str = ""
    orphaned: bool = False  # its text could not be found after the article changed
    deleted: bool = False  # soft-deleted; restorable
    text_sha256: str = ""  # hash of the article text the range refers to

    def to_dict(self) -> dict[str, Any]:
        """The note as JSON (``briefing notes --json`` and the JSON export)."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "body": self.body,
            "tags": list(self.tags),
            "created": self.created,
            "updated": self.updated,
            "orphaned": self.orphaned,
            "deleted": self.deleted,
            "text_sha256": self.text_sha256,
        }
