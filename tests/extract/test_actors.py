"""Actor mentions mapped to canonical names (sitrep/extract/actors.py, data/actors.yaml, countries.yaml)."""
from __future__ import annotations

import time

import pytest

from sitrep.config import load_settings
from sitrep.errors import ConfigError
from sitrep.extract.actor_data import expand
from sitrep.extract.actors import ActorDictionary


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load(load_settings(env={}))


def names(actors: ActorDictionary, text: str, country: str | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.name) for m in actors.find(text, country=country)]


# -- alias families ------------------------------------------------------------------------------
def test_islamic_state_aliases(actors):
    text = "ISIS cells attacked; Daesh claimed it; the Islamic State group and ISIL; Amaq said IS fighters did it"
    found = names(actors, text, "Syria")
    assert ("ISIS cells", "Islamic State") in found
    assert ("Daesh", "Islamic State") in found
    assert ("Islamic State group", "Islamic State") in found
    assert ("IS fighters", "Islamic State") in found


def test_is_only_as_an_uppercase_token(actors):
    # "is" and sentence-initial "Is" are the verb; "IS" in an all-caps headline is not the group either.
    assert names(actors, "Is it true that the army is gone? WHAT IS LEFT") == [("army", "Military Forces")]
    assert names(actors, "He said IS claimed the attack.") == [("IS", "Islamic State")]


def test_syrian_state_forces_aliases(actors):
    text = "Regime forces and the 4th Division, backed by the Republican Guard and the 5th Legion, met the SAA"
    assert {n for _, n in names(actors, text, "Syria")} == {"Military Forces of Syria"}


def test_syrian_non_state_groups(actors):
    found = dict(names(actors, "QSD and HTS shelled positions of Turkish-backed factions", "Syria"))
    assert found == {"QSD": "Syrian Democratic Forces", "HTS": "Hayat Tahrir al-Sham",
                     "Turkish-backed factions": "Syrian National Army"}


def test_us_forces_aliases(actors):
    text = "US occupation forces, the US-led coalition and CENTCOM said"
    assert {n for _, n in names(actors, text, "Syria")} == {"Military Forces of the United States"}


def test_iraqi_militias(actors):
    found = dict(names(actors, "The PMF, Kataib Hezbollah and Liwa Fatemiyoun fighters", "Iraq"))
    assert found == {"PMF": "Popular Mobilization Forces", "Kataib Hezbollah": "Kata'ib Hezbollah",
                     "Liwa Fatemiyoun fighters": "Liwa Fatemiyoun"}


def test_groups_of_other_wars(actors):
    text = ("ISWAP, Boko Haram, JNIM, Ansaroul Islam, al-Shabaab, the Rapid Support Forces, M23 rebels, "
            "the ADF, CODECO, the Taliban, the TTP, the BLA, Hamas, Hezbollah, the Houthis, the Wagner Group, the Tatmadaw")
    found = {n for _, n in names(actors, text)}
    for name in ("Islamic State West Africa Province", "Boko Haram", "JNIM: Group for Support of Islam and Muslims",
                 "Ansaroul Islam", "Al Shabaab", "Rapid Support Forces", "M23: March 23 Movement",
                 "ADF: Allied Democratic Forces", "CODECO: Cooperative for Development of Congo",
                 "Taliban", "TTP: Tehreek-i-Taliban Pakistan", "BLA: Balochistan Liberation Army",
                 "Hamas Movement", "Hezbollah", "Houthi Movement", "Wagner Group", "Military Forces of Myanmar"):
        assert name in found, name


def test_abbreviated_state_forces(actors):
    found = dict(names(actors, "FARDC soldiers, the SAF and the IDF", None))
    assert found == {"FARDC soldiers": "Military Forces of the Democratic Republic of Congo",
                     "SAF": "Military Forces of Sudan", "IDF": "Military Forces of Israel"}


# -- hard cases -----------------------------------------------------------------------------------
def test_longest_match_wins(actors):
    assert names(actors, "Kata'ib Hezbollah, not Hezbollah", "Iraq") == [
        ("Kata'ib Hezbollah", "Kata'ib Hezbollah"), ("Hezbollah", "Hezbollah")]
    assert names(actors, "the Syrian Democratic Forces", "Syria") == [
        ("Syrian Democratic Forces", "Syrian Democratic Forces")]


def test_kh_only_uppercase(actors):
    assert names(actors, "the KH commander", "Iraq") == [("KH commander", "Kata'ib Hezbollah")]
    assert names(actors, "a kh sound", "Iraq") == []


