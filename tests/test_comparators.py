"""Comparator region of similar make-up: one twin per member Kreis, checked against the published values."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import wla
from wla import store
from wla.analysis.comparators import as_region, comparator, headlines
from wla.analysis.twins import twins
from wla.exceptions import ParameterError
from wla.regions import newest_kreise, region

KIEL = ("01002", "01004", "01057", "01058")


@pytest.fixture(scope="module")
def kiel():
    return comparator("kielregion", "coburg")


def _kinds():
    k = store.kreise()
    k = k[k["edition"] == k["edition"].max()].set_index("kreis")["textkennzeichen"]
    return k.isin(["41", "42"])  # True: kreisfreie Stadt / Stadtkreis


def test_one_distinct_twin_per_member_of_the_same_type_and_kind(kiel):
    assert kiel["member"].tolist() == list(KIEL)
    assert kiel["ags"].is_unique and len(kiel) == 4
    # none of the region's, the comparison's Kreise, nor Stadt Coburg inside Landkreis Coburg
    assert not set(kiel["ags"]) & (set(KIEL) | {"09473", "09463"})
    types = wla.load("bbsr_kreistyp", level="kreis").set_index("ags")["value"]
    kreisfrei = _kinds()
    for m, t in zip(kiel["member"], kiel["ags"]):
        assert types[t] == types[m]
        assert kreisfrei[t] == kreisfrei[m]
    # two kreisfreie Städte and two Landkreise, like the KielRegion
    assert kreisfrei.reindex(kiel["ags"]).sum() == 2


def test_features_and_years_are_those_of_the_pairs_twins(kiel):
    t = twins("kielregion", vergleich="coburg")
    assert kiel.attrs["years"] == t.attrs["years"]
    assert kiel.attrs["features"] == t.attrs["features"]
    assert kiel.attrs["stability_runs"] == len(t.attrs["features"])
    assert kiel["stability"].between(0, 1).all()


def test_assignment_recomputed_by_hand(kiel):
    # z-scores over all Kreise with every feature (density on a log scale), from the published values
    years = kiel.attrs["years"]
    feats = kiel.attrs["features"]
    values = pd.DataFrame({i: wla.load(i, level="kreis", years=years[i], category="all")
                          .query("category == 'insgesamt'").set_index("ags")["value"] for i in feats})
    if years["bevoelkerungsdichte"] == 2023:  # density on the Zensus-2022 basis: 12411 population / GV area
        pop = wla.load("bevoelkerung_z22", level="kreis", years=2023, category="insgesamt").set_index("ags")["value"]
        values["bevoelkerungsdichte"] = pop / wla.load("flaeche_km2", level="kreis", years=2023).set_index("ags")["value"]
    values = values.reindex(list(newest_kreise()))
    values["bevoelkerungsdichte"] = np.log(values["bevoelkerungsdichte"])
    values = values.dropna()
    z = (values - values.mean()) / values.std(ddof=1)
    types = wla.load("bbsr_kreistyp", level="kreis").set_index("ags")["value"]
    kreisfrei = _kinds()
    taken = set(KIEL) | {"09473", "09463"}

    def dist(m, c):
        return float(np.sqrt(((z.loc[c] - z.loc[m]) ** 2).sum()))

    options = {m: [c for c in z.index if c not in taken and types.get(c) == types[m] and kreisfrei[c] == kreisfrei[m]]
               for m in KIEL}
    for m, t, d in zip(kiel["member"], kiel["ags"], kiel["distance"]):
        assert d == pytest.approx(dist(m, t))
    # no other choice of distinct twins among each member's five nearest has a smaller total distance
    near = {m: sorted(options[m], key=lambda c: dist(m, c))[:5] for m in KIEL}
    best = min(sum(dist(m, c) for m, c in zip(KIEL, combo))
               for combo in itertools.product(*(near[m] for m in KIEL)) if len(set(combo)) == 4)
    assert kiel.attrs["total_distance"] == pytest.approx(best)


def test_comparator_totals_follow_the_catalogue(kiel):
    comp = as_region(kiel, "Vergleichsverbund")
    frame = headlines([region("kielregion"), region("coburg"), comp], keys=("bevoelkerung", "leerstandsquote"))
    pop = wla.load("bevoelkerung_z22", level="kreis", years=2024, category="insgesamt").set_index("ags")["value"]
    row = frame.set_index("key").loc["bevoelkerung"]
    assert row["year"] == 2024
    assert row[comp.key] == pytest.approx(pop.reindex(kiel["ags"]).sum())
    # vacancy: the catalogue's rule is a mean weighted by all dwellings (never a plain mean of the four rates)
    rate = wla.load("leerstandsquote", level="kreis", years=2022).set_index("ags")["value"].reindex(kiel["ags"])
    dwell = wla.load("wohnungen", level="kreis", years=2022, category="insgesamt").set_index("ags")["value"]
    dwell = dwell.reindex(kiel["ags"])
    vac = (rate * dwell).sum() / dwell.sum()
    assert frame.set_index("key").loc["leerstandsquote", comp.key] == pytest.approx(vac)
    assert frame.attrs["sources"]


def test_a_single_kreis_gets_one_twin_and_gemeinden_are_refused():
    one = comparator("01054", "09476")
    assert len(one) == 1 and one["member"].iloc[0] == "01054" and one["ags"].iloc[0] not in ("01054", "09476")
    with pytest.raises(ParameterError, match="Gemeinden"):
        comparator(["09473112", "09473120"], "coburg")
