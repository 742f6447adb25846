"""The disk fills up in the middle of `sitrep ingest` (a file size limit, RLIMIT_FSIZE, on the
process: no root or loopback device needed): one clear error line naming the database, exit
status 2, no traceback, and a consistent store that the same command, re-run with room,
completes."""
from __future__ import annotations

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from in_process import sitrep_in_process

SITREP = [str(Path(sys.executable).with_name("sitrep"))] if Path(sys.executable).with_name("sitrep").exists() \
    else [sys.executable, "-m", "sitrep"]
TOWNS = ["Kidal", "Gao", "Menaka", "Tessalit", "Ansongo", "Bourem", "Douentza", "Hombori"]
FILES = 40


def _write_inputs(root: Path, first: int, last: int) -> None:
    for i in range(first, last):
        town = TOWNS[i % len(TOWNS)]
        padding = " ".join(f"Residents of {town} described the attack number {i} at length, paragraph {k}."
                           for k in range(40))  # ~3 KB each, so the database grows quickly
        (root / f"report_{i:03d}.txt").write_text(
            f"Attack near {town}, report {i}\n\nGunmen attacked a checkpoint {i} km from {town} on Monday, "
            f"killing {i % 9 + 1} soldiers, a local official said.\n\n{padding}\n", encoding="utf-8")


def _env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    env["SITREP_EXTRACT_BATCH_SIZE"] = "8"
    return env


# `sitrep ingest` with a file size limit from the moment it starts storing: the language model,
# which py3langid unpacks into a 68 MB temporary file at start-up, is loaded first (a full temp
# directory at start-up is test_full_temp_directory_is_one_clear_error below).
LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write returns EFBIG instead of killing us
from sitrep.ingest.language import _identifier
_identifier()
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
sys.argv = ["sitrep"] + sys.argv[2:]
from sitrep.cli import main
main()
"""


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE (POSIX)")
def test_disk_full_mid_ingest_is_one_clear_error_and_the_store_stays_consistent(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    _write_inputs(inp, 0, 4)
    db = tmp_path / "full.db"
    first = sitrep_in_process("ingest", str(inp), "--db", str(db), "--quiet", env={"SITREP_EXTRACT_BATCH_SIZE": "8"})
    assert first.returncode == 0, first.stderr
    _write_inputs(inp, 4, FILES)
    size = max(p.stat().st_size for p in tmp_path.glob("full.db*"))
    limit = size + 150_000  # room for a few more documents, not for all of them

    full = subprocess.run([sys.executable, "-c", LIMITED, str(limit), "ingest", str(inp), "--db", str(db)],
                          env=_env(), capture_output=True, text=True, timeout=300)
    assert full.returncode == 2, full.stderr
    assert "Traceback" not in full.stderr
    errors = [line for line in full.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, full.stderr
    assert str(db) in errors[0] and "while storing report_" in errors[0] and "run the same command again" in errors[0]

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    stored = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 4 < stored < FILES
    assert conn.execute("SELECT COUNT(*) FROM documents WHERE text NOT LIKE 'Attack near %paragraph 39.%'"
                        ).fetchone()[0] == 0  # whole documents only
    conn.close()

    rerun = sitrep_in_process("ingest", str(inp), "--db", str(db), env={"SITREP_EXTRACT_BATCH_SIZE": "8"})
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stderr.strip().splitlines()[-1].startswith(f"{FILES - stored} ingested, {stored} skipped")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT name) FROM documents").fetchone() == (FILES, FILES)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE (POSIX)")
def test_full_temp_directory_is_one_clear_error_not_every_file_unreadable(tmp_path):
    """No room for the language model's temporary file: one line saying so (and what to do), not
    "cannot read" for each input as before."""
    inp = tmp_path / "in"
    inp.mkdir()
    _write_inputs(inp, 0, 3)

    def small_files() -> None:
        import signal

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))

    done = subprocess.run(SITREP + ["ingest", str(inp), "--db", str(tmp_path / "t.db")], env=_env(),
                          capture_output=True, text=True, timeout=300, preexec_fn=small_files)
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "language model" in errors[0] and "TMPDIR" in errors[0], done.stderr
    assert "cannot read" not in done.stderr and "Traceback" not in done.stderr
