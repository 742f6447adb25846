"""Parquet export: the CSV's columns with types, nested evidence and claims, equal to the CSV on the demo."""
import csv
import datetime as dt
import io
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.errors import OutputError
from sitrep.export import ACLED_COLUMNS, SITREP_COLUMNS, write_events
from sitrep.export.parquet import write_parquet
from sitrep.model import Claim

from factories import make_event

ROOT = Path(__file__).resolve().parents[2]


def _claimed_event():
    event = make_event("ev_1", "a.txt", fatalities=26)
    event.claims = [Claim(doc="a.txt", field="fatalities", value=26, attributed_to="SOHR", start=0, end=5,
                          text="ISIS fighters"),
                    Claim(doc="b.txt", field="actor1", value="Islamic State", modality="claimed")]
    event.conflict = ["fatalities"]
    return event


def test_parquet_has_the_csv_columns_then_nested_evidence_and_claims(tmp_path):
    path = tmp_path / "e.parquet"
    assert write_parquet([_claimed_event()], path, outlets={"a.txt": "Fictional Times"}) == 1
    table = pq.read_table(path)
    assert table.column_names == ACLED_COLUMNS + SITREP_COLUMNS + ["evidence", "claims"]
    assert table.schema.field("event_date").type == pa.date32()
    assert table.schema.field("fatalities").type == pa.int64()
    assert table.schema.field("latitude").type == pa.float64()
    assert pa.types.is_list(table.schema.field("evidence").type)
    assert pa.types.is_struct(table.schema.field("claims").type.value_type)
    row = table.to_pylist()[0]
    assert row["event_date"] == dt.date(2025, 11, 2) and row["year"] == 2025 and row["fatalities"] == 26
    assert row["source"] == "Fictional Times" and row["conflict"] == ["fatalities"] and row["docs"] == ["a.txt"]
    assert row["evidence"] == [{"doc": "a.txt", "start": 0, "end": 36, "text": "ISIS fighters attacked an army post."}]
    assert row["claims"][0]["value"] == "26" and row["claims"][0]["attributed_to"] == "SOHR"
    assert row["claims"][1]["value"] == "Islamic State" and row["claims"][1]["modality"] == "claimed"
    assert row["disorder_type"] is None  # an empty CSV cell is null, not ''


def test_parquet_with_no_events_is_a_readable_empty_table(tmp_path):
    path = tmp_path / "empty.parquet"
    assert write_parquet([], path) == 0
    assert pq.read_table(path).num_rows == 0


def test_parquet_into_a_missing_folder_is_one_clear_error(tmp_path):
    target = tmp_path / "no" / "such" / "e.parquet"
    with pytest.raises(OutputError, match=r"e\.parquet: cannot write Parquet"):
        write_parquet([make_event("ev_1", "a.txt")], target)


def _as_csv_cell(column, value):
    """A Parquet value written the way the CSV writes it, to compare the two exports cell by cell."""
    if value is None:
        return "0" if column == "fatalities" else ""
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return str(int(value))
    return str(value)


def test_parquet_equals_the_csv_export_on_the_demo_corpus(demo_db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "demo.parquet"
    result = runner.invoke(cli, ["export", "--db", str(demo_db), "--format", "parquet", "-o", str(out)], obj={})
    assert result.exit_code == 0, result.output
    text = runner.invoke(cli, ["export", "--db", str(demo_db), "--format", "csv"], obj={}).stdout
    csv_rows = list(csv.DictReader(io.StringIO(text)))
    rows = pq.read_table(out).to_pylist()
    assert len(rows) == len(csv_rows) >= 10
    for got, want in zip(rows, csv_rows):
        assert {c: _as_csv_cell(c, got[c]) for c in want} == want
        assert got["evidence"] and all(e["text"] for e in got["evidence"])


def test_parquet_export_to_stdout_is_refused(demo_db):
    result = CliRunner().invoke(cli, ["export", "--db", str(demo_db), "--format", "parquet"], obj={})
    assert result.exit_code == 2 and "--output FILE" in result.output


def test_csv_export_is_unchanged_by_the_parquet_module():
    out = io.StringIO()
    write_events([make_event("ev_1", "a.txt")], "csv", out)
    assert out.getvalue().splitlines()[0].split(",")[:3] == ACLED_COLUMNS[:3]
