"""Fixtures for merge tests: the fictional multi-report corpus and its known clusters."""
from __future__ import annotations

import pytest

from resolve.corpus.loader import Report, gold_clusters, load_corpus


@pytest.fixture
def corpus() -> list[Report]:
    return load_corpus()


@pytest.fixture
def gold(corpus) -> set[frozenset[tuple[str, int]]]:
    return gold_clusters(corpus)
