"""Merging through the runner and the store: new batches join stored events, ids stay, merges are recorded."""
import io
import json

import pytest

from sitrep.explain import explain_event
from sitrep.export import write_events
from sitrep.model import EventMention, Place, Span
from sitrep.pipeline import Pipeline
from sitrep.resolve.ids import event_id
from sitrep.store import Store

from factories import make_document

KARSK = Place(name="Karsk", latitude=10.0, longitude=20.0, country="Veridia", admin1="North Marsh", precision=2)
REGION = Place(name="North Marsh", latitude=10.1, longitude=20.2, country="Veridia", admin1="North Marsh",
               precision=3)


def _mention(doc, text, *, place=KARSK, actors=("Northern Front", "Military Forces of Veridia"), fatalities=None):
    return EventMention(doc=doc, index=0, event_type="Battles", sub_event_type="Armed clash", actor1=actors[0],
                        actor2=actors[1], event_date="2025-03-04", place=place, fatalities=fatalities,
                        evidence=[Span(0, len(text), text)])


@pytest.fixture
def pipe(settings):
    return Pipeline(settings)


def _store(pipe, store, name, text, mention):
    doc = make_document(name, text, outlet=f"Outlet of {name}")
    pipe.store_document(store, doc, [mention])
    return doc


# Fictional reports of one ambush. The first two do not link directly (the second names no
# party and only the province); the third shares the first one's town and the second one's words.
FIRST = "Fighters of the Northern Front ambushed an army convoy near Karsk, killing 33 soldiers."
SECOND = "Heavy fighting was reported across North Marsh province on Tuesday, residents said."
THIRD = "Heavy fighting was reported near Karsk on Tuesday, residents said, as the Northern Front hit a convoy."


def test_a_report_that_bridges_two_events_keeps_the_older_id_and_records_the_merge(pipe, tmp_path):
    with Store(tmp_path / "s.db") as store:
        first = _store(pipe, store, "first.txt", FIRST, _mention("first.txt", FIRST, fatalities=33))
        _store(pipe, store, "second.txt", SECOND, _mention("second.txt", SECOND, place=REGION, actors=(None, None)))
        assert store.count_events() == 2
        younger = next(e.id for e in store.iter_events() if e.docs == ["second.txt"])
        _store(pipe, store, "third.txt", THIRD, _mention("third.txt", THIRD, actors=("Northern Front", None)))
        assert store.count_events() == 1
        event = next(store.iter_events())
        assert event.id == event_id(first.sha256, 0)
        assert event.docs == ["first.txt", "second.txt", "third.txt"] and event.merged_from == [younger]
        assert store.resolve_event_id(younger) == event.id and store.get_event(younger).id == event.id
        merges = store.merges_into(event.id)
        assert merges[0]["absorbed_id"] == younger and "bridged by third.txt" in merges[0]["reason"]
        text = explain_event(event, merges)
        assert f"absorbed {younger}" in text and "third.txt#0 + first.txt#0 (across reports): score" in text


def test_republished_copy_is_stored_as_duplicate_and_not_counted(pipe, tmp_path):
    long_text = " ".join([FIRST] * 2 + ["The convoy was carrying supplies to an outpost on the eastern road when it "
                                        "came under fire from both sides of the valley."])
    with Store(tmp_path / "s.db") as store:
        original = _store(pipe, store, "orig.txt", long_text, _mention("orig.txt", FIRST, fatalities=33))
        _store(pipe, store, "copy.html", "Republished. " + long_text, _mention("copy.html", FIRST, fatalities=33))
        assert store.get_document("copy.html").duplicate_of == original.id
        event = next(store.iter_events())
        assert set(event.docs) == {"copy.html", "orig.txt"} and event.corroboration == 1


def test_exports_keep_each_reports_own_figures(pipe, tmp_path):
    with Store(tmp_path / "s.db") as store:
        _store(pipe, store, "a.txt", FIRST, _mention("a.txt", FIRST, fatalities=33))
        _store(pipe, store, "b.txt", FIRST + " Monitors said 26.", _mention("b.txt", FIRST, fatalities=26))
        events = list(store.iter_events())
        outlets = store.outlets(["a.txt", "b.txt"])
    out = io.StringIO()
    write_events(events, "jsonl", out, outlets=outlets)
    rec = json.loads(out.getvalue())
    assert rec["docs"] == ["a.txt", "b.txt"] and rec["fatalities"] == 26
    assert rec["by_doc"]["a.txt"]["fatalities"] == 33 and rec["by_doc"]["b.txt"]["fatalities"] == 26
    out = io.StringIO()
    assert write_events(events, "csv", out, outlets=outlets) == 1
    assert "Outlet of a.txt; Outlet of b.txt" in out.getvalue()
    out = io.StringIO()
    write_events(events, "claims", out, outlets=outlets)
    rows = out.getvalue().splitlines()
    assert sum(",fatalities,33," in r for r in rows) == 1 and sum(",fatalities,26," in r for r in rows) == 1


def test_a_new_version_of_a_report_rebuilds_the_event(pipe, tmp_path):
    with Store(tmp_path / "s.db") as store:
        _store(pipe, store, "a.txt", FIRST, _mention("a.txt", FIRST, fatalities=33))
        _store(pipe, store, "b.txt", FIRST + " Monitors said 26.", _mention("b.txt", FIRST, fatalities=26))
        eid = next(store.iter_events()).id
        _store(pipe, store, "b.txt", FIRST + " Monitors now say 30.", _mention("b.txt", FIRST, fatalities=30))
        event = store.get_event(eid)
        assert event.docs == ["a.txt", "b.txt"] and event.fatalities == 30 and store.count_events() == 1
