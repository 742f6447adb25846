"""Bytes to text, with the byte range of every character: refuse binaries, guess encodings carefully.

UTF-8 is tried first (most of the web); otherwise charset-normalizer guesses and its guess is
accepted only when the decoded text looks like language (low "chaos"). A wrong guess would store
mojibake that no later stage can repair, so an unsure guess is an error the user can fix by
re-saving the file as UTF-8.
"""
from __future__ import annotations

import codecs
import re
from typing import Callable

from sitrep.errors import InputError
from sitrep.ingest.offsets import MappedText

_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_MAGIC = {b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
          b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)", b"\x1f\x8b": "gzip-compressed",
          b"\xd0\xcf\x11\xe0": "an MS Office document", b"SQLite format 3": "an SQLite database"}
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*(?:["']\s*)?([A-Za-z0-9_.:-]+)""", re.I)
MAX_CHAOS = 0.2
_WESTERN_PUNCT = set("\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u20ac\u2022\u00ab\u00bb\u00b0\u00a3\u00a7\u00a9\u00ae\u00b7\u00bd\u00bc\u00be\u00a0\u00b4\u00aa\u00ba")


def decode(raw: bytes, *, path: str, record: str | None = None, html: bool = False) -> tuple[MappedText, str]:
    """Decode ``raw``; return the text with byte ranges and the encoding used, or raise InputError."""
    if not raw.strip():
        raise InputError(path, "empty", "empty (no text at all)", record=record,
                         hint="remove it or re-save the article")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return _decode_as(raw, encoding, len(bom), path, record), encoding
    _refuse_binary(raw, path, record)
    try:
        text = raw.decode("utf-8")
        return utf8_spans(text, 0), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = _HTML_CHARSET.search(raw[:4096]) if html else None
    if declared:
        encoding = declared.group(1).decode("ascii", "replace").lower()
        try:
            return _decode_as(raw, encoding, 0, path, record), encoding
        except (LookupError, UnicodeDecodeError):
            pass
    encoding = _guess(raw)
    if encoding is None:
        raise InputError(path, "encoding", "neither UTF-8 nor a text encoding that can be told with confidence",
                         record=record, hint="re-save the file as UTF-8")
    return _decode_as(raw, encoding, 0, path, record), encoding


def _refuse_binary(raw: bytes, path: str, record: str | None) -> None:
    for magic, what in _MAGIC.items():
        if raw.startswith(magic):
            raise InputError(path, "binary", f"binary data, not text (looks like {what})", record=record,
                             hint="convert it to .txt or .html first")
    head = raw[:65536]
    if b"\x00" in head or len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        raise InputError(path, "binary", "binary data, not text (contains NUL/control bytes)", record=record,
                         hint="convert it to .txt or .html first, or remove it from the input")


def _guess(raw: bytes) -> str | None:
    """cp1252 when the text reads as mostly-ASCII Western text, else charset-normalizer if confident.

    Why the cp1252 check first: for Latin text charset-normalizer cannot tell cp1252 from cp1250
    or cp1257 (all decode without "chaos"), yet cp1252/latin-1 is by far the commonest legacy
    encoding of such files, and picking cp1250 would turn "près" into "prčs".
    """
    if _plausible_cp1252(raw):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or best.chaos > MAX_CHAOS or best.encoding.startswith(("utf_16", "utf_32")):
        return None
    return best.encoding


def _plausible_cp1252(raw: bytes) -> bool:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = sum(c.isalpha() for c in text)
    odd = [c for c in text if not c.isascii()]
    if not letters or len(odd) > 0.3 * letters:
        return False
    return all(("\u00c0" <= c <= "\u00ff" and c.isalpha()) or c in _WESTERN_PUNCT for c in odd)


def _decode_as(raw: bytes, encoding: str, skip: int, path: str, record: str | None) -> MappedText:
    body = raw[skip:]
    try:
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(path, "encoding", f"cannot be decoded as {encoding} ({exc})", record=record,
                         hint="re-save the file as UTF-8") from exc
    if encoding.replace("_", "-").startswith("utf-8"):
        return utf8_spans(text, skip)
    if len(text) == len(body):
        return MappedText.contiguous(text, skip)
    enc = {"utf-16": "utf-16-le", "utf-32": "utf-32-le"}.get(encoding, encoding)
    return _spans_by_length(text, skip, lambda ch: len(ch.encode(enc, "replace")))


def utf8_spans(text: str, offset: int) -> MappedText:
    if text.isascii():
        return MappedText.contiguous(text, offset)
    return _spans_by_length(text, offset, _utf8_len)


def _utf8_len(ch: str) -> int:
    o = ord(ch)
    return 1 if o < 0x80 else 2 if o < 0x800 else 3 if o < 0x10000 else 4


def _spans_by_length(text: str, offset: int, length: Callable[[str], int]) -> MappedText:
    starts, ends = [], []
    pos = offset
    for ch in text:
        starts.append(pos)
        pos += length(ch)
        ends.append(pos)
    return MappedText(text, starts, ends)
