"""`briefing brief ARTICLE_ID [--json]` and `briefing brief --since WHEN [--topic ID] [--format md|json]`.

The first: an article's brief (per section its key sentences, who said what). The second: the morning
brief over the articles new since WHEN, grouped by topic. The Markdown printed is made terminal-safe
(control characters as placeholders); ``--json`` and ``export --brief`` keep the exact text.
"""

from __future__ import annotations

import sys
from typing import Any

from ..errors import BriefingError
from ..safe_text import json_dumps, printable
from .library_output import open_library


def _print(text: str) -> None:
    sys.stdout.write(printable(text))  # a display, not a file format (`export --brief` keeps the exact text)


def run(args: Any) -> int:
    from ..library.brief import article_brief, library_brief

    if args.article_id is None and not args.since:
        raise BriefingError("brief: give an ARTICLE_ID or --since WHEN (a date, 24h, 7d)")
    if args.article_id is not None and (args.since or args.topic):
        raise BriefingError("brief: --since and --topic are for the library brief, not with an ARTICLE_ID")
    as_json = args.json or args.format == "json"
    lib = open_library(args)
    try:
        if args.article_id is not None:
            art = lib.article(args.article_id)
            brief = article_brief(lib, args.article_id)
            if as_json:
                print(json_dumps({"article_id": art.id, "title": art.title, **brief.to_dict()}))
            else:
                from ..export.brief_markdown import article_brief_markdown

                _print(article_brief_markdown(art.title, art.id, brief))
            return 0
        lb = library_brief(lib, args.since, args.topic)
    finally:
        lib.close()
    if as_json:
        print(json_dumps(lb.to_dict()))
    else:
        from ..export.brief_markdown import library_brief_markdown

        _print(library_brief_markdown(lb))
    return 0
