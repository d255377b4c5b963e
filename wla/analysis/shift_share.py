"""Shift-share decomposition of the change in unemployed foreigners by occupation, and the
split of that change into a population part and a rate part.

Classic shift-share after Dunn (1960; see also Stilwell 1969, Loveridge & Selting 1998): the
change of a region's count between two years is split into three parts that add up exactly.

Notation, for occupational group ``i`` (KldB 2010 Berufsgruppe, 3 digits), the region ``r``
and the national reference ``N`` (all Kreise), years ``0`` (start) and ``1`` (end)::

    E_ir^0, E_ir^1      unemployed foreigners in the region, occupation i
    E_iN^0, E_iN^1      the same over all Kreise of the reference
    g   = Σ_i E_iN^1 / Σ_i E_iN^0 − 1        national growth rate of all occupations
    g_i = E_iN^1 / E_iN^0 − 1                national growth rate of occupation i

    national   NS_i = E_ir^0 · g             change had every occupation followed the national total
    structural IM_i = E_ir^0 · (g_i − g)     extra change from the region's occupation mix
    regional   RS_i = ΔE_ir − NS_i − IM_i    the rest: the region's own deviation
                    = E_ir^0 · (g_ir − g_i)  where E_ir^0 > 0

so that ``ΔE_ir = NS_i + IM_i + RS_i`` holds exactly for every occupation and for the sum.
Where ``E_iN^0 = 0`` then also ``E_ir^0 = 0``: NS_i and IM_i are 0 and the whole change of an
occupation the region did not have at the start is regional (g_i is not needed there).

Data: Statistik der Bundesagentur für Arbeit, Arbeitslose nach Berufen (KldB 2010),
annual averages 2012–2025 (indicator ``arbeitslose_auslaender_beruf``), Kreis × occupation.
The group "ohne Angabe zum Zielberuf" is kept as an occupation of its own, so that the sum over
groups is the Kreis total. **Gaps**: in some Kreis-years the extract has values only for that
group and none (NaN, flag ``na``) for the 144 named groups. Such a Kreis-year is incomplete:

* national reference: a Kreis incomplete in the start or the end year is left out of the
  reference in *both* years (the reference is a constant set of Kreise); ``meta["ausgeschlossen"]``
  names them;
* region: if a member Kreis is incomplete in either year the decomposition is refused with a
  :class:`~wla.exceptions.NoDataError` that names the Kreis and the years that would work.

Like with like: with ``vergleich`` both regions get ONE period (the first year in which every
member Kreis of both is complete, to the newest year) and therefore the same reference set;
``attrs["abdeckung_start"]``/``["abdeckung_end"]`` give the share of all unemployed foreigners
in Germany (the publisher's national row, where the snapshot has one for that year; else NaN)
that the reference covers.
The group "ohne Angabe zum Zielberuf" is kept in the sums but is never a top component
(:func:`top_components`).

Counts mix where newcomers are placed with how they fare. :func:`rates` therefore splits the
change of unemployed foreigners U = P · r (P foreign residents = INKAR foreigners' share ×
INKAR population, r = U / P, unemployed per 100 foreign residents) exactly into
``bevoelkerung`` = r̄ · ΔP and ``quote`` = P̄ · Δr (midpoint weights r̄ = (r₀ + r₁)/2,
P̄ = (P₀ + P₁)/2), and compares Δr with the reference's Δr (a shift-share of rates for the
total; per occupation no foreign population exists, so no rate by occupation). The INKAR
population series ends earlier than the BA series; the rate period is the shift-share period
cut to the last year with foreign residents, and says so.

Nothing is filled in. The decomposition describes; it does not explain causes, and the sign of
a count component is no verdict on a region.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data
from ..exceptions import NoDataError, ParameterError
from ..regions import region as resolve_region
from .indicators import newest_year, year_lines

INDICATOR = "arbeitslose_auslaender_beruf"
TOTAL = "arbeitslose_auslaender_ba"
#: National row of unemployed foreigners (annual average) for the reference's coverage.
NATIONAL = "arbeitslose_auslaender"
COMPONENTS = ("national", "struktur", "regional")
#: The group without a target occupation: kept in sums, never a top component.
NO_OCCUPATION = "ohne Angabe zum Zielberuf"


def decompose(regional: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Shift-share of one region against a reference, per occupation (formulas in the module).

    ``regional`` and ``national``: frames indexed by occupation with columns ``start`` and
    ``end`` (counts, no NaN). Occupations missing in ``regional`` count as 0 there. Returns one
    row per occupation of ``national``: ``start``, ``end``, ``veraenderung`` (ΔE_ir),
    ``national_start``, ``national_end``, ``g_i`` and the components ``national``,
    ``struktur``, ``regional``; their sum equals ``veraenderung`` exactly (up to float rounding).
    """
    for name, frame in (("regional", regional), ("national", national)):
        missing = {"start", "end"} - set(frame.columns)
        if missing:
            raise ParameterError(f"{name} table needs columns 'start' and 'end'; missing {sorted(missing)}")
        if frame[["start", "end"]].isna().any().any():
            raise NoDataError(f"{name} table has missing values: decide how to treat the gaps before decomposing")
    extra = regional.index.difference(national.index)
    if len(extra):
        raise ParameterError(f"occupations in the region but not in the reference: {list(extra)[:5]}")
    reg = regional.reindex(national.index, fill_value=0.0)
    total0, total1 = national["start"].sum(), national["end"].sum()
    if total0 <= 0:
        raise NoDataError("the reference has no unemployed in the start year: no growth rate")
    g = total1 / total0 - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        g_i = np.where(national["start"] > 0, national["end"] / national["start"] - 1, np.nan)
    out = pd.DataFrame(index=national.index)
    out["start"] = reg["start"].astype(float)
    out["end"] = reg["end"].astype(float)
    out["veraenderung"] = out["end"] - out["start"]
    out["national_start"] = national["start"].astype(float)
    out["national_end"] = national["end"].astype(float)
    out["g_i"] = g_i
    out["national"] = out["start"] * g
    out["struktur"] = np.where(out["start"] > 0, out["start"] * (np.nan_to_num(g_i) - g), 0.0)
    out["regional"] = out["veraenderung"] - out["national"] - out["struktur"]
    out.attrs["g"] = g
    return out


