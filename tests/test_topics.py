"""The taxonomy file (loading, overrides, errors, hash) and the sentence labelling into sections."""

from __future__ import annotations

import pytest

from briefing_tui.analysis.segment import segment
from briefing_tui.analysis.topics import (
    GENERAL,
    assign_topics,
    default_taxonomy_path,
    load_taxonomy,
    match_cues,
    stems_of,
    taxonomy_from_toml,
)
from briefing_tui.errors import BriefingError

SMALL = """
[settings]
general_score = 1.0

[[topic]]
id = "space"
label = "Space"
description = "Rockets and orbits."
[topic.cues]
"rocket" = 3
"launch pad" = 4
"orbit" = 2
"""


def labelled(text: str, taxonomy):
    paragraphs, sentences = segment(text)
    return assign_topics(text, sentences, taxonomy)


def test_default_taxonomy_has_the_four_topics():
    tax = load_taxonomy(default_taxonomy_path())
    assert [t.id for t in tax.topics] == ["nato-posture", "russia-response", "peace-talks", "ukraine-politics"]
    assert tax.label("nato-posture") == "NATO posture"
    assert tax.label("peace-talks") == "Peace talks"
    assert tax.label(GENERAL) == "General"
    assert all(t.description and len(t.cues) >= 20 for t in tax.topics)
    assert len(tax.hash) == 64


def test_default_is_used_without_user_file(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path))
    assert load_taxonomy().hash == load_taxonomy(default_taxonomy_path()).hash


def test_user_taxonomy_in_config_dir_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFING_CONFIG_DIR", str(tmp_path))
    (tmp_path / "topics.toml").write_text(SMALL, encoding="utf-8")
    tax = load_taxonomy()
    assert [t.id for t in tax.topics] == ["space"]


def test_hash_follows_content_not_formatting(tmp_path):
    a = tmp_path / "a.toml"
    b = tmp_path / "b.toml"
    a.write_text(SMALL, encoding="utf-8")
    b.write_text("# a comment\n" + SMALL.replace('"orbit" = 2', '"orbit"   =   2.0'), encoding="utf-8")
    assert load_taxonomy(a).hash == load_taxonomy(b).hash
    b.write_text(SMALL.replace('"orbit" = 2', '"orbit" = 3'), encoding="utf-8")
    assert load_taxonomy(a).hash != load_taxonomy(b).hash


def test_malformed_toml_reports_file_and_line(tmp_path):
    p = tmp_path / "bad.toml"
    p.write_text('[[topic]]\nid = "x"\nlabel = "X\n', encoding="utf-8")
    with pytest.raises(BriefingError) as err:
        load_taxonomy(p)
    assert str(err.value).startswith(f"{p}: invalid TOML")
    assert "line 3" in str(err.value)
    assert err.value.exit_code == 2


@pytest.mark.parametrize(
    "toml, message",
    [
        ('[[topic]]\nid = "x"\nlabel = "X"\n', "has no cues"),
        ('[[topic]]\nid = "x"\nlabel = "X"\ncues = {}\n', "has no cues"),
        ('[[topic]]\nid = "x"\ncues = ["a", "b"]\n', "must be a table"),
        ('[[topic]]\nid = "x"\n[topic.cues]\n"a" = "heavy"\n', "must be a number"),
        ('[[topic]]\nid = "x"\n[topic.cues]\n"a" = -1\n', "positive weight"),
        ('[[topic]]\nid = 3\n[topic.cues]\n"a" = 1\n', "`id` must be"),
        ('[[topic]]\nid = "general"\n[topic.cues]\n"a" = 1\n', "reserved"),
        ('[[topic]]\nid = "x"\n[topic.cues]\n"a" = 1\n[[topic]]\nid = "x"\n[topic.cues]\n"b" = 1\n', "duplicate"),
        ("[settings]\nswitch_cost = 1\n", "no topics"),
        ('topic = "x"\n', "array of tables"),
        ('[settings]\nswitch_cost = "high"\n[[topic]]\nid = "x"\n[topic.cues]\n"a" = 1\n', "must be a number"),
    ],
)
def test_wrong_types_give_clear_errors(toml, message):
    with pytest.raises(BriefingError, match=message) as err:
        taxonomy_from_toml(toml, "mine.toml")
    assert str(err.value).startswith("mine.toml: ")


