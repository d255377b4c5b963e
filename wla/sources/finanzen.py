"""Reader of the sourced finance parameters (``finanzen/finanzparameter.csv`` + ``SOURCES.md``).

The CSV (UTF-8, ``;``, decimal point, no thousands separator) is a hand-compiled list of
parameters that are not official statistics: the federal flat payment per first asylum
application and its legal basis, how Schleswig-Holstein and Bavaria pass costs on, SGB II
housing-cost limits (Angemessenheitsgrenzen) where published, and the MORO programme's funding.
Each row names its primary source (title, publisher, URL, date). ``region_ags``: ``DE`` (federal),
``01``/``09`` (Land) or a 5-digit Kreis key (several joined by ``+``).

The reliability grade of each value is not a column of the CSV; it is given in the tables of
``SOURCES.md`` (A = legal text or authority directly, B = official figure reported by a secondary
source, C = press/blog, D = list page or inferred date). :data:`GRADES` transcribes it and
:func:`read_parameters` attaches it as column ``grade`` ("" where SOURCES.md gives none).
"""
from __future__ import annotations

import pandas as pd

from ..exceptions import SourceFormatError
from .common import open_text

COLUMNS = ["parameter_id", "region_ags", "region_name", "value", "unit", "valid_from", "valid_to",
           "source_title", "source_publisher", "source_url", "source_date", "note"]

#: Reliability grade per parameter id, transcribed from the tables of SOURCES.md §1–§3.
#: Housing-cost limits (``kdu_*``) are graded per Kreis and start of validity: see :data:`KDU_GRADES`.
GRADES = {
    "bund_pauschale_je_asylerstantrag": "B", "bund_abschlag_2024_h1": "B", "bund_entlastung_schaetzung_2024": "B",
    "bund_gesamtsumme_vorher_2023": "C", "fag_par14_abschlag_2024": "A",
    "fag_par1abs2_laender_2024_neu": "A", "fag_par1abs2_laender_2024_alt": "A",
    "fag_par1abs2_laender_2025_neu": "A", "fag_par1abs2_laender_2025_alt": "A",
    "bund_pauschale_kosten_2024_ist": "C",
    "sh_bundespauschale_anteil_kommunen": "B", "sh_bundespauschale_anteil_land": "B",
    "sh_bundespauschale_eur_kommunen": "B", "sh_integrationsfestbetrag_fag": "B",
    "sh_einmalzahlung_asylblg_2024": "A", "sh_zusatzmittel_2024_gesamt": "A", "sh_asylblg_erstattungsquote": "A",
    "sh_2015_erstattung_waehrend_asylverfahren": "B", "sh_integrations_aufnahmepauschale_2016": "B",
    "sh_integrations_aufnahmepauschale_2016_jan_feb": "B", "sh_aufnahmepauschale_2020_2021": "B/C",
    "sh_aufnahmepauschale_ukraine_2022": "B/C", "by_asylblg_kostenerstattung": "A",
}
#: Grade of the housing-cost tables of SOURCES.md §3 by (Kreis, valid from).
KDU_GRADES = {
    ("01002", "2025-01-01"): "A", ("01002", "2023-01-01"): "B", ("01002", "2021-01-01"): "B",
    ("01004", "2025-01-01"): "A", ("01004", "2019-01-01"): "A", ("01057", "2013-11-01"): "B",
    ("09473", "2020-03-01"): "A",
}


def _grade(row: pd.Series) -> str:
    if row["parameter_id"].startswith("kdu_"):
        return KDU_GRADES.get((row["region_ags"], row["valid_from"]), "")
    return GRADES.get(row["parameter_id"], "")


def read_parameters(path) -> pd.DataFrame:
    """All rows of ``finanzparameter.csv`` with every column as in the file (strings; empty
    fields as ""), ``value`` as float and a ``grade`` column (see :data:`GRADES`).

    Raises :class:`SourceFormatError` on a changed header, a non-numeric value or a row
    without a source title or date."""
    from io import StringIO

    text = open_text(path)
    try:
        frame = pd.read_csv(StringIO(text), sep=";", dtype=str, keep_default_na=False)
    except pd.errors.ParserError as err:
        raise SourceFormatError(path, f"not a ';'-separated table: {err}") from err
    if list(frame.columns) != COLUMNS:
        raise SourceFormatError(path, f"header {list(frame.columns)} differs from the expected columns {COLUMNS}")
    if frame.empty:
        raise SourceFormatError(path, "no parameter rows")
    bad = frame[pd.to_numeric(frame["value"], errors="coerce").isna()]
    if not bad.empty:
        raise SourceFormatError(path, f"value {bad['value'].iat[0]!r} of {bad['parameter_id'].iat[0]} is not a number")
    unsourced = frame[(frame["source_title"].str.strip() == "") | (frame["source_date"].str.strip() == "")]
    if not unsourced.empty:
        raise SourceFormatError(path, f"{unsourced['parameter_id'].iat[0]} has no source title or date")
    frame["value"] = frame["value"].astype(float)
    frame["grade"] = frame.apply(_grade, axis=1)
    return frame
