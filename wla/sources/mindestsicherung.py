"""Reader of the hand-transcribed extract of Regionaldatenbank table 22811-01-01-4.

``kreise/kartenwerk_destatis_22811-01-01-4_mindestsicherung_2010-2024_EXTRACT_kielregion_coburg.csv``
(``kreise/SOURCES.md`` §10b): recipients of social minimum-income benefits on 31.12. for the Kreise
of the default region pair, transcribed from a public copy of table 22811-01-01-4. UTF-8, ``,``,
one row per Kreis and Stichtag, persons; columns ``stichtag`` (ISO date), ``kreis_code``,
``kreis_name``, the benefit columns of :data:`VARIABLES` and a free-text ``note``.

The reader checks the identities the publisher's table satisfies – total = AsylbLG + SGB II + HLU +
GSiAE and SGB II = employable + non-employable – so that a transcription error is an error, not a
number.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..exceptions import SourceFormatError
from .common import SOURCE_COLUMNS

#: value columns of the extract -> variable text (the publisher's column, shortened)
VARIABLES = {
    "asylblg_regelleistungen": "Regelleistungen nach dem Asylbewerberleistungsgesetz",
    "sgb2_zusammen": "Grundsicherung für Arbeitsuchende nach dem SGB II | zusammen",
    "sgb2_erwerbsfaehige_lb": "Grundsicherung für Arbeitsuchende nach dem SGB II | erwerbsfähige Leistungsberechtigte",
    "sgb2_nicht_erwerbsfaehige_lb": "Grundsicherung für Arbeitsuchende nach dem SGB II | nicht erwerbsfähige Leistungsberechtigte",
    "hlu_ausserhalb_einr_sgb12": "Hilfe zum Lebensunterhalt außerhalb von Einrichtungen nach dem SGB XII",
    "grundsicherung_alter_em_sgb12": "Grundsicherung im Alter und bei Erwerbsminderung nach dem SGB XII",
    "mindestsicherung_insgesamt": "Empfänger von sozialen Mindestsicherungsleistungen",
}
HEADER = ["stichtag", "kreis_code", "kreis_name", *VARIABLES, "note"]


def read_mindestsicherung_extract(path) -> pd.DataFrame:
    """The extract in the source schema (one row per Kreis, Stichtag and benefit; no signs)."""
    path = Path(path)
    try:
        wide = pd.read_csv(path, dtype={"kreis_code": str, "note": str}, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise SourceFormatError(path, f"cannot be read as CSV ({err})")
    if list(wide.columns) != HEADER:
        raise SourceFormatError(path, f"header {list(wide.columns)} is not {HEADER}")
    if not wide["kreis_code"].str.fullmatch(r"\d{5}").all():
        raise SourceFormatError(path, "kreis_code must be a 5-digit Kreis key")
    dates = pd.to_datetime(wide["stichtag"], format="%Y-%m-%d", errors="coerce")
    if dates.isna().any() or not ((dates.dt.month == 12) & (dates.dt.day == 31)).all():
        raise SourceFormatError(path, "stichtag must be a date 31.12. (YYYY-12-31)")
    values = wide[list(VARIABLES)].apply(pd.to_numeric, errors="coerce")
    if values.isna().any().any():
        raise SourceFormatError(path, "every benefit cell must be a number")
    parts = ["asylblg_regelleistungen", "sgb2_zusammen", "hlu_ausserhalb_einr_sgb12", "grundsicherung_alter_em_sgb12"]
    bad_total = values[parts].sum(axis=1) != values["mindestsicherung_insgesamt"]
    bad_sgb2 = values["sgb2_erwerbsfaehige_lb"] + values["sgb2_nicht_erwerbsfaehige_lb"] != values["sgb2_zusammen"]
    if (bad_total | bad_sgb2).any():
        row = wide[bad_total | bad_sgb2].iloc[0]
        raise SourceFormatError(
            path, f"row {row['stichtag']} {row['kreis_code']}: the parts do not add up to the totals (transcription error?)"
        )
    long = values.assign(ags=wide["kreis_code"], name=wide["kreis_name"], date=wide["stichtag"],
                         year=dates.dt.year.astype(int))
    long = long.melt(id_vars=["ags", "name", "year", "date"], var_name="column", value_name="value")
    long["variable"] = long["column"].map(VARIABLES)
    long["value"] = long["value"].astype("float64")
    long["flag"] = ""
    return long[SOURCE_COLUMNS].reset_index(drop=True)
