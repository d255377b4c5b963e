"""Shift-share decomposition of the change in unemployed foreigners by occupation.

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

Nothing is filled in. The decomposition describes; it does not explain causes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data
from ..exceptions import NoDataError, ParameterError
from ..present import sources_of
from ..regions import region as resolve_region

INDICATOR = "arbeitslose_auslaender_beruf"
COMPONENTS = ("national", "struktur", "regional")


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


def shift_share(region, start: int | None = None, end: int | None = None) -> tuple[pd.DataFrame, list[str], dict]:
    """Shift-share decomposition of the change in unemployed foreigners of a Kreis region
    between ``start`` and ``end`` (annual averages, persons) against all Kreise of Germany.

    ``end`` defaults to the newest year of the data, ``start`` to the first year in which every
    member Kreis is complete. Returns the per-occupation table (see :func:`decompose`; column
    ``beruf``, sorted by the absolute regional component), the source lines and ``meta`` with
    the totals (``veraenderung``, ``national``, ``struktur``, ``regional``), the growth rate
    ``g``, the years, and ``ausgeschlossen`` (Kreise left out of the reference, see module).
    """
    reg = resolve_region(region)
    if reg.level != "kreis":
        raise ParameterError(
            f"shift-share needs Kreise (BA data are by Kreis); {reg.label!r} is a set of Gemeinden: "
            "build the region from Kreis codes"
        )
    rows = data.load(INDICATOR, level="kreis")
    years = sorted(int(y) for y in rows["year"].unique())
    complete = _complete_years(rows, reg.kreise)
    end = years[-1] if end is None else int(end)
    if start is None:
        if not complete:
            raise NoDataError(f"{reg.label}: no year in which all member Kreise have occupation values")
        start = complete[0]
    start = int(start)
    for y in (start, end):
        if y not in years:
            raise NoDataError(f"{INDICATOR} has no year {y}; available: {years[0]}–{years[-1]}")
    if start >= end:
        raise ParameterError(f"start ({start}) must be before end ({end})")
    rows = rows[rows["year"].isin([start, end])]
    gaps = _incomplete(rows)
    member_gaps = gaps[gaps["ags"].isin(reg.kreise)]
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
    meta = {
        "start": start, "end": end, "g": table.attrs["g"],
        "veraenderung": float(table["veraenderung"].sum()),
        **{c: float(table[c].sum()) for c in COMPONENTS},
        "start_wert": float(table["start"].sum()), "end_wert": float(table["end"].sum()),
        "ausgeschlossen": excluded, "kreise_referenz": int(reference["ags"].nunique()),
    }
    table = table.reset_index(names="beruf")
    table = table.reindex(table["regional"].abs().sort_values(ascending=False).index).reset_index(drop=True)
    return table, sources_of(mine), meta


def summary(meta: dict, lang: str = "de") -> pd.DataFrame:
    """The totals of :func:`shift_share` as a small table: component and persons."""
    labels = {
        "de": ("Veränderung insgesamt", "Nationaler Trend", "Strukturkomponente (Berufsmix)", "Regionalkomponente"),
        "en": ("Total change", "National trend", "Structural component (occupation mix)", "Regional component"),
    }[lang]
    values = [meta["veraenderung"], meta["national"], meta["struktur"], meta["regional"]]
    head = ("Komponente", "Personen") if lang == "de" else ("Component", "Persons")
    return pd.DataFrame({head[0]: labels, head[1]: values})
