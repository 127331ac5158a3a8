"""Markdown input (.md) is parsed (markdown-it-py with its source map): headings, list items and block
quotes are paragraphs, and link, emphasis and code syntax never reaches a title, a name, a topic cue
or a quote — while every offset still points into the file as written. Plain .txt keeps its line rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing_tui.analysis.pipeline import analyse
from briefing_tui.analysis.topics import default_taxonomy_path, load_taxonomy
from briefing_tui.ingest.files import read_file
from briefing_tui.prose.markdown_blocks import parse

ARTICLE = """\
# Talks on the **northern** ferry quota

The harbour council met on Monday. [Marit Ellingsen](https://example.org/people/marit-ellingsen) \
of the *Fishermen's Union* spoke first.

> "We will not accept a **smaller** quota for the `north` ports," said Marit Ellingsen.
> The council listened.

- Ferries to [Tromsø](https://example.org/tromso) resume next week.
- Boats from <https://example.org/boats> stay in port.

```
SELECT * FROM quotas;
```

Officials said the storm had passed.
"""

SYNTAX = re.compile(r"\*\*|\]\(|\[|`|https?://|<|^>|^- ", re.M)


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy(default_taxonomy_path())


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory, taxonomy):
    path = tmp_path_factory.mktemp("md") / "ferry-talks.md"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = read_file(path)
    return doc, analyse(doc, taxonomy)


def test_blocks_are_paragraphs_and_syntax_is_masked_in_place() -> None:
    found = parse(ARTICLE)
    assert len(found.text) == len(ARTICLE)
    shown = [" ".join(found.text[a:b].split()) for a, b in found.paragraphs]
    assert shown == [
        "Talks on the northern ferry quota",
        "The harbour council met on Monday. Marit Ellingsen of the Fishermen's Union spoke first.",
        "\"We will not accept a smaller quota for the north ports,\" said Marit Ellingsen. The council listened.",
        "Ferries to Tromsø resume next week.",
        "Boats from stay in port.",
        "Officials said the storm had passed.",
    ]
    assert found.headings == {0}
    for a, b in found.paragraphs:  # offsets into the source: each paragraph starts and ends on its prose
        assert ARTICLE[a] == found.text[a] and ARTICLE[b - 1] == found.text[b - 1]
    assert "SELECT" not in found.text  # a code block is not prose
    # what is left is the source's own characters, in place
    assert all(m == " " or m == s for m, s in zip(found.text, ARTICLE))


def test_escapes_and_character_references_are_masked_not_shifted() -> None:
    src = "Talks with AT&amp;T and \\*stars\\* went on.\n"
    found = parse(src)
    [(a, b)] = found.paragraphs
    assert " ".join(found.text[a:b].split()) == "Talks with AT& T and *stars * went on."
    assert len(found.text) == len(src)


def test_a_markdown_title_carries_no_syntax(analysed) -> None:
    doc, analysis = analysed
    assert doc.markup == "markdown"
    assert doc.title == analysis.title == "Talks on the northern ferry quota"


def test_names_topics_and_quotes_carry_no_markdown(analysed) -> None:
    doc, analysis = analysed
    names = [e.name for e in analysis.entities] + [m.text for e in analysis.entities for m in e.mentions]
    assert any("Marit Ellingsen" == n for n in names), names
    assert not [n for n in names if SYNTAX.search(n)], names
    for e in analysis.entities:
        for m in e.mentions:
            assert doc.text[m.start:m.end] == m.text  # offsets into the file as written
    assert analysis.quotes, "the block quote's quotation is found"
    for q in analysis.quotes:
        assert not SYNTAX.search(q.text), q.text
        assert "smaller quota for the north ports" in " ".join(q.text.split())
    cues = [c for s in analysis.sections for c in s.cues]
    assert not [c for c in cues if SYNTAX.search(c)], cues


def test_sentences_point_into_the_source_and_skip_markers(analysed) -> None:
    doc, analysis = analysed
    firsts = [doc.text[s.start:s.end] for s in analysis.sentences]
    assert firsts[0] == "Talks on the **northern** ferry quota"  # the heading, without its "# "
    assert any(t.startswith("Ferries to [Tromsø]") for t in firsts)  # a list item, without its bullet
    assert any(t.startswith("\"We will not accept") for t in firsts)  # a block quote, without its ">"
    assert not any("SELECT" in t for t in firsts)


def test_plain_text_keeps_its_line_rules(tmp_path: Path, taxonomy) -> None:
    path = tmp_path / "ferry-talks.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    [doc] = read_file(path)
    assert doc.markup == "text"
    assert doc.title == "Talks on the **northern** ferry quota"  # a .txt is not parsed as Markdown
    analysis = analyse(doc, taxonomy)
    assert doc.text[analysis.sentences[0].start:analysis.sentences[0].end] == "Talks on the **northern** ferry quota"
    assert any("[Marit Ellingsen](https://" in doc.text[s.start:s.end] for s in analysis.sentences)
