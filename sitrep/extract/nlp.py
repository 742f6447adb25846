"""Load the spaCy English pipeline once per process (it takes about a second and 50 MB).

The model is a pinned PyPI package (``extract.spacy_model``), imported by its package name:
nothing is downloaded at run time. We keep every component: the parser gives sentences and the
dependency roles (who attacked whom), the NER gives place hints, the lemmatizer lets the trigger
dictionary list base forms only. Measured in docs/quality.md: dropping the lemmatizer saves
under 5 % and costs trigger recall, so it stays.
"""
from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from typing import Any

from sitrep.config import Settings
from sitrep.errors import ConfigError

log = logging.getLogger(__name__)


@lru_cache(maxsize=4)
def _load(package: str) -> Any:
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise ConfigError(f"spaCy model package {package!r} is not installed (extract.spacy_model); "
                          f"install it with pip (see pyproject.toml) or set another model") from exc
    nlp = module.load()
    log.debug("loaded spaCy pipeline %s: %s", package, nlp.pipe_names)
    return nlp


def load_nlp(settings: Settings) -> Any:
    """The shared spaCy ``Language`` for ``extract.spacy_model`` (loaded on first use)."""
    return _load(str(settings.get("extract", "spacy_model")))
