"""Library entities: each article's entities linked to one entity per real-world person, organisation,
place or group across the library.

An article's entity joins a library entity of the same type that has its canonical name, or one of its
longer aliases (several words, or any alias for non-persons): "Washington" the city and "Washington" a
person stay apart because the type differs. A person named by a surname alone joins the full name only
while exactly one library person with a full name has that surname (and no ``split`` correction keeps
them apart); otherwise it is an entity of its own. That choice is made again whenever full names with
the surname come or go, so the result does not depend on the order articles were imported.

Links are written by ``link_article`` inside the transaction that indexes the article (import,
re-import, re-analysis) and dropped by ``unlink_article`` (deletion), so they never disagree with the
articles. A library from before this schema, or articles analysed before, are linked on first use
(``ensure_linked``) from their cached analyses. Mentions (with their sentence's span, for the
keyword-in-context list) and the quotes each entity said are stored per link, so a dossier needs no
analysis to be decoded.
"""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..analysis.corrections import Rule, name_key
from ..errors import BriefingError
from ..model import Analysis
from .dates import article_date

_key_cache: dict[str, str] = {}


def _key(name: str) -> str:
    found = _key_cache.get(name)
    if found is None:
        if len(_key_cache) > 50000:
            _key_cache.clear()
        found = _key_cache[name] = name_key(name)
    return found

if TYPE_CHECKING:
    from .api import Library

_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md"}



class LibraryEntity(NamedTuple):
    id: int
    name: str
    type: str
    articles: int
    mentions: int


def surname_of(key: str) -> str:
    words = [w.strip(".,") for w in key.split()]
    words = [w for w in words if w and w not in _SUFFIXES]
    return words[-1] if words else key


def _matchable(key: str, etype: str) -> bool:
    return etype != "PERSON" or len(key.split()) > 1


def blocked_pairs(rules: Iterable[Rule]) -> frozenset[tuple[str, str]]:
    """(surname, full name key) pairs a ``split`` correction keeps apart."""
    out = set()
    for r in rules:
        if r.kind == "split":
            alias = name_key(str(r.args.get("value", "")))
            for n in r.args.get("names", ()):
                out.add((alias, name_key(n)))
    return frozenset(out)


# ---------------------------------------------------------------------------- writing links
def unlink_article(conn: sqlite3.Connection, article_id: int) -> tuple[set[int], set[str]]:
    """Drop an article's links; returns the library entities and surnames they touched."""
    rows = conn.execute(
        "SELECT l.id, l.entity_id, e.surname, e.multi, e.type, l.mentions FROM entity_links l "
        "JOIN lib_entities e ON e.id = l.entity_id WHERE l.article_id = ?",
        (article_id,),
    ).fetchall()
    if not rows:
        return set(), set()
    ids = [r[0] for r in rows]
    marks = ",".join("?" * len(ids))
    conn.executemany(
        "UPDATE lib_entities SET articles = articles - 1, mentions = mentions - ? WHERE id = ?",
        [(r[5], r[1]) for r in rows],
    )
    for table in ("link_names", "link_mentions", "link_quotes"):
        conn.execute(f"DELETE FROM {table} WHERE link_id IN ({marks})", ids)
    conn.execute("DELETE FROM entity_links WHERE article_id = ?", (article_id,))
    touched = {r[1] for r in rows}
    surnames = {r[2] for r in rows if r[4] == "PERSON" and r[2]}
    return touched, surnames


def _entity_by_key(conn: sqlite3.Connection, key: str, etype: str, multi: int) -> int | None:
    r = conn.execute(
        "SELECT id FROM lib_entities WHERE key = ? AND type = ? AND multi = ? ORDER BY id LIMIT 1",
        (key, etype, multi),
    ).fetchone()
    return r[0] if r else None


def _create(conn: sqlite3.Connection, name: str, key: str, etype: str) -> int:
    multi = 1 if len(key.split()) > 1 else 0
    surname = surname_of(key) if etype == "PERSON" else None
    cur = conn.execute(
        "INSERT INTO lib_entities (name, type, key, surname, multi) VALUES (?, ?, ?, ?, ?)",
        (name, etype, key, surname, multi),
    )
    return int(cur.lastrowid)


