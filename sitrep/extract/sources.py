"""Who the article attributes a report to: "according to SOHR", "SANA said", "Amaq claimed".

Attribution is read from the parse: the object of "according to", the subject of a reporting
verb ("the state news agency SANA said"), and the listener of "told" ("a security source told
Rudaw"). Names are canonical when the actor dictionary knows them (kinds outlet/monitor or any
party), otherwise the phrase itself, trimmed of determiners. A party (not an outlet or monitor)
speaking about its own action makes that event "claimed".
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from sitrep.yamlfile import load_yaml

REPORTING = {"say", "report", "claim", "tell", "announce", "confirm", "state", "add", "publish", "post",
             "release", "assert", "insist", "document", "record", "cite", "quote", "reveal", "accuse"}
PARTY_KINDS = {"state", "police", "rebel", "militia", "identity", "external", "unidentified"}
PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "which", "that"}
MAX_TOKENS = 9
DETERMINERS = {"the", "a", "an", "its", "their"}


@dataclass
class Source:
    """One attribution: the name given, where, whether a party to the fighting, and the rule."""

    name: str
    start: int
    end: int
    text: str
    rule: str
    party: bool
    verb: Token | None = None
    speaks_for: str | None = None   # the group an outlet speaks for ("Amaq" -> Islamic State)


def _phrase(tok: Token) -> SpacySpan:
    """The attribution phrase: the token's subtree without determiners or trailing clauses."""
    doc = tok.doc
    cut = {t.i for c in tok.children if c.dep_ in ("relcl", "acl", "punct") for t in c.subtree}
    keep = [t for t in tok.subtree if t.i not in cut]
    start = min(t.i for t in keep)
    end = max(t.i for t in keep) + 1
    while start < end and doc[start].dep_ in ("det", "poss") and doc[start].lower_ in DETERMINERS:
        start += 1
    if end - start > MAX_TOKENS:
        start = max(start, tok.i - MAX_TOKENS + 1)
        end = min(end, tok.i + 1)
    return doc[start:end]


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[frozenset[str], frozenset[str]]:
    data = load_yaml(resources.files("sitrep.data").joinpath("sources.yaml").read_text("utf-8"))
    return frozenset(data["source_nouns"]), frozenset(data["not_sources"])


def plausible_source(tok: Token) -> bool:
    """A subject that can name who reported: a name, or a noun news cites ("a security source").

    Not a negated subject ("no group has claimed"), not a bare place ("DEIR EZZOR" read as the
    subject of a dateline), not a thing ("a statement said", "the attack left").
    """
    nouns, never = _vocabulary()
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return False
    if tok.ent_type_ in ("GPE", "LOC") and not any(t.ent_type_ in ("ORG", "NORP", "PERSON") for t in tok.subtree):
        return False
    if tok.lemma_.lower() in never or tok.lower_ in never:
        return False
    return tok.pos_ == "PROPN" or tok.lemma_.lower() in nouns or tok.lower_ in nouns


class SourceFinder:
    """Finds attributions in a sentence using the actor dictionary for canonical names."""

    def __init__(self, actors: Any = None):
        self.actors = actors

    def find(self, sent: SpacySpan, *, country: str | None = None) -> list[Source]:
        found: list[Source] = []
        for tok in sent:
            if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
                obj = next((c for c in tok.doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if obj is not None and plausible_source(obj):
                    found.append(self._source(obj, "according to", None, country))
            elif tok.pos_ == "VERB" and tok.lemma_.lower() in REPORTING:
                for c in tok.children:
                    if c.dep_ == "nsubj" and c.lower_ not in PRONOUNS and plausible_source(c):
                        found.append(self._source(c, f"subject of '{tok.lemma_}'", tok, country))
                    if tok.lemma_.lower() == "tell" and c.dep_ in ("dobj", "dative") and c.pos_ == "PROPN" \
                            and plausible_source(c):
                        found.append(self._source(c, "told (listener)", tok, country))
                    if tok.lemma_.lower() == "claim" and c.dep_ == "agent":  # "later claimed by ISIS"
                        obj = next((o for o in c.children if o.dep_ == "pobj"), None)
                        if obj is not None:
                            found.append(self._source(obj, "agent of 'claim'", tok, country))
        return [s for s in found if s.name]

    def _source(self, tok: Token, rule: str, verb: Token | None, country: str | None) -> Source:
        span = _phrase(tok)
        name, party, speaks_for = span.text, False, None
        if self.actors is not None:
            try:
                matches = self.actors.find(span.text, offset=span.start_char, country=country)
            except Exception:  # dictionary problems must not lose the attribution
                matches = []
            if matches:
                m = next((m for m in matches if m.start <= tok.idx < m.end), matches[0])
                kind = str(getattr(m, "kind", ""))
                name = span.text if kind == "civilian" else m.name  # "residents said", not "Civilians (X)"
                speaks_for = getattr(m, "speaks_for", None)
                party = bool(speaks_for) or kind in PARTY_KINDS
                if speaks_for:  # "Amaq said": the claim is the group's own
                    rule = f"{rule} ({name} speaks for {speaks_for})"
        if name == span.text and span.text.isupper() and len(span.text) > 5 and span.start == span.sent.start:
            name = ""  # "DEIR EZZOR - Two soldiers were killed ...": a dateline, not an unknown acronym
        return Source(name, span.start_char, span.end_char, span.text, rule, party, verb, speaks_for)
