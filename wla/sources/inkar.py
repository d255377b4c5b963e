"""Readers of INKAR exports (BBSR, "Indikatoren und Karten zur Raum- und Stadtentwicklung").

Three layouts occur:

* the INKAR *wide* CSV export: ``;``-separated, UTF-8 with BOM, every cell quoted, German number
  format. Row 1 = ``Kennziffer;Raumeinheit;Aggregat;`` followed by the indicator name of each
  value column, row 2 = the year of each value column, then one row per region
  (:func:`read_inkar_wide`);
* the same layout saved as an old Excel workbook (BIFF ``.xls``, sheet ``Daten``, numeric cells;
  :func:`read_inkar_xls`);
* *tidy extracts* of INKAR data made by third parties from R objects: ``,``-separated, decimal
  point, one row per region and year, one column per indicator (:func:`read_inkar_extract`).

INKAR publishes one reference year per value and no exact reference date, so ``date`` holds the
year only (ISO 8601 reduced precision, e.g. ``"2015"``). Units are those of the indicator
(INKAR prints them in its metadata, not in the export).
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from ..exceptions import SourceFormatError
from .common import SOURCE_COLUMNS, normalise_code, open_text, parse_column

_ID_COLUMNS = ["Kennziffer", "Raumeinheit", "Aggregat"]
_EXTRACT_KEYS = ("kreis_id", "county_code", "Kennziffer", "ags")


def _wide_to_long(path, rows: list[list]) -> pd.DataFrame:
    """Turn the rows of an INKAR wide export (header, year row, data rows) into the source schema.

    Cells may be German number strings or numbers (Excel); the extra column ``aggregat`` keeps
    the INKAR "Aggregat" (e.g. ``"Landkreis"``, ``"kreisfreie Stadt"``, ``"Kreise"``).
    """
    if len(rows) < 3:
        raise SourceFormatError(path, "fewer than three rows (header, year row, data) – file truncated?")
    header = [str(c).strip() for c in rows[0]]
    if header[:3] != _ID_COLUMNS:
        raise SourceFormatError(
            path, f"missing columns: the first header cells are {header[:3]}, expected {_ID_COLUMNS}"
        )
    if len(header) < 4:
        raise SourceFormatError(path, "no indicator columns after Kennziffer;Raumeinheit;Aggregat")
    years = []
    for i, cell in enumerate(rows[1][3:], start=4):
        text = str(cell).strip()
        if text.endswith(".0"):
            text = text[:-2]
        if not (text.isdigit() and len(text) == 4):
            raise SourceFormatError(path, f"row 2, column {i}: {cell!r} is not a year")
        years.append(int(text))
    if len(years) != len(header) - 3:
        raise SourceFormatError(path, "row 2 (years) does not have one year per indicator column")
    data = rows[2:]
    for n, row in enumerate(data, start=3):
        if len(row) != len(header):
            raise SourceFormatError(
                path, f"row {n} has {len(row)} cells instead of {len(header)} – file truncated or edited"
            )
    n_rows, n_cols = len(data), len(header) - 3
    cells = [row[3 + j] for j in range(n_cols) for row in data]  # column-major
    value, flag = parse_column(cells, path, "INKAR value cells")
    codes = [normalise_code(row[0]) for row in data]
    out = pd.DataFrame(
        {
            "ags": codes * n_cols,
            "name": [str(row[1]).strip() for row in data] * n_cols,
            "year": [y for y in years for _ in range(n_rows)],
            "variable": [v for v in header[3:] for _ in range(n_rows)],
            "value": value,
            "flag": flag,
            "aggregat": [str(row[2]).strip() for row in data] * n_cols,
        }
    )
    out["year"] = out["year"].astype(int)
    out["date"] = out["year"].astype(str)
    return out[SOURCE_COLUMNS + ["aggregat"]]


def read_inkar_wide(path) -> pd.DataFrame:
    """Read an INKAR wide CSV export into the source schema (plus column ``aggregat``).

    ``variable`` is the indicator name of row 1 (e.g. ``"Ausländeranteil"``), ``year`` the year
    of row 2; ``ags`` is the Kennziffer with its leading zeros (5 digits for Kreise). Values keep
    the unit INKAR publishes for the indicator (e.g. % or je 1.000 Einwohner); empty cells give
    NaN with flag ``"na"``. Raises :class:`SourceFormatError` for a wrong encoding, missing
    columns, rows of unequal length (truncated file) or cells that are no number.
    """
    path = Path(path)
    text = open_text(path)
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") if row]
    except csv.Error as exc:
        raise SourceFormatError(path, f"not a readable ;-separated file ({exc})") from None
    return _wide_to_long(path, rows)


def read_inkar_xls(path) -> pd.DataFrame:
    """Read an INKAR export saved as old Excel (``.xls``) into the source schema.

    Layout as :func:`read_inkar_wide` on sheet ``Daten`` (the sheet ``Metadaten`` documents the
    indicators): row 1 indicator names, row 2 years (text), then one row per region with the
    Kennziffer as text and numeric value cells; empty cells give NaN with flag ``"na"``.
    """
    import xlrd

    path = Path(path)
    try:
        book = xlrd.open_workbook(str(path), logfile=io.StringIO())
    except (xlrd.XLRDError, OSError, AssertionError, IndexError, ValueError) as exc:
        raise SourceFormatError(path, f"not a readable .xls workbook ({exc})") from None
    names = book.sheet_names()
    sheet = book.sheet_by_name("Daten") if "Daten" in names else book.sheet_by_index(0)
    rows = [sheet.row_values(r) for r in range(sheet.nrows)]
    rows = [row for row in rows if any(str(c).strip() for c in row)]
    return _wide_to_long(path, rows)


def _codebook_codes(path) -> dict[str, str]:
    """Map ``variable`` -> ``inkar_code`` from a codebook CSV (columns variable, inkar_code)."""
    book = pd.read_csv(io.StringIO(open_text(Path(path))), dtype=str, keep_default_na=False)
    missing = {"variable", "inkar_code"} - set(book.columns)
    if missing:
        raise SourceFormatError(path, f"missing columns {sorted(missing)} in the codebook")
    return dict(zip(book["variable"].str.strip(), book["inkar_code"].str.strip()))


def read_inkar_extract(path, codebook=None) -> pd.DataFrame:
    """Read a tidy INKAR extract (one row per Kreis and year, one column per indicator).

    The key column is one of ``kreis_id``, ``county_code``, ``Kennziffer``, ``ags``; a ``year``
    column is required. Every other column becomes ``variable`` (its column name); values are
    plain decimal-point numbers, empty cells give NaN with flag ``"na"``. ``name`` is empty
    (extracts carry no region names). With a ``codebook`` CSV (columns ``variable``,
    ``inkar_code``) the INKAR indicator code is added in column ``inkar_code``.
    """
    path = Path(path)
    text = open_text(path)
    if text and not text.endswith("\n"):
        raise SourceFormatError(path, "the last line is incomplete – file truncated")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    rows = [row for row in rows if row]
    if len(rows) < 2:
        raise SourceFormatError(path, "no data rows")
    header = [c.strip() for c in rows[0]]
    key = next((k for k in _EXTRACT_KEYS if k in header), None)
    if key is None or "year" not in header:
        raise SourceFormatError(
            path, f"missing columns: need 'year' and one of {list(_EXTRACT_KEYS)}, found {header[:5]}"
        )
    for n, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise SourceFormatError(path, f"row {n} has {len(row)} cells instead of {len(header)}")
    wide = pd.DataFrame(rows[1:], columns=header)
    try:
        year = pd.to_numeric(wide["year"]).astype(int)
    except (ValueError, TypeError) as exc:
        raise SourceFormatError(path, f"column 'year' is not numeric ({exc})") from None
    wide = wide.assign(ags=wide[key].map(normalise_code), year=year)
    variables = [c for c in header if c not in (key, "year")]
    long = wide.melt(id_vars=["ags", "year"], value_vars=variables, var_name="variable", value_name="raw")
    raw = long["raw"].str.strip()
    empty = raw.eq("") | raw.str.upper().isin(["NA", "NAN"])
    value = pd.to_numeric(raw.mask(empty), errors="coerce")
    bad = value.isna() & ~empty
    if bad.any():
        first = long.loc[bad].iloc[0]
        raise SourceFormatError(path, f"column {first['variable']!r}: {first['raw']!r} is not a number")
    out = long.assign(
        name="",
        date=long["year"].astype(str),
        value=value.astype("float64"),
        flag=value.isna().map({True: "na", False: ""}),
    )[SOURCE_COLUMNS]
    if codebook is not None:
        out["inkar_code"] = out["variable"].map(_codebook_codes(codebook)).fillna("")
    return out.reset_index(drop=True)
