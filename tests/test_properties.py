"""Property and fuzz tests (hypothesis) of the whole analysis: Document text in, Analysis out.

For any text (arbitrary Unicode, and news-like text built from words, names, quotes, abbreviations,
line breaks, CRLF, Markdown and hostile characters):

- ``analyse`` never raises, and gives the same result twice;
- sentences are non-empty, in order, disjoint, inside the body (``doc.body_start`` .. ``len(text)``),
  their paragraph numbers never go down;
- sections cover the body's sentences: the first section starts where the first sentence starts, the
  last ends where the last sentence ends, every sentence lies in exactly one section whose topic it
  carries, consecutive sections meet at consecutive sentences (no sentence between them, no overlap)
  and have different topics (neighbours with the same topic would have been one section);
- every mention's and quote's offsets slice the text they claim (``text[start:end] == .text``),
  entity ids are unique and types are the contract's;
- ``Analysis.to_dict`` -> JSON (also the exact line ``briefing analyze --format json`` prints) ->
  ``from_dict`` gives back an equal Analysis.

The number of examples each property ran is printed at the end of the module (``pytest -s``).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_tui.analysis.pipeline import analyse
from briefing_tui.analysis.topics import load_taxonomy
from briefing_tui.commands.analyze import to_json_line
from briefing_tui.ingest.text import document_from_text
from briefing_tui.model import ENTITY_TYPES, Analysis
from property_profiles import examples

EXAMPLES = Counter()
# More examples for a longer fuzzing run: BRIEFING_PROPERTY_EXAMPLES=5000 pytest tests/test_properties.py -s
N = examples(150)
PROFILE = settings(max_examples=N, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module", autouse=True)
def _warm_model_and_report():
    """Load spaCy and the taxonomy once for the module; print how many examples ran."""
    analyse(document_from_text("NATO ministers met in Brussels.", "warm.txt"), load_taxonomy())
    yield
    print("\nproperty examples run: " + ", ".join(f"{k}={v}" for k, v in sorted(EXAMPLES.items())))


# --- strategies ------------------------------------------------------------------------------------

WORDS = (
    "the a an of to in and on for with by at from said says told officials government ministers talks "
    "ceasefire troops border alliance defence security sanctions agreement meeting week Monday Tuesday "
    "Sunday's report according sources drones airspace navy port election parliament budget minister "
    "president spokesman envoy negotiators summit plan proposal attack response warned added explained "
    "on Sundays the Russians football match goals season market shares company profit"
).split()
NAMES = (
    "Maria Lopez", "Jan Novak", "Amara Okoye", "Dr Helena Brandt", "Mr. Tomas Ruiz", "Gen. Ada Kowal",
    "President Ilse Maren", "Okoye", "Novak's", "Lopezs", "NATO", "Nato", "the EU", "the United Nations",
    "the UN", "U.S.", "the United States", "Germany", "Poland's", "Norways", "Brussels", "Kyiv", "Moscow",
    "the Baltic Sea", "Ukrainians", "European", "the Red Cross", "Reuters",
)
PUNCT = (".", ".", ".", "?", "!", "…", ",", ";", ":", " —", " -", "...")
ODD = ("\t", "\x00", "\x1b[31m", "\u202e", "\u200b", "\u00ad", "e\u0301", "🗞", "\ufeff", "\x85", "\u2028",
       "Київ", "東京", "’", "'", "\"", "“", "”", "(", ")", "[bold]", "#", "*", "`", "\\", "\x0c",
       "(" * 150, "." * 120, "NATO" * 40)  # runs over 100 characters: the model sees spaces there
SEPARATORS = (" ", " ", " ", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "  ", "\n   ", "\n\n\n")


@st.composite
def sentences(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS + list(NAMES)), min_size=1, max_size=14))
    text = " ".join(words)
    text = text[:1].upper() + text[1:]
    kind = draw(st.integers(0, 5))
    quote = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8)))
    speaker = draw(st.sampled_from(NAMES + ("He", "She", "A senior diplomat", "the spokesman")))
    open_q, close_q = draw(st.sampled_from((("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("“", ""))))
    if kind == 1:
        text = f"{open_q}{quote.capitalize()},{close_q} {speaker} said"
    elif kind == 2:
        text = f"{speaker} said, {open_q}{quote.capitalize()}.{close_q}"
    elif kind == 3:
        text = f"{text} a {open_q}{quote}{close_q}"
    elif kind == 4:
        text = f"{speaker} told reporters {open_q}{quote}"  # a quote left open: continues or never closes
    text += draw(st.sampled_from(PUNCT))
    if draw(st.integers(0, 6)) == 0:
        pos = draw(st.integers(0, len(text)))
        text = text[:pos] + draw(st.sampled_from(ODD)) + text[pos:]
    return text


@st.composite
def articles(draw) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(st.sampled_from(("Title: Allies meet\nSource: Wire\n\n", "---\ntitle: T\n---\n",
                                           "# A heading\n\n", "Title: x\n", "Q: who\nA: them\n\n"))))
    for _ in range(draw(st.integers(1, 6))):
        prefix = draw(st.sampled_from(("", "", "", "- ", "> ", "## ", "1. ", "    ")))
        para = prefix + draw(st.sampled_from(SEPARATORS[:3])).join(draw(st.lists(sentences(), min_size=1, max_size=5)))
        parts.append(para)
        parts.append(draw(st.sampled_from(SEPARATORS)))
    text = "".join(parts)
    if draw(st.booleans()):  # hard-wrap at some width, with LF or CRLF
        width = draw(st.integers(20, 80))
        eol = draw(st.sampled_from(("\n", "\r\n")))
        out, col = [], 0
        for word in text.split(" "):
            if col and col + len(word) > width:
                out.append(eol)
                col = 0
            elif col:
                out.append(" ")
                col += 1
            out.append(word)
            col += len(word)
        text = "".join(out)
    return text


ARBITRARY = st.text(max_size=400)  # any code points but lone surrogates (no decoder produces them)
MIXED = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(ODD + SEPARATORS + NAMES)), max_size=40).map("".join)


# --- the properties -----------------------------------------------------------------------------------


def check_analysis(raw: str) -> Analysis:
    doc = document_from_text(raw, "prop.txt")
    text = doc.text
    a = analyse(doc)
    n = len(text)

    # sentences: non-empty, ordered, disjoint, inside the body
    prev_end = doc.body_start
    prev_para = -1
    for s in a.sentences:
        assert prev_end <= s.start < s.end <= n, (s, prev_end, n)
        assert s.paragraph >= prev_para
        assert text[s.start:s.end].strip(), s
        prev_end, prev_para = s.end, s.paragraph

    # sections cover the sentences, contiguous, in order
    if not a.sentences:
        assert a.sections == ()
    else:
        assert a.sections and a.sections[0].start == a.sentences[0].start
        assert a.sections[-1].end == a.sentences[-1].end
        index = {s.start: i for i, s in enumerate(a.sentences)}
        ends = {s.end: i for i, s in enumerate(a.sentences)}
        covered = 0
        for k, sec in enumerate(a.sections):
            assert sec.start < sec.end
            first, last = index[sec.start], ends[sec.end]  # sections start and end on sentence bounds
            assert first == covered, "a gap or an overlap between sections"
            assert all(a.sentences[i].topic == sec.topic for i in range(first, last + 1))
            if k:
                assert a.sections[k - 1].topic != sec.topic
            covered = last + 1
        assert covered == len(a.sentences)

    # entities and quotes slice what they claim
    ids = [e.id for e in a.entities]
    assert len(ids) == len(set(ids))
    for e in a.entities:
        assert e.type in ENTITY_TYPES and e.name and e.mentions
        for m in e.mentions:
            assert doc.body_start <= m.start < m.end <= n
            assert text[m.start:m.end] == m.text, (m, text[m.start:m.end])
    for q in a.quotes:
        assert doc.body_start <= q.start <= q.end <= n
        assert text[q.start:q.end] == q.text, (q, text[q.start:q.end])
        if q.speaker_entity is not None:
            assert q.speaker_entity in ids

    # JSON round trip: the dict, and the exact line the CLI prints
    assert Analysis.from_dict(json.loads(json.dumps(a.to_dict()))) == a
    assert Analysis.from_dict(json.loads(to_json_line(a))) == a
    return a


@PROFILE
@given(ARBITRARY)
def test_arbitrary_unicode(raw):
    EXAMPLES["arbitrary_unicode"] += 1
    check_analysis(raw)


@PROFILE
@given(MIXED)
def test_unicode_mixed_with_names_and_controls(raw):
    EXAMPLES["mixed"] += 1
    check_analysis(raw)


@PROFILE
@given(articles())
def test_news_like_articles(raw):
    EXAMPLES["news_like"] += 1
    a = check_analysis(raw)
    EXAMPLES["news_like_with_quotes"] += bool(a.quotes)
    EXAMPLES["news_like_with_entities"] += bool(a.entities)
    EXAMPLES["news_like_with_2+_sections"] += len(a.sections) > 1
    assert analyse(document_from_text(raw, "prop.txt")) == a  # deterministic


@settings(max_examples=max(N // 3, 20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_crlf_and_lf_give_the_same_analysis(raw):
    """Line ends do not matter: the same article with LF, CRLF or CR analyses the same."""
    EXAMPLES["line_ends"] += 1
    lf = raw.replace("\r\n", "\n").replace("\r", "\n")
    base = analyse(document_from_text(lf, "p.txt"))
    for eol in ("\r\n", "\r"):
        assert analyse(document_from_text(lf.replace("\n", eol), "p.txt")) == base
