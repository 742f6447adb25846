"""The offset map: every span of the clean text maps back to the raw bytes it was read from."""
import html
import json

import pytest

from sitrep.config import load_settings
from sitrep.ingest import read_file, to_raw
from sitrep.ingest.normalize import normalize_string
from sitrep.ingest.offsets import MappedText, build_offsets


def _ingest(tmp_path, name, raw: bytes):
    path = tmp_path / name
    path.write_bytes(raw)
    docs = list(read_file(path, meta={}, settings=load_settings(env={})))
    assert len(docs) == 1 and not isinstance(docs[0], Exception), docs
    return docs[0]


def _words(text):
    """Every word of the clean text with its offsets."""
    pos = 0
    for word in text.split():
        start = text.index(word, pos)
        pos = start + len(word)
        yield start, pos, word


def _assert_round_trip(doc, decode=lambda b: b.decode("utf-8")):
    for start, end, word in _words(doc.text):
        rs, re_ = to_raw(doc.offsets, start, end)
        assert normalize_string(decode(doc.raw[rs:re_])) == word, (word, doc.raw[rs:re_])


def test_round_trip_through_nbsp_curly_quotes_and_zero_width(tmp_path):
    raw = ("Rebels\u00a0seize Kidal\n\nThe army\u2019s \u201cconvoy\u201d was hit\u200b near Kidal\u2009on "
           "Monday, killing\u00a0\u00a0three soldiers \u2014 officials said\u2026\n").encode()
    doc = _ingest(tmp_path, "kidal.txt", raw)
    assert "The army's \"convoy\" was hit near Kidal on Monday, killing three soldiers \u2014 officials said..." \
        in doc.text
    _assert_round_trip(doc)


def test_quote_with_curly_apostrophe_maps_to_its_raw_bytes(tmp_path):
    raw = "Clashes in Idlib\n\nThe governor\u2019s office said two people died in Ariha.\n".encode()
    doc = _ingest(tmp_path, "ariha.txt", raw)
    start = doc.text.index("governor's office")
    rs, re_ = to_raw(doc.offsets, start, start + len("governor's office"))
    assert doc.raw[rs:re_].decode() == "governor\u2019s office"


def test_round_trip_in_html_with_entities_and_tags(tmp_path):
    page = ("<html><head><title>Shelling hits Kharkiv</title></head><body><article>"
            "<h1>Shelling hits Kharkiv</h1><p>Russian&nbsp;shelling of <b>Kharkiv</b> killed five people "
            "and wounded 22 on Monday, the governor&#8217;s office said.</p><p>Officials said the strikes "
            "hit a market &amp; two homes in the city centre.</p></article></body></html>")
    doc = _ingest(tmp_path, "kharkiv.html", page.encode())
    assert "the governor's office said." in doc.text
    assert "hit a market & two homes" in doc.text
    _assert_round_trip(doc, decode=lambda b: html.unescape(b.decode()))
    start = doc.text.index("governor's")
    rs, re_ = to_raw(doc.offsets, start, start + len("governor's"))
    assert doc.raw[rs:re_] == b"governor&#8217;s"


def test_round_trip_inside_a_jsonl_string_with_escapes(tmp_path):
    text = "Boat capsizes off Lampedusa\n\nThe coast guard\u2019s boats found \"12 bodies\" near the island.\n"
    line = json.dumps({"id": "a1", "text": text})  # ensure_ascii: \u2019 and \" escapes in the raw line
    doc = _ingest(tmp_path, "dump.jsonl", (line + "\n").encode())
    assert doc.raw == line.encode()
    start = doc.text.index("guard's")
    rs, re_ = to_raw(doc.offsets, start, start + len("guard's"))
    assert doc.raw[rs:re_] == b"guard\\u2019s"
    start = doc.text.index('"12 bodies"')
    rs, re_ = to_raw(doc.offsets, start, start + len('"12 bodies"'))
    assert doc.raw[rs:re_] == b'\\"12 bodies\\"'


def test_round_trip_in_a_cp1256_arabic_file(tmp_path):
    text = "قتل ثلاثة جنود في كركوك\n\nقتل ثلاثة جنود عراقيين في انفجار عبوة ناسفة استهدفت دوريتهم على طريق في كركوك.\n"
    doc = _ingest(tmp_path, "kirkuk_ar.txt", text.encode("cp1256"))
    assert doc.language == "ar"
    _assert_round_trip(doc, decode=lambda b: b.decode("cp1256"))


def test_removed_boilerplate_is_not_swallowed_by_an_end_offset(tmp_path):
    raw = b"Home > World\n\nTwo killed in Gao blast\n\nTwo people were killed in a blast in Gao on Friday.\n"
    doc = _ingest(tmp_path, "gao.txt", raw)
    assert doc.text.startswith("Two killed in Gao blast\n\n")
    rs, re_ = to_raw(doc.offsets, 0, len("Two killed in Gao blast"))
    assert doc.raw[rs:re_] == b"Two killed in Gao blast"
    rs, re_ = to_raw(doc.offsets, 0, len(doc.text))
    assert doc.raw[rs:re_].startswith(b"Two killed") and doc.raw[rs:re_].endswith(b"on Friday.")


@pytest.mark.parametrize("start,end", [(0, 3), (2, 5), (3, 3), (4, 9), (0, 9)])
def test_anchors_reproduce_the_per_character_map(start, end):
    # "ab" from bytes 0-2, a dropped gap, "é" (2 bytes) at 10, an inserted "\n", "xyz" from 20.
    mt = MappedText("abé\nxyz!!", [0, 1, 10, 12, 20, 21, 22, 23, 23], [1, 2, 12, 12, 21, 22, 23, 24, 24])
    offsets = build_offsets(mt)
    expected = (mt.starts[start] if start < len(mt.text) else mt.ends[-1],
                mt.ends[end - 1] if end > start else (mt.starts[start] if start < len(mt.text) else mt.ends[-1]))
    assert to_raw(offsets, start, end) == expected
