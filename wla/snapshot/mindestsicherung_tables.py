"""Recipe: recipients of asylum seekers' benefits (AsylbLG) and of SGB II per Kreis, table
22811-01-01-4 "Empfänger von sozialen Mindestsicherungsleistungen" (until 2015 code 661-31-4).

Raw files (``kreise/``, see ``kreise/SOURCES.md`` §10):

* ``bctclc_destatis_661-31-4_mindestsicherung_2013-12-31.csv`` and
  ``borva_destatis_661-31-4_mindestsicherung_2014-12-31.csv`` – the whole table (Germany, Länder,
  all Kreise) for 31.12.2013 and 31.12.2014, read with
  :func:`wla.sources.regionaldatenbank.read_table_csv`;
* ``kartenwerk_destatis_22811-01-01-4_mindestsicherung_2010-2024_EXTRACT_kielregion_coburg.csv`` –
  the Kreise of the default pair for 31.12.2010 (Neumünster, Plön), 2019, 2022 and 2024, read with
  :func:`wla.sources.mindestsicherung.read_mindestsicherung_extract`.

* flat files of table 22811-01-01-4 fetched by ``wla fetch`` (any Stichtag, found by
  :data:`FLAT_PATTERN`, e.g. ``kreise/regionalstatistik_destatis_22811-01-01-4_mindestsicherung_
  2024-12-31_flat.csv``), read with :func:`wla.sources.genesis.read_ffcsv`. A fetched file holds the
  whole table for its Stichtag, so for its year it replaces the bundled files' rows.

Rows: ``asylbewerberleistungen`` (persons receiving regular AsylbLG benefits; the 31.12.2019 values
of all Kreise come from the recipe ``regionaldatenbank_tables``, so the 2019 AsylbLG
values of the extract or of a fetched file are only checked against them, not emitted twice) and ``sgb2_empfaenger`` (SGB II recipients:
``insgesamt`` = ``erwerbsfaehige_lb`` + ``nicht_erwerbsfaehige_lb``). The 661-31-4 files also list
Kreise that no longer existed at the Stichtag (every cell ``-`` or ``.``); they are dropped, as are
Regierungsbezirke and 8-digit keys.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pandas as pd

from ..catalog import Indicator, declared
from ..exceptions import SourceFormatError
from ..sources.common import SOURCE_COLUMNS, level_of
from ..sources.genesis import EXTRA_COLUMNS, read_ffcsv
from ..sources.mindestsicherung import read_mindestsicherung_extract
from ..sources.regionaldatenbank import read_simplified_csv, read_table_csv

SNAPSHOT_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]
TABLE_FILES = (
    "bctclc_destatis_661-31-4_mindestsicherung_2013-12-31.csv",
    "borva_destatis_661-31-4_mindestsicherung_2014-12-31.csv",
)
EXTRACT_FILE = "kartenwerk_destatis_22811-01-01-4_mindestsicherung_2010-2024_EXTRACT_kielregion_coburg.csv"
#: the full AsylbLG table of 31.12.2019 (recipe regionaldatenbank_tables), to check the extract against
ASYL_2019_FILE = "nicofhahn_destatis_asylbewerberleistungen_2019.csv"

#: Flat files of 22811-01-01-4 written by ``wla fetch`` (wla/fetch.py TABLES), one per Stichtag.
FLAT_PATTERN = "kreise/*_22811-01-01-4_*_flat.csv"
_DATE = re.compile(r"_(\d{4})-(\d{2})-(\d{2})_flat")
#: Region variables of a flat file -> level (Regierungsbezirke and Gemeinden are not used).
GEO_LEVEL = {"DINSG": "bund", "DLAND": "land", "KREISE": "kreis"}
GEO_LENGTH = {"bund": 2, "land": 2, "kreis": 5}

#: Catalogue rows of this recipe (wla/catalog.toml); raw files and reference dates of fetched flat
#: files join in, see :func:`indicators`.
INDICATORS = declared("mindestsicherung_tables")


def flat_files(raw: Path) -> list[Path]:
    """Fetched flat files of 22811-01-01-4 in ``raw``, oldest Stichtag first (may be none)."""
    found = [p for p in Path(raw).glob(FLAT_PATTERN) if _DATE.search(p.name)]
    return sorted(found, key=lambda p: _DATE.search(p.name).groups())


def indicators(raw: Path) -> list[Indicator]:
    """:data:`INDICATORS`, with the fetched flat files (if any) among raw files and reference."""
    paths = flat_files(raw)
    if not paths:
        return list(INDICATORS)
    dates = ", ".join(".".join(reversed(_DATE.search(p.name).groups())) for p in paths)
    return [
        dataclasses.replace(
            ind, raw_files=ind.raw_files + tuple(p.name for p in paths),
            reference=f"{ind.reference}; fetched with wla fetch (all Kreise, replacing the years above): {dates}",
        )
        for ind in INDICATORS
    ]


def _classify(variable: str, path) -> tuple[str, str] | None:
    """(indicator, category) of a 661-31-4 / 22811-01-01-4 column; ``None`` for columns not used
    (total of all benefits, HLU and GSiAE under the SGB XII)."""
    if "Asylbewerberleistungsgesetz" in variable:
        return "asylbewerberleistungen", "insgesamt"
    if "SGB II" in variable:
        if "nicht erwerbsf" in variable:
            return "sgb2_empfaenger", "nicht_erwerbsfaehige_lb"
        if "erwerbsf" in variable:
            return "sgb2_empfaenger", "erwerbsfaehige_lb"
        if "zusammen" in variable:
            return "sgb2_empfaenger", "insgesamt"
        raise SourceFormatError(path, f"unexpected SGB II column {variable!r}")
    if "Mindestsicherungsleistungen" in variable or "SGB XII" in variable:
        return None
    raise SourceFormatError(path, f"unexpected column {variable!r} (layout changed?)")


def _to_rows(source: pd.DataFrame, path) -> pd.DataFrame:
    mapping = {v: _classify(v, path) for v in source["variable"].unique()}
    found = {m for m in mapping.values() if m}
    if len(found) != 4:
        raise SourceFormatError(path, f"expected the AsylbLG column and three SGB II columns, found {sorted(found)}")
    rows = source[source["variable"].map(mapping).notna()].copy()
    pair = rows["variable"].map(mapping)
    rows["indicator"] = pair.str[0]
    rows["category"] = pair.str[1]
    rows["level"] = rows["ags"].map(level_of)
    return rows


def table_rows(path: Path) -> pd.DataFrame:
    """Germany, Länder and the Kreise existing at the Stichtag from one 661-31-4 table file."""
    rows = _to_rows(read_table_csv(path), path)
    rows = rows[rows["level"].isin(["bund", "land", "kreis"])]
    existing = set(rows.loc[rows["flag"] == "", "ags"])
    rows = rows[(rows["level"] != "kreis") | rows["ags"].isin(existing)]
    return rows[SNAPSHOT_COLUMNS].reset_index(drop=True)


def _without_asyl_2019(rows: pd.DataFrame, asyl_2019: pd.DataFrame, path) -> pd.DataFrame:
    """``rows`` without their 31.12.2019 AsylbLG values, which must equal those of the full 2019
    table ``asyl_2019`` (source schema of that file; recipe ``regionaldatenbank_tables``)."""
    check = rows[(rows["indicator"] == "asylbewerberleistungen") & (rows["year"] == 2019)]
    full = asyl_2019[asyl_2019["variable"] == "empfaenger_asylbewerber"].set_index("ags")["value"]
    differ = check[check["value"].to_numpy() != check["ags"].map(full).to_numpy()]
    if not differ.empty:
        raise SourceFormatError(path, f"AsylbLG 31.12.2019 differs from the full table for {sorted(differ['ags'])}")
    return rows.drop(check.index)


def extract_rows(path: Path, asyl_2019: pd.DataFrame) -> pd.DataFrame:
    """Kreis rows of the transcribed extract, without the 2019 AsylbLG values (checked against
    the full 2019 table ``asyl_2019``)."""
    rows = _without_asyl_2019(_to_rows(read_mindestsicherung_extract(path), path), asyl_2019, path)
    return rows[SNAPSHOT_COLUMNS].reset_index(drop=True)


def flat_rows(path: Path, asyl_2019: pd.DataFrame) -> pd.DataFrame:
    """Germany, Länder and the Kreise existing at the Stichtag from one fetched flat file of
    22811-01-01-4. The benefit type is read from the words of the value variable and of the
    classifying variables' attribute labels (e.g. "Regelleistungen nach dem
    Asylbewerberleistungsgesetz"), like the column headers of the CSV tables: the attribute labels
    of the classifying variables where a cell is not their total, else the value variable's label."""
    table = read_ffcsv(path)
    standard = set(SOURCE_COLUMNS) | set(EXTRA_COLUMNS)
    classifiers = [c for c in table.columns if c not in standard and f"{c}_code" in table.columns]
    parts = pd.DataFrame({c: table[c].where(table[f"{c}_code"] != "", "") for c in classifiers}, index=table.index)
    text = parts.apply(lambda r: " | ".join(v for v in r if v), axis=1) if classifiers else table["variable"]
    table = table.assign(variable=text.where(text != "", table["variable"]))
    level = table["geo_variable"].map(GEO_LEVEL)
    keep = level.notna() & (table["ags"].str.len() == level.map(GEO_LENGTH))
    rows = _to_rows(table[keep], path)
    existing = set(rows.loc[(rows["level"] == "kreis") & (rows["flag"] == ""), "ags"])
    rows = rows[(rows["level"] != "kreis") | rows["ags"].isin(existing)]
    rows = _without_asyl_2019(rows, asyl_2019, path)
    return rows[SNAPSHOT_COLUMNS].reset_index(drop=True)


def build(raw: Path) -> pd.DataFrame:
    """Rows of ``asylbewerberleistungen`` (bundled: 2010, 2013, 2014, 2022, 2024) and
    ``sgb2_empfaenger``; with fetched flat files, every year they hold for all Kreise."""
    folder = Path(raw) / "kreise"
    asyl_2019 = read_simplified_csv(folder / ASYL_2019_FILE)
    fetched = [flat_rows(p, asyl_2019) for p in flat_files(raw)]
    # a Stichtag also present in a fetched file (the whole table) is taken from there
    replaced = {int(y) for f in fetched for y in f["year"].unique()}
    bundled = [table_rows(folder / name) for name in TABLE_FILES]
    bundled.append(extract_rows(folder / EXTRACT_FILE, asyl_2019))
    parts = [b[~b["year"].astype(int).isin(replaced)] for b in bundled] + fetched
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype("float64")
    return out[SNAPSHOT_COLUMNS]
