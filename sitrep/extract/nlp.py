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
from sitrep.extract.attributes import speed_up
from sitrep.errors import ConfigError

log = logging.getLogger(__name__)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document.

    spaCy's ``Doc.text`` joins every token anew on each call; asked once per candidate event it
    made extraction quadratic: a 200,000-character article took eight minutes."""
    text = doc.user_data.get("sitrep_text")
    if text is None:
        text = doc.user_data["sitrep_text"] = doc.text
    return text


DASHES = {"-", "--", "–", "—"}
DATELINE_WORDS = 10  # "PORT SUDAN, Sudan (AFP) -": a dateline is a few words before its dash


@Language.component("sitrep_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and bylines carry no full stop, and
    the parser would otherwise run "ISIS attack in Kirkuk" into "ERBIL, Kurdistan Region —".
    A dateline's dash ends one too ("Homs, SANA - Twenty-one soldiers were killed"): the parser
    must see the lead's own subject, not "SANA" or "Homs" at its head."""
    starts = [0] + [tok.i + 1 for tok in doc[:-1] if tok.is_space and "\n" in tok.text]
    for i in starts[1:]:
        doc[i].is_sent_start = True
    for i in starts:
        end = _dateline_end(doc, i)
        if end is not None:
            doc[end].is_sent_start = True
    return doc


def dateline_colons(doc: Doc) -> Doc:
    """A dateline's colon ends a sentence too ("KIRKUK, Iraq: Three soldiers were killed"). The
    parser splits there by itself; ``senter`` (extract/parseplan.py) does not, so the parse-planning
    path runs this after ``line_breaks``."""
    for i in [0] + [tok.i + 1 for tok in doc[:-1] if tok.is_space and "\n" in tok.text]:
        end = _dateline_end(doc, i, marks={":"})
        if end is not None:
            doc[end].is_sent_start = True
    return doc


def _dateline_end(doc: Doc, i: int, marks: set[str] = DASHES) -> int | None:
    """The first token after a dateline opening the line at ``i`` (capitalised words, commas,
    a bracketed agency, then a dash, or one of ``marks``, and a capitalised word), or None."""
    for j in range(i, min(i + DATELINE_WORDS, len(doc) - 1)):
        tok = doc[j]
        if tok.text in marks:
            nxt = doc[j + 1]
            return j + 1 if j > i and not nxt.is_space and nxt.text[:1].isupper() else None
        if not (tok.text[:1].isupper() or tok.text in {",", "(", ")", "."}):
            return None
    return None


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
    speed_up(nlp)  # the attribute ruler's matches by lookup: same attributes (extract/attributes.py)
    log.debug("loaded spaCy pipeline %s: %s", package, nlp.pipe_names)
    return nlp


def stock_nlp(settings: Settings) -> Any:
    """A fresh copy of ``extract.spacy_model`` exactly as its package ships it (no sitrep component,
    the stock attribute ruler): the bare-spaCy floor the benchmarks compare against."""
    try:
        return importlib.import_module(str(settings.get("extract", "spacy_model"))).load()
    except ImportError as exc:
        raise ConfigError(f"spaCy model package {settings.get('extract', 'spacy_model')!r} is not installed") from exc


def load_nlp(settings: Settings) -> Any:
    """The shared spaCy ``Language`` for ``extract.spacy_model`` (loaded on first use)."""
    return _load(str(settings.get("extract", "spacy_model")))
