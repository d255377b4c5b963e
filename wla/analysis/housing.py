"""Wohnen: vacancy, rents, housing stock and construction; where vacancy and shrinking meet.

Every function returns a DataFrame with ``attrs["sources"]`` (indicator -> years used).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, store
from ..cache import memo
from ..exceptions import ParameterError
from ..regions import gemeinde_label
from ..regions import region as resolve_region
from .indicators import change, newest, newest_year, result, used

#: Share of all Gemeinden in Germany below the holiday-home threshold (the 95th percentile).
HOLIDAY_QUANTILE = 0.95
#: The holiday-home screen as a rule (English; the report words are ``wohnen.freizeit_regel``).
HOLIDAY_RULE = ("dwellings per 1,000 inhabitants (Zensus 2022: dwellings / population) above the 95th percentile "
                "of all Gemeinden in Germany")


def gemeinde_values(region, indicator: str, year: int | None = None, until: int | None = None) -> pd.DataFrame:
    """Gemeinde rows of one indicator (``year``, else the newest year up to ``until``), as
    :func:`wla.load` gives them; no value up to ``until`` raises :class:`NoDataError`."""
    rows = data.load(indicator, region, level="gemeinde", years=year, category="insgesamt")
    rows = newest(rows, until, indicator)
    return result(rows.reset_index(drop=True), used(rows), "published Gemeinde values", indicator=indicator,
                  until=until)


def municipal(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows of Gemeinden, without gemeindefreie Gebiete: the Zensus Gemeinde tables also
    list the two inhabited ones (03351501 Lohheide, 03358501 Osterheide), which are not
    municipalities and must not count in a distribution over "all Gemeinden" (keys not in any
    edition of the gazetteer, which lists municipalities only)."""
    return rows[rows["ags"].isin(set(store.gazetteer()["ags"]))]


def holiday_screen(region=None, until: int | None = None, quantile: float = HOLIDAY_QUANTILE) -> pd.DataFrame:
    """Gemeinden whose dwellings are largely not main residences (holiday and second homes).

    The Zensus extract in the snapshot holds no variable on holiday or leisure use, second
    homes or reasons for vacancy (``gemeinden/SOURCES.md`` §3: population, foreigners,
    households, dwellings, vacancy, rent only). The screen therefore uses an official proxy
    built from two published Zensus 2022 counts: dwellings (Gebäude- und Wohnungszählung) per
    1,000 inhabitants (1000A-0000), ``wohnungen_je_1000``. Where most people live in their main
    residence there are about 500 dwellings per 1,000 inhabitants (two persons per
    household); far more dwellings than households means many dwellings serve as holiday,
    leisure or second homes — or stand empty. A Gemeinde is screened (``freizeit``) when the
    ratio lies above the ``quantile`` (default 95th percentile) of all Gemeinden in Germany
    with both counts (gemeindefreie Gebiete left out, :func:`municipal`; :data:`HOLIDAY_RULE`);
    a Gemeinde without both counts is not screened
    (``freizeit`` False, ratio NaN).

    Returns per Gemeinde of ``region`` (all Gemeinden for ``None``): ``ags``, ``wohnungen``,
    ``einwohner_zensus``, ``wohnungen_je_1000``, ``freizeit``. ``attrs``: sources,
    ``schwelle`` (dwellings per 1,000 inhabitants), ``quantil``, ``regel``, ``year``.
    """
    if not 0 < quantile < 1:
        raise ParameterError(f"quantile must lie between 0 and 1 (e.g. 0.95), not {quantile!r}")
    dw = newest(data.load("wohnungen", level="gemeinde", category="insgesamt"), until, "wohnungen")
    year = int(dw["year"].iloc[0])
    pop = data.load("zensus_bevoelkerung", level="gemeinde", years=year, category="insgesamt")
    frame = dw[["ags", "value"]].rename(columns={"value": "wohnungen"}).merge(
        pop[["ags", "value"]].rename(columns={"value": "einwohner_zensus"}), on="ags", how="outer")
    frame = municipal(frame)
    frame["wohnungen_je_1000"] = frame["wohnungen"] / frame["einwohner_zensus"].where(frame["einwohner_zensus"] > 0) * 1000
    threshold = float(frame["wohnungen_je_1000"].quantile(quantile))
    frame["freizeit"] = frame["wohnungen_je_1000"] > threshold
    if region is not None:
        frame = frame[resolve_region(region).contains(frame["ags"])]
    return result(frame.sort_values("ags").reset_index(drop=True), used(dw, pop),
                  "dwellings per 1,000 inhabitants above a national quantile", schwelle=threshold,
                  quantil=float(quantile), regel=HOLIDAY_RULE, year=year)


#: The default high-vacancy threshold: the median over all Gemeinden with a published rate of
#: the same Zensus year (each Gemeinde counts once).
THRESHOLD_RULE = "median of the vacancy rates of all Gemeinden in Germany (Zensus 2022)"
#: Materiality of the vacant dwellings in shrinking high-vacancy Gemeinden: at least this many per
#: 1,000 inhabitants of the region (Zensus 2022, same date as the vacancy) make them a capacity; below
#: it they are context (wla.analysis.findings). A chosen threshold (stated on the pages and in the
#: README): one flat per 1,000 inhabitants houses about 2 people per 1,000 (Zensus household size),
#: a twentieth of KielRegion's 42 protection seekers per 1,000 (12531/12411, 31.12.2024).
MATERIAL_VACANT_PER_1000 = 1.0


