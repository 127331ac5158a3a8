"""Earlier versions of an article's text, and what changed between two of them.

When a source is imported again with a different text, the importer calls ``keep_previous_version``
inside its write transaction, before the article row changes: the text being replaced goes into
``article_versions`` (zlib-compressed, with the time it was imported, its hash and the key of the
analysis cached for it). The current text stays in ``articles``; versions are numbered from 1 (the first
text imported) and the current text is the last number. Each version's analysis is the library's
cached analysis of its text (``analyses`` is keyed by text hash), computed and cached when missing.
"""

from __future__ import annotations

import sqlite3
import zlib
from dataclasses import replace
from typing import TYPE_CHECKING, NamedTuple

from ..errors import BriefingError
from ..model import Analysis, Document

if TYPE_CHECKING:
    from ..analysis.diff import ArticleDiff
    from .store import Store as Library


class Version(NamedTuple):
    article_id: int
    number: int  # 1 = the first text imported
    imported: str  # when this text was imported (ISO 8601 UTC)
    title: str
    text_sha256: str
    size: int  # characters
    stored: int  # bytes it takes in the library (compressed; the current text: its UTF-8 size)
    current: bool


def keep_previous_version(conn: sqlite3.Connection, article_id: int, analysis_key: str) -> None:
    """Store the article's current text as its latest earlier version (inside the caller's write
    transaction, before the text is replaced)."""
    row = conn.execute(
        "SELECT title, text, text_sha256, body_start, updated FROM articles WHERE id = ?", (article_id,)
    ).fetchone()
    if row is None:
        return
    title, text, sha, body_start, imported = row
    number = conn.execute(
        "SELECT coalesce(max(number), 0) + 1 FROM article_versions WHERE article_id = ?", (article_id,)
    ).fetchone()[0]
    version, _, tax = analysis_key.partition("|")
    cached = conn.execute(
        "SELECT 1 FROM analyses WHERE text_sha256 = ? AND analyser_version = ? AND taxonomy_hash = ?",
        (sha, version, tax),
    ).fetchone()
    from .store import now_iso

    conn.execute(
        "INSERT INTO article_versions (article_id, number, imported, replaced, title, text_sha256, size, "
        "body_start, data, analysis_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article_id, number, imported, now_iso(), title, sha, len(text), body_start,
         zlib.compress(text.encode("utf-8", "surrogatepass"), 6), analysis_key if cached else None),
    )


def list_versions(lib: Library, article_id: int) -> list[Version]:
    """Every version of the article, oldest first; the last one is the current text."""
    with lib.read() as conn:
        # the current text's sizes are counted by SQLite: the reader's History pane must not read a
        # long article's text again (megabytes, while the reader already holds it)
        current = conn.execute(
            "SELECT updated, title, text_sha256, length(text), length(CAST(text AS BLOB)) FROM articles WHERE id = ?",
            (int(article_id),),
        ).fetchone()
        if current is None:
            raise BriefingError(f"article {article_id}: no such article in {lib.path}")
        rows = conn.execute(
            "SELECT number, imported, title, text_sha256, size, length(data) FROM article_versions "
            "WHERE article_id = ? ORDER BY number",
            (article_id,),
        ).fetchall()
    out = [Version(article_id, r[0], r[1], r[2], r[3], r[4], r[5], False) for r in rows]
    out.append(Version(article_id, len(out) + 1, *current, True))
    return out


def articles_with_versions(lib: Library) -> set[int]:
    """Ids of the articles that have earlier versions (the navigator marks them)."""
    with lib.read() as conn:
        return {r[0] for r in conn.execute("SELECT DISTINCT article_id FROM article_versions")}


def version_count(lib: Library, article_id: int) -> int:
    """How many versions the article has (1: never changed)."""
    with lib.read() as conn:
        n = conn.execute("SELECT count(*) FROM article_versions WHERE article_id = ?", (article_id,)).fetchone()[0]
    return int(n) + 1


