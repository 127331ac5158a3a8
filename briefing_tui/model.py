"""The data the whole program passes around: immutable records, no behaviour beyond (de)serialisation.

The many small records of an analysis (sentences, sections, mentions, entities, quotes) and notes are
``NamedTuple``s: a long article has tens of thousands of them, and a named tuple is a fifth of the
memory of a dataclass instance, twice as quick to build and its class is made seven times faster (it is
on the reader's start-up path). ``Document`` and ``Analysis`` are frozen dataclasses.

Offsets everywhere are Python ``str`` indices into ``Document.text``: the source decoded (BOM dropped)
with ``\\r\\n`` and ``\\r`` turned into ``\\n`` and nothing else changed. ``text_sha256(text)`` is
the text's identity (the analysis cache and the notes key on it); ``meta_value`` reads a document's
metadata by any of several key names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

SCHEMA = "briefing.analysis/1"

ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def text_sha256(text: str) -> str:
    """The hex SHA-256 of ``text`` as UTF-8 (lone surrogates kept): the identity of a text."""
    import hashlib  # not at module level: opening the library for the reader needs no hashing

    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")


def markup_of(source: str) -> str:
    """How an article's text is written, told by its source's name: "markdown" for a Markdown file
    (its syntax is parsed, not read as words), else "text"."""
    return "markdown" if source.lower().endswith(MARKDOWN_SUFFIXES) else "text"


def meta_value(meta: dict[str, str], *keys: str) -> str | None:
    """The first non-blank value (stripped) of ``meta`` under any of ``keys`` (lower case; the
    metadata's own keys are compared case-insensitively), or None."""
    lowered = {k.lower(): v for k, v in meta.items()}
    for key in keys:
        value = lowered.get(key)
        if value and str(value).strip():
            return str(value).strip()
    return None


@dataclass(frozen=True)
class Document:
    """An article as read from its source, before analysis."""

    source: str
    text: str  # the normalised source text; all offsets point into it
    title: str
    body_start: int = 0  # offset where the body starts (after a metadata block / front matter)
    metadata: dict[str, str] = field(default_factory=dict)  # Title, Source, Date, URL, ... as given
    markup: str = "text"  # "markdown": analysis parses the Markdown (see markup_of)


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

    @classmethod
    def from_json(cls, text: str | bytes) -> Analysis:
        """``from_dict(json.loads(text))`` with each record made as soon as it is parsed, so the parsed
        dicts of a long article (tens of thousands) are never all alive at once: a 1 MB article's
        analysis is read with about a third of the peak memory. Repeated strings (topics, mention
        texts, entity ids) are shared."""
        import json

        return json.loads(text, object_hook=_RecordHook())

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


class _RecordHook:
    """``json.loads`` object hook for an analysis: each JSON object becomes its record when parsed (told
    apart by its keys, as ``to_dict`` writes them); the outermost becomes the Analysis."""

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}

    def _shared(self, value: str) -> str:
        return self._strings.setdefault(value, value)

    def __call__(self, d: dict[str, Any]) -> Any:
        shared = self._shared
        if "paragraph" in d:
            return Sentence(d["start"], d["end"], d["paragraph"], shared(d.get("topic", "general")))
        if "mentions" in d:
            return Entity(
                d["id"], d["name"], shared(d["type"]), tuple(_record(Mention, m) for m in d["mentions"]),
                tuple(shared(r) for r in d.get("roles", ())),
            )
        if "cues" in d or "label" in d:
            return Section(
                shared(d["topic"]), shared(d["label"]), d["start"], d["end"],
                tuple(shared(c) for c in d.get("cues", ())),
            )
        if "sentences" in d or "source" in d:
            return Analysis(
                schema=d.get("schema", SCHEMA),
                source=d["source"],
                title=d["title"],
                text_sha256=d["text_sha256"],
                sentences=tuple(d.get("sentences", ())),
                sections=tuple(d.get("sections", ())),
                entities=tuple(d.get("entities", ())),
                quotes=tuple(_record(Quote, q) for q in d.get("quotes", ())),
            )
        if d.keys() == {"start", "end", "text"}:  # a mention (a quote is told apart where it is used)
            return Mention(d["start"], d["end"], shared(d["text"]))
        if "start" in d and "text" in d:
            return Quote(**{k: shared(v) if k in _SHARED_QUOTE_FIELDS and v is not None else v for k, v in d.items()})
        return d


_SHARED_QUOTE_FIELDS = frozenset({"speaker", "speaker_entity", "cue", "kind"})  # repeated across a long article


def _record(kind: type, value: Any) -> Any:
    """``value`` as a ``kind`` record (a quote without its optional keys was parsed as a mention)."""
    if isinstance(value, kind):
        return value
    if isinstance(value, dict):
        return kind(**value)
    return kind(*value)
