"""Dossier speed: how long the dossier of the most-mentioned entity takes to open, and how long
`briefing entities` takes, at 1,000 and 10,000 articles.

Run: python benchmarks/dossier_speed.py [--small N] [--large N] [--repeat N]

Builds libraries the way benchmarks/library_speed.py does (synthetic articles written as files, their
synthetic analyses primed into the cache, then imported, so the entity links are written by the real
import path), with entities spread like a news library's: a few names are in a large share of the
articles (Zipf-like), people are also named by surname alone, places and organisations recur, and the
speakers' quotes are attributed. It prints the import rate with linking, then p50/p99 of:
- the reader's dossier (``dossier(lib, id, limit=100)``: aliases, timeline, quotes, 100 newest mentions
  in context, related entities) of the most-mentioned entity, and of a mid-ranked one;
- the full dossier behind `briefing entity NAME --json` (every mention with its sentence);
- `briefing entities` (the listing, most-mentioned first) and finding an entity by an alias.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from library_speed import make_article, make_names, make_vocabulary, percentile, prime_cache  # noqa: E402

from briefing_tui.library import Library  # noqa: E402
from briefing_tui.library.dossier import dossier  # noqa: E402
from briefing_tui.library.entities import find_entities, list_entities  # noqa: E402
from briefing_tui.model import text_sha256  # noqa: E402
from briefing_tui.model import Analysis, Entity, Mention  # noqa: E402

PLACES = ("GPE", "ORG", "LOC", "NORP")


def with_recurring_entities(rng: random.Random, text: str, analysis: Analysis, pool: list[tuple[str, str]],
                            weights: list[float]) -> Analysis:
    """``analysis`` plus 3-8 recurring entities drawn Zipf-like from ``pool``, mentioned at sentence starts
    (the offsets are all a dossier needs), some people by surname alone."""
    extra = []
    chosen = set()
    for name, etype in rng.choices(pool, weights, k=rng.randint(3, 8)):
        if name in chosen:
            continue
        chosen.add(name)
        shown = name.split()[-1] if etype == "PERSON" and rng.random() < 0.3 else name
        spots = rng.sample(analysis.sentences, min(len(analysis.sentences), rng.randint(1, 6)))
        mentions = tuple(sorted((Mention(s.start, s.start + len(shown), shown) for s in spots), key=lambda m: m.start))
        extra.append(Entity(f"r{len(extra)}", shown, etype, mentions))
    return Analysis(analysis.source, analysis.title, text_sha256(text), analysis.sentences, analysis.sections,
                    analysis.entities + tuple(extra), analysis.quotes)


def build(folder: Path, lib_path: Path, count: int, seed: int) -> float:
    rng = random.Random(seed)
    vocab = make_vocabulary(rng)
    names = make_names(rng)
    pool = [(n, "PERSON") for n in make_names(rng, 200)]
    pool += [(n.split()[-1] + suffix, rng.choice(PLACES)) for n, suffix in
             zip(make_names(rng, 300), (" Council", " Bank", "", " Institute") * 75)]
    rng.shuffle(pool)
    weights = [1.0 / (i + 1) ** 1.1 for i in range(len(pool))]
    folder.mkdir(parents=True, exist_ok=True)
    items = []
    for n in range(count):
        text, analysis = make_article(rng, n, vocab, names)
        analysis = with_recurring_entities(rng, text, analysis, pool, weights)
        (folder / f"article-{n:05d}.txt").write_text(text, encoding="utf-8")
        items.append((text, analysis))
    lib = Library.open(lib_path, seed=False)
    prime_cache(lib, items)
    t = time.perf_counter()
    report = lib.import_paths([folder])
    dt = time.perf_counter() - t
    assert len(report.imported) == count, report.failed[:3]
    lib.close()
    return count / dt


def timed(fn, repeat: int) -> tuple[float, float]:  # noqa: ANN001
    fn()  # warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), percentile(times, 0.99)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="briefing-dossier-"))
    os.environ.setdefault("XDG_DATA_HOME", str(tmp / "xdg"))
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
    try:
        for n in (args.small, args.large):
            lib_path = tmp / f"library-{n}.sqlite3"
            rate = build(tmp / f"articles-{n}", lib_path, n, seed=11)
            with Library.open(lib_path, seed=False) as lib:
                listing = list_entities(lib)
                top, mid = listing[0], listing[len(listing) // 2]
                print(f"\n== {n:,} articles (import with entity linking: {rate:,.0f} articles/s); "
                      f"{len(listing):,} library entities")
                print(f"most-mentioned: {top.type} in {top.articles:,} articles, {top.mentions:,} mentions; "
                      f"mid-ranked: {mid.articles} articles")
                rows = [
                    ("dossier, reader (most-mentioned)", lambda: dossier(lib, top.id, limit=100)),
                    ("dossier, reader (mid-ranked)", lambda: dossier(lib, mid.id, limit=100)),
                    ("dossier, full JSON (most-mentioned)", lambda: dossier(lib, top.id).to_dict()),
                    ("briefing entities (listing)", lambda: list_entities(lib)),
                    ("find an entity by name", lambda: find_entities(lib, top.name)),
                ]
                print(f"{'':40} {'p50 ms':>8} {'p99 ms':>8}")
                for label, fn in rows:
                    rep = max(3, args.repeat // 5) if "full" in label else args.repeat
                    p50, p99 = timed(fn, rep)
                    print(f"{label:40} {p50:8.1f} {p99:8.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
