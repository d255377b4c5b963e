"""Lernen: pupils and foreign pupils by school type, school leavers, childcare."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data
from ..regions import region as resolve_region
from .indicators import newest_year, result, used


def _category_order(indicator: str, categories) -> dict[str, int]:
    """Rank of each category: the catalogue's listed order where it lists them all, else the
    total (``insgesamt``) first and the others alphabetically."""
    listed = [c.strip() for c in str(data.entry(indicator)["categories"]).split(",")]
    if not set(categories) <= set(listed):
        listed = ["insgesamt", *sorted(c for c in categories if c != "insgesamt")]
    return {c: i for i, c in enumerate(listed)}


def share_flag(share: float, flag: str, base: float, base_flag: str) -> str:
    """The official sign of a share (%): ``x`` (not meaningful) where its denominator is exactly
    zero (the publisher's "-", e.g. pupils at Hauptschulen in Schleswig-Holstein, which has none),
    else for a missing share the sign of the numerator or the denominator (e.g. "." secret); "-"
    for a share of exactly zero because its count is the publisher's "-"; else empty."""
    if not pd.isna(share):
        return "-" if flag == "-" else ""
    if base == 0 and base_flag in ("-", ""):
        return "x"
    return (flag if isinstance(flag, str) else "") or (base_flag if isinstance(base_flag, str) else "")


def by_category(indicator: str, regions, year: int | None = None, share_of: str | None = None,
                until: int | None = None) -> pd.DataFrame:
    """Region totals of ``indicator`` per category (e.g. school type; ``category`` holds the
    catalogue's category id) for each region and year, with ``anteil``: with ``share_of`` the
    share in % of that indicator's total of the same category, else the share in % of the
    indicator's own ``insgesamt`` of the same region and year. With ``until`` (and no ``year``)
    the year is the newest up to ``until`` with Kreis values. ``anteil_flag``: the official sign
    of a missing share (:func:`share_flag`; ``x`` where the denominator is exactly zero)."""
    if year is None and until is not None:
        year = newest_year(data.load(indicator, level="kreis")["year"].unique(), until, indicator)
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
                    base = data.region_total(share_of, reg, int(t["year"]), cat).iloc[0]
                    row["anteil"] = t["value"] / base["value"] * 100 if base["value"] else np.nan
                    row["anteil_flag"] = share_flag(row["anteil"], t["flag"], base["value"], base["flag"])
                frames.append(row)
        if share_of:
            rows_all.append(data.load(share_of, reg, level="kreis", years=year, category="all"))
    frame = pd.DataFrame(frames)
    order = _category_order(indicator, frame["category"].unique())
    frame = frame.sort_values("category", key=lambda c: c.map(order), kind="stable").reset_index(drop=True)
    if not share_of:
        totals = frame[frame["category"] == "insgesamt"].set_index(["region", "year"])["value"]
        base = pd.Series([totals.get((r, y), np.nan) for r, y in zip(frame["region"], frame["year"])], index=frame.index)
        frame["anteil"] = frame["value"] / base.where(base != 0) * 100
        frame["anteil_flag"] = [share_flag(a, f, b, "-" if b == 0 else "")
                                for a, f, b in zip(frame["anteil"], frame["flag"], base)]
    method = (f"sum over members / sum of {share_of} of the same category x 100" if share_of
              else "sum over members / the region's total of all categories x 100")
    return result(frame, used(*rows_all), method, indicator=indicator, share_of=share_of, year=year, until=until)
