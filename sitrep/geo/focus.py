"""The country an article is about, from the places it names (before events are extracted).

Why here and not in extraction: "troops", "gunmen", "the army" mean the forces of the country
the article is about, and the places an article names say that better than a passing
"near the border with Iraq" does. The gazetteer knows villages and towns that no word list
does, so the runner asks the geocoder first and hands the answer to the extractor.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sitrep.geo.geocoder import Geocoder

MIN_SHARE = 0.5  # the top country must hold at least half of the resolved place names


def document_country(geocoder: "Geocoder", text: str) -> str | None:
    """The country most of the article's resolved place names lie in, or None when no country leads."""
    gaz = geocoder.gaz
    counts: Counter = Counter()
    for r in geocoder.resolve_text(text):
        if r.id is not None and gaz.feature[r.id] != "continent":
            counts[gaz.cc[r.id]] += 1
    if not counts:
        return None
    (cc, n), total = counts.most_common(1)[0], sum(counts.values())
    if n / total < MIN_SHARE or (len(counts) > 1 and counts.most_common(2)[1][1] == n):
        return None
    return gaz.countries.get(cc)
