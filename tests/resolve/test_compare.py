"""Pair rules: when two mentions may be one event, within one report and across reports."""
import pytest

from sitrep.model import EventMention, Place, Provenance, Span
from sitrep.resolve import rules_from
from sitrep.resolve.compare import NoLink, compare, features

KARSK = (10.0, 20.0)  # fictional towns
HELM = (10.02, 20.01)  # 2.5 km from Karsk
DOLVIN = (10.15, 20.10)  # 20 km from Karsk


def mention(doc="a.txt", index=0, *, place="Karsk", at=KARSK, precision=1, admin1="North Marsh", date="2025-03-04",
            date_precision="day", type_="Battles", sub="Armed clash", actor1="Northern Front",
            actor2="Military Forces of Veridia", fatalities=None, modality="asserted", text="", default_date=False,
            **kw) -> EventMention:
    p = None
    if place:
        p = Place(name=place, latitude=at[0] if at else None, longitude=at[1] if at else None, country="Veridia",
                  admin1=admin1, precision=precision, relation=kw.pop("relation", None))
    prov = [Provenance("event_date", date, "published date (no date words)")] if default_date else []
    return EventMention(doc=doc, index=index, event_type=type_, sub_event_type=sub, actor1=actor1, actor2=actor2,
                        fatalities=fatalities, event_date=date, date_precision=date_precision, place=p,
                        modality=modality, evidence=[Span(0, len(text), text)] if text else [], provenance=prov, **kw)


@pytest.fixture
def rules(settings):
    return rules_from(settings)


def link(a, b, rules):
    return compare(features(a), features(b), rules)


def test_headline_without_place_joins_the_lead_of_the_same_report(rules):
    headline = mention(index=0, place=None, fatalities=33, default_date=True, date="2025-03-05",
                       text="Northern Front ambush kills 33 soldiers")
    lead = mention(index=1, fatalities=33, text="Northern Front fighters ambushed a convoy near Karsk, killing 33")
    result = link(headline, lead, rules)
    assert result.veto is None and result.score >= rules.min_score_same_doc


def test_one_report_telling_attacks_on_different_days_keeps_them_apart(rules):
    result = link(mention(index=0, date="2025-03-10"), mention(index=1, date="2025-03-08"), rules)
    assert result.veto == "dates 2 days apart"


def test_one_report_telling_attacks_on_different_victims_keeps_them_apart(rules):
    soldiers = mention(index=0)
    police = mention(index=1, actor2="Police Forces of Veridia")
    assert "different actors" in link(soldiers, police, rules).veto


def test_neighbouring_villages_are_different_places(rules):
    # "army shells hit Karsk" and "shells fell on Helm" the same day, 2.5 km apart
    result = link(mention("a.txt", place="Karsk"), mention("b.txt", place="Helm", at=HELM), rules)
    assert result.veto.startswith("different places")


def test_same_town_across_reports_links(rules):
    a = mention("a.txt", text="Fighters ambushed a convoy near Karsk", fatalities=26, precision=2)
    b = mention("b.txt", text="A convoy was ambushed outside Karsk, 33 dead", fatalities=33, precision=2,
                at=(10.005, 20.003))
    result = link(a, b, rules)
    assert result.veto is None and result.score >= rules.min_score and "same day" in result.reasons


def test_region_level_report_matches_a_point_inside_it_only(rules):
    point = mention("a.txt")
    region = mention("b.txt", place="North Marsh", at=(10.1, 20.2), precision=3)
    other = mention("c.txt", place="South Reach", admin1="South Reach", at=(9.5, 20.5), precision=3)
    assert link(point, region, rules).veto is None
    assert link(point, other, rules).veto == "regions north marsh vs south reach"


def test_reports_without_place_or_with_a_year_only_do_not_link_but_do_not_veto(rules):
    vague = link(mention("a.txt"), mention("b.txt", place=None), rules)
    year = link(mention("a.txt"), mention("b.txt", date="2025-01-01", date_precision="year"), rules)
    for result in (vague, year):
        assert result.veto is None and result.score == 0.0 and isinstance(result.reasons[0], NoLink)


def test_irreconcilable_tolls_veto_unless_one_is_the_perpetrators_claim(rules):
    assert "cannot be reconciled" in link(mention("a.txt", fatalities=2), mention("b.txt", fatalities=30), rules).veto
    claim = mention("b.txt", fatalities=30, modality="claimed", attributed_to="Northern Front")
    assert link(mention("a.txt", fatalities=2), claim, rules).veto is None
    assert link(mention("a.txt", fatalities=26), mention("b.txt", fatalities=33), rules).veto is None


def test_a_threat_never_links_to_the_attack(rules):
    threat = mention("b.txt", modality="hypothetical")
    assert "expected or threatened" in link(mention("a.txt"), threat, rules).veto


def test_a_denial_links_to_the_report_it_denies_only_for_the_same_sub_type(rules):
    denial = mention("b.txt", modality="denied")
    assert link(mention("a.txt"), denial, rules).veto is None
    took_town = mention("b.txt", modality="denied", sub="Government regains territory")
    assert link(mention("a.txt"), took_town, rules).veto is not None


