"""How fast the library brief is: `brief --since` over 1,000 articles new since then (target <= 1 s).

Run: ``python benchmarks/brief_speed.py [--articles 1000] [--repeat 5]``. Prints figures; asserts
nothing. The articles and their analyses are the synthetic ones of ``library_speed.py`` (analyses
primed into the cache, so no spaCy; every fifth article starts with a copy of another's first sentence),
every one imported just now, so all of them are in the brief.
Prints the first call (which briefs every article and caches its digest, as the first brief after
an import does) and the median and best of the calls after it (reading the cached digests, grouping,
merging near-duplicates), wall and CPU time: the machine may be shared.
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

from library_speed import generate, make_names, make_vocabulary, prime_cache  # noqa: E402

from briefing_tui.library import Library  # noqa: E402


def share_sentences(folder: Path, items: list) -> list:
    """Every fifth article starts with the first sentence of the article before it (a wire copy), so
    the brief has near-duplicates to merge across sources."""
    from dataclasses import replace

    from briefing_tui.model import Entity, Sentence, text_sha256

    out = list(items)
    for n in range(1, len(items), 5):
        donor_text, donor = items[n - 1]
        copied = donor_text[donor.sentences[0].start : donor.sentences[0].end] + "\n"
        text, a = items[n]
        at, k = a.sentences[0].start, len(copied)

        def move(x: int) -> int:
            return x + k if x >= at else x

        text = text[:at] + copied + text[at:]
        sentences = (Sentence(at, at + k - 1, 0, a.sentences[0].topic),) + tuple(
            s._replace(start=s.start + k, end=s.end + k, paragraph=s.paragraph + 1) for s in a.sentences
        )
        sections = tuple(
            sec._replace(start=sec.start if i == 0 else move(sec.start), end=move(sec.end))
            for i, sec in enumerate(a.sections)
        )
        entities = tuple(
            Entity(e.id, e.name, e.type, tuple(m._replace(start=move(m.start), end=move(m.end)) for m in e.mentions))
            for e in a.entities
        )
        quotes = tuple(q._replace(start=move(q.start), end=move(q.end)) for q in a.quotes)
        a = replace(a, text_sha256=text_sha256(text), sentences=sentences, sections=sections, entities=entities,
                    quotes=quotes)
        (folder / f"article-{n:05d}.txt").write_text(text, encoding="utf-8")
        out[n] = (text, a)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    rng = random.Random(11)
    vocab, names = make_vocabulary(rng), make_names(rng)
    tmp = Path(tempfile.mkdtemp(prefix="briefing-brief-bench-"))
    try:
        os.environ.setdefault("XDG_DATA_HOME", str(tmp / "xdg"))
        items = generate(tmp / "articles", 0, args.articles, rng, vocab, names)
        items = share_sentences(tmp / "articles", items)
        lib = Library.open(tmp / "library.sqlite3", seed=False)
        prime_cache(lib, items)
        lib.import_paths([tmp / "articles"])
        from briefing_tui.analysis.library_brief import build_library_brief
        from briefing_tui.library import brief as brief_mod

        lib.analysis_key()
        t, c = time.perf_counter(), time.process_time()
        result = brief_mod.library_brief(lib, "24h")  # cold: every article's digest is made and cached
        cold, cold_cpu = time.perf_counter() - t, time.process_time() - c
        times, cpu_times, build_times = [], [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            result = brief_mod.library_brief(lib, "24h")
            times.append(time.perf_counter() - t)
            cpu_times.append(time.process_time() - c)
            t = time.perf_counter()
            build_library_brief(result.articles, result.since)
            build_times.append(time.perf_counter() - t)
        sentences = sum(len(t.sentences) for t in result.topics)
        merged = sum(1 for t in result.topics for k in t.sentences if len(k.sources) > 1)
        print(f"library brief over {len(result.articles)} articles ({len(result.topics)} topics, "
              f"{sentences} key sentences shown, {merged} of them merged from several sources); "
              f"machine load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"  first call (briefs every article, caches the digests): {cold * 1000:.0f} ms "
              f"(CPU {cold_cpu * 1000:.0f} ms)")
        print(f"  next calls: median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms, "
              f"CPU median {statistics.median(cpu_times) * 1000:.0f} ms (target <= 1000 ms)")
        med_build = statistics.median(build_times)
        print(f"  of which grouping + merging: median {med_build * 1000:.0f} ms; "
              f"reading the articles' digests: ~{(statistics.median(times) - med_build) * 1000:.0f} ms")
        lib.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
