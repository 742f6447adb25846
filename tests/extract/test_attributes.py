"""The attribute ruler's matches by lookup equal its Matcher's, so every token's attributes do."""
from __future__ import annotations

import spacy

from sitrep.extract.attributes import AttributeLookup, speed_up
from sitrep.extract.nlp import load_nlp, stock_nlp

SENTENCES = [
    # "ai" + "n't", "gon" + "na": the two-token rules; "that", "not": word-and-tag rules
    "They ain't going to stop: the militia said it was gonna shell Idlib again, not Aleppo.",
    "Gunmen killed six miners near Kidal on Tuesday because the army had withdrawn, residents said.",
    "KIRKUK, Iraq:  Three soldiers were killed\n\nwhen an IED exploded under their vehicle.",
    "Whether or not the ceasefire holds, 12 civilians've died since Monday's air strikes on Gaza's north.",
]


def test_lookup_finds_the_matchers_matches(settings):
    nlp = stock_nlp(settings)
    ruler = nlp.get_pipe("attribute_ruler")
    lookup = AttributeLookup(ruler)
    for doc in nlp.pipe(SENTENCES, disable=["attribute_ruler", "lemmatizer", "ner"]):
        assert lookup.matches(doc) == ruler.match(doc), doc.text


def test_sped_up_pipeline_gives_every_token_the_stock_attributes(settings):
    stock, ours = stock_nlp(settings), load_nlp(settings)
    assert ours.get_pipe("attribute_ruler").match != stock.get_pipe("attribute_ruler").match  # the lookup is in use
    for a, b in zip(stock.pipe(SENTENCES), ours.pipe(SENTENCES)):
        assert [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_) for t in a] == \
            [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_) for t in b]


def test_a_rule_with_an_operator_keeps_the_stock_matcher():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"LOWER": "bad"}]], {"POS": "ADV"})
    speed_up(nlp)
    assert "match" not in vars(ruler)  # still the class's own method
