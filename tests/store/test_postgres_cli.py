"""The real command line against the PostgreSQL test server: ingest then export equals SQLite's,
two concurrent `sitrep ingest` lose and duplicate nothing, `sitrep migrate` copies a SQLite store."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitrep.store import Store

from in_process import sitrep_in_process

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "articles"
SITREP = [sys.executable, "-m", "sitrep"]


def sitrep(*args: str, wait: bool = True) -> subprocess.Popen | subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    if not wait:
        return subprocess.Popen(SITREP + list(args), cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    return subprocess.run(SITREP + list(args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def sqlite_demo(demo_db: str) -> tuple[str, str]:
    """The demo corpus ingested into SQLite (the session's ``demo_db``), and its export."""
    return demo_db, sitrep("export", "--db", demo_db).stdout


def test_ingest_then_export_equals_sqlite_and_reingest_is_a_no_op(pg_database, sqlite_demo):
    url = pg_database("cli")
    first = sitrep_in_process("ingest", str(DEMO), "--db", url)
    assert first.returncode == 0, first.stderr
    again = sitrep_in_process("ingest", str(DEMO), "--db", url)
    assert again.returncode == 0 and again.stderr.splitlines()[-1].startswith("0 ingested, 26 skipped")
    exported = sitrep("export", "--db", url)  # the export of a real process, compared with the fixture's
    assert exported.stdout == sqlite_demo[1] and exported.stdout.count("\n") > 10
    csv_pg = sitrep_in_process("export", "--db", url, "--format", "csv").stdout
    assert csv_pg == sitrep_in_process("export", "--db", sqlite_demo[0], "--format", "csv").stdout


def test_two_concurrent_ingests_lose_nothing_and_duplicate_nothing(pg_database, sqlite_demo):
    url = pg_database("race")
    files = sorted(str(p) for p in DEMO.iterdir())
    procs = [sitrep("ingest", *part, "--db", url, "-q", wait=False) for part in (files[:14], files[5:])]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    with Store(url, readonly=True) as pg, Store(sqlite_demo[0], readonly=True) as lite:
        assert sorted(d.name for d in pg.documents()) == sorted(d.name for d in lite.documents())
        rows = pg.conn.execute("SELECT COUNT(*), COUNT(DISTINCT sha256), COUNT(DISTINCT (name, version))"
                               " FROM documents").fetchone()
        assert rows[0] == rows[1] == rows[2] == len(lite.documents(include_superseded=True))
        # Every event mention is stored once and belongs to one event; events are as many as SQLite's.
        mentions = "SELECT COUNT(*) FROM mentions WHERE event_id IS NOT NULL"
        assert pg.conn.execute(mentions).fetchone()[0] == lite.conn.execute(mentions).fetchone()[0]
        assert pg.count_events() == lite.count_events()
        pg_events = {e.id: sorted((m.doc, m.index) for m in e.mentions) for e in pg.iter_events()}
        lite_events = {e.id: sorted((m.doc, m.index) for m in e.mentions) for e in lite.iter_events()}
        assert sorted(pg_events.values()) == sorted(lite_events.values())


def test_migrate_copies_a_sqlite_store_and_verifies_counts(pg_database, sqlite_demo, tmp_path):
    url = pg_database("migrate")
    done = sitrep("migrate", "--from", sqlite_demo[0], "--to", url)
    assert done.returncode == 0, done.stderr
    assert "every table's count matches" in done.stderr and "MISMATCH" not in done.stdout
    assert sitrep_in_process("export", "--db", url).stdout == sqlite_demo[1]
    refused = sitrep_in_process("migrate", "--from", sqlite_demo[0], "--to", url)
    assert refused.returncode == 2 and "not empty" in refused.stderr
    # The copy goes on as a store: a new document gets an id after the copied ones.
    story = tmp_path / "kidal.txt"
    story.write_text("Gunmen kill six near Kidal\n\nPublished: 12 March 2024\n\nGunmen attacked a gold mine near"
                     " Kidal on Monday, killing six miners, a local official said.\n")
    with Store(url) as store:
        before = max(d.id for d in store.documents(include_superseded=True))
    assert sitrep_in_process("ingest", str(story), "--db", url, "-q").returncode == 0
    with Store(url, readonly=True) as store:
        assert store.get_document("kidal.txt").id == before + 1


def test_the_api_reads_while_an_ingest_writes(pg_database):
    from fastapi.testclient import TestClient

    from sitrep.config import load_settings
    from sitrep.web.app import create_app

    url = pg_database("serve")
    with Store(url):
        pass  # the schema exists before the server starts, as after any first ingest
    client = TestClient(create_app(url, settings=load_settings(env={})))
    writer = sitrep("ingest", str(DEMO), "--db", url, "-q", wait=False)
    totals = []
    while writer.poll() is None:
        reply = client.get("/api/events", params={"limit": 5})
        assert reply.status_code == 200, reply.text
        totals.append(reply.json()["total"])
    assert writer.returncode == 0, writer.communicate()[1]
    assert totals  # the API answered during the ingest, never blocked behind the writer lock
    assert client.get("/api/events").json()["total"] > 10
