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

Rows: ``asylbewerberleistungen`` (persons receiving regular AsylbLG benefits; the 31.12.2019 values
of all Kreise come from the recipe ``regionaldatenbank_tables``, so the extract's 2019 AsylbLG
values are only checked against them, not emitted twice) and ``sgb2_empfaenger`` (SGB II recipients:
``insgesamt`` = ``erwerbsfaehige_lb`` + ``nicht_erwerbsfaehige_lb``). The 661-31-4 files also list
Kreise that no longer existed at the Stichtag (every cell ``-`` or ``.``); they are dropped, as are
Regierungsbezirke and 8-digit keys.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..catalog import declared
from ..exceptions import SourceFormatError
from ..sources.common import level_of
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

#: Catalogue rows of this recipe (wla/catalog.toml).
INDICATORS = declared("mindestsicherung_tables")


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


def extract_rows(path: Path, asyl_2019: pd.DataFrame) -> pd.DataFrame:
    """Kreis rows of the transcribed extract, without the 2019 AsylbLG values, which must equal
    those of the full 2019 table ``asyl_2019`` (source schema of that file)."""
    rows = _to_rows(read_mindestsicherung_extract(path), path)
    check = rows[(rows["indicator"] == "asylbewerberleistungen") & (rows["year"] == 2019)]
    full = asyl_2019[asyl_2019["variable"] == "empfaenger_asylbewerber"].set_index("ags")["value"]
    differ = check[check["value"].to_numpy() != check["ags"].map(full).to_numpy()]
    if not differ.empty:
        raise SourceFormatError(path, f"AsylbLG 31.12.2019 differs from the full table for {sorted(differ['ags'])}")
    rows = rows.drop(check.index)
    return rows[SNAPSHOT_COLUMNS].reset_index(drop=True)


def build(raw: Path) -> pd.DataFrame:
    """Rows of ``asylbewerberleistungen`` (2010, 2013, 2014, 2022, 2024) and ``sgb2_empfaenger``."""
    folder = Path(raw) / "kreise"
    parts = [table_rows(folder / name) for name in TABLE_FILES]
    parts.append(extract_rows(folder / EXTRACT_FILE, read_simplified_csv(folder / ASYL_2019_FILE)))
    out = pd.concat(parts, ignore_index=True)
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype("float64")
    return out[SNAPSHOT_COLUMNS]
