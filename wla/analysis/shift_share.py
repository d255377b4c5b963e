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

* region: the default period ends in the newest year complete for every member Kreis
  (:func:`complete_years`; ``attrs["neuestes_jahr"]`` and ``["unvollstaendig"]`` say which newer
  years were passed over for which Kreis); if a member Kreis is incomplete in a start or end
  year given by the caller, the decomposition is refused with a
  :class:`~wla.exceptions.NoDataError` that names the Kreis and the years that would work.

Like with like: with ``vergleich`` both regions get ONE period (the first year in which every
member Kreis of both is complete, to the newest such year: for a Kreis whose newest BA year holds
only "ohne Angabe zum Zielberuf", the last complete year common to both). The group "ohne Angabe zum Zielberuf" is
kept in the sums but is never a top component (:func:`top_components`).

Counts mix where newcomers are placed with how they fare. :func:`rates` therefore splits the
change of unemployed foreigners U = P · r (P foreign residents = INKAR foreigners' share ×
population, r = U / P, unemployed per 100 foreign residents) exactly into
``bevoelkerung`` = r̄ · ΔP and ``quote`` = P̄ · Δr (midpoint weights r̄ = (r₀ + r₁)/2,
P̄ = (P₀ + P₁)/2), and compares Δr with the reference's Δr (a shift-share of rates for the
total; per occupation no foreign population exists, so no rate by occupation).

**Foreign residents** (P): INKAR's foreigners' share runs to 2022, INKAR's population to 2020.
The population of 2021 is the Gemeindeverzeichnis figure (31.12.2021), the same
Zensus-2011-based Fortschreibung as INKAR's (both equal in every Kreis for 31.12.2019). INKAR
does not document whether its 2022 share already rests on the Zensus-2022 base (catalogue note),
and the Zensus-2022 counts stand on another base: the rate part therefore ends in
:data:`SHARE_BASIS_UNTIL` (or in the last earlier year in which every member Kreis has all
values), while the count part runs to the newest BA year.

