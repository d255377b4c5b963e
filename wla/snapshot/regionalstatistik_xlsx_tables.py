"""Recipe: Regionaldatenbank tables 13111 (SvB), 31231 (housing stock), 31121/31111 (construction).

Raw files (``kreise/``, restructured xlsx exports, see SOURCES.md §3d and §5), each read once:
SvB am Arbeitsort / Wohnort 30.06.2008–2019 (13111-01-03-4, 13111-02-02-4), Wohngebäude- und
Wohnungsbestand 31.12.2011–2019 (31231-02-01-4), Baufertigstellungen and Baugenehmigungen
neuer Wohngebäude 1995–2019 (31121-01-02-4, 31111-01-02-4).

Rows kept: Deutschland, Länder, Kreise with their codes as printed (historic Kreise included);
Regierungsbezirke and the few 8-digit Gemeinde/Berlin-Bezirk rows are dropped. The publisher
prints ``-`` in every column for a region in a year in which it did not exist (e.g. 03152
Göttingen from 2016 on, 03159 Göttingen before 2016); such region-years before the first or after the
last year with a figure are dropped instead of being read as zeros. An all-``-`` year in between
would be kept as a true zero (none occurs in these files).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..catalog import declared
from ..exceptions import SourceFormatError
from ..sources.common import level_of
from ..sources.regionalstatistik_xlsx import read_regionalstatistik_xlsx

SNAPSHOT_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]
LEVELS = ("kreis", "land", "bund")

FILES = {
    "svb_arbeitsort": "eyayaw_destatis_13111-01-03-4_svb_arbeitsort_auslaender_2008-2019.xlsx",
    "svb_wohnort": "eyayaw_destatis_13111-02-02-4_svb_wohnort_auslaender_2008-2019.xlsx",
    "wohnungsbestand": "eyayaw_destatis_31231-02-01-4_wohnungsbestand_2011-2019.xlsx",
    "baufertigstellungen": "eyayaw_destatis_31121-01-02-4_baufertigstellungen_1995-2019.xlsx",
    "baugenehmigungen": "eyayaw_destatis_31111-01-02-4_baugenehmigungen_1995-2019.xlsx",
}

_SEX = {"Insgesamt": "insgesamt", "männlich": "maennlich", "weiblich": "weiblich"}
_BUILDING_SIZE = {
    "Insgesamt": "insgesamt",
    "1 Wohnung": "mit 1 Wohnung",
    "Wohngebäude mit 1 Wohnung": "mit 1 Wohnung",
    "2 Wohnungen": "mit 2 Wohnungen",
    "Wohngebäude mit 2 Wohnungen": "mit 2 Wohnungen",
    "mit 3 und mehr Wohnungen": "mit 3 und mehr Wohnungen",
    "Wohngebäude mit 3 und mehr Wohnungen": "mit 3 und mehr Wohnungen",
    "Wohnheime": "Wohnheime",
}
_ROOMS = {
    "Insgesamt": "insgesamt",
    "Wohnungen mit 1 Raum": "1 Raum",
    "Wohnungen mit 2 Räumen": "2 Räume",
    "Wohnungen mit 3 Räumen": "3 Räume",
    "Wohnungen mit 4 Räumen": "4 Räume",
    "Wohnungen mit 5 Räumen": "5 Räume",
    "Wohnungen mit 6 Räumen": "6 Räume",
    "Wohnungen mit 7 Räumen oder mehr": "7 und mehr Räume",
}

#: Catalogue rows of this recipe (wla/catalog.toml).
INDICATORS = declared("regionalstatistik_xlsx_tables")


def build(raw: Path) -> pd.DataFrame:
    """Snapshot rows of all indicators above (values as printed: persons, dwellings, buildings, 1,000 m²)."""
    frames = []
    for key, name in FILES.items():
        source = read_regionalstatistik_xlsx(Path(raw) / "kreise" / name)
        frames.append(to_snapshot(source, key, name))
    return pd.concat(frames, ignore_index=True)[SNAPSHOT_COLUMNS]


def to_snapshot(source: pd.DataFrame, file_key: str, path) -> pd.DataFrame:
    """Map one file's source rows to snapshot rows (see module docstring for what is dropped)."""
    mapping = {v: _classify(file_key, v, path) for v in source["variable"].unique()}
    for (variable, unit) in source[["variable", "unit"]].drop_duplicates().itertuples(index=False):
        if mapping[variable] and unit != _expected_unit(mapping[variable][0]):
            raise SourceFormatError(path, f"column {variable!r} has unit {unit!r}, expected {_expected_unit(mapping[variable][0])!r}")
    df = source.assign(level=source["ags"].map(level_of))
    df = df[df["level"].isin(LEVELS)]
    df = _drop_nonexistent(df)
    pairs = df["variable"].map(mapping)
    df = df[pairs.notna()].assign(
        indicator=pairs.dropna().str[0],
        category=pairs.dropna().str[1],
    )
    out = df[SNAPSHOT_COLUMNS].reset_index(drop=True)
    out["year"] = out["year"].astype("int64")
    out["value"] = out["value"].astype("float64")
    return out


def _expected_unit(indicator: str) -> str:
    return "1000 qm" if indicator.endswith("_1000m2") else "Anzahl"


def _drop_nonexistent(df: pd.DataFrame) -> pd.DataFrame:
    """Drop region-years printed as '-' in every column before/after the region's years with figures."""
    all_dash = (df["flag"] == "-").groupby([df["ags"], df["year"]]).all()
    has_data = all_dash[~all_dash].reset_index()
    span = has_data.groupby("ags")["year"].agg(["min", "max"])
    lo = df["ags"].map(span["min"])
    hi = df["ags"].map(span["max"])
    return df[(df["year"] >= lo) & (df["year"] <= hi)]


def _classify(file_key: str, variable: str, path) -> tuple[str, str] | None:
    """(indicator id, category) of one source variable; ``None`` for a column not used."""
    pieces = variable.split(" | ")
    head, leaf = pieces[0], pieces[-1]
    try:
        if file_key in ("svb_arbeitsort", "svb_wohnort"):
            base = "svb_beschaeftigte" if file_key == "svb_arbeitsort" else "svb_beschaeftigte_wohnort"
            suffix = "_auslaender" if "Ausländer(innen)" in pieces else ""
            return base + suffix, _SEX[leaf]
        if file_key == "wohnungsbestand":
            if head == "Wohngebäude":
                return "wohngebaeude", _BUILDING_SIZE[leaf]
            if head == "Wohnungen in Wohn- und Nichtwohngebäuden":
                return "wohnungsbestand", _ROOMS[leaf]
            if head == "Wohnfläche in Wohngebäuden":
                return "wohnflaeche_1000m2", "insgesamt"
            if head == "Räume in Wohnungen mit 7 und mehr Räumen":
                return None
        if file_key in ("baufertigstellungen", "baugenehmigungen"):
            if head in ("Gebäude", "Wohngebäude"):
                return f"{file_key}_wohngebaeude", _BUILDING_SIZE[leaf]
            if head.startswith("Wohnungen"):
                return file_key, _BUILDING_SIZE[leaf]
            if head == "Wohnfläche":
                return f"{file_key}_wohnflaeche_1000m2", "insgesamt"
    except KeyError:
        pass
    raise SourceFormatError(path, f"unexpected column {variable!r} (layout changed?)")
