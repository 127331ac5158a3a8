"""Teaching the taxonomy: add cue words to a topic of the user's taxonomy file (only when the analyst
accepts the words a re-labelled section offers). The user's file is made from the default when there is
none yet; the edit is checked by loading the result, and undone if it does not load."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import BriefingError


def user_taxonomy_path() -> Path:
    from .. import config

    return Path(config.config_dir()) / "topics.toml"


def add_cues(topic: str, words: Sequence[str], path: Path | None = None, weight: float = 1.0) -> Path:
    """Add ``words`` as cues of ``topic`` in the user's taxonomy file; returns the file written."""
    from ..analysis.topics import load_taxonomy
    from ..config import taxonomy_file

    target = path or user_taxonomy_path()
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(taxonomy_file(None).read_text(encoding="utf-8"), encoding="utf-8")
    before = target.read_text(encoding="utf-8")
    lines = before.splitlines(keepends=True)
    in_topic = False
    insert_at = None
    for i, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "[[topic]]":
            in_topic = False
        m = re.match(r'id\s*=\s*"([^"]*)"', stripped)
        if m:
            in_topic = m.group(1) == topic
        if in_topic and stripped == "[topic.cues]":
            insert_at = i + 1
            break
    if insert_at is None:
        raise BriefingError(f"{target}: no [topic.cues] table for topic {topic!r}")
    existing = {m.group(1).lower() for m in re.finditer(r'^\s*"([^"]+)"\s*=', before, re.M)}
    new = [w for w in dict.fromkeys(w.strip().lower() for w in words) if w and '"' not in w and w not in existing]
    if not new:
        return target
    lines[insert_at:insert_at] = [f'"{w}" = {weight}  # taught from a re-labelled section\n' for w in new]
    tmp = target.with_suffix(".toml.tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    try:
        load_taxonomy(str(tmp))
    except BriefingError:
        tmp.unlink(missing_ok=True)
        raise
    os.replace(tmp, target)
    return target


def existing_cues(path: Path | None = None) -> set[str]:
    """The cue words (lower case) of the taxonomy in use: not offered again."""
    from ..config import taxonomy_file

    target = path or (user_taxonomy_path() if user_taxonomy_path().exists() else taxonomy_file(None))
    try:
        text = target.read_text(encoding="utf-8")
    except OSError:
        return set()
    out = set()
    for m in re.finditer(r'^\s*"([^"]+)"\s*=', text, re.M):
        out.update(m.group(1).lower().split())
    return out
