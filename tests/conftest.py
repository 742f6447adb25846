"""Shared fixtures: small records built by hand, where the optional ../shared data lives, and
the PostgreSQL server (a real one, `scripts/pg.sh`) with fresh databases on it."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Callable, Iterator

import pytest

from sitrep.config import load_settings

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo" / "articles"
SHARED = ROOT.parent / "shared"
PG_SCRIPT = ROOT / "scripts" / "pg.sh"


def pytest_collection_modifyitems(config, items):
    """Tests marked `shared` skip cleanly when ../shared (evaluation data) is absent."""
    if (SHARED / "dev").is_dir():
        return
    skip = pytest.mark.skip(reason="../shared not present (evaluation data is not shipped)")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def settings():
    return load_settings(env={})


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo corpus ingested once by the real `sitrep ingest` (in this process), for every test
    that only reads it: the ingest costs 6-12 s on two cores, and five modules each made their own.
    Read it only (``Store(demo_db, readonly=True)``, exports, a read-only server); a test that
    writes copies the file first."""
    from click.testing import CliRunner

    from sitrep.cli import cli

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["ingest", str(DEMO), "--db", str(path), "--quiet"], obj={})
    assert result.exit_code == 0, result.output
    return str(path)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """URL of the server `make postgres` runs; started here the same way (and stopped after) when
    it is not running. It fails, never skips: the PostgreSQL backend is tested on every run."""
    running = subprocess.run([PG_SCRIPT, "url"], capture_output=True, text=True)
    started = running.returncode != 0
    url = subprocess.run([PG_SCRIPT, "start"], capture_output=True, text=True, check=True).stdout.strip() \
        if started else running.stdout.strip()
    yield url
    if started:
        subprocess.run([PG_SCRIPT, "stop"], check=True)


@pytest.fixture(scope="session")
def pg_database(pg_server: str) -> Iterator[Callable[[str], str]]:
    """Makes a fresh database on the test server, ``pg_database("web")`` -> its URL; all dropped at the end."""
    import psycopg

    made: list[str] = []

    def make(tag: str) -> str:
        name = f"sitrep_{tag}_{os.getpid()}_{len(made)}"
        with psycopg.connect(pg_server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return pg_server.rsplit("/", 1)[0] + "/" + name

    yield make
    with psycopg.connect(pg_server, autocommit=True) as conn:
        for name in made:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_session_db(pg_database: Callable[[str], str]) -> str:
    return pg_database("store")


@pytest.fixture
def pg_url(pg_session_db: str) -> str:
    """The session's database emptied (schema dropped): each test starts with no tables, as with a new file."""
    import psycopg

    with psycopg.connect(pg_session_db, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return pg_session_db


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A new, empty store on each backend: a test taking ``db`` runs once on SQLite, once on PostgreSQL."""
    return str(tmp_path / "a.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
