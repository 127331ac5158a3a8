"""A folder of 20,000 small files: every file imported, progress reported all the way, memory flat
(peak RSS for 20,000 files close to that for 2,000). The fake analyser stands in for spaCy: what is
measured is the importer, not the analysis."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

LOAD = """
import json, resource, sys, time
sys.path.insert(0, {tests!r})
from fakes import AnalyserSpy
from briefing_tui.analysis import pipeline
pipeline.analyse_many = AnalyserSpy()
from briefing_tui.library import Library
lib = Library.open(sys.argv[1], seed=False)
lib._conn.execute("PRAGMA cache_size = -2048")  # SQLite's own cache (32 MiB) would hide Python's growth
calls = []

def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])

before = rss("VmRSS")
with open("/proc/self/clear_refs", "w") as fh:
    fh.write("5")  # reset the peak (VmHWM) to the current size
t = time.perf_counter()
report = lib.import_paths([sys.argv[2]], lambda done, total, label: calls.append((done, total)))
took = time.perf_counter() - t
peak = rss("VmHWM")
print(json.dumps({{"imported": len(report.imported), "failed": len(report.failed), "articles": len(lib.articles()),
                  "took": took, "grew_kb": peak - before, "before": before, "peak": peak, "calls": calls}}))
"""


def make_folder(root: Path, n: int) -> Path:
    for i in range(n):
        sub = root / f"d{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"a{i:05d}.txt").write_text(
            f"Title: Dispatch {i}\n\nThe harbour talks went on for day {i}. Ships waited outside port {i % 97}.\n",
            encoding="utf-8",
        )
    return root


def load(tmp_path: Path, n: int) -> dict:
    folder = make_folder(tmp_path / f"src{n}", n)
    script = tmp_path / "load.py"
    script.write_text(LOAD.format(tests=str(Path(__file__).parent)), encoding="utf-8")
    result = subprocess.run([sys.executable, str(script), str(tmp_path / f"lib{n}.sqlite3"), str(folder)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="needs Linux /proc to measure peak RSS")
def test_20000_files_import_with_progress_and_flat_memory(tmp_path: Path) -> None:
    small = load(tmp_path, 2_000)
    large = load(tmp_path, 20_000)
    for n, r in ((2_000, small), (20_000, large)):
        assert (r["imported"], r["failed"], r["articles"]) == (n, 0, n)
        calls = r["calls"]
        assert calls[0] == [0, n] and calls[-1] == [n, n]
        done = [c[0] for c in calls]
        assert done == sorted(done)  # never goes backwards
        assert len(calls) >= n // 100  # the bar keeps moving: at least every 100 files
        assert max(b - a for a, b in zip(done, done[1:])) <= 256
    print(f"\n2,000 files: {small['took']:.1f} s, peak RSS +{small['grew_kb'] / 1024:.1f} MB; "
          f"20,000 files: {large['took']:.1f} s ({20_000 / large['took']:.0f} files/s), "
          f"peak RSS +{large['grew_kb'] / 1024:.1f} MB")
    # flat: ten times the files may not cost ten times the memory (names and ids only: < 1.5 KB a file)
    assert large["grew_kb"] - small["grew_kb"] < 18_000 * 1.5
    assert large["took"] < 180
