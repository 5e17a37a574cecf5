"""Measure common nouns predicted as entities (demo, real sites, raw text) and entity P/R/F1 on the sites' gold items.

    python -m training.ner_de.eval_common_nouns [--model de_nachlese_ner|PATH] [--json out.json] [-v]

Run from the repository root. Figures:
* common-noun rate: share of predicted entities that consist of one word (digits and punctuation
  aside) which is a known common noun (german-nouns form, or a compound whose head and first part are
  such forms: "Rekordsaison", "Feuerwehrhäuser", "Vorjahresniveau"), is no acronym (two capitals) and
  is in no gazetteer (the 0.2.2 lexicon's places/first names/surnames, EIG proper names, GeoNames
  places of >= 5,000 inhabitants in DACH / >= 100,000 elsewhere, given names, LER firm and country
  names). Multi-word entities are not counted: German capitalises adjectives inside names
  ("Deutsche Umwelthilfe"), and without an adjective list those cannot be told from common nouns.
  Counted over distinct (document, text, label) entities on
  - the demo's German articles, through the product path (extract_page, EntityTagger, the site-wide
    name step), like bench/eval_entities_demo.py;
  - the German gold items of ../shared/data/sites (item text = page text from the first to the last
    gold sentence, tagged by the pipeline alone);
  - 2,000 sentences from the end of the Bundestag raw text (the floret vectors and the pretraining
    read this text unlabelled; no label comes from it).
* entity P/R/F1 on the sites' German gold items: predicted (text, label) against the item's gold
  people/organisations/places, exact strings. The gold is "best effort, not exhaustive", so
  precision is a lower bound.
"""
from __future__ import annotations

import argparse
import json
import lzma
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lxml.html

from training.ner_de.build_lexicon import first_names, german_nouns, places, small_places
from training.ner_de.gazetteers import DACH, DEFAULT_DIR, eig_names, ler_list, prenames

ROOT = Path(__file__).resolve().parents[2]
SITES = Path("/work/shared/data/sites")
RAW = Path("/work/shared/data/ner/de/raw/bundestag/bundestag_speeches_wp19_wp20.txt.xz")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
LINKERS = ("", "s", "es", "n", "en", "e", "er")
GOLD_KEYS = {"people": "PER", "organisations": "ORG", "places": "LOC"}
BLOCK = {"p", "div", "br", "td", "th", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
         "dd", "dt", "dl", "blockquote", "center", "hr", "pre", "title", "option", "tbody", "thead",
         "caption", "form", "frame", "address", "section", "article", "header", "footer", "nav"}


class CommonNounTest:
    """Is an entity text made of common nouns only, and known to no gazetteer?"""

    def __init__(self, nouns: set[str], names: set[str]) -> None:
        self.nouns = nouns
        self.names = names

    def noun(self, w: str) -> bool:
        if not w[:1].isupper() or w in self.names or sum(c.isupper() for c in w) > 1:
            return False
        if w in self.nouns:
            return True
        for i in range(3, len(w) - 2):
            head = w[i:].capitalize()
            if len(head) < 3 or head not in self.nouns or head in self.names:
                continue
            first = w[:i]
            for link in LINKERS:
                if link and not first.endswith(link):
                    continue
                stem = first[: len(first) - len(link)] if link else first
                if len(stem) >= 3 and (stem.capitalize() in self.nouns or self.noun(stem.capitalize())):
                    return True
        return False

    def __call__(self, text: str) -> bool:
        if text in self.names:
            return False
        words = WORD.findall(text)
        return len(words) == 1 and self.noun(words[0])


