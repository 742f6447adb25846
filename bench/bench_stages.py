"""Where `sitrep ingest`'s time goes beyond the parse: CPU seconds per stage, beside bare ``nlp.pipe``.

    python -m bench.bench_stages [--corpus notes|articles|short] [--notes 600] [--repeat 4]
        [--short 1000] [--shared ../shared]

Issue #13 asks for the whole pipeline at >= 1.0x the documents/s of bare ``nlp.pipe``;
bench_pipeline gives the ratio, this gives the bill behind it. One process: imports, then the
stages' load (``Pipeline`` and a one-sentence warm-up ingest: spaCy, the gate, dictionaries, the
gazetteer), then one ``Pipeline.ingest`` of the corpus into a new SQLite file with each stage's
method wrapped in a CPU-time counter (``time.process_time``: the machine is shared, wall time is
not the cost), then bare ``nlp.pipe`` with the same loaded model over the texts the readers made.
Stages: reading (``ingest.read_file``), the document's country (``geo.focus.document_country``
and the extractor's hint for it), spaCy as the extractor drives it (tagger and parser on every
sentence, NER on the needed ones), the rules and gate after it, geocoding the mentions, and
storing and merging (``Pipeline.store_document``); "other" is the runner's own loop.
"""
from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Callable

T0 = time.process_time()
from bench.bench_pipeline import ROOT, texts_of, write_articles  # noqa: E402  (imports are timed)
from bench.corpus_short import write_short_corpus  # noqa: E402
from sitrep import ingest, pipeline as runner  # noqa: E402
from sitrep.config import load_settings  # noqa: E402
from sitrep.extract.nlp import stock_nlp  # noqa: E402
from sitrep.pipeline import Pipeline  # noqa: E402
from sitrep.store import Store  # noqa: E402

IMPORTS = time.process_time() - T0


class StageClock:
    """CPU seconds per stage, each stage's own (a stage called inside another is taken out of it)."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self._inner = [0.0]  # per open stage: the time its inner stages took

    def _add(self, stage: str, start: float) -> None:
        elapsed = time.process_time() - start
        self.spent[stage] += elapsed - self._inner.pop()
        self._inner[-1] += elapsed

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._inner.append(0.0)
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self._add(stage, start)

        return timed

    def wrap_iter(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """The same for a generator function: its time is counted as its items are taken."""
        def timed(*args: Any, **kwargs: Any) -> Any:
            items = iter(fn(*args, **kwargs))
            while True:
                self._inner.append(0.0)
                start = time.process_time()
                try:
                    item = next(items)
                except StopIteration:
                    return
                finally:
                    self._add(stage, start)
                yield item

        return timed


def corpus(args: argparse.Namespace, tmp: Path) -> tuple[Path, dict[str, dict[str, Any]]]:
    """The corpus folder and its docs.jsonl rows."""
    import json
    shared = Path(args.shared)
    if args.corpus == "short":
        write_short_corpus(tmp / "short", docs=args.short)
        return tmp / "short", {}
    if args.corpus == "notes":
        subprocess.run([sys.executable, str(shared / "dev" / "acled_notes.py"), str(shared / "eval" / "acled_syria.csv"),
                        str(tmp / "notes"), "--sample", str(args.notes), "--seed", "1"], check=True, capture_output=True)
        folder, meta = tmp / "notes" / "articles", tmp / "notes" / "docs.jsonl"
    else:
        folder, meta = write_articles(tmp / "articles", shared, args.repeat)
    return folder, {r["doc"]: r for r in map(json.loads, meta.read_text("utf-8").splitlines()) if r}


def run(folder: Path, meta: dict[str, dict[str, Any]], tmp: Path) -> tuple[dict[str, float], int, float]:
    """CPU seconds per stage, documents ingested and bare ``nlp.pipe`` CPU seconds over the same texts."""
    settings = load_settings(env={})
    clock = StageClock()
    start = time.process_time()
    pipe = Pipeline(settings)
    (tmp / "warm").mkdir()
    (tmp / "warm" / "w.txt").write_text("Gunmen killed two farmers in Idlib, Syria, on 1 March 2024, residents said.\n")
    with Store(tmp / "warm.db") as store:
        pipe.ingest(store, [str(tmp / "warm")])
    startup = time.process_time() - start
    ex, geo = pipe.extractor, pipe.geocoder
    ex._parse = clock.wrap("spaCy (as the extractor drives it)", ex._parse)
    ex._verdicts = clock.wrap("event gate (every sentence)", ex._verdicts)
    ex.extract_parsed = clock.wrap("rules after the parse", ex.extract_parsed)
    ex.country_hint = clock.wrap("document country", ex.country_hint)
    geo.geocode_mentions = clock.wrap("geocoding mentions", geo.geocode_mentions)
    pipe.store_document = clock.wrap("store and merge", pipe.store_document)
    original = runner.document_country
    runner.document_country = clock.wrap("document country", original)
    read = clock.wrap_iter("reading files", ingest.read_file)
    try:
        with Store(tmp / "run.db") as store:
            start = time.process_time()
            report = pipe.ingest(store, [str(folder)], meta=meta,
                                 read=lambda path: read(path, meta=meta, settings=settings))
            total = time.process_time() - start
    finally:
        runner.document_country = original
    spent = {"start-up: models, dictionaries, gazetteer": startup, **clock.spent}
    spent["runner's own loop"] = total - sum(clock.spent.values())
    texts = texts_of(folder, settings, meta)
    nlp = stock_nlp(settings)  # the package as shipped, loaded outside the timing
    start = time.process_time()
    for _ in nlp.pipe(texts, batch_size=int(settings.get("extract", "batch_size"))):
        pass
    return spent, report.ingested, time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="notes", choices=("notes", "articles", "short"))
    parser.add_argument("--notes", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--short", type=int, default=1000)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args(argv)
    if args.corpus != "short" and not (Path(args.shared) / "dev").is_dir():
        print(f"skip: {args.shared}/dev not found (evaluation data is not shipped with sitrep)")
        return 0
    with tempfile.TemporaryDirectory(prefix="sitrep-bench-stages-") as tmp:
        folder, meta = corpus(args, Path(tmp))
        spent, docs, bare = run(folder, meta, Path(tmp))
    spent = {"imports": IMPORTS, **spent}
    total = sum(spent.values())
    print(f"corpus {args.corpus}: {docs} documents ingested; CPU seconds per stage")
    print("stage | CPU s | share | ms per document")
    for stage, seconds in spent.items():
        print(f"{stage} | {seconds:.1f} | {100 * seconds / total:.0f} % | {1000 * seconds / max(docs, 1):.1f}")
    print(f"total | {total:.1f} | 100 % | {1000 * total / max(docs, 1):.1f}")
    print(f"bare nlp.pipe over the same texts | {bare:.1f} | | {1000 * bare / max(docs, 1):.1f}")
    print(f"ratio (bare nlp.pipe CPU / sitrep CPU): {bare / total:.2f}x; without start-up and imports: "
          f"{bare / (total - IMPORTS - spent['start-up: models, dictionaries, gazetteer']):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
