"""Speakers as people, bodies or described sources — never a verb fragment — with the span where the text
names them, and scare quotes marked as such (issue 9). Invented texts, fictional people, hand-built
entities (the helpers of test_quotes.py)."""

from __future__ import annotations

import pytest

from briefing_tui.analysis.quotes import words
from briefing_tui.analysis.segment import starts_sentence
from test_quotes import ROE, VEXLEY, one, quotes

COSTA = ("Maria Costa", "PERSON", ("Costa",))
BERG = ("Karl Berg", "PERSON", ("Berg",))
COMMISSION = ("Commission", "ORG", ())


def test_a_verb_and_the_noun_after_it_are_not_the_speaker():
    text = "Maria Costa accused the Commission of hypocrisy and claimed member states were “not serious”.\n"
    q = one(text, COSTA, COMMISSION)
    assert (q.speaker, q.cue) == ("Maria Costa", "claimed")
    assert text[q.speaker_start : q.speaker_end] == "Maria Costa"


@pytest.mark.parametrize(
    "text, cue",
    [
        ("“We will not yield,” said Karl Berg on Monday.\n", "said"),
        ("According to Defence Minister Karl Berg, “the brigade will stay”.\n", "according to"),
        ("Karl Berg told reporters that “the brigade will stay for years”.\n", "told"),
        ("In the words of the defence minister, Karl Berg, “the brigade stays”.\n", "in the words of"),
    ],
)
def test_the_common_attribution_patterns(text, cue):
    q = one(text, BERG)
    assert (q.speaker, q.cue, q.kind) == ("Karl Berg", cue, "quote")
    assert text[q.speaker_start : q.speaker_end] in ("Karl Berg", "Defence Minister Karl Berg")


def test_a_pronoun_speaker_keeps_the_pronouns_span_and_resolves_to_the_person():
    text = "Maria Costa, the economy minister, arrived late. “We have done our part,” she said.\n"
    q = one(text, COSTA)
    assert (q.speaker, q.speaker_entity) == ("Maria Costa", "e1")
    assert text[q.speaker_start : q.speaker_end] == "she"


def test_a_role_noun_resolves_to_the_person_named_with_that_role():
    text = (
        "Defence Minister Maria Costa met Karl Berg on Tuesday. "
        "The minister said the talks were “constructive and long overdue”.\n"
    )
    q = one(text, COSTA, BERG)
    assert q.speaker == "Maria Costa"
    assert text[q.speaker_start : q.speaker_end] == "The minister"


def test_a_role_noun_with_nobody_of_that_role_stays_a_description():
    q = one("Karl Berg left early. The spokesman said the plan was “dead on arrival”.\n", BERG)
    assert q.speaker == "the spokesman" and q.speaker_entity is None


def test_a_described_source_is_a_speaker():
    q = one("A Baltic diplomat said the proposal was “dead on arrival”.\n")
    assert q.speaker == "a Baltic diplomat" and q.speaker_entity is None


def test_a_participle_after_a_noun_phrase_takes_that_phrase():
    q = one("Critics were harsh, with one poster writing “How can people look at both sides?”\n")
    assert q.speaker == "one poster"


def test_a_signed_quote_takes_its_signature():
    text = "Intro line.\n\n“So far it is going well. But it is a long game.” - Jane Roe\n"
    q = one(text, ROE)
    assert q.speaker == "Jane Roe"


def test_the_speaker_named_a_few_sentences_before_in_the_paragraph():
    text = "Jane Roe admitted she had waited all day. Why did she wait? “It is history. It is a legend.”\n"
    q = one(text, ROE)
    assert q.speaker == "Jane Roe"


def test_the_speaker_named_in_the_sentence_after():
    text = "“The era of cheap energy is over.” Those were the words of Jane Roe at the summit.\n"
    q = one(text, ROE)
    assert q.speaker == "Jane Roe"


def test_a_quote_running_over_paragraphs_keeps_its_speaker():
    text = "Jane Roe spoke first.\n\n“The plan is ready. It will be tabled next week.\n\n“We expect a vote,” she added.\n"
    found = quotes(text, ROE)
    assert found and all(q.speaker == "Jane Roe" for q in found)


def test_scare_quotes_and_titles_are_marked_and_have_no_speaker():
    text = "The so-called “peace dividend” is gone, Tom Vexley said. The film “Cold Harbour” opens on Friday.\n"
    found = quotes(text, VEXLEY)
    assert [(q.text, q.kind, q.speaker) for q in found] == [
        ("peace dividend", "scare", None),
        ("Cold Harbour", "scare", None),
    ]


def test_a_quoted_name_inside_the_subject_is_not_what_the_verb_says():
    q = one("The “History” section of the site explains the dispute in a satirical way.\n")
    assert q.speaker is None and q.kind == "scare"


def test_a_straight_mark_glued_to_a_comma_opens_a_quote():
    q = one('Jane Roe said," [He] liked the way photo booths looked".\n', ROE)
    assert q.text.startswith("[He] liked") and q.speaker == "Jane Roe"


def test_word_lists_are_data_and_hold_no_committee():
    assert "said" in words.CUES and "according to" in words.CUE_PHRASES
    assert "committee" not in words.TITLES  # a word of one article's speaker blacklist, gone


def test_one_sentence_notion_for_every_stage():
    text = "He met Mr. Smith in the U.S. Army camp. Then “Yes.” The talks ended."
    starts = [w for w in ("He", "Smith", "Army", "Then", "Yes", "The") if starts_sentence(text, text.index(w))]
    assert starts == ["He", "Then", "The"]


def test_gender_from_an_earlier_pronoun_keeps_he_off_a_woman():
    text = "Tom Vexley spoke first. He was brief. Jane Roe arrived later. She sat down. “We are ready,” he said.\n"
    q = one(text, ROE, VEXLEY)
    assert q.speaker == "Tom Vexley"


def test_a_body_that_claims_is_still_a_speaker():
    q = one("The ministry claims the plan is “dead on arrival”.\n")
    assert (q.speaker, q.cue) == ("the ministry", "claims")


def test_a_name_qualifying_the_role_is_not_the_speaker():
    crown = ("Crown", "ORG", ())
    q = one("In the words of the Crown prosecutor, Jane Roe, “the child cried for months.”\n", ROE, crown)
    assert q.speaker == "Jane Roe"


def test_the_author_of_a_post_speaks_for_it():
    q = one("“A tool is being used to crash the website,” said the post by an unknown author on a forum.\n")
    assert q.speaker == "an unknown author"


def test_someone_the_quote_speaks_of_is_not_who_says_it():
    text = "For Tom Vexley, Jane Roe was a legend too. He said, “Jane Roe was the centre of it all.”\n"
    q = one(text, ROE, VEXLEY)
    assert q.speaker == "Tom Vexley"
