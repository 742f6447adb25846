"""The API's record cache (sitrep/web/records.py): a kept record is served only while the event's
rows are the very ones it was made from; any change to the event or to one of its mentions is seen."""
from __future__ import annotations

from dataclasses import replace

from fastapi.testclient import TestClient

from sitrep.export import event_record
from sitrep.store import Store
from sitrep.web.app import create_app


def _page(client: TestClient) -> dict[str, dict]:
    return {e["id"]: e for e in client.get("/api/events", params={"limit": 100}).json()["events"]}


def test_a_changed_event_or_mention_is_never_served_from_the_record_cache(fresh_web_db, settings):
    app = create_app(fresh_web_db, settings=settings)
    client = TestClient(app)
    first = _page(client)
    again = _page(client)  # asked again: same records, now from the cache
    assert again == first and app.state.records.hits == 0  # the response cache answered
    app.state.cache._entries.clear()
    assert _page(client) == first and app.state.records.hits == len(first)

    event_id = sorted(first)[0]
    with Store(fresh_web_db) as store, store.transaction():
        event = store.get_event(event_id)
        store.save_event(replace(event, fatalities=(event.fatalities or 0) + 40))
    assert _page(client)[event_id]["fatalities"] == (first[event_id]["fatalities"] or 0) + 40

    with Store(fresh_web_db) as store, store.transaction():
        event = store.get_event(event_id)  # only a mention changes: the evidence a report quotes
        span = replace(event.mentions[0].evidence[0], text="rewritten evidence")
        event.mentions[0] = replace(event.mentions[0], evidence=[span])
        store.save_event(event)
        expected = event_record(store.get_event(event_id), outlets={})
    changed = _page(client)[event_id]
    assert changed["evidence"] == "rewritten evidence"
    assert {**changed, "outlets": []} == expected
