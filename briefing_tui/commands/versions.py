"""`briefing versions ARTICLE_ID [--json]`: an article's versions with time, size and what changed."""

from __future__ import annotations

from typing import Any

from ..safe_text import json_dumps, one_line
from .library_output import open_library


def run(args: Any) -> int:
    from ..library.versions import version_summaries

    lib = open_library(args)
    try:
        rows = version_summaries(lib, args.article_id)
    finally:
        lib.close()
    if args.json:
        print(json_dumps([
            {
                "number": v.number,
                "imported": v.imported,
                "title": v.title,
                "text_sha256": v.text_sha256,
                "size": v.size,
                "stored_bytes": v.stored,
                "current": v.current,
                "summary": summary,
            }
            for v, summary in rows
        ]))
        return 0
    for v, summary in rows:
        mark = "  (current)" if v.current else ""
        print(f"v{v.number:<3} {v.imported[:19].replace('T', ' ')}  {v.size:>9,} chars{mark}")
        print(f"      {one_line(summary)}")
    return 0
