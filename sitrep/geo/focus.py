"""The country an article is about, from the places it names (before events are extracted).

Why here and not in extraction: "troops", "gunmen", "the army" mean the forces of the country
the article is about, and the places an article names say that better than a passing
"near the border with Iraq" does. The gazetteer knows villages and towns that no word list
does, so the runner asks the geocoder first and hands the answer to the extractor.
"""
from __future__ import annotations

from collections import Counter

from sitrep.geo.disambiguate import PLACES_WEIGHT
from sitrep.geo.geocoder import Geocoder
from sitrep.geo.relations import attributive

MIN_SHARE = 0.5  # the top country must hold at least half of the resolved place names


def document_country(geocoder: Geocoder, text: str, hint: str | None = None,
                     hint_weight: float = 0.0) -> tuple[str | None, float]:
    """(country, weight): the country most of the article's resolved place names lie in (weight
    ``PLACES_WEIGHT``); else ``hint``, the country its actors point to, with the weight of that
    evidence (which also weighs on how each name is resolved); else (None, 0)."""
    gaz = geocoder.gaz
    counts: Counter = Counter()
    weight = hint_focus(hint_weight)
    for r in geocoder.resolve_text(text, country=hint, weight=weight):
        if r.id is None or gaz.feature[r.id] == "continent":
            continue
        if gaz.feature[r.id] == "country" and attributive(text, r.toponym.start):
            continue  # "the US dollar", "Turkey-backed": who or what, not where
        counts[gaz.cc[r.id]] += 1
    if not counts:
        return hint, weight
    (cc, n), total = counts.most_common(1)[0], sum(counts.values())
    if n / total < MIN_SHARE or (len(counts) > 1 and counts.most_common(2)[1][1] == n):
        return hint, weight
    return gaz.countries.get(cc), PLACES_WEIGHT


def hint_focus(evidence: float) -> float:
    """Focus weight of actor evidence: two actors of one country ("HTS", "regime forces") weigh as
    much as a named country, one actor half as much; "Turkish forces" or "Russian jets" alone
    (evidence 0.5: foreign forces fight abroad) nothing."""
    return min(PLACES_WEIGHT, 1.5 * evidence) if evidence >= 1.0 else 0.0