def _incomplete(rows: pd.DataFrame) -> pd.DataFrame:
    """Kreis-years with any missing occupation value (ags, year)."""
    miss = rows[rows["value"].isna()]
    return miss[["ags", "year"]].drop_duplicates()


def _complete_years(rows: pd.DataFrame, kreise) -> list[int]:
    gaps = _incomplete(rows[rows["ags"].isin(kreise)])
    return sorted(set(rows["year"]) - set(gaps["year"]))


def common_period(regions, start: int | None = None, end: int | None = None,
                  until: int | None = None) -> tuple[int, int, list[int]]:
    """Start and end year shared by all ``regions`` (module doc) and the complete years;
    ``end`` defaults to the newest year up to ``until``."""
    rows = data.load(INDICATOR, level="kreis")
    years = sorted(int(y) for y in rows["year"].unique())
    members = [a for r in regions for a in r.kreise]
    complete = _complete_years(rows, members)
    end = newest_year(years, until, INDICATOR) if end is None else int(end)
    if start is None:
        if not complete:
            raise NoDataError(f"{', '.join(r.label for r in regions)}: no year in which all member Kreise "
                              "have occupation values")
        start = complete[0]
    start = int(start)
    for y in (start, end):
        if y not in years:
            raise NoDataError(f"{INDICATOR} has no year {y}; available: {years[0]}–{years[-1]}")
    if start >= end:
        raise ParameterError(f"start ({start}) must be before end ({end})")
    return start, end, complete


def _kreis_regions(region, vergleich):
    regions = [resolve_region(region)] + ([] if vergleich is None else [resolve_region(vergleich)])
    for reg in regions:
        if reg.level != "kreis":
            raise ParameterError(
                f"shift-share needs Kreise (BA data are by Kreis); {reg.label!r} is a set of Gemeinden: "
                "build the region from Kreis codes"
            )
    return regions


