"""Import: files, folders and feeds into the library; duplicates, updates, bad files, cached analyses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing_tui.analysis import topics
from briefing_tui.errors import BriefingError
from briefing_tui.ingest.files import read_file, read_path
from briefing_tui.library import Library
from fakes import write

ARTICLE = (
    "Title: Borvia and the Northern Treaty Council\n"
    "Date: 2025-03-04\n"
    "URL: https://example.org/borvia\n"
    "\n"
    "The alliance discussed deterrence on Monday.\n"
    "Alda Kestrel said the talks with Borvia would continue next week.\n"
    "Kestrel added, “We are not there yet.”\n"
)

HTML = """<!doctype html>
<html><head><title>Harbour ferries return | The Coast Gazette</title>
<meta property="og:title" content="Harbour ferries return after the storm">
<meta property="article:published_time" content="2025-02-01T08:00:00Z">
<link rel="canonical" href="https://example.org/ferries">
<script>document.title = "INJECTED SCRIPT TEXT"; var s = "</p><p>also injected";</script>
<style>body { color: red }</style>
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<article>
<h1>Harbour ferries return after the storm</h1>
<p>The harbour ferries resumed their timetable on Saturday after three days of storms kept every boat in port.</p>
<p>Operators said the morning crossings were full and that extra sailings would run until the backlog is cleared.</p>
<p>Passengers queued from dawn, and the port authority asked travellers to check the timetable before setting out.</p>
</article>
<footer>Copyright The Coast Gazette</footer>
<script>console.log("more INJECTED SCRIPT TEXT")</script>
</body></html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title><link>https://example.org/</link>
<description>News</description>
<item><title>Ceasefire talks resume</title><link>https://example.org/1</link>
<guid>urn:example:1</guid><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Negotiators met again in the capital.&lt;/p&gt;&lt;p&gt;Alda Kestrel said progress was slow.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Alliance drills end</title><link>https://example.org/2</link>
<guid>urn:example:2</guid><pubDate>Wed, 05 Mar 2025 10:00:00 GMT</pubDate>
<description>The alliance ended its winter drills on the northern coast.</description></item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:atomwire</id>
<updated>2025-03-06T00:00:00Z</updated>
<entry><title>Borvian Republic votes</title><id>urn:atomwire:9</id><updated>2025-03-06T09:30:00Z</updated>
<link href="https://example.org/9"/>
<content type="html">&lt;p&gt;Voters in the Borvian Republic went to the polls.&lt;/p&gt;</content></entry>
</feed>
"""


def assert_index_matches_the_text(lib) -> None:
    """FTS5's own check that the index agrees with the sentences it was built from."""
    lib._conn.execute("INSERT INTO fts (fts, rank) VALUES ('integrity-check', 1)")
    for h in lib.search("the", limit=100):
        assert lib.article(h.article_id).text[h.start:h.end] == h.text



def test_text_file_keeps_title_date_url_and_source(tmp_path: Path, empty_library) -> None:
    f = write(tmp_path / "a.txt", ARTICLE)
    report = empty_library.import_paths([f])
    assert len(report.imported) == 1 and not report.failed
    info = empty_library.articles()[0]
    assert info.title == "Borvia and the Northern Treaty Council"
    assert info.date == "2025-03-04" and info.url == "https://example.org/borvia"
    assert info.source == str(f.resolve())
    assert info.analysed and "peace-talks" in info.section_topics
    art = empty_library.article(info.id)
    assert art.text == ARTICLE and art.body_start == ARTICLE.index("The alliance")


def test_markdown_front_matter(tmp_path: Path, empty_library) -> None:
    f = write(tmp_path / "m.md", "---\ntitle: Front matter title\ndate: 2025-01-02\n---\n\n# Heading\n\nSome text here.\n")
    empty_library.import_paths([f])
    info = empty_library.articles()[0]
    assert info.title == "Front matter title" and info.date == "2025-01-02"


def test_html_main_text_and_metadata_without_scripts(tmp_path: Path, empty_library) -> None:
    f = write(tmp_path / "page.html", HTML)
    report = empty_library.import_paths([f])
    assert report.imported, report.failed
    art = empty_library.article(report.imported[0])
    assert art.title == "Harbour ferries return after the storm"
    assert art.date and art.date.startswith("2025-02-01")
    assert art.url == "https://example.org/ferries"
    assert "resumed their timetable" in art.text and "backlog is cleared" in art.text
    assert "INJECTED" not in art.text and "injected" not in art.text
    assert "color: red" not in art.text and "Home" not in art.text.split("\n")[0]


