"""Date expressions resolved against the publication date (sitrep/extract/dates.py).

Publication dates used: Monday 14 Aug 2023 (MON), Tuesday 7 Dec 2021 (TUE).
"""
from __future__ import annotations

import datetime as dt

from sitrep.extract.dates import DateMatch, event_date, fallback_date, find_dates

MON = dt.date(2023, 8, 14)
TUE = dt.date(2021, 12, 7)


def one(text: str, published: dt.date | str | None = MON) -> tuple[str, str, str]:
    found = find_dates(text, published)
    assert len(found) == 1, found
    return found[0].date, found[0].precision, found[0].text


def test_weekday_names_the_most_recent_such_day_before_publication():
    # "Thursday" in a Monday article is four days earlier, never the coming Thursday.
    assert one("an attack by ISIS militants on a military bus Thursday evening") == (
        "2023-08-10", "day", "Thursday evening")


def test_weekday_equal_to_publication_weekday_is_that_day():
    assert one("Two Iraqi soldiers were killed on Monday")[0] == "2023-08-14"


def test_last_weekday_equal_to_publication_weekday_is_a_week_earlier():
    assert one("the checkpoint was attacked last Monday")[0] == "2023-08-07"


def test_last_wednesday():
    assert one("ISIS also launched an attack on a checkpoint last Wednesday near the village")[0] == "2023-08-09"


def test_the_previous_thursday():
    published = dt.date(2023, 10, 3)  # a Tuesday
    assert one("troops had conducted an ambush on the previous Thursday", published)[0] == "2023-09-28"


def test_late_on_sunday_keeps_the_prefix_in_the_span():
    assert one("an attack on Peshmerga in Kirkuk late on Sunday", TUE) == ("2021-12-05", "day", "late on Sunday")


def test_explicit_day_month_takes_the_latest_year_not_after_publication():
    assert one("The attack took place on 5 October.")[0] == "2022-10-05"
    assert one("The attack took place on 14 August.")[0] == "2023-08-14"


def test_explicit_month_day_with_year():
    assert one("the strike on Aug. 18, 2020 killed two")[0] == "2020-08-18"


def test_explicit_month_day_without_year():
    assert one("The attack, which took place on August 18, killed a general.", "2020-08-25")[0] == "2020-08-18"


def test_numeric_date_is_read_day_first():
    assert one("clashes on 18/08/2020 in the countryside")[0] == "2020-08-18"
    assert one("clashes on 03/04/2020")[0] == "2020-04-03"


def test_month_name_alone_is_not_a_date_without_a_prefix():
    # "May" the verb and "march" the noun must not become dates.
    assert find_dates("Protesters may march on the ministry", MON) == []


def test_explicit_date_wins_over_the_weekday_beside_it():
    found = find_dates("killed in an attack on a security post on Monday night (August 24)", "2020-08-25")
    assert [(m.date, m.rule, m.text) for m in found] == [
        ("2020-08-24", "explicit-month-day", "Monday night (August 24)")]


def test_yesterday_evening():
    assert one("a huge military convoy arrived yesterday evening in the desert") == (
        "2023-08-13", "day", "yesterday evening")


def test_early_hours_of_yesterday():
    date, precision, text = one("Russian forces fired missiles in the early hours of yesterday, targeting")
    assert (date, text) == ("2023-08-13", "in the early hours of yesterday")


def test_today_and_tonight_are_publication_day():
    assert one("Gunmen attacked a checkpoint today")[0] == "2023-08-14"
    assert one("Shelling resumed tonight")[0] == "2023-08-14"


def test_overnight_is_the_night_before_publication():
    assert one("Houthi missiles hit Marib overnight")[0] == "2023-08-13"


def test_overnight_before_a_weekday_names_that_weekday():
    assert one("fighting overnight Saturday")[0] == "2023-08-12"


def test_two_days_ago():
    assert one("a drone struck the convoy two days ago") == ("2023-08-12", "day", "two days ago")


def test_two_days_after_is_not_a_date():
    assert find_dates("two days after the attack, the army returned", MON) == []


def test_this_week_and_last_week_give_monday_and_week_precision():
    assert one("clashes erupted this week")[:2] == ("2023-08-14", "week")
    assert one("clashes erupted last week")[:2] == ("2023-08-07", "week")


