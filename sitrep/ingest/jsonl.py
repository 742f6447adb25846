"""JSON Lines scraper dumps: one article per line, ``text`` or ``html`` plus optional metadata.

A line's raw bytes are the line itself, and the clean text's offsets point into those bytes:
the JSON string is decoded here character by character so that an evidence quote can be found
again inside the escaped value.
"""
from __future__ import annotations

import json
import logging
import re
from json.decoder import scanstring
from pathlib import Path
from typing import Any, Iterator

from sitrep.errors import InputError
from sitrep.ingest.boilerplate import Patterns
from sitrep.ingest.decode import utf8_spans
from sitrep.ingest.documents import Limits, Source, from_text
from sitrep.ingest.metadata import meta_row, record_fields
from sitrep.ingest.offsets import MappedText
from sitrep.model import Document

log = logging.getLogger(__name__)

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "/": "/", "\\": "\\", '"': '"'}


def read_jsonl(path: Path, *, meta: dict[str, dict[str, Any]], max_bytes: int,
               patterns: Patterns | None = None, limits: Limits | None = None) -> Iterator[Document | InputError]:
    """Yield a Document (or an InputError naming the line) for every non-blank line.

    A file in which no line has a "text" or "html" field is not an article dump: a docs.jsonl
    metadata file (every record has "doc") is skipped with a warning, anything else gets one
    error for the whole file instead of one per line.
    """
    pending: list[InputError] = []
    found = False
    metadata_like = True
    lines = 0
    with open(path, "rb") as f:
        for n, line in enumerate(f, 1):
            raw = line.rstrip(b"\r\n")
            if not raw.strip():
                continue
            lines += 1
            item = _safe_read_line(raw, path, n, meta, max_bytes, patterns, limits or Limits())
            if isinstance(item, InputError) and item.reason == "no_text" and not found:
                pending.append(item)
                metadata_like = metadata_like and b'"doc"' in raw
                continue
            if not found and isinstance(item, Document):
                found = True
                yield from pending
                pending = []
            yield item
    if not lines:  # like an empty .txt: said, not silently passed over
        yield InputError(str(path), "empty", "empty (no JSON lines at all)", hint="remove it or re-export the dump")
    elif pending and metadata_like:
        log.warning("%s: skipped: its records have \"doc\" but no \"text\"/\"html\" (a docs.jsonl metadata "
                    "file?); pass it with --meta", path)
    elif pending:
        yield InputError(str(path), "no_text", f'no line has a "text" or "html" field ({len(pending)} lines)',
                         record=pending[0].record, hint='give each line a "text" (or "html") field')


def _safe_read_line(raw: bytes, path: Path, n: int, meta: dict[str, dict[str, Any]], max_bytes: int,
                    patterns: Patterns | None, limits: Limits) -> Document | InputError:
    try:
        return _read_line(raw, path, n, meta, max_bytes, patterns, limits)
    except InputError as exc:
        return exc
    except Exception as exc:  # a bug costs one line, not the file; --debug logs the traceback
        log.debug("%s line %d failed", path, n, exc_info=True)
        return InputError(str(path), "internal", f"could not be read ({exc!r})", record=f"line {n}",
                          hint="rerun with --debug and report the bug")


