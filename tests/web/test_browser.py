"""The page in headless Chromium: markers agree with the API, filters and the brush change them,
an event card quotes its evidence, hostile text stays inert and nothing leaves 127.0.0.1.

Chromium is Debian's (`make browser`); Playwright's own browser download is never used.
The README screenshots are taken on the demo corpus (test_demo_browser.py).
"""
from __future__ import annotations

import pytest

from sitrep.web.app import create_app


pytestmark = pytest.mark.browser
COUNT_JS = """() => {
  const clusters = [...document.querySelectorAll('.marker-cluster span')].map(s => parseInt(s.textContent, 10));
  const singles = document.querySelectorAll('path.ev').length;
  return {clusters: clusters.reduce((a, b) => a + b, 0), singles, total: clusters.reduce((a, b) => a + b, 0) + singles};
}"""


@pytest.fixture(scope="module")
def server(web_db, browser, server_thread):
    from sitrep.config import load_settings

    with server_thread(create_app(web_db, settings=load_settings(env={}))) as base:
        yield base


class Page:
    """A page that records every request, dialog and script error while a test runs."""

    def __init__(self, browser, base: str):
        self.base = base
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = browser.new_page(viewport={"width": 1400, "height": 850})
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, fragment: str = "") -> None:
        self.page.goto(f"{self.base}/{fragment}")
        self.wait_ready()

    def wait_ready(self) -> None:
        self.page.wait_for_selector("body[data-state=ready]", timeout=20000)
        self.page.wait_for_timeout(400)  # cluster icons settle after the last chunk

    def markers(self) -> dict:
        return self.page.evaluate(COUNT_JS)

    def outside(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith("http://127.0.0.1:") or u.startswith("data:"))]


@pytest.fixture
def page(browser, server):
    p = Page(browser, server)
    yield p
    assert p.outside() == [], "requests left 127.0.0.1"
    assert p.errors == [], "script errors on the page"
    p.page.close()


def api_points(page: Page, query: str = "") -> int:
    return page.page.request.get(f"{page.base}/api/points?{query}").json()["count"]


def test_markers_and_clusters_agree_with_the_api(page):
    page.open()
    counts = page.markers()
    assert counts["total"] == api_points(page) == 5
    assert counts["clusters"] >= 2  # the three Syrian events start clustered
    assert page.page.locator("#summary").inner_text().startswith("6 events match")


def test_region_level_event_is_drawn_as_an_area_not_a_point(page):
    page.open("#country=Syria")
    page.page.evaluate("() => { window.sitrep.map.setView([35.2, 39], 8, {animate: false}); }")
    page.page.wait_for_timeout(500)
    region = page.page.locator("path.ev-region")
    assert region.count() == 1
    assert region.get_attribute("stroke-dasharray") == "5 4" and region.get_attribute("fill-opacity") == "0.06"


def test_admin1_borders_appear_when_zoomed_in(page):
    page.open("#country=Syria")
    page.page.evaluate("() => { window.sitrep.map.setView([35.2, 39], 3, {animate: false}); }")
    assert page.page.get_attribute("body", "data-admin1") == "hidden"
    countries_only = page.page.locator(".leaflet-basemap-pane path").count()
    page.page.evaluate("() => { window.sitrep.map.setView([35.2, 39], 6, {animate: false}); }")
    page.page.wait_for_selector("body[data-admin1=shown]")
    page.page.wait_for_function(f"() => document.querySelectorAll('.leaflet-basemap-pane path').length > {countries_only}")


def test_filter_changes_markers_and_the_url_keeps_it(page):
    page.open()
    page.page.check("input[name=event_type][value=Battles]")
    page.page.click("#filters button[type=submit]")
    page.wait_ready()
    assert page.markers()["total"] == api_points(page, "event_type=Battles") == 3
    assert "event_type=Battles" in page.page.url
    shared = page.page.url
    again = Page(page.page.context.browser, page.base)
    again.page.goto(shared)
    again.wait_ready()
    assert again.markers()["total"] == 3
    assert again.page.is_checked("input[name=event_type][value=Battles]")
    again.page.close()


def test_timeline_brush_filters_the_map(page):
    page.open()
    assert "1 background event not shown" in page.page.locator("#timeline-title").inner_text()  # ev_region
    bars = page.page.locator("#timeline-svg rect[data-period='2025-10-28']")
    last = page.page.locator("#timeline-svg rect[data-period='2025-11-03']")
    a, b = bars.first.bounding_box(), last.first.bounding_box()
    mouse = page.page.mouse
    mouse.move(a["x"] + 2, a["y"] + a["height"] / 2)
    mouse.down()
    mouse.move(b["x"] + b["width"] - 2, b["y"] + b["height"] / 2, steps=5)
    mouse.up()
    page.wait_ready()
    assert "date_from=2025-10-28" in page.page.url and "date_to=2025-11-03" in page.page.url
    # ev_nowhere (10-28) has no coordinates; the background ev_region (11-01) is on the map, not the timeline
    assert page.markers()["total"] == api_points(page, "date_from=2025-10-28&date_to=2025-11-03") == 3
    assert page.page.locator("#timeline-svg .brush").get_attribute("visibility") == "visible"
    page.page.click("#brush-clear")
    page.wait_ready()
    assert page.markers()["total"] == 5


