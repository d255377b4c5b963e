"""Recipe: registered unemployed by Kreis, total and foreigners, also by occupational group.

Source: Statistik der Bundesagentur für Arbeit, order table 317-408036 "Arbeitslose nach Berufen
(KldB 2010), Zeitreihe, Jahresdurchschnitte", via the badata extract (``kreise/SOURCES.md`` §3c).
Values are annual averages (Personen, fractional), Kreise only, 2012–2025.

**One territory per Kreis key** (:data:`FOLD`): the BA shows 06415 Hanau as a region of its own
(kreisfrei only since 2026), so the BA's 06435 Main-Kinzig-Kreis excludes Hanau (36.6 % of its
unemployed in 2024), while 06435 in every Destatis/INKAR table and in the gazetteer includes it.
The recipe adds 06415 into 06435 per year, variable and occupational group before anything else,
so 06435 here is the Main-Kinzig-Kreis including Hanau, like everywhere in the snapshot, and
06415 has no rows (400 Kreise). Where either part has no value (or no row) the sum is NaN with flag
``na`` — never a partial sum.

Kreis totals are sums over all 145 occupational groups including "ohne Angabe zum Zielberuf".
In 106 region-years per file every named group is empty (only the "ohne Angabe" group has a
value, e.g. 03159 Göttingen 2025): the sum would not be the total, so those totals stay NaN with
flag ``na``.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from ..catalog import declared
from ..exceptions import SourceFormatError
from ..sources.ba import NO_OCCUPATION, read_ba_codes, read_ba_occupation_extract

FILES = {
    "insgesamt": "badata_ba_arbeitslose_kreis_x_beruf_2012-2025_insgesamt_EXTRACT.csv.gz",
    "auslaender": "badata_ba_arbeitslose_kreis_x_beruf_2012-2025_auslaender_EXTRACT.csv.gz",
}
REGION_CODES = "badata_ba_region_codes_EXTRACT.csv"
OCCUPATION_CODES = "badata_ba_kldb2010_berufsgruppen_codes_EXTRACT.csv"

#: Catalogue rows of this recipe (wla/catalog.toml).
INDICATORS = declared("ba_tables")
_IDS = {
    "insgesamt": ("arbeitslose_ba", "arbeitslose_beruf"),
    "auslaender": ("arbeitslose_auslaender_ba", "arbeitslose_auslaender_beruf"),
}
ROW_COLUMNS = ["ags", "level", "year", "indicator", "category", "value", "flag"]
#: BA regions added into the Kreis whose territory holds them in the Destatis tables: {part: Kreis}.
FOLD = {"06415": "06435"}


def fold_regions(long: pd.DataFrame, fold: dict[str, str] = FOLD) -> pd.DataFrame:
    """The extract with each region of ``fold`` added into its Kreis (and no rows of its own).

    Values are summed per Kreis, year, variable and occupation. The sum is NaN with flag ``na``
    where a part or the Kreis has no value or no row for that cell (the flag the reader gives to
    cells without a value), so no partial sum is ever stored. Other regions pass unchanged.
    """
    codes = long["ags"].astype(str)
    inside = codes.isin(set(fold) | set(fold.values()))
    expected = pd.Series(fold.values()).value_counts() + 1  # parts + the Kreis itself, per Kreis
    work = long[inside].assign(ags=codes[inside].replace(fold), empty=long.loc[inside, "value"].isna())
    keys = ["ags", "name", "year", "date", "variable", "occupation"]
    sums = work.groupby(keys, observed=True, sort=True).agg(
        value=("value", "sum"), rows=("value", "size"), empty=("empty", "sum")
    ).reset_index()
    complete = (sums["rows"] == sums["ags"].map(expected)) & (sums["empty"] == 0)
    sums["value"] = sums["value"].where(complete, np.nan)
    sums["flag"] = np.where(complete, "", "na")
    kept, added = long[~inside].reset_index(drop=True), sums[list(long.columns)]
    out = {}
    for column in long.columns:
        if isinstance(long[column].dtype, pd.CategoricalDtype):
            both = union_categoricals([kept[column], pd.Categorical(added[column].astype(str))])
            out[column] = both.remove_unused_categories()
        else:
            out[column] = np.concatenate([kept[column].to_numpy(), added[column].to_numpy()])
    return pd.DataFrame(out)


def kreis_totals(long: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Sum over occupational groups per Kreis, year and variable (category insgesamt/frauen).

    A total is NaN with flag ``na`` when any group of that Kreis-year is empty in the extract.
    """
    work = long[["ags", "year", "variable", "value"]].assign(empty=long["value"].isna())
    sums = work.groupby(["ags", "year", "variable"], observed=True, sort=True).agg(
        value=("value", "sum"), empty=("empty", "sum")
    )
    sums = sums.reset_index()
    incomplete = sums["empty"] > 0
    return pd.DataFrame(
        {
            "ags": sums["ags"].astype(str),
            "level": "kreis",
            "year": sums["year"].astype("int64"),
            "indicator": indicator,
            "category": sums["variable"].astype(str),
            "value": sums["value"].where(~incomplete, np.nan).astype("float64"),
            "flag": np.where(incomplete, "na", ""),
        },
        columns=ROW_COLUMNS,
    )


def occupation_labels(codes: pd.DataFrame) -> dict[str, str]:
    """Category text per occupation code: ``"121 Gartenbauberufe"``; label only for no code."""
    return {
        code: name if code == NO_OCCUPATION else f"{code} {name}"
        for code, name in zip(codes["code"], codes["name"])
    }


def by_occupation(long: pd.DataFrame, labels: dict[str, str], indicator: str, path) -> pd.DataFrame:
    """All unemployed (not the women variable) per Kreis, year and occupational group."""
    rows = long[long["variable"] == "insgesamt"]
    unknown = sorted(set(rows["occupation"].unique()) - set(labels))
    if unknown:
        raise SourceFormatError(path, f"occupation codes not in the KldB code list: {unknown[:5]}")
    occupation = rows["occupation"].cat.remove_unused_categories()
    category = occupation.cat.rename_categories([labels[c] for c in occupation.cat.categories])
    return pd.DataFrame(
        {
            "ags": rows["ags"].astype(str),
            "level": "kreis",
            "year": rows["year"],
            "indicator": indicator,
            "category": category.astype(str),
            "value": rows["value"],
            "flag": rows["flag"].astype(str),
        },
        columns=ROW_COLUMNS,
    ).reset_index(drop=True)


def _check_regions(long: pd.DataFrame, regions: pd.DataFrame, path) -> None:
    unknown = sorted(set(long["ags"].unique()) - set(regions["code"]))
    if unknown:
        raise SourceFormatError(path, f"region keys not in the BA region list: {unknown[:5]}")


def build(raw: Path) -> pd.DataFrame:
    """Rows of the four BA indicators (Kreise, 2012–2025; :data:`FOLD` applied)."""
    folder = Path(raw) / "kreise"
    regions = read_ba_codes(folder / REGION_CODES)
    labels = occupation_labels(read_ba_codes(folder / OCCUPATION_CODES))
    parts = []
    for key, (total_id, occupation_id) in _IDS.items():
        path = folder / FILES[key]
        long = read_ba_occupation_extract(path)
        _check_regions(long, regions, path)
        long = fold_regions(long)
        parts.append(kreis_totals(long, total_id))
        parts.append(by_occupation(long, labels, occupation_id, path))
    return pd.concat(parts, ignore_index=True)
