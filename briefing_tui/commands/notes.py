"""`briefing notes [--article ID] [--tag T] [--deleted] [--json]` and `notes add|edit|delete|restore`.

Listing shows each note's anchored range, the exact text, body, tags and whether it is orphaned.
`notes add ARTICLE_ID --at "EXACT TEXT" --body TEXT [--tag T]` anchors to the first occurrence.
"""

from __future__ import annotations

from typing import Any

from ..errors import BriefingError
from ..library import notes as notes_mod
from ..safe_text import json_dumps, one_line, printable
from .library_output import open_library


def _show(note: Any) -> str:
    exact = " ".join(note.exact.split())
    if len(exact) > 100:
        exact = exact[:99] + "…"
    flags = []
    if note.orphaned:
        flags.append("ORPHANED (its text is gone from the article)")
    if note.deleted:
        flags.append("deleted")
    tags = f"  [{one_line(', '.join(note.tags))}]" if note.tags else ""
    head = f"#{note.id}  article {note.article_id}  {note.start}-{note.end}{tags}"
    if flags:
        head += "  " + "; ".join(flags)
    lines = [head, f"    > {one_line(exact)}"]
    lines += [f"    {printable(line)}" for line in note.body.splitlines() or [""]]
    return "\n".join(lines)


def run(args: Any) -> int:
    action = args.notes_command
    lib = open_library(args)
    try:
        if action == "add":
            note = notes_mod.add_note_at(lib, args.article_id, args.at, args.body, args.tags)
            print(json_dumps(note.to_dict()) if args.json else f"added note {note.id} to article {note.article_id} "
                  f"({note.start}-{note.end})")
            return 0
        if action == "edit":
            if args.body is None and args.tags is None:
                raise BriefingError("notes edit: nothing to change (give --body and/or --tag)")
            note = lib.edit_note(args.note_id, body=args.body, tags=args.tags)
            print(json_dumps(note.to_dict()) if args.json else f"edited note {note.id}")
            return 0
        if action == "delete":
            lib.delete_note(args.note_id)
            print(f"deleted note {args.note_id} (undo: briefing notes restore {args.note_id})")
            return 0
        if action == "restore":
            note = lib.restore_note(args.note_id)
            print(f"restored note {note.id}")
            return 0
        if args.article is not None:
            lib.article(args.article)  # an unknown article is an error, not an empty list
        found = lib.notes(article_id=args.article, tag=args.tag, deleted=args.deleted)
    finally:
        lib.close()
    if args.json:
        print(json_dumps([n.to_dict() for n in found]))
        return 0
    if not found:
        print("no deleted notes" if args.deleted else "no notes")
        return 0
    print("\n\n".join(_show(n) for n in found))
    return 0