def test_missing_taxonomy_file(tmp_path):
    with pytest.raises(BriefingError, match="no such taxonomy file"):
        load_taxonomy(tmp_path / "nope.toml")


def test_cues_match_stems_not_substrings():
    tax = taxonomy_from_toml(SMALL)
    assert [c.text for _, c in match_cues(stems_of("Rockets orbiting the launch pads"), tax)] == [
        "rocket", "orbit", "launch pad"
    ]
    assert match_cues(stems_of("Skyrocketing prices; a dalliance; launch the pad"), tax) == []


def test_weak_evidence_stays_general_and_strong_evidence_wins():
    tax = taxonomy_from_toml(SMALL)
    text = (
        "The market opened higher on Monday. Traders were calm. The orbit of prices was odd. "
        "Shares closed up. Analysts expect more gains.\n\n"
        "The rocket stood on the launch pad. Engineers fuelled the rocket for its orbit. "
        "The rocket rose into orbit.\n"
    )
    sentences, sections = labelled(text, tax)
    assert [s.topic for s in sections] == ["general", "space"]
    assert sections[1].cues[0] in ("rocket", "launch pad")
    assert text[sections[1].start:].startswith("The rocket stood")


def test_one_stray_cue_does_not_make_a_one_sentence_section():
    tax = load_taxonomy(default_taxonomy_path())
    text = (
        "NATO allies agreed to raise defence spending and strengthen deterrence on the eastern flank. "
        "The alliance will deploy more troops. Officials spoke of talks with industry about shells. "
        "Air defence and readiness remain the priority for allied commanders.\n"
    )
    sentences, sections = labelled(text, tax)
    assert [s.topic for s in sections] == ["nato-posture"]


def test_football_report_is_not_peace_talks_or_nato():
    tax = load_taxonomy(default_taxonomy_path())
    text = (
        "The home side's defence held firm against a fierce attack in the first half. "
        "Their captain struck twice after the break, and the visitors' goalkeeper was sent off. "
        "The coach praised the team's spirit and said talks on a new contract would wait. "
        "Fans celebrated long into the night as the club climbed to second in the league.\n"
    )
    sentences, sections = labelled(text, tax)
    assert all(s.topic == GENERAL for s in sentences), sections


def test_empty_input_gives_no_sections():
    tax = taxonomy_from_toml(SMALL)
    assert assign_topics("", [], tax) == ([], [])


# Fresh paragraphs written for this test (not from the seed or the corpus): the cues must be the
# general vocabulary of each field, so text the taxonomy has never seen still lands in its topic.
FRESH = {
    "nato-posture": (
        "Defence ministers from the alliance gathered at headquarters to approve new plans for reinforcing "
        "the eastern flank. Several allies pledged additional air defence batteries and fighter jets, and the "
        "secretary general urged members to meet their spending commitments. Officials said deterrence must "
        "be credible on land, at sea and in cyberspace."
    ),
    "russia-response": (
        "The Kremlin called the move a provocation and said Moscow would respond with countermeasures. "
        "A foreign ministry spokesman accused Western capitals of escalating tensions and warned that any "
        "deployment near the border would be treated as a hostile act."
    ),
    "peace-talks": (
        "Negotiators from both sides met for a second round of talks hosted by a neutral mediator. The envoys "
        "discussed a ceasefire along the front line, prisoner exchanges and security guarantees, but no "
        "agreement was reached on territorial questions. A draft framework will be presented next week."
    ),
    "ukraine-politics": (
        "In Kyiv, the parliament voted to dismiss two ministers after a corruption inquiry into procurement "
        "contracts. Opposition lawmakers called for a broader cabinet reshuffle, and the prime minister said "
        "he would propose new candidates. Prosecutors have charged a former deputy minister with taking bribes."
    ),
}
OFF_TOPIC = [
    "Shares in the carmaker rose after it reported record quarterly profits. Analysts said strong demand for "
    "electric models offset higher costs, and the board proposed a larger dividend for investors.",
    "Astronomers have detected water vapour in the atmosphere of a distant planet. The team used a space "
    "telescope to study starlight filtered through the atmosphere during each orbit.",
    "The striker scored twice as the visitors overturned a one-goal deficit. Their defence, criticised all "
    "season, held firm against a late attack, and the manager praised the players' discipline.",
]


@pytest.mark.parametrize("topic", list(FRESH))
def test_fresh_text_lands_in_its_topic(topic):
    tax = load_taxonomy(default_taxonomy_path())
    text = FRESH[topic] + "\n"
    sentences, sections = labelled(text, tax)
    assert [s.topic for s in sections] == [topic], sections


