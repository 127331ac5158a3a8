"""The reader under a monkey (issue 5 §6): thousands of random key presses through every screen, with
random terminal resizes, on a library of the seed and the shared corpus.

The key sequence comes from a seeded RNG (``BRIEFING_MONKEY_SEED`` overrides the seed, ``BRIEFING_MONKEY_KEYS``
the number of presses); every assertion names the seed and the last keys pressed. Asserted: the app
never crashes, still answers afterwards, and every note the monkey saved is in the library file.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import sqlite3
import time
from collections import Counter, deque
from pathlib import Path

import pytest

from briefing_tui.library import Library
from briefing_tui.ui.app import BriefingApp
from briefing_tui.ui.screens.main import MainScreen
from briefing_tui.ui.settings import Settings

from uihelpers import THEME, wait_for, wait_ready

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
SEED = int(os.environ.get("BRIEFING_MONKEY_SEED", "20261129"))
PRESSES = int(os.environ.get("BRIEFING_MONKEY_KEYS", "2000"))
BATCH = 20  # keys between two resizes

# Keys that open each screen: every batch starts with one of them, so every screen is visited.
OPENERS = ["question_mark", "ctrl+p", "a", "A", "slash", "x", "m", "e", "w", "tab", "v", "shift+tab"]
EXTRA_KEYS = [
    "escape", "escape", "enter", "enter", "tab", "shift+tab", "up", "down", "left", "right", "home", "end",
    "pageup", "pagedown", "space", "backspace", "delete", "ctrl+s", "ctrl+s", "ctrl+p", "question_mark", "slash",
    "colon", "full_stop", "comma", "minus", "quotation_mark", "apostrophe", "left_square_bracket",
    "right_square_bracket", "ctrl+a", "ctrl+e", "ctrl+k", "ctrl+u", "ctrl+w", "ctrl+c", "ctrl+x", "ctrl+v",
    "ctrl+z", "ctrl+y", "f1", "insert",
]


def binding_keys() -> list[str]:
    """Every key of every binding of the reader (quit keys included: the monkey's app does not quit)."""
    from briefing_tui.ui.screens.dialogs import ConfirmDialog, ExportDialog
    from briefing_tui.ui.screens.help import HelpScreen
    from briefing_tui.ui.screens.note_editor import NoteEditor
    from briefing_tui.ui.widgets.navigator import TopicNavigator
    from briefing_tui.ui.widgets.panes import NoteList
    from briefing_tui.ui.widgets.search_bar import SearchBar

    keys: set[str] = set()
    for cls in (BriefingApp, MainScreen, NoteList, SearchBar, NoteEditor, ConfirmDialog, ExportDialog, HelpScreen,
                TopicNavigator):
        for binding in cls.BINDINGS:
            keys.update(k.strip() for k in binding.key.split(","))
    return sorted(keys)


def key_alphabet() -> list[str]:
    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)] + [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    digits = [str(d) for d in range(10)]
    # bindings weigh three times: they are what moves between screens
    return binding_keys() * 3 + letters + digits + EXTRA_KEYS


class MonkeyApp(BriefingApp):
    """The reader, except that quitting (q, ctrl+q, the palette's Quit) is only counted."""

    quits = 0

    async def action_quit(self) -> None:
        self.quits += 1
        screen = self._main_screen()
        if screen is not None:
            screen.save_state()  # what quitting does before it exits

    def action_help_quit(self) -> None:  # ctrl+c: textual's "press ctrl+q to quit" notice
        self.quits += 1


@pytest.fixture(scope="module")
def monkey_library_file(seeded_library_file: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The seeded library plus the shared corpus, imported once with the real analyser."""
    folder = tmp_path_factory.mktemp("monkey")
    path = folder / "library.sqlite3"
    shutil.copyfile(seeded_library_file, path)
    files = sorted(p for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BRIEFING_CONFIG_DIR", str(folder / "config"))  # the shipped taxonomy, not the user's
        mp.setenv("HOME", str(folder / "home"))
        with Library.open(path) as lib:
            if files:
                report = lib.import_paths([str(p) for p in files])
                assert not report.failed, report.failed
                for article_id in lib.article_ids():  # analyses cached: the monkey never waits for spaCy
                    lib.analysis(article_id, compute=True)
            count = len(lib.article_ids())
    return path, count


def _key_event(key: str):
    """The Key event a terminal sends for a key name (as textual's pilot builds it)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    try:
        char: str | None = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
    except KeyError:
        char = key if len(key) == 1 else None
    return events.Key(key, char)


async def press(pilot, key: str) -> None:
    """One key press, handled before the next (every queued message of the screen processed), without
    pilot.press's two waits for an idle CPU (>= 40 ms a key): the monkey types fast."""
    app = pilot.app
    event = _key_event(key)
    event.set_sender(app)
    app._driver.send_message(event)
    await pilot._wait_for_screen()
    await asyncio.sleep(0)
    await pilot._wait_for_screen()


def screen_name(screen) -> str:  # noqa: ANN001
    from textual.command import CommandPalette

    if isinstance(screen, CommandPalette):
        return "CommandPalette"
    if isinstance(screen, MainScreen) and screen.focused is not None:
        node = screen.focused
        while node is not None and node.id != "search":
            node = node.parent
        if node is not None:
            return "SearchBar"  # the search bar is part of the main screen
    return type(screen).__name__


def monkey_key(rng: random.Random, alphabet: list[str], app: BriefingApp) -> str:
    """A random key; in the note editor now and then ctrl+s, so that the monkey saves notes."""
    from briefing_tui.ui.screens.note_editor import NoteEditor

    if isinstance(app.screen, NoteEditor) and rng.random() < 0.12:
        return "ctrl+s"
    return rng.choice(alphabet)


def home_keys(app: BriefingApp) -> list[str]:
    """The keys a user presses to get back to the reader from the screens open now."""
    from briefing_tui.ui.screens.dialogs import ConfirmDialog
    from briefing_tui.ui.screens.note_editor import NoteEditor

    keys = []
    for screen in reversed(app.screen_stack):
        if isinstance(screen, MainScreen):
            break
        if isinstance(screen, ConfirmDialog):
            keys.append("y")
        elif isinstance(screen, NoteEditor):
            keys += ["escape", "y"] if screen.text.strip() and screen.text != screen.initial else ["escape"]
        else:
            keys.append("escape")
    return keys


async def _close_modals(pilot, app: BriefingApp) -> None:
    """Back to the main screen the way a user would: escape, and 'y' to discard a draft."""
    from briefing_tui.ui.screens.dialogs import ConfirmDialog

    for _ in range(12):
        if isinstance(app.screen, MainScreen):
            break
        await pilot.press("y" if isinstance(app.screen, ConfirmDialog) else "escape")
    await pilot.press("escape", "escape", "escape")


@pytest.mark.slow(minutes=4)
async def test_the_monkey(monkey_library_file, tmp_path, monkeypatch):
    source, articles = monkey_library_file
    path = tmp_path / "library.sqlite3"
    shutil.copyfile(source, path)
    monkeypatch.chdir(tmp_path)  # exports and screenshots the monkey asks for land here
    monkeypatch.delenv("EDITOR", raising=False)  # ctrl+o in the note editor must not start a real editor
    monkeypatch.delenv("VISUAL", raising=False)
    rng = random.Random(SEED)
    alphabet = key_alphabet()
    lib = Library.open(path)
    saved: dict[int, str] = {}  # note id -> body, as the library returned them to the editor
    deleted: set[int] = set()
    real_add, real_edit, real_delete, real_restore = lib.add_note, lib.edit_note, lib.delete_note, lib.restore_note

    def add_note(*args, **kwargs):
        note = real_add(*args, **kwargs)
        saved[note.id] = note.body
        return note

    def edit_note(note_id, *args, **kwargs):
        note = real_edit(note_id, *args, **kwargs)
        saved[note.id] = note.body
        return note

    def delete_note(note_id):
        real_delete(note_id)
        deleted.add(note_id)

    def restore_note(note_id):
        note = real_restore(note_id)
        deleted.discard(note_id)
        return note

    lib.add_note, lib.edit_note, lib.delete_note, lib.restore_note = add_note, edit_note, delete_note, restore_note
    app = MonkeyApp(lib, settings=Settings(), theme=THEME)
    recent: deque[str] = deque(maxlen=30)
    screens: Counter[str] = Counter()
    presses = resizes = 0
    started = time.monotonic()

    def where() -> str:
        return f"seed {SEED}, after {presses} presses, last keys: {' '.join(recent)}"

    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(pilot, timeout=30)
            batch = 0
            while presses < PRESSES:
                width, height = rng.randint(40, 200), rng.randint(12, 60)
                await pilot.resize_terminal(width, height)
                resizes += 1
                keys = [OPENERS[batch % len(OPENERS)]]
                batch += 1
                if batch % 2 == 0:  # now and then, back to the reader first (counted as key presses)
                    keys = home_keys(app) + keys
                for step in range(min(len(keys) + BATCH - 1, PRESSES - presses)):
                    key = keys[step] if step < len(keys) else monkey_key(rng, alphabet, app)
                    recent.append(key)
                    await press(pilot, key)
                    presses += 1
                    screens[screen_name(app.screen)] += 1
                    assert app._exception is None, f"the app crashed ({app._exception!r}); {where()}"
                    assert app.is_running, f"the app stopped; {where()}"
                await pilot.pause()  # let workers (search, article loading) finish now and then
            await pilot.pause(0.3)
            assert app._exception is None, f"the app crashed ({app._exception!r}); {where()}"
            # the app still answers: back to the reader, `j` moves the cursor
            await pilot.resize_terminal(120, 40)
            await _close_modals(pilot, app)
            screen = app.screen
            assert isinstance(screen, MainScreen), f"stuck on {type(screen).__name__}; {where()}"
            await wait_for(pilot, lambda: screen.ready and not screen.analysing, timeout=30, what="the article")
            screen._focus_column("reader")
            if screen.reader.filter is not None:
                screen.reader.set_filter(None)
            await pilot.press("g")
            before = screen.reader.cursor
            await pilot.press("j")
            assert screen.reader.cursor == before + 1, f"j did not move the cursor; {where()}"
            await pilot.press("ctrl+q")
            assert app.quits > 0
        assert app._exception is None, f"the app crashed ({app._exception!r}); {where()}"
    finally:
        lib.close()
    elapsed = time.monotonic() - started
    # every note the monkey saved is in the library file (read back through a fresh connection)
    conn = sqlite3.connect(path)
    try:
        rows = dict(conn.execute("SELECT id, body FROM notes WHERE deleted = 0").fetchall())
        gone = {r[0] for r in conn.execute("SELECT id FROM notes WHERE deleted = 1")}
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    kept = {note_id: body for note_id, body in saved.items() if note_id not in deleted}
    assert rows == kept, f"notes lost or changed; {where()}"
    assert gone == deleted & set(saved), f"deleted notes not as the monkey left them; {where()}"
    visited = {name for name in screens}
    wanted = {"MainScreen", "SearchBar", "HelpScreen", "CommandPalette", "NoteEditor", "ExportDialog", "ConfirmDialog"}
    assert wanted <= visited, f"the monkey never saw {wanted - visited}; {where()}"
    print(
        f"\nmonkey: seed {SEED}, {articles} articles, {presses} key presses, {resizes} resizes, "
        f"{len(saved)} notes saved ({len(kept)} kept, {len(deleted & set(saved))} deleted by the monkey), "
        f"all verified in the library file; screens {dict(screens)}; {app.quits} quit attempts; {elapsed:.0f} s"
    )


# --- the crashes the monkey found, one test each ---------------------------------------------------


async def test_page_keys_in_a_palette_that_has_no_lines_yet(app_factory):
    """ctrl+p then pagedown at once (or in a terminal too small for the list): KeyError in Textual's
    OptionList._move_page ended the app."""
    app = app_factory()
    async with app.run_test(size=(40, 12)) as pilot:
        await wait_ready(pilot)
        for key in ("ctrl+p", "pagedown", "pageup", "escape", "ctrl+p", "x", "pagedown", "escape"):
            await press(pilot, key)
        await pilot.pause()
        assert app._exception is None and isinstance(app.screen, MainScreen)


async def test_option_lists_squeezed_to_no_width():
    """Going from a wide to a narrow terminal lays the screen out once with the wide columns before
    it switches to one column: the search results got exactly their padding as width, and Rich was
    asked to wrap their text to width 0 (ValueError). The lists used by the reader lay out nothing
    then, and page keys before any layout do nothing."""
    from textual.app import App
    from textual.geometry import Size
    from textual.widgets.option_list import Option

    from briefing_tui.ui.widgets.safe_lists import SafeOptionList

    class Tiny(App[None]):
        def compose(self):
            yield SafeOptionList(Option("no matches for zzqx"), Option("another line"), id="list")

    app = Tiny()
    async with app.run_test(size=(40, 12)):
        options = app.query_one("#list", SafeOptionList)
        padding = options.get_component_styles("option-list--option").padding.width
        assert options.get_content_height(Size(0, 0), Size(49, 45), padding) == 0
        assert options.get_content_height(Size(40, 12), Size(40, 12), padding + 10) >= 2
        fresh = SafeOptionList(Option("a"), Option("b"))
        fresh._move_page(1)  # not laid out yet: nothing happens
