"""Exports: the Markdown briefing, JSON (analyses plus notes) and W3C Web Annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing_tui.export.output import render as build
from briefing_tui.library.notes import add_note_at

TEXT = (
    "Alda Kestrel said the ceasefire talks with Borvia would continue next week.\n"
    "Kestrel added, “We are negotiating in good faith.”\n"
    "The alliance reviewed its deterrence posture against drones.\n"
    "Fishermen asked for compensation after the storm.\n"
)


@pytest.fixture
def lib(tmp_path: Path, empty_library):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    empty_library.import_paths([tmp_path / "a.txt"])
    add_note_at(empty_library, 1, "deterrence posture", "Compare with **last year**.", ["posture"])
    gone = add_note_at(empty_library, 1, "Fishermen asked for compensation after the storm.", "orphan-to-be")
    deleted = add_note_at(empty_library, 1, "ceasefire talks", "deleted one")
    empty_library.delete_note(deleted.id)
    (tmp_path / "a.txt").write_text(TEXT.replace("Fishermen asked for compensation after the storm.\n", ""),
                                    encoding="utf-8")
    empty_library.import_paths([tmp_path / "a.txt"])
    assert empty_library.note(gone.id).orphaned
    return empty_library


def test_markdown_briefing(lib) -> None:
    md = build(lib, [1], "md")
    lines = md.splitlines()
    assert lines[0].startswith("# ")
    assert "## Peace talks" in lines and "## NATO posture" in lines
    assert "## Key entities" in lines and any("Alda Kestrel (2)" in ln for ln in lines)
    assert "## Quote ledger" in lines
    assert "- **Alda Kestrel**: “We are negotiating in good faith.”" in lines
    # the note sits right under the paragraph it annotates, before the next paragraph
    para = lines.index("The alliance reviewed its deterrence posture against drones.")
    assert lines[para + 2].startswith("> **Note 1** on “deterrence posture”") and "`posture`" in lines[para + 2]
    assert "> Compare with **last year**." in lines[para + 2:para + 6]
    assert "## Orphaned notes" in lines and "orphan-to-be" in md
    assert "deleted one" not in md


def test_json_export_holds_analysis_and_notes(lib) -> None:
    data = json.loads(build(lib, [1], "json"))
    (art,) = data["articles"]
    assert data["schema"] == "briefing.export/1"
    assert art["analysis"]["schema"] == "briefing.analysis/1" and art["analysis"]["sentences"]
    assert art["text"] == lib.article(1).text
    bodies = {n["body"]: n for n in art["notes"]}
    assert set(bodies) == {"Compare with **last year**.", "orphan-to-be"}
    n = bodies["Compare with **last year**."]
    assert art["text"][n["start"]:n["end"]] == n["exact"] == "deterrence posture"
    assert bodies["orphan-to-be"]["orphaned"] is True


def test_web_annotations(lib) -> None:
    data = json.loads(build(lib, [1], "annotations"))
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 2
    items = data["first"]["items"]
    assert all(a["type"] == "Annotation" and a["id"] for a in items)
    live = next(a for a in items if a["body"][0]["value"].startswith("Compare"))
    assert live["body"][0]["format"] == "text/markdown" and live["body"][0]["purpose"] == "commenting"
    assert {"type": "TextualBody", "value": "posture", "purpose": "tagging"} in live["body"]
    assert live["target"]["source"].startswith("file:///")
    sel = {s["type"]: s for s in live["target"]["selector"]}
    text = lib.article(1).text
    quote, pos = sel["TextQuoteSelector"], sel["TextPositionSelector"]
    assert text[pos["start"]:pos["end"]] == quote["exact"] == "deterrence posture"
    assert text[:pos["start"]].endswith(quote["prefix"]) and text[pos["end"]:].startswith(quote["suffix"])
    orphan = next(a for a in items if a["body"][0]["value"] == "orphan-to-be")
    assert orphan["target"]["selector"]["type"] == "TextQuoteSelector"  # no position for an orphan


def test_export_of_the_real_seed(seeded_library) -> None:
    add_note_at(seeded_library, 1, "preemptive strike", "doctrine shift")
    md = build(seeded_library, [1], "md")
    assert "## NATO posture" in md and "## Peace talks" in md and "doctrine shift" in md
