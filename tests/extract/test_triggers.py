"""Trigger words and ACLED type precedence, on real-style sentences."""
from __future__ import annotations

import pytest

from sitrep.extract.triggers import TriggerLexicon


def types(nlp, reader, text):
    sent = next(nlp(text).sents)
    return [(c.event_type, c.sub_event_type) for c in reader.read(sent, is_state=lambda role: False)]


def test_phrase_air_strike_beats_bare_strike(nlp):
    lex = TriggerLexicon(nlp)
    found = lex.find(next(nlp("Russian jets carried out an air strike on the village.").sents))
    assert [(t.cls, t.text) for t in found] == [("air", "air strike")]


def test_according_to_is_not_an_agreement(nlp):
    lex = TriggerLexicon(nlp)
    assert lex.find(next(nlp("According to SOHR, the town is calm.").sents)) == []


def test_weapon_noun_without_impact_verb_is_not_an_event(nlp, reader):
    assert types(nlp, reader, "The convoy consisted of buses, field artillery, mortars and tanks.") == []
    assert types(nlp, reader, "Rebels fired rockets at the airport.") == [
        ("Explosions/Remote violence", "Shelling/artillery/missile attack")]


def test_remote_attack_on_soldiers_is_remote_violence(nlp, reader):
    # precedence: a bomb is remote violence even when soldiers are the target
    assert types(nlp, reader, "A roadside bomb struck an army patrol near Hama, killing three soldiers.") == [
        ("Explosions/Remote violence", "Remote explosive/landmine/IED")]


def test_ambush_turning_into_firefight_is_battle(nlp, reader):
    text = "Militants ambushed an army patrol with a roadside bomb and then exchanged fire with the soldiers."
    assert types(nlp, reader, text) == [("Battles", "Armed clash")]


def test_unarmed_victims_are_violence_against_civilians(nlp, reader):
    assert types(nlp, reader, "Gunmen shot dead two farmers in Daraa.") == [("Violence against civilians", "Attack")]


def test_killed_soldiers_stay_a_battle(nlp, reader):
    assert types(nlp, reader, "Three soldiers were killed by ISIS militants on Monday.") == [("Battles", "Armed clash")]


@pytest.mark.parametrize("text, sub", [
    ("Police arrested five ISIS suspects in Raqqa.", "Arrests"),
    ("Army engineers defused a car bomb in Idlib.", "Disrupted weapons use"),
    ("The two sides agreed to a truce in Tripoli.", "Agreement"),
    ("Rebels established a new base near Aleppo.", "Headquarters or base established"),
])
def test_strategic_developments(nlp, reader, text, sub):
    assert types(nlp, reader, text) == [("Strategic developments", sub)]


def test_exchange_of_shelling_between_two_sides_is_a_clash(nlp, reader):
    text = "An exchange of shelling took place between government forces and rebels on the front line."
    assert types(nlp, reader, text) == [("Battles", "Armed clash")]


def test_protesters_clashing_with_police_is_a_riot(nlp, reader):
    assert types(nlp, reader, "Protesters clashed with police and burned tyres in the capital.") == [
        ("Riots", "Violent demonstration")]


def test_protest_dispersed_next_sentence_is_intervention(nlp, reader):
    doc = nlp("Hundreds of residents protested against power cuts in the city. Police dispersed them with tear gas.")
    sent = next(doc.sents)
    assert [c.sub_event_type for c in reader.read(sent, is_state=lambda r: False)] == ["Protest with intervention"]


def test_month_name_is_not_a_march(nlp, reader):
    assert types(nlp, reader, "On 17 March 2020, army operations killed 8 militants.") == [("Battles", "Armed clash")]


def test_victim_of_the_second_verb_counts(nlp, reader):
    # "shot and killed a civilian": the victim is the object of "killed", not of "shot"
    assert types(nlp, reader, "A soldier shot and killed a civilian driver in the town.") == [
        ("Violence against civilians", "Attack")]


def test_unarmed_attackers_are_mob_violence(nlp, reader):
    assert types(nlp, reader, "Angry villagers attacked a tax collector near the market.") == [
        ("Riots", "Mob violence")]


def test_protest_about_an_arrest_is_peaceful(nlp, reader):
    text = "Journalists protested in Lahore against the arrest of their editor."
    assert types(nlp, reader, text) == [("Protests", "Peaceful protest")]


def test_attack_on_a_village_is_violence_against_civilians(nlp, reader):
    assert types(nlp, reader, "Militants attacked a village and burned several huts.") == [
        ("Violence against civilians", "Attack")]


def test_martyred_soldiers_are_armed_victims_as_killed_ones_are(nlp, reader):
    # state media's "martyred" tells a death like "killed": soldiers killed in an attack make it a battle
    killed = "Twenty-one soldiers were killed on Thursday in an attack that targeted a bus transporting them."
    martyred = "Twenty-one army personnel were martyred on Thursday in an attack that targeted a bus transporting them."
    assert types(nlp, reader, martyred)[:1] == types(nlp, reader, killed)[:1] == [("Battles", "Armed clash")]


def test_a_capitalised_plural_weapon_opening_a_sentence_is_still_a_weapon(nlp, reader):
    # the lemmatizer keeps "Rockets" / "Mortars" as written when it takes them for names
    for text in ("Rockets were fired overnight at the army base near the border.",
                 "Mortars hit the central market of the town on Monday."):
        assert types(nlp, reader, text)[:1] == [("Explosions/Remote violence", "Shelling/artillery/missile attack")], text
