"""Extraction-only quality: the extractor's events against a gold set, places ignored.

    python -m bench.eval_extract GOLD_DIR [--limit N]

`make eval` scores the whole pipeline, where an event counts only if the geocoder also puts it
within 100 km of the gold place. This isolates the extraction stage: a system event matches a
gold event of the same article when their dates are compatible (score.py's rule), then pairs
are assigned one-to-one by field agreement exactly as ../shared/dev/score.py does, with the
location field left out. Documents are built directly (no ingest), so the numbers also show
the extractor's own throughput.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import time
from collections import defaultdict
from pathlib import Path

from sitrep.config import load_settings
from sitrep.extract import Extractor
from sitrep.model import Document


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "dev" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold")
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    gold_dir, shared = Path(a.gold), Path(a.shared)
    if not (shared / "dev" / "score.py").exists():
        print(f"skip: {shared}/dev/score.py not found (evaluation data is not shipped with sitrep)")
        return
    S = load_scorer(shared)
    rows = [json.loads(x) for x in (gold_dir / "docs.jsonl").read_text("utf-8").splitlines() if x.strip()]
    rows = rows[:a.limit] if a.limit else rows
    names = {r["doc"] for r in rows}
    gold = [g for g in S.load_jsonl(gold_dir / "events.jsonl") if g["doc"] in names]
    docs = [Document(name=r["doc"], source_path=r["doc"], format="txt", raw=b"", sha256="",
                     text=(gold_dir / "articles" / r["doc"]).read_text("utf-8"), published=r.get("published"),
                     language=r.get("language")) for r in rows]
    extractor = Extractor(load_settings(env={}))
    t = time.perf_counter()
    found = [m.to_dict() for ms in extractor.pipe(docs) for m in ms]
    seconds = time.perf_counter() - t
    real = [e for e in found if e["modality"] not in S.NOT_HAPPENED]
    cands = []
    for i, s in enumerate(real):
        for j, g in enumerate(gold):
            if g["doc"] == s["doc"] and S.dates_compatible(s, g):
                agree = S.field_agreement(dict(s, latitude=g["latitude"], longitude=g["longitude"]), g)
                agree.pop("location_25km")
                cands.append((sum(agree.values()), g.get("required", True), i, j, agree))
    cands.sort(key=lambda c: (-c[0], not c[1]))
    used_s, used_g, pairs = set(), set(), []
    for _, _, i, j, agree in cands:
        if i not in used_s and j not in used_g:
            used_s.add(i), used_g.add(j)
            pairs.append((j, agree))
    required = {j for j, g in enumerate(gold) if g.get("required", True) and g["modality"] not in S.NOT_HAPPENED}
    tp = sum(1 for j, _ in pairs if j in required)
    optional = sum(1 for j, _ in pairs if j not in required and gold[j]["modality"] not in S.NOT_HAPPENED)
    false_real = sum(1 for j, _ in pairs if gold[j]["modality"] in S.NOT_HAPPENED)
    fp = len(real) - tp - optional
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / len(required) if required else 0.0
    acc = defaultdict(list)
    for j, agree in pairs:
        if j in required:
            for k, v in agree.items():
                acc[k].append(v)
    print(f"{gold_dir.name}: docs={len(docs)} P={p:.3f} R={r:.3f} F1={2 * p * r / (p + r) if p + r else 0:.3f} "
          f"tp={tp} fp={fp} fn={len(required) - tp} false_real={false_real} "
          + " ".join(f"{k}={sum(v) / len(v):.3f}" for k, v in acc.items())
          + f" ({len(docs) / seconds:.1f} docs/s)")


if __name__ == "__main__":
    main()
