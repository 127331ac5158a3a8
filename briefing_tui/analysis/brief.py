"""The brief of one article: per section its most informative sentences, and who said what (pure).

Extractive. Each sentence of a section is scored on
- its position (the first sentences of a section, and the article's lead, say most),
- its centrality: how much of the section's and the article's vocabulary it shares (cosine of its
  content-word set with the section's and the article's word counts, the sentence itself left out),
- the entities it names and the attributed quote it carries,
- its length (a few words, or a very long run-on, say less).
A section gets one sentence (up to 3 sentences), two (up to 8) or three; a sentence too close to one
already chosen (Jaccard of content words >= 0.5) is skipped, so the brief never says the same twice.
"Who said what": for each main speaker (most quotes first, at most five), the quote that carries most:
its content words and the entities it names.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from typing import Any, NamedTuple

from ..model import Analysis, Quote

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d[\d,.]*", re.UNICODE)
_STOP = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having he
    her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor
    not now of off on once only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself yourselves said says
    say told tells according mr mrs ms one two new also would could may might must shall us""".split()
)
NEAR_DUPLICATE = 0.5  # Jaccard of content words at or above which two sentences say the same
MAX_SPEAKERS = 5
LEAD_BONUS = 0.4  # the article's first substantial sentence: news puts the gist first


def content_words(text: str) -> frozenset[str]:
    """The sentence's content words: lower-cased, stop words dropped, cut to 6 letters (a cheap stem)."""
    return frozenset([w[:6] for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP])


