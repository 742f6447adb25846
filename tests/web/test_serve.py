"""`sitrep serve`: loopback by default, refuses --allow-ingest without a token, clear error on a bad --db."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

SITREP = str(Path(sys.executable).with_name("sitrep"))


def test_serve_binds_loopback_and_answers(web_db, loopback_port):
    proc = subprocess.Popen([SITREP, "serve", "--db", web_db, "--port", str(loopback_port)],
                            stderr=subprocess.PIPE, text=True)
    try:
        body = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{loopback_port}/api/events?limit=1", timeout=5) as r:
                    body = json.loads(r.read())
                break
            except OSError:
                time.sleep(0.1)
        assert body is not None and body["total"] == 6
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{loopback_port}"], capture_output=True, text=True)
        if listening.returncode == 0 and listening.stdout.strip():  # ss is there: the socket is on loopback only
            assert [line.split()[3] for line in listening.stdout.splitlines()] == [f"127.0.0.1:{loopback_port}"]
    finally:
        proc.terminate()
        proc.wait(10)


def test_allow_ingest_without_token_is_a_usage_error(web_db):
    r = subprocess.run([SITREP, "serve", "--db", web_db, "--allow-ingest"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "--token" in r.stderr


def test_missing_database_is_one_clear_line(tmp_path):
    r = subprocess.run([SITREP, "serve", "--db", str(tmp_path / "none.db")], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and "none.db" in r.stderr and "Traceback" not in r.stderr
