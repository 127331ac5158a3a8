"""A fast stand-in for the analysis pipeline, for tests that need many analysed articles (and ``write``,
the tests' one way to put a file on disk).

``fake_analyse`` makes a small deterministic analysis (sentences by punctuation, topics by keyword,
invented entities); ``AnalyserSpy`` replaces ``pipeline.analyse_many`` and records what it was asked.
Imported by tests/conftest.py and by tests that patch the analyser into a subprocess.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefing_tui.model import Analysis, Document, Entity, Mention, Quote, Section, Sentence

FAKE_ENTITIES = {
    # canonical name -> (type, aliases); invented names, nothing from the sample articles
    "Alda Kestrel": ("PERSON", ("Alda Kestrel", "Kestrel")),
    "Borvia": ("GPE", ("Borvia", "Borvian Republic")),
    "Northern Treaty Council": ("ORG", ("Northern Treaty Council", "NTC")),
}
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[”\"]?|$)", re.M)


def fake_analyse(doc: Document, taxonomy=None) -> Analysis:  # noqa: ANN001
    """A small deterministic analysis: sentences by punctuation, topics by keyword, invented entities."""
    text = doc.text
    sentences = []
    para = 0
    last_line = None
    for m in _SENTENCE.finditer(text, doc.body_start):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        if s >= e:
            continue
        line = text.count("\n", 0, s)
        if last_line is not None and line != last_line:
            para += 1
        last_line = line
        low = text[s:e].lower()
        if "talks" in low or "negotiat" in low or "ceasefire" in low:
            topic = "peace-talks"
        elif "alliance" in low or "deterrence" in low:
            topic = "nato-posture"
        else:
            topic = "general"
        sentences.append(Sentence(s, e, para, topic))
    sections: list[Section] = []
    for s in sentences:
        if sections and sections[-1].topic == s.topic:
            last = sections[-1]
            sections[-1] = Section(last.topic, last.label, last.start, s.end, last.cues)
        else:
            label = {"peace-talks": "Peace talks", "nato-posture": "NATO posture"}.get(s.topic, "General")
            sections.append(Section(s.topic, label, s.start, s.end, ()))
    entities = []
    for n, (name, (etype, aliases)) in enumerate(FAKE_ENTITIES.items(), 1):
        mentions = []
        for alias in sorted(aliases, key=len, reverse=True):
            for m in re.finditer(r"\b" + re.escape(alias) + r"\b", text):
                if not any(x.start <= m.start() < x.end for x in mentions):
                    mentions.append(Mention(m.start(), m.end(), alias))
        if mentions:
            entities.append(Entity(f"e{n}", name, etype, tuple(sorted(mentions, key=lambda x: x.start))))
    quotes = []
    for m in re.finditer(r"“([^”]+)”", text):
        speaker = speaker_entity = None
        for s in sentences:
            if s.start <= m.start() < s.end:
                for e in entities:
                    if any(s.start <= x.start < s.end for x in e.mentions):
                        speaker, speaker_entity = e.name, e.id
                        break
        quotes.append(Quote(m.start(1), m.end(1), m.group(1), speaker, speaker_entity, "said" if speaker else None))
    return Analysis(doc.source, doc.title, "", tuple(sentences), tuple(sections), tuple(entities), tuple(quotes))


class AnalyserSpy:
    """Replaces ``pipeline.analyse_many``; counts the documents it was asked to analyse."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    @property
    def analysed(self) -> int:
        return sum(len(c) for c in self.calls)

    def __call__(self, docs, taxonomy=None):  # noqa: ANN001
        docs = list(docs)
        self.calls.append([d.source for d in docs])
        return [fake_analyse(d, taxonomy) for d in docs]


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
