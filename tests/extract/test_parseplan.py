"""Parsing only the needed sentences (parseplan.py, ``extract.selective_parse``)."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.config import load_settings
from sitrep.extract import Extractor
from sitrep.extract.parseplan import TriggerForms, parse_needed, split
from tests.factories import make_document

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"


@pytest.fixture(scope="module")
def planned():
    ex = Extractor(load_settings(env={}).with_overrides({"extract.selective_parse": True}))
    ex._load()
    assert ex._forms is not None  # en_core_web_sm has a senter of its own: the setting takes effect
    return ex


@pytest.fixture(scope="module")
def demo_texts():
    return [p.read_text("utf-8") for p in sorted(DEMO.glob("*.txt")) if not p.name.endswith("_fr.txt")]


def test_trigger_forms_pass_every_sentence_the_lexicon_finds_a_trigger_in(planned, demo_texts):
    """The cheap filter reads words only; it must never miss a sentence the parsed lexicon reads."""
    forms, lex = planned._forms, planned.reader.lex
    found = passed = 0
    for doc in planned.nlp.pipe(demo_texts):
        for sent in doc.sents:
            if lex.find(sent):
                found += 1
                assert forms.may_trigger(sent), sent.text
            passed += forms.may_trigger(sent)
    sents = sum(len(list(d.sents)) for d in planned.nlp.pipe(demo_texts))
    assert found > 50 and passed < sents  # the demo is full of events, and the filter still skips some


def test_irregular_forms_pass_through_the_lemmatizer_exceptions(planned):
    # "fought" is "fight" only by the lemmatizer's exception table; "budget" is no trigger at all
    doc = planned.nlp.make_doc("They fought. The budget passed.")
    first, second = doc[0:3], doc[3:]
    assert planned._forms.may_trigger(first) and not planned._forms.may_trigger(second)


def test_split_keeps_the_line_break_rule(planned):
    docs = split(planned.nlp, ["ISIS attack in Kirkuk\nERBIL, Kurdistan Region - Gunmen attacked a checkpoint."],
                 batch_size=8)
    starts = [s[0].text for s in docs[0].sents]
    assert starts[:3] == ["ISIS", "ERBIL", "Gunmen"]


def test_split_ends_a_sentence_at_a_datelines_colon(planned):
    # as the parser does; else "KIRKUK, Iraq" is read with the lead and the toll of three is lost
    [doc] = split(planned.nlp, ["Soldiers killed\n\nKIRKUK, Iraq: Three Iraqi soldiers were killed on Monday. "
                                "Officials said: Nothing more."], batch_size=8)
    starts = [s[0].text for s in doc.sents]
    assert "Three" in starts and "Nothing" not in starts  # "said" is no dateline word


def test_needed_sentences_parse_as_in_a_whole_parse_and_the_rest_stays_unparsed(planned, demo_texts):
    """Copying each region's parse back gives what parsing the whole text (with senter's
    sentences) gives, on every needed sentence; the others keep the senter's boundaries only."""
    nlp, batch = planned.nlp, 8
    cut = split(nlp, demo_texts, batch_size=batch)
    whole = split(nlp, demo_texts, batch_size=batch)
    for _ in nlp.pipe(whole, disable=["sitrep_line_breaks"]):
        pass
    plans = [planned._plan(d, planned._forms.may_trigger) for d in cut]
    parse_needed(nlp, cut, [p[0] for p in plans], [p[2] for p in plans], batch_size=batch)
    checked = skipped = 0
    for a, b, (sents, _, keep) in zip(cut, whole, plans):
        assert [s.start for s in a.sents] == [s.start for s in b.sents]
        ents_a = {(e.start, e.end, e.label_) for e in a.ents}
        for sent, k in zip(sents, keep):
            if k:
                checked += 1
                assert [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in sent] == \
                    [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in b[sent.start:sent.end]], sent.text
                assert {(e.start, e.end, e.label_) for e in b[sent.start:sent.end].ents
                        if e.start >= sent.start and e.end <= sent.end} <= ents_a
            elif any(t.tag_ for t in sent):  # a document nearly all needed is parsed whole
                assert [t.tag_ for t in sent] == [t.tag_ for t in b[sent.start:sent.end]]
            else:
                skipped += 1
                assert {t.dep_ for t in sent} <= {"ROOT", "dep"}
    assert checked > 100 and skipped > 10


def test_selective_parse_extracts_the_demo_events(planned):
    text = (DEMO / "syria_levant_monitor_palmyra.txt").read_text("utf-8")
    [mentions] = planned.pipe([make_document("palmyra.txt", text, published="2025-10-24", language="en")])
    assert any(m.fatalities == 21 and m.event_type == "Battles" for m in mentions)
