#!/usr/bin/env python3
"""Write the demo legacy site (demo/site/) and its ground truth (demo/truth.json) from demo/content.py."""

from __future__ import annotations

import codecs
import hashlib
import html
import json
import random
import struct
import sys
import zlib
from pathlib import Path
from typing import Any

from demo.content import ARTICLES, EVENTS, INTERN_TEXT, OLD_ARTICLE, WELCOME

HERE = Path(__file__).resolve().parent
SITE = "Wirtschaftsregion Ems-Dollart Online"
PREFIX = "Wirtschaftsregion Ems-Dollart - "
SID = hashlib.md5(b"nachlese demo session").hexdigest()  # PHPSESSID in the "Aktuelle Meldungen" links
TESTIMONIAL = ("Die Region hat sich hervorragend entwickelt – hier finden Unternehmen alles, "
               "was sie für ihr Wachstum brauchen.")
FOOTER_DATE = "02.01.2008"
HTML_ISO = "text/html; charset=iso-8859-1"
DOCTYPE = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" '
           '"http://www.w3.org/TR/html4/loose.dtd">')
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
             "Oktober", "November", "Dezember"]
NAMED = {"„": "&bdquo;", "“": "&ldquo;", "”": "&rdquo;", "‘": "&lsquo;", "’": "&rsquo;", "–": "&ndash;",
         "—": "&mdash;", "€": "&euro;", "…": "&hellip;"}
WORDS: dict[str, dict[str, Any]] = {
    "de": {"nav": ["Startseite", "Aktuelles", "Archiv", "Veranstaltungen", "Kontakt", "Impressum", "Intern"],
           "recent": "Aktuelle Meldungen", "section": "Rubrik", "date": "Datum", "more": "Weitere Informationen",
           "print": "Drucken", "back": "zurück zum Archiv", "top": "nach oben"},
    "en": {"nav": ["Home", "News", "Archive", "Events", "Contact", "Imprint", "Intranet"],
           "recent": "Latest news", "section": "Section", "date": "Date", "more": "Further information",
           "print": "Print version", "back": "back to the archive", "top": "top"},
}
NAV_URLS = ["/index.html", "/news/archiv.php?seite=1", "/news/archiv.php", "/kalender.php?monat=2008-01",
            "/kontakt.html", "/impressum.html", "/intern/index.html"]


def _entities(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeEncodeError)
    chunk = err.object[err.start:err.end]
    return "".join(NAMED.get(c, f"&#{ord(c)};") for c in chunk), err.end


codecs.register_error("demo_entities", _entities)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(url: str) -> str:
    return html.escape(url, quote=True)


def article_url(aid: int, *, en: bool = False, druck: bool = False, seite: int = 1) -> str:
    return (f"/news/artikel.php?id={aid}" + ("&lang=en" if en else "") + (f"&seite={seite}" if seite > 1 else "")
            + ("&druck=1" if druck else ""))


def article_file(aid: int, *, en: bool = False, druck: bool = False, seite: int = 1) -> str:
    return (f"news/artikel-{aid}" + ("-en" if en else "") + (f"-seite{seite}" if seite > 1 else "")
            + ("-druck" if druck else "") + ".html")


def by_id(aid: int) -> dict[str, Any]:
    return next(a for a in ARTICLES if a["id"] == aid)


NEWEST = sorted(ARTICLES, key=lambda a: a["published"], reverse=True)
RECENT = NEWEST[:5]
TRANSLATED = [a for a in ARTICLES if "en" in a]


def testimonial_box() -> str:
    return ('<br><table width="140" border="1" cellpadding="4" cellspacing="0" bordercolor="#99AABB" '
            'align="center"><tr><td bgcolor="#FFFFEE"><font face="Georgia, Times New Roman" size="1">'
            f"<i>&bdquo;{esc(TESTIMONIAL)}&ldquo;</i><br><br><b>Gerd Hinrichs</b><br>"
            "Gesch&auml;ftsf&uuml;hrer, Hinrichs Logistik GmbH, Weener</font></td></tr></table>")


