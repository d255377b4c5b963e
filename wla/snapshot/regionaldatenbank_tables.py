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

from ..catalog import declared
from ..exceptions import SourceFormatError
from ..sources.common import level_of
from ..sources.regionaldatenbank import read_simplified_csv, read_table_csv

SNAPSHOT_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]


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

#: Catalogue rows of this recipe (wla/catalog.toml).
INDICATORS = declared("regionaldatenbank_tables")

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
