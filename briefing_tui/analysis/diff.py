"""What changed between two versions of an article: sentences, and what they mean (pure, no I/O).

``diff_articles(old_text, old_analysis, new_text, new_analysis)`` compares two analysed texts.

- Sentences are compared by their words only (``\\w+`` runs, case kept), so whitespace-only and
  punctuation-only edits are not changes, nor is a sentence split or joined differently. Sentences are
  aligned with difflib; inside a block that differs, an old and a new sentence with at least half of
  their words in common are one *changed* sentence (with the words that changed), the rest are added or
  removed. A paragraph all of whose sentences are added (removed) is an added (removed) paragraph.
- Meaning-level changes: quotes added, removed, **reworded** (same speaker, different words: both
  shown) or given to another speaker; entities that appear or disappear (by name and alias); sections
  whose topic changed (a section of the new text whose sentences mostly come from sentences of another
  topic in the old text).

Every change carries character offsets into the old and/or the new text.
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Any, NamedTuple

from ..model import Analysis, Quote

_WORD = re.compile(r"\w+")
_MIN_SENTENCE_SIMILARITY = 0.5
_MIN_QUOTE_SIMILARITY = 0.3


class Span(NamedTuple):
    start: int
    end: int
    text: str


class WordChange(NamedTuple):
    op: str  # replace | delete | insert
    old: Span  # empty span at the place for an insert
    new: Span  # empty span at the place for a delete


class SentenceChange(NamedTuple):
    change: str  # added | removed | changed
    old: Span | None
    new: Span | None
    words: tuple[WordChange, ...] = ()
    at: int | None = None  # a removed sentence: the offset in the new text where it was


class QuoteChange(NamedTuple):
    change: str  # added | removed | reworded | speaker
    old: Quote | None
    new: Quote | None


class EntityChange(NamedTuple):
    change: str  # appeared | disappeared
    name: str
    type: str
    first: Span  # its first mention, in the new text (appeared) or the old one (disappeared)


class TopicChange(NamedTuple):
    old_topic: str
    old_label: str
    new_topic: str
    new_label: str
    old: Span  # the old sentences the section's text comes from (first start .. last end)
    new: Span  # the new section


class ArticleDiff(NamedTuple):
    sentences: tuple[SentenceChange, ...]
    paragraphs_added: int
    paragraphs_removed: int
    quotes: tuple[QuoteChange, ...]
    entities: tuple[EntityChange, ...]
    topics: tuple[TopicChange, ...]
    text_changed: bool  # the texts differ at all (maybe only in whitespace or punctuation)

    @property
    def empty(self) -> bool:
        return not (self.sentences or self.quotes or self.entities or self.topics)

    def summary(self) -> str:
        """One line: "+2 paragraphs, 1 quote changed, new: NAME"."""
        return summarise(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "text_changed": self.text_changed,
            "paragraphs": {"added": self.paragraphs_added, "removed": self.paragraphs_removed},
            "sentences": [_sentence_dict(c) for c in self.sentences],
            "quotes": [_quote_change_dict(c) for c in self.quotes],
            "entities": [
                {"change": c.change, "name": c.name, "type": c.type, "first_mention": _span_dict(c.first)}
                for c in self.entities
            ],
            "sections": [
                {"change": "topic", "old_topic": c.old_topic, "old_label": c.old_label, "new_topic": c.new_topic,
                 "new_label": c.new_label, "old": _span_dict(c.old), "new": _span_dict(c.new)}
                for c in self.topics
            ],
        }


# ---------------------------------------------------------------------------- sentences
def _words(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_WORD.finditer(text, start, end))


def _key(words: list[re.Match[str]]) -> tuple[str, ...]:
    return tuple(m.group() for m in words)


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def _word_changes(old_text: str, ow: list[re.Match[str]], new_text: str, nw: list[re.Match[str]]) -> tuple[WordChange, ...]:
    sm = SequenceMatcher(None, _key(ow), _key(nw), autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i1 < i2:
            o = _span(old_text, ow[i1].start(), ow[i2 - 1].end())
        else:
            at = ow[i1 - 1].end() if i1 > 0 else (ow[0].start() if ow else 0)
            o = Span(at, at, "")
        if j1 < j2:
            n = _span(new_text, nw[j1].start(), nw[j2 - 1].end())
        else:
            at = nw[j1 - 1].end() if j1 > 0 else (nw[0].start() if nw else 0)
            n = Span(at, at, "")
        out.append(WordChange(op, o, n))
    return tuple(out)


class _Aligned(NamedTuple):
    changes: list[SentenceChange]
    new_to_old: dict[int, int]  # new sentence index -> old sentence index (same or changed)
    added: set[int]  # new sentence indices
    removed: set[int]  # old sentence indices


def _align(old_text: str, old: Analysis, new_text: str, new: Analysis) -> _Aligned:
    ow = [_words(old_text, s.start, s.end) for s in old.sentences]
    nw = [_words(new_text, s.start, s.end) for s in new.sentences]
    oi = [i for i, w in enumerate(ow) if w]  # sentences of punctuation only take no part
    ni = [j for j, w in enumerate(nw) if w]
    okeys = [_key(ow[i]) for i in oi]
    nkeys = [_key(nw[j]) for j in ni]
    changes: list[SentenceChange] = []
    new_to_old: dict[int, int] = {}
    added: set[int] = set()
    removed: set[int] = set()
    sm = SequenceMatcher(None, okeys, nkeys, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            for k in range(i2 - i1):
                new_to_old[ni[j1 + k]] = oi[i1 + k]
            continue
        olds, news = oi[i1:i2], ni[j1:j2]
        if olds and news and sum(okeys[i1:i2], ()) == sum(nkeys[j1:j2], ()):
            for j in news:  # the same words, split into sentences differently
                new_to_old[j] = olds[0]
            continue
        paired: dict[int, int] = {}
        floor = 0
        for j in news:
            best, best_ratio = -1, _MIN_SENTENCE_SIMILARITY
            for k in range(floor, len(olds)):
                ratio = SequenceMatcher(None, _key(ow[olds[k]]), _key(nw[j]), autojunk=False).ratio()
                if ratio >= best_ratio and (best < 0 or ratio > best_ratio):
                    best, best_ratio = k, ratio
            if best >= 0:
                paired[j] = olds[best]
                floor = best + 1
        used = set(paired.values())
        events: list[tuple[int, int, SentenceChange]] = []  # (new position, order, change) to list in order
        if news:
            at = new.sentences[news[0]].start
        elif j1 < len(ni):
            at = new.sentences[ni[j1]].start
        else:
            at = new.sentences[ni[-1]].end if ni else len(new_text)
        for i in olds:
            if i not in used:
                removed.add(i)
                s = old.sentences[i]
                # a removed sentence is listed where it was, before the new sentences that follow it
                events.append((news[0] if news else -1, 0,
                               SentenceChange("removed", _span(old_text, s.start, s.end), None, (), at)))
        for j in news:
            s = new.sentences[j]
            if j in paired:
                i = paired[j]
                o = old.sentences[i]
                new_to_old[j] = i
                events.append((j, 1, SentenceChange(
                    "changed", _span(old_text, o.start, o.end), _span(new_text, s.start, s.end),
                    _word_changes(old_text, ow[i], new_text, nw[j]),
                )))
            else:
                added.add(j)
                events.append((j, 1, SentenceChange("added", None, _span(new_text, s.start, s.end))))
        events.sort(key=lambda e: (e[0], e[1]))
        changes.extend(e[2] for e in events)
    return _Aligned(changes, new_to_old, added, removed)


def _whole_paragraphs(analysis: Analysis, chosen: set[int], has_words: list[bool]) -> int:
    total: Counter[int] = Counter()
    hit: Counter[int] = Counter()
    for i, s in enumerate(analysis.sentences):
        if has_words[i]:
            total[s.paragraph] += 1
            if i in chosen:
                hit[s.paragraph] += 1
    return sum(1 for p, n in total.items() if n and hit[p] == n)


# ---------------------------------------------------------------------------- quotes
def _norm_speaker(q: Quote) -> str:
    return (q.speaker or "").casefold().strip()


def _quote_key(q: Quote) -> tuple[str, ...]:
    return tuple(_WORD.findall(q.text))


def _quotes(old: Analysis, new: Analysis) -> list[QuoteChange]:
    out: list[QuoteChange] = []
    olds = list(old.quotes)
    news = list(new.quotes)
    # the same words: unchanged, or given to another speaker
    by_key: dict[tuple[str, ...], list[Quote]] = {}
    for q in olds:
        by_key.setdefault(_quote_key(q), []).append(q)
    rest_new: list[Quote] = []
    for q in news:
        same = by_key.get(_quote_key(q))
        if same:
            match = next((o for o in same if _norm_speaker(o) == _norm_speaker(q)), same[0])
            same.remove(match)
            if _norm_speaker(match) != _norm_speaker(q):
                out.append(QuoteChange("speaker", match, q))
        else:
            rest_new.append(q)
    rest_old = [q for qs in by_key.values() for q in qs]
    rest_old.sort(key=lambda q: q.start)
    # the same speaker, different words: reworded (most similar pairs first)
    pairs = []
    for a, o in enumerate(rest_old):
        for b, n in enumerate(rest_new):
            if _norm_speaker(o) != _norm_speaker(n):
                continue
            ratio = SequenceMatcher(None, _quote_key(o), _quote_key(n), autojunk=False).ratio()
            if ratio >= _MIN_QUOTE_SIMILARITY:
                pairs.append((-ratio, a, b))
    pairs.sort()
    used_o: set[int] = set()
    used_n: set[int] = set()
    for _, a, b in pairs:
        if a not in used_o and b not in used_n:
            used_o.add(a)
            used_n.add(b)
            out.append(QuoteChange("reworded", rest_old[a], rest_new[b]))
    out.extend(QuoteChange("removed", o, None) for a, o in enumerate(rest_old) if a not in used_o)
    out.extend(QuoteChange("added", None, n) for b, n in enumerate(rest_new) if b not in used_n)
    out.sort(key=lambda c: (c.new.start if c.new else c.old.start if c.old else 0))
    return out


# ---------------------------------------------------------------------------- entities and topics
def _names(analysis: Analysis) -> set[str]:
    names: set[str] = set()
    for e in analysis.entities:
        names.add(e.name.casefold())
        names.update(m.text.casefold() for m in e.mentions)
    return names


def _entities(old_text: str, old: Analysis, new_text: str, new: Analysis) -> list[EntityChange]:
    out: list[EntityChange] = []
    old_names, new_names = _names(old), _names(new)
    for e in new.entities:
        if e.mentions and e.name.casefold() not in old_names and not any(m.text.casefold() in old_names for m in e.mentions):
            m = min(e.mentions, key=lambda m: m.start)
            out.append(EntityChange("appeared", e.name, e.type, _span(new_text, m.start, m.end)))
    for e in old.entities:
        if e.mentions and e.name.casefold() not in new_names and not any(m.text.casefold() in new_names for m in e.mentions):
            m = min(e.mentions, key=lambda m: m.start)
            out.append(EntityChange("disappeared", e.name, e.type, _span(old_text, m.start, m.end)))
    return out


def _topics(old_text: str, old: Analysis, new_text: str, new: Analysis, new_to_old: dict[int, int]) -> list[TopicChange]:
    out: list[TopicChange] = []
    old_labels = {s.topic: s.label for s in old.sections}
    for sec in new.sections:
        inside = [j for j, s in enumerate(new.sentences) if sec.start <= s.start < sec.end]
        mapped = [new_to_old[j] for j in inside if j in new_to_old]
        if not mapped or 2 * len(mapped) < len(inside):
            continue  # mostly new text: it is an addition, not a change of topic
        topic, n = Counter(old.sentences[i].topic for i in mapped).most_common(1)[0]
        if topic == sec.topic or 2 * n < len(mapped):
            continue
        first, last = old.sentences[min(mapped)], old.sentences[max(mapped)]
        out.append(TopicChange(
            topic, old_labels.get(topic, topic), sec.topic, sec.label,
            _span(old_text, first.start, last.end), _span(new_text, sec.start, sec.end),
        ))
    return out


# ---------------------------------------------------------------------------- the whole
def diff_articles(old_text: str, old: Analysis, new_text: str, new: Analysis) -> ArticleDiff:
    aligned = _align(old_text, old, new_text, new)
    has_old = [bool(_WORD.search(old_text, s.start, s.end)) for s in old.sentences]
    has_new = [bool(_WORD.search(new_text, s.start, s.end)) for s in new.sentences]
    return ArticleDiff(
        sentences=tuple(aligned.changes),
        paragraphs_added=_whole_paragraphs(new, aligned.added, has_new),
        paragraphs_removed=_whole_paragraphs(old, aligned.removed, has_old),
        quotes=tuple(_quotes(old, new)),
        entities=tuple(_entities(old_text, old, new_text, new)),
        topics=tuple(_topics(old_text, old, new_text, new, aligned.new_to_old)),
        text_changed=old_text != new_text,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def summarise(d: ArticleDiff) -> str:
    parts: list[str] = []
    if d.paragraphs_added:
        parts.append("+" + _plural(d.paragraphs_added, "paragraph"))
    if d.paragraphs_removed:
        parts.append("-" + _plural(d.paragraphs_removed, "paragraph"))
    if not d.paragraphs_added:
        added = sum(1 for c in d.sentences if c.change == "added")
        if added:
            parts.append("+" + _plural(added, "sentence"))
    if not d.paragraphs_removed:
        removed = sum(1 for c in d.sentences if c.change == "removed")
        if removed:
            parts.append("-" + _plural(removed, "sentence"))
    quote_spans = [c.new for c in d.quotes if c.new is not None and c.change in ("reworded", "speaker")]
    changed = sum(
        1 for c in d.sentences
        if c.change == "changed" and c.new and not any(c.new.start < q.end and q.start < c.new.end for q in quote_spans)
    )
    if changed:
        parts.append(_plural(changed, "sentence") + " changed")
    reworded = sum(1 for c in d.quotes if c.change in ("reworded", "speaker"))
    if reworded:
        parts.append(_plural(reworded, "quote") + " changed")
    for change, sign in (("added", "+"), ("removed", "-")):
        n = sum(1 for c in d.quotes if c.change == change)
        if n:
            parts.append(sign + _plural(n, "quote"))
    for change, word in (("appeared", "new"), ("disappeared", "gone")):
        names = [c.name for c in d.entities if c.change == change]
        if names:
            more = f" +{len(names) - 3} more" if len(names) > 3 else ""
            parts.append(f"{word}: " + ", ".join(names[:3]) + more)
    for t in d.topics[:2]:
        parts.append(f"topic {t.old_label} → {t.new_label}")
    if len(d.topics) > 2:
        parts.append(f"+{len(d.topics) - 2} topic changes")
    if not parts:
        return "whitespace or punctuation only" if d.text_changed else "no change"
    return ", ".join(parts)


# ---------------------------------------------------------------------------- JSON
def _span_dict(s: Span | None) -> dict[str, Any] | None:
    return None if s is None else {"start": s.start, "end": s.end, "text": s.text}


def _sentence_dict(c: SentenceChange) -> dict[str, Any]:
    out: dict[str, Any] = {"change": c.change, "old": _span_dict(c.old), "new": _span_dict(c.new)}
    if c.change == "removed":
        out["new_at"] = c.at
    if c.change == "changed":
        out["words"] = [{"op": w.op, "old": _span_dict(w.old), "new": _span_dict(w.new)} for w in c.words]
    return out


def _quote_dict(q: Quote | None) -> dict[str, Any] | None:
    if q is None:
        return None
    return {"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker}


def _quote_change_dict(c: QuoteChange) -> dict[str, Any]:
    speaker = (c.new or c.old).speaker if (c.new or c.old) else None
    return {"change": c.change, "speaker": speaker, "old": _quote_dict(c.old), "new": _quote_dict(c.new)}
