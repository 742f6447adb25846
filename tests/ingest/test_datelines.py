"""Dates in page text: formats, kinds of dated lines, and the article's date beating the site's."""
import pytest

from sitrep.ingest.datelines import classify, find_dates, parse_date
from sitrep.ingest.layout import clean, page_lines
from sitrep.ingest.offsets import MappedText


@pytest.mark.parametrize("line,iso", [
    ("30 June 2017 14:33", "2017-06-30"),
    ("January 25, 2022", "2022-01-25"),
    ("01 November, 2021", "2021-11-01"),
    ("Sept. 3rd, 2019", "2019-09-03"),
    ("2021-10-03T08:15:00Z", "2021-10-03"),
    ("25/10/2025", "2025-10-25"),
    ("10/25/2025", "2025-10-25"),   # month first: 25 cannot be a month
    ("03/04/2024", "2024-04-03"),   # ambiguous: day first (numeric_order: dmy)
    ("Publié le 3 novembre 2025 à 18h05", "2025-11-03"),
    ("3 de noviembre de 2025", "2025-11-03"),
])
def test_date_formats(line, iso):
    assert parse_date(line) == iso


def test_impossible_dates_are_not_dates():
    assert find_dates("31 February 2020 and 2021-13-01") == []


@pytest.mark.parametrize("line,kind", [
    ("12 March 2024 | 1,204 visitors | 13/03/2024 (8)", "ticker"),
    ("Published: 3 May 2024", "marker"),
    ("Posted on 5 November 2025 by admin", "marker"),
    (" date 2021-10-03 ADEN: Two children were killed in a missile strike on Sunday, officials said.", "prefix"),
    ("Updated 4 May 2024 10:02", "updated"),
    ("Friday, 9 February 2024", "pure"),
    ("By Lina Haddad | 9 February 2024, 10:15 GMT", "pure"),
    ("The town was captured on 9 February 2024 after a week of heavy fighting near the river.", "prose"),
])
def test_kinds_of_dated_lines(line, kind):
    assert classify(line).kind == kind


def _article(text, **kw):
    return clean(page_lines(MappedText.contiguous(text)), **kw)


def test_weekday_banner_above_headline_loses_to_dateline_below():
    # A fictional page scraped months after publication: the banner is the scrape day.
    art = _article("Monday, 3 March 2025\n\nTaiz Evening Star\n\nMilitia shells market in Taiz\n\n"
                   "February 12, 2024\n\nShelling hit the central market of Taiz on Sunday, killing four people, "
                   "medics said.\n")
    assert (art.published, art.published_origin) == ("2024-02-12", "text:dateline")
    assert art.title == "Militia shells market in Taiz"
    assert art.text.text.startswith("Militia shells market in Taiz\n\nShelling hit")


def test_ticker_with_counts_never_wins():
    art = _article("Gao Weekly\n12 May 2023 | 1,234 readers | 11/05/2023 (40) | Facebook Twitter\n\n"
                   "Convoy ambushed near Gao\n\nPosted on 3 April 2021 by Awa Cisse\n\n"
                   "Gunmen ambushed a fuel convoy near Gao on Friday, the army said in a statement.\n")
    assert art.published == "2021-04-03"
    assert "12 May 2023" not in art.text.text and "Posted on" not in art.text.text


def test_banner_date_is_the_fallback_when_the_article_has_no_dateline():
    art = _article("Wednesday 14 August 2019\n\nAIRSTRIKE HITS FUEL DEPOT NEAR HAMA\n\n"
                   "An airstrike hit a fuel depot near Hama on Tuesday night, residents said.\n")
    assert (art.published, art.published_origin) == ("2019-08-14", "text:header")


def test_inline_date_prefix_is_taken_and_removed_from_the_sentence():
    art = _article(" date 2022-06-28 Shelling kills five in Sievierodonetsk\nShelling of the city killed five "
                   "people on Monday, the regional governor said.\n")
    assert art.published == "2022-06-28"
    assert art.title == "Shelling kills five in Sievierodonetsk"
    assert art.text.text.startswith("Shelling kills five in Sievierodonetsk\n\n")


def test_a_date_inside_the_story_is_not_the_publication_date():
    art = _article("Dam attack in the north\n\nFighters attacked the dam on 4 March 2023, the ministry said, "
                   "and repairs took until 2 June 2023.\n")
    assert art.published is None
