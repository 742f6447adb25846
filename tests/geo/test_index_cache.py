"""One cache dir shared by several sitrep versions (worktrees, branches, installs).

Why: each version names its index by a hash of its code and data, but the one that wrote an
index used to delete all the others, so two versions in one dir rebuilt on every start.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sitrep.config import load_settings
from sitrep.geo import gazetteer, index_cache
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.sources import Row

ROOT = Path(__file__).resolve().parents[2]


def _settings(cache: Path, sites: Path):
    """A version of sitrep as the cache sees it: its inputs differ by the user's sites file."""
    return load_settings(env={}, overrides={"geo.cache_dir": str(cache), "geo.user_sites": str(sites)})


def test_two_versions_in_one_cache_dir_both_keep_a_usable_index(tmp_path, monkeypatch):
    built: list[str] = []

    def small_build(settings) -> Gazetteer:  # the real build takes ~25 s; what is cached is the point here
        gaz = Gazetteer()
        gaz.add(Row(Path(str(settings.get("geo", "user_sites"))).stem, 36.2, 37.15, "SY", "Aleppo",
                    "populated place", 0, "test:1"))
        built.append(gaz.names[0])
        return gaz

    monkeypatch.setattr(gazetteer, "build", small_build)
    cache = tmp_path / "cache"
    for name in ("Kafrnaya", "Tallara"):
        (tmp_path / f"{name}.csv").write_text(f"name,aliases,latitude,longitude,country,admin1,kind\n{name},,36.2,37.15,SY,Aleppo,village\n")
    one, two = _settings(cache, tmp_path / "Kafrnaya.csv"), _settings(cache, tmp_path / "Tallara.csv")
    assert gazetteer.cache_path(one) != gazetteer.cache_path(two)
    for settings in (one, two, one, two):
        gaz = gazetteer.load(settings)
        assert gaz.lookup(gaz.names[0])[0] == [0]
    assert built == ["Kafrnaya", "Tallara"]  # each built once, not again after the other's build
    assert gazetteer.cache_path(one).exists() and gazetteer.cache_path(two).exists()


CHILD = r"""
import sys, time
from pathlib import Path
from sitrep.geo import index_cache
path, log = Path(sys.argv[1]), Path(sys.argv[2])
def build(p):
    with log.open("a") as f:
        f.write("built\n")
    time.sleep(1.0)
    index_cache.write_atomic(p, lambda f: f.write(b"index of Tallara"))
    return p.read_bytes()
print(index_cache.load_or_build(path, lambda p: p.read_bytes() or None, build).decode())
"""


def test_processes_that_need_one_missing_index_build_it_once(tmp_path):
    path, log = tmp_path / "gazetteer-x.pickle", tmp_path / "builds.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(log)], env=env, stdout=subprocess.PIPE,
                              text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=60)[0].strip() for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    assert outputs == ["index of Tallara"] * 2
    assert log.read_text() == "built\n"


def test_prune_keeps_what_any_version_read_lately(tmp_path):
    keep, fresh, old = (tmp_path / f"gazetteer-{n}.pickle" for n in ("mine", "theirs", "gone"))
    for p in (keep, fresh, old):
        p.write_bytes(b"x")
    month_ago = time.time() - 40 * 86400
    os.utime(old, (month_ago, month_ago))
    os.utime(fresh, (month_ago, month_ago))
    assert index_cache.load_or_build(fresh, lambda p: p.read_bytes(), lambda p: b"rebuilt") == b"x"  # read: used
    assert index_cache.prune(tmp_path, "gazetteer-*.pickle", keep) == [old]
    assert sorted(tmp_path.iterdir()) == sorted([keep, fresh])
    assert index_cache.prune(tmp_path, "gazetteer-*.pickle", keep, stale_days=0) == [fresh]
