"""The event gate on our own held-out sentences, through the whole pipeline (`make eval`).

The gate's training script holds out a fixed tenth of ``train/corpus`` (by a hash of the text);
here each held-out sentence becomes one document for ``sitrep ingest`` + ``sitrep export``, and
the first event that happened gives the prediction, as CASE 2021's evaluation does for real
snippets. So the gate's thresholds (``sitrep/data/gate.yaml``) are chosen on sentences we wrote,
never on evaluation data; CASE 2021 then tells whether the choice holds on real news.

    python -m bench.gate_eval [--json]

Prints sub-event-type accuracy over the event sentences and the false-alarm rate (an event
exported) over the non-event sentences, overall and per negative label.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "train"))
from build_gate import held_out, read_corpus  # noqa: E402

SITREP = str(Path(sys.executable).with_name("sitrep"))
NOT_HAPPENED = ("hypothetical", "denied")


def predictions(texts: list[str], work: Path, sitrep: str = SITREP) -> dict[int, str]:
    """Sentence index -> sub-event type of its first exported event that happened."""
    articles = work / "articles"
    articles.mkdir()
    for i, text in enumerate(texts):
        (articles / f"s{i:04d}.txt").write_text(text + "\n", encoding="utf-8")
    db, out = work / "g.db", work / "g.jsonl"
    subprocess.run([sitrep, "ingest", str(articles), "--db", str(db), "--quiet"], capture_output=True, check=False)
    subprocess.run([sitrep, "export", "--db", str(db), "--format", "jsonl", "--output", str(out)],
                   capture_output=True, check=True)
    pred: dict[int, str] = {}
    for line in out.read_text(encoding="utf-8").splitlines():
        event = json.loads(line)
        if event.get("modality") in NOT_HAPPENED:
            continue
        for doc in event.get("docs") or []:
            pred.setdefault(int(Path(doc).stem[1:]), event["sub_event_type"])
    return pred


def score(examples: list[tuple[str, str]], pred: dict[int, str]) -> dict:
    events = [(i, lab) for i, (_, lab) in enumerate(examples) if not lab.startswith("NEG_")]
    negatives = [(i, lab) for i, (_, lab) in enumerate(examples) if lab.startswith("NEG_")]
    fired = Counter(lab for i, lab in negatives if i in pred)
    total = Counter(lab for _, lab in negatives)
    return {"events": len(events), "subtype_accuracy": round(sum(pred.get(i) == lab for i, lab in events) / len(events), 3),
            "event_recall": round(sum(i in pred for i, _ in events) / len(events), 3),
            "negatives": len(negatives), "false_alarm": round(sum(fired.values()) / max(1, len(negatives)), 3),
            "false_alarm_by_label": {lab: f"{fired[lab]}/{total[lab]}" for lab in sorted(total)}}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "train" / "corpus")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    dev = [e for e in read_corpus(args.corpus) if held_out(e[0])]
    with tempfile.TemporaryDirectory() as tmp:
        result = score(dev, predictions([t for t, _ in dev], Path(tmp)))
    if args.json:
        print(json.dumps(result))
    else:
        print(f"gate held-out ({result['events']} event / {result['negatives']} non-event sentences): subtype accuracy "
              f"{result['subtype_accuracy']}, event recall {result['event_recall']}, false alarm {result['false_alarm']} "
              f"({', '.join(f'{k} {v}' for k, v in result['false_alarm_by_label'].items())})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
