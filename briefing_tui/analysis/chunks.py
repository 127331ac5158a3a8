"""Cutting text into pieces the NLP model can take: the one chunker of the analysis.

spaCy refuses texts over 1,000,000 characters and needs about 1 GB per 100,000, so paragraphs
longer than ``NLP_CHUNK_CHARS`` are cut — at sentence ends when the sentences are known, else at
whitespace, else anywhere — and never shift an offset: pieces are (start, end) spans of the text.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Sentence

# Paragraphs longer than this go to the NLP model in pieces cut at sentence ends (spaCy refuses texts
# over 1,000,000 characters and needs ~1 GB per 100,000; news paragraphs are far shorter).
NLP_CHUNK_CHARS = 20_000


def nlp_chunks(
    text: str, paragraphs: Sequence[tuple[int, int]], sentences: Sequence[Sentence] = (),
    limit: int = NLP_CHUNK_CHARS,
) -> list[tuple[int, int]]:
    """The paragraphs, with any longer than ``limit`` cut at sentence ends (or, failing that, at
    whitespace), in order; every piece is at most ``limit`` characters."""
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
                cut = max(text.rfind(" ", start + 1, start + limit), text.rfind("\n", start + 1, start + limit))
                cut = cut if cut > start else start + limit
                out.append((start, cut))
                start = cut
                while start < end and text[start].isspace():
                    start += 1
        if end > start:
            out.append((start, end))
    return out
