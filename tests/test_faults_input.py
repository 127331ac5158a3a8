"""Bad input for `briefing import`: a huge feed, symlink loops, unreadable and vanishing files, odd names,
hostile HTML. Each ends with a correct result or a one-line error naming the file, exit status 1 when
something failed, and the rest of the work still done."""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fakes import write

from briefing_tui.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err



@pytest.fixture
def lib_args(tmp_path: Path, fake_analyser) -> list[str]:
    """A new, unseeded library (the fake analyser does the analysis)."""
    from briefing_tui.library import Library

    path = tmp_path / "lib" / "library.sqlite3"
    Library.open(path, seed=False).close()
    return ["--library", str(path)]


def _articles(lib_args: list[str]):
    from briefing_tui.library import Library

    with Library.open(lib_args[1], seed=False) as lib:
        return lib.articles()


# ---------------------------------------------------------------------------- a feed with 10,000 entries
def big_feed(n: int) -> str:
    items = "".join(
        f"<item><title>Entry {i}</title><link>https://example.org/{i}</link><guid>urn:big:{i}</guid>"
        f"<description>&lt;p&gt;Story {i}: the harbour talks went on for day {i}.&lt;/p&gt;"
        f"&lt;script&gt;alert('SCRIPT{i}')&lt;/script&gt;</description></item>"
        for i in range(n)
    )
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>Big wire</title>{items}</channel></rss>"


FEED_IMPORT = """
import resource, sys, time
sys.path.insert(0, {tests!r})
from fakes import AnalyserSpy
from briefing_tui.analysis import pipeline
pipeline.analyse_many = AnalyserSpy()  # the real analysis is not what is measured here
from briefing_tui.library import Library
lib = Library.open(sys.argv[1], seed=False)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
report = lib.import_paths([sys.argv[2]])
took = time.perf_counter() - t
grew = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(len(report.imported), len(report.failed), len(lib.articles()), f"{{took:.2f}}", f"{{grew:.1f}}")
"""


