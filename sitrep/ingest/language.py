"""Language identification (py3langid, bundled model: nothing is downloaded).

Stored on every document so that non-English articles are kept and reported rather than dropped;
extraction decides itself what to do with them.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

MIN_LETTERS = 20
SAMPLE_CHARS = 3000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``'s language, or None when there are too few letters to tell."""
    sample = text[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    lang, _prob = _identifier().classify(sample)
    return lang
