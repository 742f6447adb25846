"""Selective NER against NER on every sentence: the same mentions, and what it saves (`make bench`).

    python -m bench.bench_selective [--shared ../shared] [--notes 600] [--case 400]

``extract.selective_ner`` (sitrep/extract/selective.py) runs spaCy's entity recogniser only on the
sentences extraction reads. Its contract is that extraction output does not change; this module
checks it where it matters: every mention (events and the gate's context, with all fields and
provenance) of the demo articles, the dev seeds and real articles, ACLED notes and a CASE 2021
sample, from one ``Extractor`` with and one without it, compared as JSON. It prints the documents
that differ (there should be none), the CPU seconds of each extractor and of bare ``nlp.pipe``
on the same texts, and the share of tokens NER still reads. Corpora from ../shared are skipped
when it is absent. Exit status 1 when any document differs.

``--parse`` adds ``extract.selective_parse`` (sitrep/extract/parseplan.py: sentences from senter,
the parser only on the needed sentences), which may change output: the documents whose mentions
differ from the default's (not counted in the exit status), its CPU seconds, and why it saves
little or nothing: the sentences with a trigger word once parsed, those the words-only filter
passes, and the share of tokens the parser still reads.
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_extract import ROOT, documents
from sitrep.config import load_settings
from sitrep.extract import Extractor
from sitrep.extract.nlp import load_nlp
from sitrep.extract.selective import WHOLE_SHARE, regions
from sitrep.model import Document

CASE_TSV = "eval/CASE2021_task2/test_set_final_release_with_labels.tsv"


def corpora(shared: Path, notes: int, case: int, work: Path) -> dict[str, list[Document]]:
    found = {"demo": [d for d in documents(ROOT / "demo" / "articles") if not d.name.endswith("_fr.txt")]}
    for name in ("seeds", "real"):
        folder = shared / "dev" / name
        if folder.is_dir():
            found[name] = documents(folder / "articles", folder / "docs.jsonl")
    script = shared / "dev" / "acled_notes.py"
    if script.exists() and notes:
        subprocess.run([sys.executable, str(script), str(shared / "eval" / "acled_syria.csv"), str(work / "notes"),
                        "--sample", str(notes), "--seed", "1"], check=True, capture_output=True)
        found[f"acled-notes-{notes}"] = documents(work / "notes" / "articles", work / "notes" / "docs.jsonl")
    if (shared / CASE_TSV).exists() and case:
        with open(shared / CASE_TSV, encoding="utf-8") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
        rows = random.Random(1).sample(rows, min(case, len(rows)))  # the sample case_eval.py --sample takes
        found[f"case-{case}"] = [Document(name=f"case{int(r['id']):04d}.txt", source_path="", format="txt", raw=b"",
                                          sha256="", text=r["EventSnippet"].strip() + "\n", language="en")
                                 for r in rows]
    return found


def cpu_seconds(fn, *args):
    started = time.process_time()
    out = fn(*args)
    return time.process_time() - started, out


def ner_share(ex: Extractor, docs: list[Document]) -> float:
    """Share of the tokens the entity recogniser still reads (needed sentences plus their padding)."""
    total = read = 0
    for parsed in ex.nlp.pipe((d.text for d in docs), disable=["ner"]):
        sents, _, keep = ex._plan(parsed)
        total += len(parsed)
        read += sum(hi - lo for lo, hi, _, _ in regions(sents, keep, len(parsed)))
    return read / max(1, total)


def parse_share(ex: Extractor, docs: list[Document]) -> tuple[int, int, int, float]:
    """Sentences (senter's), those with a trigger once parsed, those ``TriggerForms`` passes, and
    the share of tokens ``parse_needed`` gives the parser (a document nearly all needed: all of it)."""
    from sitrep.extract.parseplan import split
    sents = found = passed = total = parsed = 0
    texts = [d.text for d in docs]
    for cheap, full in zip(split(ex.nlp, texts, batch_size=64), ex.nlp.pipe(texts, batch_size=64)):
        plan_sents, _, keep = ex._plan(cheap, ex._forms.may_trigger)
        sents += len(plan_sents)
        found += sum(bool(ex.reader.lex.find(s)) for s in full.sents)
        passed += sum(ex._forms.may_trigger(s) for s in plan_sents)
        share = sum(hi - lo for lo, hi, _, _ in regions(plan_sents, keep, len(cheap)))
        total += len(cheap)
        parsed += len(cheap) if share >= WHOLE_SHARE * len(cheap) else share
    return sents, found, passed, parsed / max(1, total)


def _dumps(mentions: list) -> list[str]:
    return [json.dumps(m.to_dict(), sort_keys=True) for m in mentions]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--notes", type=int, default=600)
    parser.add_argument("--case", type=int, default=400)
    parser.add_argument("--parse", action="store_true", help="also extract with extract.selective_parse")
    args = parser.parse_args(argv)
    settings = load_settings(env={})
    nlp = load_nlp(settings)
    extractors = {on: Extractor(settings.with_overrides({"extract.selective_ner": on})) for on in (False, True)}
    if args.parse:
        extractors["parse"] = Extractor(settings.with_overrides({"extract.selective_parse": True}))
    for ex in extractors.values():
        ex.pipe(documents(ROOT / "demo" / "articles")[:2])  # loads and warms up both
    differing = 0
    print("corpus | docs | mentions | differing docs | bare nlp.pipe CPU s | NER everywhere CPU s | selective CPU s"
          " | selective / everywhere | tokens NER reads" + (" | selective parse: docs differing from selective NER,"
          " CPU s, / selective NER, sentences, with a trigger, passing the words-only filter, tokens parsed"
          if args.parse else ""))
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-selective-") as tmp:
        for name, docs in corpora(args.shared, args.notes, args.case, Path(tmp)).items():
            bare, _ = cpu_seconds(lambda: list(nlp.pipe([d.text for d in docs], batch_size=64)))
            full_s, full = cpu_seconds(extractors[False].pipe, docs)
            sel_s, sel = cpu_seconds(extractors[True].pipe, docs)
            bad = [d.name for d, a, b in zip(docs, full, sel) if _dumps(a) != _dumps(b)]
            differing += len(bad)
            line = f"{name} | {len(docs)} | {sum(map(len, full))} | {len(bad)} | {bare:.1f} | {full_s:.1f} | {sel_s:.1f}" \
                   f" | {sel_s / full_s:.2f} | {ner_share(extractors[True], docs):.2f}"
            if args.parse:
                parse_s, planned = cpu_seconds(extractors["parse"].pipe, docs)
                moved = sum(_dumps(a) != _dumps(b) for a, b in zip(sel, planned))
                n, found, passed, share = parse_share(extractors["parse"], docs)
                line += f" | {moved} | {parse_s:.1f} | {parse_s / sel_s:.2f} | {n} | {found} | {passed} | {share:.2f}"
            print(line, flush=True)
            for doc in bad:
                print(f"  differs: {doc}")
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
