"""Analysis in worker processes (``ingest.workers``): the store ends up exactly as with one process."""
from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from bench.corpus_short import write_short_corpus
from sitrep.config import load_settings
from sitrep.errors import InputError
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from sitrep.workers import AnalysisPool

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not AnalysisPool.available(), reason="no fork on this system")
# every stored column but the time a row was written
TABLES = {
    "documents": "id, name, version, sha256, text, offsets, published, language, origins, duplicate_of, shingles",
    "events": "id, event_date, event_type, country, admin1, latitude, longitude, fatalities, data",
    "mentions": "id, document_id, idx, event_id, data, evidence",
    "merges": "absorbed_id, into_id, reason",
    "ingest_errors": "path, reason, message",
}


def _rows(db: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(db)) as con:
        return {t: con.execute(f"SELECT {cols} FROM {t} ORDER BY 1, 2").fetchall() for t, cols in TABLES.items()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """120 one-sentence reports in files of 20 (events told by one to three reports), a wire copy
    (same bytes, another name), a re-sent file (same name, same bytes) and a file that fails."""
    folder = tmp_path_factory.mktemp("corpus")
    write_short_corpus(folder / "feed", docs=120, per_file=20)
    copy = "Gunmen killed four farmers near Konduga in Borno, Nigeria, on 2 January 2024, residents said.\n"
    (folder / "a_wire.txt").write_text(copy)
    (folder / "z_wire.txt").write_text(copy)
    (folder / "feed" / "short_00007.jsonl").write_bytes((folder / "feed" / "short_00002.jsonl").read_bytes())
    (folder / "empty.txt").write_text("")
    return folder


def test_workers_store_what_one_process_stores(corpus: Path, tmp_path: Path) -> None:
    # batches of 8, so several are analysed at once while earlier ones are stored
    pipeline = Pipeline(load_settings(env={}).with_overrides({"extract.batch_size": 8}))
    reports = {}
    for workers in (0, 2):
        with Store(tmp_path / f"w{workers}.db") as store:
            reports[workers] = pipeline.ingest(store, [str(corpus)], workers=workers)
    one, two = reports[0], reports[2]
    assert (one.ingested, one.unchanged, one.failed, one.events) == (two.ingested, two.unchanged, two.failed, two.events)
    assert (one.ingested, one.unchanged, one.failed) == (122, 20, 1)  # the re-sent file's 20 reports unchanged
    first, second = _rows(tmp_path / "w0.db"), _rows(tmp_path / "w2.db")
    assert first["merges"] and len(first["events"]) < 100  # reports of one event merged, across batches too
    wire = [row for row in first["documents"] if row[1].endswith("_wire.txt")]
    assert len(wire) == 2 and wire[0][3] != wire[1][3]  # same bytes, another report: a key of its own
    assert first == second


def test_analysis_error_survives_the_trip_back_from_a_worker() -> None:
    error = InputError("feed.jsonl", "internal", "extraction failed (ValueError())", record="line 3",
                       hint="rerun with --debug and report the bug")
    back = pickle.loads(pickle.dumps(error))
    assert (str(back), back.path, back.reason, back.record, back.hint) == \
        (str(error), "feed.jsonl", "internal", "line 3", "rerun with --debug and report the bug")


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_killed_ingest_leaves_no_workers(corpus: Path, tmp_path: Path) -> None:
    env = {**os.environ, "SITREP_INGEST_WORKERS": "2", "SITREP_EXTRACT_BATCH_SIZE": "4"}
    proc = subprocess.Popen([sys.executable, "-m", "sitrep", "ingest", str(corpus), "--db", str(tmp_path / "k.db"),
                             "--quiet"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, workers = time.monotonic() + 600, set()  # a cold gazetteer cache is built first (minutes)
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.05)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()
             and "Z" not in Path(f"/proc/{w}/stat").read_text().split(")")[-1].split()[0]]
    assert not alive, f"workers {alive} outlived the killed ingest"
