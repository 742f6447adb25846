"""Hostile inputs, each refused or cut with one clear line within a stated bound, the batch going on.

Bounds (docs/quality.md "Reliability: fuzzing and hostile input"): a document is cut at
ingest.max_chars (30,000 characters) and reading one input takes under 5 s and 500 MB here;
bombs are refused from what they declare, before they are expanded. Also the regressions the
fuzz suite (tests/fuzz) found, one test each.
"""
from __future__ import annotations

import gzip
import io
import json
import resource
import time

from sitrep.config import load_settings
from sitrep.errors import InputError
from sitrep.ingest import read_file

SETTINGS = load_settings(env={})
SENTENCE = "Gunmen attacked a checkpoint near Kidal on Monday, killing four soldiers, a local official said. "
BOUND_S, BOUND_MB = 5.0, 500


def _read(path):
    """Items of ``path`` with the time and the growth of peak memory it took."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    items = list(read_file(path, meta={}, settings=SETTINGS))
    took = time.monotonic() - start
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert took < BOUND_S and grown_mb < BOUND_MB, (took, grown_mb)
    return items


def _warc(payload: bytes, compress: bool = True) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://example.org/a", "response", payload=io.BytesIO(payload),
                                                  http_headers=http))
    return out.getvalue()


def test_gzip_bomb_warc_is_refused_from_its_declared_length(tmp_path):
    """A record declaring 1 GB (256 MB of zeros behind it, 250 KB compressed): refused at its header."""
    zeros = gzip.compress(b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: https://x/\r\n"
                          b"Content-Type: text/html\r\nContent-Length: %d\r\n\r\n" % 2**30
                          + b"\0" * 2**28, compresslevel=6)
    path = tmp_path / "bomb.warc.gz"
    path.write_bytes(_warc(f"<html><body><p>{SENTENCE * 3}</p></body></html>".encode()) + zeros)
    assert path.stat().st_size < 2 * 2**20
    doc, err = _read(path)
    assert "checkpoint near Kidal" in doc.text
    assert isinstance(err, InputError) and err.reason == "too_large" and err.record == "record 1"


def test_gzip_bomb_payload_inside_a_record_is_read_only_to_the_limit(tmp_path):
    """A response whose HTTP body is gzip (Content-Encoding) that inflates to 128 MB (6x the limit)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    body = gzip.compress(b"<html><body><p>" + b"a " * 2**26 + b"</p></body></html>", compresslevel=9)
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
                            protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://x/b", "response", payload=io.BytesIO(body),
                                                  http_headers=http))
    path = tmp_path / "inner.warc.gz"
    path.write_bytes(out.getvalue())
    (err,) = _read(path)
    assert isinstance(err, InputError) and err.reason == "too_large" and "ingest.max_file_mb" in str(err)


def test_billion_laughs_entities_are_not_expanded(tmp_path):
    ents = '<!ENTITY lol "lol">' + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
                                           for i in range(10))
    page = f'<?xml version="1.0"?><!DOCTYPE lolz [{ents}]><html><body><p>&lol9;</p><p>{SENTENCE * 3}</p></body></html>'
    path = tmp_path / "laughs.html"
    path.write_text(page)
    (doc,) = _read(path)
    assert "checkpoint near Kidal" in doc.text and doc.text.count("lol") < 1000


def test_ten_million_character_sentence_is_cut_at_max_chars(tmp_path):
    path = tmp_path / "sentence.txt"
    path.write_text("The " + "very " * 2_000_000 + "long sentence ended.")
    (doc,) = _read(path)
    assert len(doc.text) <= SETTINGS.get("ingest", "max_chars") and doc.raw == path.read_bytes()


def test_lone_surrogate_escapes_in_jsonl_are_replaced_not_fatal(tmp_path):
    """Found by tests/fuzz: "\\ud800" is valid JSON but no UTF-8; the store's INSERT failed on it."""
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"text": SENTENCE + "\ud800 tail", "title": "T\udfff"}) + "\n", encoding="utf-8",
                    errors="surrogatepass")
    (doc,) = _read(path)
    doc.text.encode("utf-8")
    assert "\ufffd tail" in doc.text and doc.title == "T\ufffd"


def test_empty_jsonl_and_warc_files_are_reported(tmp_path):
    """Found by tests/fuzz: an empty dump passed silently (exit 0) where an empty .txt is an error."""
    for name in ("e.jsonl", "e.warc.gz"):
        path = tmp_path / name
        path.write_bytes(b"" if "warc" in name else b"\n  \n")
        (err,) = _read(path)
        assert isinstance(err, InputError) and err.reason == "empty" and str(path) in str(err)


def test_headline_followed_only_by_a_label_keeps_its_text(tmp_path):
    """Found by tests/fuzz (4,000-input run): the headline was taken for a trailing label, leaving
    a document with a title and an empty text."""
    path = tmp_path / "flash.txt"
    path.write_bytes(b"Gunmen attacked the base near Kidal killing four soldiers today\r\nGunmen")
    (doc,) = _read(path)
    assert doc.text == doc.title == "Gunmen attacked the base near Kidal killing four soldiers today"


def test_a_url_that_cannot_be_parsed_gives_no_outlet_not_a_reader_bug(tmp_path):
    """Found by make soak-fuzz (2026-12-07): urlsplit raises on "[" ("Invalid IPv6 URL"), and the
    JSON Lines record was reported as an internal error."""
    path = tmp_path / "u.jsonl"
    path.write_text(json.dumps({"text": SENTENCE * 3, "url": "\u0000\u001b[31mGunmen\u2028Gunmen"}) + "\n")
    (doc,) = _read(path)
    assert not isinstance(doc, InputError) and "checkpoint near Kidal" in doc.text
