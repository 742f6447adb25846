"""Each event's place comes from its own evidence; region-only reports get precision 3."""
from __future__ import annotations

import math

import pytest

from sitrep.model import Document, EventMention, Span


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


def doc(text, title=None):
    return Document(name="t.txt", source_path="t.txt", format="txt", raw=text.encode(), sha256="x", text=text,
                    title=title)


def mention(text, quote, index=0):
    start = text.index(quote)
    return EventMention(doc="t.txt", index=index, event_type="Battles", sub_event_type="Armed clash",
                        evidence=[Span(start, start + len(quote), quote)])


TEXT = ("Syrian army soldiers were killed in an ISIS ambush in the desert of Al-Mayadeen on Thursday. "
        "A day earlier ISIS attacked a checkpoint near the village of Maadan, east of Raqqa. "
        "Separately, Russian jets struck targets 30 km south of As Sukhnah. "
        "Officials said US forces at the Al-Tanf base were not involved.")


def test_each_event_gets_its_own_place(geocoder):
    ms = [mention(TEXT, "killed in an ISIS ambush in the desert of Al-Mayadeen", 0),
          mention(TEXT, "attacked a checkpoint near the village of Maadan, east of Raqqa", 1),
          mention(TEXT, "Russian jets struck targets 30 km south of As Sukhnah", 2)]
    geocoder.geocode_mentions(doc(TEXT), ms)
    places = [m.place for m in ms]
    assert [p.admin1 for p in places] == ["Deir ez-Zor", "Raqqa", "Homs"]
    assert [p.precision for p in places] == [2, 2, 2]
    assert [p.relation for p in places] == ["desert", "near", "30 km south of"]
    assert km(places[0].latitude, places[0].longitude, 35.02, 40.45) < 10  # Al Mayadin
    assert km(places[1].latitude, places[1].longitude, 35.75, 39.66) < 10  # Maadan
    # the stated distance: 30 km south of As Sukhnah (34.89, 38.87), not the town itself
    assert 25 < km(places[2].latitude, places[2].longitude, 34.89, 38.87) < 35
    assert places[2].latitude < 34.89 - 0.2


def test_region_only_report_is_precision_3_with_admin1(geocoder):
    text = "Coalition aircraft struck ISIS positions in Deir ez-Zor province overnight."
    m = mention(text, "struck ISIS positions in Deir ez-Zor province")
    geocoder.geocode_mentions(doc(text), [m])
    assert (m.place.precision, m.place.admin1, m.place.feature) == (3, "Deir ez-Zor", "admin1")


def test_evidence_without_a_place_falls_back_to_neighbour_then_focus(geocoder):
    text = "Fighting raged in Kharkiv. Two civilians were killed by shelling, officials said."
    m = mention(text, "Two civilians were killed by shelling")
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place.admin1 == "Kharkiv" and m.place.precision == 1  # the sentence before names it
    far = "Idlib saw calm.\n\n\n\nUnrelated words. More words. Still more. Four. Two civilians were killed."
    m = mention(far, "Two civilians were killed")
    geocoder.geocode_mentions(doc(far), [m])
    assert m.place.precision == 3 and m.place.admin1 == "Idlib" and m.place.relation == "document focus"


def test_origin_is_not_the_event_place(geocoder):
    text = "Jets that took off from Hmeimim airbase bombed the town of Kafr Nabl."
    m = mention(text, text.rstrip("."))
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place.admin1 == "Idlib"


