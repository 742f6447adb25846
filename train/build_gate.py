"""Build the event-gate model (``sitrep/data/gate``) from the corpus we wrote (``train/corpus``).

usage: python train/build_gate.py [--corpus train/corpus] [--out sitrep/data/gate] [--seed 0]

Every line of ``train/corpus/*.jsonl`` is one invented example: ``{"text", "label", "style",
"country"}``; labels are the keys of ``sitrep/data/gate.yaml``. A fixed tenth of the examples (by a
hash of the text, so adding examples does not reshuffle the rest) is held out; the script trains
spaCy's text classifier from ``train/gate.cfg`` with a fixed seed on one CPU thread, prints the
held-out scores, and copies the best model into the package. Nothing is downloaded.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread: the same scores on every rebuild

import spacy  # noqa: E402
from spacy.cli.train import train as spacy_train  # noqa: E402
from spacy.tokens import DocBin  # noqa: E402

from sitrep.extract.gate import MODEL_DIR, gate_rules, gate_text  # noqa: E402

ROOT = Path(__file__).resolve().parent


def read_corpus(folder: Path) -> list[tuple[str, str]]:
    """(text, label) pairs; a bad line is named (file:line) and skipped, the rest is read."""
    rules = gate_rules()
    labels = set(rules.subtypes) | set(rules.negatives)
    examples, seen = [], set()
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.open(encoding="utf-8"), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, label = row["text"].strip(), row["label"]
            except (ValueError, KeyError, AttributeError) as exc:
                print(f"{path}:{n}: skipped, not a JSON object with text and label ({exc})", file=sys.stderr)
                continue
            if label not in labels:
                print(f"{path}:{n}: skipped, unknown label {label!r} (see sitrep/data/gate.yaml)", file=sys.stderr)
                continue
            if text.lower() not in seen:
                seen.add(text.lower())
                examples.append((text, label))
    return examples


SWAP_LABELS = ("GPE", "LOC", "NORP", "CARDINAL", "DATE", "FAC")


def augment(examples: list[tuple[str, str]], copies: int, seed: int) -> list[tuple[str, str]]:
    """Each example again ``copies`` times with its places, peoples, numbers and dates swapped for
    others of the same kind found elsewhere in the corpus (fixed seed): the model should learn the
    wording of an event, not that Idlib goes with air strikes or Kano with protests."""
    import random
    from sitrep.config import load_settings
    from sitrep.extract.nlp import load_nlp

    nlp = load_nlp(load_settings(env={}))
    docs = list(nlp.pipe((t for t, _ in examples), batch_size=128))
    pool: dict[str, list[str]] = {lab: [] for lab in SWAP_LABELS}
    for doc in docs:
        for ent in doc.ents:
            if ent.label_ in pool:
                pool[ent.label_].append(ent.text)
    for lab in pool:
        pool[lab] = sorted(set(pool[lab]))
    rng = random.Random(seed)
    out = []
    for doc, (_, label) in zip(docs, examples):
        ents = [e for e in doc.ents if e.label_ in pool and len(pool[e.label_]) > 1]
        for _ in range(copies if ents else 0):
            text, last = [], 0
            for e in ents:
                text += [doc.text[last:e.start_char], rng.choice(pool[e.label_])]
                last = e.end_char
            out.append(("".join(text) + doc.text[last:], label))
    return out


def held_out(text: str) -> bool:
    return int(hashlib.sha1(text.encode()).hexdigest(), 16) % 10 == 0


def to_docbin(nlp: spacy.Language, examples: list[tuple[str, str]], labels: list[str]) -> DocBin:
    db = DocBin()
    for text, label in examples:
        doc = nlp.make_doc(gate_text(text))
        doc.cats = {lab: float(lab == label) for lab in labels}
        db.add(doc)
    return db


def report(model_dir: Path, dev: list[tuple[str, str]]) -> dict[str, float]:
    """Held-out accuracy of the label, and of the gate's event / non-event decision."""
    from sitrep.extract.gate import EventGate, SPECIFIC
    gate = EventGate(model_dir)
    rules = gate_rules()
    verdicts = gate.judge([t for t, _ in dev])
    label_ok = sum(max(v.probs, key=v.probs.get) == lab for v, (_, lab) in zip(verdicts, dev))
    is_event = [lab in rules.subtypes for _, lab in dev]
    kept = [v.specificity == SPECIFIC for v in verdicts]
    tp = sum(k and e for k, e in zip(kept, is_event))
    sub_ok = sum(v.best_subtype[0] == lab for v, (_, lab) in zip(verdicts, dev) if lab in rules.subtypes)
    return {"n": len(dev), "label_accuracy": round(label_ok / len(dev), 3),
            "event_precision": round(tp / max(1, sum(kept)), 3), "event_recall": round(tp / max(1, sum(is_event)), 3),
            "subtype_accuracy_on_events": round(sub_ok / max(1, sum(is_event)), 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--config", type=Path, default=ROOT / "gate.cfg")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--copies", type=int, default=3, help="augmented copies of each training example")
    args = ap.parse_args()
    examples = read_corpus(args.corpus)
    rules = gate_rules()
    labels = sorted(set(rules.subtypes) | set(rules.negatives))
    counts = Counter(lab for _, lab in examples)
    missing = [lab for lab in labels if not counts[lab]]
    if missing:
        print(f"warning: no examples for {', '.join(missing)}", file=sys.stderr)
    train = [e for e in examples if not held_out(e[0])]
    dev = [e for e in examples if held_out(e[0])]
    train += augment(train, args.copies, args.seed)
    print(f"{len(examples)} examples ({len(examples) - len(dev)} train + augmented copies = {len(train)}, "
          f"{len(dev)} held out), {len(counts)} labels")
    nlp = spacy.blank("en")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        to_docbin(nlp, train, labels).to_disk(tmp_path / "train.spacy")
        to_docbin(nlp, dev, labels).to_disk(tmp_path / "dev.spacy")
        spacy_train(args.config, tmp_path / "out", overrides={
            "paths.train": str(tmp_path / "train.spacy"), "paths.dev": str(tmp_path / "dev.spacy"),
            "system.seed": args.seed, "training.logger.progress_bar": False})
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(tmp_path / "out" / "model-best", args.out)
    scores = report(args.out, dev)
    print(json.dumps(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
