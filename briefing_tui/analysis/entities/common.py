"""The entity stage's shared pieces: the working mention record, the article context with its word
indexes, and small text predicates (sentence starts, common English words from the model's lexicon)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .. import gazetteer as gz
from ...prose.sentences import starts_sentence
from ..nlp import stop_words, word_index

TYPES = frozenset(("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"))
TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
_MAX_CHUNK = 20_000  # characters per piece handed to the model
_WS = re.compile(r"\s")
# Runs of more than 100 characters without a space are no prose (rules, URLs, junk) and make spaCy's
# tokenizer quadratic (20,000 "(" took 40 s): the model sees spaces there, offsets unchanged.
_LONG_RUN = re.compile(r"\S{101,}")
def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group())
_CAP_WORD = re.compile(r"(?<![\w'’.])[^\W\d_a-z][^\W\d_]*")  # a capitalised word start
_POSSESSIVE_TOKENS = frozenset(("'s", "’s", "'", "’", "'S", "’S"))
_ARTICLES = frozenset(("the", "The", "THE"))
_ACRONYM_AFTER = re.compile(r"\s*\(([A-Z][A-Za-z0-9&.]{1,9})\)")
_DEPT_BEFORE = re.compile(
    r"(?:Secretary|Secretariat|Minister|Ministry|Department|Dept\.?|Office|Chief|Undersecretary)"
    r"(?:[ -]General)?\s+(?:of\s+)?(?:the\s+)?$"
)
_LOWER_WORD = re.compile(r"(?<![\w'’.-])[a-z][a-z]+(?![\w'’-])")
_PREFIXES = frozenset(("pro", "anti", "non", "ex", "post", "pre", "neo", "pan"))
# "pro-Beijing", "anti-NATO": a stance, no mention of the place or body it names.
_STANCE_PREFIX = re.compile(r"(?i)(?<![\w-])(?:pro|anti)[-–]$")
_PARTICLES = frozenset(  # lowercase words that may start a name ("de Gaulle", "van Hoorn")
    ("de", "da", "di", "del", "della", "van", "von", "der", "den", "la", "le", "du", "al", "el", "bin", "ibn",
     "ben", "dos", "das", "ter", "ten", "zu")
)
_DETERMINERS = frozenset(("the", "a", "an", "its", "his", "her", "their", "our"))
_INITIAL_SKIP = frozenset(("of", "and", "the", "for", "on", "in", "at", "to", "&", "de", "du", "des", "la", "le"))


@dataclass
class _Mention:
    start: int
    end: int
    label: str  # NER label (or the gazetteer's kind for gazetteer finds)
    source: str  # "ner", "gaz" or "alias"
    ntok: int = 1
    place: gz.Place | None = None
    person_evidence: int = 0  # a title before it, a role noun in apposition after it
    org_evidence: int = 0  # "the port operator X", "X, the carmaker"
    body_evidence: int = 0  # "members of X", "X officials", "the X organization": X has people of its own
    surname_of: int | None = None  # index of the full-name mention this surname refers to
    dead: bool = False  # superseded by a longer known name that contains it
    title_only: bool = False  # the span is just a title: no name unless it is someone's surname ("King")
    role: tuple[int, int] | None = None  # span of the title or role written with it ("Home Secretary")


def _norm(s: str) -> str:
    return gz.fold(" ".join(s.replace(".", "").replace("’", "").replace("'", "").split())).casefold()


def _ws(s: str) -> str:
    return " ".join(s.split())


def _title_phrase_before(text: str, words: list[str], start: int, gaz: gz.Gazetteer) -> tuple[int, int] | None:
    """A title phrase begun before ``start`` and finished by the first of ``words`` ("Secretary of"
    + "[State] Ilse Varga"): (how many of ``words`` it takes, where the phrase starts), or None."""
    candidates = gaz.title_phrase_tails.get(words[0]) if words else None
    if not candidates or start < 1 or text[start - 1] != " ":
        return None
    before = text[max(0, start - 60) : start]
    for phrase, i in candidates:
        k = len(phrase) - i  # the words of the phrase inside the span
        if k >= len(words) or tuple(words[:k]) != phrase[i:]:
            continue
        head = " ".join(phrase[:i]) + " "
        if before.endswith(head) and (len(before) == len(head) or not before[-len(head) - 1].isalnum()):
            return k, start - len(head)
    return None


def _sentence_initial(text: str, pos: int, para_start: int) -> bool:
    """Is ``pos`` the first word of a sentence (or of the paragraph)? The splitter's own rule
    (``prose/sentences.starts_sentence``): one notion of a sentence boundary for every stage."""
    return starts_sentence(text, pos, para_start)


def _verb_form(word: str, verbs: frozenset[str]) -> bool:
    """An inflected verb form ("speaking", "allied", "asked") of a known verb."""
    stems: list[str] = []
    if word.endswith("ing") and len(word) > 5:
        base = word[:-3]
        stems += [base, base + "e"]
        if len(base) > 2 and base[-1] == base[-2]:
            stems.append(base[:-1])
    elif word.endswith("ied") and len(word) > 4:
        stems.append(word[:-3] + "y")
    elif word.endswith("ed") and len(word) > 4:
        base = word[:-2]
        stems += [base, word[:-1]]
        if len(base) > 2 and base[-1] == base[-2]:
            stems.append(base[:-1])
    return any(s in verbs for s in stems)


class _Lexicon:
    """Common-English-word tests over the model's word lists."""

    def __init__(self) -> None:
        idx = word_index()
        self.adj = idx.get("adj", frozenset())
        self.adv = idx.get("adv", frozenset())
        self.noun = idx.get("noun", frozenset())
        self.verb = idx.get("verb", frozenset())
        self.stop = stop_words()

    def function_or_verb(self, word: str) -> bool:
        """Sentence-initial words of this kind are capitalised only because they start a sentence."""
        w = word.lower()
        return w in self.stop or w in self.adv or (w in self.adj and w not in self.noun) or _verb_form(w, self.verb)

    def any_word(self, w: str) -> bool:
        """A common English word in any part of speech (``w`` lowercase)."""
        if w in self.stop or w in self.adv or w in self.adj or w in self.noun or w in self.verb:
            return True
        if w.endswith("ies") and w[:-3] + "y" in self.noun:
            return True
        if w.endswith("s") and (w[:-1] in self.noun or w[:-1] in self.verb):
            return True
        return _verb_form(w, self.verb)

    def shouted_word(self, w: str) -> bool:
        """A common word other than a noun (all-caps nouns are often acronyms: "NHS")."""
        if self.function_or_verb(w):
            return True
        return w.endswith("s") and w[:-1] in self.verb

    def lone_adjective(self, word: str) -> bool:
        w = word.lower()
        return w in self.adj and w not in self.noun and w not in self.verb


