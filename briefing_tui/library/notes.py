"""Notes: create, edit, soft-delete and restore, and re-anchoring when an article's text changes.

A note is stored like a W3C web annotation: its character range plus a text-quote selector (the
exact text and ~32 characters before and after it) and the hash of the text the range refers to.
When the text changes, ``anchor`` finds the note again: the exact text (the occurrence whose
context fits best, nearest the old place), then the same words with different spacing, then a fuzzy
match (difflib, word-aligned, similarity >= ``FUZZY_THRESHOLD``, backed by the context for short
notes; a short quote found exactly also needs its context to agree, so a word that survives only
elsewhere is not taken for it — and then no fuzzy match is tried: with its own words still in the
text, a similar text is not the note's). Letter case counts in the fuzzy match of a short quote (under
``SHORT_NOTE`` characters): "T" is not "t"; a longer quote may differ in case. A note that cannot be
placed is kept with ``orphaned = True`` and its old range and text hash (which refer to the old
text) — never dropped, never moved onto other text.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Sequence
from difflib import SequenceMatcher

from ..errors import BriefingError
from ..model import Note, text_sha256
from ..safe_text import storable
from .store import Store, now_iso

CONTEXT = 32
FUZZY_THRESHOLD = 0.75
SHORT_NOTE = 24  # below this many characters a fuzzy match also needs its context to agree
_WORD = re.compile(r"\w+", re.UNICODE)

_COLUMNS = 'id, article_id, start, "end", exact, prefix, suffix, body, tags, created, updated, orphaned, deleted, text_sha256'


# ---------------------------------------------------------------------------- anchoring (pure)
def selector(text: str, start: int, end: int, context: int = CONTEXT) -> tuple[str, str, str]:
    """(exact, prefix, suffix) of ``text[start:end]``."""
    return text[start:end], text[max(0, start - context) : start], text[end : end + context]


def _common_suffix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def _context_fit(text: str, start: int, end: int, prefix: str, suffix: str) -> float:
    """How well the text around [start, end) agrees with the stored context (0..1), each side weighed
    by its length (a note at the end of a paragraph has a one-character suffix: it must not count as
    much as 32 characters of prefix)."""
    total = weight = 0.0
    if prefix:
        before = text[max(0, start - len(prefix)) : start]
        total += len(prefix) * SequenceMatcher(None, prefix, before, autojunk=False).ratio()
        weight += len(prefix)
    if suffix:
        after = text[end : end + len(suffix)]
        total += len(suffix) * SequenceMatcher(None, suffix, after, autojunk=False).ratio()
        weight += len(suffix)
    return total / weight if weight else 0.0


def _best_of(text: str, spans: list[tuple[int, int]], prefix: str, suffix: str, hint: int) -> tuple[int, int]:
    def score(span: tuple[int, int]) -> tuple[int, int]:
        s, e = span
        fit = _common_suffix(prefix, text[max(0, s - len(prefix)) : s]) + _common_prefix(suffix, text[e : e + len(suffix)])
        return (-fit, abs(s - hint))

    return min(spans, key=score)


def _exact_spans(text: str, exact: str, limit: int = 10000) -> list[tuple[int, int]]:
    spans = []
    i = text.find(exact)
    while i >= 0 and len(spans) < limit:
        spans.append((i, i + len(exact)))
        i = text.find(exact, i + 1)
    return spans


def _spacing_spans(text: str, exact: str, limit: int = 10000) -> list[tuple[int, int]]:
    words = exact.split()
    if not words:
        return []
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
    spans = []
    for m in pattern.finditer(text):
        spans.append((m.start(), m.end()))
        if len(spans) >= limit:
            break
    return spans


def _snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words."""
    while start > 0 and text[start - 1].isalnum() and start < len(text) and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _fuzzy_candidates(text: str, exact: str, prefix: str, suffix: str) -> list[tuple[int, int]]:
    cands: list[tuple[int, int]] = []
    # 1. between the old context, when both ends of it survived
    if len(prefix) >= 8 and len(suffix) >= 8:
        for ps, pe in _exact_spans(text, prefix, 50):
            ss = text.find(suffix, pe)
            if 0 <= ss - pe <= 2 * len(exact) + 40:
                cands.append((pe, ss))
    # 2. the region where the note's words line up best with the new text
    twords = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    ewords = [m.group().lower() for m in _WORD.finditer(exact)]
    if not twords or not ewords:
        return cands
    sm = SequenceMatcher(None, [w for w, _, _ in twords], ewords, autojunk=False)
    blocks = [b for b in sm.get_matching_blocks() if b.size]
    if not blocks:
        return cands
    longest = max(blocks, key=lambda b: b.size)
    reach = 2 * len(ewords) + 4
    near = [b for b in blocks if abs(b.a - longest.a) <= reach]
    first = min(near, key=lambda b: b.a)
    last = max(near, key=lambda b: b.a + b.size)
    cands.append((twords[first.a][1], twords[last.a + last.size - 1][2]))
    if longest is not first or longest is not last:
        cands.append((twords[longest.a][1], twords[longest.a + longest.size - 1][2]))
    return cands


