"""The read-only API on a hand-built database: filters, pages, one event, documents, stats, exports, errors."""
from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient

from sitrep.errors import SitrepError
from sitrep.web.app import create_app

from factories import make_document


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request):
    """The API on each backend: every test below runs on SQLite and on PostgreSQL."""
    from sitrep.config import load_settings

    db = request.getfixturevalue("web_db" if request.param == "sqlite" else "web_db_pg")
    return TestClient(create_app(db, settings=load_settings(env={})))


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [e["id"] for e in response.json()["events"]]


def test_list_has_total_and_pages(client):
    first = client.get("/api/events", params={"limit": 2, "sort": "date"}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2, "sort": "date"}).json()
    assert first["total"] == 6 and len(first["events"]) == 2
    assert [e["id"] for e in first["events"]] == ["ev_marib", "ev_nowhere"]  # 2025-10-20, 2025-10-28
    assert {e["id"] for e in first["events"]}.isdisjoint(e["id"] for e in second["events"])


@pytest.mark.parametrize("params, expected", [
    ({"event_type": "Battles"}, {"ev_palmyra", "ev_hama", "ev_region"}),
    ({"event_type": ["Protests", "Strategic developments"]}, {"ev_marib", "ev_nowhere"}),
    ({"sub_event_type": "Air/drone strike"}, {"ev_kharkiv"}),
    ({"date_from": "2025-11-02", "date_to": "2025-11-03"}, {"ev_palmyra", "ev_hama"}),
    ({"bbox": "35,33,41,36"}, {"ev_palmyra", "ev_hama", "ev_region"}),  # Syria only, not Kharkiv or Marib
    ({"actor": "military forces of syria"}, {"ev_palmyra"}),  # actor2, any case
    ({"actor": "Islamic State"}, {"ev_palmyra"}),  # actor1
    ({"country": "Ukraine"}, {"ev_kharkiv"}),
    ({"admin1": "Homs"}, {"ev_palmyra"}),
    ({"modality": "claimed"}, {"ev_nowhere"}),
    ({"background": "true"}, {"ev_region"}),
    ({"background": "false", "country": "Syria"}, {"ev_palmyra", "ev_hama"}),
    ({"min_sources": 2}, {"ev_palmyra"}),
    ({"conflict": "true"}, {"ev_palmyra"}),
    ({"q": "energy facility"}, {"ev_kharkiv"}),
    ({"q": "100%"}, set()),  # LIKE wildcards in the search are literal
])
def test_filters_select_the_right_events(client, params, expected):
    assert set(ids(client.get("/api/events", params=params))) == expected


def test_sort_by_fatalities_descending_puts_unknown_last(client):
    got = ids(client.get("/api/events", params={"sort": "-fatalities"}))
    assert got[:2] == ["ev_palmyra", "ev_hama"] or got[:2] == ["ev_hama", "ev_palmyra"]
    assert got[-1] in {"ev_marib", "ev_region", "ev_nowhere"}


@pytest.mark.parametrize("params, parameter, words", [
    ({"date_from": "2025-13-01"}, "date_from", "YYYY-MM-DD"),
    ({"date_from": "yesterday"}, "date_from", "not a date"),
    ({"date_from": "2025-11-05", "date_to": "2025-11-01"}, "date_to", "before date_from"),
    ({"bbox": "1,2,3"}, "bbox", "west,south,east,north"),
    ({"bbox": "0,50,10,40"}, "bbox", "south"),
    ({"limit": 0}, "limit", "greater than or equal to 1"),
    ({"limit": 99999}, "limit", "less than or equal to"),
    ({"offset": -1}, "offset", "greater than or equal to 0"),
    ({"sort": "colour"}, "sort", "not sortable"),
    ({"modality": "rumoured"}, "modality", "asserted"),
    ({"min_sources": "many"}, "min_sources", "integer"),
    ({"background": "perhaps"}, "background", "boolean"),
])
def test_bad_parameters_are_422_naming_the_parameter(client, params, parameter, words):
    r = client.get("/api/events", params=params)
    assert r.status_code == 422
    body = r.json()
    assert body["problems"][0]["parameter"] == parameter
    assert parameter in body["error"] and words in body["error"]


