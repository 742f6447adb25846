"""Last-resort fuzzy lookup (rapidfuzz) for a name that neither key tier finds.

Only used for spans someone already marked as places (gold spans, spaCy place hints), never
to discover toponyms in running text: a fuzzy match on every capitalised word would turn
surnames into villages. Short names and common words are never fuzzy-matched. The cut-off
(``geo.fuzzy_cutoff``) was chosen by measurement: see docs/quality.md, "Geocoding".
"""
from __future__ import annotations

from typing import Callable

from rapidfuzz import fuzz, process

from sitrep.geo.gazetteer import Gazetteer, _as_list
from sitrep.geo.normalize import loose_key, name_key, word_set

MIN_LENGTH = 5
CACHED = 4096  # answers remembered per index: news names the same places again and again
SETTLEMENTS = frozenset({"populated place", "town", "village"})  # GeoNames' and our curated ones


class FuzzyIndex:
    """rapidfuzz over the exact-key list, grouped by first letter so one query scans ~1/20
    (users' gazetteers on disk included, read a letter group at a time)."""

    def __init__(self, gaz: Gazetteer, cutoff: float):
        self.gaz = gaz
        self.cutoff = cutoff
        self._by_letter: dict[str, list[str]] | None = None
        self._by_country: dict[tuple[str, str], list[str]] | None = None
        self._layer_letters: set[str] = set()  # groups whose layer keys were read already
        self._layer_groups: set[tuple[str, str]] = set()
        # One scan of a letter group costs milliseconds, and a corpus asks for the same names
        # document after document; the gazetteer does not change once loaded, so answers are kept.
        self._answers: dict[tuple[str, ...], list[int]] = {}

    def _remembered(self, key: tuple[str, ...], compute: Callable[[], list[int]]) -> list[int]:
        found = self._answers.get(key)
        if found is None:
            if len(self._answers) >= CACHED:
                self._answers.clear()
            found = self._answers[key] = compute()
        return list(found)

    def _group(self, letter: str) -> list[str]:
        """Exact keys starting with ``letter``: the in-memory ones (grouped in one pass), then the
        layers' (users' gazetteers on disk), read the first time a letter is asked for."""
        if self._by_letter is None:
            groups: dict[str, list[str]] = {}
            for key in self.gaz.exact:
                groups.setdefault(key[:1], []).append(key)
            self._by_letter = groups
        if self.gaz.layers and letter and letter not in self._layer_letters:
            self._layer_letters.add(letter)
            extra = dict.fromkeys(k for layer in self.gaz.layers for k in layer.keys(0, letter) if k not in self.gaz.exact)
            self._by_letter.setdefault(letter, []).extend(extra)
        return self._by_letter.get(letter, [])

    def in_country(self, text: str, cc: str, cutoff: float) -> list[int]:
        """Index values of the closest spelling (loose keys: "Hmeimeh" ~ "Humaymah") among one
        country's places, for a name the text itself says is a settlement ("the village of X")."""
        return self._remembered(("in", text, cc, repr(cutoff)), lambda: self._in_country(text, cc, cutoff))

    def _in_country(self, text: str, cc: str, cutoff: float) -> list[int]:
        key = loose_key(text)
        if len(key) < MIN_LENGTH or name_key(text) in word_set("never_alone"):
            return []
        keys = self._country_keys(cc, key[0])  # transliterations keep the first letter
        best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff) if keys else None
        if best is None:
            return []
        return [v for v in self.gaz.hits(1, best[0])
                if self.gaz.cc[v // 2] == cc and self.gaz.feature[v // 2] in SETTLEMENTS]

    def _country_keys(self, cc: str, letter: str) -> list[str]:
        """Loose keys of at least MIN_LENGTH letters of one country's settlements starting with
        ``letter``: the in-memory ones grouped in one pass, the layers' read per group when asked."""
        if self._by_country is None:
            groups: dict[tuple[str, str], set[str]] = {}
            for key, hits in self.gaz.loose.items():
                if len(key) >= MIN_LENGTH:
                    for v in _as_list(hits):
                        if self.gaz.feature[v // 2] in SETTLEMENTS:
                            groups.setdefault((self.gaz.cc[v // 2], key[0]), set()).add(key)
            self._by_country = {k: sorted(keys) for k, keys in groups.items()}
        if self.gaz.layers and (cc, letter) not in self._layer_groups:
            self._layer_groups.add((cc, letter))
            extra = {k for layer in self.gaz.layers for k in layer.town_keys(cc, letter, SETTLEMENTS, MIN_LENGTH)}
            if extra:
                self._by_country[(cc, letter)] = sorted(extra.union(self._by_country.get((cc, letter), ())))
        return self._by_country.get((cc, letter), [])

    def lookup(self, text: str) -> list[int]:
        """Index values of the closest key at or above the cut-off, else []."""
        return self._remembered(("any", text), lambda: self._lookup(text))

    def _lookup(self, text: str) -> list[int]:
        key = name_key(text)
        if len(key.replace(" ", "")) < MIN_LENGTH or key in word_set("never_alone"):
            return []
        best = process.extractOne(key, self._group(key[:1]), scorer=fuzz.ratio, score_cutoff=self.cutoff)
        if best is None or not _names_agree(key, best[0], self.cutoff):
            return []
        return self.gaz.hits(0, best[0])


def _names_agree(key: str, found: str, cutoff: float) -> bool:
    """Whether a fuzzy match agrees on the name, not only on the kind words both end with.

    Why: "Da Nang International Airport" is 85 % like "Dubai International Airport" because 22
    of its 30 letters are the shared kind words; what tells the two apart is what precedes them.
    When the two keys end with the same facility kind words (``facility_suffixes``), the rest
    must reach the cut-off by itself."""
    a, b = key.split(), found.split()
    kinds = word_set("facility_suffixes")
    n = 0
    while n < min(len(a), len(b)) - 1 and a[-1 - n] == b[-1 - n] and a[-1 - n] in kinds:
        n += 1
    return n == 0 or fuzz.ratio(" ".join(a[:-n]), " ".join(b[:-n])) >= cutoff
