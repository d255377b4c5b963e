"""Structural twins: the Kreise most similar to a region on standardised structural indicators.

Method (stated in the result's ``attrs`` and in the report):

1. Like with like: for every indicator ONE year for both sides of a pair (``vergleich``): the
   newest in which at least ``coverage`` (default 95 %) of the Kreise of the newest
   Gemeindeverzeichnis have a value and the totals of the region *and* of its comparison can be
   formed (or the year given). An indicator one side lacks in every year is left out for both,
   so the two twin lists rest on the same features and years.
   Impossible values (:func:`screen`: per-head amounts ≤ 0, shares outside 0–100) are set aside
   and listed, never standardised.
2. The region's value is a proper total: :func:`wla.region_total` (counts summed, rates from
   summed numerator and denominator or weighted by their own denominator), unemployment rates
   via :func:`wla.analysis.labour.implied_rate`, the BBSR Kreistyp as the type that holds most of
   the region's inhabitants (population-weighted, :func:`wla.analysis.compare.kreistyp_shares`;
   ties: more Kreise, then the lower type). An indicator without a meaningful region
   total (a mean without weights, e.g. the INKAR asking rent, for a region of several Kreise)
   is left out of the distance, and the result says so.
3. Indicators named in ``log`` are log-transformed (population density spans 35–4,800
   inhabitants per km²). Each indicator is standardised over all Kreise with a value:
   ``method="zscore"``: z = (x − mean) / sd (sd with n − 1); ``method="robust"``:
   z = (x − median) / IQR.
4. Distance between the region r and a Kreis k over the indicators i with weights w_i
   (default 1): ``"euclidean"``: d = √(Σ w_i (z_ki − z_ri)²); ``"manhattan"``: d = Σ w_i |z_ki − z_ri|.
5. The region's own Kreise, with a comparison also the comparison's Kreise and the kreisfreie
   Städte inside a Landkreis of either (:func:`not_candidates`: a twin is a third Kreis, never a
   side of the frame), and Kreise missing any of the indicators used are not candidates;
   the k nearest are the twins. **Exact match on the BBSR Kreistyp**: the siedlungsstruktureller
   Kreistyp (1 kreisfreie Großstadt, 2 städtischer Kreis, 3 ländlicher Kreis mit
   Verdichtungsansätzen, 4 dünn besiedelter ländlicher Kreis) is an ordered class, not a
   measurement — the step from 1 to 2 is not the step from 3 to 4 — so it is never standardised
   or put into the distance. Indicators in :data:`MATCH_EXACTLY` are constraints: only Kreise of
   the region's class are candidates (for a region of several Kreise the class holding most
   of its inhabitants), and the distance runs over the other indicators. Their centre and scale are still
   taken over all Kreise with a value, whatever their class.

6. Stability: each distance feature is left out in turn and the k nearest recomputed; column
   ``stability`` = share of these leave-one-out runs in which the twin stays among the k nearest
   (1 = holds whatever single feature is dropped).

7. Caliper (how near is near): an absolute rule per feature a reader can check in the table. A
   twin is ``close`` when on EVERY distance feature (weight > 0) its standardised gap
   |z_twin − z_region| is at most :data:`CALIPER_SD` (0.5: half a standard deviation for
   ``method="zscore"``, half an interquartile range for ``"robust"``; the same centre and scale
   as the distance). Each twin carries its largest gap, ``max_gap``, and the feature it lies on,
   ``max_gap_feature``. A twin beyond it is not a twin in a narrow sense, only one of the least
   dissimilar Kreise. The rule does not depend on the class, on k or on the other Kreise.

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
from .indicators import used

#: Default structural indicators: density, settlement type, unemployment, foreigners, vacancy,
#: rent level (INKAR asking rents) and purchasing power.
DEFAULT_INDICATORS = (
    "bevoelkerungsdichte", "bbsr_kreistyp", "arbeitslosenquote", "auslaenderanteil_zensus",
    "leerstandsquote", "mietpreis_angebot", "kaufkraft_je_ew",
)
#: Classes the twins must share with the region (a constraint, never a distance feature).
MATCH_EXACTLY = ("bbsr_kreistyp",)
#: Indicators compared on a log scale by default.
DEFAULT_LOG = ("bevoelkerungsdichte",)
METHODS = ("zscore", "robust")
#: Largest standardised gap on any distance feature of a close twin (module doc, step 7), in sd
#: (``"zscore"``) or IQR (``"robust"``).
CALIPER_SD = 0.5
DISTANCES = ("euclidean", "manhattan")


#: Per-head features whose Gemeindeverzeichnis population is the Zensus-2011-based Fortschreibung:
#: in a year with Kreis populations on the Zensus-2022 basis (12411, ``bevoelkerung_z22``: 2023
#: on) they are formed from those instead, so that every 2023/2024 figure of a report rests on one
#: population basis — density = 12411 population / GV area (km²) of the same year (Landkreis
#: Coburg 2023: 84,518 / 590.41 km² = 143, not 87,259 / 590.41 = 148).
ZENSUS_2022_BASIS = {"bevoelkerungsdichte": ("bevoelkerung_z22", "flaeche_km2")}


def _z22_parts(indicator: str, year: int) -> tuple[str, str] | None:
    """(numerator, denominator) of ``indicator`` on the Zensus-2022 basis in ``year``
    (:data:`ZENSUS_2022_BASIS`), or None when it has none that year."""
    parts = ZENSUS_2022_BASIS.get(indicator)
    if parts is None:
        return None
    if year not in set(data.load(parts[0], level="kreis")["year"]):
        return None
    return parts


def feature_sources(indicator: str, year: int) -> dict[str, list[int]]:
    """The indicators (-> year) a feature of ``year`` is read from (:data:`ZENSUS_2022_BASIS`)."""
    parts = _z22_parts(indicator, year)
    return {p: [year] for p in parts} if parts else {indicator: [year]}


def _implied_count(indicator: str) -> str:
    """The count from which a region's rate is recomputed (headlines with ``implied_from``)."""
    for h in compare.HEADLINES:
        if h.numerator == indicator and h.implied_from:
            return h.implied_from
    return ""


