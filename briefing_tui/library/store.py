"""The library file: one SQLite database with articles, cached analyses, an FTS5 index and notes.

``Store.open(path)`` creates (0600, in a 0700 folder) or opens the file, checks that it really is a
briefing library (a foreign or corrupted file is refused and left untouched) and runs forward schema
migrations (``PRAGMA user_version``). The connection runs in WAL mode with a busy timeout so several
``briefing`` processes can share the file. Analyses are cached as JSON keyed by (text hash, analyser
version, taxonomy hash); loading a cached one never imports spaCy.

``Store`` is the bottom of the library package; the operation modules (``importer``, ``notes``,
``search``) and the ``Library`` of ``api.py`` (a ``Store`` plus those operations, and the seeding of
a new file) build on its public surface only:

- ``write(doing)`` / ``read(doing)``: context managers yielding the connection inside one
  ``BEGIN IMMEDIATE`` write transaction / under the connection's lock; any ``sqlite3.Error`` raised
  inside becomes a one-line ``BriefingError`` naming the file and ``doing``;
- ``index_article(conn, ...)``, ``unindex_article(conn, ...)``, ``store_analysis(conn, ...)``: the
  index and cache primitives, called inside ``write``;
- ``analysis_key()``, ``index_key()``, ``analyse_documents(docs)``, ``taxonomy()``, ``topic_labels()``;
- the article, analysis and state reads and writes (``articles``, ``article``, ``article_ids``,
  ``first_article_id``, ``cached_analysis``, ``has_cached_analysis``, ``analysis``, ``get_state``,
  ``set_state``), and ``close``.

The search index is an external-content FTS5 table over the view ``fts_source`` (sentence spans of
``sentences`` cut out of ``articles.text``), so sentence text is not stored twice. The rule that keeps
it consistent: an article's rows are removed from the index (``unindex_article``) while its old text
is still stored, before the text is changed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sqlite3
import threading
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple, Self

from ..errors import BriefingError
from ..model import Analysis, Document, markup_of
from ..safe_text import storable
from . import entity_schema as _entities_migration  # issue 10: its schema is appended to MIGRATIONS

APPLICATION_ID = 0x42524946  # "BRIF"
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
_STATE_TAXONOMY = "analysis.taxonomy"  # the taxonomy's hash and labels, under a fingerprint of its inputs

# Rows of the FTS table for one article use rowids [article_id << ROWID_SHIFT, (article_id + 1) << ROWID_SHIFT).
ROWID_SHIFT = 20
_FTS_COLUMNS = 'text, topic, entities, speaker, article, topic_id, topic_label, start, "end"'

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        source TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        date TEXT,
        url TEXT,
        text TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        body_start INTEGER NOT NULL DEFAULT 0,
        metadata TEXT NOT NULL DEFAULT '{}',
        imported TEXT NOT NULL,
        updated TEXT NOT NULL,
        indexed_key TEXT,
        section_topics TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX articles_text_sha256 ON articles(text_sha256);
    CREATE TABLE analyses (
        id INTEGER PRIMARY KEY,
        text_sha256 TEXT NOT NULL,
        analyser_version TEXT NOT NULL,
        taxonomy_hash TEXT NOT NULL,
        data BLOB NOT NULL,  -- zlib-compressed JSON of model.Analysis.to_dict()
        created TEXT NOT NULL,
        UNIQUE (text_sha256, analyser_version, taxonomy_hash)
    );
    CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        orphaned INTEGER NOT NULL DEFAULT 0,
        deleted INTEGER NOT NULL DEFAULT 0,
        text_sha256 TEXT NOT NULL
    );
    CREATE INDEX notes_article ON notes(article_id);
    CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE sentences (
        id INTEGER PRIMARY KEY,  -- (article_id << ROWID_SHIFT) + sentence index
        article_id INTEGER NOT NULL REFERENCES articles(id),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        topic_id TEXT NOT NULL,
        topic_label TEXT NOT NULL,
        entities TEXT NOT NULL,  -- names and aliases of the entities mentioned, ' ; '-separated
        speaker TEXT NOT NULL  -- speakers (and their aliases) of quotes overlapping the sentence
    );
    CREATE VIEW fts_source AS
        SELECT s.id AS id, substr(a.text, s.start + 1, s."end" - s.start) AS text,
               't' || lower(hex(lower(s.topic_id))) AS topic, s.entities AS entities, s.speaker AS speaker,
               'a' || s.article_id AS article, s.topic_id AS topic_id, s.topic_label AS topic_label,
               s.start AS start, s."end" AS "end"
        FROM sentences s JOIN articles a ON a.id = s.article_id;
    CREATE VIRTUAL TABLE fts USING fts5(
        text, topic, entities, speaker, article,
        topic_id UNINDEXED, topic_label UNINDEXED, start UNINDEXED, "end" UNINDEXED,
        content = 'fts_source', content_rowid = 'id',
        tokenize = "unicode61 remove_diacritics 2"
    );
    """,
    # subscriptions (issue 12): feeds, the entries seen in them, each article's feed, author and read state
    """
    CREATE TABLE feeds (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        topic TEXT,
        etag TEXT,
        last_modified TEXT,
        added TEXT NOT NULL,
        last_refresh TEXT,
        last_error TEXT
    );
    CREATE TABLE feed_entries (
        feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        entry_key TEXT NOT NULL,
        entry_hash TEXT NOT NULL,  -- of the entry as the feed gave it: unchanged entries are skipped
        article_id INTEGER,
        seen TEXT NOT NULL,
        PRIMARY KEY (feed_id, entry_key)
    ) WITHOUT ROWID;
    ALTER TABLE articles ADD COLUMN feed_id INTEGER REFERENCES feeds(id) ON DELETE SET NULL;
    ALTER TABLE articles ADD COLUMN author TEXT;
    ALTER TABLE articles ADD COLUMN read_at TEXT;  -- NULL: unread
    CREATE INDEX articles_feed ON articles(feed_id);
    """,
    # issue 10: library entities and their links, corrections, article dates
    _entities_migration.MIGRATION,
    # i11: earlier versions of an article's text (the current one stays in ``articles``); see versions.py
    """
    CREATE TABLE article_versions (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        number INTEGER NOT NULL,  -- 1 = the first text imported; the current text is number count + 1
        imported TEXT NOT NULL,  -- when this text was imported
        replaced TEXT NOT NULL,  -- when a newer text replaced it
        title TEXT NOT NULL,
        text_sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,  -- characters
        body_start INTEGER NOT NULL DEFAULT 0,
        data BLOB NOT NULL,  -- zlib-compressed UTF-8 text
        analysis_key TEXT,  -- analyser version | taxonomy hash of the analysis cached for it when kept
        UNIQUE (article_id, number)
    );
    """,
    # i11: each text's digest for the library brief (its brief sentences, entities and quotes by topic)
    """
    CREATE TABLE article_briefs (
        text_sha256 TEXT NOT NULL,
        brief_key TEXT NOT NULL,  -- brief version | analyser version | taxonomy hash
        data BLOB NOT NULL,  -- zlib-compressed JSON of analysis.library_brief.ArticleDigest
        PRIMARY KEY (text_sha256, brief_key)
    ) WITHOUT ROWID;
    """,
    # s13: the reader's listing (``articles()``), its unread and feed marks and `briefing list` read
    # this covering index, not the table: a row's later columns sit after its text, so a scan of the
    # table walked every article's text into SQLite's page cache (1,000 articles: +8 MB for the reader)
    """
    CREATE INDEX articles_listing ON articles(
        id, title, source, date, url, section_topics, text_sha256, indexed_key, read_at, feed_id, author
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def now_iso() -> str:
    """The current UTC time as ISO 8601 with milliseconds and a ``Z``."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def topic_token(topic_id: str) -> str:
    """One FTS token standing for a topic id, so ``topic:`` filters match the id exactly (ASCII case
    aside). Must agree with the ``fts_source`` view: 't' || lower(hex(lower(topic_id)))."""
    return "t" + topic_id.translate(_ASCII_LOWER).encode("utf-8").hex()


