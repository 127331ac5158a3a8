"""Paragraphs and sentences: layouts, abbreviations, quotations, Markdown, and offsets that hold."""

from __future__ import annotations

import re
import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.analysis.segment import segment, sentence_bounds, split_paragraphs, split_sentences
from briefing_tui.resources import seed_files


def sents(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_bounds(text, 0, len(text))]


def squash(s: str) -> str:
    return " ".join(s.split())


def seed_text() -> str:
    return seed_files()[0].read_text(encoding="utf-8")


def test_abbreviations_and_initials_do_not_end_sentences():
    assert sents("Mr. Smith met Dr. Jones. They talked.") == ["Mr. Smith met Dr. Jones.", "They talked."]
    assert sents("Gen. Smith and Sen. Lee met in Jan. 2020 in St. Louis. Then they left.") == [
        "Gen. Smith and Sen. Lee met in Jan. 2020 in St. Louis.",
        "Then they left.",
    ]
    assert sents("President Joseph R. Biden Jr. spoke. Later he left.") == [
        "President Joseph R. Biden Jr. spoke.",
        "Later he left.",
    ]
    assert sents("The U.S. Army and the U.K. Navy sailed. The U.S. said so.") == [
        "The U.S. Army and the U.K. Navy sailed.",
        "The U.S. said so.",
    ]
    assert sents("It began at 10 a.m. The talks ended late.") == ["It began at 10 a.m.", "The talks ended late."]


def test_sentence_ends_after_closing_quote_and_quote_interior_stays_inside():
    text = "He said, \u201cWe are ready. We will act.\u201d Officials agreed. \u201cNo!\u201d he shouted."
    assert sents(text) == [
        "He said, \u201cWe are ready.",
        "We will act.\u201d",
        "Officials agreed.",
        "\u201cNo!\u201d he shouted.",
    ]
    # a quoted sentence followed by its attribution stays one sentence
    assert sents('"It is working," she said. Then she left.') == ['"It is working," she said.', "Then she left."]


def test_prefixed_acronyms_and_lone_ellipses():
    assert sents("Spending by non-U.S. Allies rose. It grew.") == ["Spending by non-U.S. Allies rose.", "It grew."]
    assert sents("Would you think so? \u2026 I think he deserves it.") == [
        "Would you think so?",
        "\u2026 I think he deserves it.",
    ]
    assert sents("It ended there. \u2026") == ["It ended there. \u2026"]


def test_lower_case_after_a_full_stop_does_not_split():
    assert sents("The vote was 3 vs. 2 and e.g. nobody left. OK.") == [
        "The vote was 3 vs. 2 and e.g. nobody left.",
        "OK.",
    ]


def test_seed_is_one_paragraph_per_line():
    text = seed_text()
    paragraphs, sentences = segment(text)
    lines = [ln for ln in text.split("\n") if ln.strip()]
    assert [text[a:b] for a, b in paragraphs] == lines
    assert len(sentences) == 35
    joined = [squash(text[s.start:s.end]) for s in sentences]
    assert "He explained, \u201cWe are studying everything." in joined
    assert "It costs them little and us a lot.\u201d" in joined
    assert any(s.startswith("So this means that this deterrence is working,\u201d") for s in joined)
    # no sentence ends in the middle of a title or an initial
    for s in joined:
        assert not re.search(r"\b(Mr|Dr|Gen|Adm)\.$", s)


def test_hard_wrapped_text_gives_the_same_sentences_as_unwrapped():
    text = seed_text()
    expected = [squash(text[s.start:s.end]) for s in segment(text)[1]]
    lines = [ln for ln in text.split("\n") if ln.strip()]
    for width in (40, 60, 72, 79):
        wrapped = "\n\n".join(textwrap.fill(ln, width) for ln in lines) + "\n"
        paragraphs, sentences = segment(wrapped)
        assert len(paragraphs) == len(lines), width
        assert [squash(wrapped[s.start:s.end]) for s in sentences] == expected, width


def test_hard_wrapped_without_blank_lines_still_gives_the_same_sentences():
    text = seed_text()
    expected = [squash(text[s.start:s.end]) for s in segment(text)[1]]
    lines = [ln for ln in text.split("\n") if ln.strip()]
    for width in (40, 60, 72, 80):
        wrapped = "\n".join(textwrap.fill(ln, width) for ln in lines) + "\n"
        assert [squash(wrapped[s.start:s.end]) for s in segment(wrapped)[1]] == expected, width


def test_hard_wrapped_without_blank_lines_uses_short_last_lines():
    paras = [
        "The alliance agreed on Monday to raise defence spending across all of its members, "
        "officials said after a long meeting in the capital that ran late.",
        "Opposition lawmakers demanded a vote on the plan, saying the cabinet had not consulted "
        "parliament before the decision was announced to the public by the ministers.",
    ]
    wrapped = "\n".join(textwrap.fill(p, 60) for p in paras) + "\n"
    assert wrapped.split("\n")[2] == "meeting in the capital that ran late."  # visibly short
    paragraphs = split_paragraphs(wrapped)
    assert [squash(wrapped[a:b]) for a, b in paragraphs] == paras


def test_blank_line_paragraphs_and_paragraph_indexes():
    text = "First one. Second one.\n\nThird one.\n"
    paragraphs, sentences = segment(text)
    assert paragraphs == [(0, 22), (24, 34)]
    assert [(text[s.start:s.end], s.paragraph) for s in sentences] == [
        ("First one.", 0), ("Second one.", 0), ("Third one.", 1)
    ]
    assert all(s.topic == "general" for s in sentences)


def test_start_offset_skips_the_metadata():
    text = "Title: X\nSource: Y\n\nBody text here. More.\n"
    start = text.index("Body")
    paragraphs, sentences = segment(text, start)
    assert paragraphs == [(start, len(text) - 1)]
    assert text[sentences[0].start:sentences[0].end] == "Body text here."


def test_markdown_headings_lists_and_code():
    text = (
        "# Allies meet\n"
        "The ministers met. They agreed.\n\n"
        "## Reaction\n\n"
        "- first point here\n"
        "- second point here\n\n"
        "```\ncode. Not prose.\n```\n\n"
        "Closing words.\n"
    )
    paragraphs, sentences = segment(text)
    got = [(text[s.start:s.end], s.paragraph) for s in sentences]
    assert got == [
        ("Allies meet", 0),
        ("The ministers met.", 1),
        ("They agreed.", 1),
        ("Reaction", 2),
        ("first point here", 3),
        ("second point here", 4),
        ("Closing words.", 5),
    ]


def test_one_line_per_paragraph_continues_a_line_broken_mid_sentence():
    text = "The talks resumed in the capital after\na long pause. Nothing else.\nA new paragraph.\n"
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 2


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_gives_consistent_offsets(text):
    paragraphs = split_paragraphs(text)
    sentences = split_sentences(text, paragraphs)
    last = 0
    for a, b in paragraphs:
        assert last <= a < b <= len(text)
        last = b
    prev_end = 0
    for s in sentences:
        a, b = paragraphs[s.paragraph]
        assert a <= s.start < s.end <= b
        assert s.start >= prev_end
        assert text[s.start:s.end].strip() == text[s.start:s.end]
        prev_end = s.end
