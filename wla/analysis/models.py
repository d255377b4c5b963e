"""Regression models across Kreise (statsmodels): a cross-section with robust errors and a
Kreis × year panel with fixed effects. They describe statistical associations; they do not
identify causes (no design here separates what regions do from who lives there).

Cross-section (:func:`cross_section`), one row per Kreis of the newest Gemeindeverzeichnis:
    y_k = β₀ + Σ_j β_j x_jk + ε_k, OLS; standard errors HC3 (MacKinnon & White 1985), confidence
    intervals from them; VIF_j = 1 / (1 − R²_j) of covariate j on the others
    (``statsmodels.stats.outliers_influence.variance_inflation_factor``). Kreise with a missing
    value in any variable are left out (listed), never filled.
Observed vs expected (:func:`expected`): the fitted value ŷ_k of a Kreis, its residual y_k − ŷ_k
    and the prediction interval ŷ_k ± q·√(se(ŷ_k)² + σ̂²), se(ŷ_k) from the HC3 covariance, q the
    normal quantile (in-sample: the Kreis is one of the observations the model was fitted on).
Panel (:func:`panel`), Kreis k and year t:
    y_kt = Σ_j β_j x_jkt + α_k + γ_t + ε_kt, OLS with Kreis and year dummies (two-way fixed
    effects), standard errors clustered by Kreis. Only covariates that change from year to year
    in the snapshot can enter: the INKAR series (e.g. foreigners' share, unemployment rate, share
    of protection seekers), which end in 2020–2022; the panel therefore covers the years in which
    outcome and all covariates exist, fewer than the BA's 2012–2025.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf
from statsmodels.stats.outliers_influence import variance_inflation_factor

from .. import data, store
from ..exceptions import NoDataError, ParameterError
from ..present.fmt import number
from ..regions import newest_kreise, region as resolve_region
from . import benchmark
from .twins import covered_years, kreis_values

#: Cross-section default: foreigners' unemployment rate 2025 (BA, 13211) on structure.
DEFAULT_OUTCOME = "alq_auslaender"
DEFAULT_COVARIATES = ("arbeitslosenquote", "bevoelkerungsdichte", "auslaenderanteil_zensus",
                      "schutzsuchende_je_1000", "leerstandsquote", "kaufkraft_je_ew")
DEFAULT_LOG = ("bevoelkerungsdichte",)
#: Panel default: time-varying INKAR covariates (Zensus 2011 basis).
PANEL_COVARIATES = ("auslaenderanteil", "schutzsuchende_anteil", "arbeitslosenquote_inkar")
PANEL_OUTCOMES = ("anteil_auslaender", "log_auslaender")


@dataclass
class ModelResult:
    """A fitted model with its tidy tables. ``frame``: the data used (ags, name, y, covariates);
    ``coefficients``: term, coef, se, z, p, ci_low, ci_high; ``years`` per variable;
    ``dropped``: Kreise left out for missing values; ``notes``: assumptions stated in reports."""

    kind: str
    outcome: str
    result: object
    frame: pd.DataFrame
    coefficients: pd.DataFrame
    n: int
    r2: float
    years: dict
    sources: list[str]
    dropped: list[str] = field(default_factory=list)
    notes: dict = field(default_factory=dict)


def kreis_variable(spec: str, year: int | None = None) -> tuple[pd.Series, int, list[str]]:
    """Per-Kreis values of ``spec``: an outcome key of :mod:`benchmark` (e.g.
    ``"schutzsuchende_je_1000"``) or an indicator id (newest year covering 95 % of Kreise, or
    ``year``). Returns values indexed by ags (NaN dropped), the year and the sources."""
    if spec in {o.key for o in benchmark.OUTCOMES}:
        o = benchmark.outcome(spec)
        values, sources = benchmark.kreis_outcome(o)
        return values, o.year, sources
    data.entry(spec)
    year = covered_years(spec)[0] if year is None else int(year)
    rows = kreis_values(spec, year)
    return rows.set_index("ags")["value"].dropna(), year, list(rows["source"].unique())


def _table(result, alpha: float) -> pd.DataFrame:
    ci = result.conf_int(alpha)
    return pd.DataFrame({
        "term": result.params.index, "coef": result.params.to_numpy(), "se": result.bse.to_numpy(),
        "z": result.tvalues.to_numpy(), "p": result.pvalues.to_numpy(),
        "ci_low": ci.iloc[:, 0].to_numpy(), "ci_high": ci.iloc[:, 1].to_numpy(),
    })


def cross_section(outcome: str = DEFAULT_OUTCOME, covariates=DEFAULT_COVARIATES, log=DEFAULT_LOG,
                  years: dict | None = None, alpha: float = 0.05) -> ModelResult:
    """OLS across all Kreise of ``outcome`` on ``covariates`` with HC3 errors (module doc).

    Variables named in ``log`` enter as natural logarithms (column ``log_<id>``); ``years``
    fixes the year of indicator ids (default: newest year covering 95 % of the Kreise)."""
    covariates = list(covariates)
    if not covariates:
        raise ParameterError("a cross-section model needs at least one covariate")
    if outcome in covariates:
        raise ParameterError(f"{outcome} is the outcome; it cannot also be a covariate")
    years = dict(years or {})
    columns, used_years, sources = {}, {}, []
    for spec in [outcome, *covariates]:
        values, yr, src = kreis_variable(spec, years.get(spec))
        name = spec
        if spec in log:
            if (values <= 0).any():
                raise ParameterError(f"{spec} has values ≤ 0 and cannot be logged")
            values, name = np.log(values), f"log_{spec}"
        columns[name] = values
        used_years[spec] = yr
        sources = list(dict.fromkeys(sources + src))
    frame = pd.DataFrame(columns).reindex(list(newest_kreise()))
    dropped = sorted(frame.index[frame.isna().any(axis=1)])
    frame = frame.dropna()
    y_name, x_names = list(columns)[0], list(columns)[1:]
    X = sm.add_constant(frame[x_names])
    result = sm.OLS(frame[y_name], X).fit(cov_type="HC3")
    table = _table(result, alpha)
    vif = {x: variance_inflation_factor(X.to_numpy(), i) for i, x in enumerate(X.columns) if x != "const"}
    table["vif"] = table["term"].map(vif)
    names = store.names()
    frame = frame.reset_index(names="ags")
    frame.insert(1, "name", frame["ags"].map(names))
    frame["fitted"] = result.fittedvalues.to_numpy()
    frame["residual"] = result.resid.to_numpy()
    return ModelResult(
        "cross_section", y_name, result, frame, table, int(result.nobs), float(result.rsquared), used_years,
        sources, dropped,
        {"se": "HC3", "alpha": alpha, "log": [x for x in log if x in used_years], "dropped": len(dropped)},
    )


def expected(model: ModelResult, region, alpha: float = 0.05) -> pd.DataFrame:
    """Observed value, model expectation, residual and prediction interval for every Kreis of
    ``region`` (Kreise without all variables: NaN and a note)."""
    if model.kind != "cross_section":
        raise ParameterError("observed vs expected is computed for the cross-section model")
    reg = resolve_region(region)
    frame = model.frame.set_index("ags")
    x_names = [t for t in model.coefficients["term"] if t != "const"]
    names = store.names()
    rows = []
    for ags in reg.kreise:
        if ags not in frame.index:
            rows.append({"ags": ags, "name": names.get(ags, ags), "region": reg.label, "observed": np.nan,
                         "expected": np.nan, "residual": np.nan, "pi_low": np.nan, "pi_high": np.nan,
                         "note": "not in the model: a variable is missing"})
            continue
        X = sm.add_constant(frame.loc[[ags], x_names], has_constant="add")
        pred = model.result.get_prediction(X).summary_frame(alpha=alpha).iloc[0]
        observed = float(frame.loc[ags, model.outcome])
        rows.append({"ags": ags, "name": names.get(ags, ags), "region": reg.label, "observed": observed,
                     "expected": float(pred["mean"]), "residual": observed - float(pred["mean"]),
                     "pi_low": float(pred["obs_ci_lower"]), "pi_high": float(pred["obs_ci_upper"]), "note": ""})
    return pd.DataFrame(rows)


def residual_figure(model: ModelResult, focal: pd.DataFrame | None = None, lang: str = "de"):
    """Residuals against fitted values of all Kreise, the Kreise of ``focal`` (a frame of
    :func:`expected`) marked and labelled. Returns the Figure."""
    import matplotlib.pyplot as plt
    from matplotlib.patheffects import withStroke

    from ..present.charts import number_axis as german_axis

    fig, ax = plt.subplots(figsize=(8, 4.8))
    ax.scatter(model.frame["fitted"], model.frame["residual"], s=12, color="#9a9a9a", alpha=0.7)
    ax.axhline(0, color="black", linewidth=0.8)
    if focal is not None and len(focal):
        shown = focal.dropna(subset=["expected"])
        for i, (region, part) in enumerate(shown.groupby("region", sort=False)):
            ax.scatter(part["expected"], part["residual"], s=40, color=f"C{i}", label=region, zorder=3)
            for x, y, name in zip(part["expected"], part["residual"], part["name"]):
                ax.annotate(name, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=8,
                            path_effects=[withStroke(linewidth=2.5, foreground="white")])
        ax.legend(frameon=False)
    german_axis(ax, "both", 1)
    ax.set_xlabel("Erwarteter Wert (Modell)" if lang == "de" else "Expected value (model)")
    ax.set_ylabel("Residuum (beobachtet − erwartet)" if lang == "de" else "Residual (observed − expected)")
    return fig


def term_labels(model: ModelResult, lang: str = "de") -> pd.Series:
    """Readable label of each coefficient term (catalogue or outcome label, "log" marked),
    indexed by term."""
    cat = store.catalog()
    outcomes = {o.key: o for o in benchmark.OUTCOMES}
    labels = {}
    for term in model.coefficients["term"]:
        spec = term[4:] if term.startswith("log_") else term
        if spec in outcomes:
            text = outcomes[spec].label(lang)
        elif spec in cat.index:
            text = cat.loc[spec, "label_de" if lang == "de" else "label_en"]
        else:
            text = {"const": "Konstante" if lang == "de" else "Constant"}.get(spec, spec)
        labels[term] = f"log({text})" if term.startswith("log_") else text
    return pd.Series(labels)


def _panel_outcome(kind: str) -> tuple[pd.DataFrame, list[str]]:
    all_ = data.load("arbeitslose_ba", level="kreis", category="insgesamt")
    foreign = data.load("arbeitslose_auslaender_ba", level="kreis", category="insgesamt")
    merged = foreign[["ags", "year", "value"]].merge(all_[["ags", "year", "value"]], on=["ags", "year"],
                                                     suffixes=("_a", "_all"))
    if kind == "anteil_auslaender":
        merged["y"] = merged["value_a"] / merged["value_all"] * 100
    elif kind == "log_auslaender":
        merged["y"] = np.log(merged["value_a"].where(merged["value_a"] > 0))
    else:
        raise ParameterError(f"panel outcome must be one of {PANEL_OUTCOMES}, not {kind!r}")
    return merged[["ags", "year", "y"]], list(dict.fromkeys(list(foreign["source"].unique()) + list(all_["source"].unique())))


def panel(outcome: str = "anteil_auslaender", covariates=PANEL_COVARIATES, years=range(2012, 2026),
          alpha: float = 0.05) -> ModelResult:
    """Two-way fixed-effects panel of Kreis × year (module doc): ``outcome`` is
    ``"anteil_auslaender"`` (foreigners' share of the unemployed, %, BA) or ``"log_auslaender"``
    (log of unemployed foreigners); ``covariates`` are yearly Kreis indicators. Errors are
    clustered by Kreis. The coefficient table holds the covariates only (the fixed effects are
    nuisance terms); ``notes`` name the years actually used."""
    covariates = list(covariates)
    if not covariates:
        raise ParameterError("a panel model needs at least one time-varying covariate")
    wanted = [int(y) for y in years]
    frame, sources = _panel_outcome(outcome)
    used_years = {outcome: sorted(set(frame["year"]) & set(wanted))}
    for cov in covariates:
        rows = data.load(cov, level="kreis", category="insgesamt")
        if rows["year"].nunique() < 2:
            raise ParameterError(f"{cov} has a single year in the snapshot: it does not vary over time "
                                 "and is absorbed by the Kreis fixed effects")
        frame = frame.merge(rows[["ags", "year", "value"]].rename(columns={"value": cov}), on=["ags", "year"])
        used_years[cov] = sorted(set(rows["year"]) & set(wanted))
        sources = list(dict.fromkeys(sources + list(rows["source"].unique())))
    frame = frame[frame["year"].isin(wanted) & frame["ags"].isin(newest_kreise())].dropna()
    if frame.empty or frame["year"].nunique() < 2:
        raise NoDataError("outcome and covariates share fewer than two years: no panel can be fitted")
    frame = frame.sort_values(["ags", "year"]).reset_index(drop=True)
    formula = "y ~ " + " + ".join(covariates) + " + C(ags) + C(year)"
    groups = pd.factorize(frame["ags"])[0]
    result = smf.ols(formula, data=frame).fit(cov_type="cluster", cov_kwds={"groups": groups})
    table = _table(result, alpha)
    table = table[table["term"].isin(covariates)].reset_index(drop=True)
    span = (int(frame["year"].min()), int(frame["year"].max()))
    return ModelResult(
        "panel", outcome, result, frame, table, int(result.nobs), float(result.rsquared), used_years, sources, [],
        {"se": "clustered by Kreis", "alpha": alpha, "kreise": int(frame["ags"].nunique()), "years": span,
         "fixed_effects": "Kreis and year"},
    )


def coefficient_display(model: ModelResult, lang: str = "de") -> pd.DataFrame:
    """The coefficient table for reports: labelled terms, coefficient, SE, CI, p and VIF."""
    de = lang == "de"
    c = model.coefficients
    labels = term_labels(model, lang)
    pct = int(round((1 - model.notes["alpha"]) * 100))
    out = pd.DataFrame({
        "Merkmal" if de else "Variable": [_with_year(labels[x], model.years.get(x[4:] if x.startswith("log_") else x))
                                          for x in c["term"]],
        "Koeffizient" if de else "Coefficient": [_sig(v) for v in c["coef"]],
        "Std.-Fehler" if de else "Std. error": [_sig(v) for v in c["se"]],
        f"{pct}-%-KI unten" if de else f"{pct} % CI low": [_sig(v) for v in c["ci_low"]],
        f"{pct}-%-KI oben" if de else f"{pct} % CI high": [_sig(v) for v in c["ci_high"]],
        "p": ["< 0,001" if v < 0.001 else number(v, 3) for v in c["p"]],
    })
    if "vif" in c:
        out["VIF"] = [number(v, 1) for v in c["vif"]]
    return out


def _with_year(label: str, year) -> str:
    return f"{label} ({year})" if isinstance(year, int) else label


def _sig(value: float, digits: int = 3) -> str:
    """``value`` in German format with ``digits`` significant digits (at most 6 decimals)."""
    if not np.isfinite(value) or value == 0:
        return number(value, 0)
    decimals = int(min(6, max(0, digits - 1 - np.floor(np.log10(abs(value))))))
    return number(value, decimals)


def expected_display(frame: pd.DataFrame, lang: str = "de", alpha: float = 0.05) -> pd.DataFrame:
    """A frame of :func:`expected` for reports (German column names by default)."""
    de = lang == "de"
    pct = int(round((1 - alpha) * 100))
    return pd.DataFrame({
        "Region": frame["region"], "Kreis" if de else "District": frame["name"], "AGS": frame["ags"],
        "beobachtet" if de else "observed": frame["observed"], "erwartet" if de else "expected": frame["expected"],
        "Residuum" if de else "residual": frame["residual"],
        f"{pct}-%-PI unten" if de else f"{pct} % PI low": frame["pi_low"],
        f"{pct}-%-PI oben" if de else f"{pct} % PI high": frame["pi_high"],
    })
