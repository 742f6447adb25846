"""The API under attack, on SQLite and PostgreSQL: injection strings in every filter, absurd numbers,
ten thousand filter values, NUL and broken UTF-8, every write route without the token, uploads
that lie about (or hide) their size, cross-origin reads. Each answer is a 422 (or 4xx naming
the problem) or the correct result; never a 500. Timing at 50,000 events: bench/bench_load.py."""
from __future__ import annotations

import http.client
import socket
import urllib.parse

import pytest
from fastapi.testclient import TestClient

from sitrep.web.app import create_app

from serving import serving

INJECTIONS = ["' OR 1=1 --", "'; DROP TABLE events; --", "1) UNION SELECT id, data FROM documents --", "%", "_",
              "\\", "' OR ''='", "1e309", "-1", "99999999999999999999999999", "NaN", "inf", "1 OR 1=1",
              "2025-01-01' OR '1'='1", ",,,", "0x10", " ", "true'", "null", "Syria' --", "*", "\u202eaiyrS",
              "Syr\u200bia"]
LIST_FILTERS = ["event_type", "sub_event_type", "country", "admin1", "actor", "q"]  # text: nothing matches these
OTHER = ["date_from", "date_to", "bbox", "modality", "background", "min_sources", "conflict", "since", "sort",
         "limit", "offset", "bucket", "format"]
ENDPOINTS = ["/api/events", "/api/stats", "/api/points", "/api/export"]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def client(request):
    from sitrep.config import load_settings

    db = request.getfixturevalue("web_db" if request.param == "sqlite" else "web_db_pg")
    return TestClient(create_app(db, settings=load_settings(env={})), raise_server_exceptions=False)


