"""`briefing export [--article ID|--all] --format md|json|annotations [-o FILE] [--force]`, and
`briefing export --brief [--since WHEN]` (the library brief as Markdown).

Without ``-o`` the export goes to stdout (on a terminal, control characters in article text are shown
as placeholders). Writing over an existing file needs ``--force``; the file is written atomically.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..errors import BriefingError
from ..safe_text import one_line, printable
from .library_output import dumps, open_library


def _write(path: Path, content: str, force: bool) -> None:
    if path.is_dir():
        raise BriefingError(f"{path}: is a folder")
    if path.exists() and not force:
        raise BriefingError(f"{path}: already exists; use --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(content)
        os.replace(tmp, path)
    except OSError as err:
        raise BriefingError(f"{path}: cannot write ({err.strerror or err})") from None


def build(lib: Any, article_ids: list[int], fmt: str) -> str:
    from ..library.store import now_iso

    if fmt == "annotations":
        from ..export.annotations import export_annotations

        items = [(lib.article(i), lib.notes(article_id=i)) for i in article_ids]
        return dumps(export_annotations(items)) + "\n"
    triples = [(lib.article(i), lib.analysis(i), lib.notes(article_id=i)) for i in article_ids]
    if fmt == "json":
        from ..export.json_export import export_json

        return dumps(export_json(triples, exported=now_iso())) + "\n"
    from ..export.markdown import export_markdown

    return export_markdown(triples)



def run(args: Any) -> int:
    out = Path(args.output).expanduser() if args.output else None
    if out is not None and out.exists() and not args.force and not out.is_dir():
        raise BriefingError(f"{out}: already exists; use --force to overwrite it")
    lib = open_library(args)
    try:
        if getattr(args, "brief", False):  # i11: the library brief, as Markdown
            from ..export.brief_markdown import library_brief_markdown
            from ..library.brief import library_brief

            content = library_brief_markdown(library_brief(lib, args.since))
            args.format = "md"
        else:
            if args.article is not None:
                lib.article(args.article)
                ids = [args.article]
            else:
                ids = lib.article_ids()
            content = build(lib, ids, args.format)
    finally:
        lib.close()
    if out is None:
        sys.stdout.write(printable(content) if sys.stdout.isatty() and args.format == "md" else content)
        return 0
    _write(out, content, args.force)
    print(f"wrote {one_line(str(out))}", file=sys.stderr)
    return 0
