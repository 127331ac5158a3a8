"""Property tests (hypothesis) for the library: notes under random edits of their article, and the search
query parser on arbitrary strings.

Anchoring: after any mix of inserts, deletes and replacements — around, inside and across many notes —
every note is still there; one whose text was not touched lands on exactly that text; one whose text
was edited lands on text like it or is marked orphaned — never silently on other text.
Search: any string gives results or a one-line ``BriefingError("search: …")``, never another exception.
"""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from briefing_tui.errors import BriefingError
from briefing_tui.library import Library
from briefing_tui.library.notes import anchor, selector
from briefing_tui.library.search import compile_query
from briefing_tui.model import Document
from property_profiles import examples

WORDS = ("the harbour ferry talks alliance storm quota fishermen port tide council minister said would "
         "start again on monday and of a to in catch market week boats north south").split()
PUNCT = (" ", " ", " ", " ", ", ", ". ", ".\n", "\n\n")


@st.composite
def articles(draw) -> str:  # noqa: ANN001
    n = draw(st.integers(20, 160))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=n, max_size=n))
    seps = draw(st.lists(st.sampled_from(PUNCT), min_size=n, max_size=n))
    text = "".join(w + s for w, s in zip(words, seps)).strip()
    return text[0].upper() + text[1:] + "."


@st.composite
def notes_on(draw, text: str) -> list[tuple[int, int]]:  # noqa: ANN001
    spans = []
    for _ in range(draw(st.integers(1, 10))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, min(len(text), start + 120)))
        if text[start:end].strip():
            spans.append((start, end))
    assume(spans)
    return spans


