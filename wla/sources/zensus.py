"""Reader of the Zensus 2022 Gemeinde extract of the R package gerda.

Source: Statistisches Bundesamt (Destatis) und Statistische Ämter der Länder, Zensus 2022
(Stichtag 15.05.2022), Gemeinde results of the Regionaltabellen (Bevölkerung / Gebäude und
Wohnungen). The file ``gemeinden/gerdapkg_census_2022_internal_EXTRACT.csv`` is a third-party
extraction (hhilbig/gerda, ``census_2022_internal``), one row per Gemeinde (8-digit AGS), one
column per variable, decimal point, empty = not available; the companion codebook
(``variable,label,unit,source``) gives labels and units. See ``gemeinden/SOURCES.md`` §3, which
warns that some columns of this extract are unreliable (shares above 100 %, mislabelled age
groups): the reader returns every column, the recipe decides what to use.
"""
from __future__ import annotations

import pandas as pd

from ..exceptions import SourceFormatError
from .common import read_plain_csv

YEAR = 2022
DATE = "2022-05-15"
_ID_COLUMNS = ["ags", "municipality_name"]


def read_census_codebook(path) -> pd.DataFrame:
    """The extract's codebook: ``variable``, ``label``, ``unit`` (as printed, e.g. "percent")."""
    frame = read_plain_csv(path, ["variable", "label", "unit"])
    return frame[["variable", "label", "unit"]].apply(lambda s: s.str.strip())


def read_census_extract(path, codebook) -> pd.DataFrame:
    """Zensus 2022 values per Gemeinde as a long frame in the source schema.

    Columns: ``ags`` (8-digit AGS), ``name``, ``year`` (2022), ``date`` ("2022-05-15"),
    ``variable`` (column name of the extract, e.g. ``share_foreign_census22``), ``value``,
    ``flag`` (``"na"`` for an empty cell) and, from the codebook, ``label`` and ``unit``
    ("count", "percent", "persons", "euros/m2"). ``codebook`` is the path of the codebook CSV;
    every value column of the extract must be described there.
    """
    book = read_census_codebook(codebook).set_index("variable")
    frame = read_plain_csv(path, _ID_COLUMNS)
    ags = frame["ags"].str.strip()
    bad = ~ags.str.fullmatch(r"\d{8}")
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise SourceFormatError(path, f"column ags, row {row + 1}: not an 8-digit AGS: {ags.iloc[row]!r}")
    if ags.duplicated().any():
        raise SourceFormatError(path, f"duplicate AGS {ags[ags.duplicated()].iloc[0]!r}")
    variables = [c for c in frame.columns if c not in _ID_COLUMNS]
    undocumented = [v for v in variables if v not in book.index]
    if undocumented:
        raise SourceFormatError(codebook, f"no codebook entry for columns {undocumented} of {path}")
    parts = []
    for variable in variables:
        text = frame[variable].str.strip()
        value = pd.to_numeric(text, errors="coerce").astype("float64")
        bad = value.isna() & (text != "")
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise SourceFormatError(path, f"column {variable}, row {row + 1}: not a number: {text.iloc[row]!r}")
        parts.append(
            pd.DataFrame(
                {
                    "ags": ags,
                    "name": frame["municipality_name"].str.strip(),
                    "year": YEAR,
                    "date": DATE,
                    "variable": variable,
                    "value": value,
                    "flag": (text == "").map({True: "na", False: ""}),
                    "label": book.at[variable, "label"],
                    "unit": book.at[variable, "unit"],
                }
            )
        )
    if not parts:
        raise SourceFormatError(path, "no value columns")
    return pd.concat(parts, ignore_index=True)
