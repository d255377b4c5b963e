"""Report text for readers, German and English: ``t(key, lang, **figures)``.

Only words live here; every number in a sentence is passed in from the data.
"""
from __future__ import annotations

from .exceptions import ParameterError

TEXTS = {
    "profil.titel": ("# Regionsprofil: {region} im Vergleich mit {vergleich}",
                     "# Regional profile: {region} compared with {vergleich}"),
    "profil.intro": (
        "Wer lebt wo? Dieser Bericht zeigt die Kreise und Gemeinden der Region, die Entwicklung der "
        "Bevölkerung, die siedlungsstrukturellen Typen des BBSR, die Erstaufnahmeeinrichtungen und die "
        "Schutzsuchenden nach Schutzstatus – für {region}, {vergleich} und Deutschland.",
        "Who lives where? This report shows the region's districts and municipalities, population change, "
        "the BBSR settlement types, the initial reception facilities and protection seekers by status – for "
        "{region}, {vergleich} and Germany."),
    "profil.mitglieder": ("## Kreise und Gemeinden", "## Districts and municipalities"),
    "profil.entwicklung": ("## Bevölkerungsentwicklung {start}–{end} je Gemeinde",
                           "## Population change {start}–{end} by municipality"),
    "profil.entwicklung_text": (
        "Beide Jahre aus dem Gemeindeverzeichnis (Bevölkerungsfortschreibung auf Basis des Zensus 2011), "
        "also vergleichbar. {n_schrumpf} von {n} Gemeinden in {region} haben Einwohner verloren. "
        "{not_comparable} Gemeindeschlüssel sind wegen Gebietsänderungen nur in einem der Jahre vorhanden.",
        "Both years from the municipal register (population updates on the 2011 census basis), hence "
        "comparable. {n_schrumpf} of {n} municipalities in {region} lost inhabitants. "
        "{not_comparable} municipality keys exist in only one of the years because of territorial changes."),
    "profil.typen": ("## Siedlungsstruktur (BBSR-Stadt- und Gemeindetyp)", "## Settlement structure (BBSR types)"),
    "profil.erstaufnahme": ("## Erstaufnahmeeinrichtungen", "## Initial reception facilities"),
    "profil.erstaufnahme_text": (
        "Die Einrichtungen stammen aus Presseberichten (Kontext, keine amtliche Statistik); Plätze und "
        "Stand gelten je Eintrag. Bewohnerinnen und Bewohner einer Erstaufnahme werden dort gezählt, wo die "
        "Einrichtung liegt – Kreiswerte je Einwohner können sie enthalten.",
        "Facilities are taken from press reports (context, not official statistics); capacity and date per "
        "entry. Residents of a reception facility are counted where it is – per-inhabitant district values "
        "may include them."),
    "profil.keine_erstaufnahme": ("{region}: keine Erstaufnahmeeinrichtung in der Liste.",
                                  "{region}: no reception facility in the list."),
    "profil.schutzsuchende": ("## Schutzsuchende nach Schutzstatus", "## Protection seekers by status"),
    "profil.schutzsuchende_text": (
        "Schutzsuchende laut Ausländerzentralregister am 31.12. Insgesamt = offener + anerkannter + ohne "
        "Schutzstatus (die Untergruppen sind darin enthalten und werden nicht doppelt gezählt). Destatis "
        "rundet jedes Tabellenfeld auf ein Vielfaches von 5; Summen daraus sind entsprechend gerundet.",
        "Protection seekers in the central register of foreigners on 31 Dec. Total = pending + recognised + "
        "without protection status (sub-groups are contained, not counted twice). Destatis rounds every cell "
        "to a multiple of 5; sums of them are rounded likewise."),
    "profil.je_1000": ("## Schutzsuchende je 1.000 Einwohner", "## Protection seekers per 1,000 inhabitants"),
    "profil.je_1000_text": (
        "{region} {jahr}: {wert_region} Schutzsuchende je 1.000 Einwohner, {vergleich}: {wert_vergleich}, "
        "Deutschland: {wert_de}. Nenner: Einwohner desselben Stichtags (2023/2024 Basis Zensus 2022, 2018 "
        "Basis Zensus 2011).",
        "{region} {jahr}: {wert_region} protection seekers per 1,000 inhabitants, {vergleich}: "
        "{wert_vergleich}, Germany: {wert_de}. Denominator: inhabitants on the same date (2023/2024 census "
        "2022 basis, 2018 census 2011 basis)."),
    "profil.zeitreihe": ("## Die Jahre seit 2007: Anteil Schutzsuchender und Asylbewerberleistungen",
                         "## The years since 2007: share of protection seekers and asylum-seeker benefits"),
    "wohnen.titel": ("# Wohnen: {region} im Vergleich mit {vergleich}", "# Housing: {region} compared with {vergleich}"),
    "wohnen.intro": (
        "Wo stehen Wohnungen leer, was kostet Wohnen, wie entwickeln sich Bestand und Neubau – und wo "
        "treffen Leerstand und Einwohnerverlust zusammen, so dass Menschen aus Gemeinschaftsunterkünften "
        "in Wohnungen ziehen könnten?",
        "Where do dwellings stand empty, what does housing cost, how do stock and construction develop – and "
        "where do vacancy and population loss meet, so that people could move from shared accommodation into "
        "flats?"),
    "wohnen.leerstand": ("## Leerstandsquote je Gemeinde (Zensus 2022)", "## Vacancy rate by municipality (census 2022)"),
    "wohnen.miete": ("## Nettokaltmiete je m² (Zensus 2022)", "## Net rent per m² (census 2022)"),
    "wohnen.bestand": ("## Wohnungsbestand, Baugenehmigungen und Fertigstellungen",
                       "## Housing stock, permits and completions"),
    "wohnen.treffen": ("## Wo Leerstand und Schrumpfung zusammentreffen", "## Where vacancy and shrinking meet"),
    "wohnen.treffen_text": (
        "Gemeinden mit Einwohnerverlust {start}–{end} und einer Leerstandsquote über dem Bundeswert "
        "({schwelle} %). Leerstehende Wohnungen sind rechnerisch aus Quote × Bestand ermittelt (Quote auf "
        "0,1 % gerundet).",
        "Municipalities that lost inhabitants {start}–{end} and have a vacancy rate above Germany's "
        "({schwelle} %). Vacant dwellings are computed as rate × stock (rate rounded to 0.1 %)."),
    "lernen.titel": ("# Lernen: {region} im Vergleich mit {vergleich}", "# Learning: {region} compared with {vergleich}"),
    "lernen.intro": (
        "Schülerinnen und Schüler und ausländische Schüler nach Schulart, Abgänge ohne Abschluss, "
        "berufliche Schulen und Kinderbetreuung.",
        "Pupils and foreign pupils by school type, leavers without a certificate, vocational schools and "
        "childcare."),
    "lernen.schueler": ("## Schüler und ausländische Schüler nach Schulart", "## Pupils and foreign pupils by school type"),
    "lernen.abgaenger": ("## Abgänge und Abschlüsse", "## School leavers by certificate"),
    "lernen.beruflich": ("## Berufliche Schulen", "## Vocational schools"),
    "lernen.kita": ("## Kinderbetreuung und Schulabgänger ohne Abschluss im Zeitverlauf",
                    "## Childcare and leavers without certificate over time"),
    "arbeiten.titel": ("# Arbeiten: {region} im Vergleich mit {vergleich}", "# Work: {region} compared with {vergleich}"),
    "arbeiten.intro": (
        "Arbeitslose Ausländerinnen und Ausländer und alle Arbeitslosen seit 2012, der Abstand der "
        "Arbeitslosenquoten, sozialversicherungspflichtig Beschäftigte nach Staatsangehörigkeit und die "
        "Berufe, in denen Ausländer arbeitslos sind.",
        "Unemployed foreigners and all unemployed since 2012, the gap between the unemployment rates, "
        "employees by nationality and the occupations in which foreigners are unemployed."),
    "arbeiten.zeitreihe": ("## Arbeitslose 2012–2025", "## Unemployed 2012–2025"),
    "arbeiten.quoten": ("## Arbeitslosenquoten und ihr Abstand", "## Unemployment rates and their gap"),
    "arbeiten.quoten_text": (
        "Quoten bezogen auf alle zivilen Erwerbspersonen, Jahresdurchschnitt. Der Regionswert ist aus den "
        "Kreiszahlen neu berechnet (Arbeitslose ÷ Bezugsgröße; Bezugsgröße = Arbeitslose ÷ Quote), also "
        "nicht gemittelt.",
        "Rates relative to all civilian labour force, annual average. The region value is recomputed from the "
        "district figures (unemployed ÷ reference labour force; labour force = unemployed ÷ rate), not averaged."),
    "arbeiten.beschaeftigte": ("## Sozialversicherungspflichtig Beschäftigte nach Staatsangehörigkeit",
                               "## Employees subject to social insurance by nationality"),
    "arbeiten.berufe": ("## In welchen Berufen Ausländer arbeitslos sind", "## Occupations of unemployed foreigners"),
    "vergleich.titel": ("# Vergleich: {region} und {vergleich}", "# Comparison: {region} and {vergleich}"),
    "vergleich.intro": (
        "Alle Leitkennzahlen nebeneinander: die Region, ihr Vergleich, Deutschland und die Kreise desselben "
        "siedlungsstrukturellen Kreistyps (BBSR; der Typ, den die meisten Kreise der Region haben). "
        "Regionswerte sind echte Summen bzw. aus Zähler und Nenner neu berechnete Quoten; wo kein Nenner "
        "veröffentlicht ist, steht für Regionen aus mehreren Kreisen kein Wert (–).",
        "All headline figures side by side: the region, its comparison, Germany and the districts of the same "
        "BBSR settlement type (the type most of the region's districts have). Region values are true sums or "
        "rates recomputed from numerator and denominator; where no denominator is published, regions of "
        "several districts get no value (–)."),
    "vergleich.thema": ("## {thema}", "## {thema}"),
    "befunde": ("## Herausforderungen und Potenziale", "## Challenges and potentials"),
    "befunde_leer": ("Für diese Region lassen sich aus den Daten keine Befunde ableiten.",
                     "No findings can be derived from the data for this region."),
}

