"""ACLED sub-event types that hang on who the sides are and what is hit (invented sentences)."""
from __future__ import annotations

import pytest


def types(nlp, reader, text, is_state=None):
    sent = next(nlp(text).sents)
    return [c.sub_event_type for c in reader.read(sent, is_state=is_state or (lambda r: False))]


@pytest.fixture(scope="module")
def state(nlp):
    """The extractor's own state test, with no country known (a fictional one, a snippet)."""
    from sitrep.config import load_settings
    from sitrep.extract import Extractor
    ex = Extractor(load_settings(env={}))
    ex._load()
    return lambda role: ex.builder.is_state(role, None)


@pytest.mark.parametrize("text, expected", [
    ("Government forces have regained control of parts of the strategic town on Thursday.",
     "Government regains territory"),
    ("Troopers of the northern command captured two rebel camps over the weekend.", "Government regains territory"),
    ("The military and allied militias have taken control of Garma, between Fallujah and Baghdad.",
     "Government regains territory"),
    ("Rebels captured the hill town on Tuesday.", "Non-state actor overtakes territory"),
])
def test_state_forces_of_a_country_the_article_does_not_name(nlp, reader, state, text, expected):
    assert types(nlp, reader, text, state) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("The armed men rode into the villages and opened fire on farmers in their fields.", "Attack"),
    ("Gunmen opened fire on a teahouse in the old quarter at dawn on Friday.", "Attack"),
    ("Troops opened fire on militants who tried to cross the border on Monday.", "Armed clash"),
])
def test_what_was_fired_on_decides_the_victims(nlp, reader, text, expected):
    assert types(nlp, reader, text) == [expected]