def test_rss_feed_each_entry_an_article(tmp_path: Path, empty_library) -> None:
    f = write(tmp_path / "wire.rss", RSS)
    report = empty_library.import_paths([f])
    assert len(report.imported) == 2, report
    arts = {a.source: a for a in empty_library.articles()}
    assert set(arts) == {"urn:example:1", "urn:example:2"}
    first = arts["urn:example:1"]
    assert first.title == "Ceasefire talks resume"
    assert first.url == "https://example.org/1" and first.date.startswith("2025-03-04")
    text = empty_library.article(first.id).text
    assert "Negotiators met again in the capital." in text and "progress was slow" in text
    assert "alert" not in text and "<p>" not in text


def test_atom_feed_sniffed_without_extension(tmp_path: Path, empty_library) -> None:
    f = write(tmp_path / "feed_without_ext", ATOM)
    report = empty_library.import_paths([f])
    assert len(report.imported) == 1
    info = empty_library.articles()[0]
    assert info.source == "urn:atomwire:9" and info.title == "Borvian Republic votes"
    assert info.url == "https://example.org/9"


def test_folder_recursive_skips_hidden_and_survives_symlink_loops(tmp_path: Path, empty_library) -> None:
    root = tmp_path / "news"
    write(root / "one.txt", "First article text about the harbour.\n")
    write(root / "sub" / "two.md", "# Two\n\nSecond article about the mountains.\n")
    write(root / "sub" / "deeper" / "three.html", HTML)
    write(root / ".hidden" / "secret.txt", "Hidden article.\n")
    write(root / ".dotfile.txt", "Hidden file.\n")
    write(root / "picture.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    os.symlink(root, root / "sub" / "loop")
    report = empty_library.import_paths([root])
    assert not report.failed, report.failed
    assert len(report.imported) == 3
    sources = sorted(Path(a.source).name for a in empty_library.articles())
    assert sources == ["one.txt", "three.html", "two.md"]


def test_bad_files_are_reported_and_skipped(tmp_path: Path, empty_library) -> None:
    good = write(tmp_path / "good.txt", "A perfectly good article about rivers.\n")
    binary = write(tmp_path / "bin.txt", bytes(range(256)) * 4)
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.md", "  \n\n \n")
    notfeed = write(tmp_path / "data.xml", "<?xml version='1.0'?><config><a>1</a></config>")
    missing = tmp_path / "missing.txt"
    report = empty_library.import_paths([good, binary, empty, blank, notfeed, missing])
    assert len(report.imported) == 1
    reasons = {Path(src).name: why for src, why in report.failed}
    assert set(reasons) == {"bin.txt", "empty.txt", "blank.md", "data.xml", "missing.txt"}
    assert "binary" in reasons["bin.txt"]
    assert "empty" in reasons["empty.txt"] and "empty" in reasons["blank.md"]
    assert "feed" in reasons["data.xml"]
    assert "no such" in reasons["missing.txt"]


def test_read_path_raises_for_a_bad_file_without_an_error_list(tmp_path: Path) -> None:
    bad = write(tmp_path / "bin.txt", bytes(range(256)) * 4)
    with pytest.raises(BriefingError, match="binary"):
        read_path(bad)
    errors: list = []
    assert read_path(tmp_path, errors) == [] and len(errors) == 1


def test_read_file_dispatch(tmp_path: Path) -> None:
    html_as_unknown = write(tmp_path / "page", HTML)
    (doc,) = read_file(html_as_unknown)
    assert doc.title.startswith("Harbour ferries")
    assert len(read_file(write(tmp_path / "x.atom", ATOM))) == 1


def test_same_text_from_another_source_is_imported_once(tmp_path: Path, empty_library) -> None:
    a = write(tmp_path / "a.txt", ARTICLE)
    b = write(tmp_path / "copy" / "b.txt", ARTICLE)
    report = empty_library.import_paths([a, b])
    assert len(report.imported) == 1 and report.duplicates == [str(b.resolve())]
    assert len(empty_library.articles()) == 1
    report = empty_library.import_paths([b])
    assert report.duplicates == [str(b.resolve())] and not report.imported


def test_reimport_of_an_unchanged_source_does_no_work(tmp_path: Path, empty_library, fake_analyser) -> None:
    f = write(tmp_path / "a.txt", ARTICLE)
    empty_library.import_paths([f])
    assert fake_analyser.analysed == 1

    def boom(*args, **kwargs):  # the analyser must not run again
        raise AssertionError("analysed twice")

    from briefing_tui.analysis import pipeline

    pipeline_attr = pipeline.analyse_many
    try:
        pipeline.analyse_many = boom
        report = empty_library.import_paths([f])
    finally:
        pipeline.analyse_many = pipeline_attr
    assert report.unchanged and not report.imported and not report.updated


def test_restart_does_no_work_twice(tmp_path: Path, fake_analyser) -> None:
    f = write(tmp_path / "a.txt", ARTICLE)
    path = tmp_path / "lib.sqlite3"
    with Library.open(path, seed=False) as lib:
        lib.import_paths([f])
    with Library.open(path, seed=False) as lib:
        assert lib.analysis(1) is not None
        lib.import_paths([f])
    assert fake_analyser.analysed == 1


def test_changed_text_updates_the_same_article(tmp_path: Path, empty_library, fake_analyser) -> None:
    f = write(tmp_path / "a.txt", ARTICLE)
    first = empty_library.import_paths([f]).imported[0]
    write(f, ARTICLE.replace("next week", "in April"))
    report = empty_library.import_paths([f])
    assert report.updated == [first] and not report.imported
    assert "in April" in empty_library.article(first).text
    assert len(empty_library.articles()) == 1
    assert fake_analyser.analysed == 2
    assert empty_library.search("April")[0].article_id == first
    assert empty_library.search('"next week"') == []
    assert_index_matches_the_text(empty_library)


def test_a_changed_taxonomy_reanalyses_lazily(tmp_path: Path, fake_analyser) -> None:
    f = write(tmp_path / "a.txt", ARTICLE)
    path = tmp_path / "lib.sqlite3"
    with Library.open(path, seed=False) as lib:
        lib.import_paths([f])
    other = tmp_path / "topics.toml"
    other.write_text(topics.default_taxonomy_path().read_text(encoding="utf-8") + "\n# a change\n[[topic]]\n"
                     'id = "weather"\nlabel = "Weather"\ndescription = "Storms"\n[topic.cues]\nstorm = 1.0\n',
                     encoding="utf-8")
    with Library.open(path, seed=False, taxonomy=other) as lib:
        assert lib.analysis_key() != (lib.analysis_key()[0], topics.load_taxonomy().hash)
        assert fake_analyser.analysed == 1  # opening did no work
        assert [a.analysed for a in lib.articles()] == [False]
        assert lib.analysis(1, compute=False) is None
        assert lib.analysis(1) is not None
        assert fake_analyser.analysed == 2
        assert [a.analysed for a in lib.articles()] == [True]
        assert_index_matches_the_text(lib)
    with Library.open(path, seed=False) as lib:  # back to the default: still cached
        assert lib.analysis(1, compute=False) is not None
    assert fake_analyser.analysed == 2


def test_the_taxonomy_is_not_loaded_again_until_its_file_changes(tmp_path: Path, fake_analyser, monkeypatch) -> None:
    f = write(tmp_path / "a.txt", ARTICLE)
    path = tmp_path / "lib.sqlite3"
    mine = tmp_path / "topics.toml"
    default_text = topics.default_taxonomy_path().read_text(encoding="utf-8")
    mine.write_text(default_text, encoding="utf-8")
    with Library.open(path, seed=False, taxonomy=mine) as lib:
        lib.import_paths([f])
        first_key = lib.analysis_key()
        labels = lib.topic_labels()
    assert labels[0] and labels[0][0] == (topics.load_taxonomy().topics[0].id, topics.load_taxonomy().topics[0].label)
    loads: list[object] = []
    real_load = topics.load_taxonomy
    monkeypatch.setattr(topics, "load_taxonomy", lambda *a, **k: loads.append(a) or real_load(*a, **k))
    with Library.open(path, seed=False, taxonomy=mine) as lib:  # unchanged: the remembered hash and labels
        assert lib.analysis_key() == first_key
        assert lib.topic_labels() == labels
        assert lib.analysis(1, compute=False) is not None
    assert loads == []
    # a label renamed: a new taxonomy, new labels
    first = real_load(mine).topics[0]
    changed = default_text.replace(f'label = "{first.label}"', f'label = "{first.label} renamed"', 1)
    assert changed != default_text
    mine.write_text(changed, encoding="utf-8")
    with Library.open(path, seed=False, taxonomy=mine) as lib:
        assert lib.analysis_key() != first_key
        assert lib.topic_labels()[0][0] == (first.id, first.label + " renamed")
        assert lib.analysis(1, compute=False) is None  # re-analysed lazily, not at opening
        assert fake_analyser.analysed == 1
        assert lib.analysis(1) is not None
        assert fake_analyser.analysed == 2
    assert loads  # the changed file was loaded


def test_progress_is_reported(tmp_path: Path, empty_library) -> None:
    files = [write(tmp_path / f"{i}.txt", f"Article number {i} about lakes.\n") for i in range(3)]
    seen = []
    empty_library.import_paths(files, progress=lambda done, total, label: seen.append((done, total)))
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)


