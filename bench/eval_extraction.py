"""Score extract_page against plain trafilatura and htmldate on the dev pages of shared/data/extraction.

Usage: python -m bench.eval_extraction [--limit N] [--only trafilatura|htmldate|big9-2013] [--dump FILE] [--ours-only]

Scoring follows shared/data/extraction/README.md: snippet P/R/F1 (trafilatura eval_common), title exact
match, date accuracy (htmldate evaluation), author exact match, body 4-gram shingle F1 (scrapinghub).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from htmldate import find_date
from trafilatura import bare_extraction
from trafilatura.settings import Document

from extract import UnextractablePage, extract_page

DATA = Path("/work/shared/data/extraction")
SOURCES = ("trafilatura", "htmldate", "big9-2013")
FETCHED_AT = datetime(2026, 1, 1, tzinfo=UTC)  # the pages carry no fetch time: a fixed, plausible one
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")


@dataclass
class Prediction:
    """What one system says about one page."""

    title: str | None = None
    date: str | None = None
    text: str | None = None
    author: str | None = None
    ms: float = 0.0


@dataclass
class Scores:
    """Counts and per-page values accumulated for one (index, system) pair."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    titles: list[bool] = field(default_factory=list)
    authors: list[bool] = field(default_factory=list)
    date: Counter[str] = field(default_factory=Counter)
    shingle_p: list[float] = field(default_factory=list)
    shingle_r: list[float] = field(default_factory=list)
    ms: list[float] = field(default_factory=list)


def norm(text: str | None) -> str:
    """Whitespace-normalised text ("" for None)."""
    return _SPACE.sub(" ", text or "").strip()


def ours(html: bytes, url: str | None) -> Prediction:
    """Our extract_page; text = lead + body as a reader sees it."""
    start = time.perf_counter()
    try:
        record = extract_page(html, url or "", fetched_at=FETCHED_AT)
    except UnextractablePage:
        return Prediction(ms=(time.perf_counter() - start) * 1000)
    ms = (time.perf_counter() - start) * 1000
    text = "\n".join(part for part in (record.lead, record.text) if part)
    return Prediction(
        title=record.title,
        date=record.published.strftime("%Y-%m-%d") if record.published else None,
        text=text,
        author="; ".join(record.authors) or None,
        ms=ms,
    )


def plain_trafilatura(html: bytes, url: str | None) -> Prediction:
    """Plain trafilatura 2.3.1 with default options, as in the README's reference figures."""
    start = time.perf_counter()
    doc = bare_extraction(html, url=url, with_metadata=True)
    ms = (time.perf_counter() - start) * 1000
    if not isinstance(doc, Document):
        return Prediction(ms=ms)
    return Prediction(title=doc.title, date=doc.date, text=doc.text, author=doc.author, ms=ms)


def plain_htmldate(html: bytes, url: str | None) -> Prediction:
    """htmldate's extensive search for the original date."""
    start = time.perf_counter()
    found = find_date(html, extensive_search=True, original_date=True)
    return Prediction(date=found, ms=(time.perf_counter() - start) * 1000)


def score_snippets(scores: Scores, text: str | None, page: dict[str, Any]) -> None:
    """trafilatura eval_common count_item: with-snippets found are TP, without-snippets found are FP."""
    content = norm(text)
    for snippet in page.get("with") or []:
        if text is not None and norm(snippet) in content:
            scores.tp += 1
        else:
            scores.fn += 1
    for snippet in page.get("without") or []:
        if text is not None and norm(snippet) in content:
            scores.fp += 1
        else:
            scores.tn += 1


def score_date(scores: Scores, predicted: str | None, gold: str | None) -> None:
    """htmldate evaluate_result: null prediction FN (TN without gold), equal TP, other FP."""
    if predicted is None:
        scores.date["tn" if gold is None else "fn"] += 1
    elif predicted == gold:
        scores.date["tp"] += 1
    else:
        scores.date["fp"] += 1


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """4-gram shingle multiset of \\w+ tokens (scrapinghub evaluate.py)."""
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[index : index + 4]) for index in range(max(len(tokens) - 3, 1)) if tokens)


def score_body(scores: Scores, text: str | None, gold: str) -> None:
    """Per-page shingle precision/recall, normalised as in scrapinghub's evaluate.py."""
    predicted, expected = shingles(text or ""), shingles(gold)
    tp = sum((predicted & expected).values())
    fp = sum((predicted - expected).values())
    fn = sum((expected - predicted).values())
    total = tp + fp + fn
    if total == 0:
        return
    tp_n, fp_n, fn_n = tp / total, fp / total, fn / total
    if tp_n + fp_n > 0:
        scores.shingle_p.append(tp_n / (tp_n + fp_n))
    if tp_n + fn_n > 0:
        scores.shingle_r.append(tp_n / (tp_n + fn_n))


