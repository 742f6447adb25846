"""SIGKILL of `sitrep serve --allow-ingest --token T` while uploads are in flight: the store stays
consistent (integrity, foreign keys, whole documents, every acknowledged upload kept), the restarted
server takes the same uploads again without duplicating anything, and the result equals
`sitrep ingest` of the same files."""
from __future__ import annotations

import http.client
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from in_process import sitrep_in_process

SITREP = [str(Path(sys.executable).with_name("sitrep"))] if Path(sys.executable).with_name("sitrep").exists() \
    else [sys.executable, "-m", "sitrep"]
TOKEN = "kill-test-token"
# Reports of distinct events (towns and days apart), so which upload lands first changes no merge.
TOWNS = ["Kidal", "Gao", "Menaka", "Tessalit", "Ansongo", "Bourem", "Douentza", "Hombori", "Mopti", "Segou",
         "Timbuktu", "Niono"]
FILES = {f"upload_{i:02d}.txt": f"Attack near {town}\n\nGunmen attacked a checkpoint near {town} on "
                                f"{i + 1} March 2025, killing {i % 7 + 2} soldiers, a local official said.\n"
         for i, town in enumerate(TOWNS)}


def _env(tmp: Path | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    return {**env, "TMPDIR": str(tmp)} if tmp else env


def _serve(db: Path, port: int, tmp: Path | None = None) -> subprocess.Popen:
    proc = subprocess.Popen(SITREP + ["serve", "--db", str(db), "--port", str(port), "--allow-ingest", "--token",
                                      TOKEN], env=_env(tmp), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read().decode()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/stats")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.1)
    raise AssertionError("sitrep serve did not start")


def _upload(port: int, name: str) -> dict | None:
    """POST one file; its JSON answer, or None when the server died under it."""
    import json

    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)  # the first loads spaCy
        conn.request("POST", f"/api/ingest?name={name}", body=FILES[name].encode(),
                     headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"})
        r = conn.getresponse()
        body = r.read()
        assert r.status == 200, body
        return json.loads(body)
    except (OSError, http.client.HTTPException):
        return None


def _summary(db: Path) -> dict:
    conn = sqlite3.connect(db)
    try:
        return {"integrity": conn.execute("PRAGMA integrity_check").fetchone()[0],
                "fk": conn.execute("PRAGMA foreign_key_check").fetchall(),
                "docs": dict(conn.execute("SELECT name, text FROM documents").fetchall()),
                "distinct": conn.execute("SELECT COUNT(DISTINCT name) FROM documents").fetchone()[0],
                "mentions": conn.execute("SELECT COUNT(*) FROM mentions").fetchone()[0],
                "events": sorted(r[0] for r in conn.execute("SELECT id FROM events"))}
    finally:
        conn.close()


def test_sigkill_during_uploads_keeps_the_store_whole_and_reuploads_add_nothing_twice(tmp_path, loopback_port):
    from sitrep.store import Store

    db = tmp_path / "served.db"
    Store(db).close()  # an empty sitrep database, as `sitrep serve` needs one
    rng = random.Random(14)
    names = sorted(FILES)
    rng.shuffle(names)
    tmp = tmp_path / "tmp"  # the servers' temporary directory, where uploads are written while read
    tmp.mkdir()
    server = _serve(db, loopback_port, tmp)
    killed = server.pid
    acked: list[str] = []
    lock = threading.Lock()
    queue = list(names)

    def uploader() -> None:
        while True:
            with lock:
                if not queue:
                    return
                name = queue.pop()
            answer = _upload(loopback_port, name)
            if answer is None:
                return
            with lock:
                acked.append(name)

    threads = [threading.Thread(target=uploader) for _ in range(3)]
    for t in threads:
        t.start()
    kill_after = rng.randint(2, 5)
    deadline = time.monotonic() + 300
    while len(acked) < kill_after and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(rng.uniform(0, 0.2))  # land anywhere: reading, extracting, committing, answering
    os.kill(server.pid, signal.SIGKILL)
    server.wait(30)
    for t in threads:
        t.join(330)
    assert kill_after <= len(acked) < len(FILES), "the kill must land while uploads remain"

    after_kill = _summary(db)
    assert after_kill["integrity"] == "ok" and after_kill["fk"] == []
    assert set(acked) <= set(after_kill["docs"])  # an acknowledged upload is never lost
    for name, text in after_kill["docs"].items():  # and what is there is whole
        assert text.rstrip() == FILES[name].rstrip().replace("\n\n", "\n\n")

    server = _serve(db, loopback_port, tmp)
    assert not list(tmp.glob(f"sitrep-upload-{killed}-*")), "the killed server's upload directory is removed at start"
    try:
        answers = {name: _upload(loopback_port, name) for name in sorted(FILES)}
    finally:
        server.terminate()
        server.wait(30)
    assert not list(tmp.glob("sitrep-upload-*"))
    for name, answer in answers.items():
        assert answer is not None and answer["failed"] == 0, (name, answer)
        assert answer["ingested"] + answer["unchanged"] == 1
        assert answer["unchanged"] == (name in after_kill["docs"]), name
    final = _summary(db)
    assert final["integrity"] == "ok" and final["fk"] == []
    assert len(final["docs"]) == final["distinct"] == len(FILES)

    inp = tmp_path / "in"
    inp.mkdir()
    for name, text in FILES.items():
        (inp / name).write_text(text, encoding="utf-8")
    ref_db = tmp_path / "reference.db"
    done = sitrep_in_process("ingest", str(inp), "--db", str(ref_db), "--quiet")
    assert done.returncode == 0, done.stderr
    reference = _summary(ref_db)
    assert final["events"] == reference["events"] and len(final["events"]) >= len(FILES) - 1
    assert final["mentions"] == reference["mentions"]


def test_only_upload_directories_of_stopped_servers_are_removed_at_start(tmp_path):
    from sitrep.web.ingest import remove_stale_uploads

    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that runs nothing now, as a SIGKILLed server's
    stale = tmp_path / f"sitrep-upload-{gone.pid}-k3x9"
    (stale / "sub").mkdir(parents=True)
    (stale / "sub" / "article.txt").write_text("left by a killed server")
    target = tmp_path / "elsewhere"
    target.mkdir()
    (target / "keep.txt").write_text("not ours")
    kept = [tmp_path / f"sitrep-upload-{os.getpid()}-live",  # a running server's upload
            tmp_path / "sitrep-upload-1-init",  # pid 1 runs
            tmp_path / "sitrep-upload-oldstyle",  # no pid in the name: cannot tell, so left
            tmp_path / f"sitrep-upload-{gone.pid}-file"]  # a file, not a directory
    for path in kept[:3]:
        path.mkdir()
    kept[3].write_text("x")
    link = tmp_path / f"sitrep-upload-{gone.pid}-link"
    link.symlink_to(target, target_is_directory=True)
    if os.getuid() == 0:  # another user's directory (only root can make one here)
        other = tmp_path / f"sitrep-upload-{gone.pid}-other"
        other.mkdir()
        os.chown(other, 54321, 54321)
        kept.append(other)
    assert remove_stale_uploads(str(tmp_path)) == 1
    assert not stale.exists()
    assert all(p.exists() for p in kept) and link.is_symlink() and (target / "keep.txt").exists()
