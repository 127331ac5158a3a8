"""The reader's layout: word wrap keeps every character and offset, text is made literal 1:1."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.model import Section, Sentence
from briefing_tui.ui.widgets.reader_layout import HEADER, TEXT, build_layout, literal, wrap

words = st.lists(st.sampled_from(["a", "bb", "ccc", "dddd", "e" * 12, "f" * 30, " ", "g.", "日本語", "naïve"]), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(words, st.integers(min_value=4, max_value=50))
def test_wrap_covers_the_text_in_order_and_fits_the_width(parts, width):
    from rich.cells import cell_len

    text = " ".join(parts)
    lines = wrap(text, width)
    pos = 0
    for a, b in lines:
        assert a == pos and b > a
        assert cell_len(text[a:b].rstrip()) <= width
        pos = b
    assert pos == len(text)
    for (a, b), (c, d) in zip(lines, lines[1:]):  # greedy: the next word would not have fitted
        following = text[c:d].split()
        if following and text[a:b].strip():
            assert cell_len(text[a : c + len(following[0])]) > width or cell_len(following[0]) > width


def test_literal_keeps_length_and_shows_controls():
    raw = "a\x1b[31mb\x07\u202ec\nd\te"
    shown = literal(raw)
    assert len(shown) == len(raw)
    assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert shown.startswith("a␛[31mb")


def test_layout_puts_headers_before_sections_and_keeps_offsets():
    text = "Headline here\nFirst para one. First para two.\nSecond para.\n"
    sentences = (
        Sentence(0, 13, 0, "general"),
        Sentence(14, 29, 1, "a"),
        Sentence(30, 45, 1, "b"),
        Sentence(46, 58, 2, "b"),
    )
    sections = (Section("general", "General", 0, 13), Section("a", "Topic A", 14, 29), Section("b", "Topic B", 30, 58))
    layout = build_layout(text, "Headline here", "source", sentences, sections, 40, {"a": 1, "b": 2})
    kinds = [(line.kind, line.text) for line in layout.lines if line.kind == HEADER]
    assert kinds == [(HEADER, "1 · Topic A"), (HEADER, "2 · Topic B")]
    texts = [text[line.start : line.end] for line in layout.lines if line.kind == TEXT]
    assert texts[0] == "Headline here"  # the headline is shown once, as the title
    assert "".join(texts[1:]).replace(" ", "") == "Firstparaone.Firstparatwo.Secondpara."
    assert layout.lines[layout.line_of_offset(31)].start <= 31
