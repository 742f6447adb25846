"""The article's country comes from the places it names, not from a passing neighbour."""
from sitrep.geo.focus import document_country


def test_towns_outvote_a_neighbour_named_in_passing(geocoder):
    text = ("Three soldiers were killed when a bomb exploded at a checkpoint in Al-Bukamal, near the border "
            "with Iraq. Hours earlier a roadside bomb hit an army truck near Al Mayadin and Deir ez-Zor.")
    assert document_country(geocoder, text) == "Syria"


def test_no_country_leads_when_places_split_evenly(geocoder):
    assert document_country(geocoder, "Talks in Kirkuk were followed by talks in Aleppo.") is None


def test_no_places_no_country(geocoder):
    assert document_country(geocoder, "Officials said the talks would resume next week.") is None
