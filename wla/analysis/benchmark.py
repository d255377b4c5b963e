"""Benchmarking: where a region stands among its structural twins, the Kreise of its BBSR
Kreistyp and all Kreise in Germany, for a few outcomes.

For an outcome, a focal region R (with value v, a proper total: :func:`wla.analysis.compare.value`)
and a group G of units (m units with a value):

- G leaves out the Kreise of both sides of the pair and the kreisfreie Städte inside a
  Landkreis of either (:func:`wla.analysis.twins.not_candidates` of the pair, e.g. Stadt Coburg
  beside Landkreis Coburg) for the twins and the Kreistyp group — so a Kreistyp group is the
  same set of Kreise as the Kreistyp column of the lead table
  (:func:`wla.analysis.compare.side_by_side`) and yields the same value; for Germany only R's
  own Kreise (the group value is the national value);
- rank = 1 + number of units in G with a higher value (1 = highest of the m + 1 units);
- percentile = 100 × (number of units in G with a lower value) / m (:func:`percentiles`, the one
  percentile of the reports: also the fiscal table's, :func:`wla.analysis.finance.fiscal_capacity`);
- group value = the pooled value of the Kreise of G — the same Kreise as the rank
  (again :func:`compare.value`, so sums of counts, never means of rates; Germany: the
  publisher's national row where there is one, R included),
  over the members :func:`compare.folded_group` keeps (columns ``wert_kreise`` of ``wert_von``,
  ``ausgelassen``), difference = v − group value.

Rank interval from measurement precision (not sampling: the groups are complete populations,
so resampling them would express no uncertainty that exists). Every value is known only up to
its precision e: half a unit of the last published digit for a rate the publisher prints
(``Outcome.precision``, e.g. 0.05 for a BA rate with one decimal), plus, for a rate computed
from a count that publishers may round (``Outcome.rounding``), the rounding error of the count
(:func:`rounding_error` of c cells of base b) / denominator × scale of each Kreis, b the rounding base of its Land (:func:`rounding_base`: 5 or 3 where every Kreis
count of the Land in that year is a multiple of it, e.g. 12531 cells rounded to 5, school
leavers in Schleswig-Holstein to 3; else the counts are taken as exact) and c the number of
rounded cells the Kreis count sums (:func:`wla.data.summed_cells`: a 12531-0043 Kreis total adds
up every listed cell of status × sex × nationality, e.g. 155 for Kiel 2024; 1 for a count
published as one cell). The error of c cells is the smaller of the worst case c · b / 2 and two
standard deviations of independent uniform rounding errors, 2 · √(c · b² / 12): for one cell
exactly b / 2, for Kiel's 155 cells ±36 persons (the worst case, ±388, would need every cell off
in the same direction). Cells the publisher rounded to 0 are not listed and not counted: they
pull every Kreis total slightly down, which moves levels more than ranks. Only the numerator's rounding is counted;
a region of several Kreise takes the largest e of its members (an upper bound). A Kreis k and the region R
cannot be told apart when |v_k − v_R| < e_k + e_R; ``rank_low`` counts only the Kreise that are
higher beyond that band, ``rank_high`` also those inside it. Values that differ by less than
their joint precision therefore share a rank interval. Ties count in the region's favour
(rank = 1 + number strictly higher).

A figure counted at the site of an institution (``erhebungsort`` of its headline: school leavers
at the school's site) ranks a side with the kreisfreie Städte inside its Landkreise
(:func:`compare.with_enclosed_cities`, as the findings class it: Landkreis Coburg's Gymnasien are in
the Stadt Coburg); column ``region`` then names that unit ("Coburg, Stadt + Landkreis Coburg").

A region of several Kreise is ranked as one unit against single Kreise — but not a region that
covers a whole Land of several Kreise (:attr:`wla.regions.Region.whole_laender`, e.g.
Schleswig-Holstein as a comparison): the differences of its Kreise average out, so its place
among single Kreise says nothing; its side has no rows (``attrs["nicht_gerangt"]`` names it).

Kreise whose count the
publisher reports inside another Kreis (e.g. protection seekers of Landkreis Kassel in the city
of Kassel) have no value of their own: the host and the Kreise inside it are ranked as one unit
(:func:`compare.reported_units`, value over all its Kreise, precision the largest of its members)
when the unit lies wholly in the group, and left out when it lies only partly in it. In a group
value such a unit counts as one likewise: left out of numerator and denominator when it lies only
partly in the group (:func:`compare.folded_group`: twins holding Saarlouis, which carries all of
Saarland's protection seekers, without the rest of Saarland).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import data, store
from ..cache import national
from ..exceptions import NoDataError, ParameterError
from ..regions import Region, newest_kreise, region as resolve_region
from . import compare
from .indicators import newest_year, population_id, used
from .twins import kreis_values, not_candidates, twins as find_twins


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
    #: half a unit of the last published digit of a published rate (outcome units; 0: computed)
    precision: float = 0.0
    #: the numerator is a count publishers may round (base per Land: :func:`rounding_base`)
    rounding: bool = False


OUTCOMES = (
    # 12531 cells rounded to multiples of 5 by Destatis
    Outcome("schutzsuchende_je_1000", "je 1.000 EW", "schutzsuchende_je_1000", 2024, rounding=True),
    # BA rates printed with one decimal; the gap is the difference of two such rates
    Outcome("alq_auslaender", "%", "alq_auslaender", 2025, precision=0.05),
    Outcome("alq_abstand", "Prozentpunkte", "alq_auslaender", 2025, minus="alq", precision=0.1),
    # school statistics: some Länder round counts to multiples of 3 or 5
    Outcome("ohne_abschluss", "%", "ohne_abschluss", 2023, rounding=True),
    # Zensus 2022 vacancy rate printed with one decimal
    Outcome("leerstandsquote", "%", "leerstandsquote", 2022, precision=0.05),
)


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


def _denominator(h: compare.Headline, year: int, numerator_id: str) -> tuple[pd.Series, str]:
    den_id = population_id(year, None, numerator_id) if h.denominator == "population" else h.denominator
    return kreis_values(den_id, year).set_index("ags")["value"], den_id


def _kreis_headline(h: compare.Headline, year: int) -> tuple[pd.Series, dict]:
    """Per-Kreis value of a headline (NaN where a sign was printed) and the sources used."""
    num = kreis_values(h.numerator, year, h.num_category).set_index("ags")
    sources = {h.numerator: [year]}
    if h.implied_from or not h.denominator:
        values = num["value"]
    else:
        den, den_id = _denominator(h, year, h.numerator)
        values = num["value"] / den.reindex(num.index) * h.scale
        sources = used(sources, {den_id: [year]})
    inside = store.reported_inside()
    inside = inside[(inside["indicator"] == h.numerator) & (inside["year"] == year)]
    unsure = set(inside["ags"]) | set(inside["inside"])
    return values[~values.index.isin(unsure)].dropna(), sources


@national
def kreis_outcome(o: Outcome) -> tuple[pd.Series, dict]:
    """Value of the outcome for every Kreis that can be ranked (index ags) and its sources."""
    values, sources = _kreis_headline(compare.headline(o.headline), o.year)
    if o.minus:
        other, more = _kreis_headline(compare.headline(o.minus), o.year)
        values = (values - other).dropna()
        sources = used(sources, more)
    return values, sources


def unit_outcome(o: Outcome, values: "_Values", precision: pd.Series) -> tuple[pd.Series, pd.Series, dict]:
    """The units of Kreise the publisher counts as one for the outcome (:func:`compare.reported_units`):
    value (a proper total over all its Kreise) and precision (the largest of its members), both
    indexed by the codes joined with "+", and the members of each unit."""
    units = {"+".join(sorted(u)): sorted(u) for u in compare.reported_units(compare.headline(o.headline), o.year)}
    got = {k: values(o, Region(f"unit_{k}", k, tuple(m), "kreis")) for k, m in units.items()}
    value = pd.Series({k: v[0] for k, v in got.items()}, dtype=float)
    prec = pd.Series({k: float(np.nan_to_num(precision.reindex(m).max())) for k, m in units.items()}, dtype=float)
    return value, prec, {k: (units[k], got[k][1]) for k in units}


def rounding_base(counts: pd.Series) -> pd.Series:
    """Rounding base per Kreis (index ags) of published Kreis ``counts``: 5 or 3 where every
    count of the Kreis's Land is a multiple of it (5 tried first), else 0 (taken as exact)."""
    counts = counts.dropna()
    land = counts.index.str[:2]
    base = pd.Series(0.0, index=counts.index)
    for b in (3, 5):
        whole = (counts % b == 0).groupby(land).transform("all")
        base[whole.to_numpy()] = float(b)
    return base


