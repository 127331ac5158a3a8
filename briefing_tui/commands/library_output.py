"""Shared bits of the library sub-commands: opening the library, a lazy progress bar.

(JSON output goes through ``safe_text.json_dumps``, which keeps article text exact but escapes C1
controls, bidi overrides and line separators.) The progress bar (Rich) goes to stderr, only on a
terminal, and only once the work has taken more than a moment.
"""

from __future__ import annotations

import sys
import time
from typing import Any

def open_library(args: Any, *, taxonomy: str | None = None):  # noqa: ANN201
    from ..library import Library

    return Library.open(getattr(args, "library", None), taxonomy=taxonomy)  # (a nested action: SUPPRESS, maybe absent)


def _short(label: str, width: int = 48) -> str:
    """The progress label (a file name, maybe "(entry N of M)" inside a feed) for one terminal line."""
    from ..safe_text import one_line

    text = one_line(label)
    if len(text) <= width:
        return text
    entry = text.rfind(" (entry ")
    tail = text[entry:] if entry > 0 else ""
    keep = max(8, width - len(tail) - 1)
    return "…" + text[: entry if entry > 0 else len(text)][-keep:] + tail


class LazyProgress:
    """A ``progress(done, total, label)`` callback that shows a Rich bar on stderr after ``delay`` s."""

    def __init__(self, description: str = "importing", delay: float = 0.5) -> None:
        self.description = description
        self.delay = delay
        self.started = time.monotonic()
        self.enabled = sys.stderr.isatty()
        self._progress = None
        self._task = None

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self.started < self.delay or done >= total:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self._progress = Progress(
                TextColumn("{task.description}", markup=False),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[what]}", markup=False),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.description, total=total, what="")
        self._progress.update(self._task, completed=done, total=total, what=_short(label))

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> LazyProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
