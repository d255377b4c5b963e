"""Wohnen: vacancy, rents, housing stock and construction; where vacancy and shrinking meet."""
from __future__ import annotations

import pandas as pd

from .. import data
from ..present import sources_of
from ..regions import region as resolve_region
from .indicators import change


def gemeinde_values(region, indicator: str, year: int | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Gemeinde rows of one indicator (newest year unless ``year``)."""
    rows = data.load(indicator, region, level="gemeinde", years=year, category="insgesamt")
    rows = rows[rows["year"] == rows["year"].max()]
    return rows.reset_index(drop=True), sources_of(rows)


def region_series(indicator: str, regions, category: str = "insgesamt") -> tuple[pd.DataFrame, list[str]]:
    """Yearly region totals of a Kreis-level indicator for each region (long format)."""
    frames = []
    for spec in regions:
        reg = resolve_region(spec)
        frames.append(data.region_total(indicator, reg, None, category))
    rows = pd.concat(frames, ignore_index=True)
    return rows, sources_of(rows)


def vacancy_and_shrinking(region, start: int = 2013, end: int = 2023,
                          threshold: float | None = None) -> tuple[pd.DataFrame, list[str], dict]:
    """Gemeinden where vacant flats and a shrinking population meet.

    Joins the population change ``start``→``end`` (GV-ISys, both on Zensus 2011 basis) with
    the Zensus 2022 vacancy rate and dwelling stock. ``leerstehend`` is derived as
    vacancy rate × dwellings / 100 (from a rate rounded to 0.1 %, so approximate).
    ``threshold`` (default: Germany's vacancy rate from the same table) marks high vacancy.
    """
    reg = resolve_region(region)
    pop = data.load("bevoelkerung", reg, level="gemeinde", years=[start, end], category="insgesamt")
    delta = change(pop, start, end)
    vac, vac_src = gemeinde_values(reg, "leerstandsquote")
    dw, dw_src = gemeinde_values(reg, "wohnungen")
    if threshold is None:
        threshold = float(data.region_total("leerstandsquote", "deutschland", 2022)["value"].iloc[0])
    frame = delta.merge(vac[["ags", "value", "flag"]].rename(columns={"value": "leerstandsquote"}), on="ags", how="left")
    frame = frame.merge(dw[["ags", "value"]].rename(columns={"value": "wohnungen"}), on="ags", how="left")
    frame["leerstehend"] = frame["leerstandsquote"] * frame["wohnungen"] / 100
    frame["schrumpfend"] = frame["veraenderung"] < 0
    frame["hoher_leerstand"] = frame["leerstandsquote"] > threshold
    frame["beides"] = frame["schrumpfend"] & frame["hoher_leerstand"]
    meta = {"threshold": threshold, "start": start, "end": end,
            "n": len(frame), "n_beides": int(frame["beides"].sum()),
            "leerstehend_beides": float(frame.loc[frame["beides"], "leerstehend"].sum())}
    return frame, sources_of(pop, vac) + dw_src, meta
