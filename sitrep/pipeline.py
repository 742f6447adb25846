"""The runner: ingest → extract → geocode → resolve → store, one transaction per document.

Stages are plain objects over records (see ``model.py``); only this module touches the store.
A document is written with all its results at once, so a crash (even kill -9) leaves whole
documents only, and re-running the same command skips what is stored (by content hash).
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter, deque
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Protocol

from sitrep import ingest
from sitrep.config import Settings
from sitrep.errors import InputError
from sitrep.extract import Extractor
from sitrep.extract.gate import SPECIFIC
from sitrep.geo import Geocoder
from sitrep.geo.focus import document_country
from sitrep.model import Document, EventMention
from sitrep.resolve import Resolver
from sitrep.store import Store
from sitrep.workers import AnalysisPool

log = logging.getLogger(__name__)

# What the analysis stages make of one document: its mentions, or the error that stopped it.
Analysis = list[EventMention] | InputError


class Analyse(Protocol):
    """``Pipeline.analyse``'s shape: a batch of documents in, one ``Analysis`` per document out."""

    def __call__(self, docs: list[Document], *, debug: bool = False) -> list[Analysis]: ...


@dataclass
class IngestReport:
    """What a batch did: counts for the end-of-run summary and every error line."""

    ingested: int = 0
    unchanged: int = 0
    failed: int = 0
    events: int = 0
    errors: list[InputError] = field(default_factory=list)
    languages: Counter = field(default_factory=Counter)
    queued: int = 0  # read and waiting for the next extraction batch (shown by the progress bar)

    @property
    def by_reason(self) -> Counter:
        return Counter(e.reason for e in self.errors)

    def summary(self) -> str:
        text = f"{self.ingested} ingested, {self.unchanged} skipped as unchanged, {self.failed} failed"
        if self.errors:
            text += " (" + ", ".join(f"{n} {r}" for r, n in sorted(self.by_reason.items())) + ")"
        text += f"; {self.events} event mentions extracted"
        other = {lang: n for lang, n in self.languages.items() if lang != "en"}
        if other:
            listed = ", ".join(f"{n} {lang or 'unknown'}" for lang, n in sorted(other.items(), key=str))
            text += f"; {sum(other.values())} not in English stored ({listed})"
        return text


