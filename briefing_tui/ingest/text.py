"""Plain-text and Markdown articles: decode bytes, normalise newlines, read metadata and the title.

``read_document(path)`` is the one entry point for files; ``read_bytes`` (size limit:
``$BRIEFING_MAX_ARTICLE_MB``, default 20 MB), ``decode_bytes`` and ``document_from_text`` are its parts
for callers that already hold bytes or text (imports, feeds, tests). Offsets in the
resulting ``Document`` point into the newline-normalised text, metadata block included.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from os import PathLike
from pathlib import Path

from ..errors import BriefingError
from ..model import Document, markup_of
from ..prose import markdown_blocks
from ..prose import markdown_lines as markdown
from ..prose.sentences import first_sentence_end

# A `Key: value` line of a leading metadata block (Title:, Source:, Date:, URL:, ...).
_META_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*(?: [A-Za-z0-9_-]+){0,2})[ \t]*:[ \t]*(.*?)[ \t]*$")
_KNOWN_KEYS = frozenset(
    "title source date url link author authors byline by published updated language lang licence license "
    "tags keywords description summary section publisher site id slug subtitle dateline modified created "
    "category categories copyright feed guid location headline".split()
)
_FRONT_MATTER_OPEN = "---"
_FRONT_MATTER_CLOSE = ("---", "...")
_TITLE_MAX = 200

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls other than tab, newline, vertical tab, form feed, carriage return (and ESC, which
# text files with ANSI colours do contain): their share tells binary data from text.
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode_bytes(data: bytes, source: str, notices: list[str] | None = None) -> str:
    """Decode a file's bytes as text: UTF-8 (BOM dropped), UTF-16/32 with a BOM (or UTF-16 without one
    when every other byte is NUL), else Windows-1252 (Latin-1 for its five undefined bytes).

    Raises ``BriefingError("SOURCE: binary file")`` for data that is not text and
    ``BriefingError("SOURCE: empty file")`` for nothing but whitespace. When ``notices`` is given, a
    one-line note is appended to it for what a user should know but that is no error: the legacy
    encoding fallback, NUL characters kept in the text.
    """
    kind = _binary_signature(data)
    if kind:
        raise BriefingError(f"{source}: binary file ({kind})")
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise BriefingError(
                    f"{source}: cannot decode as {encoding.upper()} despite its byte-order mark"
                ) from None
            break
    if text is None and b"\x00" in data[:65536]:
        text = _utf16_without_bom(data)
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            try:
                text = data.decode("cp1252")
                legacy = "Windows-1252"
            except UnicodeDecodeError:
                text = data.decode("latin-1")
                legacy = "Latin-1"
            if not _looks_binary(text) and notices is not None:
                line = data.count(b"\n", 0, err.start) + 1
                notices.append(f"{source}: not valid UTF-8 (line {line}); decoded as {legacy}")
    if _looks_binary(text):
        raise BriefingError(f"{source}: binary file")
    if not text.strip():
        raise BriefingError(f"{source}: empty file")
    if notices is not None and "\x00" in text:
        notices.append(f"{source}: contains {text.count(chr(0))} NUL character(s); kept, shown as \u2400")
    return text


# File signatures of common non-text formats (images, executables, archives, documents).
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", None),  # only with the block magic after it (checked below)
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"%PDF-", "PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", None),  # WAV/AVI/WebP: only with their form type (checked below)
)


def _binary_signature(data: bytes) -> str | None:
    """The kind of a well-known binary format ``data`` starts with, else None."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            if kind is not None:
                return kind
            if magic == b"BZh" and data[4:10] == b"1AY&SY":
                return "bzip2 archive"
            if magic == b"RIFF" and data[8:12] in (b"WAVE", b"AVI ", b"WEBP"):
                return "RIFF media file"
    if data.startswith(b"MZ") and b"\x00" in data[2:64]:
        return "Windows executable"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text saved without a BOM: mostly-ASCII text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    odd_nul = sample[1::2].count(0) / (len(sample) // 2)
    even_nul = sample[0::2].count(0) / (len(sample) // 2)
    for share, other, encoding in ((odd_nul, even_nul, "utf-16-le"), (even_nul, odd_nul, "utf-16-be")):
        if share > 0.7 and other < 0.05:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def _looks_binary(text: str) -> bool:
    """Binary data decoded as text: many control characters (NUL included) rather than a stray few."""
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_BINARY_CONTROLS.findall(sample))
    return controls > max(8, len(sample) // 50)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _lines_with_offsets(text: str, start: int = 0):
    pos = start
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        yield pos, end
        pos = end + 1


def _front_matter(text: str) -> tuple[dict[str, str], int] | None:
    """YAML front matter (``---`` ... ``---``) at the very start: its simple ``key: value`` pairs."""
    first_end = text.find("\n")
    if first_end < 0 or text[:first_end].rstrip() != _FRONT_MATTER_OPEN:
        return None
    meta: dict[str, str] = {}
    for start, end in _lines_with_offsets(text, first_end + 1):
        line = text[start:end]
        if line.rstrip() in _FRONT_MATTER_CLOSE:
            return meta, min(end + 1, len(text))
        m = re.match(r"^([A-Za-z_][\w -]*?)[ \t]*:[ \t]*(.*?)[ \t]*$", line)
        if m and not line.startswith((" ", "\t")):
            value = m.group(2)
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            meta[m.group(1).strip()] = value
    return None  # never closed: not front matter


def _metadata_block(text: str) -> tuple[dict[str, str], int] | None:
    """A leading block of ``Key: value`` lines ended by a blank line."""
    meta: dict[str, str] = {}
    known = 0
    for start, end in _lines_with_offsets(text):
        line = text[start:end]
        if not line.strip():
            if not meta:
                return None
            if known == 0:
                return None  # "Q: ..." / "A: ..." lines are prose; a header names a known field
            return meta, min(end + 1, len(text))
        if meta and line[:1] in (" ", "\t"):  # a wrapped value goes on, indented
            last = next(reversed(meta))
            meta[last] = f"{meta[last]} {line.strip()}"
            continue
        m = _META_LINE.match(line)
        if not m or not m.group(2) or len(m.group(1)) > 30:
            return None
        key = m.group(1)
        if key.lower() in _KNOWN_KEYS:
            known += 1
        meta[key] = m.group(2)
    return None  # no blank line after it: not a metadata block


def _first_heading(text: str, start: int, look: int = 3) -> str | None:
    """The first Markdown heading, when it comes among the first ``look`` non-blank lines of the body."""
    lines = [(ls, le) for ls, le in _lines_with_offsets(text, start)]
    seen = 0
    for i, (ls, le) in enumerate(lines):
        line = text[ls:le]
        if not line.strip():
            continue
        seen += 1
        if seen > look:
            break
        span = markdown.heading_span(line)
        if span and span[1] > span[0]:
            return line[span[0]:span[1]].strip()
        if i + 1 < len(lines):
            under = text[lines[i + 1][0]:lines[i + 1][1]]
            if under.strip() and markdown.is_setext_underline(under) and not markdown.is_markup_only(line):
                return line.strip()
    return None


def _first_sentence(text: str, start: int) -> str:
    for ls, le in _lines_with_offsets(text, start):
        line = text[ls:le]
        if not line.strip() or markdown.is_markup_only(line):
            continue
        line = " ".join(line[markdown.prose_start(line):].split())
        if not line:
            continue
        cut = first_sentence_end(line)
        title = line[:cut].strip()
        if len(title) > _TITLE_MAX:
            title = title[:_TITLE_MAX].rsplit(" ", 1)[0] + "…"
        return title
    return ""


def _meta_get(meta: dict[str, str], key: str) -> str | None:
    for k, v in meta.items():
        if k.lower() == key:
            return v
    return None


def document_from_text(text: str, source: str) -> Document:
    """A ``Document`` from (possibly not yet normalised) text: metadata, title and where the body starts."""
    text = normalise_newlines(text)
    meta: dict[str, str] = {}
    body_start = 0
    found = _front_matter(text) or _metadata_block(text)
    if found:
        meta, body_start = found
    markup = markup_of(source)
    title = (_meta_get(meta, "title") or _meta_get(meta, "headline") or "").strip()
    if not title and markup == "markdown":
        title = _markdown_title(text, body_start)
    elif not title:
        title = _first_heading(text, body_start) or _first_sentence(text, body_start)
    if not title:
        title = Path(source).stem if source else ""
    return Document(source=source, text=text, title=title, body_start=body_start, metadata=meta, markup=markup)


def _markdown_title(text: str, start: int, look: int = 3) -> str:
    """A Markdown file's title: its first heading when among its first ``look`` blocks, else its first
    sentence — read from the parsed Markdown, so no ``**`` or ``[...](url)`` gets into it."""
    paragraphs, headings, prose = markdown_blocks.parse(text, start)
    for index in sorted(headings):
        if index < look:
            a, b = paragraphs[index]
            return " ".join(prose[a:b].split())
        break
    return _first_sentence(prose, start)


MAX_ARTICLE_MB_ENV = "BRIEFING_MAX_ARTICLE_MB"
DEFAULT_MAX_ARTICLE_MB = 20.0


def max_article_bytes() -> int:
    """The largest article file read, in bytes: ``$BRIEFING_MAX_ARTICLE_MB`` megabytes (default 20)."""
    raw = os.environ.get(MAX_ARTICLE_MB_ENV, "").strip()
    if not raw:
        return int(DEFAULT_MAX_ARTICLE_MB * 1_000_000)
    try:
        mb = float(raw)
    except ValueError:
        mb = -1.0
    if not mb > 0 or mb == float("inf"):
        raise BriefingError(f"{MAX_ARTICLE_MB_ENV}={raw!r}: must be a positive number of megabytes")
    return int(mb * 1_000_000)


def too_large(source: str, size: int | None, limit: int) -> BriefingError:
    """The one-line error for a file over the size limit (``size`` None: a pipe or device)."""
    how = f"{size / 1_000_000:.1f} MB, the limit is" if size is not None else "over the limit of"
    return BriefingError(
        f"{source}: too large to analyse ({how} {limit / 1_000_000:g} MB; set {MAX_ARTICLE_MB_ENV} to change it)"
    )


def read_bytes(path: str | PathLike[str], source: str | None = None, limit: int | None = None) -> bytes:
    """A file's bytes (``-``: standard input), refusing folders and files over the size limit.

    The file is opened once and read from that handle (a file replaced or deleted meanwhile cannot
    mix two versions); at most ``limit`` + 1 bytes are ever read, so a device or a pipe without end
    cannot fill the memory. Every problem is a ``BriefingError`` naming the file.
    """
    source = str(path) if source is None else source
    limit = max_article_bytes() if limit is None else limit
    if str(path) == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise too_large(source, None, limit)
        return data
    p = Path(path).expanduser()
    try:
        with open(p, "rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise BriefingError(f"{source}: is a directory, not a file")
            if stat.S_ISREG(st.st_mode) and st.st_size > limit:
                raise too_large(source, st.st_size, limit)
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise BriefingError(f"{source}: no such file") from None
    except PermissionError:
        raise BriefingError(f"{source}: permission denied") from None
    except IsADirectoryError:
        raise BriefingError(f"{source}: is a directory, not a file") from None
    except OSError as err:
        raise BriefingError(f"{source}: cannot read ({err.strerror or err})") from None
    if len(data) > limit:
        raise too_large(source, None, limit)
    return data


def read_document(path: str | PathLike[str], notices: list[str] | None = None) -> Document:
    """Read a text or Markdown file (``-`` is standard input). Errors name the file, exit status 2.

    ``notices`` (optional) collects one-line remarks that are not errors (see ``decode_bytes``).
    """
    source = "<stdin>" if str(path) == "-" else str(path)
    data = read_bytes(path, source)
    return document_from_text(decode_bytes(data, source, notices), source)
