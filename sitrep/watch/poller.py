"""The watch loop: poll due sources, queue new links, fetch them politely, archive, run the pipeline.

Every step is recorded before the next starts (link queued → archived → ingested), and each
record is one transaction or one atomic file, so a kill -9 anywhere loses nothing and a restart
repeats nothing: a link whose archive file exists is not fetched again, and re-ingesting an
archive the store already holds is a no-op (documents are keyed by content hash). Articles go
through ``Pipeline.ingest`` exactly as ``sitrep ingest`` runs them, so ids and merges are the same.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from sitrep import ingest
from sitrep.config import Settings
from sitrep.errors import InputError
from sitrep.pipeline import Pipeline
from sitrep.store import Store
from sitrep.store import watchlog as ledger
from sitrep.watch.archive import archive_name, document_name, write_response
from sitrep.watch.canonical import canonical_url, declared_canonical
from sitrep.watch.fetcher import Fetched, FetchFailed, Fetcher, Policy
from sitrep.watch.listing import Listing, parse_listing
from sitrep.watch.sources import WatchSource

log = logging.getLogger(__name__)

SETTLE_S = 1.0  # a folder file modified this recently may still be being written: next poll


@dataclass
class PollReport:
    """One round of polling, for the log line `sitrep watch` prints."""

    polled: int = 0
    not_modified: int = 0
    new_links: int = 0
    fetched: int = 0
    ingested: int = 0
    events: int = 0
    duplicates: int = 0
    skipped: Counter = field(default_factory=Counter)
    failed: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (f"{self.polled} sources polled ({self.not_modified} unchanged), {self.new_links} new links, "
                f"{self.fetched} pages fetched, {self.ingested} articles ingested ({self.events} event mentions)")
        for label, counts in (("skipped", self.skipped), ("failed, retried later", self.failed)):
            if counts:
                text += f"; {sum(counts.values())} {label} (" + ", ".join(f"{n} {r}" for r, n in
                                                                           sorted(counts.items())) + ")"
        if self.duplicates:
            text += f"; {self.duplicates} duplicate URLs"
        return text


class Watcher:
    """Follows sources into one store; ``poll_due`` runs one round, ``run`` loops until stopped."""

    def __init__(self, store: Store, pipeline: Pipeline, settings: Settings, *, archive_dir: Path,
                 fetcher: Fetcher | None = None, on_error: Callable[[str], None] | None = None):
        self.store, self.pipeline, self.settings = store, pipeline, settings
        self.archive_dir = Path(archive_dir)
        self.fetcher = fetcher or Fetcher(Policy.from_settings(settings))
        self.pool = ThreadPoolExecutor(max_workers=int(settings.get("watch", "concurrency")),
                                       thread_name_prefix="sitrep-fetch")
        self.on_error = on_error or (lambda line: log.warning("%s", line))
        self.keys: list[str] = []
        self.stop = threading.Event()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.fetcher.close()

    def add_sources(self, sources: list[WatchSource]) -> None:
        """Record the sources to follow (their history is kept when they were followed before)."""
        for s in sources:
            default = "folder_interval_s" if s.kind == "folder" else "interval_s"
            interval = s.interval_s or float(self.settings.get("watch", default))
            ledger.register_source(self.store, s.key, s.kind, s.outlet, s.language, interval)
            if s.key not in self.keys:
                self.keys.append(s.key)

    def run(self, *, on_report: Callable[[PollReport], None] | None = None) -> None:
        """Poll whatever is due, sleep until the next source is due; return when ``stop`` is set."""
        while not self.stop.is_set():
            report = self.poll_due()
            if on_report and report.polled:
                on_report(report)
            self.stop.wait(self.seconds_to_next())

    def seconds_to_next(self) -> float:
        upcoming = [r["next_poll"] for r in ledger.sources(self.store, self.keys) if r["next_poll"]]
        if not upcoming:
            return 60.0
        wait = _seconds_until(min(upcoming))
        return max(0.2, min(60.0, wait))

    def poll_due(self, *, force: bool = False) -> PollReport:
        """One round: every due source (every source with ``force``), its new links, the pipeline."""
        report = PollReport()
        now = ledger.now_iso()
        due = [r for r in ledger.sources(self.store, self.keys) if force or (r["next_poll"] or "") <= now]
        web = [r for r in due if r["kind"] != "folder"]
        self._poll_listings(web, report)
        if not self.stop.is_set():
            links = ledger.due_links(self.store, [r["key"] for r in web])
            self._fetch_links([link for link in links if link["state"] != "fetched"], report)
        if not self.stop.is_set():
            self._ingest_fetched({r["key"]: r for r in web}, report)
        for row in due:
            if row["kind"] == "folder" and not self.stop.is_set():
                self._poll_folder(row, report)
        return report

    # -- listings ----------------------------------------------------------------------------
    def _poll_listings(self, rows: list[dict[str, Any]], report: PollReport) -> None:
        futures = {self.pool.submit(self._read_listing, r): r for r in rows}
        for fut in as_completed(futures):
            row = futures[fut]
            report.polled += 1
            try:
                fetched, listing = fut.result()
            except FetchFailed as exc:
                self._source_failed(row, f"{exc.reason}: {exc.message}", report)
                continue
            with self.store.transaction():
                if listing is None:
                    report.not_modified += 1
                    ledger.record_poll(self.store, row["key"], ok=True, next_in_s=row["interval_s"])
                    continue
                links = [(canonical_url(e.url), e.url, e.title, e.published) for e in listing.entries]
                report.new_links += ledger.add_links(self.store, row["key"], links)
                ledger.record_poll(self.store, row["key"], ok=True, error=listing.problem,
                                   kind=listing.kind.replace("index", ""), etag=fetched.header("etag"),
                                   last_modified=fetched.header("last-modified"), next_in_s=row["interval_s"])
            if listing.problem:
                report.errors.append(f"{row['key']}: {listing.problem}")
                self.on_error(f"{row['key']}: {listing.problem}; the links it could read are queued, "
                              "fix the feed or tell its publisher")

    def _read_listing(self, row: dict[str, Any]) -> tuple[Fetched, Listing | None]:
        """Fetch and parse a feed or sitemap (a sitemap index: its child sitemaps too); None if 304."""
        fetched = self.fetcher.get(row["key"], etag=row["etag"], last_modified=row["last_modified"])
        if fetched.not_modified:
            return fetched, None
        listing = parse_listing(fetched.body, fetched.url, fetched.header("content-type"))
        for child in listing.sitemaps[:50]:
            page = self.fetcher.get(child)
            sub = parse_listing(page.body, page.url, page.header("content-type"))
            listing.entries += sub.entries
            listing.problem = listing.problem or sub.problem
        return fetched, listing

    def _source_failed(self, row: dict[str, Any], error: str, report: PollReport) -> None:
        report.errors.append(f"{row['key']}: {error}")
        self.on_error(f"{row['key']}: {error}; retried at its next poll, the other sources go on")
        with self.store.transaction():
            ledger.record_poll(self.store, row["key"], ok=False, error=error, next_in_s=row["interval_s"])

    # -- pages -------------------------------------------------------------------------------
    def _fetch_links(self, links: list[dict[str, Any]], report: PollReport) -> None:
        futures: dict[Future, dict[str, Any]] = {}
        for link in links:
            done = self.archive_dir / archive_name(link["url"])
            if link["state"] == "queued" and done.exists():  # archived just before a crash
                with self.store.transaction():
                    ledger.set_link(self.store, link["url"], "fetched", warc=str(done))
                continue
            futures[self.pool.submit(self._fetch_and_keep, link)] = link
        for fut in as_completed(futures):
            if self.stop.is_set():
                for other in futures:
                    other.cancel()
                return
            link = futures[fut]
            try:
                self._archive(link, *fut.result(), report)
            except FetchFailed as exc:
                self._link_failed(link, exc, report)

    def _fetch_and_keep(self, link: dict[str, Any]) -> tuple[Fetched, str | None, Path | None]:
        """Fetch a page and, unless it names another story as its canonical, write its archive file
        before its host slot is given back (``Fetcher.get``'s ``keep``).

        A kill -9 then loses only the requests in flight: a page its server has answered is on disk
        before the next request to that host starts, and the restart's ``done.exists()`` check skips
        it. Archiving in the collecting thread instead left answered pages waiting in memory while
        that thread was busy with the ledger, and those were asked again after a kill. A page that
        declares another URL may be a duplicate, which only the ledger (the collecting thread's) can
        tell, so it waits."""
        kept: list[tuple[str | None, Path | None]] = []

        def keep(fetched: Fetched) -> None:
            declared = declared_canonical(fetched.body, fetched.url)
            own = not declared or declared == link["url"]
            kept.append((declared, write_response(self.archive_dir, link["url"], fetched) if own else None))

        fetched = self.fetcher.get(link["found_url"], keep=keep)
        declared, path = kept[-1] if kept else (declared_canonical(fetched.body, fetched.url), None)
        return fetched, declared, path

    def _archive(self, link: dict[str, Any], fetched: Fetched, declared: str | None, path: Path | None,
                 report: PollReport) -> None:
        """Record a fetched page in the ledger (archiving it now if the worker could not), or mark it a
        duplicate of a story already known."""
        with self.store.transaction():
            if declared and declared != link["url"] and ledger.known(self.store, declared):
                ledger.set_link(self.store, link["url"], "duplicate", http_status=fetched.status,
                                reason=f"same story as {declared}")
                report.duplicates += 1
                return
            path = path or write_response(self.archive_dir, link["url"], fetched)
            if declared and declared != link["url"]:
                ledger.add_alias(self.store, declared, link["source_key"], link["url"])
            ledger.set_link(self.store, link["url"], "fetched", http_status=fetched.status, warc=str(path))
        report.fetched += 1

    def _link_failed(self, link: dict[str, Any], exc: FetchFailed, report: PollReport) -> None:
        attempts = link["attempts"] + 1
        give_up = not exc.retry or attempts >= int(self.settings.get("watch", "max_attempts"))
        with self.store.transaction():
            if give_up:
                ledger.set_link(self.store, link["url"], "skipped", http_status=exc.status, reason=exc.reason,
                                attempts=attempts)
            else:
                wait = float(self.settings.get("watch", "retry_after_s")) * 2 ** (attempts - 1)
                ledger.set_link(self.store, link["url"], "failed", http_status=exc.status, reason=exc.reason,
                                attempts=attempts, retry_at=ledger.now_iso(wait))
        (report.skipped if give_up else report.failed)[exc.reason] += 1
        log.info("%s: %s", link["found_url"], exc.message)

    # -- pipeline ----------------------------------------------------------------------------
    def _ingest_fetched(self, sources: dict[str, dict[str, Any]], report: PollReport) -> None:
        """Every archived, not yet ingested link of these sources, through ``Pipeline.ingest``."""
        links = [link for link in ledger.due_links(self.store, list(sources)) if link["state"] == "fetched"]
        if not links:
            return
        by_path = {link["warc"]: link for link in links}
        meta = {document_name(Path(link["warc"])): _meta(link, sources[link["source_key"]]) for link in links}
        rejected = self._run_pipeline(list(by_path), meta, report)
        per_source: Counter = Counter()
        with self.store.transaction():
            for path, link in by_path.items():
                if path in rejected:
                    ledger.set_link(self.store, link["url"], "rejected", reason=rejected[path])
                else:
                    ledger.set_link(self.store, link["url"], "ingested", document=document_name(Path(path)))
                    per_source[link["source_key"]] += 1
            for key, n in per_source.items():
                ledger.count_articles(self.store, key, n)

    def _run_pipeline(self, paths: list[str], meta: dict[str, dict[str, Any]], report: PollReport) -> dict[str, str]:
        """``Pipeline.ingest`` over ``paths``; returns {path: reason} of the inputs it refused."""
        rejected: dict[str, str] = {}

        def on_error(error: InputError) -> None:
            rejected[error.path] = error.reason
            self.on_error(str(error))

        result = self.pipeline.ingest(self.store, paths, meta=meta, on_error=on_error)
        report.ingested += result.ingested
        report.events += result.events
        return rejected

    def _poll_folder(self, row: dict[str, Any], report: PollReport) -> None:
        """New and changed files of a folder (by modification time and size) through the pipeline."""
        report.polled += 1
        errors: list[InputError] = []
        files = ingest.discover([row["key"]], on_error=errors.append)
        changed: dict[str, str] = {}
        for path in files:
            st = path.stat()
            version = f"{st.st_mtime_ns}:{st.st_size}"
            if time.time() - st.st_mtime >= SETTLE_S and ledger.file_version(self.store, str(path)) != version:
                changed[str(path)] = version
        meta = {Path(p).name: {k: row[k] for k in ("outlet", "language") if row[k]} for p in changed}
        rejected = self._run_pipeline(list(changed), meta, report) if changed else {}
        with self.store.transaction():
            for path, version in changed.items():
                state = "rejected" if path in rejected else "ingested"
                ledger.record_file(self.store, path, row["key"], version, state, rejected.get(path))
            ledger.count_articles(self.store, row["key"], sum(p not in rejected for p in changed))
            error = "; ".join(str(e) for e in errors) or None
            ledger.record_poll(self.store, row["key"], ok=not errors, error=error, kind="folder",
                               next_in_s=row["interval_s"])


def _meta(link: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """What the listing and the sources file say about an article (the pipeline's --meta row)."""
    values = {"url": link["found_url"], "title": link["title"], "published": link["published"],
              "outlet": source["outlet"], "language": source["language"]}
    return {k: v for k, v in values.items() if v}


def _seconds_until(iso: str) -> float:
    import datetime as dt

    return (dt.datetime.fromisoformat(iso) - dt.datetime.now(dt.timezone.utc)).total_seconds()


def default_archive_dir(db: str) -> Path:
    """``war.db`` → ``war.warc/`` beside it (the watch.archive_dir setting overrides it)."""
    base, _ = os.path.splitext(db)
    return Path(base + ".warc")