def test_earlier_this_month_and_last_month():
    assert one("airstrikes earlier this month")[:2] == ("2023-08-01", "month")
    assert one("airstrikes last month")[:2] == ("2023-07-01", "month")


def test_in_june_is_the_most_recent_june_not_after_publication():
    assert one("the group seized the town in June")[:2] == ("2023-06-01", "month")
    assert one("the group seized the town in October")[:2] == ("2022-10-01", "month")


def test_last_march_in_a_january_article_is_the_year_before():
    assert one("losing its last spot in Baguz last March", "2020-01-04")[:2] == ("2019-03-01", "month")


def test_in_year_and_since_year():
    assert one("an ISIS stronghold until its capture by the Syrian army in 2017.")[:2] == ("2017-01-01", "year")
    found = find_dates("the insurgency it has waged since 2014", MON)
    assert [(m.date, m.rule) for m in found] == [("2014-01-01", "year-since")]


def test_last_24_hours_is_the_day_before_publication():
    found = find_dates("killing 95 Houthis in Marib during the last 24 hours", "2021-10-29")
    assert [(m.date, m.precision) for m in found] == [("2021-10-28", "day")]


def test_rolling_windows_never_read_as_background():
    date, precision, _ = one("ISIS attacks have increased in recent weeks")
    assert precision == "month" and (MON - dt.date.fromisoformat(date)).days <= 30


def test_the_past_year():
    assert one("the deadliest attack of the past year")[:2] == ("2022-08-14", "year")


def test_offset_shifts_spans():
    found = find_dates("on Monday", MON, offset=100)
    assert (found[0].start, found[0].end) == (103, 109)


def test_without_publication_date_only_dated_expressions_resolve():
    assert [m.date for m in find_dates("on 5 October 2019, and on Monday", None)] == ["2019-10-05"]


def test_event_date_skips_the_reporting_date_said_on():
    m = event_date("The ministry said on Friday that the attack happened on Wednesday.", MON)
    assert (m.date, m.text) == ("2023-08-09", "Wednesday")


def test_event_date_skips_a_date_before_claimed():
    m = event_date("The terror group on Tuesday claimed responsibility for an attack on Peshmerga "
                   "in Kirkuk late on Sunday, killing four of them", TUE)
    assert m.date == "2021-12-05"


def test_told_x_on_tuesday_is_a_reporting_date():
    found = find_dates("a commander told the news agency on Tuesday", MON)
    assert found[0].reporting


def test_claimed_responsibility_for_a_thursday_attack_is_the_event_date():
    m = event_date("it claimed responsibility for a Thursday attack on two villages", TUE)
    assert (m.date, m.reporting) == ("2021-12-02", False)


def test_event_date_prefers_the_day_over_a_since_year():
    m = event_date("ISIS, active in the desert since 2014, killed three shepherds on Saturday", MON)
    assert (m.date, m.precision) == ("2023-08-12", "day")


def test_event_date_near_picks_the_date_closest_to_the_trigger():
    text = "Militants attacked a checkpoint on Sunday, and on Thursday the army shelled their hideouts."
    assert event_date(text, MON, near=text.index("shelled")).date == "2023-08-10"


def test_event_date_ignores_a_since_edge():
    assert event_date("Yemen has been mired in civil war since September 2014.", MON) is None


def test_event_date_is_none_without_date_words():
    assert event_date("Clashes are ongoing on the perimeter of the town.", MON) is None


def test_fallback_date_is_the_publication_day():
    m = fallback_date("2023-08-14")
    assert isinstance(m, DateMatch) and (m.date, m.precision, m.rule) == ("2023-08-14", "day", "publication-date")
    assert fallback_date(None) is None


def test_usa_today_is_not_today():
    assert find_dates("USA Today reported the clashes", MON) == []


def test_recent_years_is_a_year_long_window_not_a_day():
    # "have killed hundreds ... in recent years": a tally over years, never a dated event
    m = find_dates("Mines have killed hundreds of civilians in recent years.", dt.date(2025, 11, 15))[0]
    assert m.precision == "year" and m.date < "2024-11-15"


def test_a_day_just_after_publication_is_this_years():
    # a report dated 4 May about protests "from 4 to 5 May": not 5 May of the year before
    assert one("residents demonstrated on 5 May against the results", "2020-05-04")[0] == "2020-05-05"
    assert one("residents demonstrated on 25 May against the results", "2020-05-04")[0] == "2019-05-25"
