"""How good the article brief is: ROUGE-1/2/L (F1) against human reference summaries, vs lead-3.

Run: ``python benchmarks/brief_quality.py``. Prints figures; asserts nothing. Needs spaCy (the real
analysis runs on each article).

References: ``../shared/devset/summaries.jsonl`` — one-sentence summaries written by the GUM corpus's
annotators for 19 news articles (Wikinews text CC BY 2.5, GUM annotations CC BY 4.0; see the devset's
README). An article's score is the best over its references; figures are means over the articles.

Systems: ``lead-1`` / ``lead-3`` (the first body sentences of at least five words, so a dateline is not
one), ``brief`` (every sentence of the article brief), ``brief-1`` / ``brief-3`` (its 1 / 3 top-scored
sentences, in text order: the same length as the leads). ROUGE here: lower-cased word tokens, no
stemming, no stop-word removal; ROUGE-L is the sentence-level LCS F1. Short single-sentence references
favour the lead (news puts the summary first), so both are printed.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _f1(overlap: int, cand: int, ref: int) -> float:
    if not overlap or not cand or not ref:
        return 0.0
    p, r = overlap / cand, overlap / ref
    return 2 * p * r / (p + r)


def rouge_n(cand: list[str], ref: list[str], n: int) -> float:
    c = Counter(tuple(cand[i : i + n]) for i in range(len(cand) - n + 1))
    r = Counter(tuple(ref[i : i + n]) for i in range(len(ref) - n + 1))
    return _f1(sum((c & r).values()), sum(c.values()), sum(r.values()))


def rouge_l(cand: list[str], ref: list[str]) -> float:
    if not cand or not ref:
        return 0.0
    prev = [0] * (len(ref) + 1)
    for a in cand:
        cur = [0]
        for j, b in enumerate(ref, 1):
            cur.append(prev[j - 1] + 1 if a == b else max(prev[j], cur[j - 1]))
        prev = cur
    return _f1(prev[-1], len(cand), len(ref))


def scores(candidate: str, references: list[str]) -> tuple[float, float, float]:
    cand = tokens(candidate)
    best = [0.0, 0.0, 0.0]
    for ref in references:
        r = tokens(ref)
        for k, v in enumerate((rouge_n(cand, r, 1), rouge_n(cand, r, 2), rouge_l(cand, r))):
            best[k] = max(best[k], v)
    return best[0], best[1], best[2]


def main() -> None:
    from briefing_tui.analysis import pipeline
    from briefing_tui.analysis.brief import brief_article
    from briefing_tui.analysis.topics import load_taxonomy
    from briefing_tui.ingest.text import read_document

    rows = [json.loads(line) for line in (SHARED / "devset" / "summaries.jsonl").read_text().splitlines() if line.strip()]
    docs = [read_document(SHARED / r["article"]) for r in rows]
    analyses = pipeline.analyse_many(docs, load_taxonomy(None))
    systems: dict[str, list[tuple[float, float, float]]] = {k: [] for k in ("lead-1", "lead-3", "brief-1", "brief-3", "brief")}
    lengths: dict[str, list[int]] = {k: [] for k in systems}
    for row, doc, analysis in zip(rows, docs, analyses, strict=True):
        text = doc.text
        body = [s for s in analysis.sentences if s.start >= doc.body_start and len(tokens(text[s.start:s.end])) >= 5]
        brief = brief_article(text, analysis).sentences()
        top = sorted(brief, key=lambda s: -s.score)
        candidates = {
            "lead-1": body[:1],
            "lead-3": body[:3],
            "brief-1": sorted(top[:1], key=lambda s: s.start),
            "brief-3": sorted(top[:3], key=lambda s: s.start),
            "brief": brief,
        }
        for name, sents in candidates.items():
            summary = " ".join(text[s.start : s.end] for s in sents)
            systems[name].append(scores(summary, row["summaries"]))
            lengths[name].append(len(tokens(summary)))
    print(f"{len(rows)} articles with reference summaries (GUM, CC BY 4.0); ROUGE F1, best reference, mean")
    print(f"{'system':<8} {'ROUGE-1':>8} {'ROUGE-2':>8} {'ROUGE-L':>8} {'words':>6}")
    for name, vals in systems.items():
        r1, r2, rl = (statistics.mean(v[k] for v in vals) for k in range(3))
        print(f"{name:<8} {r1:8.3f} {r2:8.3f} {rl:8.3f} {statistics.mean(lengths[name]):6.0f}")


if __name__ == "__main__":
    main()
