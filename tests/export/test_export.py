"""Exports: the JSONL evaluation contract, ACLED column order, GeoJSON, claims."""
import csv
import io
import json

from sitrep.export import ACLED_COLUMNS, write_events
from sitrep.model import Claim

from factories import make_event


def _export(events, fmt):
    out = io.StringIO()
    n = write_events(events, fmt, out, outlets={"a.txt": "Fictional Times"})
    return n, out.getvalue()


def test_jsonl_has_the_fields_score_py_reads():
    _, text = _export([make_event("ev_1", "a.txt")], "jsonl")
    rec = json.loads(text)
    for key in ("docs", "event_date", "date_precision", "event_type", "sub_event_type", "actor1", "actor2",
                "country", "admin1", "location", "latitude", "longitude", "geo_precision", "fatalities",
                "injuries", "modality", "sources", "evidence", "by_doc"):
        assert key in rec, key
    assert rec["docs"] == ["a.txt"] and rec["by_doc"]["a.txt"]["fatalities"] == 3
    assert rec["evidence"] == "ISIS fighters attacked an army post."


def test_csv_starts_with_acled_columns_in_order():
    _, text = _export([make_event("ev_1", "a.txt")], "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:len(ACLED_COLUMNS)] == ACLED_COLUMNS
    row = dict(zip(rows[0], rows[1]))
    assert row["time_precision"] == "1" and row["source"] == "Fictional Times" and row["year"] == "2025"


def test_geojson_is_a_feature_collection_with_lon_lat_order():
    n, text = _export([make_event("ev_1", "a.txt", lat=35.0, lon=40.45)], "geojson")
    fc = json.loads(text)
    assert n == 1 and fc["type"] == "FeatureCollection"
    assert fc["features"][0]["geometry"]["coordinates"] == [40.45, 35.0]


def test_claims_export_is_one_row_per_claim():
    event = make_event("ev_1", "a.txt")
    event.claims = [Claim(doc="a.txt", field="fatalities", value=26, attributed_to="SOHR"),
                    Claim(doc="b.txt", field="fatalities", value=40, attributed_to="Islamic State", modality="claimed")]
    n, text = _export([event], "claims")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert n == 2 and [r["value"] for r in rows] == ["26", "40"] and rows[1]["modality"] == "claimed"
