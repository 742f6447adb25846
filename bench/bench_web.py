"""Web latency on 50,000 synthetic events (part of `make bench`).

Builds a database of synthetic events through the Store API (seeded, so every run measures the
same data), starts `sitrep serve` on a free loopback port, and measures:
- p50/p95 of GET /api/events (a filtered page of 500) and GET /api/stats, over varied filters;
- page load with every event clustered in headless Chromium (navigation to data-state=ready).
Targets: p95 under 200 ms, page load under 2 s.

    python -m bench.bench_web [--events 50000] [--requests 60] [--loads 3] [--db FILE]
        [--backends sqlite,postgresql]  (default: both)

``--backends sqlite,postgresql`` builds the same events in a SQLite file and in a new database on
the PostgreSQL test server (`scripts/pg.sh`, started if needed) and measures the API on each in
one run (issue #13: p95 of /api/events at 50k events on each backend; the page load is measured
on the first backend only).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from sitrep.model import Claim, Document, Event, EventMention, Place, Span
from sitrep.store import Store

SITREP = str(Path(sys.executable).with_name("sitrep"))
TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Protests", "Peaceful protest"), ("Riots", "Mob violence"), ("Strategic developments", "Arrests")]
# Synthetic regions (centre latitude, longitude, spread in degrees); names are placeholders, not data.
REGIONS = [("Country A", "Region A1", 34.8, 38.9, 1.5), ("Country A", "Region A2", 36.2, 37.1, 0.8),
           ("Country B", "Region B1", 48.5, 36.0, 1.2), ("Country B", "Region B2", 47.9, 37.8, 0.9),
           ("Country C", "Region C1", 15.4, 45.3, 1.0), ("Country D", "Region D1", 11.8, 13.2, 1.5),
           ("Country E", "Region E1", 2.1, 45.3, 1.2), ("Country F", "Region F1", 14.1, -1.5, 2.0)]
ACTORS = ["Armed Group %d" % i for i in range(40)] + ["Military Forces of Country %s" % c for c in "ABCDEF"]
TARGET_MS = 200.0
TARGET_PAGE_S = 2.0


def synthetic_event(i: int, rng: random.Random, doc: str) -> Event:
    """One plausible event: type, date in 2024-2025, place in a region, fatalities, actors, claims."""
    etype, sub = rng.choice(TYPES)
    country, admin1, lat, lon, spread = rng.choice(REGIONS)
    precision = rng.choices([1, 2, 3], [0.7, 0.2, 0.1])[0]
    place = Place(f"Place {i % 3000}", round(lat + rng.uniform(-spread, spread), 5),
                  round(lon + rng.uniform(-spread, spread), 5), country=country, admin1=admin1, precision=precision)
    date = f"{rng.choice([2024, 2025])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    fatalities = int(rng.expovariate(0.3)) if rng.random() < 0.7 else None
    text = f"Event {i}: {etype} reported near {place.name}; {fatalities or 'no'} people were killed."
    actor1, actor2 = rng.choice(ACTORS), rng.choice(ACTORS + [None])
    mention = EventMention(doc=doc, index=i % 10, event_type=etype, sub_event_type=sub, actor1=actor1, actor2=actor2,
                           fatalities=fatalities, event_date=date, place=place, evidence=[Span(0, len(text), text)])
    conflict = ["fatalities"] if fatalities and rng.random() < 0.1 else []
    claims = [Claim(doc, "fatalities", fatalities, outlet="Outlet", start=0, end=len(text), text=text)] if fatalities else []
    return Event(id=f"ev_{i:08d}", mentions=[mention], event_type=etype, sub_event_type=sub, actor1=actor1,
                 actor2=actor2, fatalities=fatalities, fatalities_low=fatalities, fatalities_high=fatalities,
                 event_date=date, place=place, corroboration=rng.choices([1, 2, 3], [0.6, 0.3, 0.1])[0],
                 conflict=conflict, claims=claims, background=rng.random() < 0.05)


def build_db(path: Path | str, n: int, seed: int = 7) -> None:
    """n events, ten per document, one transaction per 1,000 documents."""
    rng = random.Random(seed)
    docs = (n + 9) // 10
    with Store(path) as store:
        for first in range(0, docs, 1000):
            with store.transaction():
                for d in range(first, min(docs, first + 1000)):
                    name = f"doc_{d:06d}.txt"
                    raw = f"Synthetic document {d}.".encode()
                    doc_id = store.add_document(Document(name=name, source_path=name, format="txt", raw=raw,
                                                         sha256=hashlib.sha256(raw).hexdigest(), text=raw.decode(),
                                                         offsets=[[0, 0]], outlet=f"Outlet {d % 50}"))
                    for i in range(d * 10, min(n, d * 10 + 10)):
                        store.save_event(synthetic_event(i, rng, name), {name: doc_id})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as r:
        body = r.read()
    return (time.perf_counter() - t0) * 1000, body


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def filter_sets(rng: random.Random, k: int) -> list[str]:
    """Varied realistic filters: a type, a date range, a country, a box, an actor, sources, conflict."""
    out = []
    for _ in range(k):
        year = rng.choice([2024, 2025])
        m = rng.randint(1, 10)
        country, admin1, lat, lon, spread = rng.choice(REGIONS)
        choices = [f"event_type={urllib.request.quote(rng.choice(TYPES)[0])}",
                   f"date_from={year}-{m:02d}-01&date_to={year}-{m + 2:02d}-28",
                   f"country={urllib.request.quote(country)}",
                   f"bbox={lon - spread},{lat - spread},{lon + spread},{lat + spread}",
                   f"actor={urllib.request.quote(rng.choice(ACTORS))}", "min_sources=2", "conflict=false",
                   "background=false", ""]
        out.append("&".join(c for c in rng.sample(choices, rng.randint(0, 3)) if c))
    return out


def measure_api(base: str, requests: int) -> dict[str, dict[str, float]]:
    rng = random.Random(11)
    filters = filter_sets(rng, requests)
    results = {}
    for name, path in (("events", "/api/events?limit=500&sort=-date&"), ("stats", "/api/stats?")):
        get(base + path)  # warm-up
        times = [get(base + path + f)[0] for f in filters]
        results[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(percentile(times, 95), 1),
                         "max_ms": round(max(times), 1), "requests": len(times)}
    t, body = get(base + "/api/points")
    results["points_all"] = {"ms": round(t, 1), "bytes": len(body), "points": json.loads(body)["count"]}
    return results


def measure_page(base: str, loads: int) -> dict[str, Any] | None:
    """Load the page ``loads`` times (after one warm-up) until every event is clustered and drawn.

    ``ready`` is the page's own clock (navigation start to the "ready" mark: markers clustered,
    list and timeline drawn); ``wall`` is reload to ready as seen from Python (adds Playwright's
    round trips). Loads are reloads of one tab, as a user pressing F5 would see them.
    """
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not Path("/usr/bin/chromium").exists():
        return None
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"]
    wall, ready, marks, points = [], [], {}, 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 850})
        page.goto(base + "/")  # warm-up: starts the renderer, fills the server's and browser's caches
        page.wait_for_selector("body[data-state=ready]", timeout=60000)
        for _ in range(loads):
            t0 = time.perf_counter()
            page.reload()
            page.wait_for_selector("body[data-state=ready]", timeout=60000)
            wall.append(time.perf_counter() - t0)
            marks = page.evaluate("() => Object.fromEntries(performance.getEntriesByType('mark')"
                                  ".map((m) => [m.name, Math.round(m.startTime)]))")
            ready.append(marks["ready"] / 1000)
            points = int(page.get_attribute("body", "data-points") or 0)
        browser.close()
    return {"ready_median_s": round(statistics.median(ready), 2), "ready_max_s": round(max(ready), 2),
            "wall_median_s": round(statistics.median(wall), 2), "loads": len(ready), "markers": points,
            "last_load_marks_ms": marks}


def measure(db: str, a: argparse.Namespace, *, page: bool) -> dict[str, Any]:
    """Serve ``db`` on a free port and measure the API (and the page, when ``page``)."""
    port = free_port()
    server = subprocess.Popen([SITREP, "serve", "--db", db, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                get(base + "/api/facets")
                break
            except OSError:
                time.sleep(0.1)
        load_before = os.getloadavg()[0]
        return {"events": a.events, "api": measure_api(base, a.requests),
                "page": measure_page(base, a.loads) if page else None,
                "load_average_1min": [round(load_before, 1), round(os.getloadavg()[0], 1)]}
    finally:
        server.terminate()
        server.wait(10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--db", default=None, help="Reuse (or create) this database file.")
    parser.add_argument("--backends", default="sqlite,postgresql", help="sqlite, postgresql or both (comma-separated)")
    a = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="sitrep-bench-web-")
    reports = {}
    try:
        for i, backend in enumerate(b.strip() for b in a.backends.split(",")):
            if backend == "postgresql":
                from bench.bench_store import postgres_database
                db = postgres_database()
                fresh = True
            else:
                path = Path(a.db) if a.db else Path(tmp.name) / "web.db"
                db, fresh = str(path), not path.exists()
            if fresh:
                t0 = time.perf_counter()
                build_db(db, a.events)
                print(f"{backend}: built {a.events} synthetic events in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
            reports[backend] = measure(db, a, page=i == 0 and a.loads > 0)
    finally:
        tmp.cleanup()
    ok = all(r["api"][k]["p95_ms"] < TARGET_MS for r in reports.values() for k in ("events", "stats"))
    ok = ok and all(r["page"] is None or r["page"]["ready_median_s"] < TARGET_PAGE_S for r in reports.values())
    report = next(iter(reports.values())) if len(reports) == 1 else {"backends": reports}
    report["targets_met"] = ok
    print(json.dumps(report, indent=2))

if __name__ == "__main__":
    main()
