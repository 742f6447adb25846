"""Name keys that survive transliteration: the same place written five ways gets one key.

Two keys per name. ``name_key`` folds case, diacritics, ayn/hamza marks, hyphens and Arabic
articles ("Al-Mayādīn" -> "mayadin", "Deir ez-Zor" -> "deir zor"). ``loose_key`` also rewrites
spelling pairs (ee/i, ou/u, q/k, kh/k, ay/ai, aw/o), drops a final "h" after a vowel, fuses
"Abu X" and collapses doubled letters ("Mayadeen" = "Mayadin", "Sukhnah" = "Sukhna",
"Bukamal" = "Albu Kamal", "Idleb" = "Idlib", "Dayr az Zawr" = "Deir ez-Zor"). The rules are
word lists in ``sitrep/data/geo_rules.toml``; both the gazetteer and the text go through them.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources
from typing import Any

_MARKS = dict.fromkeys(map(ord, "'`´‘’ʼʻʿʾ′ʹ\"“”"), None)
_SPECIAL = str.maketrans({"ı": "i", "ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
                          "þ": "th", "ð": "d", "ħ": "h", "ŧ": "t"})
_SEPARATORS = re.compile(r"[\s\-–—_/.,()]+")
_NON_WORD = re.compile(r"[^a-z0-9 ]")
_FUSED_ARTICLE = re.compile(r"^[ae]([dtsznr])\1([a-z]{2,})$")


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The geocoder's word lists (read once per process)."""
    with resources.files("sitrep.data").joinpath("geo_rules.toml").open("rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=1)
def _tables() -> tuple[frozenset[str], dict[str, str], list[tuple[str, str]], dict[str, str]]:
    norm = rules()["normalise"]
    variants = {v: row[0] for row in norm["token_variants"] for v in row}
    rewrites = [(a, b) for a, b in norm["loose_rewrites"]]
    return frozenset(norm["articles"]), variants, rewrites, dict(norm["loose_fused_prefixes"])


@lru_cache(maxsize=65536)
def plain(text: str) -> str:
    """A name as ACLED writes it: case kept, diacritics and ayn/hamza marks dropped ("Al Mayadin")."""
    text = unicodedata.normalize("NFKD", text.translate(_MARKS)).translate(_SPECIAL)
    return unicodedata.normalize("NFC", "".join(c for c in text if not unicodedata.combining(c)))


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no diacritics, no apostrophes or ayn/hamza marks, single spaces."""
    text = unicodedata.normalize("NFKD", text.translate(_MARKS)).translate(_SPECIAL)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _NON_WORD.sub("", _SEPARATORS.sub(" ", text))
    return " ".join(text.split())


def name_tokens(text: str) -> list[str]:
    """Folded tokens without Arabic articles, spelling variants unified."""
    articles, variants, _, _ = _tables()
    tokens = fold(text).split()
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if tok in articles and i < len(tokens) - 1:
            continue
        if i > 0:
            m = _FUSED_ARTICLE.match(tok)
            if m:
                tok = m.group(1) + m.group(2)
        out.append(variants.get(tok, tok))
    return out or tokens


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Exact-tier key: folded, articles dropped, token variants unified."""
    return " ".join(name_tokens(text))


def _loose_token(tok: str, rewrites: list[tuple[str, str]]) -> str:
    if len(tok) > 4 and tok.endswith("eh"):  # Levantine "-eh" is the "-a(h)" ending: Sokhneh = Sukhna
        tok = tok[:-2] + "a"
    for a, b in rewrites:
        tok = tok.replace(a, b)
    if len(tok) > 3 and tok.endswith("h") and tok[-2] in "aiuo":
        tok = tok[:-1]
    return re.sub(r"(.)\1+", r"\1", tok)


@lru_cache(maxsize=65536)
def loose_key(text: str) -> str:
    """Spelling-tolerant key (no spaces): the second tier of matching."""
    _, _, rewrites, fused = _tables()
    tokens = name_tokens(text)
    if len(tokens) > 1 and tokens[0] in fused:
        tokens = [fused[tokens[0]] + tokens[1]] + tokens[2:]
    return "".join(_loose_token(t, rewrites) for t in tokens)


@lru_cache(maxsize=None)
def word_set(name: str) -> frozenset[str]:
    """A folded word list from the [recognise] table of the rules."""
    return frozenset(fold(w) for w in rules()["recognise"][name])


def names_subdistrict(span: str) -> bool:
    """"Jandairis Subdistrict", "Nahiyat Tadaf": the matched name itself says sub-district."""
    words = fold(span).split()
    kinds = word_set("subdistrict_after") | word_set("subdistrict_before")
    return any(" ".join(words[k:k + n]) in kinds for n in (1, 2, 3) for k in range(len(words)))