def kreis_precision(o: Outcome) -> pd.Series:
    """Precision e of the outcome for every Kreis with a value (index ags, outcome units;
    module doc): ``o.precision`` plus :func:`rounding_error` / denominator × scale, b = :func:`rounding_base`,
    c = the rounded cells the count sums (:func:`wla.data.summed_cells`, 1 where published as one)."""
    h = compare.headline(o.headline)
    if not o.rounding:
        return pd.Series(o.precision, index=list(newest_kreise()), dtype=float)
    num = kreis_values(h.numerator, o.year, h.num_category).set_index("ags")["value"]
    den, _ = _denominator(h, o.year, h.numerator)
    base = rounding_base(num)
    cells = data.summed_cells(h.numerator, o.year, h.num_category).reindex(base.index).fillna(1.0)
    return o.precision + rounding_error(cells, base) / den.reindex(base.index).where(lambda d: d > 0) * h.scale


def rounding_error(cells, base):
    """Error bound of a sum of ``cells`` counts each rounded to a multiple of ``base`` (persons):
    the smaller of the worst case c · b / 2 (every cell off by b / 2 in the same direction) and
    two standard deviations of independent rounding errors, uniform on ±b / 2: 2 · √(c · b² / 12)
    (about 95 %). One cell: b / 2 exactly; Kiel 2024, 155 cells of 5: 36 persons, not 388."""
    return np.minimum(cells * base / 2, 2 * np.sqrt(cells * base ** 2 / 12))


