"""The analysis cache's reader (``Analysis.from_json``) gives back what ``to_dict`` wrote, record for record."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from briefing_tui.model import ENTITY_TYPES, Analysis, Entity, Mention, Quote, Section, Sentence

offsets = st.integers(min_value=0, max_value=10**7)
words = st.text(max_size=12)
maybe = st.none() | words
mentions = st.builds(Mention, offsets, offsets, words)
analyses = st.builds(
    Analysis,
    words,
    words,
    words,
    st.lists(st.builds(Sentence, offsets, offsets, offsets, words), max_size=8).map(tuple),
    st.lists(st.builds(Section, words, words, offsets, offsets, st.lists(words, max_size=3).map(tuple)), max_size=4).map(tuple),
    st.lists(
        st.builds(Entity, words, words, st.sampled_from(ENTITY_TYPES), st.lists(mentions, max_size=4).map(tuple)), max_size=4
    ).map(tuple),
    st.lists(st.builds(Quote, offsets, offsets, words, maybe, maybe, maybe), max_size=4).map(tuple),
)


@given(analyses)
def test_from_json_reads_back_what_to_dict_wrote(analysis):
    text = json.dumps(analysis.to_dict(), ensure_ascii=False)
    assert Analysis.from_json(text) == analysis
    assert Analysis.from_json(text.encode("utf-8")) == Analysis.from_dict(json.loads(text))


def test_a_quote_written_without_its_optional_keys_is_still_a_quote():
    data = Analysis("s", "t", "x", quotes=(Quote(3, 9, "ready"),)).to_dict()
    for quote in data["quotes"]:
        for key in ("speaker", "speaker_entity", "cue"):
            del quote[key]
    read = Analysis.from_json(json.dumps(data))
    assert read.quotes == (Quote(3, 9, "ready"),) and isinstance(read.quotes[0], Quote)