def test_incompatible_types_veto(rules):
    protest = mention("b.txt", type_="Protests", sub="Peaceful protest", actor1="Protesters", actor2=None)
    assert link(mention("a.txt"), protest, rules).veto == "types Battles vs Protests"


def test_distance_beyond_max_km_vetoes(rules):
    far = mention("b.txt", place="Dolvin", at=DOLVIN, precision=2)
    assert link(mention("a.txt", precision=2), far, rules).veto.startswith("different places")
    assert link(mention("a.txt", precision=2), mention("b.txt", place="Tarvo", at=(10.5, 20.5)), rules).veto \
        .startswith("places")


def test_reports_naming_different_villages_of_one_countryside_do_not_link(rules):
    # both geocoded to "the countryside of Karsk"; each names its own village (fictional)
    around = dict(precision=2, relation="countryside")
    a = mention("a.txt", text="Fighters took Ostel village in the Karsk countryside", **around)
    b = mention("b.txt", text="Fighters took Varn village in the Karsk countryside", **around)
    a.place_hints, b.place_hints = [Span(0, 5, "Ostel"), Span(0, 5, "Karsk")], [Span(0, 4, "Varn"), Span(0, 5, "Karsk")]
    result = link(a, b, rules)
    assert result.veto is None and result.score == 0.0 and result.reasons[0] == "different places named (ostel / varn)"
    b.place_hints = [Span(0, 5, "Karsk"), Span(0, 11, "North Marsh")]  # a region and the same town: no conflict
    assert link(a, b, rules).score > 0


def test_publication_dates_and_countryside_places_alone_do_not_link(rules):
    # same type, actors and province, dates only from publication, places only "countryside of"
    a = mention("a.txt", precision=2, relation="countryside", default_date=True,
                text="Clashes in the Karsk countryside")
    b = mention("b.txt", precision=2, relation="countryside", default_date=True, date="2025-03-05",
                text="Army and Northern Front clash north of Karsk")
    result = link(a, b, rules)
    assert result.score == 0.0 and result.reasons[0].startswith("no specific detail shared")


def test_one_report_with_two_tolls_from_one_source_tells_two_events(rules):
    # "Shelling killed five in Karsk ... Shelling also struck a house there, killing two" (fictional)
    five, two = mention(index=0, fatalities=5), mention(index=1, fatalities=2)
    assert "tolls 5 and 2" in link(five, two, rules).veto
    # the same article citing two sources for one attack: one event with two claims
    officials = mention(index=0, fatalities=5, sources=["provincial officials"])
    monitor = mention(index=1, fatalities=4, sources=["Marsh Monitor"])
    assert link(officials, monitor, rules).veto is None


def test_a_second_toll_without_a_source_is_a_second_event(rules):
    cited = mention(index=0, fatalities=5, sources=["Marsh Monitor"])
    also = mention(index=1, fatalities=2)  # "Shelling also struck a house, killing two"
    assert "tolls 5 and 2" in link(cited, also, rules).veto


def test_two_spellings_resolved_to_one_place_are_one_place(rules):
    # "east of Palmyra" and "east of Tadmur": the geocoder put both words on the same town.
    a = mention("a.txt", place="Karsk", fatalities=21, text="militants killed 21 soldiers east of Karsk on Thursday",
                place_hints=[Span(0, 6, "Karsk")])
    b = mention("b.txt", place="Karsk", fatalities=17, text="terrorists killed 17 soldiers east of Karskovo",
                place_hints=[Span(0, 8, "Karskovo-Old")])
    a.place.matched, b.place.matched = "Karsk", "Karskovo-Old"
    assert not link(a, b, rules).veto and link(a, b, rules).score > 0


def test_near_reports_naming_each_others_place_may_lie_farther_apart(rules):
    # "near the Dolvin station in the Karsk desert" vs "20 km east of Karsk": 20 km between the two points
    far = (10.25, 20.15)  # about 32 km from Karsk, beyond max_km for two precise towns
    a = mention("a.txt", place="Dolvin station", at=far, precision=2, fatalities=24,
                text="militants stormed positions near the Dolvin station in the Karsk desert",
                place_hints=[Span(0, 5, "Karsk"), Span(6, 20, "Dolvin station")])
    b = mention("b.txt", place="Karsk", precision=2, fatalities=21, text="militants killed 21 soldiers 20 km east of Karsk")
    assert not link(a, b, rules).veto
    c = mention("c.txt", place="Karsk", precision=1, fatalities=21, text="militants killed 21 soldiers in Karsk")
    d = mention("d.txt", place="Dolvin", at=far, precision=1, fatalities=24, text="militants killed 24 in Dolvin")
    assert link(c, d, rules).veto  # two precise towns 32 km apart stay two events


def test_a_weekday_resolved_date_is_explicit(rules):
    from sitrep.resolve.compare import date_explicit
    m = mention()
    m.provenance = [Provenance("event_date", "2025-03-04", "weekday-before-publication", 10, 18, "Thursday")]
    assert date_explicit(m)
    assert not date_explicit(mention(default_date=True))


