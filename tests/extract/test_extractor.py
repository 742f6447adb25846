"""The whole extractor on small Documents: dates, figures, modality, background, actors, evidence."""
from __future__ import annotations

import pytest

from sitrep.config import load_settings
from sitrep.extract import Extractor
from sitrep.model import NOT_HAPPENED
from tests.factories import make_document


@pytest.fixture(scope="module")
def extractor():
    return Extractor(load_settings(env={}))


def extract(extractor, text, published="2023-08-14", **kw):
    doc = make_document("t.txt", text, published=published, language=kw.pop("language", "en"), **kw)
    return extractor.pipe([doc])[0]


def real(mentions):
    return [m for m in mentions if m.modality not in NOT_HAPPENED]


def test_relative_date_resolved_against_publication(extractor):
    # published Monday 14 August 2023: "last Wednesday" is 9 August
    [m] = extract(extractor, "ISIS launched an attack on a checkpoint of the Syrian army last Wednesday near Raqqa.")
    assert (m.event_date, m.date_precision) == ("2023-08-09", "day")
    assert any(p.field == "event_date" and p.text == "last Wednesday" for p in m.provenance)


def test_vague_number_dozens_is_twelve(extractor):
    [m] = extract(extractor, "On Sunday, a drone attack on a military college in Homs killed dozens of people.")
    assert m.fatalities == 12


def test_denied_capture_is_not_real(extractor):
    mentions = extract(extractor, "The Syrian army is yet to liberate the ISIS-held town of Hamimah.")
    assert mentions and real(mentions) == []
    assert mentions[0].modality == "denied"


def test_rumour_called_untrue_is_not_real(extractor):
    text = "Officials said the rumours that rebels captured the airport were untrue."
    assert real(extract(extractor, text)) == []


def test_hypothetical_assault_is_not_real(extractor):
    text = "The army is preparing to repel a possible assault on Al-Bukamal by US forces."
    mentions = extract(extractor, text)
    assert real(mentions) == [] and {m.modality for m in mentions} == {"hypothetical"}


def test_group_claim_is_claimed(extractor):
    [m] = extract(extractor, "ISIS claimed responsibility for the attack on a Russian patrol near Sukhnah on Tuesday.")
    assert m.modality == "claimed"


def test_background_event_is_flagged(extractor):
    [m] = extract(extractor, "A drone attack on a military college in Homs on 5 October killed dozens.",
                  published="2023-12-07")
    assert m.background is True and m.event_date == "2023-10-05"


def test_recent_event_is_not_background(extractor):
    [m] = extract(extractor, "Gunmen shot dead two farmers in Daraa on Monday.")
    assert m.background is False


def test_two_events_in_one_sentence(extractor):
    text = "On Tuesday ISIS fighters ambushed a convoy near Palmyra and separately attacked a checkpoint in Sukhnah."
    assert len(extract(extractor, text)) == 2


def test_headline_repeating_the_lead_is_one_event(extractor):
    text = ("Militants kill 10 soldiers in attack on army post\n\n"
            "Militants killed 10 soldiers in an attack on an army post near Hama on Monday, officials said.")
    assert len(extract(extractor, text)) == 1


def test_evidence_is_an_exact_quote_with_offsets(extractor):
    text = "Intro line.\n\nRussian forces fired missiles at ISIS positions in the Homs desert yesterday."
    [m] = extract(extractor, text)
    ev = m.evidence[0]
    assert text[ev.start:ev.end] == ev.text and "fired missiles" in ev.text


def test_sources_according_to(extractor):
    [m] = extract(extractor, "According to SOHR, regime forces shelled the town of Kafr Nabl on Monday.")
    assert m.sources and "SOHR" in " ".join(m.sources + [p.text or "" for p in m.provenance])


def test_place_hints_from_the_sentence(extractor):
    [m] = extract(extractor, "Turkish forces shelled several villages near Tell Abiad in Raqqa on Monday.")
    assert {"Tell Abiad", "Raqqa"} <= {h.text for h in m.place_hints}


def test_non_english_document_is_skipped(extractor):
    assert extract(extractor, "Des hommes armés ont attaqué un poste militaire.", language="fr") == []


def test_every_field_has_provenance(extractor):
    [m] = extract(extractor, "Three soldiers were killed by ISIS militants near Raqqa on Monday.")
    fields = {p.field for p in m.provenance}
    assert {"event_type", "sub_event_type", "event_date", "modality", "background", "fatalities"} <= fields


def _has_actors() -> bool:
    import importlib.util
    return importlib.util.find_spec("sitrep.extract.actors") is not None


needs_actors = pytest.mark.skipif(not _has_actors(), reason="actor dictionary not installed yet")


@needs_actors
def test_actor_aliases_and_passive_roles(extractor):
    [m] = extract(extractor, "Three Syrian soldiers were killed by Daesh militants near Raqqa on Monday.")
    assert (m.actor1, m.actor2) == ("Islamic State", "Military Forces of Syria")


@needs_actors
def test_unnamed_perpetrator_is_unidentified(extractor):
    [m] = extract(extractor, "A roadside bomb struck an army patrol near Hama on Monday, killing three soldiers.")
    assert m.actor1.startswith("Unidentified Armed Group")
    assert m.event_type == "Explosions/Remote violence"


