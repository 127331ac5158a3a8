"""Topics: the taxonomy (TOML, as data) and the sentence labelling that turns cues into sections.

Each sentence is scored against each topic by its weighted cue terms and phrases, matched on English
word stems (snowball), longest cue first; the article's mean score per topic (``article_weight``) is
added to every sentence as weak evidence, so a cue-less sentence of a long article about one topic
leans to it. A small Viterbi pass then labels the sentences as a whole:
`general` is a state with a fixed small score, changing topic costs something (less at a paragraph
boundary), so weak evidence stays `general` and one stray word does not make a one-sentence section.
Each section keeps the cues that decided it.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from os import PathLike

from ..config import default_taxonomy_path, taxonomy_file  # noqa: F401 - also this module's API
from ..errors import BriefingError
from .. import toml_text
from ..model import Entity, Section, Sentence

GENERAL = "general"
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_SETTINGS_DEFAULTS = {
    "general_score": 1.5,
    "switch_cost": 4.0,
    "paragraph_switch_cost": 2.0,
    "anchor_factor": 0.25,
    "article_weight": 0.0,
    "short_paragraph_words": 6.0,
}
MAX_CUES_SHOWN = 6
ARTICLE_MIN_SENTENCES = 12
ROLE_FACTOR = 0.25  # share of a role cue's weight lent to a later mention of its holder
_ROLE_REACH = 40  # characters before a person's mention where a role is read ("Defence Minister …")

# Words: letters (any script) with inner apostrophes, or digit runs. Hyphens split words.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")


_LOCAL = threading.local()


def _stemmer():
    """One stemmer per thread: a snowball stemmer keeps state while it works and is not thread-safe."""
    stemmer = getattr(_LOCAL, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _LOCAL.stemmer = snowballstemmer.stemmer("english")
    return stemmer


_STEMS: dict[str, str] = {}


def stem(word: str) -> str:
    """The snowball stem of a word (lower-cased, possessive ’s dropped), cached."""
    got = _STEMS.get(word)
    if got is not None:
        return got
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    elif w.endswith("'"):
        w = w[:-1]
    s = _stemmer().stemWord(w)
    if len(_STEMS) < 200_000:
        _STEMS[word] = s
    return s


def stems_of(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """The stems of the words of ``text[start:end]``, in order."""
    if end is None:
        end = len(text)
    return [stem(m.group()) for m in _TOKEN.finditer(text, start, end)]


@dataclass(frozen=True)
class Cue:
    text: str  # as written in the taxonomy, shown to the user
    stems: tuple[str, ...]
    weight: float


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str
    cues: tuple[Cue, ...]
    anchors: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    """Topics plus the smoothing settings; ``hash`` identifies the content (for cache keys)."""

    topics: tuple[Topic, ...]
    source: str = "<default>"
    general_score: float = 1.5
    switch_cost: float = 4.0
    paragraph_switch_cost: float = 2.0
    anchor_factor: float = 0.25
    article_weight: float = 0.0
    short_paragraph_words: float = 6.0
    general_label: str = "General"
    hash: str = ""
    _index: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def label(self, topic_id: str) -> str:
        if topic_id == GENERAL:
            return self.general_label
        for t in self.topics:
            if t.id == topic_id:
                return t.label
        return topic_id

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.topics) + (GENERAL,)

    def topic(self, topic_id: str) -> Topic | None:
        for t in self.topics:
            if t.id == topic_id:
                return t
        return None


# --- loading ---------------------------------------------------------------------------------------


def load_taxonomy(path: str | PathLike[str] | None = None) -> Taxonomy:
    """``path`` if given, else the user's ``topics.toml`` in the config dir when present, else the default."""
    p = taxonomy_file(path)
    shown = str(path) if path is not None else str(p)
    if p.is_dir():
        raise BriefingError(f"{shown}: is a directory, not a taxonomy file")
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise BriefingError(f"{shown}: no such taxonomy file") from None
    except OSError as err:
        raise BriefingError(f"{shown}: cannot read ({err.strerror or err})") from None
    return _parse_cached(raw, shown)


