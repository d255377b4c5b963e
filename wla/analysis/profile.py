"""Who lives where: members, population change, settlement types, protection seekers.

Every public function returns a DataFrame whose ``attrs`` hold ``sources`` (indicator id ->
years the rows rest on; the caption is built from it in :mod:`wla.present.sources`), ``method``
and the parameters or years the text needs.
"""
from __future__ import annotations

import re

import pandas as pd

from .. import data, store
from ..exceptions import NoDataError, ParameterError
from ..regions import region as resolve_region
from .indicators import POPULATION_IDS, change, newest, newest_year, population_id, region_rate, result, upto, used

STATUS = ("offen", "anerkannt", "ohne", "insgesamt")


def members(region, until: int | None = None, population: tuple[str, int] | None = None) -> pd.DataFrame:
    """Members of a region with area in km² (newest year up to ``until``), population
    (``population`` = (indicator id, year), e.g. from :func:`common_population` so that the
    tables of a pair show the same date and basis; default :func:`_population`) and inhabitants
    per km², and for more than one member a total row for the region (``ags`` empty). A Kreis
    region: one row per Kreis (``name``) with its number of Gemeinden (GV edition of the areas,
    the newest up to ``until``, when it holds every member Kreis, else the newest edition;
    ``attrs["edition"]``); a
    Gemeinde region: one row per Gemeinde (``gemeinde``, named by
    :func:`wla.regions.gemeinde_label`) with its Kreis (``kreis``). ``attrs``: ``pop_year``,
    ``pop_basis`` (population basis of the catalogue: "Zensus 2022" or "Zensus 2011"),
    ``area_year``, ``edition``."""
    reg = resolve_region(region)
    area = newest(data.load("flaeche_km2", reg, level=reg.level), until, "flaeche_km2")
    # the Gemeinden counted from the GV edition the areas come from: header and source name one edition
    gem = _gemeinden_until(reg, int(area["year"].max()))
    if population is None:
        pop = _population(reg, until)
    else:
        pid, year = population
        pop = data.load(pid, reg, level=reg.level, years=int(year), category="insgesamt")
    if reg.level == "kreis":
        frame = pd.DataFrame({"ags": list(reg.kreise)})
        frame["name"] = frame["ags"].map(store.names())
        frame["gemeinden"] = frame["ags"].map(gem.groupby("kreis").size()).fillna(0).astype(int)
        total = {"ags": "", "name": reg.label, "gemeinden": int(frame["gemeinden"].sum())}
    else:
        from ..regions import gemeinde_label

        frame = pd.DataFrame({"ags": gem["ags"], "gemeinde": gem["name"].map(gemeinde_label),
                              "kreis": gem["kreis"].map(store.names())})
        total = {"ags": "", "gemeinde": reg.label, "kreis": ""}
    frame["flaeche_km2"] = frame["ags"].map(area.set_index("ags")["value"])
    frame["einwohner"] = frame["ags"].map(pop.set_index("ags")["value"])
    total.update(flaeche_km2=frame["flaeche_km2"].sum(min_count=len(frame)),
                 einwohner=frame["einwohner"].sum(min_count=len(frame)))
    if len(frame) > 1:
        frame = pd.concat([frame, pd.DataFrame([total])], ignore_index=True)
    frame["einwohner_je_km2"] = frame["einwohner"] / frame["flaeche_km2"]
    return result(frame, used(pop, area), "population / area per member; region row from sums",
                  pop_year=int(pop["year"].max()), pop_basis=data.entry(pop["indicator"].iloc[0])["basis"],
                  area_year=int(area["year"].max()), edition=int(gem["edition"].max()))


def _gemeinden_until(reg, until: int | None) -> pd.DataFrame:
    """Member Gemeinden of ``reg`` from the GV edition in force in ``until`` for a Kreis region
    whose Kreise all exist in that edition; otherwise (a Gemeinde region, defined by the newest
    keys; a Kreis formed later; no edition that old) from the newest edition."""
    if reg.level == "kreis" and until is not None:
        try:
            gem = reg.gemeinden(int(until))
        except ParameterError:  # before the oldest edition
            return reg.gemeinden()
        if set(gem["kreis"]) == set(reg.kreise):
            return gem
    return reg.gemeinden()


