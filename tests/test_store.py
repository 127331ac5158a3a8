"""The library file: creation, seeding, refusing foreign or corrupted files, schema versions, state."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from briefing_tui.errors import BriefingError
from briefing_tui.library import Library
from briefing_tui.library.store import SCHEMA_VERSION


def test_new_library_is_private_and_filled_with_the_seed(tmp_path: Path, seeded_library_file: Path) -> None:
    # the session fixture made a brand-new library: it holds the bundled seed, analysed
    lib = Library.open(seeded_library_file)
    try:
        arts = lib.articles()
        assert len(arts) == 1
        assert arts[0].source.endswith("nato-hybrid-threats.txt")
        assert arts[0].analysed and "peace-talks" in arts[0].section_topics
    finally:
        lib.close()
    assert stat.S_IMODE(os.stat(seeded_library_file).st_mode) == 0o600


def test_new_folder_and_file_permissions(tmp_path: Path, fake_analyser) -> None:
    path = tmp_path / "deep" / "er" / "lib.sqlite3"
    Library.open(path, seed=False).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700


def test_default_location_is_the_data_dir_and_env_overrides_it(tmp_path: Path, monkeypatch, fake_analyser,
                                                             _isolated_home: Path) -> None:
    lib = Library.open(seed=False)
    try:
        assert str(lib.path).startswith(str(_isolated_home))
    finally:
        lib.close()
    monkeypatch.setenv("BRIEFING_LIBRARY", str(tmp_path / "env.sqlite3"))
    lib = Library.open(seed=False)
    try:
        assert lib.path == tmp_path / "env.sqlite3"
    finally:
        lib.close()


def test_wal_and_busy_timeout(seeded_library) -> None:
    conn = seeded_library._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.mark.parametrize(
    "content",
    [
        b"this is a plain text file, not a database\n" * 20,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        b"SQLite format 3\x00" + b"\xff\x13garbage" * 500,
    ],
    ids=["text", "binary", "corrupted-sqlite"],
)
def test_a_foreign_or_corrupted_file_is_refused_and_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(content)
    with pytest.raises(BriefingError, match="not a briefing library"):
        Library.open(path)
    assert path.read_bytes() == content
    assert not Path(str(path) + "-wal").exists()


def test_another_programs_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE things (a, b)")
    conn.execute("INSERT INTO things VALUES (1, 2)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(BriefingError, match="another program"):
        Library.open(path)
    assert path.read_bytes() == before


def test_a_damaged_library_gives_a_clear_error_and_keeps_its_bytes(library_path: Path) -> None:
    data = bytearray(library_path.read_bytes())
    # wipe everything after the first page (the schema and all tables)
    page = int.from_bytes(data[16:18], "big") or 65536
    data[page:] = b"\xa5" * (len(data) - page)
    library_path.write_bytes(bytes(data))
    with pytest.raises(BriefingError) as err:
        lib = Library.open(library_path)
        lib.articles()
        lib.close()
    assert str(library_path) in str(err.value)
    assert library_path.read_bytes() == bytes(data)


def test_a_newer_schema_is_refused(library_path: Path) -> None:
    conn = sqlite3.connect(library_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    with pytest.raises(BriefingError, match="newer"):
        Library.open(library_path)


def test_a_folder_is_not_a_library(tmp_path: Path) -> None:
    with pytest.raises(BriefingError, match="directory"):
        Library.open(tmp_path)


def test_state_persists(library_path: Path) -> None:
    with Library.open(library_path) as lib:
        assert lib.get_state("last_article") is None
        assert lib.get_state("missing", "x") == "x"
        lib.set_state("last_article", "1")
    with Library.open(library_path) as lib:
        assert lib.get_state("last_article") == "1"


def test_article_details_and_unknown_article(seeded_library) -> None:
    art = seeded_library.article(1)
    assert art.text.startswith("NATO weighs")
    assert art.source.endswith("nato-hybrid-threats.txt")
    with pytest.raises(BriefingError, match="no such article"):
        seeded_library.article(999)


def test_a_read_only_library_can_be_read_but_not_written(library_path: Path, monkeypatch) -> None:
    from briefing_tui.library import store

    real_access = os.access
    monkeypatch.setattr(store.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    os.chmod(library_path, 0o400)
    try:
        with Library.open(library_path) as lib:
            assert lib.readonly
            assert len(lib.articles()) == 1
            assert lib.analysis(1, compute=False) is not None
            with pytest.raises(BriefingError, match="read-only"):
                lib.add_note(1, 0, 4, "x")
    finally:
        os.chmod(library_path, 0o600)


def _run_fresh(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          env=os.environ.copy(), timeout=120)


def test_loading_a_cached_analysis_does_not_import_spacy(library_path: Path) -> None:
    result = _run_fresh(f"""
        import sys
        from briefing_tui.library import Library
        lib = Library.open({str(library_path)!r})
        a = lib.analysis(1, compute=False)
        assert a is not None and len(a.sentences) > 10
        lib.search("alliance")
        lib.notes()
        lib.articles()
        print("spacy" in sys.modules, "textual" in sys.modules, "rich" in sys.modules)
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False"]


