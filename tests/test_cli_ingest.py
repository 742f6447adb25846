"""`sitrep ingest` through the real command line: bad inputs, summary, exit status, re-ingest, docs, show."""
import json
import os
import sqlite3
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from in_process import sitrep_in_process

from sitrep.cli import cli

SITREP = [str(Path(sys.executable).with_name("sitrep"))] if Path(sys.executable).with_name("sitrep").exists() \
    else [sys.executable, "-m", "sitrep"]

STORY = ("Gunmen kill six at gold mine near Kidal\n\nPublished: 12 March 2024\n\nGunmen on motorbikes attacked an "
         "artisanal gold mine near Kidal on Monday, killing six miners, a local official said.\n")
PAGE = ("<html><head><title>Boat sinks on Lake Chad</title><meta property='og:site_name' content='Lake Wire'>"
        "</head><body><article><h1>Boat sinks on Lake Chad</h1><p>A boat carrying traders sank on Lake Chad on "
        "Sunday, drowning eleven people, officials said.</p></article></body></html>")


def run(*args, cwd):
    """Run the installed command; return (exit code, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SITREP_")}
    proc = subprocess.run(SITREP + list(args), cwd=cwd, capture_output=True, text=True, env=env, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def _warc(pages, *, cut=0):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, body in pages:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))
    data = out.getvalue()
    return data[: len(data) - cut] if cut else data


def _rows(db, sql):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """One batch with every kind of bad input next to good files."""
    root = tmp_path_factory.mktemp("batch")
    inp = root / "in"
    inp.mkdir()
    (inp / "good.txt").write_text(STORY, encoding="utf-8")
    (inp / "good.html").write_text(PAGE, encoding="utf-8")
    (inp / "arabic_cp1256.txt").write_bytes(
        "قتل ثلاثة جنود في كركوك\n\nقتل ثلاثة جنود عراقيين في انفجار عبوة ناسفة استهدفت دوريتهم على طريق في كركوك.\n"
        .encode("cp1256"))
    (inp / "french_latin1.txt").write_bytes(
        "Attaque près de Gao\n\nDes hommes armés ont attaqué un convoi près de Gao lundi, tuant quatre chauffeurs.\n"
        .encode("latin-1"))
    (inp / "empty.txt").write_bytes(b"")
    (inp / "binary.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (inp / "garbled.txt").write_bytes(b"Report: " + bytes((i * 37) % 128 + 128 for i in range(80)) + b" end.")
    (inp / "nobody.html").write_text("<html><head><title>Nothing</title></head><body></body></html>")
    (inp / "big.txt").write_text(STORY * 100, encoding="utf-8")
    (inp / "dump.jsonl").write_text("\n".join([
        json.dumps({"id": "j-1", "text": STORY.replace("Kidal", "Tessalit")}),
        '{"id": "j-2", "text": "unterminated',
        json.dumps({"id": "j-3", "html": PAGE.replace("Lake Chad", "the Niger")}),
    ]) + "\n", encoding="utf-8")
    (inp / "cut.warc.gz").write_bytes(_warc([("https://a.example/1", PAGE.replace("eleven", "nine").encode()),
                                             ("https://a.example/2", PAGE.replace("Boat", "Ferry").encode())],
                                            cut=150))
    (inp / "broken_link.txt").symlink_to(root / "nowhere.txt")
    (root / "notes.pdf").write_bytes(b"%PDF-1.4")
    db = root / "b.db"
    code, out, err = run("ingest", str(inp), str(root / "notes.pdf"), str(root / "missing_dir"),
                         "--db", str(db), "--max-file-mb", "0.01", cwd=root)
    return {"root": root, "inp": inp, "db": db, "code": code, "out": out, "err": err,
            "errors": _rows(db, "SELECT * FROM ingest_errors"),
            "docs": {r["name"]: r for r in _rows(db, "SELECT * FROM documents")}}


BAD = [  # (file, record, reason, words in the error line)
    ("empty.txt", None, "empty", "empty"),
    ("binary.txt", None, "binary", "binary data"),
    ("garbled.txt", None, "encoding", "UTF-8"),
    ("nobody.html", None, "no_text", "no article text"),
    ("big.txt", None, "too_large", "--max-file-mb"),
    ("dump.jsonl", "line 2", "json", "not valid JSON"),
    ("cut.warc.gz", "record 1", "truncated", "truncated"),
    ("broken_link.txt", None, "unreadable", "broken symbolic link"),
    ("notes.pdf", None, "unsupported", "unsupported file type"),
    ("missing_dir", None, "unreadable", "no such file"),
]


@pytest.mark.parametrize("name,record,reason,words", BAD)
def test_each_bad_input_gets_one_clear_line_and_an_error_row(batch, name, record, reason, words):
    lines = [ln for ln in batch["err"].splitlines() if ln.startswith("error: ") and f"{name}" in ln]
    assert len(lines) == 1, batch["err"]
    where = f"{name} {record}:" if record else f"{name}:"
    assert where in lines[0] and words in lines[0] and ";" in lines[0]  # file, place, reason; then the fix
    rows = [r for r in batch["errors"] if r["path"].endswith(name)]
    assert [(r["reason"], r["record"]) for r in rows] == [(reason, record)]


def test_bad_inputs_fail_the_run_without_traceback_and_good_files_are_stored(batch):
    assert batch["code"] == 1
    assert "Traceback" not in batch["err"]
    assert set(batch["docs"]) == {"good.txt", "good.html", "arabic_cp1256.txt", "french_latin1.txt", "j-1", "j-3",
                                  "cut.warc.gz#0"}
    assert batch["err"].strip().splitlines()[-1].startswith("7 ingested, 0 skipped as unchanged, 10 failed")
    assert "2 not in English stored (1 ar, 1 fr)" in batch["err"]


def test_wrong_encodings_are_decoded_when_sure(batch):
    assert batch["docs"]["arabic_cp1256.txt"]["language"] == "ar"
    assert "près de Gao" in batch["docs"]["french_latin1.txt"]["text"]


def test_progress_bar_shows_on_batches(batch):
    assert "file/s" in batch["err"] or "file]" in batch["err"]


def test_quiet_prints_errors_only(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(4):
        (inp / f"a{i}.txt").write_text(STORY.replace("six", f"{i + 2}"), encoding="utf-8")
    (inp / "empty.txt").write_bytes(b"")
    done = sitrep_in_process("ingest", str(inp), "--db", str(tmp_path / "q.db"), "--quiet")  # the batch's is real
    code, err = done.returncode, done.stderr
    assert code == 1
    assert err.strip().splitlines() == [ln for ln in err.strip().splitlines() if ln.startswith("error: ")]
    assert "file/s" not in err and "%|" not in err and "ingested" not in err
    assert len(_rows(tmp_path / "q.db", "SELECT id FROM documents")) == 4


def test_reingest_is_idempotent_and_a_changed_file_is_a_new_version(tmp_path):
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "kidal.txt").write_text(STORY, encoding="utf-8")
    (inp / "lake.html").write_text(PAGE, encoding="utf-8")
    db = str(tmp_path / "v.db")
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(inp), "--db", db], obj={})
    assert first.exit_code == 0 and "2 ingested, 0 skipped as unchanged, 0 failed" in first.stderr
    again = runner.invoke(cli, ["ingest", str(inp), "--db", db], obj={})
    assert again.exit_code == 0 and "0 ingested, 2 skipped as unchanged, 0 failed" in again.stderr
    assert len(_rows(db, "SELECT id FROM documents")) == 2
    (inp / "kidal.txt").write_text(STORY.replace("six miners", "seven miners"), encoding="utf-8")
    changed = runner.invoke(cli, ["ingest", str(inp), "--db", db], obj={})
    assert changed.exit_code == 0 and "1 ingested, 1 skipped as unchanged" in changed.stderr
    rows = _rows(db, "SELECT id, version, superseded_by, text FROM documents WHERE name='kidal.txt' ORDER BY id")
    assert [(r["version"], r["superseded_by"]) for r in rows] == [(1, rows[1]["id"]), (2, None)]
    assert "seven miners" in rows[1]["text"]


def test_docs_lists_metadata_with_origins_and_show_prints_clean_text(tmp_path):
    (tmp_path / "kidal.txt").write_text("Home > Mali\n\n" + STORY + "\nLeave a Comment\n", encoding="utf-8")
    meta = tmp_path / "docs.jsonl"
    meta.write_text(json.dumps({"doc": "kidal.txt", "outlet": "Sahel Wire", "published": None}) + "\n")
    db = str(tmp_path / "d.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(tmp_path / "kidal.txt"), "--meta", str(meta), "--db", db],
                         obj={}).exit_code == 0
    table = runner.invoke(cli, ["docs", "--db", db], obj={})
    assert table.exit_code == 0
    header, row = table.stdout.splitlines()[:2]
    assert header.split()[:6] == ["name", "title", "outlet", "published", "language", "origins"]
    assert row.startswith("kidal.txt") and "Sahel Wire" in row and "2024-03-12" in row
    assert "outlet:meta" in row and "published:text:dateline" in row
    [line] = runner.invoke(cli, ["docs", "--db", db, "--format", "jsonl"], obj={}).stdout.splitlines()
    record = json.loads(line)
    assert record["origins"] == {"outlet": "meta", "published": "text:dateline", "title": "text:title",
                                 "language": "langid"}
    shown = runner.invoke(cli, ["show", "kidal.txt", "--db", db], obj={})
    assert shown.stdout.startswith("Gunmen kill six at gold mine near Kidal\n\nGunmen on motorbikes")
    assert "Leave a Comment" not in shown.stdout and "Home > Mali" not in shown.stdout
    raw = runner.invoke(cli, ["show", "kidal.txt", "--raw", "--db", db], obj={})
    assert "Leave a Comment" in raw.stdout


def test_unreadable_file_is_reported_and_the_batch_goes_on(tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text(STORY, encoding="utf-8")
    locked = tmp_path / "locked.txt"
    locked.write_text(STORY.replace("Kidal", "Gao"), encoding="utf-8")
    real_open = open

    def deny(path, *args, **kwargs):  # root ignores chmod, so refuse the read the way the OS would
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", str(tmp_path / "u.db")], obj={})
    monkeypatch.undo()
    assert result.exit_code == 1
    assert f"error: {locked}: cannot read (Permission denied); check" in result.stderr
    assert "1 ingested, 0 skipped as unchanged, 1 failed (1 unreadable)" in result.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read any file")
def test_file_without_read_permission(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(STORY, encoding="utf-8")
    locked.chmod(0)
    code, _, err = run("ingest", str(locked), "--db", str(tmp_path / "p.db"), cwd=tmp_path)
    assert code == 1 and "Permission denied" in err


def test_the_same_text_under_another_name_is_another_report_of_the_event(tmp_path):
    # a wire story two outlets ran word for word: both reports are kept, the second as a copy of the first,
    # and the event lists both
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "wire_a.txt").write_text(STORY, encoding="utf-8")
    (inp / "wire_b.txt").write_text(STORY, encoding="utf-8")
    meta = tmp_path / "meta.jsonl"
    meta.write_text('{"doc": "wire_a.txt", "outlet": "Sahel Wire"}\n{"doc": "wire_b.txt", "outlet": "Niger Post"}\n',
                    encoding="utf-8")
    db = str(tmp_path / "w.db")
    result = CliRunner().invoke(cli, ["ingest", str(inp), "--meta", str(meta), "--db", db], obj={})
    assert result.exit_code == 0 and "2 ingested, 0 skipped as unchanged" in result.stderr
    rows = _rows(db, "SELECT name, duplicate_of FROM documents ORDER BY id")
    assert [r["name"] for r in rows] == ["wire_a.txt", "wire_b.txt"] and rows[1]["duplicate_of"] is not None
    out = tmp_path / "e.jsonl"
    CliRunner().invoke(cli, ["export", "--db", db, "--format", "jsonl", "--output", str(out)], obj={})
    events = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert any(set(e["docs"]) == {"wire_a.txt", "wire_b.txt"} for e in events)
    again = CliRunner().invoke(cli, ["ingest", str(inp), "--meta", str(meta), "--db", db], obj={})
    assert "0 ingested, 2 skipped as unchanged" in again.stderr  # a re-ingest still changes nothing