def common_population(regions, until: int | None = None) -> tuple[str, int]:
    """The population count every one of ``regions`` has at its own level (Kreise, or Gemeinden
    of a set that cuts through a Kreis): (indicator id, year) — the first of
    :data:`POPULATION_IDS` with a year up to ``until`` that all of them have, in the newest such
    year. Kreise alone: 12411 (Zensus-2022 basis); beside Gemeinden, which have no 12411 count,
    the Gemeindeverzeichnis (Zensus-2011 basis) of the same 31 December for both."""
    regions = [resolve_region(r) for r in regions]
    for pid in POPULATION_IDS:
        years = None
        try:
            for reg in regions:
                have = {int(y) for y in upto(data.load(pid, reg, level=reg.level, category="insgesamt"), until)["year"]}
                years = have if years is None else years & have
        except (NoDataError, ParameterError):
            continue
        if years:
            return pid, max(years)
    raise NoDataError(f"no population count up to {until} that {', '.join(r.label for r in regions)} all have")


def _population(reg, until: int | None) -> pd.DataFrame:
    """Population of the members (level of ``reg``) in the newest year up to ``until`` of the
    first count of :data:`POPULATION_IDS` that has one (Zensus 2022 basis from 2023, before
    that the Gemeindeverzeichnis on Zensus 2011 basis): the count of that year, never a later one."""
    last = None
    for pid in POPULATION_IDS:
        try:
            return newest(data.load(pid, reg, level=reg.level, category="insgesamt"), until, pid)
        except (NoDataError, ParameterError) as err:  # no value up to until / not at this level
            last = err
    raise last


def change_years(until: int | None = None, regions=()) -> tuple[int, int]:
    """First and last year (up to ``until``) of Gemeinde population on one basis (GV-ISys,
    Zensus 2011 basis). With ``regions``, the first year is the first in which every one of them
    has Gemeinde values, so both sides of a pair cover one period: a Kreis formed later (e.g.
    03159 Göttingen, 2016) has Gemeinde keys of its own only from then on."""
    rows = data.load("bevoelkerung", level="gemeinde", category="insgesamt")
    end = newest_year(rows["year"].unique(), until, "bevoelkerung")
    start = int(rows["year"].min())
    for spec in regions:
        have = rows.loc[resolve_region(spec).contains(rows["ags"]) & (rows["year"] <= end), "year"]
        if have.empty:
            raise NoDataError(f"no Gemeinde population for {resolve_region(spec).label} up to {end}")
        start = max(start, int(have.min()))
    return start, end


def formed_later(region, indicator: str = "wohnungsbestand") -> pd.DataFrame:
    """Member Kreise of ``region`` formed from older Kreise (:func:`wla.data.predecessors`, e.g.
    03159 Göttingen from 03152 Göttingen and 03156 Osterode am Harz): ``kreis``, ``name``,
    ``vorgaenger`` (names of the old Kreise) and ``jahr``, the first year ``indicator`` (an annual
    Kreis table on the Gebietsstand of each 31 December; default the dwelling stock 31231) lists
    the Kreis itself — the year it was formed. A Kreis the table lists from its first year on took
    in another one (16056 Eisenach into 16063 Wartburgkreis, 2021) and was not formed later: not
    listed. Empty for a region without such a Kreis."""
    reg = resolve_region(region)
    old = data.predecessors(reg)
    empty = result(pd.DataFrame(columns=["kreis", "name", "vorgaenger", "jahr"]), {}, "no member formed later")
    if not old:
        return empty
    rows = data.load(indicator, reg, level="kreis", category="insgesamt")
    first = int(data.load(indicator, level="kreis", category="insgesamt")["year"].min())
    names = store.names()
    out = []
    for kreis in sorted(set(old.values())):
        own = rows.loc[rows["ags"] == kreis, "year"]
        if own.empty:
            raise NoDataError(f"{indicator} has no row for {kreis} {names.get(kreis, '')}; choose an annual Kreis "
                              "table that lists it (e.g. wohnungsbestand)")
        if int(own.min()) == first:  # it existed before and took in another Kreis (16063 Wartburgkreis, 2021)
            continue
        out.append({"kreis": kreis, "name": names.get(kreis, kreis), "jahr": int(own.min()),
                    "vorgaenger": [names.get(o, o) for o in sorted(o for o, n in old.items() if n == kreis)]})
    if not out:
        return empty
    return result(pd.DataFrame(out), used(rows[rows["ags"].isin([r["kreis"] for r in out])]),
                  "first year the Kreis has rows of its own; predecessors from the Gemeindeverzeichnis",
                  indicator=indicator)