@lru_cache(maxsize=16)
def _parse_cached(raw: bytes, shown: str) -> Taxonomy:
    """Parsing and stemming the cues is the cost; keyed by the file's bytes, an edit is never missed."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BriefingError(f"{shown}: not UTF-8 text") from None
    return taxonomy_from_toml(text, shown)


def taxonomy_from_toml(text: str, source: str = "<taxonomy>") -> Taxonomy:
    """Parse and check a taxonomy; every problem is a ``BriefingError`` naming ``source``."""
    data = toml_text.parse(text, source)
    try:
        return taxonomy_from_dict(data, source)
    except _Problem as problem:
        if problem.topic is not None:
            line = toml_text.locate(text, "topic", problem.keys, nth=problem.topic)
        else:
            line = toml_text.locate(text, problem.table, problem.keys)
        if line is None:
            raise
        raise BriefingError(f"{source}: line {line}: {problem.msg}") from None


class _Problem(BriefingError):
    """A taxonomy error with where it is (table, topic number, keys), so the TOML line can be found."""

    def __init__(self, source: str, msg: str, table: str | None = None, topic: int | None = None,
                 keys: tuple[str, ...] = ()) -> None:
        super().__init__(f"{source}: {msg}")
        self.msg = msg
        self.table = table
        self.topic = topic
        self.keys = keys


def _err(source: str, msg: str, table: str | None = None, topic: int | None = None, *keys: str) -> _Problem:
    return _Problem(source, msg, table, topic, keys)


def _number(value, source: str, where: str, table: str | None = None, topic: int | None = None,
            *keys: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _err(source, f"{where} must be a number, not {type(value).__name__}", table, topic, *keys)
    return float(value)


def taxonomy_from_dict(data: dict, source: str = "<taxonomy>") -> Taxonomy:
    settings = dict(_SETTINGS_DEFAULTS)
    general_label = "General"
    raw_settings = data.get("settings", {})
    if not isinstance(raw_settings, dict):
        raise _err(source, "[settings] must be a table", "settings")
    for key, value in raw_settings.items():
        if key == "general_label":
            if not isinstance(value, str) or not value.strip():
                raise _err(source, "settings.general_label must be a non-empty string", "settings", None, key)
            general_label = value.strip()
        elif key in settings:
            v = _number(value, source, f"settings.{key}", "settings", None, key)
            if v < 0:
                raise _err(source, f"settings.{key} must not be negative", "settings", None, key)
            settings[key] = v
        else:
            raise _err(source, f"unknown setting {key!r} (known: {', '.join([*settings, 'general_label'])})",
                       "settings", None, key)
    unknown = set(data) - {"settings", "topic"}
    if unknown:
        first = sorted(unknown)[0]
        raise _err(source, f"unknown table {first!r} (expected [settings] and [[topic]])", first)
    raw_topics = data.get("topic")
    if raw_topics is None:
        raise _err(source, "no topics (add [[topic]] tables)")
    if not isinstance(raw_topics, list) or not all(isinstance(t, dict) for t in raw_topics):
        raise _err(source, "`topic` must be an array of tables ([[topic]])", "topic")
    if not raw_topics:
        raise _err(source, "no topics (add [[topic]] tables)")
    topics = []
    seen: set[str] = set()
    for n, t in enumerate(raw_topics, 1):
        where = f"topic #{n}"
        tid = t.get("id")
        if not isinstance(tid, str) or not _ID.match(tid):
            raise _err(source, f"{where}: `id` must be a lower-case slug like \"peace-talks\"", None, n, "id")
        where = f"topic {tid!r}"
        if tid == GENERAL:
            raise _err(source, f"{where}: the id 'general' is reserved for text no topic claims", None, n, "id")
        if tid in seen:
            raise _err(source, f"{where}: duplicate id", None, n, "id")
        seen.add(tid)
        label = t.get("label", tid)
        if not isinstance(label, str) or not label.strip():
            raise _err(source, f"{where}: `label` must be a non-empty string", None, n, "label")
        description = t.get("description", "")
        if not isinstance(description, str):
            raise _err(source, f"{where}: `description` must be a string", None, n, "description")
        extra = set(t) - {"id", "label", "description", "cues", "anchors"}
        if extra:
            raise _err(source, f"{where}: unknown key {sorted(extra)[0]!r}", None, n, sorted(extra)[0])
        raw_cues = t.get("cues")
        if raw_cues is None or (isinstance(raw_cues, dict) and not raw_cues):
            raise _err(source, f"{where}: has no cues (add a [topic.cues] table of \"term\" = weight)", None, n, "cues")
        if not isinstance(raw_cues, dict):
            raise _err(source, f"{where}: `cues` must be a table of \"term\" = weight", None, n, "cues")
        cues: list[Cue] = []
        by_stems: dict[tuple[str, ...], int] = {}
        for term, weight in raw_cues.items():
            w = _number(weight, source, f"{where}: cue {term!r}", None, n, term, "cues")
            stems = tuple(stems_of(term))
            if not stems:
                raise _err(source, f"{where}: cue {term!r} has no words", None, n, term, "cues")
            if w <= 0:
                raise _err(source, f"{where}: cue {term!r} must have a positive weight", None, n, term, "cues")
            if stems in by_stems:  # "negotiator" and "negotiators": one cue, the larger weight
                k = by_stems[stems]
                if w > cues[k].weight:
                    cues[k] = Cue(cues[k].text, stems, w)
                continue
            by_stems[stems] = len(cues)
            cues.append(Cue(term, stems, w))
        anchors_raw = t.get("anchors", [])
        if not isinstance(anchors_raw, list) or not all(isinstance(a, str) for a in anchors_raw):
            raise _err(source, f"{where}: `anchors` must be a list of strings", None, n, "anchors")
        anchors = tuple(tuple(stems_of(a)) for a in anchors_raw if stems_of(a))
        topics.append(Topic(tid, label.strip(), description.strip(), tuple(cues), anchors))
    canonical = {
        "settings": {**settings, "general_label": general_label},
        "topics": [
            {
                "id": t.id,
                "label": t.label,
                "description": t.description,
                "anchors": [list(a) for a in t.anchors],
                "cues": sorted([c.text, list(c.stems), c.weight] for c in t.cues),
            }
            for t in topics
        ],
    }
    digest = hashlib.sha256(json.dumps(canonical, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    index: dict[str, list[tuple[tuple[str, ...], int, Cue]]] = {}
    for ti, t in enumerate(topics):
        for c in t.cues:
            index.setdefault(c.stems[0], []).append((c.stems, ti, c))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return Taxonomy(
        topics=tuple(topics),
        source=source,
        general_label=general_label,
        hash=digest,
        _index=index,
        **settings,
    )


# --- scoring ---------------------------------------------------------------------------------------


def match_cues(stems: Sequence[str], taxonomy: Taxonomy) -> list[tuple[int, Cue]]:
    """(topic index, cue) for each cue occurrence, longest match first at each word, no overlaps."""
    index = taxonomy._index
    out: list[tuple[int, Cue]] = []
    i = 0
    n = len(stems)
    while i < n:
        entries = index.get(stems[i])
        if not entries:
            i += 1
            continue
        best = 0
        for cue_stems, ti, cue in entries:
            L = len(cue_stems)
            if best and L < best:
                break
            if L == 1 or tuple(stems[i:i + L]) == cue_stems:
                best = L
                out.append((ti, cue))
        i += best or 1
    return out


def score_sentences(
    text: str, sentences: Sequence[Sentence], taxonomy: Taxonomy
) -> tuple[list[list[float]], list[list[dict[str, float]]]]:
    """Per sentence, per topic: the score and the cues (text -> weight) that made it.

    A cue counts once per sentence. Topics whose anchors never occur in the text are damped.
    """
    k = len(taxonomy.topics)
    scores: list[list[float]] = []
    fired: list[list[dict[str, float]]] = []
    seen_stems: set[str] = set()
    for s in sentences:
        stems = stems_of(text, s.start, s.end)
        seen_stems.update(stems)
        row = [0.0] * k
        cues: list[dict[str, float]] = [{} for _ in range(k)]
        for ti, cue in match_cues(stems, taxonomy):
            if cue.text not in cues[ti]:
                cues[ti][cue.text] = cue.weight
                row[ti] += cue.weight
        scores.append(row)
        fired.append(cues)
    factor = taxonomy.anchor_factor
    damped = set()
    for ti, t in enumerate(taxonomy.topics):
        if t.anchors and not any(all(a in seen_stems for a in anchor) for anchor in t.anchors):
            damped.add(ti)
            for row in scores:
                row[ti] *= factor
    if taxonomy.article_weight and scores:
        # the article as a whole is weak evidence for each of its sentences: a topic's mean score per
        # sentence, so a sentence without cues in a long article about one topic leans that way (not
        # for a topic damped for want of its anchors: that article is about something else)
        # (averaged over at least ARTICLE_MIN_SENTENCES: one cue in a short text is no article-wide trend)
        n = max(len(scores), ARTICLE_MIN_SENTENCES)
        prior = [0.0 if ti in damped else taxonomy.article_weight * sum(row[ti] for row in scores) / n
                 for ti in range(k)]
        for row in scores:
            for ti in range(k):
                row[ti] += prior[ti]
    return scores, fired


def viterbi(
    scores: Sequence[Sequence[float]], paragraphs: Sequence[int], taxonomy: Taxonomy
) -> list[int]:
    """The best state per sentence; states are the topics' indexes plus ``len(topics)`` for general."""
    n = len(scores)
    if n == 0:
        return []
    k = len(taxonomy.topics)
    g = k
    states = k + 1
    general = taxonomy.general_score

    def emit(i: int, st: int) -> float:
        return general if st == g else scores[i][st]

    best = [emit(0, st) for st in range(states)]
    back: list[list[int]] = []
    for i in range(1, n):
        cost = taxonomy.paragraph_switch_cost if paragraphs[i] != paragraphs[i - 1] else taxonomy.switch_cost
        top = max(range(states), key=best.__getitem__)
        top_val = best[top] - cost
        ptr = []
        new = []
        for st in range(states):
            stay = best[st]
            if stay >= top_val:
                ptr.append(st)
                new.append(stay + emit(i, st))
            else:
                ptr.append(top)
                new.append(top_val + emit(i, st))
        back.append(ptr)
        best = new
    st = max(range(states), key=best.__getitem__)
    path = [st]
    for ptr in reversed(back):
        st = ptr[st]
        path.append(st)
    path.reverse()
    return path