def test_event_detail_has_claims_sources_evidence_and_merges(client):
    body = client.get("/api/events/ev_palmyra").json()
    ev = body["event"]
    assert ev["fatalities_low"] == 2 and ev["fatalities_high"] == 5 and ev["conflict"] == ["fatalities"]
    assert sorted((c["outlet"], c["value"]) for c in body["claims"]) == [("Euphrates Post", 5), ("Levant Monitor", 2)]
    assert [s["doc"] for s in ev["evidence_spans"]] == ["palmyra_a.txt", "palmyra_b.txt"]
    assert body["documents"]["palmyra_a.txt"]["url"] == "https://example.org/palmyra"
    assert body["merges"][0]["absorbed_id"] == "ev_palmyra_b"
    assert len(body["mentions"]) == 2


def test_absorbed_id_answers_with_the_surviving_event(client):
    body = client.get("/api/events/ev_palmyra_b").json()
    assert body["requested_id"] == "ev_palmyra_b" and body["event"]["id"] == "ev_palmyra"


def test_unknown_ids_are_json_404_with_a_hint(client):
    r = client.get("/api/events/ev_missing")
    assert r.status_code == 404 and "ev_missing" in r.json()["error"]
    r = client.get("/api/documents/999")
    assert r.status_code == 404 and "sitrep docs" in r.json()["error"]
    r = client.get("/api/no-such-route")
    assert r.status_code == 404 and "/api/docs" in r.json()["error"]


def test_document_has_text_and_event_spans_that_quote_it(client, web_db):
    body = client.get("/api/documents/palmyra_b.txt").json()
    text = body["text"]
    assert body["document"]["outlet"] == "Euphrates Post"
    (span,) = [s for s in body["spans"] if s["kind"] == "evidence"]
    assert span["event_id"] == "ev_palmyra"
    assert text[span["start"]:span["end"]] == "Militants stormed an army post near Palmyra, killing five soldiers"
    assert client.get(f"/api/documents/{body['document']['id']}").json()["text"] == text


def test_stats_count_by_day_and_type_for_the_filters(client):
    body = client.get("/api/stats", params={"country": "Syria"}).json()
    assert body["bucket"] == "day" and body["total"] == 3
    assert body["by_type"] == {"Battles": 3}
    assert {s["period"]: s["counts"] for s in body["series"]} == {
        "2025-11-01": {"Battles": 1}, "2025-11-02": {"Battles": 1}, "2025-11-03": {"Battles": 1}}


def test_stats_by_week_start_on_monday(client):
    body = client.get("/api/stats", params={"bucket": "week"}).json()
    weeks = {s["period"]: sum(s["counts"].values()) for s in body["series"]}
    # 2025-10-20 is a Monday; 10-28 falls in the week of 10-27; 11-01 and 11-02 (Sat, Sun) in that of 10-27 too
    assert weeks == {"2025-10-20": 1, "2025-10-27": 3, "2025-11-03": 2}


def test_points_are_the_located_events(client):
    body = client.get("/api/points").json()
    assert set(body["id"]) == {"ev_palmyra", "ev_hama", "ev_region", "ev_kharkiv", "ev_marib"}
    assert body["count"] == 5 and body["unlocated"] == 1
    i = body["id"].index("ev_region")
    assert body["geo_precision"][i] == 3 and body["types"][body["type"][i]] == "Battles"
    assert (body["latitude"][i], body["longitude"][i]) == (35.33, 40.14)
    assert client.get("/api/points", params={"country": "Yemen"}).json()["id"] == ["ev_marib"]
    assert client.get("/api/points", params={"country": "Nowhere"}).json()["count"] == 0


