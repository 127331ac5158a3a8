"""Snapshot tests (pytest-textual-snapshot) of the main screen, search and the note editor.

Deterministic: a private copy of the seed-only library, a fixed theme, no cursor blink.
`snap_compare` is synchronous, so these tests are plain functions. Update with `--snapshot-update`.
"""

from __future__ import annotations

from textual.widgets import Input, TextArea
from uihelpers import make_app, wait_for, wait_ready


def _no_blink(app) -> None:
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for widget in app.screen.query(TextArea):
        widget.cursor_blink = False


def test_main_screen_120x40(snap_compare, library_path):
    async def ready(pilot):
        await wait_ready(pilot)
        await pilot.press("j", "j")
        await pilot.pause()

    assert snap_compare(make_app(library_path), terminal_size=(120, 40), run_before=ready)


def test_main_screen_80x24(snap_compare, library_path):
    async def ready(pilot):
        await wait_ready(pilot)
        await pilot.press("right_square_bracket", "j")
        await pilot.pause()

    assert snap_compare(make_app(library_path), terminal_size=(80, 24), run_before=ready)


def test_next_section_heading_at_the_top_120x40(snap_compare, library_path):
    """`]` brings the next section's heading to the top of the reader, one line of context above it."""

    async def next_section(pilot):
        await wait_ready(pilot)
        await pilot.press("right_square_bracket")
        await pilot.pause()

    assert snap_compare(make_app(library_path), terminal_size=(120, 40), run_before=next_section)


def test_search(snap_compare, library_path):
    async def search(pilot):
        await wait_ready(pilot)
        await pilot.press("slash")
        _no_blink(pilot.app)
        await pilot.press(*"Geneva")
        bar = pilot.app.screen.search_bar
        await wait_for(pilot, lambda: len(bar.hits) >= 2, what="search hits")
        await pilot.pause()

    assert snap_compare(make_app(library_path), terminal_size=(120, 40), run_before=search)


def test_note_editor(snap_compare, library_path):
    async def annotate(pilot):
        await wait_ready(pilot)
        await pilot.press("3", "a")
        _no_blink(pilot.app)
        await pilot.press(*"Talks **moved** to Geneva", "enter", *"- follow up")
        await pilot.pause()

    assert snap_compare(make_app(library_path), terminal_size=(120, 40), run_before=annotate)
