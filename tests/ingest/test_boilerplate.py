"""Boilerplate removal on scraped page text: clutter goes, every sentence of the story stays."""
import pytest

from sitrep.ingest.boilerplate import default_patterns, is_heading_like, is_sentence
from sitrep.ingest.layout import clean, page_lines
from sitrep.ingest.offsets import MappedText


@pytest.mark.parametrize("line", [
    "Leave a Comment", "Leave a Reply", "Cancel reply", "No comments:", "Comments (3)",
    "Your email address will not be published. Required fields are marked *",
    "We use cookies to improve your experience. By continuing you accept our cookie policy.",
    "GDPR rules by the EU: Daily Wire will use the information you provide on this form.",
    "Join our Telegram channel for breaking news", "Follow us on Telegram: link will open the app.",
    "Share this: Facebook Twitter WhatsApp", "Facebook | Twitter | Telegram | Print",
    "Home > World > Africa > Mali", "Post navigation", "Menu Close", "Scroll Up", "Read More",
    "Tags: Mali, Gao, JNIM", "1,204 views", "3 min read", "+ -",
    "You have successfully subscribed to the newsletter",
    "(c) 2024 Sahel Wire. All rights reserved.",
    "The views expressed in this article are those of the author alone.",
    "WP Auto Publish Powered By : XYZ",
    "Politics | Security | Economy | Sport",
    "To help us continue, please visit the Donate page.",
])
def test_clutter_lines_are_recognised(line):
    pats = default_patterns()
    assert pats.removal(line) or pats.is_end(line), line


@pytest.mark.parametrize("line", [
    "Militants shared the video on Telegram after the attack, the army said.",
    "Residents said they would follow the convoy home to Gao if the road reopened.",
    "The governor told reporters that comments on social media had spread panic.",
    "Read the full statement, the ministry urged, before judging the operation.",
    "Fighters from the group attacked the checkpoint near the cookie factory in Kano.",
])
def test_story_sentences_about_the_same_things_are_kept(line):
    pats = default_patterns()
    assert pats.removal(line) is None and not pats.is_end(line)


PAGE = """Home > Africa > Mali
SAHEL WIRE
Politics | Security | Economy | Sport

Gunmen kill six at gold mine near Kidal

By Awa Traore | 12 March 2024
Share this: Facebook Twitter

Gunmen on motorbikes attacked an artisanal gold mine near Kidal on Monday, killing six miners, a local
official said.

"They came at dawn and fired on everyone," a miner told Sahel Wire.

The army said it had sent reinforcements to the area.
Share this: Facebook Twitter

Related articles:
- Drought hits herders in Menaka
- Bamako fuel queues grow longer

Awa Traore is Sahel Wire's correspondent in Gao and writes about security.

Leave a Comment
Cookie notice: we use cookies to improve your experience.
"""


def _clean(text, **kw):
    return clean(page_lines(MappedText.contiguous(text)), **kw)


def test_fictional_page_keeps_headline_and_every_sentence():
    art = _clean(PAGE)
    assert art.text.text == (
        "Gunmen kill six at gold mine near Kidal\n\n"
        "Gunmen on motorbikes attacked an artisanal gold mine near Kidal on Monday, killing six miners, a local "
        "official said.\n\n"
        "\"They came at dawn and fired on everyone,\" a miner told Sahel Wire.\n\n"
        "The army said it had sent reinforcements to the area.")
    assert art.title == "Gunmen kill six at gold mine near Kidal"
    assert art.published == "2024-03-12"
    assert art.site == "Sahel Wire"


def test_known_title_locates_the_headline_in_any_case():
    art = _clean("Weekly Dispatch\n\nARMY RETAKES TOWN\n\nThe army retook the town on Friday, a spokesman said.\n",
                 known_title="Army retakes town")
    assert art.text.text.startswith("ARMY RETAKES TOWN\n\nThe army")