def article_token(article_id: int) -> str:
    return f"a{int(article_id)}"


class ArticleInfo(NamedTuple):  # (named tuples, not dataclasses: see model.py)
    id: int
    title: str
    source: str
    date: str | None
    url: str | None
    section_topics: tuple[str, ...]
    notes_count: int
    analysed: bool


class Article(NamedTuple):
    id: int
    title: str
    source: str
    date: str | None
    url: str | None
    text: str  # normalised full text; all offsets refer to it
    text_sha256: str
    body_start: int
    metadata: dict[str, str]


@dataclass
class ImportReport:
    imported: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # sources whose text is already in the library
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    unchanged: list[int] = field(default_factory=list)  # same source, same text: nothing to do
    reanchored: int = 0  # notes moved to a new place after a text change
    orphaned: int = 0  # notes whose text could not be found any more
    article_of: dict[str, int] = field(default_factory=dict)  # document source -> its article (dups too)
    articles_by_path: dict[str, list[int]] = field(default_factory=dict)  # each given path -> its articles


def _sqlite_error(path: Path, err: sqlite3.Error, doing: str = "") -> BriefingError:
    msg = str(err)
    low = msg.lower()
    if "locked" in low or "busy" in low:
        why = "the library is busy (another briefing is writing); try again"
    elif "readonly" in low or "read-only" in low:
        why = "the library is read-only"
    elif "disk is full" in low or "full" in low:
        why = "the disk is full"
    elif "not a database" in low:
        why = f"not a briefing library ({msg})"
    elif "malformed" in low or "corrupt" in low:
        why = f"the library file is damaged ({msg}); move it aside to start a new one"
    else:
        why = msg
    return BriefingError(f"{path}: {doing + ': ' if doing else ''}{why}")


