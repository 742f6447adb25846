"""Load on `sitrep serve` at 50,000 events: many clients at once, then the same while an ingest writes.

Builds (or reuses) the seeded synthetic store of bench_web, starts the real server on a free
loopback port and runs three phases, each bounded in time:
- read: ``--clients`` threads, each with its own keep-alive connection, for ``--seconds``,
  requesting /api/events (a page of 100 under varied filters), /api/stats (varied filters) and
  the page itself (/) in the ratio 2:2:1; reports throughput, p50/p95/p99 and errors per route;
- read+ingest: the same while `sitrep ingest` stores the demo variants into the same database;
  one request in ten is a consistency probe (/api/events for the countries the ingest writes,
  every event on one page): total must equal the events returned and each must cite a document,
  i.e. no reader ever sees a document half-written or a page mixing two moments;
- attack: SQL-injection strings, absurd numbers, 10,000 filter values and huge boxes, one at a
  time on the full store: the status (422 or 200, never 500) and the slowest answer (goal < 1 s).
Goals on 2 cores: 0 errors, p99 < 500 ms.

    python -m bench.bench_load [--events 50000] [--clients 50] [--seconds 60] [--db FILE] [--no-ingest]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.bench_web import SITREP, build_db, filter_sets, free_port, percentile
from bench.corpus_variants import write_corpus

TARGET_P99_MS = 500.0
TARGET_ATTACK_MS = 1000.0
PROBE = "/api/events?limit=5000&country=Syria&country=Iraq&country=Nigeria&country=Somalia&country=Ukraine" \
        "&country=Yemen&country=Burkina+Faso"  # what the demo variants are about; the synthetic store has none


@dataclass
class Tally:
    """Latencies and failures of one route in one phase."""
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    hits: int = 0  # answered from the server's response cache (X-Sitrep-Cache: hit)

    def report(self, seconds: float) -> dict[str, Any]:
        if not self.times:
            return {"requests": 0, "errors": len(self.errors), "first_errors": self.errors[:3]}
        return {"requests": len(self.times), "per_s": round(len(self.times) / seconds, 1),
                "p50_ms": round(percentile(self.times, 50), 1), "p95_ms": round(percentile(self.times, 95), 1),
                "p99_ms": round(percentile(self.times, 99), 1), "max_ms": round(max(self.times), 1),
                "cache_hits": self.hits, "errors": len(self.errors), "first_errors": self.errors[:3]}


def _request(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float]:
    status, body, ms, _ = _request_cached(conn, path)
    return status, body, ms


def _request_cached(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes, float, bool]:
    t0 = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    return r.status, body, (time.perf_counter() - t0) * 1000, r.getheader("X-Sitrep-Cache") == "hit"


def check_probe(body: bytes) -> str | None:
    """The consistency probe's answer: None when whole, else what is wrong with it."""
    data = json.loads(body)
    if data["total"] != len(data["events"]):
        return f"total {data['total']} but {len(data['events'])} events on a page that holds them all"
    for e in data["events"]:
        if not e["docs"]:
            return f"event {e.get('id')} cites no document"
    return None


def run_clients(port: int, clients: int, seconds: float, *, probes: bool, probe: str = PROBE) -> dict[str, Any]:
    """``clients`` threads hammering the server for ``seconds``; per-route tallies. With ``probes``,
    one request in six is ``probe`` (a page that holds every event a writer is adding)."""
    rng = random.Random(5)
    filters = filter_sets(rng, 400)
    routes = ["events", "events", "stats", "stats", "page"] + (["probe"] if probes else [])
    tallies = {name: Tally() for name in set(routes)}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        local = random.Random(k)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop:
            route = local.choice(routes)
            f = local.choice(filters)
            path = {"events": f"/api/events?limit=100&{f}", "stats": f"/api/stats?{f}", "page": "/",
                    "probe": probe}[route]
            try:
                status, body, ms, hit = _request_cached(conn, path)
                problem = None if status == 200 else f"{status} {path}: {body[:120]!r}"
                if problem is None and route == "probe":
                    problem = check_probe(body)
            except (OSError, http.client.HTTPException, ValueError) as exc:
                status, ms, hit, problem = 0, 0.0, False, f"{type(exc).__name__} {path}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                (tallies[route].errors.append(problem) if problem else tallies[route].times.append(ms))
                tallies[route].hits += hit
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.monotonic() - t0
    out = {name: tally.report(took) for name, tally in sorted(tallies.items())}
    every = [ms for t in tallies.values() for ms in t.times]
    out["all"] = {"requests": len(every), "per_s": round(len(every) / took, 1),
                  "p50_ms": round(percentile(every, 50), 1) if every else None,
                  "p95_ms": round(percentile(every, 95), 1) if every else None,
                  "p99_ms": round(percentile(every, 99), 1) if every else None,
                  "cache_hits": sum(t.hits for t in tallies.values()),
                  "errors": sum(len(t.errors) for t in tallies.values()), "seconds": round(took, 1)}
    return out