def test_analysis_is_computed_when_missing(seeded_library, fake_analyser) -> None:
    conn = seeded_library._conn
    conn.execute("DELETE FROM analyses")
    assert seeded_library.analysis(1, compute=False) is None
    assert seeded_library.articles()[0].analysed is False
    analysis = seeded_library.analysis(1)
    assert analysis is not None and fake_analyser.analysed == 1
    assert seeded_library.articles()[0].analysed is True
    seeded_library.analysis(1)
    assert fake_analyser.analysed == 1  # cached now


def test_forward_migration_keeps_everything(library_path: Path, monkeypatch) -> None:
    from briefing_tui.library import store

    with Library.open(library_path) as lib:
        lib.add_note(1, 0, 4, "before the upgrade")
    upgraded = store.MIGRATIONS + ("ALTER TABLE notes ADD COLUMN colour TEXT NOT NULL DEFAULT 'yellow';",)
    monkeypatch.setattr(store, "MIGRATIONS", upgraded)
    monkeypatch.setattr(store, "SCHEMA_VERSION", len(upgraded))
    with Library.open(library_path) as lib:
        assert lib._conn.execute("PRAGMA user_version").fetchone()[0] == len(upgraded)
        assert [n.body for n in lib.notes()] == ["before the upgrade"]
        assert lib._conn.execute("SELECT colour FROM notes").fetchall() == [("yellow",)]
        assert len(lib.search("alliance")) > 0


def test_listing_the_library_reads_an_index_not_every_article_text(empty_library) -> None:
    """The reader lists the library (titles, topics, unread and feed marks) right after its first frame;
    scanning the articles table would walk every article's text into SQLite's page cache (megabytes)."""
    from briefing_tui.library.read_state import article_extras, feeds_of_articles, unread_ids
    from briefing_tui.model import Document

    lib = empty_library
    long_text = "Long text. " * 800
    lib.import_documents([Document(f"a{i}.txt", f"Title {i}\n\n{long_text}", f"Title {i}") for i in range(3)])
    queries: list[str] = []
    with lib.read() as conn:
        conn.set_trace_callback(queries.append)
    try:
        assert len(lib.articles()) == 3 and len(unread_ids(lib)) == 3
        feeds_of_articles(lib)
        article_extras(lib)
    finally:
        with lib.read() as conn:
            conn.set_trace_callback(None)
    listing = [q for q in queries if "FROM articles" in q]
    assert len(listing) >= 4
    with lib.read() as conn:
        for query in listing:
            plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + query.replace("?", "NULL"))]
            scans = [step for step in plan if step.startswith("SCAN")]
            assert scans and all("COVERING INDEX" in step for step in scans), (query, plan)
