"""Benchmarking: where a region stands among its structural twins, the Kreise of its BBSR
Kreistyp and all Kreise in Germany, for a few outcomes.

For an outcome, a focal region R (with value v, a proper total: :func:`wla.analysis.compare.value`)
and a group G of Kreise (R's own Kreise removed, m Kreise with a value left):

- rank = 1 + number of Kreise in G with a higher value (1 = highest of the m + 1 units);
- percentile = 100 × (number of Kreise in G with a lower value) / m;
- group value = the pooled value of all Kreise of G (again :func:`compare.value`, so sums of
  counts, never means of rates; Germany: the publisher's national row where there is one),
  difference = v − group value.

Spread of the rank: the group is resampled with replacement (``draws`` bootstrap draws, fixed
``seed``) and the rank recomputed in each draw; ``rank_low``–``rank_high`` is the central
90 % interval of these ranks (how much the position depends on which Kreise happen to form the
group). Ties count in the region's favour (rank = 1 + number strictly higher).

A region of several Kreise is ranked as one unit against single Kreise. Kreise whose count the
publisher reports inside another Kreis (e.g. protection seekers of Landkreis Kassel in the city
of Kassel) are left out of the ranking of that outcome together with the Kreis holding them,
because their per-inhabitant values would be wrong; they stay in pooled totals.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import store
from ..cache import national
from ..exceptions import NoDataError, ParameterError
from ..regions import Region, region as resolve_region
from . import compare
from .indicators import newest_year, population_id, year_lines
from .twins import kreis_values, twins as find_twins


@dataclass(frozen=True)
class Outcome:
    """An outcome to benchmark: the headline ``headline`` of :mod:`compare` in ``year``, minus
    the headline ``minus`` if given (a gap in percentage points). Reader labels live in
    ``words/vergleich.toml`` (``kennzahl.<key>``)."""

    key: str
    unit: str
    headline: str
    year: int
    minus: str = ""
    decimals: int = 1


OUTCOMES = (
    Outcome("schutzsuchende_je_1000", "je 1.000 EW", "schutzsuchende_je_1000", 2024),
    Outcome("alq_auslaender", "%", "alq_auslaender", 2025),
    Outcome("alq_abstand", "Prozentpunkte", "alq_auslaender", 2025, minus="alq"),
    Outcome("ohne_abschluss", "%", "ohne_abschluss", 2023),
    Outcome("leerstandsquote", "%", "leerstandsquote", 2022),
)
#: Bootstrap draws and seed for the rank spread.
DRAWS = 1000
SEED = 20261130


def outcome(key: str, until: int | None = None) -> Outcome:
    """The outcome ``key``; with ``until`` before its year, the same outcome in the newest year up
    to ``until`` in which the headline's numerator has Kreis values."""
    for o in OUTCOMES:
        if o.key == key:
            if until is None or o.year <= until:
                return o
            years = compare._years(compare.headline(o.headline).numerator)
            return dataclasses.replace(o, year=newest_year(years, until, o.headline))
    raise ParameterError(f"unknown outcome {key!r}; known: {[o.key for o in OUTCOMES]}")


def _kreis_headline(h: compare.Headline, year: int) -> tuple[pd.Series, list[str]]:
    """Per-Kreis value of a headline (NaN where a sign was printed) and the sources used."""
    num = kreis_values(h.numerator, year, h.num_category).set_index("ags")
    sources = year_lines({h.numerator: [year]})
    if h.implied_from or not h.denominator:
        values = num["value"]
    else:
        den_id = population_id(year, None, h.numerator) if h.denominator == "population" else h.denominator
        den = kreis_values(den_id, year).set_index("ags")
        values = num["value"] / den["value"].reindex(num.index) * h.scale
        sources = list(dict.fromkeys(sources + year_lines({den_id: [year]})))
    inside = store.reported_inside()
    inside = inside[(inside["indicator"] == h.numerator) & (inside["year"] == year)]
    unsure = set(inside["ags"]) | set(inside["inside"])
    return values[~values.index.isin(unsure)].dropna(), sources


@national
def kreis_outcome(o: Outcome) -> tuple[pd.Series, list[str]]:
    """Value of the outcome for every Kreis that can be ranked (index ags) and its sources."""
    values, sources = _kreis_headline(compare.headline(o.headline), o.year)
    if o.minus:
        other, more = _kreis_headline(compare.headline(o.minus), o.year)
        values = (values - other).dropna()
        sources = list(dict.fromkeys(sources + more))
    return values, sources