@memo  # the vacancy finding and the potential findings of one page ask for the same region
def vacancy_and_shrinking(region, start: int = 2013, end: int | None = None,
                          threshold: float | None = None, until: int | None = None) -> pd.DataFrame:
    """Gemeinden where vacant flats and a shrinking population meet.

    Joins the population change ``start``→``end`` (GV-ISys, both on Zensus 2011 basis) with
    the Zensus 2022 vacancy rate and dwelling stock. ``leerstehend`` is derived as
    vacancy rate × dwellings / 100 (from a rate rounded to 0.1 %, so approximate).
    ``threshold`` marks high vacancy; default: the median of the vacancy rates of all Gemeinden
    in Germany of the same Zensus year (gemeindefreie Gebiete left out, :func:`municipal`;
    :data:`THRESHOLD_RULE`). Germany's own rate is not used:
    the publisher's national rate is not among the source files (see the catalogue's
    ``national_note`` of ``leerstandsquote``).
    ``end`` defaults to the newest population year up to ``until``; the vacancy rate is the
    newest up to ``until`` (no census vacancy before 2022: :class:`NoDataError`). A region whose
    Gemeinden have population values only from a later year (a Kreis formed since, e.g. 03159
    Göttingen: GV editions from 2017) starts there instead of ``start``, as the
    settlement potential does.
    Gemeinden caught by the holiday-home screen (:func:`holiday_screen`, column ``freizeit``)
    are kept in the frame but never counted in ``beides``: there empty flats are largely
    holiday and second homes, no room for people who settle; ``freizeit_beides`` marks those
    that would otherwise count.
    ``attrs``: ``threshold``, ``threshold_rule``, ``start``, ``end``, ``n``, ``n_beides``,
    ``leerstehend_beides``, ``n_freizeit`` (screened Gemeinden that shrink and have high
    vacancy), ``freizeit_schwelle``, ``freizeit_quantil``, ``einwohner`` (Zensus population of the
    region's Gemeinden, same date as the vacancy), ``leerstehend_je_1000`` (``leerstehend_beides``
    per 1,000 of them), ``wesentlich_ab`` (:data:`MATERIAL_VACANT_PER_1000`) and ``wesentlich``
    (``leerstehend_je_1000`` at least that).
    """
    reg = resolve_region(region)
    years = data.load("bevoelkerung", reg, level="gemeinde", category="insgesamt")["year"].unique()
    if end is None:
        end = newest_year(years, until, "bevoelkerung")
    # a Kreis formed later (03159 Göttingen, 2016) has Gemeinde keys of its own only from its
    # first GV edition on: the change starts there, the window of the settlement potential
    # (wla.analysis.potential.inputs)
    start = max(start, min((int(y) for y in years if y <= end), default=start))
    pop = data.load("bevoelkerung", reg, level="gemeinde", years=[start, end], category="insgesamt")
    delta = change(pop, start, end)
    vac = gemeinde_values(reg, "leerstandsquote", until=until)
    dw = gemeinde_values(reg, "wohnungen", until=until)
    if threshold is None:
        national = municipal(data.load("leerstandsquote", level="gemeinde", years=int(vac["year"].max()),
                                       category="insgesamt"))
        threshold, rule = float(national["value"].median()), THRESHOLD_RULE
    else:
        national, rule = None, "given"
    frame = delta.merge(vac[["ags", "value", "flag"]].rename(columns={"value": "leerstandsquote"}), on="ags", how="left")
    frame = frame.merge(dw[["ags", "value"]].rename(columns={"value": "wohnungen"}), on="ags", how="left")
    frame["leerstehend"] = frame["leerstandsquote"] * frame["wohnungen"] / 100
    frame["name"] = frame["name"].map(gemeinde_label)  # "Kronach, St" -> "Kronach", as region labels read
    screen = holiday_screen(reg, until)
    frame = frame.merge(screen[["ags", "wohnungen_je_1000", "freizeit"]], on="ags", how="left")
    frame["freizeit"] = frame["freizeit"].fillna(False).astype(bool)
    frame["schrumpfend"] = frame["veraenderung"] < 0
    frame["hoher_leerstand"] = frame["leerstandsquote"] > threshold
    both = frame["schrumpfend"] & frame["hoher_leerstand"]
    frame["freizeit_beides"] = both & frame["freizeit"]
    frame["beides"] = both & ~frame["freizeit"]
    vacant = float(frame.loc[frame["beides"], "leerstehend"].sum())
    people = float(screen["einwohner_zensus"].sum())
    per_1000 = vacant / people * 1000 if people > 0 else np.nan
    return result(frame, used(pop, vac, dw, national, screen.attrs["sources"]),
                  "shrinking: change < 0; high vacancy: rate > threshold; holiday-home places not counted",
                  threshold=threshold, threshold_rule=rule, start=start, end=end, n=len(frame), n_beides=int(frame["beides"].sum()),
                  leerstehend_beides=vacant, einwohner=people, leerstehend_je_1000=per_1000,
                  wesentlich_ab=MATERIAL_VACANT_PER_1000, wesentlich=bool(per_1000 >= MATERIAL_VACANT_PER_1000),
                  n_freizeit=int(frame["freizeit_beides"].sum()), freizeit_schwelle=screen.attrs["schwelle"],
                  freizeit_quantil=screen.attrs["quantil"])
