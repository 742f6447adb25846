"""Ingest throughput on SQLite and on PostgreSQL, side by side in one run (`make bench`).

    python -m bench.bench_store [--shared ../shared] [--notes 600] [--seed 1]

The same inputs (ACLED notes made from ../shared, else the demo articles) are ingested by one
``Pipeline`` (models loaded once, warmed up first) into a new SQLite file and into a new database
on the PostgreSQL test server (`scripts/pg.sh`, started if needed), so the two numbers differ
only by the store.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from bench.bench_extract import ROOT, corpora
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
    args = parser.parse_args()
    pipeline = Pipeline(load_settings(env={}))
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-store-") as tmp:
        work = Path(tmp)
        found = corpora(args.shared, args.notes, args.seed, work)
        notes = work / "notes"
        name, inputs, meta = ("demo", [str(ROOT / "demo" / "articles")], {})
        if (notes / "articles").is_dir():
            name, inputs = f"acled-notes-{args.notes}", [str(notes / "articles")]
            meta = ingest_stage.load_meta(str(notes / "docs.jsonl"))[0]
        with Store(work / "warm.db") as store:  # models and gazetteer loaded before any clock starts
            pipeline.ingest(store, [str(ROOT / "demo" / "articles")])
        rates = {}
        for backend, db in (("SQLite", str(work / "bench.db")), ("PostgreSQL", postgres_database())):
            with Store(db) as store:
                t = time.perf_counter()
                report = pipeline.ingest(store, inputs, meta=meta)
                seconds = time.perf_counter() - t
            rates[backend] = report.ingested / seconds
            print(f"{name:18} {backend:10} {report.ingested:5} docs {seconds:7.1f} s {rates[backend]:7.1f} docs/s")
        print(f"{name:18} PostgreSQL/SQLite {rates['PostgreSQL'] / rates['SQLite']:.2f}x"
              f" ({', '.join(found) or 'no corpora'} available)")


if __name__ == "__main__":
    main()
