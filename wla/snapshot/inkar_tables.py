"""Recipe: Kreis indicators from INKAR (BBSR) exports and INKAR extracts.

Sources (all in ``../shared/data``; see kreise/SOURCES.md §4, §9a, §9b and gemeinden/SOURCES.md §4):

* ``kreise/heddesheimer_inkar_schutzsuchende_auslaender_anteil_kreise_1995-2021_EXTRACT.csv`` –
  Schutzsuchende in % of the population / of the foreign population, 2007–2020;
* ``kreise/heddesheimer_inkar_kreise_asylbewerber_alq_wanderung_1995-2020.csv`` – AsylbLG
  recipients per 1,000 inhabitants, 2010–2020;
* ``kreise/ruettenauer_inkar_kreise_10indikatoren_1995-2022.csv`` – Ausländeranteil 1995–2022,
  Arbeitslosenquote 1998–2021;
* ``kreise/ruettenauer_inkar_kreise_12indikatoren_1995-2020.csv`` – population (31.12.) and
  Beschäftigtenquote;
* ``gemeinden/gerdapkg_inkar_county_covariates_1995_2022_EXTRACT.csv`` (+ codebook) – 17 further
  INKAR indicators;
* ``kreise/zidatalab_inkar_2017_kreise_28indikatoren.csv`` – SGB II figures and employee
  qualification shares, 2017.

All rows are Kreise (level ``kreis``) on the Gebietsstand of the file they come from; values are
as published by INKAR (rounded, mostly to two decimals). Years in which a series is empty for
every Kreis are dropped; single empty cells stay as NaN with flag ``"na"``.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..catalog import DL_DE_BY, Indicator
from ..exceptions import SourceFormatError
from ..sources.common import level_of
from ..sources.inkar import read_inkar_extract, read_inkar_wide

PUBLISHER = (
    "Bundesinstitut für Bau-, Stadt- und Raumforschung (BBSR), "
    "INKAR – Indikatoren und Karten zur Raum- und Stadtentwicklung"
)
URL = "https://www.inkar.de"

F_SCHUTZ = "kreise/heddesheimer_inkar_schutzsuchende_auslaender_anteil_kreise_1995-2021_EXTRACT.csv"
F_ASYL = "kreise/heddesheimer_inkar_kreise_asylbewerber_alq_wanderung_1995-2020.csv"
F_R10 = "kreise/ruettenauer_inkar_kreise_10indikatoren_1995-2022.csv"
F_R12 = "kreise/ruettenauer_inkar_kreise_12indikatoren_1995-2020.csv"
F_GERDA = "gemeinden/gerdapkg_inkar_county_covariates_1995_2022_EXTRACT.csv"
F_GERDA_BOOK = "gemeinden/gerdapkg_inkar_county_covariates_codebook_EXTRACT.csv"
F_ZIDA = "kreise/zidatalab_inkar_2017_kreise_28indikatoren.csv"

_BASIS_NOTE = (
    "Per-inhabitant figures rest on the Zensus-2011-based population from 2011 on (series break "
    "2010→2011; earlier years on the older Fortschreibung). Whether INKAR's 2022 values already "
    "use the Zensus-2022 base is not documented in the file – treat 2022 with care."
)
_GS_2020 = "Kreise, Gebietsstand 31.12.2020 (401 Kreise, Eisenach 16056 separate)."
_GS_2021 = "Kreise, Gebietsstand 2021 (400 Kreise, Eisenach within Wartburgkreis 16063)."
_GS_ZIDA = "Kreise, Gebietsstand 2017–2020 (401 Kreise: Göttingen merged, Eisenach separate)."
_GERDA_NOTE = (
    "From an R extract of the gerda package (values unchanged, decimal point); "
    "Kreise on 2021 boundaries (400). "
)


def _ind(id, label_de, label_en, unit, theme, table, reference, raw_file, kind="rate",
         basis="Zensus 2011", weight="", notes="", extra_files=()) -> Indicator:
    """One INKAR indicator with the fields every INKAR entry shares."""
    return Indicator(
        id=id, label_de=label_de, label_en=label_en, unit=unit, theme=theme, levels=("kreis",),
        publisher=PUBLISHER, table=table, reference=reference, licence=DL_DE_BY, url=URL,
        raw_files=(Path(raw_file).name, *extra_files), kind=kind, basis=basis, weight=weight,
        notes=notes,
    )


def _gerda(id, label_de, label_en, unit, theme, code, reference, weight="", basis="Zensus 2011",
           kind="rate", notes="") -> Indicator:
    """An indicator taken from the gerda INKAR extract (INKAR code from its codebook)."""
    return _ind(id, label_de, label_en, unit, theme, f"INKAR-Indikator {code}", reference, F_GERDA,
                kind=kind, basis=basis, weight=weight,
                notes=_GERDA_NOTE + f"INKAR code {code} (gerda codebook). " + notes,
                extra_files=(Path(F_GERDA_BOOK).name,))


POP = "bevoelkerung_inkar"

INDICATORS: list[Indicator] = [
    _ind("schutzsuchende_anteil", "Schutzsuchende an der Bevölkerung", "Persons seeking protection, share of population",
         "%", "bevoelkerung", "INKAR-Indikator „Schutzsuchende an Bevölkerung“ (a_schutzs_bev)",
         "31.12.2007–31.12.2020", F_SCHUTZ, weight=POP,
         notes="Schutzsuchende (AZR, Destatis 12531) in % of inhabitants. EXTRACT from an R data.table "
               "(heddesheimer replication files) of an INKAR download. " + _GS_2020 + " Neumünster "
               "includes the Landes-Erstaufnahmeeinrichtung (2016: 4.31 %). Empty (flag na) 2007–2019 for the "
               "Saarland Kreise 10041–10046 and in some years for 06633 and 12071. " + _BASIS_NOTE),
    _ind("schutzsuchende_anteil_auslaender", "Schutzsuchende an der ausländischen Bevölkerung",
         "Persons seeking protection, share of foreign population", "%", "bevoelkerung",
         "INKAR-Indikator „Schutzsuchende an ausländischer Bevölkerung“", "31.12.2007–31.12.2020", F_SCHUTZ,
         notes="Schutzsuchende in % of foreigners; jumps 2010→2011 because the Zensus 2011 lowered the "
               "foreign population. EXTRACT (heddesheimer). " + _GS_2020),
    _ind("asylbewerber_je_1000", "Empfänger von Asylbewerberregelleistungen je 1.000 Einwohner",
         "Recipients of regular asylum seeker benefits (AsylbLG) per 1,000 inhabitants", "je 1.000 Einwohner",
         "bevoelkerung", "INKAR-Indikator „Asylbewerber“ (q_asyl_bev; Grundlage Destatis 22221)",
         "31.12.2010–31.12.2020", F_ASYL, weight=POP,
         notes="Recipients counted where housed: Neumünster (reception centre) 70.31 in 2015. Kiel 2015 "
               "lower than 2014/2016; AsylbLG statistics had reporting problems 2015–2018 and were "
               "redesigned in 2020 (possible break 2019→2020). LK Coburg 2010 0.00 as published; "
               "Berlin 2020, Lüneburg 2017, Steinfurt 2018 empty. 2010 on the pre-Zensus-2011 base. "
               + _GS_2020),
    _ind("auslaenderanteil", "Ausländeranteil", "Foreign nationals, share of population", "%", "bevoelkerung",
         "INKAR-Indikator „Ausländeranteil“ (a_ausl_bev)", "31.12.1995–31.12.2022", F_R10, weight=POP,
         notes="Drop 2010→2011 from the Zensus 2011 revision. " + _GS_2021 + " " + _BASIS_NOTE),
    _ind("arbeitslosenquote_inkar", "Arbeitslosenquote (alle zivilen Erwerbspersonen)",
         "Unemployment rate (all civilian labour force)", "%", "arbeiten",
         "INKAR-Indikator „Arbeitslosenquote“ (q_alo; Statistik der BA)", "Jahresdurchschnitt 1998–2021", F_R10,
         basis="",
         notes="Arbeitslose in % of all civilian Erwerbspersonen (BA; back-calculated on this base for "
               "1998–2008). One source for all years: ruettenauer 10-indicator file; identical to the "
               "heddesheimer export 1998–2020 except Wartburgkreis (boundaries), and to the older INKAR "
               ".xls (one decimal) 1998–2017 within rounding. " + _GS_2021),
    _ind("bevoelkerung_inkar", "Bevölkerung insgesamt (INKAR)", "Population total (INKAR)", "Personen",
         "bevoelkerung", "INKAR-Indikator „Bevölkerung gesamt“", "31.12.1995–31.12.2020", F_R12, kind="count",
         notes="Fortgeschriebene Bevölkerung at 31.12.; Zensus 2011 base from 2011 on (older "
               "Fortschreibung before). Do not mix with Zensus-2022-based 12411 figures. " + _GS_2020),
    _ind("beschaeftigtenquote", "Beschäftigtenquote", "Employment rate (employees subject to social security)",
         "%", "arbeiten", "INKAR-Indikator „Beschäftigtenquote“", "1997–2020 (Stichtag 30.06.)", F_R12,
         notes="Sozialversicherungspflichtig Beschäftigte am Wohnort je 100 Einwohner im erwerbsfähigen "
               "Alter (INKAR definition; denominator not in this snapshot). Also in the zidatalab 2017 "
               "file (as Beschäftigtenquote and Beschäftigungsquote, same values) – not emitted twice. "
               + _GS_2020),
    _gerda("kinderbetreuung_u3", "Betreuungsquote Kinder unter 3 Jahren", "Childcare rate, children under 3",
           "%", "lernen", "a_betr0003_bev0003", "2006–2020",
           notes="Children under 3 in day care in % of the age group."),
    _gerda("kinderbetreuung_3_6", "Betreuungsquote Kinder von 3 bis unter 6 Jahren", "Childcare rate, children aged 3 to 6",
           "%", "lernen", "a_betr0306_bev0306", "2006–2020",
           notes="Can exceed 100 % (children cared for outside their home Kreis, age-group base)."),
    _gerda("schulabgaenger_ohne_abschluss_quote", "Schulabgänger ohne Hauptschulabschluss", "School leavers without any degree",
           "%", "lernen", "a_schul_oA", "Schuljahre 1995–2022 (Abgangsjahr)", basis="",
           notes="In % of all school leavers (by school location). Also in the zidatalab 2017 file "
                 "(Schulabgänger ohne Abschluss = Schulabbrecherquote) – not emitted twice."),
    _gerda("schulabgaenger_abitur_quote", "Schulabgänger mit allgemeiner Hochschulreife", "School leavers with Abitur",
           "%", "lernen", "a_schul_abi", "Schuljahre 1995–2022 (Abgangsjahr)", basis="",
           notes="In % of all school leavers (by school location). 0.00 where no Abitur cohort left school "
                 "(e.g. Niedersachsen 2020, G8→G9) – as published."),
    _gerda("mietpreis_angebot", "Angebotsmieten (Wiedervermietungsmieten)", "Asking rents for re-lettings",
           "EUR/m²", "wohnen", "m_mietpr", "2010–2022", kind="mean", basis="",
           notes="Net cold rent per m² of advertised re-lettings (BBSR-Wohnungsmarktbeobachtung); "
                 "not comparable with rents of existing contracts or with Zensus rents."),
    _gerda("wohnflaeche_je_ew", "Wohnfläche je Einwohner", "Living space per inhabitant", "m² je Einwohner",
           "wohnen", "q_wofl_bev", "31.12.2011–31.12.2022", kind="mean", weight=POP,
           notes=_BASIS_NOTE),
    _gerda("kommunale_schulden_je_ew", "Kommunale Schulden je Einwohner", "Municipal debt per inhabitant",
           "EUR je Einwohner", "finanzen", "q_gemschuld_bev", "31.12.2010–31.12.2019", weight=POP,
           notes="0.00 for some debt-free cities (e.g. Wolfsburg) and Hamburg in some years, empty for the "
                 "city states in most years – as published. "
                 "Same values as 'Kommunale Schulden' in the ruettenauer 12-indicator file. " + _BASIS_NOTE),
    _gerda("steuerkraft_je_ew", "Gemeindliche Steuerkraft je Einwohner", "Municipal tax capacity per inhabitant",
           "EUR je Einwohner", "finanzen", "q_gest_bev", "1995–2019", weight=POP,
           notes="A few East-German Kreise show 0.00 in 1997 in the extract – doubtful, kept as published. "
                 + _BASIS_NOTE),
    _gerda("kaufkraft_je_ew", "Kaufkraft je Einwohner", "Purchasing power per inhabitant", "EUR je Einwohner",
           "finanzen", "q_kaufkraft", "2013–2021", weight=POP,
           notes="Kreis 09273 (Kelheim) 2021 shows 0.00 in the extract – doubtful, kept as published. "
                 + _BASIS_NOTE),
    _gerda("arbeitslosenquote_u25", "Arbeitslosenquote Jüngere (unter 25 Jahre)", "Unemployment rate, under 25",
           "%", "arbeiten", "q_alo_u25", "Jahresdurchschnitt 2008–2022", basis=""),
    _gerda("langzeitarbeitslose_anteil", "Anteil Langzeitarbeitsloser an den Arbeitslosen", "Long-term unemployed, share of unemployed",
           "%", "arbeiten", "a_aloLang", "Jahresdurchschnitt 1995–2022", basis="",
           notes="Unemployed for 12 months or longer in % of all unemployed."),
    _gerda("bip_je_ew", "Bruttoinlandsprodukt je Einwohner", "GDP per inhabitant", "1.000 EUR je Einwohner",
           "arbeiten", "q_bip_ew", "1995–2021", weight=POP,
           notes="In 1,000 EUR (Kiel 2015: 42.88 = BIP 10,561,500 TEUR / 246,306 inhabitants); the gerda "
                 "codebook's unit 'euros' is wrong. " + _BASIS_NOTE),
    _gerda("anteil_65plus", "Anteil Einwohner 65 Jahre und älter", "Share of inhabitants aged 65 and over",
           "%", "bevoelkerung", "a_bev65um", "31.12.1995–31.12.2022", weight=POP, notes=_BASIS_NOTE),
    _gerda("medianalter", "Medianalter der Bevölkerung", "Median age of the population", "Jahre",
           "bevoelkerung", "m_bev_alter", "31.12.1995–31.12.2022", kind="mean",
           notes="A median: region totals cannot be recomputed from Kreis values. " + _BASIS_NOTE),
    _gerda("baugenehmigungen_je_1000", "Baugenehmigungen für Wohnungen je 1.000 Einwohner",
           "Dwellings approved for construction per 1,000 inhabitants", "je 1.000 Einwohner", "wohnen",
           "q_gen_wo_ew", "1995–2022", weight=POP,
           notes="The gerda codebook says 'per 10,000', but the values (median about 3, Kiel 2020 5.70) are "
                 "per 1,000 inhabitants, INKAR's unit. " + _BASIS_NOTE),
    _gerda("niedrigeinkommen_anteil", "Haushalte mit niedrigem Einkommen", "Households with low income",
           "%", "finanzen", "a_hheink_niedrig", "2013–2021", basis="",
           notes="Households with low net income in % of all households; the income threshold is not "
                 "documented in these files (gerda codebook: '<60 % of median') – see INKAR metadata. "
                 "Same values as the zidatalab 2017 file (2016, one decimal) – not emitted twice."),
    _gerda("hausaerzte_je_10000", "Hausärzte je 10.000 Einwohner", "General practitioners per 10,000 inhabitants",
           "je 10.000 Einwohner", "raum", "q_hausarzt_bev", "2015–2022", weight=POP,
           notes="Health infrastructure filed under theme 'raum'. " + _BASIS_NOTE),
    _ind("sgb2_quote", "SGB II-Quote", "Share of people receiving SGB II benefits (Grundsicherung für Arbeitsuchende)",
         "%", "arbeiten", "INKAR-Indikator „SGB II - Quote“", "2017", F_ZIDA,
         notes="Leistungsberechtigte nach SGB II in % of the population under the statutory age limit "
               "(BA definition of the SGB II-Quote; denominator not in this snapshot). One decimal. "
               "Only 2017 (zidatalab copy of an INKAR export). " + _GS_ZIDA),
    _ind("sgb2_sgb12_quote", "SGB II-/SGB XII-Quote", "Share of people receiving SGB II or SGB XII minimum income benefits",
         "%", "arbeiten", "INKAR-Indikator „SGB II-/SGB XII-Quote“", "2017", F_ZIDA,
         notes="Recipients of SGB II and SGB XII minimum income benefits in % of the population; exact "
               "INKAR definition not in the file (see INKAR metadata). One decimal. Only 2017. " + _GS_ZIDA),
    _ind("beschaeftigte_ohne_berufsabschluss_anteil", "Beschäftigte am Wohnort ohne Berufsabschluss",
         "Employees at place of residence without vocational qualification", "%", "arbeiten",
         "INKAR-Indikator „Beschäftigte am Wohnort ohne Berufsabschluss“", "2017", F_ZIDA,
         notes="In % of all employees subject to social security at place of residence. One decimal. "
               "Only 2017. " + _GS_ZIDA),
    _ind("beschaeftigte_akademischer_abschluss_anteil", "Beschäftigte am Wohnort mit akademischem Abschluss",
         "Employees at place of residence with a university degree", "%", "arbeiten",
         "INKAR-Indikator „Beschäftigte am Wohnort mit akademischem Abschluss“", "2017", F_ZIDA,
         notes="In % of all employees subject to social security at place of residence. One decimal. "
               "Only 2017. " + _GS_ZIDA),
]

# (raw file, variable in the file) -> indicator id, per source reader
_WIDE = {
    F_ASYL: {"Asylbewerber": "asylbewerber_je_1000"},
    F_R10: {"Ausländeranteil": "auslaenderanteil", "Arbeitslosenquote": "arbeitslosenquote_inkar"},
    F_R12: {"Bevölkerung gesamt": "bevoelkerung_inkar", "Beschäftigtenquote": "beschaeftigtenquote"},
    F_ZIDA: {
        "SGB II - Quote": "sgb2_quote",
        "SGB II-/SGB XII-Quote": "sgb2_sgb12_quote",
        "Beschäftigte am Wohnort ohne Berufsabschluss": "beschaeftigte_ohne_berufsabschluss_anteil",
        "Beschäftigte am Wohnort mit akademischem Abschluss": "beschaeftigte_akademischer_abschluss_anteil",
    },
}
_EXTRACT = {
    F_SCHUTZ: {
        "Schutzsuchende_an_Bevölkerung": "schutzsuchende_anteil",
        "Schutzsuchende_an_ausländischer_Bevölkerung": "schutzsuchende_anteil_auslaender",
    },
    F_GERDA: {
        "childcare_under3": "kinderbetreuung_u3",
        "childcare_3to6": "kinderbetreuung_3_6",
        "share_no_degree": "schulabgaenger_ohne_abschluss_quote",
        "share_abitur": "schulabgaenger_abitur_quote",
        "rent_level": "mietpreis_angebot",
        "living_space_per_capita": "wohnflaeche_je_ew",
        "municipal_debt_per_capita": "kommunale_schulden_je_ew",
        "tax_revenue_per_capita": "steuerkraft_je_ew",
        "purchasing_power": "kaufkraft_je_ew",
        "youth_unemployment_rate": "arbeitslosenquote_u25",
        "share_longterm_unemployed": "langzeitarbeitslose_anteil",
        "gdp_per_capita": "bip_je_ew",
        "share_65plus": "anteil_65plus",
        "median_age": "medianalter",
        "building_permits_per_capita": "baugenehmigungen_je_1000",
        "share_low_income_hh": "niedrigeinkommen_anteil",
        "gp_density": "hausaerzte_je_10000",
    },
}


def _select(frame: pd.DataFrame, mapping: dict[str, str], path) -> pd.DataFrame:
    """Rows of the mapped variables, renamed to indicator ids; a missing variable is an error."""
    missing = set(mapping) - set(frame["variable"].unique())
    if missing:
        raise SourceFormatError(path, f"indicator(s) {sorted(missing)} not in the file")
    rows = frame[frame["variable"].isin(mapping)]
    return rows.assign(indicator=rows["variable"].map(mapping))


def _to_snapshot(rows: pd.DataFrame) -> pd.DataFrame:
    """Kreis rows in the snapshot schema; years empty for every Kreis are dropped."""
    rows = rows[rows["ags"].map(level_of) == "kreis"]
    filled = rows["flag"].ne("na").groupby([rows["indicator"], rows["year"]]).transform("any")
    rows = rows[filled]
    return pd.DataFrame(
        {
            "ags": rows["ags"].astype(str),
            "level": "kreis",
            "year": rows["year"].astype(int),
            "indicator": rows["indicator"],
            "category": "insgesamt",
            "value": rows["value"].astype("float64"),
            "flag": rows["flag"].astype(str),
        }
    )


def build(raw: Path) -> pd.DataFrame:
    """All INKAR indicators of :data:`INDICATORS` as snapshot rows (Kreise only)."""
    raw = Path(raw)
    parts = [_select(read_inkar_wide(raw / f), m, raw / f) for f, m in _WIDE.items()]
    parts += [_select(read_inkar_extract(raw / f), m, raw / f) for f, m in _EXTRACT.items()]
    out = _to_snapshot(pd.concat(parts, ignore_index=True))
    return out.sort_values(["indicator", "ags", "year"]).reset_index(drop=True)