def content_word_list(text: str) -> tuple[str, ...]:
    """The same words in text order, each once."""
    return tuple(dict.fromkeys(w[:6] for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


class BriefSentence(NamedTuple):
    index: int  # the sentence's index in the analysis
    start: int
    end: int
    text: str
    score: float
    topic: str
    words: tuple[str, ...] = ()  # its content words in text order (for merging near-duplicates)


class BriefSection(NamedTuple):
    topic: str
    label: str
    start: int
    end: int
    sentences: tuple[BriefSentence, ...]


class SaidWhat(NamedTuple):
    speaker: str
    quote: Quote
    quotes: int  # how many quotes the speaker has in the article


class ArticleBrief(NamedTuple):
    sections: tuple[BriefSection, ...]
    said: tuple[SaidWhat, ...]

    def sentences(self) -> list[BriefSentence]:
        """Every chosen sentence, in text order."""
        return sorted((s for sec in self.sections for s in sec.sentences), key=lambda s: s.start)

    def to_dict(self) -> dict[str, Any]:
        return {
            "sections": [
                {
                    "topic": sec.topic, "label": sec.label, "start": sec.start, "end": sec.end,
                    "sentences": [
                        {"index": s.index, "start": s.start, "end": s.end, "text": s.text, "score": round(s.score, 3)}
                        for s in sec.sentences
                    ],
                }
                for sec in self.sections
            ],
            "who_said_what": [
                {"speaker": w.speaker, "quotes": w.quotes, "start": w.quote.start, "end": w.quote.end,
                 "text": w.quote.text}
                for w in self.said
            ],
        }


def _cosine_out(words: frozenset[str], counts: Counter[str], norm2: float) -> float:
    """Cosine of a word set with word counts that include it once (it is taken out)."""
    if not words:
        return 0.0
    dot = sum(counts[w] - 1 for w in words)
    rest = norm2 - sum(2 * counts[w] - 1 for w in words)  # |counts - words|^2
    if dot <= 0 or rest <= 0:
        return 0.0
    return dot / (math.sqrt(len(words)) * math.sqrt(rest))


def sentence_quota(n: int) -> int:
    return 1 if n <= 3 else 2 if n <= 8 else 3


def brief_article(text: str, analysis: Analysis) -> ArticleBrief:
    """The brief of one analysed text (offsets into ``text``)."""
    sentences = analysis.sentences
    starts = [s.start for s in sentences]
    words = [content_words(text[s.start : s.end]) for s in sentences]
    article_counts: Counter[str] = Counter()
    for w in words:
        article_counts.update(w)
    article_norm2 = float(sum(c * c for c in article_counts.values()))
    # entities and quotes per sentence
    entities_in: list[set[str]] = [set() for _ in sentences]
    for e in analysis.entities:
        for m in e.mentions:
            i = bisect.bisect_right(starts, m.start) - 1
            if 0 <= i < len(sentences) and m.start < sentences[i].end:
                entities_in[i].add(e.id)
    quote_in = [0.0] * len(sentences)
    for q in analysis.quotes:
        i = max(0, bisect.bisect_right(starts, q.start) - 1)
        while i < len(sentences) and sentences[i].start < q.end:
            if sentences[i].end > q.start:
                quote_in[i] = max(quote_in[i], 1.0 if q.speaker else 0.4)
            i += 1
    chosen_words: list[frozenset[str]] = []
    out_sections = []
    for number, sec in enumerate(analysis.sections):
        lo = bisect.bisect_left(starts, sec.start)
        hi = bisect.bisect_left(starts, sec.end)
        members = [i for i in range(lo, hi) if words[i]]
        if not members:
            out_sections.append(BriefSection(sec.topic, sec.label, sec.start, sec.end, ()))
            continue
        sec_counts: Counter[str] = Counter()
        for i in members:
            sec_counts.update(words[i])
        sec_norm2 = float(sum(c * c for c in sec_counts.values()))
        scored = []
        k = 0  # the sentence's place among the section's substantial sentences (a dateline is not one)
        for i in members:
            w = words[i]
            position = 1.0 / (1.0 + k) + (LEAD_BONUS if number == 0 and k == 0 else 0.0)
            if len(w) >= 4:
                k += 1
            centrality = (_cosine_out(w, sec_counts, sec_norm2) if len(members) > 1 else 0.0) \
                + _cosine_out(w, article_counts, article_norm2)
            carried = min(len(entities_in[i]), 3) / 3 + quote_in[i] * 0.6
            n = len(w)
            length = 0.5 if n < 4 else 0.8 if n > 40 else 1.0
            score = (1.0 * position + 2.0 * centrality + 0.8 * carried) * length
            scored.append((score, i))
        scored.sort(key=lambda x: (-x[0], x[1]))
        picked: list[BriefSentence] = []
        for score, i in scored:
            if len(picked) >= sentence_quota(len(members)):
                break
            w = words[i]
            if any(jaccard(w, c) >= NEAR_DUPLICATE for c in chosen_words):
                continue
            s = sentences[i]
            sentence_text = text[s.start : s.end]
            picked.append(BriefSentence(i, s.start, s.end, sentence_text, score, s.topic, content_word_list(sentence_text)))
            chosen_words.append(w)
        picked.sort(key=lambda s: s.start)
        out_sections.append(BriefSection(sec.topic, sec.label, sec.start, sec.end, tuple(picked)))
    return ArticleBrief(tuple(out_sections), tuple(who_said_what(text, analysis)))


def mention_starts(analysis: Analysis) -> list[int]:
    return sorted(m.start for e in analysis.entities for m in e.mentions)


def quote_weight(q: Quote, starts: list[int]) -> float:
    """How much a quote carries: its content words (up to 30) and the entity mentions inside it
    (``starts``: every mention's start, sorted)."""
    named = bisect.bisect_left(starts, q.end) - bisect.bisect_left(starts, q.start)
    return min(len(content_words(q.text)), 30) + 3 * min(named, 3)


def who_said_what(text: str, analysis: Analysis) -> list[SaidWhat]:
    """The most important quote of each main speaker (most quotes first)."""
    by_speaker: dict[str, list[Quote]] = {}
    for q in analysis.quotes:
        if q.speaker and q.text.strip():
            by_speaker.setdefault(q.speaker, []).append(q)
    ranked = sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), -sum(len(q.text) for q in kv[1]), kv[1][0].start))
    out = []
    starts = mention_starts(analysis)
    for speaker, quotes in ranked[:MAX_SPEAKERS]:
        best = max(quotes, key=lambda q: (quote_weight(q, starts), -q.start))
        out.append(SaidWhat(speaker, best, len(quotes)))
    out.sort(key=lambda w: w.quote.start)
    return out
