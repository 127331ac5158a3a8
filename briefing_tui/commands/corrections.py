"""`briefing corrections [--json]`, `briefing corrections undo ID`, and the entity corrections behind
`briefing entities retype|rename|merge|split|reject` (see ``library/corrections.py``)."""

from __future__ import annotations

from typing import Any

from ..library import corrections as corr
from ..safe_text import one_line
from ..safe_text import json_dumps as dumps
from .library_output import open_library


def _say(c: Any) -> None:
    print(f"correction {c.id}: {one_line(c.describe())}")


def correct_entity(args: Any, action: str) -> int:
    from ..library.corrections import ensure_linked

    lib = open_library(args)
    try:
        ensure_linked(lib)
        other = getattr(args, "other", None)  # only `entities merge` has one (the namespace differs per action)
        kind, rule = corr.entity_rule(lib, action, args.name, other)
        _say(corr.add_correction(lib, kind, None, rule))
    finally:
        lib.close()
    return 0


def run(args: Any) -> int:
    lib = open_library(args)
    try:
        if args.corrections_command == "undo":
            c = corr.undo_correction(lib, args.id)
            print(f"undone {c.id}: {one_line(c.describe())}")
            return 0
        found = corr.list_corrections(lib)
    finally:
        lib.close()
    if args.json:
        print(dumps([c.to_dict() for c in found]))
        return 0
    if not found:
        print("no corrections")
    for c in found:
        where = f"  (article {one_line(c.article)})" if c.article else ""
        print(f"{c.id:>4}  {c.created[:10]}  {c.kind:<7} {one_line(c.describe())}{where}")
    return 0
