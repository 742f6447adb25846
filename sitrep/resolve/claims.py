"""An event from its mentions: headline values, claims per source, range, conflicts, corroboration.

Every rule here is symmetric in the mentions (votes with ties broken by value, minimums,
maximums), so the headline does not depend on the order in which reports arrived.
ACLED's conservative coding: the headline toll is the lowest credible reported figure, and a
figure given by the perpetrator (a claim of responsibility) is used only when nobody else
gives one; ``fatalities_low``/``fatalities_high`` keep the whole range.
"""
from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from sitrep.model import NOT_HAPPENED, Claim, Event, EventMention, Place
from sitrep.geometry import km
from sitrep.resolve.compare import date_explicit, norm_name, norm_place, vocabulary

CLAIM_FIELDS = ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "fatalities", "injuries",
                "location", "modality")
CONFLICT_ORDER = ("fatalities", "injuries", "actor1", "event_date", "location", "event_type", "sub_event_type",
                  "modality")


def happened(m: EventMention) -> bool:
    return m.modality not in NOT_HAPPENED


def partisan(m: EventMention) -> bool:
    """A figure from the party that did it (its claim of responsibility) is not preferred."""
    a1 = norm_name(m.actor1)
    return m.modality == "claimed" or (a1 is not None and norm_name(m.attributed_to) == a1)


def _vote(mentions: Iterable[EventMention], value: Callable[[EventMention], Any],
          rank: Callable[[Any], Any] = str) -> Any:
    """The value most documents give (one vote per document and value); ties go to the lowest rank
    (by default the smallest value, so that the result never depends on arrival order)."""
    seen: set[tuple[str, Any]] = set()
    votes: dict[Any, int] = {}
    for m in mentions:  # a plain loop, not a set and a Counter: called six times per report of every
        v = value(m)    # event a page shows (export.event_record's by_doc), it was a third of a page's time
        if v is not None and (m.doc, v) not in seen:
            seen.add((m.doc, v))
            votes[v] = votes.get(v, 0) + 1
    if len(votes) < 2:
        return next(iter(votes), None)
    return min(votes, key=lambda v: (-votes[v], rank(v), str(v)))


def _independent(mentions: list[EventMention], copies: dict[str, str]) -> list[EventMention]:
    """Mentions of the documents that are not republished copies of another member."""
    docs = {m.doc for m in mentions}
    return [m for m in mentions if copies.get(m.doc) not in docs] or mentions


def _lowest(mentions: list[EventMention], value: Callable[[EventMention], int | None]) -> int | None:
    """Lowest credible figure: from non-partisan reports of a real event, else from any report."""
    for pool in ([m for m in mentions if happened(m) and not partisan(m)], [m for m in mentions if happened(m)],
                 mentions):
        figures = [v for m in pool if (v := value(m)) is not None]
        if figures:
            return min(figures)
    return None


def _modality(mentions: list[EventMention]) -> str:
    present = {m.modality for m in mentions}
    for modality in ("asserted", "claimed", "denied", "hypothetical"):
        if modality in present:
            return modality
    return "asserted"


def _place(mentions: list[EventMention]) -> Place | None:
    """The most precise place; among equals the one most documents name; ties by name."""
    placed = [m for m in mentions if m.place is not None]
    if not placed:
        return None
    best = min((m.place.precision if m.place.latitude is not None else 9) for m in placed)
    finest = [m for m in placed if (m.place.precision if m.place.latitude is not None else 9) == best]
    name = _vote(finest, lambda m: m.place.name)
    return min((m for m in finest if m.place.name == name), key=lambda m: (m.doc, m.index)).place


def _date(mentions: list[EventMention]) -> tuple[str | None, str]:
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    dated = [m for m in mentions if m.event_date]
    dated = [m for m in dated if date_explicit(m)] or dated  # a publication-date default is a last resort
    if not dated:
        return None, "day"
    best = min(order.get(m.date_precision, 3) for m in dated)
    finest = [m for m in dated if order.get(m.date_precision, 3) == best]
    date = _vote(finest, lambda m: m.event_date)
    return date, next(m.date_precision for m in finest if m.event_date == date)


def _actors(mentions: list[EventMention]) -> tuple[str | None, str | None]:
    """Actor1 by vote (a named actor beats "unidentified"), then actor2 among the rest."""
    wild = vocabulary()["wildcards"]
    named = [m for m in mentions if m.actor1 and norm_name(m.actor1) not in wild]
    actor1 = _vote(named or mentions, lambda m: m.actor1)
    rest = [m for m in mentions if m.actor1 == actor1] or mentions
    actor2 = _vote(rest, lambda m: m.actor2 if m.actor2 != actor1 else None)
    return actor1, actor2


