"""Review 4 #3: a Kreis whose newest BA year holds only "ohne Angabe zum Zielberuf" (Göttingen
03159: 2013, 2015, 2025). The occupation table and the shift-share use the latest year complete
for both sides; the expected values are read from the raw BA extract, not from the code."""
from __future__ import annotations

import pandas as pd
import pytest

from wla.analysis import labour, shift_share
from wla.exceptions import NoDataError
from wla.paths import raw_dir

RAW = "badata_ba_arbeitslose_kreis_x_beruf_2012-2025_auslaender_EXTRACT.csv.gz"


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    """The BA extract as published by the badata package: region, KldB code, year, annual average."""
    frame = pd.read_csv(raw_dir() / "kreise" / RAW, dtype={"region": str, "occupational_group": str})
    return frame[frame["region"].isin(["03159", "09476"])]


def _complete(raw: pd.DataFrame, ags: str) -> set[int]:
    mine = raw[raw["region"] == ags]
    return {int(y) for y, g in mine.groupby("year") if g["total"].notna().all()}


def test_goettingen_lacks_occupations_in_2013_2015_2025(raw):
    goettingen = raw[raw["region"] == "03159"]
    only_one = goettingen.groupby("year")["total"].count()
    assert sorted(only_one[only_one == 1].index) == [2013, 2015, 2025]
    assert goettingen[goettingen["year"] == 2025]["total"].sum() == pytest.approx(719.58, abs=0.01)  # the review's 719.6
    assert max(_complete(raw, "03159") & _complete(raw, "09476")) == 2024


def test_occupation_table_uses_the_latest_year_complete_for_both(raw):
    jobs = labour.occupations("03159", "09476")
    assert jobs.attrs["year"] == 2024 and (jobs["year"] == 2024).all()
    assert jobs.attrs["neuestes_jahr"] == 2025
    assert jobs.attrs["unvollstaendig"] == {"03159": {"name": "Göttingen", "years": [2025]}}
    assert jobs.attrs["sources"] == {"arbeitslose_auslaender_beruf": [2024]}
    # the top group and its share, from the raw file: the largest 2024 group of Göttingen
    year = raw[raw["year"] == 2024]
    mine = year[year["region"] == "03159"].set_index("occupational_group")["total"]
    theirs = year[year["region"] == "09476"].set_index("occupational_group")["total"]
    code = mine.idxmax()
    top = jobs.iloc[0]
    assert top["beruf"].startswith(code) and code == "541"  # 541 Reinigung, not a military group
    assert top["arbeitslose_auslaender"] == pytest.approx(mine[code])
    assert top["anteil"] == pytest.approx(mine[code] / mine.sum() * 100)
    assert top["anteil_vergleich"] == pytest.approx(theirs[code] / theirs.sum() * 100)
    assert jobs["arbeitslose_auslaender"].notna().all() and jobs["arbeitslose_auslaender_vergleich"].notna().all()
    # a pair complete in its newest year keeps it
    assert labour.occupations("kielregion", "coburg").attrs["year"] == 2025


def test_no_common_complete_year_is_said_not_tabled():
    # Göttingen has no complete year up to 2013 after 2012; up to 2011 there is none at all
    assert labour.occupations("03159", "09476", until=2013).attrs["year"] == 2012
    with pytest.raises(NoDataError, match="no year up to 2011"):
        labour.occupations("03159", "09476", until=2011)


def test_shift_share_ends_in_the_last_complete_common_year(raw):
    a = shift_share.shift_share("03159", vergleich="09476")
    b = shift_share.shift_share("09476", vergleich="03159")
    assert (a.attrs["start"], a.attrs["end"]) == (b.attrs["start"], b.attrs["end"]) == (2012, 2024)
    assert a.attrs["unvollstaendig"] == {"03159": {"name": "Göttingen", "years": [2025]}}
    totals = raw.groupby(["region", "year"])["total"].sum()
    assert a.attrs["start_wert"] == pytest.approx(totals[("03159", 2012)])   # 1,246.8
    assert a.attrs["end_wert"] == pytest.approx(totals[("03159", 2024)])     # 3,709.0
    assert b.attrs["end_wert"] == pytest.approx(totals[("09476", 2024)])     # 319.8
    # the rate part follows the same reference set
    assert shift_share.rates("03159", vergleich="09476").attrs["end_shift_share"] == 2024
    # an end year given by the caller that lacks values is still refused, with the Kreis named
    with pytest.raises(NoDataError, match=r"03159 \(2025\)"):
        shift_share.shift_share("03159", 2012, 2025)