class _Values:
    """Proper totals of outcomes for regions, computed once per (outcome, region). A group
    (``group=True``) is formed over the members :func:`wla.analysis.compare.folded_group` keeps:
    returned with the members used, the group's size and the codes left out."""

    def __init__(self):
        self.cache: dict = {}

    def __call__(self, o: Outcome, reg: Region, group: bool = False) -> tuple[float, dict, dict]:
        key = (o.key, reg.codes if reg.key != "deutschland" else "deutschland", group)
        if key not in self.cache:
            parts = [compare.headline(o.headline)] + ([compare.headline(o.minus)] if o.minus else [])
            try:
                got = [compare.group_value(h, reg, o.year) if group else {**compare.value(h, reg, o.year), "ausgelassen": []}
                       for h in parts]
            except NoDataError:  # the region has no value of that year: its rank and value read "k. A."
                if group:
                    raise
                self.cache[key] = (np.nan, {}, {"kreise": 0, "von": len(reg.codes), "ausgelassen": list(reg.codes)})
                return self.cache[key]
            left = sorted({c for g in got for c in g["ausgelassen"]})
            if left and len(got) > 1:  # both parts over the same members
                kept = Region(f"{reg.key}_ohne", reg.label, tuple(c for c in reg.codes if c not in left), reg.level)
                got = [{**compare.value(h, kept, o.year), "ausgelassen": left} for h in parts]
            value = got[0]["value"] - (got[1]["value"] if o.minus else 0.0)
            sources = used(*(g["sources"] for g in got))
            cover = {"kreise": len(reg.codes) - len(left), "von": len(reg.codes), "ausgelassen": left}
            self.cache[key] = (float(value), sources, cover)
        return self.cache[key]


def percentiles(values: pd.Series) -> pd.Series:
    """Percentile 0–100 of each non-missing value among the others: the share (%) of the *other*
    values that are lower (100 = highest, 0 = lowest; ties count as not lower; NaN stays NaN) —
    the one definition of the reports and of the glossary."""
    lower = values.rank(method="min") - 1
    return lower / (values.notna().sum() - 1) * 100


def position(value: float, others: pd.Series, precision: float = 0.0,
             others_precision: pd.Series | float = 0.0) -> dict:
    """Rank (1 = highest), percentile (share of ``others`` below ``value``, in %) and the rank
    interval from measurement precision (``rank_low``, ``rank_high``; module doc) of ``value``
    (precision ``precision``) among ``others`` (precision ``others_precision``, a number or a
    Series aligned with ``others``; NaN values left out)."""
    others = others.dropna()
    if np.isnan(value) or others.empty:
        return {"n": len(others) + 1, "rank": np.nan, "rank_low": np.nan, "rank_high": np.nan,
                "percentile": np.nan}
    band = precision + (others_precision.reindex(others.index).fillna(0) if isinstance(others_precision, pd.Series)
                        else others_precision)
    gap = (others - value).round(9)                # published decimals: no float noise at the edge
    band = np.round(band, 9)
    rank = int((gap > 0).sum()) + 1
    return {"n": len(others) + 1, "rank": rank, "rank_low": int(((gap > 0) & (gap >= band)).sum()) + 1,
            "rank_high": int((gap > -band).sum()) + 1,
            "percentile": float(percentiles(pd.concat([others, pd.Series([value], index=[None])])).iloc[-1])}


