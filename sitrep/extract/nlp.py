"""Load the spaCy English pipeline once per process (it takes about a second and 50 MB).

The model is a pinned PyPI package (``extract.spacy_model``), imported by its package name:
nothing is downloaded at run time. We keep every component: the parser gives sentences and the
dependency roles (who attacked whom), the NER gives place hints, the lemmatizer lets the trigger
dictionary list base forms only. One small component of ours runs before the parser: a line
break always ends a sentence. Measured in docs/quality.md: dropping the lemmatizer saves
under 5 % and costs trigger recall, so it stays.
"""
from __future__ import annotations

import importlib
import logging
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from sitrep.config import Settings
from sitrep.errors import ConfigError

log = logging.getLogger(__name__)


@Language.component("sitrep_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and bylines carry no full stop, and
    the parser would otherwise run "ISIS attack in Kirkuk" into "ERBIL, Kurdistan Region —"."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def _load(package: str) -> Any:
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise ConfigError(f"spaCy model package {package!r} is not installed (extract.spacy_model); "
                          f"install it with pip (see pyproject.toml) or set another model") from exc
    nlp = module.load()
    if "parser" in nlp.pipe_names and "sitrep_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("sitrep_line_breaks", before="parser")
    log.debug("loaded spaCy pipeline %s: %s", package, nlp.pipe_names)
    return nlp


def load_nlp(settings: Settings) -> Any:
    """The shared spaCy ``Language`` for ``extract.spacy_model`` (loaded on first use)."""
    return _load(str(settings.get("extract", "spacy_model")))
