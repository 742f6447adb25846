"""Language identification (py3langid, bundled model: nothing is downloaded).

Stored on every document so that non-English articles are kept and reported rather than dropped;
extraction decides itself what to do with them.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from sitrep.errors import ConfigError

MIN_LETTERS = 20
SAMPLE_CHARS = 3000
# A text is English while English keeps at least this share of the model's probability. Extraction
# handles English only, so a wrong "not English" loses a document's events, while a wrong "English"
# costs a parse that finds nothing. One English sentence naming Nigerian places and months
# ("Boko Haram fighters shelled Damboa in Borno, Nigeria, on 3 September 2024, ...") goes to
# Nigerian Pidgin with English at 0.04-0.45 (bench/corpus_short.py: 7.2 % of 10,000 reports);
# short French, Spanish, German, Arabic, Turkish, Swahili, Hausa and real Pidgin sentences leave
# English at 0.003 or less (tests/ingest/test_language.py).
ENGLISH_MIN_SHARE = 0.02


@lru_cache(maxsize=1)
def _identifier() -> Any:
    """The model, loaded once. py3langid unpacks it into a 68 MB temporary file first: with a full
    temporary directory that failed as an OSError that the reader took for the input's, so every
    document of a batch was "cannot read (No space left on device)". It is the setup's problem,
    said once (a ConfigError stops the batch)."""
    import tempfile

    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    try:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    except OSError as exc:
        raise ConfigError(f"cannot unpack the language model: py3langid writes 68 MB to the temporary directory "
                          f"{tempfile.gettempdir()} and that failed ({exc.strerror or exc}); free space there or "
                          "point TMPDIR at a disk with room") from exc


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there are too few letters to tell.

    The verdict against English must be clear (``ENGLISH_MIN_SHARE``): short reports give the model
    little evidence, and English-based creoles sit close to English in it."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    ranked = _identifier().rank(sample)
    if ranked[0][0] != "en" and dict(ranked).get("en", 0.0) >= ENGLISH_MIN_SHARE:
        return "en"
    return ranked[0][0]
