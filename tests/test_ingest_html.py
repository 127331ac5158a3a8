"""HTML input: the text of a page or a feed entry, parsed by lxml. Block elements become lines, scripts,
styles and the page's head never become text, and a page with an omitted `</head>` (valid HTML) keeps
its body — the hand-written parser this replaced dropped all of it."""

from __future__ import annotations

from pathlib import Path

from briefing_tui.ingest.feed import documents_from_feed
from briefing_tui.ingest.files import read_file
from briefing_tui.ingest.html import html_to_text


def test_a_page_without_a_closing_head_keeps_its_body() -> None:
    page = ("<!doctype html><html><head><title>Coast Gazette</title><meta charset=utf-8>"
            "<style>p { color: red }</style>"
            "<body><h1>Ferries return</h1><p>The port reopened on Monday.<p>Boats sailed at dawn.")
    assert html_to_text(page) == "Ferries return\nThe port reopened on Monday.\nBoats sailed at dawn."


def test_blocks_are_lines_and_scripts_styles_and_head_are_not_text() -> None:
    page = ("<html><head><title>Title only in the head</title><script>var x = 'no'</script></head><body>"
            "<p>First <b>bold</b>   words</p><!-- a comment --><div>Second<script>alert('no')</script> part"
            "<br>next line</div><pre>kept\n  indented\n\nlines</pre><svg><text>no</text></svg></body></html>")
    assert html_to_text(page) == "First bold words\nSecond part\nnext line\nkept\n  indented\nlines"


def test_odd_input_gives_text_not_an_error() -> None:
    assert html_to_text("") == ""
    assert html_to_text("plain &amp; simple") == "plain & simple"
    assert html_to_text('<?xml version="1.0" encoding="utf-8"?><p>declared</p>') == "declared"
    deep = "<div>" * 50_000 + "deep inside" + "</div>" * 50_000  # no depth limit, no recursion
    assert html_to_text(deep) == "deep inside"


def test_a_feed_entry_without_closing_tags_keeps_its_text(tmp_path: Path) -> None:
    feed = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title><item><title>Storm</title>"
            "<guid>urn:w:1</guid><description>&lt;p&gt;The storm passed.&lt;p&gt;Ferries sail again."
            "&lt;script&gt;alert(1)&lt;/script&gt;</description></item></channel></rss>")
    [doc] = documents_from_feed(feed.encode(), str(tmp_path / "wire.rss"))
    assert doc.text.endswith("The storm passed.\nFerries sail again.")
    assert "alert" not in doc.text


def test_an_html_file_trafilatura_finds_nothing_in_falls_back_to_its_text(tmp_path: Path) -> None:
    path = tmp_path / "short.html"
    path.write_text("<html><head><title>Short note</title><body><p>Harbour open.</p>", encoding="utf-8")
    [doc] = read_file(path)
    assert "Harbour open." in doc.text
