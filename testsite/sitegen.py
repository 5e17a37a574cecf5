"""A synthetic 2000s news site for the benchmark: N seeded table-layout pages, German and English, ISO-8859-1."""

from __future__ import annotations

import hashlib
import html
import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from html.entities import codepoint2name
from typing import Literal, Protocol
from urllib.parse import parse_qs, quote, urlsplit
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_SEED",
    "ENCODING",
    "PER_LISTING",
    "ArticleMeta",
    "Page",
    "PageKind",
    "Site",
]

#: Seed used when none is given: the same seed always yields byte-identical pages.
DEFAULT_SEED = 2007
#: Charset of every page, declared in <meta http-equiv> (and in most HTTP headers).
ENCODING = "iso-8859-1"
#: Articles per archive listing page.
PER_LISTING = 20
#: Every ENGLISH_EVERY-th article is English (20 %); every second of those translates its predecessor.
ENGLISH_EVERY = 5
#: Smallest site: start page, English start page, imprint, one listing and six articles.
MIN_PAGES = 10
#: Articles (lead plus body) have between these many words.
MIN_WORDS, MAX_WORDS = 300, 600
#: Publication dates lie in this range, spread evenly over the article numbers.
FIRST_DAY, LAST_DAY = date(2001, 3, 1), date(2009, 6, 30)
#: Articles linked from the start page and shown in the "Aktuelle Meldungen" sidebar.
HOME_ARTICLES, SIDEBAR_ARTICLES = 12, 5
SITE_NAME = "Neuburger Rundschau Online"
#: Printed times are local times of the site.
SITE_TIMEZONE = ZoneInfo("Europe/Berlin")

PageKind = Literal["home", "listing", "article", "other"]


class BodySource(Protocol):
    """Article bodies from elsewhere (testsite/longtext.py): paragraphs for an article, or None for the generator's."""

    def body(self, number: int, language: str) -> list[str] | None: ...


