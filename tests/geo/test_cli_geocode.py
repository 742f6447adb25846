"""`sitrep geocode`: JSON Lines in, one line of toponyms out; bad lines counted, exit 1."""
from __future__ import annotations

import json

from click.testing import CliRunner

from sitrep.cli import cli


def test_geocode_finds_and_resolves(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "Clashes near Al-Mayadeen."}) + "\n"
                   + json.dumps({"text": "Shelling hit Kharkiv.", "spans": [[13, 20]]}) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["geocode", str(src)], obj={})
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.output.splitlines()]
    first, second = lines[0]["toponyms"][0], lines[1]["toponyms"][0]
    assert (first["start"], first["end"], first["admin1"], first["precision"]) == (13, 24, "Deir ez-Zor", 2)
    assert second["admin1"] == "Kharkiv" and set(second) == {"start", "end", "name", "latitude", "longitude",
                                                              "country", "admin1", "feature", "precision"}


def test_geocode_bad_line_exits_1_and_names_it(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("not json\n" + json.dumps({"text": "Homs"}) + "\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["geocode", str(src)], obj={})
    assert r.exit_code == 1
    assert "line 1" in r.output