def _total(r) -> int:
    assert r.status_code == 200, r.text
    body = r.json()
    return body["count"] if "count" in body else body["total"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_text_filters_match_nothing(client, value):
    """Bound as values, never spliced into SQL: no event has such a country or actor, so 0 (or 422)."""
    for path in ("/api/events", "/api/stats", "/api/points"):
        for name in LIST_FILTERS:
            r = client.get(path, params={name: value})
            if name == "q" and len(value.strip()) < 2:
                assert r.status_code == 422, (path, name, value)
                continue
            assert _total(r) == 0, (path, name, value)
    assert _total(client.get("/api/events")) == 6  # the table is still there, whole


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_typed_parameters_are_422_or_ignored(client, value):
    for name in OTHER:
        paths = {"bucket": ["/api/stats"], "format": ["/api/export"]}.get(name, ["/api/events", "/api/points"])
        for path in paths:
            r = client.get(path, params={name: value})
            assert r.status_code in (200, 422), (path, name, value, r.status_code, r.text[:200])
            if r.status_code == 422:
                assert "invalid parameter" in r.json()["error"]


@pytest.mark.parametrize("url", [
    "/api/events?country=%00", "/api/events?q=%00%00", "/api/events?actor=a%00b", "/api/stats?admin1=%00",
    "/api/events?q=%ED%A0%80x", "/api/events?country=%ED%A0%80", "/api/events?country=%FF%FE",
    "/api/events?min_sources=99999999999999999999", "/api/events?offset=99999999999999999999",
    "/api/events?limit=5000&offset=9223372036854775808", "/api/events?limit=0", "/api/events?limit=1000000",
    "/api/export?min_sources=99999999999999999999", "/api/stats?since=0001-01-01T00:00:00%2B14:00",
    "/api/events?since=9999-12-31T23:59:59-14:00", "/api/events?date_from=0000-01-01",
    "/api/events?bbox=nan,nan,nan,nan", "/api/events?bbox=-1e308,-90,1e308,90", "/api/events?bbox=1,2,3",
    "/api/events?bbox=-180,-90,180,90,1", "/api/events?sort=-id%27", "/api/events?q=" + "%25" * 150,
])
def test_absurd_values_are_422_never_500(client, url):
    r = client.get(url)
    assert r.status_code in (200, 422), (url, r.status_code, r.text[:200])
    if r.status_code == 200:  # what is left answering 200 must be the right answer: nothing matches
        assert _total(r) == 0 if "export" not in url else r.text.count("\n") <= 1


@pytest.mark.parametrize("path", ["/api/documents/%00", "/api/events/%00", "/api/documents/%C2%B2",
                                  "/api/documents/99999999999999999999999999", "/api/documents/%ED%A0%80",
                                  "/api/events/'%20OR%201=1%20--", "/api/documents/-1", "/api/documents/1e3"])
def test_strange_ids_are_404(client, path):
    r = client.get(path)
    assert r.status_code == 404, (path, r.status_code, r.text[:200])
    assert r.json()["error"].startswith("no ")


def test_a_box_over_the_whole_world_finds_every_located_event(client):
    assert _total(client.get("/api/points", params={"bbox": "-180,-90,180,90"})) == 5
    assert _total(client.get("/api/events", params={"bbox": "-180,-90,180,90"})) == 5
    assert _total(client.get("/api/events", params={"bbox": "179.9,-90,-179.9,90"})) == 0  # a sliver over 180°
    assert _total(client.get("/api/events", params={"bbox": "30,-90,29.99,90"})) == 5  # all but a sliver, wrapping


def test_too_many_filter_values_is_one_422(client):
    params = [("country", f"X{i}") for i in range(6000)] + [("admin1", f"Y{i}") for i in range(6000)]
    r = client.get("/api/events", params=params[:3000] + [("event_type", "Battles")])  # httpx's URL limit: 64 KiB
    assert _total(r) == 0  # three thousand countries, none of them present
    from sitrep.web.filters import EventFilters, ParameterError

    with pytest.raises(ParameterError, match="12000 values .* at most 10000"):
        EventFilters(country=[v for _, v in params[:6000]], admin1=[v for _, v in params[6000:]]).sql()


def test_ten_thousand_filter_values_reach_the_real_server(web_db, settings, loopback_port):
    """Answered, not a reset connection (h11's 16 KiB default request head); the API returns the
    right events, or 422 past MAX_VALUES."""
    with serving(create_app(web_db, settings=settings), loopback_port) as port:
        countries = [f"Nowhere {i}" for i in range(9999)] + ["Syria"]
        for path, values, status in (("/api/events", countries, 200), ("/api/points", countries, 200),
                                     ("/api/stats", countries + ["Yemen"], 422)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path + "?" + urllib.parse.urlencode([("country", v) for v in values]))
            r = conn.getresponse()
            body = r.read()
            assert r.status == status, (path, body[:200])
            if status == 200:
                assert b'"total":3' in body or b'"count": 3' in body  # Syria: three events, all located


def test_every_write_route_refuses_without_allow_ingest(client):
    spec = client.get("/api/openapi.json").json()  # every route the app declares
    writes = [(m.upper(), path) for path, ops in spec["paths"].items() for m in ops if m not in ("get", "head")]
    assert ("POST", "/api/ingest") in writes
    for method, path in writes:
        r = client.request(method, path, params={"name": "a.txt"}, content=b"Gunmen attacked a village.",
                           headers={"Authorization": "Bearer guess"})
        assert r.status_code == 403 and "read-only" in r.json()["error"], (method, path)
    for method in ("PUT", "DELETE", "PATCH"):  # on the read routes too
        for path in ("/api/events", "/api/events/ev_hama", "/api/documents/1", "/"):
            assert client.request(method, path).status_code == 405, (method, path)
    assert _total(client.get("/api/events")) == 6


def test_token_is_compared_in_constant_time(web_db, settings, monkeypatch):
    import hmac

    from sitrep.web import ingest

    seen = []
    real = hmac.compare_digest

    def recording(a, b):
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(ingest.hmac, "compare_digest", recording)
    c = TestClient(create_app(web_db, settings=settings, allow_ingest=True, token="s3cret-token"))
    for given in ("s3cret-tokeX", "s", "s3cret-token-and-more", "x" * 500):
        r = c.post("/api/ingest", params={"name": "a.txt"}, content=b"Text.", headers={"X-Sitrep-Token": given})
        assert r.status_code == 403
    assert [a for a, _ in seen] == [g.encode() for g in ("s3cret-tokeX", "s", "s3cret-token-and-more", "x" * 500)]
    assert {b for _, b in seen} == {"s3cret-token".encode()}


def test_chunked_upload_over_the_limit_is_refused_before_it_is_read_whole(fresh_web_db, settings, loopback_port):
    """No Content-Length to refuse on: the body is counted as it arrives, and the 413 comes back
    while the client is still sending (it never sends the end of the body here)."""
    from sitrep.store import Store

    app = create_app(fresh_web_db, settings=settings.with_overrides({"ingest.max_file_mb": 0.01}),
                     allow_ingest=True, token="t")
    chunk = b"Gunmen attacked a checkpoint near Gao. " * 26  # 1 KiB; the limit is 10 KiB
    with serving(app, loopback_port) as port, socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"POST /api/ingest?name=big.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\n"
                  b"Transfer-Encoding: chunked\r\n\r\n")
        for _ in range(30):  # 30 KiB of a body that would go on for ever
            s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        answer = b""
        while b"max_file_mb" not in answer:  # times out (fails) if the server waits for the whole body
            part = s.recv(65536)
            if not part:
                break
            answer += part
    assert answer.startswith(b"HTTP/1.1 413") and b"max_file_mb" in answer
    with Store(fresh_web_db, readonly=True) as store:
        assert "big.txt" not in {d.name for d in store.documents()}


def test_cors_is_closed_by_default(client):
    evil = {"Origin": "http://evil.example"}
    r = client.get("/api/events", headers=evil)
    assert r.status_code == 200 and not any(k.lower().startswith("access-control") for k in r.headers)
    pre = client.options("/api/events", headers={**evil, "Access-Control-Request-Method": "GET"})
    assert pre.status_code == 405 and "access-control-allow-origin" not in pre.headers
    pre = client.options("/api/ingest", headers={**evil, "Access-Control-Request-Method": "POST",
                                                 "Access-Control-Request-Headers": "authorization"})
    assert "access-control-allow-origin" not in pre.headers