def anchor(text: str, exact: str, prefix: str, suffix: str, hint: int = 0) -> tuple[int, int] | None:
    """Where the note with this selector belongs in ``text``, or None when it cannot be placed."""
    if not exact:
        return None
    for spans in (_exact_spans(text, exact), _spacing_spans(text, exact)):
        if spans:
            s, e = _best_of(text, spans, prefix, suffix, hint)
            # a short quote (a word or two) also needs its surroundings: the same word elsewhere is other text
            if len(exact) >= SHORT_NOTE or not (prefix or suffix) or _context_fit(text, s, e, prefix, suffix) >= 0.5:
                return s, e
            # its very words are still there, but not in its context: which copy is the note's cannot be
            # told, and a merely similar text is no better — orphaned, not guessed
            return None
    if len(exact) > 50000:
        return None  # too big to compare fuzzily
    best: tuple[float, int, int] | None = None
    for s, e in _fuzzy_candidates(text, exact, prefix, suffix):
        s, e = _snap(text, s, e)
        if e <= s:
            continue
        candidate = text[s:e]
        ratio = SequenceMatcher(None, exact, candidate, autojunk=False).ratio()
        if ratio < FUZZY_THRESHOLD and len(exact) >= SHORT_NOTE:
            # a changed capital in a long quote is still the quote; in a word or two ("T" and "t",
            # "May" and "may") it is other text, so short quotes are compared case-sensitively
            ratio = max(ratio, SequenceMatcher(None, exact.lower(), candidate.lower(), autojunk=False).ratio() - 0.05)
        if ratio < FUZZY_THRESHOLD:
            continue
        if len(exact) < SHORT_NOTE and _context_fit(text, s, e, prefix, suffix) < 0.5:
            continue
        if best is None or ratio > best[0] or (ratio == best[0] and abs(s - hint) < abs(best[1] - hint)):
            best = (ratio, s, e)
    return (best[1], best[2]) if best else None


# ---------------------------------------------------------------------------- rows
def _note(row: Sequence) -> Note:
    return Note(
        id=row[0],
        article_id=row[1],
        start=row[2],
        end=row[3],
        exact=row[4],
        prefix=row[5],
        suffix=row[6],
        body=row[7],
        tags=tuple(json.loads(row[8] or "[]")),
        created=row[9],
        updated=row[10],
        orphaned=bool(row[11]),
        deleted=bool(row[12]),
        text_sha256=row[13],
    )


def _clean_tags(tags: Sequence[str]) -> list[str]:
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    for tag in tags:
        t = " ".join(storable(str(tag)).split())
        if t and t not in out:
            out.append(t)
    return out


def reanchor_article(
    conn: sqlite3.Connection, article_id: int, old_text: str, new_text: str, new_sha: str
) -> tuple[int, int]:
    """Re-place every note of an article after its text changed (inside the caller's transaction).

    Returns (notes placed, notes orphaned)."""
    placed = orphaned = 0
    rows = conn.execute(f"SELECT {_COLUMNS} FROM notes WHERE article_id = ?", (article_id,)).fetchall()
    for row in rows:
        note = _note(row)
        if note.start == 0 and note.end == len(old_text) and note.exact == old_text and not note.orphaned:
            where: tuple[int, int] | None = (0, len(new_text))  # a note on the whole article stays on it
        else:
            hint = round(note.start * len(new_text) / max(1, len(old_text)))
            where = anchor(new_text, note.exact, note.prefix, note.suffix, hint)
        if where is None:
            conn.execute("UPDATE notes SET orphaned = 1 WHERE id = ?", (note.id,))
            orphaned += 1
            continue
        exact, prefix, suffix = selector(new_text, *where)
        conn.execute(
            'UPDATE notes SET start = ?, "end" = ?, exact = ?, prefix = ?, suffix = ?, orphaned = 0, '
            "text_sha256 = ? WHERE id = ?",
            (where[0], where[1], exact, prefix, suffix, new_sha, note.id),
        )
        placed += 1
    return placed, orphaned


