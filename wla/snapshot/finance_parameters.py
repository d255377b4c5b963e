"""Recipe: the sourced finance parameters as a small tidy table in the snapshot.

Source: ``finanzen/finanzparameter.csv`` with its ``SOURCES.md`` (in ``../shared/data``), read by
:func:`wla.sources.finanzen.read_parameters`. These are not official statistics but parameters
with a named primary source (decision, law, ordinance, council paper) and a reliability grade;
they do not fit the snapshot's indicator schema, so the driver writes them as their own file
:data:`FILE` (one row per parameter, every source column kept) beside the indicator tables.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..sources.finanzen import read_parameters

#: The snapshot file written by :func:`build`.
FILE = "finanzparameter.csv"
#: Raw files read (names as in ``../shared/data/finanzen``).
RAW_FILES = ("finanzparameter.csv",)
#: Columns of :data:`FILE`, in order.
COLUMNS = ["parameter_id", "region_ags", "region_name", "value", "unit", "valid_from", "valid_to",
           "source_title", "source_publisher", "source_url", "source_date", "grade", "note"]


def build(raw: Path) -> pd.DataFrame:
    """The parameters of ``raw/finanzen/finanzparameter.csv``, sorted by id, region and start of
    validity (deterministic output)."""
    frame = read_parameters(Path(raw) / "finanzen" / RAW_FILES[0])
    return frame[COLUMNS].sort_values(["parameter_id", "region_ags", "valid_from"], kind="mergesort").reset_index(drop=True)
