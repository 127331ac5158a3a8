"""Faults in the library: a newer schema, read-only files and folders, a failing write (disk full, I/O
error) while saving a note, `kill -9` in the middle of an import, notes written while an import runs,
and privacy (owner-only files, note bodies never in logs)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.errors import BriefingError
from briefing_tui.library import Library
from briefing_tui.library.store import SCHEMA_VERSION

TESTS = str(Path(__file__).parent)
ARTICLE = (
    "Title: Tides\n\nThe harbour reopened after the storm. The ferry timetable would start again on Monday.\n"
    "Fishermen said the catch was good and the talks on quotas went on.\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def lib_path(tmp_path: Path, fake_analyser) -> Path:
    """A library with one article and one note (fake analyser, no seed)."""
    path = tmp_path / "lib" / "library.sqlite3"
    article = tmp_path / "tides.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with Library.open(path, seed=False) as lib:
        (article_id,) = lib.import_paths([article]).imported
        lib.add_note(article_id, 4, 11, "the first note", ["t"])
    return path


def snapshot(path: Path) -> dict:
    """Everything a user could lose, read with a plain sqlite3 connection."""
    conn = sqlite3.connect(path)
    try:
        return {
            "notes": conn.execute('SELECT id, article_id, start, "end", exact, body, tags, deleted, orphaned '
                                  "FROM notes ORDER BY id").fetchall(),
            "articles": conn.execute("SELECT id, source, text_sha256 FROM articles ORDER BY id").fetchall(),
            "sentences": conn.execute("SELECT count(*) FROM sentences").fetchone()[0],
            "fts": conn.execute("SELECT count(*) FROM fts_source").fetchone()[0],
            "state": conn.execute("SELECT * FROM state ORDER BY key").fetchall(),
        }
    finally:
        conn.close()


def assert_sound(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)")  # the index agrees with the text
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


# ---------------------------------------------------------------------------- a newer schema
def test_a_newer_schema_is_refused_by_every_command_and_never_migrated_down(lib_path: Path, capsys) -> None:
    conn = sqlite3.connect(lib_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    before = lib_path.read_bytes()
    for argv in (["list"], ["search", "harbour"], ["notes"], ["notes", "add", "1", "--at", "harbour", "--body", "x"],
                 ["export", "--format", "json"], ["import", str(lib_path.parent.parent / "tides.txt")]):
        code, out, err = run(capsys, *argv, "--library", str(lib_path))
        assert code == 2 and out == ""
        assert err == (f"briefing: {lib_path}: library schema version {SCHEMA_VERSION + 1} is newer than this "
                       f"briefing understands ({SCHEMA_VERSION}); upgrade briefing\n")
    assert lib_path.read_bytes() == before
    conn = sqlite3.connect(lib_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


# ---------------------------------------------------------------------------- read-only
def _deny_writes(monkeypatch, what: str) -> None:
    """Make the library file (or its folder) look read-only to briefing, as chmod would for a normal user."""
    from briefing_tui.library import store

    real_access = os.access

    def access(p, mode, *a, **kw):  # noqa: ANN001, ANN002, ANN003
        if mode & os.W_OK and (str(p).endswith(".sqlite3") if what == "file" else Path(p).name == "lib"):
            return False
        return real_access(p, mode, *a, **kw)

    monkeypatch.setattr(store.os, "access", access)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_library_opens_read_only_and_refuses_writes_saying_why(lib_path: Path, monkeypatch, capsys,
                                                                           what: str) -> None:
    before = snapshot(lib_path)
    _deny_writes(monkeypatch, what)
    with Library.open(lib_path) as lib:
        assert lib.readonly
        assert lib.readonly_reason == ("no permission to write the file" if what == "file"
                                       else "no permission to write its folder")
        assert len(lib.articles()) == 1 and lib.notes()[0].body == "the first note"
        assert lib.search("harbour")
        assert lib.analysis(1, compute=False) is not None
        for write in (lambda: lib.add_note(1, 0, 5, "new"), lambda: lib.edit_note(1, body="changed"),
                      lambda: lib.delete_note(1), lambda: lib.set_state("k", "v")):
            with pytest.raises(BriefingError) as err:
                write()
            assert "the library is read-only (no permission to write" in str(err.value)
            assert str(lib_path) in str(err.value) and "\n" not in str(err.value)
    code, out, err = run(capsys, "notes", "add", "1", "--at", "harbour", "--body", "secret body", "--library",
                         str(lib_path))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "saving a note: the library is read-only" in err and "secret body" not in err
    code, out, err = run(capsys, "list", "--library", str(lib_path))
    assert code == 0 and "Tides" in out
    assert snapshot(lib_path) == before


def test_a_library_sqlite_itself_cannot_write_gives_a_clean_error(lib_path: Path, monkeypatch) -> None:
    """The permissions looked fine but the file is not writable after all (a read-only mount, a lock file):
    SQLite's "attempt to write a readonly database" becomes a one-line BriefingError."""
    from briefing_tui.library import store

    real_connect = store._connect
    monkeypatch.setattr(store, "_connect", lambda p, readonly: real_connect(p, True))
    before = snapshot(lib_path)
    lib = Library.open(lib_path, seed=False)
    try:
        assert not lib.readonly
        with pytest.raises(BriefingError, match="saving a note: the library is read-only"):
            lib.add_note(1, 0, 5, "new")
        assert [n.body for n in lib.notes()] == ["the first note"]
    finally:
        lib.close()
    assert snapshot(lib_path) == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes files whatever their mode")
