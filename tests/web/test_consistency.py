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


def test_an_answer_outside_what_a_commit_touched_stays_cached(fresh_web_db, settings):
    import sqlite3

    c = TestClient(create_app(fresh_web_db, settings=settings))
    syria, mali = ({"country": "Syria", "limit": 100}, {"country": "Mali", "limit": 100})
    first_syria, first_mali = c.get("/api/events", params=syria), c.get("/api/events", params=mali)
    assert first_syria.json()["total"] >= 1
    _commit_one_more(fresh_web_db, "gao_far.txt")  # a Malian event: nothing Syrian changed
    again = c.get("/api/events", params=syria)
    assert again.headers["x-sitrep-cache"] == "hit" and again.content == first_syria.content
    mali_after = c.get("/api/events", params=mali)  # inside its filter: rebuilt, the writer's event in it
    assert mali_after.headers["x-sitrep-cache"] == "miss"
    assert mali_after.json()["total"] == first_mali.json()["total"] + 1
    assert c.get("/api/stats").headers["x-sitrep-cache"] == "miss"  # `latest` is over every event
    hama = first_syria.json()["events"][0]["id"]
    with sqlite3.connect(fresh_web_db) as conn:  # as a merge would: the Syrian event's row rewritten
        conn.execute("UPDATE events SET fatalities = 99 WHERE id = ?", (hama,))
    changed = c.get("/api/events", params=syria)
    assert changed.headers["x-sitrep-cache"] == "miss"  # rebuilt (the record reads the row's JSON)
    assert c.get("/api/events", params=syria).headers["x-sitrep-cache"] == "hit"
    with sqlite3.connect(fresh_web_db) as conn:  # a mention moved onto it (merge): its record changes
        conn.execute("UPDATE mentions SET event_id = ? WHERE document_id = (SELECT MAX(document_id) FROM mentions)",
                     (hama,))
    assert c.get("/api/events", params=syria).headers["x-sitrep-cache"] == "miss"


def test_the_change_log_is_pruned_and_an_entry_past_it_is_rebuilt(fresh_web_db, settings):
    import sqlite3

    c = TestClient(create_app(fresh_web_db, settings=settings))
    syria = {"country": "Syria"}
    c.get("/api/events", params=syria)
    with sqlite3.connect(fresh_web_db) as conn:  # 21,000 changes elsewhere: the oldest beyond 20,000 dropped
        conn.executemany("UPDATE events SET fatalities = ? WHERE country = 'Yemen'", [(i,) for i in range(21000 // 2)])
        low, high = conn.execute("SELECT MIN(seq), MAX(seq) FROM event_changes").fetchone()
    assert low > 1000 and high - low < 21000  # pruned every 1,000 rows to the last 20,000
    assert c.get("/api/events", params=syria).headers["x-sitrep-cache"] == "miss"  # cannot tell: rebuilt
