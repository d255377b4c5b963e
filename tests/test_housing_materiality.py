"""The materiality rule of the vacancy × shrinking finding (REVIEW4 #12): vacant dwellings in
shrinking high-vacancy Gemeinden per 1,000 inhabitants of the region, recomputed from the raw
Zensus 2022 Gemeinde extract, and the class the finding gets from it."""
from pathlib import Path

import pandas as pd
import pytest

from wla.analysis import findings, housing
from wla.regions import region

CENSUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "gemeinden" / "gerdapkg_census_2022_internal_EXTRACT.csv"


def _raw_per_1000(key: str) -> tuple[float, float, float]:
    """(vacant dwellings of the Gemeinden the rule picks, inhabitants of the region, per 1,000) from the raw file."""
    census = pd.read_csv(CENSUS, dtype={"ags": str})
    reg = region(key)
    mine = census[reg.contains(census["ags"])]
    picked = set(housing.vacancy_and_shrinking(key).query("beides")["ags"])
    rows = mine[mine["ags"].isin(picked)]
    vacant = (rows["vacancy_rate_census22"] * rows["total_dwellings_census22"] / 100).sum()
    people = mine["population_census22"].sum()
    return vacant, people, vacant / people * 1000


@pytest.mark.parametrize("key, vacant, per_1000, material", [
    ("kielregion", 177, 0.24, False),   # 16 Gemeinden, about 177 flats for 734,135 inhabitants
    ("01054", 27, 0.16, False),         # Nordfriesland: 2 Gemeinden, about 27 flats
    ("coburg", 899, 10.69, True),       # 4 Gemeinden, about 899 flats for 84,106 inhabitants
])
def test_vacant_flats_per_1000_inhabitants_decide_materiality(key, vacant, per_1000, material):
    a = housing.vacancy_and_shrinking(key).attrs
    raw_vacant, raw_people, raw_per_1000 = _raw_per_1000(key)
    assert round(raw_vacant) == vacant and round(raw_per_1000, 2) == per_1000
    assert a["leerstehend_beides"] == pytest.approx(raw_vacant)
    assert a["einwohner"] == pytest.approx(raw_people)
    assert a["leerstehend_je_1000"] == pytest.approx(raw_per_1000)
    assert a["wesentlich_ab"] == housing.MATERIAL_VACANT_PER_1000 == 1.0
    assert a["wesentlich"] is material


@pytest.mark.parametrize("key, klasse", [("kielregion", "context"), ("coburg", "potential")])
def test_the_finding_is_a_potential_only_above_the_threshold(key, klasse):
    row = findings._vacancy_findings(region(key))[0]
    assert row["klasse"] == klasse and row["regel"] == "leerstand"
    assert row["details"]["je_1000"] == pytest.approx(_raw_per_1000(key)[2])
    assert row["details"]["kreise"] == sorted({a[:5] for a in housing.vacancy_and_shrinking(key).query("beides")["ags"]})