class Store:
    """One open library file. Thread-safe: one connection guarded by a re-entrant lock.

    ``created`` is True when this ``open`` made the file or its schema (a brand-new library)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool, taxonomy_path: str | None) -> None:
        self.path = path
        self.readonly = readonly
        self.readonly_reason = ""  # why it is read-only, for a banner: e.g. "no permission to write the file"
        self._conn = conn
        self._lock = threading.RLock()
        self._taxonomy_path = taxonomy_path
        self._taxonomy: Any = None
        self._key: tuple[str, str] | None = None
        self._remembered: dict[str, Any] | None = None  # {} when the taxonomy's hash is not remembered
        self._closed = False
        self.created = False

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | None = None,
        *,
        taxonomy: str | os.PathLike[str] | None = None,
    ) -> Self:
        """Open (or create) a library. ``taxonomy`` is a TOML file used instead of the default."""
        from .. import config

        p = config.library_path(path)
        p = Path(os.path.abspath(p))
        created = False
        if p.is_dir():
            raise BriefingError(f"{p}: is a directory, not a library file")
        if not p.exists():
            try:
                p.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                fd = os.open(p, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                os.close(fd)
                created = True
            except FileExistsError:
                pass
            except OSError as err:
                raise BriefingError(f"{p}: cannot create the library ({err.strerror or err})") from None
        _check_header(p)
        why = ""
        if not os.access(p, os.W_OK):
            why = "no permission to write the file"
        elif not os.access(p.parent, os.W_OK):
            why = "no permission to write its folder"  # SQLite needs it for the -wal and -shm files
        readonly = bool(why)
        conn = _connect(p, readonly)
        lib = cls(p, conn, readonly, str(taxonomy) if taxonomy else None)
        lib.readonly_reason = why
        try:
            fresh = lib._prepare_schema()
        except BaseException:
            conn.close()
            raise
        lib.created = created or fresh
        return lib

    def _prepare_schema(self) -> bool:
        """Check the file is ours and migrate it; True when the schema was just created."""
        conn = self._conn
        try:
            with self._lock:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError as err:
            raise BriefingError(f"{self.path}: not a briefing library ({err})") from None
        if app_id != APPLICATION_ID and (tables or version):
            raise BriefingError(f"{self.path}: not a briefing library (an SQLite database of another program)")
        if not self.readonly:
            # only now that the file is known to be ours (or empty) may its header change
            try:
                with self._lock:
                    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                        conn.execute("PRAGMA journal_mode = WAL")
                    conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as err:
                raise _sqlite_error(self.path, err, "opening") from None
        if version > SCHEMA_VERSION:
            raise BriefingError(
                f"{self.path}: library schema version {version} is newer than this briefing "
                f"understands ({SCHEMA_VERSION}); upgrade briefing"
            )
        if version == SCHEMA_VERSION:
            self._check_integrity()
            return False
        if self.readonly:
            raise BriefingError(f"{self.path}: the library needs an upgrade but is read-only")
        with self.write("upgrading the schema"):
            # re-read inside the lock: another process may have migrated meanwhile
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, SCHEMA_VERSION):
                for statement in _statements(MIGRATIONS[number]):
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return version == 0

    def _check_integrity(self) -> None:
        try:
            with self._lock:
                self._conn.execute("SELECT count(*) FROM articles").fetchone()
                self._conn.execute("SELECT count(*) FROM notes").fetchone()
        except sqlite3.DatabaseError as err:
            raise BriefingError(f"{self.path}: not a briefing library ({err})") from None

    def close(self) -> None:
        with self._lock:
            if not self._closed:
                self._closed = True
                with contextlib.suppress(sqlite3.Error):
                    if not self.readonly:
                        self._conn.execute("PRAGMA optimize")
                self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ transactions
    @contextlib.contextmanager
    def write(self, doing: str = "") -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE) on the connection, committed when the block ends and
        rolled back when it raises; a read-only library or any ``sqlite3.Error`` becomes a one-line
        ``BriefingError`` ("<file>: <doing>: <why>")."""
        if self.readonly:
            why = f" ({self.readonly_reason})" if self.readonly_reason else ""
            raise BriefingError(f"{self.path}: {doing + ': ' if doing else ''}the library is read-only{why}")
        with self._lock:
            conn = self._conn
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as err:
                raise _sqlite_error(self.path, err, doing) from None
            try:
                yield conn
                conn.execute("COMMIT")
            except sqlite3.Error as err:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise _sqlite_error(self.path, err, doing) from None
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def read(self, doing: str = "") -> Iterator[sqlite3.Connection]:
        """The connection, for reading, under the lock (so no other thread's transaction interleaves);
        any ``sqlite3.Error`` raised inside becomes a one-line ``BriefingError``."""
        with self._lock:
            try:
                yield self._conn
            except sqlite3.Error as err:
                raise _sqlite_error(self.path, err, doing) from None

    # ------------------------------------------------------------------ analysis key
    def taxonomy(self) -> Any:
        """The taxonomy analyses are made with (loaded once; no spaCy)."""
        if self._taxonomy is None:
            from ..analysis.topics import load_taxonomy

            self._taxonomy = load_taxonomy(self._taxonomy_path)
        return self._taxonomy

    def analysis_key(self) -> tuple[str, str]:
        """(analyser version, taxonomy hash) of the analyses this library currently wants.

        The taxonomy's hash covers its cue stems, so working it out means stemming every cue. It is
        remembered in the state table under a fingerprint of its inputs (the taxonomy file's bytes, the
        analyser and stemmer versions): when nothing changed, start-up does not load the taxonomy."""
        if self._key is None:
            from ..analysis.version import ANALYSER_VERSION

            remembered = self._remembered_taxonomy()
            tax = remembered["hash"] if remembered else str(self.taxonomy().hash)
            self._key = (str(ANALYSER_VERSION), tax)
        return self._key

    def topic_labels(self) -> tuple[list[tuple[str, str]], str]:
        """([(topic id, label)] in taxonomy order, the label of `general`), without loading the
        taxonomy when it is remembered (see ``analysis_key``)."""
        remembered = self._remembered_taxonomy()
        if remembered:
            return [(str(i), str(label)) for i, label in remembered["topics"]], str(remembered["general"])
        taxonomy = self.taxonomy()
        return [(t.id, t.label) for t in taxonomy.topics], str(getattr(taxonomy, "general_label", "General"))

    def _taxonomy_fingerprint(self) -> str | None:
        """What the taxonomy's hash depends on, or None when it cannot be told cheaply."""
        try:
            from importlib.machinery import PathFinder

            from ..analysis.version import ANALYSER_VERSION
            from ..config import taxonomy_file

            raw = taxonomy_file(self._taxonomy_path).read_bytes()
            # a change detector, not a signature (the taxonomy's own hash is the sha256 of its content)
            parts = [str(ANALYSER_VERSION), f"{len(raw)}:{zlib.crc32(raw):08x}"]
            for name, module in (("snowballstemmer", "english_stemmer.py"), ("Stemmer", None)):
                spec = PathFinder.find_spec(name)  # PyStemmer, when installed, is what snowballstemmer uses
                origin = spec.origin if spec is not None else None
                if origin and module:
                    origin = os.path.join(os.path.dirname(origin), module)
                st = os.stat(origin) if origin else None
                parts.append(f"{name}:{origin}:{st.st_mtime_ns}:{st.st_size}" if st else f"{name}:-")
            return "|".join(parts)
        except Exception:  # noqa: BLE001 - no fingerprint: the taxonomy is simply loaded
            return None

    def _remembered_taxonomy(self) -> dict[str, Any] | None:
        """The remembered hash and labels of the taxonomy in use (stored on a miss when writable)."""
        if self._remembered is not None:
            return self._remembered or None
        found: dict[str, Any] = {}
        fingerprint = self._taxonomy_fingerprint()
        if fingerprint is not None:
            try:
                stored = json.loads(self.get_state(_STATE_TAXONOMY) or "{}")
            except (ValueError, BriefingError):
                stored = {}
            if isinstance(stored, dict) and stored.get("fingerprint") == fingerprint:
                found = stored
            else:
                taxonomy = self.taxonomy()  # a missing or broken file raises its BriefingError here
                found = {
                    "fingerprint": fingerprint,
                    "hash": str(taxonomy.hash),
                    "topics": [[t.id, t.label] for t in taxonomy.topics],
                    "general": str(getattr(taxonomy, "general_label", "General")),
                }
                with self._lock, contextlib.suppress(BriefingError):
                    if not self.readonly and not self._conn.in_transaction:  # never inside another write
                        self.set_state(_STATE_TAXONOMY, json.dumps(found, ensure_ascii=False))
        self._remembered = found
        return found or None

    def index_key(self) -> str:
        """The analysis key as stored in ``articles.indexed_key`` for an article indexed under it."""
        version, tax = self.analysis_key()
        return f"{version}|{tax}"

    # ------------------------------------------------------------------ articles
    def articles(self) -> list[ArticleInfo]:
        version, tax = self.analysis_key()
        with self.read() as conn:
            rows = conn.execute(
                """
                SELECT a.id, a.title, a.source, a.date, a.url, a.section_topics,
                       (SELECT count(*) FROM notes n WHERE n.article_id = a.id AND n.deleted = 0),
                       EXISTS (SELECT 1 FROM analyses c WHERE c.text_sha256 = a.text_sha256
                               AND c.analyser_version = ? AND c.taxonomy_hash = ?),
                       a.indexed_key
                FROM articles a ORDER BY a.id
                """,
                (version, tax),
            ).fetchall()
        key = self.index_key()
        decoded: dict[str, tuple[str, ...]] = {}  # many articles share the same topic list
        out = []
        for r in rows:
            topics: tuple[str, ...] = ()
            if r[8] == key:
                topics = decoded.get(r[5]) or decoded.setdefault(r[5], tuple(json.loads(r[5])))
            out.append(ArticleInfo(r[0], r[1], r[2], r[3], r[4], topics, r[6], bool(r[7])))
        return out

    def article(self, article_id: int) -> Article:
        with self.read() as conn:
            r = conn.execute(
                "SELECT id, title, source, date, url, text, text_sha256, body_start, metadata "
                "FROM articles WHERE id = ?",
                (int(article_id),),
            ).fetchone()
        if r is None:
            raise BriefingError(f"article {article_id}: no such article in {self.path}")
        return Article(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], json.loads(r[8]))

    def first_article_id(self) -> int | None:
        """The first article in library order (as ``articles()`` lists them), None when empty."""
        with self.read() as conn:
            r = conn.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()
        return r[0] if r else None

    def article_ids(self) -> list[int]:
        with self.read() as conn:
            return [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]

    # ------------------------------------------------------------------ analyses
    def cached_analysis(self, sha: str) -> Analysis | None:
        version, tax = self.analysis_key()
        with self.read() as conn:
            r = conn.execute(
                "SELECT data FROM analyses WHERE text_sha256 = ? AND analyser_version = ? AND taxonomy_hash = ?",
                (sha, version, tax),
            ).fetchone()
        return decode_analysis(r[0]) if r else None

    def has_cached_analysis(self, sha: str) -> bool:
        version, tax = self.analysis_key()
        with self.read() as conn:
            return conn.execute(
                "SELECT 1 FROM analyses WHERE text_sha256 = ? AND analyser_version = ? AND taxonomy_hash = ?",
                (sha, version, tax),
            ).fetchone() is not None

    def analysis(self, article_id: int, *, compute: bool = True, article: Article | None = None) -> Analysis | None:
        """The article's analysis for the current analyser and taxonomy; computed and cached when missing.
        ``article``: the article as just read by the caller (not read again: it may be megabytes)."""
        art = article if article is not None and article.id == article_id else self.article(article_id)
        found = self.cached_analysis(art.text_sha256)
        if found is None:
            if not compute:
                return None
            try:
                found = self.analyse_documents([_document_of(art)])[0]
            except BriefingError:
                raise
            except Exception as err:  # noqa: BLE001 - one line for the user, not a traceback
                raise BriefingError(
                    f"article {article_id}: analysis failed ({type(err).__name__}: {err})"
                ) from err
            if not self.readonly:
                with self.write("storing an analysis") as conn:
                    self.store_analysis(conn, art.text_sha256, found)
                    self.index_article(conn, art.id, art.text, found)
        elif not self.readonly:
            with self.read() as conn:
                indexed = conn.execute("SELECT indexed_key FROM articles WHERE id = ?", (art.id,)).fetchone()
            if indexed and indexed[0] != self.index_key():
                with self.write("indexing") as conn:
                    self.index_article(conn, art.id, art.text, found)
        found = self.corrected(found, art.source, art.text)  # issue 10: the analyst's corrections
        return dataclasses.replace(found, source=art.source, title=art.title)

    def analyse_documents(self, docs: Sequence[Document]) -> list[Analysis]:
        """Analyses of ``docs`` by the pipeline with this library's taxonomy (imports spaCy on first use);
        nothing is stored."""
        if not docs:
            return []
        from ..analysis import pipeline

        return list(pipeline.analyse_many(list(docs), self.taxonomy()))

    def store_analysis(self, conn: sqlite3.Connection, sha: str, analysis: Analysis) -> None:
        """Cache ``analysis`` of the text with hash ``sha`` under the current key (inside ``write``)."""
        version, tax = self.analysis_key()
        conn.execute(
            "INSERT OR REPLACE INTO analyses (text_sha256, analyser_version, taxonomy_hash, data, created) "
            "VALUES (?, ?, ?, ?, ?)",
            (sha, version, tax, encode_analysis(analysis), now_iso()),
        )

    def unindex_article(self, conn: sqlite3.Connection, article_id: int) -> None:
        """Drop the article's sentences from the index. Call it while ``articles.text`` is still the
        text they were indexed from (the index is external-content: it is told the old values)."""
        lo = article_id << ROWID_SHIFT
        hi = lo + (1 << ROWID_SHIFT)
        conn.execute(
            f"INSERT INTO fts (fts, rowid, {_FTS_COLUMNS}) SELECT 'delete', id, {_FTS_COLUMNS} FROM fts_source "
            "WHERE id >= ? AND id < ?",
            (lo, hi),
        )
        conn.execute("DELETE FROM sentences WHERE id >= ? AND id < ?", (lo, hi))

    def index_article(
        self, conn: sqlite3.Connection, article_id: int, text: str, analysis: Analysis, fresh: bool = False
    ) -> None:
        """Index the article's sentences from ``analysis``; ``text`` must be the stored text.
        ``fresh``: it has no index rows yet (new, or unindexed before its text changed)."""
        # issue 10: the index and the library entities hold the corrected analysis
        source = conn.execute("SELECT source FROM articles WHERE id = ?", (article_id,)).fetchone()
        rules = self.corrections_rules()
        analysis = self.corrected(analysis, source[0] if source else analysis.source, text, rules)
        if not fresh:
            self.unindex_article(conn, article_id)
        rows = sentence_rows(article_id, analysis)
        conn.executemany(
            'INSERT INTO sentences (id, article_id, start, "end", topic_id, topic_label, entities, speaker) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        # the values the fts_source view yields (substr counts code points, like Python slicing; the
        # importer keeps NUL, on which they could disagree, out of stored texts), 3x faster than the view
        token = article_token(article_id)
        conn.executemany(
            "INSERT INTO fts (rowid, text, topic, entities, speaker, article) VALUES (?, ?, ?, ?, ?, ?)",
            [(r[0], text[r[2] : r[3]], topic_token(r[4]), r[6], r[7], token) for r in rows],
        )
        topics: list[str] = []
        for s in analysis.sections:
            if s.topic not in topics:
                topics.append(s.topic)
        conn.execute(
            "UPDATE articles SET indexed_key = ?, section_topics = ? WHERE id = ?",
            (self.index_key(), json.dumps(topics), article_id),
        )
        from .entities import blocked_pairs, link_article  # issue 10

        link_article(conn, article_id, analysis, self.index_key(), blocked_pairs(rules))

    # ------------------------------------------------------------------ corrections (issue 10)
    def corrections_rules(self) -> list[Any]:
        """The corrections in force, oldest first, as ``analysis.corrections.Rule``s."""
        from ..analysis.corrections import Rule

        with self.read() as conn:
            rows = conn.execute(
                "SELECT id, kind, article_source, args FROM corrections WHERE undone IS NULL ORDER BY id"
            ).fetchall()
        return [Rule(r[0], r[1], r[2], json.loads(r[3])) for r in rows]

    def corrected(self, analysis: Analysis, source: str, text: str | None, rules: Any = None) -> Analysis:
        """``analysis`` with the corrections in force applied (``rules``: when already read)."""
        rules = self.corrections_rules() if rules is None else rules
        if not rules:
            return analysis
        from ..analysis.corrections import apply_corrections

        return apply_corrections(analysis, rules, text, source)[0]

    # ------------------------------------------------------------------ UI state
    def get_state(self, key: str, default: str | None = None) -> str | None:
        with self.read() as conn:
            r = conn.execute("SELECT value FROM state WHERE key = ?", (storable(key),)).fetchone()
        return r[0] if r else default

    def set_state(self, key: str, value: str) -> None:
        with self.write("saving state") as conn:
            conn.execute("INSERT OR REPLACE INTO state (key, value) VALUES (?, ?)", (storable(key), storable(str(value))))


def encode_analysis(analysis: Analysis) -> bytes:
    """An analysis as stored in the cache: compact JSON, ASCII (other characters as ``\\u`` escapes),
    zlib-compressed. ASCII because the reader decodes it into a str before parsing it: one curly quote
    in a quotation would make that str two bytes a character (a 1 MB article's analysis: 3.7 MB
    instead of 1.8 MB at the reader's peak). Caches written as UTF-8 before are read the same way."""
    data = json.dumps(analysis.to_dict(), ensure_ascii=True, separators=(",", ":")).encode("ascii")
    return zlib.compress(data, 6)


def decode_analysis(data: bytes | str) -> Analysis:
    if isinstance(data, bytes):
        data = zlib.decompress(data).decode("utf-8", "surrogatepass")
    return Analysis.from_json(data)


def _document_of(art: Article) -> Document:
    return Document(source=art.source, text=art.text, title=art.title, body_start=art.body_start, metadata=art.metadata,
                    markup=markup_of(art.source))


def sentence_rows(article_id: int, analysis: Analysis) -> list[tuple]:
    """One row per sentence: id, article, span, topic, entity names + aliases, speakers (+ aliases)."""
    import bisect

    sentences = analysis.sentences
    starts = [s.start for s in sentences]
    labels = {s.topic: s.label for s in analysis.sections}
    names: list[list[str]] = [[] for _ in sentences]
    aliases_of: dict[str, list[str]] = {}
    for e in analysis.entities:
        alias = [e.name]
        for m in e.mentions:
            if m.text not in alias:
                alias.append(m.text)
        aliases_of[e.id] = alias
        for m in e.mentions:
            i = bisect.bisect_right(starts, m.start) - 1
            if 0 <= i < len(sentences) and m.start < sentences[i].end:
                for a in alias:
                    if a not in names[i]:
                        names[i].append(a)
    speakers: list[list[str]] = [[] for _ in sentences]
    for q in analysis.quotes:
        if not q.speaker:
            continue
        who = [q.speaker] + [a for a in aliases_of.get(q.speaker_entity or "", ()) if a != q.speaker]
        i = max(0, bisect.bisect_right(starts, q.start) - 1)
        while i < len(sentences) and sentences[i].start < q.end:
            if sentences[i].end > q.start:
                for a in who:
                    if a not in speakers[i]:
                        speakers[i].append(a)
            i += 1
    base = article_id << ROWID_SHIFT
    return [
        (base + i, article_id, s.start, s.end, s.topic, labels.get(s.topic, s.topic),
         " ; ".join(names[i]), " ; ".join(speakers[i]))
        for i, s in enumerate(sentences)
    ]


def _statements(script: str) -> list[str]:
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _check_header(p: Path) -> None:
    """Refuse a non-empty file that is not SQLite, before SQLite touches it."""
    try:
        with open(p, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except PermissionError:
        raise BriefingError(f"{p}: permission denied") from None
    except OSError as err:
        raise BriefingError(f"{p}: cannot read ({err.strerror or err})") from None
    if head and head != SQLITE_HEADER:
        raise BriefingError(f"{p}: not a briefing library (not an SQLite file); it was left untouched")


def _connect(p: Path, readonly: bool) -> sqlite3.Connection:
    try:
        if readonly:
            conn = sqlite3.connect(
                f"file:{_uri_path(p)}?mode=ro", uri=True, isolation_level=None, check_same_thread=False,
                timeout=BUSY_TIMEOUT_MS / 1000,
            )
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                conn.close()
                conn = sqlite3.connect(
                    f"file:{_uri_path(p)}?immutable=1", uri=True, isolation_level=None, check_same_thread=False
                )
        else:
            conn = sqlite3.connect(
                str(p), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
            )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32768")  # 32 MiB: keeps the hot part of the index in memory
        return conn
    except sqlite3.DatabaseError as err:
        raise BriefingError(f"{p}: not a briefing library ({err}); it was left untouched") from None


def _uri_path(p: Path) -> str:
    from urllib.parse import quote

    return quote(str(p))
