"""POST /api/ingest: upload one article and run the pipeline on it — only with --allow-ingest --token T.

The server is read-only by default; this route always exists so a client learns why it is
refused (403 disabled, 401 no token, 403 wrong token) instead of guessing from a 404.
The pipeline (spaCy and the gazetteer) loads on the first upload, not at start-up.
"""
from __future__ import annotations

import anyio
import anyio.to_thread

import hmac
import logging
import os
import re
import shutil
import stat
import tempfile
import threading
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from sitrep.store import Store

log = logging.getLogger(__name__)
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
UPLOAD_PREFIX = "sitrep-upload-"  # + the server's pid + "-": a killed server's directories are known by it
UPLOAD_DIR = re.compile(re.escape(UPLOAD_PREFIX) + r"(\d+)-[^/]+")


def remove_stale_uploads(parent: str | None = None) -> int:
    """Delete the upload directories of servers that no longer run; how many were deleted.

    Why: an upload is written to a temporary directory while the pipeline reads it, and a
    server killed then (kill -9, a crash) leaves it behind, article inside, on every kill. Only
    what is certainly ours goes: a directory (not a link) named ``sitrep-upload-<pid>-…``,
    owned by this user, whose pid runs no process. A running server's uploads, another user's,
    and anything else in the temporary directory are never touched."""
    removed = 0
    for entry in Path(parent or tempfile.gettempdir()).glob(UPLOAD_PREFIX + "*"):
        named = UPLOAD_DIR.fullmatch(entry.name)
        try:
            info = entry.lstat()
        except OSError:
            continue
        if named is None or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or _running(int(named[1])):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed += 1
    if removed:
        log.info("removed %d upload directories left by a stopped server in %s", removed,
                 parent or tempfile.gettempdir())
    return removed


def _running(pid: int) -> bool:
    """Is there a process ``pid`` (ours or not)?"""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OverflowError:
        return False
    return True


class Ingester:
    """Holds the loaded pipeline and serialises uploads (one writer at a time)."""

    def __init__(self, db: str, settings: Any):
        self.db, self.settings = db, settings
        self._pipeline: Any = None
        self._lock = threading.Lock()
        self.limiter = anyio.CapacityLimiter(1)

    def run(self, name: str, body: bytes, meta: dict[str, str]) -> dict[str, Any]:
        from sitrep.pipeline import Pipeline

        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.settings)
            with tempfile.TemporaryDirectory(prefix=f"{UPLOAD_PREFIX}{os.getpid()}-") as tmp:
                path = Path(tmp) / name
                path.write_bytes(body)
                with Store(self.db) as store:
                    report = self._pipeline.ingest(store, [str(path)], meta={name: meta} if meta else {})
                    doc_ids = store.document_ids_by_name([name])
                    events = store.events_of_document(doc_ids[name]) if name in doc_ids else []
        return {"summary": report.summary(), "ingested": report.ingested, "unchanged": report.unchanged,
                "failed": report.failed, "errors": [str(e) for e in report.errors], "events": events}


def _check_token(request: Request, token: str) -> None:
    auth = request.headers.get("authorization", "")
    given = auth[7:] if auth.lower().startswith("bearer ") else request.headers.get("x-sitrep-token", "")
    if not given:
        raise HTTPException(401, "a token is required: send the header `Authorization: Bearer T` "
                                 "with the T given to `sitrep serve --token T`",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise HTTPException(403, "wrong token; use the one given to `sitrep serve --token`")


async def _read_at_most(request: Request, limit: int) -> bytes:
    """The body, read as it arrives and refused (413) as soon as it passes ``limit`` bytes: a
    chunked upload declares no length, and reading it whole first would let one request fill memory."""
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"upload is over ingest.max_file_mb ({limit} bytes; refused after reading "
                                     f"{size}); split it or raise the setting")
        chunks.append(chunk)
    return b"".join(chunks)


def router(*, allow_ingest: bool, token: str | None) -> APIRouter:
    """The upload route, enabled only when the server was started with --allow-ingest --token T."""
    r = APIRouter(prefix="/api")

    @r.post("/ingest", summary="Upload one article (raw body) and extract its events; needs the token")
    async def ingest(request: Request,
                     name: str = Query(..., min_length=1, max_length=200,
                                       description="File name; its extension picks the reader (.txt, .html, "
                                                   ".jsonl, .warc, .warc.gz)."),
                     title: str | None = Query(None), outlet: str | None = Query(None),
                     url: str | None = Query(None),
                     published: str | None = Query(None, description="Publication date, YYYY-MM-DD.")
                     ) -> dict[str, Any]:
        if not allow_ingest or not token:
            raise HTTPException(403, "ingest is disabled: this server is read-only; "
                                     "start it with `sitrep serve --allow-ingest --token T`")
        _check_token(request, token)
        settings = request.app.state.settings
        limit = float(settings.get("ingest", "max_file_mb")) * 1024 * 1024
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:  # refuse before reading it into memory
            raise HTTPException(413, f"upload of {declared} bytes is over ingest.max_file_mb; split it or raise "
                                     "the setting")
        body = await _read_at_most(request, int(limit))
        if not body:
            raise HTTPException(422, "invalid parameter body: the upload is empty; send the article as the body")
        safe = SAFE_NAME.sub("_", Path(name).name).lstrip(".") or "upload.txt"
        meta = {k: v for k, v in (("title", title), ("outlet", outlet), ("url", url), ("published", published))
                if v}
        ingester = getattr(request.app.state, "ingester", None)
        if ingester is None:
            ingester = request.app.state.ingester = Ingester(request.app.state.db, settings)
        # A thread of its own (one writer at a time anyway), outside the readers' few worker
        # threads (app.WORKER_THREADS): uploads waiting for the writer must not leave reads none.
        return await anyio.to_thread.run_sync(ingester.run, safe, body, meta, limiter=ingester.limiter)

    return r
