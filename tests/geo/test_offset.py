"""Point estimates for relative places, and the resolution rules added for the corpora."""
from __future__ import annotations

import pytest

from sitrep.geo.offset import displace
from sitrep.geo.relations import bearing_of, relation_of
from tests.geo.test_geocoder import doc, km, mention


def place_of(geocoder, text, quote):
    m = mention(text, quote)
    geocoder.geocode_mentions(doc(text), [m])
    return m.place


def test_bearing_words_and_displacement():
    assert [bearing_of(w) for w in ("north", "South-Eastern", "north west", "central")] == [0, 135, 315, None]
    lat, lon = displace(35.0, 38.0, 90.0, 20.0)
    assert lat == pytest.approx(35.0) and km(35.0, 38.0, lat, lon) == pytest.approx(20.0, abs=0.5)


def test_side_of_a_countryside_is_read():
    text = "Shelling hit a village in the southern countryside of Idlib."
    r = relation_of(text, text.index("Idlib"), text.index("Idlib") + 5)
    assert (r.relation, r.precision, r.bearing) == ("southern countryside", 2, 180.0)


def test_unknown_village_in_a_countryside_moves_toward_that_side(geocoder):
    text = "Regime shelling killed two farmers in a small village in the southern countryside of Idlib on Monday."
    p = place_of(geocoder, text, "killed two farmers in a small village in the southern countryside of Idlib")
    # the countryside of the province's namesake is the province (precision 3), moved to its south
    assert p.name == "Idlib" and p.precision == 3 and p.relation == "southern countryside"
    idlib = geocoder.geocode_text("Idlib province")[0]
    assert p.latitude < idlib["latitude"] - 0.08 and 8 < km(p.latitude, p.longitude, idlib["latitude"],
                                                             idlib["longitude"]) < 30


def test_north_of_a_town_moves_north(geocoder):
    text = "Gunmen ambushed a patrol north of Raqqa on Sunday."
    p = place_of(geocoder, text, "ambushed a patrol north of Raqqa")
    raqqa = geocoder.geocode_text("Raqqa")[0]
    assert p.matched == "Raqqa" and p.relation == "north of" and p.latitude > raqqa["latitude"] + 0.08


def test_southern_province_lies_inside_toward_its_south(geocoder):
    text = "Airstrikes pounded southern Idlib overnight."
    p = place_of(geocoder, text, "Airstrikes pounded southern Idlib")
    assert p.precision == 3 and p.admin1 == "Idlib"
    centre = geocoder.region_place(geocoder.gaz.admin1_of("SY", "Idlib"), "x")
    assert centre.latitude - 0.6 < p.latitude < centre.latitude - 0.05


def test_between_two_towns_is_their_midpoint(geocoder):
    text = "Clashes broke out between Mayadin and Abu Kamal on Friday."
    p = place_of(geocoder, text, "Clashes broke out between Mayadin and Abu Kamal")
    a, b = geocoder.geocode_text("Mayadin")[0], geocoder.geocode_text("Abu Kamal")[0]
    assert p.relation == "between"
    assert km(p.latitude, p.longitude, (a["latitude"] + b["latitude"]) / 2, (a["longitude"] + b["longitude"]) / 2) < 3


def test_a_road_between_two_towns_is_their_midpoint(geocoder):
    text = "A roadside bomb hit a bus on the Homs-Palmyra road."
    p = place_of(geocoder, text, "A roadside bomb hit a bus on the Homs-Palmyra road")
    homs, palmyra = geocoder.geocode_text("Homs")[0], geocoder.geocode_text("Palmyra")[0]
    mid = ((homs["latitude"] + palmyra["latitude"]) / 2, (homs["longitude"] + palmyra["longitude"]) / 2)
    assert km(p.latitude, p.longitude, *mid) < 3


def test_a_capital_beats_a_state_of_the_same_name(geocoder):
    out = geocoder.geocode_text("Officials in Washington said the talks would resume next week.")
    assert out[0]["feature"] == "populated place" and km(out[0]["latitude"], out[0]["longitude"], 38.9, -77.04) < 20


@pytest.mark.parametrize("text,span,admin1_or_name", [
    ("Herders clashed with farmers in Benue State.", "Benue State", "Benue"),
    ("Students at the University of California protested.", "University of California", "California"),
])
def test_marked_span_with_a_kind_word_or_an_organisation(geocoder, text, span, admin1_or_name):
    s = text.index(span)
    out = geocoder.geocode_text(text, [[s, s + len(span)]])[0]
    assert admin1_or_name in (out["admin1"], out["name"]) and out["latitude"] is not None


def test_a_world_region_is_not_fuzzed_into_a_continent(geocoder):
    text = "Smugglers move migrants across North Africa."
    s = text.index("North Africa")
    out = geocoder.geocode_text(text, [[s, s + 12]])[0]
    assert out["name"] == "North Africa" and out["precision"] == 3 and 15 < out["latitude"] < 35


def test_a_curated_airbase_beats_a_loose_village_match(geocoder):
    out = geocoder.geocode_text("Rebels shelled Menagh airbase north of Aleppo.")
    menagh = [t for t in out if t["name"].startswith("Menagh")][0]
    assert menagh["feature"] == "airbase" and km(menagh["latitude"], menagh["longitude"], 36.52, 37.04) < 5
