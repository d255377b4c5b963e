"""Lernen: pupils and foreign pupils by school type, school leavers, childcare."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data
from ..present import sources_of
from ..regions import region as resolve_region


def by_category(indicator: str, regions, year: int | None = None, share_of: str | None = None
                ) -> tuple[pd.DataFrame, list[str]]:
    """Region totals of ``indicator`` per category (e.g. school type) for each region; with
    ``share_of`` also the share in % of that indicator's total of the same category."""
    rows_all, frames = [], []
    for spec in regions:
        reg = resolve_region(spec)
        rows = data.load(indicator, reg, level="kreis", years=year, category="all")
        rows_all.append(rows)
        for cat in sorted(rows["category"].unique()):
            total = data.region_total(indicator, reg, year, cat)
            for _, t in total.iterrows():
                row = {"region": reg.label, "year": t["year"], "category": cat, "value": t["value"], "flag": t["flag"]}
                if share_of:
                    base = data.region_total(share_of, reg, int(t["year"]), cat)["value"].iloc[0]
                    row["anteil"] = t["value"] / base * 100 if base else np.nan
                frames.append(row)
        if share_of:
            rows_all.append(data.load(share_of, reg, level="kreis", years=year, category="all"))
    return pd.DataFrame(frames), sources_of(*rows_all)
