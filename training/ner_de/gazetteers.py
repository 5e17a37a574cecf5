"""Load the gazetteers of the data directory (gazetteers/) as plain name sets (training and evaluation only).

Sources (see the data README for licences): GeoNames cities500 (CC BY 4.0), german-pos-dict EIG.txt
(CC BY-SA 4.0), the LER lists (surnames ASL 2.0; firms, towns, streets ODbL/CC BY-SA; countries),
prenames-germany (CC BY 3.0 DE / dl-de/by-2-0). geonames-de-names/geonames.mo holds no catalogue
entries in this copy (218 bytes) and is not read.
"""
from __future__ import annotations

import csv
import io
import lzma
from functools import lru_cache
from pathlib import Path

DEFAULT_DIR = Path("/work/shared/data/ner/de/gazetteers")
DACH = {"DE", "AT", "CH", "LI", "LU"}


def _lines(path: Path) -> list[str]:
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def geonames_places(gdir: Path = DEFAULT_DIR, min_pop_world: int = 15000,
                    min_pop_dach: int = 0) -> dict[str, int]:
    """Place name -> largest population with that name: every DACH place of cities500 (>= 500
    inhabitants) with its German alternate names, and places elsewhere with >= min_pop_world."""
    out: dict[str, int] = {}
    with lzma.open(gdir / "geonames_cities500" / "cities500.txt.xz", "rt", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 15:
                continue
            name, alts, cc = cols[1], cols[3], cols[8]
            pop = int(cols[14] or 0)
            if (cc in DACH and pop >= min_pop_dach) or pop >= min_pop_world:
                names = {name}
                if cc in DACH or pop >= 500000:
                    names |= {a for a in alts.split(",") if a and a[:1].isupper() and len(a) >= 3
                              and all(ord(c) < 0x250 for c in a)}
                for n in names:
                    out[n] = max(out.get(n, 0), pop)
    return out


def eig_names(gdir: Path = DEFAULT_DIR) -> dict[str, set[str]]:
    """german-pos-dict proper names by type: VOR (first names), NAC (surnames), STD (cities),
    COU (countries), GEB (regions), WAT/MOU/GEO (waters, mountains), PER (other proper names)."""
    out: dict[str, set[str]] = {}
    for line in (gdir / "german-pos-dict" / "EIG.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        kind = parts[2].split(":")[-1]
        out.setdefault(kind, set()).update({parts[0], parts[1]})
    return out


def prenames(gdir: Path = DEFAULT_DIR) -> set[str]:
    """Given names of newborns (Berlin, Köln, Leipzig, München 2010-2021), any spelling listed."""
    names: set[str] = set()
    for path in sorted((gdir / "prenames-germany" / "raw").rglob("*.csv")):
        text = path.read_text(encoding="utf-8", errors="replace")
        first = text.splitlines()[0] if text else ""
        delim = ";" if first.count(";") > first.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delim))
        if not rows:
            continue
        cols = [i for i, h in enumerate(rows[0]) if "vorname" in h.lower()]
        for row in rows[1:]:
            for i in cols:
                if i < len(row) and len(row[i].strip()) >= 2 and row[i].strip()[:1].isupper():
                    names.add(row[i].strip())
    return names


def ler_list(name: str, gdir: Path = DEFAULT_DIR) -> set[str]:
    """One LER list: personennamen, firmennamen, stadtnamen, laendernamen, landschaftsbezeichnungen, strassennamen."""
    return set(_lines(gdir / "ler" / f"{name}.list"))


@lru_cache(maxsize=1)
def all_names(gdir: Path = DEFAULT_DIR) -> frozenset[str]:
    """Every name of every gazetteer (for the common-noun measure: 'in no gazetteer')."""
    names: set[str] = set(geonames_places(gdir, min_pop_world=1000))
    for v in eig_names(gdir).values():
        names |= v
    names |= prenames(gdir)
    for lst in ("personennamen", "firmennamen", "stadtnamen", "laendernamen"):
        names |= ler_list(lst, gdir)
    return frozenset(names)
