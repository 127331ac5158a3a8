"""`briefing list [--unread] [--json]`: the articles in the library (id, title, source, date, feed,
sections, notes; unread ones marked with a ``*``)."""

from __future__ import annotations

from typing import Any

from ..safe_text import json_dumps, one_line
from .library_output import open_library


def run(args: Any) -> int:
    lib = open_library(args)
    try:
        from ..library.read_state import article_extras

        articles = lib.articles()
        extras = article_extras(lib)
        from ..library.entities import article_dates  # dates from metadata, else import time

        dates = article_dates(lib)
    finally:
        lib.close()
    def unread(article_id: int) -> bool:
        return extras.get(article_id, (None, None, False))[2]

    if args.unread:
        articles = [a for a in articles if unread(a.id)]
    if args.json:
        print(json_dumps([
            {
                "id": a.id,
                "title": a.title,
                "source": a.source,
                "date": dates.get(a.id, (a.date, False))[0] or a.date,
                "date_is_import": dates.get(a.id, (None, False))[1],
                "url": a.url,
                "section_topics": list(a.section_topics),
                "notes_count": a.notes_count,
                "analysed": a.analysed,
                "feed": extras.get(a.id, (None,))[0],
                "author": extras.get(a.id, (None, None))[1],
                "unread": unread(a.id),
            }
            for a in articles
        ]))
        return 0
    if not articles:
        if args.unread:
            print("No unread articles.")
        else:
            print("The library is empty. Add articles with: briefing import PATH...")
        return 0
    for a in articles:
        notes = f"{a.notes_count} note{'s' * (a.notes_count != 1)}"
        print(f"{a.id:>4}{'*' if unread(a.id) else ' '} {one_line(a.title)}")
        feed = extras.get(a.id, (None,))[0]
        details = [f"feed {one_line(feed)}"] if feed else []
        details.append(one_line(a.source))
        date, is_import = dates.get(a.id, (a.date, False))
        if date:
            details.append(f"{one_line(date[:10])} (imported; no date given)" if is_import else one_line(date))
        details.append(notes)
        print(f"      {' · '.join(details)}")
        if a.section_topics:
            print(f"      sections: {one_line(', '.join(a.section_topics))}")
        elif not a.analysed:
            print("      (not analysed with the current taxonomy yet)")
    return 0