def right_column(lang: str) -> str:
    if lang == "en":
        items = [(article_url(a["id"], en=True), a["en"]["title"]) for a in reversed(TRANSLATED)]
    else:  # the CMS appends the session id with a raw '&' (PHP trans_sid)
        items = [(f"/news/artikel.php?id={a['id']}&PHPSESSID={SID}", a["title"]) for a in RECENT]
    links = "\n".join(f'&middot; <a href="{url}">{esc(title)}</a><br><br>' for url, title in items)
    return (f'<td width="160" valign="top" bgcolor="#F4F4F4"><img src="/img/spacer.gif" width="160" height="10" '
            f'alt=""><br>\n<font face="Verdana, Arial" size="2" color="#003366"><b>{WORDS[lang]["recent"]}</b>'
            f'</font><br><br>\n<font face="Verdana, Arial" size="1">\n{links}\n</font></td>')


def layout(*, lang: str, title: str, content: str, switch: str, canonical: str | None = None,
           charset: str = "iso-8859-1") -> str:
    """A normal page of the portal: header, navigation, testimonial, content, right column, footer."""
    nav = "\n".join(f'&raquo; <a href="{attr(u)}">{label}</a><br>'
                    for u, label in zip(NAV_URLS, WORDS[lang]["nav"], strict=True))
    canon = f'\n<link rel="canonical" href="{attr(canonical)}">' if canonical else ""
    return f"""{DOCTYPE}
<html lang="{lang}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<meta http-equiv="Content-Language" content="{lang}">
<meta name="keywords" content="Wirtschaft, Ems-Dollart, Ostfriesland, Emsland, Groningen, Nachrichten">
<title>{esc(title)}</title>{canon}
<script type="text/javascript"><!--
function druck(url) {{ window.open(url, 'druck', 'width=640,height=600,scrollbars=yes'); }}
//--></script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<a name="top"></a>
<center>
<table width="780" border="0" cellspacing="0" cellpadding="0">
<tr><td colspan="3" bgcolor="#003366"><a href="/index.html"><img src="/img/logo.gif" width="300" height="60"
 border="0" alt="{SITE}"></a></td></tr>
<tr><td colspan="3" align="right" bgcolor="#E8EEF4"><font face="Verdana, Arial" size="1">{switch}&nbsp;</font></td></tr>
<tr>
<td width="150" valign="top" bgcolor="#E8EEF4"><img src="/img/spacer.gif" width="150" height="10" alt=""><br>
<font face="Verdana, Arial, Helvetica" size="2">
{nav}
</font>
{testimonial_box()}
</td>
<td width="470" valign="top"><img src="/img/spacer.gif" width="470" height="10" alt=""><br>
<table width="450" border="0" cellpadding="0" cellspacing="0" align="center"><tr><td>
{content}
</td></tr></table>
<br></td>
{right_column(lang)}
</tr>
<tr><td colspan="3" align="center" bgcolor="#E8EEF4"><img src="/img/spacer.gif" width="1" height="5" alt=""><br>
<font face="Verdana, Arial" size="1" color="#666666">&copy; 2007 Wirtschaftsf&ouml;rderverein Ems-Dollart e.V.
&middot; Letzte Aktualisierung: {FOOTER_DATE} &middot; Realisierung:
<a href="http://www.nordlicht-webdesign.de/" target="_blank">nordlicht webdesign</a></font>
</td></tr>
</table>
</center>
</body>
</html>
"""


def switch_de(en_url: str | None) -> str:
    if en_url:
        return f'<b>Deutsch</b> | <a href="{attr(en_url)}">English</a>'
    return '<b>Deutsch</b> | <font color="#999999">English</font>'


def headline(style: str, text: str) -> str:
    if style == "h1":
        return f'<h1><font face="Arial, Helvetica" size="5" color="#003366">{esc(text)}</font></h1>'
    return f'<font face="Arial, Helvetica" size="4" color="#003366"><b>{esc(text)}</b></font><br><br>'


def paragraphs(style: str, paras: list[str]) -> str:
    if style == "br":
        return ('<font face="Verdana, Arial" size="2">\n' + "<br><br>\n".join(esc(p) for p in paras)
                + "\n</font>")
    return "\n".join(f'<p><font face="Verdana, Arial" size="2">{esc(p)}</font></p>' for p in paras)