def shift_share(region, start: int | None = None, end: int | None = None, vergleich=None,
                until: int | None = None) -> pd.DataFrame:
    """Shift-share decomposition of the change in unemployed foreigners of a Kreis region
    between ``start`` and ``end`` (annual averages, persons) against the Kreise of Germany
    complete in both years.

    ``end`` defaults to the newest year of the data up to ``until``, ``start`` to the first year in which every
    member Kreis (of the region and of ``vergleich``, if given) is complete. Returns the
    per-occupation table (see :func:`decompose`; column ``beruf``, sorted by the absolute
    regional component) with ``attrs``: the totals (``veraenderung``, ``national``,
    ``struktur``, ``regional``), the growth rate ``g``, the years, ``ausgeschlossen`` (Kreise
    left out of the reference), ``kreise_referenz``, the reference's share of the national
    total (``abdeckung_start``, ``abdeckung_end``), sources and method.
    """
    regions = _kreis_regions(region, vergleich)
    reg = regions[0]
    start, end, complete = common_period(regions, start, end, until)
    rows = data.load(INDICATOR, level="kreis")
    rows = rows[rows["year"].isin([start, end])]
    gaps = _incomplete(rows)
    member_gaps = gaps[gaps["ags"].isin([a for r in regions for a in r.kreise])]
    if len(member_gaps):
        named = ", ".join(f"{a} ({y})" for a, y in zip(member_gaps["ags"], member_gaps["year"]))
        raise NoDataError(
            f"{reg.label}: the BA extract has no occupation values for {named} (only the group without "
            f"target occupation); choose start and end among the complete years {complete}"
        )
    excluded = sorted(set(gaps["ags"]))
    reference = rows[~rows["ags"].isin(excluded)]
    national = reference.pivot_table(index="category", columns="year", values="value", aggfunc="sum")
    national.columns = ["start", "end"]
    mine = rows[reg.contains(rows["ags"])]
    regional = mine.pivot_table(index="category", columns="year", values="value", aggfunc="sum")
    regional = regional.reindex(columns=[start, end], fill_value=0.0)
    regional.columns = ["start", "end"]
    table = decompose(regional, national)
    totals, national_sources = _national_totals([start, end])
    g = table.attrs["g"]
    table = table.reset_index(names="beruf")
    table["benannt"] = table["beruf"] != NO_OCCUPATION
    table = table.reindex(table["regional"].abs().sort_values(ascending=False).index).reset_index(drop=True)
    table.attrs = {
        "region": reg.label, "start": start, "end": end, "g": g,
        "veraenderung": float(table["veraenderung"].sum()),
        **{c: float(table[c].sum()) for c in COMPONENTS},
        "start_wert": float(table["start"].sum()), "end_wert": float(table["end"].sum()),
        "ausgeschlossen": excluded, "kreise_referenz": int(reference["ags"].nunique()),
        "abdeckung_start": float(national["start"].sum() / totals[start] * 100),
        "abdeckung_end": float(national["end"].sum() / totals[end] * 100),
        "common_with": regions[1].label if len(regions) > 1 else None,
        "sources": list(dict.fromkeys(year_lines(mine) + national_sources)),
        "method": "shift-share (Dunn 1960) of counts by occupation against the Kreise complete in both years",
    }
    return table


def _national_totals(years) -> tuple[dict[int, float], list[str]]:
    """Unemployed foreigners in Germany per year: the publisher's national row
    (:data:`NATIONAL`, BA annual average via the Regionaldatenbank); NaN where the snapshot has
    no national value for that year (a sum over Kreise would miss the Kreise with gaps)."""
    rows = data.load(NATIONAL, level="bund", category="insgesamt")
    values = rows.set_index("year")["value"]
    return {y: float(values.get(y, np.nan)) for y in years}, year_lines(rows[rows["year"].isin(list(years))])


