"""A small hand-built event database for the web tests (written through the Store API)."""
from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

from sitrep.model import Claim, Event, EventMention, Place, Span
from sitrep.store import Store

from factories import make_document

XSS_TITLE = '<img src=x onerror="window.__xss=1">Breaking'
XSS_TEXT = ("Gunmen attacked a checkpoint in Hama on 3 November 2025, killing two soldiers. "
            "<script>window.__xss=1</script> <img src=x onerror=\"window.__xss=1\"> "
            "<a href=\"javascript:window.__xss=1\">click</a>")
ARTICLES = {
    "palmyra_a.txt": ("Two soldiers were killed when militants attacked an army post near Palmyra on Sunday, "
                      "the ministry said. A monitor put the toll at five.", "Levant Monitor",
                      "https://example.org/palmyra"),
    "palmyra_b.txt": ("Militants stormed an army post near Palmyra, killing five soldiers, a monitor said.",
                      "Euphrates Post", None),
    "kharkiv.txt": ("Russian drones struck an energy facility in Kharkiv overnight, injuring three people.",
                    "Kyiv Daily", "http://example.net/kharkiv"),
    "marib.txt": ("Protesters gathered in Marib city to denounce fuel shortages on Monday.", "Yemen Voice", None),
    "hama_xss.html": (XSS_TEXT, "<b>Evil outlet</b>", "javascript:window.__xss=1"),
    "region.txt": ("Fighting was reported across Deir ez-Zor governorate in early November.", "Observer", None),
    "nowhere.txt": ("An official was arrested last week, the statement said.", "Wire", None),
}


def _event(eid: str, doc: str, text: str, evidence: str, *, etype: str, sub: str, date: str, place: Place | None,
           fatalities: int | None = None, actor1: str | None = None, actor2: str | None = None,
           background: bool = False, modality: str = "asserted") -> Event:
    start = text.index(evidence)
    span = Span(start, start + len(evidence), evidence)
    m = EventMention(doc=doc, index=0, event_type=etype, sub_event_type=sub, actor1=actor1, actor2=actor2,
                     fatalities=fatalities, event_date=date, place=place, evidence=[span], modality=modality,
                     background=background)
    return Event(id=eid, mentions=[m], event_type=etype, sub_event_type=sub, actor1=actor1, actor2=actor2,
                 fatalities=fatalities, fatalities_low=fatalities, fatalities_high=fatalities, event_date=date,
                 place=place, background=background, modality=modality)


def build_web_db(path) -> dict[str, str]:
    """Seven documents, six events: a merged two-source event whose sources disagree on fatalities,
    a region-level (precision 3) event, an unlocated one, a background one and the XSS article."""
    palmyra = Place("Palmyra", 34.56, 38.28, country="Syria", admin1="Homs")
    kharkiv = Place("Kharkiv", 49.99, 36.23, country="Ukraine", admin1="Kharkiv")
    marib = Place("Marib", 15.46, 45.32, country="Yemen", admin1="Marib")
    hama = Place("Hama", 35.13, 36.75, country="Syria", admin1="Hama")
    deir = Place("Deir ez-Zor", 35.33, 40.14, country="Syria", admin1="Deir ez-Zor", feature="region", precision=3)
    t = {name: v[0] for name, v in ARTICLES.items()}
    a = _event("ev_palmyra", "palmyra_a.txt", t["palmyra_a.txt"], "Two soldiers were killed when militants attacked "
               "an army post near Palmyra", etype="Battles", sub="Armed clash", date="2025-11-02", place=palmyra,
               fatalities=2, actor1="Islamic State", actor2="Military Forces of Syria")
    b = _event("ev_palmyra_b", "palmyra_b.txt", t["palmyra_b.txt"], "Militants stormed an army post near Palmyra, "
               "killing five soldiers", etype="Battles", sub="Armed clash", date="2025-11-02", place=palmyra,
               fatalities=5, actor1="Islamic State", actor2="Military Forces of Syria")
    a.mentions += b.mentions
    a.fatalities_high, a.conflict, a.corroboration = 5, ["fatalities"], 2
    a.sources = ["ministry", "monitor"]
    a.merged_from = ["ev_palmyra_b"]
    a.claims = [Claim("palmyra_a.txt", "fatalities", 2, outlet="Levant Monitor", attributed_to="the ministry",
                      start=0, end=12, text=t["palmyra_a.txt"][0:12]),
                Claim("palmyra_b.txt", "fatalities", 5, outlet="Euphrates Post", attributed_to="a monitor",
                      start=t["palmyra_b.txt"].index("killing"),
                      end=t["palmyra_b.txt"].index("killing") + 21, text="killing five soldiers")]
    events = [
        a,
        _event("ev_kharkiv", "kharkiv.txt", t["kharkiv.txt"], "Russian drones struck an energy facility in Kharkiv",
               etype="Explosions/Remote violence", sub="Air/drone strike", date="2025-11-05", place=kharkiv,
               fatalities=0, actor1="Military Forces of Russia"),
        _event("ev_marib", "marib.txt", t["marib.txt"], "Protesters gathered in Marib city", etype="Protests",
               sub="Peaceful protest", date="2025-10-20", place=marib, actor1="Protesters (Yemen)"),
        _event("ev_hama", "hama_xss.html", t["hama_xss.html"], "Gunmen attacked a checkpoint in Hama",
               etype="Battles", sub="Armed clash", date="2025-11-03", place=hama, fatalities=2,
               actor1='<img src=x onerror="window.__xss=1">'),
        _event("ev_region", "region.txt", t["region.txt"], "Fighting was reported across Deir ez-Zor governorate",
               etype="Battles", sub="Armed clash", date="2025-11-01", place=deir, background=True),
        _event("ev_nowhere", "nowhere.txt", t["nowhere.txt"], "An official was arrested",
               etype="Strategic developments", sub="Arrests", date="2025-10-28", place=None, modality="claimed"),
    ]
    with Store(path) as store:
        ids = {}
        with store.transaction():
            for name, (text, outlet, url) in ARTICLES.items():
                title = XSS_TITLE if name == "hama_xss.html" else name.split(".")[0].replace("_", " ").title()
                ids[name] = store.add_document(make_document(name, text, outlet=outlet, url=url, title=title,
                                                             published="2025-11-06"))
            for e in events:
                store.save_event(e, ids)
            store.record_merge("ev_palmyra_b", "ev_palmyra", "same place, date and actors")
    return {name: str(i) for name, i in ids.items()}


@pytest.fixture(scope="session")
def web_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "web.db"
    build_web_db(path)
    return str(path)


@pytest.fixture(scope="session")
def web_db_pg(pg_database):
    """The same database on the PostgreSQL test server."""
    url = pg_database("web")
    build_web_db(url)
    return url


@pytest.fixture
def fresh_web_db(tmp_path):
    """A database of its own, for tests that write to it."""
    path = tmp_path / "fresh.db"
    build_web_db(path)
    return str(path)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn in a daemon thread on a free loopback port; stopped by setting should_exit."""

    def __init__(self, app):
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.time() + 20
        while not self.server.started:
            if time.time() > deadline or not self.thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="session")
def server_thread():
    """The ServerThread class (fixtures, unlike this conftest, can be reached from test modules)."""
    return ServerThread


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright (never Playwright's own browser download)."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Chromium not installed: run `make browser` (Debian package)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def loopback_port() -> int:
    return free_port()