def entity_evidence(
    text: str, sentences: Sequence[Sentence], entities: Sequence[Entity], taxonomy: Taxonomy,
    scores: list[list[float]], fired: list[list[dict[str, float]]],
) -> None:
    """People's roles as weak evidence: a person named with a role that is a topic's cue ("Defence
    Minister Jane Roe", or the entity's ``roles``) lends ``ROLE_FACTOR`` of that cue's weight to every
    sentence that names them again, where the role word is not repeated ("Roe said …")."""
    starts = [s.start for s in sentences]
    for e in entities:
        if e.type != "PERSON" or len(e.mentions) < 2:
            continue
        roles = " ".join(getattr(e, "roles", ()) or ())
        context = " ".join([roles] + [text[max(0, m.start - _ROLE_REACH) : m.start] for m in e.mentions])
        found = {(ti, cue) for ti, cue in match_cues(stems_of(context), taxonomy)}
        if not found:
            continue
        for m in e.mentions:
            k = bisect.bisect_right(starts, m.start) - 1
            if k < 0 or m.start >= sentences[k].end:
                continue
            for ti, cue in found:
                label = f"{cue.text} ({e.name})"
                if cue.text not in fired[k][ti] and label not in fired[k][ti]:
                    fired[k][ti][label] = cue.weight * ROLE_FACTOR
                    scores[k][ti] += cue.weight * ROLE_FACTOR


