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

from ..catalog import DL_DE_BY, Indicator
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

_PUBLISHER = "Statistische Ämter des Bundes und der Länder, Regionaldatenbank Deutschland"
_PUBLISHER_BA = "Statistik der Bundesagentur für Arbeit, über Regionaldatenbank Deutschland"
_URL = "https://www.regionalstatistik.de/genesis/online?operation=table&code={}"
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
_SEX_CATS = "insgesamt, maennlich, weiblich"
_SIZE_CATS = "insgesamt, mit 1 Wohnung, mit 2 Wohnungen, mit 3 und mehr Wohnungen (Wohngebäude nach Zahl der Wohnungen)"
_NOTE_XLSX = "Read from an xlsx restructured by a third party (eyayaw/housing-supply-elasticity-in-germany), values unchanged. "
_NOTE_HISTORIC = (
    "Kreise as printed by the publisher for each year, including historic Kreise before territorial reforms "
    "(e.g. 03152 Göttingen and 03156 Osterode am Harz until 2015, 03159 Göttingen from 2016; old Kreise of "
    "Mecklenburg-Vorpommern, Sachsen, Sachsen-Anhalt); these do not match the current Kreise. Years in which a "
    "region did not exist (printed as '-' in every column) are dropped. Berlin and Hamburg appear as Länder only."
)
_NOTE_SVB = (
    "Sozialversicherungspflichtig Beschäftigte, Stichtag 30.06.; data of the Statistik der Bundesagentur für "
    "Arbeit, published in the Regionaldatenbank; later BA corrections may differ from earlier publications. "
) + _NOTE_XLSX
_NOTE_ARBEITSORT = "Deutschland includes persons whose place of work cannot be assigned. "
_NOTE_GWZ = (
    "Fortschreibung auf Basis der Gebäude- und Wohnungszählung 2011 (Stichtag 31.12.). Hessen 2018: Main-Kinzig-Kreis "
    "carried forward from 2017, limited reliability; Schleswig-Holstein 2011–2013 corrected later (publisher's footnotes). "
)
_NOTE_BAU = (
    "Neue Wohngebäude (inkl. Wohnheime), Jahressumme; Baden-Württemberg 1995–2010 on boundaries of 01.01.1979. "
    "1995–2005: the split by 1/2 Wohnungen and the Wohnfläche are '.' (unknown) for many Kreise, some totals too. "
    "Hessen 2018: Main-Kinzig-Kreis (Baufertigstellungen) of limited reliability (publisher's footnote). "
) + _NOTE_XLSX


def _indicator(id_, label_de, label_en, unit, theme, table, reference, file_key, notes, categories="", publisher=_PUBLISHER):
    """A count indicator of these files (Bund/Land/Kreis, dl-de/by-2-0, Regionaldatenbank table URL)."""
    return Indicator(
        id=id_,
        label_de=label_de,
        label_en=label_en,
        unit=unit,
        theme=theme,
        levels=LEVELS,
        publisher=publisher,
        table=table,
        reference=reference,
        licence=DL_DE_BY,
        url=_URL.format(table),
        raw_files=(FILES[file_key],),
        kind="count",
        categories=categories,
        notes=notes + _NOTE_HISTORIC,
    )


_SVB_REF = "30.06.2008–30.06.2019"
_BESTAND_REF = "31.12.2011–31.12.2019"
_BAU_REF = "Jahressummen 1995–2019"