# --- settlement potential, finance, findings and the catalogue of measures (50, 60, 70) ---
TEXTS.update({
    "gruppe.bevoelkerung": ("Schutzsuchende", "protection seekers"),
    "gruppe.wohnen": ("Schutzsuchende in Gemeinschaftsunterkünften und Wohnungssuchende",
                      "protection seekers in shared accommodation and people looking for flats"),
    "gruppe.lernen": ("Kinder und Jugendliche, besonders ausländische Schülerinnen und Schüler",
                      "children and young people, especially foreign pupils"),
    "gruppe.arbeiten": ("arbeitslose Ausländerinnen und Ausländer", "unemployed foreigners"),
    "gruppe.finanzen": ("Kommunen und Kreise (Haushalte)", "municipalities and districts (budgets)"),
    "massnahme.schutzsuchende_je_1000": (
        "Integrationsmanagement und dezentrale Unterbringung nach der Zahl der Schutzsuchenden ausstatten",
        "Equip integration management and decentralised housing according to the number of protection seekers"),
    "massnahme.offen_anteil": (
        "Asylverfahrensberatung; Sprachkurse schon während des Verfahrens zugänglich machen",
        "Asylum procedure counselling; open language courses during the procedure"),
    "massnahme.leerstandsquote": (
        "Leerstehende Wohnungen erschließen: Wohnraumvermittlung, Ansprache von Eigentümern, kommunale Mietgarantien",
        "Use vacant flats: housing brokerage, approaching owners, municipal rent guarantees"),
    "massnahme.nettokaltmiete": (
        "Angemessenheitsgrenzen der Kosten der Unterkunft prüfen; Vermittlung in Gemeinden mit niedrigerer Miete",
        "Review the limits for housing costs; brokerage into municipalities with lower rents"),
    "massnahme.leerstand_schrumpfung": (
        "Umzug aus Gemeinschaftsunterkünften in leerstehende Wohnungen schrumpfender Gemeinden, mit Begleitung vor Ort",
        "Moves from shared accommodation into vacant flats of shrinking municipalities, with local support"),
    "massnahme.potenzial_gemeinde": (
        "Wohnungen vermitteln und Kita, Schule, Vereine und Nahversorgung vor Ort einbinden; Anbindung an das "
        "nächste Zentrum (ÖPNV, Sprachkurs, Jobcenter) sichern",
        "Broker flats and involve childcare, school, clubs and local shops; secure links to the nearest centre "
        "(public transport, language course, job centre)"),
    "massnahme.ohne_abschluss": (
        "Schulbegleitende Sprachförderung, Übergangsklassen, Nachholen des Abschlusses an berufsbildenden Schulen",
        "Language support at school, transition classes, catching up on certificates at vocational schools"),
    "massnahme.auslaendische_schueler": (
        "Lehrkräfte für Deutsch als Zweitsprache und Schulsozialarbeit dort verstärken, wo der Anteil hoch ist",
        "Strengthen German-as-second-language teaching and school social work where the share is high"),
    "massnahme.kita_u3": (
        "Familien gezielt über Kita-Plätze informieren; Brückenangebote in die Kindertagesbetreuung",
        "Inform families about childcare places; bridging offers into childcare"),
    "massnahme.alq_auslaender": (
        "Anerkennung ausländischer Abschlüsse, berufsbezogene Sprachkurse, enge Begleitung durch die Jobcenter",
        "Recognition of foreign qualifications, job-related language courses, close support by job centres"),
    "massnahme.auslaender_an_svb": (
        "Betriebe mit ausländischen Beschäftigten als Partner für Praktika und Ausbildung gewinnen",
        "Win employers with foreign staff as partners for internships and training"),
    "massnahme.alq_abstand": (
        "Berufsbezogene Sprachförderung und Anerkennungsberatung; Arbeitgeber gezielt ansprechen",
        "Job-related language support and recognition counselling; approach employers"),
    "massnahme.shift_share_regional": (
        "In den Berufen mit steigender Regionalkomponente Qualifizierung und Vermittlung prüfen",
        "Review training and placement in the occupations with a rising regional component"),
    "massnahme.steuerkraft": (
        "Förderprogramme bündeln; Landes- und Bundesmittel für Integration vollständig an die Kommunen weitergeben",
        "Bundle funding programmes; pass state and federal integration funds on to municipalities in full"),
    "massnahme.schulden": (
        "Integrationskosten in der Finanzplanung ausweisen; Fördermittel ohne hohen Eigenanteil nutzen",
        "Show integration costs in financial planning; use funding without a high own share"),
    "massnahme.last_steuerkraft": (
        "Belastung durch Aufnahme bei der Verteilung von Landesmitteln berücksichtigen",
        "Take the reception load into account when distributing state funds"),
    "massnahme.foerderung_je_kopf": (
        "Fördermittel auf Maßnahmen mit großer Reichweite je Euro konzentrieren",
        "Concentrate funds on measures that reach many people per euro"),
    "kosten.miete": (
        "Nettokaltmiete je Person rund {miete} EUR im Monat ({flaeche} m² × {miete_m2} EUR/m², ohne Nebenkosten).",
        "Net rent per person about EUR {miete} a month ({flaeche} m² × EUR {miete_m2}/m², without service charges)."),
    "kosten.pauschale": (
        "Der an die Kommunen weitergegebene Teil der Bundespauschale ({pauschale} EUR je Erstantrag, Annahme "
        "nach Pressebericht) entspricht rechnerisch {monate} Monatsmieten einer Person.",
        "The part of the federal flat payment passed on to municipalities (EUR {pauschale} per first "
        "application, assumption from a press report) equals {monate} months of one person's rent."),
    "kosten.erstantrag": (
        "{betrag} EUR je Asylerstantrag an die Kommunen (Annahme nach Pressebericht).",
        "EUR {betrag} per first asylum application for the municipalities (assumption from a press report)."),
    "kosten.foerderung": ("Projektförderung rechnerisch {je_ss} EUR je Schutzsuchenden.",
                          "Project funding arithmetically EUR {je_ss} per protection seeker."),
    "befund.potenzial": (
        "{gemeinde} ({kreis}): Siedlungspotenzial {wert} von 100, Rang {rang} von {n} – Leerstandsquote {leerstand} % "
        "(rechnerisch {leer} leere Wohnungen), Einwohner {start}–{end} {veraenderung} %, {typ}, {km} km bis "
        "{zentrum}.",
        "{gemeinde} ({kreis}): settlement potential {wert} of 100, rank {rang} of {n} – vacancy rate {leerstand} % "
        "(about {leer} empty dwellings), population {start}–{end} {veraenderung} %, {typ}, {km} km to {zentrum}."),
    "befund.shift_share": (
        "{region}: arbeitslose Ausländer {start} {a}, {end} {b} (Veränderung {delta}). Nationaler Trend {national}, "
        "Berufsmix {struktur}, regionale Komponente {regional}. Größte positive Regionalkomponenten: {berufe}. "
        "Referenz: {k} Kreise; {x} Kreise ohne Berufsangaben in einem der Jahre ausgelassen.",
        "{region}: unemployed foreigners {start} {a}, {end} {b} (change {delta}). National trend {national}, "
        "occupation mix {struktur}, regional component {regional}. Largest positive regional components: {berufe}."),
    "befund.last": (
        "{kreis}: {je_1000} Schutzsuchende je 1.000 Einwohner ({jahr}; Perzentil {p_last} unter allen Kreisen), "
        "gemeindliche Steuerkraft {steuerkraft} EUR je Einwohner ({jahr_st}; Perzentil {p_st}), kommunale "
        "Schulden {schulden} EUR je Einwohner (Perzentil {p_sch}).",
        "{kreis}: {je_1000} protection seekers per 1,000 inhabitants ({jahr}; percentile {p_last} of all "
        "districts), municipal tax capacity EUR {steuerkraft} per inhabitant ({jahr_st}; percentile {p_st}), "
        "municipal debt EUR {schulden} per inhabitant (percentile {p_sch})."),
    "befund.foerderung": (
        "Die Projektförderung von {summe} EUR entspricht in {region} {je_ew} EUR je Einwohner ({jahr_ew}) und "
        "{je_ss} EUR je Schutzsuchenden ({jahr_ss}).",
        "The project funding of EUR {summe} equals EUR {je_ew} per inhabitant ({jahr_ew}) and EUR {je_ss} per "
        "protection seeker ({jahr_ss}) in {region}."),
    "potenziale.titel": ("# Siedlungspotenziale: {region} im Vergleich mit {vergleich}",
                         "# Settlement potential: {region} compared with {vergleich}"),
    "potenziale.intro": (
        "Wo könnten neue Einwohnerinnen und Einwohner helfen, Kita, Schule und Laden zu halten? Der Index "
        "verbindet je Gemeinde Leerstand (Zensus 2022), Einwohnerentwicklung {start}–{end} (Gemeindeverzeichnis), "
        "den BBSR-Stadt- und Gemeindetyp und die Luftlinienentfernung zum nächsten Mittel- oder Oberzentrum. "
        "Er ordnet Gemeinden für einen genaueren Blick; er ist keine Prognose und sagt nichts darüber, ob "
        "Menschen dorthin ziehen wollen.",
        "Where could new residents help keep childcare, schools and shops going? The index combines per "
        "municipality vacancy (census 2022), population change {start}–{end} (municipal register), the BBSR "
        "settlement type and the straight-line distance to the nearest middle or higher-order centre. It ranks "
        "municipalities for a closer look; it is no forecast and says nothing about whether people want to move "
        "there."),
    "potenziale.methode": (
        "**Methode.** Jede Komponente wird innerhalb der Region auf 0–1 skaliert ({methode}; 1 = größtes "
        "Potenzial: hoher Leerstand, starker Rückgang, ländlicher Typ, kurze Entfernung). Gewichte: {gewichte}. "
        "Index = gewichtetes Mittel × 100. {ohne} Gemeinden fehlt eine Komponente (z. B. Zensuswert nicht "
        "veröffentlicht, Gebietsänderung); sie erhalten keinen Wert. {alterung}",
        "**Method.** Each component is scaled to 0–1 within the region ({methode}; 1 = most potential: high "
        "vacancy, strong decline, rural type, short distance). Weights: {gewichte}. Index = weighted mean × 100. "
        "{ohne} municipalities lack a component (e.g. census value not published, boundary change); they get no "
        "value. {alterung}"),
    "potenziale.alterung": (
        "Altersdaten liegen im Datenstand nur je Kreis vor (INKAR: Anteil 65 Jahre und älter, Medianalter), nicht "
        "je Gemeinde; die Alterung ist daher keine Komponente.",
        "Age data exist in the snapshot only per district (INKAR), not per municipality; ageing is therefore "
        "not a component."),
    "potenziale.kreis": ("## {kreis}", "## {kreis}"),
    "potenziale.karte": ("Siedlungspotenzial (0–100)", "Settlement potential (0–100)"),
    "potenziale.rangliste": ("### Rangliste: höchstes Potenzial zuerst (bis zu {n} Gemeinden)",
                             "### Ranking: highest potential first (up to {n} municipalities)"),
    "potenziale.vergleich": ("## Zum Vergleich: {vergleich}", "## For comparison: {vergleich}"),
    "potenziale.sensitivitaet": ("## Wie robust ist die Rangliste?", "## How robust is the ranking?"),
    "potenziale.sensitivitaet_text": (
        "Die Top {top} der Basisgewichtung im Vergleich mit anderen Gewichtungen: jeweils ohne eine Komponente "
        "und jede Komponente allein. *Gemeinsam* = Gemeinden in beiden Top-{top}-Listen, *Jaccard* = gemeinsame ÷ "
        "alle genannten Gemeinden, *Spearman* = Rangkorrelation aller Indexwerte mit der Basis.",
        "The top {top} of the base weights compared with other weights: each without one component and each "
        "component alone. *Shared* = municipalities in both top-{top} lists, *Jaccard* = shared ÷ all named, "
        "*Spearman* = rank correlation of all index values with the base."),
    "finanzen.titel": ("# Finanzen: {region} im Vergleich mit {vergleich}", "# Finance: {region} compared with {vergleich}"),
    "finanzen.intro": (
        "Die finanziellen Fragen des MORO-Programms: Steuerkraft und Schulden der Kommunen neben der Zahl der "
        "Schutzsuchenden, die Bundespauschale je Asylerstantrag, was der Umzug aus Gemeinschaftsunterkünften in "
        "leerstehende Wohnungen an Miete kostet, und die Projektförderung je Kopf. Jede Annahme, die keine "
        "amtliche Zahl ist, steht mit ihrer Quelle in der Tabelle der Annahmen.",
        "The MORO programme's financial questions: municipal tax capacity and debt beside the number of "
        "protection seekers, the federal flat payment per first asylum application, what moving people from "
        "shared accommodation into vacant flats costs in rent, and the project funding per head. Every "
        "assumption that is not an official figure is listed with its source in the table of assumptions."),
    "finanzen.annahmen": ("## Annahmen und ihre Quellen", "## Assumptions and their sources"),
    "finanzen.annahmen_text": (
        "Diese Werte stammen aus Presseberichten bzw. aus dem Projekt, nicht aus der amtlichen Statistik; sie "
        "sind Parameter der Rechnung und können im Parameterblock geändert werden.",
        "These values come from press reports or from the project, not from official statistics; they are "
        "parameters of the arithmetic and can be changed in the parameters cell."),
    "finanzen.last": ("## Steuerkraft, Schulden und Schutzsuchende je Kreis",
                      "## Tax capacity, debt and protection seekers by district"),
    "finanzen.last_text": (
        "Alle Kreise Deutschlands; markiert sind {region} und {vergleich}. Steuerkraft und Schulden je Einwohner "
        "(INKAR) enden {jahr_st}, die Schutzsuchenden sind vom 31.12.{jahr_ss} – die Jahre unterscheiden sich. "
        "Perzentil 100 = höchster Wert. Eine Gegenüberstellung, keine Messung der Kosten.",
        "All German districts; {region} and {vergleich} are marked. Tax capacity and debt per inhabitant (INKAR) "
        "end in {jahr_st}, protection seekers are as of 31 Dec {jahr_ss} – the years differ. Percentile 100 = "
        "highest value. A juxtaposition, not a measure of costs."),
    "finanzen.szenario": ("## Szenario: {personen} Personen ziehen in leerstehende Wohnungen",
                          "## Scenario: {personen} people move into vacant flats"),
    "finanzen.szenario_text": (
        "Je Gemeinde gerechnet, als zögen alle {personen} Personen dorthin (die {n} Gemeinden mit dem höchsten "
        "Siedlungspotenzial in {region}). Miete = Fläche je Person × Nettokaltmiete je m² (Zensus 2022, "
        "Bestandsmieten, ohne Nebenkosten und Heizung). Fläche je Person: {flaeche}. Benötigte Wohnungen = "
        "Personen ÷ Personen je Wohnung ({haushalt}), verglichen mit den rechnerisch leeren Wohnungen. Was die "
        "Unterbringung in einer Gemeinschaftsunterkunft kostet, ist nicht Teil der Daten; eine Ersparnis wird "
        "daher nicht berechnet.",
        "Computed per municipality as if all {personen} people moved there (the {n} municipalities with the "
        "highest settlement potential in {region}). Rent = space per person × net rent per m² (census 2022, "
        "existing contracts, without service charges and heating). Space per person: {flaeche}. Flats needed = "
        "people ÷ people per flat ({haushalt}), compared with the computed empty flats. What shared "
        "accommodation costs is not in the data, so no saving is computed."),
    "finanzen.pauschale": ("## Bundespauschale je Asylerstantrag", "## Federal flat payment per first asylum application"),
    "finanzen.pauschale_text": (
        "{pauschale} EUR je Erstantrag zahlt der Bund (Annahme nach Pressebericht). {weitergabe} Wie viele "
        "Erstanträge auf einen Kreis entfallen, ist im Datenstand nicht enthalten; daher wird kein Kreisbetrag "
        "gebildet.",
        "The federal government pays EUR {pauschale} per first application (assumption from a press report). "
        "{weitergabe} How many first applications fall to a district is not in the data, so no district amount "
        "is formed."),
    "finanzen.weitergabe": (
        "{land}: {anteil} % werden an die Kommunen weitergegeben, {betrag} EUR je Erstantrag.",
        "{land}: {anteil} % are passed on to municipalities, EUR {betrag} per first application."),
    "finanzen.keine_weitergabe": (
        "{land}: Für den Anteil, der an die Kommunen geht, liegt keine Quelle vor.",
        "{land}: no source for the share passed on to municipalities."),
    "finanzen.foerderung": ("## Projektförderung je Einwohner und je Schutzsuchenden",
                            "## Project funding per inhabitant and per protection seeker"),
    "katalog.titel": ("# Maßnahmenkatalog: {region} im Vergleich mit {vergleich}",
                      "# Catalogue of measures: {region} compared with {vergleich}"),
    "katalog.intro": (
        "Alle Befunde der Berichte Wohnen, Lernen, Arbeiten, Potenziale und Finanzen als Tabelle: wo, für wen, "
        "mit welchen Zahlen – und welche Maßnahmen in Frage kommen, mit ihrer Kostenrechnung, wo sie sich "
        "rechnen lässt. Die Maßnahmen sind Vorschläge aus Praxis und Programm, nicht aus den Daten abgeleitet.",
        "All findings of the housing, learning, work, potential and finance reports as one table: where, for "
        "whom, with which figures – and which measures come into question, with their cost arithmetic where it "
        "can be done. The measures are suggestions from practice and programme texts, not derived from the data."),
    "katalog.regel": (
        "**Rangfolge.** Nach dem Betrag der Abweichung vom Vergleichswert in Prozent, größte zuerst; Befunde "
        "ohne Vergleichswert folgen nach Thema. Eine nachprüfbare Regel, keine Bewertung der Dringlichkeit.",
        "**Ranking.** By the absolute deviation from the comparison value in percent, largest first; findings "
        "without a comparison value follow by theme. A rule a reader can check, not a judgement of urgency."),
    "katalog.uebersicht": ("## Übersicht", "## Overview"),
    "katalog.thema": ("## {thema}", "## {thema}"),
    "katalog.export": (
        "Die vollständige Tabelle liegt neben diesem Bericht als Excel- und CSV-Datei: `{xlsx}`, `{csv}`.",
        "The full table is stored next to this report as Excel and CSV files: `{xlsx}`, `{csv}`."),
})

