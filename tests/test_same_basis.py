"""Both sides of one table measured alike: the members tables of a pair show one population
count (same 31 December, same basis), read back from the raw Gemeindeverzeichnis."""
from __future__ import annotations

import pandas as pd
import pytest

from wla.analysis import compare, profile
from wla.paths import raw_dir


@pytest.fixture(scope="module")
def gv_2023() -> pd.DataFrame:
    """Satzart-60 (Gemeinde) rows of the raw GV 31.12.2023: Kreis key, Gemeinde key, population."""
    raw = pd.read_excel(raw_dir() / "gemeinden" / "gerda_destatis_31122023_Auszug_GV.xlsx", sheet_name=1,
                        header=None, dtype=str)
    rows = raw[raw[0] == "60"]
    return pd.DataFrame({"kreis": rows[2] + rows[3] + rows[4], "ags": rows[2] + rows[3] + rows[4] + rows[6],
                         "einwohner": rows[9].astype(float)})


def test_a_gemeinde_set_and_a_kreis_show_the_same_date_and_basis(gv_2023):
    # review 2, P1 #5: Neustadt bei Coburg + Rödental (GV, Zensus-2011 basis) beside Kulmbach (12411, 2024)
    regions = compare.table_regions("09473151,09473159", "09477")
    basis = profile.common_population(regions)
    assert basis == ("bevoelkerung", 2023)        # the Gemeinden have no 12411 count: GV 31.12.2023 for both
    tables = [profile.members(r, population=basis) for r in regions]
    assert {(t.attrs["pop_year"], t.attrs["pop_basis"]) for t in tables} == {(2023, "Zensus 2011")}
    gemeinden, kulmbach = tables
    expected = gv_2023.set_index("ags")["einwohner"]
    assert gemeinden.set_index("ags")["einwohner"].drop("").to_dict() == {
        "09473151": expected["09473151"], "09473159": expected["09473159"]}
    assert gemeinden["einwohner"].iloc[-1] == expected["09473151"] + expected["09473159"] == 15089 + 12947
    assert kulmbach["einwohner"].iloc[0] == gv_2023.loc[gv_2023["kreis"] == "09477", "einwohner"].sum() == 71956


def test_a_pair_of_kreise_shows_the_zensus_2022_count():
    regions = compare.table_regions("kielregion", "coburg")
    assert profile.common_population(regions) == ("bevoelkerung_z22", 2024)
    assert profile.common_population(regions, until=2023) == ("bevoelkerung_z22", 2023)
    t = profile.members("coburg", population=profile.common_population(regions))
    assert t.attrs["pop_basis"] == "Zensus 2022" and t["einwohner"].iloc[0] == 84468


def test_population_change_period_is_one_both_sides_have():
    # Landkreis Göttingen (03159) was formed in 2016 from 03152 Göttingen and 03156 Osterode: the
    # Gemeindeverzeichnis of 31.12.2013 has no Gemeinde key 03159…, so page 00 of Göttingen vs
    # Stadt Coburg once failed ("no gemeinde values for [2013]"); both sides now share 2017–2023
    from wla import data
    from wla.analysis import profile

    rows = data.load("bevoelkerung", level="gemeinde", category="insgesamt")
    assert not rows.loc[rows["year"] == 2013, "ags"].str.startswith("03159").any()
    first = int(rows.loc[rows["ags"].str.startswith("03159"), "year"].min())
    assert profile.change_years(None, ("03159", "09463")) == (first, 2023) == (2017, 2023)
    assert profile.change_years(None, ("kielregion", "coburg")) == (2013, 2023)
    for spec in ("03159", "09463"):
        change = profile.population_change(spec, first, 2023)
        assert len(change) > 0 and change.attrs["start"] == first
