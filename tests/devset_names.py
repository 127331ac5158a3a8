"""Scoring the analysis's names on the development set beside the repository (../shared/devset), in
process: the articles are read and analysed as ``briefing analyze`` does, and scored by the devset's own
``score.py`` (imported, so its rules are the ones applied). Used by tests/test_devset_names.py.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "devset"


def available() -> bool:
    return (DEVSET / "score.py").is_file() and (DEVSET / "gold").is_dir()


def _scorer():
    spec = importlib.util.spec_from_file_location("devset_score", DEVSET / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def slugs() -> list[str]:
    return sorted(p.stem for p in (DEVSET / "gold").glob("*.json"))


def evaluate(only: list[str] | None = None) -> tuple[dict, list[tuple[str, dict]]]:
    """Totals (micro P/R/F1, mean F1, merged/multi) and per-article results, as score.py prints them."""
    from briefing_tui.analysis.pipeline import analyse
    from briefing_tui.analysis.topics import load_taxonomy
    from briefing_tui.ingest.files import read_path

    scorer = _scorer()
    taxonomy = load_taxonomy()
    rows = []
    tp = fp = fn = merged = multi = 0
    for slug in slugs():
        if only is not None and slug not in only:
            continue
        gold = json.loads((DEVSET / "gold" / f"{slug}.json").read_text(encoding="utf-8"))
        docs = read_path(SHARED / gold["article"])
        pred = analyse(docs[0], taxonomy).to_dict()
        r = scorer.score(gold, pred)
        n = sum(1 for m in gold["mentions"] if m["required"])
        t = round(r["mention_r"] * n)
        tp += t
        fn += n - t
        fp += len(r["mention_fps"])
        if "clusters" in r:
            k, m = map(int, r["clusters"].split("/"))
            merged += k
            multi += m
        rows.append((slug, r))
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    total = {
        "articles": len(rows),
        "mean_f1": round(sum(r["mention_f1"] for _, r in rows) / max(len(rows), 1), 3),
        "micro_p": round(p, 3),
        "micro_r": round(rec, 3),
        "micro_f1": round(2 * p * rec / (p + rec), 3) if p + rec else 0.0,
        "merged": merged,
        "multi": multi,
    }
    return total, rows
