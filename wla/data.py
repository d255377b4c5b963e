"""``wla.load`` and friends: sourced official statistics for any region in one call.

Everything is answered from the committed snapshot in ``data/`` (see :mod:`wla.store`).
"""
from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from . import store
from .cache import memo, national_if
from .exceptions import NoDataError, NotCoveredError, ParameterError, UnknownIndicatorError
from .regions import Region, city_states, newest_kreise, region as resolve_region

OUTPUT_COLUMNS = ["ags", "name", "level", "year", "indicator", "category", "parent", "value", "unit", "flag", "basis", "source"]
CATALOG_VIEW = [
    "id", "label_de", "label_en", "unit", "theme", "levels", "years", "years_by_level", "kind", "totals",
    "basis", "polarity", "polarity_reason", "source", "notes",
]


def indicators(theme: str | None = None) -> pd.DataFrame:
    """The indicator catalogue: id, German and English label, unit, theme, levels and years that
    hold values (``years_by_level``: per level), kind and how a region total is formed, population
    basis, polarity (``favourable``/``unfavourable``/``context``: is a higher value better, worse or
    neither) with its reason, source (publisher, table code, reference date) and notes.

    Read from ``data/catalog.csv`` only (years are stored there at build time): no indicator rows
    are loaded."""
    cat = store.catalog().copy()
    cat["source"] = cat["publisher"] + ", " + cat["table"] + "; Stand " + cat["reference"]
    if theme is not None:
        themes = set(cat["theme"])
        if theme not in themes:
            raise ParameterError(f"unknown theme {theme!r}; choose one of {sorted(themes)}")
        cat = cat[cat["theme"] == theme]
    return cat[CATALOG_VIEW].reset_index(drop=True)


def entry(indicator: str) -> pd.Series:
    """The catalogue row of one indicator (unit, levels, years, kind, totals, basis, polarity,
    screen, source fields; see ``wla/catalog.toml``); unknown ids raise
    :class:`UnknownIndicatorError` with close matches. Cheap: reads no indicator rows."""
    cat = store.catalog()
    if not isinstance(indicator, str) or indicator not in cat.index:
        close = difflib.get_close_matches(str(indicator), list(cat.index), n=5, cutoff=0.5)
        raise UnknownIndicatorError(indicator, close)
    return cat.loc[indicator]


def _all_rows(indicator: str) -> pd.DataFrame:
    """All snapshot rows of an indicator, sorted by ags, year, category (as stored per file)."""
    meta = entry(indicator)
    parts = [store.rows(f, indicator) for f in meta["file"].split(" | ")]
    if len(parts) == 1:
        return parts[0]
    return pd.concat(parts, ignore_index=True).sort_values(["ags", "year", "category"], kind="mergesort")


def _is_year(y) -> bool:
    return isinstance(y, (int, np.integer)) and not isinstance(y, (bool, np.bool_))


def _as_years(years) -> list[int] | None:
    """``years`` as a list of ints; a bool, a float, a string or an empty list is refused."""
    if years is None:
        return None
    if _is_year(years):
        return [int(years)]
    if isinstance(years, Iterable) and not isinstance(years, (str, bytes)):
        out = list(years)
        if out and all(_is_year(y) for y in out):
            return [int(y) for y in out]
    raise ParameterError(f"years must be an int, a list of ints or a range, not {years!r}")


#: Results of load, region_total and their member rows kept in memory per process (wla.cache.memo).
MEMO_SIZE = 2048
#: The documented nesting of categories (``wla/categories.csv``): indicator, category, parent
#: (empty for the total) and relation (``total``; ``part``: the parts of a parent add up to it,
#: up to the publisher's rounding; ``darunter``: a sub-item, not exhaustive; ``nachrichtlich``: a
#: memo item outside the parent). Indicators not listed have categories that do not nest.
NESTING_FILE = Path(__file__).with_name("categories.csv")


@functools.lru_cache(maxsize=None)
def _nesting_table() -> pd.DataFrame:
    return pd.read_csv(NESTING_FILE, dtype=str, keep_default_na=False)


def nesting(indicator: str) -> pd.DataFrame:
    """How the categories of ``indicator`` nest: columns category, parent, relation (empty for
    an indicator whose categories do not nest, e.g. one category or disjoint classes)."""
    entry(indicator)
    table = _nesting_table()
    return table.loc[table["indicator"] == indicator, ["category", "parent", "relation"]].reset_index(drop=True)