def _find(conn: sqlite3.Connection, key: str, etype: str, aliases: Iterable[str]) -> int | None:
    found = _entity_by_key(conn, key, etype, 1 if len(key.split()) > 1 else 0)
    if found is not None:
        return found
    for alias in [key, *aliases]:
        if not _matchable(alias, etype):
            continue
        r = conn.execute(
            "SELECT l.entity_id FROM link_names n JOIN entity_links l ON l.id = n.link_id "
            "WHERE n.key = ? AND n.matchable = 1 AND l.type = ? AND l.surname IS NULL ORDER BY l.entity_id LIMIT 1",
            (alias, etype),
        ).fetchone()
        if r:
            return r[0]
    return None


def _surname_target(conn: sqlite3.Connection, surname: str, blocked: frozenset[tuple[str, str]]) -> int:
    """The library person a surname alone stands for: the one full name with it, else its own entity."""
    full = [
        (r[0], r[1])
        for r in conn.execute(
            "SELECT e.id, e.key FROM lib_entities e WHERE e.surname = ? AND e.multi = 1 AND e.type = 'PERSON' "
            "AND EXISTS (SELECT 1 FROM entity_links l WHERE l.entity_id = e.id AND l.surname IS NULL)",
            (surname,),
        )
    ]
    full = [(i, k) for i, k in full if (surname, k) not in blocked]
    if len(full) == 1:
        return full[0][0]
    own = _entity_by_key(conn, surname, "PERSON", 0)
    if own is None:
        r = conn.execute(
            "SELECT name FROM entity_links WHERE surname = ? ORDER BY id LIMIT 1", (surname,)
        ).fetchone()
        own = _create(conn, r[0] if r else surname.title(), surname, "PERSON")
    return own


def _resolve_surnames(
    conn: sqlite3.Connection, surnames: Iterable[str], blocked: frozenset[tuple[str, str]], touched: set[int]
) -> None:
    for s in surnames:
        if not conn.execute("SELECT 1 FROM entity_links WHERE surname = ? LIMIT 1", (s,)).fetchone():
            continue
        target = _surname_target(conn, s, blocked)
        moved = conn.execute(
            "SELECT entity_id, count(*), sum(mentions) FROM entity_links WHERE surname = ? AND entity_id != ? "
            "GROUP BY entity_id",
            (s, target),
        ).fetchall()
        if not moved:
            continue
        touched.update(r[0] for r in moved)
        conn.executemany(
            "UPDATE lib_entities SET articles = articles - ?, mentions = mentions - ? WHERE id = ?",
            [(r[1], r[2], r[0]) for r in moved],
        )
        conn.execute(
            "UPDATE lib_entities SET articles = articles + ?, mentions = mentions + ? WHERE id = ?",
            (sum(r[1] for r in moved), sum(r[2] for r in moved), target),
        )
        conn.execute("UPDATE entity_links SET entity_id = ? WHERE surname = ? AND entity_id != ?", (target, s, target))


def _collect(conn: sqlite3.Connection, ids: Iterable[int]) -> None:
    """Forget library entities no article links to any more."""
    ids = list(ids)
    if not ids:
        return
    marks = ",".join("?" * len(ids))
    gone = [
        r[0]
        for r in conn.execute(
            f"SELECT e.id FROM lib_entities e WHERE e.id IN ({marks}) "
            "AND NOT EXISTS (SELECT 1 FROM entity_links l WHERE l.entity_id = e.id)",
            ids,
        )
    ]
    if gone:
        conn.execute(f"DELETE FROM lib_entities WHERE id IN ({','.join('?' * len(gone))})", gone)


