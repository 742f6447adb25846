"""Document metadata (title, outlet, url, published, language) and where each value came from.

Sources are offered in order of trust and the first value offered wins: the user's --meta file,
then fields of the record itself (JSONL, WARC headers), then the HTML page's structured metadata,
then what the text shows (dateline, headline), then the URL's host. ``origins`` records the
winner's source so `sitrep docs` can show why a document has the date it has.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from sitrep.errors import InputError
from sitrep.ingest.datelines import parse_date

log = logging.getLogger(__name__)

FIELDS = ("title", "outlet", "url", "published", "language")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Metadata:
    """Collects offered values; the first non-empty value for each field wins."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.origins: dict[str, str] = {}

    def offer(self, field: str, value: Any, origin: str) -> None:
        if field in self.values or value is None:
            return
        text = " ".join(str(value).split())
        if text:
            self.values[field] = text
            self.origins[field] = origin

    def offer_all(self, values: dict[str, Any], origin: str) -> None:
        for field in FIELDS:
            self.offer(field, values.get(field), origin)

    def get(self, field: str) -> str | None:
        return self.values.get(field)


def load_meta(path: str) -> tuple[dict[str, dict[str, Any]], list[InputError]]:
    """Read a docs.jsonl metadata file: ``{doc name: fields}`` and one error per bad line.

    A line whose ``published`` is not ``YYYY-MM-DD`` keeps its other fields; the date is dropped.
    """
    meta: dict[str, dict[str, Any]] = {}
    errors: list[InputError] = []
    try:
        f = open(path, encoding="utf-8")
    except OSError as exc:
        return meta, [InputError(path, "unreadable", f"cannot read ({exc.strerror})", hint="check the --meta path")]
    with f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"line {n}"
            try:
                row = json.loads(line)
            except ValueError as exc:
                errors.append(InputError(path, "json", f"not valid JSON ({exc})", record=where,
                                         hint="fix the line (docs.jsonl form: one JSON object per line)"))
                continue
            if not isinstance(row, dict) or not isinstance(row.get("doc"), str) or not row["doc"]:
                errors.append(InputError(path, "json", 'no "doc" field (the article file name)', record=where,
                                         hint='add "doc": "<file name>" as in GOLD_FORMAT.md'))
                continue
            published = row.get("published")
            if published is not None and not (isinstance(published, str) and _ISO_DAY.match(published)
                                              and parse_date(published)):
                errors.append(InputError(path, "json", f'"published" is not a date (got {published!r})',
                                         record=where, hint="use YYYY-MM-DD or null"))
                row = {k: v for k, v in row.items() if k != "published"}
            meta[row["doc"]] = row
    return meta, errors


def meta_row(meta: dict[str, dict[str, Any]], name: str, url: str | None = None) -> dict[str, Any]:
    """The --meta row for a document, matched on its name, else on its URL."""
    row = meta.get(name)
    if row is None and url:
        row = next((r for r in meta.values() if r.get("url") == url), None)
    return row or {}


def record_fields(obj: dict[str, Any], where: str) -> dict[str, Any]:
    """Metadata fields of a JSONL record; an unreadable ``published`` is logged and ignored."""
    out = {k: obj.get(k) for k in ("title", "outlet", "url", "language") if isinstance(obj.get(k), str)}
    published = obj.get("published")
    if isinstance(published, str) and published.strip():
        iso = parse_date(published)
        if iso:
            out["published"] = iso
        else:
            log.warning("%s: \"published\" is not a date (got %r); using the page's own date", where, published)
    return out


def url_host(url: str | None) -> str | None:
    """"rudaw.net" for "https://www.rudaw.net/english/..." (the last resort for the outlet)."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:  # "[" opens an IPv6 literal: "Invalid IPv6 URL" (found by tests/fuzz)
        return None
    return host[4:] if host.startswith("www.") else host or None