class _Values:
    """Proper totals of outcomes for regions, computed once per (outcome, region)."""

    def __init__(self):
        self.cache: dict = {}

    def __call__(self, o: Outcome, reg: Region) -> tuple[float, list[str]]:
        key = (o.key, reg.codes if reg.key != "deutschland" else "deutschland")
        if key not in self.cache:
            a = compare.value(compare.headline(o.headline), reg, o.year)
            value, sources = a["value"], list(a["sources"])
            if o.minus:
                b = compare.value(compare.headline(o.minus), reg, o.year)
                value = value - b["value"]
                sources = list(dict.fromkeys(sources + list(b["sources"])))
            self.cache[key] = (float(value), sources)
        return self.cache[key]


def position(value: float, others: pd.Series, draws: int = DRAWS, seed: int = SEED) -> dict:
    """Rank (1 = highest), percentile (share of ``others`` below ``value``, in %) and the 90 %
    bootstrap interval of the rank (``rank_low``, ``rank_high``) of ``value`` among ``others``
    (NaN left out); see the module doc."""
    others = others.dropna()
    if np.isnan(value) or others.empty:
        return {"n": len(others) + 1, "rank": np.nan, "rank_low": np.nan, "rank_high": np.nan,
                "percentile": np.nan}
    higher = (others.to_numpy() > value).astype(int)
    rng = np.random.default_rng(seed)
    ranks = 1 + higher[rng.integers(0, len(higher), size=(draws, len(higher)))].sum(axis=1)
    low, high = np.quantile(ranks, [0.05, 0.95], method="inverted_cdf")
    rank = int(higher.sum()) + 1
    return {"n": len(others) + 1, "rank": rank, "rank_low": int(min(low, rank)), "rank_high": int(max(high, rank)),
            "percentile": float((others < value).sum() / len(others) * 100)}


def benchmark(region, vergleich, k: int = 5, outcomes=OUTCOMES, twins_of: dict | None = None,
              until: int | None = None) -> pd.DataFrame:
    """Rank with its spread, percentile and difference of the region and its comparison among
    their twins, the Kreise of their BBSR Kreistyp and Germany, for each outcome (module doc).

    ``twins_of``: optional ready results of :func:`wla.twins` keyed by region key (saves time);
    else the ``k`` twins are computed on the features both regions share. Returns the long
    table (``gruppe``: ``zwillinge``, ``kreistyp`` or ``deutschland``; ``gruppe_n`` its size;
    ``kreistyp`` the type label) with sources and method in ``attrs``. Each outcome is taken in
    its year or, with ``until`` before it, the newest year up to ``until`` (:func:`outcome`); an
    outcome without such a year is left out.
    """
    picked = []
    for o in outcomes:
        try:
            picked.append(outcome(o.key, until) if until is not None else o)
        except NoDataError:
            continue
    outcomes = picked
    regions = [resolve_region(region), resolve_region(vergleich)]
    twins_of = dict(twins_of or {})
    totals = _Values()
    germany = resolve_region("deutschland")
    rows, sources = [], []
    for reg, other in (regions, regions[::-1]):
        tw = twins_of.get(reg.key)
        if tw is None:
            tw = find_twins(reg, k, vergleich=other, until=until)
        peers = compare.bbsr_peers(reg)
        groups = [
            ("zwillinge", Region(f"twins_{reg.key}", f"twins of {reg.label}", tuple(tw["ags"]), "kreis")),
            ("kreistyp", peers),
            ("deutschland", germany),
        ]
        for o in outcomes:
            per_kreis, src = kreis_outcome(o)
            value, more = totals(o, reg)
            for key, group in groups:
                members = [a for a in group.codes if a not in reg.kreise]
                pos = position(value, per_kreis.reindex(members))
                group_value, gsrc = totals(o, group)
                rows.append({"outcome": o.key, "einheit": o.unit, "jahr": o.year, "region": reg.label,
                             "gruppe": key, "gruppe_n": len(members), "kreistyp": peers.label.split(":")[0],
                             "wert": value, **pos, "gruppenwert": group_value, "differenz": value - group_value})
                sources = list(dict.fromkeys(sources + src + more + gsrc))
    if not rows:
        raise NoDataError("no outcome could be benchmarked")
    out = pd.DataFrame(rows)
    out.attrs = {"sources": sources, "method": "rank = 1 + Kreise higher; 90 % bootstrap interval over the group",
                 "draws": DRAWS, "seed": SEED, "k": k}
    return out