@memo(maxsize=MEMO_SIZE)
def load(
    indicator,
    region=None,
    level: str | None = None,
    years=None,
    category: str | None = None,
) -> pd.DataFrame:
    """Tidy rows of one indicator (or a list of indicators) for a region.

    ``region``: ``None`` for all of Germany, or anything :func:`wla.region` accepts.
    ``level``: ``"kreis"``, ``"gemeinde"``, ``"land"`` or ``"bund"``; default the indicator's
    finest Kreis-or-coarser level if it has one, else ``"gemeinde"``. For a region its members
    are returned; ``"land"`` needs a region made of whole Länder (or ``None``), ``"bund"`` the
    region ``deutschland`` (or ``None``).
    ``years``: an int, a list or a range; ``None`` for all years. A year without values raises
    :class:`NoDataError` naming the years there are.
    ``category``: ``None`` (default) gives only the total where categories nest (see
    :func:`nesting`: ``schutzsuchende`` gives ``insgesamt``, so ``["value"].sum()`` over one
    year is the region's total, never a double count) and every category where they do not;
    a category name gives that category; ``"all"`` gives every category, each row naming its
    ``parent``.

    Columns: ags, name, level, year, indicator, category, parent (the category this one is part
    of, empty for a total), value (NaN where the publisher printed a special sign), unit, flag
    (the sign), basis (population base), source (publisher, table code, reference date).
    """
    if isinstance(indicator, (list, tuple)):
        if not indicator:
            raise ParameterError("no indicator given: pass an id or a non-empty list of ids (see wla.indicators())")
        frames = [load(i, region, level, years, category) for i in indicator]
        return pd.concat(frames, ignore_index=True)
    meta = entry(indicator)
    levels = meta["levels"].split(",")
    reg = resolve_region(region) if region is not None else None
    if level is None:
        level = "gemeinde" if (reg is not None and reg.level == "gemeinde") else (
            "kreis" if "kreis" in levels else levels[0]
        )
    if level not in ("bund", "land", "kreis", "gemeinde"):
        raise ParameterError(f"level must be 'bund', 'land', 'kreis' or 'gemeinde', not {level!r}")
    if level not in levels:
        raise NoDataError(
            f"{indicator} is published for level(s) {', '.join(levels)}, not {level!r}; "
            f"use level={levels[0]!r} (or wla.region_total for a region value)"
        )
    rows = _member_rows(indicator, level, reg)
    if rows.empty and reg is not None and category not in (None, "all"):
        raise NotCoveredError(_not_covered(indicator, reg, level))
    rows = _select_years(rows, years, indicator, level)
    rows = _select_category(rows, category, indicator)
    out = rows.assign(unit=meta["unit"], basis=meta["basis"], year=rows["year"].astype(int))
    return out[OUTPUT_COLUMNS].reset_index(drop=True)


def summed_cells(indicator: str, year: int, category: str = "insgesamt", level: str = "kreis") -> pd.Series:
    """How many published cells each value of ``indicator`` (``year``, ``category``, ``level``)
    sums (snapshot column ``zellen``, index ags; e.g. 12531-0043 Kreis totals are sums of cells
    rounded to multiples of 5); NaN where a value is one published cell or the indicator's files
    carry no such column."""
    rows = _all_rows(indicator)
    rows = rows[(rows["level"] == level) & (rows["year"] == int(year)) & (rows["category"] == category)]
    cells = rows["zellen"] if "zellen" in rows else pd.Series(np.nan, index=rows.index)
    return pd.Series(cells.to_numpy(dtype="float64"), index=rows["ags"].to_numpy(), name="zellen")


def _not_covered(indicator: str, reg: Region, level: str) -> str:
    """Why ``indicator`` has no row for ``reg``: counted inside another Kreis, or not in the table."""
    inside = store.reported_inside()
    inside = inside[(inside["indicator"] == indicator) & inside["ags"].isin(list(reg.kreise))]
    if len(inside):
        where = ", ".join(sorted(set(inside["inside"])))
        return (f"{indicator} has no {level} rows for {reg.label}: the publisher counts it inside {where}; "
                f"ask for a region that contains {where}")
    return (f"{indicator} has no {level} rows for {reg.label} in the snapshot: the publisher's table does not "
            f"cover it (wla.indicators() shows the coverage of each table)")


