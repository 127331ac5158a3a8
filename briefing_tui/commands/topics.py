"""`briefing topics set ARTICLE_ID SECTION_INDEX TOPIC`: re-label a section (numbered from 1) with a
topic of the taxonomy (its id or label). Stored as a correction keyed by the section's first sentence."""

from __future__ import annotations

from typing import Any

from ..library import corrections as corr
from ..safe_text import one_line
from .library_output import open_library


def run(args: Any) -> int:
    lib = open_library(args, taxonomy=args.topics)
    try:
        kind, source, rule = corr.topic_rule(lib, args.article_id, args.section_index, args.topic)
        c = corr.add_correction(lib, kind, source, rule)
    finally:
        lib.close()
    print(f"correction {c.id}: {one_line(c.describe())}")
    return 0
