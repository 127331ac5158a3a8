"""Reading text files: encodings, newlines, metadata blocks, front matter, titles and file errors."""

from __future__ import annotations

import codecs
import os

import pytest

from briefing_tui.errors import BriefingError
from briefing_tui.ingest.text import decode_bytes, document_from_text, normalise_newlines, read_document

BODY = "The alliance met on Monday. Ministers agreed a plan.\n"


def test_utf8_bom_is_dropped():
    assert decode_bytes(codecs.BOM_UTF8 + "Zoë said hi.".encode(), "f.txt") == "Zoë said hi."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding):
    text = "Kyiv “quoted” text."
    data = text.encode(encoding)
    if encoding != "utf-16":
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    assert decode_bytes(data, "f.txt") == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_text_not_binary(encoding):
    text = "The alliance met on Monday.\nMinisters agreed.\n"
    assert decode_bytes(text.encode(encoding), "w.txt") == text


def test_cp1252_fallback_keeps_curly_quotes():
    data = "He said \u201cno\u201d \u2014 twice.".encode("cp1252")
    assert decode_bytes(data, "f.txt") == "He said \u201cno\u201d \u2014 twice."


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, bytes(range(32)) * 40, b"\x00" * 4096],
)
def test_binary_data_is_refused(data):
    with pytest.raises(BriefingError, match=r"^pic.bin: binary file"):
        decode_bytes(data, "pic.bin")


def test_a_stray_nul_in_text_is_kept_with_a_notice():
    notices: list[str] = []
    assert decode_bytes(b"abc\x00def", "n.txt", notices) == "abc\x00def"
    assert notices == ["n.txt: contains 1 NUL character(s); kept, shown as \u2400"]


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8 + b"\n\n"])
def test_empty_file_is_refused(data):
    with pytest.raises(BriefingError, match=r"^e.txt: empty file$"):
        decode_bytes(data, "e.txt")


def test_ansi_colours_in_text_are_not_binary():
    assert decode_bytes(b"\x1b[31mred\x1b[0m alert. More text here.", "c.txt").startswith("\x1b[31m")


def test_normalise_newlines_only_touches_line_ends():
    assert normalise_newlines("a\r\nb\rc\n\td  ") == "a\nb\nc\n\td  "


def test_metadata_block_gives_title_and_body_start():
    text = "Title: Allies meet\nSource: Example wire\nDate: 2025-01-02\n\n" + BODY
    doc = document_from_text(text, "a.txt")
    assert doc.title == "Allies meet"
    assert doc.metadata == {"Title": "Allies meet", "Source": "Example wire", "Date": "2025-01-02"}
    assert doc.text[doc.body_start:] == BODY


def test_metadata_offsets_count_from_the_file_start_with_crlf():
    text = "Title: T\r\nURL: https://example.org/x\r\n\r\n" + BODY.replace("\n", "\r\n")
    doc = document_from_text(text, "a.txt")
    assert "\r" not in doc.text
    assert doc.text.startswith("Title: T\nURL:")
    assert doc.text[doc.body_start:].startswith("The alliance met")


def test_metadata_value_wrapped_onto_an_indented_line():
    text = "Title: A long title\n  that goes on\nSource: Wire\n\n" + BODY
    doc = document_from_text(text, "a.txt")
    assert doc.title == "A long title that goes on"
    assert doc.text[doc.body_start:] == BODY


def test_a_prose_line_with_a_colon_is_not_metadata():
    text = "Update: the talks resumed on Monday after a pause.\n\nMore text follows here.\n"
    doc = document_from_text(text, "a.txt")
    assert doc.body_start == 0
    assert doc.metadata == {}
    assert doc.title == "Update: the talks resumed on Monday after a pause."


def test_question_and_answer_lines_are_not_metadata():
    doc = document_from_text("Q: Will the talks resume?\nA: Yes, next week.\n\nMore text.\n", "qa.txt")
    assert doc.body_start == 0 and doc.metadata == {}


def test_metadata_block_without_blank_line_is_body():
    doc = document_from_text("Title: X\nSource: Y", "a.txt")
    assert doc.body_start == 0


def test_yaml_front_matter():
    text = '---\ntitle: "Front matter title"\ndate: 2025-03-01\ntags: [a, b]\n---\n\n# Heading\n\n' + BODY
    doc = document_from_text(text, "a.md")
    assert doc.title == "Front matter title"
    assert doc.metadata["date"] == "2025-03-01"
    assert doc.text[doc.body_start:].lstrip().startswith("# Heading")


def test_title_from_first_markdown_heading():
    doc = document_from_text("# The Real Title #\n\n" + BODY, "a.md")
    assert doc.title == "The Real Title"
    assert doc.body_start == 0


def test_title_from_setext_heading():
    doc = document_from_text("Setext Title\n============\n\n" + BODY, "a.md")
    assert doc.title == "Setext Title"


def test_title_falls_back_to_first_sentence():
    doc = document_from_text("\n\nMr. Smith went to Brussels. He met the allies.\n", "a.txt")
    assert doc.title == "Mr. Smith went to Brussels."


def test_unclosed_front_matter_is_body():
    doc = document_from_text("---\nnot: closed\n\nText here.\n", "a.md")
    assert doc.body_start == 0


def test_read_document_reads_a_file(tmp_path):
    p = tmp_path / "a.txt"
    p.write_bytes(codecs.BOM_UTF8 + b"Title: Hello\r\n\r\nBody one.\r\nBody two.\r\n")
    doc = read_document(p)
    assert doc.source == str(p)
    assert doc.title == "Hello"
    assert doc.text == "Title: Hello\n\nBody one.\nBody two.\n"


def test_read_document_errors_name_the_file(tmp_path):
    missing = tmp_path / "missing.txt"
    with pytest.raises(BriefingError, match=r"missing\.txt: no such file") as err:
        read_document(missing)
    assert err.value.exit_code == 2
    with pytest.raises(BriefingError, match="is a directory"):
        read_document(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(BriefingError, match=r"empty\.txt: empty file"):
        read_document(empty)
    binary = tmp_path / "x.bin"
    binary.write_bytes(os.urandom(4096) + b"\x00")
    with pytest.raises(BriefingError, match=r"x\.bin: binary file"):
        read_document(binary)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text("text")
    p.chmod(0)
    try:
        with pytest.raises(BriefingError, match=r"secret\.txt: permission denied"):
            read_document(p)
    finally:
        p.chmod(0o600)
