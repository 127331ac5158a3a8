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
    lib = open_library(args, taxonomy=args.topics)
    try:
        from ..fetch.http import is_url

        urls = [p for p in args.paths if is_url(p)]
        paths, exported = _exports(lib, [p for p in args.paths if not is_url(p)])  # JSON exports: corrections too
        with LazyProgress("importing") as progress:
            report = lib.import_paths(paths, progress) if paths else ImportReport()
        for found in exported:
            _merge_reports(report, found[0])
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
    for path, (_, added) in zip([p for p in args.paths if _is_json(p)], exported, strict=False):
        print(f"{one_line(str(path))}: {added} correction{'s' * (added != 1)} taken in")
    return 1 if report.failed else 0


def _is_json(path: str) -> bool:
    return str(path).lower().endswith(".json")


def _exports(lib: Any, paths: list[str]) -> tuple[list[str], list[Any]]:
    """The paths that are not JSON exports, and what importing each export brought."""
    from pathlib import Path

    from ..library.corrections import import_export

    rest, done = [], []
    for path in paths:
        found = import_export(lib, Path(path)) if _is_json(path) else None
        if found is None:
            rest.append(path)
        else:
            done.append(found)
    return rest, done


def _merge_reports(into: ImportReport, other: ImportReport) -> None:
    into.imported += other.imported
    into.updated += other.updated
    into.duplicates += other.duplicates
    into.failed += other.failed
    into.unchanged += other.unchanged
