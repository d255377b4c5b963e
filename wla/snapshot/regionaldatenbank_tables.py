"""Recipe: Kreis tables of the Regionaldatenbank Deutschland (GENESIS table CSV downloads).

Raw files (``kreise/``, see ``kreise/SOURCES.md`` §1b, §1c, §3a, §3b):

* ``buddemax_destatis_13211-02-05-4.csv`` – Arbeitslose and Arbeitslosenquoten, Jahresdurchschnitt 2025;
* ``nicofhahn_destatis_arbeitslose_2019.csv`` – the same table family for 2019 (simplified header);
* ``nicofhahn_destatis_schutzsuchende_2018.csv`` – Schutzsuchende 31.12.2018 (simplified header);
* ``nicofhahn_destatis_asylbewerberleistungen_2019.csv`` – AsylbLG recipients 31.12.2019;
* ``buddemax_destatis_21111-01-03-4.csv`` – Schulen and Schüler by school type, Schuljahr 2023/24;
* ``buddemax_destatis_21111-02-06-4.csv`` – Absolvierende/Abgehende allgemeinbildender Schulen 2023;
* ``buddemax_destatis_21121-02-02-4.csv`` – Absolvierende/Abgehende beruflicher Schulen 2023;
* ``buddemax_destatis_82411-01-03-4.csv`` – verfügbares Einkommen der privaten Haushalte 2021.

Only Bund, Land and Kreis rows are kept. The tables also list Kreise that no longer exist
(e.g. 03152 Göttingen, the pre-2011 Kreise of Sachsen-Anhalt), printed with ``-`` throughout: a
Kreis is kept when it carries at least one value other than ``-``/``x`` in that table, or in the
2025 table 13211-02-05-4 (i.e. it still exists; so LK Coburg, which has no vocational school,
keeps its ``-`` = 0 in 21121-02-02-4).
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from ..catalog import DL_DE_BY, Indicator
from ..exceptions import SourceFormatError
from ..sources.common import level_of
from ..sources.regionaldatenbank import read_simplified_csv, read_table_csv

SNAPSHOT_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]
LEVELS = ("bund", "land", "kreis")

RDB = "Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland"
BA_RDB = "Statistik der Bundesagentur für Arbeit, über Regionaldatenbank Deutschland (13211-02-05-4)"
RDB_TABLE_URL = "https://www.regionalstatistik.de/genesis/online?operation=table&code={}"
RDB_STATISTIC_URL = "https://www.regionalstatistik.de/genesis/online?operation=statistic&code={}"

F_13211 = "buddemax_destatis_13211-02-05-4.csv"
F_AL_2019 = "nicofhahn_destatis_arbeitslose_2019.csv"
F_SCHUTZ_2018 = "nicofhahn_destatis_schutzsuchende_2018.csv"
F_ASYL_2019 = "nicofhahn_destatis_asylbewerberleistungen_2019.csv"
F_SCHUELER = "buddemax_destatis_21111-01-03-4.csv"
F_ABG_ALLG = "buddemax_destatis_21111-02-06-4.csv"
F_ABG_BERUF = "buddemax_destatis_21121-02-02-4.csv"
F_EINKOMMEN = "buddemax_destatis_82411-01-03-4.csv"

ALQ = "Arbeitslosenquote bez. auf alle zivile Erwerbsp."
SCHUELER = "Schülerinnen und Schüler an allgemeinbildenden Schulen"
ABG_ALLG = "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss"
ABG = "Absolvierende/Abgehende"

#: variable (header pieces of 13211-02-05-4, resp. column name of the 2019 copy) -> indicator id
VARIABLES_13211 = {
    "Arbeitslose | Anzahl": "arbeitslose",
    "Arbeitslose | ausländisch | Anzahl": "arbeitslose_auslaender",
    f"{ALQ} | Prozent": "arbeitslosenquote",
    f"{ALQ} | ausländisch | Prozent": "arbeitslosenquote_auslaender",
}
VARIABLES_AL_2019 = {"arbeitslose_insgesamt": "arbeitslose", "arbeitslose_auslaender": "arbeitslose_auslaender"}

#: 21111-01-03-4 value columns -> indicator id (category = school type of the row label)
VARIABLES_SCHUELER = {
    "Allgemeinbildende Schulen | Anzahl": "schulen",
    f"{SCHUELER} | Geschlecht | Insgesamt | Anzahl": "schueler",
    f"{SCHUELER} | Nationalität | ausländisch | Anzahl": "schueler_auslaender",
}

#: 21111-02-06-4 columns (both sexes) -> category of ``schulabgaenger``
CATEGORIES_ABG_ALLG = {
    f"{ABG_ALLG} | Insgesamt": "insgesamt",
    f"{ABG_ALLG} | ohne Hauptschulabschluss | Insgesamt": "ohne_hauptschulabschluss",
    f"{ABG_ALLG} | mit Hauptschulabschluss | Insgesamt": "hauptschulabschluss",
    f"{ABG_ALLG} | mit Mittlerem Abschluss | Insgesamt": "mittlerer_abschluss",
    f"{ABG_ALLG} | dar. schulischer Teil der Fachhochschulreife | Insgesamt": "dar_schulischer_teil_fhr",
    f"{ABG_ALLG} | mit Fachhochschulreife | Insgesamt": "fachhochschulreife",
    f"{ABG_ALLG} | mit allgemeiner Hochschulreife | Insgesamt": "hochschulreife",
}

#: 21121-02-02-4 columns (both sexes) -> category of ``schulabgaenger_beruflich``
CATEGORIES_ABG_BERUF = {
    f"{ABG} | Geschlecht | Insgesamt | Anzahl": "insgesamt",
    f"{ABG} | davon mit | mit Hauptschulabschluss | Geschlecht | Insgesamt | Anzahl": "hauptschulabschluss",
    f"{ABG} | davon mit | mit Mittlerem Abschluss | Geschlecht | Insgesamt | Anzahl": "mittlerer_abschluss",
    f"{ABG} | davon mit | Fachhochschulreife | Geschlecht | Insgesamt | Anzahl": "fachhochschulreife",
    f"{ABG} | davon mit | Allg. Hochschulreife-einschl.fachge.Hochschulreife | Geschlecht | Insgesamt | Anzahl": (
        "hochschulreife"
    ),
    "nachrichtl.: zus.erw.schul.Teil d. Fachhochs.reife | Geschlecht | Insgesamt | Anzahl": (
        "nachrichtlich_schulischer_teil_fhr"
    ),
}

VARIABLES_EINKOMMEN = {
    "verfügbares Einkommen der privaten Haushalte | Tsd. EUR": "einkommen_verfuegbar",
    "verfüg. Einkommen der priv. Haushalte je Einwohner | EUR": "einkommen_verfuegbar_je_ew",
}

_AL_COMMON = dict(
    unit="Personen",
    theme="arbeiten",
    levels=LEVELS,
    publisher=BA_RDB,
    table="13211-02-05-4",
    reference="Jahresdurchschnitt 2019, 2025",
    licence=DL_DE_BY,
    url=RDB_TABLE_URL.format("13211-02-05-4"),
    raw_files=(F_13211, F_AL_2019),
)
_AL_NOTE = (
    "2025 from the Regionaldatenbank download 13211-02-05-4; 2019 from a copy of the same Kreis table "
    "whose header was replaced by a repository author (nicoFhahn/masterthesis), values unchanged. "
    "Annual averages of the BA. Years 2012-2025 from BA extracts are the separate id arbeitslose_ba."
)
_ALQ_COMMON = dict(
    unit="%",
    theme="arbeiten",
    levels=LEVELS,
    publisher=BA_RDB,
    table="13211-02-05-4",
    reference="Jahresdurchschnitt 2025",
    licence=DL_DE_BY,
    url=RDB_TABLE_URL.format("13211-02-05-4"),
    raw_files=(F_13211,),
    kind="rate",
)
_SCHULE_COMMON = dict(
    theme="lernen",
    levels=LEVELS,
    publisher=RDB,
    licence=DL_DE_BY,
)

SCHUTZSUCHENDE_2018 = [
    Indicator(
        id="schutzsuchende",
        label_de="Schutzsuchende",
        label_en="Persons seeking protection",
        unit="Personen",
        theme="bevoelkerung",
        levels=LEVELS,
        publisher=RDB,
        table="12531 (Kreise)",
        reference="31.12.2018",
        licence=DL_DE_BY,
        url=RDB_STATISTIC_URL.format("12531"),
        raw_files=(F_SCHUTZ_2018,),
        notes=(
            "Statistik über Schutzsuchende (Ausländerzentralregister). 31.12.2018: total only, from a copy "
            "of the Regionaldatenbank Kreis table whose header was replaced by a repository author "
            "(nicoFhahn/masterthesis); exact code not recorded in the copy (likely 12531-01-01-4). "
            "Counts rounded to multiples of 5 by Destatis. Printed '.' for 06633 LK Kassel, 12071 Spree-Neiße and "
            "all Saarland Kreise (the AZR reports them inside other Kreise)."
        ),
    )
]

INDICATORS = [
    Indicator(
        id="arbeitslose",
        label_de="Arbeitslose",
        label_en="Unemployed persons",
        notes=_AL_NOTE,
        **_AL_COMMON,
    ),
    Indicator(
        id="arbeitslose_auslaender",
        label_de="Arbeitslose Ausländerinnen und Ausländer",
        label_en="Unemployed foreign nationals",
        notes=_AL_NOTE,
        **_AL_COMMON,
    ),
    Indicator(
        id="arbeitslosenquote",
        label_de="Arbeitslosenquote bezogen auf alle zivilen Erwerbspersonen",
        label_en="Unemployment rate (all civilian labour force)",
        notes="Rate as published by the BA; the reference labour force is not in the file, so region totals are not recomputed.",
        **_ALQ_COMMON,
    ),
    Indicator(
        id="arbeitslosenquote_auslaender",
        label_de="Arbeitslosenquote der Ausländerinnen und Ausländer (bez. auf alle zivilen Erwerbspersonen)",
        label_en="Unemployment rate of foreign nationals (all civilian labour force)",
        notes=(
            "Rate as published by the BA; the reference labour force is not in the file, so region totals are "
            "not recomputed. Footnote of the table: for 2017 the foreigners' rate was not published at Kreis level."
        ),
        **_ALQ_COMMON,
    ),
    *SCHUTZSUCHENDE_2018,
    Indicator(
        id="asylbewerberleistungen",
        label_de="Empfängerinnen und Empfänger von Regelleistungen nach dem Asylbewerberleistungsgesetz",
        label_en="Recipients of regular benefits under the Asylum Seekers' Benefits Act",
        unit="Personen",
        theme="bevoelkerung",
        levels=LEVELS,
        publisher=RDB,
        table="22221 (Kreise)",
        reference="31.12.2019",
        licence=DL_DE_BY,
        url=RDB_STATISTIC_URL.format("22221"),
        raw_files=(F_ASYL_2019,),
        notes=(
            "Statistik der Empfänger von Asylbewerberregelleistungen; copy with a header written by a repository "
            "author (nicoFhahn/masterthesis), exact table code not recorded (likely 22221-01-01-4). Only the first "
            "column (all recipients) is used: the labels of columns 2 and 3 ('weiblich', 'maennlich') are wrong "
            "(female + 'male' != total). Counted where housed: Neumünster includes a Landes-Erstaufnahmeeinrichtung. "
            "The statistic was redesigned in 2020 (series break 2019/2020)."
        ),
    ),
    Indicator(
        id="schulen",
        label_de="Allgemeinbildende Schulen",
        label_en="General education schools",
        unit="Schulen",
        table="21111-01-03-4",
        reference="Schuljahresbeginn 2023/24",
        url=RDB_TABLE_URL.format("21111-01-03-4"),
        raw_files=(F_SCHUELER,),
        categories="school type (snake_case of the row label), insgesamt",
        notes=(
            "Category = school type. The 'insgesamt' row is printed 'x' by the publisher: schools running several "
            "school types are one organisational unit, so the types do not add up to a total."
        ),
        **_SCHULE_COMMON,
    ),
    Indicator(
        id="schueler",
        label_de="Schülerinnen und Schüler an allgemeinbildenden Schulen",
        label_en="Pupils at general education schools",
        unit="Personen",
        table="21111-01-03-4",
        reference="Schuljahresbeginn 2023/24",
        url=RDB_TABLE_URL.format("21111-01-03-4"),
        raw_files=(F_SCHUELER,),
        categories="school type (snake_case of the row label), insgesamt (published all-schools row)",
        notes="Year 2023 = Schuljahr 2023/24. 'insgesamt' is the published all-schools row; do not add it to the types.",
        **_SCHULE_COMMON,
    ),
    Indicator(
        id="schueler_auslaender",
        label_de="Ausländische Schülerinnen und Schüler an allgemeinbildenden Schulen",
        label_en="Foreign pupils at general education schools",
        unit="Personen",
        table="21111-01-03-4",
        reference="Schuljahresbeginn 2023/24",
        url=RDB_TABLE_URL.format("21111-01-03-4"),
        raw_files=(F_SCHUELER,),
        categories="school type (snake_case of the row label), insgesamt (published all-schools row)",
        notes=(
            "Nationality (not migration background). Year 2023 = Schuljahr 2023/24. 'insgesamt' is the published "
            "all-schools row. Footnote: Niedersachsen 2016 limited data quality for nationality."
        ),
        **_SCHULE_COMMON,
    ),
    Indicator(
        id="schulabgaenger",
        label_de="Absolvierende/Abgehende allgemeinbildender Schulen",
        label_en="School leavers from general education schools",
        unit="Personen",
        table="21111-02-06-4",
        reference="Schuljahr 2022/23 (Berichtsjahr 2023)",
        url=RDB_TABLE_URL.format("21111-02-06-4"),
        raw_files=(F_ABG_ALLG,),
        categories=(
            "insgesamt, ohne_hauptschulabschluss, hauptschulabschluss, mittlerer_abschluss, fachhochschulreife, "
            "hochschulreife, dar_schulischer_teil_fhr"
        ),
        notes=(
            "Berichtsjahr = year in which the school year ends. dar_schulischer_teil_fhr is a 'darunter' sub-item "
            "and must not be summed with the other categories. Includes Nichtschülerprüfungen since 2012. "
            "Some Länder round to multiples of 3 or 5, so categories may not add up exactly."
        ),
        **_SCHULE_COMMON,
    ),
    Indicator(
        id="schulabgaenger_ohne_abschluss",
        label_de="Abgehende allgemeinbildender Schulen ohne Hauptschulabschluss",
        label_en="School leavers without lower secondary qualification",
        unit="Personen",
        table="21111-02-06-4",
        reference="Schuljahr 2022/23 (Berichtsjahr 2023)",
        url=RDB_TABLE_URL.format("21111-02-06-4"),
        raw_files=(F_ABG_ALLG,),
        notes="Same figure as schulabgaenger, category ohne_hauptschulabschluss.",
        **_SCHULE_COMMON,
    ),
    Indicator(
        id="schulabgaenger_ohne_abschluss_anteil",
        label_de="Anteil der Abgehenden ohne Hauptschulabschluss",
        label_en="Share of school leavers without lower secondary qualification",
        unit="%",
        table="21111-02-06-4",
        reference="Schuljahr 2022/23 (Berichtsjahr 2023)",
        url=RDB_TABLE_URL.format("21111-02-06-4"),
        raw_files=(F_ABG_ALLG,),
        kind="rate",
        numerator="schulabgaenger_ohne_abschluss",
        denominator="schulabgaenger",
        scale=100.0,
        notes=(
            "Computed here (not published): ohne Hauptschulabschluss / Absolvierende/Abgehende insgesamt x 100, "
            "both official counts of the same table. NaN (flag x) where the total is 0."
        ),
        **_SCHULE_COMMON,
    ),
    Indicator(
        id="schulabgaenger_beruflich",
        label_de="Absolvierende/Abgehende beruflicher Schulen",
        label_en="School leavers from vocational schools",
        unit="Personen",
        table="21121-02-02-4",
        reference="Schuljahr 2022/23 (Berichtsjahr 2023)",
        url=RDB_TABLE_URL.format("21121-02-02-4"),
        raw_files=(F_ABG_BERUF,),
        categories=(
            "insgesamt, hauptschulabschluss, mittlerer_abschluss, fachhochschulreife, hochschulreife, "
            "nachrichtlich_schulischer_teil_fhr"
        ),
        notes=(
            "Counted at the school location: Kreise without vocational schools (e.g. LK Coburg) show '-' (0). "
            "Categories are school-leaving qualifications acquired at vocational schools; hochschulreife includes "
            "fachgebundene Hochschulreife; nachrichtlich_schulischer_teil_fhr is a memo item, not part of the total. "
            "Some Länder round to multiples of 3 or 5."
        ),
        **_SCHULE_COMMON,
    ),
    Indicator(
        id="einkommen_verfuegbar",
        label_de="Verfügbares Einkommen der privaten Haushalte",
        label_en="Disposable income of private households",
        unit="Tsd. EUR",
        theme="finanzen",
        levels=LEVELS,
        publisher=RDB,
        table="82411-01-03-4",
        reference="2021 (Jahressumme)",
        licence=DL_DE_BY,
        url=RDB_TABLE_URL.format("82411-01-03-4"),
        raw_files=(F_EINKOMMEN,),
        notes=(
            "VGR der Länder (Umverteilungsrechnung), incl. private non-profit organisations; Berechnungsstand "
            "November 2021 of Destatis per footnote. Thüringen on Gebietsstand 31.12.2018 (16056 Eisenach still separate)."
        ),
    ),
    Indicator(
        id="einkommen_verfuegbar_je_ew",
        label_de="Verfügbares Einkommen der privaten Haushalte je Einwohner",
        label_en="Disposable income of private households per inhabitant",
        unit="EUR",
        theme="finanzen",
        levels=LEVELS,
        publisher=RDB,
        table="82411-01-03-4",
        reference="2021 (Jahressumme)",
        licence=DL_DE_BY,
        url=RDB_TABLE_URL.format("82411-01-03-4"),
        raw_files=(F_EINKOMMEN,),
        kind="mean",
        basis="Zensus 2011",
        notes=(
            "Per inhabitant (annual average population of the VGR, Zensus-2011 basis, per footnote); the "
            "population is not in the file, so region totals are not recomputed. Thüringen on Gebietsstand 31.12.2018."
        ),
    ),
]

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue", "ß": "ss"})


def slug(label: str) -> str:
    """Lower snake_case of a German label: ``"Sonderschulen/Förderschulen"`` -> ``"sonderschulen_foerderschulen"``."""
    return re.sub(r"[^a-z0-9]+", "_", label.translate(_UMLAUTS).lower()).strip("_")


def _existing_kreise(frame: pd.DataFrame) -> set[str]:
    """Kreis keys that carry at least one value other than ``-``/``x`` (i.e. the Kreis existed)."""
    kreise = frame[frame["ags"].map(level_of) == "kreis"]
    return set(kreise.loc[~kreise["flag"].isin(["-", "x"]), "ags"])


def _regions(frame: pd.DataFrame, current: set[str]) -> pd.DataFrame:
    """Bund, Land and existing Kreis rows of a table, with a ``level`` column."""
    out = frame.assign(level=frame["ags"].map(level_of))
    keep = out["level"].isin(["bund", "land"]) | (
        (out["level"] == "kreis") & out["ags"].isin(_existing_kreise(frame) | current)
    )
    return out[keep]


def _pick(frame: pd.DataFrame, variable: str, path: Path) -> pd.DataFrame:
    rows = frame[frame["variable"] == variable]
    if rows.empty:
        raise SourceFormatError(path, f"column {variable!r} not found")
    return rows


def _snapshot(rows: pd.DataFrame, indicator: str, category) -> pd.DataFrame:
    """Rows in the snapshot schema; ``category`` is a str or a Series aligned with ``rows``."""
    out = rows.assign(indicator=indicator, category=category)
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype("float64")
    return out[SNAPSHOT_COLUMNS]


def _by_variable(frame, mapping, path, category="insgesamt") -> list[pd.DataFrame]:
    return [_snapshot(_pick(frame, var, path), ind, category) for var, ind in mapping.items()]


def _share(num: pd.DataFrame, den: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """``num / den × 100`` per region; NaN with the input's flag if one is flagged, ``x`` if den is 0."""
    keys = ["ags", "level", "year"]
    m = num[keys + ["value", "flag"]].merge(den[keys + ["value", "flag"]], on=keys, suffixes=("_n", "_d"))

    def one(r):
        if math.isnan(r.value_n) or math.isnan(r.value_d):
            return math.nan, r.flag_n if math.isnan(r.value_n) else r.flag_d
        if r.value_d == 0:
            return math.nan, "x"
        return 100.0 * r.value_n / r.value_d, ""

    vf = [one(r) for r in m.itertuples(index=False)]
    out = m[keys].assign(
        indicator=indicator,
        category="insgesamt",
        value=pd.Series([v for v, _ in vf], index=m.index, dtype="float64"),
        flag=[f for _, f in vf],
    )
    return out[SNAPSHOT_COLUMNS]


