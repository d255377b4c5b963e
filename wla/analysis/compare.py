"""Regions side by side: headline indicators for a region, its comparison, Germany and the
Kreise of the same BBSR settlement type.

Region values are proper totals (:func:`wla.region_total`, :func:`region_rate`): counts summed,
rates recomputed from summed numerators and denominators. Germany is the publisher's own
national row where there is one, else the total over all Kreise — only when every Kreis is
present (else not available, with the missing Kreise named).

A fair frame for a pair (:func:`fair_frame`): a Landkreis is also shown together with the
kreisfreie Stadt that lies inside it (:func:`enclosed_cities`), and the region is also shown
without every member Kreis that hosts a state reception facility in use (:func:`facility_hosts`;
the outcomes such facilities carry are :data:`FACILITY_OUTCOMES`); Kreis values stand beside
the aggregates (:func:`table_regions` gives the columns of a side-by-side table of a pair). A
true zero of a Landkreis beside an enclosed Stadt with a value (:func:`zero_beside_city`) is
named. Which sides are programme model regions comes from the sourced grant rows
(:func:`programme_sides`). A figure more than :data:`MAX_AGE_YEARS` older than the page's
reference year is context (:func:`outdated`). Differences describe the regions; they are not
effects of a programme.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd

from .. import data, store
from ..cache import memo
from ..catalog import POLARITIES, THEMES
from ..exceptions import NoDataError, WlaError
from ..regions import Region, newest_kreise, region as resolve_region
from .indicators import FACILITIES, POPULATION_IDS, newest_year, population_id, used as merged_sources


@dataclass(frozen=True)
class Headline:
    """A headline figure: ``numerator`` (category ``num_category``) per ``denominator`` × scale,
    or the region total of ``numerator`` when there is no denominator. ``denominator`` may be
    ``"population"``: the population count of the same year and basis (see
    :func:`wla.analysis.indicators.population_id`).

    ``polarity`` (one of :data:`POLARITIES`) says what a higher value means for the region:
    ``favourable`` (an outcome or capacity that is better when higher), ``unfavourable`` (worse
    when higher) or ``context`` (presence or composition, never a challenge or potential in
    itself); ``polarity_reason`` says why in one line. The figures are rows of the reviewed data
    file ``wla/headlines.toml`` (:data:`HEADLINES_FILE`); a figure that combines indicators states
    its polarity there, a figure of one indicator carries the catalogue's (tested)."""

    key: str
    theme: str
    label_de: str
    label_en: str
    unit: str
    numerator: str
    denominator: str = ""
    scale: float = 1.0
    num_category: str = "insgesamt"
    decimals: int = 1
    implied_from: str = ""
    #: (numerator, denominator) of the same counts in a table with a national row, for a region
    #: whose total in the main table is unknown because a member has no value there — Germany
    #: or a group of Kreise (e.g. BA occupation series, empty for 03454 Emsland, 08426 Biberach
    #: and 09774 Günzburg in 2025 -> Regionaldatenbank 13211-02-05-4, whose Kreis and national
    #: rows exist for 2019 and 2025); used only when that table's total is complete.
    national: tuple = ()
    polarity: str = "context"
    polarity_reason: str = ""
    #: Where the statistic counts (:data:`COUNTING_SITES`): "" where people live (or the figure is
    #: the region's own), "schule" at the school's site, "einrichtung" at the site of a facility
    #: (day care). A figure counted at an institution is classed with the kreisfreie Städte inside
    #: a side's Landkreise (:func:`with_enclosed_cities`, :mod:`wla.analysis.findings`).
    erhebungsort: str = ""

    def label(self, lang: str) -> str:
        return self.label_de if lang == "de" else self.label_en



#: Values of :attr:`Headline.erhebungsort`.
COUNTING_SITES = ("", "schule", "einrichtung")

#: The reviewed data file of the headline figures (one table per figure; see its header).
HEADLINES_FILE = Path(__file__).parents[1] / "headlines.toml"


def read_headlines(path: Path = HEADLINES_FILE) -> tuple[Headline, ...]:
    """The headline figures of ``path`` in file order; an unknown field, a theme outside the
    catalogue's or a polarity outside :data:`wla.catalog.POLARITIES` is an error naming the
    figure and the file."""
    with open(path, "rb") as f:
        table = tomllib.load(f)
    known = {f.name for f in fields(Headline)} - {"key"}
    out = []
    for key, row in table.items():
        unknown = sorted(set(row) - known)
        if unknown:
            raise WlaError(f"{path.name} [{key}]: unknown field(s) {unknown}; known: {sorted(known)}")
        if row.get("theme") not in THEMES:
            raise WlaError(f"{path.name} [{key}]: theme must be one of {THEMES}, not {row.get('theme')!r}; fix the file")
        if row.get("polarity") not in POLARITIES:
            raise WlaError(f"{path.name} [{key}]: polarity must be one of {POLARITIES}, "
                           f"not {row.get('polarity')!r}; fix the file")
        if row.get("erhebungsort", "") not in COUNTING_SITES:
            raise WlaError(f"{path.name} [{key}]: erhebungsort must be one of {COUNTING_SITES}, "
                           f"not {row.get('erhebungsort')!r}; fix the file")
        out.append(Headline(key=key, **{**row, "national": tuple(row.get("national", ()))}))
    return tuple(out)


#: The headline figures, in the order tables show them (:func:`read_headlines`).
HEADLINES = read_headlines()


def headline(key: str) -> Headline:
    for h in HEADLINES:
        if h.key == key:
            return h
    raise WlaError(f"unknown headline {key!r}; known: {[h.key for h in HEADLINES]}")


def _years(indicator: str) -> list[int]:
    levels = data.entry(indicator)["levels"].split(",")
    level = "kreis" if "kreis" in levels else "gemeinde"
    return sorted(int(y) for y in data.load(indicator, level=level)["year"].unique())