@needs_actors
def test_unarmed_victims_are_civilians(extractor):
    [m] = extract(extractor, "Gunmen shot dead two farmers in Daraa on Monday.")
    assert m.actor2.startswith("Civilians") and m.event_type == "Violence against civilians"


def test_explain_prints_words_and_rules_of_each_field(extractor):
    from sitrep.explain import explain_event
    from sitrep.model import Event

    [m] = extract(extractor, "Three soldiers were killed by ISIS militants near Raqqa on Monday.")
    event = Event(id="ev_test", mentions=[m], event_type=m.event_type, sub_event_type=m.sub_event_type,
                  actor1=m.actor1, actor2=m.actor2, fatalities=m.fatalities, event_date=m.event_date)
    text = explain_event(event, [])
    assert '"on Monday"' in text or '"Monday"' in text
    assert "passive" in text and '"Raqqa"' in text


def test_figure_in_the_following_sentence_joins_the_event(extractor):
    text = "On Monday, regime forces clashed with rebels near Kafr Nabl. Five fatalities were reported."
    [m] = extract(extractor, text)
    assert m.fatalities == 5
    assert any(p.field == "fatalities" and p.rule == "figure in the following sentence" for p in m.provenance)


def test_sources_are_who_reported_not_things_datelines_or_the_outlet(extractor):
    from factories import make_document
    text = ("DEIR EZZOR - Two soldiers were killed in an explosion near Al Mayadin on Tuesday, a security source "
            "told the Badia Observer. A statement said the attack was the third this month. "
            "No group has claimed the bombing.")
    doc = make_document("s.txt", text, published="2025-11-05", language="en", outlet="Badia Observer")
    sources = {s for m in extractor.pipe([doc])[0] for s in m.sources}
    assert "security source" in sources
    assert not sources & {"DEIR EZZOR", "statement", "No group", "Badia Observer"}


# ---- actor1 from the parse and the dictionary; fatalities not double-counted -------------------------

def test_acronym_read_as_verb_is_the_attacker(extractor):
    # the tagger reads "IS" as the verb "is": the words after it still name the attacker
    [m] = real(extract(extractor, "IS fighter shot and killed a Kurdish fighter in Hasakah town."))
    assert m.actor1 == "Islamic State"


def test_coordinated_passive_shares_the_agent(extractor):
    [m] = real(extract(extractor, "Two SDF fighters were shot and killed near Raqqa by ISIS militants."))
    assert (m.actor1, m.fatalities) == ("Islamic State", 2)


def test_gunmen_believed_to_be_a_group_are_that_group(extractor):
    text = "Unknown gunmen believed to be IS members opened fire at an SDF vehicle near Busayrah."
    [m] = real(extract(extractor, text))
    assert m.actor1 == "Islamic State"


def test_event_head_without_doer_takes_the_attacker_of_its_event(extractor):
    text = "ISIS militants attacked an army post near Palmyra, which led to the kidnapping of four soldiers."
    assert {m.actor1 for m in real(extract(extractor, text))} == {"Islamic State"}


def test_weapon_subject_is_not_the_attacker(extractor):
    text = "ISIS said that a number of roadside bombs, planted by its fighters, struck a Russian convoy near Homs."
    assert all(m.actor1 != "Rebel Groups" for m in real(extract(extractor, text)))


def test_nouns_before_a_subjectless_verb_name_the_attacker(extractor):
    # the parser hangs "opposition rebels sniper" on "shot" as modifiers
    [m] = real(extract(extractor, "An opposition rebels sniper shot and killed a soldier near Idlib on Monday."))
    assert m.actor1 == "Rebel Groups"


def test_state_sniper_after_being_shot_by(extractor):
    text = "A rebel fighter was killed after being shot by a Syrian army sniper near Homs."
    [m] = real(extract(extractor, text))
    assert (m.actor1, m.fatalities) == ("Military Forces of Syria", 1)


def test_unidentified_warplanes_are_unidentified_military_forces(extractor):
    [m] = real(extract(extractor, "Unidentified warplanes carried out airstrikes on a weapons depot near Albu Kamal."))
    assert m.actor1 == "Unidentified Military Forces"


def test_named_faction_keeps_its_name(extractor):
    [m] = real(extract(extractor, "Jaysh al-Islam fighters attacked a Syrian army checkpoint near Douma."))
    assert m.actor1 == "Jaysh al Islam"


def test_total_after_the_victims_is_not_added(extractor):
    text = "Unidentified gunmen shot and killed a former opposition fighter in Nawa. 1 fatality."
    assert [m.fatalities for m in real(extract(extractor, text))] == [1]


def test_pronoun_victim_is_not_a_second_victim(extractor):
    text = "Unknown gunmen shot and killed a former rebel in Jasim town, killing him."
    assert [m.fatalities for m in real(extract(extractor, text))] == [1]


def test_body_found_killed_counts_once(extractor):
    text = "The body of a Kurdish fighter was found killed by gunmen near Shaddadi on Sunday."
    assert [m.fatalities for m in real(extract(extractor, text))] == [1]


