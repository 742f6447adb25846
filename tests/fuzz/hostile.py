"""Hypothesis strategies for hostile inputs of every reader: text, HTML, JSONL and WARC files.

Each strategy draws a ``(file name, bytes)`` pair. They mix what scrapers really bring back
(pages in a legacy encoding declared as another, cut downloads, dumps whose fields have the
wrong types) with what an attacker would write (NUL bytes, lone surrogates, deep nesting,
duplicate keys, Content-Length lies, gzip members cut anywhere). Sizes scale with ``SCALE``
(environment ``SITREP_FUZZ_SCALE``): the default run keeps each file small, ``make soak-fuzz``
raises it to the issue's sizes (1 MB strings, 10,000-deep nesting).
"""
from __future__ import annotations

import gzip
import io
import json
import os

from hypothesis import strategies as st

SCALE = float(os.environ.get("SITREP_FUZZ_SCALE", "1"))
GOOD = ("Gunmen attacked a checkpoint near Kidal on Monday, killing four soldiers, a local official said. "
        "The army said it had repelled the assault and arrested two suspects.")
WORDS = ["Gunmen", "attacked", "a", "checkpoint", "near", "Kidal", "Aleppo", "on", "Monday", "killing", "four",
         "soldiers", "said", "the", "army", "shelling", "Idlib", "Mogadishu", "al-Shabaab", "drone", "strike",
         "قصف", "حلب", "مقتل", "près", "Gao", "élèves", "Деревня", "Mariupol", "2025", "12", ".", ",", "—", "'", '"']
ENCODINGS = ["utf-8", "utf-8-sig", "cp1256", "latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be",
             "utf-32", "koi8-r", "shift_jis"]
DATES = ["2025-11-03", "2025-11-03T10:15:00Z", "2025-11-03 10:15", "03/11/2025", "11/03/2025", "3.11.2025",
         "2025/11/03", "3 November 2025", "November 3, 2025", "Nov 3 2025", "3 Nov. 2025", "Monday, 3 November 2025",
         "Mon, 03 Nov 2025 10:15:00 +0000", "20251103", "1762164900", "1762164900000", "2025-W45-1", "2025-307",
         "3rd of November 2025", "le 3 novembre 2025", "3 de noviembre de 2025", "٣ نوفمبر ٢٠٢٥", "2025-13-45",
         "0000-00-00", "9999-12-31", "-2025-01-01", "2025-02-30", "yesterday", "today", "last week", "N/A", "",
         " ", "null", "2025", "11/2025", "Q4 2025", "3/11/25", "25-11-03", "1e10", "NaN", "∞", "2025-11-03\x00"]
FIELDS = ["id", "text", "html", "url", "title", "published", "outlet", "language", "doc"]


def _n(k: int) -> int:
    return max(1, int(k * SCALE))


@st.composite
def sentences(draw, max_words: int = 60) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=max_words)))


@st.composite
def nasty_text(draw) -> str:
    """Text with control characters, NULs, lone surrogates, RTL and zero-width marks mixed in."""
    parts = draw(st.lists(st.one_of(sentences(), st.sampled_from(
        ["\x00", "\ud800", "\udfff", "\u202e", "\u200b", "\ufeff", "\r\n", "\n\n", "\t", "\x1b[31m", "\u0085",
         "\u2028", "&amp;", "&#0;", "&#xD800;", "&#99999999;", "<", ">", "\\", '"']),
        st.text(max_size=40)), min_size=1, max_size=_n(30)))
    return "".join(parts)


@st.composite
def text_files(draw) -> tuple[str, bytes]:
    """A .txt file in one of many encodings, with or without BOM, sometimes cut or mangled."""
    text = draw(st.one_of(sentences(200), nasty_text()))
    enc = draw(st.sampled_from(ENCODINGS))
    data = text.encode(enc, "surrogatepass" if enc.startswith("utf") else "replace") \
        if enc != "utf-8-sig" else text.encode("utf-8-sig", "replace")
    mangle = draw(st.sampled_from(["none", "cut", "nul", "long_line", "flip"]))
    if mangle == "cut" and data:
        data = data[:draw(st.integers(0, len(data)))]
    elif mangle == "nul":
        k = draw(st.integers(0, len(data)))
        data = data[:k] + b"\x00" * draw(st.integers(1, 4)) + data[k:]
    elif mangle == "long_line":
        data = (GOOD + " ").encode() * _n(draw(st.integers(50, 400)))
    elif mangle == "flip" and data:
        k = draw(st.integers(0, len(data) - 1))
        data = data[:k] + bytes([data[k] ^ 0x80]) + data[k + 1:]
    return "t.txt", data


TAGS = ["div", "p", "span", "article", "script", "style", "table", "tr", "td", "b", "i", "a", "svg", "math",
        "noscript", "iframe", "template", "title", "head", "body", "html", "!--", "![CDATA[", "?xml"]


