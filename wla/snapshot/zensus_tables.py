"""Recipe: Zensus 2022 Gemeinde results (foreigners, migration background, households, dwellings).

Source: Zensus 2022 (Stichtag 15.05.2022), Gemeinde results of the Regionaltabellen, via the
third-party extraction of the R package gerda (``gemeinden/SOURCES.md`` §3). Values as in the
extract (shares and rates rounded to 0.1, rent to 0.01 EUR/m²).

Not used, because the extract is unreliable there (SOURCES.md quality warning):
``share_single_family`` and ``share_owner_occupied`` (values above 100 %) and the age-share
columns (mislabelled in the codebook and apparently mis-binned). ``population_census22``
duplicates Zensus table 1000A-0000, which another recipe provides as ``zensus_bevoelkerung``;
it is only used here as the weight of the Kreis foreigner share.

Kreis rows (derived here, not published values) for ``wohnungen`` (sum of Gemeinden),
``leerstandsquote`` (dwelling-weighted mean of the rounded Gemeinde rates) and
``auslaenderanteil_zensus`` (population-weighted mean of the rounded Gemeinde shares). Gemeinden
without a value (suppressed in the extract, all small) are left out of a Kreis mean, whose flag
is then ``()`` (limited reliability).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..catalog import declared
from ..exceptions import SourceFormatError
from ..sources.zensus import YEAR, read_census_extract

DATA_FILE = "gerdapkg_census_2022_internal_EXTRACT.csv"
CODEBOOK = "gerdapkg_census_2022_codebook_EXTRACT.csv"
POPULATION = "population_census22"

#: Catalogue rows of this recipe (wla/catalog.toml).
INDICATORS = declared("zensus_tables")

#: indicator id -> column of the extract
VARIABLES = {
    "auslaenderanteil_zensus": "share_foreign_census22",
    "migrationshintergrund_anteil": "share_migration_bg_census22",
    "haushaltsgroesse": "avg_household_size_census22",
    "wohnungen": "total_dwellings_census22",
    "leerstandsquote": "vacancy_rate_census22",
    "nettokaltmiete_m2": "avg_rent_per_m2_census22",
}
#: Kreis means: indicator id -> column of the weight
KREIS_WEIGHTS = {
    "auslaenderanteil_zensus": POPULATION,
    "leerstandsquote": "total_dwellings_census22",
}
ROW_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]


def _wide(long: pd.DataFrame, path) -> pd.DataFrame:
    needed = set(VARIABLES.values()) | {POPULATION}
    missing = sorted(needed - set(long["variable"]))
    if missing:
        raise SourceFormatError(path, f"missing columns {missing}")
    return long[long["variable"].isin(needed)].pivot(index="ags", columns="variable", values="value")


def gemeinde_rows(long: pd.DataFrame) -> pd.DataFrame:
    """One row per Gemeinde and indicator, values and flags as in the extract."""
    rows = long[long["variable"].isin(VARIABLES.values())]
    ids = {column: indicator for indicator, column in VARIABLES.items()}
    return pd.DataFrame(
        {
            "ags": rows["ags"],
            "level": "gemeinde",
            "year": rows["year"].astype("int64"),
            "indicator": rows["variable"].map(ids),
            "category": "insgesamt",
            "value": rows["value"],
            "flag": rows["flag"],
        },
        columns=ROW_COLUMNS,
    ).reset_index(drop=True)


def _weighted_mean(values: pd.Series, weights: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Kreis mean of Gemeinde values weighted by ``weights``, rounded to 0.1, and its flag."""
    kreis = values.index.str[:5]
    known = values.notna() & weights.notna()
    product = (values * weights).where(known)
    weight = weights.where(known)
    total = product.groupby(kreis).sum(min_count=1) / weight.groupby(kreis).sum(min_count=1)
    gaps = (~known).groupby(kreis).sum()
    flag = pd.Series(np.where(total.isna(), "na", np.where(gaps > 0, "()", "")), index=total.index)
    return total.round(1), flag


def kreis_rows(wide: pd.DataFrame) -> pd.DataFrame:
    """Derived Kreis rows: dwellings (sum) and the weighted foreigner share and vacancy rate."""
    dwellings = wide[VARIABLES["wohnungen"]]
    kreis = dwellings.index.str[:5]
    parts = [
        pd.DataFrame(
            {
                "indicator": "wohnungen",
                "value": dwellings.groupby(kreis).sum(min_count=1),
                "flag": dwellings.isna().groupby(kreis).any().map({True: "na", False: ""}),
            }
        )
    ]
    parts[0]["value"] = parts[0]["value"].where(parts[0]["flag"] == "")
    for indicator, weight in KREIS_WEIGHTS.items():
        value, flag = _weighted_mean(wide[VARIABLES[indicator]], wide[weight])
        parts.append(pd.DataFrame({"indicator": indicator, "value": value, "flag": flag}))
    out = pd.concat(parts).rename_axis("ags").reset_index()
    out["level"] = "kreis"
    out["year"] = YEAR
    out["category"] = "insgesamt"
    return out[ROW_COLUMNS]


def build(raw: Path) -> pd.DataFrame:
    """Rows of the six Zensus 2022 indicators (Gemeinden; Kreise for three of them)."""
    folder = Path(raw) / "gemeinden"
    path = folder / DATA_FILE
    long = read_census_extract(path, folder / CODEBOOK)
    wide = _wide(long, path)
    return pd.concat([gemeinde_rows(long), kreis_rows(wide)], ignore_index=True)