def article_content(a: dict[str, Any], t: dict[str, Any], lang: str, *, seite: int = 1, pages: int = 1,
                    print_url: str | None = None) -> str:
    """The content cell of a normal article page (teaser lead + the lead again as first paragraph)."""
    w = WORDS[lang]
    raw, byline, cat = t["raw"], t["byline"], t["category"]
    parts: list[str] = []
    if a["meta"] == 1:
        parts.append(f'<font face="Verdana, Arial" size="1" color="#996600">{w["section"]}: {esc(cat)}</font><br>')
    parts.append(headline(a["head"], t["title"]))
    if a["meta"] == 0:
        parts.append(f'<font face="Verdana, Arial" size="1" color="#666666">{esc(raw)} | {w["section"]}: '
                     f'{esc(cat)}</font><br>')
        if byline:
            parts.append(f'<font face="Verdana, Arial" size="1"><i>{esc(byline)}</i></font><br>')
        parts.append("<br>")
    elif a["meta"] == 1:
        meta = esc(raw) + (f" &middot; {esc(byline)}" if byline else "")
        parts.append(f'<font face="Verdana, Arial" size="1" color="#666666">{meta}</font><br><br>')
    else:
        parts.append(f'<table width="100%" border="0" cellpadding="2" cellspacing="0" bgcolor="#F0F0F0"><tr>'
                     f'<td><font face="Verdana, Arial" size="1">{w["date"]}: {esc(raw)}</font></td>'
                     f'<td align="right"><font face="Verdana, Arial" size="1">{w["section"]}: {esc(cat)}'
                     f"</font></td></tr></table><br>")
    body = list(t["paras"]) if seite == 1 else list(t["page2"])
    if seite == 1:
        teaser = f'<font face="Verdana, Arial" size="2"><b>{esc(t["lead"])}</b></font>'
        parts.append(teaser + ("<br><br>" if a["body"] == "br" else ""))
        body.insert(0, t["lead"])
    else:
        parts.append('<font face="Verdana, Arial" size="1"><i>(Fortsetzung)</i></font><br><br>')
    parts.append(paragraphs(a["body"], body))
    if pages > 1:
        nums = " | ".join(f"<b>{n}</b>" if n == seite else
                          f'<a href="{attr(article_url(a["id"], seite=n))}">{n}</a>' for n in range(1, pages + 1))
        nxt = (f' <a href="{attr(article_url(a["id"], seite=seite + 1))}">weiter &raquo;</a>'
               if seite < pages else "")
        parts.append(f'<br><br><font face="Verdana, Arial" size="2">Seite {nums}{nxt}</font>')
    if a["meta"] == 2 and byline and seite == pages:
        parts.append(f'<p align="right"><font face="Verdana, Arial" size="1"><i>{esc(byline)}</i></font></p>')
    if seite == pages:
        links = "\n".join(f'&raquo; <a href="{attr(u)}" target="_blank">{esc(label)}</a><br>'
                          for u, label in a["links"])
        parts.append(f'<br><br><font face="Verdana, Arial" size="2"><b>{w["more"]}:</b><br>\n{links}\n</font>')
    tail = []
    if print_url:
        tail.append(f'<a href="{attr(print_url)}" target="_blank" onclick="druck(this.href); return false;">'
                    f'{w["print"]}</a>')
    tail += [f'<a href="/news/archiv.php">{esc(w["back"])}</a>', f'<a href="#top">{w["top"]}</a>']
    parts.append(f'<br><br><font face="Verdana, Arial" size="1">{" | ".join(tail)}</font>')
    return "\n".join(parts)


