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
from sitrep.model import Event

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
    try:
        return _write(events, path, outlets)
    except (OSError, pa.ArrowException) as exc:
        raise OutputError(f"{path}: cannot write Parquet ({exc}); check that its folder exists and is writable") \
            from exc


def _write(events: Iterable[Event], path: str | Path, outlets: dict[str, str | None] | None) -> int:
    n = 0
    rows: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), SCHEMA, compression="zstd") as writer:
        for event in events:
            rows.append(parquet_row(event, outlets=outlets))
            n += 1
            if len(rows) >= BATCH_ROWS:
                writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
                rows = []
        if rows or n == 0:
            writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
    return n
