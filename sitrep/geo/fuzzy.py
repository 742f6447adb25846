"""Last-resort fuzzy lookup (rapidfuzz) for a name that neither key tier finds.

Only used for spans someone already marked as places (gold spans, spaCy place hints), never
to discover toponyms in running text: a fuzzy match on every capitalised word would turn
surnames into villages. Short names and common words are never fuzzy-matched. The cut-off
(``geo.fuzzy_cutoff``) was chosen by measurement: see docs/quality.md, "Geocoding".
"""
from __future__ import annotations

from rapidfuzz import fuzz, process

from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.normalize import name_key, word_set

MIN_LENGTH = 5


class FuzzyIndex:
    """rapidfuzz over the exact-key list, grouped by first letter so one query scans ~1/20."""

    def __init__(self, gaz: Gazetteer, cutoff: float):
        self.gaz = gaz
        self.cutoff = cutoff
        self._by_letter: dict[str, list[str]] | None = None

    def _groups(self) -> dict[str, list[str]]:
        if self._by_letter is None:
            groups: dict[str, list[str]] = {}
            for key in self.gaz.exact:
                groups.setdefault(key[:1], []).append(key)
            self._by_letter = groups
        return self._by_letter

    def lookup(self, text: str) -> list[int]:
        """Index values of the closest key at or above the cut-off, else []."""
        key = name_key(text)
        if len(key.replace(" ", "")) < MIN_LENGTH or key in word_set("never_alone"):
            return []
        best = process.extractOne(key, self._groups().get(key[:1], []), scorer=fuzz.ratio,
                                  score_cutoff=self.cutoff)
        if best is None:
            return []
        hits = self.gaz.exact[best[0]]
        return [hits] if isinstance(hits, int) else list(hits)
