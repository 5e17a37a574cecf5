"""Written content of the demo legacy site: articles (German, some English), events, site texts."""

from __future__ import annotations

from typing import Any

# Layout switches per article: head "h1" | "font"; body "br" | "p"; meta 0 (date + category under the
# headline, byline below), 1 (category above the headline, "date · byline" below), 2 ("Datum:" table,
# byline after the text); canonical: whether the normal page carries <link rel="canonical">.
ARTICLES: list[dict[str, Any]] = [
    {
        "id": 1, "published": "2007-09-14", "raw": "14. September 2007", "category": "Bildung",
        "authors": ["Jens Oltmanns"], "byline": "Autor: Jens Oltmanns",
        "head": "h1", "body": "br", "meta": 0, "canonical": True,
        "short": "Hochschule und Mittelstand",
        "title": "Hochschule und Mittelstand rücken enger zusammen",
        "lead": "Die Fachhochschule in Emden und rund vierzig mittelständische Unternehmen aus Ostfriesland "
                "wollen künftig enger zusammenarbeiten. Am Mittwoch unterzeichneten beide Seiten eine "
                "Kooperationsvereinbarung, die gemeinsame Forschungsprojekte, Praktika und Abschlussarbeiten "
                "in den Betrieben vorsieht.",
        "paras": [
            "Vor allem kleinere Firmen hätten bisher kaum Zugang zu angewandter Forschung gehabt, sagte "
            "Prof. Dr. Gerhard Kreutzmann, der an der Hochschule den Fachbereich Technik leitet. „Viele "
            "Betriebe haben gute Ideen, aber keine eigene Entwicklungsabteilung. Genau hier wollen wir "
            "ansetzen.“ Die Vereinbarung sieht eine zentrale Anlaufstelle auf dem Campus vor, bei der "
            "Unternehmen ihre Fragen einreichen können.",
            "Für die Unternehmensseite warb Heike Saathoff, Inhaberin eines Ingenieurbüros für Anlagentechnik, "
            "um weitere Mitstreiter. Ihr Büro betreut seit zwei Jahren regelmäßig Studierende, die ihre "
            "Diplomarbeit zu konkreten Aufgaben aus der Praxis schreiben. Drei von ihnen seien inzwischen fest "
            "angestellt. „Wir finden auf dem freien Markt kaum noch Ingenieure. Über die Hochschule lernen wir "
            "sie kennen, bevor andere es tun“, sagte Saathoff.",
            "Die Hochschule verspricht sich von der Zusammenarbeit auch Vorteile für die Lehre. Studierende "
            "sollen schon früh erleben, wie Entwicklungsprojekte in kleinen Betrieben ablaufen, in denen Zeit und"
            " Geld knapp sind. Zudem hofft man, mehr Absolventen in der Region zu halten, die bislang häufig in "
            "die großen Industriezentren im Süden abwandern.",
            "Unterstützt wird das Vorhaben von der IHK für Ostfriesland und Papenburg. Deren Innovationsberater "
            "sollen die Betriebe bei der Formulierung von Projekten unterstützen und Fördermöglichkeiten des "
            "Landes Niedersachsen aufzeigen. Nach Angaben der Kammer investieren Unternehmen in der Region "
            "bislang deutlich weniger in Forschung und Entwicklung als im Landesdurchschnitt.",
            "Erste gemeinsame Projekte sollen bereits im Wintersemester starten. Geplant sind unter anderem "
            "Untersuchungen zur Energieeffizienz in Produktionsanlagen und zur Korrosion von Stahlbauteilen im "
            "Küstenklima. Interessierte Unternehmen können sich bis Ende Oktober bei der Kontaktstelle der "
            "Hochschule melden. Eine erste Zwischenbilanz wollen die Partner im kommenden Frühjahr ziehen.",
        ],
        "links": [("http://www.fh-oow.de/", "Fachhochschule Oldenburg/Ostfriesland/Wilhelmshaven"),
                  ("http://www.ihk-emden.de/", "IHK für Ostfriesland und Papenburg")],
        "entities": [("Gerhard Kreutzmann", "PER"), ("Heike Saathoff", "PER"),
                     ("IHK für Ostfriesland und Papenburg", "ORG"), ("Emden", "LOC"), ("Niedersachsen", "LOC")],
    },
    {
        "id": 2, "published": "2007-09-28", "raw": "28. September 2007", "category": "Verkehr",
        "authors": ["Hinrich Janssen"], "byline": "Von Hinrich Janssen",
        "head": "font", "body": "p", "meta": 1, "canonical": False,
        "short": "Containerterminal Dörpen",
        "title": "Dörpen: Containerterminal bekommt zweites Gleis",
        "lead": "Das Containerterminal im emsländischen Dörpen wird ausgebaut. Bis zum Sommer 2008 soll ein "
                "zweites Ladegleis entstehen, damit mehr Güter von der Straße auf die Schiene verlagert werden "
                "können.",
        "paras": [
            "Rund 4,5 Millionen Euro investiert die Betreibergesellschaft in die Erweiterung, knapp die Hälfte "
            "davon stammt aus Fördermitteln. Mit dem zweiten Gleis können künftig zwei Ganzzüge gleichzeitig "
            "be- und entladen werden. Bislang müssen Züge zum Teil mehrere Stunden warten, bis das einzige "
            "Ladegleis frei ist.",
            "Terminalleiter Bernd Schulte rechnet damit, dass sich die Zahl der umgeschlagenen Container in den "
            "kommenden drei Jahren nahezu verdoppelt. „Die Papierindustrie und die Zulieferer aus dem Schiffbau "
            "fragen immer mehr Kapazität nach. Mit der jetzigen Anlage sind wir an der Grenze“, sagte Schulte "
            "bei der Vorstellung der Pläne.",
            "Die Züge verkehren derzeit fünfmal pro Woche zwischen Dörpen und den Seehäfen in Bremerhaven und "
            "Hamburg. Eine zusätzliche Verbindung in Richtung Rotterdam ist im Gespräch. Dafür laufen nach "
            "Angaben Schultes Verhandlungen mit einem niederländischen Eisenbahnunternehmen.",
            "Für die Unternehmen in der Umgebung bringt die Schiene spürbare Kostenvorteile. Ein Ganzzug ersetzt "
            "nach Berechnungen der Betreiber bis zu vierzig Lastwagenfahrten. Gerade bei steigenden Dieselpreisen"
            " und der Lkw-Maut werde der kombinierte Verkehr für die Verlader immer interessanter, sagte Schulte."
            " Mehrere Firmen hätten bereits Interesse an festen Stellplätzen auf dem erweiterten Gelände "
            "angemeldet.",
            "Samtgemeindebürgermeister Hermann Wocken begrüßte das Vorhaben. Der Ausbau stärke den "
            "Gewerbestandort und entlaste die Ortsdurchfahrten, über die heute täglich mehrere hundert Lastwagen "
            "rollen. Auch die Ems-Achse sieht in dem Projekt einen wichtigen Baustein für die Logistikbranche im "
            "Emsland. Der erste Spatenstich ist für November geplant; während der Bauarbeiten soll der Betrieb "
            "auf dem bestehenden Gleis weiterlaufen.",
        ],
        "links": [("http://www.ems-achse.de/", "Wachstumsregion Ems-Achse"),
                  ("http://www.doerpen.de/", "Samtgemeinde Dörpen")],
        "entities": [("Dörpen", "LOC"), ("Bernd Schulte", "PER"), ("Hermann Wocken", "PER"),
                     ("Ems-Achse", "ORG"), ("Bremerhaven", "LOC"), ("Rotterdam", "LOC")],
    },
    {
        "id": 3, "published": "2007-10-12", "raw": "12. Oktober 2007", "category": "Wirtschaft",
        "authors": ["Anna Berger"], "byline": "Von Anna Berger",
        "head": "h1", "body": "p", "meta": 0, "canonical": True,
        "short": "Besuch aus Frankreich",
        "title": "Französische Industriebezirke zu Gast in Papenburg",
        "lead": "Eine Delegation des Le Club des Districts Industriels Français (CDIF) hat sich zwei Tage lang "
                "über die Zusammenarbeit von Unternehmen in der Ems-Achse informiert. Die rund zwanzig Gäste aus "
                "Frankreich besuchten Betriebe in Papenburg, Leer und Emden.",
        "paras": [
            "Der Verband vertritt regionale Unternehmensnetzwerke aus ganz Frankreich, die dort als „districts "
            "industriels“ bezeichnet werden. Die Besucher interessierten sich vor allem dafür, wie in der Region "
            "Mittelständler, Kommunen und Kammern an einem Strang ziehen. „Was hier in wenigen Jahren entstanden "
            "ist, hat uns beeindruckt“, sagte Delegationsleiter Jean-Pierre Moreau bei einem Empfang im "
            "Papenburger Rathaus.",
            "Klaus Wurpts, Geschäftsführer der Ems-Achse, stellte den Gästen die Arbeitsweise der Initiative "
            "vor. Statt großer Programme setze man auf konkrete Projekte, die von den Unternehmen selbst "
            "getragen würden, etwa gemeinsame Ausbildungsinitiativen oder den Einkauf von Energie. „Netzwerke "
            "funktionieren nur, wenn jeder Partner einen Nutzen sieht“, sagte Wurpts.",
            "Auf dem Programm standen auch Besichtigungen bei einem Hersteller von Landmaschinenteilen und im "
            "Hafen Leer. Am zweiten Tag diskutierten die Teilnehmer in der IHK für Ostfriesland und Papenburg "
            "über Möglichkeiten der Zusammenarbeit. Beide Seiten vereinbarten, im kommenden Jahr einen "
            "Gegenbesuch in der Region Rhône-Alpes zu organisieren, an dem sich Unternehmen aus dem Nordwesten "
            "beteiligen können.",
            "Einen Schwerpunkt der Gespräche bildete die Ausbildung. In Frankreich kennen viele Unternehmen das "
            "duale System nur vom Hörensagen. Mehrere Gäste ließen sich deshalb in einem Betrieb am Hafen "
            "erklären, wie Lehrlinge zwischen Berufsschule und Werkstatt wechseln und welche Rolle die Kammern "
            "bei den Prüfungen spielen.",
            "Für die Ems-Achse ist der Besuch ein weiterer Schritt zur internationalen Vernetzung. Bereits seit "
            "einigen Jahren bestehen enge Kontakte in die benachbarten Niederlande. Nun sollen auch französische "
            "Partner hinzukommen, mit denen sich die Unternehmen über Erfahrungen in der Clusterarbeit "
            "austauschen können.",
        ],
        "links": [("http://www.ems-achse.de/", "Wachstumsregion Ems-Achse"),
                  ("http://www.ihk-emden.de/", "IHK für Ostfriesland und Papenburg"),
                  ("http://www.districts-industriels.fr/", "Club des Districts Industriels Français")],
        "entities": [("Klaus Wurpts", "PER"), ("Jean-Pierre Moreau", "PER"), ("Ems-Achse", "ORG"),
                     ("Papenburg", "LOC"), ("Frankreich", "LOC")],
        "en": {
            "published_raw": "October 12, 2007", "category": "Economy", "byline": "By Anna Berger",
            "short": "Visit from France",
            "title": "French industrial districts visit Papenburg",
            "lead": "A delegation from Le Club des Districts Industriels Français (CDIF) spent two days learning "
                    "about business cooperation in the Ems-Achse region. The group of around twenty visitors "
                    "from France toured companies in Papenburg, Leer and Emden.",
            "paras": [
                "The association represents regional business networks from all over France, known there as "
                "“districts industriels”. The visitors were particularly interested in how small and "
                "medium-sized firms, local authorities and chambers of commerce in the region work together. "
                "“What has been achieved here in just a few years impressed us,” said delegation leader "
                "Jean-Pierre Moreau at a reception in Papenburg town hall.",
                "Klaus Wurpts, managing director of the Ems-Achse, presented the initiative's approach. Instead "
                "of large programmes, it focuses on concrete projects run by the companies themselves, such as "
                "joint training schemes or the collective purchasing of energy. “Networks only work if every "
                "partner sees a benefit,” Wurpts said.",
                "The programme also included visits to a manufacturer of agricultural machinery parts and to "
                "the port of Leer. On the second day, participants discussed opportunities for cooperation at "
                "the Chamber of Industry and Commerce for East Frisia and Papenburg. Both sides agreed to "
                "organise a return visit to the Rhône-Alpes region next year, open to companies from "
                "north-west Germany.",
                "Training was one focus of the talks. Many companies in France know the German dual system only from "
                "hearsay. Several guests therefore visited a company at the harbour to learn how apprentices "
                "alternate between vocational school and workshop, and what role the chambers play in the "
                "examinations.",
                "For the Ems-Achse, the visit is a further step towards international networking. Close "
                "contacts with the neighbouring Netherlands have existed for several years. Now French "
                "partners are to be added, allowing companies to exchange experience in cluster work.",
            ],
            "entities": [("Klaus Wurpts", "PER"), ("Jean-Pierre Moreau", "PER"), ("Ems-Achse", "ORG"),
                         ("Papenburg", "LOC"), ("France", "LOC")],
            "canonical": True,
        },
    },
    {
        "id": 4, "published": "2007-10-26", "raw": "26.10.2007", "category": "Hafen & Logistik",
        "authors": [], "byline": None,
        "head": "font", "body": "br", "meta": 2, "canonical": False,
        "short": "Hafen Emden",
        "title": "Hafen Emden: Umschlag wächst zweistellig",
        "lead": "Der Emder Hafen hat in den ersten drei Quartalen des Jahres deutlich mehr Güter umgeschlagen als "
                "im Vorjahreszeitraum. Mit rund 3,9 Millionen Tonnen lag das Ergebnis um zwölf Prozent über dem "
                "Wert von 2006.",
        "paras": [
            "Wichtigster Wachstumstreiber bleibt der Autoumschlag. Über die Kaianlagen im Außenhafen wurden bis "
            "Ende September knapp 800.000 Fahrzeuge verschifft, die meisten davon Neuwagen aus dem Werk der "
            "Volkswagen AG in der Stadt und aus anderen Konzernstandorten. Damit festigt Emden seine Position "
            "als einer der größten Autoumschlagplätze in Europa.",
            "Zugelegt hat auch das Geschäft mit Forstprodukten und Projektladung. Nach Angaben der "
            "Hafengesellschaft Niedersachsen Ports wurden erstmals in größerem Umfang Komponenten für "
            "Windenergieanlagen über die Kaje verschifft. Dafür wurde im Frühjahr eine zusätzliche "
            "Schwerlastfläche in Betrieb genommen.",
            "Auch der Binnenhafen profitiert von der guten Konjunktur. Dort werden vor allem Baustoffe, "
            "Futtermittel und Düngemittel umgeschlagen, die mit Binnenschiffen über den Dortmund-Ems-Kanal ins "
            "Ruhrgebiet und ins Emsland weitertransportiert werden. Die Umschlagsmenge stieg hier um rund sechs "
            "Prozent.",
            "Niederlassungsleiter Uwe Rademacher zeigte sich zufrieden, warnte aber vor Engpässen. Die "
            "Liegeplätze seien zeitweise voll ausgelastet, und die seewärtige Zufahrt müsse dringend vertieft "
            "werden, um auch größeren Schiffen den Zugang zu ermöglichen. Das Planfeststellungsverfahren für die "
            "Vertiefung der Außenems läuft seit dem vergangenen Jahr.",
            "Für das Gesamtjahr rechnet die Hafenwirtschaft mit einem Umschlag von mehr als fünf Millionen "
            "Tonnen. Die Stadt will die Entwicklung mit der Ausweisung neuer Gewerbeflächen am Hafen "
            "unterstützen. Ein entsprechender Beschluss soll im Dezember im Rat fallen. Zudem sollen die Gespräche "
            "mit Investoren über ein neues Logistikzentrum für Fahrzeugteile fortgesetzt werden, das bis zu "
            "zweihundert Arbeitsplätze schaffen könnte.",
        ],
        "links": [("http://www.nports.de/", "Niedersachsen Ports"), ("http://www.emden.de/", "Stadt Emden")],
        "entities": [("Emden", "LOC"), ("Niedersachsen Ports", "ORG"), ("Uwe Rademacher", "PER"),
                     ("Volkswagen AG", "ORG"), ("Europa", "LOC")],
    },
    {
        "id": 5, "published": "2007-11-09", "raw": "9. November 2007", "category": "Region",
        "authors": ["Maren Dirksen"], "byline": "Von Maren Dirksen",
        "head": "h1", "body": "br", "meta": 1, "canonical": True,
        "short": "Gewerbegebiet an der Grenze",
        "title": "Gemeinsames Gewerbegebiet mit Groningen geplant",
        "lead": "Deutsche und niederländische Kommunen an der Grenze wollen ein gemeinsames Gewerbegebiet "
                "entwickeln. Eine Machbarkeitsstudie für das rund sechzig Hektar große Areal zwischen Bunde und "
                "Bad Nieuweschans soll bis zum Frühjahr vorliegen.",
        "paras": [
            "Beteiligt sind die Gemeinde Bunde, die niederländische Gemeinde Reiderland und die Provinz "
            "Groningen. Koordiniert wird das Vorhaben von der Ems Dollart Region (EDR), die seit Jahrzehnten "
            "Projekte über die Grenze hinweg begleitet. Das Gebiet liegt direkt an der Autobahn 280 und an der "
            "Bahnstrecke von Leer nach Groningen.",
            "„Unternehmen denken längst nicht mehr in Landesgrenzen“, sagte der Bürgermeister der Gemeinde "
            "Bunde, Gerd Ubben, bei der Vorstellung der Pläne. Gerade Logistikfirmen suchten Flächen mit direktem "
            "Zugang zu beiden Märkten. Ein grenzüberschreitendes Gewerbegebiet sei in dieser Form in "
            "Norddeutschland bislang einmalig.",
            "Die Studie soll vor allem klären, welches Recht auf dem Gelände gelten soll. Steuern, Baurecht und "
            "Arbeitsrecht unterscheiden sich in beiden Ländern zum Teil erheblich. Denkbar sei ein gemeinsamer "
            "Zweckverband, der die Flächen vermarktet, während die Ansiedlungen jeweils nach dem Recht des Landes "
            "genehmigt werden, auf dessen Seite sie liegen, erläuterte EDR-Geschäftsführerin Anneke de Vries.",
            "Vorbilder gibt es bereits an anderen Abschnitten der deutsch-niederländischen Grenze, etwa bei "
            "gemeinsamen Feuerwehren oder beim grenzüberschreitenden Busverkehr. Ein Gewerbegebiet sei jedoch "
            "deutlich komplexer, weil Unternehmen Planungssicherheit für viele Jahre bräuchten, sagte de Vries. "
            "Die Studie solle deshalb auch klären, wie Streitfälle entschieden werden.",
            "Die Kosten der Studie von rund 120.000 Euro werden zur Hälfte aus dem europäischen Förderprogramm "
            "Interreg finanziert. Wenn die Ergebnisse positiv ausfallen, könnten erste Flächen nach Einschätzung "
            "der Beteiligten frühestens 2010 erschlossen werden. Bereits jetzt haben nach Angaben der Gemeinde "
            "mehrere Unternehmen ihr Interesse bekundet.",
        ],
        "links": [("http://www.edr.org/", "Ems Dollart Region"), ("http://www.bunde.de/", "Gemeinde Bunde")],
        "entities": [("Groningen", "LOC"), ("Bunde", "LOC"), ("Bad Nieuweschans", "LOC"),
                     ("Ems Dollart Region", "ORG"), ("Gerd Ubben", "PER"), ("Anneke de Vries", "PER")],
        "en": {
            "published_raw": "November 9, 2007", "category": "Region", "byline": "By Maren Dirksen",
            "short": "Cross-border business park",
            "title": "Joint business park with Groningen planned",
            "lead": "German and Dutch municipalities on the border want to develop a joint business park. A "
                    "feasibility study for the site of around sixty hectares between Bunde and Bad Nieuweschans "
                    "is due to be completed by spring.",
            "paras": [
                "The partners are the municipality of Bunde, the Dutch municipality of Reiderland and the "
                "province of Groningen. The project is coordinated by the Ems Dollart Region (EDR), which has "
                "supported cross-border projects for decades. The site lies directly on the A280 motorway and on "
                "the railway line from Leer to Groningen.",
                "“Companies stopped thinking in terms of national borders long ago,” said Gerd Ubben, mayor of "
                "Bunde, when the plans were presented. Logistics firms in particular were looking for sites with "
                "direct access to both markets. A cross-border business park of this kind was so far unique in "
                "northern Germany, he said.",
                "Above all, the study is to clarify which law should apply on the site. Taxes, building "
                "regulations and labour law differ considerably between the two countries. One option would be "
                "a joint association to market the land, while individual businesses would be licensed under "
                "the law of the country on whose side they are located, explained EDR director Anneke de Vries.",
                "There are already models elsewhere along the German-Dutch border, for example joint fire brigades "
                "and cross-border bus services. A business park, however, was much more complex because companies "
                "needed planning certainty for many years, de Vries said. The study should therefore also clarify how"
                " disputes would be settled.",
                "Half of the study's cost of around 120,000 euros is being funded by the European Interreg "
                "programme. If the results are positive, the first plots could be developed in 2010 at the "
                "earliest, according to those involved. Several companies have already expressed interest, the "
                "municipality said.",
            ],
            "entities": [("Groningen", "LOC"), ("Bunde", "LOC"), ("Bad Nieuweschans", "LOC"),
                         ("Ems Dollart Region", "ORG"), ("Gerd Ubben", "PER"), ("Anneke de Vries", "PER")],
            "canonical": False,
        },
    },
    {
        "id": 6, "published": "2007-11-16", "raw": "16. November 2007", "category": "Energie",
        "authors": ["Jens Oltmanns"], "byline": "Autor: Jens Oltmanns",
        "head": "font", "body": "br", "meta": 0, "canonical": False,
        "short": "Offshore-Zulieferer",
        "title": "Windenergie: Zulieferer rüsten sich für den Offshore-Boom",
        "lead": "Der geplante Bau von Windparks in der Nordsee verspricht der Küstenregion neue Aufträge. "
                "Zahlreiche Zulieferer zwischen Emden und Papenburg investieren bereits in Hallen, Kräne und "
                "Personal – noch bevor die erste Anlage im Meer steht.",
        "paras": [
            "Im Emder Industriegebiet baut die Nordsee Stahlbau GmbH derzeit eine neue Fertigungshalle für "
            "Fundamentstrukturen. Das Unternehmen, das bisher vor allem Sektionen für Werften lieferte, will im "
            "kommenden Jahr bis zu achtzig neue Mitarbeiter einstellen. „Wir sehen im Offshore-Geschäft die "
            "Chance, uns unabhängiger vom Schiffbau zu machen“, sagt Geschäftsführer Frank Meinders.",
            "Ähnlich denken viele Betriebe in der Region. Nach einer Umfrage der Ems-Achse unter ihren "
            "Mitgliedsunternehmen planen rund dreißig Firmen, in den kommenden drei Jahren in "
            "Offshore-Aktivitäten zu investieren. Gefragt sind neben Stahlbau und Logistik auch Dienstleistungen "
            "wie Wartung, Schulung und Sicherheitstechnik.",
            "Die Voraussetzungen gelten als gut. Mit den Häfen in Emden und Leer sowie der Werftindustrie an der "
            "Ems verfügt die Region über Flächen und Erfahrung im Umgang mit schweren Bauteilen. Zudem liegen die "
            "geplanten Windparks vor der ostfriesischen Küste vergleichsweise nah.",
        ],
        "page2": [
            "Dennoch mahnen Fachleute zur Vorsicht. Noch ist keiner der großen Windparks vor der deutschen Küste "
            "im Bau, die Finanzierung vieler Projekte ist ungeklärt. „Die Unternehmen gehen mit ihren "
            "Investitionen ein erhebliches Risiko ein“, sagt Sabine Eilers, Energieexpertin bei der IHK für "
            "Ostfriesland und Papenburg. Verzögerungen um ein oder zwei Jahre seien wahrscheinlich.",
            "Die Kammer rät deshalb dazu, das Offshore-Geschäft als zusätzliches Standbein aufzubauen und die "
            "bisherigen Kunden nicht zu vernachlässigen. Zugleich fordert sie vom Land Niedersachsen, den Ausbau "
            "der Hafeninfrastruktur zu beschleunigen. Ohne geeignete Kaianlagen mit hoher Tragfähigkeit könnten "
            "die Bauteile nicht verschifft werden.",
            "Frank Meinders sieht sein Unternehmen gut gerüstet. Die neue Halle werde so geplant, dass sie auch "
            "für andere Großbauteile genutzt werden könne. Im Frühjahr soll die Produktion beginnen; erste "
            "Aufträge für Prototypen seien bereits unterschrieben.",
        ],
        "links": [("http://www.ems-achse.de/", "Wachstumsregion Ems-Achse"),
                  ("http://www.offshore-wind.de/", "Informationsportal Offshore-Windenergie")],
        "entities": [("Papenburg", "LOC"), ("Nordsee Stahlbau GmbH", "ORG"), ("Frank Meinders", "PER"),
                     ("Sabine Eilers", "PER"), ("Ems-Achse", "ORG"), ("Emden", "LOC")],
    },
    {
        "id": 7, "published": "2007-11-23", "raw": "23. November 2007", "category": "Wirtschaft",
        "authors": ["Anna Berger"], "byline": "Von Anna Berger",
        "head": "h1", "body": "br", "meta": 0, "canonical": True,
        "short": "Clusterprozess gestartet",
        "title": "Clusterprozess Energie in der Ems-Achse offiziell gestartet",
        "lead": "Mit einer Auftaktveranstaltung in Leer hat die Ems-Achse den Clusterprozess für die "
                "Energiewirtschaft offiziell gestartet. Rund 150 Vertreter aus Unternehmen, Kommunen und "
                "Hochschulen kamen am Donnerstag im Hafenzentrum zusammen.",
        "paras": [
            "Ziel des Clusters ist es, die zahlreichen Energieunternehmen der Region stärker zu vernetzen und "
            "gemeinsame Projekte anzustoßen. Dazu zählen neben den Gasspeichern und Kraftwerken an der Küste "
            "auch Hersteller von Windenergieanlagen, Biogasbetreiber und spezialisierte Dienstleister. „Kaum eine "
            "Region in Deutschland hat eine so große Vielfalt an Energieunternehmen auf so engem Raum“, sagte "
            "Klaus Wurpts, Geschäftsführer der Ems-Achse.",
            "Als Hauptredner sprach Dr. Karsten Heuchert, Vorstandsmitglied der Verbundnetz Gas AG aus Leipzig. "
            "Er hob die Bedeutung der norddeutschen Gasinfrastruktur für die Versorgungssicherheit hervor. Die "
            "Speicher im Nordwesten und die Anbindung an die Niederlande machten die Region zu einer Drehscheibe "
            "für den europäischen Gasmarkt. Unternehmen, die hier investierten, fänden gute Voraussetzungen vor.",
            "In vier Arbeitsgruppen sollen in den kommenden Monaten Projekte entwickelt werden. Themen sind unter "
            "anderem die Ausbildung von Fachkräften, die Nutzung von Abwärme in Gewerbegebieten, die Logistik für "
            "Windenergieanlagen und die Zusammenarbeit mit Forschungseinrichtungen. Die Leitung der Gruppen "
            "übernehmen Vertreter der beteiligten Unternehmen.",
            "Zum Abschluss der Veranstaltung unterzeichneten zwanzig Unternehmen eine gemeinsame "
            "Absichtserklärung. Darin verpflichten sie sich, in den Arbeitsgruppen mitzuwirken und ihre "
            "Erfahrungen einzubringen. Weitere Firmen haben nach Angaben der Veranstalter bereits ihr Interesse "
            "signalisiert. Auch die Fachhochschule will sich mit mehreren Professoren beteiligen und Studierenden"
            " die Möglichkeit geben, Abschlussarbeiten zu Themen des Clusters zu schreiben.",
            "Der Landkreis Leer und die Stadt Emden unterstützen den Prozess finanziell. Eine erste Bilanz soll "
            "im Herbst 2008 gezogen werden. Unternehmen, die sich beteiligen möchten, können sich bei der "
            "Geschäftsstelle der Ems-Achse in Papenburg melden.",
        ],
        "links": [("http://www.ems-achse.de/", "Wachstumsregion Ems-Achse"),
                  ("http://www.vng.de/", "Verbundnetz Gas AG"),
                  ("http://www.ihk-emden.de/", "IHK für Ostfriesland und Papenburg")],
        "entities": [("Ems-Achse", "ORG"), ("Leer", "LOC"), ("Klaus Wurpts", "PER"), ("Karsten Heuchert", "PER"),
                     ("Verbundnetz Gas AG", "ORG"), ("Leipzig", "LOC")],
        "en": {
            "published_raw": "November 23, 2007", "category": "Economy", "byline": "By Anna Berger",
            "short": "Energy cluster launched",
            "title": "Energy cluster process officially launched in the Ems-Achse region",
            "lead": "The Ems-Achse has officially launched its cluster process for the energy industry with a "
                    "kick-off event in Leer. Around 150 representatives of companies, local authorities and "
                    "universities met at the harbour centre on Thursday.",
            "paras": [
                "The aim of the cluster is to improve networking among the region's many energy companies and to "
                "initiate joint projects. Besides the gas storage facilities and power stations on the coast, "
                "these include manufacturers of wind turbines, biogas operators and specialised service "
                "providers. “Hardly any region in Germany has such a wide variety of energy companies in such a "
                "small area,” said Klaus Wurpts, managing director of the Ems-Achse.",
                "The keynote speaker was Dr. Karsten Heuchert, member of the executive board of Verbundnetz Gas "
                "AG in Leipzig. He stressed the importance of the north German gas infrastructure for security "
                "of supply. The storage facilities in the north-west and the connection to the Netherlands made "
                "the region a hub for the European gas market, he said. Companies investing here would find "
                "good conditions.",
                "Four working groups are to develop projects over the coming months. Topics include the "
                "training of skilled workers, the use of waste heat in business parks, logistics for wind "
                "turbines and cooperation with research institutions. The groups will be led by representatives "
                "of the participating companies.",
                "At the end of the event, twenty companies signed a joint declaration of intent, committing "
                "themselves to take part in the working groups and to contribute their experience. According to the "
                "organisers, further firms have already signalled their interest. The university of applied sciences "
                "also plans to take part with several professors and to give students the opportunity to write their "
                "theses on cluster topics.",
                "The district of Leer and the city of Emden are providing financial support for the process. A "
                "first review is planned for autumn 2008. Companies wishing to take part can contact the "
                "Ems-Achse office in Papenburg.",
            ],
            "entities": [("Ems-Achse", "ORG"), ("Leer", "LOC"), ("Klaus Wurpts", "PER"),
                         ("Karsten Heuchert", "PER"), ("Verbundnetz Gas AG", "ORG"), ("Leipzig", "LOC")],
            "canonical": True,
        },
    },
    {
        "id": 8, "published": "2007-12-05", "raw": "Mittwoch, 5. Dezember 2007", "category": "Arbeitsmarkt",
        "authors": ["Jens Oltmanns"], "byline": "Autor: Jens Oltmanns",
        "head": "font", "body": "p", "meta": 2, "canonical": False, "encoding": "cp1252",
        "short": "Fachkräftemangel",
        "title": "Fachkräfte: „Wir müssen jetzt handeln“",
        "lead": "Die Unternehmen in Ostfriesland und im Emsland finden immer schwerer qualifiziertes Personal. "
                "Nach einer Umfrage der IHK für Ostfriesland und Papenburg konnte im vergangenen Jahr fast jeder "
                "dritte Betrieb offene Stellen nicht oder nur mit großer Verzögerung besetzen.",
        "paras": [
            "Besonders betroffen sind Metall- und Elektroberufe sowie Ingenieure. Aber auch im Handwerk, in der "
            "Pflege und im Gastgewerbe fehlen Fachkräfte. „Wir müssen jetzt handeln, sonst bremst der Mangel an "
            "Personal das Wachstum der Region aus“, sagte IHK-Hauptgeschäftsführer Dr. Martin Ahlers bei der "
            "Vorstellung der Ergebnisse in Emden.",
            "Die Kammer schlägt ein Bündel von Maßnahmen vor. So sollen Schulen und Betriebe enger "
            "zusammenarbeiten, um Jugendliche früher für technische Berufe zu begeistern. Zudem will die IHK "
            "Unternehmen beraten, wie sie ältere Beschäftigte länger halten und Frauen nach der Familienphase "
            "zurückgewinnen können. Für ein Programm zur Berufsorientierung an Schulen stehen in den nächsten "
            "zwei Jahren rund 250.000 € zur Verfügung.",
            "Mehrere Unternehmen gehen bereits eigene Wege. Eine Spedition aus Weener etwa zahlt "
            "Berufskraftfahrern einen Zuschuss von 1.500 € zum Führerschein, wenn sie sich für drei Jahre an das "
            "Unternehmen binden. „Früher hatten wir für jede Stelle zehn Bewerbungen, heute sind wir froh über "
            "eine“, sagt Personalleiterin Petra Janssen.",
            "Auch die Hochschulen sind gefordert. Die Zahl der Absolventen in den Ingenieurwissenschaften reiche "
            "nicht aus, um den Bedarf zu decken, heißt es in der Studie. Die Kammer will deshalb gemeinsam mit "
            "der Fachhochschule ein duales Studium anbieten, bei dem Studierende gleichzeitig in einem Betrieb "
            "arbeiten. Der erste Jahrgang soll im Herbst 2008 beginnen – vorausgesetzt, genügend Unternehmen "
            "stellen Plätze zur Verfügung.",
        ],
        "links": [("http://www.ihk-emden.de/", "IHK für Ostfriesland und Papenburg"),
                  ("http://www.arbeitsagentur.de/", "Bundesagentur für Arbeit")],
        "entities": [("IHK für Ostfriesland und Papenburg", "ORG"), ("Ostfriesland", "LOC"),
                     ("Martin Ahlers", "PER"), ("Petra Janssen", "PER"), ("Weener", "LOC"), ("Emden", "LOC")],
    },
    {
        "id": 9, "published": "2007-12-14", "raw": "14. Dezember 2007", "category": "Wirtschaft",
        "authors": ["Anna Berger", "Jens Oltmanns"], "byline": "Von Anna Berger und Jens Oltmanns",
        "head": "h1", "body": "p", "meta": 1, "canonical": True,
        "short": "Gründerzentrum Leer",
        "title": "Neues Gründerzentrum in Leer eröffnet",
        "lead": "In Leer hat am Freitag ein neues Technologie- und Gründerzentrum seine Türen geöffnet. Auf rund "
                "2.400 Quadratmetern bietet das Gebäude am Hafen Büros, Werkstätten und Besprechungsräume für "
                "junge Unternehmen.",
        "paras": [
            "Zwölf Firmen sind bereits eingezogen, darunter Softwareentwickler, ein Ingenieurbüro für "
            "Schiffstechnik und ein Anbieter von Solaranlagen. Die Mieten liegen in den ersten Jahren deutlich "
            "unter dem ortsüblichen Niveau. Außerdem können die Gründer gemeinsame Dienste wie Empfang, "
            "Telefonzentrale und Konferenztechnik nutzen.",
            "Bürgermeister Johann Folkerts sprach bei der Eröffnung von einem wichtigen Signal für den "
            "Wirtschaftsstandort. „Wir wollen, dass gute Ideen aus der Region auch hier umgesetzt werden und die "
            "jungen Leute nicht nach Hamburg oder Bremen abwandern müssen.“ Die Stadt hat das frühere "
            "Lagergebäude für rund 5,8 Millionen Euro umgebaut, ein großer Teil der Kosten wurde aus Mitteln der "
            "Europäischen Union gefördert.",
            "Betreut werden die Unternehmen von Zentrumsleiterin Katrin Eden. Sie bietet regelmäßige "
            "Sprechstunden an und vermittelt Kontakte zu Banken, Steuerberatern und erfahrenen Unternehmern. "
            "Gemeinsam mit der Sparkasse LeerWittmund ist zudem ein Gründerstammtisch geplant, der einmal im "
            "Monat stattfinden soll.",
            "Unter den ersten Mietern ist ein junges Unternehmen, das Software für die Einsatzplanung von "
            "Pflegediensten entwickelt. Die beiden Gründer haben an der Fachhochschule studiert und beschäftigen "
            "inzwischen sechs Mitarbeiter. Im Gründerzentrum hätten sie endlich genug Platz, um weiter zu "
            "wachsen, sagten sie beim Rundgang der Gäste durch das Gebäude. Auch ein Handwerksbetrieb für "
            "Bootsausbau hat eine der Werkstätten bezogen.",
            "Noch sind einige Flächen frei. Interessenten können sich ab sofort bewerben. Voraussetzung ist ein "
            "tragfähiges Geschäftskonzept; die Gründung sollte nicht länger als drei Jahre zurückliegen. Über die "
            "Aufnahme entscheidet ein Beirat, dem Vertreter der Stadt, der Wirtschaft und der Hochschule "
            "angehören.",
        ],
        "links": [("http://www.leer.de/", "Stadt Leer"),
                  ("http://www.gruenderzentrum-leer.de/", "Technologie- und Gründerzentrum Leer")],
        "entities": [("Leer", "LOC"), ("Johann Folkerts", "PER"), ("Katrin Eden", "PER"),
                     ("Sparkasse LeerWittmund", "ORG"), ("Hamburg", "LOC")],
        "en": {
            "published_raw": "December 14, 2007", "category": "Economy",
            "byline": "By Anna Berger and Jens Oltmanns",
            "short": "Start-up centre in Leer",
            "title": "New start-up centre opens in Leer",
            "lead": "A new technology and start-up centre opened its doors in Leer on Friday. The building at the "
                    "harbour offers offices, workshops and meeting rooms for young companies on around 2,400 "
                    "square metres.",
            "paras": [
                "Twelve firms have already moved in, including software developers, an engineering office for "
                "ship technology and a supplier of solar systems. For the first few years, rents are well below "
                "the usual local level. The founders can also share services such as reception, a switchboard "
                "and conference equipment.",
                "Speaking at the opening, mayor Johann Folkerts called the centre an important signal for the "
                "business location. “We want good ideas from the region to be put into practice here, so that "
                "young people do not have to move away to Hamburg or Bremen.” The town spent around 5.8 million "
                "euros converting the former warehouse, with a large part of the cost funded by the European "
                "Union.",
                "The companies are supported by centre manager Katrin Eden. She holds regular consultation hours "
                "and arranges contacts with banks, tax advisers and experienced entrepreneurs. Together with "
                "Sparkasse LeerWittmund, a monthly get-together for founders is also planned.",
                "Among the first tenants is a young company that develops software for scheduling home care services."
                " The two founders studied at the university of applied sciences and now employ six people. At the "
                "centre they finally had enough space to grow, they said as the guests toured the building. A "
                "boat-fitting business has also moved into one of the workshops.",
                "Some space is still available. Interested parties can apply now. Applicants need a viable "
                "business plan, and the company should not have been founded more than three years ago. "
                "Admission is decided by an advisory board made up of representatives of the town, business "
                "and the university.",
            ],
            "entities": [("Leer", "LOC"), ("Johann Folkerts", "PER"), ("Katrin Eden", "PER"),
                         ("Sparkasse LeerWittmund", "ORG"), ("Hamburg", "LOC")],
            "canonical": False,
        },
    },
    {
        "id": 10, "published": "2007-12-20", "raw": "20. Dezember 2007", "category": "Tourismus",
        "authors": ["Maren Dirksen"], "byline": "Von Maren Dirksen",
        "head": "font", "body": "p", "meta": 0, "canonical": False,
        "short": "Tourismusbilanz",
        "title": "Küstenorte melden Rekordsaison",
        "lead": "Die Ferienorte an der ostfriesischen Küste blicken auf ein außergewöhnlich gutes Jahr zurück. "
                "Nach vorläufigen Zahlen stieg die Zahl der Übernachtungen zwischen Januar und Oktober um gut "
                "vier Prozent.",
        "paras": [
            "Besonders stark legten Norden-Norddeich und die Inseln zu. Aber auch kleinere Orte im Binnenland "
            "profitierten von Radtouristen, die das Netz der Fernradwege nutzen. Der Anteil der Gäste, die mehr "
            "als eine Woche bleiben, ist nach Jahren des Rückgangs wieder leicht gestiegen.",
            "„Das Wetter im Sommer war nicht immer auf unserer Seite, umso erfreulicher ist das Ergebnis“, sagte "
            "Ute Harms, Geschäftsführerin der Ostfriesland Tourismus GmbH in Leer. Sie führt den Zuwachs auch auf "
            "gemeinsame Werbekampagnen in Nordrhein-Westfalen und in den Niederlanden zurück. Zudem hätten viele "
            "Vermieter in den vergangenen Jahren in die Qualität ihrer Unterkünfte investiert.",
            "Von der guten Saison profitierten auch die Fährlinien. Die Reedereien meldeten auf den Verbindungen "
            "nach Norderney und Juist deutlich mehr Fahrgäste, obwohl die Abfahrtszeiten wegen der Tide weiterhin"
            " stark schwanken. Für den kommenden Sommer sind zusätzliche Abfahrten an den Wochenenden geplant.",
            "Für die Wirtschaft der Region ist der Tourismus ein bedeutender Faktor. Nach Schätzungen der Branche "
            "hängen an der Küste mehrere zehntausend Arbeitsplätze direkt oder indirekt vom Fremdenverkehr ab. "
            "Gastronomie und Einzelhandel klagen allerdings zunehmend darüber, dass sie für die Saison kaum noch "
            "Personal finden.",
            "Für 2008 sind die Erwartungen verhalten optimistisch. Die Buchungen für das Frühjahr liegen nach "
            "Angaben von Ute Harms bereits über dem Vorjahresniveau. Neue Angebote sollen vor allem die "
            "Nebensaison stärken, etwa Wellnesswochen im Herbst und Führungen durch das Wattenmeer im Winter. "
            "Außerdem soll das Angebot für Familien mit kleinen Kindern ausgebaut werden.",
        ],
        "links": [("http://www.ostfriesland.de/", "Ostfriesland Tourismus GmbH"),
                  ("http://www.norddeich.de/", "Norden-Norddeich")],
        "entities": [("Ute Harms", "PER"), ("Ostfriesland Tourismus GmbH", "ORG"), ("Leer", "LOC"),
                     ("Nordrhein-Westfalen", "LOC"), ("Wattenmeer", "LOC")],
    },
    {
        "id": 11, "published": "2007-12-28", "raw": "28. Dezember 2007", "category": "Wirtschaft",
        "authors": ["Hinrich Janssen"], "byline": "Autor: Hinrich Janssen",
        "head": "h1", "body": "br", "meta": 2, "canonical": True,
        "short": "Jahresbilanz Ems-Achse",
        "title": "Bilanz 2007: Ems-Achse zieht positives Fazit",
        "lead": "Die Wachstumsregion Ems-Achse hat ein erfolgreiches Jahr hinter sich. Die Zahl der "
                "sozialversicherungspflichtigen Beschäftigten stieg in den beteiligten Landkreisen stärker als im "
                "übrigen Niedersachsen, teilte die Geschäftsstelle in Papenburg mit.",
        "paras": [
            "Zur Ems-Achse gehören die Landkreise Emsland, Leer, Aurich und Wittmund sowie die Stadt Emden. Seit "
            "der Gründung des Vereins haben sich mehr als 300 Unternehmen angeschlossen, die gemeinsam mit "
            "Kommunen und Kammern an der Entwicklung der Region arbeiten. 2007 kamen nach Angaben der "
            "Geschäftsstelle rund vierzig neue Mitglieder hinzu.",
            "Als wichtigste Projekte des Jahres nannte Geschäftsführer Klaus Wurpts den Start des "
            "Energieclusters, die Fachkräfteinitiative und die Zusammenarbeit mit Partnern in den Niederlanden "
            "und in Frankreich. „Wir haben gezeigt, dass eine ländliche Region im Wettbewerb mit den "
            "Ballungsräumen bestehen kann, wenn alle an einem Strang ziehen“, sagte Wurpts.",
            "Auch die Zahl der Ausbildungsplätze hat sich positiv entwickelt. Nach Angaben der Kammern wurden in "
            "der Region im Herbst rund fünf Prozent mehr Lehrverträge abgeschlossen als im Vorjahr. Besonders "
            "gefragt waren Ausbildungen in Metall- und Elektroberufen sowie in der Logistik. Dennoch blieben zum "
            "Beginn des Ausbildungsjahres zahlreiche Stellen unbesetzt, vor allem im Gastgewerbe.",
            "Kritisch sieht die Initiative weiterhin die Verkehrsanbindung. Der Lückenschluss der Autobahn 31 "
            "sei zwar ein großer Fortschritt gewesen, doch bei der Schiene und beim Ausbau der Ems als "
            "Wasserstraße gebe es erheblichen Nachholbedarf. Hier will die Ems-Achse im kommenden Jahr gemeinsam "
            "mit der Landesregierung in Hannover nach Lösungen suchen.",
            "Für 2008 hat sich der Verein vorgenommen, vor allem kleine Betriebe stärker einzubinden. Geplant "
            "sind regionale Unternehmerfrühstücke, eine Internetplattform für Kooperationsanfragen und eine "
            "Neuauflage der Ausbildungsbörse, die im Frühjahr in Lingen stattfinden soll.",
        ],
        "links": [("http://www.ems-achse.de/", "Wachstumsregion Ems-Achse")],
        "entities": [("Ems-Achse", "ORG"), ("Papenburg", "LOC"), ("Klaus Wurpts", "PER"), ("Emden", "LOC"),
                     ("Hannover", "LOC"), ("Lingen", "LOC")],
    },
    {
        "id": 12, "published": "2008-01-18", "raw": "18. Januar 2008", "category": "Infrastruktur",
        "authors": [], "byline": None,
        "head": "font", "body": "br", "meta": 2, "canonical": False,
        "short": "Breitband im Landkreis Aurich",
        "title": "Landkreis Aurich will weiße Flecken beim Breitband schließen",
        "lead": "Schnelles Internet soll bis Ende 2009 in allen Gemeinden des Landkreises Aurich verfügbar sein. "
                "Der Kreistag hat ein Förderprogramm beschlossen, mit dem Lücken in der Versorgung geschlossen "
                "werden sollen.",
        "paras": [
            "Nach einer Erhebung der Kreisverwaltung haben derzeit rund 8.000 Haushalte und mehrere hundert "
            "Betriebe keinen Zugang zu einem DSL-Anschluss. Betroffen sind vor allem Dörfer und Siedlungen, die "
            "weit von der nächsten Vermittlungsstelle entfernt liegen. Für viele Unternehmen sei das inzwischen "
            "ein echter Standortnachteil, heißt es in der Vorlage.",
            "Das Programm sieht vor, dass der Landkreis Zuschüsse an Netzbetreiber zahlt, wenn sich der Ausbau "
            "für diese allein nicht rechnet. Insgesamt stehen 1,2 Millionen Euro zur Verfügung, weitere Mittel "
            "kommen vom Land Niedersachsen. Neben der Verlegung von Glasfaserleitungen kommen auch Funklösungen "
            "in Frage.",
            "Wie groß der Bedarf ist, zeigt eine Umfrage unter Betrieben in den Gewerbegebieten des Kreises. Mehr"
            " als die Hälfte der befragten Unternehmen bezeichnete die vorhandene Verbindung als unzureichend, "
            "jedes zehnte erwägt nach eigenen Angaben sogar einen Umzug. Besonders betroffen sind Ingenieurbüros,"
            " Werbeagenturen und Handwerker, die regelmäßig große Pläne und Fotos mit Kunden austauschen.",
            "„Für einen Handwerksbetrieb auf dem Land ist ein schneller Anschluss heute so wichtig wie eine gute "
            "Straße“, sagte Landrat Dieter Ammermann. Er verwies auf Beispiele von Firmen, die Aufträge verloren "
            "hätten, weil sie große Dateien nicht schnell genug verschicken konnten. Auch für den Tourismus sei "
            "das Internet unverzichtbar.",
            "Die Ausschreibung soll im Frühjahr beginnen. Zunächst sollen die Gemeinden Großefehn, "
            "Südbrookmerland und Krummhörn versorgt werden, in denen die Lücken besonders groß sind. Die "
            "Kreisverwaltung hat eine Telefon-Hotline eingerichtet, bei der Bürger und Unternehmen "
            "Versorgungsprobleme melden können. Die Meldungen sollen in die Planung der Ausbaugebiete einfließen.",
        ],
        "links": [("http://www.landkreis-aurich.de/", "Landkreis Aurich"),
                  ("http://www.breitband-niedersachsen.de/", "Breitband-Kompetenzzentrum Niedersachsen")],
        "entities": [("Aurich", "LOC"), ("Dieter Ammermann", "PER"), ("Niedersachsen", "LOC"),
                     ("Großefehn", "LOC"), ("Krummhörn", "LOC")],
    },
    {
        "id": 13, "published": "2008-03-07", "raw": "7. März 2008", "category": "Veranstaltungen",
        "authors": ["Maren Dirksen"], "byline": "Von Maren Dirksen",
        "head": "h1", "body": "p", "meta": 1, "canonical": True,
        "short": "Nordwest-Technik 2008",
        "title": "Messe „Nordwest-Technik“ mit Ausstellern aus den Niederlanden",
        "lead": "Zur Fachmesse „Nordwest-Technik“ in Papenburg werden Mitte April mehr als 180 Aussteller "
                "erwartet. Erstmals kommt fast ein Viertel von ihnen aus den Niederlanden.",
        "paras": [
            "Die Messe findet vom 16. bis 18. April 2008 in den Hallen am Hafen statt. Schwerpunkte sind "
            "Metallbearbeitung, Automatisierung und Umwelttechnik. Neu ist ein Gemeinschaftsstand für Zulieferer "
            "der Windenergiebranche, an dem sich zwölf Unternehmen aus der Region beteiligen.",
            "Für die Messe ist das ein deutlicher Zuwachs. Bei der letzten Auflage vor zwei Jahren hatten sich "
            "rund 140 Firmen präsentiert, nur wenige davon aus dem Ausland. Die Ausstellungsfläche wurde deshalb "
            "um ein Zelt mit 1.500 Quadratmetern erweitert.",
            "Die starke Beteiligung aus dem Nachbarland geht auf eine Kooperation mit der Kamer van Koophandel "
            "Noord-Nederland zurück. Die Handelskammer mit Sitz in Groningen hatte bei ihren Mitgliedern gezielt "
            "für die Messe geworben. „Viele niederländische Firmen suchen Partner in Deutschland, wissen aber "
            "nicht, wo sie anfangen sollen“, sagte Messeleiter Dirk Terborg.",
            "Begleitend zur Ausstellung gibt es ein Vortragsprogramm. Am Eröffnungstag spricht der "
            "niedersächsische Wirtschaftsminister über die Perspektiven des Mittelstands. Außerdem informieren "
            "Fachleute über Förderprogramme für deutsch-niederländische Projekte und über rechtliche Fragen bei "
            "Geschäften im Nachbarland. Für Schüler gibt es eine eigene Führung, bei der sich die Aussteller als "
            "Ausbildungsbetriebe vorstellen.",
            "Die Industrie- und Handelskammern beider Länder bieten während der Messe zudem eine Kontaktbörse an."
            " Unternehmen, die einen Geschäftspartner auf der anderen Seite der Grenze suchen, können sich vorab "
            "anmelden und erhalten dann feste Gesprächstermine mit passenden Firmen.",
            "Der Eintritt ist für Fachbesucher frei, eine Registrierung im Internet wird empfohlen. Die "
            "Veranstalter rechnen mit rund 6.000 Besuchern. Vom Bahnhof verkehrt an allen drei Tagen ein "
            "kostenloser Pendelbus zum Messegelände.",
        ],
        "links": [("http://www.nordwest-technik.de/", "Nordwest-Technik 2008"),
                  ("http://www.kvk.nl/", "Kamer van Koophandel")],
        "entities": [("Papenburg", "LOC"), ("Kamer van Koophandel Noord-Nederland", "ORG"), ("Groningen", "LOC"),
                     ("Dirk Terborg", "PER"), ("Deutschland", "LOC")],
    },
    {
        "id": 14, "published": "2009-03-13T14:30:00+01:00", "raw": "Freitag, 13. März 2009, 14:30 Uhr",
        "category": "Politik", "authors": ["Anna Berger"], "byline": "Von Anna Berger",
        "head": "font", "body": "br", "meta": 0, "canonical": False,
        "short": "Konjunkturpaket II",
        "title": "Konjunkturpaket II: Kommunen melden ihre Projekte an",
        "lead": "Die Städte und Gemeinden in Ostfriesland haben ihre Wunschlisten für das Konjunkturpaket II "
                "eingereicht. Den Großteil der Mittel wollen sie in die Sanierung von Schulen und Kindergärten "
                "stecken.",
        "paras": [
            "Allein im Landkreis Leer summieren sich die angemeldeten Vorhaben auf mehr als 25 Millionen Euro. "
            "Zur Verfügung stehen nach dem derzeitigen Verteilungsschlüssel aber nur etwa 14 Millionen Euro. "
            "„Wir werden nicht jeden Wunsch erfüllen können“, sagte Kreiskämmerer Reinhard Beekmann am Freitag "
            "in Leer. Bis Ende April soll feststehen, welche Projekte zum Zuge kommen.",
            "Bund und Länder hatten das Programm im Januar beschlossen, um die Folgen der Wirtschaftskrise "
            "abzufedern. Die Kommunen erhalten Geld vor allem für Bildungseinrichtungen und Infrastruktur. Sie "
            "müssen einen Eigenanteil von einem Viertel der Kosten tragen, was manche finanzschwache Gemeinde vor "
            "Probleme stellt.",
            "Im Landkreis Aurich stehen ebenfalls Schulen ganz oben auf der Liste. Dort sollen unter anderem "
            "Turnhallen energetisch saniert und mehrere Schulgebäude mit neuen Fenstern und Heizungsanlagen "
            "ausgestattet werden. Kleinere Gemeinden wollen mit dem Geld außerdem Dorfgemeinschaftshäuser und "
            "Feuerwehrhäuser modernisieren.",
            "Das örtliche Handwerk hofft auf volle Auftragsbücher. „Für unsere Betriebe kommt das Programm genau "
            "zur richtigen Zeit“, sagte Gerold Meyer, Präsident der Handwerkskammer für Ostfriesland in Aurich. "
            "Viele Unternehmen hätten bereits Aufträge aus der Industrie verloren. Wichtig sei, dass die Aufträge "
            "so vergeben würden, dass auch kleine Firmen aus der Region zum Zuge kommen könnten.",
            "Kritik kommt vom Bund der Steuerzahler. Das Geld werde zu schnell und ohne ausreichende Prüfung "
            "verteilt, bemängelte der Verband. Die Kommunen weisen den Vorwurf zurück: Die meisten Vorhaben "
            "lägen seit Jahren fertig geplant in den Schubladen und hätten bisher nur aus Geldmangel nicht "
            "umgesetzt werden können.",
        ],
        "links": [("http://www.konjunkturpaket.de/", "Informationen zum Konjunkturpaket II"),
                  ("http://www.hwk-aurich.de/", "Handwerkskammer für Ostfriesland")],
        "entities": [("Ostfriesland", "LOC"), ("Reinhard Beekmann", "PER"), ("Leer", "LOC"),
                     ("Gerold Meyer", "PER"), ("Handwerkskammer für Ostfriesland", "ORG"), ("Aurich", "LOC")],
    },
    {
        "id": 15, "published": "2009-03-27", "raw": "27. März 2009", "category": "Wirtschaft",
        "authors": ["Jens Oltmanns"], "byline": "Autor: Jens Oltmanns",
        "head": "h1", "body": "p", "meta": 2, "canonical": True,
        "short": "Stahlbau trotz Krise",
        "title": "Papenburger Stahlbauer trotzt der Krise",
        "lead": "Während viele Zulieferer der Werftindustrie über Auftragseinbrüche klagen, hält die Ems-Stahlbau "
                "GmbH in Papenburg ihre Belegschaft stabil. Das Unternehmen setzt auf neue Kunden aus der "
                "Energiebranche.",
        "paras": [
            "Im vergangenen Jahr erzielte der Familienbetrieb mit 210 Beschäftigten einen Umsatz von rund 38 "
            "Millionen Euro. Für 2009 rechnet Geschäftsführerin Claudia Brink mit einem leichten Rückgang, "
            "Kurzarbeit sei aber nicht geplant. „Wir haben früh angefangen, uns breiter aufzustellen. Das zahlt "
            "sich jetzt aus“, sagte Brink bei einem Besuch von Vertretern der Ems-Achse.",
            "Noch vor fünf Jahren stammten mehr als zwei Drittel der Aufträge aus dem Schiffbau. Heute liefert "
            "das Unternehmen zunehmend Bauteile für Gasverdichterstationen, Kraftwerke und Windenergieanlagen. "
            "Dafür wurde in eine neue Schweißanlage und in die Zertifizierung nach den Vorgaben der "
            "Energiewirtschaft investiert.",
            "Der Umstieg sei nicht einfach gewesen, räumt Brink ein. Die Anforderungen der Energieunternehmen an "
            "Dokumentation und Prüfung seien deutlich höher als im Schiffbau, und die ersten Aufträge hätten kaum"
            " Gewinn abgeworfen. Inzwischen habe sich der Betrieb aber einen Namen gemacht und werde regelmäßig "
            "zu Ausschreibungen eingeladen.",
            "Die Auftragslage im Schiffbau bereitet der Geschäftsführerin dennoch Sorge. Mehrere Reedereien haben "
            "Bestellungen verschoben oder storniert, und die Finanzierung neuer Schiffe ist wegen der "
            "Zurückhaltung der Banken schwierig geworden. Davon seien auch die großen Werften an der Ems "
            "betroffen, mit denen der Betrieb seit Jahrzehnten zusammenarbeitet.",
            "Um junge Fachkräfte zu halten, will das Unternehmen trotz der unsicheren Lage auch in diesem Jahr "
            "zwölf Auszubildende einstellen. Zudem beteiligt sich der Stahlbauer am Energiecluster der Region und "
            "sucht dort gezielt nach Partnern für gemeinsame Angebote. Die Agentur für Arbeit in Leer lobte das "
            "Engagement als Beispiel für andere Betriebe.",
        ],
        "links": [("http://www.ems-achse.de/", "Wachstumsregion Ems-Achse"),
                  ("http://www.ems-stahlbau.de/", "Ems-Stahlbau GmbH")],
        "entities": [("Ems-Stahlbau GmbH", "ORG"), ("Papenburg", "LOC"), ("Claudia Brink", "PER"),
                     ("Ems-Achse", "ORG"), ("Leer", "LOC")],
    },
]

