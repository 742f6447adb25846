"""One document, however long, costs a bounded time and memory through the whole pipeline.

Bound (docs/quality.md "Reliability: fuzzing and hostile input", README "Guarantees"): a text is
cut at ingest.max_chars (30,000 characters) with one warning naming the file, and ingesting it
(reading, spaCy, extraction, geocoding, storing) then takes under 5 s of CPU and grows peak
memory by under 500 MB. CPU time, not wall time: the machine running the tests may be shared.
The default run writes 60,000 characters (so the cut is exercised); `make soak-fuzz` sets
SITREP_LONG_CHARS=10000000, the 10-million-character case of issue #14.
"""
from __future__ import annotations

import logging
import os
import resource
import time

import pytest

from bench.corpus_variants import long_article
from sitrep.config import load_settings
from sitrep.pipeline import Pipeline
from sitrep.store import Store

CHARS = int(os.environ.get("SITREP_LONG_CHARS", "60000"))
BOUND_CPU_S, BOUND_MB = 5.0, 500
GOOD = "Gunmen attacked a checkpoint near Kidal on Monday, killing four soldiers, a local official said.\n"


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    """The stages, after one long article of the same places and words: the tables built on
    first use (the gazetteer's fuzzy keys by country, about 2 s once a process) are start-up."""
    loaded = Pipeline(load_settings(env={}))
    warm = tmp_path_factory.mktemp("warm")
    (warm / "warm.txt").write_text(long_article(CHARS, first_copy=50), encoding="utf-8")
    with Store(str(warm / "warm.db")) as store:
        loaded.ingest(store, [str(warm / "warm.txt")])
    return loaded


def _one_sentence(text: str) -> str:
    """The same words as one line and one sentence: no paragraph or sentence end to split at."""
    return text.replace("\n\n", " ").replace(". ", ", ")


@pytest.mark.parametrize("shape", ["paragraphs", "one sentence"])
def test_a_long_document_is_cut_and_costs_a_bounded_time_and_memory(pipeline, tmp_path, caplog, shape):
    text = long_article(CHARS)
    text = _one_sentence(text) if shape == "one sentence" else text
    long, good = tmp_path / "long.txt", tmp_path / "good.txt"
    long.write_text(text, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    with Store(str(tmp_path / "bound.db")) as store:
        pipeline.ingest(store, [str(good)])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        cpu = time.process_time()
        with caplog.at_level(logging.WARNING, logger="sitrep"):
            report = pipeline.ingest(store, [str(long)])
        cpu = time.process_time() - cpu
        grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak) / 1024
        kept = store.conn.execute("SELECT length(text) FROM documents WHERE source_path = ?",
                                  (str(long),)).fetchone()[0]
        count = store.conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert report.ingested == 1 and report.failed == 0 and count == 2
    limit = pipeline.settings.get("ingest", "max_chars")
    assert 0.8 * limit <= kept <= limit
    (warning,) = [r.getMessage() for r in caplog.records if "ingest.max_chars" in r.getMessage()]
    assert warning.startswith(f"{long}: article is ") and f"over the {limit:,}-character limit" in warning
    assert cpu < BOUND_CPU_S and grown_mb < BOUND_MB, (shape, cpu, grown_mb)