def test_real_pipeline_import(tmp_path: Path, seeded_library) -> None:
    f = write(tmp_path / "r.txt", ARTICLE)
    report = seeded_library.import_paths([f])
    assert len(report.imported) == 1
    analysis = seeded_library.analysis(report.imported[0], compute=False)
    assert analysis is not None and len(analysis.sentences) >= 3


def test_an_article_the_analyser_fails_on_is_reported_and_the_others_import(tmp_path: Path, empty_library,
                                                                             monkeypatch) -> None:
    from briefing_tui.analysis import pipeline

    real = pipeline.analyse_many

    def flaky(docs, taxonomy=None):  # noqa: ANN001
        docs = list(docs)
        if any("poison" in d.text for d in docs):
            raise ValueError("cannot cope")
        return real(docs, taxonomy)

    monkeypatch.setattr(pipeline, "analyse_many", flaky)
    good = write(tmp_path / "good.txt", "A fine article about lakes.\n")
    bad = write(tmp_path / "bad.txt", "A poison article.\n")
    report = empty_library.import_paths([good, bad])
    assert len(report.imported) == 1
    assert report.failed == [(str(bad.resolve()), "analysis failed (ValueError: cannot cope)")]
    assert [Path(a.source).name for a in empty_library.articles()] == ["good.txt"]