TEXTS.update({
    "vergleich.zwillinge": ("## Strukturelle Zwillinge", "## Structural twins"),
    "vergleich.zwillinge_text": (
        "Die {k} Kreise, die {region} strukturell am ähnlichsten sind, aus allen {kandidaten} Kreisen mit "
        "vollständigen Werten (die Kreise der Region selbst ausgenommen). Merkmale (Jahr): {merkmale}. "
        "Jedes Merkmal ist über alle Kreise standardisiert ({methode}); {log}die Distanz ist {distanz} mit "
        "den Gewichten {gewichte}. Regionswerte sind echte Summen bzw. aus Zähler und Nenner gebildete "
        "Quoten, der Kreistyp ist der Typ der meisten Kreise der Region. {weggelassen}Ähnlichkeit heißt "
        "hier nur: ähnliche gemessene Struktur.",
        "The {k} districts structurally most similar to {region}, out of all {kandidaten} districts with "
        "complete values (the region's own districts excluded). Indicators (year): {merkmale}. Each "
        "indicator is standardised across all districts ({methode}); {log}the distance is {distanz} with "
        "weights {gewichte}. Region values are true sums or rates formed from numerator and denominator; "
        "the district type is the type most of the region's districts have. {weggelassen}Similarity only "
        "means a similar measured structure."),
    "vergleich.methode.zscore": ("z-Werte: (Wert − Mittelwert) ÷ Standardabweichung",
                                 "z-scores: (value − mean) ÷ standard deviation"),
    "vergleich.methode.robust": ("robust: (Wert − Median) ÷ Interquartilsabstand",
                                 "robust: (value − median) ÷ interquartile range"),
    "vergleich.distanz.euclidean": ("euklidisch (Wurzel der gewichteten Quadratsumme der Differenzen)",
                                    "Euclidean (root of the weighted sum of squared differences)"),
    "vergleich.distanz.manhattan": ("die gewichtete Summe der absoluten Differenzen",
                                    "the weighted sum of absolute differences"),
    "vergleich.zwillinge_log": ("{merkmale} geht logarithmiert ein; ", "{merkmale} enters as a logarithm; "),
    "vergleich.zwillinge_weg": ("Ohne {merkmale}: für {region} ist kein Gesamtwert bildbar. ",
                                "Without {merkmale}: no total can be formed for {region}. "),
    "vergleich.benchmark": ("## Wo stehen die Regionen? Rang unter Zwillingen, Kreistyp und Deutschland",
                            "## Where do the regions stand? Rank among twins, district type and Germany"),
    "vergleich.benchmark_text": (
        "Rang 1 = höchster Wert; die Region zählt als eine Einheit neben den übrigen Kreisen der Gruppe "
        "(ohne ihre eigenen Kreise). Perzentil = Anteil der Kreise der Gruppe mit niedrigerem Wert. "
        "Gruppenwert = Wert aller Kreise der Gruppe zusammen (Summen, nicht Mittel von Quoten; Deutschland: "
        "Bundeswert). Differenz = Region − Gruppenwert. Kreise, deren Schutzsuchende in einem anderen Kreis "
        "mitgezählt werden, und dieser Kreis selbst werden bei den Schutzsuchenden nicht gerangt.",
        "Rank 1 = highest value; the region counts as one unit beside the group's other districts (its own "
        "districts removed). Percentile = share of the group's districts with a lower value. Group value = "
        "value of all the group's districts together (sums, not means of rates; Germany: national value). "
        "Difference = region − group value. Districts whose protection seekers are counted in another "
        "district, and that district, are not ranked for protection seekers."),
    "vergleich.modell": ("## Querschnittsmodell: {ergebnis}", "## Cross-section model: {ergebnis}"),
    "vergleich.modell_text": (
        "Lineare Regression (OLS) über {n} Kreise, R² = {r2}; Standardfehler robust (HC3), "
        "{konfidenz}-%-Konfidenzintervalle. VIF = Varianzinflationsfaktor (über 5–10: Merkmale stark "
        "miteinander verknüpft, Koeffizienten unsicher). Mangels vollständiger Werte nicht im Modell: {weg} "
        "Kreise. Die Koeffizienten beschreiben statistische Zusammenhänge zwischen Kreisen, keine Wirkungen.",
        "Linear regression (OLS) over {n} districts, R² = {r2}; robust standard errors (HC3), {konfidenz} % "
        "confidence intervals. VIF = variance inflation factor (above 5–10: indicators strongly related, "
        "coefficients uncertain). Not in the model for lack of complete values: {weg} districts. "
        "Coefficients describe statistical associations between districts, not effects."),
    "vergleich.residuen": ("### Residuen aller Kreise", "### Residuals of all districts"),
    "vergleich.erwartung": ("### Beobachtet und erwartet: die Kreise beider Regionen",
                            "### Observed and expected: the districts of both regions"),
    "vergleich.erwartung_text": (
        "Erwartet = Wert, den das Modell für einen Kreis mit dieser Struktur vorhersagt; Residuum = "
        "beobachtet − erwartet. Liegt der beobachtete Wert im {konfidenz}-%-Vorhersageintervall, ist die "
        "Abweichung mit der Streuung zwischen den Kreisen vereinbar. Ein Residuum misst, was die Merkmale "
        "des Modells nicht abbilden – nicht die Wirkung der Politik vor Ort.",
        "Expected = the value the model predicts for a district with this structure; residual = observed − "
        "expected. If the observed value lies within the {konfidenz} % prediction interval, the deviation is "
        "in line with the spread between districts. A residual measures what the model's indicators do not "
        "capture – not the effect of local policy."),
    "vergleich.panel": ("## Panelmodell Kreis × Jahr", "## Panel model district × year"),
    "vergleich.panel_text": (
        "Ergebnis: {ergebnis}. {n} Beobachtungen aus {kreise} Kreisen, {start}–{ende}, mit festen Effekten "
        "für Kreis und Jahr (sie fangen alles auf, was sich in einem Kreis nicht ändert, und alles, was ein "
        "Jahr überall gleich trifft); Standardfehler nach Kreis geclustert. Im Datenstand ändern sich nur "
        "die INKAR-Reihen von Jahr zu Jahr; sie enden 2020–2022, daher bleiben die späteren BA-Jahre außen "
        "vor. Die Koeffizienten beschreiben, wie Veränderungen innerhalb eines Kreises zusammen auftreten, "
        "nicht ihre Ursachen.",
        "Outcome: {ergebnis}. {n} observations from {kreise} districts, {start}–{ende}, with district and "
        "year fixed effects (absorbing everything constant within a district and everything that hits all "
        "districts alike in a year); standard errors clustered by district. In the snapshot only the INKAR "
        "series change from year to year; they end in 2020–2022, so the later BA years are not used. "
        "Coefficients describe how changes within a district occur together, not their causes."),
    "vergleich.panel_ergebnis.anteil_auslaender": ("Anteil der Ausländer an den Arbeitslosen (%)",
                                                    "foreigners' share of the unemployed (%)"),
    "vergleich.panel_ergebnis.log_auslaender": ("Logarithmus der arbeitslosen Ausländer",
                                                 "log of unemployed foreigners"),
    "vergleich.grenzen": ("## Annahmen und Grenzen der Vergleiche und Modelle",
                          "## Assumptions and limits of the comparisons and models"),
    "vergleich.grenzen_text": (
        "- Zwillinge, Rangplätze und Modelle beruhen auf den Kreiswerten des Datenstands; fehlende Werte "
        "werden nicht geschätzt, die betroffenen Kreise fallen heraus.\n"
        "- Die Merkmale stammen aus verschiedenen Jahren (genannt) und teils aus verschiedenen "
        "Bevölkerungsbasen (Zensus 2011 und 2022).\n"
        "- Quoten der BA sind auf 0,1 % gerundet; aus ihnen neu berechnete Regionswerte sind Näherungen.\n"
        "- Ein Kreis ist keine Person: Zusammenhänge zwischen Kreisen gelten nicht für Einzelne "
        "(ökologischer Fehlschluss).\n"
        "- Keines der Modelle hat ein Design, das Ursachen trennt (kein Experiment, keine Vorher-nachher-"
        "Kontrolle einer Maßnahme). Unterschiede zwischen {region} und {vergleich} können aus der Struktur, "
        "aus der Zusammensetzung der Zugewanderten oder aus dem Handeln vor Ort kommen – die Zahlen allein "
        "entscheiden das nicht.",
        "- Twins, ranks and models rest on the district values of the snapshot; missing values are not "
        "estimated, the districts concerned drop out.\n"
        "- Indicators come from different years (stated) and partly from different population bases "
        "(census 2011 and 2022).\n"
        "- BA rates are rounded to 0.1 %; region values recomputed from them are approximations.\n"
        "- A district is not a person: associations between districts do not hold for individuals "
        "(ecological fallacy).\n"
        "- None of the models has a design that separates causes (no experiment, no before-after control "
        "of a measure). Differences between {region} and {vergleich} may come from structure, from the "
        "composition of the newcomers or from local action – the numbers alone do not decide this."),
})