def fix_gold_date(date: str | None) -> str | None:
    """Zero-pad the two malformed gold dates; "" means not annotated."""
    if not date:
        return None
    parts = re.split(r"[-.]", date)
    return "-".join([parts[0], *(part.zfill(2) for part in parts[1:])]) if len(parts) == 3 else date


def evaluate(
    source: str, limit: int | None, dump: list[dict[str, Any]] | None, *, references: bool = True
) -> dict[str, Scores]:
    """Run the systems of one index over its pages and accumulate their scores."""
    index = json.loads((DATA / f"{source}.json").read_text(encoding="utf-8"))
    pages = index["pages"][:limit] if limit else index["pages"]
    systems: dict[str, Callable[[bytes, str | None], Prediction]] = {"ours": ours}
    if not references:
        pass
    elif source == "htmldate":
        systems["htmldate"] = plain_htmldate
    else:
        systems["trafilatura"] = plain_trafilatura
    results = {name: Scores() for name in systems}
    for page in pages:
        html = gzip.decompress((DATA / "pages" / page["file"]).read_bytes())
        for name, system in systems.items():
            prediction = system(html, page.get("url"))
            scores = results[name]
            scores.ms.append(prediction.ms)
            if source == "trafilatura":
                score_snippets(scores, prediction.text, page)
                if page.get("title"):
                    scores.titles.append(norm(prediction.title) == norm(page["title"]))
                if gold_date := fix_gold_date(page.get("date")):
                    score_date(scores, prediction.date, gold_date)
                if page.get("author"):
                    gold_author = page["author"]
                    gold = "; ".join(gold_author) if isinstance(gold_author, list) else gold_author
                    scores.authors.append(norm(prediction.author) == norm(gold))
            elif source == "htmldate":
                score_date(scores, prediction.date, page.get("date"))
            else:
                score_body(scores, prediction.text, page["body"])
                if page.get("title"):
                    scores.titles.append(norm(prediction.title) == norm(page["title"]))
            if dump is not None:
                dump.append(
                    {
                        "source": source,
                        "system": name,
                        "file": page["file"],
                        "url": page.get("url"),
                        "title": prediction.title,
                        "date": prediction.date,
                        "author": prediction.author,
                        "text": prediction.text,
                        "ms": round(prediction.ms, 1),
                    }
                )
    return results


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def row(source: str, system: str, scores: Scores) -> list[str]:
    """One table row: all metrics that apply to this index."""
    snippet = shingle = title = date = author = "–"
    if scores.tp + scores.fp + scores.fn:
        precision = _ratio(scores.tp, scores.tp + scores.fp)
        recall = _ratio(scores.tp, scores.tp + scores.fn)
        f1 = _ratio(2 * scores.tp, 2 * scores.tp + scores.fp + scores.fn)
        snippet = f"{precision:.3f} / {recall:.3f} / {f1:.3f}"
    if scores.shingle_p or scores.shingle_r:
        precision = statistics.fmean(scores.shingle_p) if scores.shingle_p else 0.0
        recall = statistics.fmean(scores.shingle_r) if scores.shingle_r else 0.0
        shingle = f"{_ratio(2 * precision * recall, precision + recall):.3f} ({precision:.3f} / {recall:.3f})"
    if scores.titles:
        title = f"{statistics.fmean(scores.titles):.3f}"
    if scores.date:
        counts = scores.date
        accuracy = _ratio(counts["tp"] + counts["tn"], sum(counts.values()))
        f_score = _ratio(2 * counts["tp"], 2 * counts["tp"] + counts["fp"] + counts["fn"])
        date = f"{accuracy:.3f} ({f_score:.3f})"
    if scores.authors:
        author = f"{statistics.fmean(scores.authors):.3f}"
    timing = f"{statistics.fmean(scores.ms):.1f} / {statistics.median(scores.ms):.1f}"
    return [f"{source} ({system})", str(len(scores.ms)), snippet, shingle, title, date, author, timing]


def main(argv: list[str] | None = None) -> int:
    """Evaluate and print one table, ours beside the references."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages of each index")
    parser.add_argument("--only", choices=SOURCES, default=None, help="only this index")
    parser.add_argument("--dump", type=Path, default=None, help="write per-page predictions as JSON lines")
    parser.add_argument(
        "--ours-only", action="store_true", help="skip plain trafilatura/htmldate (faster while iterating)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR)
    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)
    dump: list[dict[str, Any]] | None = [] if args.dump else None
    rows = [
        [
            "index (system)",
            "pages",
            "snippet P / R / F1",
            "shingle F1 (P / R)",
            "title",
            "date acc (F)",
            "author",
            "ms mean / median",
        ]
    ]
    for source in (args.only,) if args.only else SOURCES:
        for system, scores in evaluate(source, args.limit, dump, references=not args.ours_only).items():
            rows.append(row(source, system, scores))
    widths = [max(len(line[column]) for line in rows) for column in range(len(rows[0]))]
    for number, line in enumerate(rows):
        print("| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) + " |")
        if number == 0:
            print("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    if args.dump and dump is not None:
        args.dump.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in dump), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
