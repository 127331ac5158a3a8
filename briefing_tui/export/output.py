"""An export as one text in the chosen format, and writing it to a file atomically.

``render(lib, article_ids, fmt)`` reads the articles, their analyses and notes from the library and
returns the Markdown briefing, the JSON export or the W3C Web Annotations (``FORMATS``);
``write_file(path, content, force)`` writes it through a temporary file in the same folder and a
rename, so a reader of ``path`` never sees half an export. Both ``briefing export`` and the reader's
export dialog use them, so the two give the same file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BriefingError
from ..safe_text import json_dumps

if TYPE_CHECKING:
    from ..library import Library

FORMATS = ("md", "json", "annotations")


def render(lib: Library, article_ids: Sequence[int], fmt: str) -> str:
    """The export of ``article_ids`` in ``fmt`` (one of ``FORMATS``); JSON is terminal-safe."""
    from ..library.store import now_iso

    if fmt not in FORMATS:
        raise BriefingError(f"export: unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if fmt == "annotations":
        from .annotations import export_annotations

        items = [(lib.article(i), lib.notes(article_id=i)) for i in article_ids]
        return json_dumps(export_annotations(items)) + "\n"
    triples = [(lib.article(i), lib.analysis(i), lib.notes(article_id=i)) for i in article_ids]
    if fmt == "json":
        from .json_export import export_json

        return json_dumps(export_json(triples, exported=now_iso())) + "\n"
    from .markdown import export_markdown

    return export_markdown(triples)


def write_file(path: Path, content: str, force: bool) -> None:
    """Write ``content`` to ``path`` atomically; an existing file is replaced only when ``force``."""
    if path.is_dir():
        raise BriefingError(f"{path}: is a folder")
    if path.exists() and not force:
        raise BriefingError(f"{path}: already exists; use --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                fh.write(content)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as err:
        raise BriefingError(f"{path}: cannot write ({err.strerror or err})") from None
