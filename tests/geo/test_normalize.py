"""Transliteration variants of one place share a key; different places do not."""
from __future__ import annotations

import pytest

from sitrep.geo.normalize import fold, loose_key, name_key


@pytest.mark.parametrize("variants", [
    ["Al-Mayadeen", "Al Mayādīn", "Mayadin", "al-Mayadin", "Mayadeen"],
    ["Deir ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir al-Zour", "Deir Ez Zor"],
    ["Abu Kamal", "Albu Kamal", "Ālbū Kamāl", "Al-Bukamal", "Bukamal"],
    ["As Sukhnah", "Al-Sukhna", "Sukhnah", "Sukhna"],
    ["Idlib", "Idleb"],
    ["Maʿdān", "Ma'dan", "Maadan"],
    ["Raqqa", "Ar-Raqqah", "Raqqah"],
])
def test_variants_share_a_loose_key(variants):
    assert len({loose_key(v) for v in variants}) == 1, {v: loose_key(v) for v in variants}


def test_articles_and_marks_are_dropped_from_the_exact_key():
    assert name_key("Al-Mayādīn") == name_key("Mayadin") == "mayadin"
    assert name_key("Ma‘rib") == name_key("Marib")
    assert name_key("Deir ez-Zor") == "deir zor"


def test_different_places_keep_different_keys():
    assert loose_key("Homs") != loose_key("Hama")
    assert loose_key("Abuja") != loose_key("Bukamal")  # "Abu" only fuses as a separate word


def test_fold_removes_diacritics_and_apostrophes():
    assert fold("Ḩalab – Sa‘dah") == "halab sadah"
