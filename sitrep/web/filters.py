"""Query-string filters of the API, turned into one SQL WHERE clause on the events table.

Every filter maps to an indexed column of ``events`` (date, type, country/admin1, actors,
modality, corroboration, coordinates), so a page of 50,000 events stays fast; only the
free-text search reads the mentions' evidence. Bad values raise ``ParameterError`` naming the
parameter and why, which the app answers with 422.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi import Query

from sitrep.model import MODALITIES
from sitrep.store.dialect import SQLITE, Dialect

SORTS = {
    "date": "event_date", "fatalities": "fatalities", "sources": "corroboration",
    "type": "event_type", "country": "country", "id": "id",
}
LISTED = ("event_type", "sub_event_type", "country", "admin1", "modality")  # the repeatable filters
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_LIMIT = 5000
# Bounds that keep every number inside a 64-bit SQL integer (beyond them SQLite raises OverflowError):
# no store holds a billion events, so a larger offset or source count can only be a mistake or an attack.
MAX_OFFSET = 1_000_000_000
MAX_SOURCES = 1_000_000
# Values of the repeatable filters (event_type, country…) one request may send: enough for any
# selection a person makes, and far below the SQL variables one statement may bind (SQLite 32,766).
MAX_VALUES = 10_000


class ParameterError(ValueError):
    """A query parameter with a value the API cannot use; ``parameter`` names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter, self.message = parameter, message


@dataclass
class EventFilters:
    """The filters shared by /api/events, /api/points, /api/stats and /api/export."""

    date_from: str | None = None
    date_to: str | None = None
    bbox: str | None = None
    event_type: list[str] = field(default_factory=list)
    sub_event_type: list[str] = field(default_factory=list)
    actor: str | None = None
    country: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    modality: list[str] = field(default_factory=list)
    background: bool | None = None
    min_sources: int | None = None
    conflict: bool | None = None
    q: str | None = None
    since: str | None = None

    def sql(self, dialect: Dialect = SQLITE, *, skip_dates: bool = False) -> tuple[str, list[Any]]:
        """The WHERE clause (without the keyword) and its parameters, in the store's SQL dialect;
        validates as it goes."""
        clauses: list[str] = []
        params: list[Any] = []
        self._check_text()
        if not skip_dates:
            for name, op in (("date_from", ">="), ("date_to", "<=")):
                value = getattr(self, name)
                if value:
                    clauses.append(f"event_date {op} ?")
                    params.append(_check_date(name, value))
            if self.date_from and self.date_to and self.date_from > self.date_to:
                raise ParameterError("date_to", f"{self.date_to} is before date_from {self.date_from}")
        if self.bbox:
            west, south, east, north = _parse_bbox(self.bbox)
            clauses.append("latitude BETWEEN ? AND ?")
            params += [south, north]
            if west <= east:
                clauses.append("longitude BETWEEN ? AND ?")
                params += [west, east]
            else:  # the box crosses the antimeridian
                clauses.append("(longitude >= ? OR longitude <= ?)")
                params += [west, east]
        listed = sum(len(getattr(self, n)) for n in LISTED)
        if listed > MAX_VALUES:
            raise ParameterError(max(LISTED, key=lambda n: len(getattr(self, n))),
                                 f"{listed} values of event_type, sub_event_type, country, admin1 and modality "
                                 f"together; at most {MAX_VALUES}: choose fewer, or leave a filter out to keep all")
        for name in LISTED:
            values = [v for v in getattr(self, name) if v != ""]
            if name == "modality":
                for v in values:
                    if v not in MODALITIES:
                        raise ParameterError("modality", f"{v!r} is not one of {', '.join(MODALITIES)}")
            if values:
                clauses.append(f"{name} IN ({','.join('?' * len(values))})")
                params += values
        if self.actor:
            clauses.append(f"({dialect.nocase_equals('actor1')} OR {dialect.nocase_equals('actor2')})")
            params += [self.actor, self.actor]
        if self.background is not None:
            clauses.append("background = ?")
            params.append(int(self.background))
        if self.min_sources is not None:
            clauses.append("corroboration >= ?")
            params.append(self.min_sources)
        if self.conflict is not None:
            clauses.append("has_conflict = ?")
            params.append(int(self.conflict))
        if self.since:
            clauses.append("created_at > ?")
            params.append(_check_instant("since", self.since))
        if self.q:
            clauses.append(f"id IN ({dialect.evidence_like()})")
            params.append("%" + re.sub(r"([%_\\])", r"\\\1", self.q) + "%")
        return " AND ".join(clauses), params

    def _check_text(self) -> None:
        """No NUL character in any value: PostgreSQL text cannot hold one (the driver raises, which
        was a 500) and no name, type or word of the store contains it, so it is a bad parameter."""
        for name, value in self.__dict__.items():
            for v in value if isinstance(value, list) else [value]:
                if isinstance(v, str) and "\x00" in v:
                    raise ParameterError(name, "contains a NUL character (%00); remove it")

    def query_string(self) -> dict[str, Any]:
        """The filters as query parameters (for links that reproduce this selection)."""
        return {k: v for k, v in self.__dict__.items() if v not in (None, [], "")}


