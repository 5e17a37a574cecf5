"""Turn page bytes into Unicode: BOM, HTTP charset, meta charset, detection, mojibake repair."""

from __future__ import annotations

import codecs
import logging
import re
from collections.abc import Mapping

import charset_normalizer
import ftfy

from extract.record import UnextractablePage

logger = logging.getLogger(__name__)

MAX_BYTES = 4_000_000  # larger bodies are truncated: nothing useful on a news page lies beyond
SNIFF_BYTES = 4096  # the HTML spec looks for <meta charset> in the first 1024 bytes; legacy pages need more

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# WHATWG encoding rules: these labels are decoded as windows-1252
_CP1252_ALIASES = frozenset({"latin_1", "iso8859_1", "ascii", "cp1252", "iso8859_15"})
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"%PDF-",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"BZh",
    b"\x7fELF",
    b"MZ",
    b"OggS",
    b"ID3",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"fLaC",
    b"\xd0\xcf\x11\xe0",  # OLE2: .doc, .xls
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.+-]+)""",
    re.IGNORECASE,
)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:+-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_:.+-]+)""", re.IGNORECASE)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
_NON_HTML_TYPES = re.compile(
    r"^(image|audio|video|font|model)/|^application/(pdf|zip|gzip|octet-stream|x-|msword|vnd\.|json|javascript)"
)


def header_value(headers: Mapping[str, str] | None, name: str) -> str:
    """Case-insensitive header lookup; ``""`` when absent."""
    if not headers:
        return ""
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value if isinstance(value, str) else str(value)
    return ""


def normalize_charset(label: str | None) -> str | None:
    """Python codec name for a charset label, applying the WHATWG latin-1 → cp1252 rule; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in {"x-user-defined", "none", "unknown"}:
        return None
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.replace("-", "_") in _CP1252_ALIASES or name in {"latin-1", "iso8859-1", "iso8859-15", "ascii"}:
        return "cp1252"
    return name


_CONTROL_BYTES = bytes([*range(9), *range(14, 32)])  # control bytes that text never holds (tab..CR allowed)


def check_binary(body: bytes, headers: Mapping[str, str] | None = None) -> None:
    """Raise UnextractablePage when the body is empty, binary or declared as a non-HTML type."""
    if not body or not body.strip():
        raise UnextractablePage("empty body")
    content_type = header_value(headers, "Content-Type").split(";")[0].strip().lower()
    if content_type and _NON_HTML_TYPES.match(content_type):
        raise UnextractablePage(f"not HTML: Content-Type {content_type}")
    head = body[:SNIFF_BYTES].lstrip()
    if head.startswith(_BINARY_MAGIC):
        raise UnextractablePage("binary data (file signature) sent as a page")
    if any(body.startswith(bom) for bom, _ in _BOMS):
        return
    sample = body[:SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C
    if controls > len(sample) * 0.05:
        raise UnextractablePage(f"binary data: {controls} control bytes in the first {len(sample)}")
    if content_type == "text/plain" or (not content_type and b"<" not in sample):
        lowered = sample.lower()
        if b"<html" not in lowered and b"<body" not in lowered and b"<p" not in lowered:
            raise UnextractablePage("not HTML: no markup in the document head")


def _declared_charset(body: bytes, headers: Mapping[str, str] | None) -> tuple[str | None, str]:
    """Charset declared by the HTTP header, else by the document, with where it came from."""
    match = _HEADER_CHARSET.search(header_value(headers, "Content-Type"))
    if match and (name := normalize_charset(match.group(1))):
        return name, "header"
    head = body[:SNIFF_BYTES]
    for pattern in (_XML_ENCODING, _META_CHARSET):
        found = pattern.search(head)
        if found and (name := normalize_charset(found.group(1).decode("ascii", "replace"))):
            return name, "meta"
    return None, ""


def _is_utf8(body: bytes) -> bool:
    """True when the bytes are valid UTF-8 and contain multibyte sequences (not plain ASCII)."""
    if not _UTF8_MULTIBYTE.search(body):
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as err:
        # a truncated final sequence is still UTF-8
        return err.start >= len(body) - 3
    return True


def _detect(body: bytes) -> str:
    """Best guess by charset-normalizer on a sample; cp1252 when undecided."""
    try:
        best = charset_normalizer.from_bytes(body[:65536]).best()
    except Exception:  # detection must never break extraction
        logger.warning("charset detection failed", exc_info=True)
        best = None
    if best is None:
        return "cp1252"
    return normalize_charset(best.encoding) or "cp1252"


# UTF-8 lead byte read as cp1252/latin-1 followed by a continuation byte read the same way: "Ã¤", "â€ž"
_MOJIBAKE = re.compile("[ÂÃ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€[\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]")
MIN_MOJIBAKE = 3  # fewer suspicious pairs than this are left alone (they may be real text)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 mojibake with ftfy, only when the text clearly shows it.

    A cheap regex gates the (slow) ftfy call; ftfy only re-decodes text segments it is sure about.
    """
    if "Ã" not in text and "Â" not in text and "â€" not in text:  # str.__contains__ is far cheaper than the regex
        return text
    if len(_MOJIBAKE.findall(text, 0, 2_000_000)) < MIN_MOJIBAKE:
        return text
    logger.debug("mojibake found: repairing with ftfy")
    return ftfy.fix_encoding(text)


def decode_body(body: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Decode page bytes to text; return ``(text, codec name)``.

    Order: BOM, HTTP Content-Type charset, ``<meta charset>``/XML declaration, detection.
    A declared latin-1 is read as cp1252; UTF-8 bytes declared as a single-byte charset are read as UTF-8.
    """
    check_binary(body, headers)
    if len(body) > MAX_BYTES:
        logger.warning("body of %d bytes truncated to %d", len(body), MAX_BYTES)
        body = body[:MAX_BYTES]
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body.decode(name, errors="replace").lstrip("\ufeff"), name
    declared, _source = _declared_charset(body, headers)
    if declared is None:
        encoding = "utf-8" if _is_utf8(body) else _detect(body)
    elif declared != "utf-8" and declared in {"cp1252", "iso8859-2", "iso8859-15"} and _is_utf8(body):
        logger.debug("declared %s but bytes are UTF-8", declared)
        encoding = "utf-8"
    elif declared == "utf-8" and re.search(rb"[\x80-\xff]", body) and not _UTF8_MULTIBYTE.search(body):
        logger.debug("declared UTF-8 but no UTF-8 sequence in the bytes")
        encoding = "cp1252"
    else:
        encoding = declared
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        encoding = "cp1252"
        text = body.decode(encoding, errors="replace")
    return repair_mojibake(text), encoding
