"""Benchmarking: where a region stands among its structural twins, the Kreise of its BBSR
Kreistyp and all Kreise in Germany, for a few outcomes.

For an outcome, a focal region R (with value v, a proper total: :func:`wla.analysis.compare.value`)
and a group G of Kreise (R's own Kreise removed, m Kreise with a value left):

- rank = 1 + number of Kreise in G with a higher value (1 = highest of the m + 1 units);
- percentile = 100 × (number of Kreise in G with a lower value) / m;
- group value = the pooled value of all Kreise of G (again :func:`compare.value`, so sums of
  counts, never means of rates; Germany: the publisher's national row where there is one),
  difference = v − group value.

A region of several Kreise is ranked as one unit against single Kreise. Kreise whose count the
publisher reports inside another Kreis (e.g. protection seekers of Landkreis Kassel in the city
of Kassel) are left out of the ranking of that outcome together with the Kreis holding them,
because their per-inhabitant values would be wrong; they stay in pooled totals.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import store
from ..exceptions import NoDataError, ParameterError
from ..regions import Region, region as resolve_region
from . import compare
from .indicators import population_id
from .twins import kreis_values, twins as find_twins


@dataclass(frozen=True)
class Outcome:
    """An outcome to benchmark: the headline ``headline`` of :mod:`compare` in ``year``, minus
    the headline ``minus`` if given (a gap in percentage points)."""

    key: str
    label_de: str
    label_en: str
    unit: str
    headline: str
    year: int
    minus: str = ""
    decimals: int = 1

    def label(self, lang: str) -> str:
        return self.label_de if lang == "de" else self.label_en


OUTCOMES = (
    Outcome("schutzsuchende_je_1000", "Schutzsuchende je 1.000 Einwohner", "Protection seekers per 1,000 inhabitants",
            "je 1.000 EW", "schutzsuchende_je_1000", 2024),
    Outcome("alq_auslaender", "Arbeitslosenquote Ausländer", "Unemployment rate, foreigners", "%",
            "alq_auslaender", 2025),
    Outcome("alq_abstand", "Abstand Arbeitslosenquote Ausländer – insgesamt",
            "Gap unemployment rate foreigners – all", "Prozentpunkte", "alq_auslaender", 2025, minus="alq"),
    Outcome("ohne_abschluss", "Schulabgänger ohne Hauptschulabschluss", "School leavers without certificate", "%",
            "ohne_abschluss", 2023),
    Outcome("leerstandsquote", "Leerstandsquote (Zensus 2022)", "Vacancy rate (census 2022)", "%",
            "leerstandsquote", 2022),
)


def outcome(key: str) -> Outcome:
    for o in OUTCOMES:
        if o.key == key:
            return o
    raise ParameterError(f"unknown outcome {key!r}; known: {[o.key for o in OUTCOMES]}")


def _kreis_headline(h: compare.Headline, year: int) -> tuple[pd.Series, list[str]]:
    """Per-Kreis value of a headline (NaN where a sign was printed) and the sources used."""
    num = kreis_values(h.numerator, year, h.num_category).set_index("ags")
    sources = list(num["source"].unique())
    if h.implied_from or not h.denominator:
        values = num["value"]
    else:
        den_id = population_id(year, None, h.numerator) if h.denominator == "population" else h.denominator
        den = kreis_values(den_id, year).set_index("ags")
        values = num["value"] / den["value"].reindex(num.index) * h.scale
        sources = list(dict.fromkeys(sources + list(den["source"].unique())))
    inside = store.reported_inside()
    inside = inside[(inside["indicator"] == h.numerator) & (inside["year"] == year)]
    unsure = set(inside["ags"]) | set(inside["inside"])
    return values[~values.index.isin(unsure)].dropna(), sources


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


def position(value: float, others: pd.Series) -> dict:
    """Rank (1 = highest) and percentile (share of ``others`` below ``value``, in %) of ``value``
    among ``others`` (NaN left out); see the module doc."""
    others = others.dropna()
    if np.isnan(value) or others.empty:
        return {"n": len(others) + 1, "rank": np.nan, "percentile": np.nan}
    return {"n": len(others) + 1, "rank": int((others > value).sum()) + 1,
            "percentile": float((others < value).sum() / len(others) * 100)}


def benchmark(region, vergleich, k: int = 5, outcomes=OUTCOMES, twins_of: dict | None = None,
              lang: str = "de") -> tuple[pd.DataFrame, list[str]]:
    """Rank, percentile and difference of the region and its comparison among their twins, the
    Kreise of their BBSR Kreistyp and Germany, for each outcome (module doc).

    ``twins_of``: optional ready results of :func:`wla.twins` keyed by region key (saves time);
    else the ``k`` twins are computed. Returns the long table and the source lines.
    """
    regions = [resolve_region(region), resolve_region(vergleich)]
    twins_of = dict(twins_of or {})
    totals = _Values()
    germany = resolve_region("deutschland")
    rows, sources = [], []
    for reg in regions:
        tw = twins_of.get(reg.key)
        if tw is None:
            tw = find_twins(reg, k)
        peers = compare.bbsr_peers(reg)
        type_label = peers.label.split(":")[0]
        groups = [
            (("Zwillinge" if lang == "de" else "Twins") + f" ({len(tw)})",
             Region(f"twins_{reg.key}", f"twins of {reg.label}", tuple(tw["ags"]), "kreis")),
            (type_label if lang == "de" else type_label.replace("Kreistyp", "District type"), peers),
            ("Deutschland" if lang == "de" else "Germany", germany),
        ]
        for o in outcomes:
            per_kreis, src = kreis_outcome(o)
            value, more = totals(o, reg)
            for label, group in groups:
                members = [a for a in group.codes if a not in reg.kreise]
                pos = position(value, per_kreis.reindex(members))
                group_value, gsrc = totals(o, group)
                rows.append({"outcome": o.key, "kennzahl": o.label(lang), "einheit": o.unit, "jahr": o.year,
                             "region": reg.label, "gruppe": label, "wert": value, **pos,
                             "gruppenwert": group_value, "differenz": value - group_value})
                sources = list(dict.fromkeys(sources + src + more + gsrc))
    if not rows:
        raise NoDataError("no outcome could be benchmarked")
    return pd.DataFrame(rows), sources


def display(table: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """A :func:`benchmark` table for reports: rank as "r von n", figures rounded per outcome."""
    from ..present.fmt import number

    de = lang == "de"
    word = "von" if de else "of"
    rows = []
    for r in table.itertuples():
        d = outcome(r.outcome).decimals
        rows.append({
            "Kennzahl" if de else "Indicator": f"{r.kennzahl} ({r.jahr})",
            "Region": r.region, "Gruppe" if de else "Group": r.gruppe,
            "Wert" if de else "Value": number(r.wert, d),
            "Rang" if de else "Rank": "–" if np.isnan(r.rank) else f"{int(r.rank)} {word} {r.n}",
            "Perzentil" if de else "Percentile": number(r.percentile, 0),
            "Gruppenwert" if de else "Group value": number(r.gruppenwert, d),
            "Differenz" if de else "Difference": number(r.differenz, d),
        })
    return pd.DataFrame(rows)
