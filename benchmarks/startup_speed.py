"""Reader start-up speed: process start -> the seed's text on screen, and -> a 1 MB article on screen.

Run: python benchmarks/startup_speed.py [--runs N] [--articles N] [--keep DIR]

Both programs run in a real terminal (tmux, 120x40); the clock starts when tmux is asked to launch the
command and stops when `capture-pane` first shows the expected text (polled every 10 ms), so tmux's own
overhead is in both figures alike. Next to `briefing` runs a bare Textual app that shows the same text
in a Static, in the same run. Peak memory (max RSS) comes from a small wrapper that waits for the program.

The library holds the seed plus N-1 variants of it (1,000 by default) with their analyses in the cache
(the seed is analysed once by the real pipeline; the variants reuse it, their text only differs after
its end), and one ~1 MB article (the seed repeated) whose analysis is the seed's, shifted, also cached.
So no NLP model is needed at start-up, which is the point being measured.

Both programs run from compiled bytecode: the benchmark compiles briefing's modules first
(`compileall`, as pip does when it installs the wheel; Textual's are compiled already). Without it, a
checkout run with PYTHONDONTWRITEBYTECODE set (as on the shared dev machine) compiles briefing's ~50
modules from source on every start while the bare app's Textual does not, a cost no installed copy
has (one session on the shared machine: 1.08x compiled, median of 9; 1.19x from source, median of 5).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from briefing_tui.model import Analysis, Document, Entity, Mention, Quote, Section, Sentence  # noqa: E402
from briefing_tui.resources import seed_files  # noqa: E402

BIG_TITLE = "Big briefing benchmark article"
WRAPPER = """
import resource, subprocess, sys
out = sys.argv[1]
code = subprocess.call(sys.argv[2:])
with open(out, "w") as f:
    f.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
"""
BARE_APP = """
import sys
from textual.app import App
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

class Bare(App):
    def compose(self):
        with VerticalScroll():
            yield Static(Content(open(sys.argv[1], encoding="utf-8").read()))

