"""Shared fixtures: keep the developer's own data and config out of every test; a seeded library
built once per session (the real analysis runs once) and handed to tests as fresh copies."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing_tui.model import Analysis, Document, Entity, Mention, Quote, Section, Sentence

_ENV_DIRS = ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME")


def _isolate(mp: pytest.MonkeyPatch, home: Path) -> None:
    mp.setenv("HOME", str(home))
    for name in _ENV_DIRS:
        mp.setenv(name, str(home / name.lower()))
    mp.delenv("BRIEFING_LIBRARY", raising=False)
    mp.delenv("BRIEFING_CONFIG_DIR", raising=False)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the real user's data or config dir."""
    home = tmp_path_factory.mktemp("home")
    _isolate(monkeypatch, home)
    return home


@pytest.fixture(scope="session")
def seeded_library_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library filled with the bundled seed by the real pipeline, built once per session."""
    from briefing_tui.library import Library

    folder = tmp_path_factory.mktemp("seeded")
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, folder / "home")
        path = folder / "library.sqlite3"
        lib = Library.open(path)
        lib.close()
    assert not Path(str(path) + "-wal").exists() or os.path.getsize(str(path) + "-wal") == 0
    return path


@pytest.fixture
def library_path(tmp_path: Path, seeded_library_file: Path) -> Path:
    """A private copy of the seeded library."""
    target = tmp_path / "lib" / "library.sqlite3"
    target.parent.mkdir()
    shutil.copyfile(seeded_library_file, target)
    os.chmod(target, 0o600)
    return target


@pytest.fixture
def seeded_library(library_path: Path) -> Iterator:
    from briefing_tui.library import Library

    lib = Library.open(library_path)
    yield lib
    lib.close()


# ---------------------------------------------------------------------------- a fake analyser
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


@pytest.fixture
def fake_analyser(monkeypatch: pytest.MonkeyPatch) -> AnalyserSpy:
    """The pipeline replaced by ``fake_analyse`` (fast, known entities); ``.calls`` records the work."""
    from briefing_tui.analysis import pipeline

    spy = AnalyserSpy()
    monkeypatch.setattr(pipeline, "analyse_many", spy)
    return spy


@pytest.fixture
def empty_library(tmp_path: Path, fake_analyser: AnalyserSpy) -> Iterator:
    """A new library without the seed, analysed by the fake analyser."""
    from briefing_tui.library import Library

    lib = Library.open(tmp_path / "empty" / "library.sqlite3", seed=False)
    yield lib
    lib.close()
