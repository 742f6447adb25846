"""Language identification: short English reports stay English, other languages keep theirs."""
from __future__ import annotations

import pytest

from sitrep.ingest.language import detect_language


@pytest.mark.parametrize("text", [
    # py3langid alone calls these Nigerian Pidgin (0.66 / 0.71), English second (0.33 / 0.24)
    "Nigerian troops shelled Konduga in Borno, Nigeria, on 1 January 2024, killing three civilians, a war monitor said.",
    "Boko Haram fighters shelled Damboa in Borno, Nigeria, on 8 January 2024, killing five civilians, residents said.",
    # Burkina Faso: 'pcm' at 0.37 on its own
    "Armed men shelled Dori in Seno, Burkina Faso, on 11 January 2024, killing 2 civilians, residents said.",
    # the month pulls further: 'pcm' 0.94, English 0.04
    "Boko Haram fighters shelled Damboa in Borno, Nigeria, on 3 September 2024, killing 12 civilians, residents said.",
])
def test_short_english_report_with_west_african_names_is_english(text):
    assert detect_language(text) == "en"


@pytest.mark.parametrize(("text", "lang"), [
    ("Des hommes armés ont attaqué le village de Konduga mardi, tuant trois civils.", "fr"),
    ("Hombres armados atacaron la aldea el martes y mataron a tres civiles, dijeron residentes.", "es"),
    ("Silahlı kişiler salı günü köye saldırdı ve üç sivili öldürdü.", "tr"),
    ("قتل ثلاثة مدنيين في هجوم على قرية في ريف إدلب", "ar"),
    ("Wanamgambo walishambulia kijiji cha Konduga Jumanne na kuua raia watatu.", "sw"),
    ("Gunmen na Borno sun kashe mutane uku a kauyen Konduga ranar Talata.", "ha"),
    # real Pidgin leaves English no share: it stays Pidgin
    ("Boko Haram fighters don attack Konduga for Borno, dem kill three pipo, na wetin residents talk.", "pcm"),
])
def test_short_report_in_another_language_keeps_its_language(text, lang):
    assert detect_language(text) == lang


def test_too_few_letters_gives_no_verdict():
    assert detect_language("12 / 03 / 2024 — 14:00") is None
