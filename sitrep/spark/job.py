"""The Spark job: ingest → extract → geocode in parallel on executors, then merge once, in order.

Run it as ``sitrep spark ingest INPUT... --output DIR`` or, on a cluster, as
``spark-submit sitrep/spark/job.py INPUT... --output DIR --master spark://host:7077``.

Design, and why:

* **Stage 1 (executors, parallel)** — the expensive part. The driver discovers the input files
  (``ingest.discover``, so the same files in the same order as ``sitrep ingest``) and cuts that
  list into contiguous partitions. Each partition reads its files with ``ingest.read_file`` and
  runs ``Pipeline.analyse`` (country focus, spaCy extraction, geocoding) on batches of documents:
  the very functions the single-process runner calls. spaCy and the gazetteer are loaded once per
  Python worker (``_pipeline``'s module-level cache; Spark reuses its Python workers across
  tasks), not once per document or task. The result, per document, is the ``Document`` with its
  mentions (or the ``InputError`` that stopped it), kept by Spark (memory, spilling to disk).
* **Stage 2 (driver, sequential)** — the cross-report merge. Merging is order-dependent (which
  report came first decides event ids and which copy is the original) and cheap next to parsing,
  so it is not distributed: the driver pulls the partitions back in order and replays them
  through ``Pipeline.ingest`` with ``read``/``analyse`` functions that hand over what the
  executors computed. Batching, de-duplication, blocking by (date window, country/admin1) in
  ``store.candidate_events_in`` and ``Resolver.merge`` are thus the single-process code itself,
  and the exported events equal those of ``sitrep ingest`` on the same files. The store is
  ``--db`` (SQLite or a shared PostgreSQL) or ``DIR/sitrep.db``.
* **Output** — ``DIR/events.parquet`` (the ``sitrep export --format parquet`` table),
  ``DIR/mentions.parquet`` (every report, with the id of the event it supports) and
  ``DIR/documents.parquet`` (metadata and clean text), plus ``DIR/run.json`` (counts, seconds).

Inputs must be paths every executor can read (one machine, or a filesystem all nodes mount);
``DIR`` is written by the driver.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from sitrep.config import Settings
from sitrep.errors import InputError, OutputError
from sitrep.model import Document
from sitrep.pipeline import Analysis, IngestReport, Pipeline

log = logging.getLogger(__name__)

# One loaded pipeline per Python worker process: (settings it was built from, the pipeline).
_LOADED: tuple[Settings, Pipeline] | None = None
# A stage-1 record: (file index, the document or the error tuple, its analysis or error tuple).
Record = tuple[int, Any, Any]


@dataclass
class JobReport:
    """What a Spark run did: the replay's ingest report, where the tables went, and the time each stage took."""

    ingest: IngestReport
    output: str
    db: str
    files: int = 0
    partitions: int = 0
    documents: int = 0
    events: int = 0
    mentions: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        return (f"{self.ingest.summary()}; {self.events} events, {self.mentions} mentions and {self.documents} "
                f"documents written to {self.output} ({self.files} files in {self.partitions} partitions; "
                + ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items()) + ")")


def _pipeline(settings: Settings) -> Pipeline:
    """The worker's pipeline, loaded on first use (spaCy, gazetteer, gate) and kept for later tasks."""
    global _LOADED
    if _LOADED is None or _LOADED[0] != settings:
        _LOADED = (settings, Pipeline(settings))
    return _LOADED[1]


def _error_tuple(e: InputError) -> tuple[str, str, str, str | None, str | None]:
    # InputError takes keyword arguments that Exception's pickling does not keep: ship its fields.
    return (e.path, e.reason, e.message, e.record, e.hint)


def _error(t: tuple[str, str, str, str | None, str | None]) -> InputError:
    return InputError(t[0], t[1], t[2], record=t[3], hint=t[4])


def analyse_partition(files: Iterable[tuple[int, str]], *, settings: Settings,
                      meta: dict[str, dict[str, Any]]) -> Iterator[Record]:
    """Stage 1 over one partition: read each file, analyse its documents in batches, in file order."""
    from sitrep import ingest

    pipeline = _pipeline(settings)
    batch_size = int(settings.get("extract", "batch_size"))
    pending: list[tuple[int, Document | InputError]] = []

    def flush() -> Iterator[Record]:
        docs = [item for _, item in pending if isinstance(item, Document)]
        results = iter(pipeline.analyse(docs) if docs else [])
        for index, item in pending:
            if isinstance(item, InputError):
                yield index, _error_tuple(item), None
            else:
                result = next(results)
                yield index, item, _error_tuple(result) if isinstance(result, InputError) else result
        pending.clear()

    for index, path in files:
        for item in ingest.read_file(Path(path), meta=meta, settings=settings):
            pending.append((index, item))
            if sum(isinstance(i, Document) for _, i in pending) >= batch_size:
                yield from flush()
    yield from flush()


class Replay:
    """Stage 2's ``read`` and ``analyse`` for ``Pipeline.ingest``: the executors' results, in input order.

    A document's analysis waits in ``results`` from the moment it is read until the runner asks
    for it with its batch; one the runner skips (already stored) keeps its entry, which costs
    memory only on a re-run over a store that already holds most of the input."""

    def __init__(self, records: Iterator[Record], files: list[Path]):
        self.records = records
        self.files = {str(p): i for i, p in enumerate(files)}
        self.head: Record | None = next(records, None)
        self.results: dict[int, Analysis] = {}

    def read(self, path: Path) -> Iterator[Document | InputError]:
        index = self.files[str(path)]
        while self.head is not None and self.head[0] == index:
            _, item, result = self.head
            self.head = next(self.records, None)
            if isinstance(item, Document):
                self.results[id(item)] = _error(result) if isinstance(result, tuple) else result
                yield item
            else:
                yield _error(item)

    def analyse(self, docs: list[Document], *, debug: bool = False) -> list[Analysis]:
        return [self.results.pop(id(d)) for d in docs]


