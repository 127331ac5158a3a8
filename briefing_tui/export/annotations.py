"""Notes as W3C Web Annotations (JSON-LD): one AnnotationCollection whose first page holds them all.

Each note becomes an ``Annotation`` with a Markdown ``TextualBody`` (purpose commenting), one
``TextualBody`` per tag (purpose tagging) and a target with a ``TextQuoteSelector`` (exact, prefix,
suffix) and a ``TextPositionSelector`` (start, end in Unicode code points). An orphaned note keeps only
its quote selector: its old position no longer fits the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..model import Note

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def target_source(article: Any) -> str:
    """An IRI for the annotated article: its URL, else a file: URI, else its source as given."""
    if getattr(article, "url", None):
        return article.url
    source = article.source
    if source.startswith("/"):
        try:
            return Path(source).as_uri()
        except ValueError:
            return source
    return source


def note_annotation(note: Note, article: Any) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": note.body, "format": "text/markdown", "purpose": "commenting"}
    ]
    body += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in note.tags]
    selectors: list[dict[str, Any]] = [
        {"type": "TextQuoteSelector", "exact": note.exact, "prefix": note.prefix, "suffix": note.suffix}
    ]
    if not note.orphaned:
        selectors.append({"type": "TextPositionSelector", "start": note.start, "end": note.end})
    return {
        "@context": CONTEXT,
        "id": f"urn:briefing:note:{note.id}",
        "type": "Annotation",
        "motivation": "commenting",
        "created": note.created,
        "modified": note.updated,
        "body": body,
        "target": {
            "source": target_source(article),
            "selector": selectors if len(selectors) > 1 else selectors[0],
        },
    }


def export_annotations(items: Sequence[tuple[Any, Sequence[Note]]], label: str = "Briefing notes") -> dict[str, Any]:
    annotations = [note_annotation(n, art) for art, notes in items for n in notes if not n.deleted]
    return {
        "@context": CONTEXT,
        "id": "urn:briefing:notes",
        "type": "AnnotationCollection",
        "label": label,
        "total": len(annotations),
        "first": {"id": "urn:briefing:notes:page1", "type": "AnnotationPage", "startIndex": 0, "items": annotations},
    }
