"""Decoding of legacy page bytes: declared charsets that lie, BOMs, mojibake, binary data."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.decode import decode_body, normalize_charset
from extract.record import UnextractablePage

FIXTURES = Path(__file__).parent / "fixtures" / "extract"


@pytest.mark.parametrize(
    ("name", "headers", "expected_codec", "must_contain"),
    [
        (
            "cp1252-declared-latin1.html",
            {"Content-Type": "text/html; charset=iso-8859-1"},
            "cp1252",
            "„Anführung“ – Preis: 5 €, Straße",
        ),
        ("cp1252-declared-latin1.html", None, "cp1252", "„Anführung“ – Preis: 5 €"),
        (
            "utf8-declared-latin1.html",
            {"Content-Type": "text/html; charset=ISO-8859-1"},
            "utf-8",
            "Größe und Zuschnitt: München, Köln, Ärger",
        ),
        ("bom-utf8.html", {"Content-Type": "text/html; charset=iso-8859-1"}, "utf-8", "Grüße aus Köln"),
        (
            "mojibake-utf8.html",
            {"Content-Type": "text/html; charset=utf-8"},
            "utf-8",
            "München und Köln: Größe, über, für",
        ),
    ],
)
def test_decode_real_bytes(name: str, headers: dict[str, str] | None, expected_codec: str, must_contain: str) -> None:
    text, codec = decode_body((FIXTURES / name).read_bytes(), headers)
    assert codec.replace("_", "-") == expected_codec
    assert must_contain in text
    assert "Ã" not in text


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("ISO-8859-1", "cp1252"),
        ("latin1", "cp1252"),
        ("us-ascii", "cp1252"),
        ("UTF-8", "utf-8"),
        ("windows-1252", "cp1252"),
        ("bogus-charset", None),
    ],
)
def test_charset_labels_follow_whatwg(label: str, expected: str | None) -> None:
    assert normalize_charset(label) == expected


@pytest.mark.parametrize(
    ("body", "headers", "reason"),
    [
        (b"", None, "empty"),
        (b"   \n\t ", None, "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, {"Content-Type": "text/html"}, "binary"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", None, "binary"),
        (bytes(range(32)) * 50, {"Content-Type": "text/html"}, "binary"),
        (b"<html><body>x</body></html>", {"Content-Type": "application/pdf"}, "not HTML"),
        (b"just some plain words without any markup at all", {"Content-Type": "text/plain"}, "not HTML"),
    ],
)
def test_unextractable_bodies_are_refused_with_a_reason(
    body: bytes, headers: dict[str, str] | None, reason: str
) -> None:
    with pytest.raises(UnextractablePage, match=reason):
        decode_body(body, headers)
