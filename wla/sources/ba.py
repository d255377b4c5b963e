"""Reader of the BA unemployment extracts by Kreis and occupational group (KldB 2010).

Source: Statistik der Bundesagentur für Arbeit, "Arbeitslose nach Berufen (KldB 2010),
Zeitreihe, Jahresdurchschnitte", order table 317-408036. The files in ``shared/data/kreise`` are
a lossless CSV export (``region,occupational_group,year,total,women``, UTF-8, ``,``, decimal
point, gzip) of the R data package RegioHub/badata, which removed the "Insgesamt" rows; see
``kreise/SOURCES.md`` §3c.

Values are annual averages of monthly counts of unemployed persons (Personen), hence fractions.
An empty cell (no value in the extract) keeps NaN and the flag ``"na"``. Whole region-years are
empty for all 144 named groups in some Kreise (only the "ohne Angabe" group has a value there):
sums over groups are then not the Kreis total (handled in :mod:`wla.snapshot.ba_tables`).

Region keys are the BA's 5-digit Kreis keys, current boundaries back-cast over the whole series,
returned as published: they include 06415 Hanau, which the BA shows as a region of its own
(kreisfrei only since 2026), so the BA's 06435 Main-Kinzig-Kreis excludes Hanau, unlike 06435 in
Destatis tables. The snapshot recipe :mod:`wla.snapshot.ba_tables` adds Hanau into 06435.
Hamburg and Berlin appear as Kreise 02000 and 11000.
"""
from __future__ import annotations

import pandas as pd

from ..exceptions import SourceFormatError
from .common import read_plain_csv

#: Occupation code given to the group without a target occupation (empty code in the file).
NO_OCCUPATION = "ohne_angabe"
_COLUMNS = ["region", "occupational_group", "year", "total", "women"]
_VARIABLES = {"total": "insgesamt", "women": "frauen"}


def _check_pattern(path, values: pd.Series, pattern: str, what: str) -> None:
    distinct = pd.Series(values.unique(), dtype=str)
    wrong = distinct[~distinct.str.fullmatch(pattern)]
    if len(wrong):
        row = int((values == wrong.iloc[0]).to_numpy().nonzero()[0][0])
        raise SourceFormatError(path, f"{what}, row {row + 1}: unexpected value {wrong.iloc[0]!r}")


def _numbers(path, values: pd.Series, what: str) -> tuple[pd.Series, pd.Series]:
    """Decimal-point numbers; empty cells -> NaN with flag ``na``, anything else is an error."""
    text = values.str.strip()
    number = pd.to_numeric(text, errors="coerce").astype("float64")
    empty = text == ""
    bad = number.isna() & ~empty
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise SourceFormatError(path, f"column {what}, row {row + 1}: not a number: {values.iloc[row]!r}")
    return number, empty.map({True: "na", False: ""})


def read_ba_occupation_extract(path) -> pd.DataFrame:
    """Unemployed persons (annual average, Personen) by Kreis, KldB 2010 Berufsgruppe and year.

    Returns a long frame in the source schema plus ``occupation``: ``ags`` (5-digit BA region
    key), ``name`` (empty: the extract has no names, see :func:`read_ba_codes`), ``year``,
    ``date`` (the year: values are annual averages), ``variable`` (``"insgesamt"`` = all
    unemployed, ``"frauen"`` = women), ``value``, ``flag`` and ``occupation`` (3-digit
    Berufsgruppe code, :data:`NO_OCCUPATION` for the group without target occupation).
    Text columns are categorical to keep the ~1.6 million rows compact.
    """
    frame = read_plain_csv(path, _COLUMNS)
    _check_pattern(path, frame["region"], r"\d{5}", "column region (5-digit Kreis key expected)")
    _check_pattern(path, frame["occupational_group"], r"\d{3}|", "column occupational_group")
    _check_pattern(path, frame["year"], r"(19|20)\d\d", "column year")
    occupation = frame["occupational_group"].replace("", NO_OCCUPATION).astype("category")
    ags = frame["region"].astype("category")
    year = frame["year"].astype("int64")
    parts = []
    for column, variable in _VARIABLES.items():
        value, flag = _numbers(path, frame[column], column)
        parts.append(
            pd.DataFrame(
                {
                    "ags": ags,
                    "name": "",
                    "year": year,
                    "date": frame["year"],
                    "variable": variable,
                    "value": value,
                    "flag": flag,
                    "occupation": occupation,
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    for column in ("ags", "name", "date", "variable", "flag", "occupation"):
        out[column] = out[column].astype("category")
    return out


def read_ba_codes(path) -> pd.DataFrame:
    """A BA code list (region keys or KldB 2010 Berufsgruppen) as ``code``, ``name`` strings.

    The empty occupation code ("ohne Angabe zum Zielberuf") becomes :data:`NO_OCCUPATION`, as in
    :func:`read_ba_occupation_extract`.
    """
    frame = read_plain_csv(path, ["code", "name"])[["code", "name"]]
    frame["code"] = frame["code"].str.strip()
    frame["name"] = frame["name"].str.strip()
    _check_pattern(path, frame["code"], r"\d{3}|\d{5}|", "column code")
    if frame["code"].duplicated().any():
        raise SourceFormatError(path, f"duplicate codes {sorted(frame['code'][frame['code'].duplicated()])}")
    frame["code"] = frame["code"].replace("", NO_OCCUPATION)
    return frame.reset_index(drop=True)
