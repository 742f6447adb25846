"""Who is actor1: role rules from the parse and ACLED coding conventions, one cause per test."""
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
    assert got and got[0][0] == "Protesters (Nigeria)"


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
    renamed = extractor.actors.renamed if extractor._loaded else None
    if renamed is None:
        extractor.pipe([])
        extractor._load()
        renamed = extractor.actors.renamed
    assert dated_name("Taliban", "2020-06-01", renamed) == "Taliban"
    assert dated_name("Taliban", "2022-06-01", renamed) == "Military Forces of Afghanistan"
    got = sides(extractor, "On Monday, Taliban fighters attacked a checkpoint in Kandahar, killing two guards.",
                published="2022-06-08")
    assert got and got[0][0] == "Military Forces of Afghanistan"