class Pipeline:
    """Holds the loaded stages so several batches (or the web app's uploads) share one load."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.extractor = Extractor(settings)
        self.geocoder = Geocoder(settings)
        self.resolver = Resolver(settings)

    def ingest(self, store: Store, paths: Iterable[str], *, meta: dict[str, dict[str, Any]] | None = None,
               on_error: Callable[[InputError], None] | None = None,
               progress: Callable[[int, IngestReport], None] | None = None,
               debug: bool = False, read: Callable[[Path], Iterable[Document | InputError]] | None = None,
               analyse: Analyse | None = None, workers: int = 0) -> IngestReport:
        """Ingest every input under ``paths``; ``progress(files_done, report)`` is called as files finish.

        ``read`` (a file's documents and errors) and ``analyse`` (a batch's mentions, see
        ``analyse``) default to doing the work here; the Spark job passes functions that replay what
        its executors computed, so that storing and merging (order, batching, duplicates) are this
        very loop and the result equals a single-process run. ``workers`` > 0 (with the default
        ``analyse``) runs the analysis of all batches but the first in that many worker processes
        while this loop reads on and stores the batches in order (sitrep/workers.py): same result."""
        report = IngestReport()

        def fail(error: InputError) -> None:
            report.failed += 1
            report.errors.append(error)
            store.record_error(error)
            if on_error:
                on_error(error)

        files = ingest.discover(list(paths), on_error=fail)
        read = read or (lambda path: ingest.read_file(path, meta=meta or {}, settings=self.settings))
        flow = _BatchFlow(self, store, report, fail, debug, analyse,
                          workers if analyse is None and AnalysisPool.available() else 0)
        with flow:
            self._read_all(files, read, int(self.settings.get("extract", "batch_size")), flow, store, report, progress)
        return report

    def _read_all(self, files: list[Path], read: Callable[[Path], Iterable[Document | InputError]],
                  batch_size: int, flow: _BatchFlow, store: Store, report: IngestReport,
                  progress: Callable[[int, IngestReport], None] | None) -> None:
        """``ingest``'s reading loop: documents into batches of ``batch_size``, each handed to ``flow``."""
        batch: list[Document] = []
        position = 0  # documents read, stored before or not: batch boundaries depend on the input alone
        for done, path in enumerate(files, 1):
            for item in read(path):
                if isinstance(item, InputError):
                    flow.fail(item)
                    continue
                position += 1
                if _keyed_and_stored(store, flow.queued(batch), item):
                    report.unchanged += 1
                else:
                    batch.append(item)
                    report.languages[item.language] += 1
                    if item.language != "en":
                        log.info("%s: language %s (stored; extraction handles English)", item.name, item.language)
                # A batch is every batch_size-th slice of the documents read, not of the new ones:
                # after a crash the re-run then stores the rest of the interrupted slice in the very
                # order of an uninterrupted run (batches are sorted by date before storing), so which
                # report comes first, and so every merge and event id, is the same.
                if position % batch_size == 0 and batch:
                    flow.put(batch)
                    batch = []
            if progress:
                report.queued = len(flow.queued(batch))
                progress(done, report)
        report.queued = 0
        if batch:
            flow.put(batch)

    def analyse(self, docs: list[Document], *, debug: bool = False) -> list[Analysis]:
        """Country focus, extraction and geocoding of a batch, without the store: per document its
        mentions, or the error that stopped it. Each document's result depends on that document
        alone, which is why Spark executors can run this on any partition of a corpus."""
        try:
            for doc in docs:
                if doc.text:
                    doc.country, doc.country_weight = document_country(self.geocoder, doc.text,
                                                                       *self.extractor.country_hint(doc.text))
            all_mentions = self.extractor.pipe(docs)
        except Exception as exc:  # one bad article must not sink the batch: retry one by one
            if debug:
                raise
            if len(docs) == 1:
                return [InputError(docs[0].source_path, "internal", f"extraction failed ({exc!r})",
                                   record=docs[0].record, hint="rerun with --debug and report the bug")]
            return [result for doc in docs for result in self.analyse([doc], debug=debug)]
        results: list[Analysis] = []
        for doc, mentions in zip(docs, all_mentions):
            try:
                self.geocoder.geocode_mentions(doc, mentions)
            except Exception as exc:
                if debug:
                    raise
                log.exception("geocoding %s failed", doc.name)
                mentions = InputError(doc.source_path, "internal", f"processing failed ({exc!r})",
                                      record=doc.record, hint="rerun with --debug and report the bug")
            results.append(mentions)
        return results

    def _store_batch(self, store: Store, docs: list[Document], analyses: list[Analysis], report: IngestReport,
                     fail: Callable[[InputError], None], debug: bool) -> None:
        """Store a batch's documents (in ``store_order``) with their analyses, counting into ``report``."""
        for doc, mentions in zip(docs, analyses):
            if isinstance(mentions, InputError):
                fail(mentions)
                continue
            try:
                stored = self.store_document(store, doc, mentions)
            except Exception as exc:
                failure = store.write_failure(exc, f"storing {doc.name}")
                if failure is not None:
                    raise failure from exc  # every later document would fail alike: stop with one line
                if debug:
                    raise
                log.exception("processing %s failed", doc.name)
                fail(InputError(doc.source_path, "internal", f"processing failed ({exc!r})", record=doc.record,
                                hint="rerun with --debug and report the bug"))
                continue
            if not stored:
                report.unchanged += 1
                continue
            report.ingested += 1
            report.events += sum(m.specificity == SPECIFIC for m in mentions)

    def store_document(self, store: Store, doc: Document, mentions: list[EventMention]) -> bool:
        """Write a document with its events in one transaction (the unit a crash cannot split);
        False when another writer stored the same document since it was queued.

        Mentions the event gate judged context (habits, counts, out-of-scope violence) are stored
        with the document, for ``sitrep context``, and take no part in merging. The transaction
        holds the store's writer lock (see ``Store.lock_writers``), and the content key is looked
        up again under it: a concurrent ``sitrep ingest`` on the same database may have stored
        these bytes while this process was parsing them."""
        with store.transaction():
            store.lock_writers()
            if _keyed_and_stored(store, [], doc):
                return False
            bands = self.resolver.signature_bands(doc)
            original = self.resolver.find_original(doc, *store.copy_candidates(bands))
            doc.duplicate_of = original.id if original else None
            doc.duplicate_of_name = original.name if original else None
            doc_id = store.add_document(doc, shingles=self.resolver.packed_shingles(doc))
            store.add_bands(doc_id, bands)
            old = store.previous_version(doc_id)
            if old is not None:
                self._forget_document(store, old)
            context = [m for m in mentions if m.specificity != SPECIFIC]
            mentions = [m for m in mentions if m.specificity == SPECIFIC]
            store.add_context(doc_id, context)
            candidates = store.candidate_events_in(self.resolver.blocking_windows(mentions), with_claims=False)
            outlets = store.outlets({m.doc for e in candidates for m in e.mentions})
            outlets[doc.name] = doc.outlet
            result = self.resolver.merge(doc, mentions, candidates, outlets)
            for absorbed, into, reason in result.absorbed:
                store.delete_event(absorbed)
                store.record_merge(absorbed, into, reason)
            for event in result.events:
                store.save_event(event)
        return True

    def _forget_document(self, store: Store, doc_id: int) -> None:
        """Drop an old version's mentions and rebuild (or delete) the events they supported."""
        affected = store.events_of_document(doc_id)
        store.delete_mentions_of(doc_id)
        for event_id in affected:
            event = self.resolver.rebuild(store.get_event(event_id))
            if event is None:
                store.delete_event(event_id)
            else:
                store.save_event(event)


