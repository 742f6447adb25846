"""Live monitoring: follow feeds, sitemaps and folders, fetch new articles politely, run the pipeline.

Stages, one module each: ``sources`` (what to follow), ``listing`` (a feed or sitemap's links),
``canonical`` (one URL per story), ``fetcher`` (polite HTTP), ``archive`` (raw responses as
WARC records), ``poller`` (the loop that ties them to the store and ``Pipeline.ingest``).
"""
from sitrep.watch.poller import PollReport, Watcher
from sitrep.watch.sources import WatchSource, parse_sources

__all__ = ["PollReport", "Watcher", "WatchSource", "parse_sources"]
