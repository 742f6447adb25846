"""Every place in the five seed articles' gold events resolves within 25 km (needs ../shared)."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from sitrep.model import Document, EventMention, Span

SHARED = Path(__file__).resolve().parents[3] / "shared"

pytestmark = pytest.mark.shared
SEEDS = SHARED / "dev" / "seeds"


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def gold_places():
    if not (SEEDS / "events.jsonl").exists():
        return []
    events = [json.loads(x) for x in (SEEDS / "events.jsonl").read_text(encoding="utf-8").splitlines() if x]
    return [e for e in events if e["geo_precision"] < 3]


@pytest.mark.parametrize("event", gold_places(), ids=lambda e: f"{e['id']}-{e['location']}")
def test_seed_place_resolves_within_25_km(geocoder, event):
    """The named place itself, read in its own article (context decides among homonyms)."""
    text = (SEEDS / "articles" / event["doc"]).read_text(encoding="utf-8")
    doc = Document(name=event["doc"], source_path=event["doc"], format="txt", raw=b"", sha256="x", text=text)
    name = event["location"]
    hits = [t for t in geocoder.geocode_text(text + "\n" + name)
            if t["start"] >= len(text) + 1 and t["latitude"] is not None]
    assert hits, f"{name} not resolved"
    assert km(hits[0]["latitude"], hits[0]["longitude"], event["latitude"], event["longitude"]) <= 25, hits[0]
    start = text.find(event["evidence"])
    if start >= 0:  # the event's own evidence, as extraction hands it over
        m = EventMention(doc=doc.name, index=0, event_type="Battles", sub_event_type="Armed clash",
                         evidence=[Span(start, start + len(event["evidence"]), event["evidence"])])
        geocoder.geocode_mentions(doc, [m])
        assert m.place is not None
