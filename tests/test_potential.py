"""Settlement potential: distances, scores and weights a reader can check by hand, and real data."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from wla import data, store
from wla.analysis import potential as pot
from wla.exceptions import ParameterError


def test_haversine_one_degree_on_the_equator():
    # one degree of longitude on the equator = 2 pi R / 360 = 111.195 km with R = 6371.0088 km
    assert pot.haversine_km(0, 0, 1, 0) == pytest.approx(2 * math.pi * 6371.0088 / 360)
    assert pot.haversine_km(10.0, 54.0, 10.0, 54.0) == 0


def test_nearest_centre_picks_the_closest():
    points = pd.DataFrame({"lon": [0.0, 2.9], "lat": [0.0, 0.0]})
    centres = pd.DataFrame({"ags": ["a", "b"], "name": ["A", "B"], "lon": [1.0, 3.0], "lat": [0.0, 0.0]})
    out = pot.nearest_centre(points, centres)
    assert list(out["zentrum"]) == ["A", "B"]
    assert out["entfernung_km"].iloc[1] == pytest.approx(0.1 * 2 * math.pi * 6371.0088 / 360)


def _frame():
    # three Gemeinden, values chosen so that min-max scores are 0, 0.5 and 1
    return pd.DataFrame({
        "ags": ["1", "2", "3"], "name": ["Nord", "Mitte", "Süd"],
        "leerstandsquote": [2.0, 4.0, 6.0],          # higher = more: 0, .5, 1
        "veraenderung_prozent": [5.0, 0.0, -5.0],     # lower = more: 0, .5, 1
        "gemeindetyp_code": [10.0, 30.0, 50.0],       # more rural = more: 0, .5, 1
        "entfernung_km": [30.0, 20.0, 10.0],          # nearer = more: 0, .5, 1
    })


def test_minmax_scores_and_equal_weights():
    out = pot.score(_frame()).set_index("name")
    assert out.loc["Süd", "potenzial"] == pytest.approx(100)
    assert out.loc["Mitte", "potenzial"] == pytest.approx(50)
    assert out.loc["Nord", "potenzial"] == pytest.approx(0)
    assert list(out.sort_values("rang").index) == ["Süd", "Mitte", "Nord"]


def test_weights_change_the_order():
    frame = _frame()
    frame["entfernung_km"] = [10.0, 20.0, 30.0]  # now Nord is nearest
    out = pot.score(frame, {"erreichbarkeit": 3.0, "leerstand": 1.0}).set_index("name")
    # Nord: (3*1 + 1*0)/4*100 = 75; Mitte: (3*.5 + 1*.5)/4*100 = 50; Süd: (0 + 1)/4*100 = 25
    assert out["potenzial"].to_dict() == pytest.approx({"Nord": 75.0, "Mitte": 50.0, "Süd": 25.0})


def test_rank_method_and_missing_values_stay_missing():
    frame = _frame()
    frame.loc[1, "leerstandsquote"] = np.nan
    out = pot.score(frame, method="rank").set_index("name")
    assert math.isnan(out.loc["Mitte", "potenzial"]) and pd.isna(out.loc["Mitte", "rang"])
    assert out.loc["Süd", "s_leerstand"] == 1 and out.loc["Nord", "s_leerstand"] == 0


def test_weights_are_checked():
    with pytest.raises(ParameterError, match="alterung"):
        pot.score(_frame(), {"alterung": 1})
    with pytest.raises(ParameterError, match="unknown component"):
        pot.score(_frame(), {"leerstnd": 1})
    with pytest.raises(ParameterError, match=">= 0"):
        pot.score(_frame(), {"leerstand": -1})
    with pytest.raises(ParameterError, match="at least one"):
        pot.score(_frame(), {"leerstand": 0})


def test_jaccard_and_sensitivity_on_the_hand_made_frame():
    assert pot.jaccard(["a", "b"], ["b", "c"]) == pytest.approx(1 / 3)
    table = pot.sensitivity(_frame(), top=2).set_index("variante")
    assert table.loc["Basis", "jaccard"] == 1 and table.loc["Basis", "top"] == "Süd, Mitte"
    # every component points the same way here, so every variant keeps the same top two
    assert (table["gemeinsam"] == 2).all()
    assert len(table) == 1 + 4 + 4


def test_real_coburg_values_come_from_the_snapshot():
    frame, sources, meta = pot.potential("coburg")
    assert len(frame) == 17 and meta["n_bewertet"] == 17
    row = frame.set_index("ags").loc["09473112"]  # a member Gemeinde; values are checked against wla.load
    vac = data.load("leerstandsquote", "coburg", level="gemeinde").set_index("ags")["value"]
    assert row["leerstandsquote"] == vac["09473112"]
    pop = data.load("bevoelkerung", "coburg", level="gemeinde", years=[2013, 2023], category="insgesamt")
    a, b = (pop[(pop["ags"] == "09473112") & (pop["year"] == y)]["value"].iloc[0] for y in (2013, 2023))
    assert row["veraenderung_prozent"] == pytest.approx((b - a) / a * 100)
    # the nearest central place is a Mittel- or Oberzentrum and no other one is nearer
    zo = data.load("bbsr_zentraler_ort", level="gemeinde")
    centres = zo[zo["value"].isin([1, 2])]
    gaz = store.gazetteer().sort_values("edition").drop_duplicates("ags", keep="last").set_index("ags")
    d = pot.haversine_km(row["lon"], row["lat"], gaz.loc[centres["ags"], "lon"], gaz.loc[centres["ags"], "lat"])
    assert row["entfernung_km"] == pytest.approx(d.min())
    assert row["zentrum_ags"] in set(centres["ags"])
    assert frame["potenzial"].between(0, 100).all() and frame["rang"].min() == 1
    assert any("Zensus 2022" in s for s in sources) and any("Raumabgrenzungen" in s for s in sources)
    assert "Kreis" in meta["alterung"]


def test_real_kielregion_leaves_unpublished_vacancy_unscored():
    frame, _, meta = pot.potential("kielregion")
    no_vacancy = frame["leerstandsquote"].isna()
    assert no_vacancy.sum() > 0
    assert frame.loc[no_vacancy, "potenzial"].isna().all()
    assert len(meta["ohne_wert"]) == frame["potenzial"].isna().sum()