INDICATORS: list[Indicator] = [
    _indicator(
        "svb_beschaeftigte", "Sozialversicherungspflichtig Beschäftigte am Arbeitsort",
        "Employees subject to social insurance at place of work", "Personen", "arbeiten", "13111-01-03-4",
        _SVB_REF, "svb_arbeitsort", _NOTE_SVB + _NOTE_ARBEITSORT, _SEX_CATS, _PUBLISHER_BA,
    ),
    _indicator(
        "svb_beschaeftigte_auslaender", "Ausländische sozialversicherungspflichtig Beschäftigte am Arbeitsort",
        "Foreign employees subject to social insurance at place of work", "Personen", "arbeiten", "13111-01-03-4",
        _SVB_REF, "svb_arbeitsort", _NOTE_SVB + _NOTE_ARBEITSORT + "Ausländer(innen) = persons without German nationality. ",
        _SEX_CATS, _PUBLISHER_BA,
    ),
    _indicator(
        "svb_beschaeftigte_wohnort", "Sozialversicherungspflichtig Beschäftigte am Wohnort",
        "Employees subject to social insurance at place of residence", "Personen", "arbeiten", "13111-02-02-4",
        _SVB_REF, "svb_wohnort",
        _NOTE_SVB + "Deutschland excludes persons with unknown or foreign place of residence. ", _SEX_CATS, _PUBLISHER_BA,
    ),
    _indicator(
        "svb_beschaeftigte_wohnort_auslaender", "Ausländische sozialversicherungspflichtig Beschäftigte am Wohnort",
        "Foreign employees subject to social insurance at place of residence", "Personen", "arbeiten", "13111-02-02-4",
        _SVB_REF, "svb_wohnort",
        _NOTE_SVB + "Ausländer(innen) = persons without German nationality. Deutschland excludes persons with unknown "
        "or foreign place of residence. ", _SEX_CATS, _PUBLISHER_BA,
    ),
    _indicator(
        "wohnungsbestand", "Wohnungen in Wohn- und Nichtwohngebäuden", "Dwellings in residential and "
        "non-residential buildings", "Wohnungen", "wohnen", "31231-02-01-4", _BESTAND_REF, "wohnungsbestand",
        _NOTE_GWZ + _NOTE_XLSX, "insgesamt, 1 Raum, 2 Räume, 3 Räume, 4 Räume, 5 Räume, 6 Räume, 7 und mehr Räume",
    ),
    _indicator(
        "wohngebaeude", "Wohngebäude", "Residential buildings", "Gebäude", "wohnen", "31231-02-01-4",
        _BESTAND_REF, "wohnungsbestand", _NOTE_GWZ + "Insgesamt includes Wohnheime. " + _NOTE_XLSX,
        "insgesamt, mit 1 Wohnung, mit 2 Wohnungen, mit 3 und mehr Wohnungen, Wohnheime",
    ),
    _indicator(
        "wohnflaeche_1000m2", "Wohnfläche in Wohngebäuden", "Living space in residential buildings",
        "1.000 m²", "wohnen", "31231-02-01-4", _BESTAND_REF, "wohnungsbestand",
        _NOTE_GWZ + "Residential buildings only (the dwelling count 'wohnungsbestand' also covers non-residential "
        "buildings). " + _NOTE_XLSX,
    ),
    _indicator(
        "baufertigstellungen", "Fertiggestellte Wohnungen in neuen Wohngebäuden",
        "Dwellings completed in new residential buildings", "Wohnungen", "wohnen", "31121-01-02-4", _BAU_REF,
        "baufertigstellungen", _NOTE_BAU, _SIZE_CATS,
    ),
    _indicator(
        "baufertigstellungen_wohngebaeude", "Fertiggestellte neue Wohngebäude", "New residential buildings completed",
        "Gebäude", "wohnen", "31121-01-02-4", _BAU_REF, "baufertigstellungen", _NOTE_BAU, _SIZE_CATS,
    ),
    _indicator(
        "baufertigstellungen_wohnflaeche_1000m2", "Wohnfläche in fertiggestellten neuen Wohngebäuden",
        "Living space in new residential buildings completed", "1.000 m²", "wohnen", "31121-01-02-4", _BAU_REF,
        "baufertigstellungen", _NOTE_BAU,
    ),
    _indicator(
        "baugenehmigungen", "Genehmigte Wohnungen in neuen Wohngebäuden",
        "Dwellings in new residential buildings permitted", "Wohnungen", "wohnen", "31111-01-02-4", _BAU_REF,
        "baugenehmigungen", _NOTE_BAU, _SIZE_CATS,
    ),
    _indicator(
        "baugenehmigungen_wohngebaeude", "Genehmigte neue Wohngebäude", "New residential buildings permitted",
        "Gebäude", "wohnen", "31111-01-02-4", _BAU_REF, "baugenehmigungen", _NOTE_BAU, _SIZE_CATS,
    ),
    _indicator(
        "baugenehmigungen_wohnflaeche_1000m2", "Wohnfläche in genehmigten neuen Wohngebäuden",
        "Living space in new residential buildings permitted", "1.000 m²", "wohnen", "31111-01-02-4", _BAU_REF,
        "baugenehmigungen", _NOTE_BAU,
    ),
]


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
