"""The analysis pipeline: Document in, Analysis out (segment -> entities -> topics/sections -> quotes).

Pure: no I/O beyond loading the taxonomy and the NLP model once. Only the body is analysed (from
``doc.body_start``); every offset points into ``doc.text``. A Markdown document (``doc.markup``) is
parsed (``prose/markdown_blocks.py``): its blocks are the paragraphs, and the rest of the pipeline
reads the text with the Markdown syntax masked, so no ``**``, ``[...](url)`` or backtick reaches a
name, a topic cue or a quote. Any text, however odd, gives an Analysis
(an empty body gives an empty one) rather than an exception.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Analysis, Document, Entity, Quote, text_sha256
from ..prose import markdown_blocks
from . import segment, topics
from .chunks import NLP_CHUNK_CHARS, nlp_chunks  # noqa: F401 (nlp_chunks is also this module's API)
from .entities import extract_entities
from .quotes import extract_quotes
from .topics import Taxonomy
from .version import ANALYSER_VERSION  # noqa: F401 (re-exported: bump it in version.py)


def analyse(doc: Document, taxonomy: Taxonomy | None = None) -> Analysis:
    """The briefing of one document (topics from ``taxonomy``, default: ``load_taxonomy()``)."""
    if taxonomy is None:
        taxonomy = topics.load_taxonomy()
    text = doc.text
    start = min(max(doc.body_start, 0), len(text))
    prose = text  # what is analysed: the text, or Markdown with its syntax masked (same offsets)
    if doc.markup == "markdown":
        paragraphs, _, prose = markdown_blocks.parse(text, start)
    else:
        paragraphs = segment.split_paragraphs(text, start)
    sentences = segment.split_sentences(prose, paragraphs)
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    if paragraphs:
        entities = tuple(extract_entities(prose, nlp_chunks(prose, paragraphs, sentences)))
    labelled, sections = topics.assign_topics(prose, sentences, taxonomy, entities)
    if paragraphs:
        quotes = tuple(extract_quotes(prose, paragraphs, labelled, entities))
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