def population_change(region, start: int = 2013, end: int = 2023) -> pd.DataFrame:
    """Population change per Gemeinde between two GV editions (both Zensus 2011 basis):
    persons and % of ``start``.

    Gemeinden whose key changed in between (mergers) appear in only one year and are left
    out; ``attrs['not_comparable']`` counts them."""
    reg = resolve_region(region)
    rows = data.load("bevoelkerung", reg, level="gemeinde", years=[start, end], category="insgesamt")
    out = change(rows, start, end)
    keys = [set(rows.loc[rows["year"] == y, "ags"]) for y in (start, end)]
    return result(out, used(rows), "change end - start per Gemeinde key present in both years",
                  start=start, end=end, not_comparable=len(keys[0] ^ keys[1]))


def settlement_types(region) -> pd.DataFrame:
    """Number of Gemeinden per BBSR Stadt- und Gemeindetyp (column ``typ``, the BBSR's class
    name) in each member Kreis (one column per Kreis name); rows in the BBSR's order (its class
    code: Großstadt 10 … Landgemeinde 50), not alphabetically."""
    reg = resolve_region(region)
    rows = data.load("bbsr_gemeindetyp", reg, level="gemeinde")
    rows = rows.assign(kreis=rows["ags"].str[:5].map(store.names()))
    table = rows.pivot_table(index="category", columns="kreis", values="ags", aggfunc="count", fill_value=0)
    table = table.reindex(rows.groupby("category")["value"].min().sort_values().index)
    table = table.reset_index().rename(columns={"category": "typ"})
    table.columns.name = None
    return result(table, used(rows), "count of Gemeinden per type and Kreis")


def shown_sum(value: float) -> float:
    """A 12531-0043 sum as it may be shown: NaN where it is 0. The flat file lists only non-zero
    cells (Kreis × status × sex × citizenship), each rounded by Destatis to a multiple of 5, so a
    sum of 0 only says that every cell was below 3 persons (rounded to 0) – the true number is
    unknown, not zero (words ``profil.unter_3``)."""
    return float("nan") if value == 0 else float(value)


def protection_status(region, years=None, until: int | None = None) -> pd.DataFrame:
    """Protection seekers per member Kreis by status (open, recognised, without) and in all,
    for ``years`` (default: the two newest years up to ``until``), with a region row (``ags``
    empty) where the region has more than one Kreis.

    Every value is a sum of cells rounded to multiples of 5 by Destatis (12531-0043 has no
    "Insgesamt" rows), the region row the sum over its Kreise; such sums lie somewhat below the
    published totals. A sum of 0 is NaN (:func:`shown_sum`); ``attrs["unter_3"]`` counts them."""
    reg = resolve_region(region)
    if years is None:
        split = data.load("schutzsuchende", reg, level="kreis", category="all")
        have = upto(split[split["category"] == "offen"], until)["year"].unique()
        years = sorted(int(y) for y in have)[-2:]
        if not years:
            raise NoDataError(f"schutzsuchende by protection status (12531-0043) has no year up to {until} "
                              f"(years with the status split: {', '.join(map(str, sorted(set(split.loc[split['category'] == 'offen', 'year']))))})")
    rows = data.load("schutzsuchende", reg, level="kreis", years=list(years), category="all")
    rows = rows[rows["category"].isin(STATUS)]
    wide = rows.pivot_table(index=["year", "ags", "name"], columns="category", values="value").reset_index()
    wide.columns.name = None
    if len(reg.kreise) > 1:
        totals = []
        for year in years:
            row = {"year": year, "ags": "", "name": reg.label}
            for status in STATUS:
                row[status] = data.region_total("schutzsuchende", reg, year, status)["value"].iloc[0]
            totals.append(row)
        wide = pd.concat([wide, pd.DataFrame(totals)], ignore_index=True)
    zero = int((wide[list(STATUS)] == 0).sum().sum())
    wide[list(STATUS)] = wide[list(STATUS)].map(shown_sum)
    return result(wide[["year", "ags", "name", *STATUS]], used(rows),
                  "sums of rounded 12531-0043 cells per Kreis; region row from sums; a sum of 0 is not shown",
                  years=list(years), unter_3=zero)


