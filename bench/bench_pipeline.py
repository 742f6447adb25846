"""`sitrep ingest` end to end against bare spaCy, and its peak memory as the corpus grows.

    python -m bench.bench_pipeline [--corpus variants,short,notes,articles] [--sizes 250,1000,2000]
        [--notes 600] [--repeat 10] [--full] [--workers 2] [--memory-only] [--sample 60] [--shared ../shared]

Issue #13's two targets for the single-process runner: the whole command (start-up, reading,
extraction, geocoding, merging, SQLite writes) at >= 1.0x the documents/s of bare ``nlp.pipe`` on
the same clean texts, and a peak RSS flat in corpus size. Corpora:

- ``variants``: the demo articles moved whole weeks later (bench/corpus_variants.py: text, HTML
  and JSON Lines), one corpus per ``--sizes`` entry (the memory series);
- ``short``: one-sentence generated reports (bench/corpus_short.py), one corpus per ``--sizes``
  entry: the 1k/10k/50k memory series, which full articles would take a day to reach;
- ``notes``: ``--notes`` ACLED Syria notes (../shared/dev/acled_notes.py, seed 1; skipped without ../shared);
- ``articles``: the full-length dev articles (../shared/dev/real and seeds) and the demo's
  English text files, each written ``--repeat`` times under new names (a run of a few dozen
  documents would time start-up only).

For each corpus, bare ``nlp.pipe`` runs in this process on the texts the readers produce (model
already loaded: the floor a parser-on-everything design cannot beat), then ``sitrep ingest`` runs
as a subprocess into a new SQLite file; its wall time (start-up included) and peak RSS come from
``os.wait4``. In the same run, for the side-by-side figures, ``--full`` also runs ``sitrep ingest``
with ``extract.selective_ner = false`` (NER on every sentence, as before issue #13) and
``--selective-parse`` with ``extract.selective_parse = true`` (the parser only on the needed sentences).
``--workers N`` also runs it with ``ingest.workers = N`` (analysis in N forked processes,
sitrep/workers.py) and, for the fair parallel floor, bare ``nlp.pipe(n_process=N)``.
``--sample S`` prints, every S seconds of a run, the process's high-water mark (``VmHWM``) with
the documents stored so far, so a long memory run shows its curve (and a partial one if stopped).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import sqlite3
import tempfile
import threading
import time
from contextlib import closing
from pathlib import Path

from bench.corpus_short import write_short_corpus
from bench.corpus_variants import write_corpus
from sitrep import ingest
from sitrep.config import load_settings
from sitrep.extract.nlp import stock_nlp
from sitrep.model import Document

ROOT = Path(__file__).resolve().parents[1]
SINGLES = 18  # English single-article demo files per variant (corpus_variants), plus 4 JSON Lines records


def texts_of(corpus: Path, settings, meta: dict | None = None) -> list[str]:
    """The clean texts `sitrep ingest` would parse (what the readers make of every file)."""
    out = []
    for path in ingest.discover([str(corpus)], on_error=lambda e: None):
        out += [d.text for d in ingest.read_file(path, meta=meta or {}, settings=settings)
                if isinstance(d, Document) and d.text and d.language in (None, "", "en")]
    return out


def bare_seconds(nlp, texts: list[str], batch: int, n_process: int = 1) -> tuple[float, float]:
    """Wall and CPU seconds of bare ``nlp.pipe`` over ``texts`` (CPU of this process only: with
    ``n_process`` > 1 the workers' is not counted, so only the wall figure compares)."""
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch, n_process=n_process):
        pass
    return time.perf_counter() - started, time.process_time() - cpu


def ingest_run(corpus: Path, db: Path | str, *, meta: Path | None = None, env: dict | None = None,
               sample: float = 0) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one `sitrep ingest` process.
    CPU time is the steadier figure on a machine shared with other jobs. With ``sample`` > 0 the
    high-water mark so far is printed every ``sample`` seconds beside the documents stored."""
    cmd = [sys.executable, "-m", "sitrep", "ingest", str(corpus), "--db", str(db), "--quiet"]
    if meta is not None:
        cmd += ["--meta", str(meta)]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, **(env or {})})
    done = threading.Event()
    if sample > 0:
        threading.Thread(target=_sample_memory, args=(proc.pid, db, sample, started, done), daemon=True).start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"sitrep ingest {corpus} failed (status {status})")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _sample_memory(pid: int, db: Path, every: float, started: float, done: threading.Event) -> None:
    """Print ``pid``'s VmHWM and the documents in ``db`` every ``every`` seconds until ``done``."""
    while not done.wait(every):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)) as con:
                stored = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        except (OSError, sqlite3.Error):
            continue
        hwm = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")), 0)
        print(f"  {time.perf_counter() - started:6.0f} s: {stored} documents stored, VmHWM {hwm / 1024:.0f} MB",
              flush=True)


def write_articles(target: Path, shared: Path, repeat: int) -> tuple[Path, Path]:
    """Dev real + seeds articles and the demo's English .txt files, ``repeat`` times each, with a
    docs.jsonl giving the dev articles' publication dates."""
    articles, meta_rows = target / "articles", []
    articles.mkdir(parents=True)
    sources = [(p, {}) for p in sorted((ROOT / "demo" / "articles").glob("*.txt")) if not p.name.endswith("_fr.txt")]
    for folder in (shared / "dev" / "real", shared / "dev" / "seeds"):
        meta_file = folder / "docs.jsonl"
        rows = {r["doc"]: r for r in map(json.loads, meta_file.read_text("utf-8").splitlines()) if r} \
            if meta_file.exists() else {}
        sources += [(p, rows.get(p.name, {})) for p in sorted((folder / "articles").glob("*")) if p.is_file()]
    for k in range(repeat):
        for path, row in sources:
            name = f"r{k:03d}_{path.parent.parent.name}_{path.name}"
            (articles / name).write_bytes(path.read_bytes())
            if row:
                meta_rows.append(json.dumps({**row, "doc": name}))
    meta = target / "docs.jsonl"
    meta.write_text("\n".join(meta_rows) + "\n", encoding="utf-8")
    return articles, meta


