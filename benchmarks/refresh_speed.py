"""How fast `briefing refresh` is: 50 local feeds of 20 entries each (a server on 127.0.0.1), the first
refresh (1,000 new articles) and an all-unchanged second one, with and without conditional requests.

Run: ``python benchmarks/refresh_speed.py [--feeds 50] [--entries 20] [--real-analysis]``. Prints
figures; asserts nothing. By default the analysis is the tests' fake analyser (the figure is then
fetching, parsing, storing and indexing; the NLP analysis has its own benchmark); ``--real-analysis``
runs the real pipeline on every new article (minutes, not seconds).

Second refresh, "304": the server honours If-None-Match, so each feed costs one request and no parse.
Second refresh, "200": the server ignores validators, so each feed is fetched and parsed again and
every entry is recognised as seen and unchanged (skipped without touching the importer).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--entries", type=int, default=20)
    parser.add_argument("--real-analysis", action="store_true")
    args = parser.parse_args()

    from feedserver import FeedServer, Item, Route, rss

    if not args.real_analysis:
        from fakes import AnalyserSpy

        from briefing_tui.analysis import pipeline

        pipeline.analyse_many = AnalyserSpy()
    from briefing_tui.library import Library
    from briefing_tui.library.feeds import add_feed
    from briefing_tui.library.refresh import refresh

    def entry_text(f: int, e: int) -> str:
        return "".join(
            f"<p>Report {f}-{e}, paragraph {p}: the harbour council of district {f} weighed proposal {e} "
            f"and the delegates of the northern shore argued about the wording until late.</p>"
            for p in range(8)
        )

    with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
        lib = Library.open(Path(tmp) / "library.sqlite3", seed=False)
        routes = []
        for f in range(args.feeds):
            items = [Item(f"urn:bench:{f}:{e}", f"Report {f}-{e}", text=entry_text(f, e)) for e in range(args.entries)]
            route = Route(rss(f"Feed {f}", items), etag=f'"feed-{f}"')
            routes.append(route)
            add_feed(lib, server.route(f"/feed/{f}.xml", route), name=f"Feed {f}")
        total = args.feeds * args.entries

        started = time.perf_counter()
        first = refresh(lib)
        t_first = time.perf_counter() - started
        assert not first.failed and len(first.new) == total, (first.failed[:3], len(first.new))

        started = time.perf_counter()
        second = refresh(lib)
        t_304 = time.perf_counter() - started
        assert all(o.not_modified for o in second.outcomes)

        for route in routes:
            route.etag = None
        started = time.perf_counter()
        third = refresh(lib)
        t_200 = time.perf_counter() - started
        assert not third.new and not third.updated
        lib.close()

    analysis = "real analysis" if args.real_analysis else "fake analyser"
    print(f"{args.feeds} feeds x {args.entries} entries = {total} articles ({analysis}), server on 127.0.0.1")
    print(f"first refresh:                 {t_first:7.2f} s  ({total / t_first:,.0f} articles/s)")
    print(f"second refresh, all 304:       {t_304:7.2f} s  ({args.feeds / t_304:,.0f} feeds/s)")
    print(f"second refresh, 200 unchanged: {t_200:7.2f} s  ({args.feeds / t_200:,.0f} feeds/s)")


if __name__ == "__main__":
    main()
