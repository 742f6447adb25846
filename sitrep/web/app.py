"""The FastAPI app: read-only API over a sitrep database, the offline page, JSON errors, CSP.

Why a per-thread store: FastAPI runs plain endpoints in a thread pool and one sqlite3
connection must not serve two threads at once (a psycopg one would make them queue), so each
worker thread opens its own read-only connection on first use. Nothing here fetches from the internet: the page, its vendored
libraries, the basemap and the API docs are all files of this package.
"""
from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any, AsyncIterator

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from sitrep import __version__
from sitrep.config import Settings
from sitrep.errors import NotFoundError, SitrepError, StoreError
from sitrep.store import Store
from sitrep.web.cache import CacheMiddleware, ResponseCache
from sitrep.web.records import RecordCache
from sitrep.web.filters import ParameterError

log = logging.getLogger(__name__)

STATIC = Path(str(resources.files("sitrep.web") / "static"))
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI sets inline styles and data: images; its scripts still come only from this server.
DOCS_CSP = PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class StorePool:
    """One read-only Store per thread, opened lazily (a connection is not shared across threads)."""

    def __init__(self, db: str):
        self.db = db
        self._local = threading.local()
        Store(db, readonly=True).close()  # fail at start-up, with the store's message, if the file is unusable

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.db, readonly=True)
        return store


def _error(status: int, message: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


def _install_error_handlers(app: FastAPI) -> None:
    """Every error is JSON with a sentence saying what went wrong; bad parameters name themselves."""

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [{"parameter": str(e["loc"][-1]) if e.get("loc") else "?", "in": e["loc"][0] if e.get("loc") else "?",
                     "message": e.get("msg", "invalid")} for e in exc.errors()]
        first = problems[0] if problems else {"parameter": "?", "message": "invalid"}
        return _error(422, f"invalid parameter {first['parameter']}: {first['message']}", problems=problems)

    @app.exception_handler(ParameterError)
    async def bad_parameter(_: Request, exc: ParameterError) -> JSONResponse:
        return _error(422, f"invalid parameter {exc.parameter}: {exc.message}",
                      problems=[{"parameter": exc.parameter, "in": "query", "message": exc.message}])

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return _error(404, str(exc))

    @app.exception_handler(SitrepError)
    async def sitrep_error(_: Request, exc: SitrepError) -> JSONResponse:
        log.warning("request failed: %s", exc)
        return _error(500 if isinstance(exc, StoreError) else 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page or API route; the API is described at /api/docs"
        return JSONResponse({"error": message}, status_code=exc.status_code, headers=getattr(exc, "headers", None))


class SecurityHeaders:
    """CSP on every response (pages get default-src 'self'), no sniffing, no referrer to outside links,
    no framing. A plain ASGI middleware, as ``CacheMiddleware`` (cache.py) and for the same reason:
    it sees every request, cached answers included."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"].startswith("/api/docs") else PAGE_CSP

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", csp)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "no-referrer")
                headers.setdefault("X-Frame-Options", "DENY")
            await send(message)

        await self.app(scope, receive, with_headers)


# Worker threads for the plain (sync) endpoints. Starlette's default is 40; they share one GIL, so
# 40 threads decoding JSON at once only take turns, while the event loop, which answers cached
# requests and the page in microseconds, waits for the GIL behind all of them. SQLite releases
# the GIL while it reads, so a few threads keep both cores busy; the rest of the requests queue.
WORKER_THREADS = 4


@asynccontextmanager
async def _lifespan(_: FastAPI) -> AsyncIterator[None]:
    """At start-up, in the server's event loop: the worker threads limited to WORKER_THREADS."""
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


def create_app(db: str, *, settings: Settings, allow_ingest: bool = False, token: str | None = None,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app for database ``db``: read-only unless ``allow_ingest`` (which then requires ``token``).

    ``allowed_hosts`` (e.g. the loopback names) makes any other ``Host`` header a 400.
    """
    from sitrep.web import api, ingest

    if allow_ingest and not token:
        raise SitrepError("--allow-ingest needs --token T: uploads are never accepted without a token")
    if allow_ingest:
        ingest.remove_stale_uploads()
    app = FastAPI(title="sitrep", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=_lifespan,
                  description="Read-only API over a sitrep event database: events with their sources, claims "
                              "and evidence; documents; counts for the timeline; exports.")
    app.state.pool = StorePool(db)
    app.state.db = db
    app.state.settings = settings
    app.state.records = RecordCache()
    _install_error_handlers(app)
    cache = app.state.cache = ResponseCache(db)
    if cache.enabled:  # inside the security headers, so that a cached answer gets them too
        app.add_middleware(CacheMiddleware, cache=cache)
    app.add_middleware(SecurityHeaders)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.include_router(api.router)
    app.include_router(ingest.router(allow_ingest=allow_ingest, token=token))

    # The two pages are read once and answered from the event loop: a FileResponse takes worker
    # threads to stat and read the file, and under load (50 clients, bench/bench_load.py) those
    # threads are all busy with queries, so the page waited behind them (p50 526 ms for 3 KB).
    pages = {name: (STATIC / name).read_bytes() for name in ("index.html", "docs.html")}

    @app.get("/", include_in_schema=False)
    async def index() -> Response:
        return Response(pages["index.html"], media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})

    @app.get("/api/docs", include_in_schema=False)
    async def docs() -> Response:
        return Response(pages["docs.html"], media_type="text/html; charset=utf-8",
                        headers={"Cache-Control": "no-cache"})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
