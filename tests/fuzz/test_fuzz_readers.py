"""Property-based fuzzing of every reader, in process: any bytes in, Documents or InputErrors out.

For every generated file: no exception escapes ``read_file``; every error names the file (and
the line or record inside a container); every document has text within ``ingest.max_chars``
that the store can encode, offsets inside the raw bytes, and raw bytes taken from the file.
Seeded (``derandomize``): a failure replays; ``make soak-fuzz`` runs 10,000 inputs.
"""
from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from fuzz import hostile
from sitrep.config import load_settings
from sitrep.errors import InputError
from sitrep.ingest import read_file
from sitrep.model import Document

EXAMPLES = int(os.environ.get("SITREP_FUZZ_EXAMPLES", "60"))
SETTINGS = load_settings(env={}).with_overrides({"ingest.max_chars": 20_000, "ingest.max_html_mb": 1})
FUZZ = settings(max_examples=EXAMPLES, derandomize=True, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
CONTAINERS = {"jsonl", "warc"}


@contextlib.contextmanager
def warnings_of(logger: str):
    """The messages of warnings ``logger`` (and its children) logged inside the block."""
    said: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            said.append(record.getMessage())

    handler = Keep(logging.WARNING)
    logging.getLogger(logger).addHandler(handler)
    try:
        yield said
    finally:
        logging.getLogger(logger).removeHandler(handler)


def check_file(name: str, data: bytes) -> list[Document | InputError]:
    """Read one generated file and assert what every reader promises."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with warnings_of("sitrep") as said:
            items = list(read_file(path, meta={}, settings=SETTINGS))
    fmt = "warc" if name.endswith((".warc", ".warc.gz")) else name.rsplit(".", 1)[-1]
    # nothing back is right only for a skipped docs.jsonl (a warning names it) or an archive
    # without an article record
    assert items or fmt == "warc" or any(str(path) in m for m in said), f"{name}: nothing came back, unexplained"
    for item in items:
        assert isinstance(item, (Document, InputError)), item
        if isinstance(item, InputError):
            assert item.path == str(path) and str(item).startswith(str(path))
            assert item.reason != "internal", f"a reader bug, not a bad input: {item}"
            assert "\n" not in str(item) and item.hint, f"one line with what to do: {item!r}"
            if fmt in CONTAINERS and item.reason != "empty":
                assert item.record, f"{name}: the error must say which line or record: {item}"
            continue
        doc = item
        assert doc.text.strip() and len(doc.text) <= SETTINGS.get("ingest", "max_chars")
        doc.text.encode("utf-8")  # lone surrogates would make the store's INSERT fail
        for field in ("title", "outlet", "url", "published", "language"):
            value = getattr(doc, field)
            assert value is None or isinstance(value, str), (field, value)
            if value is not None:
                value.encode("utf-8")
        if doc.published is not None:
            assert len(doc.published) >= 4 and doc.published[:4].isdigit(), doc.published
        if fmt not in CONTAINERS:
            assert doc.raw == data
        elif fmt == "jsonl":
            assert doc.raw in data
        assert all(0 <= c <= len(doc.text) and 0 <= r <= len(doc.raw) for c, r in doc.offsets), doc.name
    return items


@FUZZ
@given(hostile.text_files())
def test_fuzz_text_files(case):
    check_file(*case)


@FUZZ
@given(hostile.html_files())
def test_fuzz_html_files(case):
    check_file(*case)


@FUZZ
@given(hostile.jsonl_files())
def test_fuzz_jsonl_files(case):
    check_file(*case)


@FUZZ
@given(hostile.warc_files())
def test_fuzz_warc_files(case):
    check_file(*case)
