"""The bounded duplicate filter: same answers in memory and after spilling to disk."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.utils.request import RequestFingerprinter

from crawler.dupefilter import BoundedDupeFilter


@pytest.mark.parametrize("max_in_memory", [0, 3, 1000])
def test_seen_requests_are_recognised(max_in_memory: int) -> None:
    dupefilter = BoundedDupeFilter(RequestFingerprinter(), max_in_memory)
    urls = [f"http://a.de/artikel.php?id={n}" for n in range(20)]
    try:
        assert [dupefilter.request_seen(Request(u)) for u in urls] == [False] * 20
        assert [dupefilter.request_seen(Request(u)) for u in urls] == [True] * 20
        assert dupefilter.duplicates == 20
        assert len(dupefilter.seen) == min(max_in_memory, 20)
    finally:
        dupefilter.close("finished")
