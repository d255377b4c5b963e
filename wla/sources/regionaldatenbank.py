"""Readers of Regionaldatenbank Deutschland / GENESIS *table* CSV downloads.

:func:`read_table_csv` reads the table layout as downloaded from www.regionalstatistik.de
(and GENESIS-Online "Tabelle" CSV): CP1252 or UTF-8, ``;``-separated, decimal comma, then

1. a title block: ``Tabelle: 13211-02-05-4`` (or ``GENESIS-Tabelle: …``) and title lines whose
   first cell is not empty;
2. header rows whose leading cells are empty; each value column's header is spread over several
   rows (e.g. ``Arbeitslose`` / ``ausländisch`` / ``Anzahl``); the last header row holds the unit
   (Anzahl, Prozent, EUR, …) when the table has one, else the unit may be in the last title line
   (``Absolvierende/Abgehende (Anzahl)``);
3. data rows ``year;code;name;[further row labels such as a school type];values…``;
4. a footer starting with ``__________`` (footnotes in quotes, © line, ``Stand:``).

:func:`read_simplified_csv` reads copies of such tables whose header a repository author replaced
by one line ``;Kreis;Stadt;col1;col2…`` (ISO-8859-1, codes with their leading zero stripped).

Both return the source schema of :mod:`wla.sources.common` plus ``unit`` (str), ``row_label``
(str, ``""`` when the table has no row label beyond code and name) and ``table`` (the table
code from the first line; ``""`` for simplified copies, which do not record it).
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from ..exceptions import SourceFormatError
from .common import SOURCE_COLUMNS, normalise_code, open_text, parse_column

COLUMNS = SOURCE_COLUMNS + ["unit", "row_label", "table"]

_TABLE_LINE = re.compile(r"^(?:GENESIS-)?Tabelle:\s*(\S+)\s*$")
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^(\d{2})\.(\d{2})\.(\d{4})$")
_FOOTER = "__________"
_UNIT = re.compile(
    r"^(Anzahl|Prozent|%|Promille|(Tsd\.|Mill\.|Mrd\.)\s?EUR|EUR|EUR je .+|Tsd\.|1000|ha|qkm|km²|m²|Jahre)$"
)
_TITLE_UNIT = re.compile(r"\(([^()]+)\)\s*$")
_LAND_MAX = 16  # highest Land key; stripped 2-digit keys above it are Regierungsbezirke


def _records(path: Path, encodings: tuple[str, ...]) -> list[list[str]]:
    """The file as ``;``-separated records (quoted multi-line footnotes stay one record)."""
    text = open_text(path, encodings)
    if "\x00" in text:
        raise SourceFormatError(path, "contains NUL characters (wrong encoding, e.g. UTF-16, or not a text file)")
    return [row for row in csv.reader(io.StringIO(text), delimiter=";")]


def _period(cell: str, path: Path, row: int) -> tuple[int, str]:
    """``"2025"`` -> ``(2025, "2025")``; ``"31.12.2019"`` -> ``(2019, "2019-12-31")``."""
    cell = cell.strip()
    if _YEAR.match(cell):
        return int(cell), cell
    m = _DATE.match(cell)
    if m:
        return int(m.group(3)), f"{m.group(3)}-{m.group(2)}-{m.group(1)}"
    raise SourceFormatError(path, f"data row {row}: {cell!r} is not a year or a date")


def _is_period(cell: str) -> bool:
    cell = cell.strip()
    return bool(_YEAR.match(cell) or _DATE.match(cell))


def _leading_empty(row: list[str]) -> int:
    n = 0
    for cell in row:
        if cell.strip():
            break
        n += 1
    return n


def _dedup(pieces) -> list[str]:
    out = []
    for piece in pieces:
        piece = piece.strip()
        if piece and piece not in out:
            out.append(piece)
    return out


def _split_blocks(records, path):
    """Title, header and data records of a GENESIS table; raises if a part is missing."""
    if not records or not records[0] or not _TABLE_LINE.match(records[0][0].strip().lstrip("\ufeff")):
        raise SourceFormatError(path, "first line is not 'Tabelle: <code>' (not a GENESIS table CSV or wrong encoding)")
    table = _TABLE_LINE.match(records[0][0].strip().lstrip("\ufeff")).group(1)
    i = 1
    title = []
    while i < len(records) and records[i] and records[i][0].strip():
        title.append(records[i][0].strip())
        i += 1
    header = []
    while i < len(records) and records[i] and not records[i][0].strip() and any(c.strip() for c in records[i]):
        header.append(records[i])
        i += 1
    if not header:
        raise SourceFormatError(path, "no header rows (rows with empty leading cells) after the title block")
    data = []
    while i < len(records) and records[i] and _is_period(records[i][0]):
        data.append(records[i])
        i += 1
    if not data:
        raise SourceFormatError(path, "no data rows after the header (truncated file?)")
    if i >= len(records) or not records[i] or records[i][0].strip() != _FOOTER:
        got = ";".join(records[i])[:60] if i < len(records) else "end of file"
        raise SourceFormatError(
            path, f"data rows end at line-record {i + 1} with {got!r} instead of the '{_FOOTER}' footer (truncated file?)"
        )
    return table, title, header, data


def _column_headers(title, header, n_labels, width, path):
    """Per value column: (variable, unit)."""
    for row in header:
        if len(row) != width:
            raise SourceFormatError(path, f"header row has {len(row)} cells, data rows have {width} (header incomplete)")
    last = [c.strip() for c in header[-1][n_labels:]]
    unit_row = all(_UNIT.match(c) for c in last if c) and any(last)
    body = header[:-1] if unit_row else header
    title_unit = _TITLE_UNIT.search(title[-1]) if title else None
    fallback = title_unit.group(1).strip() if title_unit and _UNIT.match(title_unit.group(1).strip()) else ""
    out = []
    for j in range(n_labels, width):
        pieces = _dedup(row[j] for row in body)
        unit = header[-1][j].strip() if unit_row else fallback
        if unit_row and unit:
            pieces = _dedup(pieces + [unit])
        if not pieces:
            raise SourceFormatError(path, f"value column {j + 1} has no header text (header incomplete)")
        out.append((" | ".join(pieces), unit))
    return out


def _long(path, table, rows, n_labels, headers, code_of) -> pd.DataFrame:
    """Melt data rows (lists of cells) into the long source schema."""
    frames = []
    periods = [_period(r[0], path, k + 1) for k, r in enumerate(rows)]
    codes = [code_of(r[1]) for r in rows]
    names = [r[2].strip() for r in rows]
    labels = [" | ".join(c.strip() for c in r[3:n_labels] if c.strip()) for r in rows]
    for j, (variable, unit) in enumerate(headers):
        values, flags = parse_column([r[n_labels + j] for r in rows], path, f"column {variable!r}")
        frames.append(
            pd.DataFrame(
                {
                    "ags": codes,
                    "name": names,
                    "year": [p[0] for p in periods],
                    "date": [p[1] for p in periods],
                    "variable": variable,
                    "value": values,
                    "flag": flags,
                    "unit": unit,
                    "row_label": labels,
                    "table": table,
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    out["year"] = out["year"].astype(int)
    return out[COLUMNS]


def read_table_csv(path) -> pd.DataFrame:
    """Read a Regionaldatenbank/GENESIS table CSV into the long source schema.

    ``variable`` joins a value column's non-empty, de-duplicated header pieces with ``" | "``
    (including the unit when the last header row holds it, e.g.
    ``"Arbeitslose | ausländisch | Anzahl"``); ``unit`` is that unit (``Anzahl``, ``Prozent``,
    ``EUR``, ``Tsd. EUR``); ``row_label`` holds row-label columns beyond code and name (e.g. the
    school type of 21111-01-03-4); ``table`` the code of the first line. Values are in the unit of
    the column; official signs go to ``flag``. Codes keep their leading zeros (``"DG"``, Land 2,
    Regierungsbezirk 3, Kreis 5, Gemeinde 8 digits). Raises :class:`SourceFormatError` for a
    truncated file, wrong encoding or a missing header.
    """
    path = Path(path)
    records = _records(path, ("utf-8-sig", "cp1252"))
    table, title, header, data = _split_blocks(records, path)
    width = len(data[0])
    n_labels = min(_leading_empty(row) for row in header)
    if n_labels < 3:
        raise SourceFormatError(path, f"header has {n_labels} label columns, expected year, code and name")
    for k, row in enumerate(data):
        if len(row) != width:
            raise SourceFormatError(path, f"data row {k + 1} has {len(row)} cells, expected {width} (truncated line?)")
    headers = _column_headers(title, header, n_labels, width, path)
    return _long(path, table, data, n_labels, headers, normalise_code)


def simplified_code(code) -> str:
    """Key of a simplified copy, whose leading zeros were stripped, with its zeros restored.

    1 digit -> Land (``"1"`` -> ``"01"``); 2 digits -> Land if <= 16 (``"10"``…``"16"``), else
    a Regierungsbezirk of Länder 03–09 (``"94"`` -> ``"094"``); 3 digits -> Regierungsbezirk;
    4/5 digits -> Kreis; 7/8 digits -> Gemeinde; ``"DG"`` stays.
    """
    s = str(code).strip()
    if s.isdigit() and len(s) == 2 and int(s) > _LAND_MAX:
        return "0" + s
    return normalise_code(s)


def read_simplified_csv(path) -> pd.DataFrame:
    """Read a GENESIS table copy whose header was replaced by ``;Kreis;Stadt;col1;col2…``.

    Layout (as found in nicoFhahn/masterthesis ``germany_data/*.csv``): ISO-8859-1 (UTF-8 also
    accepted), ``;``, one header line written by the repo author (first cell empty, then
    ``Kreis`` = region key, ``Stadt`` = region name, then one author-chosen name per value
    column), then the unchanged GENESIS data rows ``period;key;name;values…`` where the period is a
    year (``2019``) or a Stichtag (``31.12.2019``) and keys lost their leading zero (``1002``).
    No footer, no units. ``variable`` is the column name as given, ``unit`` and ``table`` are
    ``""`` (not recorded in the copy). Same output schema as :func:`read_table_csv`.
    """
    path = Path(path)
    records = [r for r in _records(path, ("utf-8-sig", "latin-1")) if any(c.strip() for c in r)]
    if not records:
        raise SourceFormatError(path, "empty file")
    head = [c.strip() for c in records[0]]
    if len(head) < 4 or head[0] != "" or head[1] != "Kreis" or head[2] != "Stadt":
        raise SourceFormatError(path, f"header is not ';Kreis;Stadt;<columns>' but {';'.join(head)[:60]!r} (missing columns)")
    if any(not c for c in head[3:]):
        raise SourceFormatError(path, "header has an empty value-column name")
    data = records[1:]
    if not data:
        raise SourceFormatError(path, "no data rows (truncated file?)")
    for k, row in enumerate(data):
        if len(row) != len(head):
            raise SourceFormatError(path, f"data row {k + 1} has {len(row)} cells, expected {len(head)} (truncated line?)")
    headers = [(name, "") for name in head[3:]]
    return _long(path, "", data, 3, headers, simplified_code)