def print_page(a: dict[str, Any], t: dict[str, Any], lang: str, source: str) -> str:
    """Minimal print layout: no navigation, no testimonial, no canonical; lead once, whole text."""
    w = WORDS[lang]
    meta = f'{esc(t["raw"])} &middot; {w["section"]}: {esc(t["category"])}'
    if t["byline"]:
        meta += f" &middot; {esc(t['byline'])}"
    body = "\n".join(f"<p>{esc(p)}</p>" for p in t["paras"] + t.get("page2", []))
    links = "<br>\n".join(f"{esc(label)}: {esc(u)}" for u, label in a["links"])
    label = "Druckversion" if lang == "de" else "Printer-friendly version"
    close = "Fenster schlie&szlig;en" if lang == "de" else "Close window"
    return f"""{DOCTYPE}
<html lang="{lang}">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>{label}: {esc(t["short"])}</title>
</head>
<body bgcolor="#FFFFFF" onload="window.print()">
<font face="Arial" size="2">{SITE} &ndash; {label}</font> &nbsp;
<font face="Arial" size="1">[<a href="javascript:window.close()">{close}</a>]</font>
<hr noshade size="1">
<font face="Times New Roman, Times">
<h2>{esc(t["title"])}</h2>
<font size="2">{meta}</font>
<p><b>{esc(t["lead"])}</b></p>
{body}
<p><b>{w["more"]}:</b><br>
{links}</p>
</font>
<hr noshade size="1">
<font face="Arial" size="1">Quelle: http://www.wirtschaftsregion-ems-dollart.de{esc(source)}
&middot; &copy; 2007 Wirtschaftsf&ouml;rderverein Ems-Dollart e.V.</font>
</body>
</html>
"""


def german(a: dict[str, Any]) -> dict[str, Any]:
    return {k: a[k] for k in ("raw", "byline", "category", "title", "lead", "paras", "short")} | (
        {"page2": a["page2"]} if "page2" in a else {})


def english(a: dict[str, Any]) -> dict[str, Any]:
    e = a["en"]
    return {"raw": e["published_raw"], "byline": e["byline"], "category": e["category"], "title": e["title"],
            "lead": e["lead"], "paras": e["paras"], "short": e["short"]}


def listing_item(a: dict[str, Any]) -> str:
    date = a["published"][:10]
    shown = f"{date[8:10]}.{date[5:7]}.{date[:4]}"
    return (f'<p><font face="Verdana, Arial" size="2"><b><a href="{attr(article_url(a["id"]))}">{esc(a["title"])}'
            f'</a></b><br><font size="1" color="#666666">{shown} &middot; {esc(a["category"])}</font><br>\n'
            f'{esc(a["lead"])} <a href="{attr(article_url(a["id"]))}">mehr&nbsp;&raquo;</a></font></p>')


def archive_page(seite: int, pages: int) -> str:
    items = "\n".join(listing_item(a) for a in NEWEST[(seite - 1) * 5:seite * 5])
    nums = " ".join(f"<b>{n}</b>" if n == seite else f'<a href="/news/archiv.php?seite={n}">{n}</a>'
                    for n in range(1, pages + 1))
    back = f'<a href="/news/archiv.php?seite={seite - 1}">&laquo; zur&uuml;ck</a> ' if seite > 1 else ""
    fwd = f' <a href="/news/archiv.php?seite={seite + 1}">weiter &raquo;</a>' if seite < pages else ""
    old = ""
    if seite == pages:
        old = ("<br><font face=\"Verdana, Arial\" size=\"2\"><b>Aus dem alten Archiv (2005/2006)</b></font><br>\n"
               f'<font face="Verdana, Arial" size="2">&middot; <a href="{OLD_ARTICLE["path"]}">'
               f'{esc(OLD_ARTICLE["title"])}</a><br>\n'
               '&middot; <a href="/alt/archiv-2005.html">Meldungen 2005 (Übersicht)</a><br>\n'
               '&middot; <a href="/alt/logo-druckvorlage.html">Logo und Druckvorlagen für Mitglieder</a><br>\n'
               "</font>")
    content = (f'<font face="Arial, Helvetica" size="4" color="#003366"><b>Archiv</b></font><br>'
               f'<font face="Verdana, Arial" size="1">Alle Meldungen, neueste zuerst &ndash; Seite {seite} '
               f"von {pages}</font><br>\n{items}\n"
               f'<p align="center"><font face="Verdana, Arial" size="2">{back}Seite {nums}{fwd}</font></p>{old}')
    return layout(lang="de", title=f"{PREFIX}Archiv - Seite {seite}", content=content, switch=switch_de(None))


