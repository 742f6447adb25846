"""Load, short and bounded: a few seconds of concurrent clients on the real server, alone and while
another connection commits documents, with bench/bench_load.py's own client loop and consistency
probe (the full 50 clients x 60 s at 50,000 events: `make soak-server`)."""
from __future__ import annotations

import threading
import time

from bench.bench_load import run_clients
from bench.bench_web import build_db
from sitrep.model import Event, EventMention, Place, Span
from sitrep.store import Store
from sitrep.web.app import create_app

from factories import make_document
from serving import serving

GAO = Place("Gao", 16.27, -0.04, country="Mali", admin1="Gao")
PROBE = "/api/events?limit=5000&country=Mali"


def _writer(db, stop: threading.Event, written: list[int]) -> None:
    """Another process's ingest, as fast as it can: one document and two events per transaction."""
    with Store(db) as store:
        while not stop.is_set():
            n = len(written)
            name = f"gao_{n}.txt"
            text = f"Gunmen attacked a checkpoint near Gao (report {n}); a second attack followed."
            with store.transaction():
                doc_id = store.add_document(make_document(name, text))
                for k in range(2):
                    m = EventMention(doc=name, index=k, event_type="Battles", sub_event_type="Armed clash",
                                     event_date="2025-11-04", place=GAO, evidence=[Span(0, 20, text[:20])])
                    store.save_event(Event(id=f"ev_{n}_{k}", mentions=[m], event_type="Battles",
                                           sub_event_type="Armed clash", event_date="2025-11-04", place=GAO),
                                     {name: doc_id})
            written.append(n)
            time.sleep(0.01)


def test_concurrent_clients_get_no_errors_and_never_a_half_written_state(tmp_path, settings, loopback_port):
    db = tmp_path / "load.db"
    build_db(db, 2000)
    with serving(create_app(str(db), settings=settings), loopback_port) as port:
        alone = run_clients(port, 8, 3.0, probes=False)
        stop, written = threading.Event(), []
        writer = threading.Thread(target=_writer, args=(db, stop, written))
        writer.start()
        try:
            busy = run_clients(port, 8, 4.0, probes=True, probe=PROBE)
        finally:
            stop.set()
            writer.join(30)
    assert alone["all"]["errors"] == 0 and alone["all"]["requests"] > 20, alone
    assert busy["all"]["errors"] == 0, busy  # includes the probe: total == events on the page, each cites a doc
    assert busy["probe"]["requests"] > 3 and len(written) > 5, (busy, len(written))