@memo(maxsize=MEMO_SIZE, copy=False)  # read only: load's selections make new frames
def _member_rows(indicator: str, level: str, reg: Region | None) -> pd.DataFrame:
    """The rows of ``indicator`` at ``level`` of the members of ``reg`` (None: all), named."""
    rows = _all_rows(indicator)
    rows = rows[rows["level"] == level]
    if reg is not None:
        rows = rows[_members(reg, level, rows["ags"])]
    return rows.assign(name=rows["ags"].map(store.names()).fillna(rows["ags"]))


def _members(reg: Region, level: str, ags: pd.Series) -> pd.Series:
    """Mask of the rows of ``level`` that belong to ``reg``; a level the region cannot be
    answered at raises :class:`ParameterError` instead of returning nothing."""
    if level == "bund":
        if reg.codes != newest_kreise():
            raise ParameterError(
                f"level='bund' gives Germany's row; {reg.label!r} is not all of Germany: use "
                "region=None or 'deutschland' for it, or level='kreis' for the region's members"
            )
        return ags == "DG"
    if level == "land":
        whole = set(reg.laender)
        covered = {c for land in whole for c in reg.codes if c[:2] == land}
        if not whole or covered != set(reg.codes):
            raise ParameterError(
                f"level='land' gives the rows of whole Länder; {reg.label!r} is not made of whole "
                "Länder: use level='kreis' for its members, or a Land as the region (e.g. '01' or "
                "'Schleswig-Holstein')"
            )
        return ags.isin(whole)
    if reg.level == "gemeinde" and level != "gemeinde":
        whole = reg.whole_kreise()
        if whole is None:
            raise ParameterError(
                f"{reg.label} is a set of Gemeinden that covers only part of {_kreis_names(reg)}: "
                f"values at level {level!r} exist for whole Kreise only; its Gemeinden have values of "
                "their own at level 'gemeinde'"
            )
        return _contains(whole, ags)
    return _contains(reg, ags)


def _contains(reg: Region, ags: pd.Series) -> pd.Series:
    """``reg.contains(ags)``, decided once per distinct key (indicator rows repeat each key for
    every year and category)."""
    keys = pd.Series(ags.unique())
    return ags.isin(set(keys[reg.contains(keys).to_numpy()]))


def _kreis_names(reg: Region) -> str:
    names = store.names()
    return ", ".join(names.get(k, k) for k in reg.kreise[:3]) + (" …" if len(reg.kreise) > 3 else "")


def _cut_message(reg: Region, indicator: str) -> str:
    """Why ``indicator`` has no value for a Gemeinde set that cuts through a Kreis."""
    return (f"{indicator} exists for whole Kreise only, and {reg.label} covers only part of "
            f"{_kreis_names(reg)}: its Gemeinden have no values of their own here (choose whole Kreise "
            "for this figure)")


def _select_years(rows: pd.DataFrame, years, indicator: str, level: str) -> pd.DataFrame:
    wanted = _as_years(years)
    if wanted is None:
        return rows
    available = sorted(int(y) for y in rows["year"].unique())
    missing = [y for y in wanted if y not in available]
    if missing:
        raise NoDataError(
            f"{indicator} has no {level} values for {missing}; available years: "
            f"{', '.join(map(str, available)) or 'none'}{_see_also(indicator, level)}"
        )
    return rows[rows["year"].isin(wanted)]


def _see_also(indicator: str, level: str) -> str:
    """Hint to the same concept under another id (catalogue ``see_also``) with its years there."""
    other = entry(indicator).get("see_also", "")
    if not other:
        return ""
    meta = entry(other)
    years = dict(p.split(": ", 1) for p in meta["years_by_level"].split("; ") if ": " in p).get(level)
    where = f"{level} values {years}" if years else f"years {meta['years']} at level(s) {meta['levels']}"
    return f"; for {where} use {other!r} ({meta['label_en']})"


def _select_category(rows: pd.DataFrame, category, indicator: str) -> pd.DataFrame:
    """Rows of the category asked for, with their parent category (see :func:`load`)."""
    tree = nesting(indicator)
    if category is None and len(tree):
        rows = rows[rows["category"].isin(tree.loc[tree["parent"] == "", "category"])]
    elif category not in (None, "all"):
        cats = sorted(rows["category"].unique())
        if category not in cats:
            shown = ", ".join(cats[:20]) + (f" … ({len(cats)} in all)" if len(cats) > 20 else "")
            raise NoDataError(f"{indicator} has no category {category!r}; available: {shown}, or 'all'")
        rows = rows[rows["category"] == category]
    parents = dict(zip(tree["category"], tree["parent"]))
    return rows.assign(parent=rows["category"].map(parents).fillna("") if parents else "")