def index_page() -> str:
    items = "\n".join(listing_item(a) for a in RECENT)
    tip = by_id(7)
    content = (f'<font face="Arial, Helvetica" size="4" color="#003366"><b>Willkommen!</b></font><br>\n'
               f'<p><font face="Verdana, Arial" size="2">{esc(WELCOME)}</font></p>\n'
               f'<font face="Verdana, Arial" size="3" color="#003366"><b>Neueste Meldungen</b></font>\n{items}\n'
               '<table width="100%" border="1" cellpadding="4" cellspacing="0" bordercolor="#CCCCCC"><tr>'
               '<td bgcolor="#FFFFEE"><font face="Verdana, Arial" size="1"><b>Aus unserem Newsletter:</b> '
               f'<a href="/news/artikel.php?id={tip["id"]}&amp;utm_source=newsletter&amp;utm_medium=email">'
               f'{esc(tip["title"])}</a></font></td></tr></table>\n'
               '<p><font face="Verdana, Arial" size="2"><a href="/news/archiv.php">Alle Meldungen im Archiv'
               "&nbsp;&raquo;</a></font></p>")
    return layout(lang="de", title=f"{PREFIX}Startseite", content=content, switch=switch_de(None))


def simple_page(title: str, heading: str, body: str) -> str:
    content = (f'<font face="Arial, Helvetica" size="4" color="#003366"><b>{heading}</b></font><br><br>\n'
               f'<font face="Verdana, Arial" size="2">\n{body}\n</font>')
    return layout(lang="de", title=f"{PREFIX}{title}", content=content, switch=switch_de(None))


KONTAKT = """<b>Redaktion Wirtschaftsregion Ems-Dollart Online</b><br>
Wirtschaftsf&ouml;rderverein Ems-Dollart e.V.<br>
Hafenstra&szlig;e 12<br>
26789 Leer (Ostfriesland)<br><br>
Telefon: 0491 / 12 34 56<br>
Telefax: 0491 / 12 34 57<br>
E-Mail: <a href="mailto:redaktion@wirtschaftsregion-ems-dollart.de">redaktion@wirtschaftsregion-ems-dollart.de</a>
<br><br>
<b>Ansprechpartner:</b><br>
Anna Berger (Redaktionsleitung), Durchwahl -21<br>
Jens Oltmanns (Redaktion, Termine), Durchwahl -22<br><br>
B&uuml;rozeiten: Montag bis Donnerstag 8.30&ndash;16.30 Uhr, Freitag 8.30&ndash;13.00 Uhr<br>
&raquo; <a href="/alt/anfahrt.html">Anfahrtsbeschreibung</a><br><br>
<form action="/kontakt.php" method="post">
<table border="0" cellpadding="2">
<tr><td><font size="2">Name:</font></td><td><input type="text" name="name" size="30"></td></tr>
<tr><td><font size="2">E-Mail:</font></td><td><input type="text" name="email" size="30"></td></tr>
<tr><td valign="top"><font size="2">Nachricht:</font></td>
<td><textarea name="text" rows="5" cols="30"></textarea></td></tr>
<tr><td></td><td><input type="submit" value="Absenden"></td></tr>
</table>
</form>"""

IMPRESSUM = """<b>Herausgeber:</b><br>
Wirtschaftsf&ouml;rderverein Ems-Dollart e.V.<br>
Hafenstra&szlig;e 12, 26789 Leer<br>
Vertretungsberechtigter Vorstand: Dr. Heinrich Albers (Vorsitzender), Ilse Coordes (stellv. Vorsitzende)<br>
Registergericht: Amtsgericht Leer, VR 1234<br><br>
<b>Verantwortlich f&uuml;r den Inhalt (V.i.S.d.P.):</b><br>
Anna Berger, Anschrift wie oben<br><br>
<b>Haftungshinweis:</b><br>
Trotz sorgf&auml;ltiger inhaltlicher Kontrolle &uuml;bernehmen wir keine Haftung f&uuml;r die Inhalte externer Links.
F&uuml;r den Inhalt der verlinkten Seiten sind ausschlie&szlig;lich deren Betreiber verantwortlich.<br><br>
<b>Gestaltung und Programmierung:</b><br>
nordlicht webdesign, Aurich"""

