"""`briefing read ID...` and `briefing unread ID...`: mark articles read or unread."""

from __future__ import annotations

from typing import Any

from ..library.read_state import set_read
from .library_output import open_library


def run(args: Any) -> int:
    read = args.command == "read"
    lib = open_library(args)
    try:
        changed = set_read(lib, args.ids, read)
    finally:
        lib.close()
    state = "read" if read else "unread"
    for article_id in args.ids:
        print(f"article {article_id}: {state}" + ("" if article_id in changed else " (already)"))
    return 0