def _total(indicator: str, reg: Region, year: int, category: str) -> pd.Series:
    """Region total (:func:`wla.region_total`: for Germany the publisher's national row where
    the table has one, else the sum over Kreise only when every Kreis is present)."""
    total = data.region_total(indicator, reg, year, category)
    if total.empty:
        raise NoDataError(f"no {indicator} for {reg.label} in {year}")
    return total.iloc[0]


def value(h: Headline, reg: Region, year: int) -> dict:
    """The headline figure of a region for one year: value, flag, note and sources."""
    if h.implied_from and reg.key != "deutschland":
        from .labour import implied_rate

        r = implied_rate(reg, h.implied_from, h.numerator, year)
        return {"value": r["value"], "flag": r["flag"], "note": r["note"], "sources": r.get("sources", {})}
    if h.national:
        own = value(replace(h, national=()), reg, year)
        if np.isnan(own["value"]) and year in _years(h.national[0]):
            return value(replace(h, numerator=h.national[0], denominator=h.national[1], national=()), reg, year)
        return own
    n = _total(h.numerator, reg, year, h.num_category)
    if not h.denominator:
        return {"value": n["value"], "flag": n["flag"], "note": n.get("note", "national value"), "sources": _used(n)}
    den_id = population_id(year, reg, h.numerator) if h.denominator == "population" else h.denominator
    d = _total(den_id, reg, year, "insgesamt")
    ok = not (np.isnan(n["value"]) or np.isnan(d["value"])) and d["value"] != 0
    why = "; ".join(f"{t['indicator']}: {t.get('note', '')}" for t in (n, d) if np.isnan(t["value"]))
    return {
        "value": n["value"] / d["value"] * h.scale if ok else np.nan,
        "flag": "" if ok else (n["flag"] or d["flag"] or "/"),
        "note": f"{h.numerator} / {den_id}" + (f" ({why})" if why else ""),
        "sources": merged_sources(_used(n), _used(d)),
    }


def reported_units(h: Headline, year: int) -> list[set[str]]:
    """The units of Kreise a publisher counts as one for the counts of ``h`` in ``year``: each
    host with the Kreise it reports inside it (``data/reported_inside.csv``, e.g. {10041, …,
    10046} — all of Saarland in Landkreis Saarlouis 10044 in 12531; {06611, 06633} Kassel Stadt +
    Landkreis; {12052, 12071} Cottbus + Spree-Neiße)."""
    ids = {h.numerator} | ({h.denominator} if h.denominator and h.denominator != "population" else set())
    inside = store.reported_inside()
    inside = inside[inside["indicator"].isin(ids) & (inside["year"] == year)]
    units: dict[str, set[str]] = {}
    for hosted, host in zip(inside["ags"], inside["inside"]):
        units.setdefault(host, {host}).add(hosted)
    return list(units.values())


def folded_group(h: Headline, group: Region, year: int) -> tuple[Region, list[str]]:
    """The members of a group of Kreise (twins, a Kreistyp, a comparator, a rank group) that a
    group value of ``h`` in ``year`` can use, and the members left out (codes).

    Rule: a unit of :func:`reported_units` that lies wholly in the group is kept — its count sits
    in the host and is divided by the population of all its Kreise (as the per-1,000 load of
    :func:`wla.analysis.finance.load_per_1000`); a unit only partly in the group is left out of
    numerator **and** denominator, because the host's count holds people of Kreise outside the
    group (twins with Saarlouis 10044 but without the rest of Saarland) and a hosted Kreis alone
    has no count. No group is blanked because one member is reported inside another. Germany
    holds every unit whole: nothing is left out."""
    members = set(group.codes)
    out: set[str] = set()
    for unit in reported_units(h, year):
        if unit & members and not unit <= members:
            out |= unit & members
    if not out:
        return group, []
    kept = tuple(c for c in group.codes if c not in out)
    return Region(f"{group.key}_ohne_{'_'.join(sorted(out))}", group.label, kept, group.level), sorted(out)


def group_value(h: Headline, group: Region, year: int) -> dict:
    """:func:`value` of a group of Kreise over the members :func:`folded_group` keeps, with
    ``kreise`` (members used), ``von`` (members of the group) and ``ausgelassen`` (codes left
    out). NaN (flag ``/``) when no member is left."""
    used, left = folded_group(h, group, year)
    if not used.codes:
        v = {"value": np.nan, "flag": "/", "note": "every member left out (reported inside a Kreis outside the group)",
             "sources": {}}
    else:
        v = value(h, used, year)
    return {**v, "kreise": len(used.codes), "von": len(group.codes), "ausgelassen": left}


def germany_gap(h: Headline, year: int) -> dict:
    """Why Germany has no value of ``h`` in ``year`` (call only where :func:`value` is NaN):
    ``grund`` ``"national_note"`` (the catalogue says the publisher's national figure is not among
    the raw files, :attr:`wla.catalog.Indicator.national_note`), ``"kreise"`` (Kreise of the newest
    Gemeindeverzeichnis without a value or weight of the numerator, denominator or weight,
    listed in ``kreise``, e.g. 11000 Berlin for AsylbLG recipients 2020) or ``"kein_nenner"``
    (no denominator published: no total over Kreise)."""
    meta = data.entry(h.numerator)
    field = lambda name: "" if pd.isna(meta.get(name, "")) else str(meta.get(name, ""))  # noqa: E731
    if field("national_note"):
        return {"grund": "national_note", "kreise": []}
    ids = [(h.numerator, h.num_category)]
    if h.denominator and h.denominator != "population":
        ids.append((h.denominator, "insgesamt"))
    ids += [(field(extra), "insgesamt") for extra in ("numerator", "denominator", "weight") if field(extra)]
    units = reported_units(h, year)
    hosted = {c for u in units for c in u}
    missing: list[str] = []
    for ind, category in ids:
        try:
            rows = data.load(ind, level="kreis", years=year, category=category)
        except WlaError:
            continue
        have = set(rows.dropna(subset=["value"])["ags"])
        missing += [c for c in newest_kreise() if c not in have and c not in hosted and c not in missing]
    if missing:
        return {"grund": "kreise", "kreise": sorted(missing)}
    return {"grund": "kein_nenner", "kreise": []}


