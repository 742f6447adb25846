#!/usr/bin/env python3
"""Build demo/articles/archive.warc.gz from the fictional HTML pages in scripts/demo_warc_src/.

Why a script: the demo corpus must include a real WARC file (the format web archives and
crawlers produce), and a committed generator lets anyone see and rebuild exactly what is in
it. The sources live outside demo/ so that `sitrep ingest demo/articles` does not read them twice.

The output is deterministic (fixed dates and record ids), so re-running it does not change
the committed file. Layout: record 0 is `warcinfo`; records 1..3 are `response` records,
one per source file in name order. Documents inside are named `archive.warc.gz#N` with N
the record's position (equal to the 1-based count of response records).

usage: .venv/bin/python scripts/make_demo_warc.py [--output demo/articles/archive.warc.gz]
"""
from __future__ import annotations

import argparse
import io
import uuid
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "demo_warc_src"

# (source file, target URI, capture time, HTTP Date header): invented sites on example domains.
PAGES: list[tuple[str, str, str, str]] = [
    ("1_mena_newsroom_hub_palmyra_copy.html",
     "https://mena-newsroom-hub.example.com/world/middle-east/isis-attack-kills-21-syrian-soldiers-palmyra",
     "2025-10-25T06:02:11Z", "Sat, 25 Oct 2025 06:02:11 GMT"),
    ("2_nigeria_jere_farmers.html",
     "https://northeast-herald.example.ng/borno/insurgents-kill-three-farmers-maiduguri",
     "2025-11-04T18:40:53Z", "Tue, 04 Nov 2025 18:40:53 GMT"),
    ("3_somalia_beledweyne_clash.html",
     "https://shabelle-valley.example.so/hiiraan/six-killed-army-base-beledweyne",
     "2025-10-31T09:15:30Z", "Fri, 31 Oct 2025 09:15:30 GMT"),
]


def _record_id(name: str) -> str:
    """Stable WARC-Record-ID so the archive is byte-identical between runs."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'sitrep-demo/' + name)}>"


def build(output: Path) -> None:
    """Write the warcinfo record and one response record per page."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        text = ("software: sitrep scripts/make_demo_warc.py (warcio)\r\n"
                "description: Fictional pages written for the sitrep demo; "
                "events, outlets and people are invented.\r\n").encode("utf-8")
        info = writer.create_warc_record(
            "", "warcinfo", payload=io.BytesIO(text), length=len(text),
            warc_content_type="application/warc-fields",
            warc_headers_dict={"WARC-Date": "2025-11-20T00:00:00Z", "WARC-Record-ID": _record_id("warcinfo"),
                               "WARC-Filename": "archive.warc.gz"},
        )
        writer.write_record(info)
        for name, uri, captured, http_date in PAGES:
            body = (SOURCES / name).read_bytes()
            http = StatusAndHeaders("200 OK", [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Date", http_date),
                ("Server", "nginx"),
            ], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": captured, "WARC-Record-ID": _record_id(name)},
            )
            writer.write_record(record)


def main() -> None:
    """Parse the output path and build the archive."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "demo" / "articles" / "archive.warc.gz")
    args = parser.parse_args()
    build(args.output)


if __name__ == "__main__":
    main()
