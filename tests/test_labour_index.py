"""Review 4 #10 (page 30): unemployed foreigners of regions of very different size get an index
view beside the counts; its values read back from the raw BA extract."""
from __future__ import annotations

import pandas as pd
import pytest

from wla.analysis import labour
from wla.paths import raw_dir
from wla.present import charts

RAW = "badata_ba_arbeitslose_kreis_x_beruf_2012-2025_auslaender_EXTRACT.csv.gz"


def test_index_of_unemployed_foreigners_matches_the_raw_counts():
    raw = pd.read_csv(raw_dir() / "kreise" / RAW, dtype={"region": str})
    kiel = raw[raw["region"].isin(["01002", "01004", "01057", "01058"])].groupby("year")["total"].sum()
    coburg = raw[raw["region"] == "09473"].groupby("year")["total"].sum()
    series = labour.unemployed_series(["kielregion", "coburg"])
    index = charts.index_series(series, x="year", y="auslaender", hue="region")
    assert index.attrs["index_base"] == 2012
    got = index.set_index(["region", "year"])["index"]
    assert got[("KielRegion", 2025)] == pytest.approx(kiel[2025] / kiel[2012] * 100)        # about 224
    assert got[("Landkreis Coburg", 2025)] == pytest.approx(coburg[2025] / coburg[2012] * 100)  # about 381
    assert got[("KielRegion", 2012)] == got[("Landkreis Coburg", 2012)] == 100