def _used(total: pd.Series) -> dict[str, list[int]]:
    """The source of one region total: its indicator and year (``attrs["sources"]`` form)."""
    return {total["indicator"]: [int(total["year"])]}


def latest_common_year(h: Headline, regions: list[Region], until: int | None = None, groups=()) -> int | None:
    """Newest year (up to ``until``) in which the headline has a value for every region (None if
    none); a region whose key is in ``groups`` is a group of Kreise (:func:`group_value`)."""
    def one(r: Region, year: int) -> float:
        return (group_value(h, r, year) if r.key in set(groups) else value(h, r, year))["value"]

    for year in reversed(_years(h.numerator)):
        if until is not None and year > until:
            continue
        try:
            if all(not np.isnan(one(r, year)) for r in regions):
                return year
        except WlaError:
            continue
    return None


def kreistyp_shares(reg: Region) -> pd.DataFrame:
    """The BBSR Kreistypen of the Kreise of ``reg``: one row per type (``value``, ``category``)
    with the number of member Kreise ``n``, their inhabitants ``pop`` (12411, Zensus-2022 basis,
    newest year) and ``share`` of the region's inhabitants (%), the type holding most
    inhabitants first (ties: more Kreise, then the lower type number)."""
    types = data.load("bbsr_kreistyp")
    mine = types[types["ags"].isin(reg.kreise)]
    if mine.empty:
        raise NoDataError(f"no BBSR Kreistyp for {reg.label}")
    pop = data.load("bevoelkerung_z22", reg, level="kreis", category="insgesamt")
    pop = pop[pop["year"] == pop["year"].max()].set_index("ags")["value"]
    mine = mine.assign(pop=mine["ags"].map(pop))
    tally = mine.groupby(["value", "category"]).agg(n=("ags", "size"), pop=("pop", "sum")).reset_index()
    tally["share"] = tally["pop"] / tally["pop"].sum() * 100
    return tally.sort_values(["pop", "n", "value"], ascending=[False, False, True]).reset_index(drop=True)


def bbsr_peers(reg: Region, named: bool = False) -> Region:
    """All Kreise of the BBSR siedlungsstruktureller Kreistyp that holds most inhabitants of
    ``reg`` (:func:`kreistyp_shares`), as one region of Kreise of the newest Gemeindeverzeichnis
    edition. The BBSR types are on the Gebietsstand 31.12.2019: a Kreis listed there that no
    longer exists lies inside its successor (:func:`wla.data.successors`, 16056 Eisenach in 16063
    Wartburgkreis, both type 4) and is counted with it; region totals add its rows where a table
    still lists it apart (:func:`wla.data.predecessors`). ``named``: the label ends with
    `` (<reg.label>)``, for a table that shows the type groups of both sides of a pair."""
    best = kreistyp_shares(reg).iloc[0]
    types = data.load("bbsr_kreistyp")
    current = set(newest_kreise())
    codes = [c for c in types.loc[types["value"] == best["value"], "ags"] if c in current]
    label = f"Kreistyp {int(best['value'])}: {best['category']}" + (f" ({reg.label})" if named else "")
    return Region(f"bbsr_kreistyp_{int(best['value'])}", label, tuple(sorted(codes)), "kreis")


def without_kreise(group: Region, *regions: Region) -> Region:
    """``group`` (a Kreistyp group of :func:`bbsr_peers`) without the Kreise of ``regions``: the
    compared regions are not part of the group they are compared with (its ranks leave them out
    too, :mod:`wla.analysis.benchmark`). Same key and label; ``group`` itself when none is in it."""
    drop = {k for r in regions for k in r.kreise}
    kept = tuple(c for c in group.codes if c not in drop)
    return group if len(kept) == len(group.codes) else Region(group.key, group.label, kept, group.level)


def side_by_side(region, vergleich, theme: str | None = None, year: int | None = None,
                 peers: bool = True, until: int | None = None) -> pd.DataFrame:
    """One row per headline (of ``theme`` or all): region and comparison, each followed by itself
    with the kreisfreie Städte inside it where there are any (:func:`with_enclosed_cities`, e.g.
    Stadt + Landkreis Coburg), Germany and BBSR peers: the Kreise of the region's type
    (:func:`bbsr_peers`) or, when the comparison's type differs, one group per side, each
    labelled with its side (``named``); a Kreistyp group leaves out the Kreise of both
    compared regions (:func:`without_kreise`).

    Columns: ``kennzahl`` (headline key, :data:`HEADLINES`), ``einheit`` (its unit), ``jahr``,
    then one column of values per region, named by the region's label. The year is the newest
    in which region and comparison both have a value up to ``until`` (or ``year`` if given and
    available); a headline without such a year is left out (an empty frame when none has one).
    A Kreistyp group's value is formed over the members :func:`folded_group` keeps.
    ``attrs``: ``sources`` (indicator -> years of the values shown), ``method``, ``decimals`` (one per
    row), ``headlines`` (the keys of the rows), ``parameters`` (theme, year, until, peers),
    ``coverage`` (one dict per group value with members left out: ``kennzahl``, ``jahr``,
    ``spalte``, ``kreise``, ``von``, ``ausgelassen``) and ``germany_gaps`` (one dict per row
    without a value for Germany: ``kennzahl``, ``jahr``, :func:`germany_gap` and
    ``gruppen_mit_wert``, the Kreistyp columns that have one).
    Readers' labels: :func:`wla.present.tables.headline_table`.
    """
    reg, vs = resolve_region(region), resolve_region(vergleich)
    # each side followed by itself with the kreisfreie Städte inside it, where there are any:
    # both sides measured alike (Landkreis Coburg's school figures as region or as comparison)
    sides = [c for r in (reg, vs) for c in (r, with_enclosed_cities(r)) if c is not None]
    germany = resolve_region("deutschland")
    columns = sides + [germany]
    types = []
    if peers:
        own, other = bbsr_peers(reg), bbsr_peers(vs)
        types = [own] if own.key == other.key else [bbsr_peers(reg, named=True), bbsr_peers(vs, named=True)]
        # the pair is not compared with itself, nor with a column of its own (Stadt + Landkreis Coburg)
        types = [without_kreise(g, *sides) for g in types]
    columns += types
    groups = {c.key for c in types}
    rows, sources, decimals, keys, coverage, gaps = [], {}, [], [], [], []
    for h in HEADLINES:
        if theme is not None and h.theme != theme:
            continue
        yr = year if year is not None else latest_common_year(h, [reg, vs], until)
        if yr is None:
            continue
        row = {"kennzahl": h.key, "einheit": h.unit, "jahr": int(yr)}
        for col in columns:
            try:
                v = group_value(h, col, yr) if col.key in groups else value(h, col, yr)
            except WlaError:
                row[col.label] = np.nan
                continue
            row[col.label] = v["value"]
            if v.get("ausgelassen"):
                coverage.append({"kennzahl": h.key, "jahr": int(yr), "spalte": col.label, "kreise": v["kreise"],
                                 "von": v["von"], "ausgelassen": v["ausgelassen"]})
            sources = merged_sources(sources, v["sources"])
        if pd.isna(row.get(germany.label)):
            gaps.append({"kennzahl": h.key, "jahr": int(yr), **germany_gap(h, int(yr)),
                         "gruppen_mit_wert": [c.label for c in columns if c.key in groups and not pd.isna(row.get(c.label))]})
        rows.append(row)
        decimals.append(h.decimals)
        keys.append(h.key)
    out = pd.DataFrame(rows)
    out.attrs = {"sources": sources, "decimals": decimals, "headlines": keys,
                 "method": "headline values (wla.analysis.compare.value): region totals, rates from summed "
                           "numerators and denominators; newest year both sides have; Kreistyp groups without the pair's Kreise, "
                           "over the members folded_group keeps",
                 "coverage": coverage, "germany_gaps": gaps,
                 "parameters": {"theme": theme, "year": year, "until": until, "peers": peers}}
    return out


