"""Sentence → candidate events: roles from the dependency parse, and one or two events per sentence."""
from __future__ import annotations


from sitrep.extract.roles import argument_roles


def roles(nlp, reader, text):
    sent = next(nlp(text).sents)
    out = []
    for c in reader.read(sent, is_state=lambda r: False):
        a1, a2 = c.roles
        out.append((a1.token.text if a1 else None, a2.token.text if a2 else None))
    return out


def test_active_voice_subject_attacks_object(nlp, reader):
    assert roles(nlp, reader, "ISIS fighters attacked an army checkpoint near Raqqa.") == [("fighters", "checkpoint")]


def test_passive_voice_agent_is_the_attacker(nlp, reader):
    # the victims come first in the sentence, the attacker last: order must not decide
    assert roles(nlp, reader, "Three soldiers were killed by ISIS militants on Monday.") == [("militants", "soldiers")]


def test_event_noun_by_and_on(nlp, reader):
    text = "The reinforcements arrived two days after an attack by ISIS militants on a military bus."
    assert roles(nlp, reader, text) == [("militants", "bus")]


def test_light_verb_gives_the_attacker(nlp, reader):
    text = "ISIS also launched an attack on a checkpoint of the Syrian army last Wednesday."
    assert roles(nlp, reader, text) == [("ISIS", "checkpoint")]


def test_clashes_between_two_sides(nlp, reader):
    text = "Clashes took place between regime forces and rebel factions in the Kabani area."
    assert roles(nlp, reader, text) == [("forces", "factions")]


def test_killed_in_an_attack_takes_victims_from_the_verb(nlp):
    doc = nlp("Two policemen were killed in an ISIS attack in Kirkuk.")
    attack = next(t for t in doc if t.text == "attack")
    a1, a2 = argument_roles(attack)
    assert (a1.token.text, a2.token.text) == ("ISIS", "policemen")


def test_two_events_in_one_sentence(nlp, reader):
    text = "ISIS fighters ambushed a convoy near Palmyra and separately attacked a checkpoint in Sukhnah."
    found = roles(nlp, reader, text)
    assert [a2 for _, a2 in found] == ["convoy", "checkpoint"]


def test_casualty_verb_joins_its_attack(nlp, reader):
    text = "A roadside bomb struck an army patrol near Hama on Monday, killing three soldiers."
    assert len(roles(nlp, reader, text)) == 1


def test_between_second_side_hung_on_the_verb(nlp, reader):
    # "and the gunmen" is often parsed as a conjunct of "took", not of "soldiers"
    text = "Clashes took place between army soldiers, supported by local militias, and an armed group near the dam."
    assert roles(nlp, reader, text)[0] == ("soldiers", "group")


def test_backers_are_not_the_attackers(nlp):
    # "backed by gunmen" names a supporter of the first side, not who started the fighting
    doc = nlp("The clashes between the army backed by gunmen loyal to it against the rebels continue near the dam.")
    a1, _ = argument_roles(next(t for t in doc if t.text == "clashes"))
    assert a1 is None or a1.token.text != "gunmen"


def test_exchange_of_targeting_between_two_sides(nlp):
    doc = nlp("Exchange of targeting using heavy machine-guns occurred between the army and the rebels near the hill.")
    a1, a2 = argument_roles(next(t for t in doc if t.text == "targeting"))
    assert (a1.token.text, a2.token.text) == ("army", "rebels")


def test_attack_on_a_target_by_attackers(nlp):
    # the parser hangs "by ..." on "base"; the attackers are still those of the attack
    doc = nlp("A soldier was killed following an attack on a military base by rebel fighters in the north.")
    a1, a2 = argument_roles(next(t for t in doc if t.text == "attack"))
    assert (a1.token.text, a2.token.text) == ("fighters", "base")


def test_name_glued_to_planted_is_the_bomber(nlp):
    doc = nlp("Two policemen were killed when their car hit a Hamas-planted roadside bomb near the crossing.")
    a1, _ = argument_roles(next(t for t in doc if t.text == "bomb"))
    assert a1.token.text == "Hamas"


def test_repelled_attack_makes_the_attacker_actor1(nlp):
    # the rebels defended: the army, whose attack was repelled, started the fighting
    doc = nlp("Rebel fighters repelled an attack by army troops on the hill on Monday.")
    a1, a2 = argument_roles(next(t for t in doc if t.text == "repelled"))
    assert (a1.token.text, a2.token.text) == ("troops", "fighters")


def test_missiles_fired_by_a_drone_are_an_air_strike(nlp, reader):
    def subs(text):
        return [c.sub_event_type for c in reader.read(next(nlp(text).sents), is_state=lambda r: False)]
    assert subs("A drone fired two missiles into the market, killing five civilians.")[0] == "Air/drone strike"
    assert subs("Government artillery fired two missiles into the market.")[0] == "Shelling/artillery/missile attack"
