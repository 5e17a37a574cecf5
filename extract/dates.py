"""Publication date: the date printed next to the headline, else htmldate; plausibility-checked, tz-aware."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser
from htmldate import find_date
from lxml.html import HtmlElement

from extract.parse import find_first, normalize_space

logger = logging.getLogger(__name__)

MIN_DATE = datetime(1990, 1, 1, tzinfo=UTC)  # nothing on the web is older
LOCAL_ZONES: dict[str, str] = {"de": "Europe/Berlin"}  # zone assumed for printed times without offset
WINDOW_BEFORE = 250  # characters before the headline searched for a printed date
WINDOW_AFTER = 700  # characters after the headline

_MONTHS_DE = (
    r"Januar|Jänner|Jaenner|Februar|Feber|März|Maerz|April|Mai|Juni|Juli|August|September|Oktober|November|"
    r"Dezember|Jan|Feb|Mär|Mrz|Apr|Jun|Jul|Aug|Sept|Sep|Okt|Nov|Dez"
)
_MONTHS_EN = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_WEEKDAYS = (
    r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Mo|Di|Mi|Do|Fr|Sa|So|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thurs|Fri|Sat|Sun)\.?,?\s*"
)
_TIME = (
    r"(?:\s*[,|/-]?\s*(?:um|at|-)?\s*\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:Uhr|h|[ap]\.?\s?m\.?|[AP]M)?"
    r"(?:\s*(?:MEZ|MESZ|CET|CEST|UTC|GMT|[ECMP][SD]T))?)?"
)
DATE_PATTERN = re.compile(
    rf"(?<![\w.])(?:{_WEEKDAYS})?(?P<date>"
    rf"\d{{1,2}}\.\s*(?:{_MONTHS_DE})\.?\s+\d{{4}}"  # 23. November 2007
    rf"|\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:19|20)\d{{2}}"  # 23.11.2007
    rf"|\d{{1,2}}\.\d{{1,2}}\.\d{{2}}(?![\d.])"  # 23.11.07
    rf"|(?:{_MONTHS_EN})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # Nov 23, 2007
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS_EN})\.?,?\s+\d{{4}}"  # 23 November 2007
    rf"|(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}"  # 2007-11-23
    rf"|\d{{1,2}}/\d{{1,2}}/(?:19|20)\d{{2}}"  # 11/23/2007
    rf")(?P<time>{_TIME})(?![\w])",
    re.IGNORECASE,
)
# a date right after one of these is not the publication date
UPDATE_CONTEXT = re.compile(
    r"(aktualisiert|aktualisierung|geändert|änderung|stand|updated?|modified|last edit|überarbeitet|"
    r"copyright|©|\(c\)|gedruckt|abgerufen|zugriff|erstellt am \S+ geändert|kommentar|antwort|reply)"
    r"[^.\d]{0,25}$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class DateResult:
    """A publication date with how it was found."""

    value: datetime
    raw: str | None
    has_time: bool
    source: str  # "printed" | "htmldate"


@lru_cache(maxsize=16)
def _parser(language: str) -> DateDataParser:
    languages = [language, "en"] if language != "en" else ["en"]
    order = "MDY" if language == "en" else "DMY"
    return DateDataParser(
        languages=languages,
        settings={
            "DATE_ORDER": order,
            "PREFER_DAY_OF_MONTH": "first",
            "REQUIRE_PARTS": ["day", "month", "year"],
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )


def _four_digit_year(match: re.Match[str]) -> str:
    """23.11.07 → 23.11.2007 (two-digit years up to 69 are 20xx)."""
    year = int(match.group(3))
    return f"{match.group(1)}.{match.group(2)}.{2000 + year if year < 70 else 1900 + year}"


_MONTH_NUMBERS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "januar jänner jaenner january jan", "februar feber february feb", "märz maerz march mär mrz mar",
        "april apr", "mai may", "juni june jun", "juli july jul", "august aug",
        "september sept sep", "oktober october okt oct", "november nov", "dezember december dez dec",
    ),
    start=1,
):
    _MONTH_NUMBERS.update(dict.fromkeys(_names.split(), _number))
_NUMERIC = re.compile(r"^(\d{1,2})[./]\s?(\d{1,2})[./]\s?(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})\.?\s*([^\W\d_]+)\.?,?\s+(\d{4})$")
_MONTH_NAME_DAY = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def _valid(year: int, month: int, day: int) -> datetime | None:
    try:
        return datetime(year, month, day)  # naive on purpose: made aware by to_aware
    except ValueError:
        return None


def parse_date_text(date_text: str, language: str) -> datetime | None:
    """The date forms DATE_PATTERN finds, parsed without dateparser (which is slow); None if not one of them.

    Numeric day/month order follows the language (month first for English), the other order only when
    the preferred one is impossible (23/11/2007 on an English page).
    """
    text = date_text.strip()
    if match := _ISO.match(text):
        return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _NUMERIC.match(text):
        first, second, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if language == "en" and "/" in text:
            return _valid(year, first, second) or _valid(year, second, first)
        return _valid(year, second, first) or (_valid(year, first, second) if "/" in text else None)
    if match := _DAY_MONTH_NAME.match(text):
        month = _MONTH_NUMBERS.get(match.group(2).casefold())
        return _valid(int(match.group(3)), month, int(match.group(1))) if month else None
    if match := _MONTH_NAME_DAY.match(text):
        month = _MONTH_NUMBERS.get(match.group(1).casefold())
        return _valid(int(match.group(3)), month, int(match.group(2))) if month else None
    return None


_TIME_PARTS = re.compile(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*(?:Uhr|h)?\s*([ap])?\.?\s?(m\.?)?", re.IGNORECASE)


def parse_printed(raw: str, language: str | None) -> tuple[datetime, bool] | None:
    """Parse a printed date string with dateparser in the page language; return (naive datetime, has_time)."""
    match = DATE_PATTERN.search(normalize_space(raw))
    if match is None:
        return None
    date_text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", match.group("date"), flags=re.IGNORECASE)
    date_text = re.sub(r"\b(\d{1,2})\.(\d{1,2})\.(\d{2})$", _four_digit_year, date_text)
    language = language if language in {"de", "en", "fr", "es", "it", "nl", "pt", "pl"} else "de"
    value = parse_date_text(date_text, language)
    if value is None:
        try:
            data = _parser(language).get_date_data(date_text)
        except Exception:  # dateparser raises a variety of errors on odd strings
            logger.debug("dateparser failed on %r", raw, exc_info=True)
            return None
        if data is None or data.date_obj is None:
            return None
        value = data.date_obj.replace(hour=0, minute=0, second=0, microsecond=0)
    time_match = _TIME_PARTS.search(match.group("time") or "")
    if time_match is None:
        return value, False
    hour, minute = int(time_match.group(1)), int(time_match.group(2))
    if time_match.group(4) and time_match.group(4).lower() == "p" and hour < 12:
        hour += 12
    elif time_match.group(4) and time_match.group(4).lower() == "a" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return value, False
    return value.replace(hour=hour, minute=minute), True


def to_aware(value: datetime, has_time: bool, language: str | None) -> datetime:
    """Date-only → midnight UTC; a local time → the page language's zone (Europe/Berlin for German), else UTC.

    A local time keeps the UTC offset it was printed with (a fixed offset, 14:30 CET stays 14:30+01:00),
    so the export can show the time as the page printed it; the instant is the same either way.
    """
    if value.tzinfo is not None:
        offset = value.utcoffset()
        return value.astimezone(timezone(offset) if offset is not None else UTC)
    if not has_time:
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    zone = LOCAL_ZONES.get(language or "")
    if zone:
        local = value.replace(tzinfo=ZoneInfo(zone))
        offset = local.utcoffset()
        return local.astimezone(timezone(offset) if offset is not None else UTC)
    return value.replace(tzinfo=UTC)


def plausible(value: datetime, fetched_at: datetime) -> bool:
    """Within [1990-01-01, fetched_at + 1 day] (one day of slack for time zones)."""
    return MIN_DATE <= value <= fetched_at + timedelta(days=1)


def _text_chunks(root: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """Document-order text pieces with the element they belong to (scripts and styles skipped)."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag not in {"script", "style", "noscript", "select", "option"}:
            text = element.text
            if text and text.strip():
                yield text, element
        tail = element.tail
        if tail and tail.strip() and (parent := element.getparent()) is not None:
            yield tail, parent


