"""Main-text extraction with trafilatura on the cleaned tree, and its output as paragraphs and clean HTML."""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from dataclasses import dataclass, field

import nh3
from lxml import etree
from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.htmlprocessing import convert_to_html
from trafilatura.settings import Document

from extract.links import absolute
from extract.parse import normalize_space

logger = logging.getLogger(__name__)

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "a", "img", "b", "strong", "i", "em", "br", "blockquote", "pre",
    "table", "tr", "td", "th", "sub", "sup",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "img": {"src", "alt"}, "td": {"colspan"}, "th": {"colspan"}}


@dataclass(slots=True)
class Block:
    """One top-level block of the extracted body (a paragraph, heading, list, quote, table or image)."""

    element: etree._Element
    lines: list[str]

    @property
    def text(self) -> str:
        """The block's text, lines joined by newlines."""
        return "\n".join(self.lines)


@dataclass(slots=True)
class Body:
    """The extracted body: trafilatura's XML tree and its blocks in order."""

    tree: etree._Element | None
    blocks: list[Block] = field(default_factory=list)

    def remove(self, block: Block) -> None:
        """Drop a block from the body (tree and block list)."""
        parent = block.element.getparent()
        if parent is not None:
            parent.remove(block.element)
        self.blocks.remove(block)

    def remove_at(self, index: int) -> None:
        """Drop the block at this index (tree and block list)."""
        block = self.blocks.pop(index)
        parent = block.element.getparent()
        if parent is not None:
            parent.remove(block.element)

    @property
    def text(self) -> str:
        """Body text, one line per paragraph/heading/list item."""
        return "\n".join(line for block in self.blocks for line in block.lines)


def _element_text(element: etree._Element) -> str:
    return normalize_space("".join(element.itertext()))


def _lines(element: etree._Element) -> list[str]:
    if element.tag == "list":
        items = [_element_text(item) for item in element.iter("item")]
        return [item for item in items if item]
    if element.tag == "table":
        rows = [" ".join(_element_text(cell) for cell in row.iter("cell")) for row in element.iter("row")]
        return [normalize_space(row) for row in rows if row.strip()]
    text = _element_text(element)
    return [text] if text else []


def extract_body(tree: HtmlElement, url: str, *, favor_recall: bool = False) -> Body:
    """Run trafilatura (no metadata, no comments, links and images kept) on an already cleaned tree."""
    try:
        document = bare_extraction(
            tree, url=url, with_metadata=False, include_comments=False, include_links=True,
            include_images=False, include_tables=True, favor_recall=favor_recall,
        )
    except Exception:  # trafilatura must not break extraction: degrade to an empty body
        logger.warning("trafilatura failed on %s", url, exc_info=True)
        return Body(None)
    if not isinstance(document, Document) or document.body is None:
        return Body(None)
    body = document.body
    blocks = [Block(child, _lines(child)) for child in body if isinstance(child.tag, str)]
    return Body(body, [block for block in blocks if block.lines or block.element.tag == "graphic"])


def body_html(body: Body, url: str, lead: str | None) -> str:
    """Clean semantic HTML of lead + body, sanitised with nh3."""
    parts: list[str] = []
    if lead:
        parts.append(f"<p><strong>{nh3.clean_text(lead)}</strong></p>")
    if body.tree is not None:
        html_tree = convert_to_html(deepcopy(body.tree))
        for heading in html_tree.iter("h1", "h5", "h6"):
            heading.tag = "h2" if heading.tag == "h1" else "h4"
        for anchor in html_tree.iter("a"):
            target = absolute(anchor.get("href"), url)
            if target:
                anchor.set("href", target)
            else:
                anchor.attrib.pop("href", None)
        for image in html_tree.iter("img"):
            target = absolute(image.get("src") or image.get("data-src"), url)
            if target:
                image.set("src", target)
        content = html_tree.find("body")
        if content is not None:
            parts.extend(etree.tostring(child, encoding="unicode", with_tail=False) for child in content)
    return nh3.clean(
        "\n".join(parts), tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel=None,
    ).strip()


