"""Headline values, claims, conflicts and corroboration of one event built from its mentions."""
from sitrep.model import EventMention, Place, Span
from sitrep.resolve.claims import build_event, corroboration, headline

KARSK = Place(name="Karsk", latitude=10.0, longitude=20.0, country="Veridia", admin1="North Marsh", precision=1)
REGION = Place(name="North Marsh", latitude=10.1, longitude=20.2, country="Veridia", admin1="North Marsh", precision=3)


def m(doc, index=0, **kw):
    base = dict(event_type="Battles", sub_event_type="Armed clash", actor1="Northern Front",
                actor2="Military Forces of Veridia", event_date="2025-03-04", place=KARSK,
                evidence=[Span(0, 10, f"words of {doc}")])
    base.update(kw)
    return EventMention(doc=doc, index=index, **base)


OUTLETS = {"a.txt": "Veridia Daily", "b.txt": "Marsh Monitor", "c.txt": "Front Media", "d.txt": "State News"}


def test_headline_toll_ignores_the_perpetrators_higher_claim():
    claim = m("c.txt", fatalities=40, modality="claimed", attributed_to="Northern Front")
    event = build_event("ev_1", [m("a.txt", fatalities=33), m("b.txt", fatalities=26, sources=["Observatory"]), claim],
                        OUTLETS)
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (26, 26, 40)
    assert event.conflict == ["fatalities"] and event.sources == ["Observatory"]


def test_perpetrators_claim_is_used_when_nobody_else_gives_a_toll():
    event = build_event("ev_1", [m("a.txt"), m("c.txt", fatalities=40, modality="claimed",
                                                 attributed_to="Northern Front")], OUTLETS)
    assert event.fatalities == 40 and event.modality == "asserted"


def test_one_claim_per_source_statement_with_outlet_party_and_words():
    event = build_event("ev_1", [m("a.txt", fatalities=33), m("a.txt", 1, fatalities=33),
                                 m("b.txt", fatalities=26, sources=["Observatory"])], OUTLETS)
    tolls = [(c.doc, c.value, c.outlet, c.attributed_to) for c in event.claims if c.field == "fatalities"]
    # the report that repeats its toll in headline and body states it once
    assert tolls == [("a.txt", 33, "Veridia Daily", None), ("b.txt", 26, "Marsh Monitor", "Observatory")]
    assert all(c.text == f"words of {c.doc}" for c in event.claims)


def test_disagreement_on_perpetrator_date_place_and_reality_is_flagged():
    event = build_event("ev_1", [
        m("a.txt"), m("b.txt", actor1="Eastern Brigades", event_date="2025-03-05",
                      place=Place(name="Helm", latitude=10.03, longitude=20.01, country="Veridia", precision=1)),
        m("d.txt", modality="denied", attributed_to="Military Forces of Veridia")], OUTLETS)
    assert event.conflict == ["actor1", "event_date", "location", "modality"]
    assert event.modality == "asserted"


def test_only_denied_or_hypothetical_reports_keep_the_event_unreal():
    assert build_event("ev_1", [m("d.txt", modality="denied")], OUTLETS).modality == "denied"
    assert build_event("ev_1", [m("c.txt", modality="hypothetical")], OUTLETS).modality == "hypothetical"


def test_most_precise_place_and_date_win():
    view = headline([m("a.txt", place=REGION, event_date="2025-03-03", date_precision="week"), m("b.txt")])
    assert view["place"].name == "Karsk" and (view["event_date"], view["date_precision"]) == ("2025-03-04", "day")


def test_headline_does_not_depend_on_mention_order():
    ms = [m("a.txt", actor1="Eastern Brigades", fatalities=4), m("b.txt", fatalities=5), m("c.txt", fatalities=6)]
    assert headline(ms) == headline(list(reversed(ms)))


def test_copies_do_not_count_as_independent_reports():
    assert corroboration(["a.txt", "b.txt", "c.txt"], {"c.txt": "a.txt"}) == 2
    # a copy whose original is not in the event is the only witness of it here: it counts
    assert corroboration(["b.txt", "c.txt"], {"c.txt": "a.txt"}) == 2
