"""Read state (`read`/`unread`, `list --unread`), `import URL` (a page or a feed, fetched once) and
OPML import/export of subscriptions. Local HTTP server only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import write
from feedserver import FeedServer, Item, Route, page, paragraphs, rss

from briefing_tui import cli
from briefing_tui.errors import BriefingError
from briefing_tui.library import Library
from briefing_tui.library.feeds import list_feeds


@pytest.fixture
def server() -> Iterator[FeedServer]:
    with FeedServer() as s:
        yield s


@pytest.fixture
def libarg(tmp_path: Path, fake_analyser) -> tuple[str, str]:  # noqa: ANN001
    path = tmp_path / "lib" / "library.sqlite3"
    Library.open(path, seed=False).close()
    return ("--library", str(path))


def run(capsys, *argv: str) -> tuple[int, str, str]:  # noqa: ANN001
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, libarg, *extra: str) -> list[dict]:  # noqa: ANN001
    code, out, _ = run(capsys, "list", "--json", *extra, *libarg)
    assert code == 0
    return json.loads(out)


def test_articles_are_unread_until_marked_read(tmp_path: Path, capsys, libarg) -> None:  # noqa: ANN001
    files = [write(tmp_path / f"a{n}.txt", f"Story {n}\n\n" + " ".join(paragraphs(f"story{n}", 2))) for n in range(3)]
    assert run(capsys, "import", *map(str, files), *libarg)[0] == 0
    assert [a["unread"] for a in listed(capsys, libarg)] == [True, True, True]
    code, out, _ = run(capsys, "read", "1", "3", *libarg)
    assert code == 0 and "article 1: read" in out
    assert [a["id"] for a in listed(capsys, libarg, "--unread")] == [2]
    code, out, _ = run(capsys, "list", "--unread", *libarg)
    assert "   2* Story 1" in out and "Story 0" not in out and "Story 2" not in out
    run(capsys, "unread", "3", *libarg)
    assert [a["id"] for a in listed(capsys, libarg, "--unread")] == [2, 3]
    code, out, _ = run(capsys, "read", "1", *libarg)
    assert "(already)" in out
    code, _, err = run(capsys, "read", "99", *libarg)
    assert code == 2 and "article 99: no such article" in err
    run(capsys, "read", "2", "3", *libarg)
    code, out, _ = run(capsys, "list", "--unread", *libarg)
    assert "No unread articles." in out


def test_import_url_of_a_page_and_of_a_feed(server: FeedServer, capsys, libarg) -> None:  # noqa: ANN001
    server.route("/story", Route(page("Lighthouse keepers", paragraphs("lighthouse", 6)), content_type="text/html"))
    server.route("/feed", Route(rss("Coast", [Item("c1", "Coast one", text=" ".join(paragraphs("coast"))),
                                              Item("c2", "Coast two", text=" ".join(paragraphs("cliff")))])))
    code, out, err = run(capsys, "import", server.url("/story"), server.url("/feed"), *libarg)
    assert code == 0, err
    assert "3 imported" in out
    arts = {a["title"]: a for a in listed(capsys, libarg)}
    assert set(arts) == {"Lighthouse keepers", "Coast one", "Coast two"}
    assert arts["Lighthouse keepers"]["url"] == server.url("/story")
    assert all(a["unread"] and a["feed"] is None for a in arts.values())  # imported, not subscribed
    code, out, err = run(capsys, "import", server.url("/missing"), "ftp://127.0.0.1/x", *libarg)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "/missing: HTTP 404" in lines[0] and "only http and https" in lines[1]


def test_opml_round_trip(server: FeedServer, tmp_path: Path, capsys, libarg) -> None:  # noqa: ANN001
    opml = write(tmp_path / "subs.opml", f"""<?xml version="1.0"?>
<opml version="1.0"><head><title>From another reader</title></head><body>
  <outline text="News">
    <outline text="Harbour &amp; Sea" type="rss" xmlUrl="{server.url('/h.xml')}"/>
    <outline text="River" title="River Post" type="rss" xmlUrl="{server.url('/r.xml')}"/>
  </outline>
  <outline text="Just a link" type="link" url="http://127.0.0.1:9/"/>
  <outline text="Old one" type="rss" xmlUrl="gopher://127.0.0.1/feed"/>
