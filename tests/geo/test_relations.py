"""Relative places keep their relation and imply ACLED precision 2 (near) or 3 (region only)."""
from __future__ import annotations

import pytest

from sitrep.geo.relations import relation_of


def rel(text, name):
    start = text.index(name)
    return relation_of(text, start, start + len(name))


@pytest.mark.parametrize("text, name, relation, precision", [
    ("an attack near the village of Maadan", "Maadan", "near", 2),
    ("clashes in the desert of Al-Mayadeen", "Al-Mayadeen", "desert", 2),
    ("shelling on Idlib countryside", "Idlib", "countryside", 2),
    ("a blast on the outskirts of Kirkuk", "Kirkuk", "outskirts", 2),
    ("an IED 20 km east of Palmyra", "Palmyra", "20 km east of", 2),
    ("fighting between Hama and Homs", "Hama", "between", 2),
    ("an ambush on the road from Homs to Palmyra", "Homs", "road", 2),
    ("an ambush on the Homs-Palmyra road", "Homs", "road", 2),
    ("raids in Deir ez-Zor province", "Deir ez-Zor", "province", 3),
    ("shelling in southern Idlib", "Idlib", "southern", 3),
    ("airstrikes in eastern Syria", "Syria", "eastern", 3),
])
def test_relation_and_precision(text, name, relation, precision):
    r = rel(text, name)
    assert (r.relation, r.precision) == (relation, precision)


def test_a_reference_point_is_marked():
    r = rel("near the village of Maadan, east of Raqqa", "Raqqa")
    assert r.reference and r.relation == "east of"


def test_central_town_is_the_town_itself():
    assert rel("missiles hit central Marib", "Marib").precision is None


def test_an_unknown_name_in_a_province_puts_the_event_within_it():
    # "captured Jobas in Idlib": a place the gazetteer may lack, inside the province named after it
    text = "Regime forces captured Jobas in Idlib after clashes."
    r = relation_of(text, text.index("Idlib"), text.index("Idlib") + 5)
    assert (r.relation, r.region) == ("within", True)
    plain = "Clashes in Idlib killed two."
    assert relation_of(plain, plain.index("Idlib"), plain.index("Idlib") + 5).relation is None


def test_an_unknown_name_before_a_comma_and_a_province_is_within_it():
    text = "Rebels fired at army positions near Xyzivka, Donetsk."
    r = relation_of(text, text.index("Donetsk"), text.index("Donetsk") + 7)
    assert (r.relation, r.region) == ("within", True)
