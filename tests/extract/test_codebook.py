"""ACLED codebook distinctions read from wording (invented sentences): precedence of chemical and
suicide attacks over a surrounding clash, force against a crowd, road-blocking, war words in
other senses, verbs that name an event only by their object."""
from __future__ import annotations

import pytest


def types(nlp, reader, text):
    sent = next(nlp(text).sents)
    return [c.sub_event_type for c in reader.read(sent, is_state=lambda r: False)]


@pytest.mark.parametrize("text, expected", [
    ("Gunmen fired shells filled with chlorine gas at an army post during fighting for the ridge.", "Chemical weapon"),
    ("Residents of the quarter were treated for breathing problems after a poisonous gas attack on Friday.",
     "Chemical weapon"),
    ("Two attackers set off suicide bombs and exchanged gunfire with guards outside the hotel.", "Suicide bomb"),
])
def test_chemical_agents_and_suicide_bombers_take_precedence_over_a_clash(nlp, reader, text, expected):
    assert types(nlp, reader, text)[:1] == [expected]


def test_soldiers_and_militants_exchanging_fire_is_still_a_clash(nlp, reader):
    assert types(nlp, reader, "Soldiers and militants exchanged fire near the pass on Sunday.") == ["Armed clash"]


@pytest.mark.parametrize("text, expected", [
    ("Riot police fired live rounds at marchers in the square, wounding eleven of them.",
     "Excessive force against protesters"),
    ("Police violently dispersed a sit-in by nurses outside the ministry on Tuesday.",
     "Excessive force against protesters"),
    ("Dozens were hurt when police used batons and tear gas to break up a rally of teachers.",
     "Excessive force against protesters"),
    ("Police fired tear gas to disperse a rally of teachers outside the ministry.", "Protest with intervention"),
    ("Hundreds of teachers rallied outside the ministry on Tuesday.", "Peaceful protest"),
])
def test_force_against_a_crowd_is_read_from_harm_or_named_brutality(nlp, reader, text, expected):
    assert types(nlp, reader, text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Angry farmers blocked the railway line into the port with tractors on Monday.", ["Violent demonstration"]),
    ("Protesters shut roads around the parliament on Wednesday.", ["Violent demonstration"]),
    ("Police shut roads around the stadium before the final.", []),
])
def test_road_blocking_by_a_crowd_is_a_violent_demonstration(nlp, reader, text, expected):
    assert types(nlp, reader, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Villagers staged a sit-in against the copper mine near the river.", ["Peaceful protest"]),
    ("A minibus hit a mine on the road to the market, killing four passengers.", ["Remote explosive/landmine/IED"]),
    ("A herder stepped on a mine while grazing his goats near the frontline.", ["Remote explosive/landmine/IED"]),
    ("A conscript committed suicide in his barracks, the ministry said.", []),
    ("The council condemned the ballistic missile tests carried out last week.", []),
    ("A car bomb attack killed nine people outside the courthouse.", ["Remote explosive/landmine/IED"]),
])
def test_war_words_in_other_senses(nlp, reader, text, expected):
    assert types(nlp, reader, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Coast guards intercepted 120 migrants in two boats off the island.", []),
    ("The patrol thwarted an attempt to smuggle cigarettes across the river.", []),
    ("Mediators defused tensions between the two clans.", []),
    ("Soldiers foiled an attack on the checkpoint at dawn.", ["Disrupted weapons use"]),
    ("Engineers defused a bomb hidden in a culvert.", ["Disrupted weapons use"]),
])
def test_verbs_of_disruption_need_a_weapon_or_an_attack_as_object(nlp, reader, text, expected):
    assert types(nlp, reader, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Five foreign nationals were captured while smuggling fuel across the border.", "Arrests"),
    ("Border guards captured three smugglers near the crossing.", "Arrests"),
    ("Insurgents captured the market town after a day of fighting.", "Non-state actor overtakes territory"),
])
def test_a_capture_of_people_is_no_territory(nlp, reader, text, expected):
    assert types(nlp, reader, text)[:1] == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Demonstrators tore down the metal barrier outside the electoral commission on Tuesday.",
     "Violent demonstration"),
    ("Protesters ransacked the district commissioner's office during a rally over fuel prices.",
     "Violent demonstration"),
    ("Marchers toppled a statue of the former president in the main square on Sunday.", "Violent demonstration"),
    ("Hundreds of nurses marched to the ministry on Tuesday to demand back pay.", "Peaceful protest"),
])
def test_a_crowd_that_destroys_property_is_a_violent_demonstration(nlp, reader, text, expected):
    assert types(nlp, reader, text) == [expected]