def index_to_germany(table: pd.DataFrame) -> pd.DataFrame:
    """Long frame of a :func:`side_by_side` table as an index, Germany = 100, for one chart of
    figures with different units: columns ``kennzahl``, ``region`` (label), ``wert``, ``index``.
    Counts of people are left out: only rates and per-head figures compare regions of different
    size."""
    germany = resolve_region("deutschland").label
    table = table[table["einheit"] != "Personen"]
    value_cols = [c for c in table.columns[3:] if c != germany]
    long = table.melt(id_vars=["kennzahl", germany], value_vars=value_cols, var_name="region", value_name="wert")
    long["index"] = long["wert"] / long[germany] * 100
    return long[["kennzahl", "region", "wert", "index"]]


#: Headlines whose values are carried by people living in state reception facilities (they
#: are counted where the facility is): the share with an open protection status and the
#: recipients of asylum seekers' benefits per 1,000 inhabitants.
FACILITY_OUTCOMES = ("offen_anteil", "asyl_je_1000")

#: A kreisfreie Stadt lies inside a Landkreis when at least this share of a 200 m ring around
#: its territory falls in that Landkreis (BKG VG5000 Kreis polygons; the rest is other Kreise
#: or a national border).
ENCLOSED_SHARE = 0.95
RING_M = 200

#: Art of a facility that counts as state initial reception (Erstaufnahme, Ankunftszentrum, and a
#: Landesunterkunft — in Schleswig-Holstein the Landesunterkünfte are the initial-reception sites,
#: including outposts such as Boostedt, "Außenstelle Neumünster").
FACILITY_KINDS = ("Erstaufnahme", "Ankunftszentrum", "Landesunterkunft")
#: Status (column ``status`` of the list, :mod:`wla.sources.einrichtungen`) of a facility in use.
FACILITY_IN_USE = "in_betrieb"
#: Words in ``art`` or ``hinweis`` by which a listing describes a planned site, not one in operation
#: (Kiel 2023-11-20: "neuer Standort", "geplante Kapazität ab Inbetriebnahme"). The list gives no
#: date of the start of operation, so such a listing never makes its Kreis a host (no date is
#: assumed); "Ausbau auf 1.100 Plätze geplant" (an extension of a site in use) is not one of them.
PLANNED_SITE_WORDS = ("neuer Standort", "ab Inbetriebnahme")
#: Years after its own date that a listing of the facilities list still decides whether its Kreis
#: hosts a facility: a listing dated in year Y decides Y to Y + 2; for a later year without a newer
#: listing of that location the state is unknown (:func:`facility_unknown`), the Kreis is neither
#: a host nor taken as free of one, and the pages say so. Why 2: the list holds two rounds of
#: listings, 2015 and 2023, eight years apart with none between, and it records sites changing
#: state inside that spacing (Lütjenburg, listed 2015-12, "später in Bereitschaft gehalten, ohne
#: Belegung"; Kiel's 2015 site replaced by a new one listed 2023-11-20) without dating the change.
#: Two years keep each round to the figures just after it (31.12. of its year and the next two:
#: the 2023 round decides 2023–2025, the newest 12531 and AsylbLG years) and leave 2018–2022,
#: more than a quarter of the spacing away from any listing, undecided rather than filled with the
#: state of 2015.
FACILITY_LISTING_YEARS = 2


def planned_site(listing) -> bool:
    """True when a facilities-list row describes a planned site (:data:`PLANNED_SITE_WORDS`)."""
    text = f"{listing['art']} {listing['hinweis'] if isinstance(listing['hinweis'], str) else ''}".lower()
    return any(w.lower() in text for w in PLANNED_SITE_WORDS)


