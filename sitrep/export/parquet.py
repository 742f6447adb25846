"""Parquet export: the CSV export's columns, typed, plus the evidence and claims as nested columns.

Why a columnar file beside the CSV: a research group loads a year of events into pandas, DuckDB
or Spark, and wants dates as dates, figures as integers and the evidence without re-parsing
``notes``. The values come from ``acled_row`` (the CSV's own logic), so the two exports cannot
drift apart: a Parquet column holds the CSV cell converted to its type ('' becomes null,
``event_date`` a date32, ``docs``/``conflict`` lists instead of ';'-joined text). Two columns
are Parquet's own: ``evidence`` (every quoted span of every report) and ``claims`` (who said
what), both ``list<struct>``. Rows are written in batches, so memory stays flat in the number of
events.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from sitrep.errors import OutputError
from sitrep.export import ACLED_COLUMNS, SITREP_COLUMNS, acled_row
from sitrep.model import Document, Event, EventMention

EVIDENCE = pa.struct([("doc", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
CLAIM = pa.struct([("doc", pa.string()), ("outlet", pa.string()), ("attributed_to", pa.string()),
                   ("field", pa.string()), ("value", pa.string()), ("modality", pa.string()),
                   ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
# The CSV columns that are not text; every other CSV column is a (nullable) string.
TYPED: dict[str, pa.DataType] = {
    "event_date": pa.date32(), "year": pa.int32(), "time_precision": pa.int32(), "latitude": pa.float64(),
    "longitude": pa.float64(), "geo_precision": pa.int32(), "fatalities": pa.int64(), "injuries": pa.int64(),
    "fatalities_low": pa.int64(), "fatalities_high": pa.int64(), "corroboration": pa.int32(),
    "background": pa.bool_(), "conflict": pa.list_(pa.string()), "docs": pa.list_(pa.string()),
}
SCHEMA = pa.schema([(c, TYPED.get(c, pa.string())) for c in ACLED_COLUMNS + SITREP_COLUMNS]
                   + [("evidence", pa.list_(EVIDENCE)), ("claims", pa.list_(CLAIM))])
BATCH_ROWS = 2000


def _typed(column: str, value: Any) -> Any:
    """One CSV cell as the Parquet column's type ('' and None are null)."""
    if value is None or value == "":
        return [] if column in ("conflict", "docs") else None
    kind = TYPED.get(column)
    if kind is None:
        return str(value)
    if column in ("conflict", "docs"):
        return [v for v in str(value).split(";") if v]
    if kind == pa.date32():
        return dt.date.fromisoformat(str(value))
    if kind == pa.bool_():
        return bool(int(value))
    if kind == pa.float64():
        return float(value)
    return int(value)


def parquet_row(event: Event, *, outlets: dict[str, str | None] | None = None) -> dict[str, Any]:
    """One event as a Parquet row: the CSV row typed, plus its evidence spans and claims."""
    row = {c: _typed(c, v) for c, v in acled_row(event, outlets=outlets).items()
           if c in SCHEMA.names}
    row["evidence"] = [{"doc": m.doc, "start": s.start, "end": s.end, "text": s.text}
                       for m in event.mentions for s in m.evidence]
    row["claims"] = [{"doc": c.doc, "outlet": c.outlet, "attributed_to": c.attributed_to, "field": c.field,
                      "value": c.value if isinstance(c.value, str) else json.dumps(c.value),
                      "modality": c.modality, "start": c.start, "end": c.end, "text": c.text}
                     for c in event.claims]
    return row


def write_parquet(events: Iterable[Event], path: str | Path, *,
                  outlets: dict[str, str | None] | None = None) -> int:
    """Write ``events`` to the Parquet file ``path`` (replaced); return how many rows were written."""
    return write_rows((parquet_row(e, outlets=outlets) for e in events), SCHEMA, path)


MENTION = pa.schema([
    ("event_id", pa.string()), ("doc", pa.string()), ("index", pa.int32()), ("specificity", pa.string()),
    ("event_date", pa.date32()), ("date_precision", pa.string()), ("event_type", pa.string()),
    ("sub_event_type", pa.string()), ("actor1", pa.string()), ("actor2", pa.string()),
    ("fatalities", pa.int64()), ("injuries", pa.int64()), ("modality", pa.string()), ("background", pa.bool_()),
    ("country", pa.string()), ("admin1", pa.string()), ("location", pa.string()), ("latitude", pa.float64()),
    ("longitude", pa.float64()), ("geo_precision", pa.int32()), ("sources", pa.list_(pa.string())),
    ("attributed_to", pa.string()), ("trigger", pa.string()), ("evidence", pa.list_(EVIDENCE)),
])
DOCUMENT = pa.schema([
    ("id", pa.int64()), ("name", pa.string()), ("source_path", pa.string()), ("format", pa.string()),
    ("sha256", pa.string()), ("title", pa.string()), ("outlet", pa.string()), ("url", pa.string()),
    ("published", pa.string()), ("language", pa.string()), ("country", pa.string()),
    ("duplicate_of", pa.int64()), ("text", pa.string()),
])


def mention_row(m: EventMention, event_id: str | None) -> dict[str, Any]:
    """One report of an event (or a context mention, ``event_id`` null) as a row of mentions.parquet."""
    place = m.place
    return {
        "event_id": event_id, "doc": m.doc, "index": m.index, "specificity": m.specificity,
        "event_date": dt.date.fromisoformat(m.event_date) if m.event_date else None,
        "date_precision": m.date_precision, "event_type": m.event_type, "sub_event_type": m.sub_event_type,
        "actor1": m.actor1, "actor2": m.actor2, "fatalities": m.fatalities, "injuries": m.injuries,
        "modality": m.modality, "background": m.background,
        "country": place.country if place else None, "admin1": place.admin1 if place else None,
        "location": place.name if place else None, "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None, "geo_precision": place.precision if place else None,
        "sources": list(m.sources), "attributed_to": m.attributed_to, "trigger": m.trigger,
        "evidence": [{"doc": m.doc, "start": s.start, "end": s.end, "text": s.text} for s in m.evidence],
    }


def document_row(d: Document) -> dict[str, Any]:
    """One stored document (clean text, metadata; raw bytes stay in the store) as a row of documents.parquet."""
    return {c: getattr(d, c) for c in DOCUMENT.names}


def write_rows(rows: Iterable[dict[str, Any]], schema: pa.Schema, path: str | Path) -> int:
    """Write plain rows of ``schema`` to the Parquet file ``path`` in batches; return the row count."""
    n = 0
    batch: list[dict[str, Any]] = []
    try:
        with pq.ParquetWriter(str(path), schema, compression="zstd") as writer:
            for row in rows:
                batch.append(row)
                n += 1
                if len(batch) >= BATCH_ROWS:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    batch = []
            if batch or n == 0:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    except (OSError, pa.ArrowException) as exc:
        raise OutputError(f"{path}: cannot write Parquet ({exc}); check that its folder exists and is writable") \
            from exc
    return n