# "Lesen Sie auch: …", "Read more: …", "Lea también: …": a link to another article inside the body
READ_ALSO = re.compile(
    r"^(?:lesen sie (?:auch|mehr|hier)|lies auch|mehr (?:dazu|zum thema)|siehe auch|auch interessant|schon gelesen|"
    r"(?:das|dieses?) (?:thema |artikel )?könnten? (?:sie|dich|euch) auch interessieren|"
    r"weitere (?:artikel|beiträge|meldungen|nachrichten)(?: zum thema)?|"
    r"más (?:sobre|noticias)|"
    r"empfohlene (?:artikel|beiträge)|zum weiterlesen|read (?:more|also|next)|see also|related(?: articles| stories)?|"
    r"you (?:may|might) also like|more (?:on this|from)\b[^.!?]*|lea (?:también|más)|lee también|le puede interesar|"
    r"à lire (?:aussi|également)|lire aussi|voir aussi|leggi anche|czytaj (?:też|także|również))\s*[:?!.]?",
    re.IGNORECASE,
)
# a block that is only a photo credit: "Foto: Sascha Klahn", "Getty Images", "AFP / MARCO BERTORELLO"
PHOTO_CREDIT = re.compile(
    r"^(?:(?:fotos?|photos?|bild(?:er)?|image|credit|bildquelle|cr[ée]dits? photos?|photo credits?)\s*:\s*[^.!?]{2,50}|"
    r"fot\.\s*[^.!?]{2,50}|"
    r"(?:[\w .-]{2,30}\s*/\s*)?(?:getty images|thinkstock|istock(?:photo)?|shutterstock|imago(?: images)?|"
    r"picture[- ]alliance|ap|afp|dpa|epa|reuters|pap)(?:\s*/\s*[\w .-]{2,40})?)$",
    re.IGNORECASE,
)
# sharing widgets and copyright lines that trafilatura keeps as paragraphs
CHROME_LINE = re.compile(
    r"^(?:(?:teilen mit|share this|jetzt teilen|diesen artikel teilen)\s*:?|(?:gefällt mir )?wird geladen\W*|"
    r"(?:©|\(c\)|copyright\b).{0,150})$",
    re.IGNORECASE,
)
# a caption that ends in its picture credit: "Chloe Kim will es wissen. © AFP / KIRILL KUDRYAVTSEV"
CREDITED_CAPTION = re.compile(r"(?:©|\(c\))\s*[^.!?©]{2,60}$", re.IGNORECASE)
# a caption with its credit in parentheses: "… a welcome trend. (Gregory Bull, AP / November 14, 2012)"
CAPTION_CREDIT = re.compile(
    r"\((?=[^()]*/)(?=[^()]*(?:\b(?:19|20)\d\d\b|foto|photo|bild|image|getty|picture[- ]alliance|\bafp\b|\bap\b|"
    r"\bdpa\b|reuters|press|agency|stock))[^()]{3,120}\)$",
    re.IGNORECASE,
)
MAX_CAPTION = 500
# a box label with nothing else in it: "ALSO:", "More on <site>:", "Recommended for You", "Most popular"
RELATED_LABEL = re.compile(
    r"(?:also|more on [^:.!?]{1,40}:|recommended(?: for you| stories| articles| reading)?|"
    r"(?:top|related|popular|trending) (?:stories|articles|posts|news)|"
    r"most (?:popular|read|viewed|shared)(?: stories| articles)?(?: right now)?|"
    r"weitere themen|mehr aus [^:.!?]{1,40}|empfehlungen(?: der redaktion)?|"
    r"das könnte (?:sie|dich) auch interessieren)\s*:?",
    re.IGNORECASE,
)
# newsletter and subscription prompts, "Follow us on Twitter"
NEWSLETTER = re.compile(r"\bnewsletters?\b", re.IGNORECASE)
SUBSCRIBE = re.compile(r"\b(?:sign(?:ing)? up|subscribe|abonnieren|abonniere|abonnez|suscr[ií]b\w*)\b", re.IGNORECASE)
FOLLOW = re.compile(
    r"^(?:follow (?:me|us|@|\w+ on (?:twitter|facebook|instagram))|folg(?:en sie|e|t) (?:uns|mir)|s[ií]guenos|"
    r"suivez[- ]nous|seguici|obserwuj)",
    re.IGNORECASE,
)
MAX_SERVICE = 200
TAIL_BLOCKS = 5  # "subscribe" prompts without the word "newsletter" count only among the body's last blocks
MAX_PROMPT = 200
MAX_LINK_LINE = 200  # a paragraph this short that is all link text is a teaser link ("Next story: …"), not text
_SENTENCE_END = re.compile(r"[.?]\W*$")
MAX_HEADING = 60  # a line this short that starts with a READ_ALSO label is a heading ("Mehr zum Thema auf X")


def _is_link_line(block: Block) -> bool:
    """A short paragraph that is (almost) all link text: a teaser of another article, "Follow @x", "Weiterlesen".

    Kept: sentences (a final "." or "?"), and URLs or e-mail addresses printed as text.
    """
    text = block.lines[0]
    if block.element.tag != "p" or len(text) > MAX_LINK_LINE or " " not in text or _SENTENCE_END.search(text):
        return False
    linked = sum(len(normalize_space("".join(ref.itertext()))) for ref in block.element.iter("ref"))
    return linked >= 0.9 * len(text)


def _is_service_line(text: str, from_end: int) -> bool:
    """A newsletter or subscription prompt, or "Follow us on …" (short blocks only)."""
    if len(text) > MAX_SERVICE:
        return False
    if FOLLOW.match(text) or NEWSLETTER.search(text):
        return True
    return from_end <= TAIL_BLOCKS and SUBSCRIBE.search(text) is not None


def drop_chrome_blocks(body: Body) -> None:
    """Drop "Read more: …" lines, "Related articles"/"ALSO:" labels with the link list after them, photo credits
    and captions that end in their credit, paragraphs that are all link text (teasers of other articles),
    newsletter and "Follow us" prompts, sharing-widget labels and copyright lines."""
    dropped: set[int] = set()  # indexes into body.blocks
    for index, block in enumerate(body.blocks):
        if index in dropped or len(block.lines) != 1 or len(block.lines[0]) > MAX_CAPTION:
            continue
        text = block.lines[0]
        if CREDITED_CAPTION.search(text) or CAPTION_CREDIT.search(text):
            dropped.add(index)
            continue
        if len(text) > MAX_PROMPT:
            continue
        if (
            PHOTO_CREDIT.match(text)
            or CHROME_LINE.match(text)
            or _is_link_line(block)
            or _is_service_line(text, len(body.blocks) - index)
        ):
            dropped.add(index)
            continue
        prompt = RELATED_LABEL.fullmatch(text) or READ_ALSO.match(text)
        if prompt is None:
            continue
        rest = text[prompt.end() :].strip()
        if not rest or prompt.group(0).rstrip().endswith(":") or len(text) <= MAX_HEADING:
            dropped.add(index)  # the label alone (a heading) or "label: linked headline"
            following = body.blocks[index + 1] if index + 1 < len(body.blocks) else None
            if not rest and following is not None and following.element.tag == "list":
                dropped.add(index + 1)
    for index in sorted(dropped, reverse=True):
        body.remove_at(index)
