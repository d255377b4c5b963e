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