def printed_date_candidates(tree: HtmlElement, headline: HtmlElement | None) -> list[tuple[int, str]]:
    """Date strings printed near the headline, with their distance to it (characters)."""
    if headline is None:
        return []
    body = find_first(tree, "body")
    inside = set(headline.iter())
    chunks: list[tuple[str, HtmlElement]] = []
    positions: list[int] = []
    for index, chunk in enumerate(_text_chunks(body if body is not None else tree)):
        chunks.append(chunk)
        if chunk[1] in inside:
            positions.append(index)
        elif positions and index > positions[-1] + 80:
            break  # the headline's text is contiguous: nothing after this window is used
    if not positions:
        return []
    first, last = positions[0], positions[-1]
    candidates: list[tuple[int, str]] = []
    before: list[str] = []
    size = 0
    for text, _element in reversed(chunks[max(0, first - 40) : first]):
        before.insert(0, text)
        size += len(text)
        if size > WINDOW_BEFORE:
            break
    after: list[str] = []
    size = 0
    for text, _element in chunks[last + 1 : last + 80]:
        after.append(text)
        size += len(text)
        if size > WINDOW_AFTER:
            break
    before_text = normalize_space(" ".join(before))
    after_text = normalize_space(" ".join(after))
    for match in DATE_PATTERN.finditer(after_text):
        if not UPDATE_CONTEXT.search(after_text[max(0, match.start() - 40) : match.start()]):
            candidates.append((match.start(), match.group(0)))
    for match in DATE_PATTERN.finditer(before_text):
        if not UPDATE_CONTEXT.search(before_text[max(0, match.start() - 40) : match.start()]):
            candidates.append((len(before_text) - match.end() + 20, match.group(0)))
    candidates.sort(key=lambda item: item[0])
    return candidates


