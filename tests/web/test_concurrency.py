"""The server's concurrency settings that keep cached answers fast under load (bench/bench_load.py):
few worker threads for the sync endpoints, and a response cache that holds every filter set fifty
clients ask for."""
from __future__ import annotations

import anyio.to_thread
from fastapi.testclient import TestClient

from sitrep.web.app import WORKER_THREADS, create_app
from sitrep.web.cache import ResponseCache


def test_the_sync_endpoints_run_on_a_few_threads(web_db, settings):
    with TestClient(create_app(web_db, settings=settings)) as client:
        assert client.get("/api/stats").status_code == 200
        tokens = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == WORKER_THREADS < 40  # Starlette's default is 40


def test_the_cache_keeps_a_thousand_distinct_answers(web_db):
    cache = ResponseCache(web_db)
    version = cache.version()
    for i in range(1000):  # more than bench_load's 400 filter sets x 2 routes
        cache.put(f"/api/stats?k={i}", version, b"{}" * 100, "application/json")
    assert all(cache.get(f"/api/stats?k={i}", version) is not None for i in range(1000))
