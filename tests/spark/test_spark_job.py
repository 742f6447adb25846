"""The Spark job on local[2] gives the events a single-process `sitrep ingest` gives (ids aside).

One Spark session serves the whole module (starting the JVM costs ~10 s on two cores); the job
uses it as it finds it. The generated corpus is the demo articles moved whole weeks later
(bench/corpus_variants.py): ~60 documents over text, HTML and JSON Lines, with wire copies
(~200 with SITREP_SPARK_VARIANTS=10, `make soak-spark`).
"""
from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from sitrep.cli import cli
from sitrep.export.parquet import write_parquet
from sitrep.pipeline import Pipeline
from sitrep.spark.job import Replay, run_job
from sitrep.store import Store

pytestmark = pytest.mark.spark

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "articles"
_spec = importlib.util.spec_from_file_location("corpus_variants", ROOT / "bench" / "corpus_variants.py")
corpus_variants = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus_variants)

# What "the same events" means: every exported field a user reads, except the ids.
# Demo variants of the generated corpus: 3 (~60 documents, 5 partitions) in `make test`, where each
# variant costs ~4 s of the two runs; `make soak-spark` runs 10 (~200 documents).
VARIANTS = int(os.environ.get("SITREP_SPARK_VARIANTS", "3"))
KEY = ("event_type", "sub_event_type", "event_date", "time_precision", "country", "admin1", "location",
       "latitude", "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "injuries",
       "actor1", "actor2", "source", "modality", "background", "corroboration", "docs", "notes")


@pytest.fixture(scope="module")
def spark():
    from sitrep.spark.session import spark_session

    with spark_session("local[2]", app="sitrep tests") as session:
        yield session
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


@pytest.fixture(scope="module")
def single_pipeline():
    from sitrep.config import load_settings

    return Pipeline(load_settings(env={}))  # loaded once for the module's single-process runs


def _events(path: Path) -> list[tuple]:
    rows = pq.read_table(path).to_pylist()
    return sorted(tuple(str(r[k]) for k in KEY) for r in rows)


def _single_process(inputs: list[str], tmp: Path, pipeline: Pipeline) -> list[tuple]:
    """Events of the ordinary runner on the same inputs, through the same Parquet export."""
    with Store(tmp / "single.db") as store:
        pipeline.ingest(store, inputs)
    return _exported(str(tmp / "single.db"), tmp)


def _exported(db: str, tmp: Path) -> list[tuple]:
    """The events of store ``db`` through the Parquet export."""
    with Store(db, readonly=True) as store:
        outlets = {d.name: d.outlet for d in store.documents()}
        write_parquet(store.iter_events(), tmp / "single.parquet", outlets=outlets)
    return _events(tmp / "single.parquet")


def test_spark_job_on_the_demo_equals_single_process_ingest(spark, tmp_path, settings, demo_db):
    job = run_job([str(DEMO)], str(tmp_path / "out"), settings=settings, partitions=6)
    assert job.ingest.failed == 0 and job.ingest.ingested == 26 and job.partitions == 6
    spark_events = _events(tmp_path / "out" / "events.parquet")
    assert spark_events == _exported(demo_db, tmp_path)  # the session's `sitrep ingest` of the demo
    assert len(spark_events) == job.events >= 20
    # the tables are Parquet any engine reads: Spark itself, here
    assert spark.read.parquet(str(tmp_path / "out" / "events.parquet")).count() == job.events
    mentions = pq.read_table(tmp_path / "out" / "mentions.parquet").to_pylist()
    assert {m["event_id"] for m in mentions if m["event_id"]} == \
        set(pq.read_table(tmp_path / "out" / "events.parquet").column("event_id_cnty").to_pylist())
    assert pq.read_table(tmp_path / "out" / "documents.parquet").num_rows == 26
    assert json.loads((tmp_path / "out" / "run.json").read_text())["events"] == job.events


def test_spark_job_on_generated_articles_equals_single_process(spark, tmp_path, settings, single_pipeline):
    corpus = tmp_path / "corpus"
    n = corpus_variants.write_corpus(corpus, variants=VARIANTS, jsonl_variants=max(1, VARIANTS // 3))
    (corpus / "broken.jsonl").write_text('{"id": "ok-1", "text": "x"}\nnot json\n', encoding="utf-8")
    assert n >= 19 * VARIANTS
    job = run_job([str(corpus)], str(tmp_path / "out"), settings=settings, partitions=5)
    spark_events = _events(tmp_path / "out" / "events.parquet")
    single = _single_process([str(corpus)], tmp_path, single_pipeline)
    assert spark_events == single
    assert len(spark_events) > 10 * VARIANTS
    with Store(tmp_path / "single.db", readonly=True) as store:
        assert job.ingest.failed == len(store.ingest_errors()) >= 1  # the broken line, in both runs


def test_spark_job_twice_into_one_store_changes_nothing(spark, tmp_path, settings):
    first = run_job([str(DEMO / "scraper_dump.jsonl")], str(tmp_path / "out"), settings=settings)
    again = run_job([str(DEMO / "scraper_dump.jsonl")], str(tmp_path / "out"), settings=settings)
    assert first.ingest.ingested > 0 and again.ingest.ingested == 0
    assert again.ingest.unchanged == first.ingest.ingested and again.events == first.events


def test_spark_ingest_command_names_a_bad_file_and_exits_1(spark, tmp_path):
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "ok.txt").write_text((DEMO / "syria_sukhnah_landmine.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["spark", "ingest", str(bad), "--output", str(tmp_path / "out"),
                                      "--master", "local[2]"], obj={})
    assert result.exit_code == 1, result.output
    assert "empty.txt" in result.stderr and "1 ingested" in result.stderr
    assert pq.read_table(tmp_path / "out" / "events.parquet").num_rows >= 1


def test_spark_ingest_into_an_unwritable_output_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["spark", "ingest", str(DEMO), "--output", str(blocker / "out")], obj={})
    assert result.exit_code == 2 and "cannot create the output folder" in result.stderr


def test_replay_hands_back_each_files_records_in_order():
    from sitrep.model import Document

    docs = [Document(name=f"d{i}", source_path="f", format="txt", raw=b"", sha256=str(i)) for i in range(3)]
    records = iter([(0, docs[0], []), (0, ("a.jsonl", "json", "bad line", "line 2", None), None),
                    (2, docs[1], ("b.txt", "internal", "boom", None, None)), (2, docs[2], [])])
    replay = Replay(records, [Path("a.jsonl"), Path("empty.txt"), Path("b.txt")])
    first = list(replay.read(Path("a.jsonl")))
    assert first[0] is docs[0] and first[1].reason == "json" and "line 2" in str(first[1])
    assert list(replay.read(Path("empty.txt"))) == []
    third = list(replay.read(Path("b.txt")))
    results = replay.analyse(third)
    assert results[0].reason == "internal" and results[1] == []
