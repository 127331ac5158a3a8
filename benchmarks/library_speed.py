"""Library speed: import throughput, FTS5 search latency next to `grep -ril`, size on disk per article.

Run: python benchmarks/library_speed.py [--small N] [--large N] [--real N]

Generates synthetic news-like articles (random vocabulary with a Zipf-like spread, invented names,
quotations) as .txt files in a temporary folder, and synthetic analyses for them written straight into
the analysis cache (so 10,000 articles need no spaCy run). It then measures:
- import of already-analysed text (files -> articles + FTS index; the analysis comes from the cache);
- import with the real analysis pipeline on a few articles, for comparison;
- search latency p50 / p99 (top-20, bm25, snippets) at both sizes, with and without filters,
  next to `grep -ril WORD` over the same files in the same run;
- the library's size on disk per article.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from briefing_tui.library import Library  # noqa: E402
from briefing_tui.model import text_sha256  # noqa: E402
from briefing_tui.model import Analysis, Entity, Mention, Quote, Section, Sentence  # noqa: E402

TOPICS = [("nato-posture", "NATO posture"), ("russia-response", "Russia response"), ("peace-talks", "Peace talks"),
          ("ukraine-politics", "Ukraine politics"), ("general", "General")]
TOPIC_WORDS = {  # one of these in each sentence of a section on that topic
    "nato-posture": ("alliance deterrence posture flank allies defence drones sabotage infrastructure frigates "
                     "airspace exercises").split(),
    "russia-response": ("ministry retaliate escalation propaganda ambassador warned hostile accused kremlin "
                        "spokeswoman sanctions provocation").split(),
    "peace-talks": ("negotiations negotiators ceasefire delegation proposal agreement talks envoy mediation "
                    "framework summit draft").split(),
    "ukraine-politics": ("parliament corruption cabinet reshuffle investigators minister coalition opposition "
                         "lawmakers scandal resigned chief").split(),
    "general": "weather markets football harbour festival museum railway weekend concert league prices tourism".split(),
}
SYLLABLES = "ka lo ri ven to mar sel dun pra gi ost el an ur bel tor mi sa ne qu ad ul rem fi zo".split()
CUES = ("said", "told reporters", "added", "explained", "warned")


def make_vocabulary(rng: random.Random, n: int = 4000) -> list[str]:
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 4)))))
    common = "the of and to in a that is for on with as was by at from it be has have are this".split()
    return common + sorted(words)


def make_names(rng: random.Random, n: int = 300) -> list[str]:
    names = set()
    while len(names) < n:
        first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
        last = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 3)))).capitalize()
        names.add(f"{first} {last}")
    return sorted(names)


def make_article(rng: random.Random, n: int, vocab: list[str], names: list[str]) -> tuple[str, Analysis]:
    """Text of one article and a matching analysis (offsets into the text)."""
    weights = [1.0 / (i + 1) for i in range(len(vocab))]
    title = " ".join(rng.choices(vocab[20:], weights[20:], k=8)).capitalize()
    header = f"Title: {title} {n}\nDate: 2025-{1 + n % 12:02d}-{1 + n % 28:02d}\n\n"
    text = header
    sentences: list[Sentence] = []
    sections: list[Section] = []
    people = rng.sample(names, 4)
    mentions: dict[str, list[Mention]] = {p: [] for p in people}
    quotes: list[Quote] = []
    paragraph = 0
    for _block in range(rng.randint(4, 6)):
        topic, label = rng.choice(TOPICS)
        sec_start = len(text)
        for _p in range(rng.randint(2, 3)):
            for k in range(rng.randint(1, 3)):
                words = rng.choices(vocab, weights, k=rng.randint(10, 24))
                for _ in range(1):
                    words.insert(rng.randrange(len(words)), rng.choice(TOPIC_WORDS[topic]))
                start = len(text)
                if rng.random() < 0.5:
                    person = rng.choice(people)
                    m_start = start
                    sentence = f"{person} {rng.choice(CUES)}, “{' '.join(words).capitalize()}.”"
                    mentions[person].append(Mention(m_start, m_start + len(person), person))
                    q_start = start + sentence.index("“") + 1
                    q_text = " ".join(words).capitalize() + "."
                    quotes.append(Quote(q_start, q_start + len(q_text), q_text, person, f"e{people.index(person)}",
                                        "said"))
                else:
                    sentence = " ".join(words).capitalize() + "."
                text += sentence + (" " if k < 2 else "")
                sentences.append(Sentence(start, start + len(sentence), paragraph, topic))
            text = text.rstrip(" ") + "\n"
            paragraph += 1
        sections.append(Section(topic, label, sec_start, len(text), tuple(TOPIC_WORDS[topic][:2])))
    entities = tuple(
        Entity(f"e{i}", p, "PERSON", tuple(mentions[p]))
        for i, p in enumerate(people) if mentions[p]
    )
    analysis = Analysis(source="", title=title, text_sha256=text_sha256(text), sentences=tuple(sentences),
                        sections=tuple(sections), entities=entities, quotes=tuple(quotes))
    return text, analysis


def generate(folder: Path, start: int, count: int, rng: random.Random, vocab, names) -> list[tuple[str, Analysis]]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(start, start + count):
        text, analysis = make_article(rng, n, vocab, names)
        (folder / f"article-{n:05d}.txt").write_text(text, encoding="utf-8")
        out.append((text, analysis))
    return out


def prime_cache(lib: Library, items: list[tuple[str, Analysis]]) -> None:
    """Write the synthetic analyses into the cache, as if the texts had been analysed before."""
    with lib.write("priming") as conn:
        for text, analysis in items:
            lib.store_analysis(conn, text_sha256(text), analysis)


def size_of(path: Path) -> int:
    return sum(os.path.getsize(p) for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


def measure_search(lib: Library, queries: list[str], repeat: int) -> dict[str, tuple[float, float, int]]:
    """p50 and p99 (ms) of a top-20 search with snippets, and how many sentences match (all are ranked)."""
    from briefing_tui.library.search import compile_query

    results = {}
    for q in queries:
        lib.search(q)  # warm
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            lib.search(q, limit=20)
            times.append((time.perf_counter() - t) * 1000)
        matches = lib._conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (compile_query(q)[0],)).fetchone()[0]
        results[q] = (statistics.median(times), percentile(times, 0.99), matches)
    return results


def measure_grep(folder: Path, words: list[str], repeat: int = 5) -> dict[str, float]:
    out = {}
    for w in words:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            subprocess.run(["grep", "-ril", w, str(folder)], stdout=subprocess.DEVNULL, check=False)
            times.append((time.perf_counter() - t) * 1000)
        out[w] = statistics.median(times)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--small", type=int, default=1000)
    ap.add_argument("--large", type=int, default=10000)
    ap.add_argument("--real", type=int, default=30, help="articles imported with the real analysis pipeline")
    ap.add_argument("--repeat", type=int, default=60)
    ap.add_argument("--keep", metavar="DIR", help="build in DIR and keep it (for experiments)")
    args = ap.parse_args()
    rng = random.Random(7)
    vocab = make_vocabulary(rng)
    names = make_names(rng)
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    try:
        os.environ.setdefault("XDG_DATA_HOME", str(tmp / "xdg"))
        folder = tmp / "articles"
        lib_path = tmp / "library.sqlite3"
        print(f"generating {args.small} articles ...", file=sys.stderr)
        items = generate(folder, 0, args.small, rng, vocab, names)
        words = sum(len(t.split()) for t, _ in items)
        print(f"articles: {args.small} (~{words // args.small} words, ~{sum(len(t) for t, _ in items) // args.small}"
              f" chars each)")

        rates: list[float] = []
        cpu_rates: list[float] = []
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start")
        for attempt in range(3):  # fresh library each time; the machine may be busy: report best and median
            for p in tmp.glob("library.sqlite3*"):
                p.unlink()
            lib = Library.open(lib_path, seed=False)
            prime_cache(lib, items)
            t, c = time.perf_counter(), time.process_time()
            report = lib.import_paths([folder])
            dt, dc = time.perf_counter() - t, time.process_time() - c
            assert len(report.imported) == args.small, report.failed[:3]
            rates.append(args.small / dt)
            cpu_rates.append(args.small / dc)
            if attempt < 2:
                lib.close()
        print(f"import of already-analysed text: {max(rates):,.0f} articles/s best of 3, median "
              f"{statistics.median(rates):,.0f} ({args.small} files: read + store + FTS index, analysis from the cache); "
              f"{max(cpu_rates):,.0f} articles per CPU-second")
        t = time.perf_counter()
        report = lib.import_paths([folder])
        dt = time.perf_counter() - t
        print(f"re-import of the same {args.small} unchanged files: {args.small / dt:,.0f} articles/s "
              f"({len(report.unchanged)} unchanged, no analysis)")

        if args.real:
            real_folder = tmp / "real"
            generate(real_folder, 900000, args.real, rng, vocab, names)
            t = time.perf_counter()
            lib.import_paths([real_folder])
            dt = time.perf_counter() - t
            print(f"import with the real analysis pipeline: {args.real / dt:,.1f} articles/s "
                  f"({args.real} articles in {dt:.2f} s, model load included)")

        person = items[0][1].entities[0].name if items[0][1].entities else names[0]
        surname = person.split()[-1]
        common_word = vocab[40]
        rare_word = vocab[-5]
        queries = [
            "deterrence",
            "negotiat*",
            f'"{items[3][0].split(chr(10))[3].split()[1]} {items[3][0].split(chr(10))[3].split()[2]}"',
            f"ceasefire AND {common_word}",
            "alliance OR parliament NOT markets",
            common_word,
            rare_word,
            "deterrence topic:nato-posture",
            f'entity:"{person}"',
            f'entity:"{person}" {common_word}',
            f"speaker:{surname} {common_word}",
            "negotiat* topic:peace-talks",
        ]
        lib.close()

        def report_search(label: str, lib_path: Path, folder: Path, n: int) -> None:
            size = size_of(lib_path)
            print(f"\n== {n:,} articles: library {size / 1e6:.1f} MB on disk = {size / n / 1024:.1f} KiB/article "
                  f"(article text {sum(p.stat().st_size for p in folder.iterdir()) / n / 1024:.1f} KiB/article)")
            with Library.open(lib_path, seed=False) as lib:
                res = measure_search(lib, queries, args.repeat)
            pairs = {"deterrence": "deterrence", "negotiat": "negotiat*", common_word: common_word, rare_word: rare_word}
            grep = measure_grep(folder, list(pairs), repeat=3)
            print(f"{'query (top 20, bm25, snippets)':45} {'p50 ms':>8} {'p99 ms':>8} {'matching sentences':>19}")
            for q, (p50, p99, hits) in res.items():
                print(f"{q[:45]:45} {p50:8.2f} {p99:8.2f} {hits:19,d}")
            filt = [v[0] for q, v in res.items() if ":" in q]
            allp = [v[0] for v in res.values()]
            print(f"median of p50s: all {statistics.median(allp):.2f} ms, with filters {statistics.median(filt):.2f} ms;"
                  f" worst p99 {max(v[1] for v in res.values()):.2f} ms")
            for w, ms in grep.items():
                fts = res[pairs[w]]
                print(f"grep -ril {w[:20]:20} {ms:8.1f} ms   (FTS5 p50 {fts[0]:.2f} ms -> {ms / max(fts[0], 1e-3):.0f}x)")

        report_search("small", lib_path, folder, args.small)

        if args.large > args.small:
            extra = args.large - args.small
            print(f"\ngenerating {extra} more articles ...", file=sys.stderr)
            more = generate(folder, args.small, extra, rng, vocab, names)
            with Library.open(lib_path, seed=False) as lib:
                prime_cache(lib, more)
                t = time.perf_counter()
                report = lib.import_paths([folder])
                dt = time.perf_counter() - t
                print(f"\nimport of {extra:,} more already-analysed articles into the library: "
                      f"{extra / dt:,.0f} articles/s ({len(report.imported)} new, {len(report.unchanged)} unchanged "
                      f"skipped, {dt:.2f} s)")
                t = time.perf_counter()
                arts = lib.articles()
                print(f"lib.articles() over {len(arts):,} articles: {(time.perf_counter() - t) * 1000:.1f} ms")
            report_search("large", lib_path, folder, args.large)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
