"""`briefing list [--json]`: the articles in the library (id, title, source, date, sections, notes)."""

from __future__ import annotations

from typing import Any

from ..safe_text import json_dumps, one_line
from .library_output import open_library


def run(args: Any) -> int:
    lib = open_library(args)
    try:
        articles = lib.articles()
    finally:
        lib.close()
    if args.json:
        print(json_dumps([
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "date": a.date,
                "url": a.url,
                "section_topics": list(a.section_topics),
                "notes_count": a.notes_count,
                "analysed": a.analysed,
            }
            for a in articles
        ]))
        return 0
    if not articles:
        print("The library is empty. Add articles with: briefing import PATH...")
        return 0
    for a in articles:
        notes = f"{a.notes_count} note{'s' * (a.notes_count != 1)}"
        print(f"{a.id:>4}  {one_line(a.title)}")
        details = [one_line(a.source)]
        if a.date:
            details.append(one_line(a.date))
        details.append(notes)
        print(f"      {' · '.join(details)}")
        if a.section_topics:
            print(f"      sections: {one_line(', '.join(a.section_topics))}")
        elif not a.analysed:
            print("      (not analysed with the current taxonomy yet)")
    return 0
