"""The History pane: an article's versions, newest first, each with its time, size and what changed.

Option ids are ``version:<number>``; choosing one opens the changes from the version before it.
Prompts are ``Content`` built from plain strings (nothing from an article is parsed as markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.content import Content
from textual.widgets.option_list import Option

from .reader_layout import literal
from .safe_lists import SafeOptionList


class HistoryList(SafeOptionList):
    """Versions of the open article (the current one first)."""

    def show(self, rows: Sequence[tuple[Any, str]] | None) -> None:
        """``rows``: (library.versions.Version, summary) oldest first; None while they are read."""
        if rows is None:
            self.set_options([Option(Content("(reading versions…)"), disabled=True)])
            return
        if len(rows) <= 1:
            self.set_options([Option(Content("(one version: the text never changed)"), disabled=True)])
            return
        options = []
        for v, summary in reversed(rows):
            when = v.imported[:16].replace("T", " ")
            head = Content.assemble(
                (f"v{v.number}", "bold $text-primary"),
                f"  {when}  ",
                (f"{v.size:,} chars", "dim"),
                ("  current" if v.current else "", "bold $text-success"),
            )
            prompt = Content.assemble(head, "\n", (" ".join(literal(summary).split()), "italic"))
            options.append(Option(prompt, id=f"version:{v.number}", disabled=v.number == 1))
        self.set_options(options)
