"""`briefing entity NAME [--json]`, `briefing entities [--type T] [--json]` and the entity corrections
`briefing entities retype NAME TYPE | rename NAME NEW | merge NAME OTHER | split NAME ALIAS | reject NAME`.

`entity` prints the dossier of the library entity NAME names (any alias, any case); when NAME names
several, they are listed and the exit status is 1.
"""

from __future__ import annotations

import sys
from typing import Any

from ..errors import BriefingError
from ..library.dossier import dossier
from ..library.corrections import ensure_linked
from ..library.entities import find_entities, list_entities
from ..safe_text import one_line
from ..safe_text import json_dumps as dumps
from .library_output import open_library


def _date(d: str | None, imported: bool = False) -> str:
    if not d:
        return "undated"
    return d[:10] + (" (imported)" if imported else "")


def run_entity(args: Any) -> int:
    lib = open_library(args)
    try:
        ensure_linked(lib)
        found = find_entities(lib, args.name, args.type.upper() if args.type else None)
        if not found:
            raise BriefingError(f"{args.name}: no entity of that name in the library")
        if len(found) > 1:
            if args.json:
                print(dumps({"matches": [e._asdict() for e in found]}))
            else:
                print(f"{one_line(args.name)} names {len(found)} entities:", file=sys.stderr)
                for e in found:
                    print(f"  {e.id:>5}  {one_line(e.name)}  {e.type}  {e.articles} articles, {e.mentions} mentions")
            return 1
        d = dossier(lib, found[0].id)
    finally:
        lib.close()
    if args.json:
        print(dumps(d.to_dict()))
        return 0
    print(f"{one_line(d.name)}  ({d.type}, id {d.id})")
    if len(d.aliases) > 1:
        print("also: " + one_line(", ".join(a for a in d.aliases if a != d.name)))
    if d.roles:
        print("roles: " + one_line(", ".join(d.roles)))
    print(f"\n{len(d.articles)} articles:")
    for a in d.articles:
        print(f"  {_date(a.date, a.date_is_import):<22} #{a.id:<5} {one_line(a.title)}  ({a.mentions} mentions)")
    if d.quotes:
        print(f"\nsaid ({len(d.quotes)}), newest first:")
        for q in reversed(d.quotes):
            print(f"  {_date(q.date)}  #{q.article}  “{one_line(q.text)}”")
    if d.related:
        print("\nappears with: " + one_line(", ".join(f"{r.name} ({r.articles})" for r in d.related[:12])))
    return 0


_TYPES = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")


def run(args: Any) -> int:
    action = args.entities_command
    if action:
        from .corrections import correct_entity

        return correct_entity(args, action)
    etype = args.type.upper() if args.type else None
    if etype and etype not in _TYPES:
        raise BriefingError(f"--type {args.type}: not an entity type (one of {', '.join(_TYPES)})")
    lib = open_library(args)
    try:
        ensure_linked(lib)
        rows = list_entities(lib, etype)
    finally:
        lib.close()
    if args.json:
        print(dumps([e._asdict() for e in rows]))
        return 0
    for e in rows:
        print(f"{e.mentions:>6} mentions {e.articles:>5} articles  {e.type:<6}  {one_line(e.name)}")
    return 0
