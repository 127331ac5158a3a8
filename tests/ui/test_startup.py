"""The reader's start-up as a user sees it: the article's text is in the very first frame, and the
navigator, the side panes and the key hints follow; the start-up's shortcuts leave nothing behind."""

from __future__ import annotations

import gc

import pytest
from uihelpers import THEME, wait_for, wait_ready

from briefing_tui.library import Library
from briefing_tui.ui.app import BriefingApp
from briefing_tui.ui.prefetch import StartupPrefetch
from briefing_tui.ui.settings import Settings


@pytest.fixture
def started(library_path, monkeypatch):
    """(app, frames): the app as `briefing` builds it (library open, first article prefetched);
    ``frames`` gets the text of the first frame drawn."""
    from textual.screen import Screen

    frames: list[str] = []
    original = Screen._compositor_refresh

    def record(screen: Screen) -> None:
        original(screen)
        if screen.is_current and not frames:  # the first frame, as plain text
            frames.append("\n".join(strip.text for strip in screen._compositor.render_strips()))

    monkeypatch.setattr(Screen, "_compositor_refresh", record)
    lib = Library.open(library_path)
    yield BriefingApp(lib, settings=Settings(), theme=THEME, prefetch=StartupPrefetch(lib)), frames
    lib.close()


async def test_the_first_frame_shows_the_article_and_the_rest_follows(started):
    app, frames = started
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        first = frames[0]
        title = screen.reader.view.title
        assert " ".join(title.split()[:4]) in first  # the title bar and the reader's first line
        opening = screen.view.text[screen.view.body_start :].split()[:3]
        assert " ".join(opening) in first.replace("\n", " ")
        # and then the navigator (articles, the open one's sections) and the panes
        await wait_for(pilot, lambda: screen.nav_ready and screen.nav._section_nodes, what="navigator")
        assert len(screen.nav._section_nodes) == len(screen.reader.sections)
        assert screen.panes_ready and screen.query_one("#entity-list").option_count > 0
        await wait_for(pilot, lambda: "Help" in screen.query_one("#footer").render().plain, what="key hints")


async def test_tab_reaches_the_navigator_mounted_after_the_first_frame(started):
    app, _frames = started
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("shift+tab")
        assert app.focused is app.screen.nav
        await pilot.press("down", "enter")  # a section of the open article: the reader goes there
        await pilot.pause()
        assert app.screen.reader.section_index() >= 1


async def test_cycle_collection_is_back_on_after_the_first_frame(started):
    """`briefing` turns the cycle collector off for its start-up; the reader must turn it back on."""
    app, _frames = started
    gc.disable()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(pilot)
            await wait_for(pilot, gc.isenabled, what="the cycle collector")
            assert gc.get_freeze_count() > 0  # what the start-up allocated is not walked again
    finally:
        gc.enable()
        gc.unfreeze()


async def test_workers_do_not_describe_themselves_with_the_article(started, monkeypatch):
    """Textual describes a worker by repr() of its arguments unless told otherwise: with the prefetched
    article as an argument that was a copy of the whole text and analysis (11 MB for a 1 MB article)."""
    from textual.worker import Worker

    descriptions: list[str] = []
    original = Worker.__init__

    def record(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        descriptions.append(self.description)

    monkeypatch.setattr(Worker, "__init__", record)
    app, _frames = started
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("slash", *"drone")
        await wait_for(pilot, lambda: len(descriptions) >= 2, what="workers")
        await pilot.pause(0.5)
    assert descriptions and max(len(d) for d in descriptions) < 200, descriptions


async def test_a_late_prefetch_is_awaited_not_read_again(library_path, monkeypatch):
    """On a busy machine the prefetch may still be reading when the screen mounts: its article is then
    shown when it arrives, not read a second time beside it (a 1 MB article's text and analysis twice)."""
    import time

    from briefing_tui.ui.controller import ReaderController

    class SlowPrefetch(StartupPrefetch):
        def _run(self) -> None:
            time.sleep(0.6)  # longer than the screen waits for it
            super()._run()

    reads: list[int] = []
    original = ReaderController.read_article

    def counted(self, article_id, *args, **kwargs):
        reads.append(article_id)
        return original(self, article_id, *args, **kwargs)

    monkeypatch.setattr(ReaderController, "read_article", counted)
    lib = Library.open(library_path)
    try:
        prefetch = SlowPrefetch(lib)
        app = BriefingApp(lib, settings=Settings(), theme=THEME, prefetch=prefetch)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_ready(pilot)
            screen = app.screen
            assert screen.reader.view is not None and screen.reader.view.text == lib.article(screen.article_id).text
            await wait_for(pilot, lambda: screen.nav_ready and screen.nav._section_nodes, what="navigator")
            assert reads == []  # shown from the prefetch: the screen's own reading never ran
            assert prefetch.result is None  # and not pinned for the app's lifetime
    finally:
        lib.close()
