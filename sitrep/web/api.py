"""Read-only API routes: events (list, one), documents, timeline stats, map points, facets, export.

List endpoints share ``EventFilters`` (one SQL WHERE on indexed columns); what the page needs
for 50,000 markers comes from ``/api/points`` as compact columns, not hydrated events.
"""
from __future__ import annotations

import datetime as dt
import dataclasses
import functools
import io
import json
from typing import Any, Callable, Iterator, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response, StreamingResponse

from sitrep.export import event_record, write_events
from sitrep.model import Event
from sitrep.store import Store, document_summary
from sitrep.store.db import change_seq
from sitrep.web.cache import depends_on
from sitrep.web.filters import MAX_LIMIT, MAX_OFFSET, EventFilters, event_filters, order_by
from sitrep.web.records import with_outlets

router = APIRouter(prefix="/api")
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "geojson": "application/geo+json",
                "jsonl": "application/x-ndjson; charset=utf-8"}
EXPORT_CHUNK = 500
EXPORT_ORDER = "event_date ASC NULLS LAST, id ASC"  # as `sitrep export`, undated events last
AUTO_DAY_SPAN = 92  # timeline buckets by day up to about a quarter, by week beyond


def _store(request: Request) -> Store:
    return request.app.state.pool.get()


def one_snapshot(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """Run a (sync) endpoint's queries in one read transaction (``Store.snapshot``): an ingest
    committing meanwhile is either wholly in the answer or not at all. FastAPI reads the
    parameters through ``functools.wraps`` and calls with keywords only.

    The endpoint's dict is written as JSON here (``json_answer``), not by FastAPI, which would
    first validate it against the ``dict[str, Any]`` annotation and copy it (7 ms for a page of 100
    events at 50,000, beside the 5 ms of ``json.dumps``)."""
    @functools.wraps(endpoint)
    def wrapper(**kwargs: Any) -> Any:
        store = _store(kwargs["request"])
        with store.snapshot():
            if store.dialect.name == "sqlite":  # the first read fixes the snapshot: the log's position in it
                depends_on(kwargs["request"].scope, seq=change_seq(store.conn))
            answer = endpoint(**kwargs)
        return answer if isinstance(answer, Response) else json_answer(answer)
    return wrapper


def depends_on_events(request: Request, f: EventFilters, store: Store, *,
                      extra: tuple[str, list[Any]] | None = None) -> None:
    """Tell the response cache (web/cache.py) that this answer depends only on the events matching
    ``f`` (or ``extra``, another WHERE over the same columns): ``q`` is left out, a wider set."""
    where, params = dataclasses.replace(f, q=None).sql(store.dialect)
    where = where or "1=1"
    if extra:
        where, params = f"({where}) OR ({extra[0]})", [*params, *extra[1]]
    depends_on(request.scope, where=(where, params))


def json_answer(payload: Any) -> Response:
    """``payload`` (dicts, lists, strings, numbers) as the JSON that FastAPI's JSONResponse would write."""
    body = json.dumps(payload, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=jsonable_encoder)
    return Response(body, media_type="application/json")


def _scan(store: Store) -> str:
    """The FROM of filtered scans: in SQLite the narrow covering index (schema migration 2), never
    the wide rows, since a selective plain index (country, latitude) would cost one random row
    read per match instead; PostgreSQL's planner chooses for itself."""
    return store.dialect.scan


def _where(extra: str, clause: str) -> str:
    both = " AND ".join(c for c in (extra, clause) if c)
    return f"WHERE {both}" if both else ""


def outlets_of(store: Store, events: list[Event]) -> dict[str, str | None]:
    """Outlet of each document the events cite (only those, so a page never reads every document)."""
    return outlets_of_documents(store, {d for e in events for d in e.docs})


def outlets_of_documents(store: Store, docs: set[str]) -> dict[str, str | None]:
    """Outlet of each document named in ``docs``."""
    names = sorted(docs)
    found: dict[str, str | None] = {}
    for i in range(0, len(names), 500):
        chunk = names[i:i + 500]
        rows = store.conn.execute(
            f"SELECT name, outlet FROM documents WHERE name IN ({','.join('?' * len(chunk))})"
            " AND superseded_by IS NULL", chunk)
        found.update({r["name"]: r["outlet"] for r in rows})
    return found


def page_of_events(store: Store, where: str, params: list[Any], *, order: str, limit: int,
                   offset: int) -> list[Event]:
    """One page of events with their mentions, in three queries whatever the page size (exports).

    Ids are picked first from the covering index (so sorting never drags the JSON of every
    matching row along), then the page's rows and all their mentions are read at once.
    Claims are left out: the flat record does not show them (``/api/events/{id}`` does).
    """
    return store.events_by_ids(page_ids(store, where, params, order=order, limit=limit, offset=offset),
                               with_claims=False)


def page_ids(store: Store, where: str, params: list[Any], *, order: str, limit: int, offset: int) -> list[str]:
    """Ids of one page of matching events, from the covering index alone."""
    return [r[0] for r in store.conn.execute(f"SELECT id FROM {_scan(store)} {_where(where, '')} ORDER BY {order}"
                                             " LIMIT ? OFFSET ?", [*params, limit, offset])]


@router.get("/events", summary="Events matching the filters, one page at a time")
@one_snapshot
def list_events(request: Request, f: EventFilters = Depends(event_filters),
                sort: str = Query("date", description="date, fatalities, sources, type, country or id; "
                                                      "prefix - for descending (e.g. -fatalities)."),
                limit: int = Query(100, ge=1, le=MAX_LIMIT, description="Page size."),
                offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Events to skip (for the next page: offset + limit).")
                ) -> dict[str, Any]:
    store = _store(request)
    where, params = f.sql(store.dialect)
    order = order_by(sort)
    total = store.conn.execute(f"SELECT COUNT(*) FROM {_scan(store)} {_where(where, '')}", params).fetchone()[0]
    ids = page_ids(store, where, params, order=order, limit=limit, offset=offset)
    records = request.app.state.records.records(store, ids)
    outlets = outlets_of_documents(store, {d for r in records for d in r["docs"]})
    depends_on_events(request, f, store)
    return {"total": total, "limit": limit, "offset": offset, "sort": sort,
            "events": [with_outlets(r, outlets) for r in records],
            "first_seen": first_seen(store, [r["id"] for r in records])}


def first_seen(store: Store, ids: list[str]) -> dict[str, str]:
    """When each event was first stored (``created_at``), for the page's "new" marks; kept beside the
    records, not in them, since it says when sitrep saw an event, not what its sources report
    (the records stay those of the export)."""
    if not ids:
        return {}
    rows = store.conn.execute(f"SELECT id, created_at FROM events WHERE id IN ({','.join('?' * len(ids))})", ids)
    return {r[0]: r[1] for r in rows}


@router.get("/events/{event_id}", summary="One event with its sources, claims, evidence and merge history")
@one_snapshot
def get_event(request: Request, event_id: str) -> dict[str, Any]:
    store = _store(request)
    event = store.get_event(event_id)
    outlets = outlets_of(store, [event])
    documents = {}
    for name in event.docs:
        row = store.conn.execute("SELECT id, name, title, outlet, url, published, duplicate_of FROM documents"
                                 " WHERE name=? ORDER BY version DESC LIMIT 1", (name,)).fetchone()
        documents[name] = dict(row) if row else {"name": name}
    full = event.to_dict()
    return {"requested_id": event_id, "event": event_record(event, outlets=outlets),
            "mentions": full["mentions"], "claims": full["claims"], "merges": store.merges_into(event.id),
            "documents": documents}


@router.get("/documents/{doc_id:path}", summary="A document's metadata, clean text and the spans of its events")
@one_snapshot
def get_document(request: Request, doc_id: str) -> dict[str, Any]:
    store = _store(request)
    doc = store.get_document(doc_id)
    spans: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for row in store.conn.execute("SELECT idx, event_id, data FROM mentions WHERE document_id=? ORDER BY idx",
                                  (doc.id,)):
        m = json.loads(row["data"])
        events.append({"event_id": row["event_id"], "index": row["idx"], "event_type": m.get("event_type"),
                       "sub_event_type": m.get("sub_event_type"), "modality": m.get("modality"),
                       "evidence": m.get("evidence") or []})
        for s in m.get("evidence") or []:
            spans.append({"start": s["start"], "end": s["end"], "event_id": row["event_id"], "kind": "evidence"})
        place = m.get("place") or {}
        if place.get("start") is not None and place.get("end") is not None:
            spans.append({"start": place["start"], "end": place["end"], "event_id": row["event_id"], "kind": "place"})
    return {"document": document_summary(doc), "text": doc.text, "events": events,
            "spans": sorted(spans, key=lambda s: (s["start"], s["end"]))}


def _week_start(date: str | None) -> str | None:
    """The Monday of ``date``'s week (ISO), as SQLite's date(d, 'weekday 0', '-6 days') gives it; None for none."""
    try:
        day = dt.date.fromisoformat(date) if date else None
    except ValueError:
        return None
    return (day - dt.timedelta(days=day.weekday())).isoformat() if day else None


def _none_first(value: str | None) -> tuple[bool, str]:
    return value is not None, value or ""


@router.get("/stats", summary="Counts by day or week and by event type, for the timeline")
@one_snapshot
def stats(request: Request, f: EventFilters = Depends(event_filters),
          bucket: Literal["auto", "day", "week"] = Query("auto", description="auto picks day for spans up to "
                                                                           "92 days, week (Monday) beyond.")
          ) -> dict[str, Any]:
    """One query, counts by (date, type), summed into weeks here a date at a time.

    Why: grouping by the week in SQL computed ``date(...)`` for every matching row and sorted the
    groups (65 ms of CPU at 50,000 events); a store holds a few thousand (date, type) pairs at most.
    The pairs are first summed by date, so a date's week is worked out and sorted once, not once
    per pair (15 -> 4 ms of Python per answer at 50,000 events, with the GIL held: the time a
    server's other threads wait)."""
    store = _store(request)
    where, params = f.sql(store.dialect)
    rows = store.conn.execute(f"SELECT event_date, event_type, COUNT(*) FROM {_scan(store)} {_where(where, '')}"
                              " GROUP BY event_date, event_type", params).fetchall()
    total = 0
    by_date: dict[str, dict[str | None, int]] = {}
    for d, etype, n in rows:
        total += n
        if d is not None:
            types = by_date.get(d)
            if types is None:
                types = by_date[d] = {}
            types[etype] = types.get(etype, 0) + n
    lo, hi = (min(by_date), max(by_date)) if by_date else (None, None)
    if bucket == "auto":
        span = (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days if lo and hi else 0
        bucket = "day" if span <= AUTO_DAY_SPAN else "week"
    periods: dict[str | None, dict[str | None, int]] = {}
    for d, types in by_date.items():
        into = periods.setdefault(d if bucket == "day" else _week_start(d), {})
        for etype, n in types.items():
            into[etype] = into.get(etype, 0) + n
    series: dict[str | None, dict[str | None, int]] = {}
    by_type: dict[str | None, int] = {}
    for period in sorted(periods, key=_none_first):
        counts = periods[period]
        series[period] = {etype: counts[etype] for etype in sorted(counts, key=_none_first)}
        for etype, n in series[period].items():
            by_type[etype] = by_type.get(etype, 0) + n
    latest = store.conn.execute("SELECT MAX(created_at) FROM events").fetchone()[0]  # index events_created
    # ``latest`` is over every event: a new (or the newest, deleted) event anywhere changes it.
    depends_on_events(request, f, store, extra=("created_at >= ?", [latest]) if latest else ("1=1", []))
    return {"bucket": bucket, "first": lo, "last": hi, "total": total, "latest": latest,
            "undated": total - sum(by_type.values()), "by_type": by_type,
            "series": [{"period": p, "counts": c} for p, c in series.items()]}


POINT_COLUMNS = ("id", "latitude", "longitude", "type", "fatalities", "geo_precision", "event_date")
LOCATED = "latitude IS NOT NULL AND longitude IS NOT NULL"


@router.get("/points", summary="Compact columns for the map: every located event matching the filters")
@one_snapshot
def points(request: Request, f: EventFilters = Depends(event_filters)) -> Response:
    """Columns, not objects (``id[i]``, ``latitude[i]``…): 50,000 markers in one small, fast reply.

    The database builds the JSON arrays itself (one scan of the covering index), which is several times
    faster than turning 50,000 rows into Python objects and back. ``type`` holds indexes into ``types``.
    """
    store = _store(request)
    where, params = f.sql(store.dialect)
    types = [r[0] for r in store.conn.execute("SELECT DISTINCT event_type FROM events WHERE event_type IS NOT NULL")]
    case = "CASE event_type " + " ".join(f"WHEN ? THEN {i}" for i in range(len(types))) + " END" if types else "NULL"
    arrays = ", ".join(store.dialect.json_array(case if c == "type" else c, LOCATED) for c in POINT_COLUMNS)
    row = store.conn.execute(
        f"SELECT count(*) FILTER (WHERE {LOCATED}), count(*) FILTER (WHERE NOT ({LOCATED})), {arrays}"
        f" FROM {_scan(store)} {_where(where, '')}", [*types, *params] if types else params).fetchone()
    head = json.dumps({"count": row[0], "unlocated": row[1], "types": types}, ensure_ascii=False)[:-1]
    body = head + "".join(f', "{name}": {value}' for name, value in zip(POINT_COLUMNS, row[2:])) + "}"
    return Response(body, media_type="application/json")


@router.get("/facets", summary="Values present in the database, for the filter controls")
@one_snapshot
def facets(request: Request) -> dict[str, Any]:
    conn = _store(request).conn
    # The subquery's alias is required by PostgreSQL before 16.

    def counted(column: str, limit: int = 500) -> list[dict[str, Any]]:
        return [{"value": v, "count": n} for v, n in conn.execute(
            f"SELECT {column}, COUNT(*) AS n FROM events WHERE {column} IS NOT NULL AND {column} != ''"
            f" GROUP BY {column} ORDER BY n DESC, {column} LIMIT {limit}")]

    actors = [{"value": v, "count": n} for v, n in conn.execute(
        "SELECT a, COUNT(*) AS n FROM (SELECT actor1 AS a FROM events UNION ALL SELECT actor2 FROM events)"
        " AS actors WHERE a IS NOT NULL AND a != '' GROUP BY a ORDER BY n DESC, a LIMIT 300")]
    lo, hi = conn.execute("SELECT MIN(event_date), MAX(event_date) FROM events").fetchone()
    return {"event_type": counted("event_type"), "sub_event_type": counted("sub_event_type"),
            "country": counted("country"), "admin1": counted("admin1"), "modality": counted("modality"),
            "actor": actors, "first": lo, "last": hi}


def _chunks(store: Store, where: str, params: list[Any]) -> Iterator[list[Event]]:
    """Every matching event, EXPORT_CHUNK at a time (bounded memory and SQL variables per query)."""
    offset = 0
    while True:
        events = page_of_events(store, where, params, order=EXPORT_ORDER, limit=EXPORT_CHUNK, offset=offset)
        if not events:
            return
        yield events
        offset += EXPORT_CHUNK


def _export_chunks(db: str, where: str, params: list[Any], fmt: str) -> Iterator[str]:
    """CSV and JSONL stream in chunks of events (the CSV header only once).

    The stream has a connection of its own, in one snapshot from first chunk to last: Starlette
    pulls the chunks from whichever worker thread is free, so the endpoint thread's connection
    (which goes on serving other requests) must not be used here, and an ingest committing during
    a long download must not make it skip or repeat events."""
    with Store(db, readonly=True) as store, store.snapshot():
        first = True
        for events in _chunks(store, where, params):
            out = io.StringIO()
            write_events(events, fmt, out, outlets=outlets_of(store, events))
            text = out.getvalue()
            yield text if first or fmt != "csv" else text.split("\r\n", 1)[1]
            first = False
        if first and fmt == "csv":  # nothing matched: still a CSV with its header
            out = io.StringIO()
            write_events([], fmt, out)
            yield out.getvalue()


@router.get("/export", summary="The filtered events as a file (CSV, GeoJSON or JSON Lines)")
def export(request: Request, f: EventFilters = Depends(event_filters),
           format: Literal["csv", "geojson", "jsonl"] = Query("csv", description="csv (ACLED-style columns), "
                                                                               "geojson or jsonl.")
           ) -> StreamingResponse:
    store = _store(request)
    where, params = f.sql(store.dialect)
    headers = {"Content-Disposition": f'attachment; filename="sitrep-events.{format}"'}
    if format == "geojson":
        with store.snapshot():
            events = [e for chunk in _chunks(store, where, params) for e in chunk]
            out = io.StringIO()
            write_events(events, "geojson", out, outlets=outlets_of(store, events))
        return StreamingResponse(iter([out.getvalue()]), media_type=EXPORT_TYPES[format], headers=headers)
    return StreamingResponse(_export_chunks(request.app.state.db, where, params, format),
                             media_type=EXPORT_TYPES[format], headers=headers)