</body></opml>""")
    code, out, err = run(capsys, "feeds", "import", str(opml), *libarg)
    assert code == 1 and "2 added, 1 failed" in out and "only http and https" in err
    code, out, _ = run(capsys, "feeds", "export", *libarg)
    assert code == 0
    exported = write(tmp_path / "out.opml", out)
    fresh = tmp_path / "other" / "library.sqlite3"
    Library.open(fresh, seed=False).close()
    code, out2, _ = run(capsys, "feeds", "import", str(exported), "--library", str(fresh))
    assert code == 0 and "2 added, 0 failed" in out2
    for arg in (libarg, ("--library", str(fresh))):
        lib = Library.open(arg[1])
        try:
            assert sorted((f.name, f.url) for f in list_feeds(lib)) == [
                ("Harbour & Sea", server.url("/h.xml")),
                ("River Post", server.url("/r.xml")),
            ]
        finally:
            lib.close()
    # importing again adds nothing
    code, out, _ = run(capsys, "feeds", "import", str(exported), *libarg)
    assert "0 added" in out and out.count("already subscribed") == 2
    # and exporting to a file that exists needs --force
    target = write(tmp_path / "exists.opml", "x")
    code, _, err = run(capsys, "feeds", "export", "-o", str(target), *libarg)
    assert code == 2 and "already exists" in err


def test_opml_that_is_not_opml_or_has_entities_is_refused(tmp_path: Path, capsys, libarg) -> None:  # noqa: ANN001
    bomb = write(tmp_path / "bomb.opml", '<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaa">]>'
                 "<opml><body><outline xmlUrl='http://127.0.0.1/&a;'/></body></opml>")
    code, _, err = run(capsys, "feeds", "import", str(bomb), *libarg)
    assert code == 2 and "DOCTYPE" in err
    html = write(tmp_path / "page.opml", "<html><body>hi</body></html>")
    code, _, err = run(capsys, "feeds", "import", str(html), *libarg)
    assert code == 2 and "not an OPML file" in err
    broken = write(tmp_path / "broken.opml", "<opml><body><outline")
    code, _, err = run(capsys, "feeds", "import", str(broken), *libarg)
    assert code == 2 and "not valid OPML" in err and len(err.strip().splitlines()) == 1


def test_briefing_url_imports_the_page_and_opens_it(server: FeedServer, tmp_path: Path, fake_analyser) -> None:  # noqa: ANN001
    from argparse import Namespace

    from briefing_tui.commands import tui

    server.route("/story", Route(page("Lighthouse keepers", paragraphs("lighthouse", 6)), content_type="text/html"))
    args = Namespace(files=[server.url("/story")], library=str(tmp_path / "lib.sqlite3"), topics=None)
    for _ in range(2):  # the second time it is already there: the same article opens
        lib, article_id = tui._import_files(args)
        try:
            assert lib.article(article_id).title == "Lighthouse keepers"
            assert len([a for a in lib.articles() if a.title == "Lighthouse keepers"]) == 1
        finally:
            lib.close()
    args = Namespace(files=[server.url("/gone")], library=str(tmp_path / "lib.sqlite3"), topics=None)
    with pytest.raises(BriefingError, match="/gone: HTTP 404"):
        tui._import_files(args)


def test_the_readers_refresh_message_counts_and_names_failed_feeds() -> None:
    from briefing_tui.library.feeds import Feed
    from briefing_tui.library.refresh import FeedOutcome, RefreshReport
    from briefing_tui.ui.subscriptions import refresh_message

    def feed(n: int) -> Feed:
        return Feed(n, f"F{n}", f"http://127.0.0.1/{n}", None, None, None, "", None, None)

    ok = RefreshReport([FeedOutcome(feed(1), new=(4, 5)), FeedOutcome(feed(2), not_modified=True)])
    assert refresh_message(ok) == ("2 new articles", "information")
    assert refresh_message(RefreshReport([FeedOutcome(feed(1), updated=(3,))])) == ("No new articles, 1 updated", "information")
    bad = RefreshReport([FeedOutcome(feed(1), new=(7,))] + [FeedOutcome(feed(n), error="HTTP 500") for n in range(2, 7)])
    message, severity = refresh_message(bad)
    assert severity == "warning"
    assert message == "1 new article. 5 feeds failed: F2 (HTTP 500), F3 (HTTP 500), F4 (HTTP 500) and 2 more"