@memo  # geometry work, the same for a comparison region on every page
def enclosures(reg: Region) -> list[tuple[str, str]]:
    """(kreisfreie Stadt, member Landkreis) pairs: Städte (GV Textkennzeichen 41/42, newest
    edition) that lie inside a member Landkreis of ``reg`` (rule: :data:`ENCLOSED_SHARE` of the
    ring around the city) and are not members themselves — e.g. ("09463", "09473"), Stadt Coburg
    inside Landkreis Coburg. A Gemeinde set that cuts through a Kreis encloses nothing: it holds
    no whole Landkreis."""
    if reg.level != "kreis":
        return []
    k = store.kreise()
    k = k[k["edition"] == k["edition"].max()]
    kinds = dict(zip(k["kreis"], k["textkennzeichen"]))
    landkreise = [c for c in reg.kreise if kinds.get(c) not in ("41", "42")]
    if not landkreise:
        return []
    shapes = store.geometry("kreise").set_index("ags")["geometry"]
    out = []
    for city in sorted(c for c, kind in kinds.items() if kind in ("41", "42") and c not in reg.kreise):
        if city not in shapes.index or city[:2] not in {c[:2] for c in landkreise}:
            continue
        ring = shapes[city].buffer(RING_M).difference(shapes[city])
        for lk in landkreise:
            if lk in shapes.index and ring.intersection(shapes[lk]).area >= ENCLOSED_SHARE * ring.area:
                out.append((city, lk))
    return out


def enclosed_cities(reg: Region) -> list[str]:
    """Kreisfreie Städte inside a member Landkreis of ``reg`` (:func:`enclosures`) — e.g. Stadt
    Coburg 09463 inside Landkreis Coburg 09473."""
    return list(dict.fromkeys(city for city, _ in enclosures(reg)))


def with_enclosed_cities(reg: Region) -> Region | None:
    """``reg`` together with the kreisfreie Städte inside its Landkreise ("Stadt + Landkreis");
    None when there is none."""
    cities = enclosed_cities(reg)
    if not cities:
        return None
    names = store.names()
    label = " + ".join([names.get(c, c) for c in cities] + [reg.label])
    return Region(f"{reg.key}_mit_{'_'.join(cities)}", label, tuple(sorted(reg.kreise + tuple(cities))), "kreis")


def facility_hosts(reg: Region, until: int | None = None) -> pd.DataFrame:
    """Member Kreise of ``reg`` that host a state initial-reception facility in use
    (data/einrichtungen.csv): per location its newest listing dated up to the page's reference
    year (:func:`reference_year` of ``until``; :func:`listings_until`, a location listed only later
    is no host), kept when it is at most :data:`FACILITY_LISTING_YEARS` old (an older one leaves
    the state unknown: :func:`facility_unknown`) and its ``status`` is :data:`FACILITY_IN_USE` (a facility the source names
    as on standby without residents, e.g. Lütjenburg, is no host) and it does not describe a
    planned site (:func:`planned_site`: the list dates no start of operation, so the location is
    no host from that listing on – e.g. Kiel from 20.11.2023). The list has no dated status
    history: "in use" is the state the source describes, not a state at the year of the figures. Columns ``kreis``, ``name``, ``plaetze`` (places),
    ``stand`` (dates of the listings), ``je_1000`` = places per 1,000 inhabitants (population of
    the newest year up to ``until``, the page's reference year, on Zensus-2022 basis where the
    snapshot has it for that year: :func:`wla.analysis.indicators.population_id`), largest share
    first. Empty when no member hosts one."""
    columns = ["kreis", "name", "plaetze", "stand", "je_1000"]
    until = reference_year(until)
    newest = listings_until(_facility_rows(reg), until)
    newest = newest[newest["aktuell"] & (newest["status"] == FACILITY_IN_USE)
                    & ~newest.apply(planned_site, axis=1).astype(bool)]
    if newest.empty:
        return pd.DataFrame(columns=columns)
    hosts = newest.groupby("kreis").agg(plaetze=("plaetze", "sum"), stand=("stand", lambda s: ", ".join(sorted(s))))
    pop_id, year = newest_population(reg, until)
    pop = data.load(pop_id, reg, level="kreis", years=year, category="insgesamt").set_index("ags")["value"]
    hosts["je_1000"] = hosts["plaetze"] / hosts.index.map(pop) * 1000
    hosts["name"] = [store.names().get(c, c) for c in hosts.index]
    hosts = hosts.reset_index().sort_values("je_1000", ascending=False, kind="stable")
    out = hosts[columns].reset_index(drop=True)
    dated = sorted({int(str(d)[:4]) for d in newest.loc[newest["kreis"].isin(hosts["kreis"]), "stand_datum"]})
    out.attrs = {"sources": {FACILITIES: dated, pop_id: [int(year)]},
                 "method": "newest listing up to until per location, in use (status), places summed per Kreis; per 1,000 "
                           "inhabitants of the newest year up to until",
                 "parameters": {"until": until}}
    return out


def _facility_rows(reg: Region) -> pd.DataFrame:
    """The initial-reception listings (:data:`FACILITY_KINDS`) of the facilities list in the Kreise of ``reg``."""
    fac = store.einrichtungen().assign(kreis=lambda f: f["kreis"].astype(str).str.zfill(5))
    return fac[fac["kreis"].isin(reg.kreise) & fac["art"].str.contains("|".join(FACILITY_KINDS))]


def listings_until(fac: pd.DataFrame, until: int | None = None) -> pd.DataFrame:
    """Per location (``ort``) of a facilities list (rows of data/einrichtungen.csv) its newest
    listing dated (``stand_datum``) in or before the year ``until``; a location with no listing up
    to ``until`` is left out (all listings count for ``None``). ``aktuell``: the listing decides the
    year ``until`` (dated at most :data:`FACILITY_LISTING_YEARS` years before it; True for ``None``)."""
    if until is not None:
        fac = fac[pd.to_datetime(fac["stand_datum"]).dt.year <= int(until)]
    newest = fac.sort_values("stand_datum").groupby("ort", as_index=False).last()
    year = pd.to_datetime(newest["stand_datum"]).dt.year
    return newest.assign(aktuell=True if until is None else year >= int(until) - FACILITY_LISTING_YEARS)


