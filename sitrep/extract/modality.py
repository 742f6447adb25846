"""Modality of an event mention: asserted, claimed, denied or hypothetical (plus "generic").

A cue counts only when the dependency parse ties it to the trigger: a modal auxiliary of the
trigger's clause ("may launch"), a modifier of the trigger noun ("a possible assault"), or a
word governing the trigger ("preparing to repel", "denied attacking", "claimed responsibility
for the attack"). Whole-clause denials ("but this did not happen", "called the rumours untrue")
deny every event of their sentence. "generic" marks habitual plurals ("increased attacks"),
which are not single events and are dropped by the extractor. Cue words: modality.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.yamlfile import load_yaml

FACTUAL_MARKS = {"after", "before", "since", "when", "as", "while", "because", "following", "until", "once"}
CLAUSE_DEPS = {"xcomp", "ccomp", "advcl", "acl", "relcl", "pcomp", "dobj", "pobj", "prep", "nsubj",
               "nsubjpass", "conj", "amod", "compound", "attr", "oprd", "acomp", "appos", "npadvmod", "agent"}


@dataclass
class Modality:
    """The decided modality and the words + rule behind it (for provenance)."""

    value: str
    rule: str
    cue: Token | None = None


def _has_aux(verb: Token) -> bool:
    return any(c.dep_ in ("aux", "auxpass") for c in verb.children)


class ModalityRules:
    """Cue lists from ``modality.yaml``, compiled once."""

    def __init__(self, nlp: Any, data: dict[str, Any] | None = None):
        data = data or load_yaml(resources.files("sitrep.data").joinpath("modality.yaml").read_text("utf-8"))
        self.lists = {k: {str(w).lower() for w in v} for k, v in data.items() if k != "denial_phrases"}
        self.denials = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.denials.add("denial", [Doc(nlp.vocab, words=[str(w).lower() for w in p]) for p in data["denial_phrases"]])

    def _in(self, name: str, tok: Token) -> bool:
        words = self.lists[name]
        return tok.lemma_.lower() in words or tok.lower_ in words

    def decide(self, trigger: Token, sent: SpacySpan) -> Modality:
        """Modality of the event headed by ``trigger`` within its sentence."""
        for check in (self._own, self._governors):
            found = check(trigger)
            if found:
                return found
        hits = self.denials(sent)
        if hits:
            _, s, _ = hits[0]  # PhraseMatcher gives document offsets even for a Span
            return Modality("denied", "sentence denial phrase", sent.doc[s])
        return Modality("asserted", "no modality cue")

    def _own(self, trig: Token) -> Modality | None:
        """Cues among the trigger's own children: modal aux, negation, "possible", "yet to"."""
        for child in trig.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ == "no"):
                return Modality("denied", "negated trigger", child)
            if child.dep_ in ("aux", "auxpass") and self._in("modal_aux", child):
                return Modality("hypothetical", "modal auxiliary", child)
            if child.dep_ in ("amod", "advmod", "compound") and self._in("hypothetical_modifiers", child):
                return Modality("hypothetical", "hypothetical modifier", child)
            if child.dep_ in ("amod", "advmod") and self._in("claim_modifiers", child):
                return Modality("claimed", "alleged", child)
            if child.dep_ == "mark" and self._in("conditional_marks", child):
                return Modality("hypothetical", "conditional clause", child)
            if trig.tag_ == "NNS" and child.dep_ in ("amod", "compound") and self._in("generic_modifiers", child):
                return Modality("generic", "habitual plural", child)
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in trig.children):
            head = trig.head
            if any(c.lower_ == "yet" for c in list(head.children) + list(trig.children)):
                return Modality("denied", "'yet to'", head)
        return None

    def _governors(self, trig: Token) -> Modality | None:
        """Cues on words governing the trigger, walking up until a reporting verb or the root."""
        tok, plural = trig, trig.tag_ == "NNS"
        for _ in range(6):
            if tok.dep_ not in CLAUSE_DEPS or tok.head.i == tok.i:
                break
            if tok.dep_ == "advcl" and any(c.dep_ in ("mark", "advmod") and c.lower_ in FACTUAL_MARKS
                                           for c in tok.children):
                break  # "..., after the army captured X", "when police fired": a temporal clause states a fact
            gov = tok.head
            if tok.dep_ == "nsubj" and gov.pos_ == "VERB" and any(
                    self._in(k, gov) for k in ("hypothetical_governors", "claim_governors", "denial_governors")):
                break  # "protesters demanded ...", "a mob tried to ...": the subject of a stance acted
            if self._in("attempt_verbs", gov) and gov.tag_ == "VBD" and not _has_aux(gov):
                break  # "militants attempted to storm the base": the attempt happened
            if self._in("denial_governors", gov):
                return Modality("denied", f"governed by '{gov.lemma_}'", gov)
            if self._in("claim_governors", gov):
                return Modality("claimed", f"governed by '{gov.lemma_}'", gov)
            if self._in("hypothetical_governors", gov) or (gov.pos_ == "NOUN" and self._in("hypothetical_nouns", gov)):
                return Modality("hypothetical", f"governed by '{gov.lemma_}'", gov)
            if plural and self._in("generic_governors", gov):
                return Modality("generic", f"habitual: governed by '{gov.lemma_}'", gov)
            if plural and tok.dep_ == "nsubj":  # "attacks have been on the rise"
                for obj in (o for p in gov.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"):
                    if self._in("generic_governors", obj):
                        return Modality("generic", f"habitual: '{obj.text}'", obj)
            for child in gov.children:
                if child.dep_ in ("aux", "auxpass") and self._in("modal_aux", child) and gov.pos_ == "VERB" \
                        and tok.dep_ not in ("nsubj", "nsubjpass"):
                    return Modality("hypothetical", f"modal auxiliary of '{gov.text}'", child)
                if child.dep_ == "neg" and tok.dep_ in ("dobj", "xcomp", "ccomp") and gov.pos_ == "VERB" \
                        and not self._in("reporting_verbs", gov):
                    return Modality("denied", f"negated '{gov.text}'", child)
            if self._in("reporting_verbs", gov):
                break
            tok = gov
        return None