@st.composite
def html_files(draw) -> tuple[str, bytes]:
    """Mangled HTML: unclosed and misnested tags, deep nesting, entities, wrong charset declarations."""
    depth = draw(st.sampled_from([0, 1, 5, 50, _n(500), _n(2000)]))
    tag = draw(st.sampled_from(["div", "span", "b", "table", "p"]))
    body = draw(st.lists(st.one_of(
        sentences(40).map(lambda s: f"<p>{s}</p>"),
        st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
        st.sampled_from(["<p>unclosed", "<a href='javascript:alert(1)'>x", "<img src=x onerror=alert(1)>",
                         "&nbsp;" * 50, "&#0;&#xD800;&#x110000;&bogus;", "<!-- never closed", "<![CDATA[x",
                         "<script>for(;;){}</script>", "<meta http-equiv=refresh content=0>", "\x00", "<<<>>>",
                         "<p " + "a=1 " * 200 + ">", "<svg><script>alert(1)</script></svg>"]),
        nasty_text()), max_size=_n(20)))
    page = "".join(body)
    if draw(st.booleans()):
        page = f"<p>{GOOD}</p>" + page
    page = f"<{tag}>" * depth + page + f"</{tag}>" * draw(st.integers(0, depth))
    declared = draw(st.sampled_from([None, "utf-8", "utf-16", "windows-1256", "iso-8859-1", "shift_jis",
                                     "x-nonsense", "utf-7", "", "UTF-32"]))
    head = f'<meta charset="{declared}">' if declared is not None else ""
    doc = f"<html><head>{head}<title>{draw(sentences(8))}</title></head><body>{page}"
    if draw(st.booleans()):
        doc += "</body></html>"
    enc = draw(st.sampled_from(["utf-8", "cp1256", "latin-1", "utf-16"]))
    return "p.html", doc.encode(enc, "surrogatepass" if enc.startswith("utf") else "replace")


def _value(draw, field: str):
    """A value of the right type, or of every wrong one."""
    big = _n(draw(st.sampled_from([1, 100, 20_000])))
    return draw(st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
        st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        nasty_text(), st.just(""), st.just(GOOD * big),
        st.sampled_from(DATES) if field == "published" else sentences(30)))


@st.composite
def jsonl_files(draw) -> tuple[str, bytes]:
    """JSONL dumps: wrong types in every field, truncated lines, duplicate keys, huge strings."""
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["object", "object", "truncated", "dupkeys", "not_object", "garbage", "blank"]))
        if kind == "blank":
            lines.append(b"   ")
            continue
        if kind == "garbage":
            lines.append(draw(st.binary(max_size=60)).replace(b"\n", b" "))
            continue
        if kind == "not_object":
            lines.append(json.dumps(draw(st.one_of(st.integers(), st.lists(st.text(max_size=5)), st.text(max_size=9)))).encode())
            continue
        fields = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=6))
        obj = {f: _value(draw, f) for f in fields}
        if draw(st.booleans()):
            obj["text"] = draw(st.one_of(sentences(80), st.just(GOOD), nasty_text()))
        line = json.dumps(obj, ensure_ascii=draw(st.booleans()))
        if kind == "dupkeys":
            line = line.rstrip("}") + (", " if obj else "") + f'"text": {json.dumps(GOOD)}, "text": 5}}'
        raw = line.encode("utf-8", "surrogatepass")
        if kind == "truncated":
            raw = raw[:draw(st.integers(0, max(0, len(raw) - 1)))]
        lines.append(raw)
    sep = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = sep.join(lines) + (sep if draw(st.booleans()) else b"")
    return "d.jsonl", data


def _warc(records: list[tuple[str, str, bytes, str]], compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for k, (rec_type, url, payload, ctype) in enumerate(records):
        fixed = {"WARC-Date": "2025-11-03T10:00:00Z",  # the same bytes on every run: a failure replays
                 "WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{k:012d}>"}
        if rec_type == "response":
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = writer.create_warc_record(url, "response", payload=io.BytesIO(payload), http_headers=http,
                                            warc_headers_dict=fixed)
        else:
            rec = writer.create_warc_record(url, rec_type, payload=io.BytesIO(payload),
                                            warc_content_type=ctype, warc_headers_dict=fixed)
        writer.write_record(rec)
    return out.getvalue()


@st.composite
def warc_files(draw) -> tuple[str, bytes]:
    """WARC archives: HTML responses beside non-HTTP records, then cut, lied about, or gzip-broken."""
    records = []
    for k in range(draw(st.integers(1, 4))):
        rec_type = draw(st.sampled_from(["response", "response", "resource", "metadata", "conversion"]))
        payload = draw(st.one_of(st.just(f"<html><body><p>{GOOD}</p></body></html>".encode()),
                                 html_files().map(lambda f: f[1]), st.binary(max_size=200)))
        ctype = draw(st.sampled_from(["text/html; charset=utf-8", "text/plain", "application/pdf", "image/png",
                                      "text/html; charset=x-bogus", ""]))
        records.append((rec_type, f"https://example.org/{k}", payload, ctype))
    compress = draw(st.booleans())
    data = _warc(records, compress)
    mangle = draw(st.sampled_from(["none", "cut", "length", "garbage_tail", "gzip_member_cut"]))
    if mangle == "cut":
        data = data[:int(draw(st.floats(0, 1)) * len(data))]
    elif mangle == "length" and not compress:
        n = draw(st.sampled_from([0, 1, 17, 10**6, 10**12, -5]))
        data = data.replace(b"Content-Length: ", b"Content-Length: %d\r\nX-Old: " % n, 1) \
            if draw(st.booleans()) else data.replace(b"Content-Length: ", b"Content-Length: 9", 1)
    elif mangle == "garbage_tail":
        data += draw(st.binary(min_size=1, max_size=100))
    elif mangle == "gzip_member_cut" and compress:
        member = gzip.compress(f"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 5000\r\n\r\n{GOOD}".encode(),
                               mtime=0)
        data += member[:draw(st.integers(0, len(member)))]
    return ("a.warc.gz" if compress else "a.warc"), data


def any_file():
    return st.one_of(text_files(), html_files(), jsonl_files(), warc_files())