@pytest.mark.parametrize("sentence, lat, lon", [
    ("ISIS attacked troops in the Mayadeen desert.", 35.02, 40.45),
    ("A drone hit a house in Albu Kamal.", 34.45, 40.92),
    ("Shelling hit Deir Ezzor city.", 35.34, 40.14),
    ("Militants raided Ma'dan on Tuesday.", 35.75, 39.66),
    ("Troops gathered in Sukhnah.", 34.89, 38.87),
    ("An IED exploded near Hamimah.", 34.62, 39.70),
    ("ISIS attacked the T-2 pumping station.", 34.52, 40.58),
    ("Drones targeted the al-Tanf garrison.", 33.49, 38.62),
    ("Shells fell on Quneitra.", 33.13, 35.82),
    ("Airstrikes hit Idleb city.", 35.93, 36.63),
    ("Clashes in Baghouz left five dead.", 34.46, 40.94),
])
def test_syrian_desert_places_resolve_within_25_km(geocoder, sentence, lat, lon):
    out = geocoder.geocode_text(sentence)
    assert out, sentence
    assert km(out[0]["latitude"], out[0]["longitude"], lat, lon) <= 25, out[0]


def test_border_with_a_country_places_the_event_on_the_other_side(geocoder):
    # "at the borders with Syria": Iraqi forces on Iraq's side of the border, region-level.
    text = "Gunmen killed 31 Iraqi security forces at the borders with Syria on Sunday."
    m = mention(text, text)
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place.country == "Iraq" and m.place.precision == 3
    assert m.place.relation == "border with Syria"


def test_countryside_of_a_provinces_namesake_is_the_province(geocoder):
    # "Idlib countryside" (rif Idlib) is the province outside the town: precision 3, as ACLED codes it;
    # the countryside of a town that names no province stays precision 2 around the town
    text = "Regime artillery shelled villages in the Idlib countryside. Turkish drones struck the countryside of Manbij."
    province = mention(text, "Regime artillery shelled villages in the Idlib countryside", 0)
    town = mention(text, "Turkish drones struck the countryside of Manbij", 1)
    geocoder.geocode_mentions(doc(text), [province, town])
    assert (province.place.precision, province.place.admin1, province.place.feature) == (3, "Idlib", "admin1")
    assert (town.place.precision, town.place.admin1, town.place.name) == (2, "Aleppo", "Manbij")


def test_a_country_named_as_an_actor_is_not_the_place(geocoder):
    # "US and UK airstrikes": who struck, not where; the city named later in the sentence is the place
    text = "Clashes, backed by US and UK airstrikes, took place in the Amin neighbourhood of Raqqa city."
    m = mention(text, "Clashes, backed by US and UK airstrikes")
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place.admin1 == "Raqqa" and m.place.country == "Syria"


def test_an_actors_country_places_an_event_whose_village_is_unknown(geocoder):
    text = "Regime forces captured the village of Xyzzyville from HTS."
    d = doc(text)
    d.country, d.country_weight = "Syria", 3.0
    m = mention(text, "Regime forces captured the village of Xyzzyville")
    geocoder.geocode_mentions(d, [m])
    assert (m.place.country, m.place.precision, m.place.feature) == ("Syria", 3, "country")
    weak = doc(text)
    weak.country, weak.country_weight = "Turkey", 0.75  # "Turkish forces" alone: no place at all
    m2 = mention(text, "Regime forces captured the village of Xyzzyville")
    geocoder.geocode_mentions(weak, [m2])
    assert m2.place is None


def test_unknown_villages_named_in_the_evidence_keep_two_reports_apart(geocoder):
    # neither village is in the gazetteer: both events sit at "west of Manbij", but they name two places
    from sitrep.config import load_settings
    from sitrep.resolve import rules_from
    from sitrep.resolve.compare import compare, features

    one = "Turkish-backed factions captured Zarqaviya village west of Manbij after clashes."
    two = "Turkish-backed factions captured the village of Umm Qarnabit west of Manbij after clashes."
    a, b = mention(one, one[:-1]), mention(two, two[:-1])
    b.doc = "u.txt"  # another report
    geocoder.geocode_mentions(doc(one), [a])
    geocoder.geocode_mentions(doc(two), [b])
    assert "Zarqaviya" in [h.text for h in a.place_hints] and "Umm Qarnabit" in [h.text for h in b.place_hints]
    assert a.place.name == b.place.name == "Manbij"
    link = compare(features(a), features(b), rules_from(load_settings(env={})))
    assert link.score == 0 and any(r.startswith("different places named") for r in link.reasons)


