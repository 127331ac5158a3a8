"""The brief across many articles, grouped by topic (pure, no I/O).

Each article is briefed (``brief.brief_article``) and boiled down to a small ``ArticleDigest`` (its
chosen sentences, entity mentions and weightiest quotes per topic), which the library caches; the
brief is built from the digests alone. Within a topic, near-duplicate sentences from different
articles (Jaccard of content words >= ``MERGE``) are one key sentence listing every source; key
sentences are ranked by how many sources carry them, then by score. Each topic also gets its most-mentioned entities (mentions inside that
topic's sections) and its weightiest quotes. Near-duplicate candidates are sentences sharing one of
their rarest pairs of consecutive content words, so the merge stays close to linear in the number of
sentences.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from itertools import chain
from collections.abc import Sequence
from typing import Any, NamedTuple

from ..model import Analysis
from .brief import brief_article, jaccard, quote_weight

MERGE = 0.6
RAREST_PAIRS = 3
KEY_SENTENCES = 8
TOP_ENTITIES = 8
TOP_QUOTES = 5
QUOTES_PER_ARTICLE = 3  # per topic, kept in an article's digest
GENERAL = "general"


class DigestSentence(NamedTuple):
    topic: str
    start: int
    end: int
    text: str
    score: float
    words: tuple[str, ...]  # content words in text order


class DigestQuote(NamedTuple):
    topic: str
    weight: float
    speaker: str | None
    text: str
    start: int
    end: int


class ArticleDigest(NamedTuple):
    """What the library brief needs of one article: its brief sentences, entity mentions and quotes
    per topic (small, cached in the library beside the analysis)."""

    labels: dict[str, str]  # topic -> label, in the article's order
    sentences: tuple[DigestSentence, ...]
    entities: tuple[tuple[str, str, str, int], ...]  # (topic, name, type, mentions in that topic's sections)
    quotes: tuple[DigestQuote, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "sentences": [[s.topic, s.start, s.end, s.text, round(s.score, 4), " ".join(s.words)]
                          for s in self.sentences],
            "entities": [list(e) for e in self.entities],
            "quotes": [list(q) for q in self.quotes],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleDigest:
        return cls(
            dict(d["labels"]),
            tuple(DigestSentence(t, a, b, x, sc, tuple(w.split())) for t, a, b, x, sc, w in d["sentences"]),
            tuple((t, n, ty, c) for t, n, ty, c in d["entities"]),
            tuple(DigestQuote(*q) for q in d["quotes"]),
        )


def digest_article(text: str, a: Analysis) -> ArticleDigest:
    brief = brief_article(text, a)
    labels: dict[str, str] = {}
    sentences = []
    counts: Counter[tuple[str, str, str]] = Counter()
    mentions = sorted((m.start, e.name, e.type) for e in a.entities for m in e.mentions)
    keys = [m[0] for m in mentions]
    for sec in brief.sections:
        labels.setdefault(sec.topic, sec.label)
        sentences.extend(
            DigestSentence(sec.topic, x.start, x.end, " ".join(x.text.split()), x.score, x.words) for x in sec.sentences
        )
        for _, name, etype in mentions[bisect.bisect_left(keys, sec.start) : bisect.bisect_left(keys, sec.end)]:
            counts[(sec.topic, name, etype)] += 1
    quotes = []
    for q in a.quotes:
        topic = _topic_at(a, q.start)
        if topic is not None and q.text.strip():
            weight = quote_weight(q, keys) + (10 if q.speaker else 0)
            quotes.append(DigestQuote(topic, weight, q.speaker, " ".join(q.text.split()), q.start, q.end))
    quotes.sort(key=lambda q: (-q.weight, q.start))
    per_topic: Counter[str] = Counter()
    kept = []
    for q in quotes:  # the weightiest few per topic are all the brief is likely to show of one article
        if per_topic[q.topic] < QUOTES_PER_ARTICLE:
            per_topic[q.topic] += 1
            kept.append(q)
    return ArticleDigest(labels, tuple(sentences), tuple((t, n, ty, c) for (t, n, ty), c in counts.items()), tuple(kept))


class BriefArticle(NamedTuple):
    id: int
    title: str
    source: str
    date: str | None
    imported: str
    digest: ArticleDigest


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
                {"id": a.id, "title": a.title, "source": a.source, "date": a.date, "updated": a.imported}
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


def near_duplicate_groups(word_lists: Sequence[tuple[str, ...]], threshold: float = MERGE) -> list[list[int]]:
    """Groups of indices whose content words are (transitively) at least ``threshold`` Jaccard-similar.

    Candidates are sentences sharing one of their ``RAREST_PAIRS`` rarest pairs of consecutive content
    words (near-duplicates share most of their pairs, the rarest ones among them; unrelated sentences
    rarely share a rare one, so the candidate lists stay short); each candidate is then checked on the
    word sets. A sentence of one content word is only merged with its exact copies."""
    parent = list(range(len(word_lists)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # each sentence's pairs in text order (a stable sort by rarity is then the same in every run)
    pairs = [list(dict.fromkeys(zip(w, w[1:]))) if len(w) > 1 else [tuple(w)] for w in word_lists]
    freq: Counter[tuple[str, ...]] = Counter(chain.from_iterable(pairs))
    by_freq = freq.__getitem__
    sets: dict[int, frozenset[str]] = {}

    def words(i: int) -> frozenset[str]:
        found = sets.get(i)
        if found is None:
            found = sets[i] = frozenset(word_lists[i])
        return found

    index: dict[tuple[str, ...], list[int]] = {}
    for k, keys in enumerate(pairs):
        checked: set[int] = set()
        rarest = sorted(keys, key=by_freq)[:RAREST_PAIRS] if len(keys) > RAREST_PAIRS else keys
        for key in rarest:
            bucket = index.get(key)
            if bucket is None:
                index[key] = [k]
                continue
            for other in bucket:
                if other not in checked:
                    checked.add(other)
                    if find(other) != find(k) and jaccard(words(k), words(other)) >= threshold:
                        parent[find(k)] = find(other)
            bucket.append(k)
    groups: dict[int, list[int]] = {}
    for k in range(len(word_lists)):
        groups.setdefault(find(k), []).append(k)
    return list(groups.values())


def build_library_brief(articles: Sequence[BriefArticle], since: str, topic: str | None = None) -> LibraryBrief:
    """The brief of ``articles`` (already chosen as new since ``since``), optionally of one topic only."""
    labels: dict[str, str] = {}
    members: dict[str, list[tuple[BriefArticle, DigestSentence]]] = {}  # topic -> (article, sentence)
    topic_articles: dict[str, list[int]] = {}
    entity_counts: dict[str, Counter[tuple[str, str]]] = {}
    quotes: dict[str, list[tuple[BriefArticle, DigestQuote]]] = {}
    for art in articles:
        d = art.digest
        for t, label in d.labels.items():
            if topic is None or t == topic:
                labels.setdefault(t, label)
                topic_articles.setdefault(t, []).append(art.id)
        for s in d.sentences:
            if topic is None or s.topic == topic:
                members.setdefault(s.topic, []).append((art, s))
        for t, name, etype, count in d.entities:
            if topic is None or t == topic:
                entity_counts.setdefault(t, Counter())[(name, etype)] += count
        for q in d.quotes:
            if topic is None or q.topic == topic:
                quotes.setdefault(q.topic, []).append((art, q))
    out = []
    for t, items in members.items():
        ranked = []
        for g in near_duplicate_groups([s.words for _, s in items]):
            best = max(g, key=lambda k: (items[k][1].score, -k))
            n = len({items[k][0].id for k in g}) if len(g) > 1 else 1
            ranked.append((-n, -(items[best][1].score + 0.5 * (n - 1)), items[best][0].id, items[best][1].start, best, g))
        keyed = []
        for neg_n, neg_score, _, _, best, g in heapq.nsmallest(KEY_SENTENCES, ranked):
            g.sort(key=lambda k: (-items[k][1].score, k))
            sources: list[Source] = []
            for k in [best] + g:
                art, s = items[k]
                if not any(x.article_id == art.id for x in sources):
                    sources.append(Source(art.id, art.title, s.start, s.end))
            keyed.append(KeySentence(items[best][1].text, -neg_score, tuple(sources)))
        ents = tuple((n, ty, c) for (n, ty), c in entity_counts.get(t, Counter()).most_common(TOP_ENTITIES))
        qs = heapq.nsmallest(TOP_QUOTES * 4, quotes.get(t, ()), key=lambda x: (-x[1].weight, x[0].id, x[1].start))
        seen_quotes: set[str] = set()
        top_quotes = []
        for art, q in qs:
            key = q.text.casefold()
            if key not in seen_quotes:
                seen_quotes.add(key)
                top_quotes.append(TopicQuote(q.speaker, q.text, Source(art.id, art.title, q.start, q.end)))
            if len(top_quotes) >= TOP_QUOTES:
                break
        out.append(TopicBrief(t, labels[t], tuple(topic_articles[t]), tuple(keyed), ents, tuple(top_quotes)))
    out.sort(key=lambda tb: (tb.topic == GENERAL, -len(tb.articles), tb.label.casefold()))
    return LibraryBrief(since, tuple(articles), tuple(out))


def _topic_at(analysis: Analysis, offset: int) -> str | None:
    for sec in analysis.sections:
        if sec.start <= offset < sec.end:
            return sec.topic
    return None