@needs_actors
def test_gunmen_believed_to_be_members_of_a_group(extractor):
    # the apposition "believed to be ISIS members" sits outside the subject's phrase in the parse
    [m] = extract(extractor, "Armed men, believed to be ISIS members, attacked army positions near Raqqa on Monday.")
    assert m.actor1 == "Islamic State"


def test_a_killing_given_as_the_charge_is_no_event(extractor):
    # the arrest is the event; the killing it is about was told elsewhere
    [m] = real(extract(extractor, "Police detained four men in the town on Monday on charges of killing a local official."))
    assert (m.event_type, m.sub_event_type, m.fatalities) == ("Strategic developments", "Arrests", None)


def test_a_group_fighting_under_an_operation_takes_its_name(extractor):
    text = ("Turkish forces and allied factions, operating under Operation Peace Spring, shelled a village "
            "near Tal Tamr in Hasakah province on Monday.")
    [m] = real(extract(extractor, text))
    assert m.actor1 == "Operation Peace Spring"


def test_between_a_coalition_under_an_operation_and_its_enemy(extractor):
    # the parser hangs "and SDF fighters" on the participle: it is still the other side
    text = ("Clashes took place between Turkish forces and pro-Turkey rebel factions, operating under Operation "
            "Peace Spring, and SDF fighters near Ras al-Ain on Monday.")
    [m] = real(extract(extractor, text))
    assert (m.actor1, m.actor2) == ("Operation Peace Spring", "Syrian Democratic Forces")


@pytest.mark.parametrize("text, actor1", [
    ("The body of a police officer was found near the town of Tafas on Monday.", "Unidentified Armed Group"),
    # with a killing told beside it, the killing's words decide who did it
    ("A soldier's body was found near the town of Tafas on Monday, killed by Islamic State militants.",
     "Islamic State"),
])
def test_a_body_found_is_a_killing(extractor, text, actor1):
    [m] = real(extract(extractor, text))
    assert m.fatalities == 1 and m.actor1.startswith(actor1)


def test_a_killing_stands_beside_what_its_victims_only_attempted(extractor):
    text = "Rebels killed two soldiers near Tafas on Monday as they were attempting to plant landmines."
    [m] = real(extract(extractor, text))
    assert (m.event_type, m.fatalities, m.modality) == ("Battles", 2, "asserted")


def test_a_headline_victim_is_not_the_attacker(extractor):
    # "Two soldiers killed in Houthi shelling": the soldiers are who was killed, the Houthis shelled
    [m] = real(extract(extractor, "Two soldiers killed in Houthi shelling west of Marib as group threatens offensive"))
    assert (m.actor1, m.actor2) == ("Houthi Movement", "Military Forces of Yemen")


def test_the_detail_of_an_attack_told_next_is_the_same_event(extractor):
    # the second sentence tells where the shells fell, with no toll and no attacker of its own
    text = ("Two soldiers were killed on Saturday when Houthi forces shelled army positions in Sirwah district, "
            "a military official said.\n\nThe official said mortar and artillery rounds fell on trenches held by "
            "the army near the Kofal camp for several hours.")
    assert len(real(extract(extractor, text))) == 1


def test_a_claim_dated_tuesday_of_an_attack_on_sunday_dates_the_attack_sunday(extractor):
    # published Thursday 9 December 2021; the parser hangs both dates on "claimed"
    text = "The group on Tuesday claimed responsibility for an attack on soldiers in Kirkuk late on Sunday."
    [m] = extract(extractor, text, published="2021-12-09")
    assert (m.event_date, m.date_precision) == ("2021-12-05", "day")


# ---- figures told beside the victims' own phrase (one test per class) ----------------------


def test_a_side_that_suffered_fatalities_adds_to_the_other_sides_dead(extractor):
    text = ("Heavy fighting broke out near Kidal on Tuesday. Eight militants were killed in the fighting, "
            "while the army suffered five fatalities.")
    assert max(m.fatalities or 0 for m in real(extract(extractor, text))) == 13


def test_a_count_noun_joined_to_counted_fighters_sums_both(extractor):
    text = "Troops repelled an assault on a base near Beni on Friday, leaving 14 attackers and 3 army deaths."
    assert max(m.fatalities or 0 for m in real(extract(extractor, text))) == 17


def test_victims_killed_along_with_others_are_all_counted(extractor):
    text = "A district governor was killed along with three of his bodyguards in an ambush near Kunduz on Sunday."
    assert max(m.fatalities or 0 for m in real(extract(extractor, text))) == 4


def test_a_headline_passive_without_were_still_counts_its_subject(extractor):
    text = "Six gunmen slain yesterday in Borno clash\n\nThe fighting began at dawn on Monday."
    assert max(m.fatalities or 0 for m in real(extract(extractor, text))) == 6


def test_a_list_of_victims_after_a_reporting_verb_is_counted_whole(extractor):
    text = "Rebels and soldiers clashed near Menaka on Monday. Medics confirmed two militiamen and three farmers were killed."
    assert max(m.fatalities or 0 for m in real(extract(extractor, text))) == 5
