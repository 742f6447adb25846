"""Resolve stage: mentions in, events (clusters of mentions across documents) out.

One document at a time (the runner's transaction): its mentions are first clustered among
themselves (headline, lead, body and recap of one event become one), then each cluster is
linked to the stored events the runner fetched for the date window. Stored events are never
split; a new report may join one, found a new one, or bridge two (the older id survives and
the younger is recorded as absorbed). Rules: ``compare.py``; clustering: ``cluster.py``;
headline values and claims: ``claims.py``; near-duplicate documents: ``copies.py``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sitrep.config import Settings
from sitrep.model import Document, Event, EventMention
from sitrep.resolve import copies
from sitrep.resolve.claims import build_event
from sitrep.resolve.cluster import Block, Clusters, Joined, Key, LazyFeatures, agglomerate, within_document
from sitrep.resolve.compare import Features, MergeRules, compare, features
from sitrep.resolve.ids import event_id


@dataclass
class MergeResult:
    """Events to write (new or updated) and the ids they absorbed, with why."""

    events: list[Event]
    absorbed: list[tuple[str, str, str]] = field(default_factory=list)


def rules_from(settings: Settings) -> MergeRules:
    get = settings.get
    return MergeRules(max_km=float(get("resolve", "max_km")), same_place_km=float(get("resolve", "same_place_km")),
                      date_slack_days=int(get("resolve", "date_slack_days")),
                      min_score=float(get("resolve", "min_score")),
                      min_score_same_doc=float(get("resolve", "min_score_same_doc")))


class Resolver:
    """Clusters mentions into events; pure functions over records, the runner does the storage."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.rules = rules_from(settings)
        self.copy_similarity = float(settings.get("resolve", "copy_similarity"))

    def signature_bands(self, doc: Document) -> list[str]:
        """MinHash band keys the store indexes to find near-duplicates of later documents."""
        return copies.bands(doc.text)

    def find_original(self, doc: Document, candidates: list[Document],
                      packed: dict[int, bytes] | None = None) -> Document | None:
        """The stored document ``doc`` republishes, if any (candidates share a band with it).

        ``packed`` maps candidate ids to their stored shingles (``packed_shingles``); a candidate
        without them is hashed from its text."""
        def shingles_of(cand: Document) -> frozenset[int]:
            data = packed.get(cand.id) if packed and cand.id is not None else None
            return copies.unpack(data) if data is not None else copies.shingles(cand.text)
        return copies.find_original(doc, candidates, self.copy_similarity, shingles_of)

    def packed_shingles(self, doc: Document) -> bytes:
        """What the store keeps of a document for later copy checks (``copies.pack``)."""
        return copies.pack(copies.shingles(doc.text))

    def blocking_window(self, mentions: list[EventMention]) -> tuple[str, str] | None:
        """One date range covering every window of ``blocking_windows`` (None: nothing can merge)."""
        windows = self.blocking_windows(mentions)
        return (windows[0][0], windows[-1][1]) if windows else None

    def blocking_windows(self, mentions: list[EventMention]) -> list[tuple[str, str]]:
        """Headline-date ranges of stored events that could merge with these mentions, disjoint, sorted.

        Members of one event are pairwise within the slack, so a day-precision event's headline
        date is within twice the slack of any mention that can join it; the store also returns
        week/month-precision events starting up to 31 days before a range. One range per group of
        nearby mentions: an article that recalls an old event must not fetch the years between.
        Mentions without a date, with a year only or without a place never merge across documents.
        """
        margin = 2 * self.rules.date_slack_days
        spans = sorted((f.start - margin, f.end + margin) for f in map(features, mentions)
                       if f.start is not None and f.precision != "year" and f.geo_precision is not None)
        merged: list[list[int]] = []
        for lo, hi in spans:
            if merged and lo <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        return [(dt.date.fromordinal(lo).isoformat(), dt.date.fromordinal(hi).isoformat()) for lo, hi in merged]

    def merge(self, doc: Document, mentions: list[EventMention], candidates: list[Event],
              outlets: dict[str, str | None]) -> MergeResult:
        """Cluster ``doc``'s mentions and link them to ``candidates`` (stored events, oldest first)."""
        by_key: dict[Key, EventMention] = {(m.doc, m.index): m for m in mentions}
        feats = LazyFeatures(by_key)
        local = within_document(sorted(by_key), feats, self.rules)
        clusters = Clusters(feats, self.rules)
        unit_of: dict[Key, int] = {}
        block = Block(mentions, self.rules)
        near: list[Key] = []
        relevant: list[Event] = []  # only stored events with a mention in our block can be linked
        for event in candidates:
            met = [(m.doc, m.index) for m in event.mentions if m.doc != doc.name and block.may_meet(m)]
            if not met:
                continue
            near += met
            relevant.append(event)
            keys = [(m.doc, m.index) for m in event.mentions if m.doc != doc.name]
            by_key.update(((m.doc, m.index), m) for m in event.mentions if m.doc != doc.name)
            uid = clusters.add_unit(keys)
            unit_of.update((k, uid) for k in keys)
        for root in local.roots():
            uid = clusters.add_unit(local.members[root])
            clusters.joins[uid] = list(local.joins[root])
            unit_of.update((k, uid) for k in local.members[root])
        agglomerate(clusters, self._links(sorted((m.doc, m.index) for m in mentions), near, feats), unit_of)
        return self._results(doc, clusters, relevant, by_key, outlets)

    def _links(self, new: list[Key], near: list[Key], feats: dict[Key, Features]) -> list:
        """Scored links from the new mentions to the stored mentions that passed blocking."""
        edges = []
        for key in new:
            for other in near:
                link = compare(feats[key], feats[other], self.rules)
                if link.veto is None and link.score >= self.rules.min_score:
                    edges.append((key, other, link))
        return edges

    def _results(self, doc: Document, clusters: Clusters, candidates: list[Event],
                 by_key: dict[Key, EventMention], outlets: dict[str, str | None]) -> MergeResult:
        result = MergeResult(events=[])
        for root in clusters.roots():
            keys = clusters.members[root]
            if not any(k[0] == doc.name for k in keys):
                continue
            olds = [candidates[uid] for uid in range(len(candidates)) if clusters.find(uid) == root]
            survivor = olds[0] if olds else None
            eid = survivor.id if survivor else event_id(doc.sha256, min(k[1] for k in keys if k[0] == doc.name))
            reasons = list(survivor.merge_reasons) if survivor else []
            merged_from = list(survivor.merged_from) if survivor else []
            copy_of = dict(survivor.copies) if survivor else {}
            why = [_describe(j) for j in clusters.joins[root]]
            for gone in olds[1:]:
                result.absorbed.append((gone.id, eid, f"bridged by {doc.name}: " + "; ".join(why)))
                merged_from += [gone.id] + gone.merged_from
                reasons += gone.merge_reasons
                copy_of.update(gone.copies)
            if doc.duplicate_of_name:
                copy_of[doc.name] = doc.duplicate_of_name
            event = build_event(eid, [by_key[k] for k in keys], outlets, copies=copy_of,
                                merged_from=merged_from, merge_reasons=reasons + why)
            result.events.append(event)
        return result

    def rebuild(self, event: Event) -> Event | None:
        """Recompute an event after some of its mentions were removed (a document was replaced)."""
        if not event.mentions:
            return None
        outlets = {c.doc: c.outlet for c in event.claims}
        return build_event(event.id, event.mentions, outlets, copies=event.copies,
                           merged_from=event.merged_from, merge_reasons=event.merge_reasons)


def _describe(join: Joined) -> str:
    (da, ia), (db, ib) = join.a, join.b
    where = "same report" if da == db else "across reports"
    return f"{da}#{ia} + {db}#{ib} ({where}): {join.link.describe()}"
