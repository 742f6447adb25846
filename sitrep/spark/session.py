"""A Spark session for the job: local or cluster by the master URL alone, quiet, stopped after.

Kept apart from ``job.py`` so that the job's stages import without pyspark (and a missing Java
is one clear line here, not a Py4J traceback).
"""
from __future__ import annotations

import os
import shutil
import sys
from contextlib import contextmanager
from typing import Any, Iterator

from sitrep.errors import SitrepError


class SparkUnavailable(SitrepError):
    """pyspark or Java is missing, or the Spark master cannot be reached."""


@contextmanager
def spark_session(master: str | None = None, *, app: str = "sitrep ingest") -> Iterator[Any]:
    """A SparkSession on ``master`` (else spark-submit's, else ``local[*]``), stopped on exit;
    an already active session is used as it is (and left running).

    Executors run this interpreter (``PYSPARK_PYTHON``) unless the environment names another:
    on a laptop that is the virtualenv sitrep is installed in; on a cluster, set PYSPARK_PYTHON
    to a Python with sitrep installed on every node."""
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable(f"pyspark is not installed ({exc}); run `make venv`") from exc
    active = SparkSession.getActiveSession()
    if active is not None:  # a caller's session (a notebook, the tests): use it, leave it running
        yield active
        return
    if not (os.environ.get("JAVA_HOME") or shutil.which("java")):
        raise SparkUnavailable("Java not found (Spark needs Java 17): run `make java` or set JAVA_HOME")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    conf = SparkConf().setAppName(app)
    if master:
        conf.setMaster(master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    if conf.get("spark.master", "").startswith("local"):
        # One machine: keep Spark's own traffic on the loopback interface, not the host's address.
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1")
    conf.setIfMissing("spark.ui.enabled", "false").setIfMissing("spark.ui.showConsoleProgress", "false")
    conf.setIfMissing("spark.python.worker.reuse", "true")  # the per-worker spaCy cache relies on it
    try:
        spark = SparkSession.builder.config(conf=conf).getOrCreate()
    except Exception as exc:  # Py4J / JVM start-up failures
        raise SparkUnavailable(f"Spark did not start on {conf.get('spark.master')} ({exc}); "
                               "check the master URL and `java -version` (17 or later)") from exc
    spark.sparkContext.setLogLevel("ERROR")
    try:
        yield spark
    finally:
        spark.stop()
