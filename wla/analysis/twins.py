"""Structural twins: the Kreise most similar to a region on standardised structural indicators.

Method (stated in the result's ``attrs`` and in the report):

1. For every indicator one year: the newest in which at least ``coverage`` (default 95 %) of the
   Kreise of the newest Gemeindeverzeichnis have a value and the region's total can be formed
   (or the year given).
2. The region's value is a proper total: :func:`wla.region_total` (counts summed, rates from
   summed numerator and denominator or weighted by their own denominator), unemployment rates
   via :func:`wla.analysis.labour.implied_rate`, the BBSR Kreistyp as the type most members
   share (:func:`wla.analysis.compare.bbsr_peers`). An indicator without a meaningful region
   total (a mean without weights, e.g. the INKAR asking rent, for a region of several Kreise)
   is left out of the distance, and the result says so.
3. Indicators named in ``log`` are log-transformed (population density spans 35–4,800
   inhabitants per km²). Each indicator is standardised over all Kreise with a value:
   ``method="zscore"``: z = (x − mean) / sd (sd with n − 1); ``method="robust"``:
   z = (x − median) / IQR.
4. Distance between the region r and a Kreis k over the indicators i with weights w_i
   (default 1): ``"euclidean"``: d = √(Σ w_i (z_ki − z_ri)²); ``"manhattan"``: d = Σ w_i |z_ki − z_ri|.
5. The region's own Kreise and Kreise missing any of the indicators used are not candidates;
   the k nearest are the twins. The BBSR Kreistyp (1 kreisfreie Großstadt … 4 dünn besiedelter
   ländlicher Kreis) enters as an ordinal number.

Similarity is purely statistical: twins share the measured structure, nothing more.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import data, store
from ..exceptions import NoDataError, ParameterError, WlaError
from ..regions import Region, newest_kreise, region as resolve_region
from . import compare, labour

#: Default structural indicators: density, settlement type, unemployment, foreigners, vacancy,
#: rent level (INKAR asking rents) and purchasing power.
DEFAULT_INDICATORS = (
    "bevoelkerungsdichte", "bbsr_kreistyp", "arbeitslosenquote", "auslaenderanteil_zensus",
    "leerstandsquote", "mietpreis_angebot", "kaufkraft_je_ew",
)
#: Indicators compared on a log scale by default.
DEFAULT_LOG = ("bevoelkerungsdichte",)
METHODS = ("zscore", "robust")
DISTANCES = ("euclidean", "manhattan")


def _implied_count(indicator: str) -> str:
    """The count from which a region's rate is recomputed (headlines with ``implied_from``)."""
    for h in compare.HEADLINES:
        if h.numerator == indicator and h.implied_from:
            return h.implied_from
    return ""


def kreis_values(indicator: str, year: int, category: str = "insgesamt") -> pd.DataFrame:
    """Values of ``indicator`` in ``year`` for the Kreise of the newest Gemeindeverzeichnis:
    columns ags, value (NaN where the publisher printed a sign), flag, source. For a
    classification the class number is the value (its label is the category)."""
    rows = data.load(indicator, level="kreis", years=year, category="all")
    kind = store.catalog().loc[indicator, "kind"]
    if kind != "class":
        rows = rows[rows["category"] == category]
    rows = rows[rows["ags"].isin(newest_kreise())]
    return rows[["ags", "value", "flag", "source"]].drop_duplicates("ags").reset_index(drop=True)


def covered_years(indicator: str, coverage: float = 0.95) -> list[int]:
    """Years, newest first, in which at least ``coverage`` of all Kreise have a value of ``indicator``."""
    rows = data.load(indicator, level="kreis")
    if store.catalog().loc[indicator, "kind"] != "class":
        rows = rows[rows["category"] == "insgesamt"]
    rows = rows[rows["ags"].isin(newest_kreise())]
    counts = rows.dropna(subset=["value"]).groupby("year")["ags"].nunique()
    good = counts[counts >= coverage * len(newest_kreise())]
    if good.empty:
        raise NoDataError(f"{indicator} has no year with values for {coverage:.0%} of the Kreise; pass a year")
    return sorted((int(y) for y in good.index), reverse=True)


def region_value(indicator: str, reg: Region, year: int) -> tuple[float, str]:
    """A region's value of a structural indicator and how it was formed (see module doc);
    NaN with the reason where the snapshot cannot form it (e.g. no weights for that year)."""
    try:
        return _region_value(indicator, reg, year)
    except WlaError as err:
        return np.nan, str(err)


