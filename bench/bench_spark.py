"""Spark local[1] / local[2] against the single-process runner on the same generated corpus.

    python -m bench.bench_spark [--variants 30 | --short 10000] [--masters local[1],local[2]]
    python -m bench.bench_spark --merge-events 1000,5000,10000,20000 [--uncached 1000,5000] [--merge-only]

The corpus is the demo articles moved whole weeks later (bench/corpus_variants.py; 30 variants
≈ 580 documents over text, HTML and JSON Lines), or with ``--short N`` N one-sentence generated
reports in JSON Lines files of 100 (bench/corpus_short.py: the issue's 10k-document run, which
full articles would make hours long). Each run ingests it into a fresh store:
``sitrep ingest`` in this process (its model load counted), then ``sitrep spark ingest`` on each
master in a subprocess (JVM and executor start-up counted: that is what a user waits for).
Prints documents/s, the ratio to the single process, the Spark stages' seconds (extract on the
executors, the driver's ordered merge, Parquet) and whether the events are the same.

``--merge-events`` (before the corpus runs; ``--merge-only`` for it alone) times the job's second stage alone (``sitrep.spark.job.merge_stage``: the
driver storing and merging stage 1's records in order, into a new SQLite file) against the
number of events, on bench/bench_merge.py's synthetic mentions (a fixed number of events a day,
so a larger set covers a longer period) standing in for stage 1's output: no Spark, no parse.
``--uncached`` repeats the sizes it lists with the store's candidate cache off (every candidate
parsed from its JSON for every document, as before sitrep/store/rowcache.py), for the before/after.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from bench.bench_merge import synthetic
from bench.corpus_short import write_short_corpus
from bench.corpus_variants import write_corpus
from sitrep.config import load_settings
from sitrep.export.parquet import write_parquet
from sitrep.ingest import discover
from sitrep.pipeline import Pipeline
from sitrep.spark.job import merge_stage
from sitrep.store import Store
from sitrep.store.rowcache import KEPT_CANDIDATES

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


# Mentions bench_merge.synthetic makes per true event (its reports per event x events per report).
MENTIONS_PER_EVENT = 2.2


def merge_run(events: int, work: Path, pipeline: Pipeline, *, kept: int = KEPT_CANDIDATES) -> dict[str, Any]:
    """Seconds (wall, CPU) of the merge stage over synthetic stage-1 records of about ``events`` events,
    with ``kept`` merge candidates kept parsed (0: parsed every time)."""
    docs = synthetic(round(events * MENTIONS_PER_EVENT))[0]
    folder = work / "input"
    folder.mkdir(parents=True)
    for doc, _ in docs:  # stage 2 walks the input files as the job does: one stand-in file per document
        (folder / doc.name).write_bytes(doc.raw)
    by_name = {doc.name: (doc, mentions) for doc, mentions in docs}
    files = discover([str(folder)], on_error=lambda e: None)
    records = ((i, *by_name[p.name]) for i, p in enumerate(files))
    with Store(work / "merge.db", kept_candidates=kept) as store:
        started, cpu = time.perf_counter(), time.process_time()
        report = merge_stage(pipeline, store, [str(folder)], records, files)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        stored = sum(1 for _ in store.iter_events())
    return {"documents": report.ingested, "mentions": sum(len(m) for _, m in docs), "events": stored,
            "seconds": seconds, "cpu": cpu}


def merge_series(sizes: list[int], uncached: list[int]) -> None:
    """Print the merge stage's time against the number of events, one line per size (and cache setting)."""
    pipeline = Pipeline(load_settings(env={}))
    print("events | documents | mentions | candidate cache | merge wall s | CPU s | ms per event (CPU)", flush=True)
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-merge-stage-") as tmp:
        for size, kept in [(n, None) for n in sizes] + [(n, 0) for n in uncached]:
            r = merge_run(size, Path(tmp) / f"{size}-{kept}", pipeline,
                          kept=KEPT_CANDIDATES if kept is None else kept)
            print(f"{r['events']} | {r['documents']} | {r['mentions']} | {'on' if kept is None else 'off'} | "
                  f"{r['seconds']:.1f} | {r['cpu']:.1f} | {1000 * r['cpu'] / max(r['events'], 1):.2f}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=30, help="copies of each demo article (default 30)")
    parser.add_argument("--short", type=int, default=0, help="N short generated reports instead of the variants")
    parser.add_argument("--masters", default="local[1],local[2]")
    parser.add_argument("--merge-events", default="",
                        help="time the merge stage alone at these event counts (comma-separated) instead")
    parser.add_argument("--merge-only", action="store_true", help="with --merge-events: skip the corpus runs")
    parser.add_argument("--uncached", default="", help="with --merge-events: these sizes again, candidate cache off")
    args = parser.parse_args(argv)
    if args.merge_events:
        merge_series([int(n) for n in args.merge_events.split(",")],
                     [int(n) for n in args.uncached.split(",") if n])
        if args.merge_only:
            return 0
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