def _article_date(conn: sqlite3.Connection, article_id: int, key: str) -> str | None:
    """Write the article's card (date, title, the key it is linked with); its sortable date."""
    r = conn.execute("SELECT metadata, imported, title FROM articles WHERE id = ?", (article_id,)).fetchone()
    if r is None:
        return None
    try:
        meta = json.loads(r[0] or "{}")
    except ValueError:
        meta = {}
    date, is_import = article_date(meta if isinstance(meta, dict) else {}, r[1])
    conn.execute(
        "INSERT OR REPLACE INTO article_cards (article_id, sort_date, is_import, title, linked_key) "
        "VALUES (?, ?, ?, ?, ?)",
        (article_id, date, int(is_import), r[2], key),
    )
    return date


def link_article(
    conn: sqlite3.Connection, article_id: int, analysis: Analysis, key: str, blocked: frozenset[tuple[str, str]]
) -> None:
    """(Re)link one article's entities (``analysis``: corrections already applied). Inside a write."""
    touched, surnames = unlink_article(conn, article_id)
    date = _article_date(conn, article_id, key)
    starts = [s.start for s in analysis.sentences]
    sents = analysis.sentences
    said: dict[str, list[tuple[int, Any]]] = {}
    for i, q in enumerate(analysis.quotes):
        if q.speaker_entity:
            said.setdefault(q.speaker_entity, []).append((i, q))
    name_rows: list[tuple] = []
    mention_rows: list[tuple] = []
    quote_rows: list[tuple] = []
    for e in analysis.entities:
        k = _key(e.name)
        if not k or not (e.mentions or e.id in said):
            continue
        alias_keys: dict[str, str] = {k: e.name}
        for m in e.mentions:
            alias_keys.setdefault(_key(m.text), m.text)
        alias_keys.pop("", None)
        single_person = e.type == "PERSON" and " " not in k
        if single_person:
            surname: str | None = k
            entity_id = _surname_target(conn, k, blocked)
        else:
            surname = None
            found = _find(conn, k, e.type, [a for a in alias_keys if a != k])
            entity_id = found if found is not None else _create(conn, e.name, k, e.type)
            if e.type == "PERSON" and found is None:  # a new full name: its surname may now be shared
                surnames.add(surname_of(k))
        touched.add(entity_id)
        cur = conn.execute(
            "INSERT INTO entity_links (article_id, entity_id, local_id, name, type, mentions, surname, sort_date, "
            "roles) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, entity_id, e.id, e.name, e.type, len(e.mentions), surname, date,
             "\n".join(e.roles) or None),
        )
        link = int(cur.lastrowid)
        conn.execute(
            "UPDATE lib_entities SET articles = articles + 1, mentions = mentions + ? WHERE id = ?",
            (len(e.mentions), entity_id),
        )
        name_rows += [(link, a, text, int(_matchable(a, e.type))) for a, text in alias_keys.items()]
        for m in e.mentions:
            i = bisect_right(starts, m.start) - 1
            if 0 <= i < len(sents) and m.start < sents[i].end:
                mention_rows.append((link, m.start, m.end, sents[i].start, sents[i].end))
            else:
                mention_rows.append((link, m.start, m.end, m.start, m.end))
        quote_rows += [(link, i, q.start, q.end, q.text, q.cue) for i, q in said.get(e.id, ())]
    conn.executemany("INSERT OR IGNORE INTO link_names (link_id, key, alias, matchable) VALUES (?, ?, ?, ?)", name_rows)
    conn.executemany(
        'INSERT OR IGNORE INTO link_mentions (link_id, start, "end", sent_start, sent_end) VALUES (?, ?, ?, ?, ?)',
        mention_rows,
    )
    conn.executemany(
        'INSERT OR IGNORE INTO link_quotes (link_id, idx, start, "end", text, cue) VALUES (?, ?, ?, ?, ?, ?)',
        quote_rows,
    )
    _resolve_surnames(conn, surnames, blocked, touched)
    _collect(conn, touched)



def delete_article(lib: Library, article_id: int) -> None:
    """Remove an article with its index rows, links and notes, in one transaction."""
    with lib.write("deleting an article") as conn:
        if not conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone():
            raise BriefingError(f"article {article_id}: no such article in {lib.path}")
        lib.unindex_article(conn, article_id)
        touched, surnames = unlink_article(conn, article_id)
        _resolve_surnames(conn, surnames, blocked_pairs(lib.corrections_rules()), touched)
        _collect(conn, touched)
        conn.execute("DELETE FROM notes WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM article_cards WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM article_versions WHERE article_id = ?", (article_id,))  # its earlier texts
        conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))


