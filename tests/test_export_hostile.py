"""Hostile feeds (entries whose title or text is a script, an iframe, an embed, a whole HTML page or a
Markdown link/image) are imported as plain text, and the Markdown export shows them as text: rendered
by a Markdown viewer that passes HTML through, nothing in it is a tag, a link or an image we did not
write."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fakes import write
from feedserver import FeedServer, Route
from markdown_it import MarkdownIt

from briefing_tui import cli
from briefing_tui.library import Library
from briefing_tui.library.feeds import add_feed
from briefing_tui.library.refresh import refresh

WHOLE_PAGE = (
    "<!DOCTYPE html><html><head><title>Page</title><script>alert('head')</script></head>"
    "<body onload=\"alert('body')\"><h1>Page heading</h1><p>Some words.</p></body></html>"
)
CRAZY_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN" "x.dtd">
<html><head><title>Odd page -- parse me?</title></head>
<body   fake="v"onload="runIt();"bar="baz"
>
<!-- <script> -->
<!--
\t<script>
-->
</script>
<script

>
function runIt() { /* <script> */ alert("ran"); }
                 </script


>
<h1>Did it run?</h1>
<div fake="v
"onmouseover="
runIt();
"x="y">Hover text</div></body></html>"""
HOSTILE = [
    # (title, text) as the feed's *plain text* says them: escaped once in the XML, so after parsing
    # they are literally markup
    ("safe<script>alert('title')</script>", "Body safe<script>alert('text')</script> after the script."),
    ('Frame <iframe src="http://127.0.0.1:9/x"></iframe> title', 'Frame <iframe src="http://127.0.0.1:9/x"></iframe> in the text.'),
    ('Embed <embed src="x.swf"> title', 'Embed <embed src="x.swf"> in the text, and <img src=x onerror=alert(1)>.'),
    (WHOLE_PAGE, WHOLE_PAGE),
    ("[click me](javascript:alert(1))", "See [click me](javascript:alert(1)) and ![pixel](http://127.0.0.1:9/p.png) "
     "and [ref]: http://127.0.0.1:9/ and <http://127.0.0.1:9/auto> &lt;b&gt;."),
]


def hostile_atom() -> bytes:
    entries = []
    for n, (title, text) in enumerate(HOSTILE):
        entries.append(
            f"<entry><id>urn:hostile:{n}</id><updated>2026-03-03T09:00:00Z</updated>"
            f'<title type="text">{escape(title)}</title>'
            f'<content type="text">{escape(text)} Entry number {n} of the hostile set.</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Hostile &lt;b&gt;feed&lt;/b&gt;</title><id>urn:hostile</id><updated>2026-03-03T09:00:00Z</updated>"
        + "".join(entries)
        + "</feed>"
    ).encode("utf-8")


def hostile_html_atom() -> bytes:
    """Entries whose title and content are declared HTML: markup in them is markup, and must go."""
    entries = [
        ("urn:html:0", CRAZY_PAGE, "A teaser <![CDATA[x]]> safe<script type='text/javascript'>location.href='http://127.0.0.1:9/'</script> description."),
        ("urn:html:1", "Plain <b>bold</b> title", "<p>Safe<iframe src='http://127.0.0.1:9/'></iframe> text "
         "<embed src='x.swf'> with <a href='javascript:alert(1)'>a link</a>.</p>"),
    ]
    body = "".join(
        f"<entry><id>{key}</id><updated>2026-03-03T09:00:00Z</updated>"
        f'<title type="html">{escape(title)}</title><content type="html">{escape(text)}</content></entry>'
        for key, title, text in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Hostile HTML</title><id>urn:html</id><updated>2026-03-03T09:00:00Z</updated>" + body + "</feed>"
    ).encode("utf-8")


def hostile_rss() -> bytes:
    """RSS descriptions are HTML: markup escaped *twice* is literal markup in the entry's text."""
    items = []
    for n, (title, text) in enumerate(HOSTILE):
        items.append(
            f"<item><guid>urn:hostile-rss:{n}</guid><title>{escape(title)}</title>"
            f"<description>{escape(escape(text))} RSS item {n}.</description></item>"
        )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile RSS</title>'
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


@pytest.fixture
def hostile_library(tmp_path: Path, fake_analyser) -> Iterator[Path]:  # noqa: ANN001
    path = tmp_path / "lib.sqlite3"
    lib = Library.open(path, seed=False)
    with FeedServer() as server:
        add_feed(lib, server.route("/atom", Route(hostile_atom(), content_type="application/atom+xml")))
        add_feed(lib, server.route("/rss", Route(hostile_rss())))
        add_feed(lib, server.route("/html", Route(hostile_html_atom(), content_type="application/atom+xml")))
        report = refresh(lib)
        assert not report.failed
    # a plain-text article keeps its text exactly: raw markup in it must be neutralised by the export
    raw = write(tmp_path / "raw.txt", "Raw <script>alert('raw')</script> and <iframe src=x></iframe> text.\n\n"
                "Second paragraph with ![img](http://127.0.0.1:9/i.png) and [a](javascript:alert(2)).\n")
    lib.import_paths([raw])
    lib.close()
    yield path


def test_markup_declared_as_html_is_dropped_with_scripts_and_all(hostile_library: Path) -> None:
    lib = Library.open(hostile_library)
    try:
        arts = {a.source: lib.article(a.id) for a in lib.articles() if a.source.startswith("urn:html:")}
    finally:
        lib.close()
    crazy, plain = arts["urn:html:0"], arts["urn:html:1"]
    assert crazy.title == "Did it run? Hover text"
    assert "safe" in crazy.text and "description" in crazy.text and "location.href" not in crazy.text
    assert plain.title == "Plain bold title"
    assert "Safe" in plain.text and "a link" in plain.text
    for art in (crazy, plain):
        assert "<" not in art.title and "alert" not in art.title + art.text and "javascript" not in art.text


def test_titles_of_hostile_entries_carry_no_markup(hostile_library: Path) -> None:
    lib = Library.open(hostile_library)
    try:
        titles = [a.title for a in lib.articles() if a.source.startswith("urn:hostile")]
    finally:
        lib.close()
    assert len(titles) == 2 * len(HOSTILE)
    for title in titles:
        assert not re.search(r"<\s*/?\s*(script|iframe|embed|img|html|body|head)", title, re.I), title
    assert "safe" in titles and "Page heading Some words." not in titles[0]


def test_markdown_export_neutralises_html_links_and_images(hostile_library: Path, capsys) -> None:  # noqa: ANN001
    assert cli.main(["export", "--all", "--format", "md", "--library", str(hostile_library)]) == 0
    md = capsys.readouterr().out
    # the hostile words are there, as text
    assert "alert(" in md and "iframe" in md and "click me" in md
    html = MarkdownIt("commonmark", {"html": True}).render(md)
    tags = {m.group(1).lower() for m in re.finditer(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html)}
    assert tags <= {"h1", "h2", "p", "br", "hr", "ul", "li", "strong", "em", "blockquote", "code"}, tags
    assert "href=" not in html and "src=" not in html.replace("src=&quot;", "").replace("src=x", "")
    assert "<script" not in html.lower() and "<iframe" not in html.lower() and "<embed" not in html.lower()
    assert "<img" not in html.lower() and "<a " not in html.lower()
    # and what the reader of the rendered page sees is the original text
    assert "Raw &lt;script&gt;alert('raw')&lt;/script&gt;" in html
