"""Import: paths -> documents -> library rows, analyses (cached) and the search index.

An article is identified by its source. Importing a source again with the same text does nothing
(no analysis, no write); with changed text it keeps the old text as a version (``versions.py``), updates
the article and re-anchors its notes; a new
source whose text is already in the library is a duplicate and is skipped. Analyses are looked up in
the cache by (text hash, analyser version, taxonomy hash) and only missing ones are computed, in
batches, outside the write transaction. Each batch is written in one transaction.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from collections.abc import Callable, Sequence

from ..errors import BriefingError
from ..model import Analysis, Document, meta_value, text_sha256
from ..safe_text import storable
from . import notes as notes_mod
from .store import ImportReport, Store, decode_analysis, now_iso
from .versions import keep_previous_version

BATCH = 256  # documents written per transaction
ANALYSIS_BATCH = 8  # ... or fewer, when that many need analysing


def _reason(source: str, err: BriefingError) -> str:
    msg = str(err)
    for prefix in (f"{source}: ",):
        if msg.startswith(prefix):
            return msg[len(prefix):]
    return msg


def import_paths(
    lib: Store,
    paths: Sequence[str | os.PathLike[str]],
    progress: Callable[[int, int, str], None] | None = None,
) -> ImportReport:
    """Import files and folders (recursively); bad files are reported in ``failed`` and skipped."""
    from ..ingest.files import iter_files, read_file

    report = ImportReport()
    files = []
    files_of: dict[str, list[Path]] = {}
    for path in paths:
        files_of.setdefault(str(path), [])
        for file, problem in iter_files(path):
            if problem:
                report.failed.append((str(file), _reason(str(file), BriefingError(problem))))
            else:
                files.append(file)
                files_of[str(path)].append(file)
    sources_of: dict[Path, list[str]] = {}
    total = len(files)
    pending: list[Document] = []
    to_analyse = 0
    if progress:
        progress(0, total, "")
    for index, file in enumerate(files):
        try:
            docs = read_file(file)
        except BriefingError as err:
            report.failed.append((str(file), _reason(str(file), err)))
            docs = []
        seen: set[str] = set()
        unique = []
        for doc in docs:  # the same entry twice in one feed: the first one wins
            if doc.source not in seen:
                seen.add(doc.source)
                unique.append(doc)
        docs = unique
        sources_of[file] = [d.source for d in docs]
        for number, doc in enumerate(docs, 1):
            pending.append(doc)
            if not lib.has_cached_analysis(text_sha256(doc.text)):
                to_analyse += 1
            # flush often when analysis (slow) is needed, so the progress bar keeps moving
            if len(pending) >= BATCH or to_analyse >= ANALYSIS_BATCH:
                import_documents(lib, pending, report)
                pending, to_analyse = [], 0
                if progress:
                    if number < len(docs):  # inside a feed: say how far into it
                        progress(index, total, f"{file} (entry {number} of {len(docs)})")
                    else:
                        progress(index + 1, total, str(file))
    if pending:
        import_documents(lib, pending, report)
    for path, its_files in files_of.items():
        ids: list[int] = []
        for file in its_files:
            for source in sources_of.get(file, ()):
                article_id = report.article_of.get(source)
                if article_id is not None and article_id not in ids:
                    ids.append(article_id)
        report.articles_by_path[path] = ids
    if progress:
        progress(total, total, "")
    return report


def _analyse(lib: Store, missing: dict[str, Document], report: ImportReport) -> dict[str, Analysis]:
    """Analyses of the documents by text hash; a document the analyser fails on is reported, not fatal."""
    try:
        return dict(zip(missing.keys(), lib.analyse_documents(list(missing.values())), strict=True))
    except Exception:  # noqa: BLE001 - find the document(s) at fault, one by one
        pass
    out: dict[str, Analysis] = {}
    for sha, doc in missing.items():
        try:
            out[sha] = lib.analyse_documents([doc])[0]
        except BriefingError as err:
            report.failed.append((doc.source, _reason(doc.source, err)))
        except Exception as err:  # noqa: BLE001 - untrusted input must not stop the other imports
            report.failed.append((doc.source, f"analysis failed ({type(err).__name__}: {err})"))
    return out


def import_documents(lib: Store, docs: Sequence[Document], report: ImportReport) -> None:
    """Import already-read documents into ``lib``, recording what happened in ``report``."""
    version, tax = lib.analysis_key()
    todo: list[tuple[Document, str]] = []
    shas_in_batch: set[str] = set()
    sources_in_batch: set[str] = set()
    dup_shas: dict[str, str] = {}  # duplicate source -> text hash (to find the article that has the text)
    # NUL is never article text, and SQLite's string functions stop at it: one placeholder char each
    # (offsets are unchanged)
    docs = [replace(d, text=d.text.replace("\x00", "\ufffd")) if "\x00" in d.text else d for d in docs]
    # lone surrogates (undecodable bytes of a name, a broken feed) cannot be stored in SQLite
    docs = [_storable_doc(d) for d in docs]
    with lib.read("importing") as conn:
        for doc in docs:
            sha = text_sha256(doc.text)
            row = conn.execute("SELECT id, text_sha256 FROM articles WHERE source = ?", (doc.source,)).fetchone()
            if row and row[1] == sha:
                if row[0] not in report.unchanged:
                    report.unchanged.append(row[0])
                report.article_of[doc.source] = row[0]
                continue
            if doc.source in sources_in_batch:
                continue  # the same entry twice in one feed: the first one wins
            if row is None:
                dup = conn.execute("SELECT 1 FROM articles WHERE text_sha256 = ? LIMIT 1", (sha,)).fetchone()
                if dup or sha in shas_in_batch:
                    report.duplicates.append(doc.source)
                    dup_shas[doc.source] = sha
                    continue
            shas_in_batch.add(sha)
            sources_in_batch.add(doc.source)
            todo.append((doc, sha))
        if not todo:
            _resolve_duplicates(lib, dup_shas, report)
            return
        cached: dict[str, Analysis] = {}
        for _, sha in todo:
            r = conn.execute(
                "SELECT data FROM analyses WHERE text_sha256 = ? AND analyser_version = ? AND taxonomy_hash = ?",
                (sha, version, tax),
            ).fetchone()
            if r:
                cached[sha] = decode_analysis(r[0])
    missing: dict[str, Document] = {}
    for doc, sha in todo:
        if sha not in cached and sha not in missing:
            missing[sha] = doc
    fresh: dict[str, Analysis] = {}
    if missing:
        fresh = _analyse(lib, missing, report)
        todo = [(doc, sha) for doc, sha in todo if sha in cached or sha in fresh]
        if not todo:
            _resolve_duplicates(lib, dup_shas, report)
            return
    with lib.write("importing") as conn:
        stored: set[str] = set()
        for doc, sha in todo:
            analysis = cached.get(sha) or fresh[sha]
            now = now_iso()
            title = doc.title or os.path.basename(doc.source)
            date = meta_value(doc.metadata, "date", "published", "updated", "pubdate")
            url = meta_value(doc.metadata, "url", "link", "canonical")
            meta = json.dumps(doc.metadata, ensure_ascii=False)
            row = conn.execute("SELECT id, text_sha256, text FROM articles WHERE source = ?", (doc.source,)).fetchone()
            if row is None:
                if conn.execute("SELECT 1 FROM articles WHERE text_sha256 = ? LIMIT 1", (sha,)).fetchone():
                    report.duplicates.append(doc.source)  # another process imported it meanwhile
                    dup_shas[doc.source] = sha
                    continue
                cur = conn.execute(
                    "INSERT INTO articles (source, title, date, url, text, text_sha256, body_start, metadata, "
                    "imported, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (doc.source, title, date, url, doc.text, sha, doc.body_start, meta, now, now),
                )
                article_id = int(cur.lastrowid)
                report.imported.append(article_id)
                fresh_rows = True
            elif row[1] == sha:
                report.unchanged.append(row[0])
                report.article_of[doc.source] = row[0]
                continue
            else:
                article_id = int(row[0])
                keep_previous_version(conn, article_id, lib.index_key())  # i11: the old text stays as a version
                lib.unindex_article(conn, article_id)  # while the old text is still stored
                fresh_rows = True
                conn.execute(
                    "UPDATE articles SET title = ?, date = ?, url = ?, text = ?, text_sha256 = ?, body_start = ?, "
                    "metadata = ?, updated = ? WHERE id = ?",
                    (title, date, url, doc.text, sha, doc.body_start, meta, now, article_id),
                )
                moved, orphaned = notes_mod.reanchor_article(conn, article_id, row[2], doc.text, sha)
                report.reanchored += moved
                report.orphaned += orphaned
                report.updated.append(article_id)
            if sha in fresh and sha not in stored:
                lib.store_analysis(conn, sha, fresh[sha])
                stored.add(sha)
            lib.index_article(conn, article_id, doc.text, analysis, fresh=fresh_rows)
            report.article_of[doc.source] = article_id
    _resolve_duplicates(lib, dup_shas, report)


def _storable_doc(doc: Document) -> Document:
    fields = [doc.source, doc.title or "", *doc.metadata.keys(), *map(str, doc.metadata.values())]
    if not any(_has_surrogate(f) for f in fields) and not _has_surrogate(doc.text):
        return doc
    return replace(
        doc,
        source=storable(doc.source),
        title=storable(doc.title) if doc.title else doc.title,
        text=storable(doc.text),
        metadata={storable(str(k)): storable(str(v)) for k, v in doc.metadata.items()},
    )


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _resolve_duplicates(lib: Store, dup_shas: dict[str, str], report: ImportReport) -> None:
    """Point each duplicate source at the article that already holds its text."""
    if not dup_shas:
        return
    with lib.read("importing") as conn:
        for source, sha in dup_shas.items():
            r = conn.execute("SELECT id FROM articles WHERE text_sha256 = ? ORDER BY id LIMIT 1", (sha,)).fetchone()
            if r:
                report.article_of[source] = r[0]