BROKEN = (
    b'<html>\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">\n'
    b"<title>Anfahrt\n<body bgcolor=#ffffff>\n<table width=780><tr><td><font face=Arial size=2>"
    b"<b>Anfahrt zur Gesch\xe4ftsstelle</font>\n<table><tr><td <td>\n<br />\n"
    b"<b>Warning</b>:  include(/var/www/htdocs/inc/anfahrt.inc.php) [<a href='function.include'>"
    b"function.include</a>]: failed to open stream: No such file or directory in <b>/var/www/htdocs/anfahrt.php"
    b"</b> on line <b>14</b><br />\n<<<>>> <? echo $anfahrt_text; ?> </td <tr\n"
    b"Aus Richtung Oldenburg kommend: A 28 bis Abfahrt Leer-Ost, dann\x00\x00\x1a\xff\xfe\x00<\x00t\x00d\x00>"
    b"\x00 %%%INCLUDE nav.inc%%% &#xZZZ; &nbsp &auml \x85\x96\x9f\n<td><td></font></b\n"
    b"<!-- Warning: mysql_connect(): Can't connect to MySQL server on 'localhost' (10061) -->\n</tab"
)


def png_bytes() -> bytes:
    """A small real PNG (8x8 random pixels) - served as text/html by the old CMS."""
    rnd = random.Random(2007)
    raw = b"".join(b"\x00" + bytes(rnd.randrange(256) for _ in range(24)) for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def gif_bytes(rgb: bytes, transparent: bool) -> bytes:
    ext = b"!\xf9\x04\x01\x00\x00\x00\x00" if transparent else b""
    return (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + rgb + b"\xff\xff\xff" + ext
            + b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def calendar_template() -> str:
    content = ('<font face="Arial, Helvetica" size="4" color="#003366"><b>Veranstaltungskalender %%MONAT%%</b>'
               "</font><br><br>\n%%INHALT%%")
    return layout(lang="de", title=f"{PREFIX}Veranstaltungen - %%MONAT%%", content=content,
                  switch=switch_de(None))


def snippets(paras: list[str]) -> list[str]:
    first, last = paras[0].split(), paras[-1].split()
    return [" ".join(first[:9]), " ".join(last[-9:])]


BOILER_DE = ["Aktuelle Meldungen", "Die Region hat sich hervorragend entwickelt", "Startseite",
             "Letzte Aktualisierung", "Deutsch | English", "Drucken", "Rubrik:", "nordlicht webdesign"]
BOILER_EN = ["Latest news", "Die Region hat sich hervorragend entwickelt", "Letzte Aktualisierung",
             "English | Deutsch", "Print version", "Section:", "nordlicht webdesign"]


class Builder:
    def __init__(self, out: Path) -> None:
        self.site = out / "site"
        self.out = out
        self.truth: list[dict[str, Any]] = []

    def write(self, rel: str, data: str | bytes, encoding: str = "iso-8859-1") -> None:
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding, "demo_entities"))

    def add(self, path: str, kind: str, expect: str, **fields: Any) -> None:
        entry: dict[str, Any] = {"path": path, "kind": kind, "canonical": fields.pop("canonical", path),
                                 "status": fields.pop("status", 200),
                                 "content_type": fields.pop("content_type", HTML_ISO),
                                 "encoding": fields.pop("encoding", "iso-8859-1")}
        entry.update(fields)
        entry["expect"] = expect
        self.truth.append(entry)

    def article_entry(self, a: dict[str, Any], t: dict[str, Any], lang: str, path: str, *,
                      encoding: str = "iso-8859-1", translations: dict[str, str], entities: list[Any],
                      has_canonical: bool, pages: list[str] | None = None, expect: str = "article") -> dict[str, Any]:
        text_paras = t["paras"] + t.get("page2", [])
        others = [x["title"] if lang == "de" else x["en"]["title"]
                  for x in (RECENT if lang == "de" else TRANSLATED)]
        other = next(x for x in others if x != t["title"])
        must_not = (BOILER_DE if lang == "de" else BOILER_EN) + [other]
        if encoding == "utf-8":
            must_not = [*must_not, "Ã"]
        fields: dict[str, Any] = {
            "encoding": encoding, "title": t["title"], "lead": t["lead"],
            "text": "\n".join(text_paras),
            "text_must_contain": snippets(text_paras) + (snippets(t["page2"])[:1] if "page2" in t else []),
            "must_not_contain": must_not,
            "published": a["published"], "published_raw": t["raw"], "language": lang, "category": t["category"],
            "authors": a["authors"], "translations": translations,
            "entities": [{"text": s, "label": label} for s, label in entities],
            "links": [u for u, _ in a["links"]], "has_canonical_link": has_canonical,
        }
        if pages:
            fields["pages"] = pages
        full = t["lead"] + "\n" + fields["text"]
        words = len(full.split())
        assert path.startswith("/alt/") or 250 <= words <= 500 or pages, (path, words)
        for e in fields["entities"]:
            assert e["text"] in full, (path, e)
        for s in must_not:
            assert s not in full and s not in t["title"], (path, s)
        self.add(path, "article", expect, **fields)
        return self.truth[-1]

    def variant(self, entry: dict[str, Any], path: str, expect: str, **extra: Any) -> None:
        """Another URL of an article: the record fields of the canonical entry, without text and entities."""
        copy = {k: v for k, v in entry.items() if k not in ("path", "kind", "expect", "text", "entities")}
        copy.update(extra)
        self.add(path, "article", expect, **copy)

    def print_entry(self, t: dict[str, Any], lang: str, path: str, canonical: str) -> None:
        paras = t["paras"] + t.get("page2", [])
        self.add(path, "print", "duplicate: print version of the canonical article (no canonical link, "
                 "minimal layout, lead printed once); must not create a second article",
                 canonical=canonical, title=t["title"], lead=t["lead"], text_must_contain=snippets(paras),
                 must_not_contain=["Druckversion" if lang == "de" else "Printer-friendly version",
                                   "Quelle:", "Fenster schließen" if lang == "de" else "Close window"],
                 language=lang)

    def articles(self) -> list[dict[str, Any]]:
        """Normal, English, multi-page and print pages; returns the German truth entries."""
        entries = []
        for a in ARTICLES:
            aid, enc = a["id"], a.get("encoding", "iso-8859-1")
            url, en_url = article_url(aid), article_url(aid, en=True) if "en" in a else None
            t, pages = german(a), 2 if "page2" in a else 1
            canonical = url if a["canonical"] else None
            for seite in range(1, pages + 1):
                content = article_content(a, t, "de", seite=seite, pages=pages,
                                          print_url=article_url(aid, druck=True))
                title = f"{PREFIX}News - {t['short']}" + (f" (Seite {seite})" if seite > 1 else "")
                self.write(article_file(aid, seite=seite), layout(lang="de", title=title, content=content,
                           switch=switch_de(en_url), canonical=canonical), enc)
            self.write(article_file(aid, druck=True), print_page(a, t, "de", url))
            entry = self.article_entry(
                a, t, "de", url, encoding=enc, translations={"en": en_url} if en_url else {},
                entities=a["entities"], has_canonical=bool(canonical),
                pages=[url, article_url(aid, seite=2)] if pages > 1 else None,
                expect="article: bytes are cp1252 (0x84/0x93/0x96/0x80) although page and header declare "
                       "ISO-8859-1; decode as windows-1252" if enc == "cp1252" else
                       "article: merged record of two pages (Seite 1 | 2)" if pages > 1 else "article")
            entries.append(entry)
            self.print_entry(t, "de", article_url(aid, druck=True), url)
            if en_url:
                e = english(a)
                e_canon = en_url if a["en"]["canonical"] else None
                switch = f'<b>English</b> | <a href="{attr(url)}">Deutsch</a>'
                content = article_content(a, e, "en", print_url=article_url(aid, en=True, druck=True))
                self.write(article_file(aid, en=True), layout(lang="en", title=f"{PREFIX}News - {e['short']}",
                           content=content, switch=switch, canonical=e_canon))
                self.write(article_file(aid, en=True, druck=True), print_page(a, e, "en", en_url))
                self.article_entry(a, e, "en", en_url, translations={"de": url}, entities=a["en"]["entities"],
                                   has_canonical=bool(e_canon))
                self.print_entry(e, "en", article_url(aid, en=True, druck=True), en_url)
        return entries

    def build(self) -> None:
        entries = {e["path"]: e for e in self.articles()}
        self.write("index.html", index_page())
        self.add("/", "listing", "listing: start page with teasers; follow links, store no article")
        self.add("/index.html", "listing", "listing: same page as /", canonical="/")
        pages = (len(ARTICLES) + 4) // 5
        for seite in range(1, pages + 1):
            self.write(f"news/archiv-{seite}.html", archive_page(seite, pages))
            self.add(f"/news/archiv.php?seite={seite}", "listing", "listing: archive page with pagination",
                     canonical="/news/archiv.php" if seite == 1 else f"/news/archiv.php?seite={seite}")
        self.add("/news/archiv.php", "listing", "listing: archive page 1 (linked as 'Archiv')")
        self.write("kontakt.html", simple_page("Kontakt", "Kontakt", KONTAKT))
        self.add("/kontakt.html", "other", "other: contact page with form and mailto link; no article")
        self.write("impressum.html", simple_page("Impressum", "Impressum", IMPRESSUM))
        self.add("/impressum.html", "other", "other: legal notice; no article")
        intern = "\n".join(f"<p>{esc(p)}</p>" for p in INTERN_TEXT)
        self.write("intern/index.html", simple_page("Intern", "Interner Bereich", intern))
        self.add("/intern/index.html", "blocked", "skip: disallowed by robots.txt; must never be fetched")
        self.write("_vorlagen/kalender.html", calendar_template())
        self.write("_vorlagen/termine.txt", "".join(f"{d}\t{t}\t{p}\n" for d, t, p in EVENTS))
        self.add("/kalender.php?monat=2008-01", "other", "limit: calendar generated for any month with "
                 "previous/next links (infinite URL space); crawl a bounded number, store no article",
                 infinite=True)
        # Variants of articles: session ids, tracking parameters, page 2 of the multi-page article.
        for a in RECENT:
            url = article_url(a["id"])
            self.variant(entries[url], f"{url}&PHPSESSID={SID}", "duplicate: same bytes as the clean URL "
                         "(session id in the 'Aktuelle Meldungen' links); must not create a second article")
        self.variant(entries[article_url(7)], f"{article_url(7)}&utm_source=newsletter&utm_medium=email",
                     "duplicate: tracking parameters from the newsletter box; same article")
        multi = next(a for a in ARTICLES if "page2" in a)
        self.variant(entries[article_url(multi["id"])], article_url(multi["id"], seite=2),
                     "merge: page 2 of the multi-page article; its text belongs to the canonical record",
                     text_must_contain=snippets(multi["page2"]))
        # The old system: wrong charset, broken markup, empty and binary responses.
        old = OLD_ARTICLE
        self.write(old["path"].lstrip("/"), layout(lang="de", title=f"{PREFIX}News - {old['short']}",
                   content=article_content(old | {"id": 0}, german(old), "de"), switch=switch_de(None)),
                   "utf-8")
        self.article_entry(old | {"id": 0}, german(old), "de", old["path"], encoding="utf-8", translations={},
                           entities=old["entities"], has_canonical=False,
                           expect="article: UTF-8 bytes although page and header declare ISO-8859-1; the "
                                  "text must decode without mojibake (no 'Ã¼')")
        self.write("alt/anfahrt.html", BROKEN)
        self.add("/alt/anfahrt.html", "bad", "failed: broken markup (unclosed tags, PHP warnings, NUL bytes, "
                 "truncated file) and no article content; must not crash, store as failed page")
        self.add("/alt/function.include", "bad", "failed: dead relative link inside the PHP warning of "
                 "/alt/anfahrt.html; HTTP 404", status=404)
        self.write("alt/archiv-2005.html", b"")
        self.add("/alt/archiv-2005.html", "bad", "failed: empty body (0 bytes, 200 text/html); store as "
                 "failed page", content_type="text/html", encoding=None)
        self.write("alt/logo-druckvorlage.html", png_bytes())
        self.add("/alt/logo-druckvorlage.html", "bad", "failed: PNG bytes served as text/html; detect binary "
                 "content, store as failed page, never as article text", content_type="text/html",
                 encoding=None)
        self.write("robots.txt", "# robots.txt fuer www.wirtschaftsregion-ems-dollart.de\n"
                   "User-agent: *\nDisallow: /intern/\nDisallow: /cgi-bin/\n", "ascii")
        self.write("img/spacer.gif", gif_bytes(b"\x00\x00\x00", True))
        self.write("img/logo.gif", gif_bytes(b"\x00\x33\x66", False))
        lines = ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in self.truth)
        (self.out / "truth.json").write_text(f"[\n{lines}\n]\n", encoding="utf-8")


def build(out: Path = HERE) -> None:
    """Write site/ and truth.json below `out` (the committed copy lives in demo/)."""
    Builder(out).build()


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
