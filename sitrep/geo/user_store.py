"""A user gazetteer on disk as one SQLite file: written in one streamed pass, read a key at a time.

Why SQLite: GeoNames' allCountries.txt is 12 M rows (4.7 M populated places). Building the
whole name index in memory and pickling it cost ~1 GB per million rows while importing and as
much again on every load. Here the import appends rows and keys in batches to a staging file,
then lets SQLite sort the keys into their final tables (an external sort, memory bounded by
``CACHE_MB``); the geocoder asks for one key at a time and only the places it finds join its
columns (``Gazetteer.attach``). Tables:

- ``place(id, name, lat, lon, cc, admin1, feature, population, source_id)``;
- ``exact(key, value)`` and ``loose(key, value)``, value = place id * 2 + alias bit, clustered
  by key (``WITHOUT ROWID``), in the order the in-memory index would hold them;
- ``towns(cc, n)``: populated places per country, for "the denser source keeps the name".
"""
from __future__ import annotations

import os
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Iterator

from sitrep.geo.gazetteer import ALIAS_BIT, Gazetteer, name_keys
from sitrep.geo.normalize import name_key
from sitrep.geo.sources import Row

BATCH = 20_000  # places per INSERT batch while importing
CACHE_MB = 64  # SQLite page cache (and sorter memory) while importing
TOWN = "populated place"
Prefer = Callable[[Gazetteer, list[int], list[int]], tuple[list[int], list[int]]]
SCHEMA = """
CREATE TABLE place(id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, admin1 TEXT,
                   feature TEXT, population INTEGER, source_id TEXT);
CREATE TABLE exact(key TEXT, value INTEGER, PRIMARY KEY(key, value)) WITHOUT ROWID;
CREATE TABLE loose(key TEXT, value INTEGER, PRIMARY KEY(key, value)) WITHOUT ROWID;
CREATE TABLE towns(cc TEXT PRIMARY KEY, n INTEGER);
"""


class StoreWriter:
    """Streams ``Row``s into a new store file; ``finish`` sorts the keys in and closes it."""

    def __init__(self, path: Path):
        self.path, self.stage = Path(path), Path(f"{path}.stage")
        for p in (self.path, self.stage):
            p.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{CACHE_MB * 1024}", "temp_store=FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript(SCHEMA)
        self.db.execute("ATTACH DATABASE ? AS stage", (str(self.stage),))
        self.db.execute("PRAGMA stage.journal_mode=OFF")
        self.db.execute("PRAGMA stage.synchronous=OFF")
        self.db.executescript("CREATE TABLE stage.exact(key TEXT, value INTEGER);"
                              "CREATE TABLE stage.loose(key TEXT, value INTEGER);"
                              "CREATE TABLE stage.gid(gid INTEGER PRIMARY KEY, place INTEGER);")
        self.places = 0
        self.towns: Counter = Counter()
        self._rows: list[tuple] = []
        self._exact: list[tuple[str, int]] = []
        self._loose: list[tuple[str, int]] = []
        self._gids: list[tuple[int, int]] = []  # (geonameid, place id): where alternate names go
        self.db.execute("BEGIN")

    def add(self, row: Row) -> None:
        """Queue one place and its keys, as ``Gazetteer.add`` would index them."""
        i = self.places
        self.places += 1
        self._rows.append((i, row.name, row.lat, row.lon, row.cc, row.admin1, row.feature, row.population,
                           row.source_id))
        if row.feature == TOWN:
            self.towns[row.cc] += 1
        if row.source_id.startswith("geonames:") and row.source_id[9:].isdigit():
            self._gids.append((int(row.source_id[9:]), i))
        loose_seen: set[tuple[str, int]] = set()
        main = {name_key(row.name)}
        for names, alias, skip in (([row.name], 0, None), (row.aliases, ALIAS_BIT, main)):
            for key, lk in name_keys(names, skip):
                self._exact.append((key, i * 2 + alias))
                if lk is not None and (lk, i * 2 + alias) not in loose_seen:
                    loose_seen.add((lk, i * 2 + alias))
                    self._loose.append((lk, i * 2 + alias))
        if len(self._rows) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        self.db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?)", self._rows)
        self.db.executemany("INSERT INTO stage.exact VALUES (?,?)", self._exact)
        self.db.executemany("INSERT INTO stage.loose VALUES (?,?)", self._loose)
        self.db.executemany("INSERT OR IGNORE INTO stage.gid VALUES (?,?)", self._gids)
        self._rows, self._exact, self._loose, self._gids = [], [], [], []

    def add_aliases(self, names: Iterable[tuple[int, str]]) -> int:
        """Index more names of the places already added, by GeoNames id (``alternateNamesV2.txt``);
        names of ids not among them are ignored. Returns how many names found their place.

        Streamed: ``BATCH`` names at a time are joined to the places' ids on disk, so neither the
        names nor a map of the ids is held in memory."""
        self._flush()
        found = 0
        batch: list[tuple[int, str]] = []
        for item in names:
            batch.append(item)
            if len(batch) >= BATCH:
                found += self._alias_batch(batch)
                batch = []
        return found + self._alias_batch(batch)

    def _alias_batch(self, batch: list[tuple[int, str]]) -> int:
        ids = sorted({gid for gid, _ in batch})
        place: dict[int, int] = {}
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            place.update(self.db.execute(f"SELECT gid, place FROM stage.gid WHERE gid IN ({','.join('?' * len(chunk))})",
                                         chunk).fetchall())
        found = 0
        for gid, name in batch:
            i = place.get(gid)
            if i is None:
                continue
            found += 1
            for key, lk in name_keys([name]):
                self._exact.append((key, i * 2 + ALIAS_BIT))
                if lk is not None:
                    self._loose.append((lk, i * 2 + ALIAS_BIT))
        self._flush()
        return found

    def finish(self, on_step: Callable[[str], None] = lambda step: None) -> None:
        """Sort the staged keys into the clustered tables, write the town counts, drop the stage."""
        self._flush()
        for table in ("exact", "loose"):
            on_step(f"sorting {table} keys")
            # one value per key and place: its own name's (even) rather than an alternate name's (odd)
            self.db.execute(f"INSERT OR IGNORE INTO {table} SELECT key, MIN(value) AS v FROM stage.{table} "
                            "GROUP BY key, value >> 1 ORDER BY key, v")
        self.db.executemany("INSERT INTO towns VALUES (?,?)", sorted(self.towns.items()))
        self.db.execute("COMMIT")
        self.db.execute("DETACH DATABASE stage")
        self.db.execute("ANALYZE")
        self.db.close()
        self.stage.unlink(missing_ok=True)

    def abort(self) -> None:
        """Close and delete the half-written files (an import that failed leaves nothing behind)."""
        try:
            self.db.close()
        finally:
            for p in (self.path, self.stage):
                p.unlink(missing_ok=True)


