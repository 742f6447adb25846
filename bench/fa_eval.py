"""False alarms on real full articles written by others, through the whole pipeline (`make eval`).

Issue #12's question: on news nobody here tuned to, how often does an article (or sentence)
that holds no political-violence event still yield one, and how many of those that do hold one
yield an event at all? Three sets under ../shared/eval (IndiaPoliceEvents, WikiEvents, GLOCON
gold sample; evaluation data, never copied into the project) are read by ``bench.fa_sets``,
whose docstring says how each set's labels map to an ACLED event. Each article is written as a
file and run through ``sitrep ingest`` (the same contract users see; ``sitrep export`` writes
the same stored events). An exported event that happened (not denied or hypothetical) yields
the article; it yields the sentence its evidence span's trigger lies in, found through the
stored offset map back to the file's bytes.

    python -m bench.fa_eval [--shared ../shared] [--sets IndiaPoliceEvents,WikiEvents,GLOCON_gold_sample]
                            [--sample 300] [--seed 1] [--json] [--examples N]

Prints per set: false alarm (share of NONE articles / sentences with an event), recall (share of
EVENT ones with an event), how many OTHER ones got one, and what the false alarms were typed as.
``--examples N`` also prints N false-alarm sentences with their type and trigger, to read.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.fa_sets import EVENT, NONE, OTHER, SETS, Article, Sentence, sample
from bench.merge_eval import ingest
from sitrep.ingest.offsets import to_raw
from sitrep.model import NOT_HAPPENED, EventMention
from sitrep.store import Store


FOLDED = "(folded into another sentence's event)"


@dataclass(frozen=True)
class Hit:
    """One piece of an exported event's evidence in one article, in the written text's characters.

    ``trigger_at`` is where the event's type word is when this piece holds it; a piece without it
    is a sentence folded into the event of another (a repeat, a toll told apart): sitrep found an
    event there too, but its type is the other sentence's."""

    start: int
    end: int
    sub_event_type: str
    trigger: str | None
    background: bool
    trigger_at: int | None = None


def write_articles(articles: list[Article], folder: Path) -> Path:
    """One UTF-8 file per article and the ``--meta`` file with its publication date."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = folder.parent / "docs.jsonl"
    with meta.open("w", encoding="utf-8") as out:
        for a in articles:
            (folder / f"{a.name}.txt").write_text(a.text, encoding="utf-8")
            out.write(json.dumps({"doc": f"{a.name}.txt", "published": a.published, "language": "en"}) + "\n")
    return meta


def _char_at(data: bytes, byte: int) -> int:
    """The character index of a byte offset in UTF-8 ``data``."""
    return len(data[:byte].decode("utf-8", errors="ignore"))


def _trigger_span(m: EventMention) -> tuple[int, int] | None:
    """Clean-text span of the word that decided the mention's type (its provenance)."""
    for p in m.provenance:
        if p.field == "sub_event_type" and p.start is not None and p.end is not None:
            return p.start, p.end
    return None


def hits_of(db: Path, articles: list[Article]) -> dict[str, list[Hit]]:
    """Article name -> the evidence of every stored event that happened, mapped back to the text
    the article was written with (clean-text offsets -> raw bytes -> characters)."""
    raw = {f"{a.name}.txt": a.text.encode("utf-8") for a in articles}
    hits: dict[str, list[Hit]] = {a.name: [] for a in articles}
    with Store(db, readonly=True) as store:
        offsets = {d.name: d.offsets for d in store.documents()}
        for event in store.iter_events():
            for m in event.mentions:
                if m.doc not in raw or m.modality in NOT_HAPPENED or event.modality in NOT_HAPPENED:
                    continue
                data, anchors = raw[m.doc], offsets.get(m.doc) or []

                def chars(start: int, end: int) -> tuple[int, int]:
                    b0, b1 = to_raw(anchors, start, end)
                    return _char_at(data, b0), _char_at(data, b1)
                trig = _trigger_span(m)
                at = chars(*trig)[0] if trig else None
                for span in m.evidence:
                    start, end = chars(span.start, span.end)
                    own = at is not None and start <= at < end
                    hits[m.doc[:-4]].append(Hit(start, end, m.sub_event_type, m.trigger if own else None,
                                                m.background, at if own else None))
    return hits


def sentence_of(article: Article, hit: Hit) -> Sentence | None:
    """The labelled sentence a hit belongs to: the one holding its type word, else the one it
    overlaps most (sitrep's sentences and the set's need not coincide)."""
    best, overlap = None, 0
    for s in article.sentences:
        if hit.trigger_at is not None and s.start <= hit.trigger_at < s.end:
            return s
        o = min(s.end, hit.end) - max(s.start, hit.start)
        if o > overlap:
            best, overlap = s, o
    return best


def rate(hit: int, total: int) -> float | None:
    return round(hit / total, 3) if total else None


