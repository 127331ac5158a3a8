"""Subscriptions against local HTTP servers (127.0.0.1 only): RSS 2.0, Atom and RDF feeds, full text
for summary-only entries, conditional requests, new and changed entries, redirects, and one line per
broken feed while the good ones still import."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from feedserver import FeedServer, Item, Route, atom, page, paragraphs, rdf, rss
from property_profiles import examples

from briefing_tui import cli
from briefing_tui.errors import BriefingError
from briefing_tui.fetch.http import FetchError, HttpClient
from briefing_tui.ingest.feed import parse_feed
from briefing_tui.library import Library
from briefing_tui.library.feeds import add_feed, list_feeds, remove_feed
from briefing_tui.library.refresh import refresh


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as s:
        yield s


@pytest.fixture
def lib_path(tmp_path: Path, fake_analyser) -> Path:  # noqa: ANN001
    path = tmp_path / "lib" / "library.sqlite3"
    Library.open(path, seed=False).close()
    return path


@pytest.fixture
def lib(lib_path: Path) -> Iterator[Library]:
    library = Library.open(lib_path)
    yield library
    library.close()


def body(topic: str) -> str:
    return " ".join(paragraphs(topic))


def by_title(lib: Library) -> dict[str, object]:
    return {a.title: lib.article(a.id) for a in lib.articles()}


def serve_three(server: FeedServer) -> None:
    server.route("/pages/harbour", Route(page("Harbour page", paragraphs("harbour", 8)), content_type="text/html"))
    server.route("/rss.xml", Route(rss("Harbour News", [
        Item("harbour-1", "Harbour summary only", summary="A short teaser.", link=server.url("/pages/harbour")),
        Item("harbour-2", "Grain in full", text="<p>" + body("grain") + "</p>", author="Ivo Brand"),
    ]), etag='"rss-1"'))
    server.route("/atom.xml", Route(atom("River Post", [
        Item("urn:river:1", "River entry", text=body("river"), link="https://river.example.invalid/1"),
    ]), content_type="application/atom+xml", etag='"atom-1"'))
    server.route("/rdf.xml", Route(rdf("Mountain Daily", [
        Item("m1", "Mountain item", summary=body("mountain"), link="http://mountain.example.invalid/m1"),
    ]), content_type="application/rdf+xml"))


def test_rss_atom_and_rdf_feeds_become_articles_with_date_author_link_and_feed(server, lib) -> None:
    serve_three(server)
    for path, name in (("/rss.xml", "Harbour"), ("/atom.xml", "River"), ("/rdf.xml", "Mountain")):
        add_feed(lib, server.url(path), name=name)
    report = refresh(lib)
    assert not report.failed
    arts = by_title(lib)
    assert set(arts) == {"Harbour summary only", "Grain in full", "River entry", "Mountain item"}
    grain = arts["Grain in full"]
    assert "The grain council met on day 1" in grain.text
    assert grain.metadata["Author"] == "Ivo Brand" and grain.date.startswith("2026-03-03")
    assert arts["River entry"].url == "https://river.example.invalid/1"
    assert arts["Mountain item"].metadata["Author"] == "Mira Holt"
    feeds = {f.name: f for f in list_feeds(lib)}
    assert (feeds["Harbour"].articles, feeds["River"].articles, feeds["Mountain"].articles) == (2, 1, 1)
    assert all(f.unread == f.articles for f in feeds.values())
    from briefing_tui.library.read_state import article_extras

    extras = article_extras(lib)
    assert extras[grain.id][:2] == ("Harbour", "Ivo Brand")


def test_a_summary_only_entry_gets_the_main_text_of_its_page(server, lib) -> None:
    serve_three(server)
    add_feed(lib, server.url("/rss.xml"), name="Harbour")
    refresh(lib)
    art = by_title(lib)["Harbour summary only"]
    assert "The harbour council met on day 8" in art.text  # the page's text, not the teaser
    assert "Footer text" not in art.text and "About" not in art.text.split("\n")  # boilerplate dropped
    assert art.url == server.url("/pages/harbour")
    assert server.hits["/pages/harbour"] == 1


def test_a_page_that_fails_keeps_the_summary_and_is_tried_once_more(server, lib) -> None:
    server.route("/s.xml", Route(rss("Teasers", [
        Item("t1", "Teaser", summary="Only a teaser.", link=server.url("/pages/later")),
    ])))
    add_feed(lib, server.url("/s.xml"))
    report = refresh(lib)
    (outcome,) = report.outcomes
    assert not outcome.error and len(outcome.new) == 1
    assert any("HTTP 404" in w and "kept the summary" in w for w in outcome.warnings)
    (art,) = lib.articles()
    assert lib.article(art.id).text == "Only a teaser."
    server.route("/pages/later", Route(page("Later", paragraphs("later", 6)), content_type="text/html"))
    report = refresh(lib)
    assert report.updated == [art.id] and not report.new
    assert "The later council met on day 6" in lib.article(art.id).text
    refresh(lib)
    assert server.hits["/pages/later"] == 2  # now it is in: not fetched again


def test_a_page_that_keeps_failing_is_tried_only_twice(server, lib) -> None:
    server.route("/s.xml", Route(rss("Teasers", [
        Item("t1", "Teaser", summary="Only a teaser.", link=server.url("/pages/never")),
    ])))
    add_feed(lib, server.url("/s.xml"))
    for _ in range(4):
        refresh(lib)
    assert server.hits["/pages/never"] == 2 and len(lib.articles()) == 1


def test_second_refresh_is_one_304_per_feed_and_adds_nothing(server, lib) -> None:
    serve_three(server)
    add_feed(lib, server.url("/rss.xml"), name="Harbour")
    add_feed(lib, server.url("/atom.xml"), name="River")
    refresh(lib)
    count = len(lib.articles())
    hits = dict(server.hits)
    report = refresh(lib)
    assert [o.not_modified for o in report.outcomes] == [True, True]
    assert len(lib.articles()) == count
    assert server.not_modified["/rss.xml"] == 1 and server.not_modified["/atom.xml"] == 1
    assert server.hits["/rss.xml"] == hits["/rss.xml"] + 1  # one request each, nothing else
    assert server.hits["/pages/harbour"] == hits["/pages/harbour"]
    sent = [h for p, h in server.requests if p == "/rss.xml"][-1]
    assert sent.get("If-None-Match") == '"rss-1"'


def test_a_feed_that_gains_one_entry_adds_exactly_one_article(server, lib) -> None:
    items = [Item(f"g{i}", f"Entry {i}", text=body(f"topic{i}")) for i in range(3)]
    server.route("/g.xml", Route(rss("Growing", items)))  # no validators: the whole feed each time
    add_feed(lib, server.url("/g.xml"))
    assert len(refresh(lib).new) == 3
    server.route("/g.xml", Route(rss("Growing", [Item("g9", "Entry 9", text=body("topic9")), *items])))
    report = refresh(lib)
    assert len(report.new) == 1 and report.outcomes[0].unchanged == 3
    assert sorted(a.title for a in lib.articles()) == ["Entry 0", "Entry 1", "Entry 2", "Entry 9"]


def test_unchanged_summary_entries_do_not_fetch_their_pages_again(server, lib) -> None:
    serve_three(server)
    add_feed(lib, server.url("/rss.xml"))
    refresh(lib)
    server.routes["/rss.xml"].etag = None  # the server stops answering 304
    refresh(lib)
    assert server.hits["/rss.xml"] == 2 and server.hits["/pages/harbour"] == 1


def test_a_changed_entry_updates_its_article_and_keeps_its_notes(server, lib) -> None:
    text = body("grain")
    server.route("/c.xml", Route(rss("Changing", [Item("c1", "Grain", text=text)])))
    add_feed(lib, server.url("/c.xml"))
    refresh(lib)
    (art,) = lib.articles()
    anchor = "observers waited outside the hall"
    start = lib.article(art.id).text.index(anchor)
    note = lib.add_note(art.id, start, start + len(anchor), "keep me")
    server.route("/c.xml", Route(rss("Changing", [Item("c1", "Grain", text="A new first line. " + text)])))
    report = refresh(lib)
    assert report.updated == [art.id] and not report.new
    moved = lib.note(note.id)
    assert not moved.orphaned and lib.article(art.id).text[moved.start : moved.end] == anchor
    assert lib.article(art.id).text.startswith("A new first line.")


def test_a_redirect_is_followed(server, lib) -> None:
    serve_three(server)
    server.route("/old", Route(b"", status=301, headers={"Location": "/atom.xml"}))
    add_feed(lib, server.url("/old"), name="Moved")
    report = refresh(lib)
    assert not report.failed and [a.title for a in lib.articles()] == ["River entry"]


def test_gzip_bodies_are_decoded(server, lib) -> None:
    serve_three(server)
    server.routes["/atom.xml"].gzip = True
    add_feed(lib, server.url("/atom.xml"))
    refresh(lib)
    assert any(h.get("Accept-Encoding", "").startswith("gzip") for p, h in server.requests)
    assert [a.title for a in lib.articles()] == ["River entry"]
    assert [f.name for f in list_feeds(lib)] == ["River Post"]  # added without a name: the feed's title


def test_the_http_charset_is_honoured(server, lib) -> None:
    feed = rss("Café", [Item("cafe-1", "Crème brûlée at the café", text=body("pastry"))])
    latin = feed.replace(b'encoding="utf-8"', b"").decode("utf-8").encode("iso-8859-1")
    server.route("/latin.xml", Route(latin, content_type="application/rss+xml; charset=iso-8859-1"))
    add_feed(lib, server.url("/latin.xml"))
    refresh(lib)
    assert [a.title for a in lib.articles()] == ["Crème brûlée at the café"]


def _fifty_megabytes() -> Iterator[bytes]:
    yield b'<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title><item><description>'
    chunk = b"x" * 65536
    for _ in range(50 * 16):
        yield chunk
    yield b"</description></item></channel></rss>"


def serve_broken(server: FeedServer) -> dict[str, str]:
    """name -> URL of feeds broken in different ways."""
    server.route("/500", Route(b"oops", status=500, content_type="text/plain"))
    server.route("/slow", Route(rss("Slow", [Item("s1", "Slow", text=body("slow"))]), delay=3))
    server.route("/html", Route(page("Just a page", paragraphs("page")), content_type="text/html"))
    whole = rss("Cut", [Item("t1", "Cut one", text=body("cut")), Item("t2", "Cut two", text=body("cut2"))])
    server.route("/truncated", Route(whole[: len(whole) * 2 // 3]))
    server.route("/huge", Route(_fifty_megabytes))
    return {
        "Missing": server.url("/404"),
        "Failing": server.url("/500"),
        "Slow": server.url("/slow"),
        "Page": server.url("/html"),
        "Truncated": server.url("/truncated"),
        "Huge": server.url("/huge"),
    }


EXPECTED_REASONS = {
    "Missing": "HTTP 404",
    "Failing": "HTTP 500",
    "Slow": "timed out",
    "Page": "not an RSS or Atom feed",
    "Truncated": "malformed XML",
    "Huge": "too large",
}


@pytest.fixture
def no_dns(monkeypatch: pytest.MonkeyPatch) -> str:
    """A host name that does not resolve (answered here: no resolver is asked)."""
    import socket

    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if host == "feeds.nowhere.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return "http://feeds.nowhere.invalid/feed.xml"


def test_each_broken_feed_gives_its_reason_and_the_good_ones_still_import(server, lib, no_dns) -> None:  # noqa: ANN001
    serve_three(server)
    for name, url in serve_broken(server).items():
        add_feed(lib, url, name=name)
    add_feed(lib, no_dns, name="No DNS")
    add_feed(lib, "http://127.0.0.1:1/feed.xml", name="Refused")
    add_feed(lib, server.url("/rss.xml"), name="Good RSS")
    add_feed(lib, server.url("/atom.xml"), name="Good Atom")
    started = time.monotonic()
    with HttpClient(timeout=0.5) as client:
        report = refresh(lib, client=client)
    assert time.monotonic() - started < 10
    errors = {o.feed.name: o.error for o in report.outcomes if o.error}
    expected = {**EXPECTED_REASONS, "No DNS": "cannot resolve the host 'feeds.nowhere.invalid'",
                "Refused": "cannot connect (Connection refused)"}
    assert set(errors) == set(expected)
    for name, reason in expected.items():
        assert reason in errors[name], (name, errors[name])
        assert "\n" not in errors[name]
    assert {"Harbour summary only", "Grain in full", "River entry"} <= {a.title for a in lib.articles()}
    # the 50 MB response was abandoned at the limit, not read to the end
    assert server.sent["/huge"] < 40 * 1024 * 1024
    stored = {f.name: f.last_error for f in list_feeds(lib)}
    assert "HTTP 404" in stored["Missing"] and stored["Good RSS"] is None


def test_a_server_that_drips_bytes_meets_the_deadline(server) -> None:
    def drip() -> Iterator[bytes]:
        yield b'<?xml version="1.0"?><rss version="2.0"><channel><title>Drip</title>'
        for _ in range(40):
            time.sleep(0.1)
            yield b" "

    server.route("/drip", Route(drip))
    started = time.monotonic()
    with HttpClient(timeout=2, deadline=0.5) as client, pytest.raises(FetchError, match="too slow"):
        client.get(server.url("/drip"))
    assert time.monotonic() - started < 2


def test_a_gzip_bomb_is_stopped_at_the_limit(server) -> None:
    import gzip

    bomb = gzip.compress(b"<rss>" + b" " * (64 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 200_000
    server.route("/bomb", Route(bomb, headers={"Content-Encoding": "gzip"}))
    with HttpClient(max_bytes=1024 * 1024) as client, pytest.raises(FetchError, match="too large"):
        client.get(server.url("/bomb"))


def test_a_declared_length_over_the_limit_is_refused_before_reading(server) -> None:
    server.route("/big", Route(b"<rss>" + b"x" * 5000, content_type="application/rss+xml"))
    with HttpClient(max_bytes=1000) as client, pytest.raises(FetchError, match="too large"):
        client.get(server.url("/big"))


def test_only_http_and_https_are_fetched(server, lib) -> None:
    for url in ("ftp://127.0.0.1/feed", "file:///etc/passwd", "javascript:alert(1)"):
        with pytest.raises(BriefingError, match="only http and https"):
            add_feed(lib, url)
    server.route("/to-file", Route(b"", status=302, headers={"Location": "file:///etc/passwd"}))
    with HttpClient() as client, pytest.raises(FetchError, match="not fetched"):
        client.get(server.url("/to-file"))


def test_too_many_requests_says_how_long_to_wait(server) -> None:
    server.route("/busy", Route(b"slow down", status=429, headers={"Retry-After": "120"}))
    with HttpClient() as client, pytest.raises(FetchError, match=r"HTTP 429 Too Many Requests \(the server asks to wait 120 s\)"):
        client.get(server.url("/busy"))


def test_a_redirect_loop_stops(server) -> None:
    server.route("/loop", Route(b"", status=302, headers={"Location": "/loop"}))
    with HttpClient() as client, pytest.raises(FetchError, match="redirects"):
        client.get(server.url("/loop"))


def test_requests_to_one_host_are_limited(server, lib) -> None:
    seen = {"now": 0, "max": 0}
    import threading

    lock = threading.Lock()

    def slow_feed(n: int):  # noqa: ANN202
        def gen():  # noqa: ANN202
            with lock:
                seen["now"] += 1
                seen["max"] = max(seen["max"], seen["now"])
            time.sleep(0.15)
            with lock:
                seen["now"] -= 1
            yield rss(f"F{n}", [Item(f"f{n}", f"Feed {n} entry", text=body(f"f{n}"))])

        return gen

    for n in range(6):
        add_feed(lib, server.route(f"/f{n}", Route(slow_feed(n))), name=f"F{n}")
    with HttpClient(per_host=2) as client:
        report = refresh(lib, client=client, workers=6)
    assert not report.failed and len(report.new) == 6
    assert seen["max"] == 2


def test_removing_a_feed_keeps_its_articles_and_notes(server, lib) -> None:
    serve_three(server)
    add_feed(lib, server.url("/atom.xml"), name="River")
    refresh(lib)
    (art,) = lib.articles()
    lib.add_note(art.id, 0, 5, "mine")
    remove_feed(lib, "River")
    assert list_feeds(lib) == [] and [a.id for a in lib.articles()] == [art.id]
    assert [n.body for n in lib.notes(article_id=art.id)] == ["mine"]


def test_same_name_or_url_twice_and_unknown_topics_are_refused(server, lib) -> None:
    add_feed(lib, server.url("/a"), name="A")
    with pytest.raises(BriefingError, match="already subscribed"):
        add_feed(lib, server.url("/a"), name="B")
    with pytest.raises(BriefingError, match="has this name"):
        add_feed(lib, server.url("/b"), name="A")
    with pytest.raises(BriefingError, match="no such topic"):
        add_feed(lib, server.url("/c"), topic="no-such-topic")
    topic = lib.topic_labels()[0][0][0]
    assert add_feed(lib, server.url("/d"), topic=topic).topic == topic
    with pytest.raises(BriefingError, match="no such feed"):
        refresh(lib, ["Nope"])


# ---------------------------------------------------------------------------- the commands


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_feeds_add_list_refresh_and_exit_status(server, lib_path, capsys) -> None:  # noqa: ANN001
    serve_three(server)
    serve_broken(server)
    lib_arg = ("--library", str(lib_path))
    assert run_cli(capsys, "feeds", "add", server.url("/rss.xml"), "--name", "Harbour", *lib_arg)[0] == 0
    assert run_cli(capsys, "feeds", "add", server.url("/truncated"), "--name", "Cut", *lib_arg)[0] == 0
    code, out, err = run_cli(capsys, "refresh", *lib_arg)
    assert code == 1
    assert err.strip().splitlines() == [err.strip().splitlines()[0]]  # exactly one error line
    assert err.startswith("briefing: Cut: malformed XML")
    assert "Harbour: 2 new" in out and "1 failed" in out
    code, out, _ = run_cli(capsys, "refresh", "Harbour", *lib_arg)
    assert code == 0 and "1 not modified" in out
    code, out, _ = run_cli(capsys, "feeds", *lib_arg)
    assert "Harbour  (2 unread of 2)" in out and "last error: malformed XML" in out
    code, out, _ = run_cli(capsys, "feeds", "--json", *lib_arg)
    import json

    rows = {r["name"]: r for r in json.loads(out)}
    assert rows["Harbour"]["unread"] == 2 and rows["Cut"]["last_error"].startswith("malformed XML")
    code, out, _ = run_cli(capsys, "feeds", "remove", "Cut", *lib_arg)
    assert code == 0 and "unsubscribed: Cut" in out
    code, _, err = run_cli(capsys, "refresh", "Cut", *lib_arg)
    assert code == 2 and "Cut: no such feed" in err


def test_cli_refresh_gives_one_line_per_broken_feed(server, lib_path, capsys, no_dns) -> None:  # noqa: ANN001
    serve_three(server)
    lib_arg = ("--library", str(lib_path))
    broken = {**serve_broken(server), "No DNS": no_dns}
    for name, url in {**broken, "Good": server.url("/atom.xml")}.items():
        assert run_cli(capsys, "feeds", "add", url, "--name", name, *lib_arg)[0] == 0
    code, out, err = run_cli(capsys, "refresh", "--timeout", "0.5", *lib_arg)
    assert code == 1
    lines = err.strip().splitlines()
    assert sorted(line.split(":", 2)[1].strip() for line in lines) == sorted(broken)
    assert all(line.startswith("briefing: ") for line in lines)
    assert "Good: 1 new" in out and "7 failed" in out
    assert "\x1b" not in out + err  # no progress bar on a pipe
    code, _, err = run_cli(capsys, "refresh", "--timeout", "0", *lib_arg)
    assert code == 2 and "--timeout 0" in err


def test_cli_refresh_with_no_feeds_says_how_to_add_one(lib_path, capsys) -> None:  # noqa: ANN001
    code, out, _ = run_cli(capsys, "refresh", "--library", str(lib_path))
    assert code == 0 and "briefing feeds add URL" in out


# ---------------------------------------------------------------------------- hostile input, at random

_PIECES = st.sampled_from([
    '<?xml version="1.0"?>', "<rss version=\"2.0\">", "<channel>", "</channel>", "</rss>", "<item>", "</item>",
    "<title>", "</title>", "<description>", "</description>", "<guid>", "</guid>", "<link>", "</link>",
    "<feed xmlns=\"http://www.w3.org/2005/Atom\">", "<entry>", "</entry>", "<content type=\"html\">",
    "</content>", "&lt;script&gt;", "<![CDATA[<iframe src=x>]]>", "&amp;", "&nbsp;", "&#0;", "\x00", "\ufffe",
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">", "javascript:alert(1)", "text",
])


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_PIECES, st.text(max_size=20)), max_size=40), st.booleans())
def test_any_feed_parses_or_gives_a_briefing_error(pieces: list[str], strict: bool) -> None:
    data = "".join(pieces).encode("utf-8", "surrogatepass")
    try:
        parsed = parse_feed(data, "http://127.0.0.1/f.xml", strict=strict, allow_empty=True)
    except BriefingError as err:
        assert "\n" not in str(err).split(": ", 1)[0]
        return
    for entry in parsed.entries:
        assert "<script" not in entry.document.title.lower() and "\n" not in entry.document.title
        assert entry.document.text.strip()


def test_a_progress_bar_on_a_terminal_only(server, lib_path) -> None:  # noqa: ANN001
    """A slow refresh shows Rich's bar on a terminal's stderr; on a pipe stderr has only the failure line."""
    import os
    import pty
    import subprocess
    import sys

    server.route("/slow", Route(b"", status=404, delay=1.5))
    add = subprocess.run([sys.executable, "-m", "briefing_tui.cli", "feeds", "add", server.url("/slow"), "--name",
                          "Slow", "--library", str(lib_path)], capture_output=True, text=True, timeout=60)
    assert add.returncode == 0, add.stderr
    argv = [sys.executable, "-m", "briefing_tui.cli", "refresh", "--library", str(lib_path)]
    piped = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert piped.returncode == 1 and piped.stderr == "briefing: Slow: HTTP 404 Not Found\n"
    master, slave = pty.openpty()
    try:
        proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=slave, env={**os.environ, "COLUMNS": "100"})
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the terminal closed: the process ended
                break
            if not chunk:
                break
            seen += chunk
        assert proc.wait(timeout=60) == 1
    finally:
        os.close(master)
    text = seen.decode("utf-8", "replace")
    assert "refreshing" in text and "\x1b[" in text  # the bar, drawn with escape sequences
    assert "briefing: Slow: HTTP 404 Not Found" in text


def test_entries_without_id_or_link_keep_their_identity_when_one_is_added_on_top(server, lib) -> None:
    def feed(*titles: str) -> bytes:
        items = "".join(f"<item><title>{t}</title><description>{body(t.lower())}</description></item>" for t in titles)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bare</title>{items}</channel></rss>'.encode()

    server.route("/bare.xml", Route(feed("Alpha", "Beta")))
    add_feed(lib, server.url("/bare.xml"))
    refresh(lib)
    before = {a.title: lib.article(a.id).text for a in lib.articles()}
    server.route("/bare.xml", Route(feed("Gamma", "Alpha", "Beta")))
    report = refresh(lib)
    assert len(report.new) == 1 and not report.updated
    after = {a.title: lib.article(a.id).text for a in lib.articles()}
    assert set(after) == {"Alpha", "Beta", "Gamma"}
    assert after["Alpha"] == before["Alpha"] and after["Beta"] == before["Beta"]