# An article of the old (2006) site: UTF-8 bytes, but the page and the server declare ISO-8859-1.
OLD_ARTICLE: dict[str, Any] = {
    "path": "/alt/meldung-2006-05.html", "published": "2006-05-18", "raw": "18. Mai 2006",
    "category": "Region", "authors": ["Maren Dirksen"], "byline": "Von Maren Dirksen",
    "head": "font", "body": "br", "meta": 0, "canonical": False, "encoding": "utf-8",
    "short": "Regionalkonferenz Aurich",
    "title": "Regionalkonferenz in Aurich: Küstenlandkreise wollen enger kooperieren",
    "lead": "Die Landkreise an der Küste wollen ihre Wirtschaftsförderung künftig stärker bündeln. Darauf "
            "verständigten sich Vertreter aus Politik und Wirtschaft auf einer Regionalkonferenz in Aurich.",
    "paras": [
        "Über Größe und Zuschnitt eines gemeinsamen Büros gibt es allerdings noch unterschiedliche "
        "Vorstellungen. Während die kleineren Gemeinden für eine schlanke Lösung plädierten, wünschten sich "
        "Unternehmensvertreter eine Einrichtung mit eigenem Budget für Förderprojekte und Öffentlichkeitsarbeit.",
        "„Wir dürfen uns nicht länger gegenseitig die Betriebe abwerben, sondern müssen gemeinsam für die "
        "Region werben“, sagte Tjark Söhlke, Vorsitzender des Unternehmerverbands. Für die Übernachtungsbranche "
        "und die Häfen gelte das ebenso wie für Industrie und Handwerk.",
        "Bis zum Herbst soll eine Arbeitsgruppe einen Vorschlag für die künftige Zusammenarbeit ausarbeiten. "
        "Über die Finanzierung müssen anschließend die Kreistage entscheiden; größere Beträge seien frühestens "
        "im Haushalt für 2007 möglich.",
    ],
    "links": [("http://www.landkreis-aurich.de/", "Landkreis Aurich")],
    "entities": [("Aurich", "LOC"), ("Tjark Söhlke", "PER")],
}

