"""Extraction speed vs bare spaCy on the same texts, in the same run (`make bench`).

    python -m bench.bench_extract [--shared ../shared] [--notes 1000] [--seed 1]

Corpora: 1,000 ACLED notes (made with ../shared/dev/acled_notes.py; skipped without ../shared),
the five seed articles, and the demo/ articles (always there). For each corpus it times
``nlp.pipe`` alone (the floor: tokenizer, tagger, parser, NER, lemmatizer) and then the whole
``Extractor.pipe`` (the same parse plus triggers, roles, dates, numbers, actors, modality,
sources, merging), and prints documents/s, words/s and the ratio. Target: ratio >= 50 %.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitrep.config import load_settings
from sitrep.extract import Extractor
from sitrep.model import Document

ROOT = Path(__file__).resolve().parents[1]


def documents(folder: Path, meta: Path | None = None) -> list[Document]:
    """Documents from a folder of .txt articles, with publication dates from docs.jsonl if given."""
    rows = {}
    if meta is not None and meta.exists():
        rows = {r["doc"]: r for r in map(json.loads, meta.read_text("utf-8").splitlines()) if r}
    out = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text("utf-8", errors="replace")
        r = rows.get(path.name, {})
        out.append(Document(name=path.name, source_path=str(path), format="txt", raw=b"", sha256="",
                            text=text, published=r.get("published"), language=r.get("language", "en")))
    return out


def corpora(shared: Path, notes: int, seed: int, work: Path) -> dict[str, list[Document]]:
    found: dict[str, list[Document]] = {}
    script = shared / "dev" / "acled_notes.py"
    if script.exists() and (shared / "eval" / "acled_syria.csv").exists():
        out = work / "notes"
        subprocess.run([sys.executable, str(script), str(shared / "eval" / "acled_syria.csv"), str(out),
                        "--sample", str(notes), "--seed", str(seed)], check=True, capture_output=True)
        found[f"acled-notes-{notes}"] = documents(out / "articles", out / "docs.jsonl")
    else:
        print(f"skip ACLED notes: {script} not found (evaluation data is not shipped with sitrep)")
    seeds = shared / "dev" / "seeds"
    if seeds.exists():
        found["seeds"] = documents(seeds / "articles", seeds / "docs.jsonl")
    demo = ROOT / "demo" / "articles"
    if any(demo.glob("*.txt")):
        found["demo"] = documents(demo)
    return found


def measure(extractor: Extractor, docs: list[Document], repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` seconds for bare ``nlp.pipe`` and for the whole extraction."""
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    batch = int(extractor.settings.get("extract", "batch_size"))
    bare = full = float("inf")
    events = 0
    for _ in range(repeat):
        t = time.perf_counter()
        for _doc in extractor.nlp.pipe(texts, batch_size=batch):
            pass
        bare = min(bare, time.perf_counter() - t)
        t = time.perf_counter()
        events = sum(len(m) for m in extractor.pipe(docs))
        full = min(full, time.perf_counter() - t)
    return {"docs": len(docs), "words": words, "events": events, "bare_s": bare, "full_s": full}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--notes", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=2, help="Best of N runs per corpus (default 2).")
    a = ap.parse_args()
    extractor = Extractor(load_settings(env={}))
    extractor.pipe([Document(name="warm", source_path="-", format="txt", raw=b"", sha256="",
                             text="Gunmen attacked a checkpoint near Gao on Monday.", published="2024-01-01")])
    with tempfile.TemporaryDirectory() as tmp:
        for name, docs in corpora(Path(a.shared), a.notes, a.seed, Path(tmp)).items():
            r = measure(extractor, docs, a.repeat)
            ratio = r["bare_s"] / r["full_s"] if r["full_s"] else 0.0
            print(f"extract {name:18} {r['docs']:5} docs {r['words']:7} words {r['events']:5} events | "
                  f"bare spaCy {r['docs'] / r['bare_s']:7.1f} docs/s {r['words'] / r['bare_s']:8.0f} words/s | "
                  f"sitrep {r['docs'] / r['full_s']:7.1f} docs/s {r['words'] / r['full_s']:8.0f} words/s | "
                  f"{ratio:.0%} of bare {'OK' if ratio >= 0.5 else 'BELOW TARGET 50%'}")


if __name__ == "__main__":
    main()
