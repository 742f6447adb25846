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
