"""One event per occurrence, end to end (``sitrep ingest`` + ``export``), on an invented article:
a writer's "Meanwhile," starts another occurrence, and a place word inside a group's proper name
is not where anything happened."""
from __future__ import annotations

import json

import pytest

from tests.test_cli_ingest import run

ARTICLE = """Militants attack farming community

Published: 4 October 2023

The Islamic State West Africa Province terrorist group has attacked a farming community, killing two farmers on Monday, residents said.

Meanwhile, fighters of the group abducted three herders from a nearby village on Monday, a community leader said.
"""


NAMED = """Raid on fishing settlement

Published: 4 October 2023

The Islamic State West Africa Province (ISWAP) faction has reportedly raided a fishing settlement and carried off three elders and a boat owner.

Soldiers had earlier fought the raiders in the area on the previous Friday, according to people in the town, leaving several of the fighters dead.
"""


@pytest.fixture(scope="module")
def events(tmp_path_factory):
    root = tmp_path_factory.mktemp("occ")
    (root / "in").mkdir()
    (root / "in" / "borno.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "in" / "named.txt").write_text(NAMED, encoding="utf-8")
    code, _, err = run("ingest", "in", "--db", "o.db", "--quiet", cwd=root)
    assert code == 0, err
    code, _, err = run("export", "--db", "o.db", "--format", "jsonl", "--output", "o.jsonl", cwd=root)
    assert code == 0, err
    return [json.loads(line) for line in (root / "o.jsonl").read_text(encoding="utf-8").splitlines()]


def test_meanwhile_opens_another_event(events):
    subs = sorted(e["sub_event_type"] for e in events if e["doc"] == "borno.txt")
    assert len(subs) == 2 and subs[0] == "Abduction/forced disappearance", subs


def test_a_region_inside_a_group_name_is_not_the_place(events):
    assert events and all(e["location"] != "West Africa" for e in events)
