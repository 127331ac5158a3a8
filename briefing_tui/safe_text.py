"""Make untrusted article text safe to print on a terminal.

``printable(s)`` keeps ``\\n`` and ``\\t`` and replaces every other C0/C1 control character (ESC
included), DEL and the bidirectional embedding / override / isolate characters with a visible
placeholder, so escape sequences and bidi tricks in an article never reach the terminal. Lone surrogates
(undecodable bytes of a file name) become ``<0xE9>``-style placeholders, so printing never fails.
``one_line(s)`` does the same and also shows ``\\n``, ``\\r`` and ``\\t`` as placeholders: for messages
that must stay one line whatever a file name contains. ``storable(s)`` replaces the lone surrogates
SQLite cannot store, and ``json_dumps(obj)`` is JSON that keeps the text exact but cannot carry an
escape sequence or a bidi override to a terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Lone surrogates come from undecodable bytes in file names (surrogateescape): no stream can encode them.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "\ud800-\udfff]")


def _placeholder(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400..U+241F: SYMBOL FOR NULL .. SYMBOL FOR UNIT SEPARATOR (ESC -> ␛)
    if code == 0x7F:
        return "\u2421"  # SYMBOL FOR DELETE
    if 0xDC80 <= code <= 0xDCFF:
        return f"<0x{code - 0xDC00:02X}>"  # an undecodable byte of a file name
    return f"<U+{code:04X}>"  # C1 controls, bidi controls, other lone surrogates


def printable(s: str) -> str:
    """``s`` with control characters and bidi overrides shown as visible placeholders."""
    return _UNSAFE.sub(_placeholder, s)


def has_unsafe(s: str) -> bool:
    """Whether ``s`` contains anything ``printable`` would replace."""
    return _UNSAFE.search(s) is not None



# Tab, carriage return and line breaks of any kind (NEL, LINE/PARAGRAPH SEPARATOR): ␉ ␍ ␤.
_LINE_BREAKS = {"\t": "\u2409", "\r": "\u240d", "\n": "\u2424", "\x85": "\u2424", "\u2028": "\u2424", "\u2029": "\u2424"}
_LINE_BREAK_RE = re.compile("[" + "".join(_LINE_BREAKS) + "]")


def one_line(s: str) -> str:
    """``printable(s)`` with tabs and line breaks shown as placeholders too: a message naming a file
    stays one line, whatever the file name contains."""
    return printable(_LINE_BREAK_RE.sub(lambda m: _LINE_BREAKS[m.group()], s))


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(s: str) -> str:
    """``s`` without lone surrogates, which UTF-8 (and so SQLite) cannot store: an undecodable byte of a
    file name (surrogateescape, U+DC80..U+DCFF) becomes ``\\xNN`` (so each name stays distinct and the
    same file always gets the same source), any other lone surrogate U+FFFD."""
    if not _SURROGATE.search(s):
        return s
    return _SURROGATE.sub(
        lambda m: f"\\x{ord(m.group()) - 0xDC00:02x}" if 0xDC80 <= ord(m.group()) <= 0xDCFF else "\ufffd", s
    )


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_dumps(obj: Any, indent: int | None = 2) -> str:
    """``obj`` as JSON (UTF-8 text kept as is) with DEL, C1 controls, bidi controls and line/paragraph
    separators escaped as ``\\uXXXX``: the same data, but safe to show on a terminal."""
    text = json.dumps(obj, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