def _check_date(name: str, value: str) -> str:
    if not DATE_RE.match(value):
        raise ParameterError(name, f"{value!r} is not a date; use YYYY-MM-DD")
    try:
        dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ParameterError(name, f"{value!r} is not a real date ({exc}); use YYYY-MM-DD") from exc
    return value


def _check_instant(name: str, value: str) -> str:
    """An ISO date or date-time as the store writes ``created_at`` (UTC, seconds, +00:00), so
    the text comparison in SQL is a time comparison; a time without a zone is taken as UTC."""
    try:
        when = dt.datetime.fromisoformat(value.strip().replace(" ", "+"))  # a raw + in a URL arrives as a space
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone.utc)
        # Year 1 at +14:00 or year 9999 at -14:00 is outside what a datetime holds in UTC.
        return when.astimezone(dt.timezone.utc).isoformat(timespec="seconds")
    except (ValueError, OverflowError):
        raise ParameterError(name, f"{value!r} is not a date-time between the years 1 and 9999; use ISO 8601, "
                                   "e.g. 2025-11-06T08:00:00Z") from None


def _parse_bbox(text: str) -> tuple[float, float, float, float]:
    parts = text.split(",")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise ParameterError("bbox", f"{text!r} is not four numbers; use west,south,east,north "
                                     "in decimal degrees, e.g. 35.5,32.0,42.5,37.5") from None
    if not (-90 <= south <= north <= 90):
        raise ParameterError("bbox", f"south {south} and north {north} must satisfy -90 <= south <= north <= 90")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ParameterError("bbox", "west and east must be between -180 and 180")
    return west, south, east, north


def order_by(sort: str) -> str:
    """SQL ORDER BY for ``sort`` (a key of SORTS, ``-`` prefix for descending); id breaks ties."""
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ParameterError("sort", f"{sort!r} is not sortable; use one of {', '.join(SORTS)} (prefix - to reverse)")
    direction = "DESC" if sort.startswith("-") else "ASC"
    column = SORTS[key]
    return f"{column} {direction} NULLS LAST, id {direction}" if column != "id" else f"id {direction}"


def event_filters(
    date_from: str | None = Query(None, description="Earliest event date, YYYY-MM-DD (inclusive)."),
    date_to: str | None = Query(None, description="Latest event date, YYYY-MM-DD (inclusive)."),
    bbox: str | None = Query(None, description="west,south,east,north in decimal degrees."),
    event_type: list[str] = Query([], description="ACLED event type; repeat for several."),
    sub_event_type: list[str] = Query([], description="ACLED sub-event type; repeat for several."),
    actor: str | None = Query(None, description="Actor name on either side (actor1 or actor2), any case."),
    country: list[str] = Query([], description="Country name; repeat for several."),
    admin1: list[str] = Query([], description="First-level region name; repeat for several."),
    modality: list[str] = Query([], description="asserted, claimed, denied or hypothetical; repeat for several."),
    background: bool | None = Query(None, description="true: only background events; false: none of them."),
    min_sources: int | None = Query(None, ge=1, le=MAX_SOURCES, description="At least this many independent documents."),
    conflict: bool | None = Query(None, description="true: only events whose sources disagree."),
    q: str | None = Query(None, min_length=2, max_length=200, description="Words found in the evidence."),
    since: str | None = Query(None, description="Only events first stored after this ISO date-time "
                                                "(e.g. the `latest` of an earlier /api/stats): what is new."),
) -> EventFilters:
    """FastAPI dependency: the shared filters, declared once so the OpenAPI docs list them everywhere."""
    return EventFilters(date_from=date_from, date_to=date_to, bbox=bbox, event_type=event_type,
                        sub_event_type=sub_event_type, actor=actor, country=country, admin1=admin1,
                        modality=modality, background=background, min_sources=min_sources, conflict=conflict, q=q,
                        since=since)
