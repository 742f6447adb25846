"""A reader never sees a half-written state: each API answer is computed in one snapshot, so a
document (with its events) committed while the answer is being built is wholly in it or not at
all. Found by bench/bench_load.py's probe; here made deterministic by committing between two of
the endpoint's own queries."""
from __future__ import annotations

from fastapi.testclient import TestClient

from sitrep.model import Event, EventMention, Place, Span
from sitrep.store import Store
from sitrep.web import api
from sitrep.web.app import create_app

from factories import make_document

GAO = Place("Gao", 16.27, -0.04, country="Mali", admin1="Gao")


def _commit_one_more(db: str, name: str) -> None:
    """Another process's ingest: one document and its event, in one transaction."""
    text = f"Gunmen attacked a checkpoint near Gao ({name})."
    m = EventMention(doc=name, index=0, event_type="Battles", sub_event_type="Armed clash", event_date="2025-11-04",
                     place=GAO, evidence=[Span(0, len(text), text)])
    with Store(db) as store, store.transaction():
        doc_id = store.add_document(make_document(name, text))
        store.save_event(Event(id=f"ev_{name}", mentions=[m], event_type="Battles", sub_event_type="Armed clash",
                               event_date="2025-11-04", place=GAO), {name: doc_id})


def test_a_commit_between_the_count_and_the_page_is_not_seen_halfway(fresh_web_db, settings, monkeypatch):
    real = api.page_ids
    commits = []

    def commit_then_page(store, *args, **kwargs):
        name = f"gao_{len(commits)}.txt"
        _commit_one_more(fresh_web_db, name)  # lands after the COUNT, before the ids are read
        commits.append(name)
        return real(store, *args, **kwargs)

    monkeypatch.setattr(api, "page_ids", commit_then_page)
    c = TestClient(create_app(fresh_web_db, settings=settings))
    first = c.get("/api/events", params={"limit": 100}).json()
    assert first["total"] == len(first["events"]) == 6  # the answer of the moment it began
    second = c.get("/api/events", params={"limit": 100}).json()
    assert second["total"] == len(second["events"]) == 7  # the next answer has the first commit, whole
    assert "ev_gao_0.txt" in {e["id"] for e in second["events"]}
    assert all(e["docs"] for e in second["events"])


def test_a_download_is_one_snapshot_even_across_chunks(fresh_web_db, settings, monkeypatch):
    monkeypatch.setattr(api, "EXPORT_CHUNK", 2)
    real = api.page_of_events
    calls = []

    def commit_between_chunks(store, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            _commit_one_more(fresh_web_db, "late.txt")
        return real(store, *args, **kwargs)

    monkeypatch.setattr(api, "page_of_events", commit_between_chunks)
    c = TestClient(create_app(fresh_web_db, settings=settings))
    lines = c.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == 6 and not any("late.txt" in line for line in lines)


def test_repeated_answers_come_from_the_cache_until_any_process_commits(fresh_web_db, settings):
    c = TestClient(create_app(fresh_web_db, settings=settings))
    first = c.get("/api/stats")
    again = c.get("/api/stats")
    assert first.headers["x-sitrep-cache"] == "miss" and again.headers["x-sitrep-cache"] == "hit"
    assert again.content == first.content and again.headers["content-type"] == "application/json"
    assert int(again.headers["content-length"]) == len(first.content)
    assert "default-src 'self'" in again.headers["content-security-policy"]  # a hit has the headers too
    _commit_one_more(fresh_web_db, "gao_new.txt")  # as another process's ingest would
    after = c.get("/api/stats")
    assert after.headers["x-sitrep-cache"] == "miss" and after.json()["total"] == first.json()["total"] + 1
    bad = c.get("/api/stats", params={"bucket": "year"})
    assert bad.status_code == 422 and "x-sitrep-cache" not in bad.headers  # errors are never kept