**One reference set for both parts** (:func:`common_reference`): the Kreise (all BA regions,
the pair's own members included) that have occupation values in the start and end year of the
count part, the BA total and foreign residents in the start and end year of the rate part, and
the same territory in all sources (:data:`TERRITORY`). Both parts and both regions of a pair use
this one set; ``attrs["ausgeschlossen"]`` names the Kreise left out with the reason, and
``attrs["abdeckung_start"]``/``["abdeckung_end"]`` give the share of all unemployed foreigners
in Germany (the publisher's national row, where the snapshot has one for that year; else NaN)
that the set covers.

Nothing is filled in. The decomposition describes; it does not explain causes, and the sign of
a count component is no verdict on a region.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, store
from ..cache import memo
from ..exceptions import NoDataError, ParameterError, WlaError
from ..regions import region as resolve_region
from .indicators import newest_year, used

INDICATOR = "arbeitslose_auslaender_beruf"
TOTAL = "arbeitslose_auslaender_ba"
#: National row of unemployed foreigners (annual average) for the reference's coverage.
NATIONAL = "arbeitslose_auslaender"
COMPONENTS = ("national", "struktur", "regional")
#: The group without a target occupation: kept in sums, never a top component.
NO_OCCUPATION = "ohne Angabe zum Zielberuf"
#: Foreigners' share (INKAR, %) and the population it is multiplied with, in order of preference
#: (both the Zensus-2011-based Fortschreibung: INKAR to 2020, Gemeindeverzeichnis 2021 on).
SHARE = "auslaenderanteil"
POPULATION = ("bevoelkerung_inkar", "bevoelkerung")
#: Last year of INKAR's foreigners' share on the documented Zensus-2011 base (module doc).
SHARE_BASIS_UNTIL = 2021
#: Kreise whose territory differs between the sources of the two parts: INKAR's population
#: (Gebietsstand 31.12.2020) has Eisenach (16056) apart from the Wartburgkreis (16063), while
#: INKAR's foreigners' share (Gebietsstand 2021) and the BA series have them merged (catalogue
#: notes of the indicators). (06435 Main-Kinzig-Kreis includes 06415 Hanau in the BA tables too:
#: the snapshot adds Hanau in, :mod:`wla.snapshot.ba_tables`.)
TERRITORY = ("16056", "16063")


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


def complete_years(regions, rows: pd.DataFrame | None = None) -> list[int]:
    """The years in which every member Kreis of all ``regions`` has a value for every
    occupational group of the BA extract (module doc, **Gaps**): a Kreis-year with only the group
    "ohne Angabe zum Zielberuf", or without rows, is incomplete. ``rows``: the extract, if loaded."""
    rows = data.load(INDICATOR, level="kreis") if rows is None else rows
    members = {a for r in regions for a in r.kreise}
    mine = rows[rows["ags"].isin(members)]
    present = mine.groupby("year")["ags"].nunique()
    gaps = set(_incomplete(mine)["year"])
    return sorted(int(y) for y, n in present.items() if n == len(members) and y not in gaps)


def common_period(regions, start: int | None = None, end: int | None = None,
                  until: int | None = None) -> tuple[int, int, list[int]]:
    """Start and end year shared by all ``regions`` (module doc) and the complete years
    (:func:`complete_years`); ``start`` defaults to the first complete year, ``end`` to the
    newest complete year up to ``until`` (2024 for Göttingen, whose 2025 holds only the group
    without target occupation)."""
    rows = data.load(INDICATOR, level="kreis")
    years = sorted(int(y) for y in rows["year"].unique())
    complete = complete_years(regions, rows)
    if (start is None or end is None) and not complete:
        raise NoDataError(f"{', '.join(r.label for r in regions)}: no year in which all member Kreise "
                          "have occupation values")
    if end is None:
        end = newest_year(complete, until, f"{INDICATOR} (years with values for every member Kreis)")
    end = int(end)
    if start is None:
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


def _foreign_residents(years) -> tuple[pd.DataFrame, dict]:
    """Foreign residents P (persons) per Kreis and year: INKAR foreigners' share × population
    (module doc), years up to :data:`SHARE_BASIS_UNTIL`; columns ags, year, P, and in
    ``attrs["population"]`` the population indicator used for each year."""
    catalog = store.catalog()
    basis = catalog.loc[SHARE, "basis"]
    wrong = [p for p in POPULATION if catalog.loc[p, "basis"] != basis]
    if wrong:
        raise WlaError(f"{wrong} do not rest on the base of {SHARE} ({basis}): foreign residents would mix bases")
    years = [y for y in years if y <= SHARE_BASIS_UNTIL]
    share = data.load(SHARE, level="kreis", category="insgesamt")
    share = share[share["year"].isin(years)]
    pops, taken = [], set()
    for pid in POPULATION:
        pop = data.load(pid, level="kreis", category="insgesamt").dropna(subset=["value"])
        pop = pop[pop["year"].isin(years) & ~pop["year"].isin(taken)]
        taken |= set(pop["year"])
        pops.append(pop)
    pop = pd.concat(pops, ignore_index=True)
    both = share[["ags", "year", "value"]].merge(pop[["ags", "year", "value"]], on=["ags", "year"],
                                                 suffixes=("_share", "_pop"))
    both["P"] = both["value_share"] / 100 * both["value_pop"]
    both = both.dropna(subset=["P"])
    wanted = set(both["year"])
    both.attrs["population"] = {int(y): p["indicator"].iloc[0] for p in pops for y in sorted(set(p["year"]) & wanted)}
    return both[["ags", "year", "P"]], used(share[share["year"].isin(wanted)],
                                            *(p[p["year"].isin(wanted)] for p in pops))


def _in_code_order(regions) -> list:
    """``regions`` ordered by their codes: a pair's reference is the same whichever of the two is
    the region, and is computed once for both directions (page 40 asks for both)."""
    return sorted(regions, key=lambda r: tuple(r.codes))


@memo  # the shift-share, the rate split and the findings of one pair all ask for it (0.7 s each)
def common_reference(regions, start: int | None = None, end: int | None = None,
                     until: int | None = None) -> dict:
    """The one period and reference set of both parts for ``regions`` (module doc).

    Returns a dict: ``start``, ``end`` (count part), ``end_rate`` (rate part; None where no
    rate part can be formed, with ``why_no_rate``), ``complete`` (years in which every member has
    occupation values), ``codes`` (the reference Kreise), ``excluded`` ({ags: {"reason", "year"}}
    with reason ``occupation`` (no occupation values), ``total`` (no BA total), ``residents``
    (no foreign residents) or ``territory`` (:data:`TERRITORY`)),
    and ``residents`` (P per Kreis and year)."""
    start, end, complete = common_period(regions, start, end, until)
    rows = data.load(INDICATOR, level="kreis", years=[start, end])
    everyone = sorted(set(rows["ags"]))
    excluded = {}
    for a, y in _incomplete(rows).itertuples(index=False):
        excluded.setdefault(a, {"reason": "occupation", "year": int(y)})
    members = [a for r in regions for a in r.kreise]
    res, _ = _foreign_residents(range(start, end + 1))
    totals = data.load(TOTAL, level="kreis", category="insgesamt")
    have_u = set(zip(totals.dropna(subset=["value"])["ags"], totals.dropna(subset=["value"])["year"]))
    have_p = set(zip(res["ags"], res["year"]))
    end_rate, why = None, ""
    if set(members) & set(TERRITORY):
        why = (f"the territory of {sorted(set(members) & set(TERRITORY))} differs between the BA and INKAR: "
               "no foreign residents for the BA's territory")
    elif res.empty or int(res["year"].max()) <= start:
        why = f"foreign residents are available to {SHARE_BASIS_UNTIL} only: no rate change from {start}"
    else:
        for y in range(min(end, int(res["year"].max())), start, -1):
            if all((a, yy) in have_u and (a, yy) in have_p for a in members for yy in (start, y)):
                end_rate = y
                break
        else:
            why = f"no year after {start} in which every member Kreis has unemployed foreigners and foreign residents"
    if end_rate is not None:
        for a in everyone:
            if a in excluded:
                continue
            if a in TERRITORY:
                excluded[a] = {"reason": "territory", "year": None}
                continue
            for y in (start, end_rate):
                if (a, y) not in have_u:
                    excluded[a] = {"reason": "total", "year": y}
                    break
                if (a, y) not in have_p:
                    excluded[a] = {"reason": "residents", "year": y}
                    break
    return {"start": start, "end": end, "end_rate": end_rate, "why_no_rate": why, "complete": complete,
            "codes": [a for a in everyone if a not in excluded], "excluded": dict(sorted(excluded.items())),
            "residents": res}


def _coverage(codes, years) -> tuple[dict[int, float], dict]:
    """Share (%) of the national unemployed foreigners that the Kreise ``codes`` hold, per year
    (NaN where the snapshot has no national row for the year)."""
    national, sources = _national_totals(years)
    totals = data.load(TOTAL, level="kreis", years=list(years), category="insgesamt")
    mine = totals[totals["ags"].isin(codes)].groupby("year")["value"].sum()
    return {y: float(mine.get(y, np.nan) / national[y] * 100) for y in years}, sources


def shift_share(region, start: int | None = None, end: int | None = None, vergleich=None,
                until: int | None = None) -> pd.DataFrame:
    """Shift-share decomposition of the change in unemployed foreigners of a Kreis region
    between ``start`` and ``end`` (annual averages, persons) against the common reference set
    (:func:`common_reference`).

    ``end`` defaults to the newest year of the data up to ``until``, ``start`` to the first year in which every
    member Kreis (of the region and of ``vergleich``, if given) is complete. Returns the
    per-occupation table (see :func:`decompose`; column ``beruf``, sorted by the absolute
    regional component) with ``attrs``: the totals (``veraenderung``, ``national``,
    ``struktur``, ``regional``), the growth rate ``g``, the years, ``end_rate`` (end of the rate
    part, whose reference is the same set), ``ausgeschlossen`` (Kreise left out of the reference)
    and ``ausgeschlossen_gruende`` (why), ``kreise_referenz``, the reference's share of the
    national total (``abdeckung_start``, ``abdeckung_end``), ``neuestes_jahr`` and
    ``unvollstaendig`` (:func:`passed_over`: the newer years left out because a member Kreis lacks
    occupation values there), ``bundeswert_jahre`` (:func:`national_years` up to the newest year),
    sources and method.
    """
    regions = _kreis_regions(region, vergleich)
    reg = regions[0]
    ref = common_reference(_in_code_order(regions), start, end, until)
    start, end = ref["start"], ref["end"]
    rows = data.load(INDICATOR, level="kreis", years=[start, end])
    gaps = _incomplete(rows)
    member_gaps = gaps[gaps["ags"].isin([a for r in regions for a in r.kreise])]
    if len(member_gaps):
        named = ", ".join(f"{a} ({y})" for a, y in zip(member_gaps["ags"], member_gaps["year"]))
        raise NoDataError(
            f"{reg.label}: the BA extract has no occupation values for {named} (only the group without "
            f"target occupation); choose start and end among the complete years {ref['complete']}"
        )
    newest, passed = passed_over(regions, end, until)
    reference = rows[rows["ags"].isin(ref["codes"])]
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
        "region": reg.label, "start": start, "end": end, "end_rate": ref["end_rate"], "g": g,
        "veraenderung": float(table["veraenderung"].sum()),
        **{c: float(table[c].sum()) for c in COMPONENTS},
        "start_wert": float(table["start"].sum()), "end_wert": float(table["end"].sum()),
        "ausgeschlossen": list(ref["excluded"]), "ausgeschlossen_gruende": ref["excluded"],
        "kreise_referenz": len(ref["codes"]),
        "abdeckung_start": float(national["start"].sum() / totals[start] * 100),
        "abdeckung_end": float(national["end"].sum() / totals[end] * 100),
        "common_with": regions[1].label if len(regions) > 1 else None,
        "neuestes_jahr": newest, "unvollstaendig": passed,
        "bundeswert_jahre": sorted(y for y in national_years() if y <= newest),
        "sources": used(mine, national_sources),
        "method": "shift-share (Dunn 1960) of counts by occupation against one reference set of Kreise, "
                  "the same as the rate part's",
    }
    return table


def passed_over(regions, end: int, until: int | None = None) -> tuple[int, dict[str, dict]]:
    """The newest year of the BA extract up to ``until`` and, for the years after ``end``, the
    member Kreise of ``regions`` that lack occupation values there: {ags: {"name", "years"}}
    (empty when ``end`` is the newest year)."""
    rows = data.load(INDICATOR, level="kreis")
    newest = newest_year(rows["year"].unique(), until, INDICATOR)
    later = rows[(rows["year"] > end) & (rows["year"] <= newest)
                 & rows["ags"].isin([a for r in regions for a in r.kreise])]
    gaps = _incomplete(later).merge(later[["ags", "name"]].drop_duplicates("ags"), on="ags")
    return newest, {a: {"name": g["name"].iloc[0], "years": sorted(int(y) for y in g["year"])}
                    for a, g in gaps.groupby("ags")}


def national_years() -> list[int]:
    """The years for which the snapshot has the publisher's national row of unemployed
    foreigners (:data:`NATIONAL`): the only years with a known coverage of the reference."""
    rows = data.load(NATIONAL, level="bund", category="insgesamt").dropna(subset=["value"])
    return sorted(int(y) for y in rows["year"])


def _national_totals(years) -> tuple[dict[int, float], dict]:
    """Unemployed foreigners in Germany per year: the publisher's national row
    (:data:`NATIONAL`, BA annual average via the Regionaldatenbank); NaN where the snapshot has
    no national value for that year (a sum over Kreise would miss the Kreise with gaps)."""
    rows = data.load(NATIONAL, level="bund", category="insgesamt")
    values = rows.set_index("year")["value"]
    return {y: float(values.get(y, np.nan)) for y in years}, used(rows[rows["year"].isin(list(years))])


#: Unemployed foreigners (at the start or at the end of the period) under which an occupation's
#: components rest on a handful of people: marked in tables, never named in a finding.
MIN_PERSONS = 50


def top_components(table: pd.DataFrame, n: int = 3, component: str = "regional", robust: bool = False) -> pd.DataFrame:
    """The ``n`` named occupations with the largest absolute ``component`` (the group without a
    target occupation is never among them); ``robust``: only occupations with at least
    :data:`MIN_PERSONS` unemployed foreigners at the start and at the end."""
    named = table[table["beruf"] != NO_OCCUPATION]
    if robust:
        named = named[named[["start", "end"]].min(axis=1) >= MIN_PERSONS]
    return named.reindex(named[component].abs().sort_values(ascending=False).index).head(n)


def rates(region, vergleich=None, start: int | None = None, end: int | None = None,
          until: int | None = None) -> pd.DataFrame:
    """Population part and rate part of the change in unemployed foreigners (module doc), one
    row per region and one for the reference (the common set of :func:`common_reference`, the
    same Kreise as the shift-share's reference).

    Columns: region, start, end, U0, U1, P0, P1 (foreign residents), r0, r1 (unemployed per
    100 foreign residents), veraenderung (ΔU), bevoelkerung (r̄ · ΔP), quote (P̄ · Δr),
    delta_r, delta_r_referenz, abweichung_r (Δr − Δr of the reference). ``attrs``: sources,
    method, the period, ``end_shift_share`` and ``share_basis_until`` (why the rate part may end
    earlier), ``kreise_referenz``, ``abdeckung`` (share of the national unemployed foreigners
    the reference holds in the start and end year, NaN without a national row)."""
    regions = _kreis_regions(region, vergleich)
    ref = common_reference(_in_code_order(regions), start, end, until)
    s0, e = ref["start"], ref["end_rate"]
    if e is None:
        raise NoDataError(f"{regions[0].label}: no rate part: {ref['why_no_rate']}")
    U = data.load(TOTAL, level="kreis", years=[s0, e], category="insgesamt")[["ags", "year", "value"]]
    res = ref["residents"]
    both = U.merge(res[res["year"].isin([s0, e])], on=["ags", "year"]).dropna()

    def row(label, codes):
        part = both[both["ags"].isin(codes)].groupby("year")[["value", "P"]].sum()
        u0, u1 = part.loc[s0, "value"], part.loc[e, "value"]
        p0, p1 = part.loc[s0, "P"], part.loc[e, "P"]
        r0, r1 = u0 / p0 * 100, u1 / p1 * 100
        return {"region": label, "start": s0, "end": e, "U0": u0, "U1": u1, "P0": p0, "P1": p1, "r0": r0, "r1": r1,
                "veraenderung": u1 - u0, "bevoelkerung": (r0 + r1) / 200 * (p1 - p0),
                "quote": (p0 + p1) / 2 * (r1 - r0) / 100, "delta_r": r1 - r0}

    frame = pd.DataFrame([row(r.label, r.kreise) for r in regions] + [row("referenz", ref["codes"])])
    frame["delta_r_referenz"] = frame["delta_r"].iloc[-1]
    frame["abweichung_r"] = frame["delta_r"] - frame["delta_r_referenz"]
    coverage, national_sources = _coverage(ref["codes"], [s0, e])
    res_used, res_sources = _foreign_residents([s0, e])
    frame.attrs = {"sources": used({TOTAL: [s0, e]}, res_sources, national_sources),
                   "start": s0, "end": e, "end_shift_share": ref["end"], "share_basis_until": SHARE_BASIS_UNTIL,
                   "kreise_referenz": len(ref["codes"]), "ausgeschlossen_gruende": ref["excluded"],
                   "population_by_year": res_used.attrs["population"],
                   "abdeckung": coverage,
                   "method": "U = P·r; ΔU = r̄·ΔP + P̄·Δr (midpoint weights); Δr against the Δr of the reference "
                             "set shared with the shift-share"}
    return frame
