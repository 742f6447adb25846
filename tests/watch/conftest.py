"""Fixtures for the watch tests: the local fixture server and fast politeness settings."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from server import FixtureServer  # noqa: E402

# No waiting between requests, tiny backoff and timeout: the behaviour is the same, only faster.
FAST = """[watch]
host_delay_s = 0
backoff_s = 0.01
max_backoff_s = 0.05
timeout_s = 0.5
max_page_mb = 0.05
retry_after_s = 0
"""


@pytest.fixture
def server():
    with FixtureServer() as s:
        yield s


@pytest.fixture
def fast_config(tmp_path: Path) -> Path:
    path = tmp_path / "fast.toml"
    path.write_text(FAST)
    return path