def test_export_csv_geojson_jsonl_follow_the_filters(client):
    r = client.get("/api/export", params={"format": "csv", "country": "Syria"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert r.headers["content-disposition"].endswith('sitrep-events.csv"')
    assert sorted(row["event_id_cnty"] for row in rows) == ["ev_hama", "ev_palmyra", "ev_region"]
    geo = client.get("/api/export", params={"format": "geojson", "event_type": "Protests"}).json()
    assert [f["id"] for f in geo["features"]] == ["ev_marib"]
    lines = client.get("/api/export", params={"format": "jsonl", "q": "drones"}).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["ev_kharkiv"]
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_csv_export_in_several_chunks_has_one_header(client, monkeypatch):
    from sitrep.web import api

    monkeypatch.setattr(api, "EXPORT_CHUNK", 2)
    rows = list(csv.reader(io.StringIO(client.get("/api/export", params={"format": "csv"}).text)))
    assert rows[0][0] == "event_id_cnty" and len(rows) == 7 and "event_id_cnty" not in [r[0] for r in rows[1:]]


def test_facets_list_values_with_counts(client):
    body = client.get("/api/facets").json()
    assert body["event_type"][0] == {"value": "Battles", "count": 3}
    assert {"value": "Islamic State", "count": 1} in body["actor"]


def test_pages_carry_a_strict_csp_and_docs_are_offline(client):
    page = client.get("/")
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs.text
    assert "http" not in docs.text.lower().replace("http-equiv", "")
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
    spec = client.get("/api/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"date_from", "bbox", "actor", "min_sources", "conflict", "q", "sort", "limit", "offset"} <= params


def test_ingest_is_refused_when_read_only(client):
    r = client.post("/api/ingest", params={"name": "a.txt"}, content=b"Text.")
    assert r.status_code == 403 and "--allow-ingest" in r.json()["error"]


def test_allow_ingest_without_token_is_refused_at_start(web_db, settings):
    with pytest.raises(SitrepError, match="--token"):
        create_app(web_db, settings=settings, allow_ingest=True)


def test_ingest_needs_the_right_token(web_db, settings):
    c = TestClient(create_app(web_db, settings=settings, allow_ingest=True, token="s3cret"))
    r = c.post("/api/ingest", params={"name": "a.txt"}, content=b"Text.")
    assert r.status_code == 401 and "Authorization: Bearer" in r.json()["error"]
    r = c.post("/api/ingest", params={"name": "a.txt"}, content=b"Text.", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 403 and "wrong token" in r.json()["error"]


def test_ingest_with_token_stores_the_article(fresh_web_db, settings):
    c = TestClient(create_app(fresh_web_db, settings=settings, allow_ingest=True, token="s3cret"))
    text = "Gunmen killed three farmers in Konduga on Tuesday, residents said."
    r = c.post("/api/ingest", params={"name": "../../etc/upload one.txt", "outlet": "Test Wire"},
               content=text.encode(), headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 200, r.text
    assert r.json()["ingested"] == 1 and r.json()["failed"] == 0
    doc = c.get("/api/documents/upload_one.txt").json()  # the name is reduced to a safe base name
    assert doc["text"].startswith("Gunmen killed three farmers") and doc["document"]["outlet"] == "Test Wire"
    again = c.post("/api/ingest", params={"name": "upload one.txt"}, content=text.encode(),
                   headers={"X-Sitrep-Token": "s3cret"})
    assert again.json()["unchanged"] == 1


def test_list_records_equal_the_export_records(client, web_db):
    from sitrep.export import event_record
    from sitrep.store import Store

    listed = client.get("/api/events", params={"limit": 100}).json()["events"]
    with Store(web_db, readonly=True) as store:
        outlets = {d.name: d.outlet for d in store.documents()}
        for rec in listed:
            assert rec == json.loads(json.dumps(event_record(store.get_event(rec["id"]), outlets=outlets)))


def test_every_asset_of_the_pages_is_served_locally(client):
    import re

    for page in ("/", "/api/docs"):
        html = client.get(page).text
        refs = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert refs, page
        for ref in refs:
            if ref.startswith("data:") or ref.startswith("/api/"):
                continue
            assert ref.startswith("/static/"), f"{page} loads {ref} from outside this server"
            assert client.get(ref).status_code == 200, ref
    for module in ("app.js", "card.js", "dom.js", "timeline.js"):
        js = client.get(f"/static/{module}").text
        assert "innerHTML" not in js and "insertAdjacentHTML" not in js and "document.write" not in js
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", js), module


def test_loopback_server_refuses_other_host_names(web_db, settings):
    from sitrep.web import LOOPBACK_HOSTS

    c = TestClient(create_app(web_db, settings=settings, allowed_hosts=list(LOOPBACK_HOSTS)))
    assert c.get("/api/events", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert c.get("/api/events", headers={"Host": "localhost:8000"}).status_code == 200
    assert c.get("/api/events", headers={"Host": "evil.example:8000"}).status_code == 400  # DNS rebinding


def test_document_names_with_slashes_and_hashes_are_reachable(fresh_web_db, settings):
    from sitrep.store import Store

    with Store(fresh_web_db) as store, store.transaction():
        store.add_document(make_document("dump/2025#3", "A record from a dump."))
    c = TestClient(create_app(fresh_web_db, settings=settings))
    assert c.get("/api/documents/dump%2F2025%233").json()["text"] == "A record from a dump."


def test_oversized_upload_is_refused_before_reading(fresh_web_db, settings):
    c = TestClient(create_app(fresh_web_db, settings=settings.with_overrides({"ingest.max_file_mb": 0.001}),
                              allow_ingest=True, token="t"))
    r = c.post("/api/ingest", params={"name": "big.txt"}, content=b"x" * 5000, headers={"Authorization": "Bearer t"})
    assert r.status_code == 413 and "max_file_mb" in r.json()["error"]


def test_export_with_nothing_matching_is_an_empty_file_not_an_error(client):
    csv_text = client.get("/api/export", params={"format": "csv", "country": "Nowhere"}).text
    assert csv_text.startswith("event_id_cnty,") and csv_text.count("\n") == 1
    assert client.get("/api/export", params={"format": "geojson", "country": "Nowhere"}).json()["features"] == []
    assert client.get("/api/export", params={"format": "jsonl", "country": "Nowhere"}).text == ""


def test_since_selects_events_first_stored_after_a_time(fresh_web_db, settings):
    import sqlite3

    with sqlite3.connect(fresh_web_db) as conn:  # as if sitrep watch had stored these two later
        conn.execute("UPDATE events SET created_at='2025-11-01T09:00:00+00:00'")
        conn.execute("UPDATE events SET created_at='2025-11-06T10:00:00+00:00' WHERE id IN ('ev_hama', 'ev_kharkiv')")
    c = TestClient(create_app(fresh_web_db, settings=settings))
    stats = c.get("/api/stats").json()
    assert stats["latest"] == "2025-11-06T10:00:00+00:00"
    assert set(ids(c.get("/api/events", params={"since": "2025-11-06T08:00:00Z"}))) == {"ev_hama", "ev_kharkiv"}
    assert set(ids(c.get("/api/events", params={"since": "2025-11-06T12:00:00+03:00"}))) == {"ev_hama", "ev_kharkiv"}
    assert ids(c.get("/api/events", params={"since": stats["latest"]})) == []  # strictly after
    assert c.get("/api/points", params={"since": "2025-11-06"}).json()["count"] == 2
    assert c.get("/api/stats", params={"since": "2025-11-06"}).json()["total"] == 2
    first = c.get("/api/events").json()["first_seen"]
    assert first["ev_hama"] == "2025-11-06T10:00:00+00:00" and first["ev_marib"] == "2025-11-01T09:00:00+00:00"
    r = c.get("/api/events", params={"since": "last tuesday"})
    assert r.status_code == 422 and "since" in r.text and "ISO 8601" in r.text
