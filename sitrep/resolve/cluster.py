"""Greedy agglomeration of mentions into events, best link first, with vetoes as cannot-links.

Why greedy with complete-linkage vetoes: it is deterministic (links are processed by score,
ties by mention keys, never by arrival order), so any ingestion order of the same reports
gives the same clusters; and a veto between any two members keeps two clusters apart, so a
vague headline linked to two distinct attacks of one article joins only the better one.

Blocking: the store fetches candidates by date window; ``Block`` keeps only stored mentions in
the same country and latitude band, so the cost per document grows with its few neighbours.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Iterable

from sitrep.model import EventMention
from sitrep.resolve.compare import SPAN_DAYS, Features, Link, MergeRules, compare, features

Key = tuple[str, int]


@dataclass
class Joined:
    """Why two clusters became one: the best link between them."""

    a: Key
    b: Key
    link: Link


@dataclass
class Clusters:
    """Union-find over units (lists of mention keys that start together, e.g. a stored event)."""

    feats: dict[Key, Features]
    rules: MergeRules
    parent: dict[int, int] = field(default_factory=dict)
    members: dict[int, list[Key]] = field(default_factory=dict)
    joins: dict[int, list[Joined]] = field(default_factory=dict)
    _vetoes: dict[tuple[Key, Key], bool] = field(default_factory=dict)

    def add_unit(self, keys: list[Key]) -> int:
        uid = len(self.parent)
        self.parent[uid] = uid
        self.members[uid] = list(keys)
        self.joins[uid] = []
        return uid

    def find(self, uid: int) -> int:
        while self.parent[uid] != uid:
            self.parent[uid] = self.parent[self.parent[uid]]
            uid = self.parent[uid]
        return uid

    def vetoed(self, x: Key, y: Key) -> bool:
        """Never the same event: a rule says so, or one document already told them apart."""
        pair = (x, y) if x <= y else (y, x)
        if pair not in self._vetoes:
            if x[0] == y[0]:
                self._vetoes[pair] = True  # same document, different clusters: decided distinct
            else:
                self._vetoes[pair] = compare(self.feats[x], self.feats[y], self.rules, with_text=False).veto is not None
        return self._vetoes[pair]

    def try_union(self, x: Key, y: Key, unit_of: dict[Key, int], link: Link) -> bool:
        """Join the clusters of ``x`` and ``y`` unless any two of their members are vetoed."""
        rx, ry = self.find(unit_of[x]), self.find(unit_of[y])
        if rx == ry:
            return False
        if any(self.vetoed(p, q) for p in self.members[rx] for q in self.members[ry]):
            return False
        keep, gone = (rx, ry) if rx < ry else (ry, rx)
        self.parent[gone] = keep
        self.members[keep].extend(self.members.pop(gone))
        self.joins[keep].extend(self.joins.pop(gone) + [Joined(x, y, link)])
        return True

    def roots(self) -> list[int]:
        return sorted(self.members)


def agglomerate(clusters: Clusters, edges: Iterable[tuple[Key, Key, Link]], unit_of: dict[Key, int]) -> None:
    """Apply candidate links from the best down; a link is taken when no veto forbids it."""
    ordered = sorted(edges, key=lambda e: (-e[2].score, min(e[0], e[1]), max(e[0], e[1])))
    for x, y, link in ordered:
        clusters.try_union(x, y, unit_of, link)


def within_document(keys: list[Key], feats: dict[Key, Features], rules: MergeRules) -> Clusters:
    """Cluster the mentions of one document (the same event told in headline, lead, body, recap)."""
    clusters = Clusters(feats, rules)
    unit_of = {k: clusters.add_unit([k]) for k in keys}
    edges = []
    for i, x in enumerate(keys):
        for y in keys[i + 1:]:
            link = compare(feats[x], feats[y], rules)
            clusters._vetoes[(x, y) if x <= y else (y, x)] = link.veto is not None
            if link.veto is None and link.score >= rules.min_score_same_doc:
                edges.append((x, y, link))
    agglomerate(clusters, edges, unit_of)
    return clusters


class LazyFeatures(dict):
    """Features of mentions computed on first use: most stored mentions fetched as candidates are
    ruled out by the cheap ``Block`` test and never need them."""

    def __init__(self, mentions: dict[Key, EventMention]):
        super().__init__()
        self.mentions = mentions

    def __missing__(self, key: Key) -> Features:
        self[key] = value = features(self.mentions[key])
        return value


class Block:
    """Region-and-date blocking around a document's mentions, on raw fields (no parsing of names).

    The store already fetched candidates by date window; this keeps only stored mentions whose
    date span meets one of ours (with slack), in the same country, and for two points within
    ``max_km`` in latitude and longitude. Mentions without a usable date or place never meet across documents.
    """

    def __init__(self, mentions: list[EventMention], rules: MergeRules):
        self.rules = rules
        self.reach = rules.max_km / 111.0 + 0.01
        self.items = [z for m in mentions if (z := self._zone(m)) is not None]

    def _zone(self, m: EventMention) -> tuple[int, int, str, float | None, float | None] | None:
        if not m.event_date or m.place is None or m.date_precision == "year":
            return None
        try:
            start = dt.date.fromisoformat(m.event_date[:10]).toordinal()
        except ValueError:
            return None
        point = (m.place.latitude, m.place.longitude) if m.place.precision < 3 else (None, None)
        return start, start + SPAN_DAYS.get(m.date_precision, 0), (m.place.country or "").lower(), *point

    def may_meet(self, m: EventMention) -> bool:
        zone = self._zone(m)
        if zone is None:
            return False
        slack = self.rules.date_slack_days
        for start, end, country, lat, lon in self.items:
            if zone[0] - slack > end or start - slack > zone[1]:
                continue
            if country and zone[2] and country != zone[2]:
                continue
            if lat is not None and zone[3] is not None and zone[4] is not None and lon is not None and (
                    abs(lat - zone[3]) > self.reach or abs(lon - zone[4]) * math.cos(math.radians(lat)) > self.reach):
                continue
            return True
        return False
