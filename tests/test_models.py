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
    return models.cross_section("arbeitslosenquote_auslaender", ["arbeitslosenquote", "leerstandsquote"], log=())


def _published():
    frame = pd.DataFrame({
        "y": wla.load("arbeitslosenquote_auslaender", level="kreis", years=2025).set_index("ags")["value"],
        "arbeitslosenquote": wla.load("arbeitslosenquote", level="kreis", years=2025).set_index("ags")["value"],
        "leerstandsquote": wla.load("leerstandsquote", level="kreis", years=2022).set_index("ags")["value"],
    })
    return frame.reindex(list(newest_kreise())).dropna()


def test_cross_section_matches_statsmodels_summary(small_model):
    frame = _published()
    X = sm.add_constant(frame[["arbeitslosenquote", "leerstandsquote"]])
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
    X = sm.add_constant(frame[["arbeitslosenquote", "leerstandsquote"]]).to_numpy()
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
    r = np.corrcoef(frame["arbeitslosenquote"], frame["leerstandsquote"])[0, 1]
    vif = small_model.coefficients.set_index("term")["vif"]
    assert vif["arbeitslosenquote"] == pytest.approx(1 / (1 - r ** 2))
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
    X = sm.add_constant(frame[["arbeitslosenquote", "leerstandsquote"]])
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
