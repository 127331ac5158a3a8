"""`briefing search QUERY [--json] [--limit N]`: ranked sentence hits with title, topic and snippet.

On a terminal the matched words are shown in bold reverse video; otherwise they are marked «like this».
"""

from __future__ import annotations

import re
import sys
from typing import Any

from ..safe_text import json_dumps, one_line
from .library_output import open_library


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def run(args: Any) -> int:
    lib = open_library(args)
    try:
        hits = lib.search(args.query, limit=args.limit)
    finally:
        lib.close()
    if args.json:
        print(json_dumps([
            {
                "article_id": h.article_id,
                "article_title": h.article_title,
                "start": h.start,
                "end": h.end,
                "topic": h.topic,
                "topic_label": h.topic_label,
                "score": h.score,
                "text": h.text,
                "snippet": [[text, marked] for text, marked in h.snippet],
                "matches": [list(m) for m in h.matches],
            }
            for h in hits
        ]))
        return 0
    if not hits:
        print("no matches")
        return 0
    tty = sys.stdout.isatty()
    on, off = ("\x1b[1;7m", "\x1b[0m") if tty else ("«", "»")
    for h in hits:
        print(f"[{h.article_id}] {one_line(h.article_title)} — {one_line(h.topic_label)} ({h.start}-{h.end})")
        snippet = "".join(
            f"{on}{one_line(_flat(t))}{off}" if marked else one_line(_flat(t))
            for t, marked in h.snippet
        )
        print(f"    {snippet}")
    return 0
