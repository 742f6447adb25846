"""NER on the needed sentences only (selective.py): same mentions as a full parse, less parsing."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.config import load_settings
from sitrep.extract import Extractor
from sitrep.extract.selective import needed, regions
from tests.factories import make_document

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"


@pytest.fixture(scope="module")
def extractors():
    base = load_settings(env={})
    return {on: Extractor(base.with_overrides({"extract.selective_ner": on})) for on in (False, True)}


def _dump(mentions):
    return [json.dumps(m.to_dict(), sort_keys=True) for m in mentions]


def test_selective_ner_gives_the_full_parse_mentions_on_the_demo_articles(extractors):
    docs = [make_document(p.name, p.read_text("utf-8"), published="2025-11-12", language="en")
            for p in sorted(DEMO.glob("*.txt")) if not p.name.endswith("_fr.txt")]
    full, selective = (extractors[on].pipe(docs) for on in (False, True))
    assert sum(map(len, full)) > 20  # the demo reports dozens of events: the comparison means something
    for doc, a, b in zip(docs, full, selective):
        assert _dump(a) == _dump(b), doc.name


def test_selective_ner_skips_sentences_without_event_words(extractors):
    ex = extractors[True]
    ex.pipe([make_document("warm.txt", "Troops shelled the town.", language="en")])
    text = ("The ministry published its annual budget on Monday.\n\nOfficials praised the harvest.\n\n"
            "Rebels shelled the town of Kafr Nabl on Sunday, killing three civilians.\n"
            "Three more civilians were taken to hospital.\n\nThe weather was mild across the region.")
    parsed = ex.nlp(text, disable=["ner"])
    sents, _, keep = ex._plan(parsed)
    kept = [s.text.strip() for s, k in zip(sents, keep) if k]
    # the attack, its next sentence (also a trailing figure): not the budget, the harvest or the weather
    assert kept == ["Rebels shelled the town of Kafr Nabl on Sunday, killing three civilians.",
                    "Three more civilians were taken to hospital."]
    [(lo, hi, a, b)] = regions(sents, keep, len(parsed))
    assert lo < a < b < hi and parsed[a].text == "Rebels"


def test_trailing_sentences_kept_only_within_the_paragraph(nlp):
    doc = nlp("Gunmen attacked a village. Nothing else happened that day.\n\nA new paragraph starts here.")
    sents = list(doc.sents)
    keep = needed(sents, lambda s: "attacked" in s.text, [False] * len(sents))
    assert keep[:2] == [True, True] and keep[-1] is False