def test_a_chmod_read_only_library(lib_path: Path, capsys) -> None:
    os.chmod(lib_path, 0o400)
    try:
        with Library.open(lib_path) as lib:
            assert lib.readonly
        code, _, err = run(capsys, "notes", "add", "1", "--at", "harbour", "--body", "x", "--library", str(lib_path))
        assert code == 2 and "read-only" in err
    finally:
        os.chmod(lib_path, 0o600)


# ---------------------------------------------------------------------------- failing writes
class FailingConnection:
    """Wraps a sqlite3 connection; statements containing ``at`` raise ``error`` (a full disk, an I/O error)."""

    def __init__(self, real: sqlite3.Connection, at: str, error: str) -> None:
        self._real, self.at, self.error, self.fired = real, at, error, 0

    def _check(self, sql: str) -> None:
        if self.at in sql:
            self.fired += 1
            raise sqlite3.OperationalError(self.error)

    def execute(self, sql: str, *args):  # noqa: ANN002, ANN201
        self._check(sql)
        return self._real.execute(sql, *args)

    def executemany(self, sql: str, *args):  # noqa: ANN002, ANN201
        self._check(sql)
        return self._real.executemany(sql, *args)

    def __getattr__(self, name: str):  # noqa: ANN204
        return getattr(self._real, name)


FAULTS = [
    ("INSERT INTO notes", "database or disk is full", "the disk is full"),
    ("INSERT INTO notes", "disk I/O error", "disk I/O error"),
    ("COMMIT", "database or disk is full", "the disk is full"),
    ("COMMIT", "disk I/O error", "disk I/O error"),
]


@pytest.mark.parametrize(("at", "error", "says"), FAULTS)
def test_a_failing_write_while_saving_a_note_leaves_nothing_half_written(lib_path: Path, at: str, error: str,
                                                                          says: str) -> None:
    before = snapshot(lib_path)
    lib = Library.open(lib_path, seed=False)
    try:
        real = lib._conn
        lib._conn = FailingConnection(real, at, error)
        with pytest.raises(BriefingError) as err:
            lib.add_note(1, 4, 11, "a body that must not be lost silently", ["x"])
        assert lib._conn.fired
        msg = str(err.value)
        assert msg == f"{lib_path}: saving a note: {says}" and "a body that" not in msg
        lib._conn = real
        assert not real.in_transaction  # rolled back, not left open
        assert [n.body for n in lib.notes()] == ["the first note"]
        # the library still works afterwards
        lib.add_note(1, 4, 11, "after the fault")
    finally:
        lib.close()
    after = snapshot(lib_path)
    assert after["notes"][:1] == before["notes"] and len(after["notes"]) == 2
    assert {k: v for k, v in after.items() if k != "notes"} == {k: v for k, v in before.items() if k != "notes"}
    assert_sound(lib_path)


@pytest.mark.parametrize(("error", "says"), [
    ("database disk image is malformed", "the library file is damaged"),
    ("database is locked", "the library is busy"),
    ("disk I/O error", "disk I/O error"),
])
def test_a_failing_search_says_which_library_and_why_in_one_line(lib_path: Path, error: str, says: str) -> None:
    lib = Library.open(lib_path, seed=False)
    try:
        real = lib._conn
        lib._conn = FailingConnection(real, "FROM fts", error)
        with pytest.raises(BriefingError) as err:
            lib.search("ferry")
        assert lib._conn.fired
        assert str(err.value).startswith(f"{lib_path}: searching: {says}") and "\n" not in str(err.value)
        lib._conn = real
        assert lib.search("nosuchwordanywhere") == []  # the library still answers afterwards
    finally:
        lib.close()


