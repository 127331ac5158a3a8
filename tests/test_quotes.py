"""Quotes and speakers: mark pairing, attribution patterns, and the evaluation on the hand-labelled seed.

Unit tests use small invented texts (fictional people) with hand-built entities; the seed evaluation runs
the real segmenter and entity recogniser on the seed and on its re-formatted variants (hard-wrapped at 72
columns, CRLF, ASCII quotes, Markdown) and checks the figures of the spec: all 9 quotations found, at
least 8 with the right speaker.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.analysis.quotes import extract_quotes
from briefing_tui.analysis.segment import segment
from briefing_tui.ingest.text import decode_bytes, document_from_text
from briefing_tui.model import Entity, Mention, Quote

ROOT = Path(__file__).resolve().parents[1]
LABELS = json.loads((ROOT / "tests" / "fixtures" / "seed_labels.json").read_text(encoding="utf-8"))
SEED = ROOT / LABELS["file"]
CORPUS = ROOT.parent / "shared" / "corpus"

# --- helpers ---------------------------------------------------------------------------------------


def people(text: str, *specs: tuple[str, str, tuple[str, ...]]) -> tuple[Entity, ...]:
    """Entities by hand: (canonical name, type, aliases); every occurrence of a name becomes a mention."""
    out = []
    for k, (name, etype, aliases) in enumerate(specs, 1):
        mentions = []
        taken: list[tuple[int, int]] = []
        for form in sorted((name, *aliases), key=len, reverse=True):
            for m in re.finditer(r"\b" + re.escape(form) + r"\b", text):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    taken.append((m.start(), m.end()))
                    mentions.append(Mention(m.start(), m.end(), form))
        out.append(Entity(f"e{k}", name, etype, tuple(sorted(mentions, key=lambda x: x.start))))
    return tuple(out)


ROE = ("Jane Roe", "PERSON", ("Roe",))
VEXLEY = ("Tom Vexley", "PERSON", ("Vexley",))


def quotes(text: str, *specs, entities=None) -> tuple[Quote, ...]:
    paragraphs, sentences = segment(text)
    ents = people(text, *specs) if entities is None else entities
    found = extract_quotes(text, paragraphs, sentences, ents)
    for q in found:  # the contract: text is the slice, marks excluded
        assert q.text == text[q.start : q.end]
        assert text[q.start] not in "“”\"" and text[q.end - 1] not in "“”\""
    return found


def one(text: str, *specs, entities=None) -> Quote:
    found = quotes(text, *specs, entities=entities)
    assert len(found) == 1, found
    return found[0]


# --- finding quotations ----------------------------------------------------------------------------


def test_full_sentence_quote_with_leading_attribution():
    q = one("Jane Roe said on Monday, “We will build the bridge before winter.”\n", ROE)
    assert q.text == "We will build the bridge before winter."
    assert (q.speaker, q.speaker_entity, q.cue) == ("Jane Roe", "e1", "said")


def test_partial_quotes_inside_a_sentence_take_the_sentences_speaker():
    text = (
        "Jane Roe spoke first.\n"
        "Roe added that a “controlled retreat” was possible, though it was “not our first choice.”\n"
    )
    found = quotes(text, ROE)
    assert [q.text for q in found] == ["controlled retreat", "not our first choice."]
    assert all(q.speaker == "Jane Roe" and q.cue == "added" for q in found)


def test_called_a_phrase_is_a_quote_of_the_subject():
    q = one("Ministry spokeswoman Jane Roe called the plan “a costly mistake” that nobody wanted.\n", ROE)
    assert (q.text, q.speaker, q.cue) == ("a costly mistake", "Jane Roe", "called")


def test_quote_continuing_into_the_next_paragraph_is_one_quotation():
    text = (
        "Tom Vexley explained, “We are ready. We are waiting.\n"
        "“Nothing will stop us now.”\n"
        "The meeting ended at noon.\n"
    )
    q = one(text, VEXLEY)
    assert q.text.startswith("We are ready.") and q.text.endswith("Nothing will stop us now.")
    assert (q.speaker, q.cue) == ("Tom Vexley", "explained")


def test_quote_continuing_across_a_blank_line_in_wrapped_text():
    text = (
        "Tom Vexley explained, “We are ready. We are waiting for the\n"
        "signal from the north.\n\n"
        "“Nothing will stop us now.”\n\n"
        "The meeting ended at noon.\n"
    )
    q = one(text, VEXLEY)
    assert q.text.startswith("We are ready.") and q.text.endswith("stop us now.")
    assert q.speaker == "Tom Vexley"


def test_next_paragraph_that_carries_on_and_closes_continues_the_quote():
    text = 'Tom Vexley said, "We played well.\n\nIt was a long day for all of us." The team left at six.\n'
    q = one(text, VEXLEY)
    assert q.text.startswith("We played well.") and q.text.endswith("all of us.")


def test_unclosed_quote_stops_at_the_paragraph_end():
    text = 'Jane Roe said, "We will see.\n\nThe river rose overnight.\n\n"It is over," Tom Vexley said.\n'
    found = quotes(text, ROE, VEXLEY)
    assert [q.text for q in found] == ["We will see.", "It is over,"]
    assert [q.speaker for q in found] == ["Jane Roe", "Tom Vexley"]


@pytest.mark.parametrize("marks", ["curly", "straight"])
def test_curly_and_straight_marks_give_the_same_quotes(marks):
    text = "“We will not sign,” Roe said. Jane Roe left. Vexley called it “a sad day.”\n"
    if marks == "straight":
        text = text.replace("“", '"').replace("”", '"')
    found = quotes(text, ROE, VEXLEY)
    assert [q.text for q in found] == ["We will not sign,", "a sad day."]
    assert [q.speaker for q in found] == ["Jane Roe", "Tom Vexley"]


@pytest.mark.parametrize(
    "text",
    [
        "“He told me ‘never again’ and walked out,” Roe said.\n",
        "\"He told me 'never again' and walked out,\" Roe said.\n",
    ],
)
def test_single_quotes_inside_a_double_quote_are_nested(text):
    q = one(text, ROE)
    assert q.text.startswith("He told me") and "never again" in q.text
    assert q.speaker == "Jane Roe"


@pytest.mark.parametrize("apostrophe", ["'", "’"])
def test_apostrophes_are_not_quote_marks(apostrophe):
    text = (
        "The alliance's ministers' meeting ran late and Roe's team didn't mind.\n"
        "\"We're sure the alliance's plan works,\" Roe said.\n"
    ).replace("'", apostrophe)
    q = one(text, ROE)
    assert q.text == "We're sure the alliance's plan works,".replace("'", apostrophe)


def test_single_quotes_alone_mark_a_quotation():
    q = one("Roe called the deal ‘a first step’ on Monday.\n", ROE)
    assert (q.text, q.speaker) == ("a first step", "Jane Roe")


# --- speakers --------------------------------------------------------------------------------------


def test_pronoun_resolves_to_the_last_person_named_as_subject():
    text = (
        "Tom Vexley spoke to Jane Roe on Monday about the harbour.\n"
        "He explained, “We need more time.”\n"
    )
    q = one(text, ROE, VEXLEY)
    assert (q.speaker, q.speaker_entity, q.cue) == ("Tom Vexley", "e2", "explained")


def test_pronoun_skips_a_person_of_the_other_gender_by_title():
    text = (
        "Ms Jane Roe opened the session.\n"
        "Mr Tom Vexley spoke after lunch.\n"
        "She later said the vote was “a formality”.\n"
    )
    q = one(text, ROE, VEXLEY)
    assert q.speaker == "Jane Roe"


def test_i_in_a_transcript_is_the_speaker_of_the_turn():
    text = (
        "MS. ROE: Thank you all for coming.\n\n"
        "Q Did you call the plan a failure? I said “a failure” last week.\n\n"
        "MS. ROE: No. I said it was “not finished.”\n\n"
        "THE MINISTER: And I said “wait.”\n"
    )
    found = quotes(text, ("Jane Roe", "PERSON", ("ROE",)))
    assert [q.speaker for q in found] == [None, "Jane Roe", "the Minister"]


def test_trailing_pronoun_attribution():
    text = "Jane Roe runs the port.\n“We take safety seriously,” she said, but gave no details.\n"
    q = one(text, ROE)
    assert (q.text, q.speaker, q.cue) == ("We take safety seriously,", "Jane Roe", "said")


def test_trailing_inverted_attribution():
    q = one("“The river is high,” said Tom Vexley to the crowd.\n", VEXLEY)
    assert (q.speaker, q.cue) == ("Tom Vexley", "said")


def test_apposition_between_name_and_cue():
    text = "Jane Roe, who chairs the Harbour Board of Lentia, said, “We are ready.”\n"
    q = one(text, ROE, ("Harbour Board of Lentia", "ORG", ()))
    assert q.speaker == "Jane Roe"


def test_unnamed_speaker_keeps_its_description_not_the_addressee():
    text = "Talks stalled. A Nordic official told the Daily Courier, “We are watching closely.”\n"
    q = one(text, ("Daily Courier", "ORG", ()))
    assert (q.speaker, q.speaker_entity, q.cue) == ("a Nordic official", None, "told")


def test_participle_cue_takes_the_subject_of_the_sentence():
    text = "Jane Roe acknowledged that the draft needed work, saying, “We are not there yet.”\n"
    q = one(text, ROE)
    assert (q.speaker, q.cue) == ("Jane Roe", "saying")


def test_coordinated_cue_shares_the_subject():
    text = "Jane Roe, who led the team, called the round “useful” and said both sides were “closer.”\n"
    found = quotes(text, ROE)
    assert [(q.speaker, q.cue) for q in found] == [("Jane Roe", "called"), ("Jane Roe", "said")]


def test_quote_split_by_its_attribution():
    text = "Jane Roe arrived late. “This is,” she said, “a turning point.”\n"
    found = quotes(text, ROE)
    assert [(q.text, q.speaker) for q in found] == [("This is,", "Jane Roe"), ("a turning point.", "Jane Roe")]


def test_question_mark_then_attribution():
    q = one("“What now?” Vexley asked. The room was silent.\n", VEXLEY)
    assert (q.speaker, q.cue) == ("Tom Vexley", "asked")


def test_possessive_owner_speaks_through_a_statement_not_through_a_spokesman():
    text = "Roe’s statement said the talks were “constructive.”\nRoe’s spokesman called them “long.”\n"
    found = quotes(text, ROE)
    assert [q.speaker for q in found] == ["Jane Roe", "Roe’s spokesman"]


def test_a_noun_that_looks_like_a_cue_is_not_one():
    q = one("Jane Roe left. Critics dismissed the claims as “nonsense”.\n", ROE)
    assert q.cue is None and q.speaker is None


def test_it_resolves_to_an_organisation():
    text = "The Harbour Board met on Monday. It said the port was “safe for now”.\n"
    q = one(text, ("Harbour Board", "ORG", ()))
    assert (q.speaker, q.speaker_entity) == ("Harbour Board", "e1")


def test_according_to():
    found = quotes(
        "“The talks will resume in May,” according to Jane Roe.\n"
        "According to the ministry, the plan was “dead on arrival.”\n",
        ROE,
    )
    assert [(q.speaker, q.cue) for q in found] == [("Jane Roe", "according to"), ("the ministry", "according to")]


def test_colon_label_and_said_colon():
    text = (
        "Finance Minister Jane Roe: “We will balance the budget.”\n"
        "Tom Vexley said:\n"
        "“Nobody believes that.”\n"
    )
    found = quotes(text, ROE, VEXLEY)
    assert [q.speaker for q in found] == ["Jane Roe", "Tom Vexley"]


def test_quote_without_cue_continues_the_previous_voice():
    text = "“We will win,” Roe said after the vote. “Nobody doubts it any more.”\n"
    found = quotes(text, ROE)
    assert [q.speaker for q in found] == ["Jane Roe", "Jane Roe"]


def test_quoted_terms_and_titles_stay_unattributed():
    text = (
        "Jane Roe runs the programme, known as “Blue Harbor”, since 2020.\n"
        "Tom Vexley wrote about it in “The Quiet Harbour Years” last spring.\n"
        "So you used the word “permanent” twice.\n"
    )
    found = quotes(text, ROE, VEXLEY)
    assert [q.text for q in found] == ["Blue Harbor", "The Quiet Harbour Years", "permanent"]
    assert [q.speaker for q in found] == [None, None, None]


def test_missing_entities_fall_back_to_the_capitalised_name():
    text = "Admiral Jane Roe, who leads the fleet, said, “We are ready.”\nShe added, “Soon.”\n"
    found = quotes(text, entities=())
    assert [(q.speaker, q.speaker_entity) for q in found] == [("Jane Roe", None), ("Jane Roe", None)]


def test_no_quotes_in_plain_text():
    assert quotes("The port's cranes didn't move; the workers' union met.\n") == ()


# --- the seed --------------------------------------------------------------------------------------

ASCII = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def seed_variant(name: str) -> str:
    raw = SEED.read_text(encoding="utf-8")
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    if name == "original":
        return raw
    if name == "wrapped72":
        return "\n\n".join(textwrap.fill(ln, 72) for ln in lines) + "\n"
    if name == "crlf":
        return decode_bytes(raw.replace("\n", "\r\n").encode("utf-8"), "seed-crlf.txt")
    if name == "ascii-quotes":
        return raw.replace("“", '"').replace("”", '"').replace("’", "'")
    if name == "markdown":
        return "# " + lines[0] + "\n\n" + "\n\n".join(lines[1:]) + "\n"
    raise ValueError(name)


@pytest.fixture(scope="module")
def extract_entities():
    from briefing_tui.analysis.entities import extract_entities

    return extract_entities


def seed_quotes(name: str, extract_entities) -> tuple[Quote, ...]:
    doc = document_from_text(seed_variant(name), f"seed-{name}.txt")
    paragraphs, sentences = segment(doc.text, doc.body_start)
    entities = extract_entities(doc.text, paragraphs) if extract_entities else ()
    return extract_quotes(doc.text, paragraphs, sentences, entities)


def flat(s: str) -> str:
    return " ".join(s.translate(ASCII).split())


def score(found: tuple[Quote, ...], same_speaker) -> tuple[int, int]:
    matched = right = 0
    for label in LABELS["quotes"]:
        first, last = flat(label["starts_with"]), flat(label["ends_with"])
        hits = [q for q in found if flat(q.text).startswith(first) and flat(q.text).endswith(last)]
        if hits:
            matched += 1
            right += same_speaker(hits[0].speaker, label["speaker"])
    return matched, right


@pytest.mark.parametrize("name", ["original", "wrapped72", "crlf", "ascii-quotes", "markdown"])
def test_seed_quotes_found_and_attributed(name, extract_entities):
    found = seed_quotes(name, extract_entities)
    matched, right = score(found, lambda got, want: got == want)
    assert matched == len(LABELS["quotes"]) == 9
    assert len(found) == 9  # nothing else in the seed is a quotation
    assert right >= 8


def test_seed_without_entities_still_finds_the_quotes_and_the_surnames():
    found = seed_quotes("original", None)
    matched, right = score(found, lambda got, want: bool(got) and got.split()[-1] == want.split()[-1])
    assert matched == 9 and right >= 8


# --- the corpus: nothing crashes, spans are sound --------------------------------------------------


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not present")
def test_corpus_quotes_are_well_formed():
    total = attributed = 0
    for path in sorted(CORPUS.glob("*.txt")):
        doc = document_from_text(path.read_text(encoding="utf-8"), path.name)
        paragraphs, sentences = segment(doc.text, doc.body_start)
        found = extract_quotes(doc.text, paragraphs, sentences, ())
        for q in found:
            assert doc.body_start <= q.start < q.end <= len(doc.text)
            assert q.text == doc.text[q.start : q.end] and q.text.strip() == q.text
        assert [q.start for q in found] == sorted(q.start for q in found)
        total += len(found)
        attributed += sum(q.speaker is not None for q in found)
    assert total >= 80 and attributed >= 55


# --- any input -------------------------------------------------------------------------------------

PIECES = st.sampled_from(
    ["Jane Roe", "Roe", " said", " told", ", ", ". ", "\n", "\n\n", "“", "”", '"', "'", "’", "‘", "He",
     " she", "according to", "a diplomat", "We're", ":", "?", " the ", "word", "Jane", "(", ")", "*", " - ", "the minister", " claims ", "member states were", " by ", "She", "in the words of"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_any_text_gives_sound_quotes(parts):
    text = "".join(parts)
    paragraphs, sentences = segment(text)
    found = extract_quotes(text, paragraphs, sentences, people(text, ROE))
    for q in found:
        assert 0 <= q.start < q.end <= len(text) and q.text == text[q.start : q.end]
        assert q.speaker_entity in (None, "e1")
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))  # in order, never overlapping


CORPUS_FACTS = [  # (file, the quote starts with, the speaker's last word or None for unattributed)
    ("offtopic-gum-world-cup-2018-day-five.txt", "I think we have learned", "Gomez"),  # runs on over a paragraph
    ("offtopic-gum-world-cup-2018-day-five.txt", "In the first half", "Kane"),  # "He said," after the name
    ("offtopic-gum-nasa-shuttle-anniversary.txt", "This was a very difficult decision", "Bolden"),  # same voice
    ("offtopic-gum-nasa-shuttle-anniversary.txt", "However, the full fuselage", "Gregoire"),  # after a caption
    ("gum-sensitive-canadian-document.txt", "We take document security seriously", "Raisinghani"),
    ("gum-sensitive-canadian-document.txt", "Sensitive government document found", None),  # a headline
    ("offtopic-gum-microsoft-ie6.txt", "The Internet Explorer 6 Countdown", None),  # a site's name
    ("wh-2025-06-26-nato-defense-spending-reactions.txt", "We should give credit", "Sikorski"),  # "TITLE NAME:"
    ("gum-hong-kong-legislative-election.txt", "Super District Council", None),  # "known as"
]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="corpus not present")
def test_corpus_speakers(extract_entities):
    cache: dict[str, tuple[Quote, ...]] = {}
    wrong = []
    for name, starts, last in CORPUS_FACTS:
        if name not in cache:
            doc = document_from_text((CORPUS / name).read_text(encoding="utf-8"), name)
            paragraphs, sentences = segment(doc.text, doc.body_start)
            cache[name] = extract_quotes(doc.text, paragraphs, sentences, extract_entities(doc.text, paragraphs))
        hits = [q for q in cache[name] if q.text.startswith(starts)]
        got = hits[0].speaker.split()[-1] if hits and hits[0].speaker else None
        if not hits or got != last:
            wrong.append((name, starts, hits[0].speaker if hits else "not found"))
    assert not wrong