def facility_unknown(reg: Region, until: int | None = None) -> pd.DataFrame:
    """Member Kreise of ``reg`` whose facility state in the reference year (:func:`reference_year`
    of ``until``) is unknown: no host (:func:`facility_hosts`) but a listed location whose newest
    listing up to that year is older than :data:`FACILITY_LISTING_YEARS` (e.g. Plön for 2024: its
    newest listing, Lütjenburg, is of 2015-12). Columns ``kreis``, ``name``, ``stand`` (dates of
    those listings), in the order of the region's Kreise; empty when there is none."""
    until = reference_year(until)
    newest = listings_until(_facility_rows(reg), until)
    stale = newest[~newest["aktuell"] & ~newest["kreis"].isin(set(facility_hosts(reg, until)["kreis"]))]
    out = stale.groupby("kreis").agg(stand=("stand", lambda s: ", ".join(sorted(s))))
    out = out.reindex([k for k in reg.kreise if k in out.index]).rename_axis("kreis").reset_index()
    out.insert(1, "name", [store.names().get(c, c) for c in out["kreis"]])
    dated = sorted({int(str(d)[:4]) for d in stale["stand_datum"]})
    out.attrs = {"sources": {FACILITIES: dated} if dated else {},
                 "method": "no host and a location whose newest listing up to until is older than "
                           "FACILITY_LISTING_YEARS",
                 "parameters": {"until": until, "listing_years": FACILITY_LISTING_YEARS}}
    return out


def newest_population(reg, until: int | None = None) -> tuple[str, int]:
    """(indicator, year) of the population count to use on a page with reference year ``until``:
    the newest year up to ``until`` with Kreis population values for ``reg`` in any of
    :data:`~wla.analysis.indicators.POPULATION_IDS`, and for that year the first of them that has
    it (:func:`~wla.analysis.indicators.population_id`: Zensus-2022 basis where the snapshot has
    that year). :class:`NoDataError` when there is no year up to ``until``."""
    years = set()
    for pid in POPULATION_IDS:
        try:
            years |= {int(y) for y in data.load(pid, reg, level="kreis", category="insgesamt")["year"]}
        except NoDataError:
            continue
    year = newest_year(years, until, "population (12411 / Gemeindeverzeichnis)")
    return population_id(year, reg), year


def facility_list_laender() -> list[str]:
    """Codes of the Länder the facilities list covers (the Länder of its Kreise): a region in
    another Land has no list, which is not the same as having no facility."""
    return sorted({str(k).zfill(5)[:2] for k in store.einrichtungen()["kreis"]})


#: Label of a region without its facility hosts: what it is, with the Kreise it keeps, e.g.
#: "KielRegion ohne Kreise mit Landesunterkunft (verbleibend: Plön)". A name like every region label; the
#: reader's language comes from :func:`wla.present.fmt.region_label` (words ``rahmen.ohne_einrichtung_name``).
WITHOUT_FACILITY_LABEL = "{region} ohne Kreise mit Landesunterkunft (verbleibend: {kreise})"
#: In that label, the years for which the hosts are unknown (no value in the variant).
UNKNOWN_HOSTS = "Belegung unbekannt"


def without_facility_host(reg: Region, until: int | None = None) -> Region | None:
    """``reg`` without every member Kreis that hosts an initial-reception facility in use
    (:func:`facility_hosts` with the listings up to ``until``), labelled
    :data:`WITHOUT_FACILITY_LABEL`; None when no member hosts one or every member does."""
    hosts = facility_hosts(reg, until)
    rest = tuple(c for c in reg.kreise if c not in set(hosts["kreis"]))
    if hosts.empty or not rest:
        return None
    kept = store.names()
    label = WITHOUT_FACILITY_LABEL.format(region=reg.label, kreise=", ".join(kept.get(c, c) for c in rest))
    return Region(f"{reg.key}_ohne_{'_'.join(sorted(hosts['kreis']))}", label, rest, "kreis")


def frame_regions(region, vergleich, until: int | None = None) -> list[tuple[str, str, Region]]:
    """The regions of a fair frame as (side, variant, region): each side as given, its Kreise
    one by one (variant ``kreis``), the comparison with the kreisfreie Städte inside it
    (``mit_stadt``) and the region without its facility hosts (``ohne_einrichtung``)."""
    reg, vs = resolve_region(region), resolve_region(vergleich)
    out = []
    for side, r in (("region", reg), ("vergleich", vs)):
        out.append((side, "region", r))
        extra = with_enclosed_cities(r)
        if extra is not None:
            out.append((side, "mit_stadt", extra))
        lean = without_facility_host(r, until)
        if lean is not None:
            out.append((side, "ohne_einrichtung", lean))
        members = r.kreise + (tuple(enclosed_cities(r)) if extra is not None else ())
        if len(members) > 1:
            names = store.names()
            # a member that is the side itself (Landkreis Coburg beside its Stadt) is not repeated
            out += [(side, "kreis", Region(c, names.get(c, c), (c,), "kreis")) for c in members
                    if (c,) != tuple(r.kreise)]
    return out