@pytest.mark.parametrize("at", ["UPDATE notes SET body", "UPDATE notes SET updated", "COMMIT"])
def test_a_failing_write_while_editing_a_note_keeps_the_old_note(lib_path: Path, at: str) -> None:
    before = snapshot(lib_path)
    lib = Library.open(lib_path, seed=False)
    try:
        real = lib._conn
        lib._conn = FailingConnection(real, at, "database or disk is full")
        with pytest.raises(BriefingError, match="saving a note: the disk is full"):
            lib.edit_note(1, body="new body", tags=["new"])
        lib._conn = real
        note = lib.note(1)
        assert (note.body, note.tags) == ("the first note", ("t",))  # all of the edit or none of it
    finally:
        lib.close()
    assert snapshot(lib_path) == before
    assert_sound(lib_path)


def test_a_really_full_database_refuses_the_note_and_keeps_the_rest(lib_path: Path) -> None:
    """No mock: SQLite's own limit on the file size (max_page_count) makes the disk "full"."""
    lib = Library.open(lib_path, seed=False)
    try:
        pages = lib._conn.execute("PRAGMA page_count").fetchone()[0]
        lib._conn.execute(f"PRAGMA max_page_count = {pages}")
        big = "x" * 200_000  # needs many new pages
        with pytest.raises(BriefingError) as err:
            lib.add_note(1, 4, 11, big)
        assert str(err.value) == f"{lib_path}: saving a note: the disk is full"
        assert [n.body for n in lib.notes()] == ["the first note"]
    finally:
        lib.close()
    assert_sound(lib_path)