def metric_names(gdir: Path = DEFAULT_DIR) -> set[str]:
    import lzma as _lzma

    names: set[str] = set()
    with _lzma.open(gdir / "geonames_cities500" / "cities500.txt.xz", "rt", encoding="utf-8") as f:
        for line in f:
            c = line.split("\t")
            if len(c) > 14 and int(c[14] or 0) >= (5000 if c[8] in DACH else 100000):
                names.add(c[1])
    for v in eig_names(gdir).values():
        names |= v
    gn = german_nouns(ROOT / "training" / "ner_de" / "packages")
    geo = places() | gn["GEO"]
    names |= first_names() | gn["FN"] | gn["SN"] | geo | small_places(geo)
    return names | prenames(gdir) | ler_list("firmennamen", gdir) | ler_list("laendernamen", gdir)


def decode(b: bytes) -> str:
    m = re.search(rb'<meta[^>]+charset\s*=\s*["\']?\s*([\w:-]+)', b[:8000], re.I)
    decl = m.group(1).decode("ascii", "replace").lower() if m else None
    try:
        b.decode("utf-8")
        ok = True
    except UnicodeDecodeError:
        ok = False
    if decl in ("utf-8", "utf8"):
        enc = "utf-8" if ok else "cp1252"
    elif decl in (None, "", "document"):
        enc = "utf-8" if ok and any(x > 127 for x in b) else "cp1252"
    elif decl in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252", "iso8859-1"):
        enc = "cp1252"
    else:
        enc = decl
    try:
        return b.decode(enc)
    except (LookupError, UnicodeDecodeError):
        return b.decode("cp1252", errors="replace")


def page_text(b: bytes) -> str:
    """Page text as the sites' gold defines it (head/script/style/comments dropped, blocks as breaks)."""
    root = lxml.html.document_fromstring(decode(b))
    for el in root.xpath("//script|//style|//noscript|//head|//comment()"):
        el.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in BLOCK:
            el.tail = " " + (el.tail or "")
            el.text = " " + (el.text or "")
    return " ".join(root.text_content().replace("\u00ad", "").split())


def site_items(nlp: Any) -> tuple[list[tuple[str, set, set]], int]:
    """(item id, predicted {(text, label)}, gold {(text, label)}) for every German gold item."""
    from extract import extract_page

    out, skipped = [], 0
    for gold_file in sorted(SITES.glob("*/gold.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        site = gold_file.parent / "site"
        cache: dict[str, tuple[str, str | None]] = {}
        texts, metas = [], []
        for n, item in enumerate(gold["items"]):
            page = item["page"]
            if page not in cache:
                body = (site / page).read_bytes()
                rec = extract_page(body, f"http://127.0.0.1:8000/{page}", {"Content-Type": "text/html"},
                                   fetched_at=datetime(2026, 1, 1, tzinfo=UTC))
                cache[page] = (page_text(body), rec.language)
            text, lang = cache[page]
            if lang != "de":
                continue
            a = text.find(item["first_sentence"]) if item.get("first_sentence") else -1
            b = text.find(item["last_sentence"], max(a, 0)) if item.get("last_sentence") else -1
            if a < 0 or b < 0:
                skipped += 1
                continue
            texts.append(text[a: b + len(item["last_sentence"])])
            metas.append((f"{gold_file.parent.name}:{n}",
                          {(s, lab) for key, lab in GOLD_KEYS.items() for s in item.get(key) or []}))
        for doc, (key, g) in zip(nlp.pipe(texts, batch_size=16), metas, strict=True):
            out.append((key, {(e.text, e.label_) for e in doc.ents}, g))
    return out, skipped


def raw_sentences(n: int = 2000) -> list[str]:
    """The last n sentences (>= 5 words) of the raw text's last paragraphs."""
    with lzma.open(RAW, "rt", encoding="utf-8") as f:
        tail = f.readlines()[-3000:]
    sents: list[str] = []
    for para in tail:
        for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ])", para.strip()):
            if len(s.split()) >= 5:
                sents.append(s)
    return sents[-n:]


