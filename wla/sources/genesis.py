"""Reader for GENESIS flat files ("ffcsv") of Destatis, the Regionaldatenbank and the Zensus 2022 database.

A flat file has one row per value and the header::

    statistics_code;statistics_label;time_code;time_label;time;
    1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;
    [2_variable_code;...;2_variable_attribute_label; ...]
    value;value_unit;value_variable_code;value_variable_label[;value_q]

Variable 1 is the region (``KREISE``, ``DLAND``, ``DINSG``, ``REGBEZ``, ``GEOGM4`` …), variables
2, 3, … classify the value (``GES`` Geschlecht, ``NAT`` Nationalität, ``SCHST2`` Schutzstatus,
``STAAG5`` Staatsangehörigkeit …). An attribute with an empty code and the label ``Insgesamt`` is
the total over that variable. Files are UTF-8 with BOM, ``;``-separated, values without thousands
separators and with a decimal comma; special signs (``-``, ``.``, ``x``, ``/``, ``...``) may stand
in place of a number.

The same format is the body of a GENESIS web-service ``data/tablefile`` or ``data/resultfile``
reply (a zip archive with one ``*_flat.csv``), so :func:`read_ffcsv` also takes the reply's bytes
or its decoded text.
"""
from __future__ import annotations

import gzip
import io
import os
import re
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from ..exceptions import SourceFormatError
from .common import SOURCE_COLUMNS, normalise_code, parse_german_number

REQUIRED_COLUMNS = (
    "statistics_code",
    "time",
    "1_variable_code",
    "1_variable_attribute_code",
    "1_variable_attribute_label",
    "value",
    "value_unit",
    "value_variable_code",
    "value_variable_label",
)

#: Columns added to the source schema (see :mod:`wla.sources.common`); one pair ``<CODE>`` /
#: ``<CODE>_code`` per classifying variable follows them.
EXTRA_COLUMNS = ["ars", "statistic", "unit", "variable_code", "geo_variable", "quality"]

_CLASSIFIER = re.compile(r"^(\d+)_variable_code$")
_PLAIN_NUMBER = r"-?\d+(?:,\d+)?"
_REPLY = "<GENESIS web-service reply>"


def read_ffcsv(source, name: str | None = None) -> pd.DataFrame:
    """Read a GENESIS flat file into the source schema plus GENESIS columns.

    ``source`` is a path (``.csv`` or gzip-compressed ``.csv.gz``), an open file or buffer, the CSV
    text itself, or the bytes of a file or web-service reply (plain, gzip or a zip archive holding one flat file).
    ``name`` names the input in error messages (default: the path, or "GENESIS web-service reply").

    Returns one row per value with the columns of :data:`~wla.sources.common.SOURCE_COLUMNS`
    (``ags``: region key, for a 12-digit ARS the 8-digit AGS ``ARS[0:5] + ARS[9:12]``; ``year``
    from ``time``; ``variable`` = ``value_variable_label``; ``value`` in ``unit``, NaN where a
    special sign stands, 0.0 for ``-``; ``flag`` the sign), then ``ars`` (12-digit key or ""),
    ``statistic`` (statistics_code), ``unit`` (value_unit, e.g. "Anzahl"), ``variable_code``
    (value_variable_code), ``geo_variable`` (1_variable_code), ``quality`` (value_q or ""), and
    for each classifying variable a column named by its code holding the attribute label plus
    ``<code>_code`` holding the attribute code ("" for the total "Insgesamt").

    Raises :class:`~wla.exceptions.SourceFormatError` for a truncated or undecodable input, a
    missing column or a value that is neither a number nor an official sign.
    """
    where, content = _load(source, name)
    table = _read_table(_decode(content, where), where)
    return _to_source_schema(table, where)


def _load(source, name):
    """Return ``(where, bytes-or-text)`` for a path, a file object, CSV text or raw bytes."""
    if isinstance(source, (bytes, bytearray)):
        return name or _REPLY, bytes(source)
    if hasattr(source, "read"):  # an open file or buffer
        return name or str(getattr(source, "name", _REPLY)), source.read()
    if isinstance(source, str) and ("\n" in source or source.lstrip("\ufeff").startswith("statistics_code")):
        return name or _REPLY, source
    path = Path(os.fspath(source))
    return name or str(path), path.read_bytes()


def _decode(content, where) -> str:
    """Unpack gzip/zip by their magic bytes and decode UTF-8 (BOM optional)."""
    if isinstance(content, str):
        return content.lstrip("\ufeff")
    if content[:2] == b"\x1f\x8b":
        try:
            content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceFormatError(where, f"not a complete gzip file ({exc})") from None
    elif content[:4] == b"PK\x03\x04":
        content = _unzip(content, where)
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceFormatError(
            where, f"cannot be decoded as UTF-8 (wrong encoding; GENESIS flat files are UTF-8): {exc}"
        ) from None


