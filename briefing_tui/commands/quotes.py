"""`briefing quotes speaker ARTICLE_ID QUOTE_INDEX NAME`: set or fix who said a quote (quotes are
numbered from 1, in the article's order). Stored as a correction keyed by the quote's text."""

from __future__ import annotations

from typing import Any

from ..library import corrections as corr
from ..safe_text import one_line
from .library_output import open_library


def run(args: Any) -> int:
    lib = open_library(args)
    try:
        kind, source, rule = corr.speaker_rule(lib, args.article_id, args.quote_index, args.name)
        c = corr.add_correction(lib, kind, source, rule)
    finally:
        lib.close()
    print(f"correction {c.id}: {one_line(c.describe())}")
    return 0
