"""Models fitted on real snapshot data, checked against statsmodels and against the formulas."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

import wla
from wla.analysis import models
from wla.exceptions import ParameterError
from wla.paths import data_dir
from wla.regions import newest_kreise


@pytest.fixture(scope="module")
def small_model():
    return models.cross_section("arbeitslosenquote_auslaender", ["auslaenderanteil_zensus", "leerstandsquote"], log=())


def _published():
    frame = pd.DataFrame({
        "y": wla.load("arbeitslosenquote_auslaender", level="kreis", years=2025).set_index("ags")["value"],
        "auslaenderanteil_zensus": wla.load("auslaenderanteil_zensus", level="kreis", years=2022).set_index("ags")["value"],
        "leerstandsquote": wla.load("leerstandsquote", level="kreis", years=2022).set_index("ags")["value"],
    })
    return frame.reindex(list(newest_kreise())).dropna()


def test_cross_section_matches_statsmodels_summary(small_model):
    frame = _published()
    X = sm.add_constant(frame[["auslaenderanteil_zensus", "leerstandsquote"]])
    own = sm.OLS(frame["y"], X).fit(cov_type="HC3")
    summary = own.summary2().tables[1]
    table = small_model.coefficients.set_index("term")
    assert small_model.n == len(frame) == int(own.nobs)
    assert small_model.r2 == pytest.approx(own.rsquared)
    assert table["coef"].to_numpy() == pytest.approx(summary["Coef."].to_numpy())
    assert table["se"].to_numpy() == pytest.approx(summary["Std.Err."].to_numpy())
    assert table["ci_low"].to_numpy() == pytest.approx(summary["[0.025"].to_numpy())


def test_hc3_standard_errors_follow_the_formula(small_model):
    frame = _published()
    X = sm.add_constant(frame[["auslaenderanteil_zensus", "leerstandsquote"]]).to_numpy()
    y = frame["y"].to_numpy()
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    e = y - X @ beta
    bread = np.linalg.inv(X.T @ X)
    h = np.einsum("ij,jk,ik->i", X, bread, X)
    meat = X.T @ (X * (e ** 2 / (1 - h) ** 2)[:, None])
    se = np.sqrt(np.diag(bread @ meat @ bread))
    assert small_model.coefficients["coef"].to_numpy() == pytest.approx(beta)
    assert small_model.coefficients["se"].to_numpy() == pytest.approx(se)
    r2 = 1 - (e ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert small_model.r2 == pytest.approx(r2)


def test_vif_of_two_covariates_is_one_over_one_minus_r2(small_model):
    frame = _published()
    r = np.corrcoef(frame["auslaenderanteil_zensus"], frame["leerstandsquote"])[0, 1]
    vif = small_model.coefficients.set_index("term")["vif"]
    assert vif["auslaenderanteil_zensus"] == pytest.approx(1 / (1 - r ** 2))
    assert np.isnan(vif["const"])


def test_observed_vs_expected_for_coburg(small_model):
    row = models.expected(small_model, "coburg").iloc[0]
    published = wla.load("arbeitslosenquote_auslaender", "coburg", years=2025)["value"].iloc[0]
    assert row["observed"] == published
    assert row["residual"] == pytest.approx(row["observed"] - row["expected"])
    assert row["pi_low"] < row["expected"] < row["pi_high"]
    fitted = small_model.frame.set_index("ags").loc["09473", "fitted"]
    assert row["expected"] == pytest.approx(fitted)


def test_default_model_runs_with_logged_density():
    m = models.cross_section()
    assert "log_bevoelkerungsdichte" in set(m.coefficients["term"])
    assert m.years["alq_auslaender"] == 2025 and m.years["schutzsuchende_je_1000"] == 2024
    from wla.present.ranking import term_labels

    labels = term_labels(m, "de")
    assert labels["const"] == "Konstante" and labels["log_bevoelkerungsdichte"].startswith("log(")
    assert len(models.expected(m, "kielregion")) == 4


def test_panel_with_fixed_effects_and_clustered_errors():
    p = models.panel()
    assert p.notes["years"] == (2012, 2020)  # the INKAR share of protection seekers ends in 2020
    assert p.n == len(p.frame) and p.notes["kreise"] == p.frame["ags"].nunique()
    assert list(p.coefficients["term"]) == list(models.PANEL_COVARIATES)
    assert p.coefficients["coef"].to_numpy() == pytest.approx(p.result.params[list(models.PANEL_COVARIATES)].to_numpy())
    # Frisch-Waugh: the same coefficients from residuals on the two sets of dummies
    d = pd.get_dummies(p.frame[["ags", "year"]].astype(str), drop_first=False, dtype=float).to_numpy()
    x = p.frame[list(models.PANEL_COVARIATES)].to_numpy()
    resid = lambda v: v - d @ np.linalg.lstsq(d, v, rcond=None)[0]  # noqa: E731
    beta = np.linalg.lstsq(resid(x), resid(p.frame["y"].to_numpy()), rcond=None)[0]
    assert p.coefficients["coef"].to_numpy() == pytest.approx(beta)


def test_time_invariant_covariate_is_refused():
    with pytest.raises(ParameterError, match="single year"):
        models.panel(covariates=["leerstandsquote"])
    with pytest.raises(ParameterError, match="outcome"):
        models.cross_section("arbeitslosenquote", ["arbeitslosenquote"])


def test_land_clustered_errors_match_a_direct_statsmodels_call_and_differ_from_hc3(small_model):
    frame = _published()
    X = sm.add_constant(frame[["auslaenderanteil_zensus", "leerstandsquote"]])
    lands = pd.factorize(frame.index.str[:2])[0]
    own = sm.OLS(frame["y"], X).fit(cov_type="cluster", cov_kwds={"groups": lands})
    table = small_model.coefficients.set_index("term")
    assert table["se_land"].to_numpy() == pytest.approx(own.bse.to_numpy())
    assert table["p_land"].to_numpy() == pytest.approx(own.pvalues.to_numpy())
    assert table["ci_low_land"].to_numpy() == pytest.approx(own.conf_int().iloc[:, 0].to_numpy())
    assert small_model.notes["lands"] == frame.index.str[:2].nunique()
    # clustering by Land changes the errors: none equals its HC3 counterpart
    assert not np.isclose(table["se_land"], table["se"], rtol=1e-3).any()


def test_published_zero_purchasing_power_never_enters_the_model():
    # INKAR prints purchasing power 0.00 EUR per head for Kelheim (09273) in 2021: the snapshot's
    # plausibility screen sets it aside (flag q, published value in data/quality.csv) ...
    row = wla.load("kaufkraft_je_ew", level="kreis", years=2021).set_index("ags").loc["09273"]
    assert np.isnan(row["value"]) and row["flag"] == "q"
    quality = pd.read_csv(data_dir() / "quality.csv", dtype={"ags": str})
    kelheim = quality[(quality["indicator"] == "kaufkraft_je_ew") & (quality["ags"] == "09273")]
    assert kelheim["value"].tolist() == [0.0] and kelheim["year"].tolist() == [2021]
    # ... so the cross-section of 2021 does without Kelheim, and says so
    m = models.cross_section()
    assert m.years["kaufkraft_je_ew"] == 2021
    assert "09273" not in set(m.frame["ags"]) and "09273" in m.dropped


def test_panel_is_on_one_boundary_edition():
    p = models.panel()
    # Göttingen (03159) was formed in 2016 from 03152 and 03156, inside the panel span 2012-2020:
    # it does not enter. Wartburgkreis (16063) took Eisenach (16056) in 2021, after the span: it stays.
    assert "03159" in p.notes["boundary_dropped"] and "03159" not in set(p.frame["ags"])
    assert "16063" in set(p.frame["ags"])
    # every Kreis left is observed in every year of the panel
    assert (p.frame.groupby("ags")["year"].nunique() == p.frame["year"].nunique()).all()
    assert models.changed_kreise(2013, 2024) >= {"03152", "03156", "03159", "16056", "16063"}


# --- review 2: no identity in the design, wild-cluster bootstrap, panel sample -------------------


def _raw_13211() -> pd.DataFrame:
    """The BA table 13211-02-05-4 (2025) read straight from the raw file: Kreis rows, Berlin and Hamburg
    from their only rows, the Land rows "11" and "02" (a Land that is one Kreis)."""
    from pathlib import Path

    path = Path("/work/shared/data/kreise/buddemax_destatis_13211-02-05-4.csv")
    raw = pd.read_csv(path, sep=";", encoding="cp1252", skiprows=8, header=None, dtype=str)
    raw[1] = raw[1].str.strip().replace({"02": "02000", "11": "11000"})
    raw = raw[raw[1].str.fullmatch(r"\d{5}", na=False)]
    num = lambda col: pd.to_numeric(raw[col].str.replace(",", "."), errors="coerce").to_numpy()  # noqa: E731
    return pd.DataFrame({"ags": raw[1].to_numpy(), "alq": num(11), "alq_auslaender": num(14)}).set_index("ags")


@pytest.fixture(scope="module")
def default_model():
    return models.cross_section()


def test_design_matrix_holds_no_function_of_the_outcome(default_model):
    # ALQ insgesamt = weighted mean of the foreigners' and the Germans' rates: it contains the outcome
    terms = list(default_model.coefficients["term"])
    assert terms == ["const", "log_bevoelkerungsdichte", "auslaenderanteil_zensus", "schutzsuchende_je_1000",
                     "leerstandsquote", "kaufkraft_je_ew"]
    assert not {"arbeitslosenquote", "arbeitslosenquote_inkar", "alq_abstand"} & set(default_model.frame.columns)
    for overall in ("arbeitslosenquote", "alq_abstand"):
        with pytest.raises(ParameterError, match="contain"):
            models.cross_section(covariates=[overall, "leerstandsquote"])


def test_the_panel_has_no_regressor_built_on_the_same_unemployed():
    # foreigners' share of the unemployed = U_f / U; the overall rate = U / labour force: both hold U
    assert "arbeitslosenquote_inkar" not in models.PANEL_COVARIATES
    with pytest.raises(ParameterError, match="by construction"):
        models.panel(covariates=["auslaenderanteil", "arbeitslosenquote_inkar"])


def test_default_model_reproduces_on_independently_read_data(default_model):
    raw = _raw_13211()
    seekers = wla.load("schutzsuchende", level="kreis", years=2024, category="insgesamt").set_index("ags")["value"]
    pop = wla.load("bevoelkerung_z22", level="kreis", years=2024, category="insgesamt").set_index("ags")["value"]
    frame = pd.DataFrame({
        "y": raw["alq_auslaender"],
        # density 2023 on the Zensus-2022 basis: 12411 population / GV area
        "log_bevoelkerungsdichte": np.log(
            wla.load("bevoelkerung_z22", level="kreis", years=2023, category="insgesamt").set_index("ags")["value"]
            / wla.load("flaeche_km2", level="kreis", years=2023).set_index("ags")["value"]),
        "auslaenderanteil_zensus": wla.load("auslaenderanteil_zensus", level="kreis", years=2022).set_index("ags")["value"],
        "schutzsuchende_je_1000": seekers / pop * 1000,
        "leerstandsquote": wla.load("leerstandsquote", level="kreis", years=2022).set_index("ags")["value"],
        # purchasing power in 1,000 EUR per inhabitant (the model's unit: a coefficient per 1,000 EUR)
        "kaufkraft_je_ew": wla.load("kaufkraft_je_ew", level="kreis", years=2021).set_index("ags")["value"] / 1000,
    }).reindex(list(default_model.frame["ags"]))
    assert not frame.isna().any().any()
    X = sm.add_constant(frame.drop(columns="y"))
    own = sm.OLS(frame["y"], X).fit(cov_type="HC3")
    table = default_model.coefficients.set_index("term")
    assert table["coef"].to_numpy() == pytest.approx(own.params.to_numpy())
    assert table["se"].to_numpy() == pytest.approx(own.bse.to_numpy())
    assert default_model.r2 == pytest.approx(own.rsquared)
    lands = frame.index.str[:2]
    cl = sm.OLS(frame["y"], X).fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(lands)[0]})
    assert table["se_land"].to_numpy() == pytest.approx(cl.bse.to_numpy())


def test_cluster_count_is_the_number_of_laender_with_data(default_model):
    raw = _raw_13211()
    # Länder with at least one Kreis that has the outcome and every covariate: Hamburg and Berlin are in
    # (their Land rows are their Kreis rows); all six Saarland Kreise have their protection seekers reported
    # together (12531 prints "." for them), so Saarland has no Kreis with all values
    with_outcome = {a[:2] for a in raw["alq_auslaender"].dropna().index}
    assert "02" in with_outcome and "11" in with_outcome
    assert {"02000", "11000"} <= set(default_model.frame["ags"])
    assert not any(a.startswith("10") for a in default_model.frame["ags"])
    assert default_model.notes["lands"] == default_model.frame["ags"].str[:2].nunique() == 15
    from wla.present.ranking import inference_text, model_text

    assert "15 Cluster" in inference_text(default_model, "de") and "15 von 16" in inference_text(default_model, "de")
    # REVIEW9_K #8, REVIEW9_BE #22: the missing Land is named with its reason, read from
    # data/reported_inside.csv: every other Saarland Kreis is reported inside Saarlouis (10044) in 2024
    inside = pd.read_csv(data_dir() / "reported_inside.csv", dtype=str)
    saar = inside[(inside["year"] == "2024") & inside["ags"].str.startswith("10")]
    assert set(saar["inside"]) == {"10044"} and len(saar) == 5
    assert default_model.notes["lands_missing"] == [
        {"land": "10", "variables": ["schutzsuchende_je_1000"],
         "inside": [{"ags": a, "host": "10044"} for a in sorted(saar["ags"])]}]
    de, en = inference_text(default_model, "de"), inference_text(default_model, "en")
    assert "ohne Saarland" in de and "im Kreis Saarlouis" in de and "Meldeweise" in de
    assert "without Saarland" in en and "district Saarlouis" in en
    assert "im Rest hat kein Kreis alle Werte" not in de
    assert "für die 15 Länder" in model_text(default_model, "de")


def test_wild_cluster_bootstrap_p_is_reproducible_and_matches_explicit_refits(default_model):
    p = default_model.coefficients["p_wild"].to_numpy()
    assert ((p > 0) & (p <= 1)).all()
    frame = default_model.frame
    x_names = list(default_model.coefficients["term"])[1:]
    y, X = frame[default_model.outcome].to_numpy(), sm.add_constant(frame[x_names]).to_numpy()
    groups = frame["ags"].str[:2].to_numpy()
    again = models.wild_cluster_p(y, X, groups)
    assert again == pytest.approx(p)  # fixed seed: the same p each time
    # the same statistic by brute force with statsmodels: restricted fit, Rademacher sign per Land,
    # refit with CR1 errors, compare |t*| with |t|; 49 draws so each refit is a separate OLS
    draws, seed, j = 49, 7, 3  # j = schutzsuchende_je_1000
    codes = pd.factorize(groups)[0]
    weights = np.random.default_rng(seed).choice([-1.0, 1.0], size=(codes.max() + 1, draws))
    t0 = sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": codes}).tvalues[j]
    restricted = sm.OLS(y, np.delete(X, j, axis=1)).fit()
    hits = 0
    for b in range(draws):
        ystar = restricted.fittedvalues + restricted.resid * weights[codes, b]
        tb = sm.OLS(ystar, X).fit(cov_type="cluster", cov_kwds={"groups": codes}).tvalues[j]
        hits += abs(tb) >= abs(t0)
    assert models.wild_cluster_p(y, X, groups, draws=draws, seed=seed)[j] == pytest.approx((1 + hits) / (draws + 1))


def test_panel_states_why_kreise_are_left_out():
    p = models.panel()
    reasons = p.notes["dropped_reasons"]
    assert sum(len(v) for v in reasons.values()) == len(p.notes["boundary_dropped"])
    assert reasons["territory"] == ["03159"]  # Göttingen, formed 2016 inside the span
    # a Kreis left out for the BA outcome lacks a BA value (all unemployed or foreigners) in a panel year
    ba = wla.load("arbeitslose_ba", level="kreis", category="insgesamt")
    fo = wla.load("arbeitslose_auslaender_ba", level="kreis", category="insgesamt")
    years = set(range(2012, 2021))
    for ags in reasons["ba"]:
        have = (set(ba[(ba["ags"] == ags)].dropna(subset=["value"])["year"])
                & set(fo[(fo["ags"] == ags)].dropna(subset=["value"])["year"]))
        assert years - have, ags
    assert len(reasons["ba"]) > len(reasons["territory"])  # most are missing BA values, not mergers
    from wla.present.ranking import panel_text

    text = panel_text(p, "de")
    assert f"{len(reasons['ba'])} ohne BA-Wert" in text and "1 mit geändertem Gebiet" in text


@pytest.mark.parametrize("lang", ["de", "en"])
def test_purchasing_power_reads_per_1000_eur_and_the_interval_states_its_assumption(default_model, lang):
    """REVIEW9_BE #21: the coefficient is per 1,000 EUR (not −0,000689 per EUR), and the
    prediction-interval text says it assumes one residual variance while the coefficients use HC3."""
    from wla.present.ranking import coefficient_table, model_text
    from wla.present.words import t

    table = coefficient_table(default_model, lang)
    row = table[table.iloc[:, 0].str.startswith("Kaufkraft" if lang == "de" else "Purchasing")].iloc[0]
    assert ("in 1.000 EUR" if lang == "de" else "in 1,000 EUR") in row.iloc[0]
    coef = default_model.coefficients.set_index("term").loc["kaufkraft_je_ew", "coef"]
    assert -1 < coef < -0.5  # per 1,000 EUR; per EUR it would be about −0.0007
    assert ("in 1.000 EUR" if lang == "de" else "in 1,000 EUR") in model_text(default_model, lang)
    pi = t("vergleich.erwartung_text", lang, konfidenz=95)
    assert "HC3" in pi and ("gleicher Fehlervarianz" if lang == "de" else "constant error variance") in pi


def test_model_text_says_the_refugee_share_is_part_composition():
    """REVIEW9_K #9: protection seekers per 1,000 move the foreigners' unemployment rate by
    composition; the specification says so where both are in the model, and only there."""
    from wla.present import ranking

    m = models.cross_section()
    assert "schutzsuchende_je_1000" in set(m.coefficients["term"]) and m.outcome == "alq_auslaender"
    assert "keine reine Strukturgröße" in ranking.model_text(m, "de")
    assert "by composition alone" in ranking.model_text(m, "en")
    without = [c for c in models.DEFAULT_COVARIATES if c != "schutzsuchende_je_1000"]
    assert "keine reine Strukturgröße" not in ranking.model_text(models.cross_section(covariates=without), "de")
