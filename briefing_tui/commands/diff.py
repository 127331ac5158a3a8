"""`briefing diff ARTICLE_ID [--from N] [--to M] [--json]`: what changed between two versions.

Default: the last two versions. Sentences added, removed and changed (with the words that changed),
then the meaning-level changes: quotes, speakers, entities, section topics. ``--json`` gives character
offsets into each version's text.
"""

from __future__ import annotations

import re
from typing import Any

from ..safe_text import json_dumps, one_line
from .library_output import open_library


def _flat(text: str, width: int = 160) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return one_line(text if len(text) <= width else text[: width - 1] + "…")


def run(args: Any) -> int:
    from ..library.versions import diff_versions

    lib = open_library(args)
    try:
        pair = diff_versions(lib, args.article_id, args.old, args.new)
    finally:
        lib.close()
    d = pair.diff
    if args.json:
        out = {
            "article_id": args.article_id,
            "from": {"version": pair.old.number, "imported": pair.old.imported, "text_sha256": pair.old.text_sha256,
                     "size": pair.old.size},
            "to": {"version": pair.new.number, "imported": pair.new.imported, "text_sha256": pair.new.text_sha256,
                   "size": pair.new.size},
        }
        out.update(d.to_dict())
        print(json_dumps(out))
        return 0
    print(f"article {args.article_id}: v{pair.old.number} → v{pair.new.number}: {one_line(d.summary())}")
    if d.sentences:
        print("\nsentences")
    for c in d.sentences:
        if c.change == "added" and c.new:
            print(f"  + {_flat(c.new.text)}")
        elif c.change == "removed" and c.old:
            print(f"  - {_flat(c.old.text)}")
        elif c.old and c.new:
            words = "; ".join(
                f"{_flat(w.old.text, 40) or '∅'} → {_flat(w.new.text, 40) or '∅'}" for w in c.words
            )
            print(f"  ~ {_flat(c.new.text)}\n      ({words})")
    if d.quotes:
        print("\nquotes")
    for q in d.quotes:
        who = one_line((q.new or q.old).speaker or "unattributed")
        if q.change == "reworded" and q.old and q.new:
            print(f"  reworded ({who}): “{_flat(q.old.text)}” → “{_flat(q.new.text)}”")
        elif q.change == "speaker" and q.old and q.new:
            print(f"  speaker {one_line(q.old.speaker or 'unattributed')} → {who}: “{_flat(q.new.text)}”")
        else:
            quote = q.new or q.old
            print(f"  {q.change} ({who}): “{_flat(quote.text)}”")
    if d.entities:
        print("\nentities")
    for e in d.entities:
        print(f"  {e.change}: {one_line(e.name)} ({e.type})")
    if d.topics:
        print("\nsections")
    for t in d.topics:
        print(f"  topic {one_line(t.old_label)} → {one_line(t.new_label)}: {_flat(t.new.text, 80)}")
    return 0
