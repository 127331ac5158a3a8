"""The briefs as Markdown: one article's (per section its key sentences, who said what) and the
library's morning brief (per topic: key sentences with every source, most-mentioned entities, new
quotes). Every line of the library brief names its article (title and id)."""

from __future__ import annotations

from ..analysis.brief import ArticleBrief
from ..analysis.library_brief import LibraryBrief, Source


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cite(s: Source) -> str:
    return f"*{_one_line(s.title)}* (#{s.article_id})"


def article_brief_markdown(title: str, article_id: int, brief: ArticleBrief) -> str:
    lines = [f"# Brief: {_one_line(title)} (#{article_id})", ""]
    for sec in brief.sections:
        if not sec.sentences:
            continue
        lines.append(f"## {_one_line(sec.label)}")
        lines.append("")
        lines.extend(f"- {_one_line(s.text)}" for s in sec.sentences)
        lines.append("")
    if brief.said:
        lines.append("## Who said what")
        lines.append("")
        for w in brief.said:
            more = f" ({w.quotes} quotes)" if w.quotes > 1 else ""
            lines.append(f"- **{_one_line(w.speaker)}**{more}: “{_one_line(w.quote.text)}”")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def library_brief_markdown(lb: LibraryBrief) -> str:
    n = len(lb.articles)
    lines = [f"# Brief since {lb.since[:16].replace('T', ' ')} UTC", ""]
    lines.append(f"{n} article{'s' * (n != 1)} new since then." if n else "No articles new since then.")
    lines.append("")
    for t in lb.topics:
        k = len(t.articles)
        lines.append(f"## {_one_line(t.label)} ({k} article{'s' * (k != 1)})")
        lines.append("")
        for s in t.sentences:
            lines.append(f"- {_one_line(s.text)} — " + "; ".join(_cite(x) for x in s.sources))
        if t.entities:
            lines.append("")
            lines.append("Most mentioned: " + ", ".join(f"{_one_line(name)} ({count})" for name, _, count in t.entities))
        if t.quotes:
            lines.append("")
            lines.append("New quotes:")
            lines.append("")
            for q in t.quotes:
                who = _one_line(q.speaker) if q.speaker else "unattributed"
                lines.append(f"- **{who}**: “{_one_line(q.text)}” — {_cite(q.source)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