@dataclass(frozen=True)
class _Tok:
    start: int
    end: int
    text: str
    space_before: bool


class _Context:
    """The article text with its paragraphs and lazily built word indexes."""

    def __init__(self, text: str, paragraphs: list[tuple[int, int]]) -> None:
        self.text = text
        self.paragraphs = paragraphs
        self._para_starts = [s for s, _ in paragraphs]
        self._lower_words: set[str] | None = None
        self._caps: dict[str, list[int]] | None = None

    def para_start(self, pos: int) -> int:
        i = bisect.bisect_right(self._para_starts, pos) - 1
        return self._para_starts[i] if i >= 0 else 0

    def para_end(self, pos: int) -> int:
        i = bisect.bisect_right(self._para_starts, pos) - 1
        return self.paragraphs[i][1] if i >= 0 else len(self.text)

    def sentence_initial(self, pos: int) -> bool:
        return _sentence_initial(self.text, pos, self.para_start(pos))

    def lower_words(self) -> set[str]:
        """Every lowercase word of the body."""
        if self._lower_words is None:
            words: set[str] = set()
            for s, e in self.paragraphs:
                words.update(_LOWER_WORD.findall(self.text, s, e))
            self._lower_words = words
        return self._lower_words

    def capitalised_mid_sentence(self, word: str) -> bool:
        """Whether ``word`` also occurs capitalised inside a sentence (so it is a name there)."""
        if self._caps is None:
            caps: dict[str, list[int]] = {}
            for s, e in self.paragraphs:
                for hit in _CAP_WORD.finditer(self.text, s, e):
                    caps.setdefault(hit.group(0), []).append(hit.start())
            self._caps = caps
        return any(not self.sentence_initial(p) for p in self._caps.get(word, ()))