def fair_frame(region, vergleich, keys=None, year: int | dict | None = None, until: int | None = None) -> pd.DataFrame:
    """Headlines ``keys`` (default all) for the regions of :func:`frame_regions`, long: one row
    per headline and region with ``kennzahl``, ``jahr`` (newest year up to ``until`` both sides
    have, or ``year``: one year, or a year per headline key), ``seite``, ``variante``, ``ort``,
    ``ags`` (the member codes), ``wert``, ``einheit``.
    Every variant is a proper region total (numerators and denominators summed over its Kreise).
    The variant without facility hosts takes, for each headline, the facilities in operation in
    that headline's year (:func:`facility_hosts` with ``until`` = the headline's year: AsylbLG
    recipients 2020 are not measured without a Kreis whose facility is first listed in 2023);
    where the hosts differ between the years of the frame, its label names the Kreise kept per
    year (one column of a table). A year with no host known but a listed site whose state is
    unknown (:func:`facility_unknown`: its newest listing older than the listing window) has no
    value in that variant (NaN), never the whole side's value under that name. ``attrs``: ``sources`` (of the values and of the facility list),
    ``value_sources`` (of the values only), method, the facility hosts of the region at ``until``
    (``facility_hosts``; its ``attrs["sources"]``: the facility list of every year used, which is
    no source of the values) and ``facility_entries``: per side with hosts, per set of years with
    the same hosts, the hosts (records of :func:`facility_hosts`) and the Kreise whose state is
    unknown in those years (``unbekannt``: records of :func:`facility_unknown`)."""
    reg, vs = resolve_region(region), resolve_region(vergleich)
    keys = [h.key for h in HEADLINES] if keys is None else list(keys)
    years = {}
    for key in keys:
        yr = year.get(key) if isinstance(year, dict) else year
        yr = yr if yr is not None else latest_common_year(headline(key), [reg, vs], until)
        if yr is not None:
            years[key] = int(yr)
    by_year = {yr: frame_regions(reg, vs, yr) for yr in sorted(set(years.values()))}
    labels, entries, sources, unknown_years = {}, [], {}, {}
    for side, whole in (("region", reg), ("vergleich", vs)):
        kept: dict[tuple, list[int]] = {}
        for yr in by_year:
            lean = [r for s, variant, r in by_year[yr] if s == side and variant == "ohne_einrichtung"]
            unknown = not lean and not facility_unknown(whole, yr).empty  # no value in that variant
            kept.setdefault(lean[0].kreise if lean else (UNKNOWN_HOSTS,) if unknown else whole.kreise, []).append(yr)
        unknown_years[side] = set(kept.get((UNKNOWN_HOSTS,), []))
        if all(k in (whole.kreise, (UNKNOWN_HOSTS,)) for k in kept):
            continue
        names = store.names()
        if len(kept) > 1:
            text = "; ".join(f"{', '.join(map(str, ys))}: {', '.join(names.get(c, c) for c in k)}" for k, ys in kept.items())
            labels[side] = WITHOUT_FACILITY_LABEL.format(region=whole.label, kreise=text)
        for k, ys in kept.items():
            hosts = facility_hosts(whole, ys[-1])
            entries.append({"seite": side, "ort": whole.label, "jahre": ys, "hosts": hosts.to_dict("records"),
                            "unbekannt": facility_unknown(whole, ys[-1]).to_dict("records")})
            sources = merged_sources(sources, hosts.attrs.get("sources", {}) if not hosts.empty else {})
    rows, value_sources = [], {}
    for key, yr in years.items():
        h = headline(key)
        regions = by_year[yr]
        if any(side in labels for side in ("region", "vergleich")):  # a year without hosts keeps the whole side
            regions = regions + [(side, "ohne_einrichtung", r) for side, variant, r in regions
                                 if variant == "region" and side in labels
                                 and not any(s == side and v == "ohne_einrichtung" for s, v, _ in regions)]
        for side, variant, r in regions:
            if variant == "ohne_einrichtung" and yr in unknown_years.get(side, ()):
                # no host known in that year, but a listed site whose state is unknown: the side
                # without its hosts cannot be formed (not: the whole side under that name)
                v = {"value": np.nan, "sources": {}}
            else:
                try:
                    v = value(h, r, yr)
                except WlaError:
                    v = {"value": np.nan, "sources": {}}
            ort = labels.get(side, r.label) if variant == "ohne_einrichtung" else r.label
            rows.append({"kennzahl": key, "jahr": yr, "seite": side, "variante": variant, "ort": ort,
                         "ags": ",".join(r.kreise), "wert": v["value"], "einheit": h.unit})
            value_sources = merged_sources(value_sources, v["sources"])
    out = pd.DataFrame(rows, columns=["kennzahl", "jahr", "seite", "variante", "ort", "ags", "wert", "einheit"])
    hosts = facility_hosts(reg, until)
    hosts.attrs = {**hosts.attrs, "sources": sources}  # the facility list of every year used (not of the values)
    out.attrs = {"sources": merged_sources(value_sources, sources), "value_sources": value_sources,
                 "method": "headline values (wla.analysis.compare.value) per region variant; facility hosts per "
                           "headline year",
                 "parameters": {"enclosed_share": ENCLOSED_SHARE, "ring_m": RING_M,
                                "facility_outcomes": FACILITY_OUTCOMES},
                 "facility_hosts": hosts, "facility_entries": entries}
    return out


def table_regions(region, vergleich, facility_outcome: bool = False, until: int | None = None) -> list[Region]:
    """The columns (or row groups) of a side-by-side table of a pair: the region and the
    comparison, each followed by itself with the kreisfreie Städte inside its Landkreise
    (:func:`with_enclosed_cities`, e.g. "Coburg, Stadt + Landkreis Coburg") where there are any,
    and — with ``facility_outcome``, for tables of an outcome the state reception facilities
    carry (:data:`FACILITY_OUTCOMES`) — by itself without its facility hosts
    (:func:`without_facility_host`, listings up to the reference year ``until``). Every variant
    is a proper region (its values are region totals by the catalogue's totals rule)."""
    variants = ("region", "mit_stadt") + (("ohne_einrichtung",) if facility_outcome else ())
    return [r for _, variant, r in frame_regions(region, vergleich, until) if variant in variants]


