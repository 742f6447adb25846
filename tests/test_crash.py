"""kill -9 in the middle of `sitrep ingest`: only whole documents are stored, and re-running finishes the job."""
import hashlib
import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from in_process import sitrep_in_process

SITREP = [str(Path(sys.executable).with_name("sitrep"))] if Path(sys.executable).with_name("sitrep").exists() \
    else [sys.executable, "-m", "sitrep"]
FILES = 80  # the kill lands after 10; the re-run stores the rest in this process
TOWNS = ["Kidal", "Gao", "Menaka", "Tessalit", "Ansongo", "Bourem", "Douentza", "Hombori"]


def _write_inputs(root: Path) -> None:
    for i in range(FILES):
        town = TOWNS[i % len(TOWNS)]
        (root / f"report_{i:03d}.txt").write_text(
            f"Attack near {town}, report {i}\n\nHome > Sahel\n\nGunmen attacked a checkpoint {i} km from {town} on "
            f"Monday, killing {i % 9 + 1} soldiers, a local official said.\n\nLeave a Comment\n", encoding="utf-8")


_SPEC = importlib.util.spec_from_file_location("kill_soak", Path(__file__).resolve().parents[1] / "scripts" / "kill_soak.py")
_KILL_SOAK = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(_KILL_SOAK)


def _count(db: Path) -> int:
    """Documents committed so far, read as another process would (the kill soak's own reader)."""
    return _KILL_SOAK.count_documents(db)


def _env_overrides() -> dict:
    return {"SITREP_EXTRACT_BATCH_SIZE": "8"}  # commit in small groups so the kill lands mid-run


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    return {**env, **_env_overrides()}


def test_kill_9_leaves_whole_documents_and_rerun_completes(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    _write_inputs(inp)
    db = tmp_path / "crash.db"
    cmd = SITREP + ["ingest", str(inp), "--db", str(db), "--quiet"]
    proc = subprocess.Popen(cmd, cwd=tmp_path, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = _count(db)
        if stored >= 10:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed: " + proc.stderr.read().decode()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT * FROM documents").fetchall()
    assert 10 <= len(rows) < FILES
    for r in rows:
        assert r["text"].startswith("Attack near ") and "killing" in r["text"]
        assert hashlib.sha256(r["raw"]).hexdigest() == r["sha256"]
        assert json.loads(r["offsets"]) and json.loads(r["origins"])["language"] == "langid"
        assert r["title"] and r["language"] == "en" and r["name"].startswith("report_")
    orphans = conn.execute("SELECT COUNT(*) FROM mentions m LEFT JOIN documents d ON d.id = m.document_id"
                           " WHERE d.id IS NULL").fetchone()[0]
    assert orphans == 0
    conn.close()

    rerun = sitrep_in_process("ingest", str(inp), "--db", str(db), env=_env_overrides())
    assert rerun.returncode == 0, rerun.stderr
    summary = rerun.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"{FILES - len(rows)} ingested, {len(rows)} skipped as unchanged, 0 failed")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT name), COUNT(DISTINCT sha256) FROM documents").fetchone() \
        == (FILES, FILES, FILES)
    assert conn.execute("SELECT COUNT(*) FROM documents WHERE version > 1 OR superseded_by IS NOT NULL"
                        ).fetchone()[0] == 0
    conn.close()
