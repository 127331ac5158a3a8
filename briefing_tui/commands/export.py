"""`briefing export [--article ID|--all] --format md|json|annotations [-o FILE] [--force]`, and
`briefing export --brief [--since WHEN]` (the library brief as Markdown).

Without ``-o`` the export goes to stdout (on a terminal, control characters in article text are shown
as placeholders). Writing over an existing file needs ``--force``; the file is written atomically.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..errors import BriefingError
from ..export.output import render, write_file
from ..safe_text import one_line, printable
from .library_output import open_library


def run(args: Any) -> int:
    out = Path(args.output).expanduser() if args.output else None
    if out is not None and out.exists() and not args.force and not out.is_dir():
        raise BriefingError(f"{out}: already exists; use --force to overwrite it")
    lib = open_library(args)
    try:
        if args.brief:  # i11: the library brief, as Markdown
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
            content = render(lib, ids, args.format)
    finally:
        lib.close()
    if out is None:
        sys.stdout.write(printable(content) if sys.stdout.isatty() and args.format == "md" else content)
        return 0
    write_file(out, content, args.force)
    print(f"wrote {one_line(str(out))}", file=sys.stderr)
    return 0
