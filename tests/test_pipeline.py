"""The analysis pipeline end to end: contract shape, offsets into the source, body only, robustness."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_tui.analysis.pipeline import ANALYSER_VERSION, analyse, analyse_many
from briefing_tui.analysis.topics import default_taxonomy_path, load_taxonomy
from briefing_tui.ingest.text import document_from_text, read_document
from briefing_tui.model import SCHEMA, Analysis, Document
from briefing_tui.resources import seed_files


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(default_taxonomy_path())


@pytest.fixture(scope="module")
def seed_analysis(taxonomy):
    doc = read_document(seed_files()[0])
    return doc, analyse(doc, taxonomy)


def test_analyser_version_is_a_string():
    assert isinstance(ANALYSER_VERSION, str) and ANALYSER_VERSION


def test_seed_analysis_follows_the_contract(seed_analysis):
    doc, analysis = seed_analysis
    data = json.loads(json.dumps(analysis.to_dict()))
    assert list(data) == ["schema", "source", "title", "text_sha256", "sentences", "sections", "entities", "quotes"]
    assert data["schema"] == SCHEMA
    assert data["title"].startswith("NATO weighs a tougher answer")
    assert data["text_sha256"] == hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    assert Analysis.from_dict(data) == analysis
    topics = {s["topic"] for s in data["sentences"]}
    assert topics == {"nato-posture", "russia-response", "peace-talks", "ukraine-politics"}
    assert [s["topic"] for s in data["sections"]] == [
        "nato-posture", "russia-response", "peace-talks", "ukraine-politics", "nato-posture"
    ]


def test_offsets_point_into_the_source_text(seed_analysis):
    doc, analysis = seed_analysis
    text = doc.text
    for s in analysis.sentences:
        assert text[s.start:s.end].strip() == text[s.start:s.end] != ""
    for sec in analysis.sections:
        assert text[sec.start:sec.end].strip()
    for e in analysis.entities:
        for m in e.mentions:
            assert text[m.start:m.end] == m.text
    for q in analysis.quotes:
        assert q.text.strip("\"“”' ") in text[q.start:q.end] or text[q.start:q.end] in q.text


def test_only_the_body_is_analysed_and_offsets_count_from_the_file_start():
    text = "Title: Alliance weighs options\nSource: Wire\n\nNATO allies discussed deterrence. They agreed.\n"
    doc = document_from_text(text, "m.txt")
    analysis = analyse(doc)
    body = text.index("NATO")
    assert analysis.title == "Alliance weighs options"
    assert analysis.sentences[0].start == body
    assert all(s.start >= body for s in analysis.sentences)
    assert all(m.start >= body for e in analysis.entities for m in e.mentions)


def test_empty_body_gives_an_empty_analysis():
    doc = document_from_text("Title: Only metadata\nSource: x\n\n   \n", "m.txt")
    analysis = analyse(doc)
    assert analysis.title == "Only metadata"
    assert analysis.sentences == analysis.sections == analysis.entities == analysis.quotes == ()
    assert analysis.text_sha256 == hashlib.sha256(doc.text.encode()).hexdigest()


def test_analyse_many_matches_analyse(taxonomy):
    docs = [read_document(seed_files()[0]), document_from_text("Talks on a ceasefire resumed. Envoys met.", "b.txt")]
    assert analyse_many(docs, taxonomy) == [analyse(d, taxonomy) for d in docs]
    assert analyse_many([], taxonomy) == []


ODD_TEXTS = [
    "\x00\x01\x02 binary-ish \x1b[31m red \x1b[0m text.",
    "\u202eevil\u202c override. \u2066isolate\u2069.",
    "\ufeffBOM inside. Emoji 🇺🇦🤝 and ZWJ 👩‍👩‍👧 text.",
    "Ελληνικά κείμενα. Русский текст о НАТО. 中文句子。日本語の文章！",
    "“unclosed quote. ‘single. \"straight\" mixed’ ” ” “",
    "...\n\n!!!\n\n???\n\n— – -\n\n#\n\n```\n\n> \n\n- \n",
    "a" * 5000,
    ("word " * 3000).strip(),
    "Mr. Dr. Gen. U.S. a.m. e.g. i.e. St. No. 5.",
    "\n\n\n",
]


@pytest.mark.parametrize("text", ODD_TEXTS)
def test_odd_text_never_raises(text, taxonomy):
    analysis = analyse(Document(source="odd.txt", text=text, title="odd"), taxonomy)
    json.dumps(analysis.to_dict())
    for s in analysis.sentences:
        assert 0 <= s.start < s.end <= len(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_unicode_text_never_raises(taxonomy, text):
    analysis = analyse(document_from_text(text, "h.txt"), taxonomy)
    assert analysis.text_sha256


def test_long_paragraphs_reach_the_nlp_model_in_sentence_aligned_pieces():
    from briefing_tui.analysis.pipeline import nlp_chunks
    from briefing_tui.analysis.segment import segment

    text = " ".join(seed_files()[0].read_text(encoding="utf-8").split()) * 5  # one 24,000-character paragraph
    paragraphs, sentences = segment(text)
    assert len(paragraphs) == 1
    chunks = nlp_chunks(text, paragraphs, sentences, limit=3000)
    assert len(chunks) > 8 and all(b - a <= 3000 for a, b in chunks)
    starts = {s.start for s in sentences}
    assert all(a in starts for a, _ in chunks)
    assert chunks[0][0] == paragraphs[0][0] and chunks[-1][1] == paragraphs[0][1]
    blob = "x" * 7000 + " " + "y" * 100
    assert max(b - a for a, b in nlp_chunks(blob, [(0, len(blob))], [], limit=3000)) <= 3000
    short = [(0, 10), (12, 20)]
    assert nlp_chunks("a" * 20, short, [], limit=3000) == short


def test_the_entity_stage_cuts_long_paragraphs_with_the_same_chunker():
    from briefing_tui.analysis import entities
    from briefing_tui.analysis.chunks import nlp_chunks

    lines = "\n".join(["word " * 9 + "end"] * 400)  # hard-wrapped: a break is as good a cut as a space
    cut = entities._bounded([(0, len(lines))], lines, limit=1000)
    assert cut == nlp_chunks(lines, [(0, len(lines))], (), limit=1000)
    assert all(b - a <= 1000 and not lines[a].isspace() and not lines[b - 1].isspace() for a, b in cut)
    assert "".join("".join(lines[a:b].split()) for a, b in cut) == "".join(lines.split())  # nothing lost


def test_a_quotations_label_links_its_quote_to_the_person_in_the_entities_pane():
    text = (
        "Title: Reactions\n\n"
        "Reactions to the summit came quickly.\n\n"
        "Senate Harbour Relations Committee Chair Jorvik Tallsen: “It is a tremendous achievement.”\n\n"
        "Later, Tallsen said more talks would follow.\n"
    )
    analysis = analyse(document_from_text(text, "r.txt"))
    person = next(e for e in analysis.entities if e.name == "Jorvik Tallsen")
    quote = next(q for q in analysis.quotes if "tremendous" in q.text)
    assert (quote.speaker, quote.speaker_entity) == ("Jorvik Tallsen", person.id)


@pytest.mark.parametrize("paper", ["Lakeport Morning Herald", "Harbourton Morning Herald"])
def test_a_newspaper_the_model_calls_an_event_or_a_law_is_a_body_and_the_source(paper):
    # the model labels these EVENT and LAW; the place they start with was taken for the source
    text = (
        "Title: Verdict\n\nThe girl lived in Lakeport and Harbourton with her parents.\n\n"
        f"By this time, \"her skin was weeping and her corneas melting\", according to the {paper}.\n"
    )
    analysis = analyse(document_from_text(text, "v.txt"))
    paper_entity = next(e for e in analysis.entities if e.name == paper)
    quote = next(q for q in analysis.quotes if "weeping" in q.text)
    assert paper_entity.type == "ORG" and (quote.speaker, quote.speaker_entity) == (paper, paper_entity.id)
