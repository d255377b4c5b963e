"""Arbeiten: unemployed foreigners and all unemployed, the gap between their rates,
employees by nationality, and the occupations in which foreigners are unemployed.

Every public function except :func:`implied_rate` returns a DataFrame with ``attrs["sources"]``
(indicator -> years used)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data
from ..exceptions import NoDataError
from ..regions import region as resolve_region
from .indicators import newest_year, result, upto, used


def _pair_series(total_id: str, foreign_id: str, regions, until: int | None = None,
                 national: tuple[str, str] = ()) -> pd.DataFrame:
    """Yearly region totals of all and of foreigners up to ``until``, and the foreigners' share
    in %; years that lack one of the two are left out (nothing is filled in). ``national``:
    (all, foreigners) of a table with the publisher's national rows, for Germany only — used
    only in the years in which the main pair has no complete national total.

    ``attrs["sources"]``: every source used; ``attrs["sources_national"]``: those of ``national``
    alone (Germany's values from the other table), for a chart that leaves Germany out."""
    frames, sources, national_used = [], {}, {}
    for spec in regions:
        reg = resolve_region(spec)
        total = upto(data.region_total(total_id, reg, None), until)
        foreign = upto(data.region_total(foreign_id, reg, None), until)
        if total.empty or foreign.empty:
            newest_year([], until, total_id if total.empty else foreign_id)
        frame = total[["year", "value"]].rename(columns={"value": "insgesamt"}).merge(
            foreign[["year", "value"]].rename(columns={"value": "auslaender"}), on="year")
        own = frame[["insgesamt", "auslaender"]].notna().all(axis=1)
        sources = used(sources, {total_id: frame.loc[own, "year"], foreign_id: frame.loc[own, "year"]})
        if national and reg.key == "deutschland" and not own.all():
            alt = {col: upto(data.region_total(i, reg, None), until).set_index("year")["value"]
                   for col, i in zip(("insgesamt", "auslaender"), national)}
            filled = (~own) & frame["year"].isin(alt["insgesamt"].dropna().index.intersection(alt["auslaender"].dropna().index))
            for col in ("insgesamt", "auslaender"):
                frame.loc[filled, col] = frame.loc[filled, "year"].map(alt[col])
            national_used = used(national_used, {i: frame.loc[filled, "year"] for i in national})
            sources = used(sources, national_used)
        frame["anteil_auslaender"] = frame["auslaender"] / frame["insgesamt"] * 100
        frames.append(frame.assign(region=reg.label))
    return result(pd.concat(frames, ignore_index=True), sources, "foreigners / all x 100 per region and year",
                  until=until, sources_national=national_used)


def unemployed_series(regions, until: int | None = None) -> pd.DataFrame:
    """Yearly unemployed (BA annual averages) in all and foreigners per region up to ``until``,
    and the foreigners' share of the unemployed in %. Germany: the BA extract has no national
    row and lacks some Kreis every year, so its values are the publisher's national rows of
    13211-02-05-4 (2019, 2025) where they exist, no value otherwise."""
    return _pair_series("arbeitslose_ba", "arbeitslose_auslaender_ba", regions, until,
                        national=("arbeitslose", "arbeitslose_auslaender"))


def implied_rate(region, count_id: str, rate_id: str, year: int) -> dict:
    """Unemployment rate of a whole region from the published Kreis counts and rates of the
    same table: the reference labour force of each Kreis is count ÷ rate × 100, summed; the
    region rate is Σ count ÷ Σ labour force × 100. Rates are published to 0.1 %, so the
    result is approximate (stated in the note)."""
    given = resolve_region(region)
    reg = given.whole_kreise() or given  # a Gemeinde set of whole Kreise is those Kreise
    counts = data.member_rows(count_id, reg, "kreis", year, "insgesamt").set_index("ags")
    rates = data.member_rows(rate_id, reg, "kreis", year, "insgesamt").set_index("ags")
    force = counts["value"] / rates["value"] * 100
    unknown = force.index[force.isna()].tolist()
    missing = data.missing_members(rate_id, reg, "kreis", year, force.index)
    if unknown or missing:
        return {"value": np.nan, "flag": "/", "note": "not available: count or rate missing for "
                f"{data.members_text(unknown + missing)}"}
    value = counts["value"].sum() / force.sum() * 100
    note = "published rate" if len(force) == 1 else "recomputed from Kreis counts and rates (approx.)"
    if len(force) == 1:
        value = float(rates["value"].iloc[0])
    return {"value": float(value), "flag": "", "note": note, "sources": used(counts, rates)}


def rate_gap(regions, year: int | None = None, until: int | None = None) -> pd.DataFrame:
    """Per member Kreis and per region: the unemployment rate of all and of foreigners
    (13211, annual average, % of all civilian labour force) and the gap in percentage points,
    for ``year`` (default: the newest year of the foreigners' rate up to ``until`` in which
    both rates have Kreis values). ``ebene`` is ``"kreis"``
    for a member, ``"region"`` for the region of several Kreise (rates recomputed, see
    :func:`implied_rate`), ``"deutschland"`` for Germany: one row, the publisher's national rates
    (:func:`wla.region_total`), never its 400 Kreise."""
    if year is None:
        both = set(data.load("arbeitslosenquote_auslaender", level="kreis")["year"]) & set(
            data.load("arbeitslosenquote", level="kreis")["year"])
        year = newest_year(both, until, "arbeitslosenquote_auslaender")
    rows, sources = [], {}
    for spec in regions:
        reg = resolve_region(spec)
        if reg.key == "deutschland":
            national = [data.region_total(i, reg, year) for i in ("arbeitslosenquote", "arbeitslosenquote_auslaender")]
            rows.append({"region": reg.label, "ebene": "deutschland", "name": reg.label,
                         "alq": national[0]["value"].iloc[0], "alq_auslaender": national[1]["value"].iloc[0]})
            sources = used(sources, *national)
            continue
        all_ = data.load("arbeitslosenquote", reg, level="kreis", years=year, category="insgesamt")
        foreign = data.load("arbeitslosenquote_auslaender", reg, level="kreis", years=year, category="insgesamt")
        joined = all_[["ags", "name", "value"]].merge(
            foreign[["ags", "value"]], on="ags", suffixes=("_insgesamt", "_auslaender"))
        for _, r in joined.iterrows():
            rows.append({"region": reg.label, "ebene": "kreis", "name": r["name"], "alq": r["value_insgesamt"],
                         "alq_auslaender": r["value_auslaender"]})
        sources = used(sources, all_, foreign)
        if len(reg.kreise) > 1:
            a = implied_rate(reg, "arbeitslose", "arbeitslosenquote", year)
            f = implied_rate(reg, "arbeitslose_auslaender", "arbeitslosenquote_auslaender", year)
            rows.append({"region": reg.label, "ebene": "region", "name": reg.label, "alq": a["value"],
                         "alq_auslaender": f["value"]})
            sources = used(sources, a.get("sources", {}), f.get("sources", {}))
    frame = pd.DataFrame(rows)
    frame["abstand"] = frame["alq_auslaender"] - frame["alq"]
    return result(frame, sources, "published Kreis rates; region rate = sum of counts / sum of implied labour force",
                  year=year)


def employees_series(regions, until: int | None = None) -> pd.DataFrame:
    """Employees subject to social insurance at place of work: all, foreigners and the
    foreigners' share in %, per region and year (30.06.) up to ``until``."""
    return _pair_series("svb_beschaeftigte", "svb_beschaeftigte_auslaender", regions, until)


def occupations(region, vergleich, year: int | None = None, top: int = 10, until: int | None = None) -> pd.DataFrame:
    """The occupational groups (KldB 2010, ``beruf`` as the BA labels them) with the most
    unemployed foreigners in the region, with their share in % of all unemployed foreigners
    there and in the comparison region, with the counts both shares rest on
    (``arbeitslose_auslaender``, ``arbeitslose_auslaender_vergleich``).

    ``year``, else the newest year up to ``until`` in which every member Kreis of BOTH regions
    has values for all groups (:func:`wla.analysis.shift_share.complete_years`: some Kreis-years
    of the BA extract hold only "ohne Angabe zum Zielberuf"); ``attrs["neuestes_jahr"]`` and
    ``["unvollstaendig"]`` name the newer years passed over and the Kreise lacking them.
    :class:`NoDataError` when no such year exists."""
    from .shift_share import INDICATOR, complete_years, passed_over

    reg, vs = resolve_region(region), resolve_region(vergleich)
    if year is None:
        both = complete_years([reg, vs])
        if not [y for y in both if until is None or y <= int(until)]:
            raise NoDataError(f"{reg.label} / {vs.label}: no year up to {until or 'the newest'} in which the BA "
                              "extract has values for every occupational group in both regions")
        year = newest_year(both, until, INDICATOR)
    newest, passed = passed_over([reg, vs], year, until)
    rows = data.load(INDICATOR, reg, level="kreis", years=year)
    other = data.load(INDICATOR, vs, level="kreis", years=year)
    mine = rows.groupby("category")["value"].agg(data.complete_sum)
    theirs = other.groupby("category")["value"].agg(data.complete_sum)
    frame = pd.DataFrame({"beruf": mine.index, "arbeitslose_auslaender": mine.to_numpy()})
    frame["anteil"] = frame["arbeitslose_auslaender"] / data.complete_sum(mine) * 100
    frame["arbeitslose_auslaender_vergleich"] = frame["beruf"].map(theirs)
    frame["anteil_vergleich"] = frame["beruf"].map(theirs / data.complete_sum(theirs) * 100)
    frame = frame.sort_values("arbeitslose_auslaender", ascending=False).head(top).reset_index(drop=True)
    return result(frame.assign(year=year), used(rows, other), "count per group / sum over groups x 100",
                  year=year, top=top, neuestes_jahr=newest, unvollstaendig=passed)
