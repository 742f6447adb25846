"""Near-duplicate documents (republished articles): word shingles, MinHash bands, exact Jaccard check.

A republication on another site repeats the original's words, so it is not independent
corroboration. The store indexes each document's MinHash band keys; a new document is compared
(exact Jaccard of shingles) only with documents sharing a band, so the check costs O(1) per
document instead of a scan. Hashing is our own over ``hashlib`` + numpy: a few lines, no
dependency, and stable across runs and platforms (Python's ``hash`` is salted per process).
"""
from __future__ import annotations

import functools
import hashlib
import re
from typing import Callable

import numpy as np

from sitrep.model import Document

SHINGLE_WORDS = 5
PERMUTATIONS = 64
BANDS = 16
ROWS = PERMUTATIONS // BANDS
PRIME = np.uint64(4294967311)  # the first prime above 2**32: (a*x + b) < 2**64 for a, b < 2**31
_rng = np.random.default_rng(20240607)
_A = _rng.integers(1, 2**31, size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, 2**31, size=PERMUTATIONS, dtype=np.uint64)
MIN_SHINGLES = 20  # shorter texts (a one-line note) are too templated to call copies


@functools.lru_cache(maxsize=8)
def shingles(text: str) -> frozenset[int]:
    """32-bit hashes of the overlapping 5-word sequences of the folded text (the runner asks three
    times for a new document's: bands, the copy check, the packed copy it stores)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) < SHINGLE_WORDS:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    return frozenset(int.from_bytes(hashlib.blake2b(g.encode(), digest_size=4).digest(), "little") for g in grams)


def pack(sh: frozenset[int]) -> bytes:
    """Shingles as stored with a document: sorted little-endian 32-bit integers (4 bytes each), so
    a later copy check reads them instead of re-reading and re-hashing the text."""
    return np.array(sorted(sh), dtype="<u4").tobytes()


def unpack(data: bytes) -> frozenset[int]:
    return frozenset(np.frombuffer(data, dtype="<u4").tolist())


def minhash(sh: frozenset[int]) -> np.ndarray:
    """MinHash signature: for each of 64 hash functions, the smallest value over the shingles."""
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh))
    return ((np.outer(_A, x) + _B[:, None]) % PRIME).min(axis=1)


def bands(text: str) -> list[str]:
    """Band keys: two documents with Jaccard >= ~0.6 share at least one with high probability."""
    sh = shingles(text)
    if len(sh) < MIN_SHINGLES:
        return []
    sig = minhash(sh)
    keys = []
    for band in range(BANDS):
        rows = sig[band * ROWS:(band + 1) * ROWS].tobytes()
        keys.append(f"{band:02d}:{hashlib.blake2b(rows, digest_size=8).hexdigest()}")
    return keys


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def find_original(doc: Document, candidates: list[Document], threshold: float,
                  shingles_of: Callable[[Document], frozenset[int]] | None = None) -> Document | None:
    """The earlier document ``doc`` republishes (Jaccard of shingles >= threshold), or None.

    ``shingles_of(candidate)`` defaults to hashing its text; the runner passes the stored ones.

    When the best match is itself a copy, the link goes to its original, so a chain of
    republications points at one document. Ties go to the earliest stored document.
    """
    mine = shingles(doc.text)
    if len(mine) < MIN_SHINGLES:
        return None
    best: tuple[float, int, Document] | None = None
    for cand in candidates:
        if cand.sha256 == doc.sha256 or cand.name == doc.name:
            continue
        sim = jaccard(mine, shingles_of(cand) if shingles_of else shingles(cand.text))
        key = (sim, -(cand.id or 0), cand)
        if sim >= threshold and (best is None or key[:2] > best[:2]):
            best = key
    if best is None:
        return None
    original = best[2]
    if original.duplicate_of is not None:
        for cand in candidates:
            if cand.id == original.duplicate_of:
                return cand
    return original
