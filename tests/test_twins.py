"""Structural twins: the distance arithmetic on a hand-made table, and real twins."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wla
from wla.analysis.twins import distances, twins, with_region
from wla.exceptions import ParameterError
from wla.regions import newest_kreise
from wla.present.sources import lines


def _hand_made():
    # x: mean 2, sd 2; y: mean 2, sd sqrt(((0-2)² + (0-2)² + (6-2)²) / 2) = sqrt(12)
    frame = pd.DataFrame({"x": [0.0, 2.0, 4.0], "y": [0.0, 0.0, 6.0]}, index=["A", "B", "C"])
    target = pd.Series({"x": 2.0, "y": 0.0})
    return frame, target


def test_euclidean_distance_on_a_hand_made_table():
    frame, target = _hand_made()
    d = distances(frame, target)
    # A: z = (-1, -1/√3), target (0, -1/√3) -> 1; B equals the target -> 0; C: (1, 2/√3) -> √(1 + 3) = 2
    assert d.to_dict() == pytest.approx({"A": 1.0, "B": 0.0, "C": 2.0})


def test_manhattan_distance_and_weights():
    frame, target = _hand_made()
    assert distances(frame, target, distance="manhattan")["C"] == pytest.approx(1 + np.sqrt(3))
    # weight 4 on x: A's distance becomes √(4 · 1²) = 2
    assert distances(frame, target, weights={"x": 4})["A"] == pytest.approx(2.0)


def test_robust_standardisation_uses_median_and_iqr():
    frame, target = _hand_made()
    # x: median 2, IQR 3 - 1 = 2; y: median 0, IQR 3 - 0 = 3 -> C: √(1² + 2²) = √5
    assert distances(frame, target, method="robust")["C"] == pytest.approx(np.sqrt(5))


def test_bad_parameters_fail_clearly():
    frame, target = _hand_made()
    with pytest.raises(ParameterError, match="distance"):
        distances(frame, target, distance="cosine")
    with pytest.raises(ParameterError, match="negative"):
        distances(frame, target, weights={"x": -1})
    with pytest.raises(ParameterError, match="k must"):
        twins("coburg", k=0)
    with pytest.raises(ParameterError, match="method"):
        twins("coburg", method="rank")


@pytest.fixture(scope="module")
def coburg_twins():
    return twins("coburg", k=5)


def test_coburg_twins_are_real_kreise_with_finite_distances(coburg_twins):
    t = coburg_twins
    assert len(t) == 5
    assert set(t["ags"]) <= set(newest_kreise())
    assert "09473" not in set(t["ags"])
    assert np.isfinite(t["distance"]).all() and (t["distance"] > 0).all()
    assert t["distance"].is_monotonic_increasing
    assert t.attrs["method"] == "zscore" and t.attrs["distance"] == "euclidean"
    assert t.attrs["years"]["leerstandsquote"] == 2022
    # the raw values shown are the published ones
    vac = wla.load("leerstandsquote", level="kreis", years=2022).set_index("ags")["value"]
    assert t["leerstandsquote"].tolist() == vac.reindex(t["ags"]).tolist()


def test_twin_distance_recomputed_from_published_values():
    t = twins("coburg", k=3, indicators=["leerstandsquote", "auslaenderanteil_zensus"], log=())
    values = pd.DataFrame({
        i: wla.load(i, level="kreis", years=2022).set_index("ags")["value"]
        for i in ["leerstandsquote", "auslaenderanteil_zensus"]
    }).reindex(list(newest_kreise())).dropna()
    z = (values - values.mean()) / values.std(ddof=1)
    d = np.sqrt(((z - z.loc["09473"]) ** 2).sum(axis=1)).drop("09473").sort_values()
    assert t["ags"].tolist() == d.index[:3].tolist()
    assert t["distance"].to_numpy() == pytest.approx(d.iloc[:3].to_numpy())


def test_multi_kreis_region_uses_totals_and_excludes_its_members():
    t = twins("kielregion", k=5)
    assert not set(t["ags"]) & {"01002", "01004", "01057", "01058"}
    # the INKAR asking rent is a mean without weights: no total for four Kreise, left out
    assert "mietpreis_angebot" in t.attrs["left_out"]
    assert "mietpreis_angebot" not in t.columns
    share = wla.region_total("auslaenderanteil_zensus", "kielregion", 2022)["value"].iloc[0]
    assert t.attrs["region_values"]["auslaenderanteil_zensus"] == pytest.approx(share)
    first = with_region(t).iloc[0]
    assert first["name"] == "KielRegion" and first["distance"] == 0


@pytest.mark.parametrize("pair", [("kielregion", "coburg"), ("01054", "09476")])
def test_both_sides_of_a_pair_use_the_same_years_and_features(pair):
    a, b = twins(pair[0], vergleich=pair[1]), twins(pair[1], vergleich=pair[0])
    assert a.attrs["years"] == b.attrs["years"]
    assert a.attrs["indicators"] == b.attrs["indicators"]
    assert set(a.columns) == set(b.columns)


def test_kielregion_and_coburg_share_purchasing_power_2020_and_drop_rents():
    # the KielRegion total of purchasing power needs INKAR population weights, which end in 2020;
    # the asking rent has no total for four Kreise -> both sides use 2020 and neither uses rents
    pop_years = set(wla.load("bevoelkerung_inkar", level="kreis")["year"])
    assert 2021 not in pop_years and 2020 in pop_years
    a = twins("coburg", vergleich="kielregion")
    assert a.attrs["years"]["kaufkraft_je_ew"] == 2020
    assert "mietpreis_angebot" not in a.attrs["indicators"] and "mietpreis_angebot" in a.attrs["left_out"]
    alone = twins("coburg")  # alone, Coburg would use the newest year and the rents
    assert alone.attrs["years"]["kaufkraft_je_ew"] == 2021 and "mietpreis_angebot" in alone.attrs["indicators"]


def test_published_zero_purchasing_power_is_set_aside():
    # INKAR publishes purchasing power 0.00 EUR per head for Kelheim (09273) in 2021: impossible
    # (the snapshot's plausibility screen sets it aside with flag q; twins never see the 0.00)
    row = wla.load("kaufkraft_je_ew", level="kreis", years=2021).set_index("ags").loc["09273"]
    assert np.isnan(row["value"]) and row["flag"] == "q"
    t = twins("09476", vergleich="01054")
    assert t.attrs["years"]["kaufkraft_je_ew"] == 2021
    assert "09273" in t.attrs["dropped"] and "09273" not in set(t["ags"])
    # candidates: the Kreise of 09476's own BBSR Kreistyp, without itself and the dropped ones
    types = wla.load("bbsr_kreistyp", level="kreis").set_index("ags")["value"]
    same = types[types == types["09476"]].index
    assert t.attrs["candidates"] == len(set(same) & set(newest_kreise())) - 1 - len(t.attrs["dropped"])


def test_stability_is_the_share_of_leave_one_out_runs_recomputed_by_hand():
    inds = ["leerstandsquote", "auslaenderanteil_zensus", "arbeitslosenquote"]
    t = twins("coburg", k=3, indicators=inds, log=())
    values = pd.DataFrame({
        i: wla.load(i, level="kreis", years=t.attrs["years"][i]).set_index("ags")["value"] for i in inds
    }).reindex(list(newest_kreise())).dropna()
    z = (values - values.mean()) / values.std(ddof=1)

    def nearest(cols):
        d = np.sqrt(((z[cols] - z.loc["09473", cols]) ** 2).sum(axis=1)).drop("09473").sort_values(kind="stable")
        return set(d.index[:3])

    expected = [sum(a in nearest([c for c in inds if c != f]) for f in inds) / 3 for a in t["ags"]]
    assert t["stability"].tolist() == pytest.approx(expected)
    assert t.attrs["stability_runs"] == 3 and t["stability"].between(0, 1).all()


def test_a_region_whose_own_value_is_impossible_falls_back_to_an_earlier_year():
    # Kelheim's purchasing power 2021 is published as 0.00: as a region it uses 2020 instead
    t = twins("09273", vergleich="09473")
    assert t.attrs["years"]["kaufkraft_je_ew"] == 2020
    assert t.attrs["region_values"]["kaufkraft_je_ew"] > 0


def _kreistyp():
    return wla.load("bbsr_kreistyp", level="kreis").set_index("ags")["value"]


def test_twins_of_kiel_all_share_kiels_kreistyp():
    # the BBSR Kreistyp is an ordered class (1 kreisfreie Großstadt … 4 dünn besiedelt): matched
    # exactly, never standardised; Kiel is a kreisfreie Großstadt (type 1 in the BBSR file)
    types = _kreistyp()
    assert types["01002"] == 1
    t = twins("01002", k=10)
    assert (types.reindex(t["ags"]) == types["01002"]).all()
    assert (t["bbsr_kreistyp"] == 1).all()
    assert t.attrs["match"] == {"bbsr_kreistyp": 1.0}
    assert "bbsr_kreistyp" not in t.attrs["features"] and "bbsr_kreistyp" in t.attrs["indicators"]
    # every kreisfreie Großstadt with all features is a candidate, no other Kreis is
    assert t.attrs["candidates"] == int((types == 1).sum()) - 1 - len(t.attrs["dropped"])


def test_kreistyp_is_no_distance_feature():
    # with the Kreistyp among the indicators the distance equals the one computed without it,
    # over the same candidates (Kreise of Coburg's type 3)
    inds = ["leerstandsquote", "auslaenderanteil_zensus"]
    with_type = twins("coburg", k=3, indicators=inds + ["bbsr_kreistyp"], log=())
    values = pd.DataFrame({
        i: wla.load(i, level="kreis", years=2022).set_index("ags")["value"] for i in inds
    }).reindex(list(newest_kreise())).dropna()
    z = (values - values.mean()) / values.std(ddof=1)
    types = _kreistyp()
    same = [a for a in z.index if types.get(a) == types["09473"] and a != "09473"]
    d = np.sqrt(((z.loc[same] - z.loc["09473"]) ** 2).sum(axis=1)).sort_values(kind="stable")
    assert with_type["ags"].tolist() == d.index[:3].tolist()
    assert with_type["distance"].to_numpy() == pytest.approx(d.iloc[:3].to_numpy())
    assert with_type.attrs["stability_runs"] == 2  # the class is not left out: it is no feature


def test_kielregion_twins_share_the_type_most_members_share():
    # Kiel is type 1; Neumünster, Plön and Rendsburg-Eckernförde are type 3 -> the region's type is 3
    types = _kreistyp()
    assert [types[a] for a in ("01002", "01004", "01057", "01058")] == [1, 3, 3, 3]
    t = twins("kielregion", vergleich="coburg")
    assert (types.reindex(t["ags"]) == 3).all()


def _raw_population_2024() -> pd.Series:
    """Inhabitants 31.12.2024 per Kreis, summed over sex straight from the raw 12411 flat file."""
    raw = pd.read_csv("/work/shared/data/kreise/pystatis_destatis_12411-01-01-4_bevoelkerung_2024-12-31_flat.csv",
                      sep=";", encoding="utf-8-sig", dtype={"1_variable_attribute_code": str})
    raw = raw[raw["2_variable_attribute_code"].isin(["GESM", "GESW"])]
    return pd.to_numeric(raw["value"], errors="coerce").groupby(raw["1_variable_attribute_code"]).sum()


def test_kielregion_type_is_the_one_holding_most_inhabitants():
    from wla.analysis.compare import bbsr_peers, kreistyp_shares
    from wla.present.ranking import kreistyp_shares_text

    pop = _raw_population_2024()
    members = ["01002", "01004", "01057", "01058"]
    total = pop[members].sum()
    kiel = pop["01002"] / total * 100                      # type 1: Kiel alone
    rural = pop[["01004", "01057", "01058"]].sum() / total * 100  # type 3: Neumünster, Plön, RD-Eck
    assert 30 < kiel < 40 and rural > 50
    shares = kreistyp_shares(wla.regions.region("kielregion")).set_index("value")["share"]
    assert shares[3.0] == pytest.approx(rural) and shares[1.0] == pytest.approx(kiel)
    assert list(shares.index) == [3.0, 1.0]                # the type with most inhabitants first
    assert bbsr_peers(wla.regions.region("kielregion")).key == "bbsr_kreistyp_3"
    # the twins state the split, so the reader sees the third of inhabitants in the Großstadt
    t = twins("kielregion", vergleich="coburg")
    assert t.attrs["kreistyp_shares"] == pytest.approx({3: rural, 1: kiel})
    text = kreistyp_shares_text("KielRegion", t.attrs["kreistyp_shares"], "de")
    assert "Kreistyp 3" in text and f"{round(kiel)} %" in text


def test_population_decides_the_type_not_the_number_of_kreise():
    from wla.analysis.compare import bbsr_peers
    from wla.regions import Region

    # Kiel (type 1, about 250,000) with Plön (type 3, about 130,000): one Kreis each, Kiel holds more
    # inhabitants, so the pair is type 1 (counting Kreise would tie)
    pop = _raw_population_2024()
    assert pop["01002"] > pop["01057"]
    pair = Region("kiel_ploen", "Kiel + Plön", ("01002", "01057"), "kreis")
    assert bbsr_peers(pair).key == "bbsr_kreistyp_1"


def _population_12411(ags: str, date: str) -> float:
    """Population (Insgesamt) of one Kreis from the raw 12411-01-01-4 flat file (Zensus-2022 basis)."""
    from wla.paths import raw_dir

    path = raw_dir() / "kreise" / f"pystatis_destatis_12411-01-01-4_bevoelkerung_{date}_flat.csv"
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        f = line.split(";")
        if f[5] == "KREISE" and f[7] == ags and f[12] == "Insgesamt":
            return float(f[13])
    raise AssertionError(f"{ags} not in {path.name}")


def test_density_of_2023_rests_on_the_zensus_2022_population():
    # review 2, P2 #11: the twins' density of Landkreis Coburg is 12411 population / GV area (143),
    # not the GV's Zensus-2011-based population (87,259 / 590.41 = 148)
    pop = _population_12411("09473", "2023-12-31")
    assert pop == 84518
    area = wla.load("flaeche_km2", "09473", years=2023)["value"].iloc[0]
    t = twins("coburg", k=3, vergleich="kielregion")
    assert t.attrs["years"]["bevoelkerungsdichte"] == 2023
    assert t.attrs["region_values"]["bevoelkerungsdichte"] == pytest.approx(pop / area)
    assert round(pop / area) == 143
    assert any("12411-01-01-4" in s for s in lines(t.attrs["sources"]))
    # every Kreis in the feature table on the same basis (twins' own values: Kronach 2023)
    from wla.analysis.twins import kreis_values

    dens = kreis_values("bevoelkerungsdichte", 2023).set_index("ags")["value"]
    kronach = _population_12411("09476", "2023-12-31") / wla.load("flaeche_km2", "09476", years=2023)["value"].iloc[0]
    assert dens["09476"] == pytest.approx(kronach)
    # years before 12411 on the Zensus-2022 basis keep the GV density
    assert kreis_values("bevoelkerungsdichte", 2021).set_index("ags")["value"]["09473"] == pytest.approx(
        wla.load("bevoelkerungsdichte", "09473", years=2021)["value"].iloc[0])