def test_a_failing_write_in_the_middle_of_an_import_leaves_no_half_article(lib_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    for i in range(20):
        (folder / f"{i:02d}.txt").write_text(f"Article {i}: the harbour talks, day {i}. Ships waited.\n",
                                             encoding="utf-8")
    before = snapshot(lib_path)
    lib = Library.open(lib_path, seed=False)
    try:
        real = lib._conn
        lib._conn = FailingConnection(real, "INSERT INTO fts", "database or disk is full")
        with pytest.raises(BriefingError, match="importing: the disk is full"):
            lib.import_paths([folder])
        lib._conn = real
    finally:
        lib.close()
    assert snapshot(lib_path) == before  # the failed batch is not there at all
    assert_sound(lib_path)
    with Library.open(lib_path, seed=False) as lib:  # and the next import does the whole job
        assert len(lib.import_paths([folder]).imported) == 20
    assert_sound(lib_path)


# ---------------------------------------------------------------------------- kill -9 mid-import
IMPORTER = """
import sys
sys.path.insert(0, {tests!r})
from fakes import AnalyserSpy
from briefing_tui.analysis import pipeline
pipeline.analyse_many = AnalyserSpy()  # cheap analysis; everything else is the real command
from briefing_tui.cli import main
sys.exit(main(["import", *sys.argv[1:]]))
"""


def _count(path: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.mark.slow
def test_kill_9_in_the_middle_of_importing_1000_files(tmp_path: Path, fake_analyser) -> None:
    folder = tmp_path / "thousand"
    for i in range(1000):
        sub = folder / f"d{i // 100}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:04d}.txt").write_text(
            f"Title: Report {i}\n\nThe harbour talks went on for day {i}. The alliance met at port {i % 37}.\n"
            f"Fishermen said the catch on day {i} was good.\n", encoding="utf-8")
    lib = tmp_path / "lib.sqlite3"
    Library.open(lib, seed=False).close()
    script = tmp_path / "importer.py"
    script.write_text(IMPORTER.format(tests=TESTS), encoding="utf-8")
    kills = []
    rng = random.Random(9)
    for target in (150, 300, 450, 600, 800):  # kill five times, each time later on, at a random moment

        proc = subprocess.Popen([sys.executable, str(script), str(folder), "--library", str(lib)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while _count(lib) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.02))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        kills.append(_count(lib))
        assert_sound(lib)
    assert kills == sorted(kills) and kills[0] < 1000, kills  # each run got further, none finished
    result = subprocess.run([sys.executable, str(script), str(folder), "--library", str(lib)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert f"{1000 - kills[-1]} imported, 0 updated, {kills[-1]} unchanged, 0 duplicate, 0 failed" in result.stdout
    assert_sound(lib)
    conn = sqlite3.connect(lib)
    try:
        sources = [r[0] for r in conn.execute("SELECT source FROM articles")]
        assert len(sources) == len(set(sources)) == 1000
        assert {Path(s).name for s in sources} == {f"{i:04d}.txt" for i in range(1000)}
        assert conn.execute("SELECT count(DISTINCT text_sha256) FROM articles").fetchone()[0] == 1000
        # every article is fully indexed: 3 sentences each, all in the search index
        assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 3000
        assert conn.execute("SELECT count(*) FROM fts WHERE fts MATCH 'fishermen'").fetchone()[0] == 1000
        assert conn.execute("SELECT count(*) FROM articles WHERE indexed_key IS NULL").fetchone()[0] == 0
    finally:
        conn.close()
    print(f"\nkilled at {kills} articles; the next import finished the remaining {1000 - kills[-1]}")


# ---------------------------------------------------------------------------- notes written during an import
WRITER = """
import contextlib, io, os, sys, time
sys.path.insert(0, {tests!r})
from fakes import AnalyserSpy
from briefing_tui.analysis import pipeline
pipeline.analyse_many = AnalyserSpy()
from briefing_tui.cli import main
lib, who, stop = sys.argv[1], sys.argv[2], sys.argv[3]
end = time.monotonic() + 600  # a cap in case the test dies before it creates the stop file
i = 0
while not os.path.exists(stop) and time.monotonic() < end:
    body = f"{{who}}-{{i}}"
    argv = ["notes", "add", "1", "--at", "ferry timetable", "--body", body, "--tag", who, "--library", lib]
    if i % 5 == 4:
        argv = ["notes", "--library", lib]  # now and then read them all, as a reader would
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    print(f"RESULT {{code}} {{body if argv[0] == 'notes' and argv[1] == 'add' else '-'}}", flush=True)
    i += 1
"""


@pytest.mark.slow
def test_two_note_writers_and_an_import_together_lose_nothing(lib_path: Path, tmp_path: Path) -> None:
    seconds = 20.0
    folder = tmp_path / "incoming"
    for i in range(3000):
        sub = folder / f"d{i // 500}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:04d}.txt").write_text(
            f"Title: Wire {i}\n\nThe ferry talks went on for day {i}. Port {i % 41} stayed open.\n", encoding="utf-8")
    writer = tmp_path / "writer.py"
    writer.write_text(WRITER.format(tests=TESTS), encoding="utf-8")
    importer = tmp_path / "importer.py"
    importer.write_text(IMPORTER.format(tests=TESTS), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    stop = tmp_path / "stop"  # the writers write until it exists, so they overlap every import however slow
    started = time.monotonic()
    writers = [subprocess.Popen([sys.executable, str(writer), str(lib_path), who, str(stop)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in ("left", "right")]
    imports: list[subprocess.CompletedProcess] = []
    try:
        while len(imports) < 2 or time.monotonic() - started < seconds - 2:  # two imports even on a busy machine
            imports.append(subprocess.run([sys.executable, str(importer), str(folder), "--library", str(lib_path)],
                                          capture_output=True, text=True, env=env, timeout=300))
            for p in folder.rglob("*.txt"):  # change every file: the next import rewrites 3,000 articles
                p.write_text(p.read_text(encoding="utf-8") + f"Update {len(imports)}.\n", encoding="utf-8")
    finally:
        stop.touch()
    saved: dict[str, list[str]] = {}
    for who, p in zip(("left", "right"), writers):
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0 and err == "", err
        lines = [line.split(" ", 2)[1:] for line in out.splitlines() if line.startswith("RESULT ")]
        assert all(code == "0" for code, _ in lines), [line for line in lines if line[0] != "0"][:5]
        saved[who] = [body for _, body in lines if body != "-"]
    for result in imports:
        assert result.returncode == 0 and result.stderr == "", result.stderr
        assert "locked" not in result.stdout
    with Library.open(lib_path, seed=False) as lib:
        for who, bodies in saved.items():
            assert [n.body for n in sorted(lib.notes(tag=who), key=lambda n: n.id)] == bodies
        art = lib.article(1)
        assert all(art.text[n.start:n.end] == n.exact for n in lib.notes())
        assert len(lib.articles()) == 3001
    assert_sound(lib_path)
    total = sum(len(b) for b in saved.values())
    print(f"\n{total} notes written by 2 processes during {len(imports)} imports of 3,000 files "
          f"({time.monotonic() - started:.0f} s): all {total} found, none lost, no 'locked' error")
    assert total >= 20 and len(imports) >= 2


# ---------------------------------------------------------------------------- privacy
def test_library_and_its_side_files_are_private(tmp_path: Path, fake_analyser, monkeypatch) -> None:
    os.umask(0o022)  # a usual umask, which would make files world-readable
    path = tmp_path / "data" / "briefing" / "library.sqlite3"
    lib = Library.open(path, seed=False)
    try:
        lib.set_state("x", "y")  # the -wal and -shm files exist while the library is open
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert p.exists(), p
            assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    finally:
        lib.close()


def test_the_default_library_in_the_data_dir_is_private(fake_analyser, _isolated_home: Path) -> None:
    os.umask(0o022)
    with Library.open(seed=False) as lib:
        path = lib.path
        lib.set_state("x", "y")
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(Path(f"{path}-wal").stat().st_mode) == 0o600
    assert str(path).startswith(str(_isolated_home))


def test_an_export_file_is_private(lib_path: Path, tmp_path: Path, capsys) -> None:
    os.umask(0o022)
    out = tmp_path / "notes.json"
    code, _, err = run(capsys, "export", "--format", "annotations", "-o", str(out), "--library", str(lib_path))
    assert code == 0, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_note_bodies_never_go_to_logs_or_stray_files(lib_path: Path, tmp_path: Path, capsys, _isolated_home: Path,
                                                     monkeypatch) -> None:
    import logging

    secret = "SECRET-BODY-7f3a do not log"
    records: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    root = logging.getLogger()
    handler = Catch(level=logging.DEBUG)
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.DEBUG)
    monkeypatch.setenv("BRIEFING_LIBRARY", str(lib_path))
    try:
        outputs = []
        for argv in (["notes", "add", "1", "--at", "harbour", "--body", secret],
                     ["notes", "edit", "2", "--body", secret + " edited"],
                     ["notes", "add", "1", "--at", "not in the text", "--body", secret],
                     ["notes", "add", "99", "--at", "harbour", "--body", secret],
                     ["notes", "delete", "2"], ["notes", "restore", "2"]):
            code, out, err = run(capsys, *argv)
            outputs.append(err)
            assert secret not in out
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    assert all(secret not in err for err in outputs)
    assert not any(secret in r for r in records)
    # nothing outside the library file holds it (no log, cache or temp file under HOME or the temp dir)
    library_files = {lib_path, Path(f"{lib_path}-wal"), Path(f"{lib_path}-shm")}
    for folder in (_isolated_home, tmp_path):
        for p in folder.rglob("*"):
            if p.is_file() and p not in library_files:
                assert secret.encode() not in p.read_bytes(), p
    with Library.open(lib_path, seed=False) as lib:
        assert lib.note(2).body == secret + " edited"


# ---------------------------------------------------------------------------- a busy library
def test_readers_are_never_blocked_by_a_writer(lib_path: Path, capsys) -> None:
    other = sqlite3.connect(lib_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE notes SET body = 'uncommitted' WHERE id = 1")
    try:
        for argv in (["list"], ["search", "harbour"], ["notes"], ["export", "--format", "json"]):
            code, out, err = run(capsys, *argv, "--library", str(lib_path))
            assert code == 0 and err == "", (argv, err)
        assert "the first note" in run(capsys, "notes", "--library", str(lib_path))[1]
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_a_writer_waits_for_another_and_then_saves(lib_path: Path) -> None:
    import threading

    other = sqlite3.connect(lib_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(1.0, lambda: other.execute("COMMIT"))
    timer.start()
    try:
        with Library.open(lib_path, seed=False) as lib:
            t = time.monotonic()
            lib.add_note(1, 4, 11, "waited")
            assert 0.8 < time.monotonic() - t < 5
            assert [n.body for n in lib.notes()] == ["the first note", "waited"]
    finally:
        timer.join()
        other.close()


def test_a_writer_that_waits_too_long_says_busy_and_saves_nothing(lib_path: Path, capsys, monkeypatch) -> None:
    from briefing_tui.library import store

    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 300)
    other = sqlite3.connect(lib_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        code, out, err = run(capsys, "notes", "add", "1", "--at", "harbour", "--body", "private words",
                             "--library", str(lib_path))
        assert code == 2 and out == ""
        assert err == (f"briefing: {lib_path}: saving a note: the library is busy (another briefing is writing); "
                       "try again\n")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert [b for (*_, b, _t, _d, _o) in snapshot(lib_path)["notes"]] == ["the first note"]