def _aggregate(values: pd.Series, flags: pd.Series) -> tuple[float, str]:
    missing = values.isna()
    if missing.any():
        return np.nan, flags[missing].iloc[0] or "."
    return float(values.sum()), ("-" if (flags == "-").all() else "")


@memo(maxsize=MEMO_SIZE)
@national_if(lambda indicator, region, *args, **kwargs: _is_germany(resolve_region(region)))
def region_total(indicator: str, region, year=None, category: str = "insgesamt") -> pd.DataFrame:
    """The value of an indicator for a whole region, formed the right way.

    Germany (``wla.region("deutschland")``) is the publisher's national row where the table has
    one (note ``publisher's national row``); only where it has none is it formed from the Kreise
    like any other region. A set of Gemeinden that makes up whole Kreise is those Kreise (Kreis
    values are used); for one that cuts through a Kreis an indicator published for whole Kreise
    only raises :class:`NoDataError` saying so. Counts are summed; rates and shares are
    recomputed from summed numerator and denominator, or weighted by their own denominator
    (e.g. vacancy by dwellings); never averaged. Where no denominator is available a
    multi-member total is not meaningful: value NaN, flag ``/``. A member with a special sign
    makes the total unknown (its sign is passed on; note "not available: no value for … members
    (08231 Pforzheim (na), …)"), and so does a member without a row at all (flag ``.``, note
    "not available: … member(s) missing (…)") — never a silent partial sum. A member that has
    rows of other categories but none of ``category`` counts as zero there (tables that list
    only non-zero cells, e.g. 12531 by citizenship). One row per year with the number of
    members and a note.
    """
    given = resolve_region(region)
    reg = given.whole_kreise() or given
    meta = entry(indicator)
    levels = meta["levels"].split(",")
    national = _national_rows(meta, reg, year, category)
    level = "kreis" if (reg.level == "kreis" and "kreis" in levels) else "gemeinde"
    if level not in levels:
        if not national.empty:
            return national
        if reg.level == "gemeinde":
            raise NoDataError(_cut_message(reg, indicator))
        raise NoDataError(f"{indicator} has no values at Kreis or Gemeinde level")
    try:
        rows = member_rows(indicator, reg, level, year, category)
    except NoDataError:
        if national.empty:
            raise
        return national
    published = set(national["year"]) if not national.empty else set()
    out = []
    for yr, group in rows.groupby("year"):
        if int(yr) in published:
            continue
        value, flag, note = _total(meta, reg, level, int(yr), category, group)
        out.append(
            {
                "ags": reg.key, "name": reg.label, "level": "region", "year": int(yr),
                "indicator": indicator, "category": category, "value": value, "unit": meta["unit"],
                "flag": flag, "basis": meta["basis"], "source": group["source"].iloc[0],
                "members": len(group), "note": note,
            }
        )
    frames = [f for f in (national, pd.DataFrame(out)) if not f.empty]
    if not frames:
        return pd.DataFrame(out)
    return pd.concat(frames, ignore_index=True).sort_values("year", kind="stable").reset_index(drop=True)


def _is_germany(reg: Region) -> bool:
    return reg.key == "deutschland"


def _national_rows(meta, reg: Region, year, category: str) -> pd.DataFrame:
    """Germany's value from the publisher's own national row (level ``bund``), per year; empty
    for any other region or when the table has no national row."""
    if not _is_germany(reg) or "bund" not in meta["levels"].split(","):
        return pd.DataFrame()
    try:
        rows = load(meta["id"], level="bund", years=year, category=category)
    except NoDataError:
        return pd.DataFrame()
    return pd.DataFrame(
        {
            "ags": reg.key, "name": reg.label, "level": "region", "year": rows["year"].astype(int),
            "indicator": meta["id"], "category": category, "value": rows["value"].astype(float),
            "unit": meta["unit"], "flag": rows["flag"], "basis": meta["basis"], "source": rows["source"],
            "members": 1, "note": "publisher's national row",
        }
    )


