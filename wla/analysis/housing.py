"""Wohnen: vacancy, rents, housing stock and construction; where vacancy and shrinking meet.

Every function returns a DataFrame with ``attrs["sources"]`` (indicator -> years used).
"""
from __future__ import annotations

import pandas as pd

from .. import data
from ..regions import region as resolve_region
from .indicators import change, newest, newest_year, result, used


def gemeinde_values(region, indicator: str, year: int | None = None, until: int | None = None) -> pd.DataFrame:
    """Gemeinde rows of one indicator (``year``, else the newest year up to ``until``), as
    :func:`wla.load` gives them; no value up to ``until`` raises :class:`NoDataError`."""
    rows = data.load(indicator, region, level="gemeinde", years=year, category="insgesamt")
    rows = newest(rows, until, indicator)
    return result(rows.reset_index(drop=True), used(rows), "published Gemeinde values", indicator=indicator,
                  until=until)


#: The default high-vacancy threshold: the median over all Gemeinden with a published rate of
#: the same Zensus year (each Gemeinde counts once).
THRESHOLD_RULE = "median of the vacancy rates of all Gemeinden in Germany (Zensus 2022)"


def vacancy_and_shrinking(region, start: int = 2013, end: int | None = None,
                          threshold: float | None = None, until: int | None = None) -> pd.DataFrame:
    """Gemeinden where vacant flats and a shrinking population meet.

    Joins the population change ``start``→``end`` (GV-ISys, both on Zensus 2011 basis) with
    the Zensus 2022 vacancy rate and dwelling stock. ``leerstehend`` is derived as
    vacancy rate × dwellings / 100 (from a rate rounded to 0.1 %, so approximate).
    ``threshold`` marks high vacancy; default: the median of the vacancy rates of all Gemeinden
    in Germany of the same Zensus year (:data:`THRESHOLD_RULE`). Germany's own rate is not used:
    the publisher's national rate is not among the source files (see the catalogue's
    ``national_note`` of ``leerstandsquote``).
    ``end`` defaults to the newest population year up to ``until``; the vacancy rate is the
    newest up to ``until`` (no census vacancy before 2022: :class:`NoDataError`).
    ``attrs``: ``threshold``, ``threshold_rule``, ``start``, ``end``, ``n``, ``n_beides``,
    ``leerstehend_beides``.
    """
    reg = resolve_region(region)
    if end is None:
        years = data.load("bevoelkerung", reg, level="gemeinde", category="insgesamt")["year"].unique()
        end = newest_year(years, until, "bevoelkerung")
    pop = data.load("bevoelkerung", reg, level="gemeinde", years=[start, end], category="insgesamt")
    delta = change(pop, start, end)
    vac = gemeinde_values(reg, "leerstandsquote", until=until)
    dw = gemeinde_values(reg, "wohnungen", until=until)
    if threshold is None:
        national = data.load("leerstandsquote", level="gemeinde", years=int(vac["year"].max()),
                             category="insgesamt")
        threshold, rule = float(national["value"].median()), THRESHOLD_RULE
    else:
        national, rule = None, "given"
    frame = delta.merge(vac[["ags", "value", "flag"]].rename(columns={"value": "leerstandsquote"}), on="ags", how="left")
    frame = frame.merge(dw[["ags", "value"]].rename(columns={"value": "wohnungen"}), on="ags", how="left")
    frame["leerstehend"] = frame["leerstandsquote"] * frame["wohnungen"] / 100
    frame["schrumpfend"] = frame["veraenderung"] < 0
    frame["hoher_leerstand"] = frame["leerstandsquote"] > threshold
    frame["beides"] = frame["schrumpfend"] & frame["hoher_leerstand"]
    return result(frame, used(pop, vac, dw, national), "shrinking: change < 0; high vacancy: rate > threshold",
                  threshold=threshold, threshold_rule=rule, start=start, end=end, n=len(frame), n_beides=int(frame["beides"].sum()),
                  leerstehend_beides=float(frame.loc[frame["beides"], "leerstehend"].sum()))