# ---------------------------------------------------------------------------- CRUD
def get_note(lib: Store, note_id: int) -> Note:
    with lib.read("reading notes") as conn:
        row = conn.execute(f"SELECT {_COLUMNS} FROM notes WHERE id = ?", (int(note_id),)).fetchone()
    if row is None:
        raise BriefingError(f"note {note_id}: no such note")
    return _note(row)


def list_notes(lib: Store, article_id: int | None = None, tag: str | None = None, deleted: bool = False) -> list[Note]:
    """Notes (deleted ones only when ``deleted``), by article and position."""
    sql = f"SELECT {_COLUMNS} FROM notes WHERE deleted = ?"
    args: list = [1 if deleted else 0]
    if article_id is not None:
        sql += " AND article_id = ?"
        args.append(int(article_id))
    if tag:
        sql += " AND EXISTS (SELECT 1 FROM json_each(notes.tags) WHERE json_each.value = ?)"
        args.append(" ".join(storable(tag).split()))
    sql += ' ORDER BY article_id, orphaned, start, "end", id'
    with lib.read("reading notes") as conn:
        return [_note(r) for r in conn.execute(sql, args)]


def add_note(lib: Store, article_id: int, start: int, end: int, body: str, tags: Sequence[str] = ()) -> Note:
    """A new note on ``article.text[start:end]``, committed before this returns."""
    art = lib.article(article_id)
    if not (0 <= start < end <= len(art.text)):
        raise BriefingError(f"article {article_id}: range {start}-{end} is not inside its text (0-{len(art.text)})")
    exact, prefix, suffix = selector(art.text, start, end)
    now = now_iso()
    body = storable(str(body))
    clean = _clean_tags(tags)
    with lib.write("saving a note") as conn:
        current = conn.execute("SELECT text_sha256 FROM articles WHERE id = ?", (art.id,)).fetchone()
        if current is None or current[0] != art.text_sha256:
            raise BriefingError(f"article {article_id}: its text changed while the note was being added; try again")
        cur = conn.execute(
            'INSERT INTO notes (article_id, start, "end", exact, prefix, suffix, body, tags, created, updated, '
            "orphaned, deleted, text_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?)",
            (art.id, start, end, exact, prefix, suffix, str(body), json.dumps(clean, ensure_ascii=False), now, now,
             art.text_sha256),
        )
        note_id = int(cur.lastrowid)
    return Note(note_id, art.id, start, end, exact, prefix, suffix, str(body), tuple(clean), now, now, False, False,
                art.text_sha256)


def add_note_at(lib: Store, article_id: int, exact: str, body: str, tags: Sequence[str] = ()) -> Note:
    """A note on the first occurrence of ``exact`` in the article (an error when it does not occur)."""
    art = lib.article(article_id)
    if not exact:
        raise BriefingError("notes add: --at needs some text")
    i = art.text.find(exact)
    if i < 0:
        raise BriefingError(f"article {article_id}: the text {exact!r} does not occur in it")
    return add_note(lib, article_id, i, i + len(exact), body, tags)


def edit_note(lib: Store, note_id: int, body: str | None = None, tags: Sequence[str] | None = None) -> Note:
    get_note(lib, note_id)
    with lib.write("saving a note") as conn:
        if body is not None:
            conn.execute("UPDATE notes SET body = ? WHERE id = ?", (storable(str(body)), int(note_id)))
        if tags is not None:
            conn.execute("UPDATE notes SET tags = ? WHERE id = ?",
                         (json.dumps(_clean_tags(tags), ensure_ascii=False), int(note_id)))
        conn.execute("UPDATE notes SET updated = ? WHERE id = ?", (now_iso(), int(note_id)))
    return get_note(lib, note_id)


def set_deleted(lib: Store, note_id: int, deleted: bool) -> Note:
    get_note(lib, note_id)
    with lib.write("deleting a note" if deleted else "restoring a note") as conn:
        conn.execute("UPDATE notes SET deleted = ?, updated = ? WHERE id = ?", (1 if deleted else 0, now_iso(), int(note_id)))
    return get_note(lib, note_id)


__all__ = [
    "anchor", "selector", "reanchor_article", "get_note", "list_notes", "add_note", "add_note_at", "edit_note",
    "set_deleted", "text_sha256",
]
