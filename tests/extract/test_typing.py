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
    ("Government forces regained the airport of the provincial capital on Thursday.",
     "Government regains territory"),
    ("Troopers captured a rebel training camp in the hills over the weekend.", "Government regains territory"),
    ("The military took control of a market town between Ramadi and Hit.",
     "Government regains territory"),
    ("Rebels captured the hill town on Tuesday.", "Non-state actor overtakes territory"),
])
def test_state_forces_of_a_country_the_article_does_not_name(nlp, reader, state, text, expected):
    assert types(nlp, reader, text, state) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Armed men on horseback opened fire on herders at a watering point.", "Attack"),
    ("Gunmen opened fire on a cafe near the bus park late on Friday.", "Attack"),
    ("Troops opened fire on militants who tried to cross the border on Monday.", "Armed clash"),
])
def test_what_was_fired_on_decides_the_victims(nlp, reader, text, expected):
    assert types(nlp, reader, text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Wheat prices fell to a six-year low on Tuesday.", []),
    ("Turnout fell to 40 percent in the northern provinces.", []),
    ("The town fell to the rebels on Sunday after a week of fighting.", ["Non-state actor overtakes territory"]),
])
def test_falling_to_a_figure_is_no_territory(nlp, reader, text, expected):
    assert types(nlp, reader, text) == expected


@pytest.mark.parametrize("text, n", [
    ("Rebel fighters entered the town of Kafr Zita on Wednesday.", 1),
    ("The negotiations entered their final week on Monday.", 0),
])
def test_entering_is_a_takeover_only_of_a_place(nlp, reader, text, n):
    assert len(types(nlp, reader, text)) == n


@pytest.mark.parametrize("text", [
    "A survey drone captured dramatic footage of the flooded valley on Monday.",
    "The club captured the league title for the third year running.",
    "The opposition seized the initiative in the debate on Tuesday.",
])
def test_capturing_pictures_prizes_or_the_initiative_is_no_event(nlp, reader, text):
    assert types(nlp, reader, text) == []


@pytest.mark.parametrize("text, expected", [
    ("Nurses went on strike at the district hospital on Monday over unpaid wages.", ["Peaceful protest"]),
    ("The detained journalist began a hunger strike on Sunday.", ["Peaceful protest"]),
    ("Coalition aircraft carried out a strike on a fuel depot on Monday.", ["Air/drone strike"]),
])
def test_a_strike_by_workers_is_a_protest_not_an_air_strike(nlp, reader, text, expected):
    assert types(nlp, reader, text) == expected
