"""`sitrep ingest` end to end against bare spaCy, and its peak memory as the corpus grows.

    python -m bench.bench_pipeline [--sizes 250,1000,2000]

Issue #13's two targets for the single-process runner: the whole command (start-up, reading,
extraction, geocoding, merging, SQLite writes) at ≥ 1.0× the documents/s of bare ``nlp.pipe`` on
the same clean texts, and a peak RSS flat in corpus size. The corpus is the demo articles moved
whole weeks later (bench/corpus_variants.py: text, HTML and JSON Lines). For each size, bare
``nlp.pipe`` runs in this process on the texts the readers produce (model already loaded: the
floor a parser-on-everything design cannot beat), then ``sitrep ingest`` runs as a subprocess
into a new SQLite file; its wall time and peak RSS come from ``os.wait4``.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus_variants import write_corpus
from sitrep import ingest
from sitrep.config import load_settings
from sitrep.extract.nlp import load_nlp
from sitrep.model import Document

SINGLES = 18  # English single-article demo files per variant (corpus_variants), plus 4 JSON Lines records


def texts_of(corpus: Path, settings) -> list[str]:
    """The clean texts `sitrep ingest` would parse (what the readers make of every file)."""
    out = []
    for path in ingest.discover([str(corpus)], on_error=lambda e: None):
        out += [d.text for d in ingest.read_file(path, meta={}, settings=settings)
                if isinstance(d, Document) and d.text and d.language in (None, "", "en")]
    return out


def bare_seconds(nlp, texts: list[str], batch: int) -> float:
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch):
        pass
    return time.perf_counter() - started


def ingest_run(corpus: Path, db: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one `sitrep ingest` process."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "ingest", str(corpus), "--db", str(db), "--quiet"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"sitrep ingest {corpus} failed (status {status})")
    return seconds, usage.ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250,1000,2000", help="approximate documents per corpus")
    args = parser.parse_args(argv)
    settings = load_settings(env={})
    nlp = load_nlp(settings)
    batch = int(settings.get("extract", "batch_size"))
    print("docs  bare nlp.pipe docs/s  sitrep ingest docs/s (wall, start-up included)  ratio  peak RSS")
    rss = []
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="sitrep-bench-pipeline-") as tmp:
            corpus = Path(tmp) / "corpus"
            variants = max(1, round(size / (SINGLES + 4)))
            write_corpus(corpus, variants=variants)
            texts = texts_of(corpus, settings)
            bare = bare_seconds(nlp, texts, batch)
            wall, peak = ingest_run(corpus, Path(tmp) / "s.db")
            rss.append(peak)
            print(f"{len(texts):5}  {len(texts) / bare:20.1f}  {len(texts) / wall:45.1f}  {bare / wall:5.2f}x"
                  f"  {peak:6.0f} MB", flush=True)
    print(f"peak RSS spread: {100 * (max(rss) - min(rss)) / min(rss):.0f} % (target within 10 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
