"""Modality: denied and hypothetical events must never pass for events that happened."""
from __future__ import annotations

import pytest

from sitrep.extract.modality import ModalityRules
from sitrep.extract.triggers import TriggerLexicon


@pytest.fixture(scope="module")
def judge(nlp):
    lex, rules = TriggerLexicon(nlp), ModalityRules(nlp)

    def modality_of(text: str, trigger: str) -> str:
        for sent in nlp(text).sents:
            for t in lex.find(sent):
                if t.text == trigger:
                    return rules.decide(sent.doc[t.head], sent).value
        raise AssertionError(f"trigger {trigger!r} not found in {text!r}")
    return modality_of


@pytest.mark.parametrize("text, trigger, expected", [
    ("ISIS fighters attacked an army checkpoint near Raqqa.", "attacked", "asserted"),
    ("The army is yet to liberate the town of Hamimah.", "liberate", "denied"),
    ("Officials denied that rebels had captured the village.", "captured", "denied"),
    ("Militants attacked the road, but this did not happen.", "attacked", "denied"),
    ("The army did not attack the camp.", "attack", "denied"),
])
def test_denials(judge, text, trigger, expected):
    assert judge(text, trigger) == expected


@pytest.mark.parametrize("text, trigger", [
    ("US forces may launch an assault on the city.", "assault"),
    ("The army is preparing to repel a possible assault on Al-Bukamal.", "assault"),
    ("Rebels are expected to attack the airport next week.", "attack"),
    ("The group threatened to attack government buildings.", "attack"),
    ("Houthi forces have been trying to retake the city for months.", "retake"),
    ("If talks fail, the army could capture the town.", "capture"),
])
def test_hypothetical(judge, text, trigger):
    assert judge(text, trigger) == "hypothetical"


def test_claimed_responsibility(judge):
    assert judge("ISIS claimed responsibility for the attack on a Russian patrol.", "attack") == "claimed"


def test_habitual_plural_is_generic(judge):
    assert judge("The army reinforced its positions in response to increased attacks by ISIS.", "attacks") == "generic"


def test_temporal_clause_is_a_fact_despite_modal(judge):
    # "may abandon" is hypothetical, but the capture "after ..." happened
    text = "US forces may soon leave the area after the army captured 100 kilometres of the border."
    assert judge(text, "captured") == "asserted"


@pytest.mark.parametrize("text, trigger", [
    # ACLED codes attempted attacks: an attempt told in the simple past happened
    ("Gunmen tried to storm the police station on Monday.", "storm"),
    ("A mob attempted to lynch two men accused of theft.", "mob"),
    # the subject of a demand or a call is no hypothetical: the protesters were there
    ("Protesters demanded the release of detainees.", "Protesters"),
    # "when" read as an adverb still opens a temporal clause, which states a fact
    ("The men were accused of theft when police opened fire on the crowd.", "opened fire on"),
])
def test_attempts_stances_and_when_clauses_are_facts(judge, text, trigger):
    assert judge(text, trigger) == "asserted"
