"""Text that remembers where each character came from, and the compact offset map stored with it.

Every ingest step (decoding, HTML tag stripping, JSON unescaping, unicode normalisation,
boilerplate removal) works on a ``MappedText``: a string plus, for each character, the half-open
byte range ``[start, end)`` of the raw input it came from. An inserted character (a paragraph
break) gets an empty range; an expanded one ("…" → "...") repeats its source range.

``Document.offsets`` stores this per-character map compactly as anchors ``[clean_index, raw_byte]``:
a clean *boundary* ``p`` (between characters ``p-1`` and ``p``) maps to the raw byte
``raw + (p - clean)`` of the last anchor at or before it. Where raw bytes were dropped between two
characters, two anchors share the index: the first says where the left character ends, the second
where the right one starts — so ``to_raw`` maps a start to where its first character begins and an
end to where its last character ends, never swallowing dropped boilerplate.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Iterable


@dataclass
class MappedText:
    """A string with the raw byte range of every character (``starts[i]``, ``ends[i]``)."""

    text: str = ""
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.text)

    def slice(self, i: int, j: int) -> "MappedText":
        return MappedText(self.text[i:j], self.starts[i:j], self.ends[i:j])

    def raw_end(self) -> int:
        return self.ends[-1] if self.ends else 0

    def raw_start(self) -> int:
        return self.starts[0] if self.starts else 0

    @classmethod
    def literal(cls, text: str, at: int) -> "MappedText":
        """Characters that exist in no raw byte (inserted separators): empty ranges at ``at``."""
        return cls(text, [at] * len(text), [at] * len(text))

    @classmethod
    def contiguous(cls, text: str, offset: int = 0) -> "MappedText":
        """One byte per character from ``offset`` (ASCII or single-byte encodings)."""
        starts = list(range(offset, offset + len(text)))
        return cls(text, starts, [s + 1 for s in starts])

    @classmethod
    def join(cls, parts: Iterable["MappedText"]) -> "MappedText":
        """Concatenate; linear in the total length (a page of 400,000 tags is 400,000 parts)."""
        texts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        for p in parts:
            texts.append(p.text)
            starts.extend(p.starts)
            ends.extend(p.ends)
        return cls("".join(texts), starts, ends)

    def cut(self, limit: int) -> "MappedText":
        """The first ``limit`` characters at most, ended at the last line break or sentence end in
        the final tenth when there is one (a cut article should not stop mid-word)."""
        if len(self.text) <= limit:
            return self
        floor = limit - limit // 10
        k = max(self.text.rfind("\n", floor, limit), self.text.rfind(". ", floor, limit - 1) + 1)
        return self.slice(0, k if k > floor else limit)

    def compose(self, inner: "MappedText") -> "MappedText":
        """Re-express ``self`` (whose ranges index characters of ``inner.text``) in ``inner``'s bytes.

        Used when the source itself was decoded from something else: the HTML string inside a
        JSON line, or the JSON line inside the file.
        """
        starts, ends = [], []
        n = len(inner.starts)
        for s, e in zip(self.starts, self.ends):
            if e > s:
                starts.append(inner.starts[s] if s < n else inner.raw_end())
                ends.append(inner.ends[e - 1] if e - 1 < n else inner.raw_end())
            else:
                at = inner.starts[s] if s < n else inner.raw_end()
                starts.append(at)
                ends.append(at)
        return MappedText(self.text, starts, ends)


def build_offsets(mt: MappedText) -> list[list[int]]:
    """Compress a per-character map into anchors (see the module docstring for their meaning)."""
    n = len(mt.text)
    if n == 0:
        return [[0, 0]]
    starts, ends = mt.starts, mt.ends
    anchors = [[0, starts[0]]]
    base_c, base_r = 0, starts[0]
    for p in range(1, n + 1):
        left = ends[p - 1]
        right = starts[p] if p < n else left
        if right != left:
            anchors.append([p, left])
            anchors.append([p, right])
            base_c, base_r = p, right
        elif left != base_r + (p - base_c):
            anchors.append([p, left])
            base_c, base_r = p, left
    if anchors[-1][0] != n:
        anchors.append([n, ends[-1]])
    return anchors


def to_raw(offsets: list[list[int]], start: int, end: int) -> tuple[int, int]:
    """Map clean-text offsets ``[start, end)`` to the raw byte range they were read from."""
    if not offsets:
        return start, end
    cleans = [a[0] for a in offsets]
    i = max(bisect_right(cleans, start) - 1, 0)
    raw_start = offsets[i][1] + (start - offsets[i][0])
    j = bisect_left(cleans, end)
    if j < len(cleans) and cleans[j] == end:
        raw_end = offsets[j][1]
    else:
        k = max(j - 1, 0)
        raw_end = offsets[k][1] + (end - offsets[k][0])
    return raw_start, max(raw_end, raw_start)
