"""Toponyms found by the gazetteer, not only by spaCy; outlets, titles and demonyms are not places."""
from __future__ import annotations

from sitrep.geo.recognise import find


def names(geocoder, text):
    return [t.text for t in find(geocoder.gaz, text)]


def test_transliterated_names_spacy_misses_are_found(geocoder):
    text = "ISIS fighters attacked an army post in Al-Bukamal and near Deir Ezzor on Tuesday."
    assert names(geocoder, text) == ["Al-Bukamal", "Deir Ezzor"]


def test_outlet_named_like_a_town_is_not_a_place(geocoder):
    text = "Clashes erupted near Al-Mayadeen, the Al Mayadeen news channel said."
    found = names(geocoder, text)
    assert found == ["Al-Mayadeen"]  # the town; the channel is dropped
    assert names(geocoder, "According to Al Mayadeen, the convoy was hit.") == []


def test_demonyms_titles_and_common_words_are_not_places(geocoder):
    text = "Syrian and Russian officials met. Police said Mr Jordan arrived. The White Helmets said so."
    assert names(geocoder, text) == []


def test_acronyms_do_not_match_villages_but_curated_sites_do(geocoder):
    assert names(geocoder, "SAA troops shelled the area.") == []
    assert names(geocoder, "ISIS attacked the T2 pumping station.") == ["T2"]


def test_hyphenated_road_names_split_into_towns(geocoder):
    assert names(geocoder, "an ambush on the Homs-Palmyra road") == ["Homs", "Palmyra"]


def test_the_first_word_of_a_longer_unknown_name_is_not_a_place(geocoder):
    # "Hammam" is a town in Egypt; "Hammam al Turkman" a Syrian village the index lacks
    assert names(geocoder, "Clashes took place in Hammam al Turkman town.") == []
    assert names(geocoder, "Regime forces captured Tall al-Nimr at dawn.") == []


def test_the_tail_of_a_faction_name_is_not_a_place(geocoder):
    # "Sham" is an alternate name of Damascus
    assert names(geocoder, "Fighters of Suqour al Sham withdrew from Saraqib.") == ["Saraqib"]


def test_a_currency_is_not_a_place(geocoder):
    assert names(geocoder, "Rioters angry at the US dollar exchange rate blocked roads in Sidon.") == ["Sidon"]
