"""Indexes of a document's other place mentions, so that scoring one candidate does not rescan them all.

Why: the disambiguator scores every candidate of every toponym against the document's other
mentions (the provinces it names, the places chosen in a first pass). Scanning those lists per
candidate is quadratic in the document's length: a 200,000-character text naming the same four
towns thousands of times spent four minutes there. These indexes answer the same questions
(same numbers, duplicates counted as before) from counts and sorted positions.
"""
from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from typing import Callable

from sitrep.geo.gazetteer import Gazetteer
from sitrep.geometry import km


class Admin1Index:
    """Where the document names each province: ``(country code, folded name) -> sorted offsets``,
    kept apart by the words that named it, so that a name does not vouch for its own province:
    "Alexandria ... of Alexandria" names the Egyptian governorate only through the town's own
    word, which says nothing about which Alexandria is meant."""

    def __init__(self, mentions: list[tuple[str, str, int, str]]):
        found: dict[tuple[str, str], list[int]] = defaultdict(list)
        by_text: dict[tuple[str, str, str], list[int]] = defaultdict(list)
        for cc, name, start, text in mentions:
            found[(cc, name)].append(start)
            by_text[(cc, name, text)].append(start)
        self.positions = {key: sorted(v) for key, v in found.items()}
        self.by_text = {key: sorted(v) for key, v in by_text.items()}

    def near(self, cc: str, name: str, start: int, window: int, besides: tuple[str, ...] = ()) -> tuple[bool, bool]:
        """(named anywhere but at ``start`` or by the words ``besides``, named so fewer than
        ``window`` characters from ``start``)."""
        pos = self.positions.get((cc, name))
        if not pos:
            return False, False
        at = bisect.bisect_right(pos, start) - bisect.bisect_left(pos, start)
        anywhere, close = len(pos) - at, bisect.bisect_left(pos, start + window) - bisect.bisect_right(pos, start - window) - at
        for text in set(besides):  # the same words elsewhere (those at ``start`` are in ``at``)
            own = self.by_text.get((cc, name, text), [])
            at_own = bisect.bisect_right(own, start) - bisect.bisect_left(own, start)
            anywhere -= len(own) - at_own
            close -= bisect.bisect_left(own, start + window) - bisect.bisect_right(own, start - window) - at_own
        return (True, close > 0) if anywhere > 0 else (False, False)


class ChosenIndex:
    """The places a first pass chose, ``(gazetteer row, folded toponym text)`` each, by what
    ``_context_bonus`` asks of "the other places": counts by country and by province, and the
    distinct point-like rows with the texts that chose them."""

    def __init__(self, gaz: Gazetteer, chosen: list[tuple[int, str]], is_point: Callable[[int], bool]):
        self.gaz = gaz
        self.by_cc: Counter = Counter()
        self.by_a1: Counter = Counter()
        self.text_cc: dict[str, Counter] = defaultdict(Counter)
        self.text_a1: dict[str, Counter] = defaultdict(Counter)
        self.points: dict[int, set[str]] = defaultdict(set)
        for j, text in chosen:
            cc, a1 = gaz.cc[j], gaz.admin1[j]
            self.by_cc[cc] += 1
            self.by_a1[(cc, a1)] += 1
            self.text_cc[text][cc] += 1
            self.text_a1[text][(cc, a1)] += 1
            if is_point(j):
                self.points[j].add(text)

    def in_country(self, cc: str, besides: str) -> int:
        """How many chosen places (not named ``besides``) lie in country ``cc``."""
        return self.by_cc[cc] - self.text_cc[besides][cc] if besides in self.text_cc else self.by_cc[cc]

    def in_admin1(self, cc: str, admin1: str, besides: str) -> int:
        """How many chosen places (not named ``besides``) lie in that province."""
        key = (cc, admin1)
        return self.by_a1[key] - self.text_a1[besides][key] if besides in self.text_a1 else self.by_a1[key]

    def nearest_km(self, i: int, besides: str) -> float | None:
        """Distance from row ``i`` to the nearest chosen point-like place not named ``besides``,
        other than ``i`` itself (a place does not vouch for itself: "Mexico City ... Mexico")."""
        gaz = self.gaz
        lat, lon = float(gaz.lat[i]), float(gaz.lon[i])
        dists = [km(lat, lon, float(gaz.lat[j]), float(gaz.lon[j]))
                 for j, texts in self.points.items() if j != i and (len(texts) > 1 or besides not in texts)]
        return min(dists, default=None)


class CandidateGrid:
    """Every point-like candidate of every toponym of a document, on a grid of ``cell``-degree
    squares, to ask "does another name of this story have a reading right next to this one?"

    Why: "Paris ... Henry County" is Paris, Tennessee and the Henry County around it, yet each
    name alone prefers another reading (Paris, France; whichever of ten Henry Counties comes
    first), so a pass that only looks at first choices never finds the pair. A candidate with
    another name's candidate close by gets support, weighted down by how many readings that
    other name has (a "Springfield" lies near something almost anywhere).
    """

    def __init__(self, gaz: Gazetteer, candidates: list[tuple[int, str, int]], cell: float = 0.5):
        """``candidates``: (gazetteer row, folded toponym text, how many readings that text has)."""
        self.gaz, self.cell = gaz, cell
        self.known: dict[tuple[int, str, float], float] = {}  # asked again in every coherence round
        self.grid: dict[tuple[int, int], list[tuple[int, str, int]]] = defaultdict(list)
        for c in candidates:
            self.grid[self._cell(float(gaz.lat[c[0]]), float(gaz.lon[c[0]]))].append(c)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int(lat // self.cell), int(lon // self.cell)

    def support(self, i: int, besides: str, radius_km: float) -> float:
        """Max over the other names of (1 - distance / radius) / sqrt(their readings), for
        their readings within ``radius_km`` of row ``i`` (``radius_km`` at most ~50: one cell)."""
        key = (i, besides, radius_km)
        if key not in self.known:
            self.known[key] = self._support(i, besides, radius_km)
        return self.known[key]

    def _support(self, i: int, besides: str, radius_km: float) -> float:
        gaz = self.gaz
        lat, lon = float(gaz.lat[i]), float(gaz.lon[i])
        a, b = self._cell(lat, lon)
        best = 0.0
        for da in (-1, 0, 1):
            for db in (-1, 0, 1):
                for j, text, n in self.grid.get((a + da, b + db), ()):
                    if text == besides or j == i:
                        continue
                    d = km(lat, lon, float(gaz.lat[j]), float(gaz.lon[j]))
                    if d < radius_km:
                        best = max(best, (1.0 - d / radius_km) / n ** 0.5)
        return best