def refugees_per_1000(regions, years=(2018, 2023, 2024), until: int | None = None) -> pd.DataFrame:
    """Protection seekers per 1,000 inhabitants for each region and year, with the population
    count of the same year (12411 on Zensus 2022 basis where it exists, else Zensus 2011 basis)
    and the population indicator used (``basis``). With ``until`` the years after it are left
    out and the newest year up to it (with a population count) is added.

    ``attrs["bau"]``: per year shown, how it is formed – ``{year: {"zaehler": "schutzsuchende",
    "nenner": [<population ids used>]}}`` (the count's publication follows from the year, the catalogue
    joins 12531 (Kreise) 2018 and 12531-0043 2023/24); ``attrs["fehlend"]``: the years between the
    first and the last shown that are not shown, with why (``"keine_kreiswerte"``: the snapshot
    has no Kreis count of protection seekers that year; ``"keine_einwohner"``: no population
    count of that date; ``"nicht_gewaehlt"``: in the snapshot, not among ``years``)."""
    have = {int(y) for y in data.load("schutzsuchende", level="kreis")["year"].unique()}
    if until is not None:
        counted = [y for y in have if _has_population(int(y))]
        years = sorted({int(y) for y in years if y <= until} | {newest_year(counted, until, "schutzsuchende")})
    out, sources, nenner = [], {}, {}
    for spec in regions:
        reg = resolve_region(spec)
        for year in years:
            pid = population_id(year, reg, "schutzsuchende")
            nenner.setdefault(int(year), []).append(pid)
            r = region_rate("schutzsuchende", pid, reg, year)
            out.append({"region": reg.label, "year": year, "je_1000": r["value"], "schutzsuchende": r["numerator"],
                        "einwohner_stichtag": r["denominator"], "flag": r["flag"], "basis": data.entry(pid)["basis"]})
            sources = used(sources, r["used"])
    shown = sorted({int(y) for y in years})
    bau = {y: {"zaehler": "schutzsuchende", "nenner": list(dict.fromkeys(nenner.get(y, [])))} for y in shown}
    fehlend = {y: "keine_kreiswerte" if y not in have else "keine_einwohner" if not _has_population(y) else "nicht_gewaehlt"
               for y in range(shown[0], shown[-1] + 1) if y not in shown} if shown else {}
    return result(pd.DataFrame(out), sources, "sum of protection seekers / sum of population of the same year x 1000",
                  years=list(years), bau=bau, fehlend=fehlend)


def _has_population(year: int) -> bool:
    try:
        population_id(year)
    except NoDataError:
        return False
    return True


def share_series(indicator: str, regions, until: int | None = None) -> pd.DataFrame:
    """A yearly rate (e.g. INKAR ``schutzsuchende_anteil``) for each member Kreis of the given
    regions up to ``until``, long format with a ``region`` column (the first region that holds
    the Kreis: with :func:`wla.analysis.compare.table_regions` the kreisfreie Stadt inside the
    comparison's Landkreis is one more line, each Kreis drawn once)."""
    frames = []
    for spec in regions:
        reg = resolve_region(spec)
        rows = upto(data.load(indicator, reg, level="kreis", category="insgesamt"), until)
        frames.append(rows.assign(region=reg.label))
    rows = pd.concat(frames, ignore_index=True).drop_duplicates(["ags", "year"]).reset_index(drop=True)
    if rows.empty:
        newest_year([], until, indicator)
    return result(rows, used(rows), "published Kreis values", indicator=indicator, until=until)


#: The compiler's remark in the list's ``hinweis`` on whether a site lies in the KielRegion: it
#: was written for the KielRegion and is left out of every region's table (the Kreis is named).
_KIELREGION_REMARK = re.compile(r",?\s*(au(ß|ss)erhalb|innerhalb) der KielRegion", re.IGNORECASE)


