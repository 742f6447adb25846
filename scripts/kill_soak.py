#!/usr/bin/env python3
"""Kill soak: SIGKILL `sitrep ingest` at seeded random moments, restart it, and prove the end
result equals one uninterrupted run of the same batch.

Why: a user must be able to kill an ingest at any moment (power cut, OOM killer, Ctrl-\\) and
simply run the same command again. The one-document SIGKILL test (tests/test_crash.py) shows a
single kill leaves whole documents; this shows that many kills, landing anywhere (start-up,
analysis, between and inside commits, in the middle of a WARC), change nothing in the final
store: same document, mention and event counts, the same event ids, the same merges.

The corpus is the fictional demo moved whole weeks later (bench/corpus_variants.py): text,
HTML, JSON Lines and WARC mixed, 25 documents per variant (80 variants -> 2,008 documents).

    python scripts/kill_soak.py [--variants 80] [--kills 20] [--seed 1] [--batch-size N] [--workdir DIR]

Prints a JSON report; exit status 0 when the interrupted store equals the reference, 1 otherwise.
`make soak-kill` runs the full size; tests/test_kill_soak.py a small one.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.corpus_variants import write_mixed_corpus  # noqa: E402

_BIN = Path(sys.executable).with_name("sitrep")
SITREP = [str(_BIN)] if _BIN.exists() else [sys.executable, "-m", "sitrep"]
STARTUP_SHARE = 0.15  # kills aimed at start-up or at the first batch's analysis, before anything new is stored
RUN_TIMEOUT = 1800.0  # one uninterrupted run of 2,000 documents takes about a minute; this only stops a hang


def env_for(batch_size: int | None) -> dict[str, str]:
    """The environment of every run: no user SITREP_* settings, an optional extraction batch size."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    if batch_size:
        env["SITREP_EXTRACT_BATCH_SIZE"] = str(batch_size)
    return env


def ingest_command(corpus: Path, db: Path) -> list[str]:
    return SITREP + ["ingest", str(corpus), "--db", str(db), "--quiet"]


def count_documents(db: Path) -> int:
    """Documents committed so far, read as another process would (0 while the file is new)."""
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.5)
        try:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def summarise(db: Path) -> dict[str, Any]:
    """What must be equal between the reference and the interrupted store, plus the two checks.

    ``events_digest`` hashes every event's columns that say what happened (not when it was
    stored), so two stores with the same ids but different merges or figures still differ."""
    conn = sqlite3.connect(db)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        ids = [r[0] for r in conn.execute("SELECT id FROM events ORDER BY id")]
        digest = hashlib.sha256()
        for row in conn.execute("SELECT id, event_date, event_type, sub_event_type, actor1, actor2, country, admin1,"
                                " location, latitude, longitude, fatalities, modality, corroboration FROM events"
                                " ORDER BY id"):
            digest.update(json.dumps(row).encode())
        for row in conn.execute("SELECT d.name, m.idx, m.event_id FROM mentions m JOIN documents d"
                                " ON d.id = m.document_id ORDER BY d.name, m.idx"):
            digest.update(json.dumps(row).encode())
        return {
            "integrity_check": one("PRAGMA integrity_check"),
            "foreign_key_violations": len(conn.execute("PRAGMA foreign_key_check").fetchall()),
            "documents": one("SELECT COUNT(*) FROM documents"),
            "distinct_documents": one("SELECT COUNT(DISTINCT name || char(0) || sha256) FROM documents"),
            "mentions": one("SELECT COUNT(*) FROM mentions"),
            "events": one("SELECT COUNT(*) FROM events"),
            "claims": one("SELECT COUNT(*) FROM claims"),
            "merges": one("SELECT COUNT(*) FROM merges"),
            "event_ids_sha256": hashlib.sha256("\n".join(ids).encode()).hexdigest(),
            "events_digest": digest.hexdigest(),
        }
    finally:
        conn.close()