def _labour(kreise: Path, current: set[str], t13211: pd.DataFrame) -> list[pd.DataFrame]:
    al2019 = _regions(read_simplified_csv(kreise / F_AL_2019), current)
    return _by_variable(_regions(t13211, current), VARIABLES_13211, kreise / F_13211) + _by_variable(
        al2019, VARIABLES_AL_2019, kreise / F_AL_2019
    )


def _refugees(kreise: Path, current: set[str]) -> list[pd.DataFrame]:
    schutz = _regions(read_simplified_csv(kreise / F_SCHUTZ_2018), current)
    asyl = _regions(read_simplified_csv(kreise / F_ASYL_2019), current)
    return _by_variable(schutz, {"schutzsuchende": "schutzsuchende"}, kreise / F_SCHUTZ_2018) + _by_variable(
        asyl, {"empfaenger_asylbewerber": "asylbewerberleistungen"}, kreise / F_ASYL_2019
    )


def _schools(kreise: Path, current: set[str]) -> list[pd.DataFrame]:
    path = kreise / F_SCHUELER
    table = _regions(read_table_csv(path), current)
    if (table["row_label"] == "").any():
        raise SourceFormatError(path, "rows without a school type (row label column missing)")
    if "Insgesamt" not in set(table["row_label"]):
        raise SourceFormatError(path, "no 'Insgesamt' (all schools) row")
    out = []
    for var, ind in VARIABLES_SCHUELER.items():
        rows = _pick(table, var, path)
        out.append(_snapshot(rows, ind, rows["row_label"].map(slug)))
    return out