def zero_beside_city(indicator: str, regions, year: int, category: str = "insgesamt") -> pd.DataFrame:
    """Member Landkreise of ``regions`` whose value of ``indicator`` (``year``, ``category``)
    is a true zero of the table while a kreisfreie Stadt inside them (:func:`enclosures`) has
    more than zero — a statistic counted where the institution is (e.g. vocational schools in the
    Stadt, attended from the Landkreis). A Landkreis without a value (a flag other than "-") is
    not listed. Columns ``landkreis``, ``landkreis_name``, ``stadt``, ``stadt_name``, ``wert_stadt``,
    ``jahr``; ``attrs["sources"]`` of the values read."""
    names, rows, used = store.names(), [], {}
    for spec in regions:
        for city, lk in enclosures(resolve_region(spec)):
            vals = data.load(indicator, [city, lk], level="kreis", years=year, category=category)
            vals = vals.set_index("ags")
            if lk not in vals.index or city not in vals.index:
                continue
            zero, city_value = vals.loc[lk, "value"], vals.loc[city, "value"]
            if zero == 0 and city_value > 0:
                rows.append({"landkreis": lk, "landkreis_name": names.get(lk, lk), "stadt": city,
                             "stadt_name": names.get(city, city), "wert_stadt": float(city_value), "jahr": year})
                used.setdefault(indicator, [])
                if year not in used[indicator]:
                    used[indicator].append(int(year))
    out = pd.DataFrame(rows, columns=["landkreis", "landkreis_name", "stadt", "stadt_name", "wert_stadt", "jahr"])
    out = out.drop_duplicates(["landkreis", "stadt"]).reset_index(drop=True)
    out.attrs = {"sources": used,
                 "method": "Landkreis value exactly 0 (published '-') and enclosed kreisfreie Stadt value > 0",
                 "parameters": {"indicator": indicator, "category": category, "year": year}}
    return out


# --- programme regions ---------------------------------------------------------------------------
def programme_regions() -> pd.DataFrame:
    """Model regions of the MORO "Lebendige Regionen" (BBSR) that are Kreis sets, read from the
    sourced grant rows of the finance parameters (``finanzparameter.csv``, rows
    :data:`wla.analysis.finance.FUNDING_GRANTED`, see ../shared/data/finanzen/SOURCES.md §4):
    one row per grant with ``id`` (parameter id), ``kreise`` (tuple of Kreis codes from its
    ``region_ags``, "01002+01004+…"), ``name`` (the source's name of the region), ``source``."""
    from .finance import FUNDING_GRANTED, parameters

    rows = parameters(FUNDING_GRANTED)
    rows = rows[rows["region_ags"].str.fullmatch(r"\d{5}(\+\d{5})*")]
    out = pd.DataFrame({"id": rows["parameter_id"], "kreise": [tuple(sorted(a.split("+"))) for a in rows["region_ags"]],
                        "name": rows["region_name"], "source": rows["source"]}).reset_index(drop=True)
    out.attrs = {"sources": merged_sources({key: [] for key in out["source"]}),
                 "method": "model regions = Kreis sets of the granted MORO amounts (sourced rows)"}
    return out


def programme_region(reg: Region) -> str | None:
    """The id of the grant row whose Kreise ``reg`` covers exactly (:func:`programme_regions`;
    None if none). A Gemeinde set counts only when its Gemeinden make up those whole Kreise."""
    whole = reg.whole_kreise()
    if whole is None:
        return None
    table = programme_regions()
    hit = table[table["kreise"] == tuple(sorted(whole.kreise))]
    return None if hit.empty else hit["id"].iloc[0]


def enclosing_programme_region(reg: Region) -> str | None:
    """The id of the grant row whose Kreis set contains every Kreis ``reg`` lies in without
    ``reg`` being that unit (a Gemeinde set inside a model Landkreis, one Kreis of a model
    KielRegion); None otherwise."""
    if programme_region(reg) is not None:
        return None
    table = programme_regions()
    hit = table[[set(reg.kreise) <= set(k) for k in table["kreise"]]]
    return None if hit.empty else hit["id"].iloc[0]


def _unit_label(kreise: tuple[str, ...]) -> str:
    """A grant unit's name: the built-in region with exactly these Kreise ("Landkreis Coburg",
    "KielRegion"), else the registry's label of the Kreis set."""
    from ..regions import BUILTIN

    for label, codes in BUILTIN.values():
        if tuple(sorted(codes)) == tuple(sorted(kreise)):
            return label
    return resolve_region(list(kreise)).label


def programme_sides(region, vergleich) -> pd.DataFrame:
    """For each side of a pair its relation to a programme model region according to the sourced
    grant rows: columns ``seite`` ("region", "vergleich"), ``ort`` (label), ``modellregion``
    (bool: the side *is* the grant's unit, :func:`programme_region`), ``lage`` ("modell",
    "innerhalb": lies inside a model region without being its unit,
    :func:`enclosing_programme_region`; "" neither), ``modell`` (name of that model region or
    ""), ``id`` (grant row or ""). Says nothing about effects.
    ``attrs["sources"]``: the grant rows that made a side a model region or placed it in one."""
    table = programme_regions()
    rows, sources = [], {}
    for side, r in (("region", resolve_region(region)), ("vergleich", resolve_region(vergleich))):
        pid, inside = programme_region(r), enclosing_programme_region(r)
        grant = pid or inside
        unit = _unit_label(table.loc[table["id"] == grant, "kreise"].iloc[0]) if grant else ""
        rows.append({"seite": side, "ort": r.label, "modellregion": pid is not None,
                     "lage": "modell" if pid else ("innerhalb" if inside else ""), "modell": unit, "id": grant or ""})
        if grant:
            sources = merged_sources(sources, {key: [] for key in table.loc[table["id"] == grant, "source"]})
    out = pd.DataFrame(rows)
    out.attrs = {"sources": sources, "method": programme_regions.__doc__.split(".")[0]}
    return out


# --- age of a figure against the page's reference year ------------------------------------------
#: A figure whose newest value is more than this many years older than the page's reference year
#: (:func:`reference_year`) is shown as context with its year, never classed or ranked beside
#: current figures (e.g. INKAR tax capacity 2019 beside protection seekers 2024).
MAX_AGE_YEARS = 3


def reference_year(until: int | None = None) -> int:
    """The page's reference year: ``until`` (the report's ``jahr``) when given, else the newest
    year of the protection-seeker counts (12531) in the snapshot — the figures every page sets
    the others beside."""
    if until is not None:
        return int(until)
    return int(max(_years("schutzsuchende")))


def outdated(year, until: int | None = None) -> bool:
    """True when ``year`` is more than :data:`MAX_AGE_YEARS` before :func:`reference_year`."""
    return year is not None and not pd.isna(year) and reference_year(until) - int(year) > MAX_AGE_YEARS
