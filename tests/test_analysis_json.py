"""The analysis cache's reader (``Analysis.from_json``) gives back what ``to_dict`` wrote, record for record;
the cache (ASCII JSON, compressed) gives back what it stored, and reads the UTF-8 caches written before."""

from __future__ import annotations

import json
import zlib

from hypothesis import given
from hypothesis import strategies as st

from briefing_tui.library.store import decode_analysis, encode_analysis
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


@given(analyses)
def test_the_cache_gives_back_what_it_stored(analysis):
    assert decode_analysis(encode_analysis(analysis)) == analysis


def test_the_cache_is_ascii_and_still_reads_caches_written_as_utf8():
    odd = "“Ready,” she said \ud800"  # curly quotes and a lone surrogate from an untrusted text
    analysis = Analysis("s", "t", "x", sections=(Section("general", "Général", 0, 4, ("défense",)),),
                        quotes=(Quote(0, len(odd), odd, "Zoë", None, "said"),))
    stored = encode_analysis(analysis)
    assert zlib.decompress(stored).isascii()
    assert decode_analysis(stored) == analysis
    old = zlib.compress(json.dumps(analysis.to_dict(), ensure_ascii=False).encode("utf-8", "surrogatepass"))
    assert decode_analysis(old) == analysis


def test_repeated_strings_of_a_long_analysis_are_shared():
    section = Section("nato", "Alliance posture", 0, 9, ("allies", "deterrence"))
    quote = Quote(0, 9, "words", "A spokesperson", "e1", "said", "quote")
    data = Analysis("s", "t", "x", sections=(section, section._replace(start=10, end=19)),
                    quotes=(quote, quote._replace(start=10, end=19, text="other words"))).to_dict()
    read = Analysis.from_json(json.dumps(data))
    first, second = read.sections
    assert first.label is second.label and first.cues[1] is second.cues[1]
    assert read.quotes[0].speaker is read.quotes[1].speaker and read.quotes[0].cue is read.quotes[1].cue
