"""WordPress WXR 1.2 export: posts with authors, categories, tags, attachments and nachlese postmeta.

Written as the WordPress importer plugin reads it: authors, categories and tags first, each on one line
(its regex fallback parser reads them line by line), then one ``<item>`` per post followed by the
attachments of its images and downloaded files (``wp:post_parent`` = the post).
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from db.exports.collect import ExportArticle
from db.exports.content import body_html
from db.exports.slugs import slugify

__all__ = ["WXR_NAMESPACES", "export_wxr"]

WXR_VERSION = "1.2"
WXR_NAMESPACES = {
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wp": "http://wordpress.org/export/1.2/",
}
#: Postmeta keys (leading underscore: hidden in the WordPress editor).
META_ORIGINAL_URL = "_nachlese_original_url"
META_OLD_URLS = "_nachlese_old_urls"
META_LANGUAGE = "_nachlese_language"
META_TRANSLATIONS = "_nachlese_translations"
META_AUTHORS = "_nachlese_authors"
META_ENTITIES = "_nachlese_entities"
META_UNDATED = "_nachlese_undated"


def cdata(text: str) -> str:
    """A CDATA section; ``]]>`` inside is split over two sections as WordPress does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class _Terms:
    """Authors, categories and tags met while writing the items: name -> unique slug/login."""

    authors: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def _add(table: dict[str, str], name: str, prefix: str) -> str:
        if name not in table:
            base = slugify(name, 60) or prefix
            slug, counter = base, 2
            taken = set(table.values())
            while slug in taken:
                slug, counter = f"{base}-{counter}", counter + 1
            table[name] = slug
        return table[name]

    def author(self, name: str) -> str:
        return self._add(self.authors, name, "autor")

    def category(self, name: str) -> str:
        return self._add(self.categories, name, "kategorie")

    def tag(self, name: str) -> str:
        return self._add(self.tags, name, "schlagwort")


def _wp_date(value: datetime | None) -> str:
    return "" if value is None else value.strftime("%Y-%m-%d %H:%M:%S")


def _meta(key: str, value: str) -> str:
    return (f"\t\t<wp:postmeta><wp:meta_key>{cdata(key)}</wp:meta_key>"
            f"<wp:meta_value>{cdata(value)}</wp:meta_value></wp:postmeta>\n")


def _term(domain: str, nicename: str, name: str) -> str:
    return f"\t\t<category domain={quoteattr(domain)} nicename={quoteattr(nicename)}>{cdata(name)}</category>\n"


def _item(fields: list[str]) -> str:
    return "\t<item>\n" + "".join(fields) + "\t</item>\n"


@dataclass(slots=True)
class _Media:
    """An image or downloaded file of a post, becoming an attachment."""

    title: str
    excerpt: str
    new_url: str  # /media/... when downloaded, else the old URL
    old_url: str
    local: bool

    def attachment_url(self, media_url: str | None) -> str:
        """Where the importer fetches the file: below ``media_url`` when downloaded, else the old URL."""
        if self.local and media_url:
            return media_url.rstrip("/") + "/" + self.new_url.split("/", 2)[2]
        return self.old_url


def _media(article: ExportArticle) -> list[_Media]:
    found = [
        _Media(image.alt or image.caption or image.url.rsplit("/", 1)[-1], image.caption, image.new_url, image.url,
               image.local)
        for image in article.images
    ]
    found += [
        _Media(link.text or link.url.rsplit("/", 1)[-1], "", link.new_url, link.url, True)
        for link in article.links
        if link.attachment
    ]
    return found