def headline(mentions: list[EventMention], copies: dict[str, str] | None = None) -> dict[str, Any]:
    """Headline fields of one event (or of one report's view of it, for ``by_doc``).

    The type is the one most independent reports give (a copy does not vote twice); a tie goes to
    the more specific type (merge.yaml ``type_precedence``), then the sub-type by the same vote.
    """
    real = [m for m in mentions if happened(m)] or mentions
    voters = _independent(real, copies or {})
    rank = vocabulary()["type_rank"]
    event_type = _vote(voters, lambda m: m.event_type, lambda t: rank.get(t, len(rank)))
    sub = _vote([m for m in voters if m.event_type == event_type], lambda m: m.sub_event_type)
    actor1, actor2 = _actors(real)
    date, precision = _date(real)
    lows = [v for m in real if (v := m.fatalities_low if m.fatalities_low is not None else m.fatalities) is not None]
    highs = [v for m in real if (v := m.fatalities_high if m.fatalities_high is not None else m.fatalities) is not None]
    sources: dict[str, None] = {}
    for m in sorted(mentions, key=lambda m: (m.doc, m.index)):
        for s in m.sources:
            sources.setdefault(s, None)
    return {
        "event_type": event_type, "sub_event_type": sub, "actor1": actor1, "actor2": actor2,
        "fatalities": _lowest(mentions, lambda m: m.fatalities),
        "fatalities_low": min(lows) if lows else None, "fatalities_high": max(highs) if highs else None,
        "injuries": _lowest(mentions, lambda m: m.injuries), "modality": _modality(mentions),
        "background": all(m.background for m in real), "event_date": date, "date_precision": precision,
        "place": _place(real) or _place(mentions), "sources": list(sources),
    }


def conflicts(mentions: list[EventMention]) -> list[str]:
    """Fields on which the reports disagree (never averaged away: the claims keep each value)."""
    real = [m for m in mentions if happened(m)]
    wild = vocabulary()["wildcards"]
    found = set()
    if len({m.fatalities for m in real if m.fatalities is not None}) > 1:
        found.add("fatalities")
    if len({m.injuries for m in real if m.injuries is not None}) > 1:
        found.add("injuries")
    if len({norm_name(m.actor1) for m in real if m.actor1 and norm_name(m.actor1) not in wild}) > 1:
        found.add("actor1")
    if len({m.event_date for m in real if m.event_date and m.date_precision == "day" and date_explicit(m)}) > 1:
        found.add("event_date")
    points = [m.place for m in real if m.place and m.place.precision <= 2 and m.place.latitude is not None]
    if any(norm_place(p.name) != norm_place(q.name) and km(p.latitude, p.longitude, q.latitude, q.longitude) > 2
           for i, p in enumerate(points) for q in points[i + 1:]):
        found.add("location")
    if len({m.event_type for m in real}) > 1:
        found.add("event_type")  # one outlet's ambush is another's attack on a bus: both kept as claims
    elif len({m.sub_event_type for m in real}) > 1:
        found.add("sub_event_type")
    if real and len(real) < len(mentions):
        found.add("modality")
    return [f for f in CONFLICT_ORDER if f in found]


def claims_of(mentions: list[EventMention], outlets: dict[str, str | None]) -> list[Claim]:
    """One claim per source statement: (doc, field, value, who said it) with the words it came from."""
    out: dict[tuple, Claim] = {}
    for m in sorted(mentions, key=lambda m: (m.doc, m.index)):
        who = m.attributed_to or (", ".join(m.sources) if m.sources else None)
        for name in CLAIM_FIELDS:
            value = m.place.name if name == "location" and m.place else getattr(m, name, None)
            if value is None or (name == "event_date" and not date_explicit(m)):
                continue  # a publication date filled in for want of date words is nobody's statement
            start, end, text = _span(m, name)
            key = (m.doc, name, json.dumps(value), who, m.modality)
            out.setdefault(key, Claim(doc=m.doc, field=name, value=value, modality=m.modality,
                                      outlet=outlets.get(m.doc), attributed_to=who, start=start, end=end, text=text))
    return list(out.values())


def _span(m: EventMention, name: str) -> tuple[int | None, int | None, str | None]:
    """The words a field came from: its provenance, the matched place, else the mention's evidence."""
    if name == "location" and m.place and m.place.matched:
        return m.place.start, m.place.end, m.place.matched
    for p in m.provenance:
        if p.field == name and p.text:
            return p.start, p.end, p.text
    if m.evidence:
        return m.evidence[0].start, m.evidence[0].end, m.evidence[0].text
    return None, None, None


def corroboration(docs: list[str], copies: dict[str, str]) -> int:
    """Independent documents: a republished copy whose original is in the event does not count."""
    present = set(docs)
    return len(present) - sum(1 for d in present if copies.get(d) in present)


def build_event(event_id: str, mentions: list[EventMention], outlets: dict[str, str | None], *,
                copies: dict[str, str] | None = None, merged_from: list[str] | None = None,
                merge_reasons: list[str] | None = None) -> Event:
    """The event record for a cluster of mentions, headline and claims computed from scratch."""
    mentions = sorted(mentions, key=lambda m: (m.doc, m.index))
    docs = list(dict.fromkeys(m.doc for m in mentions))
    copies = {c: o for c, o in (copies or {}).items() if c in docs}
    event = Event(id=event_id, mentions=mentions, **headline(mentions, copies))
    event.conflict = conflicts(mentions)
    event.corroboration = corroboration(docs, copies)
    event.claims = claims_of(mentions, outlets)
    event.copies = copies
    event.merged_from = list(merged_from or [])
    event.merge_reasons = list(merge_reasons or [])
    return event
