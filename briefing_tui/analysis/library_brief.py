"""The brief across many articles, grouped by topic (pure, no I/O).

Each article is briefed (``brief.brief_article``); its chosen sentences go to the topic of their
section. Within a topic, near-duplicate sentences from different articles (Jaccard of content words
>= ``MERGE``) are one key sentence listing every source; key sentences are ranked by how many sources
carry them, then by score. Each topic also gets its most-mentioned entities (mentions inside that
topic's sections) and its weightiest quotes. Near-duplicates are found with a prefix-filtering
similarity join (rare words first), so the merge stays close to linear in the number of sentences.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..model import Analysis
from .brief import brief_article, jaccard, quote_weight

MERGE = 0.6
KEY_SENTENCES = 8
TOP_ENTITIES = 8
TOP_QUOTES = 5
GENERAL = "general"


class BriefArticle(NamedTuple):
    id: int
    title: str
    source: str
    date: str | None
    imported: str
    text: str
    analysis: Analysis


class Source(NamedTuple):
    article_id: int
    title: str
    start: int
    end: int


class KeySentence(NamedTuple):
    text: str
    score: float
    sources: tuple[Source, ...]  # the first is the one shown


class TopicQuote(NamedTuple):
    speaker: str | None
    text: str
    source: Source


class TopicBrief(NamedTuple):
    topic: str
    label: str
    articles: tuple[int, ...]
    sentences: tuple[KeySentence, ...]
    entities: tuple[tuple[str, str, int], ...]  # (name, type, mentions)
    quotes: tuple[TopicQuote, ...]


class LibraryBrief(NamedTuple):
    since: str
    articles: tuple[BriefArticle, ...]
    topics: tuple[TopicBrief, ...]

    def to_dict(self) -> dict[str, Any]:
        def src(s: Source) -> dict[str, Any]:
            return {"article_id": s.article_id, "title": s.title, "start": s.start, "end": s.end}

        return {
            "since": self.since,
            "articles": [
                {"id": a.id, "title": a.title, "source": a.source, "date": a.date, "imported": a.imported}
                for a in self.articles
            ],
            "topics": [
                {
                    "topic": t.topic,
                    "label": t.label,
                    "articles": list(t.articles),
                    "sentences": [
                        {"text": k.text, "score": round(k.score, 3), "sources": [src(s) for s in k.sources]}
                        for k in t.sentences
                    ],
                    "entities": [{"name": n, "type": ty, "mentions": c} for n, ty, c in t.entities],
                    "quotes": [{"speaker": q.speaker, "text": q.text, "source": src(q.source)} for q in t.quotes],
                }
                for t in self.topics
            ],
        }


def near_duplicate_groups(word_sets: Sequence[frozenset[str]], threshold: float = MERGE) -> list[list[int]]:
    """Groups of indices whose word sets are (transitively) at least ``threshold`` Jaccard-similar."""
    parent = list(range(len(word_sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    freq: Counter[str] = Counter()
    for w in word_sets:
        freq.update(w)
    index: dict[str, list[int]] = {}
    for k, w in enumerate(word_sets):
        if not w:
            continue
        tokens = sorted(w, key=lambda t: (freq[t], t))
        prefix = len(tokens) - math.ceil(threshold * len(tokens)) + 1
        seen: set[int] = set()
        for t in tokens[:prefix]:
            for other in index.get(t, ()):
                if other not in seen:
                    seen.add(other)
                    if find(other) != find(k) and jaccard(w, word_sets[other]) >= threshold:
                        parent[find(k)] = find(other)
            index.setdefault(t, []).append(k)
    groups: dict[int, list[int]] = {}
    for k in range(len(word_sets)):
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def build_library_brief(articles: Sequence[BriefArticle], since: str, topic: str | None = None) -> LibraryBrief:
    """The brief of ``articles`` (already chosen as new since ``since``), optionally of one topic only."""
    labels: dict[str, str] = {}
    members: dict[str, list[tuple[BriefArticle, Any]]] = {}  # topic -> (article, brief sentence)
    topic_articles: dict[str, list[int]] = {}
    entity_counts: dict[str, Counter[tuple[str, str]]] = {}
    quotes: dict[str, list[tuple[float, TopicQuote]]] = {}
    for art in articles:
        a = art.analysis
        brief = brief_article(art.text, a)
        mention_starts: list[tuple[int, str, str]] = sorted(
            (m.start, e.name, e.type) for e in a.entities for m in e.mentions
        )
        keys = [m[0] for m in mention_starts]
        for sec in brief.sections:
            if topic is not None and sec.topic != topic:
                continue
            labels.setdefault(sec.topic, sec.label)
            ids = topic_articles.setdefault(sec.topic, [])
            if not ids or ids[-1] != art.id:
                ids.append(art.id)
            members.setdefault(sec.topic, []).extend((art, s) for s in sec.sentences)
            counts = entity_counts.setdefault(sec.topic, Counter())
            for _, name, etype in mention_starts[bisect.bisect_left(keys, sec.start) : bisect.bisect_left(keys, sec.end)]:
                counts[(name, etype)] += 1
        for q in a.quotes:
            sec_topic = _topic_at(a, q.start)
            if sec_topic is None or (topic is not None and sec_topic != topic):
                continue
            weight = quote_weight(q, a) + (10 if q.speaker else 0)
            quotes.setdefault(sec_topic, []).append(
                (weight, TopicQuote(q.speaker, q.text, Source(art.id, art.title, q.start, q.end)))
            )
    out = []
    for t, items in members.items():
        groups = near_duplicate_groups([s.words for _, s in items])
        keyed = []
        for g in groups:
            g.sort(key=lambda k: -items[k][1].score)
            sources: list[Source] = []
            for k in g:
                art, s = items[k]
                if not any(x.article_id == art.id for x in sources):
                    sources.append(Source(art.id, art.title, s.start, s.end))
            best = items[g[0]][1]
            keyed.append(KeySentence(" ".join(best.text.split()), best.score + 0.5 * (len(sources) - 1), tuple(sources)))
        keyed.sort(key=lambda k: (-len(k.sources), -k.score, k.sources[0].article_id, k.sources[0].start))
        ents = tuple((n, ty, c) for (n, ty), c in entity_counts.get(t, Counter()).most_common(TOP_ENTITIES))
        qs = sorted(quotes.get(t, ()), key=lambda x: (-x[0], x[1].source.article_id, x[1].source.start))
        seen_quotes: set[str] = set()
        top_quotes = []
        for _, q in qs:
            key = " ".join(q.text.split()).casefold()
            if key not in seen_quotes:
                seen_quotes.add(key)
                top_quotes.append(q)
            if len(top_quotes) >= TOP_QUOTES:
                break
        out.append(TopicBrief(t, labels[t], tuple(topic_articles[t]), tuple(keyed[:KEY_SENTENCES]), ents, tuple(top_quotes)))
    out.sort(key=lambda tb: (tb.topic == GENERAL, -len(tb.articles), tb.label.casefold()))
    return LibraryBrief(since, tuple(articles), tuple(out))


def _topic_at(analysis: Analysis, offset: int) -> str | None:
    for sec in analysis.sections:
        if sec.start <= offset < sec.end:
            return sec.topic
    return None