def _leavers(kreise: Path, current: set[str]) -> list[pd.DataFrame]:
    path = kreise / F_ABG_ALLG
    allg = _regions(read_table_csv(path), current)
    out = [_snapshot(_pick(allg, var, path), "schulabgaenger", cat) for var, cat in CATEGORIES_ABG_ALLG.items()]
    total = _pick(allg, f"{ABG_ALLG} | Insgesamt", path)
    ohne = _pick(allg, f"{ABG_ALLG} | ohne Hauptschulabschluss | Insgesamt", path)
    out.append(_snapshot(ohne, "schulabgaenger_ohne_abschluss", "insgesamt"))
    out.append(_share(ohne, total, "schulabgaenger_ohne_abschluss_anteil"))
    path = kreise / F_ABG_BERUF
    beruf = _regions(read_table_csv(path), current)
    out += [_snapshot(_pick(beruf, var, path), "schulabgaenger_beruflich", cat) for var, cat in CATEGORIES_ABG_BERUF.items()]
    return out


def _income(kreise: Path, current: set[str]) -> list[pd.DataFrame]:
    path = kreise / F_EINKOMMEN
    return _by_variable(_regions(read_table_csv(path), current), VARIABLES_EINKOMMEN, path)


def build(raw: Path) -> pd.DataFrame:
    """Snapshot rows of all :data:`INDICATORS` from the Regionaldatenbank table files in ``raw/kreise``."""
    kreise = Path(raw) / "kreise"
    t13211 = read_table_csv(kreise / F_13211)
    current = _existing_kreise(t13211)
    parts = (
        _labour(kreise, current, t13211)
        + _refugees(kreise, current)
        + _schools(kreise, current)
        + _leavers(kreise, current)
        + _income(kreise, current)
    )
    out = pd.concat(parts, ignore_index=True)
    out["ags"] = out["ags"].astype(str)
    out["flag"] = out["flag"].astype(str)
    return out[SNAPSHOT_COLUMNS].reset_index(drop=True)