def benchmark(region, vergleich, k: int = 5, outcomes=OUTCOMES, twins_of: dict | None = None,
              until: int | None = None) -> pd.DataFrame:
    """Rank with its spread, percentile and difference of the region and its comparison among
    their twins, the Kreise of their BBSR Kreistyp and Germany, for each outcome (module doc).

    ``twins_of``: optional ready results of :func:`wla.twins` keyed by region key (saves time);
    else the ``k`` twins are computed on the features both regions share. Returns the long
    table (``gruppe``: ``zwillinge``, ``kreistyp`` or ``deutschland``; ``gruppe_n`` its size;
    ``kreistyp`` the type label) with sources and method in ``attrs``; ``attrs["germany_gaps"]``:
    per outcome without a value for Germany, why (:func:`wla.analysis.compare.germany_gap`). Each outcome is taken in
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
    rows, sources, type_labels, not_ranked = [], {}, {}, []
    for reg, other in (regions, regions[::-1]):
        if reg.whole_laender:  # a whole Land is no Kreis-sized unit (module doc): not ranked among Kreise
            not_ranked.append(reg.label)
            continue
        tw = twins_of.get(reg.key)
        if tw is None:
            tw = find_twins(reg, k, vergleich=other, until=until)
        peers = compare.bbsr_peers(reg)
        type_labels[peers.label.split(":")[0]] = peers.label
        groups = [
            ("zwillinge", Region(f"twins_{reg.key}", f"twins of {reg.label}", tuple(tw["ags"]), "kreis")),
            ("kreistyp", peers),
            ("deutschland", germany),
        ]
        pair = set(not_candidates([reg, other]))
        for o in outcomes:
            per_kreis, src = kreis_outcome(o)
            precision = kreis_precision(o)
            unit_value, unit_precision, unit_members = unit_outcome(o, totals, precision)
            # counted at the school's site: the side with the kreisfreie Städte inside it (module doc)
            unit = (compare.with_enclosed_cities(reg) if compare.headline(o.headline).erhebungsort else None) or reg
            value, more, _ = totals(o, unit)
            own = float(np.nan_to_num(precision.reindex(list(unit.kreise)).max())) if o.rounding else o.precision
            for key, group in groups:
                drop = set(unit.kreise) if key == "deutschland" else pair
                members = [a for a in group.codes if a not in drop]
                whole = [u for u, (m, _) in unit_members.items() if set(m) <= set(members)]
                others = pd.concat([per_kreis.reindex(members), unit_value.reindex(whole)])
                pos = position(value, others, own, pd.concat([precision, unit_precision]))
                for u in whole:
                    src = used(src, unit_members[u][1])
                if key != "deutschland":  # the group value over the same Kreise as the rank
                    group = Region(group.key, group.label, tuple(members), group.level)
                group_value, gsrc, cover = totals(o, group, group=True)
                rows.append({"outcome": o.key, "einheit": o.unit, "jahr": o.year, "region": unit.label,
                             "gruppe": key, "gruppe_n": len(members), "kreistyp": peers.label.split(":")[0],
                             "wert": value, **pos, "gruppenwert": group_value, "differenz": value - group_value,
                             "wert_kreise": cover["kreise"], "wert_von": cover["von"],
                             "ausgelassen": ",".join(cover["ausgelassen"])})
                sources = used(sources, src, more, gsrc)
    if not rows:
        raise NoDataError("no outcome could be benchmarked")
    out = pd.DataFrame(rows)
    gaps = []
    for o in outcomes:
        lacking = out[(out["outcome"] == o.key) & (out["gruppe"] == "deutschland") & out["gruppenwert"].isna()]
        if len(lacking):
            typed = out[(out["outcome"] == o.key) & (out["gruppe"] == "kreistyp") & out["gruppenwert"].notna()]
            gaps.append({"outcome": o.key, "jahr": o.year, **compare.germany_gap(compare.headline(o.headline), o.year),
                         "gruppen_mit_wert": [type_labels[k] for k in dict.fromkeys(typed["kreistyp"])]})
    out.attrs = {"sources": sources, "k": k, "germany_gaps": gaps, "nicht_gerangt": not_ranked,
                 "method": "rank = 1 + Kreise higher; rank interval from the measurement precision of the values",
                 "precision": {o.key: {"precision": o.precision, "rounding": o.rounding} for o in outcomes}}
    return out
