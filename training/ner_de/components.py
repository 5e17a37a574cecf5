"""Pipeline components of de_nachlese_ner, shipped inside the package (spacy package --code).

nachlese_lexicon (first in the pipeline)
  Gazetteer flags (first name F, surname S, common noun N, place G / multi-token place GM,
  title T, legal form L, (floret recipe only) word of a known firm name of 2+ words C) written
  into token.lemma_ and embedded by the tok2vec as an
  extra hashed feature. The word lists are stored in the model directory.

nachlese_ner_rules (last in the pipeline)
  1. splits entities at brackets and trims punctuation, function words and
     titles/role nouns (Dr., Prof., Herr, Frau, Geschäftsführer, Bürgermeister, ...)
     from the edges of every entity; drops a leading role noun before a first name;
  2. extends an entity directly followed by a legal form (AG, GmbH, e.V., KG,
     GmbH & Co. KG, ...) over the legal form and labels it ORG;
  3. creates an ORG for an uncovered legal form preceded by capitalised words
     ("Verbundnetz Gas AG");
  4. relabels entities ending in a street word (-straße, -weg, -platz, ...) as LOC;
  5. drops one-token entities the gazetteer knows only as common nouns;
  6. adds "<Adjective> <institution head>" ORGs ("Auswärtigen Amt");
  7. (0.2.1) institution + "für" + capitalised words ("Bundesanstalt für Arbeit",
     "Industrie- und Handelskammer für X und Y") -> one ORG (inst_fuer);
  8. (0.2.1) org head word + name ("Sparkasse X", "Universität X") and name + org tail word
     ("X Holding", "X Werke") -> ORG (org_words);
  9. (0.2.1) gazetteer places: a one-token PER/ORG that the gazetteer knows only as a
     place -> LOC (geo_relabel); an untagged known place after "in"/"aus"/"nach"/"bei"/...
     -> LOC (geo_prep);
 10. (0.2.2) "<function in an organisation> der/des <name>" -> ORG ("Geschäftsführer der
     Ems-Achse"), when the name is untagged or only partly tagged and is no known place (org_roles);
     an ORG ending in a legal form is extended left to a preceding article ("der Verbundnetz Gas AG");
     a PER that is only a role noun before "<first name> <name>" moves to the name (first_names);
     a PER containing an institution word (Kamer, University, Stichting, ...) becomes ORG (per_inst);
     places also match after "in"/"im" + a lower-case adjective ("im emsländischen Dörpen") and from
     a second, rules-only list of smaller DACH places (population >= 1,000; never a model feature);
     a word no gazetteer knows, listed after a LOC ("Großefehn, Südbrookmerland und Krummhörn"), is LOC.
 11. (0.2.3) drops a one-token PER/LOC that is a closed compound of common nouns and in no
     gazetteer ("Rekordsaison", "Feuerwehrhäuser"; drop_compounds);
 12. clears the lemma flags again.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

TITLES = {
    # academic / address
    "dr.", "dr", "prof.", "prof", "dipl.-ing.", "dipl.", "ing.", "mag.", "med.", "rer.", "nat.", "phil.",
    "herr", "herrn", "frau", "fr.", "hr.", "fräulein", "sir", "lord", "lady", "mr.", "mrs.", "ms.",
    "sankt-",  # placeholder never matching real tokens
    # roles / functions commonly written before a name
    "geschäftsführer", "geschäftsführerin", "bürgermeister", "bürgermeisterin",
    "oberbürgermeister", "oberbürgermeisterin", "ob", "landrat", "landrätin",
    "präsident", "präsidentin", "vizepräsident", "vizepräsidentin", "bundespräsident",
    "bundespräsidentin", "minister", "ministerin", "bundesminister", "bundesministerin",
    "staatssekretär", "staatssekretärin", "ministerpräsident", "ministerpräsidentin",
    "kanzler", "kanzlerin", "bundeskanzler", "bundeskanzlerin", "senator", "senatorin",
    "abgeordnete", "abgeordneter", "stadtrat", "stadträtin", "gemeinderat", "gemeinderätin",
    "vorsitzende", "vorsitzender", "vorstand", "vorstandschef", "vorstandschefin",
    "chef", "chefin", "direktor", "direktorin", "leiter", "leiterin", "sprecher", "sprecherin",
    "trainer", "trainerin", "coach", "kapitän", "pfarrer", "pfarrerin", "pastor", "pastorin",
    "bischof", "papst", "kardinal", "pater", "schwester", "bruder", "onkel", "tante",
    "kommissar", "kommissarin", "richter", "richterin", "anwalt", "anwältin", "rechtsanwalt",
    "rechtsanwältin", "professor", "professorin", "doktor", "autor", "autorin", "regisseur",
    "regisseurin", "sänger", "sängerin", "schauspieler", "schauspielerin", "kollege", "kollegin",
    "firmenchef", "konzernchef", "parteichef", "fraktionschef", "vereinschef", "inhaber", "inhaberin",
    "gründer", "gründerin", "ortsvorsteher", "ortsvorsteherin", "polizeisprecher", "polizeisprecherin",
    "general", "oberst", "major", "hauptmann", "leutnant", "könig", "königin", "prinz", "prinzessin",
    "kaiser", "kaiserin", "graf", "gräfin", "fürst", "fürstin", "herzog", "herzogin",
    "ex-kanzler", "ex-minister", "ex-präsident",
}
# articles / prepositions that may be swallowed at the left edge
LEFT_STOP = {"der", "die", "das", "des", "dem", "den", "ein", "eine", "einer", "eines", "im", "am",
             "vom", "zum", "zur", "beim", "in", "an", "auf", "bei", "von", "mit", "für", "und", "oder"}
# function words that never end an entity
RIGHT_STOP = {"der", "die", "das", "des", "dem", "den", "und", "oder", "von", "vom", "für", "mit",
              "in", "im", "am", "an", "auf", "zu", "zum", "zur", "bei", "beim", "de", "the", "of",
              "and", "du", "la", "le", "ein", "eine", "einer", "eines"}
EDGE_PUNCT = set(",.;:!?()[]{}\"'„“”‚‘’«»‹›-–—/…*·|&+") | {"''", "``", "--", "..."}
BRACKETS = set("()[]{}")

LEGAL_FORMS = {
    "ag", "gmbh", "mbh", "e.v.", "ev", "e.v", "kg", "ohg", "gbr", "kgaa", "se", "eg", "e.g.",
    "ug", "ltd", "ltd.", "inc", "inc.", "corp", "corp.", "plc", "llc", "s.a.", "sa", "n.v.", "nv",
    "b.v.", "bv", "spa", "s.p.a.", "co.", "co", "gmbh&co.kg", "e.k.", "a.g.", "mbh.",
}
# legal forms that are written in lower case ("e.V.") and need no capital letter
LEGAL_ANYCASE = {"e.v.", "e.v", "e.g.", "e.k.", "mbh", "mbh."}
# tokens that may sit between/inside a chain of legal forms ("GmbH & Co. KG")
LEGAL_GLUE = {"&", "und", "co.", "co", "&co.", "+"}


def _is_legal(tok) -> bool:
    lw = tok.lower_
    return lw in LEGAL_ANYCASE or (lw in LEGAL_FORMS and tok.text[:1].isupper())


def _legal_tail(doc: Doc, i: int) -> int:
    """Given doc[i] is a legal form, return the end index of a legal-form chain starting at i."""
    end = i + 1
    j = end
    while j < len(doc):
        t = doc[j]
        if _is_legal(t):
            end = j + 1
            j += 1
        elif t.lower_ in LEGAL_GLUE and j + 1 < len(doc) and (
            _is_legal(doc[j + 1]) or doc[j + 1].lower_ in LEGAL_GLUE
        ):
            j += 1
        else:
            break
    return end


def _cap(tok) -> bool:
    t = tok.text
    return bool(t) and (t[0].isupper() or t[0].isdigit()) and tok.lower_ not in LEFT_STOP


import re as _re


def _factory(name: str, default_config: dict):
    """Language.factory that tolerates a second import of this module (e.g. the training
    copy and the packaged copy in one process): the first registration wins."""
    def deco(func):
        if Language.has_factory(name):
            return func
        return Language.factory(name, default_config=default_config)(func)
    return deco

# institution heads: "<Capitalised adjective> <head>" is an ORG ("Auswärtigen Amt",
# "Evangelische Kirche", "Mitteldeutschen Verlages", "Deutsche Bank")
ORG_HEADS = _re.compile(
    r"^(amt|amtes|amts|bundesamt|landesamt|verlag|verlags|verlages|kirche|landeskirche|"
    r"ministerium|ministeriums|bundesministerium|bundesministeriums|landesministerium|"
    r"verband|verbandes|verbands|bundesverband|partei|bank|stiftung|institut|instituts|"
    r"institutes|universität|hochschule|gericht|gerichts|gerichtes|bundesgericht|landgericht|"
    r"amtsgericht|oberlandesgericht|verein|vereins|vereines|rundfunk|akademie|zeitung|"
    r"gewerkschaft|bundesanstalt|anstalt|kommission|agentur|bundesagentur|polizei|"
    r"staatsanwaltschaft|landesregierung|bundesregierung|regierung|rat|bundesrat|landtag|"
    r"bundestag|bahn|post|versicherung|sparkasse|volksbank|genossenschaft|kammer|handelskammer|"
    r"handwerkskammer|museum|museums|theater|theaters|orchester|philharmonie|oper|klinik|klinikum)$"
)
ROMAN_RE = _re.compile(r"^[IVXLC]+$")
ADJ_RE = _re.compile(r"^[A-ZÄÖÜ][a-zäöüß-]+(e|en|er|es|em)$")

# (0.2.1) institution nouns that take "für" + a field/area: "Bundesanstalt für Arbeit",
# "Handwerkskammer für Ostfriesland", "Ministerium für Wirtschaft", "Institut für ..."
INST_FUER_RE = _re.compile(
    r"(kammer|ministerium|anstalt|amt|institut|zentrum|zentrale|verband|verein|vereinigung|"
    r"gesellschaft|akademie|stiftung|agentur|behörde|kommission|gericht|hochschule|universität|"
    r"büro|organisation|komitee|ausschuss|fonds|beirat|bund|senat|ministerin|partei)(e?s)?$")
# words that continue such a name ("für Ostfriesland und Papenburg", "für Bildung, Wissenschaft
# und Kultur")
NAME_GLUE = {"und", ",", "sowie"}
# (0.2.1) org words that are followed by the name ("Sparkasse X", "Universität X") ...
ORG_FIRST = {"sparkasse", "kreissparkasse", "stadtsparkasse", "volksbank", "raiffeisenbank",
             "universität", "hochschule", "fachhochschule", "stiftung", "klinikum", "stadtwerke"}
# ... and org words that follow it ("X Holding", "X Werke", "X Ports")
ORG_LAST = {"holding", "gruppe", "group", "werke", "werft", "ports", "airlines", "airways",
            "stiftung", "verlag", "bank", "versicherung", "versicherungen", "reederei"}
# (0.2.1) prepositions before a place name
PLACE_PREPS = {"in", "aus", "nach", "bei", "zwischen", "nahe", "raum", "südlich", "nördlich",
               "östlich", "westlich", "gen"}

# (0.2.2) functions in or parts of an organisation: "<role> der/des <Name>" names an ORG
ORG_ROLE_RE = _re.compile(
    r"^(geschäftsführer|geschäftsführerin|geschäftsführung|geschäftsstelle|vorsitzende|vorsitzender|"
    r"vorsitzenden|vorstand|vorstands|vorstandsmitglied|vorstandsvorsitzende|vorstandsvorsitzender|"
    r"vorstandschef|vorstandschefin|aufsichtsrat|aufsichtsrats|sprecher|sprecherin|pressesprecher|"
    r"pressesprecherin|präsident|präsidentin|präsidenten|direktor|direktorin|leiter|leiterin|"
    r"gründer|gründerin|mitglied|mitglieder|mitgliedern|vertreter|vertreterin|vertretern|"
    r"mitarbeiter|mitarbeiterin|mitarbeitern|generalsekretär|generalsekretärin|gesellschafter|"
    r"gesellschafterin|geschäftsstellen|zentrale)$")
ORG_ROLE_DET = {"der", "des"}
# (0.2.2) words that make a "person" an institution, in the languages of German news (the Dutch
# and English ones for names quoted untranslated: "Kamer van Koophandel", "University of X")
INSTITUTION_WORDS = {
    "kamer", "gemeente", "provincie", "universiteit", "hogeschool", "stichting", "vereniging",
    "ministerie", "rijksuniversiteit", "chamber", "university", "college", "council", "ministry",
    "association", "federation", "foundation", "company", "corporation", "institute", "université",
    "chambre", "universidad", "università", "universität", "hochschule", "stiftung", "verein",
    "verband", "kammer", "gesellschaft", "genossenschaft",
}
DETERMINERS = {"der", "die", "das", "des", "dem", "den"}

# (0.2.3) heads of place names: a LOC compound ending in one is kept ("Fichtegebirge", "Nordstrand")
PLACE_HEAD_RE = _re.compile(
    r"(gebirge|berg|berge|teich|see|sees|wald|walde|strand|heim|dorf|hausen|reich|mündung|tal|bach|"
    r"insel|land|wall|zone|kanal|tunnel|brücke|feld|felde|hafen|bucht|küste|meer|fluss|ufer|höhe|"
    r"kreis|stadt|burg|lust|garten|gärten|park|hof|kirchen|münster|ingen|stedt|stätt)e?s?$")
STREET_RE = _re.compile(
    r"(straße|strasse|str\.|weg|platz|allee|gasse|damm|ufer|chaussee|steig|pfad|markt)$", _re.I)


class NerRules:
    def __init__(self, nlp: Language, name: str, trim: bool = True, legal: bool = True,
                 legal_new: bool = True, max_new_len: int = 4, clear_lemmas: bool = True,
                 streets: bool = True, drop_nouns: bool = True, drop_part: bool = False,
                 org_heads: bool = True, inst_fuer: bool = True, org_words: bool = True,
                 geo_relabel: bool = True, geo_prep: bool = True, org_roles: bool = True,
                 first_names: bool = True, per_inst: bool = True, legal_article: bool = True,
                 drop_compounds: bool = True):
        self.name = name
        self.drop_compounds = drop_compounds
        self.org_roles = org_roles
        self.first_names = first_names
        self.per_inst = per_inst
        self.legal_article = legal_article
        self.inst_fuer = inst_fuer
        self.org_words = org_words
        self.geo_relabel = geo_relabel
        self.geo_prep = geo_prep
        self.org_heads = org_heads
        self.nlp = nlp
        self.drop_part = drop_part
        self.streets = streets
        self.drop_nouns = drop_nouns
        self.clear_lemmas = clear_lemmas
        self.trim = trim
        self.legal = legal
        self.legal_new = legal_new
        self.max_new_len = max_new_len

    def _trim(self, span: Span) -> Span | None:
        doc = span.doc
        s, e = span.start, span.end
        while s < e and (doc[s].text in EDGE_PUNCT or doc[s].lower_ in TITLES
                         or doc[s].lower_ in LEFT_STOP or doc[s].is_space):
            s += 1
        while e > s and (doc[e - 1].text in EDGE_PUNCT or doc[e - 1].is_space
                         or doc[e - 1].text in RIGHT_STOP):
            if (doc[e - 1].text == "." and e - 1 > s
                    and (ROMAN_RE.match(doc[e - 2].text) or _re.match(r"^[A-ZÄÖÜ]$", doc[e - 2].text))):
                break  # "Benedikt XVI.", "Markus N."
            e -= 1
        if s >= e:
            return None
        if (s, e) == (span.start, span.end):
            return span
        return Span(doc, s, e, label=span.label_)

    def _split_brackets(self, span: Span) -> list[Span]:
        doc = span.doc
        parts, s = [], span.start
        for i in range(span.start, span.end):
            if doc[i].text in BRACKETS:
                if i > s:
                    parts.append(Span(doc, s, i, label=span.label_))
                s = i + 1
        if s < span.end:
            parts.append(Span(doc, s, span.end, label=span.label_))
        return parts

    @staticmethod
    def _adj_org(doc: Doc, ents: list) -> list:
        """Add '<Adjective> <institution head>' ORGs not touched by any entity, and
        extend an ORG ending in a legal form leftwards over capitalised words."""
        covered = set()
        for e in ents:
            covered.update(range(e.start, e.end))
        new = list(ents)
        for i in range(1, len(doc)):
            t = doc[i]
            if i in covered or (i - 1) in covered or not ORG_HEADS.match(t.lower_):
                continue
            s = i
            while (s - 1 >= 0 and (s - 1) not in covered and ADJ_RE.match(doc[s - 1].text)
                   and doc[s - 1].lower_ not in LEFT_STOP and doc[s - 1].lower_ not in TITLES
                   and not doc[s - 1].is_sent_start and i - s < 2):
                s -= 1
            if s < i:
                new.append(Span(doc, s, i + 1, label="ORG"))
                covered.update(range(s, i + 1))
        return new

    def _lexicon(self):
        if "nachlese_lexicon" in self.nlp.pipe_names:
            return self.nlp.get_pipe("nachlese_lexicon")
        return None

    @staticmethod
    def _part_compound(span: Span, lex) -> bool:
        """'CSU-Abgeordnete', 'AVNOJ-Beschlüsse': a one-token hyphen compound whose head
        (last part) is a common noun is not an entity (GermEval *part -> O)."""
        if len(span) != 1 or "-" not in span.text.strip("-"):
            return False
        head = span.text.rstrip("-").rsplit("-", 1)[-1]
        return (head[:1].isupper() and head in lex.nouns and head not in lex.geo
                and head not in lex.fn and head not in lex.surnames)

    @staticmethod
    def _common_noun(span: Span) -> bool:
        """A one-token entity that the gazetteer knows only as a common noun
        (flag N without F/S/G/GM; needs nachlese_lexicon) and is not all caps."""
        if len(span) != 1:
            return False
        t = span[0]
        flags = set(t.lemma_.split("|"))
        return "N" in flags and not flags & {"F", "S", "G", "GM", "L"} and not t.text.isupper()

    LINKERS = ("", "s", "es", "n", "en", "e", "er")

    @classmethod
    def _noun_compound_word(cls, w: str, lex, depth: int = 0) -> bool:
        """'Rekordsaison', 'Feuerwehrhäuser', 'Vorjahresniveau': a closed compound whose head
        (>= 4 letters) and first part (>= 3 letters, minus a linking -s/-es/-n/...) are common
        nouns, and no part is a known name."""
        for i in range(3, len(w) - 3):
            head = w[i:].capitalize()
            if head not in lex.nouns or cls._known_name(head, lex):
                continue
            first = w[:i]
            for link in cls.LINKERS:
                if link and not first.endswith(link):
                    continue
                stem = (first[: len(first) - len(link)] if link else first).capitalize()
                if len(stem) >= 3 and not cls._known_name(stem, lex) and (
                        stem in lex.nouns or (depth < 1 and cls._noun_compound_word(stem, lex, depth + 1))):
                    return True
        return False

    @staticmethod
    def _known_name(w: str, lex, surnames: bool = False) -> bool:
        """A place or first name (or surname), also in the genitive ("Europas", "Griechenlands")."""
        for form in (w, w[:-1] if w.endswith("s") else None, w[:-2] if w.endswith("es") else None):
            if form and (form in lex.rule_places or form in lex.fn
                         or (surnames and (form in lex.surnames or form in lex.rule_surnames))):
                return True
        return False

    def _compound_noun(self, span: Span, lex) -> bool:
        """(0.2.3) A one-token PER or LOC that is a compound of common nouns and that no gazetteer
        knows as a name (flags F/S/G/GM/L/C); not for ORG, where one-word compounds are often
        institution names ("Bundesverfassungsgericht", "Handelsblatt")."""
        if len(span) != 1 or span.label_ not in ("PER", "LOC"):
            return False
        t = span[0]
        w = t.text
        if not w.isalpha() or not w[:1].isupper() or sum(c.isupper() for c in w) > 1:
            return False
        if self._flags(t) & {"F", "S", "G", "GM", "L", "C"} or self._known_name(w, lex, surnames=True) \
                or STREET_RE.search(w) or (span.label_ == "LOC" and PLACE_HEAD_RE.search(w)):
            return False
        return self._noun_compound_word(w, lex)

    @staticmethod
    def _role_before_name(span: Span) -> Span:
        """'Wehrführer Daniel Raschke' -> 'Daniel Raschke': drop a first PER token that is
        not a first name when the next one is (flags from nachlese_lexicon in lemma_)."""
        if span.label_ != "PER" or len(span) < 2:
            return span
        first, second = span[0], span[1]
        f1, f2 = first.lemma_.split("|"), second.lemma_.split("|")
        if "F" not in f1 and "F" in f2 and "N" in f1 and "G" not in f1 and "GM" not in f1:
            return Span(span.doc, span.start + 1, span.end, label="PER")
        return span


    # ---- 0.2.1 rules ---------------------------------------------------------------
    @staticmethod
    def _flags(tok) -> set:
        return set(tok.lemma_.split("|"))

    @staticmethod
    def _replace(doc: Doc, ents: list, s: int, e: int, label: str, protect=("PER",)) -> list | None:
        """Put Span(s, e, label) in place of the entities it overlaps; an overlapping entity
        that sticks out to the left widens the span; one that sticks out to the right or has a
        protected label cancels the change (returns None)."""
        keep, start = [], s
        for ent in ents:
            if ent.end <= s or ent.start >= e:
                keep.append(ent)
                continue
            if ent.end > e or ent.label_ in protect:
                return None
            start = min(start, ent.start)
        keep.append(Span(doc, start, e, label=label))
        return keep

    def _name_run(self, doc: Doc, j: int, max_len: int = 6, glue: bool = True) -> int:
        """End of a run of capitalised name words starting at j ("Ostfriesland und
        Papenburg", "Bildung, Wissenschaft und Kultur"); j itself when there is none."""
        end, k = j, j
        while k < len(doc) and k - j < max_len:
            t = doc[k]
            f = self._flags(t)
            if (t.text[:1].isupper() and (t.is_alpha or "-" in t.text) and t.lower_ not in TITLES
                    and t.lower_ not in LEFT_STOP and ("F" not in f or "G" in f)):
                end = k = k + 1
            elif glue and t.text in NAME_GLUE and end == k and k + 1 < len(doc) \
                    and doc[k + 1].text[:1].isupper() and doc[k + 1].is_alpha:
                k += 1
            else:
                break
        return end

    def _inst_fuer(self, doc: Doc, ents: list) -> list:
        """'<Institution> für <Capitalised words>[ und <Capitalised word>]' -> one ORG,
        left-extended over adjectives and 'X- und' ('Industrie- und Handelskammer')."""
        org_at = {i for e in ents if e.label_ == "ORG" for i in range(e.start, e.end)}
        for i in range(len(doc) - 2):
            t = doc[i]
            if doc[i + 1].lower_ != "für" or not t.text[:1].isupper():
                continue
            acronym = t.text.isupper() and len(t.text) >= 2 and t.is_alpha and i in org_at
            if not (INST_FUER_RE.search(t.lower_) or acronym):
                continue
            e = self._name_run(doc, i + 2)
            if e == i + 2:
                continue
            s = i
            while s - 1 >= 0 and i - s < 2 and ADJ_RE.match(doc[s - 1].text) \
                    and doc[s - 1].lower_ not in LEFT_STOP and doc[s - 1].lower_ not in TITLES:
                s -= 1
            if s - 2 >= 0 and doc[s - 1].lower_ == "und" and doc[s - 2].text.endswith("-") \
                    and doc[s - 2].text[:1].isupper():
                s -= 2
            new = self._replace(doc, ents, s, e, "ORG")
            if new is not None:
                ents = new
        return ents

    def _org_words(self, doc: Doc, ents: list) -> list:
        """'Sparkasse <Name>' / '<Name> Holding' -> ORG (names: capitalised words the
        gazetteer does not know only as common nouns)."""
        name_like = self._name_like
        for i, t in enumerate(doc):
            if not t.text[:1].isupper():
                continue
            if t.lower_ in ORG_FIRST and i + 1 < len(doc) and name_like(doc[i + 1]) \
                    and doc[i + 1].lower_ not in ORG_LAST:
                e = i + 1
                while e < len(doc) and e - i <= 2 and name_like(doc[e]):
                    e += 1
                new = self._replace(doc, ents, i, e, "ORG")
                if new is not None:
                    ents = new
            elif t.lower_ in ORG_LAST and i >= 1 and name_like(doc[i - 1]) \
                    and doc[i - 1].lower_ not in ORG_FIRST:
                s = i - 1
                # stop at an appositive head noun ("Hafengesellschaft Niedersachsen Ports")
                while s - 1 >= 0 and i - s < 3 and name_like(doc[s - 1]) and not doc[s].is_sent_start \
                        and not INST_FUER_RE.search(doc[s - 1].lower_) \
                        and not ORG_HEADS.match(doc[s - 1].lower_):
                    s -= 1
                # a PER before the tail word is the founder's name ("Meyer Werft")
                new = self._replace(doc, ents, s, i + 1, "ORG", protect=())
                if new is not None:
                    ents = new
        return ents

    def _geo_relabel(self, doc: Doc, ents: list, lex, places: set) -> list:
        """A one-token PER/ORG that is a known place and nothing else (no first name,
        surname or common noun) and stands after a place preposition ('in', 'aus', 'nach',
        ...) or is coordinated with a LOC -> LOC."""
        out = []
        loc_end = {e.end for e in ents if e.label_ == "LOC"}
        for ent in ents:
            if ent.label_ in ("PER", "ORG") and len(ent) == 1 and ent.start > 0:
                t = ent[0]
                f = self._flags(t)
                p = doc[ent.start - 1]
                place_ctx = ((p.lower_ in PLACE_PREPS and p.lower_ != "raum")
                             or (p.text in ("und", "oder", ",") and (ent.start - 1) in loc_end)
                             or self._prep_adjective(doc, ent.start))
                if t.text in places and not f & {"F", "S", "N"} and not t.text.isupper() and place_ctx:
                    ent = Span(doc, ent.start, ent.end, label="LOC")
            out.append(ent)
        return out

    def _geo_prep(self, doc: Doc, ents: list, lex, places: set) -> list:
        """An untagged known place (one to four tokens, longest match) after a place
        preposition ('in', 'aus', 'nach', 'bei', 'zwischen', 'im Raum', ...) or coordinated
        with a LOC ('in Emden und X') -> LOC."""
        covered = {i for e in ents for i in range(e.start, e.end)}
        loc_end = {e.end for e in ents if e.label_ == "LOC"}
        new = list(ents)
        for i in range(1, len(doc)):
            p = doc[i - 1]
            after_prep = p.lower_ in PLACE_PREPS and (p.lower_ != "raum" or (i >= 2 and doc[i - 2].lower_ == "im"))
            after_loc = p.text in ("und", "oder", ",") and (i - 1) in loc_end
            if not (after_prep or after_loc or self._prep_adjective(doc, i)):
                continue
            if i in covered or not doc[i].text[:1].isupper():
                continue
            if after_loc and self._unknown_name(doc, i, lex.nouns):
                # (0.2.2) "Großefehn, Südbrookmerland und Krummhörn": a word no list knows, listed with places
                new.append(Span(doc, i, i + 1, label="LOC"))
                covered.add(i)
                loc_end.add(i + 1)
                continue
            for L in range(min(4, len(doc) - i), 0, -1):
                if any(k in covered for k in range(i, i + L)):
                    continue
                cand = " ".join(t.text for t in doc[i:i + L])
                if cand not in places:
                    continue
                f = self._flags(doc[i])
                if L == 1 and (f & {"N", "F", "S"} or doc[i].text.isupper()):
                    break
                new.append(Span(doc, i, i + L, label="LOC"))
                covered.update(range(i, i + L))
                loc_end.add(i + L)
                break
        return new

    def _unknown_name(self, doc: Doc, i: int, nouns: set) -> bool:
        """doc[i] is one capitalised word that no gazetteer knows (no flag), not all capitals, and the
        name ends with it (a lower-case word or punctuation follows)."""
        t = doc[i]
        after = doc[i + 1] if i + 1 < len(doc) else None
        return (t.is_alpha and t.text[:1].isupper() and not t.text.isupper() and t.lemma_ == "_"
                and t.lower_ not in LEFT_STOP and not t.is_stop and t.lower_ not in TITLES
                and not self._noun_compound(t.text, nouns)
                and (after is None or not (after.text[:1].isupper() and after.is_alpha)))

    @staticmethod
    def _prep_adjective(doc: Doc, i: int) -> bool:
        """doc[i] follows 'in'/'im'/'aus'/... and one lower-case adjective ('im emsländischen Dörpen')."""
        return (i >= 2 and doc[i - 2].lower_ in PLACE_PREPS | {"im"} and doc[i - 2].lower_ != "raum"
                and bool(_re.match(r"^[a-zäöü][a-zäöüß]+(en|em|er|es|e)$", doc[i - 1].text)))

    # ---- 0.2.2 rules ---------------------------------------------------------------
    def _name_like(self, t) -> bool:
        """A capitalised word that can be part of a name: not a function word, title or a word
        the gazetteer knows only as a common noun."""
        return (t.text[:1].isupper() and (t.is_alpha or "-" in t.text.strip("-")) and t.lower_ not in LEFT_STOP
                and t.lower_ not in TITLES and not self._common_noun_only(t))

    @staticmethod
    def _noun_compound(word: str, nouns: set) -> bool:
        """A closed compound whose last part is a common noun ("Generationenhauses", "Trägervereins");
        hyphenated names ("Ems-Achse") are not closed compounds."""
        if "-" in word or not word.isalpha():
            return False
        return any(word[k:].capitalize() in nouns for k in range(3, len(word) - 2))

    def _org_roles(self, doc: Doc, ents: list, places: set) -> list:
        """'<role> der/des <Name>' ('Geschäftsführer der Ems-Achse') -> ORG, for a name of one to
        three words that ends before a lower-case word or punctuation, is not a known place and is
        untagged or only partly tagged (never over a PER, never over an exact LOC)."""
        lex = self._lexicon()
        nouns: set = lex.nouns if lex is not None else set()
        for i in range(len(doc) - 2):
            if not ORG_ROLE_RE.match(doc[i].lower_) or doc[i + 1].lower_ not in ORG_ROLE_DET:
                continue
            s = e = i + 2
            while e < len(doc) and e - s < 3 and self._name_like(doc[e]):
                e += 1
            if e == s or (e < len(doc) and doc[e].text[:1].isupper() and doc[e].is_alpha):
                continue
            name = " ".join(t.text for t in doc[s:e])
            if name in places or (e - s == 1 and self._flags(doc[s]) & {"G", "GM"}):
                continue
            if e - s == 1 and "N" in self._flags(doc[s]):
                continue  # "Mitglied der Band": a common noun as well
            if any(self._noun_compound(t.text, nouns) for t in doc[s:e]):
                continue  # "Leiter des Generationenhauses", "Mitglieder der Rockergruppe X"
            if any(ent.start == s and ent.end == e and ent.label_ in ("LOC", "ORG") for ent in ents):
                continue
            if any(ent.start < s < ent.end for ent in ents):
                continue
            new = self._replace(doc, ents, s, e, "ORG")
            if new is not None:
                ents = new
        return ents

    def _common_noun_only(self, t) -> bool:
        """The gazetteer knows the word as a common noun and as nothing else ("der Firma X AG")."""
        f = self._flags(t)
        return "N" in f and not f & {"G", "GM", "S", "F"}

    def _legal_article(self, doc: Doc, ents: list) -> list:
        """Extend an ORG ending in a legal form left over up to three capitalised words when an
        article stands right before them ('der Verbundnetz Gas AG')."""
        covered = {i: ent for ent in ents for i in range(ent.start, ent.end)}
        out = []
        for ent in ents:
            if ent.label_ == "ORG" and _is_legal(doc[ent.end - 1]) and len(ent) >= 2:
                s = ent.start
                while s - 1 > 0 and ent.start - (s - 1) <= 3 and (s - 1) not in covered \
                        and doc[s - 1].text[:1].isupper() and (doc[s - 1].is_alpha or "-" in doc[s - 1].text) \
                        and doc[s - 1].lower_ not in LEFT_STOP and doc[s - 1].lower_ not in TITLES \
                        and not self._common_noun_only(doc[s - 1]):
                    s -= 1
                if s < ent.start and doc[s - 1].lower_ in DETERMINERS:
                    ent = Span(doc, s, ent.end, label="ORG")
            out.append(ent)
        return out

    def _first_names(self, doc: Doc, ents: list, places: set) -> list:
        """A PER that is only a role noun right before '<first name> <Name>' moves to the name
        ('Messeleiter Dirk Terborg'). (Tagging untagged '<first name> <Name>' pairs as well was
        tried: 16 additions on GermEval train, none of them a gold entity; left out.)"""
        def first_name(t) -> bool:
            return ("F" in self._flags(t) and t.text[:1].isupper() and t.is_alpha and t.text not in places
                    and t.lower_ not in LEFT_STOP and not t.is_stop)

        def surname(t) -> bool:
            f = self._flags(t)
            return (t.text[:1].isupper() and t.is_alpha and not t.text.isupper() and t.lower_ not in LEFT_STOP
                    and not t.is_stop and t.lower_ not in TITLES and t.text not in places
                    and not ("N" in f and "S" not in f))

        covered = {i for ent in ents for i in range(ent.start, ent.end)}
        out = []
        for ent in ents:
            e = ent.end
            if (ent.label_ == "PER" and e + 1 < len(doc) and first_name(doc[e]) and surname(doc[e + 1])
                    and e not in covered and e + 1 not in covered
                    and not any(self._flags(t) & {"F", "S"} for t in ent)
                    and not (e + 2 < len(doc) and doc[e + 2].text[:1].isupper() and doc[e + 2].is_alpha)):
                ent = Span(doc, e, e + 2, label="PER")
                covered.update((e, e + 1))
            out.append(ent)
        return out

    @staticmethod
    def _per_inst(ents: list) -> list:
        """A PER that contains an institution word ('Kamer van Koophandel Noord-Nederland') -> ORG."""
        return [Span(ent.doc, ent.start, ent.end, label="ORG")
                if ent.label_ == "PER" and len(ent) > 1 and any(t.lower_ in INSTITUTION_WORDS for t in ent)
                else ent for ent in ents]

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        if self.trim:
            ents = [p for e in ents for p in self._split_brackets(e)]
            ents = [t for t in (self._trim(e) for e in ents) if t is not None]
            ents = [self._role_before_name(e) for e in ents]
        if self.streets:
            ents = [Span(doc, e.start, e.end, label="LOC")
                    if e.label_ != "LOC" and STREET_RE.search(e[-1].text) and e[-1].text[:1].isupper()
                    else e for e in ents]
        if self.drop_nouns:
            ents = [e for e in ents if not self._common_noun(e)]
        if self.org_heads:
            ents = self._adj_org(doc, ents)
        if self.inst_fuer:
            ents = self._inst_fuer(doc, ents)
        if self.org_words:
            ents = self._org_words(doc, ents)
        lex = self._lexicon()
        places: set = lex.rule_places if lex is not None else set()
        if lex is not None and self.geo_relabel:
            ents = self._geo_relabel(doc, ents, lex, places)
        if lex is not None and self.geo_prep:
            ents = self._geo_prep(doc, ents, lex, places)
        if self.per_inst:
            ents = self._per_inst(ents)
        if self.org_roles:
            ents = self._org_roles(doc, ents, places)
        if self.first_names:
            ents = self._first_names(doc, ents, places)
        if self.drop_compounds and lex is not None:
            ents = [e for e in ents if not self._compound_noun(e, lex)]
        if self.drop_part and lex is not None:
            ents = [e for e in ents if not self._part_compound(e, lex)]
        if self.legal:
            covered = set()
            new = []
            for ent in ents:
                if ent.end < len(doc) and _is_legal(doc[ent.end]):
                    end = _legal_tail(doc, ent.end)
                    ent = Span(doc, ent.start, end, label="ORG")
                elif ent.label_ != "ORG" and _is_legal(doc[ent.end - 1]) and len(ent) > 1:
                    ent = Span(doc, ent.start, ent.end, label="ORG")
                new.append(ent)
                covered.update(range(ent.start, ent.end))
            ents = new
            if self.legal_article:
                ents = self._legal_article(doc, ents)
                covered = {i for ent in ents for i in range(ent.start, ent.end)}
            if self.legal_new:
                i = 0
                while i < len(doc):
                    t = doc[i]
                    if i not in covered and _is_legal(t) and t.lower_ not in LEGAL_GLUE:
                        s = i
                        while (s - 1 >= 0 and (s - 1) not in covered and i - (s - 1) <= self.max_new_len
                               and _cap(doc[s - 1]) and not doc[s - 1].is_punct
                               and not doc[s - 1].is_sent_start):
                            s -= 1
                        if s < i:
                            end = _legal_tail(doc, i)
                            ents.append(Span(doc, s, end, label="ORG"))
                            covered.update(range(s, end))
                            i = end
                            continue
                    i += 1
        doc.ents = filter_spans(ents)
        if self.clear_lemmas:
            for t in doc:
                t.lemma = 0
        return doc


@_factory(
    "nachlese_ner_rules",
    default_config={"trim": True, "legal": True, "legal_new": True, "max_new_len": 4,
                    "clear_lemmas": True, "streets": True, "drop_nouns": True, "drop_part": False,
                    "org_heads": True, "inst_fuer": True, "org_words": True,
                    "geo_relabel": True, "geo_prep": True, "org_roles": True, "first_names": True,
                    "per_inst": True, "legal_article": True, "drop_compounds": True},
)
def make_ner_rules(nlp: Language, name: str, trim: bool, legal: bool, legal_new: bool,
                   max_new_len: int, clear_lemmas: bool, streets: bool, drop_nouns: bool,
                   drop_part: bool, org_heads: bool, inst_fuer: bool = True, org_words: bool = True,
                   geo_relabel: bool = True, geo_prep: bool = True, org_roles: bool = True,
                   first_names: bool = True, per_inst: bool = True, legal_article: bool = True,
                   drop_compounds: bool = True):
    return NerRules(nlp, name, trim=trim, legal=legal, legal_new=legal_new,
                    max_new_len=max_new_len, clear_lemmas=clear_lemmas, streets=streets,
                    drop_nouns=drop_nouns, drop_part=drop_part, org_heads=org_heads,
                    inst_fuer=inst_fuer, org_words=org_words, geo_relabel=geo_relabel,
                    geo_prep=geo_prep, org_roles=org_roles, first_names=first_names,
                    per_inst=per_inst, legal_article=legal_article, drop_compounds=drop_compounds)


# ---------------------------------------------------------------------------
# Gazetteer features
# ---------------------------------------------------------------------------
class Lexicon:
    """Marks tokens found in gazetteers (first names, place names) plus titles and
    legal forms. The flags are written as a short string into ``token.lemma_``
    (this pipeline has no lemmatizer), which the tok2vec embeds as an extra
    hashed feature (attrs = [..., "LEMMA"]). nachlese_ner_rules clears the lemmas
    again at the end of the pipeline. Lists are stored inside the model."""

    def __init__(self, nlp: Language, name: str, max_len: int = 4):
        self.name = name
        self.max_len = max_len
        self.fn: set[str] = set()
        self.geo: set[str] = set()
        self.nouns: set[str] = set()
        self.surnames: set[str] = set()
        # (0.2.2) smaller places used by the rules only (not a model feature, so the trained
        # weights see the same flags as in training)
        self.small_places: set[str] = set()
        self.rule_places: set[str] = set()  # geo | small_places, what the place rules look up
        # (0.2.3) surnames used by the rules only (LER + EIG; not a model feature): drop_compounds keeps them
        self.rule_surnames: set[str] = set()
        # (0.3.0, floret recipe only) firm names of two or more words (LER firmennamen, OpenStreetMap): flag C
        self.firms: set[str] = set()

    def initialize(self, get_examples=None, *, nlp=None, data_path: str | None = None):
        if data_path:
            import json
            from pathlib import Path

            data = json.loads(Path(data_path).read_text(encoding="utf-8"))
            self._set(data)

    def _set(self, data: dict) -> None:
        self.fn = set(data.get("FN", []))
        self.geo = set(data.get("GEO", []))
        self.nouns = set(data.get("N", []))
        self.surnames = set(data.get("SN", []))
        self.firms = set(data.get("FIRM", []))
        self.rule_surnames = set(data.get("RS", []))
        self.set_small_places(data.get("RP", []))

    def set_small_places(self, names) -> None:
        self.small_places = set(names)
        self.rule_places = self.geo | self.small_places

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        flags: list[list[str]] = [[] for _ in range(n)]
        words = [t.text for t in doc]
        i = 0
        while i < n:
            matched = 0
            if words[i][:1].isupper():
                for L in range(min(self.max_len, n - i), 0, -1):
                    cand = " ".join(words[i:i + L]) if L > 1 else words[i]
                    if cand in self.geo:
                        matched = L
                        break
            if matched:
                tag = "G" if matched == 1 else "GM"
                for k in range(i, i + matched):
                    flags[k].append(tag)
                i += matched
            else:
                i += 1
        if self.firms:
            i = 0
            while i < n:
                matched = 0
                if words[i][:1].isupper() or words[i][:1].isdigit():
                    for L in range(min(self.max_len + 2, n - i), 1, -1):
                        if " ".join(words[i:i + L]) in self.firms:
                            matched = L
                            break
                for k in range(i, i + matched):
                    flags[k].append("C")
                i += max(matched, 1)
        for k, t in enumerate(doc):
            w = words[k]
            if w in self.fn:
                flags[k].append("F")
            if w in self.surnames:
                flags[k].append("S")
            if w in self.nouns:
                flags[k].append("N")
            lw = t.lower_
            if lw in TITLES:
                flags[k].append("T")
            if lw in LEGAL_FORMS and w[:1].isupper():
                flags[k].append("L")
            t.lemma_ = "|".join(flags[k]) if flags[k] else "_"
        return doc

    def to_bytes(self, *, exclude=tuple()) -> bytes:
        import srsly

        return srsly.msgpack_dumps({"FN": sorted(self.fn), "GEO": sorted(self.geo),
                                    "N": sorted(self.nouns), "SN": sorted(self.surnames),
                                    "RP": sorted(self.small_places), "FIRM": sorted(self.firms),
                                    "RS": sorted(self.rule_surnames)})

    def from_bytes(self, data: bytes, *, exclude=tuple()):
        import srsly

        self._set(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path, *, exclude=tuple()) -> None:
        from pathlib import Path

        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        (p / "lexicon.msgpack").write_bytes(self.to_bytes())

    def from_disk(self, path, *, exclude=tuple()):
        from pathlib import Path

        return self.from_bytes((Path(path) / "lexicon.msgpack").read_bytes())


@_factory("nachlese_lexicon", default_config={"max_len": 4})
def make_lexicon(nlp: Language, name: str, max_len: int):
    return Lexicon(nlp, name, max_len=max_len)
