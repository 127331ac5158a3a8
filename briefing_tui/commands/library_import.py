"""`briefing import PATH... [--topics T] [--library P]`: import files, folders and feeds.

Bad files are reported on stderr with their reason and skipped; the exit status is 1 if any failed.
"""

from __future__ import annotations

import sys
from typing import Any

from ..safe_text import one_line
from .library_output import LazyProgress, open_library


def run(args: Any) -> int:
    lib = open_library(args, taxonomy=getattr(args, "topics", None))
    try:
        with LazyProgress("importing") as progress:
            report = lib.import_paths(args.paths, progress)
        titles = {a.id: a.title for a in lib.articles()} if (report.imported or report.updated) else {}
    finally:
        lib.close()
    for article_id in report.imported:
        print(f"imported {article_id}: {one_line(titles.get(article_id, ''))}")
    for article_id in report.updated:
        print(f"updated  {article_id}: {one_line(titles.get(article_id, ''))}")
    for source in report.duplicates:
        print(f"duplicate (same text already in the library): {one_line(source)}")
    for source, reason in report.failed:
        print(f"briefing: {one_line(source)}: {one_line(reason)}", file=sys.stderr)
    summary = (
        f"{len(report.imported)} imported, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
        f"{len(report.duplicates)} duplicate, {len(report.failed)} failed"
    )
    if report.reanchored or report.orphaned:
        summary += f"; notes: {report.reanchored} re-anchored, {report.orphaned} orphaned"
    print(summary)
    return 1 if report.failed else 0