def test_the_report_maps_each_given_path_to_its_articles(tmp_path: Path, empty_library) -> None:
    a = write(tmp_path / "a.txt", ARTICLE)
    copy = write(tmp_path / "copy.txt", ARTICLE)
    feed = write(tmp_path / "wire.rss", RSS)
    report = empty_library.import_paths([str(a), str(copy), str(feed), str(tmp_path / "nope.txt")])
    first = report.articles_by_path[str(a)]
    assert len(first) == 1 and report.articles_by_path[str(copy)] == first  # a duplicate: the same article
    assert len(report.articles_by_path[str(feed)]) == 2
    assert report.articles_by_path[str(tmp_path / "nope.txt")] == []
    again = empty_library.import_paths([str(copy)])  # unchanged duplicate on a later run
    assert again.articles_by_path[str(copy)] == first
    assert report.article_of["urn:example:1"] in report.articles_by_path[str(feed)]


@pytest.mark.parametrize("text", [
    "Plain talks about the harbour.\nMore talks here.\n",
    "Émigrés 🎉 met — 北京 talks.\nZürich talks 🎉🎉 again.\n",
    "A NUL\x00 inside talks.\nStill talks after it.\n",
])
def test_the_index_agrees_with_the_stored_text(empty_library, text: str) -> None:
    from briefing_tui.model import Document

    report = empty_library.import_documents([Document(source="mem:1", text=text, title="t")])
    assert report.imported
    assert_index_matches_the_text(empty_library)
    assert len(empty_library.search("talks")) == 2
    empty_library.import_documents([Document(source="mem:1", text=text.replace("talks", "news", 1), title="t")])
    assert_index_matches_the_text(empty_library)
    assert len(empty_library.search("talks")) == 1


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path, empty_library, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_MAX_ARTICLE_MB", "0.001")
    big = write(tmp_path / "big.txt", "Many words about the harbour. " * 100)
    small = write(tmp_path / "small.txt", "A short one.\n")
    report = empty_library.import_paths([big, small])
    assert len(report.imported) == 1
    assert len(report.failed) == 1 and "too large" in report.failed[0][1]


def test_a_folders_readme_and_licence_are_not_articles(tmp_path):
    from briefing_tui.ingest.files import iter_files

    (tmp_path / "README.md").write_text("# About these articles\n\nThey are samples.\n", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("Permission is granted.\n", encoding="utf-8")
    (tmp_path / "story.txt").write_text("Title: A story\n\nThe council met on Monday.\n", encoding="utf-8")
    assert [p.name for p, _ in iter_files(tmp_path)] == ["story.txt"]
    # named on the command line, a README is imported like any other file
    assert [p.name for p, _ in iter_files(tmp_path / "README.md")] == ["README.md"]
