"""The reader on a library that cannot be written (read-only file) or whose writes fail (disk full):
a banner says so, the note editor keeps the text and shows why, and nothing crashes or is half-written."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from briefing_tui.library import Library
from briefing_tui.library import store
from briefing_tui.ui.app import BriefingApp
from briefing_tui.ui.screens.main import MainScreen
from briefing_tui.ui.screens.note_editor import NoteEditor
from briefing_tui.ui.settings import Settings

from uihelpers import THEME, wait_ready


def open_readonly(path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    """Open the library as the store does for a file the user may not write (chmod does not stop
    root, so the permission check is what is simulated; the connection really is read-only)."""
    real_access = os.access

    def access(p, mode, *args, **kwargs):
        if mode == os.W_OK and Path(p) == path:
            return False
        return real_access(p, mode, *args, **kwargs)

    with monkeypatch.context() as mp:
        mp.setattr(store.os, "access", access)
        lib = Library.open(path)
    assert lib.readonly and lib.readonly_reason
    return lib


def note_error(app: BriefingApp) -> str:
    return str(app.screen.query_one("#note-error", Static).render())


async def test_a_read_only_library_opens_with_a_banner_and_keeps_unsaved_notes(library_path, monkeypatch):
    lib = open_readonly(library_path, monkeypatch)
    app = BriefingApp(lib, settings=Settings(), theme=THEME)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(pilot)
            screen = app.screen
            assert isinstance(screen, MainScreen)
            banner = str(screen.query_one("#readonly-banner", Static).render())
            assert banner.startswith(f"read-only: {lib.readonly_reason}")
            assert screen.query_one("#readonly-banner").region.height == 1  # on screen, one line
            # reading works; remembering the place is skipped silently (no crash, no error)
            await pilot.press("j", "j", "]")
            assert screen.reader.cursor > 2
            screen.save_state()
            app.theme = "textual-light"
            await pilot.pause()
            # a note on the sentence: the editor says at once why it cannot be saved ...
            await pilot.press("a")
            assert isinstance(app.screen, NoteEditor)
            assert "read-only" in note_error(app) and lib.readonly_reason in note_error(app)
            await pilot.press(*"keep me")
            await pilot.press("ctrl+s")
            # ... and saving does not close it or lose the text
            assert isinstance(app.screen, NoteEditor)
            assert "not saved" in note_error(app) and "read-only" in note_error(app)
            assert app.screen.query_one(TextArea).text == "keep me"
            await pilot.press("escape", "y")
            assert isinstance(app.screen, MainScreen)
            # the same for a note on the section
            await pilot.press("A", *"section note", "ctrl+s")
            assert isinstance(app.screen, NoteEditor)
            assert app.screen.query_one(TextArea).text == "section note" and "not saved" in note_error(app)
            await pilot.press("escape", "y", "q")
        assert app.return_code in (0, None) and app._exception is None
    finally:
        lib.close()
    with Library.open(library_path) as check:
        assert check.notes() == []
        assert check.get_state("ui.theme") is None  # nothing was written


class FullDisk:
    """A connection whose COMMIT fails after a note was inserted: the write is rolled back."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self.failures = 0
        self._note_inserted = False

    def execute(self, sql: str, *args):
        if sql.startswith("INSERT INTO notes"):
            self._note_inserted = True
        if sql == "COMMIT" and self._note_inserted:
            self._note_inserted = False
            self.failures += 1
            raise sqlite3.OperationalError("database or disk is full")
        return self._conn.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._conn, name)