@st.composite
def edit_scripts(draw, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, str]]:  # noqa: ANN001
    """(position, characters deleted, text inserted), applied one after another; positions are drawn near
    the notes' edges and inside them as often as anywhere else."""
    edits = []
    length = len(text)
    for _ in range(draw(st.integers(1, 6))):
        anchors = [p for s, e in spans for p in (s, e, (s + e) // 2)]
        pos = draw(st.one_of(st.integers(0, length), st.sampled_from(anchors).map(lambda p: min(max(p, 0), length))))
        pos = min(max(pos + draw(st.integers(-3, 3)), 0), length)
        kind = draw(st.sampled_from(["insert", "delete", "replace"]))
        deleted = 0 if kind == "insert" else draw(st.integers(1, 40))
        deleted = min(deleted, length - pos)
        inserted = ""
        if kind != "delete":
            inserted = draw(st.one_of(
                st.text(max_size=30),
                st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
                st.sampled_from([text[s:e] for s, e in spans]),  # a copy of a note's text, elsewhere
            ))
        edits.append((pos, deleted, inserted))
        length += len(inserted) - deleted
    return edits


def apply(text: str, spans: list[tuple[int, int]], edits: list[tuple[int, int, str]]):  # noqa: ANN201
    """The edited text, and where each note's text is now (None when an edit touched it)."""
    where: list[tuple[int, int] | None] = list(spans)
    for pos, deleted, inserted in edits:
        text = text[:pos] + inserted + text[pos + deleted:]
        shift = len(inserted) - deleted
        for i, span in enumerate(where):
            if span is None:
                continue
            s, e = span
            if pos + deleted <= s:
                where[i] = (s + shift, e + shift)  # wholly before the note
            elif pos >= e:
                pass  # wholly after it
            else:
                where[i] = None  # inside, or across an edge
    return text, where


def similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a.lower(), b.lower(), autojunk=False).ratio()


def check_placement(old: str, new: str, span: tuple[int, int], untouched: tuple[int, int] | None,
                    placed: tuple[int, int] | None) -> None:
    exact = old[span[0]:span[1]]
    event(f"{'untouched' if untouched is not None else 'edited'} note "
          f"{'orphaned' if placed is None else 'placed'}")
    if placed is None:
        return  # orphaned: kept, listed apart, never on other text
    s, e = placed
    assert 0 <= s < e <= len(new)
    got = new[s:e]
    if untouched is not None:
        # its text is still there: the note lands on exactly that text (or, when its surroundings changed
        # too much to tell copies apart, is orphaned) — never on merely similar text
        assert got == exact, (exact, got)
        return
    if got == exact or " ".join(got.split()) == " ".join(exact.split()):
        return  # exactly its text (spacing aside)
    # edited text: only text like it, never unrelated text
    assert similar(exact, got) >= 0.7, (exact, got)


@settings(max_examples=examples(1000), deadline=None)
@given(data=st.data())
def test_anchoring_under_random_edits(data) -> None:  # noqa: ANN001
    text = data.draw(articles())
    spans = data.draw(notes_on(text))
    edits = data.draw(edit_scripts(text, spans))
    new, expected = apply(text, spans, edits)
    assume(new.strip())
    for span, untouched in zip(spans, expected):
        ex, pre, suf = selector(text, *span)
        hint = round(span[0] * len(new) / max(1, len(text)))
        placed = anchor(new, ex, pre, suf, hint)
        check_placement(text, new, span, untouched, placed)
        if untouched is not None and new.count(ex) == 1 and len(ex) >= 24:
            # a long quote that is still there, once: found, and in its place
            assert placed == untouched, (ex, placed, untouched)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_notes_in_the_library_survive_random_edits(tmp_path_factory, fake_analyser, data) -> None:  # noqa: ANN001
    """Through the real import: re-importing the edited article keeps every note (placed or orphaned)."""
    text = data.draw(articles())
    spans = data.draw(notes_on(text))
    edits = data.draw(edit_scripts(text, spans))
    new, expected = apply(text, spans, edits)
    assume(new.strip() and new != text)
    folder = tmp_path_factory.mktemp("anchor")
    with Library.open(folder / "lib.sqlite3", seed=False) as lib:
        (aid,) = lib.import_documents([Document(source="urn:a", text=text, title="A")]).imported
        ids = [lib.add_note(aid, s, e, f"note {i}", [f"n{i}"]).id for i, (s, e) in enumerate(spans)]
        report = lib.import_documents([Document(source="urn:a", text=new, title="A")])
        assert report.updated == [aid]
        art = lib.article(aid)
        notes = {n.id: n for n in lib.notes()}
        assert sorted(notes) == ids  # never lost
        assert report.reanchored + report.orphaned == len(ids)
        for i, span in enumerate(spans):
            n = notes[ids[i]]
            assert n.body == f"note {i}" and n.tags == (f"n{i}",)
            if n.orphaned:
                event(f"{'untouched' if expected[i] is not None else 'edited'} note orphaned")
                assert n.exact == text[span[0]:span[1]]  # keeps what it was about
                continue
            assert art.text[n.start:n.end] == n.exact and n.text_sha256 == art.text_sha256
            check_placement(text, art.text, span, expected[i], (n.start, n.end))


# ---------------------------------------------------------------------------- the query parser
@pytest.fixture(scope="module")
def search_lib(tmp_path_factory) -> Library:  # noqa: ANN001
    from briefing_tui.analysis import pipeline
    from fakes import AnalyserSpy

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pipeline, "analyse_many", AnalyserSpy())
        lib = Library.open(tmp_path_factory.mktemp("search") / "lib.sqlite3", seed=False)
        docs = [Document(source=f"urn:{i}", title=f"Doc {i}", text=(
            f"Alda Kestrel said the talks with Borvia would go on, day {i}.\n"
            f"The alliance weighed deterrence and the Northern Treaty Council met. Ferries sailed at dawn {i}.\n"
            f"Kestrel added, “We negotiate in good faith {i}.” Ünïcødé café naïve 東京 {i}.\n"))
            for i in range(30)]
        lib.import_documents(docs)
    yield lib
    lib.close()


