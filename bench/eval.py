"""Event-extraction quality on the development gold sets and ACLED notes (`make eval`).

Runs the real command-line contract (`sitrep ingest` + `sitrep export`) and ../shared/dev/score.py,
exactly as docs/quality.md describes, and prints one summary line per set.

    python -m bench.eval --shared ../shared [--sets seeds,real,acled-syria,acled-other] [--seed 1]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SITREP = os.environ.get("SITREP_COMMAND") or str(Path(sys.executable).with_name("sitrep"))  # another checkout: a wrapper
SETS = ("seeds", "real", "acled-syria", "acled-other")


def run(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True)


def prepare(name: str, shared: Path, work: Path, seed: int) -> Path:
    """Return a gold directory (articles/, docs.jsonl, events.jsonl) for the named set."""
    if name in ("seeds", "real"):
        return shared / "dev" / name
    csv_name, sample = {"acled-syria": ("acled_syria.csv", 1000), "acled-other": ("acled_other.csv", 500)}[name]
    out = work / f"{name}-{seed}"
    if not (out / "events.jsonl").exists():
        r = run([sys.executable, str(shared / "dev" / "acled_notes.py"), str(shared / "eval" / csv_name), str(out),
                 "--sample", str(sample), "--seed", str(seed)])
        if r.returncode:
            raise SystemExit(r.stderr)
    return out


def evaluate(name: str, gold: Path, work: Path, shared: Path) -> dict:
    db, events = work / f"{name}.db", work / f"{name}.jsonl"
    db.unlink(missing_ok=True)
    t = time.time()
    r = run([SITREP, "ingest", str(gold / "articles"), "--meta", str(gold / "docs.jsonl"), "--db", str(db), "--quiet"])
    if r.returncode not in (0, 1):
        raise SystemExit(f"ingest failed on {name}: {r.stderr[-2000:]}")
    seconds = time.time() - t
    r = run([SITREP, "export", "--db", str(db), "--format", "jsonl", "--output", str(events)])
    if r.returncode:
        raise SystemExit(f"export failed on {name}: {r.stderr[-2000:]}")
    r = run([sys.executable, str(shared / "dev" / "score.py"), str(gold), str(events), "--json"])
    result = json.loads(r.stdout)
    result["seconds"] = round(seconds, 1)
    result["field_accuracy_on_matches"]["admin1"] = admin1_accuracy(gold, events, shared)
    return result


def matched_pairs(gold: Path, events: Path, shared: Path) -> tuple[Any, list[dict], list[dict], list[tuple]]:
    """(score.py as a module, system events, gold events, score.py's matched pairs (i, j, agreement)),
    each merged event split per report as score.py splits it."""
    spec = importlib.util.spec_from_file_location("score", shared / "dev" / "score.py")
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)  # type: ignore[union-attr]
    gold_events = sc.load_jsonl(str(gold / "events.jsonl"))
    system = [dict(e, **(e.get("by_doc") or {}).get(d, {}), doc=d, docs=[d])
              for e in sc.load_jsonl(str(events)) for d in sorted(sc.docs_of(e))]
    system = [e for e in system if e.get("modality") not in sc.NOT_HAPPENED]
    return sc, system, gold_events, sc.match(system, gold_events)


def admin1_accuracy(gold: Path, events: Path, shared: Path) -> float:
    """Share of matched pairs whose admin1 agrees (issue #5's bar), with score.py's own matching
    and admin1 normalisation."""
    sc, system, gold_events, pairs = matched_pairs(gold, events, shared)
    ok = sum(bool(sc.as_set(system[i].get("admin1"), sc.norm_admin1)
                  & sc.as_set(gold_events[j].get("admin1"), sc.norm_admin1) - {None}) for i, j, _ in pairs)
    return round(ok / len(pairs), 3) if pairs else 0.0


def set_arguments(ap: argparse.ArgumentParser, sets: str, work_help: str) -> tuple[argparse.Namespace, Path, Path] | None:
    """Parse the options every set-by-set evaluation takes (--shared, --sets, --seed, --work);
    None, after saying so, when ../shared's scorer is absent (it is not shipped with sitrep)."""
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--sets", default=sets)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=".eval", help=work_help)
    a = ap.parse_args()
    shared, work = Path(a.shared), Path(a.work)
    if not (shared / "dev" / "score.py").exists():
        print(f"skip: {shared}/dev/score.py not found (evaluation data is not shipped with sitrep)")
        return None
    return a, shared, work


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="Print full score dictionaries.")
    parsed = set_arguments(ap, ",".join(SETS), "Scratch directory (kept for inspection).")
    if parsed is None:
        return
    a, shared, work = parsed
    work.mkdir(parents=True, exist_ok=True)
    for name in a.sets.split(","):
        gold = prepare(name, shared, work, a.seed)
        res = evaluate(name, gold, work, shared)
        if a.json:
            print(json.dumps({"set": name, **res}))
            continue
        fa = res["field_accuracy_on_matches"]
        print(f"{name:12} P={res['precision']:.3f} R={res['recall']:.3f} F1={res['f1']:.3f} "
              f"tp={res['tp']} fp={res['fp']} fn={res['fn']} false_real={res['reported_as_real_but_hypothetical_or_denied']} "
              + " ".join(f"{k}={v:.3f}" for k, v in fa.items()) + f" ({res['seconds']}s)")


if __name__ == "__main__":
    main()
