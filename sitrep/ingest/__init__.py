"""Ingest stage: files and records in, ``Document`` records out (clean text, offsets, metadata)."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable, Iterator

from sitrep.config import Settings
from sitrep.errors import InputError
from sitrep.model import Document


def load_meta(path: str) -> tuple[dict[str, dict[str, Any]], list[InputError]]:
    """Read a docs.jsonl metadata file: ``{doc name: fields}`` and one error per bad line."""
    import json
    meta, errors = {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    row = json.loads(line)
                    meta[row["doc"]] = row
                except (ValueError, KeyError) as exc:
                    errors.append(InputError(path, "json", f"not a docs.jsonl record ({exc})", record=f"line {n}"))
    return meta, errors


def discover(paths: list[str], *, on_error: Callable[[InputError], None]) -> list[Path]:
    """Every file under ``paths`` (directories recursively), sorted; unreadable paths are reported."""
    found = []
    for root in paths:
        p = Path(root)
        if p.is_dir():
            found.extend(sorted(q for q in p.rglob("*") if q.is_file()))
        elif p.is_file():
            found.append(p)
        else:
            on_error(InputError(root, "unreadable", "no such file or directory", hint="check the path"))
    return found


def read_file(path: Path, *, meta: dict[str, dict[str, Any]], settings: Settings) -> Iterator[Document | InputError]:
    """Yield a Document per article in one file (several for JSONL/WARC), or an InputError each."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    m = meta.get(path.name, {})
    yield Document(name=path.name, source_path=str(path), format="txt", raw=raw,
                   sha256=hashlib.sha256(raw).hexdigest(), text=text, offsets=[[0, 0]],
                   title=m.get("title"), outlet=m.get("outlet"), url=m.get("url"),
                   published=m.get("published"), language=m.get("language"))
