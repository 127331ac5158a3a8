"""Where a jump lands: every jump brings its heading or sentence to the top of the reader with one line
of context above (as pagers and editors do); j/k scroll only as far as needed."""

from __future__ import annotations

from textual.widgets import OptionList
from uihelpers import wait_for, wait_ready

from briefing_tui.ui.widgets.reader import CONTEXT_LINES, Reader
from briefing_tui.ui.widgets.reader_layout import HEADER


def row_text(reader: Reader, row: int) -> str:
    """What the reader's row ``row`` (0 = its top line) shows on screen."""
    return reader.render_line(row).text


def heading_row(reader: Reader, section: int) -> int:
    """The reader row where section ``section``'s heading is drawn (negative: above the top)."""
    lines = reader._layout.lines
    line = next(i for i, ln in enumerate(lines) if ln.kind == HEADER and ln.start == section)
    return line - int(reader.scroll_y)


def sentence_row(reader: Reader) -> int:
    """The reader row of the cursor sentence's first line (or of its heading when it opens a section)."""
    sentence = reader.current_sentence()
    first, _ = reader._layout.lines_of_range(sentence.start, sentence.end)
    if first >= 1 and reader._layout.lines[first - 1].kind == HEADER:
        first -= 1
    return first - int(reader.scroll_y)


def revealed_at_top(reader: Reader) -> bool:
    """The cursor's sentence (or its heading) is on the reader's second row, or the reader is scrolled
    as far as it goes towards that (the first lines of the article, its last screenful)."""
    wanted = sentence_row(reader) + int(reader.scroll_y) - CONTEXT_LINES
    return int(reader.scroll_y) == max(0, min(wanted, int(reader.max_scroll_y)))


async def test_section_keys_bring_the_heading_to_the_top_and_j_k_scroll_minimally(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        reader = app.screen.reader
        assert len(reader.sections) >= 3
        await pilot.press("right_square_bracket")
        await pilot.pause()
        label = reader.sections[1].label
        assert heading_row(reader, 1) == CONTEXT_LINES == 1
        assert label in row_text(reader, 1) and "━━" in row_text(reader, 1)
        assert label not in row_text(reader, 0)  # one line of context above it
        # the section's text follows it on screen, not three lines at the bottom edge
        assert reader.current_sentence().start >= reader.sections[1].start
        # j / k move the cursor within what is shown: no scrolling
        top = reader.scroll_y
        await pilot.press("j", "j", "k")
        assert reader.scroll_y == top
        await pilot.press("J")
        await pilot.pause()
        assert reader.section_index() == 2
        assert heading_row(reader, 2) == 1
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert reader.section_index() == 1
        assert heading_row(reader, 1) == 1
        assert reader.sections[1].label in row_text(reader, 1)


async def test_topic_keys_and_the_navigator_bring_the_heading_to_the_top(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        reader = screen.reader
        peace = reader.topic_order.index("peace-talks") + 1
        await pilot.press(str(peace))
        await pilot.pause()
        section = reader.section_index()
        assert reader.sections[section].topic == "peace-talks"
        assert section > 0
        assert heading_row(reader, section) == 1
        # from the navigator: the last section but one (the last may not reach the top)
        target = len(reader.sections) - 2
        assert target != section
        screen.nav.select_node(screen.nav._section_nodes[target])
        await pilot.pause()
        await pilot.pause()
        assert reader.section_index() == target
        assert heading_row(reader, target) == 1


async def test_a_search_hit_a_note_and_an_entity_mention_land_at_the_top(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        reader = screen.reader
        # a search hit
        await pilot.press("slash", *"Geneva")
        bar = screen.search_bar
        await wait_for(pilot, lambda: len(bar.hits) >= 2, what="search hits")
        await pilot.press("enter")
        await pilot.pause()
        assert "Geneva" in screen.view.text[reader.current_sentence().start : reader.current_sentence().end]
        assert reader.cursor == 0  # the first hit is in the headline: the top of the article
        await pilot.press("n")
        await pilot.pause()
        assert "Geneva" in screen.view.text[reader.current_sentence().start : reader.current_sentence().end]
        assert reader.scroll_y > 0
        assert sentence_row(reader) == 1
        # a note, chosen in the notes pane, from the start of the article
        late = len(reader.sentences) * 2 // 3
        sentence = reader.sentences[late]
        note = app.library.add_note(screen.article_id, sentence.start, sentence.end, "later")
        screen.refresh_notes()
        await pilot.press("escape", "g")
        reader.move_to(0)
        await pilot.press("m")
        notes = screen.query_one("#note-list", OptionList)
        notes.highlighted = notes.get_option_index(f"note:{note.id}")
        await pilot.press("enter")
        await pilot.pause()
        assert reader.cursor == late
        assert sentence_row(reader) == 1
        # an entity's mention, chosen in the entities pane
        reader.move_to(0)
        await pilot.pause()
        entity = max(screen.analysis.entities, key=lambda e: len(e.mentions))
        await pilot.press("e")
        entities = screen.query_one("#entity-list", OptionList)
        entities.highlighted = entities.get_option_index(f"entity:{entity.id}")
        await pilot.press("space", "space")  # its first and second mentions (enter opens its dossier)
        await pilot.pause()
        assert reader.scroll_y > 0
        assert revealed_at_top(reader)
        mention = reader.current_sentence()
        assert any(mention.start <= m.start < mention.end for m in entity.mentions)


async def test_the_quotes_pane_is_filled_when_opened_and_a_quote_lands_at_the_top(app_factory):
    app = app_factory()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_ready(pilot)
        screen = app.screen
        reader = screen.reader
        quotes = screen.query_one("#quote-list", OptionList)
        assert screen.analysis.quotes
        await pilot.press("w")
        await pilot.pause()
        assert quotes.option_count == len(screen.analysis.quotes)
        last = len(screen.analysis.quotes) - 1
        quotes.highlighted = last
        await pilot.press("enter")
        await pilot.pause()
        quote = screen.analysis.quotes[last]
        sentence = reader.current_sentence()
        assert sentence.start <= quote.start < sentence.end
        assert reader.scroll_y > 0
        assert revealed_at_top(reader)