def assert_clean(lib: Library, query: str) -> None:
    try:
        hits = lib.search(query, limit=5)
    except BriefingError as err:
        msg = str(err)
        assert msg.startswith("search: ") and msg.strip(), msg
        assert "sqlite" not in msg.lower() and "Traceback" not in msg
        return
    assert isinstance(hits, list) and len(hits) <= 5
    for h in hits:
        assert lib.article(h.article_id).text[h.start:h.end] == h.text


TOKENS = st.sampled_from([
    '"', '"', "(", ")", " ", " ", "  ", "AND", "OR", "NOT", "and", "or", "not", "*", "**", ":", "::",
    "topic:", "entity:", "speaker:", "article:", "topic:peace-talks", "topic:general", 'entity:"Alda Kestrel"',
    "speaker:Kestrel", "article:1", "article:x", "article:99999999999999999999999", "bogus:x", "NEAR(",
    "talks", "negotiat*", "kestrel", "Borvia", "café", "東京", "naïve", "-", "+", "^", "{", "}", "[", "]",
    "'", "\\", "\x00", "\x1b[31m", "\u202e", "\ud800", "\udce9", "col:", "text:", "rank", "fts", "MATCH", ";",
    "--", "/*", "%", "_", "'; DROP TABLE notes; --", "\n", "\t", "0", "1e9", "\ufffd", "\ue000", "\ue001",
])


@settings(max_examples=examples(1500), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.lists(TOKENS, max_size=12).map("".join))
def test_grammar_like_queries_give_results_or_a_clean_error(search_lib: Library, query: str) -> None:
    assert_clean(search_lib, query)


@settings(max_examples=examples(1500), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(alphabet=st.characters(blacklist_categories=()), max_size=40))
def test_arbitrary_strings_give_results_or_a_clean_error(search_lib: Library, query: str) -> None:
    assert_clean(search_lib, query)


@settings(max_examples=examples(800), deadline=None)
@given(query=st.text(max_size=60))
def test_compile_query_raises_only_briefing_errors(query: str) -> None:
    try:
        expr, _ = compile_query(query)
    except BriefingError as err:
        assert str(err).startswith("search: ") and "\n" not in str(err).replace(query, "")
        return
    assert isinstance(expr, str) and expr


def test_a_few_known_nasty_queries(search_lib: Library) -> None:
    for q in ['"', "(", ")", "()", "NOT", "a NOT", "AND OR", "*", "a**", '""', '"*"', "topic:", 'entity:""',
              "article:-1", "'; DROP TABLE notes; --", "\x00", "NEAR(a b)", "a:b:c", 'speaker:"unclosed',
              "((((((((((a))))))))))", "(" * 500 + "a" + ")" * 500, "a " * 2000]:
        assert_clean(search_lib, q)
    assert search_lib.search("talks", limit=3)
    assert search_lib.notes() == []  # the DROP TABLE query was only text


def test_huge_queries_are_refused_before_they_run_not_run_for_seconds(search_lib: Library) -> None:
    # refused before any full-text query reaches SQLite (a wall-clock limit here failed on a loaded
    # CI machine: 1.37 s; the speed itself is measured in benchmarks/, not asserted)
    statements: list[str] = []
    search_lib._conn.set_trace_callback(statements.append)
    try:
        for q, says in (("talks " * 2000, "too many words"), ("the OR " * 1000 + "x", "too many words"),
                        ("(" * 500 + "a" + ")" * 500, "too many nested parentheses"),
                        ('"' + "x" * 5000, "unclosed quote")):
            statements.clear()
            with pytest.raises(BriefingError, match=says) as err:
                search_lib.search(q)
            assert not [s for s in statements if "MATCH" in s.upper()], statements[:3]
            assert len(str(err.value)) < 300  # the message quotes the query, shortened
        statements.clear()
        assert search_lib.search("talks " * 64)  # the limit leaves room for any real query
        assert any("MATCH" in s.upper() for s in statements)  # (the trace does see a query that runs)
    finally:
        search_lib._conn.set_trace_callback(None)
