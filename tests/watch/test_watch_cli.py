"""`sitrep watch --once` end to end against the local fixture server (fictional articles).

Every kind of source in one run, resume without refetching, canonical-URL dedup, the WARC
archive re-ingested by `sitrep ingest`, a failing source reported while the others go on."""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from click.testing import CliRunner

from server import article_page, atom, news_sitemap, rss, static
from sitrep.cli import cli

STORY = ("Gunmen kill six at gold mine near Kidal\n\nPublished: 12 March 2024\n\nGunmen on motorbikes attacked an "
         "artisanal gold mine near Kidal on Monday, killing six miners, a local official said.\n")  # fictional


def sitrep(config: Path, *args: str):
    """Run the command in-process (one model load per test process)."""
    return CliRunner().invoke(cli, ["--config", str(config), *args], catch_exceptions=False)


def rows(db: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def serve_articles(server, *keys: str) -> None:
    for k in keys:
        server.routes[f"/a/{k}"] = static(article_page(k))


def old_file(path: Path, text: str) -> None:
    """Write a file and date it a minute back (the folder poll waits for files to settle)."""
    path.write_text(text)
    os.utime(path, (path.stat().st_mtime - 60,) * 2)


def test_every_kind_of_source_end_to_end(server, fast_config, tmp_path):
    b = server.base
    serve_articles(server, "palmyra", "kharkiv", "marib", "hama", "kherson")
    server.routes["/rss.xml"] = static(rss(b, [("palmyra", "/a/palmyra?utm_source=rss&utm_medium=feed"),
                                                ("kharkiv", "/a/kharkiv")]), "application/rss+xml")
    server.routes["/atom.xml"] = static(atom(b, [("marib", "/a/marib"), ("palmyra", "/a/palmyra")]),
                                        "application/atom+xml")
    server.routes["/news.xml"] = static(news_sitemap(b, [("hama", "/a/hama")]), "application/xml")
    server.routes["/index.xml"] = static(
        f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{b}/child.xml</loc></sitemap></sitemapindex>".encode(), "application/xml")
    server.routes["/child.xml"] = static(news_sitemap(b, [("kherson", "/a/kherson")]), "application/xml")
    folder = tmp_path / "inbox"
    folder.mkdir()
    old_file(folder / "kidal.txt", STORY)
    listing = tmp_path / "sources.txt"
    listing.write_text(f'# fictional outlets\n{b}/rss.xml "Fictional Wire" en 15m\n{b}/atom.xml Gazette\n'
                       f"inbox Inbox 30s\n")
    db = tmp_path / "w.db"

    r = sitrep(fast_config, "watch", "--once", "--db", str(db), str(listing), f"{b}/news.xml", f"{b}/index.xml")
    assert r.exit_code == 0, r.output
    assert "5 pages fetched, 6 articles ingested" in r.output
    for k in ("palmyra", "kharkiv", "marib", "hama", "kherson"):
        assert server.hits(f"/a/{k}") == 1, k  # palmyra listed twice, under two URLs: fetched once
    assert len(list((tmp_path / "w.warc").glob("*.warc.gz"))) == 5
    docs = {url.split("/a/")[1].split("?")[0]: outlet
            for url, outlet in rows(db, "SELECT url, outlet FROM documents WHERE format='warc'")}
    assert docs["kharkiv"] == "Fictional Wire" and docs["marib"] == "Gazette"
    assert docs["palmyra"] in ("Fictional Wire", "Gazette")  # whichever source listed it first
    assert rows(db, "SELECT COUNT(*) FROM documents WHERE name='kidal.txt'") == [(1,)]
    events = rows(db, "SELECT id FROM events ORDER BY id")
    assert len(events) >= 5
    kinds = dict(rows(db, "SELECT key, kind FROM watch_sources"))
    assert kinds[f"{b}/rss.xml"] == "feed" and kinds[f"{b}/news.xml"] == "sitemap"
    assert kinds[str(folder.resolve())] == "folder"

    # Started again: nothing fetched or ingested twice.
    r = sitrep(fast_config, "watch", "--once", "--db", str(db), str(listing), f"{b}/news.xml", f"{b}/index.xml")
    assert r.exit_code == 0 and "0 new links, 0 pages fetched, 0 articles ingested" in r.output, r.output
    assert all(server.hits(f"/a/{k}") == 1 for k in ("palmyra", "kharkiv", "marib", "hama", "kherson"))
    assert rows(db, "SELECT id FROM events ORDER BY id") == events

    # The archive is what `sitrep ingest` reads: into the same store it is all known, into a fresh
    # one it gives the same events.
    r = sitrep(fast_config, "ingest", "--db", str(db), str(tmp_path / "w.warc"))
    assert "0 ingested, 5 skipped as unchanged" in r.output, r.output
    fresh = tmp_path / "fresh.db"
    sitrep(fast_config, "ingest", "--db", str(fresh), str(tmp_path / "w.warc"))
    assert set(rows(fresh, "SELECT id FROM events")) <= set(events)


def test_feed_that_changes_and_answers_304(server, fast_config, tmp_path):
    b, db = server.base, tmp_path / "w.db"
    serve_articles(server, "palmyra", "kharkiv")
    server.routes["/rss.xml"] = static(rss(b, [("palmyra", "/a/palmyra")]), "application/rss+xml", etag='"v1"')
    assert sitrep(fast_config, "watch", "--once", "--db", str(db), f"{b}/rss.xml").exit_code == 0

    r = sitrep(fast_config, "watch", "--once", "--db", str(db))  # no SOURCE: what the store follows
    assert "(1 unchanged), 0 new links" in r.output, r.output
    assert [e["if_none_match"] for e in server.log if e["path"] == "/rss.xml"] == [None, '"v1"']

    server.routes["/rss.xml"] = static(rss(b, [("kharkiv", "/a/kharkiv"), ("palmyra", "/a/palmyra")]),
                                       "application/rss+xml", etag='"v2"')
    r = sitrep(fast_config, "watch", "--once", "--db", str(db))
    assert "1 new links, 1 pages fetched, 1 articles ingested" in r.output, r.output
    assert server.hits("/a/palmyra") == 1 and server.hits("/a/kharkiv") == 1


def test_story_declaring_a_known_canonical_is_a_duplicate(server, fast_config, tmp_path):
    b, db = server.base, tmp_path / "w.db"
    serve_articles(server, "palmyra")
    server.routes["/amp/palmyra"] = static(article_page("palmyra", canonical=f"{b}/a/palmyra"))
    server.routes["/rss.xml"] = static(rss(b, [("palmyra", "/a/palmyra")]), "application/rss+xml")
    sitrep(fast_config, "watch", "--once", "--db", str(db), f"{b}/rss.xml")
    server.routes["/rss.xml"] = static(rss(b, [("palmyra", "/a/palmyra"), ("palmyra", "/amp/palmyra")]),
                                       "application/rss+xml")
    r = sitrep(fast_config, "watch", "--once", "--db", str(db))
    assert "1 duplicate URLs" in r.output and "0 articles ingested" in r.output, r.output
    assert rows(db, "SELECT COUNT(*) FROM documents") == [(1,)]


def test_failing_sources_are_reported_and_the_others_go_on(server, fast_config, tmp_path):
    b, db = server.base, tmp_path / "w.db"
    serve_articles(server, "hama")
    server.routes["/good.xml"] = static(rss(b, [("hama", "/a/hama")]), "application/rss+xml")
    server.routes["/broken.xml"] = static(b"<?xml version='1.0'?><rss><channel><item><title>cut", "application/xml")
    server.routes["/down.xml"] = lambda h: (500, {"Content-Type": "text/plain"}, b"oops")
    r = sitrep(fast_config, "watch", "--once", "--db", str(db), f"{b}/down.xml", f"{b}/broken.xml", f"{b}/good.xml")
    assert r.exit_code == 1
    assert "down.xml: http_500" in r.output and "broken.xml: broken feed XML" in r.output, r.output
    assert "1 articles ingested" in r.output
    listed = sitrep(fast_config, "sources", "--db", str(db), "--format", "jsonl").output
    errors = {line.split('"key": "')[1].split('"')[0]: '"errors": 1' in line for line in listed.splitlines()}
    assert errors == {f"{b}/down.xml": True, f"{b}/broken.xml": True, f"{b}/good.xml": False}


def test_bad_pages_are_skipped_or_retried_and_the_good_ones_ingested(server, fast_config, tmp_path):
    b, db = server.base, tmp_path / "w.db"
    serve_articles(server, "kharkiv")
    busy = iter([(429, {"Retry-After": "0"}, b"")])
    server.routes["/a/kherson"] = lambda h: next(busy, None) or static(article_page("kherson"))(h)
    server.routes["/robots.txt"] = static(b"User-agent: *\nDisallow: /private/\n", "text/plain")
    server.routes["/private/marib"] = static(article_page("marib"))
    server.routes["/a/huge"] = lambda h: (200, {"Content-Type": "text/html"}, iter([b"<p>x</p>" * 8192] * 100))

    def hang(h):
        import time
        time.sleep(1.5)
        return 200, {}, b""
    server.routes["/a/slow"] = hang
    server.routes["/rss.xml"] = static(rss(b, [("kharkiv", "/a/kharkiv"), ("kherson", "/a/kherson"),
                                                ("marib", "/private/marib"), ("hama", "/a/huge"),
                                                ("palmyra", "/a/slow")]), "application/rss+xml")
    r = sitrep(fast_config, "watch", "--once", "--db", str(db), f"{b}/rss.xml")
    assert "2 articles ingested" in r.output, r.output
    assert "2 skipped (1 robots, 1 too_large); 1 failed, retried later (1 timeout)" in r.output
    assert server.hits("/private/marib") == 0
    states = dict(rows(db, "SELECT found_url, state FROM watch_links"))
    assert states[f"{b}/a/slow"] == "failed" and states[f"{b}/a/huge"] == "skipped"

    for _ in range(2):  # retried at each poll until watch.max_attempts (3) tries, then given up
        sitrep(fast_config, "watch", "--once", "--db", str(db))
    assert server.hits("/a/slow") == 3 and server.hits("/a/huge") == 1
    assert rows(db, f"SELECT state, attempts FROM watch_links WHERE found_url='{b}/a/slow'") == [("skipped", 3)]


def test_sources_lists_polls_articles_and_errors(server, fast_config, tmp_path):
    b, db = server.base, tmp_path / "w.db"
    serve_articles(server, "hama")
    server.routes["/good.xml"] = static(rss(b, [("hama", "/a/hama")]), "application/rss+xml")
    sitrep(fast_config, "watch", "--once", "--db", str(db), f"{b}/good.xml", f"{b}/gone.xml")
    out = sitrep(fast_config, "sources", "--db", str(db)).output.splitlines()
    assert out[0].split() == ["source", "kind", "last_poll", "last_success", "next_poll", "articles", "errors",
                              "last_error"]
    good = next(line for line in out if "good.xml" in line).split()
    gone = next(line for line in out if "gone.xml" in line).split()
    assert good[1] == "feed" and good[2] == good[3] and good[5:7] == ["1", "0"]
    assert gone[3] == "-" and gone[6] == "1" and "http_404" in gone[8]
    assert good[4] > good[2]  # next poll after the interval


def test_folder_new_and_changed_files_are_read_once_each(fast_config, tmp_path):
    folder, db = tmp_path / "inbox", tmp_path / "w.db"
    folder.mkdir()
    old_file(folder / "kidal.txt", STORY)
    r = sitrep(fast_config, "watch", "--once", "--db", str(db), str(folder))
    assert "1 articles ingested" in r.output, r.output
    (folder / "fresh.txt").write_text(STORY.replace("six", "seven"))
    os.utime(folder / "fresh.txt", (time.time() + 30,) * 2)  # just modified: may still be being written
    r = sitrep(fast_config, "watch", "--once", "--db", str(db), str(folder))
    assert "0 articles ingested" in r.output, r.output
    os.utime(folder / "fresh.txt", (time.time() - 60,) * 2)
    old_file(folder / "kidal.txt", STORY.replace("Monday", "Tuesday"))  # changed: a new version
    r = sitrep(fast_config, "watch", "--once", "--db", str(db), str(folder))
    assert "2 articles ingested" in r.output, r.output
    assert rows(db, "SELECT name, COUNT(*) FROM documents GROUP BY name ORDER BY name") == [("fresh.txt", 1),
                                                                                           ("kidal.txt", 2)]
    r = sitrep(fast_config, "watch", "--once", "--db", str(db))
    assert "0 articles ingested" in r.output, r.output
