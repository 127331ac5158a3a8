"""Helpers for the UI tests: build the app on a library, wait until it is ready."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from briefing_tui.ui.app import BriefingApp
from briefing_tui.ui.settings import Settings

THEME = "textual-dark"


def make_app(path: Path, settings: Settings | None = None, **kwargs) -> BriefingApp:
    """The app on an already-open library (as `briefing` does for an existing library)."""
    from briefing_tui.library import Library

    lib = Library.open(path)
    return BriefingApp(lib, settings=settings or Settings(), theme=THEME, **kwargs)


async def wait_ready(pilot, timeout: float = 15.0) -> None:
    """Until an article is on screen and its analysis is in (workers done)."""
    app = pilot.app
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = app.screen
        # the text first; the navigator and the side panes are mounted just after it
        if (
            getattr(screen, "ready", False)
            and not getattr(screen, "analysing", False)
            and getattr(screen, "nav_ready", True)
            and getattr(screen, "panes_ready", True)
        ):
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the reader never became ready")


async def wait_for(pilot, predicate, timeout: float = 10.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")