def reference_run(corpus: Path, db: Path, env: dict[str, str]) -> tuple[int, float]:
    """One uninterrupted run: its exit status and wall time."""
    t0 = time.monotonic()
    done = subprocess.run(ingest_command(corpus, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=RUN_TIMEOUT)
    return done.returncode, time.monotonic() - t0


def _wait_for(proc: subprocess.Popen, db: Path, target: int, deadline: float) -> bool:
    """Poll until ``target`` documents are committed; False if the run ended first."""
    while time.monotonic() < deadline and proc.poll() is None:
        if count_documents(db) >= target:
            return True
        time.sleep(0.02)
    return proc.poll() is None


def interrupted_run(corpus: Path, db: Path, env: dict[str, str], *, kills: int, seed: int,
                    expected_docs: int, startup_s: float) -> dict[str, Any]:
    """Run the same command again and again, SIGKILLing it ``kills`` times at seeded moments,
    then once more to the end. Each kill waits either a random time into start-up or for a random
    number of newly committed documents plus a random 0-300 ms (so it can land mid-transaction)."""
    rng = random.Random(seed)
    log: list[dict[str, Any]] = []
    while len(log) < kills:
        before = count_documents(db)
        left = kills - len(log)
        proc = subprocess.Popen(ingest_command(corpus, db), env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        t0 = time.monotonic()
        if rng.random() < STARTUP_SHARE:
            aim = {"at": "start-up", "after_s": round(rng.uniform(0.05, startup_s), 3)}
            time.sleep(aim["after_s"])
        else:
            step = max(1, (expected_docs - before) // (left + 1))
            target = before + rng.randint(1, max(1, step * 2 - 1))
            jitter = rng.uniform(0, 0.3)
            aim = {"at": "storing", "after_documents": target, "jitter_s": round(jitter, 3)}
            _wait_for(proc, db, min(target, expected_docs), t0 + RUN_TIMEOUT)
            time.sleep(jitter)
        if proc.poll() is not None:  # finished before the kill landed: nothing left to interrupt
            aim["finished_first"] = proc.returncode
            log.append(aim)
            break
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        aim.update(killed_after_s=round(time.monotonic() - t0, 2), documents_then=count_documents(db))
        check = summarise(db)
        aim.update(integrity=check["integrity_check"], fk_violations=check["foreign_key_violations"])
        log.append(aim)
    final = subprocess.run(ingest_command(corpus, db), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, timeout=RUN_TIMEOUT)
    return {"kills": log, "final_exit": final.returncode, "final_stderr_tail": final.stderr.strip()[-500:]}


def soak(workdir: Path, *, variants: int, kills: int, seed: int, batch_size: int | None) -> dict[str, Any]:
    """Build the corpus, run the reference and the interrupted ingest, compare them."""
    corpus = workdir / "corpus"
    docs = write_mixed_corpus(corpus, variants=variants)
    env = env_for(batch_size)
    ref_db, soak_db = workdir / "reference.db", workdir / "killed.db"
    for p in workdir.glob("*.db*"):
        p.unlink()
    ref_exit, ref_s = reference_run(corpus, ref_db, env)
    reference = summarise(ref_db)
    # Start-up (spaCy, gazetteer) is roughly the run time left when no document is stored yet.
    startup_s = min(8.0, max(1.0, ref_s * 0.2))
    t0 = time.monotonic()
    interrupted = interrupted_run(corpus, soak_db, env, kills=kills, seed=seed,
                                  expected_docs=reference["documents"], startup_s=startup_s)
    result = summarise(soak_db)
    same = {k: reference[k] == result[k] for k in reference}
    checks_ok = all(k["integrity"] == "ok" and k["fk_violations"] == 0 for k in interrupted["kills"] if "integrity" in k)
    ok = (all(same.values()) and checks_ok and result["integrity_check"] == "ok"
          and result["foreign_key_violations"] == 0 and interrupted["final_exit"] == ref_exit)
    return {"corpus_documents": docs, "batch_size": batch_size or "default", "seed": seed,
            "reference": {**reference, "exit": ref_exit, "seconds": round(ref_s, 1)},
            "interrupted": {**result, "exit": interrupted["final_exit"],
                            "seconds": round(time.monotonic() - t0, 1)},
            "kills_landed": sum("killed_after_s" in k for k in interrupted["kills"]),
            "kill_log": interrupted["kills"], "equal": same, "ok": ok,
            "final_stderr_tail": interrupted["final_stderr_tail"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=80, help="25 documents each (80 -> 2,008 documents).")
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=None, help="extract.batch_size (default: the setting's).")
    parser.add_argument("--workdir", type=Path, default=None, help="Keep corpus and databases here.")
    a = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitrep-kill-soak-") as tmp:
        workdir = a.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        report = soak(workdir, variants=a.variants, kills=a.kills, seed=a.seed, batch_size=a.batch_size)
    print(json.dumps(report, indent=2))
    sys.exit(0 if report["ok"] else 1)


if __name__ == "__main__":
    main()