def test_unknown_village_in_a_province_is_placed_in_the_province(geocoder):
    text = "Regime forces captured Xyzabad in Idlib after clashes with rebels."
    m = mention(text, "Regime forces captured Xyzabad in Idlib")
    geocoder.geocode_mentions(doc(text), [m])
    assert (m.place.feature, m.place.admin1, m.place.precision, m.place.relation) == ("admin1", "Idlib", 3, "within")
    assert "Xyzabad" in [h.text for h in m.place_hints]  # kept, so another village's report stays apart


def test_a_currency_does_not_put_a_protest_in_its_country(geocoder):
    text = "Protesters angry at the high US dollar exchange rate blocked a road in Xyzabad."
    m = mention(text, "Protesters angry at the high US dollar exchange rate blocked a road in Xyzabad")
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place is None or m.place.country != "United States"


def test_a_dateline_is_not_where_the_event_happened(geocoder):
    text = "Title\n\nKIRKUK (AP) -- Two soldiers were killed in an attack near Daquq on Sunday, officials said."
    m = mention(text, "KIRKUK (AP) -- Two soldiers were killed in an attack near Daquq on Sunday")
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place.name == "Daquq" and m.place.precision == 2


def test_a_longer_spacy_span_over_a_recognised_name_adds_no_second_vote(geocoder):
    # spaCy marks "Lassa, Soum Province"; the recogniser has "Lassa" (an alias of Lhasa):
    # the longer span must not vote for China and outweigh the article's own country
    from sitrep.model import Span
    text = "Militants abducted a councilman in the village of Lassa, Soum Province."
    m = mention(text, "Militants abducted a councilman in the village of Lassa, Soum Province")
    start = text.index("Lassa")
    m.place_hints = [Span(start, len(text) - 1, text[start:-1])]
    d = doc(text)
    d.country, d.country_weight = "Burkina Faso", 1.5
    geocoder.geocode_mentions(d, [m])
    assert m.place is None or m.place.country == "Burkina Faso"


def test_a_settlement_spelled_differently_is_found_in_the_articles_country(geocoder):
    # "Sheikh Maskin" is not a spelling GeoNames knows ("Shaykh Miskin"); the words say it is a
    # town, the article is firmly about Syria, so the closest Syrian town by spelling is taken
    text = "Gunmen attacked a checkpoint in the town of Sheikh Maskin on Friday."
    m = mention(text, "Gunmen attacked a checkpoint in the town of Sheikh Maskin")
    d = doc(text)
    d.country, d.country_weight = "Syria", 3.0
    geocoder.geocode_mentions(d, [m])
    assert (m.place.name, m.place.admin1) == ("Shaykh Miskin", "Daraa")
    weak = doc(text)  # no firm country: no guess by spelling
    m2 = mention(text, "Gunmen attacked a checkpoint in the town of Sheikh Maskin")
    geocoder.geocode_mentions(weak, [m2])
    assert m2.place is None or m2.place.name != "Shaykh Miskin"


def test_places_inside_a_victims_phrase_still_count(geocoder):
    # the role "two individuals from Abyan in Al Mansoura in Aden" is not an actor's name
    from sitrep.model import Provenance
    text = "An armed man shot dead two individuals from Abyan in Al Mansoura in Aden over a feud."
    m = mention(text, text[:-1])
    start = text.index("dead")
    m.provenance = [Provenance("actor2", "Civilians (Yemen)", "direct object: unarmed victims", start, len(text) - 1,
                               text[start:-1]),
                    Provenance("actor1", "Unidentified Armed Group", "active subject + actor dictionary", 3, 12,
                               "armed man")]
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place is not None and m.place.admin1 == "Aden"


