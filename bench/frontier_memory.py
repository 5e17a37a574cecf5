"""Benchmark: memory of the crawl frontier's duplicate filter for 200,000 seen URLs (target <= 150 MB)."""

from __future__ import annotations

import argparse
import gc
import resource
import sys
from pathlib import Path

from scrapy import Request
from scrapy.utils.request import RequestFingerprinter

from crawler.dupefilter import BoundedDupeFilter


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--urls", type=int, default=200_000)
    parser.add_argument("--memory-entries", type=int, default=2_000_000)
    args = parser.parse_args()
    fingerprinter = RequestFingerprinter()
    gc.collect()
    before = rss_mb()
    dupefilter = BoundedDupeFilter(fingerprinter, args.memory_entries)
    for number in range(args.urls):
        dupefilter.request_seen(Request(f"http://www.example-archiv.de/news/artikel.php?id={number}&seite=1"))
    gc.collect()
    extra = rss_mb() - before
    dupefilter.close("finished")
    verdict = "PASS" if extra <= 150 else "FAIL"
    print(f"seen URLs: {args.urls:,}  in memory: {min(args.urls, args.memory_entries):,}  "
          f"extra RSS: {extra:.1f} MB  (target <= 150 MB: {verdict})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
