"""The quotation stage's word lists, read from ``briefing_tui/data/quote_words.toml`` (data, not code), and
the patterns built from them."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from .marks import MASK

_DATA = Path(__file__).resolve().parents[2] / "data" / "quote_words.toml"


def _load() -> dict:
    with open(_DATA, "rb") as f:
        return tomllib.load(f)


_RAW = _load()


def _set(section: str, key: str) -> frozenset[str]:
    value = _RAW[section][key]
    return frozenset(value.split() if isinstance(value, str) else value)


# --- cues ------------------------------------------------------------------------------------------
CUES = _set("cues", "verbs")
CUE_PHRASES = tuple(_RAW["cues"]["phrases"])
INVERTIBLE = _set("cues", "invertible")
NOUN_MARKERS = _set("cues", "noun_markers")
SKIP_BEFORE_CUE = _set("cues", "skip_before_cue")
PARTICIPLE_SUFFIX = "ing"
NOUN_LIKE_CUES = _set("cues", "noun_like")
RIGHT_SUBJECT_PHRASES = frozenset(p.lower() for p in _RAW["cues"]["right_subject"])


def _phrase_re(phrase: str) -> str:
    words = phrase.split()
    first = words[0]
    head = f"[{first[0].upper()}{first[0].lower()}]{re.escape(first[1:])}" if first[:1].isalpha() else re.escape(first)
    return r"\s+".join([head] + [re.escape(w) for w in words[1:]])


CUE_RE = re.compile(
    r"\b(?:" + "|".join(_phrase_re(p) for p in sorted(CUE_PHRASES, key=len, reverse=True)) + "|"
    + "|".join(sorted(CUES, key=len, reverse=True)) + r")\b"
)
TERM_BEFORE = re.compile(
    r"(?:" + "|".join(r"\b" + re.escape(t).replace(r"\ ", r"\s+") for t in
                      sorted(_RAW["cues"]["term_markers"], key=len, reverse=True))
    + r")[\s,:" + MASK + r"]*$",
    re.IGNORECASE,
)

# --- grammar ---------------------------------------------------------------------------------------
PRONOUNS: dict[str, str] = {}
for _kind, _key in (("m", "pronouns_male"), ("f", "pronouns_female"), ("p", "pronouns_plural"),
                    ("n", "pronouns_neuter"), ("1", "pronouns_first"), ("2", "pronouns_second")):
    for _w in _RAW["grammar"][_key].split():
        PRONOUNS.setdefault(_w, _kind)
DETERMINERS = _set("grammar", "determiners")
CLAUSE_WORDS = _set("grammar", "clause_words")
PREPOSITIONS = _set("grammar", "prepositions")
SENTENCE_ADVERBS = _set("grammar", "sentence_adverbs")
ARTICLES = ("the", "a", "an")
NOT_A_SPEAKER = frozenset(PRONOUNS) | _set("grammar", "not_a_speaker")
NOT_NAMES = (DETERMINERS | CLAUSE_WORDS | PREPOSITIONS | SENTENCE_ADVERBS | frozenset(PRONOUNS)
             | _set("grammar", "not_names"))

# --- roles -----------------------------------------------------------------------------------------
TITLES = _set("roles", "titles")
PERSON_NOUNS = TITLES | _set("roles", "person_nouns")
ROLE_NOUNS = _set("roles", "role_nouns")
PERSON_NOUNS = PERSON_NOUNS | ROLE_NOUNS
WRITINGS = _set("roles", "writings")
FEMALE_TITLES = _set("roles", "female")
MALE_TITLES = _set("roles", "male")
GENDERED_TITLE_RE = re.compile(
    r"\b(" + "|".join(sorted(FEMALE_TITLES | MALE_TITLES, key=len, reverse=True)) + r")\.?\s+$", re.IGNORECASE
)
