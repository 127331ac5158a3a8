"""JSON export: each article with its text, its analysis (the analysis contract) and its notes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Analysis, Note

SCHEMA = "briefing.export/1"


def export_json(items: Sequence[tuple[Any, Analysis, Sequence[Note]]], exported: str = "") -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "exported": exported,
        "articles": [
            {
                "id": art.id,
                "title": art.title,
                "source": art.source,
                "date": art.date,
                "url": art.url,
                "text_sha256": art.text_sha256,
                "text": art.text,
                "analysis": analysis.to_dict(),
                "notes": [n.to_dict() for n in notes],
            }
            for art, analysis, notes in items
        ],
    }
