"""What all readers share: the official special signs and the source schema.

Source schema (a long frame, one row per value), columns in this order:

``ags``      region key as printed by the publisher, normalised to a string with its leading
             zeros (Kreis 5 digits, Gemeinde 8 digits, Land 2 digits, ``"DG"`` for Germany).
``name``     region name as printed in the file (stripped).
``year``     reference year (int); ``date`` holds the exact reference date (ISO, str).
``variable`` what the value measures, in the publisher's own words (header pieces joined by `` | ``).
``value``    float; NaN where the publisher printed a special sign instead of a number.
``flag``     the official special sign, or ``""`` for a plain number (see :data:`FLAGS`).

Readers may add further columns (e.g. ``unit``, category columns of a GENESIS flat file).
"""
from __future__ import annotations

import math
import re

import pandas as pd

from ..exceptions import SourceFormatError

#: Official special signs of the statistical offices (Destatis "Zeichenerklärung") and the BA.
#: ``-`` means "nothing", a true zero: its value is 0 and the flag is kept so that a reader can
#: see it was printed as a sign. Every other sign leaves the value NaN.
FLAGS = {
    "-": "nichts vorhanden (genau null)",
    "0": "weniger als die Hälfte von 1 in der letzten besetzten Stelle, jedoch mehr als nichts",
    ".": "Zahlenwert unbekannt oder geheim zu halten",
    "x": "Tabellenfach gesperrt, weil Aussage nicht sinnvoll",
    "/": "keine Angaben, da Zahlenwert nicht sicher genug",
    "...": "Angabe fällt später an",
    "()": "Aussagewert eingeschränkt, da der Zahlenwert statistisch relativ unsicher ist",
    "*": "Statistik der BA: Wert aus Datenschutzgründen anonymisiert",
    "na": "keine Angabe in der Quelldatei (leeres Feld)",
}

SOURCE_COLUMNS = ["ags", "name", "year", "date", "variable", "value", "flag"]

_NUMBER = re.compile(r"^[+-]?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?$")


def parse_german_number(text) -> tuple[float, str]:
    """Parse one cell of an official German table into ``(value, flag)``.

    ``"1.534,90"`` -> ``(1534.9, "")``; ``"-"`` -> ``(0.0, "-")``; ``"."`` -> ``(nan, ".")``;
    ``"(12,3)"`` -> ``(12.3, "()")``; an empty cell -> ``(nan, "na")``. Numeric cells (int/float
    from Excel) pass through. Anything else raises ``ValueError`` so that a malformed file is
    never read as a silent gap.
    """
    if text is None:
        return math.nan, "na"
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return (math.nan, "na") if math.isnan(float(text)) else (float(text), "")
    s = str(text).strip().strip('"').strip()
    if s == "" or s.lower() == "nan":
        return math.nan, "na"
    if s == "-":
        return 0.0, "-"
    if s in (".", "x", "/", "...", "…", "*"):
        return math.nan, "..." if s == "…" else s
    limited = s.startswith("(") and s.endswith(")")
    if limited:
        s = s[1:-1].strip()
    if _NUMBER.match(s):
        value = float(s.replace(".", "").replace(",", "."))
        return value, "()" if limited else ""
    try:  # plain decimal point numbers ("12.5") as written by some exports
        value = float(s)
    except ValueError:
        raise ValueError(f"not a number or official sign: {text!r}") from None
    return value, "()" if limited else ""


def parse_column(values, path, what: str) -> tuple[pd.Series, pd.Series]:
    """Vectorised :func:`parse_german_number` over a column; errors name file and column."""
    out_v, out_f = [], []
    for i, cell in enumerate(values):
        try:
            v, f = parse_german_number(cell)
        except ValueError as exc:
            raise SourceFormatError(path, f"{what}, row {i + 1}: {exc}") from None
        out_v.append(v)
        out_f.append(f)
    return pd.Series(out_v, dtype="float64"), pd.Series(out_f, dtype="object")


def normalise_code(code) -> str:
    """Region key as a string with leading zeros restored.

    ``1002`` -> ``"01002"``, ``"1"`` -> ``"01"``, ``1002000`` -> ``"01002000"``, ``"DG"`` stays.
    Lengths 1, 4, 7 and 11 are the zero-stripped forms of Land, Kreis, Gemeinde and ARS keys.
    """
    s = str(code).strip()
    if s.endswith(".0"):
        s = s[:-2]
    if not s.isdigit():
        return s
    if len(s) in (1, 4, 7, 11):
        s = "0" + s
    return s


def level_of(code: str) -> str:
    """Administrative level of a normalised key: bund, land, rb, kreis, gemeinde."""
    if code == "DG":
        return "bund"
    return {2: "land", 3: "rb", 5: "kreis", 8: "gemeinde", 9: "gemeindeverband", 12: "gemeinde"}.get(
        len(code), "other"
    )


def open_text(path, encodings=("utf-8-sig",)) -> str:
    """Read a text file trying the publisher's encodings in order; a clear error if none fits."""
    raw = path.read_bytes() if hasattr(path, "read_bytes") else open(path, "rb").read()
    if str(path).endswith(".gz"):
        import gzip

        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as exc:
            raise SourceFormatError(path, f"not a complete gzip file ({exc})") from None
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise SourceFormatError(path, f"cannot be decoded as {' or '.join(encodings)} (wrong encoding)")


def read_plain_csv(path, required) -> pd.DataFrame:
    """A plain comma-separated CSV (as written by pandas or R exports) with all cells as text.

    Checks the ``required`` columns and that the last line is complete: pandas pads a cut-off
    last line silently, which would read a truncated file as a shorter one."""
    import csv
    import io

    text = open_text(path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SourceFormatError(path, f"not a readable CSV file ({exc})") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise SourceFormatError(path, f"missing columns {missing} (found {list(frame.columns)})")
    last = next(csv.reader([text.rstrip("\r\n").rsplit("\n", 1)[-1]]), [])
    if len(last) != len(frame.columns):
        raise SourceFormatError(path, f"last line has {len(last)} fields, expected {len(frame.columns)} (truncated file)")
    return frame
