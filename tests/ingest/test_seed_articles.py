"""On the real dev articles (../shared, skipped when absent): no gold evidence quote is lost to cleaning,
and a page header date never beats the article's own date."""
import json
from pathlib import Path

import pytest

from sitrep.config import load_settings
from sitrep.ingest import read_file
from sitrep.ingest.normalize import normalize_string

DEV = Path(__file__).resolve().parents[3] / "shared" / "dev"
SETS = ("seeds", "real")
pytestmark = pytest.mark.shared


def _documents():
    settings = load_settings(env={})
    docs = {}
    for name in SETS:
        for path in sorted((DEV / name / "articles").glob("*.txt")):
            [doc] = read_file(path, meta={}, settings=settings)
            docs[path.name] = doc
    return docs


def _evidence():
    for name in SETS:
        path = DEV / name / "events.jsonl"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    yield row["doc"], row["evidence"]


@pytest.fixture(scope="module")
def docs():
    if not (DEV / "seeds" / "articles").is_dir():
        pytest.skip("../shared/dev not present")
    return _documents()


def test_every_gold_evidence_quote_survives_cleaning(docs):
    missing = []
    count = 0
    for doc_name, quote in _evidence():
        count += 1
        clean = " ".join(docs[doc_name].text.split())
        if normalize_string(quote) not in clean:
            missing.append((doc_name, quote))
    assert count > 40
    assert missing == []


@pytest.mark.parametrize("doc_name,published", [
    ("004_8a208e6411342cf7.txt", "2017-06-30"),  # header ticker says 15 February 2019
    ("r03.txt", "2022-01-25"),                   # header banner says Tuesday August 16, 2022
])
def test_header_date_does_not_beat_the_article_date(docs, doc_name, published):
    assert docs[doc_name].published == published
    assert docs[doc_name].origins["published"] == "text:dateline"


def test_headline_is_the_first_paragraph(docs):
    assert docs["000_72000b82b16af0e4.txt"].text.startswith("Syrian Army Mobilizes in Response to ISIS, US Threat\n\n")
    assert docs["004_8a208e6411342cf7.txt"].text.startswith(
        "ISIS in trouble as Syrian Army reaches southern Deir Ezzor countryside\n\n")


@pytest.mark.parametrize("doc_name,clutter", [
    ("000_72000b82b16af0e4.txt", ["Home > Defense", "Post navigation", "Leave a Comment", "TheCradle"]),
    ("001_20b9dcb76fc68891.txt", ["Related", "The views expressed", "No comments:"]),
    ("002_a74b2d22527cfc19.txt", ["Menu Close", "Follow us on Telegram", "Latest News", "GDPR", "subscribed"]),
    ("003_addd7965deaf0006.txt", ["Read More", "Leave a Reply", "Powered By"]),
    ("004_8a208e6411342cf7.txt", ["Islamic Invitation Turkey", "Total: 147,805", "Scroll Up"]),
])
def test_seed_clutter_is_removed(docs, doc_name, clutter):
    for text in clutter:
        assert text not in docs[doc_name].text
