"""Raw responses kept as WARC records, one file per article, so extraction can be re-run later on
exactly what was fetched (``sitrep ingest ARCHIVE_DIR`` reads them back).

A file is written under a temporary name and renamed when complete: after a kill -9 an archive
file either exists whole or not at all, which is what lets a restart skip finished fetches.
"""
from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitrep.watch.fetcher import Fetched

# httpx hands over the decoded body, so these no longer describe the stored bytes.
_DROP = {"content-encoding", "transfer-encoding", "content-length"}


def archive_name(canonical: str) -> str:
    """``example.org-1a2b3c4d5e6f7a8b.warc.gz``: stable per story URL, so a re-fetch is a new version
    of the same document (the pipeline keys documents by name) rather than a second document."""
    host = (urlsplit(canonical).hostname or "local").removeprefix("www.")
    return f"{host}-{hashlib.sha1(canonical.encode()).hexdigest()[:16]}.warc.gz"


def write_response(folder: Path, canonical: str, fetched: Fetched) -> Path:
    """Write ``fetched`` as one WARC response record, atomically; returns the file's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / archive_name(canonical)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    headers = [(k, v) for k, v in fetched.headers if k.lower() not in _DROP]
    headers.append(("Content-Length", str(len(fetched.body))))
    with open(tmp, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        http = StatusAndHeaders(f"{fetched.status} {fetched.reason or 'OK'}", headers, protocol="HTTP/1.1")
        record = writer.create_warc_record(fetched.url, "response", payload=io.BytesIO(fetched.body),
                                           http_headers=http)
        writer.write_record(record)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return path


def document_name(path: Path) -> str:
    """The name the ingest stage gives the article in this archive file (its first record)."""
    return f"{path.name}#0"
