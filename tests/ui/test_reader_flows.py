"""Pilot tests of the reader: what a user does with the keys and what they see."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList, TextArea

from briefing_tui.errors import BriefingError
from briefing_tui.ui.screens.dialogs import ConfirmDialog
from briefing_tui.ui.screens.help import HelpScreen
from briefing_tui.ui.screens.main import MainScreen
from briefing_tui.ui.screens.note_editor import NoteEditor
from briefing_tui.ui.settings import Settings

from uihelpers import wait_for, wait_ready

SEED_TITLE = "NATO weighs a tougher answer"


def sentence_text(screen: MainScreen) -> str:
    s = screen.reader.current_sentence()
    return screen.view.text[s.start : s.end]


async def test_opens_the_seed_with_title_sections_and_panes(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert screen.reader.plain_line(0).startswith(SEED_TITLE)
        assert screen.title.startswith(SEED_TITLE)
        labels = [s.label for s in screen.reader.sections]
        assert any("Peace" in label for label in labels)
        nav_sections = [str(n.label) for n in screen.nav._section_nodes]
        assert len(nav_sections) == len(labels)
        entity_options = screen.query_one("#entity-list", OptionList).option_count
        assert entity_options > 5


async def test_j_k_move_the_sentence_cursor_and_the_navigator(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        reader = screen.reader
        assert reader.cursor == 0
        await pilot.press("j", "j", "down")
        assert reader.cursor == 3
        await pilot.press("k")
        assert reader.cursor == 2
        # walk until the section changes: the navigator's mark follows
        first = reader.section_index()
        while reader.section_index() == first:
            await pilot.press("j")
        await pilot.pause()
        assert screen.nav.current_section == reader.section_index() == first + 1
        # the cursor line is on screen
        start, _ = reader._layout.lines_of_range(reader.current_sentence().start, reader.current_sentence().end)
        assert reader.scroll_y <= start < reader.scroll_y + reader.scrollable_content_region.height


async def test_section_keys_and_topic_numbers(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        reader = app.screen.reader
        await pilot.press("right_square_bracket")
        assert reader.section_index() == 1
        assert reader.current_sentence().start == reader.sections[1].start or reader.current_sentence().start >= reader.sections[1].start
        await pilot.press("J")
        assert reader.section_index() == 2
        await pilot.press("left_square_bracket")
        assert reader.section_index() == 1
        await pilot.press("K")
        assert reader.section_index() == 0
        peace = reader.topic_order.index("peace-talks") + 1
        await pilot.press(str(peace))
        assert reader.current_section().topic == "peace-talks"
        assert "Geneva" in sentence_text(app.screen) or reader.current_sentence().start == reader.current_section().start


async def test_choosing_an_entity_steps_through_its_mentions(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await pilot.press("e")
        entity_list = screen.query_one("#entity-list", OptionList)
        assert screen.focused is entity_list
        entity = max(screen.analysis.entities, key=lambda e: len(e.mentions))
        assert len(entity.mentions) >= 2
        entity_list.highlighted = entity_list.get_option_index(f"entity:{entity.id}")
        await pilot.press("space")  # enter opens its dossier (tests/ui/test_dossier.py)
        first = screen.reader.current_sentence()
        assert any(first.start <= m.start < first.end for m in entity.mentions)
        assert screen.reader.focused_entity == entity.id
        await pilot.press("space")
        second = screen.reader.current_sentence()
        assert second.start > first.start
        assert any(second.start <= m.start < second.end for m in entity.mentions)
        # f filters the reader to the sentences that mention it
        await pilot.press("escape", "f")
        shown = screen.reader.visible_sentences()
        assert 0 < len(shown) < len(screen.reader.sentences)
        for index in shown:
            s = screen.reader.sentences[index]
            assert any(s.start <= m.start < s.end for m in entity.mentions)
        await pilot.press("f")
        assert screen.reader.filter is None


async def test_search_finds_jumps_and_walks_hits(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await pilot.press("slash")
        assert isinstance(screen.focused, Input)
        await pilot.press(*"Geneva")
        bar = screen.search_bar
        await wait_for(pilot, lambda: len(bar.hits) >= 2, what="search hits")
        await pilot.press("enter")
        assert screen.focused is screen.reader
        assert "Geneva" in sentence_text(screen)
        assert screen.reader.matches
        first = screen.reader.cursor
        await pilot.press("n")
        assert screen.reader.cursor != first
        assert "Geneva" in sentence_text(screen)
        await pilot.press("N")
        assert screen.reader.cursor == first


async def test_an_invalid_query_shows_its_error_in_the_bar(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await pilot.press("slash", *'"unclosed')
        error = screen.query_one("#search-error")
        await wait_for(pilot, lambda: error.has_class("-error"), what="the error")
        assert "search:" in str(error.render())
        await pilot.press("escape")
        assert not screen.search_bar.display
        assert screen.focused is screen.reader


async def test_a_note_is_stored_before_the_editor_closes_and_survives_a_restart(app_factory, library_path, monkeypatch):
    from briefing_tui.library import Library

    seen_at_dismiss: list[list[str]] = []
    original_dismiss = NoteEditor.dismiss

    def spy_dismiss(self, result=None):
        with Library.open(library_path) as other:  # another connection, like another process
            seen_at_dismiss.append([n.body for n in other.notes()])
        return original_dismiss(self, result)

    monkeypatch.setattr(NoteEditor, "dismiss", spy_dismiss)
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await pilot.press("3")  # some section further down
        await pilot.press("j")
        noted = screen.reader.current_sentence()
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Check this", "enter", *"# twice")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        assert seen_at_dismiss and "Check this\n# twice" in seen_at_dismiss[0]
        notes = app.library.notes(screen.article_id)
        assert [(n.start, n.end) for n in notes] == [(noted.start, noted.end)]
        assert screen.query_one("#note-list", OptionList).get_option_index(f"note:{notes[0].id}") >= 0
        await pilot.press("q")
    # restart on the same library: the note is there, marked in the gutter, cursor where we left it
    app2 = app_factory()
    async with app2.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app2.screen
        assert screen.reader.current_sentence() == noted
        assert [n.body for n in screen.reader.notes] == ["Check this\n# twice"]
        line, _ = screen.reader._layout.lines_of_range(noted.start, noted.end)
        strip = screen.reader._render_index(line, 80)
        assert strip.text[1] == "●"
        labels = "".join(str(n.label) for n in screen.nav._section_nodes)
        assert "✎1" in labels


async def test_escape_asks_before_discarding_and_errors_keep_the_editor_open(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("a", *"draft")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == "draft"

        def fail(*args, **kwargs):
            raise BriefingError("library.sqlite3: read-only library, the note was not saved")

        app.library.add_note = fail
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NoteEditor)
        assert "read-only" in str(app.screen.query_one("#note-error").render())
        assert app.screen.query_one(TextArea).text == "draft"
        await pilot.press("escape", "y")
        assert isinstance(app.screen, MainScreen)
        del app.library.add_note
        assert app.library.notes() == []


async def test_notes_pane_edit_delete_and_undo(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        note = app.library.add_note(screen.article_id, screen.reader.sentences[2].start, screen.reader.sentences[2].end, "first")
        screen.refresh_notes()
        await pilot.press("m")
        notes_list = screen.query_one("#note-list", OptionList)
        assert screen.focused is notes_list
        notes_list.highlighted = notes_list.get_option_index(f"note:{note.id}")
        await pilot.press("enter")
        assert screen.reader.cursor == 2
        await pilot.press("c")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*" and more", "ctrl+s")
        await pilot.pause()
        assert app.library.notes()[0].body == "first and more"
        await pilot.press("d")
        assert app.library.notes() == []
        assert screen.reader.notes == []
        await pilot.press("u")
        assert [n.body for n in app.library.notes()] == ["first and more"]


async def test_help_screen_and_palette_open(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query(".help-rows"))
        assert "Next sentence" in text and "next-sentence" in text and "Search" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"topic: peace")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.reader.current_section().topic == "peace-talks"


async def test_keymap_from_settings_rebinds_keys(app_factory):
    app = app_factory(settings=Settings(keymap={"next-sentence": "ctrl+n"}))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("ctrl+n", "ctrl+n")
        assert app.screen.reader.cursor == 2


async def test_narrow_terminal_shows_one_column_at_a_time(app_factory):
    app = app_factory()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        assert screen.has_class("-narrow")
        assert screen.reader.region.width > 60
        assert not screen.nav.display or screen.nav.region.width == 0
        await pilot.press("tab")  # to the panes
        await pilot.pause()
        shown = [w for w in (screen.nav, screen.reader, screen.panes) if w.region.width > 0]
        assert shown == [screen.panes]
        await pilot.press("tab")
        await pilot.pause()
        shown = [w for w in (screen.nav, screen.reader, screen.panes) if w.region.width > 0]
        assert shown == [screen.nav]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.focused is screen.reader and screen.reader.region.width > 60


async def test_article_text_is_shown_literally(tmp_path: Path, empty_library):
    from briefing_tui.ui.app import BriefingApp

    article = tmp_path / "markup.txt"
    article.write_text(
        "Markup test headline\n[bold]not bold[/bold] and [link=http://x]no link[/link] and \x1b[31mred\x1b[0m here.\n",
        encoding="utf-8",
    )
    report = empty_library.import_paths([article])
    app = BriefingApp(empty_library, settings=Settings(), theme="textual-dark", open_article=report.imported[0])
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        reader = app.screen.reader
        lines = [reader.plain_line(i) for i in range(reader.layout_lines)]
        body = "".join(lines)
        assert "[bold]not bold[/bold]" in body
        assert "[link=http://x]no link[/link]" in body
        assert "\x1b" not in body and "␛[31mred" in body
        rendered = "".join(reader.render_line(y).text for y in range(reader.layout_lines))
        assert "[bold]not bold[/bold]" in rendered and "\x1b" not in rendered


async def test_theme_pane_and_position_are_remembered(library_path):
    from briefing_tui.library import Library
    from briefing_tui.ui.app import BriefingApp

    app = BriefingApp(Library.open(library_path), settings=Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        screen.set_theme("textual-light")
        await pilot.press("w")  # quotes pane
        await pilot.press("escape", "right_square_bracket", "j")
        where = screen.reader.current_sentence()
        await pilot.press("q")
    app.library.close()
    app2 = BriefingApp(Library.open(library_path), settings=Settings())
    async with app2.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        assert app2.theme == "textual-light"
        assert app2.screen.panes.active == "quotes"
        assert app2.screen.reader.current_sentence() == where
    app2.library.close()


async def test_export_dialog_writes_the_briefing(app_factory, tmp_path: Path):
    from briefing_tui.ui.screens.dialogs import ExportDialog

    target = tmp_path / "out.md"
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        await pilot.press("x")
        assert isinstance(app.screen, ExportDialog)
        box = app.screen.query_one("#export-path", Input)
        box.value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists, what="the export file")
        assert SEED_TITLE in target.read_text(encoding="utf-8")
        # again: the file exists, so the dialog asks first
        await pilot.press("x")
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        assert isinstance(app.screen, ExportDialog)
        assert "exists" in str(app.screen.query_one("#export-error").render())
        await pilot.press("escape")


async def test_mouse_clicks_move_the_cursor_and_choose_entities(app_factory):
    from briefing_tui.ui.widgets.reader import GUTTER
    from briefing_tui.ui.widgets.reader_layout import HEADER, TEXT

    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        reader = screen.reader
        lines = reader._layout.lines
        top = int(reader.scroll_y)
        # a mention of a person that is on screen
        person = next(e for e in screen.analysis.entities if e.type == "PERSON")
        mention = next(
            m for m in person.mentions
            if top <= reader._layout.line_of_offset(m.start) < top + reader.scrollable_content_region.height
        )
        y = reader._layout.line_of_offset(mention.start)
        x = GUTTER + (mention.start - lines[y].start) + 1
        await pilot.click(reader, offset=(x, y - top))
        assert reader.focused_entity == person.id
        s = reader.current_sentence()
        assert s.start <= mention.start < s.end
        # a click on a section header goes to that section
        header_y = next(i for i, line in enumerate(lines) if line.kind == HEADER and line.start == 1)
        reader.scroll_to(y=max(header_y - 2, 0), animate=False, immediate=True)
        await pilot.pause()
        await pilot.click(reader, offset=(GUTTER + 2, header_y - int(reader.scroll_y)))
        assert reader.section_index() == 1
        assert lines[header_y + 1].kind == TEXT


async def test_a_selection_of_sentences_gets_one_note(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        await pilot.press("j", "v", "j", "j")
        sentences = screen.reader.sentences
        await pilot.press("a")
        assert isinstance(app.screen, NoteEditor)
        assert "sentences 2–4" in app.screen.heading
        await pilot.press(*"three at once", "ctrl+s")
        await pilot.pause()
        note = app.library.notes()[0]
        assert (note.start, note.end) == (sentences[1].start, sentences[3].end)
        assert screen.reader.anchor is None


async def test_navigator_lists_other_articles_topics_and_opens_them_there(library_path, tmp_path: Path):
    from briefing_tui.library import Library
    from briefing_tui.ui.app import BriefingApp

    second = tmp_path / "second.txt"
    second.write_text(
        "Ceasefire talks resume\n"
        "Negotiators met again in Geneva on Monday to discuss a ceasefire and a peace plan.\n"
        "The delegations said the talks were constructive and would continue next week.\n",
        encoding="utf-8",
    )
    lib = Library.open(library_path)
    other = lib.import_paths([second]).imported[0]
    topics = next(a.section_topics for a in lib.articles() if a.id == other)
    assert topics
    app = BriefingApp(lib, settings=Settings(), theme="textual-dark")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        assert screen.article_id != other
        nav = screen.nav
        node = nav._articles[other]
        node.expand()
        await pilot.pause()
        children = [child.data for child in node.children]
        assert [c.topic for c in children] == list(topics)
        nav.move_cursor(node.children[-1])
        nav.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.article_id == other, what="the other article")
        await pilot.pause()
        assert screen.reader.current_section().topic == topics[-1]
    lib.close()


async def test_the_entities_pane_shows_a_persons_role(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        box = screen.query_one("#entity-list", OptionList)
        titled = [e for e in screen.analysis.entities if e.roles]
        assert titled, "the sample names people with their titles"
        for entity in titled:
            prompt = str(box.get_option(f"entity:{entity.id}").prompt)
            assert prompt.startswith(entity.name) and prompt.endswith(f"\n  {entity.roles[0]}"), prompt
        plain = next(e for e in screen.analysis.entities if not e.roles)
        assert "\n" not in str(box.get_option(f"entity:{plain.id}").prompt)
