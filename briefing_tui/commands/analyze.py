"""`briefing analyze FILE... [--format json|text] [--topics T]`: print the briefing of each file.

JSON: exactly the analysis contract, one object per file (JSON Lines for several files). Text: a
readable outline. Article text is untrusted: controls and bidi overrides are shown as placeholders, and
nothing is interpreted as markup. A file that cannot be read is reported (one line naming it) and
skipped, the others are still analysed, and the exit status is then 2. Notices that are no error (a file
decoded as Windows-1252, NUL characters kept) go to stderr too, once per file, exit status unchanged.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable

from ..errors import BriefingError
from ..model import Analysis, Document
from ..safe_text import json_dumps, one_line, printable

def to_json_line(analysis: Analysis) -> str:
    """One line of JSON; C1 controls, bidi overrides and line separators escaped (never raw on a terminal)."""
    return json_dumps(analysis.to_dict(), indent=None)


def _excerpt(text: str, start: int, end: int, width: int = 72) -> str:
    s = " ".join(text[start:end].split())
    if len(s) > width:
        s = s[: width - 1].rstrip() + "…"
    return printable(s)


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def format_text(doc: Document, analysis: Analysis) -> str:
    """The readable outline of one analysis."""
    text = doc.text
    words = sum(len(text[s.start:s.end].split()) for s in analysis.sentences)
    paragraphs = len({s.paragraph for s in analysis.sentences})
    out = [
        printable(analysis.title) or "(untitled)",
        f"{one_line(analysis.source)} · {_n(paragraphs, 'paragraph')} · {_n(len(analysis.sentences), 'sentence')}"
        f" · {_n(words, 'word')}",
        "",
        f"Sections ({len(analysis.sections)})",
    ]
    for i, sec in enumerate(analysis.sections, 1):
        n = sum(1 for s in analysis.sentences if sec.start <= s.start < sec.end)
        out.append(f"  {i}. {printable(sec.label)} [{sec.start}-{sec.end}] {_n(n, 'sentence')}")
        if sec.cues:
            out.append(f"     cues: {printable(', '.join(sec.cues))}")
        out.append(f"     {_excerpt(text, sec.start, sec.end)}")
    out.append("")
    out.append(f"Entities ({len(analysis.entities)})")
    by_type: dict[str, list] = {}
    for e in analysis.entities:
        by_type.setdefault(e.type, []).append(e)
    for etype in sorted(by_type):
        ents = sorted(by_type[etype], key=lambda e: (-len(e.mentions), e.name.lower()))
        items = ", ".join(f"{printable(e.name)} ({len(e.mentions)})" for e in ents)
        out.append(f"  {etype}: {items}")
    out.append("")
    out.append(f"Quotes ({len(analysis.quotes)})")
    for q in analysis.quotes:
        who = printable(q.speaker) if q.speaker else ("a term or title" if q.kind == "scare" else "unattributed")
        cue = f" ({printable(q.cue)})" if q.cue else ""
        quote = " ".join(q.text.split())
        if len(quote) > 100:
            quote = quote[:99].rstrip() + "…"
        out.append(f"  “{printable(quote)}”")
        out.append(f"      — {who}{cue}")
    return "\n".join(out)


def _sources(args) -> list[str]:
    files = list(args.files or [])
    if files:
        return files
    from ..resources import seed_files

    seeds = seed_files()
    if not seeds:
        raise BriefingError("no FILE given and no bundled seed article found")
    return [str(p) for p in seeds]


def _write(line: str) -> None:
    sys.stdout.write(line + "\n")


def run(args) -> int:
    from ..analysis.pipeline import analyse
    from ..analysis.topics import load_taxonomy
    from ..ingest.text import max_article_bytes, read_document

    if hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(errors="backslashreplace")
        except (ValueError, OSError):
            pass
    taxonomy = load_taxonomy(args.topics)
    max_article_bytes()  # a bad $BRIEFING_MAX_ARTICLE_MB is one error, not one per file
    fmt = args.format or "text"
    status = 0
    first = True
    docs: Iterable[str] = _sources(args)
    for path in docs:
        notices: list[str] = []
        try:
            try:
                doc = read_document(path, notices)
            finally:
                _warn(notices)
        except BriefingError as err:
            _warn([str(err)])
            status = err.exit_code or 2
            continue
        try:
            analysis = analyse(doc, taxonomy)
        except Exception as exc:  # a bug must not cost the other files their briefing
            if os.environ.get("BRIEFING_DEBUG"):
                raise
            _warn([f"{doc.source}: internal error while analysing ({type(exc).__name__}: {exc}); "
                   "set BRIEFING_DEBUG=1 for the traceback"])
            status = max(status, 1)
            continue
        if fmt == "json":
            _write(to_json_line(analysis))
        else:
            if not first:
                _write("\n" + "─" * 72 + "\n")
            _write(format_text(doc, analysis))
        first = False
        sys.stdout.flush()
    return status


def _warn(lines: list[str]) -> None:
    """One line per message on stderr, after what stdout already holds (file names made safe)."""
    if not lines:
        return
    sys.stdout.flush()
    for line in lines:
        print(f"briefing: {one_line(line)}", file=sys.stderr)