Bare().run()
"""


def shifted(analysis: Analysis, shift: int) -> Analysis:
    return Analysis(
        analysis.source,
        analysis.title,
        analysis.text_sha256,
        tuple(s._replace(start=s.start + shift, end=s.end + shift) for s in analysis.sentences),
        tuple(s._replace(start=s.start + shift, end=s.end + shift) for s in analysis.sections),
        tuple(
            e._replace(mentions=tuple(Mention(m.start + shift, m.end + shift, m.text) for m in e.mentions))
            for e in analysis.entities
        ),
        tuple(q._replace(start=q.start + shift, end=q.end + shift) for q in analysis.quotes),
    )


def big_analysis(seed: Analysis, unit: int, copies: int, title_len: int, paragraphs: int) -> Analysis:
    sentences: list[Sentence] = [Sentence(0, title_len, 0, "general")]
    sections: list[Section] = []
    entities: dict[str, list[Mention]] = {}
    quotes: list[Quote] = []
    for k in range(copies):
        part = shifted(seed, title_len + 1 + k * unit)
        sentences.extend(s._replace(paragraph=s.paragraph + 1 + k * paragraphs) for s in part.sentences)
        sections.extend(part.sections)
        for e in part.entities:
            entities.setdefault(e.id, []).extend(e.mentions)
        quotes.extend(part.quotes)
    merged = tuple(Entity(e.id, e.name, e.type, tuple(entities[e.id])) for e in seed.entities)
    return Analysis("big", BIG_TITLE, "", tuple(sentences), tuple(sections), merged, tuple(quotes))


def build_library(folder: Path, articles: int) -> tuple[Path, int, int, Path, Path]:
    """The library (seed + variants + one 1 MB article); returns (path, seed id, big id, seed file, big file)."""
    from briefing_tui.analysis import pipeline
    from briefing_tui.library import Library

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "library.sqlite3"
    seed_file = seed_files()[0]
    seed_text = seed_file.read_text(encoding="utf-8")
    big_file = folder / "big-article.txt"
    body = seed_text if seed_text.endswith("\n") else seed_text + "\n"
    copies = max(1, (1_000_000 // len(body)))
    big_file.write_text(BIG_TITLE + "\n" + body * copies, encoding="utf-8")
    marker = folder / "built"
    if marker.exists() and path.exists():
        ids = marker.read_text().split()
        return path, int(ids[0]), int(ids[1]), seed_file, big_file
    if path.exists():
        path.unlink()
    lib = Library.open(path)  # seeds it with the real pipeline (the seed's analysis is cached)
    seed_info = lib.articles()[0]
    seed = lib.analysis(seed_info.id, compute=True)
    paragraphs = max(s.paragraph for s in seed.sentences) + 1
    real = pipeline.analyse_many

    def fake(docs, taxonomy=None):  # noqa: ANN001
        out = []
        for doc in docs:
            if doc.title == BIG_TITLE:
                out.append(big_analysis(seed, len(body), copies, len(BIG_TITLE), paragraphs))
            else:
                out.append(seed)
        return out

    pipeline.analyse_many = fake
    try:
        docs = [
            Document(f"variant-{i}.txt", seed_text + f"\nVariant {i} of the sample.\n", f"Variant {i}: {seed_info.title}")
            for i in range(1, articles)
        ]
        for start in range(0, len(docs), 200):
            lib.import_documents(docs[start : start + 200])
        report = lib.import_paths([big_file])
    finally:
        pipeline.analyse_many = real
    big_id = (report.imported or report.updated or report.unchanged)[0]
    lib.close()
    marker.write_text(f"{seed_info.id} {big_id}")
    return path, seed_info.id, big_id, seed_file, big_file


class Terminal:
    def __init__(self) -> None:
        self.socket = f"briefing-bench-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, "-f", os.environ.get("BENCH_TMUX_CONF", "/dev/null"), *args], capture_output=True, text=True).stdout

    def time_until(self, command: str, text: str, timeout: float = 60.0) -> float:
        started = time.perf_counter()
        self.tmux("new-session", "-d", "-s", "b", "-x", "120", "-y", "40", command)
        while time.perf_counter() - started < timeout:
            if text in self.tmux("capture-pane", "-p", "-t", "b"):
                return time.perf_counter() - started
            time.sleep(0.01)
        screen = self.tmux("capture-pane", "-p", "-t", "b")
        raise RuntimeError(f"{text!r} never appeared for {command}; the screen:\n{screen}")

    def finish(self, rss_file: Path) -> int:
        self.tmux("send-keys", "-t", "b", "C-q")
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (rss_file.exists() and rss_file.read_text().strip()):
            time.sleep(0.05)
        self.tmux("kill-server")
        return int(rss_file.read_text()) if rss_file.exists() and rss_file.read_text().strip() else 0


def measure(command: list[str], text: str, env: dict[str, str], work: Path) -> tuple[float, int]:
    rss_file = work / f"rss-{uuid.uuid4().hex[:6]}"
    wrapper = work / "wrapper.py"
    wrapper.write_text(WRAPPER)
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    line = f"env {exports} {shlex.quote(sys.executable)} {shlex.quote(str(wrapper))} {shlex.quote(str(rss_file))} " + " ".join(
        shlex.quote(c) for c in command
    )
    terminal = Terminal()
    try:
        seconds = terminal.time_until(line, text)
        rss_kb = terminal.finish(rss_file)
    finally:
        terminal.tmux("kill-server")
    return seconds, rss_kb


def set_article(path: Path, article_id: int) -> None:
    from briefing_tui.library import Library

    with Library.open(path) as lib:
        lib.set_state("ui.article", str(article_id))
        lib.set_state(f"ui.position.{article_id}", "0")


def compile_bytecode() -> None:
    """briefing's modules as an installed copy has them: compiled (see the module's docstring)."""
    import compileall

    import briefing_tui

    compileall.compile_dir(str(Path(briefing_tui.__file__).parent), quiet=1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--keep", metavar="DIR", help="build / reuse the library here")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        print("tmux is needed for this benchmark", file=sys.stderr)
        return 1
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    compile_bytecode()
    t0 = time.perf_counter()
    path, seed_id, big_id, seed_file, big_file = build_library(work / f"lib-{args.articles}", args.articles)
    print(f"library: {args.articles} articles + a {big_file.stat().st_size / 1e6:.1f} MB one ({time.perf_counter() - t0:.1f} s to build) at {path}")
    home = work / "home"
    home.mkdir(exist_ok=True)
    env = {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "BRIEFING_LIBRARY": str(path),
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
    }
    bare = work / "bare_app.py"
    bare.write_text(BARE_APP)
    seed_line = seed_file.read_text(encoding="utf-8").splitlines()[0]
    probe = " ".join(seed_line.split()[:4])
    briefing = [sys.executable, "-m", "briefing_tui.cli"]
    cases = [
        ("seed, briefing", briefing, probe, seed_id),
        ("seed, bare Textual app", [sys.executable, str(bare), str(seed_file)], probe, None),
        ("1 MB article, briefing", briefing, BIG_TITLE, big_id),
        ("1 MB article, bare Textual app", [sys.executable, str(bare), str(big_file)], BIG_TITLE, None),
    ]
    results: dict[str, list[tuple[float, int]]] = {name: [] for name, *_ in cases}
    for run in range(args.runs + 1):  # the first round warms the disk cache and is not counted
        for name, command, text, article in cases:
            if article is not None:
                set_article(path, article)
            seconds, rss = measure(command, text, env, work)
            if run:
                results[name].append((seconds, rss))
    print(f"\nmedian of {args.runs} runs in tmux 120x40 (process start -> text on screen), peak RSS:")
    base: dict[str, float] = {}
    for name, *_ in cases:
        times = [t for t, _ in results[name]]
        rss = max(r for _, r in results[name]) / 1024
        median = statistics.median(times)
        kind = name.split(",")[0]
        if "bare" in name:
            ratio = f"  (briefing = {base[kind] / median:.2f}x the bare app)" if kind in base else ""
        else:
            base[kind] = median
            ratio = ""
        print(f"  {name:32s} {median * 1000:7.0f} ms  (min {min(times) * 1000:.0f})  {rss:6.1f} MB{ratio}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