def _unzip(content: bytes, where) -> bytes:
    """The single flat file inside a web-service zip reply."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = [m for m in archive.namelist() if m.lower().endswith(".csv")]
            if len(members) != 1:
                raise SourceFormatError(where, f"zip archive holds {len(members)} CSV files, expected one")
            return archive.read(members[0])
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise SourceFormatError(where, f"not a complete zip archive ({exc})") from None


def _read_table(text: str, where) -> pd.DataFrame:
    """Parse the CSV text (all cells as str) and check header and completeness."""
    lines = text.rstrip("\r\n").rsplit("\n", 1)
    if len(lines) < 2:
        raise SourceFormatError(where, "no data rows (empty or truncated file)")
    header_fields = text.split("\n", 1)[0].count(";")
    if lines[-1].count(";") != header_fields:
        raise SourceFormatError(
            where, f"last line has {lines[-1].count(';') + 1} of {header_fields + 1} fields (file truncated)"
        )
    try:
        table = pd.read_csv(io.StringIO(text), sep=";", dtype=str, na_filter=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceFormatError(where, f"not a ';'-separated flat file ({exc})") from None
    table.columns = [c.strip() for c in table.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise SourceFormatError(where, f"missing GENESIS flat-file columns: {', '.join(missing)}")
    labels = table.groupby("value_variable_code")["value_variable_label"].nunique()
    if (labels > 1).any():
        raise SourceFormatError(where, "value_variable_label differs within one value_variable_code (file truncated or edited)")
    return table


def parse_values(values: pd.Series, where) -> tuple[pd.Series, pd.Series]:
    """Vectorised ``(value, flag)`` for GENESIS cells.

    Plain integers and decimal-comma numbers (``"1234"``, ``"-3,7"``) are converted in one pass;
    only the remaining cells (special signs) go through
    :func:`~wla.sources.common.parse_german_number`. Errors name the file and the line.
    """
    cells = values.str.strip()
    plain = cells.str.fullmatch(_PLAIN_NUMBER).to_numpy()
    value = np.full(len(cells), np.nan)
    value[plain] = pd.to_numeric(cells[plain].str.replace(",", ".", regex=False)).to_numpy()
    flag = np.full(len(cells), "", dtype=object)
    for i in np.flatnonzero(~plain):
        try:
            value[i], flag[i] = parse_german_number(cells.iat[i])
        except ValueError as exc:
            raise SourceFormatError(where, f"column value, line {i + 2}: {exc}") from None
    return pd.Series(value, index=values.index, dtype="float64"), pd.Series(flag, index=values.index, dtype=object)


def _to_source_schema(table: pd.DataFrame, where) -> pd.DataFrame:
    """Build the long source frame from the raw flat-file columns."""
    time = table["time"].str.strip()
    if not time.str.match(r"^\d{4}").all():
        raise SourceFormatError(where, "column time holds a value that does not start with a year")
    code = table["1_variable_attribute_code"].str.strip()
    is_ars = code.str.fullmatch(r"\d{12}")
    value, flag = parse_values(table["value"], where)
    out = pd.DataFrame(
        {
            "ags": code.where(~is_ars, code.str[:5] + code.str[9:]).map(normalise_code),
            "name": table["1_variable_attribute_label"].str.strip(),
            "year": time.str[:4].astype(int),
            "date": time,
            "variable": table["value_variable_label"].str.strip(),
            "value": value,
            "flag": flag,
            "ars": code.where(is_ars, ""),
            "statistic": table["statistics_code"].str.strip(),
            "unit": table["value_unit"].str.strip(),
            "variable_code": table["value_variable_code"].str.strip(),
            "geo_variable": table["1_variable_code"].str.strip(),
            "quality": table["value_q"].str.strip() if "value_q" in table else "",
        }
    )
    classifiers = []
    for number in _classifier_numbers(table, where):
        var = table[f"{number}_variable_code"].str.strip()
        if var.nunique() != 1:
            raise SourceFormatError(where, f"column {number}_variable_code is not constant")
        var_code = var.iat[0]
        out[var_code] = table[f"{number}_variable_attribute_label"].str.strip()
        out[f"{var_code}_code"] = table[f"{number}_variable_attribute_code"].str.strip()
        classifiers += [var_code, f"{var_code}_code"]
    return out[SOURCE_COLUMNS + EXTRA_COLUMNS + classifiers]


def _classifier_numbers(table: pd.DataFrame, where) -> list[int]:
    """Numbers 2, 3, … of the classifying variables present in the file."""
    numbers = sorted(int(m.group(1)) for c in table.columns if (m := _CLASSIFIER.match(c)))
    for number in numbers:
        for part in ("attribute_code", "attribute_label"):
            if f"{number}_variable_{part}" not in table.columns:
                raise SourceFormatError(where, f"missing column {number}_variable_{part}")
    return [n for n in numbers if n > 1]
