"""`briefing import PATH|URL... [--topics T] [--library P]`: import files, folders and feeds, and web
pages or feeds by http(s) URL (fetched once, not subscribed).

Bad files are reported on stderr with their reason and skipped; the exit status is 1 if any failed.
"""

from __future__ import annotations

import sys
from typing import Any

from ..errors import BriefingError
from ..library.store import ImportReport
from ..safe_text import one_line
from .library_output import LazyProgress, open_library


def _import_url(lib: Any, url: str, report: ImportReport) -> None:
    from ..library.refresh import import_url

    try:
        got = import_url(lib, url)
    except BriefingError as err:
        report.failed.append((url, str(err)[len(url) + 2 :] if str(err).startswith(f"{url}: ") else str(err)))
        return
    report.imported += got.imported
    report.updated += got.updated
    report.unchanged += got.unchanged
    report.duplicates += got.duplicates
    report.failed += got.failed
    report.reanchored += got.reanchored
    report.orphaned += got.orphaned


def run(args: Any) -> int:
    lib = open_library(args, taxonomy=getattr(args, "topics", None))
    try:
        from ..fetch.http import is_url

        urls = [p for p in args.paths if is_url(p)]
        paths = [p for p in args.paths if not is_url(p)]
        with LazyProgress("importing") as progress:
            report = lib.import_paths(paths, progress) if paths else ImportReport()
        for url in urls:
            _import_url(lib, url, report)
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
