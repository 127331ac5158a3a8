"""Make untrusted article text safe to print on a terminal.

``printable(s)`` keeps ``\\n`` and ``\\t`` and replaces every other C0/C1 control character (ESC
included), DEL and the bidirectional embedding / override / isolate characters with a visible
placeholder, so escape sequences and bidi tricks in an article never reach the terminal.
"""

from __future__ import annotations

import re

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI + "]")


def _placeholder(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400..U+241F: SYMBOL FOR NULL .. SYMBOL FOR UNIT SEPARATOR (ESC -> ␛)
    if code == 0x7F:
        return "\u2421"  # SYMBOL FOR DELETE
    return f"<U+{code:04X}>"  # C1 controls and bidi controls


def printable(s: str) -> str:
    """``s`` with control characters and bidi overrides shown as visible placeholders."""
    return _UNSAFE.sub(_placeholder, s)


def has_unsafe(s: str) -> bool:
    """Whether ``s`` contains anything ``printable`` would replace."""
    return _UNSAFE.search(s) is not None