# Calendar events (date, title, place); the server renders them into /kalender.php?monat=YYYY-MM.
EVENTS: list[tuple[str, str, str]] = [
    ("2007-11-22", "Auftaktveranstaltung Clusterprozess Energie", "Leer, Hafenzentrum"),
    ("2007-12-14", "Eröffnung des Technologie- und Gründerzentrums", "Leer"),
    ("2008-01-24", "Neujahrsempfang der Ems-Achse", "Papenburg"),
    ("2008-02-13", "Unternehmerfrühstück \"Energieeffizienz im Betrieb\"", "Emden"),
    ("2008-04-16", "Fachmesse Nordwest-Technik (bis 18.04.)", "Papenburg"),
    ("2008-05-07", "Ausbildungsbörse der Ems-Achse", "Lingen"),
    ("2009-04-22", "Informationsabend Konjunkturpaket II für Handwerksbetriebe", "Aurich"),
]

WELCOME = (
    "Willkommen bei Wirtschaftsregion Ems-Dollart Online, dem Nachrichtenportal für Unternehmen zwischen Ems "
    "und Dollart. Hier finden Sie aktuelle Meldungen aus der regionalen Wirtschaft, Termine und Hintergründe "
    "zu Projekten der Ems-Achse und ihrer Partner in Deutschland und den Niederlanden."
)

INTERN_TEXT = [
    "INTERN-VERTRAULICH – nur für Mitglieder des Vorstands",
    "Protokoll der Vorstandssitzung vom 12.12.2007. Anwesend: sieben Mitglieder, entschuldigt: zwei.",
    "TOP 1: Haushalt 2008. Der Vorstand beschließt, die Mitgliedsbeiträge unverändert zu lassen. Die "
    "Rücklage für den Relaunch der Internetseite wird auf 15.000 Euro erhöht.",
    "TOP 2: Personal. Die Stelle der Redaktionsassistenz wird zum 1. März 2008 neu besetzt; die Ausschreibung "
    "erfolgt nur intern.",
    "TOP 3: Verschiedenes. Die Zugangsdaten für den Redaktionsbereich werden zum Jahreswechsel geändert. "
    "Dieses Dokument darf nicht weitergegeben werden.",
]