def test_clicking_a_marker_opens_its_card_with_the_evidence_highlighted(page):
    page.open()
    xy = page.page.evaluate("() => { const p = window.sitrep.map.latLngToContainerPoint([49.99, 36.23]);"
                            " const r = document.getElementById('map').getBoundingClientRect();"
                            " return [p.x + r.left, p.y + r.top]; }")
    page.page.mouse.click(*xy)
    page.page.wait_for_selector("#card mark.ev-this")
    assert page.page.locator("#card h2").inner_text().startswith("Explosions/Remote violence")
    assert page.page.locator("#card mark.ev-this").inner_text() == "Russian drones struck an energy facility in Kharkiv"
    assert "event=ev_kharkiv" in page.page.url


def test_conflicting_figures_are_visible_in_the_card(page):
    page.open()
    page.page.click("#list li[data-event=ev_palmyra] button")
    page.page.wait_for_selector("#card mark.ev-this")
    assert "Sources disagree on: Fatalities" in page.page.locator(".conflict-banner").inner_text()
    figures = page.page.locator("#card .row.conflict .figures li").all_inner_texts()
    assert sorted(f.split(" — ")[0] for f in figures) == ["2", "5"]
    assert "range 2–5" in page.page.locator("#card .row.conflict").inner_text()
    assert page.page.locator("#card .sources a").first.get_attribute("href") == "https://example.org/palmyra"


def test_hostile_article_renders_inert(page):
    page.open("#event=ev_hama")
    page.page.wait_for_selector("#card mark.ev-this")
    page.page.wait_for_timeout(300)
    assert page.dialogs == []
    assert page.page.evaluate("() => window.__xss") is None
    assert page.page.locator("img[src=x]").count() == 0
    assert page.page.locator("a[href^='javascript']").count() == 0
    assert page.page.locator("script").count() == 4  # ours only
    card = page.page.locator("#card").inner_text()
    assert '<img src=x onerror="window.__xss=1">' in card  # actor, title shown as text
    assert "<script>window.__xss=1</script>" in card  # article body shown as text
    assert "javascript:window.__xss=1" in page.page.locator("#card .unsafe-url").inner_text()


def test_downloads_follow_the_current_selection(page):
    page.open("#country=Ukraine")
    href = page.page.get_attribute("#dl-csv", "href")
    assert href == "/api/export?format=csv&country=Ukraine"
    body = page.page.request.get(page.base + href).text()
    assert "ev_kharkiv" in body and "ev_palmyra" not in body


def test_api_docs_render_offline(page):
    page.page.goto(page.base + "/api/docs")
    page.page.wait_for_selector(".opblock-summary-path", timeout=20000)
    assert "sitrep" in page.page.locator(".title").first.inner_text()
    assert page.page.locator(".opblock").count() >= 7


def test_new_events_are_marked_and_arrive_by_themselves(browser, server_thread, fresh_web_db):
    """Events first stored after the last visit carry a "new" mark; one stored while the page is
    open appears without a reload (the page polls /api/stats); the next visit starts from there."""
    import sqlite3

    from sitrep.config import load_settings

    def stored_at(when: str, ids: tuple[str, ...] = ()) -> None:
        with sqlite3.connect(fresh_web_db) as conn:
            where = f" WHERE id IN ({','.join('?' * len(ids))})" if ids else ""
            conn.execute(f"UPDATE events SET created_at=?{where}", (when, *ids))

    stored_at("2025-11-01T09:00:00+00:00")
    stored_at("2025-11-06T10:00:00+00:00", ("ev_hama", "ev_kharkiv"))
    with server_thread(create_app(fresh_web_db, settings=load_settings(env={}))) as base:
        p = Page(browser, base)
        p.page.add_init_script("localStorage.setItem('sitrep.poll_ms', '300')")
        p.open("#new_since=2025-11-06T08:00:00Z")
        assert p.page.locator("body").get_attribute("data-new") == "2"
        badged = p.page.locator("li.new").evaluate_all("ls => ls.map(l => l.dataset.event)")
        assert sorted(badged) == ["ev_hama", "ev_kharkiv"]
        assert p.page.locator("path.ev-new, .marker-cluster .has-new").count() == 2  # Kharkiv alone, Hama clustered
        assert "2 new since 2025-11-06 08:00 UTC" in p.page.locator("#summary").inner_text()
        assert p.page.evaluate("localStorage.getItem('sitrep.seen')") == "2025-11-06T10:00:00+00:00"

        stored_at("2025-11-06T11:00:00+00:00", ("ev_marib",))  # as `sitrep watch` would
        p.page.wait_for_selector("body[data-new='3']", timeout=10000)
        assert p.page.locator("li.new[data-event=ev_marib] .new-badge").inner_text() == "new"

        p.open()  # the next visit: new since what the last one saw
        assert p.page.locator("body").get_attribute("data-new") == "0"
        assert p.errors == [] and p.outside() == []
        p.page.close()