TEXTS.update({
    "summary.titel": ("Kurzprofil: {region} und {vergleich}", "Short profile: {region} and {vergleich}"),
    "summary.snapshot": ("Datenstand geprüft: {dateien} Dateien, {indikatoren} Indikatoren, alle Prüfsummen stimmen.",
                         "Snapshot checked: {dateien} files, {indikatoren} indicators, all checksums match."),
    "summary.kreise": ("  Kreise ({n}): {namen}", "  Districts ({n}): {namen}"),
    "summary.gemeinden": ("  Gemeinden (Gemeindeverzeichnis {edition}): {n}",
                          "  Municipalities (municipal register {edition}): {n}"),
    "summary.einwohner": ("  Einwohner {jahr}: {wert}", "  Inhabitants {jahr}: {wert}"),
    "summary.schutzsuchende": ("  Schutzsuchende {jahr}: {wert} ({je_1000} je 1.000 Einwohner)",
                               "  Protection seekers {jahr}: {wert} ({je_1000} per 1,000 inhabitants)"),
    "summary.rundung": ("Schutzsuchende: Destatis rundet jede Zelle auf ein Vielfaches von 5, Summen weichen "
                        "daher leicht von veröffentlichten Summen ab.",
                        "Protection seekers: Destatis rounds every cell to a multiple of 5, so sums deviate "
                        "slightly from published totals."),
    "summary.quellen": ("Quellen:", "Sources:"),
})

THEME_NAMES = {
    "bevoelkerung": ("Bevölkerung und Schutzsuchende", "Population and protection seekers"),
    "wohnen": ("Wohnen", "Housing"),
    "lernen": ("Lernen", "Learning"),
    "arbeiten": ("Arbeiten", "Work"),
    "finanzen": ("Finanzen", "Finance"),
}


def t(key: str, lang: str = "de", **figures) -> str:
    """The text ``key`` in ``lang`` ("de" or "en") with ``figures`` filled in."""
    if lang not in ("de", "en"):
        raise ParameterError(f"sprache must be 'de' or 'en', not {lang!r}")
    if key not in TEXTS:
        raise ParameterError(f"no report text {key!r}")
    return TEXTS[key][0 if lang == "de" else 1].format(**figures)


def theme_name(theme: str, lang: str = "de") -> str:
    return THEME_NAMES[theme][0 if lang == "de" else 1]
