"""Quotations and their speakers: quote marks paired into spans (marks.py), the word lists as data
(words.py, ``briefing_tui/data/quote_words.toml``), speakers and cues found by patterns (attribution.py).

Each quote has its cue (or None), its speaker (a known entity, an unnamed speaker's description such as
"a senior diplomat", or None), where the speaker is named in the text when it is, and its kind: ``quote``
(someone's words) or ``scare`` (a scare quote, a term or a title: no speaker).
"""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Entity, Quote, Sentence
from .attribution import Attributor
from .marks import pair_double, pair_single

__all__ = ["extract_quotes"]


def extract_quotes(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    sentences: Sequence[Sentence],
    entities: Sequence[Entity],
) -> tuple[Quote, ...]:
    """Every quotation in ``text`` (within ``paragraphs``) with its speaker and cue, in text order."""
    paragraphs = sorted(paragraphs)
    spans = pair_double(text, paragraphs)
    spans += pair_single(text, paragraphs, spans)
    spans.sort(key=lambda s: s.open)
    if not spans:
        return ()
    return tuple(Attributor(text, spans, paragraphs, sentences, entities).attribute())
