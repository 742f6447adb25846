"""Shared fixtures for extraction tests: the spaCy pipeline is loaded once per session."""
from __future__ import annotations

import pytest

from sitrep.config import load_settings
from sitrep.extract.events import SentenceReader
from sitrep.extract.modality import ModalityRules
from sitrep.extract.nlp import load_nlp
from sitrep.extract.triggers import TriggerLexicon


@pytest.fixture(scope="session")
def nlp():
    return load_nlp(load_settings(env={}))


@pytest.fixture(scope="module")
def reader(nlp):
    return SentenceReader(TriggerLexicon(nlp), ModalityRules(nlp))
