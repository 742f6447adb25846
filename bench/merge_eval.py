"""Merge quality on ../shared data: the five seeds (repeats merge, distinct events stay apart) and
over-merging on ACLED notes (each note is a distinct event). Measurement only: nothing here is
fitted to the data, and the data is never copied into the project.

    python -m bench.merge_eval seeds [--shared ../shared]
    python -m bench.merge_eval acled [--shared ../shared] [--sample 1000] [--seed 1] [--db DB [--replay]]
    python -m bench.merge_eval bars --set seeds|real|acled-syria [--db DB]   (scores with vs without merging)
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from sitrep.config import load_settings
from sitrep.export import event_record, write_events
from sitrep.resolve import Resolver
from sitrep.resolve.memory import EventPool
from sitrep.store import Store

# SITREP_COMMAND runs another checkout's sitrep for a side-by-side run (a wrapper script)
SITREP = os.environ.get("SITREP_COMMAND") or str(Path(sys.executable).with_name("sitrep"))


def ingest(articles: Path, meta: Path, db: Path) -> None:
    r = subprocess.run([SITREP, "ingest", str(articles), "--meta", str(meta), "--db", str(db), "--quiet"],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit(f"ingest failed: {r.stderr[-2000:]}")


def gold_of_mentions(store: Store, gold_dir: Path, span_hits: dict[str, int]) -> dict[str, list[set[str]]]:
    """Each stored event -> per mention, the gold events whose evidence quote its evidence overlaps.

    ``span_hits`` counts, per gold event, the evidence spans (in any mention) that quote it."""
    quotes = defaultdict(list)
    for line in (gold_dir / "events.jsonl").read_text().splitlines():
        g = json.loads(line)
        quotes[g["doc"]].append(g)
    found: dict[str, list[set[str]]] = {}
    for event in store.iter_events():
        found[event.id] = []
        for m in event.mentions:
            text = store.get_document(m.doc).text
            hits = set()
            for g in quotes[m.doc]:
                at = text.find(g["evidence"])
                n = sum(1 for s in m.evidence if at >= 0 and min(s.end, at + len(g["evidence"])) > max(s.start, at))
                if n:
                    hits.add(g["id"])
                    span_hits[g["id"]] += n
            found[event.id].append(hits)
    return found


def seeds(shared: Path, work: Path) -> dict:
    """Gold events told in several places of an article must be one event; two gold events never one.

    A mention whose single sentence covers two gold events is an extraction matter and is
    counted apart; merging is wrong only when two mentions of different gold events were joined.
    """
    gold_dir = shared / "dev" / "seeds"
    db = work / "seeds.db"
    ingest(gold_dir / "articles", gold_dir / "docs.jsonl", db)
    with Store(db, readonly=True) as store:
        span_hits: dict[str, int] = defaultdict(int)
        golds = gold_of_mentions(store, gold_dir, span_hits)
        spans = sum(len(m.evidence) for e in store.iter_events() for m in e.mentions)
        records = [event_record(e) for e in store.iter_events()]
    doubles = doubled_gold(shared, gold_dir, records)
    events_of_gold = defaultdict(set)
    for eid, per_mention in golds.items():
        for g in set().union(*per_mention):
            events_of_gold[g].add(eid)
    split = sorted(g for g, es in events_of_gold.items() if len(es) > 1)
    mixed = {eid: sorted(set().union(*pm)) for eid, pm in golds.items()
             if len(set().union(*pm)) > max(len(h) for h in pm)}
    one_mention_two_golds = sum(1 for pm in golds.values() for h in pm if len(h) > 1)
    return {"events": len(golds), "mentions": sum(len(pm) for pm in golds.values()), "evidence_spans": spans,
            "gold_events_found": len(events_of_gold),
            "gold_events_quoted_by_several_spans": sum(1 for n in span_hits.values() if n > 1),
            "gold_split_over_several_events": split, "events_merging_two_gold_events": mixed,
            "mentions_covering_two_gold_events_extraction": one_mention_two_golds,
            "gold_events_with_two_compatible_events_of_their_type": doubles}


def doubled_gold(shared: Path, gold_dir: Path, records: list[dict]) -> list[str]:
    """Gold events that two system events of the same article and type could both be (a repeat
    told as a second event), by the scorer's own date and place compatibility."""
    spec = importlib.util.spec_from_file_location("score", shared / "dev" / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    doubled = []
    for line in (gold_dir / "events.jsonl").read_text().splitlines():
        g = json.loads(line)
        if g["modality"] in ("denied", "hypothetical"):
            continue
        types = g["event_type"] if isinstance(g["event_type"], list) else [g["event_type"]]
        views = [dict(r, **r["by_doc"][g["doc"]]) for r in records if g["doc"] in r["docs"]]
        hits = [v for v in views if v["event_type"] in types and v.get("modality") not in ("denied", "hypothetical")
                and score.dates_compatible(v, g) and score.places_compatible(v, g)]
        if len(hits) > 1:
            doubled.append(g["id"])
    return doubled


def remerge(store: Store, events: list, overrides: dict | None = None) -> list:
    """Merge the stored mentions again with the current rules (no re-extraction), in ingestion order."""
    by_doc = defaultdict(list)
    for e in events:
        for m in e.mentions:
            by_doc[m.doc].append(m)
    pool = EventPool(Resolver(load_settings(overrides=overrides)))
    for doc in store.documents():
        pool.add(doc, sorted(by_doc.get(doc.name, []), key=lambda m: m.index))
    return list(pool.events.values())


def acled(shared: Path, work: Path, sample: int, seed: int, db: Path | None = None, replay: bool = False) -> dict:
    """Notes merged into another note's event (each ACLED note is a distinct event)."""
    out = work / f"acled-syria-{seed}"
    if db is None and not (out / "docs.jsonl").exists():
        subprocess.run([sys.executable, str(shared / "dev" / "acled_notes.py"),
                        str(shared / "eval" / "acled_syria.csv"),
                        str(out), "--sample", str(sample), "--seed", str(seed)], check=True, capture_output=True)
    if db is None:
        db = work / "acled.db"
        db.unlink(missing_ok=True)
        ingest(out / "articles", out / "docs.jsonl", db)
    with Store(db, readonly=True) as store:
        events = list(store.iter_events())
        docs = len(store.documents())
        if replay:
            events = remerge(store, events)
    multi = [e for e in events if len(e.docs) > 1]
    merged_notes = sum(len(e.docs) - 1 for e in multi)
    return {"notes": docs, "events": len(events), "events_with_several_notes": len(multi),
            "notes_merged_into_another": merged_notes, "rate": round(merged_notes / max(1, docs), 4),
            "examples": [{"id": e.id, "docs": e.docs, "why": e.merge_reasons[-1:]} for e in multi[:10]]}


def bars(shared: Path, work: Path, name: str, db: Path | None) -> dict:
    """Extraction scores of one gold set with and without merging, over the same stored mentions
    (extraction is run once, so only merging differs between the two)."""
    gold_dir = shared / "dev" / name if name in ("seeds", "real") else work / name
    if name.startswith("acled"):
        subprocess.run([sys.executable, str(shared / "dev" / "acled_notes.py"),
                        str(shared / "eval" / "acled_syria.csv"), str(gold_dir), "--sample", "1000", "--seed", "1"],
                       check=True, capture_output=True)
    if db is None:
        db = work / f"{name}.db"
        ingest(gold_dir / "articles", gold_dir / "docs.jsonl", db)
    out = {}
    off = {"resolve.min_score": 9.0, "resolve.min_score_same_doc": 9.0}
    with Store(db, readonly=True) as store:
        stored = list(store.iter_events())
        outlets = {d.name: d.outlet for d in store.documents()}
        for label, overrides in (("merged", None), ("not merged", off)):
            path = work / f"{name}-{label.replace(' ', '-')}.jsonl"
            with path.open("w") as f:
                write_events(remerge(store, stored, overrides), "jsonl", f, outlets=outlets)
            r = subprocess.run([sys.executable, str(shared / "dev" / "score.py"), str(gold_dir), str(path), "--json"],
                               capture_output=True, text=True, check=True)
            res = json.loads(r.stdout)
            out[label] = {k: res[k] for k in ("system_events", "tp", "fp", "fn", "precision", "recall", "f1")}
            out[label]["fields"] = res["field_accuracy_on_matches"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=("seeds", "acled", "bars"))
    ap.add_argument("--set", default="acled-syria", help="For bars: seeds, real or acled-syria.")
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--sample", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--db", help="Analyse this already ingested database (e.g. .eval/acled-syria.db).")
    ap.add_argument("--replay", action="store_true", help="Re-merge the database's mentions with the current rules.")
    a = ap.parse_args()
    shared = Path(a.shared)
    if not (shared / "dev").is_dir():
        print(f"skip: {shared}/dev not found (evaluation data is not shipped with sitrep)")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(a.db) if a.db else None
        if a.what == "bars":
            res = bars(shared, Path(tmp), a.set, db)
        else:
            res = seeds(shared, Path(tmp)) if a.what == "seeds" else acled(shared, Path(tmp), a.sample, a.seed, db,
                                                                         a.replay)
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
