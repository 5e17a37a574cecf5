"""Links and images of the article body (absolute URLs, spacer and tiny images skipped)."""

from __future__ import annotations

import logging
import re

from lxml import etree
from lxml.html import HtmlElement

from extract.links import absolute
from extract.parse import TextStats, normalize_space, text_of
from extract.record import Image, Link

logger = logging.getLogger(__name__)

SPACER = re.compile(
    r"(spacer|blank|pixel|transparent|1x1|clear|dot|trans|leer|shim|space)\.(gif|png)|/(spacer|pixel)\b", re.IGNORECASE
)
MIN_IMAGE_SIZE = 50  # pixels; smaller images are icons, bullets and spacers
MORE_INFO = re.compile(
    r"^(weitere informationen|mehr informationen|links?|weblinks?|more information|"
    r"further information|more info|quelle|quellen|sources?)\s*:?$",
    re.IGNORECASE,
)


def body_links(body_tree: etree._Element | None, tree: HtmlElement, url: str, stats: TextStats) -> list[Link]:
    """Links inside the extracted body, plus those of a "Weitere Informationen:" block on the page."""
    found: dict[str, Link] = {}
    if body_tree is not None:
        for ref in body_tree.iter("ref"):
            target = absolute(ref.get("target"), url)
            if target and target not in found:
                found[target] = Link(target, normalize_space("".join(ref.itertext())))
    for label in tree.iter("b", "strong", "h3", "h4", "p", "div", "span", "font"):
        if not 3 < stats.text.get(label, 0) <= 40 or not MORE_INFO.match(text_of(label)):
            continue
        scope = label.getnext() if label.getnext() is not None else label.getparent()
        for _ in range(3):
            if scope is None or scope.find(".//a") is not None or scope.tag == "a":
                break
            scope = scope.getnext()
        if scope is None:
            continue
        anchors = [scope] if scope.tag == "a" else list(scope.iter("a"))
        sibling = scope.getnext()
        while sibling is not None and sibling.tag in {"a", "br"}:
            anchors.append(sibling) if sibling.tag == "a" else None
            sibling = sibling.getnext()
        for anchor in anchors:
            target = absolute(anchor.get("href"), url)
            if target and target not in found:
                found[target] = Link(target, text_of(anchor))
    return list(found.values())


def _size(value: str | None) -> int | None:
    match = re.match(r"\s*(\d+)", value or "")
    return int(match.group(1)) if match else None


def body_images(body_tree: etree._Element | None, tree: HtmlElement, url: str) -> list[Image]:
    """Images of the extracted body with alt text and caption (figcaption or a short text right after)."""
    if body_tree is None:
        return []
    originals: dict[str, HtmlElement] = {}
    for image in tree.iter("img"):
        if src := absolute(image.get("src") or image.get("data-src"), url):
            originals.setdefault(src, image)
    found: dict[str, Image] = {}
    for graphic in body_tree.iter("graphic"):
        src = absolute(graphic.get("src"), url)
        if not src or src in found or SPACER.search(src):
            continue
        original = originals.get(src)
        width = _size(original.get("width")) if original is not None else None
        height = _size(original.get("height")) if original is not None else None
        if (width is not None and width < MIN_IMAGE_SIZE) or (height is not None and height < MIN_IMAGE_SIZE):
            continue
        alt = normalize_space(graphic.get("alt") or (original.get("alt") if original is not None else ""))
        found[src] = Image(src, alt, _caption(original) if original is not None else "")
    return list(found.values())


def _caption(image: HtmlElement) -> str:
    for ancestor in image.iterancestors("figure"):
        caption = ancestor.find(".//figcaption")
        if caption is not None:
            return text_of(caption)
    tail = normalize_space(image.tail)
    if 3 <= len(tail) <= 200:
        return tail
    sibling = image.getnext()
    if sibling is not None and sibling.tag == "br":
        return normalize_space(sibling.tail)[:200]
    return ""