def corpora(args, tmp: Path) -> list[tuple[str, Path, Path | None]]:
    """(label, folder, docs.jsonl or None) for each requested corpus that can be built here."""
    out: list[tuple[str, Path, Path | None]] = []
    wanted = args.corpus.split(",")
    shared = Path(args.shared)
    if "notes" in wanted:
        script = shared / "dev" / "acled_notes.py"
        if script.exists():
            subprocess.run([sys.executable, str(script), str(shared / "eval" / "acled_syria.csv"), str(tmp / "notes"),
                            "--sample", str(args.notes), "--seed", "1"], check=True, capture_output=True)
            out.append((f"ACLED notes ({args.notes})", tmp / "notes" / "articles", tmp / "notes" / "docs.jsonl"))
        else:
            print(f"skip notes: {script} not found (evaluation data is not shipped with sitrep)")
    if "articles" in wanted:
        if (shared / "dev" / "real").is_dir():
            folder, meta = write_articles(tmp / "articles", shared, args.repeat)
            out.append((f"articles: dev real + seeds + demo, x{args.repeat}", folder, meta))
        else:
            print(f"skip articles: {shared}/dev/real not found")
    if "variants" in wanted:
        for size in (int(s) for s in args.sizes.split(",")):
            corpus = tmp / f"variants{size}"
            write_corpus(corpus, variants=max(1, round(size / (SINGLES + 4))))
            out.append((f"demo variants ~{size}", corpus, None))
    if "short" in wanted:
        for size in (int(s) for s in args.sizes.split(",")):
            n = write_short_corpus(tmp / f"short{size}", docs=size)
            out.append((f"short reports {n}", tmp / f"short{size}", None))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="variants,notes,articles", help="which corpora (comma-separated)")
    parser.add_argument("--sizes", default="250,1000,2000", help="approximate documents per variants corpus")
    parser.add_argument("--notes", type=int, default=600, help="ACLED notes in the notes corpus")
    parser.add_argument("--repeat", type=int, default=10, help="copies of each article in the articles corpus")
    parser.add_argument("--full", action="store_true", help="also run with NER on every sentence (selective_ner off)")
    parser.add_argument("--selective-parse", action="store_true",
                        help="also run with the parser on the needed sentences only (selective_parse on)")
    parser.add_argument("--workers", type=int, default=0,
                        help="also run with ingest.workers = N, beside bare nlp.pipe with n_process = N")
    parser.add_argument("--memory-only", action="store_true",
                        help="skip bare nlp.pipe: only sitrep ingest's time and peak RSS (the 10k/50k memory runs)")
    parser.add_argument("--sample", type=float, default=0,
                        help="print the high-water mark and documents stored every this many seconds")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared data folder")
    args = parser.parse_args(argv)
    settings = load_settings(env={})
    nlp = stock_nlp(settings)  # the package as shipped: sitrep's speed-ups are not the floor's
    batch = int(settings.get("extract", "batch_size"))
    others = [(label, env) for label, env, wanted in (
        ("selective NER off", {"SITREP_EXTRACT_SELECTIVE_NER": "false"}, args.full),
        ("selective parse on", {"SITREP_EXTRACT_SELECTIVE_PARSE": "true"}, args.selective_parse),
        (f"{args.workers} workers", {"SITREP_INGEST_WORKERS": str(args.workers)}, args.workers > 0)) if wanted]
    print("corpus | docs | bare nlp.pipe docs/s | sitrep ingest docs/s (wall, start-up included) | ratio"
          " | ratio of CPU time | peak RSS" + "".join(f" | {label}: docs/s, ratio, CPU ratio" for label, _ in others)
          + (f" | bare nlp.pipe n_process={args.workers} docs/s | {args.workers} workers / it" if args.workers else ""),
          flush=True)
    rss = []
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-pipeline-") as tmp:
        for label, corpus, meta in corpora(args, Path(tmp)):
            rows = {r["doc"]: r for r in map(json.loads, meta.read_text("utf-8").splitlines()) if r} if meta else {}
            texts = texts_of(corpus, settings, rows)
            bare, bare_cpu = bare_seconds(nlp, texts, batch) if not args.memory_only else (float("nan"),) * 2
            wall, cpu, peak = ingest_run(corpus, Path(tmp) / f"{len(rss)}.db", meta=meta, sample=args.sample)
            line = f"{label} | {len(texts)} | {len(texts) / bare:.1f} | {len(texts) / wall:.1f} | {bare / wall:.2f}x" \
                   f" | {bare_cpu / cpu:.2f}x | {peak:.0f} MB"
            for k, (_, env) in enumerate(others):
                other, other_cpu, _ = ingest_run(corpus, Path(tmp) / f"{len(rss)}-{k}.db", meta=meta, env=env)
                line += f" | {len(texts) / other:.1f}, {bare / other:.2f}x, {bare_cpu / other_cpu:.2f}x"
            if args.workers:
                parallel, _ = bare_seconds(nlp, texts, batch, n_process=args.workers)
                line += f" | {len(texts) / parallel:.1f} | {parallel / other:.2f}x"
            if label.startswith(("demo variants", "short reports")):
                rss.append(peak)
            print(line, flush=True)
    if len(rss) > 1:
        print(f"peak RSS spread over the variants / short corpora: {100 * (max(rss) - min(rss)) / min(rss):.0f} % "
              "(target within 10 %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
