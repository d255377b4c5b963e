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

from ..catalog import declared
from ..exceptions import SourceFormatError
from ..sources.common import level_of
from ..sources.inkar import read_inkar_extract, read_inkar_wide

F_SCHUTZ = "kreise/heddesheimer_inkar_schutzsuchende_auslaender_anteil_kreise_1995-2021_EXTRACT.csv"
F_ASYL = "kreise/heddesheimer_inkar_kreise_asylbewerber_alq_wanderung_1995-2020.csv"
F_R10 = "kreise/ruettenauer_inkar_kreise_10indikatoren_1995-2022.csv"
F_R12 = "kreise/ruettenauer_inkar_kreise_12indikatoren_1995-2020.csv"
F_GERDA = "gemeinden/gerdapkg_inkar_county_covariates_1995_2022_EXTRACT.csv"
F_ZIDA = "kreise/zidatalab_inkar_2017_kreise_28indikatoren.csv"

#: Catalogue rows of this recipe (wla/catalog.toml).
INDICATORS = declared("inkar_tables")

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
