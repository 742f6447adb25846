"""Each input format gives complete Documents; metadata comes with where it came from."""
import gzip
import hashlib
import json
from io import BytesIO

import pytest

from sitrep.config import load_settings
from sitrep.errors import InputError
from sitrep.ingest import discover, load_meta, read_file

SETTINGS = load_settings(env={})

STORY = ("Gunmen kill six at gold mine near Kidal\n\n12 March 2024\n\nGunmen on motorbikes attacked an artisanal "
         "gold mine near Kidal on Monday, killing six miners, a local official said.\n\nLeave a Comment\n")

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Drone strike hits fuel depot in Hama | Orontes Herald</title>
<meta property="og:title" content="Drone strike hits fuel depot in Hama">
<meta property="og:site_name" content="Orontes Herald">
<meta property="og:url" content="https://orontes.example.org/2024/05/02/hama-depot">
<meta property="article:published_time" content="2024-05-02T09:00:00+03:00">
</head><body>
<div class="cookie">This website uses cookies to ensure you get the best experience. <button>Accept</button></div>
<nav><a href="/">Home</a> | <a href="/syria">Syria</a> | <a href="/world">World</a></nav>
<div class="ticker">Saturday 18 January 2025 | 1,204 readers</div>
<article><h1>Drone strike hits fuel depot in Hama</h1>
<p>A drone struck a fuel depot on the eastern edge of Hama on Wednesday night, setting tanks on fire and
wounding two guards, residents said.</p>
<p>Firefighters worked until dawn to contain the blaze, the city&#8217;s civil defence said.</p>
</article>
<footer><p>Share this: Facebook Twitter</p><p>&copy; 2024 Orontes Herald. All rights reserved.</p></footer>
</body></html>"""


def _read(path, meta=None, settings=SETTINGS):
    return list(read_file(path, meta=meta or {}, settings=settings))


def _one(path, meta=None):
    items = _read(path, meta)
    assert len(items) == 1 and not isinstance(items[0], InputError), items
    return items[0]


def test_text_file_gives_a_complete_document(tmp_path):
    path = tmp_path / "kidal.txt"
    path.write_text(STORY, encoding="utf-8")
    doc = _one(path)
    assert (doc.name, doc.source_path, doc.format, doc.record) == ("kidal.txt", str(path), "txt", None)
    assert doc.raw == path.read_bytes() and doc.sha256 == hashlib.sha256(doc.raw).hexdigest()
    assert doc.text == ("Gunmen kill six at gold mine near Kidal\n\nGunmen on motorbikes attacked an artisanal "
                        "gold mine near Kidal on Monday, killing six miners, a local official said.")
    assert doc.offsets[0] == [0, 0]
    assert (doc.title, doc.published, doc.language) == ("Gunmen kill six at gold mine near Kidal", "2024-03-12", "en")
    assert doc.origins == {"published": "text:dateline", "title": "text:title", "language": "langid"}


def test_meta_wins_over_everything(tmp_path):
    path = tmp_path / "kidal.txt"
    path.write_text(STORY, encoding="utf-8")
    meta_file = tmp_path / "docs.jsonl"
    meta_file.write_text(json.dumps({"doc": "kidal.txt", "url": "https://sahel.example/kidal", "outlet": "Sahel Wire",
                                     "published": "2024-03-11", "title": "Six miners killed", "language": "en"}) + "\n")
    meta, errors = load_meta(str(meta_file))
    doc = _one(path, meta)
    assert errors == []
    assert (doc.published, doc.title, doc.outlet, doc.url) == ("2024-03-11", "Six miners killed", "Sahel Wire",
                                                               "https://sahel.example/kidal")
    assert {doc.origins[k] for k in ("published", "title", "outlet", "url", "language")} == {"meta"}


def test_meta_line_with_a_bad_date_is_reported_and_its_other_fields_kept(tmp_path):
    meta_file = tmp_path / "docs.jsonl"
    meta_file.write_text('{"doc": "a.txt", "published": "yesterday", "outlet": "X"}\nnot json\n')
    meta, errors = load_meta(str(meta_file))
    assert meta == {"a.txt": {"doc": "a.txt", "outlet": "X"}}
    assert [(e.record, e.reason) for e in errors] == [("line 1", "json"), ("line 2", "json")]
    assert "use YYYY-MM-DD" in str(errors[0])


def test_html_page_uses_its_metadata_and_drops_site_chrome(tmp_path):
    path = tmp_path / "hama.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = _one(path)
    assert doc.format == "html"
    assert doc.text.startswith("Drone strike hits fuel depot in Hama\n\nA drone struck a fuel depot")
    assert "the city's civil defence said." in doc.text
    for clutter in ("cookies", "Share this", "All rights reserved", "1,204 readers"):
        assert clutter not in doc.text
    assert (doc.title, doc.outlet, doc.url, doc.published) == (
        "Drone strike hits fuel depot in Hama", "Orontes Herald", "https://orontes.example.org/2024/05/02/hama-depot",
        "2024-05-02")
    assert doc.origins["published"] == "html:htmldate" and doc.origins["title"] == "html:og"


def test_html_title_without_og_loses_the_site_suffix(tmp_path):
    path = tmp_path / "plain.html"
    path.write_text("<html><head><title>Clashes erupt in Tripoli suburbs | Libya Desk</title></head><body>"
                    "<p>Clashes between rival armed groups erupted in the southern suburbs of Tripoli on Sunday "
                    "night, residents said.</p></body></html>", encoding="utf-8")
    doc = _one(path)
    assert doc.title == "Clashes erupt in Tripoli suburbs" and doc.origins["title"] == "html:title"
    assert doc.text.startswith("Clashes erupt in Tripoli suburbs\n\nClashes between rival armed groups")


def test_html_without_body_text_is_an_error(tmp_path):
    path = tmp_path / "empty.html"
    path.write_text("<html><head><title>Nothing here</title></head><body><nav>Home | Menu</nav></body></html>")
    [error] = _read(path)
    assert isinstance(error, InputError) and error.reason == "no_text"


def test_jsonl_records_are_named_by_id_or_line_and_bad_lines_do_not_stop_the_file(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = [json.dumps({"id": "k-1", "url": "https://kano.example/a", "title": "Blast in Kano market",
                         "outlet": "Kano Today", "published": "2024-02-03T10:00:00Z",
                         "text": "Blast in Kano market\n\nA blast in a Kano market killed three traders on Friday."}),
             '{"id": "k-2", "text": "broken',
             "",
             json.dumps({"html": "<html><body><h1>Boat sinks on Lake Chad</h1><p>A boat carrying traders sank on "
                                 "Lake Chad on Sunday, drowning eleven people, officials said.</p></body></html>"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Document", "InputError", "Document"]
    first, error, last = items
    assert (first.name, first.record, first.format, first.published, first.outlet) == (
        "k-1", "line 1", "jsonl", "2024-02-03", "Kano Today")
    assert first.origins["published"] == "jsonl" and first.raw == lines[0].encode()
    assert (error.record, error.reason) == ("line 2", "json") and "dump.jsonl line 2: not valid JSON" in str(error)
    assert (last.name, last.title) == ("dump.jsonl#4", "Boat sinks on Lake Chad")
    assert last.text.startswith("Boat sinks on Lake Chad\n\nA boat carrying traders sank")


def _warc(records, *, gz):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = BytesIO()
    writer = WARCWriter(out, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "test"}))
    for url, ctype, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http))
    return out.getvalue()


@pytest.mark.parametrize("suffix", [".warc", ".warc.gz"])
def test_warc_response_records_become_documents(tmp_path, suffix):
    path = tmp_path / ("crawl" + suffix)
    path.write_bytes(_warc([("https://orontes.example.org/2024/05/02/hama-depot", "text/html; charset=utf-8",
                             PAGE.encode()),
                            ("https://orontes.example.org/logo.png", "image/png", b"\x89PNG\r\n")],
                           gz=suffix.endswith(".gz")))
    [doc] = _read(path)
    assert (doc.name, doc.record, doc.format) == (f"crawl{suffix}#1", "record 1", "warc")
    assert doc.raw == PAGE.encode() and doc.url == "https://orontes.example.org/2024/05/02/hama-depot"
    assert doc.origins["url"] == "warc" and doc.title == "Drone strike hits fuel depot in Hama"


def test_truncated_warc_keeps_the_records_before_the_break(tmp_path):
    path = tmp_path / "cut.warc.gz"
    data = _warc([("https://a.example/1", "text/html", PAGE.encode()),
                  ("https://a.example/2", "text/html", PAGE.replace("Hama", "Homs").encode())], gz=True)
    path.write_bytes(data[:-200])
    items = _read(path)
    assert not isinstance(items[0], InputError) and items[0].name == "cut.warc.gz#1"
    assert isinstance(items[-1], InputError) and items[-1].reason == "truncated"
    assert items[-1].record == "record 2" and "re-download" in str(items[-1])


def test_truncated_plain_gzip_member_is_reported(tmp_path):
    path = tmp_path / "cut.warc"
    data = _warc([("https://a.example/1", "text/html", PAGE.encode())], gz=False)
    path.write_bytes(data[: len(data) - 300])
    items = _read(path)
    assert isinstance(items[-1], InputError) and items[-1].reason == "truncated"


def test_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(STORY * 200)
    small = SETTINGS.with_overrides({"ingest.max_file_mb": 0.01})
    [error] = _read(path, settings=small)
    assert error.reason == "too_large" and "--max-file-mb" in str(error)


def test_discover_skips_unsupported_and_hidden_files_in_directories_but_reports_named_ones(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(PAGE)
    (tmp_path / "notes.md").write_text("# notes")
    (tmp_path / ".hidden.txt").write_text(STORY)
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    errors = []
    found = discover([str(tmp_path), str(tmp_path / "notes.md"), str(tmp_path / "nope")], on_error=errors.append)
    assert [p.name for p in found] == ["a.txt", "b.html"]
    assert sorted(e.reason for e in errors) == ["unreadable", "unreadable", "unsupported"]


def test_french_article_is_kept_with_its_language(tmp_path):
    path = tmp_path / "gao_fr.txt"
    path.write_text("Attaque contre un convoi près de Gao\n\nPublié le 4 mars 2024\n\nDes hommes armés ont attaqué "
                    "un convoi de camions près de Gao lundi, tuant quatre chauffeurs, selon un responsable local.\n",
                    encoding="utf-8")
    doc = _one(path)
    assert (doc.language, doc.published) == ("fr", "2024-03-04")


def test_gzip_decoding_error_inside_txt_is_binary(tmp_path):
    path = tmp_path / "zipped.txt"
    path.write_bytes(gzip.compress(STORY.encode()))
    [error] = _read(path)
    assert error.reason == "binary" and "gzip" in str(error)


def test_html_in_a_declared_legacy_charset(tmp_path):
    path = tmp_path / "ar.html"
    page = ("<html><head><meta charset=\"windows-1256\"><title>انفجار في كركوك</title></head><body><p>قتل ثلاثة "
            "جنود عراقيين في انفجار عبوة ناسفة استهدفت دوريتهم على طريق في مدينة كركوك صباح الاثنين.</p></body></html>")
    path.write_bytes(page.encode("cp1256"))
    doc = _one(path)
    assert doc.language == "ar" and "قتل ثلاثة جنود عراقيين" in doc.text


def test_a_saved_html_page_named_txt_is_read_as_html(tmp_path):
    path = tmp_path / "saved_page.txt"
    path.write_text(PAGE, encoding="utf-8")
    doc = _one(path)
    assert doc.format == "html" and "<p>" not in doc.text and doc.outlet == "Orontes Herald"


def test_html_without_date_metadata_takes_the_dateline_not_the_top_bar(tmp_path):
    path = tmp_path / "aden.html"
    path.write_text("<html><head><title>Car bomb hits checkpoint in Aden</title></head><body>"
                    "<div class='topbar'>Sunday, 6 April 2025</div>"
                    "<article><h1>Car bomb hits checkpoint in Aden</h1><p class='dateline'>ADEN, 14 March 2024</p>"
                    "<p>A car bomb exploded at a checkpoint in the Mansoura district of Aden on Thursday, killing "
                    "three guards, security officials said.</p></article></body></html>", encoding="utf-8")
    doc = _one(path)
    assert (doc.published, doc.origins["published"]) == ("2024-03-14", "text:dateline")
    assert "6 April 2025" not in doc.text
