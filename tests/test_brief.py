"""The briefs as a user gets them: one article's (`brief ID`) and the library's (`brief --since`)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from fakes import fake_analyse, write

from briefing_tui.analysis.brief import brief_article
from briefing_tui.cli import main
from briefing_tui.model import Document


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


REPEATS = (
    "The ceasefire talks began in the old hall. The talks were long and tense. Negotiators met at dawn for talks.\n\n"
    "The rain fell all day on the square. Nobody came to the market.\n\n"
    "The alliance met in the north. The alliance spoke of deterrence at sea.\n\n"
    "The rain fell all day on the square. The harbour stayed closed for the week.\n"
)


def test_article_brief_covers_every_section_and_never_repeats() -> None:
    doc = Document("x", REPEATS, "x")
    analysis = fake_analyse(doc)
    assert [s.topic for s in analysis.sections] == ["peace-talks", "general", "nato-posture", "general"]
    brief = brief_article(REPEATS, analysis)
    assert all(sec.sentences for sec in brief.sections)  # every section has its sentences
    texts = [s.text for s in brief.sentences()]
    assert len(texts) == len(set(texts))  # never the same sentence twice, even from two sections
    assert brief.sections[3].sentences[0].text == "The harbour stayed closed for the week."
    for sec in brief.sections:
        assert all(sec.start <= s.start < s.end <= sec.end for s in sec.sentences)


def test_article_brief_of_the_seed_with_the_real_analysis(capsys, library_path: Path) -> None:
    code, out, err = run(capsys, "brief", "1", "--json", "--library", str(library_path))
    assert code == 0, err
    brief = json.loads(out)
    sections = brief["sections"]
    assert len(sections) >= 3
    assert all(1 <= len(sec["sentences"]) <= 3 for sec in sections)
    starts = [s["start"] for sec in sections for s in sec["sentences"]]
    assert len(starts) == len(set(starts))
    for sec in sections:
        for s in sec["sentences"]:
            assert sec["start"] <= s["start"] < s["end"] <= sec["end"]
    speakers = [w["speaker"] for w in brief["who_said_what"]]
    assert len(speakers) == len(set(speakers)) >= 3
    code, out, _ = run(capsys, "brief", "1", "--library", str(library_path))
    assert code == 0 and out.startswith("# Brief: ") and "## Who said what" in out


A = "The ceasefire talks resumed in the capital on Monday.\n\nThe weather was cold and grey.\n"
B = "The ceasefire talks resumed in the capital on Monday!\n\nAlda Kestrel said “We will stay until spring.”\n"
C = "The alliance raised its deterrence budget.\n\nThe Northern Treaty Council approved the alliance plan.\n"


@pytest.fixture
def three(tmp_path: Path, empty_library):
    for name, text in (("a", A), ("b", B), ("c", C)):
        write(tmp_path / "in" / f"{name}.txt", f"Title: Report {name.upper()}\n\n{text}")
    report = empty_library.import_paths([tmp_path / "in"])
    assert len(report.imported) == 3
    return empty_library


def test_library_brief_groups_by_topic_and_merges_a_shared_sentence(three, capsys) -> None:
    libarg = ["--library", str(three.path)]
    code, out, err = run(capsys, "brief", "--since", "24h", "--format", "json", *libarg)
    assert code == 0, err
    lb = json.loads(out)
    assert len(lb["articles"]) == 3
    by_topic = {t["topic"]: t for t in lb["topics"]}
    assert list(by_topic) == ["peace-talks", "nato-posture", "general"]
    ids = {a["title"]: a["id"] for a in lb["articles"]}
    talks = by_topic["peace-talks"]
    assert talks["articles"] == [ids["Report A"], ids["Report B"]]
    (shared,) = talks["sentences"]  # the same sentence in two articles: once, with both sources
    assert shared["text"].startswith("The ceasefire talks resumed in the capital on Monday")
    assert [s["article_id"] for s in shared["sources"]] == [ids["Report A"], ids["Report B"]]
    nato = by_topic["nato-posture"]
    assert nato["articles"] == [ids["Report C"]] and len(nato["sentences"]) == 1
    assert nato["entities"][0] == {"name": "Northern Treaty Council", "type": "ORG", "mentions": 1}
    (quote,) = by_topic["general"]["quotes"]
    assert quote["speaker"] == "Alda Kestrel" and quote["source"]["article_id"] == ids["Report B"]
    # Markdown: every line names its article
    code, out, _ = run(capsys, "brief", "--since", "24h", *libarg)
    assert code == 0
    lines = [line for line in out.splitlines() if line.startswith("- ")]
    assert lines and all("(#" in line for line in lines)
    assert f"*Report A* (#{ids['Report A']}); *Report B* (#{ids['Report B']})" in out
    code, out, _ = run(capsys, "brief", "--since", "7d", "--topic", "nato-posture", "--format", "json", *libarg)
    assert [t["topic"] for t in json.loads(out)["topics"]] == ["nato-posture"]


def test_library_brief_since_a_date_and_bad_when(three, capsys) -> None:
    from briefing_tui.library.brief import library_brief

    later = datetime.now(timezone.utc) + timedelta(days=3)
    assert library_brief(three, "24h", now=later).articles == ()  # imported more than a day before "now"
    code, out, err = run(capsys, "brief", "--since", "yesterday", "--library", str(three.path))
    assert code == 2 and out == "" and "--since yesterday: not a date" in err
    code, out, err = run(capsys, "brief", "--library", str(three.path))
    assert code == 2 and "ARTICLE_ID or --since" in err
    today = datetime.now(timezone.utc).date().isoformat()
    code, out, _ = run(capsys, "brief", "--since", today, "--json", "--library", str(three.path))
    assert len(json.loads(out)["articles"]) == 3


def test_articles_dated_since_count_even_when_imported_earlier(tmp_path: Path, empty_library) -> None:
    from briefing_tui.library.brief import library_brief

    write(tmp_path / "old.txt", "Title: Old\nDate: 2020-01-01\n\nThe alliance met.\n")
    write(tmp_path / "new.txt", "Title: Dated\nDate: 2031-05-02\n\nThe alliance met again.\n")
    empty_library.import_paths([tmp_path / "old.txt", tmp_path / "new.txt"])
    found = library_brief(empty_library, "2031-05-01", now=datetime(2031, 5, 3, tzinfo=timezone.utc))
    assert [a.title for a in found.articles] == ["Dated"]


def test_export_brief_writes_markdown(three, capsys, tmp_path: Path) -> None:
    out_file = tmp_path / "brief.md"
    code, _, err = run(capsys, "export", "--brief", "--since", "24h", "-o", str(out_file), "--library", str(three.path))
    assert code == 0, err
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# Brief since ") and "## Peace talks (2 articles)" in text and "Report C" in text


def test_an_updated_article_brings_only_its_new_quotes(tmp_path: Path, empty_library) -> None:
    from briefing_tui.library.brief import library_brief

    f = write(tmp_path / "u.txt", "Title: Port\n\nAlda Kestrel said “The port stays shut.”\n")
    (article_id,) = empty_library.import_paths([f]).imported
    with empty_library.write() as conn:  # imported long ago
        conn.execute("UPDATE articles SET imported = '2001-01-01T00:00:00.000Z', updated = '2001-01-01T00:00:00.000Z'")
    assert library_brief(empty_library, "24h").articles == ()
    write(f, "Title: Port\n\nAlda Kestrel said “The port stays shut.”\n\nBorvia said “The ferries sail on Friday.”\n")
    empty_library.import_paths([f])
    lb = library_brief(empty_library, "24h")
    assert [a.id for a in lb.articles] == [article_id]
    quotes = [q.text for t in lb.topics for q in t.quotes]
    assert quotes == ["The ferries sail on Friday."]  # the old quote is not news
