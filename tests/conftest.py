"""Shared fixtures: small records built by hand, and where the optional ../shared data lives."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.config import load_settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


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