def _post(article: ExportArticle, terms: _Terms, site_url: str, media_url: str | None) -> str:
    body = body_html(article)
    for media in _media(article):
        if media.local and media_url:  # the importer rewrites attachment URLs in the content after upload
            new = media.attachment_url(media_url)
            body = body.replace(f'src="{media.new_url}"', f'src="{new}"')
            body = body.replace(f'href="{media.new_url}"', f'href="{new}"')
    published = article.published
    gmt = published.astimezone(UTC) if published is not None else None
    creator = terms.author(article.authors[0]) if article.authors else ""
    for extra in article.authors[1:]:
        terms.author(extra)
    fields = [
        f"\t\t<title>{cdata(article.title)}</title>\n",
        f"\t\t<link>{escape(site_url.rstrip('/') + article.new_path)}</link>\n",
        f"\t\t<pubDate>{format_datetime(gmt) if gmt else ''}</pubDate>\n",
        f"\t\t<dc:creator>{cdata(creator)}</dc:creator>\n",
        f"\t\t<guid isPermaLink=\"false\">{escape(article.url)}</guid>\n",
        "\t\t<description></description>\n",
        f"\t\t<content:encoded>{cdata(body)}</content:encoded>\n",
        f"\t\t<excerpt:encoded>{cdata(article.lead or '')}</excerpt:encoded>\n",
        f"\t\t<wp:post_id>{article.id}</wp:post_id>\n",
        f"\t\t<wp:post_date>{cdata(_wp_date(published))}</wp:post_date>\n",
        f"\t\t<wp:post_date_gmt>{cdata(_wp_date(gmt))}</wp:post_date_gmt>\n",
        f"\t\t<wp:comment_status>{cdata('closed')}</wp:comment_status>\n",
        f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>\n",
        f"\t\t<wp:post_name>{cdata(article.slug)}</wp:post_name>\n",
        f"\t\t<wp:status>{cdata('publish')}</wp:status>\n",
        "\t\t<wp:post_parent>0</wp:post_parent>\n",
        "\t\t<wp:menu_order>0</wp:menu_order>\n",
        f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n",
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
    ]
    if article.category:
        nicename = terms.category(article.category)
        fields.append(_term("category", nicename, article.category))
    fields.extend(_term("post_tag", terms.tag(tag), tag) for tag in article.tags)
    translations = {
        t.language: {"post_id": t.article_id, "path": f"/{t.path}/", "url": t.url} for t in article.translations
    }
    fields += [
        _meta(META_ORIGINAL_URL, article.url),
        _meta(META_OLD_URLS, json.dumps(article.old_urls, ensure_ascii=False)),
        _meta(META_LANGUAGE, article.language or ""),
        _meta(META_TRANSLATIONS, json.dumps(translations, ensure_ascii=False)),
        _meta(META_AUTHORS, json.dumps(article.authors, ensure_ascii=False)),
        _meta(META_ENTITIES, json.dumps([[label, name] for label, name in article.entities], ensure_ascii=False)),
    ]
    if published is None:
        fields.append(_meta(META_UNDATED, "1"))
    return _item(fields)


def _attachment(post_id: int, parent: ExportArticle, media: _Media, media_url: str | None) -> str:
    url = media.attachment_url(media_url)
    title = media.title
    published = parent.published
    gmt = published.astimezone(UTC) if published is not None else None
    fields = [
        f"\t\t<title>{cdata(title)}</title>\n",
        f"\t\t<link>{escape(url)}</link>\n",
        f"\t\t<pubDate>{format_datetime(gmt) if gmt else ''}</pubDate>\n",
        f"\t\t<dc:creator>{cdata('')}</dc:creator>\n",
        f"\t\t<guid isPermaLink=\"false\">{escape(url)}</guid>\n",
        "\t\t<description></description>\n",
        f"\t\t<content:encoded>{cdata('')}</content:encoded>\n",
        f"\t\t<excerpt:encoded>{cdata(media.excerpt)}</excerpt:encoded>\n",
        f"\t\t<wp:post_id>{post_id}</wp:post_id>\n",
        f"\t\t<wp:post_date>{cdata(_wp_date(published))}</wp:post_date>\n",
        f"\t\t<wp:post_date_gmt>{cdata(_wp_date(gmt))}</wp:post_date_gmt>\n",
        f"\t\t<wp:comment_status>{cdata('closed')}</wp:comment_status>\n",
        f"\t\t<wp:ping_status>{cdata('closed')}</wp:ping_status>\n",
        f"\t\t<wp:post_name>{cdata(slugify(title, 60) or f'anhang-{post_id}')}</wp:post_name>\n",
        f"\t\t<wp:status>{cdata('inherit')}</wp:status>\n",
        f"\t\t<wp:post_parent>{parent.id}</wp:post_parent>\n",
        "\t\t<wp:menu_order>0</wp:menu_order>\n",
        f"\t\t<wp:post_type>{cdata('attachment')}</wp:post_type>\n",
        f"\t\t<wp:post_password>{cdata('')}</wp:post_password>\n",
        "\t\t<wp:is_sticky>0</wp:is_sticky>\n",
        f"\t\t<wp:attachment_url>{cdata(url)}</wp:attachment_url>\n",
        _meta(META_ORIGINAL_URL, media.old_url),
    ]
    return _item(fields)