def test_two_written_calendar_dates_a_day_apart_are_two_events(rules):
    def dated(doc, day, words):
        m = mention(doc, date=day, text="Teachers held a protest in Karsk.", type_="Protests", sub="Peaceful protest",
                    actor1="Protesters (Veridia)", actor2=None)
        m.provenance = [Provenance("event_date", day, "explicit-day-month: date words", 0, len(words), words)]
        return m
    written = link(dated("a.txt", "2025-03-04", "On 4 March"), dated("b.txt", "2025-03-05", "On 5 March"), rules)
    assert written.veto and "1 days apart" in written.veto
    relative = mention("b.txt", date="2025-03-05", type_="Protests", sub="Peaceful protest",
                       actor1="Protesters (Veridia)", actor2=None)  # "on Wednesday" may be a day off
    assert not link(dated("a.txt", "2025-03-04", "On 4 March"), relative, rules).veto


def test_a_night_attack_spans_the_evening_and_the_next_morning(rules):
    # one outlet dates "late on Thursday" to Thursday, another "overnight" to Friday; both written with date words
    def dated(doc, day, words):
        m = mention(doc, date=day, fatalities=9)
        m.provenance = [Provenance("event_date", day, "weekday-before-publication", 0, len(words), words)]
        return m
    evening, morning = dated("a.txt", "2025-03-04", "late on Tuesday"), dated("b.txt", "2025-03-05", "before dawn on Wednesday")
    assert features(evening).end == features(evening).start + 1 and features(morning).end == features(morning).start + 1
    assert not link(evening, morning, rules).veto
    day = dated("c.txt", "2025-03-03", "on Monday")  # a day and a night two days later: no overlap
    assert link(day, morning, rules).veto


def test_rioters_and_protesters_are_one_party_for_merging(rules):
    riot = dict(type_="Riots", sub="Violent demonstration", actor2=None)
    a = mention("a.txt", actor1="Rioters (Veridia)", fatalities=2, text="Rioters torched tyres in Karsk", **riot)
    b = mention("b.txt", actor1="Protesters (Veridia)", fatalities=2, text="Protesters burned tyres in Karsk", **riot)
    result = link(a, b, rules)
    assert result.veto is None and "same sides, named differently" in result.reasons
    assert link(a, mention("c.txt", actor1="Farmers (Veridia)", **riot), rules).veto  # another party


def test_army_and_police_are_one_side_only_when_a_report_leaves_the_other_party_out(rules):
    bomb = dict(type_="Explosions/Remote violence", sub="Remote explosive/landmine/IED", actor1=None, fatalities=4)
    police = mention("a.txt", actor2="Police Forces of Veridia", text="A bomb hit a police pickup in Karsk", **bomb)
    army = mention("b.txt", actor2="Military Forces of Veridia", text="A bomb killed four soldiers in Karsk", **bomb)
    one_sided = link(police, army, rules)
    assert one_sided.veto is None and "same sides, named differently" in one_sided.reasons
    # both reports name both sides and agree on the attacker: the victims tell two attacks apart
    post = mention("c.txt", actor2="Police Forces of Veridia")
    convoy = mention("d.txt", actor2="Military Forces of Veridia")
    assert "different actors" in link(post, convoy, rules).veto


def test_a_battle_told_from_each_side_is_weak_evidence_not_a_veto(rules):
    # "the Front stormed a hotel" / "security forces ended the siege": one named side each
    front = mention("a.txt", actor1="Northern Front", actor2=None, fatalities=20, text="Northern Front fighters stormed a hotel in Karsk")
    army = mention("b.txt", actor1="Military Forces of Veridia", actor2=None, fatalities=20, text="Troops ended a siege at a hotel in Karsk")
    result = link(front, army, rules)
    assert result.veto is None and any(r.startswith("one side each") for r in result.reasons)
    # two different perpetrators of a one-sided attack on civilians do contradict each other
    vac = dict(type_="Violence against civilians", sub="Attack", actor2="Civilians (Veridia)")
    assert link(mention("a.txt", actor1="Northern Front", **vac), mention("b.txt", actor1="Southern Army", **vac), rules).veto


def test_a_country_word_is_no_place_that_tells_reports_apart(rules):
    # a dateline's "Veridia" or "the Veridian city" beside the town names nothing the other report lacks
    region = dict(place="North Marsh", at=(10.1, 20.2), precision=3)
    a = mention("a.txt", fatalities=6, text="six killed in North Marsh", **region)
    b = mention("b.txt", fatalities=6, text="six killed in the province", **region)
    a.place_hints = [Span(0, 7, "Ostland"), Span(0, 11, "North Marsh")]  # two villages, one each
    b.place_hints = [Span(0, 11, "North Marsh"), Span(0, 5, "Varn")]
    assert link(a, b, rules).reasons[0].startswith("different places named")
    from sitrep.resolve.compare import country_words
    a.place_hints = [Span(0, 5, "Kenya"), Span(0, 11, "North Marsh")]
    assert "kenya" in country_words() and link(a, b, rules).score > 0
