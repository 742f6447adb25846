"""Where an event is told: its evidence clause and the place words around it.

``evidence_span`` cuts the trigger's own clause out of its sentence (without the clauses of
other events told in the same sentence), so the quote shows exactly the words that report the
event and the geocoder looks for its place there first. ``_after_locative`` and ``_qualifier``
tell a place name standing as a place ("in Al-Bukamal") from one used as a description
("Idlib-based"). ``worth_keeping`` drops what is not one codable event.
"""
from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Span as SpacySpan

from sitrep.extract.events import Candidate, _dominates

PLACE_LABELS = {"GPE", "LOC", "FAC"}
QUALIFIER_WORDS = {"based", "backed", "led", "born", "run", "held", "controlled", "linked", "affiliated", "allied"}


def sentence_ents(sent: SpacySpan) -> list[SpacySpan]:
    """The entities inside ``sent``, as ``sent.ents`` gives them, without its cost per call.

    Why: spaCy's ``Span.ents`` rebuilds the whole document's entity list on every call, so asking
    it once per event candidate made long documents quadratic (a 200,000-character text spent
    three minutes here). The document's entities are listed once, as token offsets and labels in
    the Doc's own ``user_data`` (freed with it), and cut by token position. The list was first kept
    in a ``WeakKeyDictionary`` keyed by the Doc whose values held the entity Spans, and a Span
    holds its Doc: no parsed document was ever freed (``sitrep ingest`` grew ~150 KB a document,
    docs/quality.md).
    """
    doc = sent.doc
    cached = doc.user_data.get("sitrep_ents")
    if cached is None:
        ents = doc.ents
        cached = doc.user_data["sitrep_ents"] = ([e.start for e in ents], [(e.end, e.label_) for e in ents])
    starts, rest = cached
    out = []
    for k in range(bisect.bisect_left(starts, sent.start), len(starts)):
        start, (end, label) = starts[k], rest[k]
        if start >= sent.end:
            break
        if end <= sent.end:
            out.append(SpacySpan(doc, start, end, label=label))
    return out


def evidence_span(c: Candidate, others: list[Candidate]) -> SpacySpan:
    """The exact words reporting this event: the trigger's clause, without other events' clauses.

    A noun trigger that names its own place ("a drone attack ... on a college in Homs") is its
    own clause; otherwise the clause of the verb governing it ("a roadside bomb struck a patrol
    near Hama"). Too short a clause falls back to the whole sentence.
    """
    sent, head = c.sent, c.head
    top = head
    own_place = any(e.label_ in PLACE_LABELS and _after_locative(e) and _dominates(head, e.root) is not None
                    for e in sentence_ents(sent))
    if head.pos_ not in ("VERB", "AUX") and not own_place:
        tok = head
        while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
            tok = tok.head
        top = tok if tok.pos_ in ("VERB", "AUX") else head
    cut = set()
    for o in others:
        h = o.head
        if h.i != head.i and _dominates(top, h) is not None and _dominates(h, head) is None:
            cut.update(t.i for t in h.subtree)
    keep = [t.i for t in top.subtree if t.i not in cut]
    if not keep:
        return sent
    start, end = min(keep), max(keep) + 1
    doc = sent.doc
    while start < end and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in (")", "”", '"') or
                           doc[end - 1].dep_ == "cc"):
        end -= 1
    span = doc[start:end]
    return span if len(span) >= 4 else sent


def worth_keeping(draft: Any, cand: Candidate) -> str | None:
    """Why a built mention is not an event to export (None when it is one).

    History known only to the year ("captured in 2017") cannot be coded with ACLED's day/week/
    month precision, and a bare death count over a month or a year ("have killed hundreds over
    the past year") is a tally of many events, not one.
    """
    m = draft.mention
    if m.background and m.date_precision == "year":
        return "background known only to the year"
    if cand.trigger.cls == "kill" and m.date_precision in ("month", "year") and cand.head.pos_ == "VERB":
        return "casualty tally over a month or a year"
    return None


def _qualifier(ent: SpacySpan) -> bool:
    """A place name used as a modifier: "Idlib-based", "Tehran-backed", "Kurdish-led"."""
    doc = ent.doc
    nxt = doc[ent.end] if ent.end < len(doc) else None
    if nxt is not None and nxt.text in ("-", "‐", "‑") and ent.end + 1 < len(doc):
        return doc[ent.end + 1].lower_ in QUALIFIER_WORDS
    return ent[-1].lower_.split("-")[-1] in QUALIFIER_WORDS


def _after_locative(ent: SpacySpan) -> bool:
    """A name tagged ORG/PERSON but standing where a place stands ("in Al-Bukamal", "near X")."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    return prev is not None and prev.lower_ in ("in", "near", "at", "outside", "around", "of", "to", "from",
                                               "towards", "toward", "into")
