"""Merge speed: 10k and 100k synthetic mentions through the resolver, with cluster quality (`make bench`).

    python -m bench.bench_merge [--sizes 10000,100000] [--seed 1]

The synthetic world is fictional: three countries of eight regions with fifty towns each,
30 events a day, each event told by one to four reports (figures, dates and places vary
between reports as real reports do; a fifth of them give only the region), and a third of
the reports tell a second, unrelated event. The number of events a day stays fixed as the
corpus grows (more mentions = a longer period), which is how news corpora grow; cost per
document then depends on its neighbours only, so total time should grow ~linearly and never
worse than n log n. Documents are merged in shuffled order through ``EventPool``, the
runner's loop without SQLite (store time is measured by `sitrep ingest` benchmarks). Growth is
judged on CPU time: the machine is shared, so wall time depends on other jobs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import math
import random
import time
from collections import defaultdict

from sitrep.config import load_settings
from sitrep.model import Document, EventMention, Place, Span
from sitrep.resolve import Resolver
from sitrep.resolve.memory import EventPool

TYPES = [("Battles", "Armed clash"), ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
         ("Explosions/Remote violence", "Air/drone strike"), ("Violence against civilians", "Attack"),
         ("Explosions/Remote violence", "Remote explosive/landmine/IED"), ("Protests", "Peaceful protest")]
ACTORS = ["Army of {c}", "Northern Front", "Eastern Brigades", "Unidentified Armed Group", "Civilians",
          "Police of {c}", "River Militia"]
WORDS = ("fighters attacked convoy village checkpoint shelling killed wounded residents said clashes erupted near "
         "outskirts early morning army positions drones struck rockets hit market road").split()


def world(rng: random.Random) -> dict[str, list[tuple[str, str, float, float]]]:
    """Fictional countries -> towns as (name, region, lat, lon)."""
    towns = {}
    for ci, country in enumerate(("Veridia", "Ostrania", "Calvary")):
        towns[country] = []
        for r in range(8):
            clat, clon = 10 + ci * 6 + (r // 4) * 2.0, 20 + (r % 4) * 2.0
            for t in range(50):
                towns[country].append((f"{country[:3]}-{r}-{t}", f"{country} R{r}",
                                       clat + rng.uniform(-0.9, 0.9), clon + rng.uniform(-0.9, 0.9)))
    return towns


def synthetic(n: int, seed: int = 1) -> tuple[list[tuple[Document, list[EventMention]]], dict]:
    """About ``n`` mentions in documents, and the true event of each mention."""
    rng = random.Random(seed)
    towns = world(rng)
    events, truth, docs = [], {}, []
    mentions_total, day = 0, 0
    while mentions_total < n:
        for _ in range(30):
            country = rng.choice(sorted(towns))
            town = rng.choice(towns[country])
            kind = rng.choice(TYPES)
            a1, a2 = rng.sample(ACTORS, 2)
            events.append({"id": len(events), "day": day, "country": country, "town": town, "type": kind,
                           "actors": (a1.format(c=country), a2.format(c=country)), "dead": rng.choice(
                               [None, 0, 1, 2, 3, 5, 8, 12, 20, 33]),
                           "words": " ".join(rng.sample(WORDS, 8)),
                           "reports": 1 + min(3, int(rng.expovariate(0.8)))})
            mentions_total += events[-1]["reports"] * 1.3
        day += 1
    for ev in events:
        for r in range(ev["reports"]):
            told = [ev] + ([rng.choice(events)] if rng.random() < 0.3 else [])
            name = f"d{len(docs)}.txt"
            text = " ".join(e["words"] for e in told) + f" report {name}"
            raw = text.encode()
            doc = Document(name=name, source_path=name, format="txt", raw=raw,
                           sha256=hashlib.sha256(raw).hexdigest(), text=text, outlet=f"Outlet {r}")
            ms = []
            for i, e in enumerate(dict.fromkeys(id(e) for e in told)):
                e = next(x for x in told if id(x) == e)
                ms.append(_report(rng, name, i, e))
                truth[(name, i)] = e["id"]
            docs.append((doc, ms))
    rng.shuffle(docs)
    return docs, truth


def _report(rng: random.Random, doc: str, index: int, ev: dict) -> EventMention:
    """One report of an event, with the usual variation between outlets."""
    name, region, lat, lon = ev["town"]
    day = ev["day"] + (rng.choice([-1, 1]) if rng.random() < 0.1 else 0)
    if rng.random() < 0.2:
        place = Place(name=region, latitude=lat, longitude=lon, country=ev["country"], admin1=region, precision=3)
    else:
        place = Place(name=name, latitude=lat + rng.uniform(-0.01, 0.01), longitude=lon, country=ev["country"],
                      admin1=region, precision=rng.choice([1, 2]))
    dead = ev["dead"]
    if dead is not None and dead > 3 and rng.random() < 0.4:
        dead = max(1, int(dead * rng.uniform(0.8, 1.25)))
    words = ev["words"].split()
    rng.shuffle(words)
    text = " ".join(words[:6]) + f" in {place.name}"
    return EventMention(doc=doc, index=index, event_type=ev["type"][0], sub_event_type=ev["type"][1],
                        actor1=ev["actors"][0], actor2=ev["actors"][1], fatalities=dead,
                        event_date=(dt.date(2020, 1, 1) + dt.timedelta(days=day)).isoformat(), place=place,
                        evidence=[Span(0, len(text), text)])


def pair_scores(pool: EventPool, truth: dict) -> tuple[float, float]:
    """Pairwise precision and recall of the clusters against the true events."""
    def pairs(groups):
        return sum(len(g) * (len(g) - 1) // 2 for g in groups)
    found = [[truth[(m.doc, m.index)] for m in e.mentions] for e in pool.events.values()]
    by_truth = defaultdict(list)
    for (key, ev) in truth.items():
        by_truth[ev].append(key)
    agree = sum(sum(c * (c - 1) // 2 for c in _counts(g).values()) for g in found)
    return agree / max(1, pairs(found)), agree / max(1, pairs(by_truth.values()))


def _counts(values: list) -> dict:
    out: dict = defaultdict(int)
    for v in values:
        out[v] += 1
    return out


def run(n: int, seed: int) -> dict:
    docs, truth = synthetic(n, seed)
    pool = EventPool(Resolver(load_settings(env={})))
    start, cpu = time.perf_counter(), time.process_time()
    for doc, mentions in docs:
        pool.add(doc, mentions)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    precision, recall = pair_scores(pool, truth)
    return {"mentions": len(truth), "documents": len(docs), "events": len(pool.events),
            "true_events": len(set(truth.values())), "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
            "mentions_per_cpu_s": round(len(truth) / cpu), "candidates_per_doc": round(pool.fetched / len(docs), 1),
            "pair_precision": round(precision, 3),
            "pair_recall": round(recall, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    results = []
    for n in (int(s) for s in a.sizes.split(",")):
        res = run(n, a.seed)
        results.append(res)
        print("merge " + " ".join(f"{k}={v}" for k, v in res.items()), flush=True)
    if len(results) >= 2:
        small, big = results[0], results[-1]
        ratio = big["cpu_seconds"] / max(small["cpu_seconds"], 1e-9)
        nlogn = (big["mentions"] * math.log(big["mentions"])) / (small["mentions"] * math.log(small["mentions"]))
        print(f"merge growth: CPU time x{ratio:.1f} for mentions x{big['mentions'] / small['mentions']:.1f} "
              f"(n log n would be x{nlogn:.1f})")


if __name__ == "__main__":
    main()
