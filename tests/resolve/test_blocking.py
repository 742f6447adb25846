"""Blocking: which stored events a document is compared with (by date window and region)."""
import random

from sitrep.model import EventMention, Place
from sitrep.pipeline import Pipeline
from sitrep.resolve import Resolver
from sitrep.resolve.cluster import Block
from sitrep.resolve.compare import MergeRules
from sitrep.store import Store

from factories import make_document, make_event


def _m(date, precision="day", lat=10.0, lon=20.0, country="Veridia"):
    return EventMention(doc="a.txt", index=0, event_type="Battles", sub_event_type="Armed clash", event_date=date,
                        date_precision=precision,
                        place=Place(name="Karsk", latitude=lat, longitude=lon, country=country, precision=1))


def test_an_article_recalling_an_old_event_fetches_two_short_windows_not_the_years_between(settings):
    windows = Resolver(settings).blocking_windows([_m("2025-03-04"), _m("2019-06-10")])
    assert windows == [("2019-06-08", "2019-06-12"), ("2025-03-02", "2025-03-06")]


def test_mentions_that_never_merge_across_reports_fetch_nothing(settings):
    resolver = Resolver(settings)
    undated = _m(None)
    assert resolver.blocking_windows([_m("2025-01-01", "year"), undated]) == []
    assert resolver.blocking_window([undated]) is None


def test_store_returns_month_precision_events_that_started_before_the_window(tmp_path):
    with Store(tmp_path / "s.db") as store, store.transaction():
        store.add_document(make_document("a.txt", "x"))
        month = make_event("ev_month", "a.txt", date="2025-03-01")
        month.date_precision = "month"
        store.save_event(month, store.document_ids_by_name())
        store.save_event(make_event("ev_day_far", "a.txt", date="2025-03-01"), store.document_ids_by_name())
        store.save_event(make_event("ev_day", "a.txt", date="2025-03-20"), store.document_ids_by_name())
    with Store(tmp_path / "s.db") as store:
        ids = [e.id for e in store.candidate_events_in([("2025-03-19", "2025-03-21")])]
    assert ids == ["ev_month", "ev_day"]  # oldest first; a day event three weeks away is not fetched


def test_block_keeps_only_stored_mentions_in_the_same_country_and_latitude_band():
    block = Block([_m("2025-03-04")], MergeRules(max_km=30.0))
    assert block.may_meet(_m("2025-03-05", lat=10.2))
    assert not block.may_meet(_m("2025-03-04", lat=11.0))  # ~110 km north
    assert not block.may_meet(_m("2025-03-04", country="Ostrania"))
    assert not block.may_meet(_m("2025-03-07"))


def test_store_path_gives_the_same_clusters_in_any_order(settings, corpus, gold, tmp_path):
    pipe = Pipeline(settings)
    rng = random.Random(3)
    for run in range(3):
        order = corpus[:]
        rng.shuffle(order)
        with Store(tmp_path / f"run{run}.db") as store:
            for r in order:
                pipe.store_document(store, r.doc, r.mentions)
            got = {frozenset((m.doc, m.index) for m in e.mentions) for e in store.iter_events()}
        assert got == gold, [r.doc.name for r in order]
