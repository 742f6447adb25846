"""Live monitoring on the local fixture server: poll-to-event latency, articles per minute, and
memory over 1,000 polls (issue #15). Articles are fictional, generated from a template.

    python -m bench.bench_watch [--articles 60] [--polls 1000] [--rounds 5]

Latency: a `sitrep watch` process (default settings, a sources-file interval of --interval s)
follows a feed; an article is added, and the time until its event is returned by
``/api/events?since=`` is measured, split into waiting for the next poll and poll → event.
Throughput: `sitrep watch --once` over a feed of --articles new articles, at the default
politeness (one host: host_delay_s = 1 s between requests) and with no delay.
Memory: one in-process Watcher polls a feed --polls times (ETag → 304, a new article every
50th poll); resident memory is read every 100 polls.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "watch"))
import server as fixture  # noqa: E402

TOWNS = ["Hama", "Homs", "Idlib", "Aleppo", "Palmyra", "Kharkiv", "Kherson", "Donetsk", "Marib", "Sanaa", "Taiz",
         "Aden", "Raqqa", "Deir ez-Zor", "Zaporizhzhia", "Sumy"]


def make_articles(n: int, start: int = 0) -> list[str]:
    """Add ``n`` invented articles to the fixture server's catalogue; returns their keys."""
    keys = []
    for i in range(start, start + n):
        town = TOWNS[i % len(TOWNS)]
        key = f"gen{i}"
        fixture.ARTICLES[key] = {
            "title": f"Gunmen attack checkpoint in {town} ({i})", "published": f"2025-11-{1 + i % 28:02d}",
            "text": f"Gunmen attacked a police checkpoint in {town} on Monday, killing {2 + i % 9} officers and "
                    f"wounding {i % 7} others, a security source said. Report number {i}."}
        keys.append(key)
    return keys


def serve_feed(srv: fixture.FixtureServer, keys: list[str], etag: str | None = None) -> None:
    for k in keys:
        srv.routes[f"/a/{k}"] = fixture.static(fixture.article_page(k))
    srv.routes["/feed.xml"] = fixture.static(fixture.rss(srv.base, [(k, f"/a/{k}") for k in keys]),
                                             "application/rss+xml", etag=etag)


def env(**settings: str) -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    out["PYTHONPATH"] = str(ROOT)
    out.update({f"SITREP_WATCH_{k.upper()}": v for k, v in settings.items()})
    return out


def latency(rounds: int, interval: float, tmp: Path) -> dict:
    from fastapi.testclient import TestClient

    from sitrep.config import load_settings
    from sitrep.web.app import create_app

    keys = make_articles(rounds + 1, start=10_000)
    db = tmp / "latency.db"
    with fixture.FixtureServer() as srv:
        serve_feed(srv, keys[:1])
        listing = tmp / "sources.txt"
        listing.write_text(f"{srv.base}/feed.xml Bench en {interval}\n")
        proc = subprocess.Popen([sys.executable, "-m", "sitrep", "watch", "--db", str(db), str(listing)],
                                env=env(), stderr=subprocess.DEVNULL)
        try:
            while not _events(db):
                time.sleep(0.1)  # the first article: models loaded, the loop running
            client = TestClient(create_app(str(db), settings=load_settings(env={})))
            waits, processing = [], []
            for n in range(1, rounds + 1):
                before = client.get("/api/stats").json()["latest"]
                polls = srv.hits("/feed.xml")
                serve_feed(srv, keys[:n + 1])
                t0 = time.monotonic()
                while not client.get("/api/events", params={"since": before}).json()["total"]:
                    time.sleep(0.05)
                visible, took = time.time(), time.monotonic() - t0
                assert srv.hits("/feed.xml") > polls
                polled = next(e["at"] for e in srv.log[::-1] if e["path"] == "/feed.xml")  # the poll that saw it
                processing.append(visible - polled)
                waits.append(took - processing[-1])
                time.sleep(1.1)  # created_at has second resolution: the next article lands in a later second
        finally:
            proc.send_signal(2)
            proc.wait(timeout=30)
    return {"interval_s": interval, "rounds": rounds,
            "published_to_event_s": [round(w + p, 2) for w, p in zip(waits, processing)],
            "poll_to_event_s": [round(p, 2) for p in processing],
            "poll_to_event_mean_s": round(sum(processing) / len(processing), 2)}


def _events(db: Path) -> int:
    import sqlite3

    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    except sqlite3.Error:
        return 0


def throughput(n: int, tmp: Path, **settings: str) -> dict:
    keys = make_articles(n, start=20_000 + 1000 * len(settings))
    db = tmp / f"throughput{len(settings)}.db"
    with fixture.FixtureServer() as srv:
        serve_feed(srv, keys[:1])  # warm-up: model load is not counted
        subprocess.run([sys.executable, "-m", "sitrep", "watch", "--once", "--db", str(db), f"{srv.base}/feed.xml"],
                       env=env(**settings), capture_output=True, check=True)
        serve_feed(srv, keys)
        t0 = time.monotonic()
        out = subprocess.run([sys.executable, "-m", "sitrep", "watch", "--once", "--db", str(db),
                              f"{srv.base}/feed.xml"], env=env(**settings), capture_output=True, text=True, check=True)
        took = time.monotonic() - t0
    return {"settings": settings or "defaults", "articles": n - 1, "seconds": round(took, 1),
            "articles_per_minute": round(60 * (n - 1) / took), "summary": out.stderr.strip().splitlines()[-1]}


def memory(polls: int, tmp: Path) -> dict:
    from sitrep.config import load_settings
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store
    from sitrep.watch import Watcher, WatchSource

    settings = load_settings(env={}, overrides={"watch.host_delay_s": 0.0})
    keys = make_articles(polls // 50 + 1, start=30_000)
    samples = {}
    with fixture.FixtureServer() as srv, Store(str(tmp / "memory.db")) as store:
        serve_feed(srv, keys[:1], etag='"0"')
        watcher = Watcher(store, Pipeline(settings), settings, archive_dir=tmp / "memory.warc")
        watcher.add_sources([WatchSource(f"{srv.base}/feed.xml", "url")])
        for i in range(1, polls + 1):
            if i % 50 == 0:
                serve_feed(srv, keys[:i // 50 + 1], etag=f'"{i}"')
            watcher.poll_due(force=True)
            if i % 100 == 0:
                samples[i] = _rss_mb()
        watcher.close()
    return {"polls": polls, "rss_mb_by_poll": samples}


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=60)
    ap.add_argument("--polls", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--interval", type=float, default=5.0)
    ap.add_argument("--only", choices=["latency", "throughput", "memory"], default=None)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        report = {}
        if args.only in (None, "latency"):
            report["latency"] = latency(args.rounds, args.interval, tmp)
        if args.only in (None, "throughput"):
            report["throughput"] = [throughput(args.articles, tmp), throughput(args.articles * 2, tmp, host_delay_s="0")]
        if args.only in (None, "memory"):
            report["memory"] = memory(args.polls, tmp)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