def merge_stage(pipeline: Pipeline, store: Any, inputs: list[str], records: Iterator[Record], files: list[Path], *,
                meta: dict[str, dict[str, Any]] | None = None,
                on_error: Callable[[InputError], None] | None = None) -> IngestReport:
    """Stage 2 on the driver: stage 1's ``records`` (in file order) stored and merged by the
    single-process loop itself. A function of its own so that its cost can be measured against
    the number of events without Spark or extraction (bench/bench_spark.py ``--merge-events``)."""
    replay = Replay(records, files)
    return pipeline.ingest(store, inputs, meta=meta, on_error=on_error, read=replay.read, analyse=replay.analyse)


def run_job(inputs: list[str], output: str, *, settings: Settings, db: str | None = None,
            master: str | None = None, partitions: int | None = None,
            meta: dict[str, dict[str, Any]] | None = None,
            on_error: Callable[[InputError], None] | None = None) -> JobReport:
    """Run both stages over ``inputs`` and write the Parquet tables under ``output``."""
    from sitrep import ingest
    from sitrep.spark.session import spark_session
    from sitrep.store import Store

    out = Path(output)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{output}: cannot create the output folder ({exc.strerror})") from exc
    db = db or str(out / "sitrep.db")
    files = ingest.discover(list(inputs), on_error=lambda e: None)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    with spark_session(master) as spark:
        sc = spark.sparkContext
        n = max(1, min(len(files), partitions or sc.defaultParallelism * 4))
        indexed = [(i, str(p)) for i, p in enumerate(files)]
        meta = meta or {}
        stage1 = sc.parallelize(indexed, n).mapPartitions(
            lambda part: analyse_partition(part, settings=settings, meta=meta))
        from pyspark import StorageLevel

        stage1.persist(StorageLevel.MEMORY_AND_DISK)
        stage1.count()  # every partition analysed in parallel before the ordered replay starts
        seconds["extract"] = time.perf_counter() - started
        t = time.perf_counter()
        pipeline = Pipeline(settings)
        with Store(db) as store:
            report = merge_stage(pipeline, store, inputs, iter(stage1.toLocalIterator(prefetchPartitions=True)),
                                 files, meta=meta, on_error=on_error)
            seconds["merge"] = time.perf_counter() - t
            stage1.unpersist()
            t = time.perf_counter()
            job = JobReport(report, output, db, files=len(files), partitions=n)
            _write_tables(store, out, job)
            seconds["write"] = time.perf_counter() - t
    job.seconds = seconds
    (out / "run.json").write_text(json.dumps(_run_record(job), indent=2) + "\n", encoding="utf-8")
    return job


def _write_tables(store: Any, out: Path, job: JobReport) -> None:
    """events/mentions/documents.parquet from the store the replay filled (ids as stored)."""
    from sitrep.export.parquet import DOCUMENT, MENTION, document_row, mention_row, write_parquet, write_rows

    documents = store.documents()
    outlets = {d.name: d.outlet for d in documents}
    job.events = write_parquet(store.iter_events(), out / "events.parquet", outlets=outlets)

    def mentions() -> Iterator[dict[str, Any]]:
        for event in store.iter_events():
            for m in event.mentions:
                yield mention_row(m, event.id)
        for m in store.context():
            yield mention_row(m, None)

    job.mentions = write_rows(mentions(), MENTION, out / "mentions.parquet")
    job.documents = write_rows((document_row(d) for d in documents), DOCUMENT, out / "documents.parquet")


def _run_record(job: JobReport) -> dict[str, Any]:
    r = job.ingest
    return {"files": job.files, "partitions": job.partitions, "ingested": r.ingested, "unchanged": r.unchanged,
            "failed": r.failed, "errors": dict(r.by_reason), "events": job.events, "mentions": job.mentions,
            "documents": job.documents, "db": job.db, "seconds": {k: round(v, 2) for k, v in job.seconds.items()}}


def main(argv: list[str] | None = None) -> int:
    """``spark-submit sitrep/spark/job.py INPUT... --output DIR``: the job without the sitrep CLI."""
    from sitrep.config import load_settings
    from sitrep.errors import SitrepError

    parser = argparse.ArgumentParser(prog="job.py", description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("--output", required=True)
    parser.add_argument("--db", default=os.environ.get("SITREP_DB"))
    parser.add_argument("--master", default=None, help="default: spark-submit's --master, else local[*]")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--config", default=None)
    args = parser.parse_args(argv)
    try:
        job = run_job(args.inputs, args.output, settings=load_settings(args.config), db=args.db,
                      master=args.master, partitions=args.partitions,
                      on_error=lambda e: print(f"error: {e}", file=sys.stderr))
    except SitrepError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(job.summary(), file=sys.stderr)
    return 1 if job.ingest.failed else 0


if __name__ == "__main__":  # spark-submit runs this file: import the module so workers cache by reference
    from sitrep.spark import job as _job

    sys.exit(_job.main())