def demo_entities(model: str, rules_off: list[str]) -> list[tuple[str, str, str]]:
    from bench.eval_entities_demo import distinct_articles, found_from_site
    from extract import entities

    if rules_off:  # the tagger loads its own copy of the pipeline: switch the rule parts off there too
        load = entities.load_pipeline

        def load_without(name: str) -> Any:
            nlp = load(name)
            switch_off(nlp, rules_off)
            return nlp

        entities.load_pipeline = load_without
    entries = [e for e in distinct_articles() if e["language"] == "de"]
    found = found_from_site(entries, {"de": model})
    return [(path, t, lab) for path, ents in found.items() for t, lab in ents]


def switch_off(nlp: Any, rules_off: list[str]) -> None:
    """Switch parts of nachlese_ner_rules off (attribute names as in the component config)."""
    rules = nlp.get_pipe("nachlese_ner_rules")
    for name in rules_off:
        if not hasattr(rules, name):
            raise SystemExit(f"nachlese_ner_rules has no part {name!r}")
        setattr(rules, name, False)


def rate(ents: list[tuple[str, str, str]], test: CommonNounTest) -> tuple[int, int, list]:
    bad = [e for e in ents if test(e[1])]
    return len(bad), len(ents), bad


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="de_nachlese_ner")
    ap.add_argument("--json", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="list the common-noun entities")
    ap.add_argument("--rules-off", default="", help="comma-separated rule parts to switch off (e.g. drop_compounds)")
    args = ap.parse_args()
    import spacy

    if Path(args.model).exists():
        import training.ner_de.components  # noqa: F401 - registers the factories of a training output
    nlp = spacy.load(args.model)
    rules_off = [r for r in args.rules_off.split(",") if r]
    switch_off(nlp, rules_off)
    test = CommonNounTest(german_nouns(ROOT / "training" / "ner_de" / "packages")["N"], metric_names())
    res: dict[str, Any] = {"model": args.model, "rules_off": rules_off}

    demo = demo_entities(args.model, rules_off)
    items, skipped = site_items(nlp)
    site_ents = [(k, t, lab) for k, pred, _ in items for t, lab in pred]
    raw = raw_sentences()
    raw_ents = [(str(i), e.text, e.label_) for i, d in enumerate(nlp.pipe(raw, batch_size=64)) for e in d.ents]
    print(f"model {args.model} (rule parts off: {rules_off or 'none'}): common-noun entities (distinct per document)")
    for name, ents in (("demo (de articles)", demo), ("sites (de gold items)", site_ents),
                       ("raw text (2,000 sentences)", raw_ents)):
        n_bad, n, bad = rate(ents, test)
        res[name] = {"common": n_bad, "entities": n, "rate": n_bad / n if n else 0.0,
                     "by_label": dict(Counter(e[2] for e in bad))}
        print(f"  {name:<28} {n_bad:4d} / {n:5d} = {n_bad / n if n else 0:.3f}  by label {res[name]['by_label']}")
        if args.verbose:
            print("     ", sorted({f"{t}/{lab}" for _, t, lab in bad}))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for _, pred, gold in items:
        for lab in ("PER", "ORG", "LOC", "ALL"):
            p = {x for x in pred if lab in ("ALL", x[1])}
            g = {x for x in gold if lab in ("ALL", x[1])}
            tp[lab] += len(p & g)
            fp[lab] += len(p - g)
            fn[lab] += len(g - p)
    print(f"sites: entity P/R/F1 on {len(items)} German gold items ({skipped} items not located in the page text)")
    res["sites_prf"] = {}
    for lab in ("PER", "ORG", "LOC", "ALL"):
        prec = tp[lab] / (tp[lab] + fp[lab]) if tp[lab] + fp[lab] else 0.0
        rec = tp[lab] / (tp[lab] + fn[lab]) if tp[lab] + fn[lab] else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        res["sites_prf"][lab] = {"p": prec, "r": rec, "f": f1, "gold": tp[lab] + fn[lab]}
        print(f"  {lab:<4} P {prec:.3f} R {rec:.3f} F1 {f1:.3f} (gold {tp[lab] + fn[lab]})")
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