def store_order(doc: Document) -> tuple[str, str]:
    """Earliest first within a batch: when two documents are near-copies, the one stored first is
    taken as the original."""
    return doc.published or "9999", doc.name


class _BatchFlow:
    """Batches from the reading loop to the store, in order: analysed here, or (``workers`` > 0) in
    worker processes, at most ``workers`` batches ahead of the one being stored."""

    def __init__(self, pipeline: Pipeline, store: Store, report: IngestReport, fail: Callable[[InputError], None],
                 debug: bool, analyse: Analyse | None, workers: int):
        self.pipeline, self.store, self.report, self.fail, self.debug = pipeline, store, report, fail, debug
        self.analyse: Analyse = analyse or pipeline.analyse
        self.workers = workers
        self.pool: AnalysisPool | None = None
        self.ahead: deque[tuple[list[Document], Future]] = deque()

    def queued(self, batch: list[Document]) -> list[Document]:
        """Documents read and not stored yet: the open batch and those being analysed."""
        return batch + [d for docs, _ in self.ahead for d in docs] if self.ahead else batch

    def put(self, batch: list[Document]) -> None:
        docs = sorted(batch, key=store_order)
        if self.pool is None:  # the first batch (it loads the models the workers then inherit), or no pool
            self._store(docs, self.analyse(docs, debug=self.debug))
            if self.workers:
                self.pool = AnalysisPool(self.analyse, self.workers)
            return
        self.ahead.append((docs, self.pool.submit(docs, debug=self.debug)))
        while len(self.ahead) > self.workers:
            self._next()

    def _next(self) -> None:
        docs, future = self.ahead.popleft()
        try:
            docs, analyses = future.result()
        except BrokenProcessPool:  # a worker died (out of memory, killed): this batch here, no pool now
            log.warning("an analysis worker died; analysing its batch in this process, and the rest too")
            self.workers = 0
            analyses = self.analyse(docs, debug=self.debug)
        self._store(docs, analyses)

    def _store(self, docs: list[Document], analyses: list[Analysis]) -> None:
        self.pipeline._store_batch(self.store, docs, analyses, self.report, self.fail, self.debug)

    def __enter__(self) -> _BatchFlow:
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        try:
            while self.ahead and exc_type is None:
                self._next()
        finally:
            if self.pool is not None:
                self.pool.close()


def _keyed_and_stored(store: Store, batch: list[Document], doc: Document) -> bool:
    """Give ``doc`` the key it is stored under, and say whether that key is already stored or
    queued (a re-ingest of the same file). The key is its bytes' hash, unless the same bytes are
    stored (or queued) under other names only: that is another report (a wire story two outlets
    ran verbatim), which gets a key of its own, so it is kept and the resolver links it as a copy.
    One store query for a new document (on PostgreSQL each is a round trip to the server)."""
    names = store.names_with_content(doc.sha256) | {d.name for d in batch if d.sha256 == doc.sha256}
    if not names or doc.name in names:
        return bool(names)
    doc.sha256 = hashlib.sha256(f"{doc.sha256}\0{doc.name}".encode()).hexdigest()
    return store.has_content(doc.sha256) or any(d.sha256 == doc.sha256 for d in batch)