def test_fresh_article_gives_one_section_per_topic_in_order():
    tax = load_taxonomy(default_taxonomy_path())
    text = "\n\n".join(FRESH.values()) + "\n"
    sentences, sections = labelled(text, tax)
    assert [s.topic for s in sections] == list(FRESH)


@pytest.mark.parametrize("text", OFF_TOPIC)
def test_fresh_off_topic_text_is_general(text):
    tax = load_taxonomy(default_taxonomy_path())
    sentences, sections = labelled(text + "\n", tax)
    assert [s.topic for s in sections] == [GENERAL], sections


def test_stemming_from_many_threads_gives_the_same_stems():
    """The reader stems in worker threads at once; a shared snowball stemmer corrupts its state."""
    import threading

    from briefing_tui.analysis import topics

    words = [f"{w}{suffix}" for w in ("negotiat", "retaliat", "deter", "allian", "escalat") for suffix in
             ("ing", "ion", "ions", "ed", "es", "ence", "ory", "ingly")] * 50
    expected = {}
    for w in words:
        topics._STEMS.pop(w, None)
    expected = {w: topics._stemmer().stemWord(w.lower()) for w in words}
    results: dict[str, set[str]] = {}
    errors: list[BaseException] = []

    def work(chunk):
        try:
            for w in chunk:
                topics._STEMS.pop(w, None)
                results.setdefault(w, set()).add(topics.stem(w))
        except BaseException as err:  # noqa: BLE001 - the test reports any failure
            errors.append(err)

    threads = [threading.Thread(target=work, args=(words[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert all(results[w] == {expected[w]} for w in words)


def test_an_edited_taxonomy_file_is_read_again_even_with_the_same_size_and_time(tmp_path):
    import os

    from briefing_tui.analysis.topics import load_taxonomy

    p = tmp_path / "topics.toml"
    body = '[[topic]]\nid = "{id}"\nlabel = "Weather"\ndescription = "d"\n[topic.cues]\n"rain" = 2.0\n'
    p.write_text(body.format(id="weather"), encoding="utf-8")
    first = load_taxonomy(p)
    stat = p.stat()
    p.write_text(body.format(id="climate"), encoding="utf-8")  # same length
    os.utime(p, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert [t.id for t in first.topics] == ["weather"]
    assert [t.id for t in load_taxonomy(p).topics] == ["climate"]


def test_a_short_paragraph_without_a_cue_of_its_own_is_general():
    # a dateline and a press conference's turns say nothing about a topic, even between answers on one
    tax = load_taxonomy(default_taxonomy_path())
    text = (
        "East Room\n\n"
        "1:43 P.M. EST\n\n"
        "THE PRESIDENT: The Kremlin will face sanctions, and Moscow warned of retaliation and countermeasures.\n\n"
        "Q Okay, but —\n\n"
        "THE PRESIDENT: Russia's foreign ministry denounced the sanctions as a provocation by the West.\n\n"
        "Kremlin denies it.\n"
    )
    sentences, sections = labelled(text, tax)
    topic_of = {text[s.start : s.end]: s.topic for s in sentences}
    assert topic_of["East Room"] == topic_of["1:43 P.M. EST"] == topic_of["Q Okay, but —"] == GENERAL
    assert topic_of["Kremlin denies it."] == "russia-response"  # short, but with cues of its own
    assert sum(s.topic == "russia-response" for s in sections) == 2


def test_the_short_paragraph_rule_is_a_setting():
    tax = taxonomy_from_toml(SMALL.replace("general_score = 1.0", "general_score = 1.0\nshort_paragraph_words = 0"))
    text = "The rocket stood on the launch pad. The rocket rose into orbit.\n\nLiftoff at noon.\n\nThe rocket reached orbit.\n"
    sentences, _ = labelled(text, tax)
    assert all(s.topic == "space" for s in sentences)
    tax = taxonomy_from_toml(SMALL)
    sentences, _ = labelled(text, tax)
    assert [s.topic for s in sentences if text[s.start : s.end] == "Liftoff at noon."] == [GENERAL]
    with pytest.raises(BriefingError, match="short_paragraph_words"):
        taxonomy_from_toml(SMALL.replace("general_score = 1.0", "general_score = 1.0\nshort_paragraph_words = -2"))