def facilities(region, until: int | None = None) -> pd.DataFrame:
    """Initial reception facilities (press reports, context only) in the region's Kreise,
    placed at their host Gemeinde's centre from the Gemeindeverzeichnis; ``status`` says
    whether the site is in use (:mod:`wla.sources.einrichtungen`). With a reference year
    ``until``: per location its newest listing dated up to that year, a location without one
    left out (:func:`wla.analysis.compare.listings_until`); else every listing. The list's remark on the
    KielRegion (:data:`_KIELREGION_REMARK`) is dropped from ``hinweis``. ``attrs["sources"]``
    names the press list (``einrichtungen``); an empty frame for a region in a Land the list
    does not cover means "no list", not "no facility" (:func:`facility_coverage`)."""
    reg = resolve_region(region)
    table = store.einrichtungen()
    table = table[reg.contains(table["ags_gemeinde"])].copy()
    if until is not None:
        from .compare import listings_until
        table = listings_until(table, until)
    table["hinweis"] = table["hinweis"].fillna("").str.replace(_KIELREGION_REMARK, "", regex=True).str.strip()
    gaz = store.gazetteer().sort_values("edition").drop_duplicates("ags", keep="last").set_index("ags")
    table["lon"] = table["ags_gemeinde"].map(gaz["lon"])
    table["lat"] = table["ags_gemeinde"].map(gaz["lat"])
    return result(table.reset_index(drop=True), {"einrichtungen": []}, "press list, Gemeinde centre as position")


def facility_coverage(region=None) -> dict:
    """Which Länder of the region the facilities list covers: ``covered`` (every Land the list
    covers) and ``missing`` (the region's Länder it does not cover; empty without a region), each
    a list of Land names (the list covers the Länder of its own Kreise, see
    :func:`wla.analysis.compare.facility_list_laender`)."""
    from .compare import facility_list_laender

    names, listed = store.names(), set(facility_list_laender())
    mine = sorted({c[:2] for c in resolve_region(region).kreise}) if region is not None else []
    return {"covered": [names.get(c, c) for c in sorted(listed)],
            "missing": [names.get(c, c) for c in mine if c not in listed]}


def gemeinde_map_frame(region, values: pd.DataFrame, column: str = "value"):
    """GeoDataFrame of the region's Gemeinden (BKG VG250) joined with ``values`` on ``ags``, with
    ``gemeindefrei`` (an area no gazetteer edition lists: no municipality, e.g. a forest);
    ``attrs["sources"]`` = those of ``values`` plus the boundaries (``geo:gemeinden``)."""
    reg = resolve_region(region)
    geo = store.geometry("gemeinden")
    geo = geo[reg.contains(geo["ags"])]
    out = geo.merge(values[["ags", column] + [c for c in ("flag",) if c in values]], on="ags", how="left")
    # an area whose key no gazetteer edition lists belongs to no Gemeinde (gemeindefreies Gebiet)
    out["gemeindefrei"] = ~out["ags"].isin(set(store.gazetteer()["ags"]))
    used, geo = values.attrs.get("sources", {}), {"geo:gemeinden": []}
    out.attrs = {**values.attrs, "sources": {**used, **geo} if isinstance(used, dict) else [*used, geo]}
    return out


def kreis_map_frame(region, values: pd.DataFrame, column: str = "value"):
    """GeoDataFrame of the region's Kreise (BKG VG5000) joined with ``values`` on ``ags``;
    ``attrs["sources"]`` = those of ``values`` plus the boundaries (``geo:kreise``)."""
    reg = resolve_region(region)
    geo = store.geometry("kreise")
    geo = geo[geo["ags"].isin(reg.kreise)]
    out = geo.merge(values[["ags", column]], on="ags", how="left")
    out.attrs = {**values.attrs, "sources": {**values.attrs.get("sources", {}), "geo:kreise": []}}
    return out


#: Facility status (:mod:`wla.sources.einrichtungen`) -> marker status of the maps (filled
#: triangle for a site in use, hollow for one on standby without residents or only planned, grey for
#: one whose newest listing is too old to decide the year: ``unbekannt``, :func:`facility_markers`).
MARKER_STATUS = {"in_betrieb": "active", "bereitschaft": "closed", "geplant": "planned", "unbekannt": "unknown"}


