"""TOML the user writes (the taxonomy, the settings): parsing with a one-line error, and the line a
problem is on.

``parse(text, source)`` is ``tomllib.loads`` whose syntax errors become ``BriefingError("<source>:
invalid TOML: <message>")`` on one line (an error at the very end names that line too).
``locate(text, table, keys, nth)`` finds the 1-based line a problem found in the parsed data refers
to: a key of a ``[table]`` (or of the ``nth`` ``[[table]]``), else the table's header, else a
top-level ``table = ...`` line — so "line 12: unknown setting" can point at the file as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .errors import BriefingError

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[.=]""")


def parse(text: str, source: str) -> dict[str, Any]:
    """The TOML document in ``text``; a syntax error is a one-line ``BriefingError`` naming ``source``."""
    import tomllib  # only when there is a file to read (most start-ups have no settings file)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        msg = " ".join(str(err).split())
        if "(at end of document)" in msg:
            lines = max(text.count("\n") + (0 if text.endswith("\n") else 1), 1)
            msg = msg.replace("(at end of document)", f"(at end of document, line {lines})")
        raise BriefingError(f"{source}: invalid TOML: {msg}") from None


def _table_name(raw: str) -> str:
    return raw.replace(" ", "").replace('"', "").replace("'", "")


def _key_name(line: str) -> str | None:
    m = _KEY.match(line)
    return next(g for g in m.groups() if g is not None) if m else None


def locate(text: str, table: str | None = None, keys: Sequence[str] = (), nth: int | None = None) -> int | None:
    """The 1-based line of a problem: the first of ``keys`` found as a ``key = ...`` line (or a
    ``[... .key]`` sub-table) inside ``[table]`` — or inside the ``nth`` (1-based) ``[[table]]`` —
    sub-tables included; else that table's header line; else a top-level ``table = ...`` (or
    ``table.x = ...``) line. ``table`` None means the top level, before any header. None when
    nothing matches."""
    lines = text.splitlines()
    region: list[int] = []  # line indexes inside the wanted table
    header: int | None = None
    count = 0
    inside = table is None
    for i, line in enumerate(lines):
        m = _HEADER.match(line)
        if m:
            name = _table_name(m.group(1))
            if table is None:
                inside = False
            elif nth is not None:
                if name == table and line.lstrip().startswith("[["):
                    count += 1
                    inside = count == nth
                    if inside:
                        header = i
                elif not name.startswith(table + "."):
                    inside = False
            else:
                inside = name == table or name.startswith(table + ".")
                if inside and header is None:
                    header = i
            if inside:
                region.append(i)
            continue
        if inside:
            region.append(i)
    for key in keys:
        for i in region:
            if _key_name(lines[i]) == key:
                return i + 1
        for i in region:  # a sub-table named after the key ([topic.cues])
            m = _HEADER.match(lines[i])
            if m and _table_name(m.group(1)).endswith("." + key):
                return i + 1
    if header is not None:
        return header + 1
    if table is not None and nth is None:  # `table = "x"` or `table.key = ...` at the top level
        for i, line in enumerate(lines):
            if _HEADER.match(line):
                break
            if _key_name(line) == table:
                return i + 1
    return None