def htmldate_date(tree: HtmlElement, url: str, fetched_at: datetime, *, extensive: bool = True) -> DateResult | None:
    """htmldate's search for the original publication date (date only).

    ``extensive=False`` reads only the page metadata (JSON-LD, <meta>, <time>, ...): fast and reliable;
    the extensive search also scans the text and the URL.
    """
    try:
        found = find_date(
            tree,
            extensive_search=extensive,
            original_date=True,
            url=url,
            min_date=MIN_DATE.strftime("%Y-%m-%d"),
            max_date=fetched_at.strftime("%Y-%m-%d"),
        )
    except Exception:  # htmldate must not break extraction
        logger.warning("htmldate failed on %s", url, exc_info=True)
        return None
    if not found:
        return None
    try:
        value = datetime.strptime(found, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None
    return DateResult(value=value, raw=None, has_time=False, source="htmldate")


_URL_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[/_.-])(?P<month>0?[1-9]|1[0-2])(?:(?P=sep)(?:0?[1-9]|[12]\d|3[01]))?(?!\d)"
    r"|(?<!\d)(?P<cyear>(?:19|20)\d{2})(?P<cmonth>0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"
)
_AMBIGUOUS_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[./](\d{1,2})[./]\d{2,4}")


def url_month(url: str) -> tuple[int, int] | None:
    """(year, month) of a date in the URL path ("/2016/01/…", "-2016-01-15-", "20160115"), else None.

    An archived URL (``…/web/<timestamp>/http://…``) is read from the archived URL on.
    """
    archived = url.rfind("/http")
    path = url[archived:] if archived > 0 else url
    match = _URL_DATE.search(path)
    if match is None:
        return None
    if match.group("year"):
        return int(match.group("year")), int(match.group("month"))
    return int(match.group("cyear")), int(match.group("cmonth"))


