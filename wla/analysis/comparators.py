"""A comparator region of similar make-up: for each member Kreis of a region its nearest
structural twin, together one region of as many Kreise.

Method (stated in the result's ``attrs`` and in the report):

1. Like with like: the features and years are those of the structural twins of the pair
   (:func:`wla.analysis.twins.common_spec` for the region and its comparison), so the
   comparator rests on exactly what ``twins(region, vergleich=...)`` uses. Impossible values
   are set aside (:func:`wla.analysis.twins.screen`).
2. Each member is matched as a Kreis of its own: its screened Kreis values, standardised with
   centre and scale over all Kreise (:func:`wla.analysis.twins.distances`).
3. Make-up: a member's twin shares its BBSR Kreistyp (exact match, as for the twins) **and**
   its kind — kreisfreie Stadt (Gemeindeverzeichnis Textkennzeichen 41/42) or Landkreis (43–45)
   — so that two kreisfreie Städte and two Landkreise are replaced by two kreisfreie Städte and
   two Landkreise of the same settlement types.
4. Not candidates: the region's members, the comparison's members, and the kreisfreie Städte
   inside a Landkreis of either (:func:`wla.analysis.compare.enclosed_cities`, e.g. Stadt
   Coburg beside Landkreis Coburg), so the comparator overlaps neither side of the frame.
5. Distinct twins: the assignment of members to different Kreise with the smallest total
   distance (linear assignment, Kuhn–Munkres; for a single member: its nearest twin).
6. Stability: each distance feature is left out in turn and the whole assignment recomputed;
   ``stability`` = share of these runs in which the member keeps its twin
   (:func:`wla.analysis.twins.leave_one_out`).
7. Caliper (as for the twins, :func:`wla.analysis.twins.largest_gaps`): a partner is ``close``
   when on every distance feature its standardised gap to the member Kreis, |z_partner −
   z_member|, is at most :data:`wla.analysis.twins.CALIPER_SD`; ``max_gap`` and
   ``max_gap_feature`` give the largest gap and where it lies.

The comparator's values are totals over its Kreise formed by the catalogue's totals rules
(:func:`wla.analysis.compare.value`: counts summed, rates from summed numerator and
denominator). It is a statistical look-alike of the region's make-up, not a control group:
differences to it are no effects of anything.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from .. import store
from ..exceptions import NoDataError, ParameterError, WlaError
from ..regions import Region, region as resolve_region
from . import compare
from .indicators import used
from .twins import (CALIPER_SD, CALIPER_TEXT, DEFAULT_INDICATORS, DEFAULT_LOG, MATCH_EXACTLY, METHODS, common_spec,
                    distances, eligible, feature_frame, largest_gaps, leave_one_out, not_candidates)

#: Gemeindeverzeichnis Textkennzeichen of a kreisfreie Stadt (41) or Stadtkreis (42).
KREISFREI = ("41", "42")
#: Headline figures shown for the region, its comparison and the comparator (keys of
#: :data:`wla.analysis.compare.HEADLINES`).
HEADLINE_KEYS = ("bevoelkerung", "schutzsuchende_je_1000", "leerstandsquote", "nettokaltmiete", "ohne_abschluss",
                 "kita_u3", "alq", "alq_auslaender", "steuerkraft")


def kreis_kind() -> pd.Series:
    """``"kreisfrei"`` or ``"landkreis"`` for each Kreis of the newest Gemeindeverzeichnis."""
    k = store.kreise()
    k = k[k["edition"] == k["edition"].max()]
    return pd.Series(np.where(k["textkennzeichen"].isin(KREISFREI), "kreisfrei", "landkreis"), index=k["kreis"])


def _assign(members: list[str], candidates: Mapping[str, pd.DataFrame], target: pd.DataFrame, features,
            method, distance, weights, reference) -> tuple[dict[str, str], dict[str, float]]:
    """Distinct twins with the smallest total distance: member -> twin and member -> distance."""
    pool = sorted(set().union(*(c.index for c in candidates.values())))
    cost = pd.DataFrame(np.inf, index=members, columns=pool)
    for m in members:
        cost.loc[m, candidates[m].index] = distances(candidates[m][features], target.loc[m, features], method,
                                                     distance, weights, reference[features])
    if len(pool) < len(members):
        raise NoDataError(f"only {len(pool)} candidate Kreise for {len(members)} members: no distinct twins")
    big = np.nanmax(cost.replace(np.inf, np.nan).to_numpy()) * len(members) * 10 + 1
    rows, cols = linear_sum_assignment(cost.replace(np.inf, big).to_numpy())
    twin = {members[r]: pool[c] for r, c in zip(rows, cols)}
    gap = [m for m, c in twin.items() if not np.isfinite(cost.loc[m, c])]
    if gap:
        raise NoDataError(f"no distinct twin of the same Kreistyp and kind left for {gap}")
    return twin, {m: float(cost.loc[m, c]) for m, c in twin.items()}


def comparator(region, vergleich, indicators=DEFAULT_INDICATORS, method: str = "zscore",
               distance: str = "euclidean", weights: Mapping[str, float] | None = None,
               years: Mapping[str, int] | None = None, log=DEFAULT_LOG, coverage: float = 0.95,
               until: int | None = None) -> pd.DataFrame:
    """The comparator region of ``region`` (module doc), features and years shared with ``vergleich``.

    Returns one row per member, in the region's order: ``member``, ``member_name``, ``ags``
    and ``name`` of its twin, ``distance``, ``stability``, ``max_gap`` and ``max_gap_feature``
    (largest standardised gap of the twin to the member and where), ``close`` (max_gap ≤
    :data:`~wla.analysis.twins.CALIPER_SD`, module doc step 7), ``kreistyp``, ``kind`` and the
    twin's raw feature values.
    ``attrs``: region, comparison, members, twins (codes), method, distance, features, match
    rule, years, log, left_out, candidates per member, excluded Kreise, impossible values set
    aside, stability runs, total distance, ``caliper_sd``, ``caliper_text``, sources.
    """
    reg, vs = resolve_region(region), resolve_region(vergleich)
    for r in (reg, vs):
        if r.level != "kreis":
            raise ParameterError(f"a comparator region is built from Kreise; {r.label!r} is a set of Gemeinden: "
                                 "build the region from Kreis codes")
    if method not in METHODS:
        raise ParameterError(f"method must be one of {METHODS}, not {method!r}")
    used_years, _, left_out = common_spec([reg, vs], list(indicators), years, coverage, until)
    raw, frame, excluded, sources = feature_frame(used_years, log)
    features = [i for i in used_years if i not in MATCH_EXACTLY]
    if not features:
        raise ParameterError("give at least one structural indicator besides the matched class")
    reference = frame[features].dropna()
    kind = kreis_kind().reindex(frame.index)
    members = list(reg.kreise)
    missing = [m for m in members if frame.loc[m, features].isna().any()]
    if missing:
        raise NoDataError(f"member Kreis(e) {missing} of {reg.label} lack a value of {features}: no twin")
    taken = set(not_candidates([reg, vs]))
    candidates = {}
    for m in members:
        klass = eligible(frame, {i: frame.loc[m, i] for i in MATCH_EXACTLY if i in used_years})
        klass = klass[kind.reindex(klass.index) == kind[m]].dropna(subset=features)
        candidates[m] = klass[~klass.index.isin(list(taken))]
    twin, dist = _assign(members, candidates, frame, features, method, distance, weights, reference)

    def holds(fs):
        again, _ = _assign(members, candidates, frame, fs, method, distance, weights, reference)
        return {m: again[m] == twin[m] for m in members}

    stability, runs = leave_one_out(features, holds)
    gaps = pd.concat([largest_gaps(frame.loc[[twin[m]], features], frame.loc[m, features], method, weights, reference)
                      for m in members])
    names = store.names()
    out = pd.DataFrame({
        "member": members, "member_name": [names.get(m, m) for m in members],
        "ags": [twin[m] for m in members], "name": [names.get(twin[m], twin[m]) for m in members],
        "distance": [dist[m] for m in members], "stability": [stability[m] for m in members],
        "max_gap": gaps["max_gap"].to_numpy(), "max_gap_feature": gaps["max_gap_feature"].to_numpy(),
        "close": gaps["close"].array,
        "kreistyp": [raw.loc[twin[m], "bbsr_kreistyp"] if "bbsr_kreistyp" in raw else np.nan for m in members],
        "kind": [kind[twin[m]] for m in members],
    })
    for ind in used_years:
        out[ind] = raw.reindex(out["ags"])[ind].to_numpy()
    out.attrs = {
        "region": reg.label, "region_codes": members, "vergleich": vs.label, "vergleich_codes": list(vs.kreise),
        "twins": [twin[m] for m in members], "method": method, "distance": distance, "features": features,
        "match": [i for i in MATCH_EXACTLY if i in used_years] + ["kind"], "years": dict(used_years),
        "log": [i for i in log if i in features], "left_out": left_out,
        "candidates": {m: len(candidates[m]) for m in members}, "not_candidates": sorted(taken),
        "excluded": excluded.to_dict("records"), "stability_runs": runs, "total_distance": float(sum(dist.values())),
        "caliper_sd": CALIPER_SD,
        "caliper_text": CALIPER_TEXT.format(sd=CALIPER_SD, scale="sd" if method == "zscore" else "IQR")
        .replace("z_twin − z_region", "z_partner − z_member"),
        "sources": sources,
        "method_text": "per member Kreis its nearest structural twin of the same BBSR Kreistyp and kind (kreisfreie "
                       "Stadt or Landkreis), features and years of the pair's twins, distinct twins with the "
                       "smallest total distance; none of the region's or the comparison's Kreise; totals by the "
                       "catalogue's rules; stability = share of leave-one-feature-out runs in which a member keeps "
                       "its twin; close = every feature's standardised gap of partner to member at most "
                       f"{CALIPER_SD}",
    }
    return out


def as_region(result: pd.DataFrame, label: str) -> Region:
    """The comparator of :func:`comparator` as a region of its twins, named ``label``."""
    codes = tuple(sorted(result.attrs["twins"]))
    return Region("vergleichsverbund_" + "_".join(codes), label, codes, "kreis")


def headlines(regions: list[Region], keys=HEADLINE_KEYS, until: int | None = None, groups=()) -> pd.DataFrame:
    """Headline figures of ``regions`` side by side, each in the newest year (up to ``until``) in
    which every region has a value (:func:`wla.analysis.compare.latest_common_year`), totals by
    the catalogue's rules (:func:`wla.analysis.compare.value`); a region whose key is in
    ``groups`` (the comparator) is a group of Kreise whose value is formed over the members
    :func:`wla.analysis.compare.folded_group` keeps. One row per headline with a common year:
    ``key``, ``year`` and one column per region key (NaN where a total cannot be formed).
    ``attrs``: sources, the region labels by key, headlines without a common year, ``coverage``
    (one dict per group value with members left out: ``key``, ``year``, ``region``, ``kreise``,
    ``von``, ``ausgelassen``)."""
    rows, sources, without, coverage = [], {}, [], []
    groups = set(groups)
    for key in keys:
        h = compare.headline(key)
        year = compare.latest_common_year(h, regions, until, groups)
        if year is None:
            without.append(key)
            continue
        row = {"key": key, "year": year}
        for r in regions:
            try:
                v = compare.group_value(h, r, year) if r.key in groups else compare.value(h, r, year)
            except WlaError:
                row[r.key] = np.nan
                continue
            row[r.key] = v["value"]
            if v.get("ausgelassen"):
                coverage.append({"key": key, "year": year, "region": r.label, "kreise": v["kreise"], "von": v["von"],
                                 "ausgelassen": v["ausgelassen"]})
            sources = used(sources, v["sources"])
        rows.append(row)
    out = pd.DataFrame(rows, columns=["key", "year"] + [r.key for r in regions])
    out.attrs = {"sources": sources, "labels": {r.key: r.label for r in regions}, "without_common_year": without,
                 "coverage": coverage}
    return out
