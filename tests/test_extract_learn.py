"""extract_page(learn=True) teaches the site profile from the tree it parsed, like a separate observe()."""

from __future__ import annotations

import pytest

from extract import extract_page
from extract.boilerplate import BoilerplateProfile

PAGE = ("<html><body><table><tr><td>Startseite | Archiv | Kontakt</td><td><h1>Meldung {n}</h1>"
        "<p>Der Hafen meldet für das Jahr {n} einen neuen Rekord beim Umschlag von Autos und Containern.</p>"
        "</td></tr></table></body></html>")


@pytest.mark.parametrize("learn", [True, False])
def test_learn_observes_the_page(learn: bool) -> None:
    profile, separate = BoilerplateProfile(), BoilerplateProfile()
    for n in range(3):
        body, url = PAGE.format(n=n).encode(), f"http://a.de/meldung-{n}.html"
        extract_page(body, url, {"content-type": "text/html; charset=utf-8"}, site_profile=profile, learn=learn)
        separate.observe(body, url)
    assert profile.pages_seen == (separate.pages_seen if learn else 0)
