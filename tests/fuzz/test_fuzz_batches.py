"""Fuzzed batches through the whole runner and the real SQLite store, and through the CLI.

Each example is a folder of hostile files (tests/fuzz/hostile.py) beside one good article.
After the batch: every failure is a row of ``ingest_errors`` naming its file (and line or
record), the good article is stored whole, and the database passes ``PRAGMA integrity_check``
and ``foreign_key_check``. A sample goes through ``sitrep ingest`` itself: no traceback, one
line per error, exit status 1 exactly when an input failed (0 otherwise), as documented.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz import hostile
from sitrep.config import load_settings
from sitrep.ingest import read_file
from sitrep.pipeline import Pipeline
from sitrep.store import Store

BATCHES = int(os.environ.get("SITREP_FUZZ_BATCHES", "8"))
CLI_RUNS = int(os.environ.get("SITREP_FUZZ_CLI", "1"))
SETTINGS = load_settings(env={}).with_overrides({"ingest.max_chars": 20_000, "ingest.max_html_mb": 1})
GOOD_NAME = "good.txt"
GOOD = (f"Kidal, Mali (AFP) - {hostile.GOOD} Residents said the town was calm on Tuesday.\n").encode()
ROOT = Path(__file__).resolve().parents[2]


def _settings(n: int) -> settings:
    return settings(max_examples=n, derandomize=True, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(SETTINGS)


@pytest.fixture(scope="module")
def good_text(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("good") / GOOD_NAME
    path.write_bytes(GOOD)
    (doc,) = read_file(path, meta={}, settings=SETTINGS)
    return doc.text


def write_batch(folder: Path, files: list[tuple[str, bytes]]) -> list[Path]:
    paths = []
    for k, (name, data) in enumerate(files):
        path = folder / f"f{k}_{name}"
        path.write_bytes(data)
        paths.append(path)
    (folder / GOOD_NAME).write_bytes(GOOD)
    return paths


def check_store(db: Path, folder: Path, good_text: str) -> list[dict]:
    """Assert the store's promises after a batch; return its ingest_errors rows."""
    with Store(str(db)) as store:
        conn = store.conn
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT raw, text FROM documents WHERE name = ?", (GOOD_NAME,)).fetchall()
        assert len(rows) == 1, "the good article beside the hostile files must be stored, once"
        assert bytes(rows[0][0]) == GOOD and rows[0][1] == good_text
        errors = store.ingest_errors()
    for e in errors:
        assert Path(e["path"]).parent == folder, e
        assert e["reason"] != "internal", f"a bug, not a bad input: {e['message']}"
        assert "\n" not in e["message"]
        if e["path"].endswith((".jsonl", ".warc", ".warc.gz")) and e["reason"] != "empty":
            assert e["record"], f"which line or record? {e['message']}"
    return errors


@_settings(BATCHES)
@given(st.lists(hostile.any_file(), min_size=1, max_size=4))
def test_fuzzed_batch_keeps_good_documents_and_records_every_failure(pipeline, good_text, files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        write_batch(folder, files)
        db = Path(tmp) / "s.db"
        with Store(str(db)) as store:
            report = pipeline.ingest(store, [str(folder)])
        errors = check_store(db, folder, good_text)
        assert report.failed == len(errors) == len(report.errors)
        assert report.ingested >= 1


@_settings(CLI_RUNS)
@given(st.lists(hostile.any_file(), min_size=2, max_size=5))
def test_fuzzed_batch_through_the_cli(good_text, files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        write_batch(folder, files)
        db = Path(tmp) / "s.db"
        env = {**os.environ, "SITREP_INGEST_MAX_CHARS": "20000", "SITREP_INGEST_MAX_HTML_MB": "1"}
        run = subprocess.run([sys.executable, "-m", "sitrep", "ingest", str(folder), "--db", str(db), "-q"],
                             capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
        assert "Traceback" not in run.stderr
        errors = check_store(db, folder, good_text)
        assert run.returncode == (1 if errors else 0), run.stderr
        lines = [x for x in run.stderr.splitlines() if x.strip()]
        assert all(x.startswith(("error: ", "warning: ")) for x in lines), lines
        assert sum(x.startswith("error: ") for x in lines) == len(errors)