def test_quotes_and_apostrophes_do_not_break_matching(actors):
    # A lone quote mark is a token of its own; curly and straight apostrophes match alike.
    assert names(actors, "' ’ \" Kata’ib Hezbollah '", "Iraq") == [("Kata’ib Hezbollah", "Kata'ib Hezbollah")]


def test_hyphenated_modifier_is_not_an_actor(actors):
    # "HTS-controlled" describes a place, "pro-government" is not the government.
    assert names(actors, "in HTS-controlled Idlib", "Syria") == []


@pytest.mark.parametrize("text, name", [
    ("Iraqi soldiers", "Military Forces of Iraq"),
    ("Nigerian troops", "Military Forces of Nigeria"),
    ("Russian warplanes", "Military Forces of Russia"),
    ("the Ukrainian army", "Military Forces of Ukraine"),
    ("Yemeni government forces", "Military Forces of Yemen"),
    ("Turkish drones", "Military Forces of Turkey"),
    ("U.S. forces", "Military Forces of the United States"),
    ("Congolese troops", "Military Forces of the Democratic Republic of Congo"),
    ("the army of Iraq", "Military Forces of Iraq"),
    ("Israel's military", "Military Forces of Israel"),
    ("Burkinabe gendarmes", "Police Forces of Burkina Faso"),
])
def test_demonym_templates(actors, text, name):
    # The country named in the phrase beats the document's country (here Syria).
    assert actors.canonical(text, country="Syria") == name


def test_longer_demonym_wins(actors):
    assert actors.canonical("South Sudanese troops") == "Military Forces of South Sudan"
    assert actors.canonical("Sudanese troops") == "Military Forces of Sudan"


def test_bare_descriptions_take_the_documents_country(actors):
    assert actors.canonical("troops", country="Mali") == "Military Forces of Mali"
    assert actors.canonical("security forces", country="Iraq") == "Military Forces of Iraq"
    assert actors.canonical("police", country="Kenya") == "Police Forces of Kenya"
    assert actors.canonical("troops") == "Military Forces"


def test_unknown_gunmen_with_a_country(actors):
    text = "Unknown gunmen shot the man; an explosive device planted by unknown persons exploded"
    found = names(actors, text, "Yemen")
    assert ("Unknown gunmen", "Unidentified Armed Group (Yemen)") in found
    assert ("unknown persons", "Unidentified Armed Group (Yemen)") in found
    assert actors.canonical("Palestinian gunmen", country="Israel") == "Unidentified Armed Group (Palestine)"


def test_civilians_with_a_country(actors):
    found = names(actors, "killing two shepherds and a journalist; a former commander who reconciled", "Syria")
    assert [n for _, n in found] == ["Civilians (Syria)"] * 3
    assert actors.canonical("Palestinian farmers", country="Israel") == "Civilians (Palestine)"


def test_protesters_and_rioters(actors):
    found = names(actors, "Police dispersed protesters before an angry mob burned a car", "Kenya")
    assert found == [("Police", "Police Forces of Kenya"), ("protesters", "Protesters (Kenya)"),
                     ("angry mob", "Rioters (Kenya)")]


def test_unnamed_militants_depend_on_the_war(actors):
    assert actors.canonical("militants", country="Syria") == "Rebel Groups"
    assert actors.canonical("militants", country="Mali") == "Unidentified Armed Group (Mali)"
    assert actors.canonical("Islamic State", country="Niger") == "Islamic State (Sahel)"
    assert actors.canonical("coalition warplanes", country="Yemen") == "Operation Restoring Hope"
    assert actors.canonical("coalition warplanes", country="Iraq") == "Military Forces of the United States"
    assert actors.canonical("Kurdish forces", country="Iraq") == "Peshmerga"


def test_group_head_is_absorbed(actors):
    # "militants" after a named group is that group, not a second (unidentified) actor.
    assert names(actors, "Al-Shabaab militants attacked", "Somalia") == [("Al-Shabaab militants", "Al Shabaab")]


def test_outlets_and_monitors_are_sources(actors):
    text = ("according to the Syrian Observatory, the state news agency SANA said, Al-Watan newspaper reported, "
            "Al Mayadeen and Sputnik said, and the White Helmets")
    found = actors.find(text, country="Syria")
    assert {m.name for m in found} == {"Syrian Observatory for Human Rights", "SANA", "Al-Watan", "Al Mayadeen",
                                       "Sputnik", "Syria Civil Defense"}
    assert all(m.is_source for m in found)


def test_amaq_speaks_for_islamic_state(actors):
    (m,) = actors.find("Amaq claimed the attack")
    assert (m.kind, m.is_source, m.speaks_for) == ("outlet", True, "Islamic State")


def test_offsets_point_into_the_original_text(actors):
    doc = "Header. Two Iraqi soldiers died."
    (m,) = actors.find(doc[8:], offset=8)
    assert doc[m.start:m.end] == m.text == "Iraqi soldiers"