#: Amounts per head or per unit that cannot be zero or negative in any Kreis (a published 0.00,
#: e.g. INKAR purchasing power of Kelheim 2021, is a gap, not a value).
MUST_BE_POSITIVE = ("kaufkraft_je_ew", "bip_je_ew", "einkommen_verfuegbar_je_ew", "steuerkraft_je_ew",
                    "mietpreis_angebot", "wohnflaeche_je_ew", "bevoelkerungsdichte", "haushaltsgroesse")


def impossible(indicator: str, values: pd.Series) -> pd.Series:
    """The reason each value of ``indicator`` is impossible ("" where it is plausible): ≤ 0 for
    the amounts in :data:`MUST_BE_POSITIVE`, outside 0–100 for a share in %."""
    reason = pd.Series("", index=values.index, dtype=object)
    if indicator in MUST_BE_POSITIVE:
        reason[values <= 0] = "amount_le_0"
    elif str(store.catalog().loc[indicator, "unit"]).strip() == "%" and store.catalog().loc[indicator, "kind"] == "rate":
        reason[(values < 0) | (values > 100)] = "share_outside_0_100"
    return reason


def screen(indicator: str, rows: pd.DataFrame, year: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``rows`` (ags, value) with impossible values set to NaN, and the set-aside values
    (ags, indicator, year, value, reason)."""
    reason = impossible(indicator, rows["value"])
    bad = rows[reason != ""].assign(indicator=indicator, year=year, reason=reason[reason != ""])
    rows = rows.copy()
    rows.loc[reason != "", "value"] = np.nan
    return rows, bad[["ags", "indicator", "year", "value", "reason"]].reset_index(drop=True)


def kreis_values(indicator: str, year: int, category: str = "insgesamt") -> pd.DataFrame:
    """Values of ``indicator`` in ``year`` for the Kreise of the newest Gemeindeverzeichnis:
    columns ags, value (NaN where the publisher printed a sign), flag, source. For a
    classification the class number is the value (its label is the category). Values are not
    screened here (see :func:`screen`). A feature of :data:`ZENSUS_2022_BASIS` is formed from
    its parts in a year the Zensus-2022-based population exists."""
    parts = _z22_parts(indicator, year)
    if parts is not None:
        num, den = (kreis_values(p, year).set_index("ags") for p in parts)
        out = num[["value"]].join(den["value"].rename("den"), how="inner")
        out["value"] = out["value"] / out["den"]
        out["flag"] = ""
        out["source"] = num["source"] + " | " + den["source"].reindex(out.index)
        return out.reset_index()[["ags", "value", "flag", "source"]]
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
    parts = _z22_parts(indicator, year)
    if parts is not None:
        num, den = (data.region_total(p, reg, year)["value"].iloc[0] for p in parts)
        return float(num / den), f"sum of {parts[0]} / sum of {parts[1]} (Zensus-2022 basis)"
    kind = store.catalog().loc[indicator, "kind"]
    if kind == "class":
        if len(reg.kreise) == 1:
            v = kreis_values(indicator, year)
            v = v.loc[v["ags"] == reg.kreise[0], "value"]
            return (float(v.iloc[0]) if len(v) else np.nan), "published class"
        peers = compare.bbsr_peers(Region(reg.key, reg.label, reg.kreise, "kreis"))
        v = kreis_values(indicator, year)
        return float(v.loc[v["ags"] == peers.codes[0], "value"].iloc[0]), "type holding most inhabitants"
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


def _scaling(cols: list[str], reference: pd.DataFrame, method: str,
             weights: Mapping[str, float] | None) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Centre, scale and weight of each column in ``cols`` (centre and scale over ``reference``)."""
    centre, scale = standardise(reference[cols], method)
    if (scale <= 0).any() or scale.isna().any():
        flat = list(scale[(scale <= 0) | scale.isna()].index)
        raise ParameterError(f"indicator(s) {flat} do not vary across the Kreise: leave them out")
    w = pd.Series({c: float((weights or {}).get(c, 1.0)) for c in cols})
    if (w < 0).any():
        raise ParameterError("weights must not be negative")
    return centre, scale, w


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
    centre, scale, w = _scaling(cols, candidates if reference is None else reference, method, weights)
    z = (candidates[cols] - centre) / scale
    z0 = (target - centre) / scale
    diff = z - z0
    if distance == "euclidean":
        return np.sqrt((diff ** 2 * w).sum(axis=1))
    return (diff.abs() * w).sum(axis=1)


def largest_gaps(candidates: pd.DataFrame, target: pd.Series, method: str = "zscore",
                 weights: Mapping[str, float] | None = None, reference: pd.DataFrame | None = None,
                 limit: float = CALIPER_SD) -> pd.DataFrame:
    """Module doc step 7: for each row of ``candidates`` the largest standardised gap
    |z_row − z_target| over the columns of ``target`` with weight > 0 (centre and scale of
    ``reference``, default ``candidates``), the column it lies on, and whether it is at most
    ``limit``. Columns ``max_gap``, ``max_gap_feature``, ``close``; index as ``candidates``."""
    cols = list(target.index)
    centre, scale, w = _scaling(cols, candidates if reference is None else reference, method, weights)
    cols = [c for c in cols if w[c] > 0]
    gap = ((candidates[cols] - target[cols]) / scale[cols]).abs()
    return pd.DataFrame({"max_gap": gap.max(axis=1), "max_gap_feature": gap.idxmax(axis=1),
                         "close": pd.array((gap.max(axis=1) <= limit).to_numpy(), dtype="boolean")},
                        index=candidates.index)


def _spec(indicators, years) -> dict[str, int | None]:
    years = dict(years or {})
    unknown = [i for i in years if i not in indicators]
    if unknown:
        raise ParameterError(f"years given for {unknown}, which are not among the indicators")
    return {i: years.get(i) for i in indicators}


def common_spec(regions, indicators=DEFAULT_INDICATORS, years: Mapping[str, int] | None = None,
                coverage: float = 0.95, until: int | None = None) -> tuple[dict, dict, dict]:
    """One year per indicator for all ``regions`` (module doc, step 1), none after ``until``.

    Returns ``(years, values, left_out)``: the year of each indicator used, per region key the
    value and how it was formed, and the indicators left out with the reason."""
    regions = [resolve_region(r) for r in regions]
    for i in indicators:
        data.entry(i)  # unknown ids fail with close matches
    used, values, left_out = {}, {r.key: {} for r in regions}, {}
    for ind, fixed in _spec(list(indicators), years).items():
        tried = covered_years(ind, coverage) if fixed is None else [int(fixed)]
        tried = [y for y in tried if until is None or y <= until]
        if not tried:
            left_out[ind] = f"no year up to {until} with values for {coverage:.0%} of the Kreise"
            continue
        reasons = {}
        for yr in tried:
            got = {r.key: region_value(ind, r, yr) for r in regions}
            got = {k: (np.nan, f"impossible value {v}") if impossible(ind, pd.Series([v])).iloc[0] else (v, note)
                   for k, (v, note) in got.items()}
            missing = {k: v for k, v in got.items() if np.isnan(v[0])}
            if not missing:
                used[ind] = yr
                for k, v in got.items():
                    values[k][ind] = v
                break
            reasons = missing
        else:
            span = str(tried[0]) if len(tried) == 1 else f"{tried[-1]}–{tried[0]}"
            named = "; ".join(f"{k}: {note}" for k, (_, note) in reasons.items())
            left_out[ind] = f"no common year in {span} with a value for every region ({named})"
    return used, values, left_out


def twins(region, k: int = 5, indicators=DEFAULT_INDICATORS, method: str = "zscore",
          distance: str = "euclidean", weights: Mapping[str, float] | None = None,
          years: Mapping[str, int] | None = None, log=DEFAULT_LOG, coverage: float = 0.95,
          vergleich=None, until: int | None = None) -> pd.DataFrame:
    """The ``k`` Kreise most similar to ``region`` on structural ``indicators`` (module doc),
    each indicator in a year up to ``until``.

    With ``vergleich`` the features and years are those both regions share, so that
    ``twins(a, vergleich=b)`` and ``twins(b, vergleich=a)`` are measured alike.
    Returns one row per twin, nearest first: ags, name, distance, stability, ``max_gap`` and
    ``max_gap_feature`` (largest standardised gap to the region on any distance feature and
    where), ``close`` (max_gap ≤ :data:`CALIPER_SD`, module doc step 7) and the raw indicator
    values. ``attrs``: method, distance, weights, years, log, indicators used and left
    out (with the reason), ``features`` (those in the distance), ``match`` (the classes matched
    exactly, e.g. {"bbsr_kreistyp": 3.0}), the region's values and how they were formed,
    candidates (Kreise of the region's class with every feature), dropped Kreise, impossible
    values set aside (``excluded``), ``caliper_sd``, ``caliper_text``, sources.
    """
    reg = resolve_region(region)
    if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
        raise ParameterError(f"k must be a positive whole number, not {k!r}")
    if method not in METHODS:
        raise ParameterError(f"method must be one of {METHODS}, not {method!r}")
    indicators = list(indicators)
    if not indicators:
        raise ParameterError("give at least one structural indicator")
    pair = [reg] if vergleich is None else [reg, resolve_region(vergleich)]
    used_years, values, left_out = common_spec(pair, indicators, years, coverage, until)
    if not used_years:
        raise NoDataError(f"none of the indicators has a value for {reg.label}: {left_out}")
    table, frame, excluded, sources = feature_frame(used_years, log)
    target = pd.Series({i: values[reg.key][i][0] for i in used_years})
    notes = {i: values[reg.key][i][1] for i in used_years}
    for ind in log:
        if ind in target:
            if target[ind] <= 0:
                raise ParameterError(f"{ind} has values ≤ 0: it cannot be log-transformed")
            target[ind] = np.log(target[ind])
    match = {i: float(target[i]) for i in MATCH_EXACTLY if i in target}
    features = [i for i in target.index if i not in match]
    if not features:
        raise ParameterError(f"give at least one structural indicator besides {list(match)} (a class is matched, "
                             "not measured)")
    reference = frame[features].dropna()
    candidates = eligible(frame, match, exclude=not_candidates(pair))
    dropped = sorted(candidates.index[candidates[features].isna().any(axis=1)])
    candidates = candidates[features].dropna()
    if len(candidates) < k:
        raise NoDataError(f"only {len(candidates)} Kreise share the class {match} of {reg.label} and have every "
                          f"indicator: fewer than k = {k}")
    target = target[features]
    d = distances(candidates, target, method, distance, weights, reference).sort_values(kind="stable")
    chosen = d.head(int(k)).index

    def holds(fs):
        top = set(distances(candidates, target[fs], method, distance, weights, reference)
                  .sort_values(kind="stable").head(len(chosen)).index)
        return {a: a in top for a in chosen}

    stability, runs = leave_one_out(features, holds)
    gaps = largest_gaps(candidates.loc[chosen], target, method, weights, reference)
    names = store.names()
    out = pd.DataFrame({"ags": chosen, "name": [names.get(a, a) for a in chosen],
                        "distance": d.loc[chosen].to_numpy(), "stability": [stability[a] for a in chosen],
                        "max_gap": gaps["max_gap"].to_numpy(), "max_gap_feature": gaps["max_gap_feature"].to_numpy(),
                        "close": gaps["close"].array})
    raw = table.reindex(chosen)
    for ind in raw.columns:
        out[ind] = raw[ind].to_numpy()
    used = list(used_years)
    region_values = {i: values[reg.key][i][0] for i in used}
    out.attrs = {
        "region": reg.label, "region_codes": list(reg.kreise), "k": int(k), "method": method,
        "distance": distance, "weights": {i: float((weights or {}).get(i, 1.0)) for i in features},
        "years": used_years, "log": [i for i in log if i in features], "indicators": used,
        "features": features, "match": match,
        "kreistyp_shares": ({int(r.value): float(r.share) for r in compare.kreistyp_shares(reg).itertuples()}
                            if "bbsr_kreistyp" in match and len(reg.kreise) > 1 else {}),
        "common_with": pair[-1].label if vergleich is not None else None,
        "left_out": left_out, "region_values": {i: float(v) for i, v in region_values.items()},
        "region_notes": notes, "candidates": len(candidates), "dropped": dropped, "sources": sources,
        "excluded": excluded.to_dict("records"), "stability_runs": runs, "caliper_sd": CALIPER_SD,
        "caliper_text": CALIPER_TEXT.format(sd=CALIPER_SD, scale="sd" if method == "zscore" else "IQR"),
        "method_text": "k nearest Kreise of the region's BBSR Kreistyp (matched exactly) on standardised "
                       "features; stability = share of leave-one-feature-out runs in which the twin stays "
                       "among the k nearest; close = every feature's standardised gap to the region at most "
                       f"{CALIPER_SD}",
    }
    return out


#: The caliper rule in words (``attrs["caliper_text"]`` of :func:`twins` and the comparator).
CALIPER_TEXT = ("close = on every distance feature |z_twin − z_region| ≤ {sd} ({scale} of the feature over all "
                "Kreise with a value); max_gap = the largest of these gaps, max_gap_feature = where it lies")


def feature_frame(used_years: Mapping[str, int], log=DEFAULT_LOG) -> tuple[pd.DataFrame, pd.DataFrame,
                                                                             pd.DataFrame, dict]:
    """The screened Kreis values of each indicator in its year (one row per Kreis of the newest
    Gemeindeverzeichnis): ``(raw, transformed, excluded, sources)``; ``transformed`` has the
    indicators in ``log`` on a log scale, ``excluded`` lists the impossible values set aside."""
    table, sources, excluded = {}, {}, []
    for ind, yr in used_years.items():
        rows, bad = screen(ind, kreis_values(ind, yr), yr)
        table[ind] = rows.set_index("ags")["value"]
        excluded.append(bad)
        sources = used(sources, feature_sources(ind, yr))
    raw = pd.DataFrame(table).reindex(list(newest_kreise()))
    frame = raw.copy()
    for ind in log:
        if ind in frame:
            if (frame[ind] <= 0).any():
                raise ParameterError(f"{ind} has values ≤ 0: it cannot be log-transformed")
            frame[ind] = np.log(frame[ind])
    excluded = pd.concat([e for e in excluded if len(e)] or excluded[:1], ignore_index=True)
    return raw, frame, excluded, sources


def not_candidates(pair) -> list[str]:
    """Kreise that cannot be twins of ``pair[0]``: its own Kreise and, with a comparison
    ``pair[1]``, the comparison's Kreise and the kreisfreie Städte inside a Landkreis of either
    (e.g. Stadt Coburg inside Landkreis Coburg) — a twin is a third Kreis, never a side of the frame."""
    out = [a for reg in pair for a in reg.kreise]
    if len(pair) > 1:
        out += [c for reg in pair for c in compare.enclosed_cities(reg)]
    return list(dict.fromkeys(out))


def eligible(frame: pd.DataFrame, match: Mapping[str, float], exclude=()) -> pd.DataFrame:
    """Rows of ``frame`` that share every class in ``match`` and are not in ``exclude``."""
    keep = ~frame.index.isin(list(exclude))
    for ind, cls in match.items():
        keep &= frame[ind] == cls
    return frame[keep]


def leave_one_out(features: list[str], holds) -> tuple[dict, int]:
    """Twin stability: each feature is left out in turn; ``holds(remaining features)`` returns
    {key: whether the key's twin is still chosen}. Returns the share of runs in which each key
    holds, and the number of runs (0, with NaN shares, when there is a single feature)."""
    if len(features) < 2:
        return {key: np.nan for key in holds(features)}, 0
    runs = [holds([c for c in features if c != f]) for f in features]
    return {key: sum(r[key] for r in runs) / len(runs) for key in runs[0]}, len(runs)


def with_region(result: pd.DataFrame) -> pd.DataFrame:
    """The twins table of :func:`twins` with the region itself as first row (distance 0)."""
    a = result.attrs
    row = {"ags": ", ".join(a["region_codes"]), "name": a["region"], "distance": 0.0, **a["region_values"]}
    out = pd.concat([pd.DataFrame([row]), result], ignore_index=True)
    out.attrs = a
    return out