@pytest.mark.parametrize("words, name", [
    ("on the Sheikh Maskin road", "Shaykh Miskin"),   # a GeoNames town, named by the road to it
    ("in the Ithariyah area", "Ithriya"),             # a village of our curated list, by its area
])
def test_a_place_named_by_its_area_or_road_is_found_by_spelling(geocoder, words, name):
    text = f"Gunmen attacked a military vehicle {words} on Friday."
    m = mention(text, text[:-1])
    d = doc(text)
    d.country, d.country_weight = "Syria", 3.0
    geocoder.geocode_mentions(d, [m])
    assert m.place is not None and m.place.name == name


@pytest.mark.parametrize("text, quote", [
    ("The toll from an attack on a hotel in Somalia's capital rose to 20 on Friday.", "an attack on a hotel"),
    ("Gunmen stormed a hotel in the capital of Somalia on Friday.", "Gunmen stormed a hotel"),
    ("Gunmen stormed a hotel in the Somali capital on Friday.", "Gunmen stormed a hotel"),
])
def test_a_country_s_capital_named_by_its_country_is_the_capital_city(geocoder, text, quote):
    m = mention(text, quote)
    geocoder.geocode_mentions(doc(text), [m])
    assert (m.place.name, m.place.precision, m.place.relation) == ("Mogadishu", 1, "capital of Somalia")


def test_a_finer_place_beats_the_capital_and_capital_money_is_no_place(geocoder):
    text = "Gunmen attacked a checkpoint in Kismayo, far from the Somali capital, on Friday."
    m = mention(text, "Gunmen attacked a checkpoint in Kismayo")
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place.name == "Kismayo"


def test_a_possessive_ending_does_not_hide_a_place(geocoder):
    text = "Shelling killed 11 people in North Darfur's capital on Monday."
    m = mention(text, "Shelling killed 11 people")
    geocoder.geocode_mentions(doc(text), [m])
    assert (m.place.admin1, m.place.precision) == ("North Darfur", 3)


def test_the_dateline_city_is_not_the_document_focus(geocoder):
    # the sentence names no place; the reporter filed from Port Sudan (Red Sea state)
    text = "PORT SUDAN (NP) - Shelling by the paramilitary RSF killed 11 people on Monday, a medical group said."
    m = mention(text, "Shelling by the paramilitary RSF killed 11 people")
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place is None or m.place.admin1 != "Red Sea"


def test_a_place_word_inside_a_group_s_name_is_not_the_place(geocoder):
    text = "Fighters of the Islamic State West Africa Province raided a fishing settlement, killing two elders."
    name = "Islamic State West Africa Province"
    m = mention(text, "raided a fishing settlement, killing two elders")
    plain = doc(text)
    geocoder.geocode_mentions(plain, [m])
    told = m.place
    named = doc(text)
    named.name_spans = [(text.index(name), text.index(name) + len(name))]  # what extraction records
    m = mention(text, "raided a fishing settlement, killing two elders")
    geocoder.geocode_mentions(named, [m])
    assert told is not None and told.name == "West Africa"  # without the name, the region is taken
    assert m.place is None or m.place.name != "West Africa"


def test_an_occurrence_opened_with_meanwhile_borrows_no_place_from_before(geocoder):
    text = "Gunmen attacked a checkpoint in Kharkiv. Meanwhile, two civilians were killed by shelling, officials said."
    m = mention(text, "two civilians were killed by shelling")
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place is not None and m.place.relation != "document focus"  # without the marker: Kharkiv, before
    m = mention(text, "two civilians were killed by shelling")
    from sitrep.model import OCCURRENCE, Provenance
    m.provenance.append(Provenance(OCCURRENCE, "new", "sentence opens with 'meanwhile'"))
    geocoder.geocode_mentions(doc(text), [m])
    assert m.place is None or m.place.relation == "document focus"
