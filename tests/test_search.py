"""Search: BM25 over sentences, phrases, prefixes, boolean operators, filters, snippets, bad queries."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.errors import BriefingError
from briefing_tui.library.search import compile_query

ONE = (
    "Alda Kestrel said the ceasefire talks with Borvia would continue next week.\n"
    "Kestrel added, “We are negotiating in good faith and expect a preemptive strike on nobody.”\n"
    "The alliance reviewed its deterrence posture against drones.\n"
)
TWO = (
    "The Northern Treaty Council met in the Borvian Republic.\n"
    "Officials said the NTC would hold more talks about fisheries.\n"
    "A strike by dock workers closed the harbour on Monday.\n"
)


@pytest.fixture
def lib(tmp_path: Path, empty_library):
    (tmp_path / "one.txt").write_text(ONE, encoding="utf-8")
    (tmp_path / "two.txt").write_text(TWO, encoding="utf-8")
    report = empty_library.import_paths([tmp_path / "one.txt", tmp_path / "two.txt"])
    assert len(report.imported) == 2
    return empty_library


def texts(hits) -> list[str]:
    return [h.text for h in hits]


def test_words_rank_and_snippets(lib) -> None:
    hits = lib.search("talks")
    assert len(hits) == 2
    for h in hits:
        art = lib.article(h.article_id)
        assert art.text[h.start:h.end] == h.text
        assert any(marked and text.lower() == "talks" for text, marked in h.snippet)
        assert [art.text[s:e].lower() for s, e in h.matches] == ["talks"]
        assert h.article_title


def test_phrase_is_not_two_words(lib) -> None:
    assert texts(lib.search('"preemptive strike"')) == [ONE.splitlines()[1]]
    assert len(lib.search("strike")) == 2
    hit = lib.search('"preemptive strike"')[0]
    art = lib.article(hit.article_id)
    assert [art.text[s:e] for s, e in hit.matches] == ["preemptive strike"] or \
        [art.text[s:e] for s, e in hit.matches] == ["preemptive", "strike"]


def test_prefix(lib) -> None:
    hits = lib.search("negotiat*")
    assert len(hits) == 1 and "negotiating" in hits[0].text
    assert lib.search("negotiat") == []


def test_boolean_operators(lib) -> None:
    assert len(lib.search("talks AND fisheries")) == 1
    assert len(lib.search("talks fisheries")) == 1  # implicit AND
    assert len(lib.search("fisheries OR drones")) == 2
    hits = lib.search("strike NOT harbour")
    assert len(hits) == 1 and "preemptive" in hits[0].text
    assert len(lib.search("(fisheries OR drones) AND alliance")) == 1


def test_topic_filter(lib) -> None:
    hits = lib.search("topic:peace-talks")
    assert hits and all(h.topic == "peace-talks" for h in hits)
    assert {h.topic_label for h in hits} == {"Peace talks"}
    assert len(lib.search("topic:peace-talks fisheries")) == 1
    assert lib.search("topic:peace-talks drones") == []
    assert lib.search("topic:peace") == []  # ids match exactly
    assert len(lib.search("topic:Peace-Talks")) == len(hits)  # ASCII case aside


def test_entity_filter_matches_any_alias(lib) -> None:
    by_name = lib.search('entity:"Alda Kestrel"')
    # the second sentence only says "Kestrel": it is the same entity
    assert len(by_name) == 2
    assert {h.text for h in lib.search("entity:Kestrel")} == {h.text for h in by_name}
    council = lib.search("entity:NTC")
    assert len(council) == 2  # "Northern Treaty Council" and "NTC" sentences
    assert len(lib.search('entity:"Northern Treaty Council" fisheries')) == 1


def test_speaker_filter(lib) -> None:
    hits = lib.search("speaker:Kestrel")
    assert len(hits) == 1 and "good faith" in hits[0].text
    assert lib.search('speaker:"Alda Kestrel" faith')[0].text == hits[0].text
    assert lib.search("speaker:Kestrel alliance") == []


def test_article_filter(lib) -> None:
    first, second = (a.id for a in lib.articles())
    assert {h.article_id for h in lib.search(f"article:{second}")} == {second}
    assert [h.article_id for h in lib.search(f"talks article:{first}")] == [first]


def test_limit(lib) -> None:
    assert len(lib.search("the", limit=2)) == 2


def test_markers_in_the_text_do_not_break_snippets(tmp_path: Path, empty_library) -> None:
    (tmp_path / "odd.txt").write_text("Odd \ue000private\ue001 marks and talks.\n", encoding="utf-8")
    empty_library.import_paths([tmp_path / "odd.txt"])
    (hit,) = empty_library.search("talks")
    assert "".join(t for t, _ in hit.snippet) == hit.text


@pytest.mark.parametrize(
    "query, says",
    [
        ('"unclosed phrase', "quote"),
        ("(talks", "parenthes"),
        ("talks)", "parenthes"),
        ("NOT talks", "NOT"),
        ("talks OR", "ends"),
        ("AND talks", "AND"),
        ("colour:red", "unknown filter"),
        ("topic:", "needs a value"),
        ("article:abc", "article"),
        ("***", "no word"),
        ("ta*lks", "end of a word"),
        ("", "empty"),
        ("   ", "empty"),
        ("()", "parenthes"),
    ],
)
def test_malformed_queries_give_a_clean_error(lib, query: str, says: str) -> None:
    with pytest.raises(BriefingError) as err:
        lib.search(query)
    message = str(err.value)
    assert message.startswith("search: ") and says in message
    assert "\n" not in message and "sqlite" not in message.lower()


def test_query_words_are_never_fts_syntax() -> None:
    expr, has_text = compile_query("NEAR a* b")
    assert has_text and '"NEAR"' in expr
    expr, has_text = compile_query("topic:general")
    assert not has_text


def test_search_on_the_real_seed(seeded_library) -> None:
    hits = seeded_library.search('"preemptive strike"')
    assert len(hits) == 1
    art = seeded_library.article(hits[0].article_id)
    assert art.text[hits[0].matches[0][0]:hits[0].matches[-1][1]] == "preemptive strike"
    assert seeded_library.search("topic:peace-talks negotiat*")


def test_offsets_hold_beyond_ascii(tmp_path: Path, empty_library) -> None:
    text = "Émigrés 🎉 met in Zürich — 北京 talks went on.\nThe second line 🎉🎉 mentions talks again.\n"
    (tmp_path / "u.txt").write_text(text, encoding="utf-8")
    empty_library.import_paths([tmp_path / "u.txt"])
    hits = empty_library.search("talks")
    assert len(hits) == 2
    art = empty_library.article(hits[0].article_id)
    for h in hits:
        assert art.text[h.start:h.end] == h.text
        assert [art.text[s:e] for s, e in h.matches] == ["talks"]
    assert empty_library.search("zurich")[0].matches  # diacritics folded


def test_ranking_is_bm25(tmp_path: Path, empty_library) -> None:
    (tmp_path / "r.txt").write_text(
        "A long sentence that mentions the harbour only once among many other words about the weather today.\n"
        "Harbour, harbour, harbour.\n", encoding="utf-8")
    empty_library.import_paths([tmp_path / "r.txt"])
    hits = empty_library.search("harbour")
    assert [h.text for h in hits][0] == "Harbour, harbour, harbour."
    assert hits[0].score < hits[1].score
