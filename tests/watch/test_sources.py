"""Sources files: one source a line (URL-or-folder [outlet] [lang] [interval]), bad lines reported."""
from __future__ import annotations

from sitrep.watch.sources import WatchSource, parse_sources


def test_sources_file_lines_and_errors(tmp_path):
    (tmp_path / "inbox").mkdir()
    listing = tmp_path / "sources.txt"
    listing.write_text("# fictional outlets\n\n"
                       'https://wire.example/feed.xml "Fictional Wire" en 15m\n'
                       "https://gazette.example/sitemap.xml Gazette\n"
                       "inbox  Inbox  fr  90\n"
                       "no-such-folder Lost\n"
                       "https://wire.example/feed.xml duplicate line ignored\n")
    errors = []
    got = parse_sources([str(listing), "https://other.example/atom"], on_error=errors.append)
    assert got == [WatchSource("https://wire.example/feed.xml", "url", "Fictional Wire", "en", 900.0),
                   WatchSource("https://gazette.example/sitemap.xml", "url", "Gazette"),
                   WatchSource(str((tmp_path / "inbox").resolve()), "folder", "Inbox", "fr", 90.0),
                   WatchSource("https://other.example/atom", "url")]
    assert len(errors) == 1 and errors[0].record == "line 6" and "no-such-folder" in str(errors[0])
