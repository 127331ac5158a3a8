"""`briefing refresh [NAME...] [--timeout SECONDS]`: fetch new articles from the subscribed feeds.

One line per feed that changed or failed (stderr for failures, naming the feed and why), a summary
line; exit status 0 when every feed refreshed, 1 when any failed. A progress bar on a terminal only.
"""

from __future__ import annotations

import sys
from typing import Any

from ..errors import BriefingError
from ..library.refresh import new_client, refresh
from ..safe_text import one_line
from .library_output import LazyProgress, open_library


def run(args: Any) -> int:
    lib = open_library(args)
    try:
        if not args.names:
            from ..library.feeds import list_feeds

            if not list_feeds(lib):
                print("No subscriptions. Add one with: briefing feeds add URL")
                return 0
        timeout = args.timeout
        if not 0 < timeout <= 600:
            raise BriefingError(f"--timeout {timeout:g}: give a number of seconds between 0 and 600")
        with LazyProgress("refreshing", delay=0.3) as progress, new_client(timeout=timeout) as client:
            report = refresh(lib, args.names, progress=progress, client=client)
    finally:
        lib.close()
    for outcome in report.outcomes:
        name = one_line(outcome.feed.name)
        if outcome.error:
            print(f"briefing: {name}: {one_line(outcome.error)}", file=sys.stderr)
            continue
        for warning in outcome.warnings:
            print(f"briefing: {name}: {one_line(warning)}", file=sys.stderr)
        if outcome.new or outcome.updated:
            counts = [f"{len(outcome.new)} new"] if outcome.new else []
            counts += [f"{len(outcome.updated)} updated"] if outcome.updated else []
            print(f"{name}: {', '.join(counts)}")
    failed = len(report.failed)
    print(
        f"{len(report.outcomes)} feeds: {len(report.new)} new articles, {len(report.updated)} updated, "
        f"{sum(o.not_modified for o in report.outcomes)} not modified, {failed} failed"
    )
    return 1 if failed else 0
