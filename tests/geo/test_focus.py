"""The article's country comes from the places it names, not from a passing neighbour; when its
places cannot say, the country its actors point to does, with the weight of that evidence."""
from sitrep.geo.focus import PLACES_WEIGHT, document_country


def test_towns_outvote_a_neighbour_named_in_passing(geocoder):
    text = ("Three soldiers were killed when a bomb exploded at a checkpoint in Al-Bukamal, near the border "
            "with Iraq. Hours earlier a roadside bomb hit an army truck near Al Mayadin and Deir ez-Zor.")
    assert document_country(geocoder, text) == ("Syria", PLACES_WEIGHT)


def test_no_country_leads_when_places_split_evenly(geocoder):
    assert document_country(geocoder, "Talks in Kirkuk were followed by talks in Aleppo.") == (None, 0.0)


def test_no_places_no_country(geocoder):
    assert document_country(geocoder, "Officials said the talks would resume next week.") == (None, 0.0)


def test_actor_hint_decides_when_a_lone_village_names_a_place_abroad(geocoder):
    # "Tama" is a city near Tokyo; two Syrian actors say the village is in Syria
    text = "Regime forces captured the village of Tama from Hayat Tahrir al-Sham fighters."
    assert document_country(geocoder, text)[0] == "Japan"
    country, weight = document_country(geocoder, text, "Syria", 2.0)
    assert country == "Syria" and weight == 3.0


def test_a_weak_hint_does_not_overrule_a_province_named(geocoder):
    # "Turkish forces" alone (evidence 0.5) must not make al-Hasakeh foreign
    text = "Turkish forces and allied rebels shelled a village in al-Hasakeh."
    assert document_country(geocoder, text, "Turkey", 0.5)[0] == "Syria"


def test_foreign_forces_alone_give_no_focus():
    from sitrep.geo.focus import hint_focus
    assert hint_focus(0.5) == 0.0  # "Russian jets" alone: Russians fight abroad
    assert hint_focus(1.0) == 1.5 and hint_focus(4.0) == PLACES_WEIGHT