@store.per_snapshot()
def successors() -> dict[str, str]:
    """Kreise of older Gemeindeverzeichnis editions that the newest edition no longer lists,
    mapped to the newest Kreis their territory now lies in: every Gemeinde of the old Kreis
    (last edition listing it) that the newest edition still has, matched by its Gemeinde point,
    lies in that one Kreis — e.g. 16056 Eisenach, Stadt -> 16063 Wartburgkreis (merged
    1.7.2021), 03152 Göttingen and 03156 Osterode am Harz -> 03159 Göttingen (2016). An old Kreis
    whose Gemeinden went to several Kreise has no successor."""
    gaz = store.gazetteer()
    newest = gaz[gaz["edition"] == gaz["edition"].max()]
    kreis_at = dict(zip(zip(newest["lon"], newest["lat"]), newest["kreis"]))
    old = gaz[~gaz["kreis"].isin(set(newest["kreis"]))]
    out = {}
    for code, rows in old.groupby("kreis"):
        last = rows[rows["edition"] == rows["edition"].max()]
        found = {kreis_at[p] for p in zip(last["lon"], last["lat"]) if p in kreis_at}
        if len(found) == 1:
            out[code] = found.pop()
    return out


def predecessors(reg: Region) -> dict[str, str]:
    """Old Kreise (:func:`successors`) whose territory now lies in a member of the Kreis region
    ``reg``: old code -> member. A table on a Gebietsstand before the change lists them apart
    from the member; their rows belong to the member's territory of today."""
    if reg.level != "kreis":
        return {}
    return {old: new for old, new in successors().items() if new in reg.codes}


def member_rows(indicator: str, reg: Region, level: str, year, category) -> pd.DataFrame:
    """Rows of the members of ``reg`` (:func:`load`) plus, for a Kreis region other than Germany
    (whose rows are every row of the table), the rows of old Kreise now inside a member
    (:func:`predecessors`): a region total covers today's territory of its members whatever the
    Gebietsstand of the table (a classification is not added up: no predecessors)."""
    rows = load(indicator, None if _is_germany(reg) else reg, level=level, years=year, category=category)
    kind = entry(indicator)["kind"]
    old = predecessors(reg) if level == "kreis" and kind != "class" and not _is_germany(reg) else {}
    if not old:
        return rows
    extra = load(indicator, None, level=level, years=year, category=category)
    extra = extra[extra["ags"].isin(list(old))]
    return pd.concat([rows, extra], ignore_index=True) if not extra.empty else rows


def _added_predecessors(reg: Region, group: pd.DataFrame) -> str:
    """The note part for rows of old Kreise added into a member (:func:`member_rows`)."""
    old = predecessors(reg) if not _is_germany(reg) else {}
    added = [a for a in group["ags"] if a in old]
    if not added:
        return ""
    return "; " + ", ".join(f"{members_text([a])} within today's {members_text([old[a]])}" for a in added)


def missing_members(indicator: str, reg: Region, level: str, year: int, present) -> list[str]:
    """Members of ``reg`` (Kreise, or Gemeinden of a Gemeinde region) without a row in
    ``present`` for ``year``, leaving out those the publisher counts inside another member.
    For a Kreis region read at Gemeinde level a Kreis is missing when none of its Gemeinden is."""
    present = pd.Series(list(present), dtype=str)
    if reg.level == "kreis":
        have = set(present.str[:5])
        expected = reg.kreise
    else:
        have = set(present)
        expected = reg.codes
    inside = store.reported_inside()
    inside = inside[(inside["indicator"] == indicator) & (inside["year"] == year)]
    covered = {a for a, c in zip(inside["ags"], inside["inside"]) if c in have}
    return [c for c in expected if c not in have and c not in covered]


#: How many members a note names before it says how many more there are.
NAMED_IN_NOTE = 10


def members_text(codes: list[str], flags: list[str] | None = None) -> str:
    """Members by code and name, with their sign where given: ``"08231 Pforzheim (na), …"``;
    at most :data:`NAMED_IN_NOTE`, then how many more."""
    known = store.names()
    signs = flags or [""] * len(codes)
    shown = [f"{c} {known.get(c, '')}".strip() + (f" ({f})" if f else "")
             for c, f in zip(codes[:NAMED_IN_NOTE], signs[:NAMED_IN_NOTE])]
    more = len(codes) - NAMED_IN_NOTE
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def missing_note(codes: list[str]) -> str:
    """The reason a total is not available: the members that have no row, by code and name."""
    return f"not available: {len(codes)} member(s) missing ({members_text(codes)})"


def unknown_note(group: pd.DataFrame, level: str) -> str:
    """The reason a sum is not available: the members whose value is unknown, by code, name and
    sign (rows ``ags``, ``value``, ``flag`` of the members)."""
    unknown = group[group["value"].isna()]
    return (f"not available: no value for {len(unknown)} of {len(group)} {level} members "
            f"({members_text(unknown['ags'].tolist(), unknown['flag'].tolist())})")


