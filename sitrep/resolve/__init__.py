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
from sitrep.resolve.cluster import Block, Clusters, Joined, Key, agglomerate, within_document
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

    def find_original(self, doc: Document, candidates: list[Document]) -> Document | None:
        """The stored document ``doc`` republishes, if any (candidates share a band with it)."""
        return copies.find_original(doc, candidates, self.copy_similarity)

    def blocking_window(self, mentions: list[EventMention]) -> tuple[str, str] | None:
        """Dates of stored events that could merge with these mentions (None: none can).

        Wide enough that an event whose headline date is a month away but which holds a
        month-precision mention overlapping ours is still fetched.
        """
        feats = [features(m) for m in mentions]
        spans = [(f.start, f.end) for f in feats if f.start is not None and f.precision != "year"
                 and f.geo_precision is not None]
        if not spans:
            return None
        margin = 31 + 2 * self.rules.date_slack_days
        lo = min(s for s, _ in spans) - margin
        hi = max(e for _, e in spans) + margin
        return dt.date.fromordinal(lo).isoformat(), dt.date.fromordinal(hi).isoformat()

    def merge(self, doc: Document, mentions: list[EventMention], candidates: list[Event],
              outlets: dict[str, str | None]) -> MergeResult:
        """Cluster ``doc``'s mentions and link them to ``candidates`` (stored events, oldest first)."""
        feats: dict[Key, Features] = {(m.doc, m.index): features(m) for m in mentions}
        local = within_document(sorted(feats), feats, self.rules)
        by_key: dict[Key, EventMention] = {(m.doc, m.index): m for m in mentions}
        clusters = Clusters(feats, self.rules)
        unit_of: dict[Key, int] = {}
        block = Block(self.rules)
        for event in candidates:
            keys = [(m.doc, m.index) for m in event.mentions if m.doc != doc.name]
            for m in event.mentions:
                if m.doc != doc.name:
                    by_key[(m.doc, m.index)] = m
                    feats[(m.doc, m.index)] = features(m)
                    block.add(feats[(m.doc, m.index)])
            uid = clusters.add_unit(keys)
            unit_of.update((k, uid) for k in keys)
        for root in local.roots():
            uid = clusters.add_unit(local.members[root])
            clusters.joins[uid] = list(local.joins[root])
            unit_of.update((k, uid) for k in local.members[root])
        agglomerate(clusters, self._links(sorted(k for k in by_key if k[0] == doc.name), feats, block), unit_of)
        return self._results(doc, clusters, candidates, by_key, outlets)

    def _links(self, new: list[Key], feats: dict[Key, Features], block: Block) -> list:
        """Scored links from the new mentions to stored mentions in the same date/region block."""
        edges = []
        for key in new:
            for other in sorted(block.near(feats[key])):
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