def test_country_of(actors):
    assert actors.country_of("Iraqi") == "Iraq"
    assert actors.country_of("the DRC army") == "Democratic Republic of Congo"
    assert actors.country_of("nothing here") is None
    assert actors.country_of("Russian jets hit Idlib. Syrian troops and the SDF advanced; HTS fled.") == "Syria"


def test_countries_list(actors):
    countries = actors.countries()
    assert len(countries) >= 190 and "Democratic Republic of Congo" in countries and "Syria" in countries


def test_pattern_expansion():
    assert expand("({demonym} )?(police|riot police)") == [
        "{demonym} police", "{demonym} riot police", "police", "riot police"]


def test_find_is_fast(actors):
    sentence = ("On Thursday evening, ISIS cells attacked a checkpoint of the Syrian army near the village of al-Shula "
                "in the Deir ez-Zor countryside, killing three soldiers and wounding two civilians, according to SOHR.")
    best = min(_time(actors, sentence) for _ in range(5))
    assert best < 500e-6  # typically ~50 µs; loose so a busy machine does not fail it


def _time(actors: ActorDictionary, sentence: str) -> float:
    start = time.process_time()  # CPU time: other jobs on the shared cores do not count
    for _ in range(100):
        actors.find(sentence, country="Syria")
    return (time.process_time() - start) / 100


# -- user file ------------------------------------------------------------------------------------
def test_user_alias_file_through_settings(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("actors:\n  - name: Jaysh al-Mahdi\n    kind: militia\n    country: Iraq\n"
                    "    aliases: [Mahdi Army, JAM]\n  - name: Rebel Groups\n    kind: rebel\n    aliases: [the Eagles]\n",
                    encoding="utf-8")
    d = ActorDictionary.load(load_settings(env={"SITREP_EXTRACT_USER_ACTORS": str(user)}))
    assert d.canonical("Mahdi Army fighters") == "Jaysh al-Mahdi"
    assert d.canonical("JAM") == "Jaysh al-Mahdi" and d.canonical("jam") is None
    assert d.canonical("the Eagles", country="Syria") == "Rebel Groups"
    assert d.canonical("ISIS") == "Islamic State"  # packaged entries still there


def test_user_file_errors_name_the_file_and_fix(tmp_path):
    missing = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError, match="user_actors.*not found"):
        ActorDictionary.load(load_settings(env={"SITREP_EXTRACT_USER_ACTORS": str(missing)}))
    bad = tmp_path / "bad.yaml"
    bad.write_text("actors:\n  - name: X\n    kind: warlord\n    aliases: [X]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.yaml: actors entry 1 \(X\): kind 'warlord'"):
        ActorDictionary.load(load_settings(env={"SITREP_EXTRACT_USER_ACTORS": str(bad)}))


def test_tiger_force_singular(actors):
    # the 25th Division is written both "Tiger Forces" and "Tiger Force"
    found = names(actors, "Loyalist militia Tiger Force took the hill", "Syria")
    assert found[-1] == ("Tiger Force", "Military Forces of Syria")


def test_a_currency_is_no_country_focus(actors):
    assert actors.country_of("Protesters angry at the high US dollar exchange rate blocked roads.") is None
    assert actors.country_of("US troops withdrew as the US dollar rose.") == "United States"


def test_an_ambiguous_acronym_does_not_decide_the_country(actors):
    # SNA is Syria's or Somalia's National Army: Al Shabaab says which
    assert actors.country_of("SNA forces clashed with Al Shabaab in a village.") == "Somalia"
    assert actors.country_weight("Regime forces and HTS clashed.") == ("Syria", 2.0)


def test_a_compass_word_region_is_no_country_focus(actors):
    from sitrep.extract.focus import CountryFocus
    # Lebanon has provinces called "North" and "South": "South Sudan" must not make an article Lebanese
    assert CountryFocus(actors).of("Soldiers of the army of South Sudan looted goods on Congolese soil.")[0] \
        != "Lebanon"


def test_actors_break_a_tie_between_region_names(actors):
    from sitrep.extract.focus import CountryFocus
    text = "Clashes were reported in Diyala and in Idlib as HTS fighters attacked an army post."
    assert CountryFocus(actors).of(text)[0] == "Syria"


def test_a_single_country_monitor_says_where(actors):
    # the OSCE mission worked in Ukraine only; an outlet (Reuters) says nothing of where
    assert actors.country_weight("The OSCE SMM observed 20 explosions near the village.") == ("Ukraine", 1)
    assert actors.country_weight("Reuters reported 20 explosions near the village.") is None
