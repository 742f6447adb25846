"""Ingest caps: a document past ingest.max_chars is cut with one warning naming it; a page past
ingest.max_html_mb is refused before parsing; pathological markup stays within a time bound."""
import json
import logging
import time

from sitrep.config import load_settings
from sitrep.errors import InputError
from sitrep.ingest import read_file

SENTENCE = "Gunmen attacked a checkpoint near Kidal on Monday, killing four soldiers, a local official said. "
SMALL = load_settings(env={}).with_overrides({"ingest.max_chars": 5000, "ingest.max_html_mb": 0.5})


def _read(path, settings=SMALL):
    return list(read_file(path, meta={}, settings=settings))


def test_long_one_line_text_is_cut_at_a_sentence_end_with_a_warning(tmp_path, caplog):
    path = tmp_path / "huge.txt"
    path.write_text(SENTENCE * 40_000, encoding="utf-8")  # 4 MB on one line
    start = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="sitrep"):
        (doc,) = _read(path)
    assert time.monotonic() - start < 5
    assert 4500 <= len(doc.text) <= 5000 and doc.text.endswith("said.")
    assert doc.raw == path.read_bytes()  # the stored bytes are the file's, whole
    (msg,) = [r.getMessage() for r in caplog.records if "max_chars" in r.getMessage()]
    assert str(path) in msg and "over the 5,000-character limit" in msg and "SITREP_INGEST_MAX_CHARS" in msg


def test_jsonl_text_over_the_limit_is_cut_not_reported_as_missing(tmp_path, caplog):
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"id": "long", "text": SENTENCE * 20_000}) + "\n"
                    + json.dumps({"id": "ok", "text": SENTENCE * 3}) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="sitrep"):
        items = _read(path)
    assert [type(i).__name__ for i in items] == ["Document", "Document"]
    assert len(items[0].text) <= 5000 and items[0].text.startswith("Gunmen attacked")
    (msg,) = [r.getMessage() for r in caplog.records if "max_chars" in r.getMessage()]
    assert f"{path} line 1" in msg and f"{len(SENTENCE) * 20_000:,} characters" in msg


def test_html_over_the_size_limit_is_refused_before_parsing(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><p>" + SENTENCE * 10_000 + "</p></body></html>", encoding="utf-8")
    (err,) = _read(path)
    assert isinstance(err, InputError) and err.reason == "too_large" and "ingest.max_html_mb" in str(err)


def test_deeply_nested_html_is_read_in_bounded_time(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * 60_000 + SENTENCE + "</div>" * 60_000 + "</body></html>")
    start = time.monotonic()
    items = _read(path, load_settings(env={}))
    assert time.monotonic() - start < 10
    assert len(items) == 1 and "checkpoint near Kidal" in getattr(items[0], "text", str(items[0]))
