"""Who is actor1 and what the event is: role rules from the parse and ACLED coding conventions, one cause per test."""
from __future__ import annotations

import pytest

from sitrep.config import load_settings
from sitrep.extract import Extractor
from sitrep.extract.conventions import civilians_are_victims, crowd_sides, dated_name
from tests.factories import make_document


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_settings(env={}))


def sides(extractor, text, published="2023-08-14"):
    doc = make_document("t.txt", text, published=published, language="en")
    return [(m.actor1, m.actor2) for m in extractor.pipe([doc])[0]]


def test_protest_crowd_of_teachers_is_protesters(extractor):
    got = sides(extractor, "On Monday, hundreds of teachers protested in Lagos over unpaid salaries.")
    assert got and got[0][0].startswith("Protesters")  # not "Civilians": a crowd is coded as protesters


def test_police_dispersing_a_protest_are_actor2():
    a1, a2 = crowd_sides("Protests", ("Police Forces of Kenya", None), (None, None), "Kenya")
    assert (a1[0], a2[0]) == ("Protesters (Kenya)", "Police Forces of Kenya")


def test_civilians_in_the_attacker_slot_are_victims():
    a1, a2 = civilians_are_victims(("Civilians (Syria)", None), (None, None))
    assert a1 == (None, None) and a2[0] == "Civilians (Syria)"


def test_acronym_is_read_as_subject_not_passive_auxiliary(extractor):
    got = sides(extractor, "On 21 October 2019, IS assassinated a local commander of the SDF in Deir ez-Zor.")
    assert got and got[0][0] == "Islamic State"


def test_by_phrase_names_the_attacker_without_a_passive(extractor):
    got = sides(extractor, "On 8 March 2020, shelling by Afghan military forces hit a house in Baghlan, killing one civilian.")
    assert got and got[0][0] == "Military Forces of Afghanistan"


def test_killed_during_clashes_with_names_the_other_side_as_attacker(extractor):
    got = sides(extractor, "A rebel fighter was killed during clashes with regime forces in Idlib on Sunday.",
                published="2021-05-10")
    assert got and got[0] == ("Military Forces of Syria", "Rebel Groups")


def test_sniper_shot_read_as_noun_still_gives_the_shooter(extractor):
    got = sides(extractor, "On 3 March 2020, a Taliban sniper shot and killed one Afghan soldier in Herat.",
                published="2020-03-05")
    assert got and got[0][0] == "Taliban"


def test_taliban_named_by_the_date_of_the_event(extractor):
    extractor.pipe([])  # loads the dictionary
    renamed = extractor.actors.renamed
    assert dated_name("Taliban", "2020-06-01", renamed) == "Taliban"
    assert dated_name("Taliban", "2022-06-01", renamed) == "Military Forces of Afghanistan"
    got = sides(extractor, "On Monday, Taliban fighters attacked a checkpoint in Kandahar, killing two guards.",
                published="2022-06-08")
    assert got and got[0][0] == "Military Forces of Afghanistan"


def test_headline_without_were_is_a_passive(extractor):
    # "Three Iraqi soldiers killed": the soldiers are the victims, never the attackers
    got = sides(extractor, "Three Iraqi soldiers killed\n\nThe attack happened near Kirkuk on Monday.",
                published="2022-01-25")
    assert got and got[0][0] != "Military Forces of Iraq" and got[0][1] == "Military Forces of Iraq"


def test_acronym_subject_of_a_governing_verb(extractor):
    got = sides(extractor, "On 7 June 2021, IS shot and killed three regime officers in the desert near Palmyra.",
                published="2021-06-09")
    assert got and got[0] == ("Islamic State", "Military Forces of Syria")


def test_members_of_acronym_are_the_attackers(extractor):
    got = sides(extractor, "Members of IS shot and killed a police officer near Raqqa on Friday.", published="2021-06-09")
    assert got and got[0][0] == "Islamic State"


def test_tribe_fighting_is_a_tribal_militia(extractor):
    got = sides(extractor, "On 31 May 2023, clashes took place between cousins from the Baggara tribe in Dahleh "
                           "town in Deir ez-Zor, killing a child.", published="2023-06-02")
    assert got and got[0][0].startswith("Baggara Tribal Militia")


def test_tribal_elders_are_not_a_militia():
    from sitrep.config import load_settings
    from sitrep.extract.conventions import identity_militia
    from sitrep.extract.nlp import load_nlp
    nlp = load_nlp(load_settings(env={}))
    assert identity_militia(nlp("Tribal elders met the governor in Deir ez-Zor."), "Syria") is None
    assert identity_militia(nlp("Tribal clashes erupted in the town."), "Syria")[0] == \
        "Unidentified Tribal Militia (Syria)"


def test_patron_does_not_make_the_country_focus(extractor):
    extractor.pipe([])
    text = "Regime forces, supported by pro-Iran militias, clashed with IS near Palmyra."
    assert extractor.actors.country_of(text) != "Iran"


def test_undated_event_later_in_article_takes_last_recent_date(extractor):
    text = ("ISIS militants attacked a police post in Kirkuk on Monday night, killing two policemen.\n\n"
            "Meanwhile, ISIS militants raided a village in Diyala, abducting three residents.")
    doc = make_document("t.txt", text, published="2020-08-25", language="en")
    dates = [str(m.event_date) for m in extractor.pipe([doc])[0]]
    assert dates and all(d == "2020-08-24" for d in dates)


def test_undated_toll_after_a_named_attack_is_the_same_event(extractor):
    text = ("On 7 May 2020, ISIS militants fired mortar shells at army positions near Raqqa. "
            "During the day, six Syrian soldiers were wounded.")
    doc = make_document("t.txt", text, published="2020-05-08", language="en")
    got = [(m.actor1, m.actor2) for m in extractor.pipe([doc])[0]]
    assert got == [("Islamic State", "Military Forces of Syria")]  # the compound "mortar shells" too


def test_small_arms_fire_at_positions_is_an_armed_clash(extractor):
    doc = make_document("t.txt", "On 2 May 2020, rebel forces fired grenade launchers and small arms at army positions "
                        "near Pisky.", published="2020-05-03", language="en")
    assert [m.event_type for m in extractor.pipe([doc])[0]] == ["Battles"]


def test_attack_claimed_by_a_group_is_coded_to_the_claimant(extractor):
    got = sides(extractor, "It follows an attack on an army base on Friday in which 11 soldiers were killed in "
                           "Diyala, that was later claimed by the Islamic State group.", published="2022-01-25")
    assert got and got[0][0] == "Islamic State"