def _region_value(indicator: str, reg: Region, year: int) -> tuple[float, str]:
    kind = store.catalog().loc[indicator, "kind"]
    if kind == "class":
        if len(reg.kreise) == 1:
            v = kreis_values(indicator, year)
            v = v.loc[v["ags"] == reg.kreise[0], "value"]
            return (float(v.iloc[0]) if len(v) else np.nan), "published class"
        peers = compare.bbsr_peers(Region(reg.key, reg.label, reg.kreise, "kreis"))
        v = kreis_values(indicator, year)
        return float(v.loc[v["ags"] == peers.codes[0], "value"].iloc[0]), "class most members share"
    count = _implied_count(indicator)
    if count and len(reg.kreise) > 1:
        r = labour.implied_rate(reg, count, indicator, year)
        return r["value"], r["note"]
    total = data.region_total(indicator, reg, year)
    if total.empty:
        return np.nan, "no value"
    return float(total["value"].iloc[0]), str(total["note"].iloc[0])


def standardise(frame: pd.DataFrame, method: str = "zscore") -> tuple[pd.Series, pd.Series]:
    """Centre and scale of each column of ``frame`` (one row per Kreis): mean and sd (n − 1)
    for ``"zscore"``, median and interquartile range for ``"robust"``. NaN are ignored."""
    if method == "zscore":
        return frame.mean(), frame.std(ddof=1)
    if method == "robust":
        return frame.median(), frame.quantile(0.75) - frame.quantile(0.25)
    raise ParameterError(f"method must be one of {METHODS}, not {method!r}")


def distances(candidates: pd.DataFrame, target: pd.Series, method: str = "zscore",
              distance: str = "euclidean", weights: Mapping[str, float] | None = None,
              reference: pd.DataFrame | None = None) -> pd.Series:
    """Distance of each row of ``candidates`` to ``target`` over the columns of ``target``.

    Both are standardised with centre and scale of ``reference`` (default: ``candidates``);
    see the module doc for the formulas. Returns a Series indexed like ``candidates``.
    """
    if distance not in DISTANCES:
        raise ParameterError(f"distance must be one of {DISTANCES}, not {distance!r}")
    cols = list(target.index)
    ref = candidates[cols] if reference is None else reference[cols]
    centre, scale = standardise(ref, method)
    if (scale <= 0).any() or scale.isna().any():
        flat = list(scale[(scale <= 0) | scale.isna()].index)
        raise ParameterError(f"indicator(s) {flat} do not vary across the Kreise: leave them out")
    w = pd.Series({c: float((weights or {}).get(c, 1.0)) for c in cols})
    if (w < 0).any():
        raise ParameterError("weights must not be negative")
    z = (candidates[cols] - centre) / scale
    z0 = (target - centre) / scale
    diff = z - z0
    if distance == "euclidean":
        return np.sqrt((diff ** 2 * w).sum(axis=1))
    return (diff.abs() * w).sum(axis=1)


def _spec(indicators, years) -> dict[str, int | None]:
    years = dict(years or {})
    unknown = [i for i in years if i not in indicators]
    if unknown:
        raise ParameterError(f"years given for {unknown}, which are not among the indicators")
    return {i: years.get(i) for i in indicators}