def _short_paragraphs_general(
    text: str, sentences: Sequence[Sentence], fired: list, path: list[int], general: int, limit: float
) -> None:
    """A paragraph of at most ``limit`` words with no cue of its own is `general`, whatever surrounds
    it: a dateline, a caption, a place and time, a turn of a press conference ("Q Okay, but —",
    "THE PRESIDENT: Allied Press, Jan.") says nothing about a topic (dev paragraphs 90.2% ->
    91.7% at 6 words; the held-back ones 86.5% -> 89.8%)."""
    by_para: dict[int, list[int]] = {}
    for i, s in enumerate(sentences):
        by_para.setdefault(s.paragraph, []).append(i)
    for idxs in by_para.values():
        words = sum(len(text[sentences[i].start : sentences[i].end].split()) for i in idxs)
        if words <= limit and not any(any(fired[i][t] for t in range(general)) for i in idxs):
            for i in idxs:
                path[i] = general


def assign_topics(
    text: str, sentences: Sequence[Sentence], taxonomy: Taxonomy, entities: Sequence[Entity] = ()
) -> tuple[list[Sentence], list[Section]]:
    """Sentences with their topic, and the contiguous sections with the cues that decided each
    (``entities``, when given, add their people's roles as weak evidence)."""
    if not sentences:
        return [], []
    scores, fired = score_sentences(text, sentences, taxonomy)
    if entities:
        entity_evidence(text, sentences, entities, taxonomy, scores, fired)
    path = viterbi(scores, [s.paragraph for s in sentences], taxonomy)
    k = len(taxonomy.topics)
    _short_paragraphs_general(text, sentences, fired, path, k, taxonomy.short_paragraph_words)
    ids = [t.id for t in taxonomy.topics] + [GENERAL]
    labelled = [s._replace(topic=ids[st]) for s, st in zip(sentences, path)]
    sections: list[Section] = []
    i = 0
    n = len(sentences)
    while i < n:
        j = i
        while j + 1 < n and path[j + 1] == path[i]:
            j += 1
        st = path[i]
        cues: tuple[str, ...] = ()
        if st != k:
            total: dict[str, float] = {}
            for r in range(i, j + 1):
                for cue, w in fired[r][st].items():
                    total[cue] = total.get(cue, 0.0) + w
            cues = tuple(c for c, _ in sorted(total.items(), key=lambda cw: (-cw[1], cw[0]))[:MAX_CUES_SHOWN])
        sections.append(
            Section(ids[st], taxonomy.label(ids[st]), sentences[i].start, sentences[j].end, cues)
        )
        i = j + 1
    return labelled, sections