def facility_markers(region, until: int | None = None) -> pd.DataFrame:
    """The facilities of a map: per location its newest listing up to the page's reference year
    (:func:`wla.analysis.compare.reference_year` of ``until``) — the listings the fair frame uses
    (:func:`wla.analysis.compare.facility_hosts`) — with a planned site
    (:func:`wla.analysis.compare.planned_site`) given ``status`` "geplant" (drawn hollow with a blue
    edge as planned: the frame counts it as no host), and a listing older than
    :data:`wla.analysis.compare.FACILITY_LISTING_YEARS` (``aktuell`` False) ``status`` "unbekannt"."""
    from .compare import planned_site, reference_year

    sites = facilities(region, until=reference_year(until))
    if len(sites):
        sites.loc[sites.apply(planned_site, axis=1).astype(bool), "status"] = "geplant"
        sites.loc[~sites["aktuell"].astype(bool), "status"] = "unbekannt"
    return sites


def points(frame: pd.DataFrame, label: str):
    """Point GeoDataFrame (EPSG:25832) from ``lon``/``lat`` columns, for map markers; a facility
    ``status`` becomes the marker status (:data:`MARKER_STATUS`)."""
    import geopandas as gpd

    frame = frame.dropna(subset=["lon", "lat"])
    if "status" in frame.columns:
        frame = frame.assign(status=frame["status"].map(MARKER_STATUS))
    gdf = gpd.GeoDataFrame(frame.assign(label=frame[label]),
                           geometry=gpd.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326")
    return gdf.to_crs("EPSG:25832")


def with_members(regions) -> list:
    """``regions`` (as :func:`wla.analysis.compare.table_regions` gives them), each region of
    several Kreise followed by its Kreise; an area with the same Kreise as one before it (Landkreis
    Coburg as a member of Stadt + Landkreis Coburg) is listed once."""
    areas, seen = [], set()
    for r in regions:
        r = resolve_region(r)
        for area in [r] + ([resolve_region(k) for k in r.kreise] if len(r.kreise) > 1 and r.level == "kreis" else []):
            if tuple(sorted(area.kreise)) not in seen:
                seen.add(tuple(sorted(area.kreise)))
                areas.append(area)
    return areas


def recipients_coverage(until: int | None = None) -> dict:
    """Which Kreise the snapshot's AsylbLG recipient counts (22811) cover in the years after the
    newest year every Kreis has (up to ``until``): ``{"alle_bis": year, "jahre": [...], "kreise":
    [codes], "teilweise": {year: number of Kreise}, "bund": [years]}``; ``jahre`` empty when every
    year covers every Kreis; ``teilweise``: every year (earlier ones too) the snapshot holds for
    only some Kreise, with how many; ``bund``: the years with the publisher's national row. The
    files gathered for the project hold all Kreise up to 2014 (2019 from another copy) and other
    years only for some."""
    rows = data.load("asylbewerberleistungen", level="kreis", category="insgesamt")
    rows = rows[rows["year"] <= until] if until is not None else rows
    counts = rows.groupby("year")["ags"].nunique()
    full = [int(y) for y, n in counts.items() if n >= 0.95 * counts.max()]
    last_full = max(full) if full else None
    later = sorted(int(y) for y in counts.index if last_full is None or y > last_full)
    kreise = sorted(set(rows.loc[rows["year"].isin(later), "ags"]))
    partial = {int(y): int(n) for y, n in counts.items() if int(y) not in full}
    national = data.load("asylbewerberleistungen", level="bund", category="insgesamt")["year"]
    return {"alle_bis": last_full, "jahre": later, "kreise": kreise, "teilweise": partial,
            "bund": sorted(int(y) for y in national.unique() if until is None or y <= until)}


def asylum_recipients(regions, until: int | None = None) -> pd.DataFrame:
    """Recipients of asylum-seeker benefits per 1,000 inhabitants (Statistik 22811 / 661-31-4,
    counted where they are housed, state reception facilities included) for every area of
    :func:`with_members` and Germany (the publisher's national row where the snapshot has it):
    :func:`wla.analysis.indicators.rate_series` — a year in which a member has no value is left
    out, never filled; the population basis of each year in ``basis``."""
    from .indicators import rate_series

    return rate_series("asylbewerberleistungen", [*with_members(regions), "deutschland"], until=until)
