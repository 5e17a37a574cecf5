"""Site-level boilerplate learning: blocks repeated on many pages of a site are dropped, memory is bounded."""

from __future__ import annotations

from datetime import UTC, datetime

from extract import BoilerplateProfile, extract_page

FETCHED = datetime(2026, 1, 1, tzinfo=UTC)


def _page(number: int) -> bytes:
    article = " ".join(
        f"Satz {number}-{index} über ein ganz eigenes Thema dieser Seite mit Inhalt." for index in range(12)
    )
    return (
        '<html lang="de"><head><meta charset="utf-8"><title>Seite</title></head><body>'
        '<div class="kasten"><p>Unser Partner: die Sparkasse Musterstadt, immer für Sie da und ganz in Ihrer Nähe '
        "mit allen Leistungen rund um Geld und Vorsorge.</p></div>"
        f"<h1>Meldung Nummer {number} aus der Stadt</h1><p>{article}</p></body></html>"
    ).encode()


def test_repeated_block_is_removed_once_learnt() -> None:
    profile = BoilerplateProfile(min_block_pages=3, min_site_pages=3)
    for number in range(5):
        profile.observe(_page(number), f"http://example.org/{number}.html")
    record = extract_page(_page(99), "http://example.org/99.html", fetched_at=FETCHED, site_profile=profile)
    assert "Sparkasse" not in record.text
    assert "Satz 99-3" in record.text


def test_profile_needs_enough_pages() -> None:
    profile = BoilerplateProfile(min_block_pages=3, min_site_pages=10)
    for number in range(5):
        profile.observe(_page(number), f"http://example.org/{number}.html")
    assert not profile.is_boilerplate("Unser Partner: die Sparkasse Musterstadt")
    assert profile.pages_seen == 5


def test_same_url_counts_once_and_memory_is_bounded() -> None:
    profile = BoilerplateProfile(min_block_pages=2, min_site_pages=1, max_entries=50)
    for _ in range(3):
        profile.observe(_page(1), "http://example.org/1.html")
    assert profile.pages_seen == 1
    for number in range(200):
        profile.observe(_page(number), f"http://example.org/{number}.html")
    assert len(profile._counts) <= 50
    assert profile.pages_seen <= 50
