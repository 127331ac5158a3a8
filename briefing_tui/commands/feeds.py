"""`briefing feeds [--json]`, `feeds add URL [--name N] [--topic ID]`, `feeds remove NAME|URL`,
`feeds import FILE.opml`, `feeds export [-o FILE]`: the subscriptions."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..errors import BriefingError
from ..library import feeds as feeds_mod
from ..safe_text import json_dumps, one_line
from .library_output import open_library


def _list(lib: Any, as_json: bool) -> int:
    found = feeds_mod.list_feeds(lib)
    if as_json:
        print(json_dumps([f.to_dict() for f in found]))
        return 0
    if not found:
        print("No subscriptions. Add one with: briefing feeds add URL")
        return 0
    for f in found:
        print(f"{one_line(f.name)}  ({f.unread} unread of {f.articles})")
        details = [one_line(f.url)]
        if f.topic:
            details.append(f"topic {one_line(f.topic)}")
        details.append(f"last refresh {f.last_refresh or 'never'}")
        print(f"      {' · '.join(details)}")
        if f.last_error:
            print(f"      last error: {one_line(f.last_error)}")
    return 0


def _import_opml(lib: Any, file: str) -> int:
    from ..ingest.opml import read_opml

    path = Path(file).expanduser()
    try:
        data = path.read_bytes()
    except OSError as err:
        raise BriefingError(f"{path}: cannot read ({err.strerror or err})") from None
    outlines = read_opml(data, str(path))
    if not outlines:
        raise BriefingError(f"{path}: no feeds in the OPML file")
    existing = {f.url for f in feeds_mod.list_feeds(lib)}
    added = failed = 0
    for outline in outlines:
        if outline.url in existing:
            print(f"already subscribed: {one_line(outline.url)}")
            continue
        try:
            feed = feeds_mod.add_feed(lib, outline.url, name=_free_name(lib, outline.title, outline.url))
        except BriefingError as err:
            print(f"briefing: {one_line(str(err))}", file=sys.stderr)
            failed += 1
            continue
        existing.add(feed.url)
        added += 1
        print(f"subscribed: {one_line(feed.name)}  {one_line(feed.url)}")
    print(f"{added} added, {failed} failed")
    return 1 if failed else 0


def _free_name(lib: Any, title: str | None, url: str) -> str:
    base = title or feeds_mod.default_name(url)
    names = {f.name for f in feeds_mod.list_feeds(lib)}
    name, n = base, 2
    while name in names:
        name, n = f"{base} ({n})", n + 1
    return name


def _export_opml(lib: Any, output: str | None, force: bool) -> int:
    from ..ingest.opml import write_opml
    from ..export.output import write_file

    content = write_opml([(f.name, f.url) for f in feeds_mod.list_feeds(lib)])
    if output is None:
        sys.stdout.write(content)
        return 0
    write_file(Path(output).expanduser(), content, force)
    print(f"wrote {one_line(output)}", file=sys.stderr)
    return 0


def run(args: Any) -> int:
    action = args.feeds_command
    lib = open_library(args)
    try:
        if action == "add":
            feed = feeds_mod.add_feed(lib, args.url, name=args.name, topic=args.topic)
            print(f"subscribed: {one_line(feed.name)}  {one_line(feed.url)} (fetch it with: briefing refresh)")
            return 0
        if action == "remove":
            feed = feeds_mod.remove_feed(lib, args.feed)
            print(f"unsubscribed: {one_line(feed.name)} (its {feed.articles} articles and their notes stay)")
            return 0
        if action == "import":
            return _import_opml(lib, args.file)
        if action == "export":
            return _export_opml(lib, args.output, args.force)
        return _list(lib, args.json)
    finally:
        lib.close()
