"""printable(): control characters, escapes and bidi overrides from articles become visible placeholders."""

from __future__ import annotations

from briefing_tui.safe_text import has_unsafe, printable


def test_plain_text_newlines_and_tabs_are_kept():
    s = "Kyiv \u201cquoted\u201d \u2014 caf\u00e9 \U0001f1fa\U0001f1e6\n\tindented"
    assert printable(s) == s
    assert not has_unsafe(s)


def test_escape_sequences_are_defused():
    s = "red \x1b[31malert\x1b[0m \x1b]0;title\x07 \r\x00\x7f"
    out = printable(s)
    assert all(c not in out for c in "\x1b\x07\r\x00\x7f")
    assert out == "red \u241b[31malert\u241b[0m \u241b]0;title\u2407 \u240d\u2400\u2421"
    assert has_unsafe(s)


def test_c1_controls_and_bidi_overrides_are_shown():
    s = "a\x9b31mb \u202eevil\u202c \u2066iso\u2069"
    out = printable(s)
    assert out == "a<U+009B>31mb <U+202E>evil<U+202C> <U+2066>iso<U+2069>"
