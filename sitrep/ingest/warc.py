"""WARC archives (.warc, .warc.gz): each HTML response record is one article.

A record's raw bytes are its HTTP payload (de-chunked and de-compressed); its name is
``file.warc#N`` with N the record's 0-based position in the archive (a leading warcinfo
record is #0), and its URL the WARC-Target-URI.
A truncated archive yields the records before the break and one error naming where it broke.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Iterator

from sitrep.errors import InputError
from sitrep.ingest.boilerplate import Patterns
from sitrep.ingest.documents import Limits, Source, from_bytes
from sitrep.ingest.metadata import meta_row
from sitrep.model import Document

log = logging.getLogger(__name__)

_ARTICLE_TYPES = ("text/html", "application/xhtml", "text/plain")
# A record declaring more than this many times the per-record limit is not skipped but ends the
# archive: skipping means decompressing it, and 20 MB of .warc.gz can expand to 20 GB (a bomb).
BOMB_FACTOR = 16


def read_warc(path: Path, *, meta: dict[str, dict[str, Any]], max_bytes: int,
              patterns: Patterns | None = None, limits: Limits | None = None) -> Iterator[Document | InputError]:
    """Yield a Document or InputError per HTML record; stop with one error where the archive breaks."""
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    if path.stat().st_size == 0:  # warcio reads no record and says nothing
        yield InputError(str(path), "empty", "empty (no WARC records at all)", hint="remove it or re-create the archive")
        return
    with open(path, "rb") as f:
        records = iter(ArchiveIterator(f))
        while True:
            try:
                record = next(records, None)
                if record is None:
                    return
                item = _read_record(record, path, n, meta, max_bytes, patterns, limits or Limits())
            except _Bomb as exc:
                yield InputError(str(path), "too_large", str(exc), record=f"record {n}",
                                 hint="the records before this one were read; split the archive or drop the record")
                return
            except Exception as exc:  # warcio on a cut file: EOF, zlib, or half-parsed headers
                yield InputError(str(path), "truncated", f"archive broken or truncated ({_reason(exc)})",
                                 record=f"record {n}",
                                 hint="re-download or re-create the archive; the records before this one were read")
                return
            if item is not None:
                yield item
            n += 1


class _Bomb(Exception):
    """A record too large even to skip over."""


def _reason(exc: Exception) -> str:
    if isinstance(exc, (AttributeError, TypeError, KeyError)):
        return "record headers cut off"
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:120]}" if text else type(exc).__name__


def _read_record(record: Any, path: Path, n: int, meta: dict[str, dict[str, Any]], max_bytes: int,
                 patterns: Patterns | None, limits: Limits) -> Document | InputError | None:
    declared = record.length or 0
    if declared > BOMB_FACTOR * max_bytes:
        raise _Bomb(f"record declares {declared / 2**20:,.0f} MB, more than {BOMB_FACTOR} times the "
                    f"{max_bytes / 2**20:g} MB limit for one record (ingest.max_file_mb); the rest of the "
                    "archive is not read")
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if record.rec_type == "response" and (headers is None or headers.get_statuscode() not in ("200", "203")):
        return None
    ctype = (headers.get_header("Content-Type") if headers else "") or ""
    if not ctype.lower().startswith(_ARTICLE_TYPES):
        log.debug("%s record %d: skipped (%s)", path, n, ctype or "no content type")
        return None
    payload = record.content_stream().read(max_bytes + 1)  # never more: the payload may be gzip inside
    where = f"record {n}"
    if len(payload) > max_bytes:
        return InputError(str(path), "too_large", f"record payload is over the {max_bytes / 2**20:g} MB limit "
                          "for one record (ingest.max_file_mb)", record=where,
                          hint="raise --max-file-mb, or drop the record from the archive")
    if getattr(record.raw_stream, "limit", 0) > 0:
        raise EOFError(f"record ends {record.raw_stream.limit} bytes short of its Content-Length")
    url = record.rec_headers.get_header("WARC-Target-URI")
    name = f"{path.name}#{n}"
    src = Source(name=name, path=str(path), format="warc", record=where, meta=meta_row(meta, name, url),
                 given={"url": url}, given_origin="warc", patterns=patterns, limits=limits)
    try:
        return from_bytes(payload, src, html="html" in ctype.lower())
    except InputError as exc:
        return exc
    except Exception as exc:  # a bug costs one record, not the archive; --debug logs the traceback
        log.debug("%s record %d failed", path, n, exc_info=True)
        return InputError(str(path), "internal", f"could not be read ({exc!r})", record=where,
                          hint="rerun with --debug and report the bug")
