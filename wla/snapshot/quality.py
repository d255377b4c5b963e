"""Plausibility screen of the snapshot: impossible values are set aside, never silently used.

Each catalogue row names its screen (``screen`` in ``wla/catalog.toml``):

* ``share``    – a value in % must lie in 0–100 (e.g. a share of school leavers of 104 % is not a
  share);
* ``positive`` – an amount per inhabitant or per m² must be above 0 (e.g. INKAR's purchasing power
  per inhabitant published as 0.00 for Kelheim 2021 is no purchasing power).

A value that fails keeps its row, but its value becomes NaN with flag :data:`FLAG` (``"q"``: set
aside by wla's quality screen – not an official sign of the publisher), and the row is listed in
``data/quality.csv`` with the original value and the rule, so that reports can show what was set
aside. Rows that already carry an official sign are not touched.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..catalog import Indicator

FLAG = "q"
QUALITY_COLUMNS = ["indicator", "ags", "level", "year", "category", "value", "rule", "note"]
RULES = {
    "share": ("share outside 0–100 %", lambda v: (v < 0) | (v > 100)),
    "positive": ("amount per inhabitant or per m² <= 0", lambda v: v <= 0),
}
NOTE = "set aside as implausible: value NaN, flag q (not an official sign)"


def screen(rows: pd.DataFrame, indicators: list[Indicator]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply each indicator's screen to snapshot ``rows``.

    Returns the rows with implausible values set to NaN and flagged :data:`FLAG`, and the
    data-quality table (:data:`QUALITY_COLUMNS`; ``value`` is the original value)."""
    rules = {i.id: i.screen for i in indicators if i.screen}
    bad = pd.Series(False, index=rows.index)
    rule_text = pd.Series("", index=rows.index, dtype=object)
    for name, (text, fails) in RULES.items():
        ids = [i for i, r in rules.items() if r == name]
        hit = rows["indicator"].isin(ids) & rows["value"].notna() & fails(rows["value"])
        bad |= hit
        rule_text[hit] = text
    quality = rows.loc[bad, ["indicator", "ags", "level", "year", "category", "value"]].assign(
        rule=rule_text[bad], note=NOTE
    )[QUALITY_COLUMNS]
    out = rows.copy()
    out.loc[bad, "value"] = np.nan
    out.loc[bad, "flag"] = FLAG
    return out, quality.reset_index(drop=True)
