"""Events that used to yield nothing: misparsed verbs, heads that are no event, missing phrases."""
from __future__ import annotations

from importlib import resources

import pytest
import yaml

from tests.extract.test_extractor import extract, extractor, real  # noqa: F401  (module fixture)


def types(nlp, reader, text):
    sent = next(nlp(text).sents)
    return [(c.event_type, c.sub_event_type) for c in reader.read(sent, is_state=lambda role: False)]


@pytest.mark.parametrize("name", ["triggers.yaml", "modality.yaml"])
def test_phrase_words_are_all_strings(name):
    # YAML reads a bare on / no / false as a boolean: "fire on" silently became "fire true"
    data = yaml.safe_load(resources.files("sitrep.data").joinpath(name).read_text("utf-8"))
    phrases = [p for spec in (data.get("classes") or {}).values() for p in spec.get("phrases") or []]
    phrases += data.get("denial_phrases") or []
    assert phrases and all(isinstance(w, str) for p in phrases for w in p)


def test_advance_on_enemy_positions_is_an_assault(nlp, reader):
    assert types(nlp, reader, "Army units advanced on rebel positions near the dam on Friday.") == [
        ("Battles", "Armed clash")]


def test_exchanged_gunfire_is_a_clash(nlp, reader):
    assert types(nlp, reader, "Police and smugglers exchanged gunfire in a border village.") == [
        ("Battles", "Armed clash")]


def test_sit_in_is_a_protest(nlp, reader):
    assert types(nlp, reader, "Nurses held a sit-in outside the provincial hospital on Monday.") == [
        ("Protests", "Peaceful protest")]


def test_artillery_fire_is_shelling(nlp, reader):
    assert types(nlp, reader, "Heavy artillery fire was reported on the outskirts of the town.") == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_burning_a_building_is_property_destruction(nlp, reader):
    assert types(nlp, reader, "Gunmen burned a school and a clinic in the village overnight.") == [
        ("Strategic developments", "Looting/property destruction")]


def test_a_fire_burning_is_no_event(nlp, reader):
    assert types(nlp, reader, "The candles burned through the night.") == []


def test_survived_assassination_attempt_is_an_attack(nlp, reader):
    assert types(nlp, reader, "A district governor survived an assassination attempt by gunmen in the market.") != []


def test_verb_misparsed_as_modifier_is_kept(nlp, reader):
    # "IS" is read as an auxiliary and "captured" hung on "town" as an adjective
    assert types(nlp, reader, "IS captured Hamra town in Homs governorate from Syrian regime forces.") == [
        ("Battles", "Non-state actor overtakes territory")]


def test_clash_verb_with_an_opponent_is_not_a_description(nlp, reader):
    # parsed as a clause describing the militias; "clashed with" names an engagement
    assert types(nlp, reader, "Army units backed by allied militias clashed with rebels around the airport.") == [
        ("Battles", "Armed clash")]


def test_arrest_over_an_earlier_killing_is_an_arrest(nlp, reader):
    assert types(nlp, reader, "Militia fighters detained four men over the killing of a local commander.") == [
        ("Strategic developments", "Arrests")]


def test_protest_against_an_attack_is_still_a_protest(nlp, reader):
    found = types(nlp, reader, "Farmers staged a demonstration in the town against the council after a bomb attack.")
    assert ("Protests", "Peaceful protest") in found


def test_march_amid_increased_attacks_is_a_protest(nlp, reader):
    text = "Women marched in the capital amid increased militant attacks targeting soldiers."
    assert types(nlp, reader, text) == [("Protests", "Peaceful protest")]


def test_date_in_a_relative_clause_is_not_the_event_date(extractor):  # noqa: F811
    text = "Hundreds of people marched through the city to the grave of an activist who was shot dead in March 2009."
    mentions = real(extract(extractor, text))
    assert mentions and mentions[0].event_type == "Protests" and mentions[0].event_date.startswith("2023-08")


def test_people_blocking_a_road_is_a_violent_demonstration(nlp, reader):
    """ACLED's codebook counts road-blocking among a crowd's destructive acts (Violent demonstration)."""
    assert types(nlp, reader, "Angry residents blocked the main highway demanding unpaid salaries.") == \
        [("Riots", "Violent demonstration")]
    assert types(nlp, reader, "Protesters marched to the ministry, blocking the avenue outside it for hours.") == \
        [("Riots", "Violent demonstration")]
    assert types(nlp, reader, "The parliament blocked the budget deal on Monday.") == []
    assert types(nlp, reader, "Troops blocked the road to the village.") == []


@pytest.mark.parametrize("text, expected", [
    ("Hundreds of residents took to the streets of the town on Sunday.", ("Protests", "Peaceful protest")),
    # the weapon noun sits inside "a total of": the verb above the quantity makes it an event
    ("The monitors observed a total of 25 projectiles near the village.",
     ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
])
def test_phrases_of_protests_and_of_monitors_counts(nlp, reader, text, expected):
    assert types(nlp, reader, text) == [expected]
