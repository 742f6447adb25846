"""Ingest stage: files and records in, ``Document`` records out (clean text, offsets, metadata).

Entry points used by the runner: ``discover`` lists input files, ``read_file`` yields one
Document (or InputError) per article of a file, ``load_meta`` reads a --meta docs.jsonl.
Nothing here raises on bad input: every problem becomes an InputError naming the file and
line/record, so one bad article never stops a batch.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Callable, Iterator

from sitrep.config import Settings
from sitrep.errors import ConfigError, InputError
from sitrep.ingest.boilerplate import Patterns, default_patterns
from sitrep.ingest.documents import Limits, Source, from_bytes
from sitrep.ingest.metadata import load_meta, meta_row
from sitrep.ingest.offsets import to_raw
from sitrep.model import Document

__all__ = ["discover", "read_file", "load_meta", "format_of", "to_raw", "SUPPORTED"]

log = logging.getLogger(__name__)

SUPPORTED = {".txt": "txt", ".html": "html", ".htm": "html", ".xhtml": "html", ".jsonl": "jsonl",
             ".warc": "warc", ".warc.gz": "warc"}
_SUPPORTED_TEXT = ", ".join(sorted(SUPPORTED))


def format_of(path: Path) -> str | None:
    """txt, html, jsonl or warc from the file name (``.warc.gz`` included), else None."""
    name = path.name.lower()
    if name.endswith(".warc.gz"):
        return "warc"
    return SUPPORTED.get(path.suffix.lower())


def discover(paths: list[str], *, on_error: Callable[[InputError], None]) -> list[Path]:
    """Every input file under ``paths`` (directories recursively, sorted).

    Inside directories, hidden files and unsupported types are skipped (logged at debug level:
    a README next to the articles is not an error). A file named explicitly with an unsupported
    type, a missing path or an unreadable directory is reported through ``on_error``.
    """
    found: list[Path] = []
    for root in paths:
        p = Path(root)
        if p.is_dir():
            found.extend(_walk(p, on_error))
        elif p.is_file():
            if format_of(p) is None:
                on_error(InputError(root, "unsupported", f"unsupported file type {_suffix(p)!r}",
                                    hint=f"sitrep reads {_SUPPORTED_TEXT}; rename or convert it"))
            else:
                found.append(p)
        elif p.is_symlink() and not p.exists():
            on_error(InputError(root, "unreadable", "broken symbolic link", hint="fix or remove the link"))
        elif p.exists():
            on_error(InputError(root, "unreadable", "not a regular file or directory",
                                hint="pass article files or directories"))
        else:
            on_error(InputError(root, "unreadable", "no such file or directory", hint="check the path"))
    return found


def _walk(root: Path, on_error: Callable[[InputError], None]) -> list[Path]:
    found: list[Path] = []

    def report(exc: OSError) -> None:
        on_error(InputError(exc.filename or str(root), "unreadable", f"cannot list directory ({exc.strerror})",
                            hint="check its permissions"))

    for dirpath, dirnames, filenames in os.walk(root, onerror=report):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for fn in sorted(filenames):
            p = Path(dirpath) / fn
            if fn.startswith("."):
                continue
            if format_of(p) is None:
                log.debug("%s: skipped (unsupported file type)", p)
            elif not p.exists():
                on_error(InputError(str(p), "unreadable", "broken symbolic link", hint="fix or remove the link"))
            else:
                found.append(p)
    return sorted(found)


def _suffix(p: Path) -> str:
    return "".join(p.suffixes[-2:]) or p.name


def read_file(path: Path, *, meta: dict[str, dict[str, Any]], settings: Settings) -> Iterator[Document | InputError]:
    """Yield a Document per article in one file (several for JSONL/WARC), or an InputError each."""
    path = Path(path)
    fmt = format_of(path)
    if fmt is None:
        yield InputError(str(path), "unsupported", f"unsupported file type {_suffix(path)!r}",
                         hint=f"sitrep reads {_SUPPORTED_TEXT}; rename or convert it")
        return
    limit_mb = float(settings.get("ingest", "max_file_mb"))
    max_bytes = int(limit_mb * 2**20)
    patterns = default_patterns(str(settings.get("ingest", "user_boilerplate") or ""))
    limits = limits_of(settings)
    try:
        if fmt in ("jsonl", "warc"):
            yield from _container(path, fmt, meta, max_bytes, patterns, limits)
        else:
            yield _single(path, fmt, meta, max_bytes, limit_mb, patterns, limits)
    except InputError as exc:
        yield exc
    except ConfigError:
        raise
    except OSError as exc:
        yield InputError(str(path), "unreadable", f"cannot read ({exc.strerror or exc})",
                         hint="check that the file exists and that you may read it")
    except Exception as exc:  # a bug must cost one file, not the batch; --debug logs the traceback
        log.debug("reading %s failed", path, exc_info=True)
        yield InputError(str(path), "internal", f"could not be read ({exc!r})",
                         hint="rerun with --debug and report the bug")


def limits_of(settings: Settings) -> Limits:
    """The per-article limits the settings ask for (ingest.max_chars, ingest.max_html_mb)."""
    max_chars = int(settings.get("ingest", "max_chars"))
    html_mb = float(settings.get("ingest", "max_html_mb"))
    if max_chars < 1000 or html_mb <= 0:
        raise ConfigError(f"ingest.max_chars = {max_chars}, ingest.max_html_mb = {html_mb:g}: expected at least "
                          "1000 characters and a positive size; see sitrep/data/settings.toml")
    return Limits(max_chars=max_chars, max_html_bytes=int(html_mb * 2**20))


def _container(path: Path, fmt: str, meta: dict[str, dict[str, Any]], max_bytes: int,
               patterns: Patterns, limits: Limits) -> Iterator[Document | InputError]:
    from sitrep.ingest.jsonl import read_jsonl
    from sitrep.ingest.warc import read_warc

    reader = read_jsonl if fmt == "jsonl" else read_warc
    yield from reader(path, meta=meta, max_bytes=max_bytes, patterns=patterns, limits=limits)


def _single(path: Path, fmt: str, meta: dict[str, dict[str, Any]], max_bytes: int, limit_mb: float,
            patterns: Patterns, limits: Limits) -> Document:
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(str(path), "too_large", f"file is {size / 2**20:.1f} MB, over the {limit_mb:g} MB limit",
                         hint="raise --max-file-mb (setting ingest.max_file_mb) or split the file")
    with open(path, "rb") as f:
        raw = f.read()
    if fmt == "txt" and raw.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")):
        fmt = "html"  # a saved page with a .txt name: read it as the HTML it is
    src = Source(name=path.name, path=str(path), format=fmt, meta=meta_row(meta, path.name), patterns=patterns,
                 limits=limits)
    return from_bytes(raw, src, html=fmt == "html")