def test_lines_of_a_hard_wrapped_paragraph_are_joined():
    art = _clean("Floods in Beledweyne\n\nThe river burst its banks on Sunday and\nflooded three districts, "
                 "officials said.\nAid agencies sent boats.\n")
    assert art.text.text == ("Floods in Beledweyne\n\nThe river burst its banks on Sunday and flooded three "
                             "districts, officials said.\n\nAid agencies sent boats.")


def test_a_related_box_inside_the_story_does_not_eat_the_story():
    art = _clean("Strike on depot\n\nA drone hit a fuel depot in Hama on Tuesday, residents said.\n\nRelated\n\n"
                 "- Earlier strike closes road\n\nFirefighters worked through the night to contain the blaze.\n")
    assert "Earlier strike closes road" not in art.text.text
    assert art.text.text.endswith("Firefighters worked through the night to contain the blaze.")


def test_a_trailing_source_credit_without_clutter_after_it_is_kept():
    art = _clean("Two soldiers killed in Diyala\n\nTwo soldiers were killed in an attack in Diyala on Monday, a "
                 "source said.\n\n(Diyala Digital Media)\n")
    assert art.text.text.endswith("(Diyala Digital Media)")


def test_repeated_headline_is_kept_once():
    art = _clean("Ten killed in Marib\n\nTen killed in Marib\nTen civilians were killed when a missile hit a "
                 "school in Marib, officials said.\n")
    assert art.text.text.count("Ten killed in Marib") == 1


def test_line_shapes():
    assert is_heading_like("Houthi missiles kill two children in Marib")
    assert not is_heading_like("Two children were killed in Marib, officials said.")
    assert is_sentence("Two children were killed in Marib, officials said.")
    assert not is_sentence("Related articles:")


def test_a_user_pattern_file_adds_to_the_packaged_patterns(tmp_path):
    from sitrep.config import load_settings
    from sitrep.errors import ConfigError
    from sitrep.ingest import read_file

    extra = tmp_path / "mysite.yaml"
    extra.write_text("remove:\n  sponsor:\n    - '^brought to you by .{0,80}$'\n", encoding="utf-8")
    page = tmp_path / "gao.txt"
    page.write_text("Bridge blown up near Gao\n\nBrought to you by Sahel Motors\n\nSaboteurs blew up a bridge "
                    "near Gao on Sunday, cutting the road to Niger, officials said.\n\nLeave a Comment\n")
    settings = load_settings(env={}, overrides={"ingest.user_boilerplate": str(extra)})
    [doc] = read_file(page, meta={}, settings=settings)
    assert "Sahel Motors" not in doc.text and "Leave a Comment" not in doc.text
    assert "Saboteurs blew up a bridge" in doc.text
    bad = load_settings(env={}, overrides={"ingest.user_boilerplate": str(tmp_path / "missing.yaml")})
    with pytest.raises(ConfigError, match="missing.yaml"):
        list(read_file(page, meta={}, settings=bad))


def test_a_headline_about_a_correspondent_is_not_taken_for_a_byline():
    art = _clean("Home > Gaza\n\nCorrespondent killed in strike on Gaza City\n\nBy our correspondent\n\nA television "
                 "correspondent was killed in an air strike on Gaza City on Tuesday, his employer said.\n")
    assert art.title == "Correspondent killed in strike on Gaza City"
    assert "By our correspondent" not in art.text.text


def test_a_dated_sentence_with_a_bracketed_note_is_the_story_not_a_dateline():
    text = "On 1 May 2020, nurses protested outside the city hospital demanding hazard pay. [size=no report]\n"
    assert _clean(text).text.text == text.strip()
    assert is_sentence("Police said two men were arrested near the market. (AFP)")


def test_a_headline_only_flash_is_kept_as_the_article(tmp_path):
    from sitrep.ingest.documents import _has_text
    flash = "Rebel fighters retook the town of Kafr Zita from regime forces following clashes"
    assert _has_text(flash, flash)
    assert not _has_text("Leave a comment below", "Leave a comment below")
