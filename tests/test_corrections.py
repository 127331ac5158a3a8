"""The analyst's corrections as pure rules on an analysis (analysis/corrections.py)."""

from __future__ import annotations

from briefing_tui.analysis.corrections import Rule, apply_corrections, distinctive_words, name_key
from briefing_tui.model import Analysis, Entity, Mention, Quote, Section, Sentence

TEXT = "Alda Kestrel met the council. Kestrel said “We agree.” The Borvian Republic stayed silent."


def _analysis() -> Analysis:
    def m(s: str, nth: int = 0) -> Mention:
        start = -1
        for _ in range(nth + 1):
            start = TEXT.index(s, start + 1)
        return Mention(start, start + len(s), s)

    q0 = TEXT.index("We agree.")
    return Analysis(
        "src", "t", "",
        sentences=(Sentence(0, 29, 0), Sentence(30, 55, 0), Sentence(56, len(TEXT), 0)),
        sections=(Section("general", "General", 0, len(TEXT)),),
        entities=(
            Entity("e1", "Alda Kestrel", "PERSON", (m("Alda Kestrel"), m("Kestrel", 1))),
            Entity("e2", "Borvian Republic", "ORG", (m("Borvian Republic"),)),
        ),
        quotes=(Quote(q0, q0 + 9, "We agree.", "Alda Kestrel", "e1", "said"),),
    )


def test_names_compare_without_case_accents_spacing_or_possessive() -> None:
    assert name_key("  ALDA  Késtrel’s ") == name_key("alda kestrel")


def test_retype_rename_and_marks() -> None:
    out, marks = apply_corrections(_analysis(), [
        Rule(1, "retype", None, {"names": ["Borvian Republic"], "type": "GPE"}),
        Rule(2, "rename", None, {"names": ["kestrel"], "value": "Alda K. Kestrel"}),
    ])
    assert out.entity("e2").type == "GPE"
    assert out.entity("e1").name == "Alda K. Kestrel"
    assert out.quotes[0].speaker == "Alda K. Kestrel"  # the quote follows its speaker's new name
    assert marks.entities == {"e1", "e2"}


def test_merge_split_and_reject() -> None:
    merged, _ = apply_corrections(_analysis(), [
        Rule(1, "merge", None, {"names": ["Borvian Republic"], "target_names": ["Alda Kestrel"],
                                "value": "Alda Kestrel", "type": "PERSON"}),
    ])
    assert [e.name for e in merged.entities] == ["Alda Kestrel"]
    assert len(merged.entities[0].mentions) == 3
    split, _ = apply_corrections(_analysis(), [
        Rule(1, "split", None, {"names": ["Alda Kestrel", "Kestrel"], "value": "Kestrel"}),
    ])
    assert [(e.name, len(e.mentions)) for e in split.entities][:2] == [("Alda Kestrel", 1), ("Kestrel", 1)]
    rejected, _ = apply_corrections(_analysis(), [Rule(1, "reject", None, {"names": ["Alda Kestrel", "Kestrel"]})])
    assert [e.id for e in rejected.entities] == ["e2"]
    assert rejected.quotes[0].speaker_entity is None


def test_quote_speaker_and_section_topic_are_keyed_by_text_not_offsets() -> None:
    rules = [
        Rule(1, "speaker", "src", {"anchor": "We  agree.", "value": "Borvian Republic"}),
        Rule(2, "topic", "src", {"anchor": "Kestrel said “We agree.”", "value": "peace-talks", "label": "Peace"}),
        Rule(3, "topic", "elsewhere", {"anchor": "Kestrel said “We agree.”", "value": "other", "label": "Other"}),
    ]
    out, marks = apply_corrections(_analysis(), rules, TEXT)
    assert out.quotes[0].speaker == "Borvian Republic" and out.quotes[0].speaker_entity == "e2"
    assert out.sections[0].topic == "peace-talks" and {s.topic for s in out.sentences} == {"peace-talks"}
    assert marks.quotes == {0} and marks.sections == {0}
    # an unknown speaker becomes an entity of its own, so the dossier can list what it said
    out, _ = apply_corrections(_analysis(), [Rule(4, "speaker", "src", {"anchor": "We agree.", "value": "Ivo Marr"})])
    assert out.quotes[0].speaker == "Ivo Marr" and out.entity(out.quotes[0].speaker_entity).name == "Ivo Marr"


def test_no_rules_change_nothing() -> None:
    a = _analysis()
    assert apply_corrections(a, [])[0] is a


def test_distinctive_words_leave_out_excluded_words() -> None:
    words = distinctive_words("tariffs tariffs quotas harbour", "harbour weather weather", exclude={"quotas"})
    assert words[0] == "tariffs" and "quotas" not in words
