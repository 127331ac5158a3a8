"""How `briefing analyze` copes with oversized input: time and peak memory, printed, not asserted.

Run: ``python benchmarks/bad_input_speed.py [--mb 1 10]``. For each size it writes the bundled seed's
prose as ONE line of that many megabytes (the worst case for memory: no paragraph breaks), analyses it
in a fresh interpreter and prints wall time, words/s and peak RSS; then it times the refusal of a
50 MB file by the size limit (``$BRIEFING_MAX_ARTICLE_MB``, default 20 MB).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_CHILD = (
    "import resource, sys, time\n"
    "from briefing_tui.cli import main\n"
    "t = time.perf_counter()\n"
    "code = main(['analyze', '--format', 'json', sys.argv[1]])\n"
    "sys.stderr.write('\\nMEASURED %d %.2f %d\\n' % (code, time.perf_counter() - t,"
    " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))\n"
)


def one_line(megabytes: float) -> str:
    from briefing_tui.resources import seed_files

    body = " ".join(seed_files()[0].read_text(encoding="utf-8").split()) + " "
    size = int(megabytes * 1_000_000)
    return (body * (size // len(body) + 1))[:size]


def measure(path: Path) -> tuple[int, float, int]:
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True)
    tag = proc.stderr.strip().splitlines()[-1].split()
    return int(tag[1]), float(tag[2]), int(tag[3])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, nargs="+", default=[1.0, 10.0])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for mb in args.mb:
            p = Path(tmp) / f"line-{mb:g}mb.txt"
            text = one_line(mb)
            p.write_text(text, encoding="utf-8")
            code, seconds, rss = measure(p)
            words = len(text.split())
            print(f"{mb:g} MB on one line: exit {code}, {seconds:.1f} s (import and model load included), "
                  f"{words / seconds:,.0f} words/s, peak RSS {rss} MB")
        big = Path(tmp) / "fifty.txt"
        with big.open("w", encoding="utf-8") as fh:
            chunk = one_line(1.0) + "\n\n"
            for _ in range(50):
                fh.write(chunk)
        code, seconds, rss = measure(big)
        print(f"50 MB article: exit {code} (refused by the size limit) in {seconds:.2f} s, peak RSS {rss} MB")


if __name__ == "__main__":
    main()