class UserStore:
    """One store opened read-only: the places a key finds, brought into a ``Gazetteer``'s columns.

    ``prefer`` decides, per key, which of the hits already found and this store's hits stay
    (``user_gazetteers`` sets its denser-source rule); by default all stay.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self.prefer: Prefer = lambda gaz, old, new: (old, new)
        self._db: sqlite3.Connection | None = None
        self._rows: dict[int, int] = {}  # store place id -> gazetteer row
        self.towns: Counter = Counter(dict(self.db.execute("SELECT cc, n FROM towns").fetchall()))

    @property
    def db(self) -> sqlite3.Connection:
        """Opened on first use (and again after a fork or unpickling: a connection is not shared)."""
        if self._db is None or self._pid != os.getpid():
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_db": None}

    def extend(self, gaz: Gazetteer, tier: int, key: str, hits: list[int]) -> list[int]:
        """``hits`` with this store's places for ``key`` (tier 0 exact, 1 loose), the denser source first."""
        table = "exact" if tier == 0 else "loose"
        found = self.db.execute(f"SELECT k.value, p.name, p.lat, p.lon, p.cc, p.admin1, p.feature, p.population, "
                                f"p.source_id FROM {table} k JOIN place p ON p.id = k.value >> 1 WHERE k.key = ? "
                                f"ORDER BY k.value", (key,)).fetchall()
        if not found:
            return hits
        new = [self._row(gaz, r) * 2 + (r[0] & ALIAS_BIT) for r in found]
        if not hits:
            return new
        kept_old, kept_new = self.prefer(gaz, hits, new)
        return kept_old + kept_new

    def _row(self, gaz: Gazetteer, found: tuple) -> int:
        """The gazetteer row of a store place (value, name, lat, lon, cc, admin1, feature, population,
        source id), appended to the columns the first time any key finds it."""
        pid = found[0] >> 1
        row = self._rows.get(pid)
        if row is None:
            row = self._rows[pid] = gaz.append(Row(*found[1:]))
        return row

    def keys(self, tier: int, first: str) -> Iterator[str]:
        """This store's keys of a tier starting with ``first`` (UTF-8 sorts by code point: a range)."""
        table = "exact" if tier == 0 else "loose"
        for (k,) in self.db.execute(f"SELECT DISTINCT key FROM {table} WHERE key >= ? AND key < ?",
                                    (first, chr(ord(first) + 1))):
            yield k

    def town_keys(self, cc: str, first: str, features: frozenset[str], min_length: int) -> Iterator[str]:
        """Loose keys (``min_length``+ characters, starting with ``first``) of country ``cc``'s places of ``features``."""
        marks = ",".join("?" * len(features))
        for (k,) in self.db.execute(
                f"SELECT DISTINCT l.key FROM loose l JOIN place p ON p.id = l.value >> 1 WHERE l.key >= ? "
                f"AND l.key < ? AND length(l.key) >= ? AND p.cc = ? AND p.feature IN ({marks})",
                (first, chr(ord(first) + 1), min_length, cc, *sorted(features))):
            yield k

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