def top_components(table: pd.DataFrame, n: int = 3, component: str = "regional") -> pd.DataFrame:
    """The ``n`` named occupations with the largest absolute ``component`` (the group without a
    target occupation is never among them)."""
    named = table[table["beruf"] != NO_OCCUPATION]
    return named.reindex(named[component].abs().sort_values(ascending=False).index).head(n)


def _foreign_residents(years) -> tuple[pd.DataFrame, list[str]]:
    share = data.load("auslaenderanteil", level="kreis", category="insgesamt")
    pop = data.load("bevoelkerung_inkar", level="kreis", category="insgesamt")
    both = share[["ags", "year", "value"]].merge(pop[["ags", "year", "value"]], on=["ags", "year"],
                                                 suffixes=("_share", "_pop"))
    both["P"] = both["value_share"] / 100 * both["value_pop"]
    both = both[both["year"].isin(list(years))]
    wanted = set(both["year"])
    return both[["ags", "year", "P"]], year_lines(share[share["year"].isin(wanted)], pop[pop["year"].isin(wanted)])


def rates(region, vergleich=None, start: int | None = None, end: int | None = None,
          until: int | None = None) -> pd.DataFrame:
    """Population part and rate part of the change in unemployed foreigners (module doc), one
    row per region and one for the reference (Kreise with all values in both years).

    Columns: region, start, end, U0, U1, P0, P1 (foreign residents), r0, r1 (unemployed per
    100 foreign residents), veraenderung (ΔU), bevoelkerung (r̄ · ΔP), quote (P̄ · Δr),
    delta_r, delta_r_referenz, abweichung_r (Δr − Δr of the reference). ``attrs``: sources,
    method, the period and why it may differ from the shift-share period."""
    regions = _kreis_regions(region, vergleich)
    s0, e0, _ = common_period(regions, start, end, until)
    res, src = _foreign_residents(range(s0, e0 + 1))
    last = int(res.dropna()["year"].max())
    if last <= s0:
        raise NoDataError(f"foreign residents end in {last}: no rate change from {s0}")
    e = min(e0, last)
    U = data.load(TOTAL, level="kreis", years=[s0, e], category="insgesamt")[["ags", "year", "value"]]
    both = U.merge(res, on=["ags", "year"]).dropna()
    full = both.groupby("ags")["year"].nunique()
    both = both[both["ags"].isin(full[full == 2].index)]

    def row(label, codes):
        part = both[both["ags"].isin(codes)].groupby("year")[["value", "P"]].sum()
        if len(part) < 2 or not set(codes) <= set(both["ags"]):
            return None
        u0, u1 = part.loc[s0, "value"], part.loc[e, "value"]
        p0, p1 = part.loc[s0, "P"], part.loc[e, "P"]
        r0, r1 = u0 / p0 * 100, u1 / p1 * 100
        return {"region": label, "start": s0, "end": e, "U0": u0, "U1": u1, "P0": p0, "P1": p1, "r0": r0, "r1": r1,
                "veraenderung": u1 - u0, "bevoelkerung": (r0 + r1) / 200 * (p1 - p0),
                "quote": (p0 + p1) / 2 * (r1 - r0) / 100, "delta_r": r1 - r0}

    ref_codes = [a for a in both["ags"].unique() if not any(a in r.kreise for r in regions)]
    ref = row("referenz", ref_codes)
    out = [x for x in (row(r.label, r.kreise) for r in regions) if x is not None]
    if not out or ref is None:
        raise NoDataError(f"no foreign residents for the Kreise of {regions[0].label} in {s0} and {e}")
    out.append(ref)
    frame = pd.DataFrame(out)
    frame["delta_r_referenz"] = ref["delta_r"]
    frame["abweichung_r"] = frame["delta_r"] - ref["delta_r"]
    frame.attrs = {"sources": list(dict.fromkeys(year_lines({TOTAL: [s0, e]}) + src)), "start": s0, "end": e,
                   "end_shift_share": e0, "kreise_referenz": len(ref_codes),
                   "method": "U = P·r; ΔU = r̄·ΔP + P̄·Δr (midpoint weights); Δr against the reference's Δr"}
    return frame
