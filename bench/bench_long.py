"""What one long document costs: time and peak memory of ingesting it, by its length.

    python -m bench.bench_long [--sizes 10000,30000,50000,100000,200000] [--max-chars N]

Issue #14 asks every input to be refused or cut within a stated bound (5 s and 500 MB a
document). The pipeline's work is about linear in the characters of a document (spaCy's parse,
extraction, the geocoder's windows all read every sentence), so the bound holds only up to some
length: ``ingest.max_chars`` is set below it. Each size runs in a process of its own (so one
size's peak memory cannot hide another's): the stages are loaded and another article of the same
places and words is ingested first (start-up, and tables built on first use such as the
gazetteer's fuzzy keys by country, are not the document's), then a fictional article of that
many characters (``corpus_variants.long_article``) goes through ``Pipeline.ingest`` into a new
SQLite store. Printed: characters kept, mentions, wall and CPU seconds, and how much the peak
RSS grew. ``--max-chars`` sets ``ingest.max_chars`` (default: a little over each size, so nothing
is cut and the size itself is measured).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WARM_CHARS = 30_000  # the warm-up article: enough to name every place the long one names


def measure(chars: int, max_chars: int) -> dict:
    """Ingest one ``chars``-character article after a warm-up; its cost (in this process)."""
    from bench.corpus_variants import long_article
    from sitrep.config import load_settings
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

    settings = load_settings(env={"SITREP_INGEST_MAX_CHARS": str(max_chars)})
    pipeline = Pipeline(settings)
    with tempfile.TemporaryDirectory() as tmp, Store(str(Path(tmp) / "long.db")) as store:
        warm, long = Path(tmp) / "warm.txt", Path(tmp) / "long.txt"
        warm.write_text(long_article(min(chars, WARM_CHARS), first_copy=50), encoding="utf-8")
        long.write_text(long_article(chars), encoding="utf-8")
        pipeline.ingest(store, [str(warm)])
        peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        wall, cpu = time.perf_counter(), time.process_time()
        report = pipeline.ingest(store, [str(long)])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
        kept = store.conn.execute("SELECT length(text) FROM documents WHERE source_path = ?",
                                  (str(long),)).fetchone()[0]
    return {"chars": chars, "kept": kept, "mentions": report.events, "wall_s": round(wall, 2),
            "cpu_s": round(cpu, 2), "peak_growth_mb": round(grown, 1), "failed": report.failed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,50000,100000,200000")
    parser.add_argument("--max-chars", type=int, default=None)
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        print(json.dumps(measure(args.child, args.max_chars or args.child + 1000)))
        return 0
    print(f"{'chars':>8} {'kept':>8} {'mentions':>8} {'wall s':>7} {'CPU s':>6} {'peak +MB':>8}  load")
    for size in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, "-m", "bench.bench_long", "--child", str(size)]
        if args.max_chars:
            cmd += ["--max-chars", str(args.max_chars)]
        out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"{r['chars']:>8,} {r['kept']:>8,} {r['mentions']:>8} {r['wall_s']:>7.1f} {r['cpu_s']:>6.1f} "
              f"{r['peak_growth_mb']:>8.0f}  {os.getloadavg()[0]:.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
