"""Same-named places are told apart by the document's own context."""
from __future__ import annotations


def first(geocoder, text, spans=None):
    return geocoder.geocode_text(text, spans)[0]


def test_two_tripolis_told_apart_by_country_named(tiny):
    libya = "Militias clashed in Tripoli on Friday, Libyan officials said, as fighting spread to Misrata."
    lebanon = "Gunmen clashed in Tripoli, northern Lebanon, on Friday."
    assert first(tiny, libya)["country"] == "Libya"
    assert first(tiny, lebanon)["country"] == "Lebanon"


def test_small_town_beats_famous_namesake_near_its_neighbours(tiny):
    text = "A man from Pineville was arrested in Alexandria, Louisiana."
    alex = [t for t in tiny.geocode_text(text) if t["name"] == "Alexandria"][0]
    assert alex["country"] == "United States" and alex["admin1"] == "Louisiana"
    assert first(tiny, "Protests in Alexandria and Cairo.")["country"] == "Egypt"  # population prior


def test_region_named_near_the_toponym_decides(geocoder):
    # Maadan, east of Raqqa: the Syrian village, not a homonym elsewhere.
    t = [x for x in geocoder.geocode_text("an attack near the village of Maadan, east of Raqqa")
         if x["name"].startswith("Maadan")][0]
    assert t["country"] == "Syria" and t["admin1"] == "Raqqa"
    assert abs(t["latitude"] - 35.75) < 0.2 and abs(t["longitude"] - 39.66) < 0.2


def test_given_spans_are_resolved_even_when_misspelled(geocoder):
    text = "Shelling hit Kharkov and Mariupool."
    out = geocoder.geocode_text(text, [[13, 20], [25, 34]])
    assert [o["admin1"] for o in out] == ["Kharkiv", "Donetsk"]


def test_unresolvable_span_has_null_coordinates(geocoder):
    out = geocoder.geocode_text("We met at Qwxzzyplace.", [[10, 21]])
    assert out[0]["latitude"] is None and out[0]["name"] == "Qwxzzyplace"


def test_a_village_abroad_is_not_chosen_against_the_documents_country(geocoder):
    # "Tama" exists near Tokyo; in a report about Syria it is a village the gazetteer lacks
    text = "Regime forces captured the village of Tama after clashes."
    assert first(geocoder, text)["country"] == "Japan"
    assert all(t["country"] != "Japan" for t in geocoder.geocode_text(text, country="Syria"))


def test_repeats_of_one_name_do_not_vote_for_their_own_country(geocoder):
    # two mentions of "Al-Qahera" (an alias of Cairo) must not outvote the Syrian province named
    text = ("Clashes took place on the Al-Qahera frontline in the countryside of Hama. "
            "Several fighters were killed in Al-Qahera.")
    found = geocoder.geocode_text(text, country="Syria")
    assert [t["admin1"] for t in found] == ["Hama"]


def test_region_named_after_the_toponym_rules_out_places_elsewhere(geocoder):
    # "Jinan town in Hama countryside": not the Chinese city of Jinan
    found = geocoder.geocode_text("Militiamen clashed in Jinan town in Hama countryside.")
    assert all(t["country"] == "Syria" for t in found)
    assert "Jinan" not in [t["name"] for t in found]


def test_a_capital_still_stands_against_the_focus(geocoder):
    text = "Regime forces shelled Idlib and Hama as talks opened in Moscow."
    assert "Moscow" in [t["name"] for t in geocoder.geocode_text(text, country="Syria")]


def test_a_province_abroad_is_not_inside_another_province(geocoder):
    # "Najran in the western countryside of As-Sweida": not Saudi Arabia's Najran province
    found = geocoder.geocode_text("Clashes broke out in Najran in the western countryside of As-Sweida.")
    assert [t["admin1"] for t in found] == ["As-Sweida"]


def test_one_name_keeps_one_sense_in_a_document(geocoder):
    # the first "Saida" is placed in Raqqa by the words after it; the later ones follow it
    text = "Clashes took place on Saida front in Ar-Raqqa. Fighters were killed on the Saida front."
    assert all(t["country"] == "Syria" for t in geocoder.geocode_text(text))


def test_a_town_without_a_population_figure_is_not_taken_for_a_hamlet(geocoder):
    # GeoNames lists Tall Abyad with no population; read as 0 it fell below the acceptance score
    found = geocoder.geocode_text("Turkish drones struck Tell Abiad on Monday.", country="Syria")
    assert [(t["country"], t["admin1"]) for t in found] == [("Syria", "Raqqa")]


def test_a_country_named_as_who_acted_weighs_like_a_demonym(geocoder):
    # "US and UK airstrikes" must not make Raqqa a foreign town
    found = geocoder.geocode_text("Clashes, backed by US and UK airstrikes, took place in Raqqa city.")
    assert ("Syria", "Raqqa") in [(t["country"], t["admin1"]) for t in found]


def test_the_only_place_of_a_short_report_is_kept_when_one_country_has_it(geocoder):
    # Opytne (Donetsk oblast, ~2,000 people) is named nowhere else in the world's gazetteer
    found = geocoder.geocode_text("Monitors recorded 12 explosions near Opytne.")
    assert [t["country"] for t in found] == ["Ukraine"]


def test_a_name_known_only_as_an_alternate_name_casts_half_a_vote(geocoder):
    # GeoNames lists "Chance" as another name of Lumberton, Texas: a word, not evidence for the US
    from sitrep.geo.disambiguate import focus
    text = "Fighters of a faction called Chance attacked a village in Sud-Kivu."
    weights, _ = focus(geocoder.gaz, geocoder._find(text), text)
    assert weights["US"] == 0.5 and weights["CD"] == 1.5


def test_a_village_inside_a_district_inside_a_province_is_not_a_namesake_abroad(geocoder):
    # "Carmo town (Bossaso, Bari)": Carmo is no Brazilian town, and its name casts no vote for Brazil
    found = geocoder.geocode_text("Police clashed with soldiers in Carmo town (Bossaso, Bari) on Monday.")
    assert [(t["name"], t["country"]) for t in found] == [("Bosaso", "Somalia"), ("Bari", "Somalia")]


def test_a_patron_and_a_foreign_army_do_not_make_a_village_foreign(geocoder):
    # "pro-Turkey" names a backer and "Turkish forces" a side: neither says that "Al-Ahras" (an
    # alternate name of Agri, Turkey) lies in Turkey when the article is firmly about Syria
    text = ("Turkish forces and pro-Turkey factions clashed with SDF fighters in Al-Ahras and Manajir near "
            "Ras al-Ain in Hasakah. The pro-Turkey factions shelled Al-Ahras again on Tuesday.")
    found = geocoder.geocode_text(text, country="Syria")
    assert "Turkey" not in {t["country"] for t in found}
