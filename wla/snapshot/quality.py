"""Plausibility screen of the snapshot: impossible values are set aside, never silently used.

Each catalogue row names its screen (``screen`` in ``wla/catalog.toml``):

* ``share``    – a value in % must lie in 0–100 (e.g. a share of school leavers of 104 % is not a
  share);
* ``positive`` – an amount per inhabitant or per m² must be above 0 (e.g. INKAR's purchasing power
  per inhabitant published as 0.00 for Kelheim 2021 is no purchasing power);
* ``municipal`` – an amount of the municipal budget is not meaningful for a city state (Berlin,
  Hamburg: Land and Gemeinde budget are one; INKAR's municipal debt 0.00 for them is no debt-free
  city, unlike Wolfsburg's or Dresden's);
* ``gap`` – a value of a yearly series below a fifth of both neighbouring years is a reporting gap
  (INKAR's asylum-seeker benefits per 1,000: Berlin, Köln, Duisburg, Rostock … in 2015).

A value that fails keeps its row, but its value becomes NaN with flag :data:`FLAG` (``"q"``: set
aside by wla's quality screen – not an official sign of the publisher), and the row is listed in
``data/quality.csv`` with the original value and the rule, so that reports can show what was set
aside. Rows that already carry an official sign are not touched.

Breaks at boundary changes (:func:`breaks`): a Kreis count that jumps by more than
:data:`JUMP` against the previous year of its series *and* whose Kreis changed its territory in
between (:func:`territorial_changes`) is listed in ``data/quality.csv`` with the rule
:data:`BREAK_RULE`; its value is **kept** (it is a true value for another territory, not an
implausible one), and the note says so. Known changes: the BBSR Kreis conversion table (area of
each Kreis key per year, 1990–2021; a change of more than :data:`AREA_CHANGE` of the area counts)
and the Destatis Gebietsänderungen lists 2023 and 2024 (a Gemeinde that moves to another Kreis).
Changes in 2022 are not covered by these files. Series already converted to one Gebietsstand by
the publisher (INKAR, the BA series) do not jump at a change and are therefore not flagged.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from pathlib import Path

from ..catalog import Indicator
from .city_states import CITY_STATES

FLAG = "q"
QUALITY_COLUMNS = ["indicator", "ags", "level", "year", "category", "value", "rule", "note"]
RULES = {
    "share": ("share outside 0–100 %", lambda r: (r["value"] < 0) | (r["value"] > 100)),
    "positive": ("amount per inhabitant or per m² <= 0", lambda r: r["value"] <= 0),
    # Berlin and Hamburg are Land and Gemeinde at once: one budget, no municipal debt of its own
    # (INKAR prints 0.00 or nothing for them; Berlin's debt is the Land's)
    "municipal": ("municipal budget amount of a city state (Land and Gemeinde budget are one)",
                  lambda r: (r["level"] == "kreis") & r["ags"].isin(list(CITY_STATES.values()))),
    "gap": ("reporting gap: below a fifth of both neighbouring years", lambda r: _gap(r)),
}
#: A value below this share of both the previous and the next year of its series is a reporting gap,
#: when both neighbours are at least GAP_FLOOR (unit of the series; per 1,000 for the one screened
#: series: Memmingen 2011, 0.00 between 0.05 and 0.63, is a handful of people, not a gap).
GAP_SHARE = 0.2
GAP_FLOOR = 1.0


def _gap(rows: pd.DataFrame) -> pd.Series:
    """True where a value is below :data:`GAP_SHARE` of both neighbouring years of its series (same
    indicator, region, category): e.g. INKAR's asylum-seeker benefits per 1,000 of Berlin 2015,
    0.28 between 7.09 (2014) and 11.54 (2016), or Köln 2015, 0.00 between 6.76 and 14.34 — a year
    in which the Kreis did not report, not one in which its recipients left. Rises are not
    screened (a reception facility opening can multiply a Kreis's count for a year)."""
    ordered = rows.sort_values("year")
    series = ordered.groupby(["indicator", "ags", "category"])["value"]
    before, after = series.shift(1), series.shift(-1)
    low = ((ordered["value"] < GAP_SHARE * before) & (ordered["value"] < GAP_SHARE * after)
           & (before >= GAP_FLOOR) & (after >= GAP_FLOOR))
    return low.reindex(rows.index).fillna(False)
NOTE = "set aside as implausible: value NaN, flag q (not an official sign)"


def screen(rows: pd.DataFrame, indicators: list[Indicator]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply each indicator's screen to snapshot ``rows``.

    Returns the rows with implausible values set to NaN and flagged :data:`FLAG`, and the
    data-quality table (:data:`QUALITY_COLUMNS`; ``value`` is the original value)."""
    rules = {i.id: i.screen for i in indicators if i.screen}
    bad = pd.Series(False, index=rows.index)
    rule_text = pd.Series("", index=rows.index, dtype=object)
    for name, (text, fails) in RULES.items():
        ids = [i for i, r in rules.items() if r == name]
        hit = rows["indicator"].isin(ids) & rows["value"].notna() & fails(rows)
        bad |= hit
        rule_text[hit] = text
    quality = rows.loc[bad, ["indicator", "ags", "level", "year", "category", "value"]].assign(
        rule=rule_text[bad], note=NOTE
    )[QUALITY_COLUMNS]
    out = rows.copy()
    out.loc[bad, "value"] = np.nan
    out.loc[bad, "flag"] = FLAG
    return out, quality.reset_index(drop=True)


#: A relative change against the previous year of a series that counts as a jump.
JUMP = 0.05
#: A change of a Kreis key's area (BBSR conversion table), or of its population (people in
#: Gemeinden moving to another Kreis, Gebietsänderungen), that counts as a territorial change.
AREA_CHANGE = 0.01
#: GV-ISys edition whose Kreis populations measure the changes of the 2023 and 2024 lists
POPULATION_BEFORE_LISTS = 2021
BREAK_RULE = "jump at a known territorial change"
BREAK_NOTE = "break: the Kreis changed its territory since the previous value (value kept, not comparable across the break)"
#: last sheet of the BBSR conversion table whose area column holds the parts' areas
LAST_PART_SHEET = 2019
#: raw files the known territorial changes are read from (folder gemeinden/)
CHANGE_FILES = ("gerda_bbsr_ref-kreise-umrech-2021-1990-2020.xlsx",
                "gerda_destatis_gebietsaenderungen_2023.xlsx", "gerda_destatis_gebietsaenderungen_2024.xlsx",
                "gerda_destatis_31122021_Auszug_GV.xlsx")


def territorial_changes(raw: Path) -> pd.DataFrame:
    """Known changes of Kreis territory: ``ags`` (Kreis key), ``year`` (the first 31.12. on the
    new territory) and ``source``.

    From the BBSR conversion table: the area of each Kreis key per year (its parts in the sheets
    1990–2019; the Gebietsstand 2021 from the parts of the 2019 sheet, so changes in 2020 and 2021
    count for 2021 — the 2020 sheet prints the target's area, not the parts'), a change of more
    than :data:`AREA_CHANGE` from one year to the next. From the Destatis Gebietsänderungen: the
    old and the new Kreis of Gemeinden that change Kreis, in the year of the statistical date
    (a change on 1 January counts for that year), when the people moved are more than
    :data:`AREA_CHANGE` of the Kreis population (GV-ISys 31.12.2021)."""
    from ..sources.bbsr import read_bbsr_kreise_umrechnung
    from ..sources.gemeindeverzeichnis import read_gebietsaenderungen
    from .gazetteer import read_gv_editions

    folder = Path(raw) / "gemeinden"
    conv = read_bbsr_kreise_umrechnung(folder / CHANGE_FILES[0])
    conv = conv[conv["year"] <= LAST_PART_SHEET]
    area = conv.groupby(["kreis_old", "year"])["area_km2"].sum().rename_axis(["ags", "year"]).reset_index()
    target = conv[conv["year"] == LAST_PART_SHEET].groupby("kreis_new")["area_km2"].sum()
    area = pd.concat([area, pd.DataFrame({"ags": target.index, "year": 2021, "area_km2": target.to_numpy()})])
    area = area.sort_values(["ags", "year"])
    previous = area.groupby("ags")["area_km2"].shift()
    adjacent = area.groupby("ags")["year"].diff() <= 2          # 2019 -> 2021 is one step
    moved = adjacent & ((area["area_km2"] / previous - 1).abs() > AREA_CHANGE)
    parts = [area.loc[moved, ["ags", "year"]].assign(source=CHANGE_FILES[0])]
    gv = read_gv_editions(raw, (POPULATION_BEFORE_LISTS,))[POPULATION_BEFORE_LISTS]
    gv = gv[gv["satzart"] == "60"]
    kreis_population = gv.groupby(gv["ags"].str[:5])["population"].sum()
    for name in CHANGE_FILES[1:3]:
        lists = read_gebietsaenderungen(folder / name)
        lists = lists[(lists["unit"] == "Gemeinde") & (lists["ags_old"].str[:5] != lists["ags_new"].str[:5])
                      & (lists["ags_new"] != "")]
        year = pd.to_datetime(lists["date_statistical"]).dt.year
        for side in ("ags_old", "ags_new"):
            moved = pd.DataFrame({"ags": lists[side].str[:5].to_numpy(), "year": year.to_numpy(),
                                  "population": lists["population"].fillna(0).to_numpy()})
            moved = moved.groupby(["ags", "year"], as_index=False)["population"].sum()
            material = moved["population"] > AREA_CHANGE * moved["ags"].map(kreis_population)
            parts.append(moved.loc[material, ["ags", "year"]].assign(source=name))
    out = pd.concat(parts, ignore_index=True).drop_duplicates(["ags", "year"])
    out["year"] = out["year"].astype(int)
    return out.sort_values(["ags", "year"]).reset_index(drop=True)


def breaks(rows: pd.DataFrame, changes: pd.DataFrame, indicators: list[Indicator]) -> pd.DataFrame:
    """Quality rows (:data:`QUALITY_COLUMNS`, rule :data:`BREAK_RULE`) for Kreis values of counts
    (``kind = "count"``: they move with the territory) that jump by more than :data:`JUMP` against
    the previous value of their series (same indicator and category) while a known territorial
    change of the Kreis lies in between; the total category only (its parts break with it). Rates
    and means are not screened: they need not move
    with the territory, and their year-on-year swings would mark too much. ``rows`` are not
    changed: the values are kept."""
    counts = {i.id for i in indicators if i.kind == "count"}
    kreis = rows[(rows["level"] == "kreis") & rows["indicator"].isin(counts) & (rows["category"] == "insgesamt")
                 & rows["ags"].isin(set(changes["ags"]))]
    kreis = kreis[kreis["value"].notna()].sort_values(["indicator", "category", "ags", "year"])
    series = kreis.groupby(["indicator", "category", "ags"])
    before = kreis.assign(prev_year=series["year"].shift(), prev_value=series["value"].shift()).dropna(subset=["prev_year"])
    jump = (before["prev_value"] != 0) & ((before["value"] / before["prev_value"] - 1).abs() > JUMP)
    before = before[jump]
    known = changes.groupby("ags")["year"].apply(list).to_dict()
    hit = np.array([any(p < y <= c for y in known.get(a, ())) for a, p, c in
                    zip(before["ags"], before["prev_year"], before["year"])], dtype=bool)
    out = before[hit][["indicator", "ags", "level", "year", "category", "value"]]
    return out.assign(rule=BREAK_RULE, note=BREAK_NOTE)[QUALITY_COLUMNS].reset_index(drop=True)
