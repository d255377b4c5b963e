"""Reader of Regionaldatenbank Deutschland tables in the restructured xlsx layout.

Some regionalstatistik.de tables (e.g. 13111-01-03-4, 31231-02-01-4, 31121-01-02-4) exist only as
xlsx files that a third party restructured after download:

* sheet 1 (named after the table code) has a two-row flattened header whose second row starts
  with ``id``, ``name``; then one block per reference date: a row holding only the date
  (``30.06.2019``) or year (``2019``), followed by one row per region (Deutschland ``DG``,
  Länder, Regierungsbezirke, Kreise, a few 8-digit Gemeinden). Official special signs
  (``-``, ``.``, ``x`` …) are strings in the cells. A copyright footer may follow a
  ``______`` line.
* sheet ``metadata`` keeps the original GENESIS title and column header (with a unit row such
  as ``Anzahl`` / ``1000 qm``); in some files it holds the title lines only.
* sheet ``footnote`` (footnotes) and sometimes ``backup`` (an older copy) – not read.

Values and units are those printed by the Statistische Ämter des Bundes und der Länder
(Regionaldatenbank Deutschland); nothing is rescaled.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd

from ..exceptions import SourceFormatError
from .common import SOURCE_COLUMNS, normalise_code, parse_column

_TABLE_CODE = re.compile(r"\d{5}-\d{2}-\d{2}-\d")
_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_UNIT = re.compile(r"^(Anzahl|%|Prozent|EUR|Euro|((1000|100|Tsd\.?) )?(qm|m²|ha|km²|EUR|Euro))$")
_TRAILING_UNIT = re.compile(r"^(.*?)\s*\(([^()]+)\)$")
_FLAT_SEPARATOR = re.compile(r"-(?=\S)")  # "Ausländer(innen)-Insgesamt", not "Wohn- und"

COLUMNS = SOURCE_COLUMNS + ["unit", "table"]


def read_regionalstatistik_xlsx(path) -> pd.DataFrame:
    """Read one restructured Regionaldatenbank xlsx into the source schema.

    Returns the columns of :data:`wla.sources.common.SOURCE_COLUMNS` plus ``unit`` (as printed,
    e.g. ``"Anzahl"``, ``"1000 qm"``; ``""`` if the file states none) and ``table`` (the
    Regionaldatenbank table code, e.g. ``"13111-01-03-4"``). ``date`` is ISO: ``"2019-06-30"``
    for a Stichtag, ``"2019"`` for an annual total. All region rows are returned as printed
    (including Regierungsbezirke and regions that did not exist in a year, which the
    publisher fills with ``-``). Raises :class:`SourceFormatError` for an unreadable or
    truncated file, a missing sheet, missing ``id``/``name`` columns or an unexpected row.
    """
    path = Path(path)
    data_title, data_rows, meta_rows = _load_sheets(path)
    header, body = _split_header(path, data_rows)
    n_values = len(header) - 2
    variables, units = _column_labels(path, header, meta_rows, n_values)
    regions, cells = _region_rows(path, body, n_values)
    table = _table_code(path, data_title)
    frames = []
    for j, (variable, unit) in enumerate(zip(variables, units)):
        values, flags = parse_column([row[j] for row in cells], path, f"column {variable!r}")
        frame = regions.copy()
        frame["variable"] = variable
        frame["value"] = values.to_numpy()
        frame["flag"] = flags.to_numpy()
        frame["unit"] = unit
        frames.append(frame)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    out["table"] = table
    out["year"] = out["year"].astype("int64")
    return out[COLUMNS]


def _load_sheets(path: Path) -> tuple[str, list[tuple], list[tuple]]:
    """Title and rows of the data sheet (the first one) and rows of the ``metadata`` sheet."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    if not path.exists():
        raise SourceFormatError(path, "file not found")
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise SourceFormatError(path, f"not a complete xlsx workbook (truncated or wrong format: {exc})") from None
    try:
        if "metadata" not in workbook.sheetnames:
            raise SourceFormatError(path, f"sheet 'metadata' missing (sheets: {workbook.sheetnames})")
        data_sheet = workbook.worksheets[0]
        if data_sheet.title == "metadata":
            raise SourceFormatError(path, "data sheet missing (the first sheet is 'metadata')")
        try:
            data_rows = list(data_sheet.iter_rows(values_only=True))
            meta_rows = list(workbook["metadata"].iter_rows(values_only=True))
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise SourceFormatError(path, f"sheet cannot be read (truncated file? {exc})") from None
        return data_sheet.title, data_rows, meta_rows
    finally:
        workbook.close()


def _split_header(path: Path, rows: list[tuple]) -> tuple[tuple, list[tuple]]:
    """The flattened header row (``id``, ``name``, …) and the rows below it."""
    for i, row in enumerate(rows[:10]):
        if row and _text(row[0]) == "id":
            if len(row) < 3 or _text(row[1]) != "name":
                raise SourceFormatError(path, "header row has 'id' but no 'name' column followed by values")
            width = max(j for j, cell in enumerate(row) if cell is not None) + 1
            return row[:width], rows[i + 1 :]
    raise SourceFormatError(path, "no header row with columns 'id' and 'name' in the first sheet")


