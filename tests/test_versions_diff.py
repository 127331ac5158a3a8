"""Versions and diff as a user sees them: re-import a changed article, list its versions, diff them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fakes import write

from briefing_tui.analysis.diff import diff_articles
from briefing_tui.cli import main
from briefing_tui.model import Document

V1 = (
    "The harbour talks opened on Monday in the capital.\n\n"
    "Alda Kestrel said “We will sign nothing until the fleet withdraws.” The delegates listened.\n\n"
    "The committee met on Tuesday. Its members voted twice.\n"
)
# one quote reworded, one whitespace-only change (a doubled space), one paragraph added
V2 = (
    "The harbour talks opened on  Monday in the capital.\n\n"
    "Alda Kestrel said “We will sign nothing until the fleet has withdrawn.” The delegates listened.\n\n"
    "The committee met on Tuesday. Its members voted twice.\n\n"
    "The ministers will meet again in spring. Observers expect a long winter.\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def changed(tmp_path: Path, empty_library, capsys):
    """An article imported, noted, then imported again with V2: (library arg, article id, note id)."""
    f = write(tmp_path / "art" / "harbour.txt", V1)
    lib = empty_library
    report = lib.import_paths([f])
    (article_id,) = report.imported
    note = lib.add_note(article_id, V1.index("Its members"), V1.index("twice.") + 6, "check the vote")
    write(f, V2)
    report = lib.import_paths([f])
    assert report.updated == [article_id]
    return ["--library", str(lib.path)], article_id, note.id, lib


def test_reimport_keeps_the_old_text_as_a_version(changed, capsys) -> None:
    libarg, article_id, _, lib = changed
    code, out, err = run(capsys, "versions", str(article_id), "--json", *libarg)
    assert code == 0, err
    versions = json.loads(out)
    assert [v["number"] for v in versions] == [1, 2]
    assert [v["current"] for v in versions] == [False, True]
    assert versions[0]["size"] == len(V1) and versions[1]["size"] == len(V2)
    assert versions[0]["summary"] == "first version"
    assert versions[1]["summary"] == "+1 paragraph, 1 quote changed"
    assert versions[0]["imported"] <= versions[1]["imported"]
    # the current text is the new one; the old one is still there
    assert lib.article(article_id).text == V2
    from briefing_tui.library.versions import list_versions, version_document

    assert version_document(lib, article_id, 1).text == V1
    current = list_versions(lib, article_id)[-1]  # counted by SQLite, not by reading the text
    assert (current.size, current.stored) == (len(V2), len(V2.encode("utf-8")))
    assert current.title == lib.article(article_id).title
    code, out, _ = run(capsys, "versions", str(article_id), *libarg)
    assert code == 0 and "v1" in out and "v2" in out and "+1 paragraph, 1 quote changed" in out


def test_diff_json_gives_exactly_the_changes_made(changed, capsys, fake_analyser) -> None:
    libarg, article_id, _, _ = changed
    before = fake_analyser.analysed
    code, out, err = run(capsys, "diff", str(article_id), "--json", *libarg)
    assert code == 0, err
    assert fake_analyser.analysed == before  # each version's analysis was cached at import
    d = json.loads(out)
    assert d["from"]["version"] == 1 and d["to"]["version"] == 2
    assert d["paragraphs"] == {"added": 1, "removed": 0}
    changes = [(s["change"], (s["new"] or s["old"])["text"]) for s in d["sentences"]]
    assert changes == [
        ("changed", "Alda Kestrel said “We will sign nothing until the fleet has withdrawn.”"),
        ("added", "The ministers will meet again in spring."),
        ("added", "Observers expect a long winter."),
    ]  # nothing for the doubled space
    changed_sentence = d["sentences"][0]
    assert [(w["op"], w["old"]["text"], w["new"]["text"]) for w in changed_sentence["words"]] == [
        ("replace", "withdraws", "has withdrawn")
    ]
    for s in d["sentences"]:  # offsets point into each version
        if s["old"]:
            assert V1[s["old"]["start"]:s["old"]["end"]] == s["old"]["text"]
        if s["new"]:
            assert V2[s["new"]["start"]:s["new"]["end"]] == s["new"]["text"]
    for w in changed_sentence["words"]:
        assert V1[w["old"]["start"]:w["old"]["end"]] == "withdraws"
        assert V2[w["new"]["start"]:w["new"]["end"]] == "has withdrawn"
    (q,) = d["quotes"]
    assert q["change"] == "reworded" and q["speaker"] == "Alda Kestrel"
    assert q["old"]["text"] == "We will sign nothing until the fleet withdraws."
    assert q["new"]["text"] == "We will sign nothing until the fleet has withdrawn."
    assert V2[q["new"]["start"]:q["new"]["end"]] == q["new"]["text"]
    assert d["entities"] == [] and d["sections"] == []
    assert d["summary"] == "+1 paragraph, 1 quote changed"


def test_notes_still_follow_their_text(changed, capsys) -> None:
    libarg, article_id, note_id, lib = changed
    note = lib.note(note_id)
    assert not note.orphaned
    assert V2[note.start:note.end] == "Its members voted twice."


def test_diff_of_an_article_that_never_changed_is_one_line(tmp_path: Path, empty_library, capsys) -> None:
    f = write(tmp_path / "one.txt", V1)
    (article_id,) = empty_library.import_paths([f]).imported
    code, out, err = run(capsys, "diff", str(article_id), "--library", str(empty_library.path))
    assert code != 0 and out == "" and "only one version" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "diff", str(article_id), "--from", "7", "--library", str(empty_library.path))
    assert code != 0 and "no version 7" in err
    code, out, err = run(capsys, "versions", "999", "--library", str(empty_library.path))
    assert code != 0 and "999" in err and "Traceback" not in err


def test_three_versions_and_from_to(tmp_path: Path, empty_library, capsys) -> None:
    f = write(tmp_path / "a.txt", V1)
    lib = empty_library
    (article_id,) = lib.import_paths([f]).imported
    write(f, V2)
    lib.import_paths([f])
    write(f, V2.replace("Observers expect a long winter.", "Borvia expects a long winter."))
    lib.import_paths([f])
    libarg = ["--library", str(lib.path)]
    code, out, _ = run(capsys, "versions", str(article_id), "--json", *libarg)
    assert [v["summary"] for v in json.loads(out)][1:] == ["+1 paragraph, 1 quote changed", "1 sentence changed, new: Borvia"]
    code, out, _ = run(capsys, "diff", str(article_id), "--from", "1", "--to", "3", "--json", *libarg)
    d = json.loads(out)
    assert d["paragraphs"]["added"] == 1 and [e["name"] for e in d["entities"]] == ["Borvia"]
    code, out, _ = run(capsys, "diff", str(article_id), *libarg)
    assert code == 0 and "v2 → v3" in out and "appeared: Borvia" in out


def _fake(text: str):
    from fakes import fake_analyse

    return fake_analyse(Document("x", text, "x"))


def test_punctuation_and_whitespace_only_edits_are_not_changes() -> None:
    old = "The talks went on. Alda Kestrel said “We wait.”\n\nThe end came, slowly.\n"
    new = "The talks  went on! Alda Kestrel said “We wait”.\nThe end came slowly.\n"
    d = diff_articles(old, _fake(old), new, _fake(new))
    assert d.sentences == () and d.entities == () and d.topics == ()
    assert d.summary() == "whitespace or punctuation only"


def test_quote_given_to_another_speaker_and_entity_gone() -> None:
    old = "Alda Kestrel said “The port stays shut.”\n"
    new = "Borvia said “The port stays shut.”\n"
    d = diff_articles(old, _fake(old), new, _fake(new))
    (q,) = d.quotes
    assert q.change == "speaker" and q.old.speaker == "Alda Kestrel" and q.new.speaker == "Borvia"
    assert {(e.change, e.name) for e in d.entities} == {("appeared", "Borvia"), ("disappeared", "Alda Kestrel")}


def test_section_topic_change_is_reported() -> None:
    old = "The alliance met in the capital. The alliance spoke of deterrence.\n"
    new = "The alliance met in the capital for ceasefire talks. The alliance spoke of negotiations.\n"
    d = diff_articles(old, _fake(old), new, _fake(new))
    (t,) = d.topics
    assert (t.old_topic, t.new_topic) == ("nato-posture", "peace-talks")
    assert new[t.new.start:t.new.end] == t.new.text


@pytest.mark.slow
def test_real_analysis_on_a_corpus_like_article(seeded_library) -> None:
    """The real pipeline: reword one quote, add a paragraph, change whitespace in the seed article."""
    lib = seeded_library
    (info,) = lib.articles()
    art = lib.article(info.id)
    analysis = lib.analysis(info.id)
    quote = max(analysis.quotes, key=lambda q: len(q.text) if q.speaker else 0)
    words = quote.text.split()
    reworded = " ".join(words[:-2] + ["without", "delay."])
    text = art.text[: quote.start] + reworded + art.text[quote.end :]
    space = text.index(" ", art.body_start + 1)
    text = text[:space] + "  " + text[space + 1:]  # whitespace only
    sep = "\n\n" if "\n\n" in text[art.body_start:] else "\n"
    text = text.rstrip("\n") + sep + "The harbour authority said the ferries would resume on Friday. Tickets go on sale today.\n"
    lib.import_documents([Document(art.source, text, art.title, art.body_start, art.metadata)])
    from briefing_tui.library.versions import diff_versions

    d = diff_versions(lib, info.id).diff
    assert d.paragraphs_added == 1 and d.paragraphs_removed == 0
    assert not any(c.change == "removed" for c in d.sentences)
    reworded_quotes = [q for q in d.quotes if q.change == "reworded"]
    assert len(reworded_quotes) == 1 and reworded_quotes[0].new.speaker == quote.speaker
    assert reworded_quotes[0].old.text == quote.text
    q = reworded_quotes[0].new
    changed = [c for c in d.sentences if c.change == "changed"]
    assert changed and all(c.new.start < q.end and q.start < c.new.end for c in changed)


def test_a_removed_sentence_has_its_place_in_the_new_text() -> None:
    old = "The talks began. The rain fell all day. The alliance met.\n"
    new = "The talks began. The alliance met.\n"
    d = diff_articles(old, _fake(old), new, _fake(new))
    (c,) = d.sentences
    assert c.change == "removed" and c.old.text == "The rain fell all day." and new[c.at:].startswith("The alliance met.")
    assert d.summary() == "-1 sentence"
    assert d.to_dict()["sentences"][0]["new_at"] == c.at


def test_diff_and_versions_text_output_is_terminal_safe(tmp_path: Path, empty_library, capsys) -> None:
    f = write(tmp_path / "evil.txt", "The harbour \x1b[31mopened\x1b[0m today.\n")
    (article_id,) = empty_library.import_paths([f]).imported
    write(f, "The harbour \x1b]0;pwned\x07closed today.\n")
    empty_library.import_paths([f])
    libarg = ["--library", str(empty_library.path)]
    for command in ("diff", "versions", "brief"):
        code, out, err = run(capsys, command, str(article_id), *libarg)
        assert code == 0, err
        assert "\x1b" not in out and "\x07" not in out
    code, out, _ = run(capsys, "diff", str(article_id), "--json", *libarg)
    assert "\x1b" in json.loads(out)["sentences"][0]["new"]["text"]  # JSON keeps the exact text
