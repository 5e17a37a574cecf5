"""Entity recall on the demo site's ground truth, per language.

    python -m bench.eval_entities_demo                  # extract_page + EntityTagger over demo/site/
    python -m bench.eval_entities_demo --jsonl out.jsonl  # entities of a crawl's JSONL export
    python -m bench.eval_entities_demo --models de=PATH,en=NAME  # other pipelines
    python -m bench.eval_entities_demo -v               # list the misses
    python -m bench.eval_entities_demo --no-site-names  # without the site-wide name consistency step

Each distinct demo article (truth.json: kind == "article" and path == canonical) lists 2-6 clear
mentions (text, label). A mention counts as found when the article's entities contain the same
text with the same label (as tests/test_end_to_end.py checks it). Only recall is printed: the
truth lists a few clear mentions per article, not all of them, so precision against the
exported entities would not mean anything.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SITE = ROOT / "demo" / "site"
TRUTH_FILE = ROOT / "demo" / "truth.json"
BASE = "http://127.0.0.1:8765"
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)


def distinct_articles() -> list[dict[str, Any]]:
    truth = json.loads(TRUTH_FILE.read_text(encoding="utf-8"))
    return [e for e in truth if e["kind"] == "article" and e["path"] == e["canonical"]]


def found_from_site(entries: list[dict[str, Any]], models: dict[str, str] | None,
                    site_names: bool = True) -> dict[str, set]:
    """Extract every article from demo/site/, tag it and (like a crawl's end) harmonise: path -> {(text, label)}."""
    from extract import extract_page, merge_pages  # noqa: PLC0415
    from extract.entities import EntityTagger  # noqa: PLC0415
    from extract.site_names import harmonise_site  # noqa: PLC0415
    from nachlese.demo_server import resolve  # noqa: PLC0415

    def one(entry: dict[str, Any], path: str):
        resource = resolve(SITE, path)
        if resource is None:
            raise SystemExit(f"the demo server does not serve {path}")
        body = resource[0]
        return extract_page(body, BASE + path, {"Content-Type": entry["content_type"]}, fetched_at=FETCHED)

    records = []
    for entry in entries:
        if "pages" in entry:
            records.append(merge_pages([one(entry, p) for p in entry["pages"]]))
        else:
            records.append(one(entry, entry["path"]))
    tagger = EntityTagger(models)
    tagger.tag(records)
    if site_names:
        harmonise_site(records)
    return {e["path"]: {(m.text, m.label) for m in r.entities} for e, r in zip(entries, records, strict=True)}


def found_from_jsonl(entries: list[dict[str, Any]], jsonl: Path) -> dict[str, set]:
    """Entities of a crawl's JSONL export, matched to the truth by URL path + query."""
    by_path: dict[str, set] = {}
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        url = row.get("canonical_url") or row.get("url") or ""
        path = re.sub(r"^[a-z]+://[^/]+", "", url)
        by_path[path] = {(e["text"], e["label"]) for e in row.get("entities") or []}
    return {e["path"]: by_path.get(e["path"], set()) for e in entries}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jsonl", type=Path, help="JSONL export of a demo crawl (default: tag demo/site/ directly)")
    ap.add_argument("--models", help="LANG=MODEL,... (default: extract.entities.DEFAULT_NER_MODELS)")
    ap.add_argument("--no-site-names", action="store_true", help="skip the site-wide name consistency step")
    ap.add_argument("-v", "--verbose", action="store_true", help="list missed mentions")
    args = ap.parse_args()

    entries = distinct_articles()
    models = dict(kv.split("=", 1) for kv in args.models.split(",")) if args.models else None
    if args.jsonl:
        found = found_from_jsonl(entries, args.jsonl)
    else:
        found = found_from_site(entries, models, site_names=not args.no_site_names)

    hits: dict[tuple[str, str], int] = defaultdict(int)
    totals: dict[tuple[str, str], int] = defaultdict(int)
    misses: list[tuple[str, str, str, str]] = []
    for entry in entries:
        lang = entry["language"]
        for mention in entry["entities"]:
            key = (mention["text"], mention["label"])
            for bucket in ((lang, mention["label"]), (lang, "ALL")):
                totals[bucket] += 1
                hits[bucket] += key in found[entry["path"]]
            if key not in found[entry["path"]]:
                misses.append((lang, entry["path"], *key))

    print(f"demo entity recall ({'JSONL ' + str(args.jsonl) if args.jsonl else 'demo/site via EntityTagger'})")
    print(f"{'lang':<5} {'label':<5} {'found':>6} {'total':>6} {'recall':>7}")
    for lang in sorted({k[0] for k in totals}):
        for label in ("PER", "ORG", "LOC", "ALL"):
            key = (lang, label)
            if totals[key]:
                print(f"{lang:<5} {label:<5} {hits[key]:6d} {totals[key]:6d} {hits[key] / totals[key]:7.3f}")
    all_hits, all_total = sum(hits[k] for k in totals if k[1] == "ALL"), sum(totals[k] for k in totals if k[1] == "ALL")
    print(f"{'all':<5} {'ALL':<5} {all_hits:6d} {all_total:6d} {all_hits / all_total:7.3f}")
    if args.verbose:
        for lang, path, text, label in misses:
            pred = sorted(f for f in found[path] if text in f[0] or f[0] in text)
            print(f"MISS {lang} {path:32} {text!r}/{label}  overlapping predictions: {pred}")


if __name__ == "__main__":
    main()