@dataclass(frozen=True, slots=True)
class Page:
    """One rendered page and what the server needs to answer for it."""

    target: str  # path and query as linked, e.g. "/archiv.php?seite=3"
    kind: PageKind
    language: str  # ISO 639-1
    body: bytes  # ISO-8859-1 HTML
    last_modified: datetime  # aware, UTC
    charset_in_header: bool  # whether the HTTP Content-Type names the charset (the <meta> always does)

    @property
    def etag(self) -> str:
        """A strong ETag: a hash of the bytes."""
        return '"' + hashlib.blake2b(self.body, digest_size=10).hexdigest() + '"'


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Ground truth of one article, as its page prints it."""

    number: int
    target: str
    language: str
    title: str
    lead: str
    published: datetime  # aware, UTC: the printed local time converted, midnight UTC when none is printed
    published_raw: str  # the date exactly as printed
    category: str
    author: str
    translation: int | None  # number of the other-language version, if any


# --- word lists -----------------------------------------------------------------------------------------
# People: (first name, surname, "m"/"f"); the first list is used in German and English articles alike.
PEOPLE_DE = [
    ("Hans", "Müller", "m"), ("Klaus", "Schmidt", "m"), ("Jürgen", "Schneider", "m"), ("Ursula", "Fischer", "f"),
    ("Monika", "Weber", "f"), ("Petra", "Meyer", "f"), ("Wolfgang", "Wagner", "m"), ("Günter", "Becker", "m"),
    ("Sabine", "Schulz", "f"), ("Andreas", "Hoffmann", "m"), ("Stefan", "Schäfer", "m"), ("Thomas", "Koch", "m"),
    ("Brigitte", "Bauer", "f"), ("Renate", "Richter", "f"), ("Karl-Heinz", "Klein", "m"), ("Jörg", "Wolf", "m"),
    ("Birgit", "Schröder", "f"), ("Dieter", "Neumann", "m"), ("Helga", "Schwarz", "f"), ("Bernd", "Zimmermann", "m"),
    ("Susanne", "Braun", "f"), ("Frank", "Krüger", "m"), ("Christa", "Hofmann", "f"), ("Matthias", "Hartmann", "m"),
    ("Heike", "Lange", "f"), ("Uwe", "Schmitt", "m"), ("Gisela", "Werner", "f"), ("Rüdiger", "Krause", "m"),
    ("Anja", "Lehmann", "f"), ("Björn", "Köhler", "m"), ("Doris", "Weiß", "f"), ("Manfred", "Jäger", "m"),
    ("Elke", "Vogel", "f"), ("Horst", "Günther", "m"), ("Martina", "Seidel", "f"), ("Reinhard", "Brandt", "m"),
]
PEOPLE_EN = [
    ("John", "Smith", "m"), ("Sarah", "Johnson", "f"), ("David", "Williams", "m"), ("Emma", "Brown", "f"),
    ("Michael", "Taylor", "m"), ("Helen", "Davies", "f"), ("Peter", "Evans", "m"), ("Claire", "Thomas", "f"),
    ("Richard", "Roberts", "m"), ("Laura", "Walker", "f"), ("James", "Wright", "m"), ("Susan", "Hughes", "f"),
]
# Organisations: (German nominative with article, German dative with article, English name).
ORGS = [
    ("die Deutsche Bahn", "der Deutschen Bahn", "Deutsche Bahn"),
    ("die Siemens AG", "der Siemens AG", "Siemens"),
    ("die Stadtwerke Neuburg", "den Stadtwerken Neuburg", "the Neuburg municipal utility"),
    ("der Deutsche Gewerkschaftsbund", "dem Deutschen Gewerkschaftsbund", "the German Trade Union Confederation"),
    ("die Industrie- und Handelskammer", "der Industrie- und Handelskammer", "the Chamber of Commerce"),
    ("die Bundesagentur für Arbeit", "der Bundesagentur für Arbeit", "the Federal Employment Agency"),
    ("die Technische Universität München", "der Technischen Universität München", "the Technical University of Munich"),
    ("das Landesamt für Umwelt", "dem Landesamt für Umwelt", "the State Office for the Environment"),
    ("die Sparkasse Neuburg-Rain", "der Sparkasse Neuburg-Rain", "Sparkasse Neuburg-Rain"),
    ("der FC Neuburg 1908", "dem FC Neuburg 1908", "FC Neuburg 1908"),
    ("die Audi AG", "der Audi AG", "Audi"),
    ("der Bund Naturschutz", "dem Bund Naturschutz", "Bund Naturschutz"),
    ("die Europäische Kommission", "der Europäischen Kommission", "the European Commission"),
    ("der Bayerische Rundfunk", "dem Bayerischen Rundfunk", "Bayerischer Rundfunk"),
    ("die Handwerkskammer für Oberbayern", "der Handwerkskammer für Oberbayern",
     "the Upper Bavarian Chamber of Crafts"),
    ("das Klinikum Ingolstadt", "dem Klinikum Ingolstadt", "Ingolstadt Hospital"),
]
# Places: (German, English).
PLACES = [
    ("Neuburg an der Donau", "Neuburg an der Donau"), ("Ingolstadt", "Ingolstadt"), ("München", "Munich"),
    ("Augsburg", "Augsburg"), ("Regensburg", "Regensburg"), ("Nürnberg", "Nuremberg"), ("Würzburg", "Würzburg"),
    ("Passau", "Passau"), ("Berlin", "Berlin"), ("Hamburg", "Hamburg"), ("Köln", "Cologne"),
    ("Frankfurt am Main", "Frankfurt"), ("Düsseldorf", "Düsseldorf"), ("Leipzig", "Leipzig"), ("Dresden", "Dresden"),
    ("Saarbrücken", "Saarbrücken"), ("Lüneburg", "Lüneburg"), ("Wien", "Vienna"), ("Zürich", "Zurich"),
    ("Brüssel", "Brussels"), ("Straßburg", "Strasbourg"), ("Prag", "Prague"),
]
# Topics: (German nominative, accusative, dative, English, category index).
TOPICS = [
    ("der Ausbau der Umgehungsstraße", "den Ausbau der Umgehungsstraße", "dem Ausbau der Umgehungsstraße",
     "the bypass extension", 0),
    ("die Sanierung des Hallenbads", "die Sanierung des Hallenbads", "der Sanierung des Hallenbads",
     "the renovation of the indoor pool", 0),
    ("das neue Gewerbegebiet", "das neue Gewerbegebiet", "dem neuen Gewerbegebiet", "the new business park", 2),
    ("der Haushalt für das kommende Jahr", "den Haushalt für das kommende Jahr",
     "dem Haushalt für das kommende Jahr", "next year's budget", 1),
    ("die Schließung der Geburtsstation", "die Schließung der Geburtsstation", "der Schließung der Geburtsstation",
     "the closure of the maternity ward", 1),
    ("das Stadtfest", "das Stadtfest", "dem Stadtfest", "the town festival", 3),
    ("die Fusion der beiden Sparkassen", "die Fusion der beiden Sparkassen", "der Fusion der beiden Sparkassen",
     "the merger of the two savings banks", 2),
    ("der neue Tarifvertrag", "den neuen Tarifvertrag", "dem neuen Tarifvertrag", "the new wage agreement", 2),
    ("die Erweiterung des Flughafens", "die Erweiterung des Flughafens", "der Erweiterung des Flughafens",
     "the airport expansion", 1),
    ("der Bau der Windkraftanlagen", "den Bau der Windkraftanlagen", "dem Bau der Windkraftanlagen",
     "the construction of the wind turbines", 2),
    ("die Zukunft des Stahlwerks", "die Zukunft des Stahlwerks", "der Zukunft des Stahlwerks",
     "the future of the steelworks", 2),
    ("das Ganztagsangebot an den Schulen", "das Ganztagsangebot an den Schulen",
     "dem Ganztagsangebot an den Schulen", "all-day schooling", 1),
    ("die Verlegung des Wochenmarkts", "die Verlegung des Wochenmarkts", "der Verlegung des Wochenmarkts",
     "moving the weekly market", 0),
    ("der Aufstieg in die Bayernliga", "den Aufstieg in die Bayernliga", "dem Aufstieg in die Bayernliga",
     "promotion to the Bayernliga", 4),
    ("die Ausstellung im Stadtmuseum", "die Ausstellung im Stadtmuseum", "der Ausstellung im Stadtmuseum",
     "the exhibition at the city museum", 3),
    ("das Open-Air-Festival am Donauufer", "das Open-Air-Festival am Donauufer",
     "dem Open-Air-Festival am Donauufer", "the open-air festival on the Danube", 3),
    ("der neue Kunstrasenplatz", "den neuen Kunstrasenplatz", "dem neuen Kunstrasenplatz",
     "the new artificial pitch", 4),
]
CATEGORIES = [("Lokales", "Local"), ("Politik", "Politics"), ("Wirtschaft", "Business"), ("Kultur", "Culture"),
              ("Sport", "Sport")]
# Roles: (German masculine, German feminine, English).
ROLES = [
    ("Bürgermeister", "Bürgermeisterin", "mayor"), ("Sprecher", "Sprecherin", "spokesperson"),
    ("Geschäftsführer", "Geschäftsführerin", "managing director"), ("Vorsitzender", "Vorsitzende", "chair"),
    ("Stadtrat", "Stadträtin", "councillor"), ("Landrat", "Landrätin", "district administrator"),
    ("Betriebsratschef", "Betriebsratschefin", "head of the works council"), ("Trainer", "Trainerin", "coach"),
    ("Kurator", "Kuratorin", "curator"), ("Abgeordneter", "Abgeordnete", "member of parliament"),
]
MONTHS_DE = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
             "November", "Dezember"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
WEEKDAYS_DE = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
QUOTES_DE = [
    "Das ist ein wichtiges Signal für die ganze Region", "Wir haben lange auf diesen Tag gewartet",
    "Jetzt kommt es auf die Umsetzung an", "Die Bürgerinnen und Bürger müssen mitgenommen werden",
    "Für Schnellschüsse ist die Lage zu ernst", "Wir lassen uns nicht unter Druck setzen",
    "Das Ergebnis übertrifft unsere Erwartungen", "Mit mir wird es keine Schließung geben",
]
QUOTES_EN = [
    "This is an important signal for the whole region", "We have waited a long time for this day",
    "Now it all depends on how it is carried out", "People have to be taken along",
    "The situation is too serious for quick fixes", "We will not be put under pressure",
    "The result exceeds our expectations",
]

# Sentence templates. Slots: p1/p2/p3 full names, p1s/p2s surnames, r1/r2 roles, er1/er2 pronouns,
# o/od/o2/o2d organisations (nominative/dative), l/l2 places, t/ta/td topic (nom./acc./dat.), n/ns/ns2
# numbers, pct, eur, y/yp years, m month, d day, wd weekday, q/q2 quotes. A capital first letter in the
# slot name (P1, O, T, ...) capitalises the value.
SENTENCES_DE = [
    "{p1}, {r1} bei {od}, kündigte am {wd} in {l} weitere Schritte an.",
    "Wie {p1} am {wd} mitteilte, soll {t} bis zum Jahr {y} abgeschlossen sein.",
    "{T} sorgt in {l} seit Wochen für Diskussionen.",
    "Nach Angaben von {od} belaufen sich die Kosten auf rund {eur} Euro.",
    "Bereits im {m} hatte {o} angekündigt, sich stärker in {l} zu engagieren.",
    "„{q}“, sagte {p1s} vor Journalisten in {l}.",
    "Rund {n} Besucherinnen und Besucher kamen am Wochenende nach {l}.",
    "Der Stadtrat von {l} stimmte mit {ns} zu {ns2} Stimmen für den Vorschlag.",
    "{O} rechnet für das laufende Jahr mit einem Plus von {pct} Prozent.",
    "Kritik kam von {p2}, {r2} bei {o2d}: {Er2} bemängelte, dass die Bürger zu spät informiert worden seien.",
    "Auch {p3} aus {l2} zeigte sich mit dem Ergebnis zufrieden.",
    "Ein Sprecher von {o2d} wollte sich dazu am {wd} nicht äußern.",
    "Die Arbeiten sollen im {m} {y} beginnen und etwa {ns} Monate dauern.",
    "Im Vergleich zum Vorjahr stieg die Zahl der Anträge um {pct} Prozent.",
    "{P1s} verwies auf die angespannte Haushaltslage in {l}.",
    "Das Land stellt dafür {eur} Euro zur Verfügung, den Rest trägt {o}.",
    "Bis Ende {m} sollen die Pläne im Rathaus öffentlich ausgelegt werden.",
    "Am Rande der Veranstaltung trafen sich {p1} und {p2} zu einem Gespräch über {ta}.",
    "Zahlreiche Bürgerinnen und Bürger aus {l} und Umgebung nutzten die Gelegenheit, sich zu informieren.",
    "Nach Schätzungen von Fachleuten könnten in {l} bis zu {n} neue Arbeitsplätze entstehen.",
    "{O2} hatte zuletzt im Jahr {yp} ähnliche Pläne vorgelegt, war damit aber gescheitert.",
    "Die Opposition im Stadtrat kündigte Widerstand gegen {ta} an.",
    "Ob der Zeitplan eingehalten werden kann, ist nach Ansicht von {p2} noch offen.",
    "In einer ersten Stellungnahme begrüßte {o2} die Entscheidung ausdrücklich.",
    "Die nächste Sitzung des Ausschusses findet am {d}. {m} im Rathaus von {l} statt.",
    "Insgesamt {ns} Vereine und Initiativen aus {l} beteiligen sich an dem Projekt.",
    "„{q2}“, betonte {p2s}.",
    "Für {ta} hatten sich zuvor bereits {o} und {o2} ausgesprochen.",
    "{Er1} sei zuversichtlich, dass {t} ein Erfolg werde, sagte {p1s}.",
    "Die Gespräche mit {o2d} in {l2} sollen in der kommenden Woche fortgesetzt werden.",
    "Wegen des großen Andrangs mussten die Veranstalter zusätzliche Plätze schaffen.",
    "Über die Einzelheiten wollen {o} und die Stadt {l} im {m} informieren.",
    "Schon seit dem Frühjahr {yp} wird in {l} über {ta} gestritten.",
    "Die Anwohner in {l2} befürchten vor allem mehr Lärm und Verkehr.",
]
SENTENCES_EN = [
    "{P1}, {r1} at {o}, announced further steps in {l} on {wd}.",
    "As {p1} said on {wd}, {t} is to be completed by {y}.",
    "For weeks, {t} has been a matter of debate in {l}.",
    "According to {o}, the costs amount to around {eur} euros.",
    "Back in {m}, {o} had announced a stronger commitment to {l}.",
    "\"{q}\", {p1s} told journalists in {l}.",
    "Around {n} visitors came to {l} at the weekend.",
    "The council of {l} voted {ns} to {ns2} in favour of the proposal.",
    "{O} expects growth of {pct} per cent for the current year.",
    "Criticism came from {p2}, {r2} at {o2}: {er2} complained that residents had been informed too late.",
    "{P3} from {l2} was also satisfied with the result.",
    "A spokesperson for {o2} declined to comment on {wd}.",
    "Work is due to start in {m} {y} and to take about {ns} months.",
    "Compared with the previous year, the number of applications rose by {pct} per cent.",
    "{P1s} pointed to the strained budget situation in {l}.",
    "The state is providing {eur} euros, and {o} will cover the rest.",
    "On the fringes of the event, {p1} and {p2} met to discuss {t}.",
    "Experts estimate that up to {n} new jobs could be created in {l}.",
    "{O2} had presented similar plans in {yp}, but failed.",
    "Whether the schedule can be kept is still open, according to {p2}.",
    "In a first statement, {o2} expressly welcomed the decision.",
    "The next committee meeting will take place at the town hall of {l} on {m} {d}.",
    "\"{q2}\", {p2s} stressed.",
    "Talks with {o2} in {l2} are to continue next week.",
    "Residents of {l2} are mainly worried about more noise and traffic.",
    "Many people from {l} and the surrounding area took the opportunity to find out more.",
]
LEADS_DE = [
    "{L}. Nach monatelangen Verhandlungen gibt es eine Entscheidung über {ta}.",
    "{L}. {O} und die Stadt haben sich auf einen Zeitplan für {ta} geeinigt.",
    "{L}. {T} kommt nicht voran: {p1} fordert nun Klarheit von {od}.",
    "{L}. Überraschende Wende bei {td}: {o2} zieht sich aus den Gesprächen zurück.",
]
LEADS_EN = [
    "{L}. After months of negotiations, a decision has been reached on {t}.",
    "{L}. {O} and the town have agreed on a timetable for {t}.",
    "{L}. {T} is making no progress: {p1} is now demanding clarity from {o}.",
]
TITLES_DE = [
    "Streit um {ta}", "{L}: {O} legt Pläne vor", "Mehr Geld für {ta}", "{O} zieht positive Bilanz",
    "Entscheidung über {ta} vertagt", "Neuer Anlauf für {ta}", "{P1s} kritisiert {o2}", "Grünes Licht für {ta}",
    "Zweifel an {td}", "{L} wartet auf {ta}",
]
TITLES_EN = [
    "Row over {t}", "{L}: {O} presents plans", "More money for {t}", "{O} reports positive results",
    "Decision on {t} postponed", "Green light for {t}", "{P1s} criticises {o2}", "Doubts about {t}",
]
TESTIMONIAL_DE = ("„Die Rundschau ist seit Jahren meine erste Adresse für Nachrichten aus der Region.“",
                  "Erika Mustermann, Neuburg an der Donau")
TESTIMONIAL_EN = ("\"My first stop for news from Bavaria, even from abroad.\"", "Margaret Collins, Edinburgh")
CONTRACTIONS = [(" von dem ", " vom "), (" bei dem ", " beim "), (" zu dem ", " zum "), (" in dem ", " im "),
                (" an dem ", " am ")]
NAV_DE = [("Startseite", "/"), ("Nachrichten-Archiv", "/archiv.php?seite=1"), ("News in English", "/en/"),
          ("Impressum", "/impressum.html")]
NAV_EN = [("Home", "/en/"), ("News archive", "/archiv.php?seite=1"), ("Deutsche Ausgabe", "/"),
          ("Imprint", "/impressum.html")]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _contract(sentence: str) -> str:
    """German preposition and article contracted as they are written ("von dem" -> "vom")."""
    for long, short in CONTRACTIONS:
        sentence = sentence.replace(long, short)
    return sentence


def _to_entities(text: str) -> str:
    """Escaped HTML text with every non-ASCII character as a named entity, as some CMSs printed it."""
    return "".join(f"&{codepoint2name[ord(c)]};" if ord(c) > 127 and ord(c) in codepoint2name else c
                   for c in text)


@dataclass(frozen=True, slots=True)
class _Cast:
    """Who and what an article is about; a translation shares the cast of its original."""

    people: tuple[tuple[str, str, str], ...]
    roles: tuple[int, int]
    orgs: tuple[int, int]
    places: tuple[int, int]
    topic: int


class Site:
    """The page set of one synthetic site: N pages, addressed by path and query, rendered on demand.

    Pages: start page ``/``, English start page ``/en/``, ``/impressum.html`` (plus ``/datenschutz.html``
    when one page is needed to reach N exactly), archive listings ``/archiv.php?seite=K`` and articles
    ``/meldung.php?id=I`` (German) or ``/en/story.php?id=I`` (English). Every page is reachable from the
    start page by links within a few clicks: the archive pagination links to its neighbours and to every
    tenth listing page.
    """

    def __init__(self, pages: int, seed: int = DEFAULT_SEED, body_source: BodySource | None = None) -> None:
        if pages < MIN_PAGES:
            raise ValueError(f"a site needs at least {MIN_PAGES} pages, got {pages}")
        self.pages = pages
        self.seed = seed
        self.body_source = body_source
        fixed = 3  # start page, English start page, imprint
        articles = pages - fixed
        while articles + math.ceil(articles / PER_LISTING) > pages - fixed:
            articles -= 1
        self.articles = articles
        self.listings = math.ceil(articles / PER_LISTING)
        self.has_privacy_page = articles + self.listings + fixed < pages
        self._articles: dict[int, ArticleMeta] = {}

    # --- addressing -------------------------------------------------------------------------------------
    def targets(self) -> list[str]:
        """Every page of the site (path and query), start page first."""
        found = ["/", "/en/", "/impressum.html"]
        if self.has_privacy_page:
            found.append("/datenschutz.html")
        found += [f"/archiv.php?seite={k}" for k in range(1, self.listings + 1)]
        found += [self.article_target(i) for i in range(1, self.articles + 1)]
        return found

    def language_of(self, number: int) -> str:
        """Language of article ``number`` (1-based): every fifth is English."""
        return "en" if number % ENGLISH_EVERY == 0 else "de"

    def article_target(self, number: int) -> str:
        """Path and query of article ``number``."""
        return f"/en/story.php?id={number}" if self.language_of(number) == "en" else f"/meldung.php?id={number}"

    def render(self, target: str) -> Page | None:
        """The page at ``target`` (path with optional query), or None when the site has no such page."""
        parts = urlsplit(target)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        path = parts.path
        if path in {"/", "/index.html", "/index.php"} and not query:
            return self._home("de")
        if path in {"/en/", "/en/index.html"} and not query:
            return self._home("en")
        if path == "/impressum.html" and not query:
            return self._imprint()
        if path == "/datenschutz.html" and not query and self.has_privacy_page:
            return self._privacy()
        number = _int(query.get("seite" if path == "/archiv.php" else "id"))
        if path == "/archiv.php" and set(query) == {"seite"} and number and 1 <= number <= self.listings:
            return self._listing(number)
        if path in {"/meldung.php", "/en/story.php"} and set(query) == {"id"} and number \
                and 1 <= number <= self.articles and self.article_target(number) == f"{path}?id={number}":
            return self._article_page(number)
        return None

    # --- ground truth -----------------------------------------------------------------------------------
    def _rng(self, *parts: object) -> random.Random:
        return random.Random(":".join(str(p) for p in (self.seed, *parts)))

    def _published(self, number: int) -> date:
        span = (LAST_DAY - FIRST_DAY).days
        base = FIRST_DAY + timedelta(days=span * (number - 1) // max(self.articles - 1, 1))
        return min(base + timedelta(days=self._rng("day", number).randint(0, 2)), LAST_DAY)

    def _cast(self, number: int) -> _Cast:
        rng = self._rng("cast", number)
        pool = PEOPLE_DE if self.language_of(number) == "de" else PEOPLE_EN + PEOPLE_DE[:12]
        people = tuple(rng.sample(pool, 3))
        role1, role2 = rng.randrange(len(ROLES)), rng.randrange(len(ROLES))
        org1, org2 = rng.sample(range(len(ORGS)), 2)
        place1, place2 = rng.sample(range(len(PLACES)), 2)
        return _Cast(people=people, roles=(role1, role2), orgs=(org1, org2), places=(place1, place2),
                     topic=rng.randrange(len(TOPICS)))

    def _translation(self, number: int) -> int | None:
        if self.language_of(number) == "en" and number % (2 * ENGLISH_EVERY) == 0:
            return number - 1
        if number % (2 * ENGLISH_EVERY) == 2 * ENGLISH_EVERY - 1 and number + 1 <= self.articles:
            return number + 1
        return None

    def _slots(self, cast: _Cast, language: str, rng: random.Random, year: int) -> dict[str, str]:
        (f1, s1, g1), (f2, s2, g2), (f3, s3, _) = cast.people
        org1, org2 = ORGS[cast.orgs[0]], ORGS[cast.orgs[1]]
        place1, place2 = PLACES[cast.places[0]], PLACES[cast.places[1]]
        topic = TOPICS[cast.topic]
        de = language == "de"

        def role(index: int, gender: str) -> str:
            masculine, feminine, english = ROLES[index]
            return (masculine if gender == "m" else feminine) if de else english

        def pronoun(gender: str) -> str:
            return ("er" if gender == "m" else "sie") if de else ("he" if gender == "m" else "she")

        amount = rng.randint(2, 480) / 10
        slots = {
            "p1": f"{f1} {s1}", "p1s": s1, "p2": f"{f2} {s2}", "p2s": s2, "p3": f"{f3} {s3}",
            "r1": role(cast.roles[0], g1), "r2": role(cast.roles[1], g2), "er1": pronoun(g1), "er2": pronoun(g2),
            "o": org1[0] if de else org1[2], "od": org1[1] if de else org1[2],
            "o2": org2[0] if de else org2[2], "o2d": org2[1] if de else org2[2],
            "l": place1[0] if de else place1[1], "l2": place2[0] if de else place2[1],
            "t": topic[0] if de else topic[3], "ta": topic[1] if de else topic[3], "td": topic[2] if de else topic[3],
            "n": str(rng.randrange(40, 2500, 10)), "ns": str(rng.randint(2, 24)), "ns2": str(rng.randint(1, 12)),
            "pct": f"{rng.randint(1, 40)},{rng.randint(0, 9)}" if de else f"{rng.randint(1, 40)}.{rng.randint(0, 9)}",
            "eur": (f"{amount:.1f}".replace(".", ",") + " Millionen") if de else f"{amount:.1f} million",
            "y": str(year + rng.randint(1, 3)), "yp": str(year - rng.randint(1, 4)),
            "m": (MONTHS_DE if de else MONTHS_EN)[rng.randrange(12)], "d": str(rng.randint(1, 28)),
            "wd": (WEEKDAYS_DE if de else WEEKDAYS_EN)[rng.randrange(5)],
            "q": rng.choice(QUOTES_DE if de else QUOTES_EN), "q2": rng.choice(QUOTES_DE if de else QUOTES_EN),
        }
        slots.update({_cap(key): _cap(value) for key, value in list(slots.items())})
        return slots

    def article(self, number: int) -> ArticleMeta:
        """Ground truth of article ``number`` (1-based; computed once, then kept)."""
        if number not in self._articles:
            self._articles[number] = self._article(number)
        return self._articles[number]

    def _article(self, number: int) -> ArticleMeta:
        language = self.language_of(number)
        translation = self._translation(number)
        original = number - 1 if language == "en" and translation is not None else number
        cast = self._cast(original)
        day = self._published(original)
        rng = self._rng("meta", number)
        slots = self._slots(cast, language, rng, day.year)
        title = rng.choice(TITLES_DE if language == "de" else TITLES_EN).format(**slots)
        lead = rng.choice(LEADS_DE if language == "de" else LEADS_EN).format(**slots)
        if language == "de":
            title, lead = _contract(title), _contract(lead)
        style = rng.randrange(4)
        at = time(rng.randint(7, 21), rng.choice([0, 5, 15, 20, 30, 35, 45, 50])) if style == 2 else time(0)
        if language == "de":
            printed = f"{day.day}. {MONTHS_DE[day.month - 1]} {day.year}"
            raw = [printed, f"{WEEKDAYS_DE[day.weekday()]}, {printed}", f"{printed}, {at:%H:%M} Uhr", printed][style]
        else:
            printed = f"{MONTHS_EN[day.month - 1]} {day.day}, {day.year}"
            raw = [printed, f"{WEEKDAYS_EN[day.weekday()]}, {printed}", f"{printed}, {at:%H:%M}",
                   f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"][style]
        first, last, _ = self._rng("author", number).choice(PEOPLE_DE if language == "de" else PEOPLE_EN)
        return ArticleMeta(
            number=number, target=self.article_target(number), language=language, title=title, lead=lead,
            published=(datetime.combine(day, at, tzinfo=SITE_TIMEZONE).astimezone(UTC) if style == 2
                       else datetime.combine(day, time(0), tzinfo=UTC)),
            published_raw=raw,
            category=CATEGORIES[TOPICS[cast.topic][4]][0 if language == "de" else 1],
            author=f"{first} {last}", translation=translation,
        )

    def body_paragraphs(self, number: int) -> list[str]:
        """The body of article ``number``: paragraphs of plain text (lead excluded)."""
        meta = self.article(number)
        language = meta.language
        if self.body_source is not None and (found := self.body_source.body(number, language)) is not None:
            return found
        original = meta.translation if language == "en" and meta.translation is not None else number
        cast = self._cast(original)
        rng = self._rng("text", number)
        templates = list(SENTENCES_DE if language == "de" else SENTENCES_EN)
        target = rng.randint(MIN_WORDS, MAX_WORDS - 30) - len(meta.lead.split())
        paragraphs: list[str] = []
        words = 0
        queue: list[str] = []
        while words < target:
            size = rng.randint(2, 5)
            sentences: list[str] = []
            slots = self._slots(cast, language, rng, meta.published.year)
            while len(sentences) < size and words < target:
                if not queue:
                    queue = rng.sample(templates, len(templates))
                sentence = queue.pop().format(**slots)
                if language == "de":
                    sentence = _contract(sentence)
                sentences.append(sentence)
                words += len(sentence.split())
            paragraphs.append(" ".join(sentences))
        return paragraphs

    # --- rendering --------------------------------------------------------------------------------------
    def _latest(self, count: int, language: str | None = None) -> list[ArticleMeta]:
        found: list[ArticleMeta] = []
        number = self.articles
        while number >= 1 and len(found) < count:
            if language is None or self.language_of(number) == language:
                found.append(self.article(number))
            number -= 1
        return found

    def _layout(self, *, title: str, language: str, content: str, switch: tuple[str, str], updated: date,
                description: str = "") -> str:
        de = language == "de"
        nav = "\n".join(
            f'<tr><td class="nav">&nbsp;<img src="/bilder/pfeil.gif" width="7" height="9" alt="">&nbsp;'
            f'<a href="{href}" class="navlink">{html.escape(label)}</a></td></tr>'
            for label, href in (NAV_DE if de else NAV_EN)
        )
        latest = "".join(
            f'<tr><td><font size="1">{meta.published:%d.%m.%Y}</font><br>'
            f'<a href="{meta.target}">{html.escape(meta.title)}</a></td></tr>\n'
            for meta in self._latest(SIDEBAR_ARTICLES, language)
        )
        quote_text, quote_by = TESTIMONIAL_DE if de else TESTIMONIAL_EN
        de_link, en_link = switch
        switch_html = (f'<b>Deutsch</b> | <a href="{en_link}">English</a>' if de
                       else f'<a href="{de_link}">Deutsch</a> | <b>English</b>')
        home = "/" if de else "/en/"
        latest_heading = "Aktuelle Meldungen" if de else "Latest News"
        readers = "Das sagen unsere Leser" if de else "What our readers say"
        imprint = "Impressum" if de else "Imprint"
        last_update = "Letzte Aktualisierung" if de else "Last update"
        small = '<font face="Verdana, Arial, Helvetica" size="1">'
        return f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>{html.escape(title)} - {SITE_NAME}</title>
<meta name="description" content="{html.escape(description or title)}">
<meta name="keywords" content="Neuburg, Nachrichten, Region, Donau, Lokales, Politik, Wirtschaft, Kultur, Sport">
<meta name="generator" content="NewsCMS 2.3">
<link rel="stylesheet" href="/css/style.css" type="text/css">
<script language="JavaScript" type="text/javascript">
<!--
function popup(url) {{ window.open(url, 'popup', 'width=420,height=320,scrollbars=yes'); }}
//-->
</script>
</head>
<body bgcolor="#FFFFFF" leftmargin="0" topmargin="0" marginwidth="0" marginheight="0">
<table width="780" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td colspan="3" bgcolor="#003366" height="80"><a href="{home}"><img src="/bilder/logo.gif"
 width="300" height="60" border="0" alt="{SITE_NAME}"></a></td></tr>
<tr><td colspan="3" bgcolor="#E0E8F0" align="right">{small}{switch_html}&nbsp;</font></td></tr>
<tr>
<td width="150" valign="top" bgcolor="#F0F0F0">
<table width="150" border="0" cellspacing="0" cellpadding="3">
{nav}
</table>
</td>
<td width="460" valign="top"><table width="100%" border="0" cellspacing="0" cellpadding="8"><tr><td>
{content}
</td></tr></table></td>
<td width="170" valign="top" bgcolor="#F7F7F7">
<table width="170" border="0" cellspacing="0" cellpadding="3">
<tr><td bgcolor="#003366"><font color="#FFFFFF" size="2"><b>{latest_heading}</b></font></td></tr>
{latest}</table>
<br>
<table width="170" border="0" cellspacing="0" cellpadding="4" bgcolor="#FFF8DC">
<tr><td><font size="2"><b>{readers}</b></font></td></tr>
<tr><td><font size="1"><i>{html.escape(quote_text, quote=False)}</i><br>&ndash; {html.escape(quote_by)}</font></td></tr>
</table>
</td>
</tr>
<tr><td colspan="3" bgcolor="#E0E8F0" align="center">{small}&copy; 2001-2009 Neuburger Rundschau |
<a href="/impressum.html">{imprint}</a> | {last_update}: {updated:%d.%m.%Y}</font></td></tr>
</table>
<img src="/cgi-bin/zaehler.pl?seite={quote(title[:20])}" width="1" height="1" alt="">
</body>
</html>
"""

    def _page(self, target: str, kind: PageKind, language: str, markup: str, *, modified: date,
              charset_in_header: bool = True) -> Page:
        return Page(
            target=target, kind=kind, language=language,
            body=markup.encode(ENCODING, errors="xmlcharrefreplace"),
            last_modified=datetime.combine(modified, time(12), tzinfo=UTC),
            charset_in_header=charset_in_header,
        )

    def _teaser_rows(self, metas: list[ArticleMeta]) -> str:
        return "\n".join(
            f'<tr><td valign="top" width="70"><font size="1">{meta.published:%d.%m.%Y}</font></td>'
            f'<td><a href="{meta.target}"><b>{html.escape(meta.title)}</b></a>'
            f'{" <font size=1>[English]</font>" if meta.language == "en" else ""}<br>'
            f'<font size="2">{html.escape(meta.lead[:160])}&nbsp;...</font></td></tr>'
            for meta in metas
        )

    def _home(self, language: str) -> Page:
        de = language == "de"
        metas = self._latest(HOME_ARTICLES, None if de else "en")
        heading = "Willkommen bei der Neuburger Rundschau" if de else "Welcome to the Neuburger Rundschau"
        content = (
            f'<font size="4"><b>{heading}</b></font><br><br>\n'
            f'<table width="100%" border="0" cellspacing="0" cellpadding="4">\n{self._teaser_rows(metas)}\n</table>\n'
            f'<br><a href="/archiv.php?seite=1">{"Alle Meldungen im Archiv" if de else "All news in the archive"}'
            f' &raquo;</a>'
        )
        newest = metas[0].published.date() if metas else FIRST_DAY
        markup = self._layout(title="Startseite" if de else "Home", language=language, content=content,
                              switch=("/", "/en/"), updated=newest)
        return self._page("/" if de else "/en/", "home", language, markup, modified=newest)

    def _imprint(self) -> Page:
        privacy = '<br><br><a href="/datenschutz.html">Datenschutzerklärung</a>' if self.has_privacy_page else ""
        content = (
            '<font size="4"><b>Impressum</b></font><br><br>Neuburger Rundschau Verlags-GmbH<br>'
            "Donaustraße 12<br>86633 Neuburg an der Donau<br><br>Verantwortlich für den Inhalt: "
            "Hans-Peter Röder<br>Telefon 08431/12345<br>E-Mail: redaktion@rundschau.example" + privacy
        )
        markup = self._layout(title="Impressum", language="de", content=content, switch=("/", "/en/"),
                              updated=date(2005, 1, 10))
        return self._page("/impressum.html", "other", "de", markup, modified=date(2005, 1, 10))

    def _privacy(self) -> Page:
        content = ('<font size="4"><b>Datenschutzerklärung</b></font><br><br>Wir speichern keine '
                   "personenbezogenen Daten über das technisch Notwendige hinaus.")
        markup = self._layout(title="Datenschutz", language="de", content=content, switch=("/", "/en/"),
                              updated=date(2005, 1, 10))
        return self._page("/datenschutz.html", "other", "de", markup, modified=date(2005, 1, 10))

    def _listing(self, page: int) -> Page:
        newest = self.articles - (page - 1) * PER_LISTING
        metas = [self.article(n) for n in range(newest, max(newest - PER_LISTING, 0), -1)]
        shown = sorted({1, self.listings} | set(range(max(1, page - 3), min(self.listings, page + 3) + 1))
                       | set(range(10, self.listings + 1, 10)))
        links = " ".join(f"<b>[{k}]</b>" if k == page else f'<a href="/archiv.php?seite={k}">{k}</a>' for k in shown)
        if page > 1:
            links = f'<a href="/archiv.php?seite={page - 1}">&laquo; zurück</a> | {links}'
        if page < self.listings:
            links = f'{links} | <a href="/archiv.php?seite={page + 1}">weiter &raquo;</a>'
        content = (
            f'<font size="4"><b>Nachrichten-Archiv</b></font> <font size="1">Seite {page} von {self.listings}'
            f'</font><br><br>\n<table width="100%" border="0" cellspacing="0" cellpadding="4">\n'
            f"{self._teaser_rows(metas)}\n</table>\n"
            f'<br><div align="center"><font size="1">Seite: {links}</font></div>'
        )
        modified = metas[0].published.date()
        markup = self._layout(title=f"Archiv - Seite {page}", language="de", content=content,
                              switch=("/", "/en/"), updated=modified)
        return self._page(f"/archiv.php?seite={page}", "listing", "de", markup, modified=modified)

    def _article_page(self, number: int) -> Page:
        meta = self.article(number)
        de = meta.language == "de"
        rng = self._rng("layout", number)
        as_entities = rng.random() < 0.3  # some CMSs wrote every umlaut as an entity

        def text(value: str) -> str:
            escaped = html.escape(value, quote=False)
            return _to_entities(escaped) if as_entities else escaped

        paragraphs = self.body_paragraphs(number)
        if rng.random() < 0.5:  # paragraphs separated by <br><br>, the hand-made way
            body = "<br>\n<br>\n".join(text(p) for p in paragraphs)
        else:
            body = "\n".join(f"<p>{text(p)}</p>" for p in paragraphs)
        headline = (f'<h1 class="headline">{text(meta.title)}</h1>' if rng.random() < 0.5
                    else f'<font size="4" color="#003366"><b>{text(meta.title)}</b></font><br>')
        by = "Von" if de else "By"
        image = ""
        if rng.random() < 0.3:
            image = (f'<table align="right" width="200" border="0" cellpadding="2"><tr><td>'
                     f'<img src="/bilder/artikel/{number}.jpg" width="200" height="150" alt="{text(meta.title)}">'
                     f'</td></tr><tr><td><font size="1">{"Foto" if de else "Photo"}: {text(meta.author)}</font>'
                     f"</td></tr></table>")
        recommend = "Artikel weiterempfehlen" if de else "Recommend this article"
        content = f"""<font face="Verdana, Arial, Helvetica" size="2">
<font size="1" color="#666666">{"Rubrik" if de else "Section"}: {text(meta.category)}</font><br>
{headline}
<font size="1" color="#666666">{text(meta.published_raw)} &middot; {by} {text(meta.author)}</font><br><br>
<b>{text(meta.lead)}</b><br><br>
{image}{body}
<br><br><font size="1"><a href="javascript:popup('/weiterempfehlen.php?id={number}')">{recommend}</a></font>
</font>"""
        other = self.article(meta.translation).target if meta.translation is not None else None
        switch = (meta.target, other or "/en/") if de else (other or "/", meta.target)
        updated = meta.published.date() + timedelta(days=rng.randint(0, 30))
        markup = self._layout(title=meta.title, language=meta.language, content=content, switch=switch,
                              updated=updated, description=meta.lead[:150])
        return self._page(meta.target, "article", meta.language, markup, modified=meta.published.date(),
                          charset_in_header=number % 7 != 3)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and len(value) < 9 else None
