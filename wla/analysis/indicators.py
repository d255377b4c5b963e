"""Rates and changes from tidy frames, with their sources carried along.

All functions take and return tidy frames (the columns of :func:`wla.load`); rates are
recomputed from counts, never averaged, and never mix population bases. :func:`used` records
which indicator years a result rests on, for ``DataFrame.attrs["sources"]`` (a mapping, never
reader text: the source lines are built from it by :mod:`wla.present.sources`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data
from ..exceptions import NoDataError, NotCoveredError, ParameterError

#: Population denominators in order of preference for a given year: the current official count
#: on Zensus 2022 basis (12411), then the GV-ISys editions and INKAR (Zensus 2011 basis).
POPULATION_IDS = ("bevoelkerung_z22", "bevoelkerung", "bevoelkerung_inkar")

#: Joins the ``source`` texts of a value built from several indicators (numerator and denominator).
SOURCE_JOIN = " | "

#: Keys of ``attrs["sources"]`` that are not catalogue indicator ids (:func:`used`): the press
#: list of reception facilities (years of the entries shown), the map boundaries
#: ("geo:<layer>" of the geometry registry), the gazetteer ("gazetteer:<what>", e.g. the
#: Gemeinde centres, with its edition year) and a sourced finance parameter
#: ("finanzparameter:<row>", the row number in ``finanzparameter.csv``, see
#: :func:`wla.analysis.finance.source_key`).
FACILITIES = "einrichtungen"
GEO_PREFIX = "geo:"
GAZETTEER_PREFIX = "gazetteer:"
PARAMETER_PREFIX = "finanzparameter:"


def used(*parts) -> dict[str, list[int] | None]:
    """Key -> sorted years that ``parts`` rest on: the one form of ``attrs["sources"]``.

    Each part is a tidy frame (columns ``indicator`` and ``year``, as :func:`wla.load` returns),
    a mapping of the same shape (e.g. another result's ``attrs["sources"]``), a list or tuple of
    such parts, or None. Keys are catalogue indicator ids or one of the other kinds above
    (:data:`FACILITIES` … :data:`PARAMETER_PREFIX`; a key without years has an empty list). The
    years of one key are united, ``None`` (every edition) wins over any years; the order of
    first mention is kept (the caption order)."""
    out: dict[str, set[int] | None] = {}

    def add(part) -> None:
        if part is None:
            return
        if isinstance(part, (list, tuple)):
            for p in part:
                add(p)
            return
        if isinstance(part, pd.DataFrame):
            if part.empty:
                return
            pairs = part.groupby("indicator")["year"].unique().items()
        else:
            pairs = part.items()
        for key, years in pairs:
            if years is None or (key in out and out[key] is None):
                out[key] = None
            else:
                out.setdefault(key, set()).update(int(y) for y in years)

    for part in parts:
        add(part)
    return {k: None if v is None else sorted(v) for k, v in out.items()}


def result(frame: pd.DataFrame, sources: dict, method: str = "", **parameters) -> pd.DataFrame:
    """``frame`` with its ``attrs``: ``sources`` (indicator -> years, see :func:`used`), ``method``
    (one sentence, English) and the ``parameters`` it was computed with."""
    frame.attrs = {"sources": sources, "method": method, **parameters}
    return frame


def upto(rows: pd.DataFrame, until: int | None) -> pd.DataFrame:
    """The rows of years up to and including ``until`` (all rows for ``None``): the rows a page
    with reference year ``until`` may show, never a value after it."""
    if until is None or rows.empty:
        return rows
    return rows[rows["year"].astype(int) <= int(until)]


def newest(rows: pd.DataFrame, until: int | None = None, what: str = "") -> pd.DataFrame:
    """The rows of the newest year up to ``until`` (the newest year for ``None``).

    Raises :class:`NoDataError` saying which years there are when no year up to ``until`` holds
    a value (``what`` names the indicator for the message)."""
    kept = upto(rows, until)
    if kept.empty:
        shown = ", ".join(str(int(y)) for y in sorted(rows["year"].unique())) if not rows.empty else "none"
        raise NoDataError(f"{what or 'this table'} has no value up to {until} (years in the snapshot: {shown})")
    return kept[kept["year"] == kept["year"].max()]


def newest_year(years, until: int | None = None, what: str = "") -> int:
    """The newest of ``years`` up to ``until`` (see :func:`newest`)."""
    years = sorted(int(y) for y in years)
    kept = [y for y in years if until is None or y <= int(until)]
    if not kept:
        raise NoDataError(f"{what or 'this table'} has no value up to {until} "
                          f"(years in the snapshot: {', '.join(map(str, years)) or 'none'})")
    return kept[-1]


def _basis(indicator: str) -> str:
    return data.entry(indicator)["basis"]


def check_bases(numerator: str, denominator: str) -> None:
    """Refuse a rate whose numerator and denominator rest on different population bases."""
    a, b = _basis(numerator), _basis(denominator)
    if a and b and a != b:
        raise ParameterError(
            f"{numerator} rests on {a}, {denominator} on {b}: a rate must not mix population bases; "
            "choose a denominator of the same basis"
        )


def population_id(year: int, region=None, numerator: str | None = None) -> str:
    """The population indicator to divide by for ``year``: the first of :data:`POPULATION_IDS`
    that has Kreis values for that year (and a basis compatible with ``numerator``)."""
    for pid in POPULATION_IDS:
        if numerator is not None:
            a, b = _basis(numerator), _basis(pid)
            if a and b and a != b:
                continue
        try:
            data.load(pid, region, level="kreis", years=year, category="insgesamt")
        except NoDataError:
            continue
        return pid
    raise NoDataError(f"no population count for {year} in the snapshot")


def rate(num: pd.DataFrame, den: pd.DataFrame, scale: float = 1000.0) -> pd.DataFrame:
    """Member-wise rate ``num / den × scale`` aligned on ``ags`` and ``year``.

    Flags travel: a member with a special sign in numerator or denominator gets NaN and that
    sign. The result keeps ``num``'s columns; ``source`` names both sources.
    """
    left = num.set_index(["ags", "year"])
    right = den.set_index(["ags", "year"])[["value", "flag", "source"]]
    joined = left.join(right, rsuffix="_den", how="inner")
    value = joined["value"] / joined["value_den"] * scale
    flag = joined["flag"].where(joined["flag"] != "", joined["flag_den"])
    flag = flag.where(value.isna(), "")
    out = joined.reset_index()
    out["value"] = value.to_numpy()
    out["flag"] = flag.fillna("").to_numpy()
    out["source"] = joined["source"].to_numpy() + SOURCE_JOIN + joined["source_den"].to_numpy()
    return out[num.columns]


def region_rate(numerator: str, denominator: str, region, year: int, category: str = "insgesamt",
                scale: float = 1000.0) -> dict:
    """Rate of a whole region: sum of numerator / sum of denominator × ``scale``."""
    check_bases(numerator, denominator)
    num = data.region_total(numerator, region, year, category)
    den = data.region_total(denominator, region, year, "insgesamt")
    if num.empty or den.empty:
        raise NoDataError(f"no {numerator} or {denominator} for {year}")
    return _rate_of(num.iloc[0], den.iloc[0], numerator, denominator, year, scale)


def _rate_of(num: pd.Series, den: pd.Series, numerator: str, denominator: str, year: int, scale: float) -> dict:
    """:func:`region_rate` from the region-total rows of numerator and denominator of ``year``."""
    n, d = num["value"], den["value"]
    value = n / d * scale if d and not (np.isnan(n) or np.isnan(d)) else np.nan
    flag = "" if not np.isnan(value) else (num["flag"] or den["flag"] or "/")
    return {
        "region": num["name"], "year": year, "value": value, "flag": flag,
        "numerator": n, "denominator": d,
        "source": f"{num['source']}{SOURCE_JOIN}{den['source']}",
        "used": used({numerator: [year], denominator: [year]}),
    }


def change(rows: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Change of each member between two years: absolute and in percent of the start value."""
    a = rows[rows["year"] == start].set_index("ags")
    b = rows[rows["year"] == end].set_index("ags")
    common = a.index.intersection(b.index)
    if common.empty:
        raise NoDataError(f"no member has values for both {start} and {end}")
    out = pd.DataFrame({
        "ags": common,
        "name": b.loc[common, "name"].to_numpy(),
        f"wert_{start}": a.loc[common, "value"].to_numpy(),
        f"wert_{end}": b.loc[common, "value"].to_numpy(),
    })
    out["veraenderung"] = out[f"wert_{end}"] - out[f"wert_{start}"]
    out["veraenderung_prozent"] = out["veraenderung"] / out[f"wert_{start}"] * 100
    return out


def rate_series(indicator: str, regions, scale: float = 1000.0, category: str = "insgesamt",
                until: int | None = None) -> pd.DataFrame:
    """Yearly region totals of a count per ``scale`` inhabitants, one row per region and year
    up to ``until`` (columns ``region``, ``year``, ``value``, ``count``, ``population``,
    ``population_id``, ``basis``): sum over members / population of the same year
    (:func:`population_id`, same basis as the count) × ``scale``. Years without a population
    count, or in which a member has no value (e.g. before a Kreis formed later existed), are left
    out, never filled; a region for which the table has no row at all (the AsylbLG statistic in
    INKAR has none for Berlin and Hamburg) has no rows and is named in ``attrs["ohne_werte"]`` (``attrs["regionen"]``: every region asked,
    in order)."""
    from ..regions import region as resolve_region

    rows, sources, without, order = [], {}, [], []
    for spec in regions:
        reg = resolve_region(spec)
        order.append(reg.label)
        try:
            counts = upto(data.region_total(indicator, reg, None, category), until)
        except NotCoveredError:
            without.append(reg.label)
            continue
        # the region totals of every year at once (the same rows as one call per year)
        totals = {indicator: counts.set_index("year")}
        for year in sorted(counts["year"].unique()):
            count = totals[indicator].loc[year]
            if np.isnan(count["value"]) and "member(s) missing" in str(count["note"]):
                continue  # a member without a row that year (a Kreis formed later, data.missing_note)
            try:  # no population count that year
                pid = population_id(int(year), reg, indicator)
                if pid not in totals:
                    check_bases(indicator, pid)
                    totals[pid] = data.region_total(pid, reg, None, "insgesamt").set_index("year")
                if year not in totals[pid].index:
                    raise NoDataError(f"no {indicator} or {pid} for {year}")
                r = _rate_of(totals[indicator].loc[year], totals[pid].loc[year], indicator, pid, int(year), scale)
            except NoDataError:
                continue
            rows.append({"region": reg.label, "year": int(year), "value": r["value"], "count": r["numerator"],
                         "population": r["denominator"], "population_id": pid, "basis": data.entry(pid)["basis"]})
            sources = used(sources, r["used"])
    return result(pd.DataFrame(rows, columns=["region", "year", "value", "count", "population", "population_id", "basis"]),
                  sources, f"sum of {indicator} / population of the same year x {scale:g}",
                  indicator=indicator, scale=scale, until=until, regionen=order, ohne_werte=without)