def twins(region, k: int = 5, indicators=DEFAULT_INDICATORS, method: str = "zscore",
          distance: str = "euclidean", weights: Mapping[str, float] | None = None,
          years: Mapping[str, int] | None = None, log=DEFAULT_LOG, coverage: float = 0.95) -> pd.DataFrame:
    """The ``k`` Kreise most similar to ``region`` on structural ``indicators`` (module doc).

    Returns one row per twin, nearest first: ags, name, distance and the raw indicator values.
    ``attrs``: method, distance, weights, years, log, indicators used and left out (with the
    reason), the region's values and how they were formed, candidates, dropped Kreise, sources.
    """
    reg = resolve_region(region)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise ParameterError(f"k must be a positive whole number, not {k!r}")
    if method not in METHODS:
        raise ParameterError(f"method must be one of {METHODS}, not {method!r}")
    indicators = list(indicators)
    if not indicators:
        raise ParameterError("give at least one structural indicator")
    for i in indicators:
        data.entry(i)  # unknown ids fail with close matches
    spec = _spec(indicators, years)
    table, target, notes, left_out, used_years, sources = {}, {}, {}, {}, {}, []
    for ind, fixed in spec.items():
        tried = covered_years(ind, coverage) if fixed is None else [int(fixed)]
        for yr in tried:
            value, note = region_value(ind, reg, yr)
            if not np.isnan(value):
                break
        if np.isnan(value):
            span = str(tried[0]) if len(tried) == 1 else f"{tried[-1]}–{tried[0]}"
            left_out[ind] = f"no value for {reg.label} in {span}: {note}"
            continue
        rows = kreis_values(ind, yr)
        table[ind] = rows.set_index("ags")["value"]
        target[ind], notes[ind], used_years[ind] = value, note, yr
        sources += [s for s in rows["source"].unique() if s not in sources]
    if not table:
        raise NoDataError(f"none of the indicators has a value for {reg.label}: {left_out}")
    frame = pd.DataFrame(table).reindex(list(newest_kreise()))
    target = pd.Series(target)
    for ind in log:
        if ind in frame:
            if (frame[ind] <= 0).any() or target[ind] <= 0:
                raise ParameterError(f"{ind} has values ≤ 0: it cannot be log-transformed")
            frame[ind], target[ind] = np.log(frame[ind]), np.log(target[ind])
    reference = frame.dropna()
    candidates = frame[~frame.index.isin(reg.kreise)]
    dropped = sorted(candidates.index[candidates.isna().any(axis=1)])
    candidates = candidates.dropna()
    d = distances(candidates, target, method, distance, weights, reference).sort_values(kind="stable")
    chosen = d.head(int(k)).index
    names = store.names()
    out = pd.DataFrame({"ags": chosen, "name": [names.get(a, a) for a in chosen], "distance": d.loc[chosen].to_numpy()})
    raw = pd.DataFrame(table).reindex(chosen)
    for ind in raw.columns:
        out[ind] = raw[ind].to_numpy()
    used = list(target.index)
    out.attrs = {
        "region": reg.label, "region_codes": list(reg.kreise), "k": int(k), "method": method,
        "distance": distance, "weights": {i: float((weights or {}).get(i, 1.0)) for i in used},
        "years": used_years, "log": [i for i in log if i in used], "indicators": used,
        "left_out": left_out, "region_values": {i: float(v) for i, v in zip(used, _raw(target, log))},
        "region_notes": notes, "candidates": len(candidates), "dropped": dropped, "sources": sources,
    }
    return out


def _raw(target: pd.Series, log) -> list[float]:
    return [float(np.exp(v)) if i in log else float(v) for i, v in target.items()]


def with_region(result: pd.DataFrame) -> pd.DataFrame:
    """The twins table of :func:`twins` with the region itself as first row (distance 0)."""
    a = result.attrs
    row = {"ags": ", ".join(a["region_codes"]), "name": a["region"], "distance": 0.0, **a["region_values"]}
    out = pd.concat([pd.DataFrame([row]), result], ignore_index=True)
    out.attrs = a
    return out


def _label(indicator: str, lang: str) -> str:
    return store.catalog().loc[indicator, "label_de" if lang == "de" else "label_en"]


def describe(result: pd.DataFrame, lang: str = "de") -> str:
    """The method of a :func:`twins` result as report text (words from :mod:`wla.present.words`)."""
    from ..present.fmt import number
    from ..present.words import t

    a = result.attrs
    features = ", ".join(f"{_label(i, lang)} ({a['years'][i]})" for i in a["indicators"])
    logged = ", ".join(_label(i, lang) for i in a["log"])
    weights = ", ".join(number(w, 1) for w in a["weights"].values())
    left = ", ".join(_label(i, lang) for i in a["left_out"])
    return t("vergleich.zwillinge_text", lang, k=a["k"], region=a["region"], kandidaten=a["candidates"],
             merkmale=features, methode=t(f"vergleich.methode.{a['method']}", lang),
             log=t("vergleich.zwillinge_log", lang, merkmale=logged) if logged else "",
             distanz=t(f"vergleich.distanz.{a['distance']}", lang), gewichte=weights,
             weggelassen=t("vergleich.zwillinge_weg", lang, merkmale=left, region=a["region"]) if left else "")


def display(result: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """The twins with the region first, columns labelled from the catalogue, and the decimals
    per column for :func:`wla.present.show_table`."""
    frame = with_region(result)
    names = {"ags": "AGS", "name": "Kreis" if lang == "de" else "District", "distance": "Distanz" if lang == "de" else "Distance"}
    decimals = {names["distance"]: 2}
    for i in result.attrs["indicators"]:
        names[i] = f"{_label(i, lang)} ({result.attrs['years'][i]})"
        decimals[names[i]] = 0 if i in ("bbsr_kreistyp", "kaufkraft_je_ew", "bevoelkerungsdichte") else 1
    return frame.rename(columns=names), decimals
