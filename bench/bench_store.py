"""Ingest throughput on SQLite and on PostgreSQL, side by side in one run (`make bench`).

    python -m bench.bench_store [--shared ../shared] [--notes 600] [--seed 1] [--rounds 1] [--no-cli]

The same inputs (ACLED notes made from ../shared, else the demo articles) go into a new SQLite
file and into a new database on the PostgreSQL test server (`scripts/pg.sh`, started if needed)
twice over, so each pair of numbers differs only by the store:

- *warm*: one ``Pipeline`` in this process (models loaded once, warmed up first): the store's
  share of the per-document cost, with nothing else in the clock;
- *command*: ``sitrep ingest INPUT --db ...`` as a user runs it (a subprocess: start-up, reading,
  extraction, writes), its wall and CPU time from ``os.wait4``. The CPU is the command's own:
  the PostgreSQL server's work is on the wall clock only.

``--rounds N`` repeats both legs N times, SQLite and PostgreSQL alternating, and reports each
round (the machine is shared: alternating keeps a load change from landing on one backend).
"""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench.bench_extract import ROOT, corpora
from bench.bench_pipeline import ingest_run
from sitrep import ingest as ingest_stage
from sitrep.config import load_settings
from sitrep.pipeline import Pipeline
from sitrep.store import Store


def postgres_database() -> str:
    """A new database on the test server (the server is left running, as `make postgres` leaves it)."""
    import psycopg

    server = subprocess.run([ROOT / "scripts" / "pg.sh", "start"], check=True, capture_output=True,
                            text=True).stdout.strip()
    name = f"sitrep_bench_{os.getpid()}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return server.rsplit("/", 1)[0] + "/" + name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--notes", type=int, default=600)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1, help="repeat both legs, backends alternating")
    parser.add_argument("--no-cli", action="store_true", help="skip the `sitrep ingest` command legs")
    args = parser.parse_args()
    pipeline = Pipeline(load_settings(env={}))
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-store-") as tmp:
        work = Path(tmp)
        found = corpora(args.shared, args.notes, args.seed, work)
        notes = work / "notes"
        name, inputs, meta, meta_file = ("demo", [str(ROOT / "demo" / "articles")], {}, None)
        if (notes / "articles").is_dir():
            name, inputs = f"acled-notes-{args.notes}", [str(notes / "articles")]
            meta_file = notes / "docs.jsonl"
            meta = ingest_stage.load_meta(str(meta_file))[0]
        with Store(work / "warm.db") as store:  # models and gazetteer loaded before any clock starts
            pipeline.ingest(store, [str(ROOT / "demo" / "articles")])
        if not args.no_cli:  # and a command's: a first one may build the gazetteer index cache
            ingest_run(ROOT / "demo" / "articles", work / "warm-cli.db")
        rates: dict[str, list[float]] = {}
        for r in range(args.rounds):
            for backend in ("SQLite", "PostgreSQL"):
                db = str(work / f"warm-{r}.db") if backend == "SQLite" else postgres_database()
                with Store(db) as store:
                    t = time.perf_counter()
                    report = pipeline.ingest(store, inputs, meta=meta)
                    seconds = time.perf_counter() - t
                rates.setdefault(f"warm {backend}", []).append(report.ingested / seconds)
                print(f"{name:18} round {r + 1} warm    {backend:10} {report.ingested:5} docs {seconds:7.1f} s"
                      f" {report.ingested / seconds:7.1f} docs/s", flush=True)
                if args.no_cli:
                    continue
                db = str(work / f"cli-{r}.db") if backend == "SQLite" else postgres_database()
                wall, cpu, peak = ingest_run(Path(inputs[0]), db, meta=meta_file)
                rates.setdefault(f"command {backend}", []).append(report.ingested / wall)
                print(f"{name:18} round {r + 1} command {backend:10} {report.ingested:5} docs {wall:7.1f} s"
                      f" {report.ingested / wall:7.1f} docs/s, CPU {cpu:.1f} s, peak RSS {peak:.0f} MB", flush=True)
        for leg in ("warm", "command"):
            if f"{leg} SQLite" in rates:
                pg, lite = max(rates[f"{leg} PostgreSQL"]), max(rates[f"{leg} SQLite"])
                print(f"{name:18} {leg:7} best of {args.rounds}: SQLite {lite:.1f}, PostgreSQL {pg:.1f} docs/s,"
                      f" PostgreSQL/SQLite {pg / lite:.2f}x")
        print(f"({', '.join(found) or 'no corpora'} available)")


if __name__ == "__main__":
    main()