@pytest.mark.slow
def test_a_feed_with_10000_entries_imports_every_entry_in_bounded_time_and_memory(tmp_path: Path) -> None:
    feed = write(tmp_path / "big.rss", big_feed(10_000))
    script = write(tmp_path / "imp.py", FEED_IMPORT.format(tests=str(Path(__file__).parent)))
    result = subprocess.run([sys.executable, str(script), str(tmp_path / "lib.sqlite3"), str(feed)],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    imported, failed, count, took, grew = result.stdout.split()
    print(f"10,000-entry feed ({feed.stat().st_size / 1e6:.1f} MB): {took} s, peak RSS grew {grew} MB")
    assert (int(imported), int(failed), int(count)) == (10_000, 0, 10_000)
    assert float(took) < 60
    assert float(grew) < 400  # the feed is 2.4 MB; its documents and the SQLite cache, not a blow-up


def test_feed_entries_keep_no_script_and_no_javascript_links(tmp_path: Path, lib_args, capsys) -> None:
    feed = write(tmp_path / "wire.rss", big_feed(3).replace(
        "<link>https://example.org/1</link>", "<link>javascript:alert('LINK')</link>"))
    code, out, err = run(capsys, "import", str(feed), *lib_args)
    assert code == 0, err
    arts = _articles(lib_args)
    assert len(arts) == 3
    from briefing_tui.library import Library

    with Library.open(lib_args[1], seed=False) as lib:
        for a in arts:
            text = lib.article(a.id).text
            assert "SCRIPT" not in text and "alert" not in text and "Story" in text
        urls = sorted(str(a.url) for a in arts)
    assert urls == ["None", "https://example.org/0", "https://example.org/2"]


# ---------------------------------------------------------------------------- folders that fight back
def test_a_symlink_loop_is_walked_once(tmp_path: Path, lib_args, capsys) -> None:
    root = tmp_path / "news"
    write(root / "a.txt", "The harbour reopened after the storm.\n")
    write(root / "sub" / "b.txt", "The mountain pass closed for the winter.\n")
    os.symlink(root, root / "sub" / "back-to-root")
    os.symlink(root / "sub", root / "sub" / "self")
    os.symlink(root / "nowhere", root / "dangling.txt")
    code, out, err = run(capsys, "import", str(root), *lib_args)
    assert "2 imported" in out and "1 failed" in out
    assert code == 1 and err.count("\n") == 1 and "dangling.txt: broken symbolic link" in err
    assert len(_articles(lib_args)) == 2


def test_an_unreadable_file_is_named_and_the_rest_imported(tmp_path: Path, lib_args, capsys, monkeypatch) -> None:
    # we may run as root, for whom chmod 000 changes nothing: make the read itself fail
    good = write(tmp_path / "in" / "good.txt", "The ferries run again on the northern route.\n")
    locked = write(tmp_path / "in" / "locked.txt", "Nobody may read this article about tides.\n")
    real_open = builtins.open

    def guarded_open(file, *a, **kw):  # noqa: ANN001, ANN002, ANN003
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **kw)

    monkeypatch.setattr(builtins, "open", guarded_open)
    code, out, err = run(capsys, "import", str(tmp_path / "in"), *lib_args)
    assert code == 1
    assert err == f"briefing: {locked}: permission denied\n"
    assert "1 imported" in out and "1 failed" in out
    assert [Path(a.source).name for a in _articles(lib_args)] == ["good.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_a_chmod_000_file_is_named_and_the_rest_imported(tmp_path: Path, lib_args, capsys) -> None:
    write(tmp_path / "in" / "good.txt", "The ferries run again on the northern route.\n")
    locked = write(tmp_path / "in" / "locked.txt", "Nobody may read this article about tides.\n")
    locked.chmod(0)
    try:
        code, out, err = run(capsys, "import", str(tmp_path / "in"), *lib_args)
    finally:
        locked.chmod(0o600)
    assert code == 1 and "locked.txt: permission denied" in err and "1 imported" in out


def test_an_unreadable_folder_is_named_and_the_rest_imported(tmp_path: Path, lib_args, capsys, monkeypatch) -> None:
    write(tmp_path / "in" / "good.txt", "The ferries run again on the northern route.\n")
    write(tmp_path / "in" / "closed" / "x.txt", "Inside a closed folder.\n")
    real_scandir = os.scandir

    def guarded_scandir(path):  # noqa: ANN001
        if str(path).endswith("closed"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    from briefing_tui.ingest import files

    monkeypatch.setattr(files.os, "scandir", guarded_scandir)
    code, out, err = run(capsys, "import", str(tmp_path / "in"), *lib_args)
    assert code == 1 and err.count("\n") == 1
    assert "closed: cannot read folder (Permission denied)" in err and "1 imported" in out


def test_a_file_deleted_between_listing_and_reading(tmp_path: Path, fake_analyser) -> None:
    from briefing_tui.library import Library

    folder = tmp_path / "in"
    for i in range(5):
        write(folder / f"{i}.txt", f"Article {i} about the harbour and the ferries, number {i}.\n")
    doomed = folder / "2.txt"

    def progress(done: int, total: int, label: str) -> None:
        if done == 0:  # everything is listed, nothing read yet
            doomed.unlink()

    with Library.open(tmp_path / "lib.sqlite3", seed=False) as lib:
        report = lib.import_paths([folder], progress)
        assert report.failed == [(str(doomed), "no such file")]
        assert len(report.imported) == 4 and len(lib.articles()) == 4


def test_a_file_replaced_by_a_folder_mid_import(tmp_path: Path, fake_analyser) -> None:
    from briefing_tui.library import Library

    folder = tmp_path / "in"
    for i in range(3):
        write(folder / f"{i}.txt", f"Article {i} about lakes, number {i}.\n")
    victim = folder / "1.txt"

    def progress(done: int, total: int, label: str) -> None:
        if done == 0:
            victim.unlink()
            victim.mkdir()

    with Library.open(tmp_path / "lib.sqlite3", seed=False) as lib:
        report = lib.import_paths([folder], progress)
    assert len(report.imported) == 2
    assert len(report.failed) == 1 and report.failed[0][0] == str(victim) and "folder" in report.failed[0][1]


ODD_NAMES = ["with spaces.txt", "new\nline.txt", "tab\there.md", "Ünïcødé – статья – 記事.txt", "emoji 📰.md",
             "\x1b[31mred\x1b[0m.txt", "rtl\u202eexe.txt.txt", "-starts-with-dash.txt"]


def test_names_with_spaces_newlines_and_non_ascii(tmp_path: Path, lib_args, capsys) -> None:
    folder = tmp_path / "odd names"
    for i, name in enumerate(ODD_NAMES):
        write(folder / name, f"Article number {i} about the harbour, the ferries and the tides ({i}).\n")
    bad = write(folder / "bad\nname ✗.txt", bytes(range(256)) * 4)
    undecodable = os.fsencode(str(folder)) + b"/latin1-\xe9t\xe9.txt"
    with open(undecodable, "wb") as fh:
        fh.write(b"An article whose file name is not UTF-8 at all.\n")
    code, out, err = run(capsys, "import", str(folder), *lib_args)
    assert code == 1
    assert f"{len(ODD_NAMES) + 1} imported" in out and "1 failed" in out
    # the one failure: one line, its name visible (newline shown as a placeholder), no raw control codes
    assert err.count("\n") == 1 and "bad\u2424name ✗.txt: binary file" in err
    sources = {Path(a.source).name for a in _articles(lib_args)}
    assert set(ODD_NAMES) <= sources
    assert "latin1-\\xe9t\\xe9.txt" in sources  # undecodable bytes of a name, escaped (SQLite stores UTF-8)
    code, out, _ = run(capsys, "list", *lib_args)
    assert code == 0 and "\x1b" not in out and "\u202e" not in out and "latin1-\\xe9t\\xe9.txt" in out
    # importing the folder again finds every article unchanged, the escaped name included
    code, out, _ = run(capsys, "import", str(folder), *lib_args)
    assert f"0 imported, 0 updated, {len(ODD_NAMES) + 1} unchanged" in out
    for line in out.splitlines():
        assert "\t" not in line  # sources are shown one line each, whatever their names


def test_a_name_given_on_the_command_line_that_does_not_exist(tmp_path: Path, lib_args, capsys) -> None:
    good = write(tmp_path / "good.txt", "The ferries run again on the northern route.\n")
    code, out, err = run(capsys, "import", str(tmp_path / "nope\nhere.txt"), str(good), *lib_args)
    assert code == 1 and err == f"briefing: {tmp_path}/nope\u2424here.txt: no such file or folder\n"
    assert "1 imported" in out


# ---------------------------------------------------------------------------- hostile HTML
HOSTILE_HTML = b"""<!doctype html><html><head><title>Harbour news</title>
<script>var secret = 'SCRIPTBODY1';</script>
<meta property="og:url" content="javascript:alert('URLX')">
<style>.x { color: red } STYLEBODY</style></head>
<body onload="alert('ONLOAD')"><article><h1>Harbour news</h1>
<p onclick="alert('CLICKX')">The harbour reopened today after a long storm, officials said on Monday morning.</p>
<script type="text/javascript">document.write('SCRIPTBODY2')</script>
<p>Ships returned to the <a href="javascript:alert('HREFX')">quay</a> and trade resumed slowly over the week.</p>
<noscript>NOSCRIPTBODY</noscript>
<img src=x onerror="alert('IMGX')"><iframe src="javascript:alert('IFRAMEX')">IFRAMEBODY</iframe>
<svg><script>SCRIPTBODY3</script></svg>
<p>Fishermen said the catch was good <b>and <i>prices rose</b> quickly</i> in the market.
<div><p>An unclosed div and a <script>SCRIPTBODY4
</body></html>"""

BROKEN_HTML = (b"<p>Broken <b>tags <i>everywhere</p></div></span><p>A second paragraph with < and > "
               b"and &bogus; entities &amp; more<!-- a comment SCRIPTBODY5 --></p><p>Third<p>Fourth</tr></table>")

FRAGMENT_FEED = """<?xml version='1.0'?><rss version='2.0'><channel><title>W</title>
<item><title>Evil entry</title><guid>urn:evil</guid>
<description><![CDATA[<p onmouseover="alert('HOVER')">Ferries sail at dawn.</p><script>SCRIPTBODY6</script>
<style>STYLEBODY2</style><a href="javascript:void(0)">a link</a> <scr<script>x</script>ipt>]]></description></item>
</channel></rss>"""


def test_script_laden_and_broken_html_keeps_text_and_no_script(tmp_path: Path, lib_args, capsys) -> None:
    from briefing_tui.library import Library

    write(tmp_path / "in" / "hostile.html", HOSTILE_HTML)
    write(tmp_path / "in" / "broken.htm", BROKEN_HTML)
    write(tmp_path / "in" / "scripts-only.html", b"<html><body><script>SCRIPTBODY7</script></body></html>")
    write(tmp_path / "in" / "feed.rss", FRAGMENT_FEED)
    code, out, err = run(capsys, "import", str(tmp_path / "in"), *lib_args)
    assert code == 1 and "3 imported" in out
    assert err == f"briefing: {tmp_path / 'in' / 'scripts-only.html'}: no article text found in the HTML\n"
    with Library.open(lib_args[1], seed=False) as lib:
        arts = {Path(a.source).name if "/" in a.source else a.source: lib.article(a.id) for a in lib.articles()}
    hostile = arts["hostile.html"].text
    assert "The harbour reopened today after a long storm" in hostile
    assert "Ships returned to the quay and trade resumed" in hostile
    assert "prices rose" in hostile
    assert arts["hostile.html"].url is None
    assert "Third" in arts["broken.htm"].text and "&bogus;" in arts["broken.htm"].text
    assert "Ferries sail at dawn." in arts["urn:evil"].text
    everything = " ".join(a.text + a.title + str(a.url) + str(a.metadata) for a in arts.values())
    for marker in ("SCRIPTBODY", "STYLEBODY", "NOSCRIPTBODY", "IFRAMEBODY", "alert(", "javascript:",
                   "onclick", "onload", "onerror", "onmouseover", "<script", "<p"):
        assert marker not in everything, marker


# ---------------------------------------------------------------------------- the import command's output
def test_every_failure_is_one_line_naming_its_file_and_the_rest_is_done(tmp_path: Path, lib_args, capsys) -> None:
    folder = tmp_path / "mixed"
    write(folder / "ok1.txt", "The first good article about the harbour.\n")
    write(folder / "ok2.md", "# Second\n\nThe second good article about the hills.\n")
    write(folder / "empty.txt", "")
    write(folder / "binary.txt", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8)
    write(folder / "not-a-feed.xml", "<?xml version='1.0'?><config/>")
    write(folder / "image.html", b"\x89PNG\r\n\x1a\n" + bytes(200))
    write(folder / "nul.txt", "An article\x00 with a NUL in it about the harbour.\n")
    code, out, err = run(capsys, "import", str(folder), *lib_args)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 4 and all(line.startswith(f"briefing: {folder}/") for line in lines)
    assert "3 imported" in out and "4 failed" in out
    assert "Traceback" not in err


def test_progress_bar_only_on_a_terminal(monkeypatch) -> None:
    from briefing_tui.commands.library_output import LazyProgress

    class FakeTTY:
        def __init__(self, tty: bool) -> None:
            self.tty, self.data = tty, []

        def isatty(self) -> bool:
            return self.tty

        def write(self, s: str) -> int:
            self.data.append(s)
            return len(s)

        def flush(self) -> None:
            pass

        @property
        def encoding(self) -> str:
            return "utf-8"

        def fileno(self) -> int:
            raise OSError("no fd")

    for tty in (True, False):
        fake = FakeTTY(tty)
        monkeypatch.setattr(sys, "stderr", fake)
        with LazyProgress("importing", delay=0.0) as progress:
            for done in range(0, 50, 5):
                progress(done, 50, "x")
                time.sleep(0.01)
        shown = "".join(fake.data)
        assert ("importing" in shown) is tty, tty


PTY_IMPORT = """
import os, pty, sys
folder, lib = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, {runner!r}, folder, lib])
out = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        break
    if not chunk:
        break
    out += chunk
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode("utf-8", "replace"))
sys.exit(os.waitstatus_to_exitcode(status))
"""

RUNNER = """
import sys, time
sys.path.insert(0, {tests!r})
from fakes import AnalyserSpy
from briefing_tui.analysis import pipeline
spy = AnalyserSpy()
def slow(docs, taxonomy=None):
    time.sleep(0.05)  # a slow analyser: the bar must appear
    return spy(docs, taxonomy)
pipeline.analyse_many = slow
from briefing_tui.cli import main
sys.exit(main(["import", sys.argv[1], "--library", sys.argv[2]]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_progress_bar_appears_on_a_real_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for i in range(200):
        write(folder / f"{i:03d}.txt", f"Article {i} about the harbour and the ferries, number {i}.\n")
    runner = write(tmp_path / "runner.py", RUNNER.format(tests=str(Path(__file__).parent)))
    wrapper = write(tmp_path / "pty_import.py", PTY_IMPORT.format(runner=str(runner)))
    result = subprocess.run([sys.executable, str(wrapper), str(folder), str(tmp_path / "lib.sqlite3")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "200 imported" in result.stdout
    assert "importing" in result.stdout and "/200" in result.stdout  # the bar, drawn on the terminal


def test_progress_moves_inside_a_big_feed(tmp_path: Path, fake_analyser) -> None:
    from briefing_tui.library import Library

    feed = write(tmp_path / "wire.rss", big_feed(300))
    calls: list[tuple[int, int, str]] = []
    with Library.open(tmp_path / "lib.sqlite3", seed=False) as lib:
        report = lib.import_paths([feed], lambda *a: calls.append(a))
    assert len(report.imported) == 300
    inside = [label for done, total, label in calls if "(entry " in label]
    assert len(inside) >= 300 // 8 - 1  # one step per analysed batch, not one for the whole feed
    assert inside[0].endswith("(entry 8 of 300)")
    assert calls[0] == (0, 1, "") and calls[-1] == (1, 1, "")


def test_the_same_entry_twice_in_a_big_feed_first_one_wins(tmp_path: Path, fake_analyser) -> None:
    from briefing_tui.library import Library

    body = big_feed(600).replace("<guid>urn:big:550</guid>", "<guid>urn:big:5</guid>")  # far apart: other batch
    feed = write(tmp_path / "wire.rss", body)
    with Library.open(tmp_path / "lib.sqlite3", seed=False) as lib:
        report = lib.import_paths([feed])
        assert len(report.imported) == 599 and not report.updated
        (five,) = [a for a in lib.articles() if a.source == "urn:big:5"]
        assert "Story 5:" in lib.article(five.id).text