def _column_labels(path: Path, header: tuple, meta_rows: list[tuple], n: int) -> tuple[list[str], list[str]]:
    """Variable names and units of the value columns.

    Taken from the original GENESIS header in ``metadata`` when it is there; otherwise from the
    flattened header of the data sheet (pieces joined by ``-`` there, by `` | `` here).
    """
    start = next((i for i, r in enumerate(meta_rows) if r and _text(r[0]).startswith(("Stichtag", "Jahr"))), None)
    measure_unit = _measure_unit(meta_rows[:start] if start is not None else meta_rows)
    if start is None:
        return _flat_labels(header[2:], measure_unit)
    block = [tuple(r[2 : 2 + n]) + (None,) * (n - len(r[2 : 2 + n])) for r in meta_rows[start:]]
    if any(cell is not None for r in meta_rows[start:] for cell in r[2 + n :]):
        raise SourceFormatError(path, f"metadata header has more columns than the {n} value columns of the data sheet")
    units = [measure_unit] * n
    if block and all(cell is None or _UNIT.match(_text(cell)) for cell in block[-1]) and any(block[-1]):
        units = [_text(c) if c is not None else measure_unit for c in block[-1]]
        block = block[:-1]
    paths = _header_paths(block, n)
    if any(not p for p in paths):
        raise SourceFormatError(path, "metadata header leaves a value column without a label")
    return [" | ".join(p) for p in paths], units


def _header_paths(block: list[tuple], n: int) -> list[list[str]]:
    """Resolve a merged multi-row header: an empty cell inherits its left neighbour's label
    only while both columns share the same labels in the rows above (i.e. inside the merge)."""
    paths: list[list[str]] = [[] for _ in range(n)]
    for row in block:
        above = [list(p) for p in paths]
        current: list[str | None] = []
        for j in range(n):
            cell = _text(row[j]) if row[j] is not None else None
            if cell is None and j > 0 and above[j] == above[j - 1]:
                cell = current[j - 1]
            current.append(cell)
        for j, cell in enumerate(current):
            if cell:
                paths[j].append(cell)
    return paths


def _flat_labels(cells: tuple, measure_unit: str) -> tuple[list[str], list[str]]:
    """Variables and units from the flattened header (``Wohnfläche(1000 qm)`` -> unit ``1000 qm``)."""
    variables, units = [], []
    for cell in cells:
        text = _text(cell)
        unit = measure_unit
        m = _TRAILING_UNIT.match(text)
        if m and _UNIT.match(m.group(2).strip()):
            text, unit = m.group(1), m.group(2).strip()
        variables.append(" | ".join(p.strip() for p in _FLAT_SEPARATOR.split(text)))
        units.append(unit)
    return variables, units


def _measure_unit(title_rows: list[tuple]) -> str:
    """Unit printed at the end of the measure line, e.g. ``… (Arbeitsort) (Anzahl)`` -> ``Anzahl``."""
    for row in title_rows[1:]:
        m = _TRAILING_UNIT.match(_text(row[0]) if row and row[0] is not None else "")
        if m and _UNIT.match(m.group(2).strip()):
            return m.group(2).strip()
    return ""


def _region_rows(path: Path, body: list[tuple], n: int) -> tuple[pd.DataFrame, list[tuple]]:
    """Region keys/names with their block's year and date, and the raw value cells."""
    records, cells = [], []
    year = date = None
    for offset, row in enumerate(body):
        row = tuple(row) + (None,) * (n + 2 - len(row))
        first = _text(row[0]) if row[0] is not None else ""
        if first.startswith("___"):
            break  # copyright / footnote footer
        if row[1] is None:
            if first == "" and all(c is None for c in row[2:]):
                continue
            year, date = _block_date(path, first, offset)
            continue
        if year is None:
            raise SourceFormatError(path, f"region row {first!r} before any date/year row")
        records.append((normalise_code(first), _text(row[1]), year, date))
        cells.append(row[2 : 2 + n])
    if not records:
        raise SourceFormatError(path, "no region rows below the header")
    return pd.DataFrame(records, columns=["ags", "name", "year", "date"]), cells


def _block_date(path: Path, text: str, offset: int) -> tuple[int, str]:
    """Year and ISO date of a block row: ``30.06.2019`` -> (2019, "2019-06-30"); ``2019``."""
    m = _DATE.match(text)
    if m:
        return int(m.group(3)), f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    m = _YEAR.match(text)
    if m:
        return int(m.group(1)), m.group(1)
    raise SourceFormatError(path, f"row {offset + 1} below the header: {text!r} is neither a region row nor a date/year")


def _table_code(path: Path, sheet_title: str) -> str:
    """Table code from the data sheet's name, else from the file name."""
    for text in (sheet_title, path.name):
        m = _TABLE_CODE.search(text)
        if m:
            return m.group(0)
    raise SourceFormatError(path, "no Regionaldatenbank table code (e.g. 13111-01-03-4) in sheet or file name")


def _text(cell) -> str:
    return str(cell).strip() if cell is not None else ""