async def test_a_failing_write_keeps_the_text_and_leaves_nothing_half_written(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        lib = app.library
        screen = app.screen
        real = lib._conn
        full = FullDisk(real)
        lib._conn = full
        try:
            await pilot.press("a", *"first try")
            await pilot.press("ctrl+s")
            assert full.failures == 1
            assert isinstance(app.screen, NoteEditor)
            assert "not saved" in note_error(app) and "disk is full" in note_error(app)
            assert app.screen.query_one(TextArea).text == "first try"
            assert lib.notes() == []  # the insert was rolled back
            # an error that is not a BriefingError (a raw sqlite3 error from below) is shown too
            lib._conn = real
            original = lib.add_note

            def broken(*args, **kwargs):
                raise sqlite3.OperationalError("disk I/O error")

            lib.add_note = broken
            await pilot.press("ctrl+s")
            assert isinstance(app.screen, NoteEditor) and "disk I/O error" in note_error(app)
            assert app.screen.query_one(TextArea).text == "first try"
            # the disk has room again: the same text is saved and the editor closes
            lib.add_note = original
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
        finally:
            lib._conn = real
        notes = lib.notes()
        assert [n.body for n in notes] == ["first try"]
        assert screen.reader.notes and screen.reader.notes[0].id == notes[0].id
        assert lib._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_remembering_the_place_survives_a_failing_write(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        lib = app.library

        def full(*args, **kwargs):
            raise sqlite3.OperationalError("database or disk is full")

        lib.set_state = full
        await pilot.press("j", "j", "m", "e", "tab")
        await pilot.pause(0.8)  # the position is saved on a timer
        app.theme = "textual-light"
        await pilot.press("escape", "q")
    assert app._exception is None


async def test_ctrl_o_edits_the_note_in_the_users_editor(app_factory, tmp_path, monkeypatch):
    import contextlib
    import sys

    script = tmp_path / "editor.py"
    script.write_text(
        "import os, stat, sys\n"
        "p = sys.argv[1]\n"
        "assert stat.S_IMODE(os.stat(p).st_mode) == 0o600\n"
        "text = open(p, encoding='utf-8').read()\n"
        "open(p, 'w', encoding='utf-8').write(text + ' and more from the editor\\n')\n",
        encoding="utf-8",
    )
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("a", *"draft")
        # no editor configured: said so, text kept
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.delenv("EDITOR", raising=False)
        await pilot.press("ctrl+o")
        assert "set $EDITOR" in note_error(app) and app.screen.query_one(TextArea).text == "draft"
        # an editor in a terminal textual cannot suspend (the headless test driver): an error, text kept
        monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
        await pilot.press("ctrl+o")
        assert "cannot hand the note" in note_error(app) and app.screen.query_one(TextArea).text == "draft"
        # a real editor run (suspending is a no-op here): its text comes back into the editor
        monkeypatch.setattr(type(app), "suspend", lambda self: contextlib.nullcontext())
        await pilot.press("ctrl+o")
        assert app.screen.query_one(TextArea).text == "draft and more from the editor"
        assert note_error(app) == ""
        # an editor that fails leaves the text as it was
        monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'raise SystemExit(3)'")
        await pilot.press("ctrl+o")
        assert "status 3" in note_error(app)
        assert app.screen.query_one(TextArea).text == "draft and more from the editor"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert [n.body for n in app.library.notes()] == ["draft and more from the editor"]
    assert not list(Path(os.environ.get("TMPDIR", "/tmp")).glob("briefing-note-*.md"))


@pytest.mark.parametrize(
    "error, shown",
    [(RuntimeError("boom"), "could not open the library: RuntimeError: boom"),
     (store.BriefingError("lib.sqlite3: article 1 is gone"), "lib.sqlite3: article 1 is gone")],
    ids=["bug", "briefing-error"],
)
async def test_a_failing_worker_shows_why_and_the_reader_stays_up(library_path, monkeypatch, error, shown):
    """A bug below the UI is reported with what failed; a BriefingError as it says; nothing crashes."""
    lib = Library.open(library_path)

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(lib, "article", fail)
    app = BriefingApp(lib, settings=Settings(), theme=THEME)
    async with app.run_test(size=(120, 40)) as pilot:
        status = app.screen.query_one("#status", Static)
        for _ in range(200):
            if shown in str(status.render()):
                break
            await pilot.pause(0.02)
        assert shown in str(status.render())
        await pilot.press("question_mark")  # still answers
        await pilot.pause()
        assert app.screen is not None and app.return_code is None
    lib.close()