def complete_sum(values: pd.Series) -> float:
    """Sum of parts that must all be known (members of a region, categories of a total): NaN
    as soon as one part is missing or there are no parts, never the sum of what is there."""
    values = pd.Series(values, dtype=float)
    if values.empty or values.isna().any():
        return np.nan
    return float(values.sum())


def _fold_reported_inside(indicator: str, year: int, group: pd.DataFrame):
    """Drop members the publisher reports inside another member of the same region (their
    people are in that member's count), so that the total is complete, not unknown."""
    inside = store.reported_inside()
    inside = inside[(inside["indicator"] == indicator) & (inside["year"] == year)]
    members = set(group["ags"])
    folded = [a for a, c in zip(inside["ags"], inside["inside"]) if a in members and c in members]
    return group[~group["ags"].isin(folded)], folded


def _total(meta, reg: Region, level, year, category, group) -> tuple[float, str, str]:
    kind = meta["kind"]
    if _is_germany(reg) and meta.get("national_note", ""):
        return np.nan, ".", f"not available: {meta['national_note']}"
    missing = missing_members(meta["id"], reg, level, year, group["ags"])
    if missing and category != "insgesamt":
        # sparse tables list only non-zero cells: a member with rows of other categories is
        # present, its cell of this category is zero
        rows = member_rows(meta["id"], reg, level, year, None)
        missing = missing_members(meta["id"], reg, level, year, rows["ags"])
    if missing:
        return np.nan, ".", missing_note(missing)
    if kind == "class":
        if len(group) == 1:
            return float(group["value"].iloc[0]), group["flag"].iloc[0], group["category"].iloc[0]
        return np.nan, "/", "a classification has no region total"
    if kind == "count":
        group, folded = _fold_reported_inside(meta["id"], year, group)
        value, flag = _aggregate(group["value"], group["flag"])
        if np.isnan(value):
            return value, flag, unknown_note(group, level)
        note = f"sum of {len(group)} {level} values" + _added_predecessors(reg, group)
        if folded:
            note += f"; {', '.join(folded)} counted inside another member by the publisher"
        return value, flag, note
    without = ""
    if meta.get("screen") == "municipal" and len(group) > 1:
        # municipal budgets: a city state has none of its own (the publisher's municipal totals, e.g.
        # Destatis' debt of Gemeinden/Gemeindeverbände, are "ohne Stadtstaaten" too)
        cities = group["ags"].isin(list(city_states().values()))  # Hamburg, Berlin
        if cities.any() and not cities.all():
            without = "; without the city states " + members_text(group.loc[cities, "ags"].tolist()) + \
                " (no municipal budget of their own)"
            group = group[~cities]
    if len(group) == 1:
        return float(group["value"].iloc[0]), group["flag"].iloc[0], "single member: published value" + without
    if meta["numerator"] and meta["denominator"]:
        num = region_total(meta["numerator"], reg, year, category)
        den = region_total(meta["denominator"], reg, year, "insgesamt")
        n, d = num["value"].iloc[0], den["value"].iloc[0]
        if np.isnan(n) or np.isnan(d) or d == 0:
            why = "; ".join(f"{part} {t['note'].iloc[0]}" for part, t, v in
                            (("numerator", num, n), ("denominator", den, d)) if np.isnan(v))
            return np.nan, num["flag"].iloc[0] or den["flag"].iloc[0] or "/", (
                f"numerator or denominator unknown ({why})" if why else "denominator is zero")
        return float(n / d * meta["scale"]), "", f"sum of {meta['numerator']} / sum of {meta['denominator']}"
    if meta["weight"]:
        weights = member_rows(meta["weight"], reg, level, year, None)
        weights = weights[weights["category"] == "insgesamt"].set_index("ags")["value"]
        w = group.set_index("ags")["value"].index.map(weights)
        v = group["value"].to_numpy(dtype=float)
        w = np.asarray(w, dtype=float)
        if np.isnan(v).any() or np.isnan(w).any():
            flags = group["flag"][np.isnan(v)]
            unknown = group["ags"][np.isnan(v) | np.isnan(w)].tolist()
            return np.nan, (flags.iloc[0] if len(flags) else "."), (
                f"not available: value or weight unknown for {len(unknown)} member(s) ({members_text(unknown)})")
        return float((v * w).sum() / w.sum()), "", (f"weighted by {meta['weight']} (its own denominator)"
                                                    + _added_predecessors(reg, group) + without)
    return np.nan, "/", "no denominator published: a total over several members is not meaningful"
