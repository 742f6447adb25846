"""`sitrep watch` as a real process: Ctrl-C stops it cleanly, kill -9 mid-poll loses and
duplicates nothing on restart."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from server import article_page, rss, static

KEYS = ("palmyra", "kharkiv", "marib", "hama", "kherson")


def start(config: Path, *args: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return subprocess.Popen([sys.executable, "-m", "sitrep", "--config", str(config), "watch", *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(check, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def slow_feed(server, delay: float) -> None:
    """A feed of five fictional articles, each page taking ``delay`` seconds to answer."""
    def page(key):
        def route(h):
            time.sleep(delay)
            return static(article_page(key))(h)
        return route
    for k in KEYS:
        server.routes[f"/a/{k}"] = page(k)
    server.routes["/rss.xml"] = static(rss(server.base, [(k, f"/a/{k}") for k in KEYS]), "application/rss+xml")


def test_ctrl_c_stops_cleanly(server, fast_config, tmp_path):
    slow_feed(server, 0)
    proc = start(fast_config, "--db", str(tmp_path / "w.db"), "--interval", "1", f"{server.base}/rss.xml")
    try:
        wait_for(lambda: server.hits("/rss.xml") >= 2)  # a second poll: the loop is running
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    assert "5 articles ingested" in err and "stopping after the current step" in err
    assert "Traceback" not in err


def test_kill_9_mid_poll_loses_and_duplicates_nothing(server, fast_config, tmp_path):
    db = tmp_path / "w.db"
    slow_feed(server, 0.3)
    proc = start(fast_config, "--db", str(db), "--once", f"{server.base}/rss.xml")
    wait_for(lambda: sum(server.hits(f"/a/{k}") for k in KEYS) >= 3)
    proc.kill()
    proc.wait()
    before = {k: server.hits(f"/a/{k}") for k in KEYS}

    proc = start(fast_config, "--db", str(db), "--once")
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM documents").fetchone() == (5, 5)
        assert {s for (s,) in conn.execute("SELECT state FROM watch_links")} == {"ingested"}
    archived = len(list((tmp_path / "w.warc").glob("*.warc.gz")))
    assert archived == 5
    refetched = [k for k in KEYS if before[k] and server.hits(f"/a/{k}") > before[k]]
    done = [k for k in KEYS if before[k] and k not in refetched]
    assert len(refetched) <= 2  # at most the watch.per_host pages in flight at the kill are asked again
    assert all(server.hits(f"/a/{k}") == 1 for k in done)
