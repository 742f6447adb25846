"""Unicode normalisation and decoding: one clean form, binaries and unknown encodings refused."""
import pytest

from sitrep.errors import InputError
from sitrep.ingest.decode import decode
from sitrep.ingest.normalize import normalize_string


@pytest.mark.parametrize("raw,clean", [
    ("Deir\u00a0Ezzor", "Deir Ezzor"),                       # NBSP
    ("55\u2009km", "55 km"),                                  # thin space
    ("\u201cmost violent\u201d", '"most violent"'),           # curly double quotes
    ("Kata\u2019ib Hezbollah", "Kata'ib Hezbollah"),          # curly apostrophe
    ("al-\u200bBukamal", "al-Bukamal"),                       # zero-width space
    ("Homs\u2013Deir Ezzor road", "Homs\u2013Deir Ezzor road"),  # en dash kept
    ("killed\u2026", "killed..."),                            # ellipsis (NFKC)
    ("\ufb01ghters", "fighters"),                             # ligature (NFKC)
    ("two  \t soldiers", "two soldiers"),                     # whitespace folded
])
def test_normalize_string(raw, clean):
    assert normalize_string(raw) == clean


def test_utf8_with_bom_maps_after_the_bom():
    mt, enc = decode(b"\xef\xbb\xbfHoms", path="a.txt")
    assert (mt.text, enc, mt.starts[0]) == ("Homs", "utf-8", 3)


def test_latin1_french_is_decoded_as_cp1252_not_cp1250():
    raw = "Le camion a été détruit près de la rivière, à Diéma.".encode("latin-1")
    mt, enc = decode(raw, path="diema.txt")
    assert enc == "cp1252"
    assert mt.text == "Le camion a été détruit près de la rivière, à Diéma."


def test_cp1256_arabic_is_detected():
    raw = "قتل ثلاثة جنود عراقيين في انفجار عبوة ناسفة استهدفت دوريتهم".encode("cp1256")
    mt, enc = decode(raw, path="ar.txt")
    assert enc == "cp1256" and mt.text.startswith("قتل ثلاثة")


@pytest.mark.parametrize("raw,reason", [
    (b"", "empty"),
    (b"  \n\n\t ", "empty"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    (b"text\x00with\x00nuls" * 10, "binary"),
    (bytes(range(256)) * 4, "binary"),
    (b"Report: " + bytes((i * 37) % 128 + 128 for i in range(80)) + b" end.", "encoding"),  # no coherent guess
])
def test_refusals_name_the_reason(raw, reason):
    with pytest.raises(InputError) as info:
        decode(raw, path="x.txt", record="line 3")
    assert info.value.reason == reason
    assert str(info.value).startswith("x.txt line 3: ")