def attack_queries() -> list[tuple[str, str]]:
    """(name, path) of hostile requests; each must be a 200 or a 422 and fast on the full store."""
    inj = urllib.parse.quote("' OR 1=1 --")
    many = urllib.parse.urlencode([("country", f"Nowhere {i}") for i in range(10_000)])
    return [
        ("injection in country", f"/api/events?country={inj}"),
        ("injection in actor", f"/api/events?actor={inj}"),
        ("injection in q (evidence search)", f"/api/events?q={inj}"),
        ("injection in sort", f"/api/events?sort={inj}"),
        ("like wildcards in q", "/api/events?q=" + "%25_" * 60),
        ("q over every evidence text", "/api/events?q=reported+near"),
        ("whole-world box", "/api/events?bbox=-180,-90,180,90&limit=5000"),
        ("whole-world box, points", "/api/points?bbox=-180,-90,180,90"),
        ("antimeridian box", "/api/points?bbox=179,-90,-179,90"),
        ("last page", "/api/events?limit=5000&offset=45000&sort=-fatalities"),
        ("offset past the end", "/api/events?limit=5000&offset=1000000000"),
        ("offset overflow", "/api/events?offset=99999999999999999999"),
        ("10,000 country values", f"/api/events?{many}"),
        ("10,000 country values, stats", f"/api/stats?{many}"),
        ("10,001 values", f"/api/points?{many}&admin1=x"),
        ("NUL in a filter", "/api/events?country=%00"),
        ("far-off time zone", "/api/events?since=0001-01-01T00:00:00%2B14:00"),
    ]


def run_attacks(port: int) -> dict[str, Any]:
    results = {}
    for name, path in attack_queries():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            status, body, ms = _request(conn, path)
        except (OSError, http.client.HTTPException) as exc:
            status, body, ms = 0, str(exc).encode(), 0.0
        finally:
            conn.close()
        results[name] = {"status": status, "ms": round(ms, 1), "bytes": len(body)}
    slowest = max(r["ms"] for r in results.values())
    ok = all(r["status"] in (200, 422) for r in results.values()) and slowest < TARGET_ATTACK_MS
    return {"queries": results, "slowest_ms": slowest, "ok": ok}


def wait_ready(port: int, proc: subprocess.Popen) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit(f"sitrep serve exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            _request(conn, "/api/facets")
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("sitrep serve did not answer in 30 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--db", default=None, help="Reuse (or create) this database file (it gets the ingest too).")
    parser.add_argument("--no-ingest", action="store_true", help="Skip the read+ingest phase.")
    parser.add_argument("--ingest-variants", type=int, default=12, help="Demo variants the ingest phase stores.")
    a = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="sitrep-bench-load-")
    db = Path(a.db) if a.db else Path(tmp.name) / "load.db"
    report: dict[str, Any] = {"events": a.events, "clients": a.clients, "seconds": a.seconds}
    if not db.exists():
        t0 = time.perf_counter()
        build_db(db, a.events)
        report["built_s"] = round(time.perf_counter() - t0, 1)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    server = subprocess.Popen([SITREP, "serve", "--db", str(db), "--port", str(port)], env=env)
    ingest = None
    try:
        wait_ready(port, server)
        load = [round(os.getloadavg()[0], 1)]
        report["read"] = run_clients(port, a.clients, a.seconds, probes=False)
        load.append(round(os.getloadavg()[0], 1))
        report["attack"] = run_attacks(port)
        if not a.no_ingest:
            corpus = Path(tmp.name) / "corpus"
            docs = write_corpus(corpus, variants=a.ingest_variants)
            env["SITREP_EXTRACT_BATCH_SIZE"] = "4"  # many small commits: more moments for a reader to see
            ingest = subprocess.Popen([SITREP, "ingest", str(corpus), "--db", str(db), "--quiet"], env=env,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            before = _count_docs(db)
            deadline = time.monotonic() + 300  # start-up and the first batch: measure while it writes
            while _count_docs(db) == before and ingest.poll() is None and time.monotonic() < deadline:
                time.sleep(0.5)
            before = _count_docs(db)
            report["read_while_ingesting"] = run_clients(port, a.clients, a.seconds, probes=True)
            report["read_while_ingesting"]["documents_stored_meanwhile"] = _count_docs(db) - before
            report["read_while_ingesting"]["ingest_documents"] = docs
            report["read_while_ingesting"]["ingest_still_running"] = ingest.poll() is None
        load.append(round(os.getloadavg()[0], 1))
        report["load_average_1min"] = load
    finally:
        if ingest is not None and ingest.poll() is None:
            ingest.terminate()
            ingest.wait(30)
        server.terminate()
        server.wait(10)
        tmp.cleanup()
    phases = [report["read"]] + ([report["read_while_ingesting"]] if "read_while_ingesting" in report else [])
    report["targets_met"] = (all(p["all"]["errors"] == 0 and (p["all"]["p99_ms"] or 0) < TARGET_P99_MS
                                 for p in phases) and report["attack"]["ok"])
    print(json.dumps(report, indent=2))


def _count_docs(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


if __name__ == "__main__":
    main()