def _resolve(versions: list[Version], number: int) -> Version:
    if number < 0:  # -1: the current one, -2: the one before ...
        number = len(versions) + 1 + number
    if not 1 <= number <= len(versions):
        raise BriefingError(
            f"article {versions[0].article_id}: no version {number} (it has {len(versions)})"
        )
    return versions[number - 1]


def version_document(lib: Library, article_id: int, number: int) -> Document:
    """The text of one version as a Document (offsets of its analysis refer to it)."""
    art = lib.article(article_id)
    versions = list_versions(lib, article_id)
    v = _resolve(versions, number)
    if v.current:
        return Document(art.source, art.text, art.title, art.body_start, art.metadata)
    with lib.read() as conn:
        row = conn.execute(
            "SELECT data, body_start FROM article_versions WHERE article_id = ? AND number = ?",
            (article_id, v.number),
        ).fetchone()
    try:
        text = zlib.decompress(row[0]).decode("utf-8", "surrogatepass")
    except (zlib.error, UnicodeDecodeError) as err:
        raise BriefingError(f"article {article_id}: version {v.number} is damaged in the library ({err})") from None
    return Document(art.source, text, v.title, int(row[1]), art.metadata)


def version_analysis(lib: Library, article_id: int, number: int, doc: Document | None = None) -> Analysis:
    """The cached analysis of a version's text (computed and cached when missing)."""
    from ..model import text_sha256

    doc = doc if doc is not None else version_document(lib, article_id, number)
    v = _resolve(list_versions(lib, article_id), number)
    if v.current:
        found = lib.analysis(article_id)
        assert found is not None
        return found
    sha = text_sha256(doc.text)
    found = lib.cached_analysis(sha)
    if found is None:
        try:
            found = lib.analyse_documents([doc])[0]
        except BriefingError:
            raise
        except Exception as err:  # noqa: BLE001 - one line for the user
            raise BriefingError(
                f"article {article_id}: analysis of version {v.number} failed ({type(err).__name__}: {err})"
            ) from err
        if not lib.readonly:
            with lib.write("storing an analysis") as conn:
                lib.store_analysis(conn, sha, found)
    return replace(found, source=doc.source, title=doc.title)


class VersionPair(NamedTuple):
    old: Version
    new: Version
    old_text: str
    new_text: str
    diff: ArticleDiff


def diff_versions(lib: Library, article_id: int, old: int | None = None, new: int | None = None) -> VersionPair:
    """What changed from version ``old`` to ``new`` (default: the last two; negative numbers count back)."""
    from ..analysis.diff import diff_articles

    versions = list_versions(lib, article_id)
    if len(versions) < 2 and old is None and new is None:
        raise BriefingError(f"article {article_id}: has only one version (it never changed)")
    new_v = _resolve(versions, new if new is not None else -1)
    old_v = _resolve(versions, old if old is not None else max(1, new_v.number - 1))
    old_doc = version_document(lib, article_id, old_v.number)
    new_doc = version_document(lib, article_id, new_v.number)
    diff = diff_articles(
        old_doc.text, version_analysis(lib, article_id, old_v.number, old_doc),
        new_doc.text, version_analysis(lib, article_id, new_v.number, new_doc),
    )
    return VersionPair(old_v, new_v, old_doc.text, new_doc.text, diff)


def version_summaries(lib: Library, article_id: int) -> list[tuple[Version, str]]:
    """Each version with a one-line summary of what changed from the one before it."""
    versions = list_versions(lib, article_id)
    if len(versions) == 1:  # nothing to compare: no text or analysis to read
        return [(versions[0], "first version")]
    out: list[tuple[Version, str]] = []
    prev: tuple[str, Analysis] | None = None
    from ..analysis.diff import diff_articles

    for v in versions:
        doc = version_document(lib, article_id, v.number)
        analysis = version_analysis(lib, article_id, v.number, doc)
        if prev is None:
            summary = "first version"
        else:
            summary = diff_articles(prev[0], prev[1], doc.text, analysis).summary()
        out.append((v, summary))
        prev = (doc.text, analysis)
    return out
