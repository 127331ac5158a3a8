"""The Quotes pane says what a quote without a speaker is: a scare quote, term or title is marked as
such; only real quotations the analysis could not attribute say "unattributed"."""

from __future__ import annotations

from textual.app import App, ComposeResult

from briefing_tui.model import Analysis, Quote
from briefing_tui.ui.widgets.panes import QuoteList


class _Pane(App):
    def compose(self) -> ComposeResult:
        yield QuoteList(id="quote-list")


async def test_a_scare_quote_is_marked_as_a_term_not_unattributed():
    # offsets into: The so-called “shadow fleet” sailed. “We wait,” a voice said.
    analysis = Analysis(source="t.txt", title="t", text_sha256="0", quotes=(
        Quote(15, 29, "shadow fleet", kind="scare"),
        Quote(37, 46, "We wait,"),
    ))
    app = _Pane()
    async with app.run_test() as pilot:
        pane = app.query_one(QuoteList)
        pane.show(analysis)
        await pilot.pause()
        first, second = (str(pane.get_option(f"quote:{i}").prompt) for i in (0, 1))
        assert first.startswith("term or title") and "shadow fleet" in first
        assert second.startswith("unattributed")