def score(articles: list[Article], hits: dict[str, list[Hit]]) -> dict:
    """Article- and sentence-level false alarm (NONE with an event), recall (EVENT with one), the
    OTHER ones with one, what the false alarms were typed as, and the false-alarm sentences."""
    docs = Counter((a.verdict, bool(hits[a.name])) for a in articles)
    doc_examples = [_example(a, _first(hits[a.name])) for a in articles if a.verdict == NONE and hits[a.name]]
    doc_types = Counter(ex["sub_event_type"] for ex in doc_examples)
    sents: Counter = Counter()
    types: Counter = Counter()
    by_label: Counter = Counter()
    label_total: Counter = Counter()
    examples = []
    own = 0
    for a in articles:
        fired: dict[int, Hit] = {}
        for h in sorted(hits[a.name], key=lambda h: h.trigger_at is None):  # a sentence's own event first
            s = sentence_of(a, h)
            if s is not None:
                fired.setdefault(id(s), h)
        for s in a.sentences:
            h = fired.get(id(s))
            sents[(s.verdict, h is not None)] += 1
            if s.verdict != NONE:
                continue
            label = "+".join(sorted({x.split(".")[0] for x in s.labels})) or "(no label)"
            label_total[label] += 1
            if h is not None:
                types[h.sub_event_type if h.trigger_at is not None else FOLDED] += 1
                own += h.trigger_at is not None
                by_label[label] += 1
                examples.append(_example(a, h, s))
    return {
        "documents": _rates(docs), "documents_false_alarm_typed_as": dict(doc_types.most_common()),
        "sentences": dict(_rates(sents), false_alarm_typing_the_event=rate(own, sum(label_total.values()))),
        "sentences_false_alarm_typed_as": dict(types.most_common()),
        "sentences_false_alarm_by_label": {k: f"{by_label[k]}/{n}" for k, n in label_total.most_common()},
        "false_alarm_sentences": examples, "false_alarm_documents": doc_examples,
    }


def _example(a: Article, h: Hit, s: Sentence | None = None) -> dict:
    """A false alarm to read: the sentence (the set's, else sitrep's evidence), type and trigger."""
    s = s or sentence_of(a, h)
    text = a.sentence_text(s) if s is not None else " ".join(a.text[h.start:h.end].split())
    return {"doc": a.name, "sentence": text, "sub_event_type": h.sub_event_type, "trigger": h.trigger,
            "background": h.background}


def _first(hits: list[Hit]) -> Hit:
    """The article's first event by the position of its type word (what a reader meets first)."""
    return min(hits, key=lambda h: (h.trigger_at is None, h.trigger_at or h.start))


def _rates(c: Counter) -> dict:
    n = {v: c[(v, True)] + c[(v, False)] for v in (EVENT, NONE, OTHER)}
    return {"none": n[NONE], "none_with_event": c[(NONE, True)], "false_alarm": rate(c[(NONE, True)], n[NONE]),
            "event": n[EVENT], "event_with_event": c[(EVENT, True)], "recall": rate(c[(EVENT, True)], n[EVENT]),
            "other": n[OTHER], "other_with_event": c[(OTHER, True)]}


def evaluate(name: str, articles: list[Article], work: Path) -> dict:
    """Ingest one set's articles into a fresh database and score what was stored."""
    folder = work / name / "articles"
    shutil.rmtree(folder, ignore_errors=True)  # a kept --work directory may hold another sample's files
    meta = write_articles(articles, folder)
    db = work / name / "fa.db"
    db.unlink(missing_ok=True)
    ingest(folder, meta, db)
    return score(articles, hits_of(db, articles))


def _line(kind: str, r: dict) -> str:
    return (f"  {kind:9} false alarm {r['false_alarm']} ({r['none_with_event']}/{r['none']} with no event), "
            f"recall {r['recall']} ({r['event_with_event']}/{r['event']}), "
            f"neither-labelled with an event {r['other_with_event']}/{r['other']}")


def report(name: str, res: dict, examples: int, seed: int) -> None:
    print(f"{name}:")
    print(_line("documents", res["documents"]))
    if res["sentences"]["none"] + res["sentences"]["event"]:
        print(_line("sentences", res["sentences"]))
        print(f"    of the no-event sentences, {res['sentences']['false_alarm_typing_the_event']} gave an event its "
              f"type; the other false alarms were folded into an event whose type word is elsewhere")
        print("    false-alarm sentences typed as: "
              + ", ".join(f"{k} {v}" for k, v in res["sentences_false_alarm_typed_as"].items()))
        print("    false alarm by the sentence's own labels: "
              + ", ".join(f"{k} {v}" for k, v in res["sentences_false_alarm_by_label"].items()))
    print("    false-alarm documents typed as (first event): "
          + ", ".join(f"{k} {v}" for k, v in res["documents_false_alarm_typed_as"].items()))
    shown = res["false_alarm_sentences"] or res["false_alarm_documents"]
    for ex in random.Random(seed).sample(shown, min(examples, len(shown))):
        tags = [ex["sub_event_type"], ex["trigger"] or "folded"] + (["background"] if ex["background"] else [])
        print(f"    - [{' / '.join(tags)}] {ex['sentence'][:300]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--sample", type=int, default=300, help="Articles per set (0: all).")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--examples", type=int, default=0, help="Print this many false-alarm sentences per set.")
    ap.add_argument("--dump", type=Path, default=None, help="Also write every result, false alarms included, as JSONL.")
    ap.add_argument("--work", type=Path, default=None, help="Scratch directory (kept); a temporary one if unset.")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = a.work or Path(tmp)
        for name in a.sets.split(","):
            root = a.shared / "eval" / name
            if not root.is_dir():
                print(f"skip {name}: {root} not found (evaluation data is not shipped with sitrep)")
                continue
            articles = sample(SETS[name](root), a.sample, a.seed)
            res = evaluate(name, articles, work)
            if a.dump:
                with a.dump.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({"set": name, "sample": a.sample, "seed": a.seed, **res}) + "\n")
            if a.json:
                print(json.dumps({"set": name, "sample": a.sample, "seed": a.seed,
                                  **{k: v for k, v in res.items() if not k.startswith("false_alarm_")}}))
            else:
                report(name, res, a.examples, a.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