# ---------------------------------------------------------------------------- reading
def list_entities(lib: Library, etype: str | None = None) -> list[LibraryEntity]:
    """Every library entity with its article and mention counts, most-mentioned first."""
    sql = (
        "SELECT id, name, type, articles, mentions FROM lib_entities WHERE articles > 0 "
        + ("AND type = ? " if etype else "")
        + "ORDER BY mentions DESC, articles DESC, name"
    )
    with lib.read() as conn:
        rows = conn.execute(sql, (etype,) if etype else ()).fetchall()
    return [LibraryEntity(*r) for r in rows]


def find_entities(lib: Library, name: str, etype: str | None = None) -> list[LibraryEntity]:
    """The library entities that ``name`` names (canonical name or any alias, case-insensitively),
    most-mentioned first; ``etype``: only of that type."""
    key = name_key(name)
    if not key:
        return []
    with lib.read() as conn:
        ids = {r[0] for r in conn.execute("SELECT id FROM lib_entities WHERE key = ?", (key,))}
        ids.update(
            r[0]
            for r in conn.execute(
                "SELECT DISTINCT l.entity_id FROM link_names n JOIN entity_links l ON l.id = n.link_id WHERE n.key = ?",
                (key,),
            )
        )
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = conn.execute(
            "SELECT id, name, type, articles, mentions FROM lib_entities "
            f"WHERE id IN ({marks}) AND articles > 0 ORDER BY mentions DESC, id",
            sorted(ids),
        ).fetchall()
    return [LibraryEntity(*r) for r in rows if etype is None or r[2] == etype]


def entity(lib: Library, entity_id: int) -> LibraryEntity | None:
    with lib.read() as conn:
        r = conn.execute(
            "SELECT id, name, type, articles, mentions FROM lib_entities WHERE id = ?", (entity_id,)
        ).fetchone()
    return LibraryEntity(*r) if r else None


def aliases(lib: Library, entity_id: int, window: int | None = None) -> list[str]:
    """The names the entity goes by across the library (one spelling per name, most used first);
    ``window``: only in its newest that many articles."""
    links = (
        f"(SELECT id FROM entity_links WHERE entity_id = ?1 ORDER BY sort_date DESC LIMIT {int(window)})"
        if window else "(SELECT id FROM entity_links WHERE entity_id = ?1)"
    )
    with lib.read() as conn:
        rows = conn.execute(
            f"SELECT n.key, n.alias, count(*) FROM {links} l JOIN link_names n ON n.link_id = l.id "
            "GROUP BY n.key, n.alias ORDER BY 3 DESC",
            (entity_id,),
        ).fetchall()
    seen: dict[str, str] = {}
    for key, alias, _ in rows:
        seen.setdefault(key, alias)
    return list(seen.values())


def article_dates(lib: Library) -> dict[int, tuple[str | None, bool]]:
    """Each article's sortable date and whether it is only its import time."""
    with lib.read() as conn:
        return {r[0]: (r[1], bool(r[2])) for r in conn.execute("SELECT article_id, sort_date, is_import FROM article_cards")}


def entity_of_local(lib: Library, article_id: int, local_id: str) -> int | None:
    """The library entity an article's entity (its id in the analysis) is linked to."""
    with lib.read() as conn:
        r = conn.execute(
            "SELECT entity_id FROM entity_links WHERE article_id = ? AND local_id = ?", (article_id, local_id)
        ).fetchone()
    return r[0] if r else None


def search_aliases(lib: Library, name: str) -> list[str]:
    """Every alias of the library entities ``name`` names (for search's ``entity:`` filter)."""
    try:
        found = find_entities(lib, name)
    except BriefingError:
        return []
    out: list[str] = []
    for e in found[:4]:
        for a in [e.name, *aliases(lib, e.id)]:
            if a not in out:
                out.append(a)
    return out[:32]