def _attachments(article: ExportArticle, next_id: int, media_url: str | None) -> tuple[list[str], int]:
    items = []
    for media in _media(article):
        items.append(_attachment(next_id, article, media, media_url))
        next_id += 1
    return items, next_id


def _header(out: TextIO, terms: _Terms, site_url: str, title: str, language: str | None) -> None:
    namespaces = "".join(f'\n\txmlns:{prefix}="{uri}"' for prefix, uri in WXR_NAMESPACES.items())
    now = format_datetime(datetime.now(UTC))
    out.write(f'<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"{namespaces}\n>\n<channel>\n')
    out.write(f"\t<title>{escape(title)}</title>\n\t<link>{escape(site_url)}</link>\n")
    out.write(f"\t<description></description>\n\t<pubDate>{now}</pubDate>\n")
    out.write(f"\t<language>{escape(language or '')}</language>\n")
    out.write(f"\t<wp:wxr_version>{WXR_VERSION}</wp:wxr_version>\n")
    out.write(f"\t<wp:base_site_url>{escape(site_url)}</wp:base_site_url>\n")
    out.write(f"\t<wp:base_blog_url>{escape(site_url)}</wp:base_blog_url>\n")
    for number, (name, login) in enumerate(sorted(terms.authors.items(), key=lambda kv: kv[1]), 1):
        first, _, last = name.rpartition(" ")
        out.write(
            f"\t<wp:author><wp:author_id>{number}</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_email>{cdata('')}</wp:author_email>"
            f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
            f"<wp:author_first_name>{cdata(first)}</wp:author_first_name>"
            f"<wp:author_last_name>{cdata(last)}</wp:author_last_name></wp:author>\n"
        )
    term_id = 1
    for name, nicename in sorted(terms.categories.items(), key=lambda kv: kv[1]):
        out.write(
            f"\t<wp:category><wp:term_id>{term_id}</wp:term_id>"
            f"<wp:category_nicename>{cdata(nicename)}</wp:category_nicename>"
            f"<wp:category_parent>{cdata('')}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name>"
            "</wp:category>\n"
        )
        term_id += 1
    for name, slug in sorted(terms.tags.items(), key=lambda kv: kv[1]):
        out.write(
            f"\t<wp:tag><wp:term_id>{term_id}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
        )
        term_id += 1
    out.write("\t<generator>nachlese</generator>\n")


def export_wxr(articles: Iterable[ExportArticle], out: TextIO, *, site_url: str, first_attachment_id: int,
               title: str = "nachlese export", media_url: str | None = None) -> int:
    """Write the WXR file to ``out``; return the number of posts.

    ``site_url`` becomes the channel link and ``wp:base_site_url``; post ids are the article ids and
    attachments are numbered from ``first_attachment_id``. ``media_url``: where the exported ``media/``
    folder can be fetched by the importer; without it attachments point at their original URLs.
    """
    terms = _Terms()
    languages: dict[str, int] = {}
    count = 0
    next_id = first_attachment_id
    with tempfile.TemporaryFile("w+", encoding="utf-8") as items:
        for article in articles:
            items.write(_post(article, terms, site_url, media_url))
            attachments, next_id = _attachments(article, next_id, media_url)
            items.writelines(attachments)
            if article.language:
                languages[article.language] = languages.get(article.language, 0) + 1
            count += 1
        language = max(languages, key=lambda lang: languages[lang]) if languages else None
        _header(out, terms, site_url, title, language)
        items.seek(0)
        shutil.copyfileobj(items, out)
    out.write("</channel>\n</rss>\n")
    return count