def _read_line(raw: bytes, path: Path, n: int, meta: dict[str, dict[str, Any]], max_bytes: int,
               patterns: Patterns | None, limits: Limits) -> Document:
    where = f"line {n}"
    if len(raw) > max_bytes:
        raise InputError(str(path), "too_large", f"line is {len(raw) / 2**20:.1f} MB, over the "
                         f"{max_bytes / 2**20:g} MB limit for one record (ingest.max_file_mb)",
                         record=where, hint="raise --max-file-mb, or split the record")
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "encoding", f"not UTF-8 ({exc.reason} at byte {exc.start})", record=where,
                         hint="JSON Lines must be UTF-8; re-export the file as UTF-8") from exc
    try:
        obj = _without_surrogates(json.loads(line))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), "json", f"not valid JSON ({exc.msg} at column {exc.colno})", record=where,
                         hint="fix or remove the line; the other lines are ingested") from exc
    if not isinstance(obj, dict):
        raise InputError(str(path), "json", f"a JSON {type(obj).__name__}, not an object", record=where,
                         hint='write one {"text": ...} object per line')
    key = next((k for k in ("text", "html") if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if key is None:
        raise InputError(str(path), "no_text", 'no "text" or "html" field with content', record=where,
                         hint='give each line a "text" (or "html") field')
    # Decode one character past the limit only: from_text then cuts a text and refuses an HTML.
    limit = (limits.max_html_bytes if key == "html" else limits.max_chars) + 1
    value = _string_value(line, key, limit)
    if value is not None:
        stop = max(value.ends, default=0)
        source = value.compose(utf8_spans(line[:stop], 0))
    else:  # duplicate keys and the like: the text without byte ranges of its own
        source = MappedText.literal(obj[key][:limit], 0)
    given = record_fields(obj, f"{path} {where}")
    name = str(obj["id"]) if obj.get("id") not in (None, "") else f"{path.name}#{n}"
    src = Source(name=name, path=str(path), format="jsonl", record=where,
                 meta=meta_row(meta, name, given.get("url")), given=given, given_origin="jsonl",
                 patterns=patterns, limits=limits)
    if key == "text" and len(obj[key]) > limits.max_chars:
        src.cut_from = f"{len(obj[key]):,} characters"
    return from_text(raw, source, src, html=key == "html")


def _without_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate ("\\ud800" escapes, valid JSON) made U+FFFD.

    Why: such a string cannot be encoded as UTF-8, so the store's INSERT of a document whose
    text or title holds one failed; one character for one keeps every offset as it was."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [_without_surrogates(v) for v in value]
    if isinstance(value, dict):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    return value


def _string_value(line: str, key: str, limit: int) -> MappedText | None:
    """The top-level ``key``'s string value (its first ``limit`` characters), each character mapped
    to its place in ``line``."""
    decoder = json.JSONDecoder()
    i = _skip_ws(line, 0)
    if line[i:i + 1] != "{":
        return None
    i += 1
    while True:
        i = _skip_ws(line, i)
        if line[i:i + 1] != '"':
            return None
        name, i = scanstring(line, i + 1)
        i = _skip_ws(line, _skip_ws(line, i) + 1)
        if name == key and line[i:i + 1] == '"':
            return _decode_string(line, i, limit)
        _, i = decoder.raw_decode(line, i)
        i = _skip_ws(line, i)
        if line[i:i + 1] != ",":
            return None
        i += 1


def _skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i] in " \t\r\n":
        i += 1
    return i


def _decode_string(s: str, i: int, limit: int) -> MappedText:
    """Decode the JSON string starting at the quote ``s[i]`` (``limit`` characters at most); ranges
    are character indices of ``s``."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i += 1
    while i < len(s) and s[i] != '"' and len(starts) < limit:
        if s[i] != "\\":
            j = s.find("\\", i)
            q = s.find('"', i)
            stop = min(min(x for x in (j, q, len(s)) if x >= 0), i + limit - len(starts))
            out.append(s[i:stop])
            starts.extend(range(i, stop))
            ends.extend(range(i + 1, stop + 1))
            i = stop
            continue
        ch, j = _escape(s, i)
        out.append(ch)
        starts.extend([i] * len(ch))
        ends.extend([j] * len(ch))
        i = j
    return MappedText("".join(out), starts, ends)


def _escape(s: str, i: int) -> tuple[str, int]:
    c = s[i + 1]
    if c != "u":
        return _ESCAPES.get(c, c), i + 2
    code = int(s[i + 2:i + 6], 16)
    j = i + 6
    if 0xD800 <= code < 0xDC00 and s[j:j + 2] == "\\u":
        low = int(s[j + 2:j + 6], 16)
        if 0xDC00 <= low < 0xE000:
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), j + 6
    return ("\ufffd" if 0xD800 <= code < 0xE000 else chr(code)), j  # a lone surrogate (see _without_surrogates)
