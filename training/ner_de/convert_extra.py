"""Readers and label mappings for the labelled sets added in issue #15 (extra/ in the data directory).

Trainable sets (used by convert.py through --weights; all their splits, none is an evaluation set here):
    mobie   MobIE (traffic reports/tweets), CoNLL-2003 columns, tag in column 4:
            person -> PER; organization, organization-company -> ORG;
            location, location-city, location-street, location-stop -> LOC;
            location-route (line and road numbers: "S1", "A9"), org-position, dates, times,
            triggers, causes and every other type -> O.
    hipe    HIPE-2022 NewsEye + SoNAR German (historical newspapers), column NE-COARSE-LIT:
            PER/ORG/LOC (pers/org/loc) kept; HumanProd and everything else -> O. Sentences end at
            an "EndOfSentence" MISC flag, a document start, or 60 tokens at a full stop.
    zefys   ZEFYS2025 (historical newspapers), token<TAB>BIO PER/LOC/ORG, kept as is; the stream
            is cut at blank lines and at sentence-final punctuation (max 80 tokens).
    sturm   Sturm letters (18th c.), pers -> PER, place -> LOC, date -> O. It has no ORG
            annotation at all, so organisations in it are unlabelled.

Measure-only sets (never in any training mix; convert.py writes them as extra test sets):
    smartdata  SmartData v3 dev+test (German business news; "research use only"): PERSON -> PER;
               ORGANIZATION, ORGANIZATION_COMPANY -> ORG; LOCATION, LOCATION_CITY,
               LOCATION_STREET, LOCATION_STOP -> LOC; LOCATION_ROUTE and all others -> O.
    europarl   Europarl NER test.tsv (Faruqui & Padó), IOB1 in column 5: PER/ORG/LOC kept, MISC -> O.
"""
from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

Sentence = tuple[list[str], list[str]]

MOBIE_MAP = {
    "person": "PER", "organization": "ORG", "organization-company": "ORG",
    "location": "LOC", "location-city": "LOC", "location-street": "LOC", "location-stop": "LOC",
}
STURM_MAP = {"pers": "PER", "place": "LOC"}
SMARTDATA_MAP = {
    "PERSON": "PER", "ORGANIZATION": "ORG", "ORGANIZATION_COMPANY": "ORG",
    "LOCATION": "LOC", "LOCATION_CITY": "LOC", "LOCATION_STREET": "LOC", "LOCATION_STOP": "LOC",
}
LABELS = {"PER", "ORG", "LOC"}


def map_tag(tag: str, mapping: dict[str, str] | None = None) -> str:
    """BIO tag with a source type -> BIO tag with PER/ORG/LOC (or O)."""
    if tag in ("O", "", "_") or "-" not in tag:
        return "O"
    pre, lab = tag.split("-", 1)
    lab = mapping.get(lab, "O") if mapping is not None else lab.upper()
    if pre not in ("B", "I") or lab not in LABELS:
        return "O"
    return f"{pre}-{lab}"


def _cut(words: list[str], tags: list[str], max_len: int) -> bool:
    at_stop = len(words) >= max_len and words[-1] in (".", "!", "?", ";") and tags[-1] == "O"
    return at_stop or len(words) >= 3 * max_len


def read_mobie(path: Path) -> Iterator[Sentence]:
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if words:
                yield words, tags
            words, tags = [], []
            continue
        parts = line.split("\t")
        if len(parts) < 4:
            continue
        words.append(parts[0])
        tags.append(map_tag(parts[3], MOBIE_MAP))
    if words:
        yield words, tags


def read_hipe(path: Path, max_len: int = 60) -> Iterator[Sentence]:
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# hipe2022:document_id") and words:
            yield words, tags
            words, tags = [], []
        if not line.strip() or line.startswith("#") or line.startswith("TOKEN\t"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[0]:
            continue
        words.append(parts[0])
        tags.append(map_tag(parts[1]))
        if (parts[-1] and "EndOfSentence" in parts[-1]) or _cut(words, tags, max_len):
            yield words, tags
            words, tags = [], []
    if words:
        yield words, tags


def read_token_tag(path: Path, mapping: dict[str, str] | None = None, max_len: int = 80,
                   sep: str | None = "\t") -> Iterator[Sentence]:
    """token<sep>tag lines (ZEFYS2025, Sturm), blank line = break; long streams cut at full stops."""
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(sep) if sep else line.split()
        if not line.strip() or len(parts) < 2 or not parts[0].strip():
            if words:
                yield words, tags
            words, tags = [], []
            continue
        words.append(parts[0].strip())
        tags.append(map_tag(parts[-1].strip(), mapping))
        if _cut(words, tags, max_len):
            yield words, tags
            words, tags = [], []
    if words:
        yield words, tags


def read_smartdata(path: Path) -> Iterator[Sentence]:
    """SmartData v3 (concatenated JSON documents): one sentence per `sentences` entry."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        text = f.read()
    dec = json.JSONDecoder()
    i = 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        doc, i = dec.raw_decode(text, i)
        body = doc["text"]["string"]
        for sent in (doc.get("sentences") or {}).get("array", []):
            words, tags = [], []
            for tok in sent["tokens"]["array"]:
                w = body[tok["span"]["start"]:tok["span"]["end"]]
                if not w.strip():
                    continue
                words.append(w)
                tags.append(map_tag((tok.get("ner") or {}).get("string", "O"), SMARTDATA_MAP))
            if words:
                yield words, tags


def read_europarl(path: Path) -> Iterator[Sentence]:
    """Europarl NER TSV: token first, IOB1 tag last, blank line between sentences (never cut)."""
    yield from read_token_tag(path, max_len=10**6)


def trainable_sources(data: Path) -> dict[str, list[Sentence]]:
    extra = data / "extra"
    out: dict[str, list[Sentence]] = {"mobie": [], "hipe": [], "zefys": [], "sturm": []}
    for fn in sorted((extra / "mobie").glob("*.conll2003")):
        out["mobie"].extend(read_mobie(fn))
    for fn in sorted((extra / "hipe2022").glob("*.tsv")):
        out["hipe"].extend(read_hipe(fn))
    for fn in sorted((extra / "zefys2025").glob("*.tsv")):
        out["zefys"].extend(read_token_tag(fn))
    for fn in sorted((extra / "sturm").glob("*.conll")):
        out["sturm"].extend(read_token_tag(fn, STURM_MAP, sep=None))
    return out


def measure_sources(data: Path) -> dict[str, list[Sentence]]:
    m = data / "extra" / "measure-only"
    smart = [s for part in ("dev", "test") for s in read_smartdata(m / "smartdata" / f"v3_20200302_{part}.json.gz")]
    return {"smartdata": smart, "europarl": list(read_europarl(m / "europarl_ner" / "test.tsv"))}
