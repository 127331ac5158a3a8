"""Markdown briefing: per article its key entities, its sections under topic headings with the user's
notes placed right under the paragraph they annotate, and a quote ledger (speaker: quote).

Input is a list of (Article, Analysis, notes) triples; the output is one Markdown document. Everything
that came from an article (title, source, text, names, quotes, the annotated text) is escaped by
``md_escape`` so no HTML, link or image in it is live; only the notes' bodies (the user's own Markdown)
are written as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..model import Analysis, Note
from .md_escape import md_text, md_url

KEY_ENTITIES = 12


def _one_line(text: str) -> str:
    """Untrusted text as one line of inert Markdown."""
    return md_text(" ".join(text.split()))


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the non-blank lines (or blank-line separated blocks) in text[start:end]."""
    chunk = text[start:end]
    sep = "\n\n" if "\n\n" in chunk.strip("\n") else "\n"
    out = []
    pos = start
    for part in chunk.split(sep):
        if part.strip():
            lead = len(part) - len(part.lstrip())
            out.append((pos + lead, pos + len(part.rstrip())))
        pos += len(part) + len(sep)
    return out


def _note_block(note: Note) -> str:
    exact = " ".join(note.exact.split())
    if len(exact) > 120:
        exact = exact[:119] + "…"
    exact = md_text(exact)
    head = f"> **Note {note.id}** on “{exact}”"
    if note.tags:
        head += " · tags: " + ", ".join(f"`{t}`" for t in note.tags)
    body = note.body.strip("\n").splitlines() or [""]
    return "\n".join([head, ">"] + [f"> {line}".rstrip() for line in body])


def _entities(analysis: Analysis) -> list[str]:
    ranked = sorted(analysis.entities, key=lambda e: (-len(e.mentions), e.name.lower()))[:KEY_ENTITIES]
    if not ranked:
        return []
    by_type: dict[str, list[str]] = {}
    for e in ranked:
        by_type.setdefault(e.type, []).append(f"{_one_line(e.name)} ({len(e.mentions)})")
    lines = ["## Key entities", ""]
    for etype in sorted(by_type):
        lines.append(f"- **{etype}**: {', '.join(by_type[etype])}")
    return lines + [""]


def _quotes(analysis: Analysis) -> list[str]:
    if not analysis.quotes:
        return []
    lines = ["## Quote ledger", ""]
    for q in analysis.quotes:
        who = _one_line(q.speaker) if q.speaker else "(unattributed)"
        text = _one_line(q.text).strip("“”\"")
        lines.append(f"- **{who}**: “{text}”")
    return lines + [""]


def article_markdown(article: Any, analysis: Analysis, notes: Sequence[Note]) -> str:
    text = article.text
    lines = [f"# {_one_line(article.title) or '(untitled)'}", ""]
    meta = [f"Source: {_one_line(article.source)}"]
    if article.date:
        meta.append(f"Date: {_one_line(article.date)}")
    if article.url:
        meta.append(f"URL: {md_url(''.join(article.url.split()))}")
    lines += ["  \n".join(meta), ""]
    lines += _entities(analysis)
    live = sorted((n for n in notes if not n.deleted and not n.orphaned), key=lambda n: (n.start, n.id))
    placed: set[int] = set()
    for number, sec in enumerate(analysis.sections, 1):
        lines += [f"## {_one_line(sec.label)}", ""]
        for ps, pe in _paragraphs(text, sec.start, sec.end):
            lines += [md_text(text[ps:pe]), ""]
            for n in live:
                if n.id not in placed and ps <= n.start < max(pe, ps + 1):
                    lines += [_note_block(n), ""]
                    placed.add(n.id)
    lines += _quotes(analysis)
    rest = [n for n in live if n.id not in placed]
    orphans = [n for n in notes if n.orphaned and not n.deleted]
    if rest:
        lines += ["## Other notes", ""]
        for n in rest:
            lines += [_note_block(n), ""]
    if orphans:
        lines += ["## Orphaned notes", "", "_Their text is no longer in the article._", ""]
        for n in orphans:
            lines += [_note_block(n), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def export_markdown(items: Sequence[tuple[Any, Analysis, Sequence[Note]]]) -> str:
    """One Markdown briefing document for all items (articles separated by rules)."""
    return "\n---\n\n".join(article_markdown(a, an, ns) for a, an, ns in items)
