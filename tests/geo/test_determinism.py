"""Geocoding does not depend on Python's string hash seed.

Why: one LGL article ("Kaine … Virginia") was read as Cayenne in some runs and not in others.
The country votes of a name found in several countries were added in the order of a set of
country codes, i.e. of the hash seed; the sums of those thirds and ninths then landed a hair
above or below the round thresholds ("others >= 1.0") depending on that order. Each seed runs
in its own interpreter, since the seed is fixed at start-up.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ("1", "2", "3", "4", "5", "6")

# A fictional "Kanne" in three countries and "Varna" in two: thirds and ninths of a vote.
CHILD = r"""
from sitrep.config import load_settings
from sitrep.geo import Geocoder
from sitrep.geo.disambiguate import focus, others_weight, resolve
from sitrep.geo.gazetteer import Gazetteer
from sitrep.geo.sources import Row

gaz = Gazetteer()
for name, cc in [("Freedonia", "FD"), ("Sylvania", "SV"), ("Tomainia", "TM"), ("Osterlich", "OS"), ("Grand Fenwick", "GF")]:
    gaz.country_ids[cc] = gaz.add(Row(name, 10.0, 10.0, cc, "", "country", 1_000_000, "country:" + cc))
    gaz.countries[cc] = name
for k, (name, cc) in enumerate([("Kanne", "FD"), ("Kanne", "SV"), ("Kanne", "TM"), ("Varna", "OS"), ("Varna", "GF"),
                                ("Pottsville", "FD"), ("Pottsville", "SV"), ("Pottsville", "GF")]):
    gaz.add(Row(name, 1.0 + k, 2.0 + k, cc, "", "populated place", 1000 * (k + 1), "test:%d" % k))
geo = Geocoder(load_settings(env={}), gazetteer=gaz)
text = "Kanne signed the bill in Varna. Kanne met Pottsville officials; Kanne left Varna for Pottsville."
toponyms, _ = geo.toponyms(text)
weights, own = focus(gaz, toponyms, text)
ctx = {"own": own, "total": __import__("math").fsum(weights.values())}
print([(cc, repr(w)) for cc, w in weights.items()])
print([repr(others_weight(ctx, t)) for t in toponyms])
print([(r.toponym.start, r.id, repr(r.score)) for r in resolve(gaz, text, toponyms, min_score=0.0)])
"""


def _run(seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_country_votes_and_choices_do_not_follow_the_hash_seed():
    outputs = {seed: _run(seed) for seed in SEEDS}
    assert "Kanne" not in outputs["1"] and outputs["1"].count("\n") == 3
    assert len(set(outputs.values())) == 1, outputs
