"""Point estimates for relative places whose precise village the gazetteer lacks.

Why: "a village in the southern countryside of Idlib", "north of Raqqa", "20 km east of
Palmyra" name a reference place, not the event's. When the precise place is unknown, a point
moved in the stated direction is on average nearer the event than the reference itself: by
the stated distance, else by a default offset (``geo.offset_km``, chosen by measurement, see
docs/quality.md "Geocoding"); "southern Idlib" (a province) goes from the province centre
toward its southern extent, taken from the province's own towns in the gazetteer.
"Between X and Y" and "the X-Y road" go to the midpoint. The Place keeps the reference's name,
precision and relation words; only the coordinates are the estimate.
"""
from __future__ import annotations

import math
from dataclasses import replace

from sitrep.geo.relations import Resolved
from sitrep.geo.lookup import PlaceLookup
from sitrep.geo.normalize import fold
from sitrep.model import Place

KM_PER_DEG = 111.2
PAIR_CHARS = 40  # "between X and Y": Y starts within this many characters after X


def displace(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) toward ``bearing``: flat-earth, fine below a few 100 km."""
    b = math.radians(bearing)
    dlat = km * math.cos(b) / KM_PER_DEG
    dlon = km * math.sin(b) / (KM_PER_DEG * max(math.cos(math.radians(lat)), 0.05))
    return lat + dlat, lon + dlon


def _extent_km(geo: PlaceLookup, region: int, bearing: float) -> float | None:
    """How far the region's towns reach from its centre toward ``bearing`` (90th percentile)."""
    gaz = geo.gaz
    ids = geo.admin1_members().get((gaz.cc[region], fold(gaz.names[region])))
    if not ids or len(ids) < 3:
        return None
    (lat0, lon0), b = geo.event_point(region), math.radians(bearing)
    cos0 = max(math.cos(math.radians(lat0)), 0.05)
    proj = sorted((gaz.lat[j] - lat0) * KM_PER_DEG * math.cos(b) + (gaz.lon[j] - lon0) * KM_PER_DEG * cos0
                  * math.sin(b) for j in ids)
    reach = proj[int(0.9 * (len(proj) - 1))]
    return reach if reach > 0 else None


def _partner(r: Resolved, resolved: list[Resolved], text: str) -> Resolved | None:
    """The second place of "between X and Y" / "the X-Y road": the next toponym close after X."""
    after = [o for o in resolved if o.toponym.start >= r.toponym.end and o.id is not None
             and o.toponym.start - r.toponym.end <= PAIR_CHARS]
    if not after:
        return None
    o = min(after, key=lambda o: o.toponym.start)
    gap = text[r.toponym.end:o.toponym.start].lower()
    return o if ("and" in gap.split() or gap.strip() in ("-", "–", "—", "to", "and") or " to " in f" {gap} ") else None


def estimate(geo: PlaceLookup, place: Place, r: Resolved, resolved: list[Resolved], text: str) -> Place:
    """``place`` with coordinates moved to the best point estimate its relation words allow."""
    rel = r.relation
    lat, lon = place.latitude, place.longitude
    if rel.relation in ("between", "road"):
        o = _partner(r, resolved, text)
        if o is None:
            return place
        q = geo.place(o, event=True)
        if abs(q.latitude - lat) + abs(q.longitude - lon) > 3.0:  # not a local pair
            return place
        return replace(place, latitude=round((lat + q.latitude) / 2, 5), longitude=round((lon + q.longitude) / 2, 5))
    if rel.bearing is None:
        return place
    if place.feature == "admin1" and place.admin1 and r.id is not None:
        i = geo.gaz.admin1_of(geo.gaz.cc[r.id], place.admin1)
        reach = _extent_km(geo, i, rel.bearing) if i is not None else None
        if reach is None:
            return place
        km = reach * float(geo.settings.get("geo", "region_offset_fraction"))
    elif place.feature in ("country", "continent"):
        return place
    else:
        km = rel.km if rel.km is not None else float(geo.settings.get("geo", "offset_km"))
    lat, lon = displace(lat, lon, rel.bearing, km)
    return replace(place, latitude=round(lat, 5), longitude=round(lon, 5))
