"""The analysis pipeline: Document in, Analysis out (segment -> entities -> topics/sections -> quotes).

Pure: no I/O beyond loading the taxonomy and the NLP model once. Only the body is analysed (from
``doc.body_start``); every offset points into ``doc.text``. Any text, however odd, gives an Analysis
(an empty body gives an empty one) rather than an exception.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from ..model import Analysis, Document, Entity, Quote, Sentence
from . import segment, topics
from .entities import extract_entities
from .quotes import extract_quotes
from .topics import Taxonomy
from .version import ANALYSER_VERSION  # noqa: F401 (re-exported: bump it in version.py)


# Paragraphs longer than this go to the NLP model in pieces cut at sentence ends (spaCy refuses texts
# over 1,000,000 characters and needs ~1 GB per 100,000; news paragraphs are far shorter).
NLP_CHUNK_CHARS = 20_000


def nlp_chunks(
    text: str, paragraphs: Sequence[tuple[int, int]], sentences: Sequence[Sentence], limit: int = NLP_CHUNK_CHARS
) -> list[tuple[int, int]]:
    """The paragraphs, with any longer than ``limit`` cut at sentence ends (or, failing that, at spaces)."""
    if all(b - a <= limit for a, b in paragraphs):
        return list(paragraphs)
    by_para: dict[int, list[Sentence]] = {}
    for s in sentences:
        by_para.setdefault(s.paragraph, []).append(s)
    out: list[tuple[int, int]] = []
    for index, (a, b) in enumerate(paragraphs):
        if b - a <= limit:
            out.append((a, b))
            continue
        start = a
        end = a
        for s in by_para.get(index) or [Sentence(a, b, index)]:
            if s.end - start > limit and end > start:
                out.append((start, end))
                start = s.start
            end = s.end
            while end - start > limit:  # one sentence longer than the limit: cut at a space
                cut = text.rfind(" ", start + 1, start + limit)
                cut = cut if cut > start else start + limit
                out.append((start, cut))
                start = cut
                while start < end and text[start].isspace():
                    start += 1
        if end > start:
            out.append((start, end))
    return out


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def analyse(doc: Document, taxonomy: Taxonomy | None = None) -> Analysis:
    """The briefing of one document (topics from ``taxonomy``, default: ``load_taxonomy()``)."""
    if taxonomy is None:
        taxonomy = topics.load_taxonomy()
    text = doc.text
    start = min(max(doc.body_start, 0), len(text))
    paragraphs = segment.split_paragraphs(text, start)
    sentences = segment.split_sentences(text, paragraphs)
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    if paragraphs:
        entities = tuple(extract_entities(text, nlp_chunks(text, paragraphs, sentences)))
    labelled, sections = topics.assign_topics(text, sentences, taxonomy, entities)
    if paragraphs:
        quotes = tuple(extract_quotes(text, paragraphs, labelled, entities))
    return Analysis(
        source=doc.source,
        title=doc.title,
        text_sha256=text_sha256(text),
        sentences=tuple(labelled),
        sections=tuple(sections),
        entities=entities,
        quotes=quotes,
    )


def analyse_many(docs: Iterable[Document], taxonomy: Taxonomy | None = None) -> list[Analysis]:
    """Analyse several documents with one taxonomy (loaded once) and one NLP model."""
    if taxonomy is None:
        taxonomy = topics.load_taxonomy()
    return [analyse(doc, taxonomy) for doc in docs]