def _ambiguous_swap(raw: str, value: datetime, other: datetime) -> bool:
    """True when ``raw`` is a numeric date whose day and month could be swapped, and ``other`` is the swap."""
    match = _AMBIGUOUS_NUMERIC.search(raw)
    if match is None or int(match.group(1)) > 12 or int(match.group(2)) > 12:
        return False
    return (other.year, other.month, other.day) == (value.year, value.day, value.month) and value.day != value.month


def printed_dates(
    tree: HtmlElement, headline: HtmlElement | None, url: str, language: str | None, fetched_at: datetime
) -> list[DateResult]:
    """Plausible dates printed next to the headline, nearest first, that agree with a date in the URL."""
    in_url = url_month(url)
    found: list[DateResult] = []
    for _distance, raw in printed_date_candidates(tree, headline)[:4]:
        parsed = parse_printed(raw, language)
        if parsed is None:
            continue
        value = to_aware(parsed[0], parsed[1], language)
        if not plausible(value, fetched_at):
            continue
        if in_url is not None and (value.year, value.month) != in_url:
            continue  # a date of a related item, a comment or a sidebar: the URL names the article's month
        found.append(DateResult(value=value, raw=normalize_space(raw), has_time=parsed[1], source="printed"))
    return found


def _settled(printed: list[DateResult]) -> bool:
    """True when the metadata cannot change the choice among ``printed`` (nearest first, not empty)."""
    nearest = printed[0]
    if nearest.raw and _AMBIGUOUS_NUMERIC.search(nearest.raw):
        return False  # rule 2 may read it the other way round
    day = nearest.value.date()
    return all(candidate.value.date() == day for candidate in printed[1:])


def find_published(
    tree: HtmlElement, headline: HtmlElement | None, url: str, language: str | None, fetched_at: datetime
) -> DateResult | None:
    """The publication date, from the date printed next to the headline and the page metadata.

    1. Among the printed dates near the headline (those agreeing with a URL date), the one that the
       page metadata (JSON-LD, <meta>, <time>: htmldate without extensive search) confirms.
    2. Else the nearest printed date, unless it is a numeric date whose day and month htmldate reads
       the other way round (01/04/2016 on an English page with the metadata on 4 January).
    3. Else htmldate: the metadata date, or its extensive search (text and URL).
    htmldate's extensive search only runs when the metadata holds no date.

    When every printed candidate names the same day and the nearest one is not an ambiguous numeric
    date, rules 1 and 2 both pick the nearest one, whatever the metadata says: htmldate is not run
    (it copies and cleans the whole tree; most legacy articles print their date under the headline).
    """
    printed = printed_dates(tree, headline, url, language, fetched_at)
    if printed and _settled(printed):
        return printed[0]
    metadata = htmldate_date(tree, url, fetched_at, extensive=False)
    if metadata is not None:
        for candidate in printed:
            if candidate.value.date() == metadata.value.date():
                return candidate
    fallback: DateResult | None = metadata
    searched = metadata is not None
    for candidate in printed:
        if candidate.raw and _AMBIGUOUS_NUMERIC.search(candidate.raw):
            if not searched:
                fallback, searched = htmldate_date(tree, url, fetched_at), True
            if fallback is not None and _ambiguous_swap(candidate.raw, candidate.value, fallback.value):
                continue
        return candidate
    if not searched:
        fallback = htmldate_date(tree, url, fetched_at)
    return fallback
