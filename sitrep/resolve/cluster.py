"""Greedy agglomeration of mentions into events, best link first, with vetoes as cannot-links.

Why greedy with complete-linkage vetoes: it is deterministic (links are processed by score,
ties by mention keys, never by arrival order), so any ingestion order of the same reports
gives the same clusters; and a veto between any two members keeps two clusters apart, so a
vague headline linked to two distinct attacks of one article joins only the better one.

Blocking: only pairs that share a date bucket and a region are ever scored (see ``Block``),
so the cost grows with the number of mentions times the (small) number of neighbours.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from sitrep.resolve.compare import Features, Link, MergeRules, compare

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


class Block:
    """Blocking index: mention keys by (day bucket, region), so only plausible pairs are scored.

    A mention is filed under every week bucket its date window touches (plus slack) and under
    its country/admin1 region; lookups take the same buckets. Mentions without a usable date
    or place are never compared across documents (the rules veto them anyway).
    """

    BUCKET_DAYS = 7

    def __init__(self, rules: MergeRules):
        self.rules = rules
        self.index: dict[tuple[int, str], list[Key]] = defaultdict(list)

    def buckets(self, f: Features) -> list[tuple[int, str]]:
        if f.start is None or f.geo_precision is None or f.precision == "year":
            return []
        region = f.country or ""
        lo = (f.start - self.rules.date_slack_days) // self.BUCKET_DAYS
        hi = (f.end + self.rules.date_slack_days) // self.BUCKET_DAYS
        return [(b, region) for b in range(lo, hi + 1)]

    def add(self, f: Features) -> None:
        for bucket in self.buckets(f):
            self.index[bucket].append(f.key)

    def near(self, f: Features) -> set[Key]:
        found: set[Key] = set()
        for bucket in self.buckets(f):
            found.update(self.index.get(bucket, ()))
        return found
