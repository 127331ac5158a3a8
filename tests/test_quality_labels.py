"""The analysis on news it was not written for: the hand labels of tests/fixtures/labels (issue 9).

The labels are checked for what they claim (counts, the article split, offsets that point at the text),
and the analysis is held to the targets on the held-back third of the articles: quotations found >= 95%,
right speaker >= 90%, paragraph topics >= 85%, the paragraphs of off-topic articles >= 90% `general`
(figures when this was written: 29/29, 27/29, 186/215, 38/38; dev: 85/85, 80/85, 358/397, 33/33).
The dev articles are held to what they reach today, so a regression there fails too. The articles sit
beside the repository in ../shared; the tests skip when it is absent. benchmarks/quality.py prints the
same figures next to spaCy alone.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "tests" / "fixtures" / "labels"

pytestmark = pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="../shared not present")


def _quality():
    spec = importlib.util.spec_from_file_location("quality_benchmark", ROOT / "benchmarks" / "quality.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (LABELS / name).read_text(encoding="utf-8").splitlines() if line]


def test_the_labels_are_what_the_issue_asks_for():
    quotes, topics = _rows("quotes.jsonl"), _rows("topics.jsonl")
    assert len(quotes) >= 100 and len({q["article"] for q in quotes}) >= 12
    assert len(topics) >= 150
    for rows in (quotes, topics):
        articles = {r["article"] for r in rows}
        assert all(not a.startswith("seeds") for a in articles)
        held = {r["article"] for r in rows if r["split"] == "held"}
        assert {r["split"] for r in rows} == {"dev", "held"}
        assert 0.2 <= len(held) / len(articles) <= 0.45  # about a third, by article
    assert {q["kind"] for q in quotes} == {"quote", "scare"}
    assert all(q["speaker"] for q in quotes if q["kind"] == "quote")


def test_label_offsets_point_at_the_text_briefing_analyses():
    from briefing_tui.ingest.text import read_document

    texts: dict[str, str] = {}
    for q in _rows("quotes.jsonl"):
        text = texts.setdefault(q["article"], read_document(SHARED / q["article"]).text)
        assert text[q["start"] : q["end"]] == q["text"]
        if q["speaker_start"] is not None:
            assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker_text"]
    for t in _rows("topics.jsonl"):
        text = texts.setdefault(t["article"], read_document(SHARED / t["article"]).text)
        assert text[t["start"] : t["end"]].startswith(t["excerpt"])


@pytest.fixture(scope="module")
def held_figures():
    q = _quality()
    held = q.held_articles()
    articles = sorted({r["article"] for r in _rows("quotes.jsonl") + _rows("topics.jsonl") if r["article"] in held})
    preds = q.briefing_predictions(articles)
    quotes = q.score_quotes([r for r in _rows("quotes.jsonl") if r["article"] in held], preds)
    topics = q.score_topics([r for r in _rows("topics.jsonl") if r["article"] in held], preds)
    return quotes, topics


def test_held_back_quotations_are_found_and_attributed(held_figures):
    quotes, _ = held_figures
    assert quotes["found"] >= 0.95 * quotes["quotes"], quotes
    assert quotes["right"] >= 0.90 * quotes["quotes"], quotes
    assert quotes["scare_ok"] >= 0.90 * quotes["scare"], quotes


def test_held_back_paragraph_topics_and_off_topic_articles(held_figures):
    _, topics = held_figures
    assert topics["right"] >= 0.85 * topics["paragraphs"], topics
    assert topics["off_general"] >= 0.90 * topics["off"], topics


def test_dev_paragraph_topics_stay_where_they_are():
    """Topics alone (no NLP model): the dev articles' paragraphs, at today's 90%."""
    from briefing_tui.analysis.segment import segment
    from briefing_tui.analysis.topics import assign_topics, load_taxonomy
    from briefing_tui.ingest.text import read_document

    q = _quality()
    rows = [r for r in _rows("topics.jsonl") if r["split"] == "dev"]
    taxonomy = load_taxonomy(ROOT / "briefing_tui" / "taxonomy" / "default.toml")
    preds = {}
    for article in {r["article"] for r in rows}:
        doc = read_document(SHARED / article)
        _, sentences = segment(doc.text, doc.body_start)
        labelled, _ = assign_topics(doc.text, sentences, taxonomy)
        preds[article] = {"sentences": [s._asdict() for s in labelled]}
    topics = q.score_topics(rows, preds)
    assert topics["right"] >= 0.88 * topics["paragraphs"], topics
    assert topics["off_general"] == topics["off"], topics
