"""Pilot tests of versions and briefs in the reader: the History pane, show changes, brief mode and
the library brief screen (articles analysed by the fake analyser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import write
from textual.command import CommandPalette
from textual.widgets import OptionList

from briefing_tui.ui.screens.changes import DELETED, INSERTED, ChangesScreen
from briefing_tui.ui.screens.help import HelpScreen
from briefing_tui.ui.screens.library_brief import BriefScreen
from briefing_tui.ui.screens.main import MainScreen

from uihelpers import make_app, wait_for, wait_ready

V1 = (
    "The harbour talks opened on Monday in the capital.\n\n"
    "Alda Kestrel said “We will sign nothing until the fleet withdraws.” The delegates listened.\n\n"
    "The committee met on Tuesday. Its members voted twice.\n"
)
V2 = (
    "The harbour talks opened on  Monday in the capital.\n\n"
    "Alda Kestrel said “We will sign nothing until the fleet has withdrawn.” The delegates listened.\n\n"
    "The committee met on Tuesday. Its members voted twice.\n\n"
    "The ministers will meet again in spring. Observers expect a long winter.\n"
)
SECTIONS = (
    "The ceasefire talks began in the old hall. The talks were long and tense. Negotiators met at dawn for talks.\n\n"
    "The rain fell all day on the square. Nobody came to the market. The shops closed early.\n\n"
    "The alliance met in the north. The alliance spoke of deterrence at sea.\n"
)


@pytest.fixture
def changed_library(tmp_path: Path, empty_library) -> Path:
    """A library whose only article was imported twice (V1, then V2)."""
    f = write(tmp_path / "in" / "harbour.txt", V1)
    empty_library.import_paths([f])
    write(f, V2)
    assert empty_library.import_paths([f]).updated
    return empty_library.path


@pytest.fixture
def apps():
    made = []

    def build(path: Path):
        app = make_app(path)
        made.append(app)
        return app

    yield build
    for app in made:
        app.library.close()


def plain(widget) -> str:
    return str(widget.render())


async def test_history_pane_lists_versions_and_the_navigator_marks_the_article(changed_library, apps):
    app = apps(changed_library)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_for(pilot, lambda: "↻" in str(screen.nav.root.children[0].label), what="the navigator's mark")
        await pilot.press("h")
        await pilot.pause()
        assert screen.panes.active == "history"
        history = screen.query_one("#history-list", OptionList)
        await wait_for(pilot, lambda: history.option_count == 2, what="two versions")
        newest = str(history.get_option_at_index(0).prompt)
        assert newest.startswith("v2") and "current" in newest and "+1 paragraph, 1 quote changed" in newest
        assert str(history.get_option_at_index(1).prompt).startswith("v1")
        # choosing the newest version shows what changed from the one before it
        history.focus()
        history.highlighted = 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChangesScreen) and app.screen.pair is not None,
                       what="the changes screen")
        assert (app.screen.pair.old.number, app.screen.pair.new.number) == (1, 2)


async def test_show_changes_marks_the_text_and_lists_meaning_level_changes(changed_library, apps):
    app = apps(changed_library)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("C")
        await wait_for(pilot, lambda: isinstance(app.screen, ChangesScreen) and bool(app.screen.shown_paragraphs),
                       what="the changes")
        changes = app.screen
        paragraphs = changes.shown_paragraphs
        assert len(paragraphs) == 4
        quote = paragraphs[1].render()
        assert "until the fleet withdraws has withdrawn." in quote.plain  # the old word struck, the new marked
        styled = {quote.plain[s.start:s.end]: str(s.style) for s in quote.spans}
        assert styled.get("withdraws ") == DELETED and styled.get("has withdrawn") == INSERTED
        added = paragraphs[3].render()
        assert {str(s.style) for s in added.spans} == {INSERTED}
        assert not paragraphs[0].render().spans  # the doubled space is not a change
        meaning = changes.query_one("#changes-meaning", OptionList)
        texts = [str(meaning.get_option_at_index(i).prompt) for i in range(meaning.option_count)]
        assert any(t.startswith("Quote reworded: Alda Kestrel") and "fleet withdraws" in t and "has withdrawn" in t
                   for t in texts)
        # n / N walk the changes: the quote's sentence, then the new paragraph
        await pilot.press("n")
        assert paragraphs[1].has_class("-current")
        await pilot.press("n")
        assert paragraphs[3].has_class("-current") and not paragraphs[1].has_class("-current")
        await pilot.press("N")
        assert paragraphs[1].has_class("-current")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_brief_mode_shows_only_the_brief_and_enter_jumps_to_the_full_text(tmp_path: Path, empty_library, apps):
    write(tmp_path / "in" / "three.txt", SECTIONS)
    empty_library.import_paths([tmp_path / "in"])
    app = apps(empty_library.path)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        reader = screen.reader
        total = len(reader.sentences)
        await pilot.press("B")
        assert reader.filter_label == "brief"
        shown = reader.visible_sentences()
        assert 3 <= len(shown) < total  # one to three per section, one section each at least
        assert {reader.sentences[i].topic for i in shown} == {"peace-talks", "general", "nato-posture"}
        await pilot.press("j")
        chosen = reader.current_sentence()
        assert reader.cursor == shown[1]
        await pilot.press("enter")
        assert reader.filter is None and reader.current_sentence() == chosen  # the full text, at that sentence
        await pilot.press("B", "B")
        assert reader.filter is None
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(".help-rows"))
        assert "Brief mode" in text and "Show changes" in text and "History" in text


async def test_library_brief_screen_from_the_palette_opens_the_article_there(tmp_path: Path, empty_library, apps):
    write(tmp_path / "in" / "a.txt", "Title: First\n\n" + SECTIONS)
    write(tmp_path / "in" / "b.txt", "Title: Second\n\nThe harbour reopened after the storm. The ferries run again.\n")
    empty_library.import_paths([tmp_path / "in"])
    app = apps(empty_library.path)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"brief: what")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefScreen) and app.screen.brief is not None,
                       what="the brief screen")
        brief_screen = app.screen
        options = brief_screen.query_one("#brief-list", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(p.startswith("Peace talks (1 article)") for p in prompts)
        target = next(i for i in range(options.option_count)
                      if "The harbour reopened" in str(options.get_option_at_index(i).prompt))
        assert "Second (#" in prompts[target]
        options.highlighted = target
        options.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.view is not None
                       and app.screen.view.title == "Second", what="the article")
        screen = app.screen
        await wait_for(pilot, lambda: screen.view.text[screen.reader.current_sentence().start:].startswith("The harbour reopened"),
                       what="the sentence")
