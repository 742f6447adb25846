"""Spark local[1] / local[2] against the single-process runner on the same generated corpus.

    python -m bench.bench_spark [--variants 30 | --short 10000] [--masters local[1],local[2]]

The corpus is the demo articles moved whole weeks later (bench/corpus_variants.py; 30 variants
≈ 580 documents over text, HTML and JSON Lines), or with ``--short N`` N one-sentence generated
reports in JSON Lines files of 100 (bench/corpus_short.py: the issue's 10k-document run, which
full articles would make hours long). Each run ingests it into a fresh store:
``sitrep ingest`` in this process (its model load counted), then ``sitrep spark ingest`` on each
master in a subprocess (JVM and executor start-up counted: that is what a user waits for).
Prints documents/s, the ratio to the single process, the Spark stages' seconds (extract on the
executors, the driver's ordered merge, Parquet) and whether the events are the same.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from bench.corpus_short import write_short_corpus
from bench.corpus_variants import write_corpus
from sitrep.config import load_settings
from sitrep.export.parquet import write_parquet
from sitrep.pipeline import Pipeline
from sitrep.store import Store

KEY = ("event_type", "sub_event_type", "event_date", "location", "fatalities", "source", "docs")


def _events(path: Path) -> list[tuple]:
    return sorted(tuple(str(r[k]) for k in KEY) for r in pq.read_table(path).to_pylist())


def single_process(corpus: Path, work: Path) -> tuple[float, int, list[tuple]]:
    """Seconds (model load included), documents ingested and events of ``sitrep ingest``."""
    started = time.perf_counter()
    with Store(work / "single.db") as store:
        report = Pipeline(load_settings(env={})).ingest(store, [str(corpus)])
        seconds = time.perf_counter() - started
        write_parquet(store.iter_events(), work / "single.parquet",
                      outlets={d.name: d.outlet for d in store.documents()})
    return seconds, report.ingested, _events(work / "single.parquet")


def spark(corpus: Path, work: Path, master: str) -> tuple[float, dict, list[tuple]]:
    """Wall seconds of `sitrep spark ingest` on ``master`` (a subprocess), its run.json and events."""
    out = work / f"spark-{master.replace('[', '').replace(']', '').replace('*', 'all')}"
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sitrep", "spark", "ingest", str(corpus), "--output", str(out),
                    "--master", master, "--quiet"], check=True, capture_output=True)
    seconds = time.perf_counter() - started
    return seconds, json.loads((out / "run.json").read_text()), _events(out / "events.parquet")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=30, help="copies of each demo article (default 30)")
    parser.add_argument("--short", type=int, default=0, help="N short generated reports instead of the variants")
    parser.add_argument("--masters", default="local[1],local[2]")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-spark-") as tmp:
        work = Path(tmp)
        n = write_short_corpus(work / "corpus", docs=args.short) if args.short else \
            write_corpus(work / "corpus", variants=args.variants)
        base_s, docs, events = single_process(work / "corpus", work)
        print(f"corpus: {n} documents ({docs} ingested), {len(events)} events")
        print(f"single process   {base_s:7.1f} s  {docs / base_s:6.2f} docs/s  (model load included)")
        same = True
        for master in args.masters.split(","):
            seconds, run, got = spark(work / "corpus", work, master)
            stages = ", ".join(f"{k} {v:.1f} s" for k, v in run["seconds"].items())
            print(f"spark {master:10} {seconds:7.1f} s  {docs / seconds:6.2f} docs/s  "
                  f"x{base_s / seconds:.2f} of single  ({stages}; {run['events']} events, "
                  f"merge {1000 * run['seconds']['merge'] / max(run['events'], 1):.1f} ms/event)  "
                  f"events {'identical' if got == events else 'DIFFER'}")
            same = same and got == events
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
