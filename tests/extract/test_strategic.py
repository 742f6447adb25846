"""Strategic developments read by a verb and its object: weapons disrupted, bases set up,
agreements, new armed formations (invented sentences)."""
from __future__ import annotations

import pytest


def types(nlp, reader, text):
    sent = next(nlp(text).sents)
    return [(c.trigger.text, c.sub_event_type) for c in reader.read(sent, is_state=lambda r: False)]


@pytest.mark.parametrize("text, trigger", [
    ("Troops found a cache of rockets and mortar rounds in an orchard near the village on Tuesday.", "found"),
    ("A pipe bomb was found under a bench at the bus station on Monday.", "found"),
    ("Soldiers destroyed three rifles, a mortar and a crate of grenades taken from the camp.", "destroyed"),
    ("Army engineers defused a mine buried under the dirt road to the well.", "defused"),
    ("Police seized twelve rifles and a box of detonators in a raid on a warehouse.", "seized"),
    ("Air defence units intercepted four drones over the port city overnight.", "intercepted"),
])
def test_weapons_seized_found_or_destroyed_are_disrupted_weapons_use(nlp, reader, text, trigger):
    # the weapon words are what was disrupted: no explosion, no battle, no territory taken
    assert types(nlp, reader, text) == [(trigger, "Disrupted weapons use")]


def test_seizing_a_town_is_still_territory(nlp, reader):
    assert types(nlp, reader, "Rebels seized the town of Kafr Hamra on Tuesday.") == \
        [("seized", "Non-state actor overtakes territory")]


def test_weapons_taken_in_a_battle_are_part_of_it(nlp, reader):
    text = "Troops killed five militants and seized their weapons near the village on Sunday."
    assert [t for _, t in types(nlp, reader, text)] == ["Armed clash"]


def test_a_strike_that_destroys_a_launcher_is_the_strike(nlp, reader):
    text = "An airstrike destroyed a rocket launcher in the village on Sunday."
    assert [t for _, t in types(nlp, reader, text)] == ["Air/drone strike"]


def test_an_arrest_in_a_raid_is_an_arrest(nlp, reader):
    text = "Security forces arrested three suspects in a raid on a house in the old city on Monday."
    assert types(nlp, reader, text) == [("arrested", "Arrests")]


@pytest.mark.parametrize("text, expected", [
    ("Peacekeepers set up a new post on the hill above the market on Thursday.",
     "Headquarters or base established"),
    ("The army built a checkpoint on the bridge north of the city.",
     "Headquarters or base established"),
    ("Tribal elders formed a militia to guard the wells.", "Change to group/activity"),
    ("A rebel commander and his bodyguards surrendered to the army at a church on Sunday.", "Agreement"),
    ("The two sides swapped captives at a crossing point on Tuesday.", "Agreement"),
])
def test_one_verb_names_different_developments_by_its_object(nlp, reader, text, expected):
    assert [t for _, t in types(nlp, reader, text)] == [expected]


def test_troops_blocking_a_road_is_no_protest(nlp, reader):
    assert types(nlp, reader, "Troops blocked the road to the village on Monday.") == []
    assert types(nlp, reader, "Residents blocked the main highway on Monday.") == [("blocked", "Violent demonstration")]


def test_the_fighting_a_truce_ends_is_its_cause_not_an_event(nlp, reader):
    text = "Militia leaders agreed to a truce in the valley on Friday, following a month of fighting."
    assert types(nlp, reader, text) == [("truce", "Agreement")]


@pytest.mark.parametrize("text, expected", [
    ("The march turned violent when youths broke away from the crowd near the stadium.", "Violent demonstration"),
    ("Bottles and other projectiles were thrown at officers during a demonstration outside the court.",
     "Violent demonstration"),
    ("Gendarmes crushed a demonstration by nurses outside the ministry on Saturday.", "Protest with intervention"),
    ("Thousands marched peacefully through the capital on Saturday to protest against police violence.",
     "Peaceful protest"),
])
def test_a_crowd_s_own_violence_and_the_police_acting_on_the_gathering(nlp, reader, text, expected):
    assert [t for _, t in types(nlp, reader, text)][:1] == [expected]


def test_an_attack_on_a_rally_is_violence_against_civilians(nlp, reader):
    assert [t for _, t in types(nlp, reader, "Gunmen attacked a political rally in the town, killing four.")] == \
        ["Attack"]
