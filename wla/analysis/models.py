"""Regression models across Kreise (statsmodels): a cross-section with robust errors and a
Kreis × year panel with fixed effects. They describe statistical associations; they do not
identify causes (no design here separates what regions do from who lives there).

Cross-section (:func:`cross_section`), one row per Kreis of the newest Gemeindeverzeichnis:
    y_k = β₀ + Σ_j β_j x_jk + ε_k, OLS; standard errors HC3 (MacKinnon & White 1985), confidence
    intervals from them; beside them standard errors clustered by Land (statsmodels
    ``cov_type="cluster"``, CR1, groups = the first two digits of the AGS; only the Länder with
    Kreise in the model, ``notes["lands"]``, at most 16, so CR1 is too small; columns ``se_land``,
    ``p_land``, ``ci_low_land``, ``ci_high_land``) and a restricted wild-cluster bootstrap p-value
    by Land (:func:`wild_cluster_p`, column ``p_wild``);
    VIF_j = 1 / (1 − R²_j) of covariate j on the others
    (``statsmodels.stats.outliers_influence.variance_inflation_factor``). Kreise with a missing
    value in any variable are left out (listed), never filled. Impossible inputs (per-head
    amounts ≤ 0 such as an INKAR amount published as 0.00, shares outside 0–100; see
    :func:`wla.analysis.twins.screen`) are set aside and listed in ``excluded``.
Observed vs expected (:func:`expected`): the fitted value ŷ_k of a Kreis, its residual y_k − ŷ_k
    and the prediction interval ŷ_k ± q·√(se(ŷ_k)² + σ̂²), se(ŷ_k) from the HC3 covariance, q the
    normal quantile (in-sample: the Kreis is one of the observations the model was fitted on).
    σ̂² is one residual variance for all Kreise (homoskedastic), although the coefficients' errors
    are HC3 because the residuals' spread grows with the fitted value: the interval is too narrow
    where the spread is larger and too wide where it is smaller (the reports say so).
Units: a variable in :data:`PER` enters divided by its factor (purchasing power in 1,000 EUR),
    ``notes["per"]``.
Panel (:func:`panel`), Kreis k and year t:
    y_kt = Σ_j β_j x_jkt + α_k + γ_t + ε_kt, OLS with Kreis and year dummies (two-way fixed
    effects), standard errors clustered by Kreis. One boundary edition: only Kreise present in
    every year of the panel whose territory did not change between the first and the last
    Gemeindeverzeichnis edition of the panel span (a Kreis that absorbed another, e.g.
    Wartburgkreis with Eisenach 2021, or that is new, e.g. Göttingen 2016) enter; ``notes``
    say how many were dropped. Only covariates that change from year to year
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
from ..cache import national
from ..exceptions import NoDataError, ParameterError
from ..regions import newest_kreise, region as resolve_region
from . import benchmark
from .indicators import newest_year, used
from .twins import covered_years, feature_sources, kreis_values, screen

#: Cross-section default: foreigners' unemployment rate 2025 (BA, 13211) on structure. The
#: overall unemployment rate is NOT a covariate: it is the labour-force-weighted mean of the
#: foreigners' and the Germans' rates, so it contains the outcome. The Germans' rate would need
#: the labour-force denominators, which the snapshot lacks (the BA file has counts and rates
#: only; backing the denominators out of the rates would use the outcome itself).
DEFAULT_OUTCOME = "alq_auslaender"
DEFAULT_COVARIATES = ("bevoelkerungsdichte", "auslaenderanteil_zensus",
                      "schutzsuchende_je_1000", "leerstandsquote", "kaufkraft_je_ew")
#: Covariates that contain the default outcome (refused with it): the overall rate and the gap.
_OVERALL = ("arbeitslosenquote", "arbeitslosenquote_inkar", "alq_abstand")
CONTAINS_OUTCOME = {"alq_auslaender": _OVERALL, "arbeitslosenquote_auslaender": _OVERALL,
                    "anteil_auslaender": _OVERALL}
#: Wild-cluster bootstrap: Rademacher draws and seed.
WILD_DRAWS = 999
WILD_SEED = 20261130
DEFAULT_LOG = ("bevoelkerungsdichte",)
#: Variables entered in larger units so that their coefficients are readable: purchasing power
#: in 1,000 EUR per inhabitant (a coefficient per 1,000 EUR, not per EUR).
PER = {"kaufkraft_je_ew": 1000}
#: Panel default: time-varying INKAR covariates (Zensus 2011 basis). The overall unemployment
#: rate is not one: the outcome (foreigners' share of the unemployed, U_f / U) and that rate
#: (U / labour force) share the unemployed U, so they move together by construction.
PANEL_COVARIATES = ("auslaenderanteil", "schutzsuchende_anteil")
PANEL_OUTCOMES = ("anteil_auslaender", "log_auslaender")


@dataclass
class ModelResult:
    """A fitted model with its tidy tables. ``frame``: the data used (ags, name, y, covariates);
    ``coefficients``: term, coef, se, z, p, ci_low, ci_high; ``years`` per variable;
    ``dropped``: Kreise left out for missing values; ``excluded``: impossible inputs set aside
    (ags, indicator, year, value, reason); ``notes``: assumptions stated in reports."""

    kind: str
    outcome: str
    result: object
    frame: pd.DataFrame
    coefficients: pd.DataFrame
    n: int
    r2: float
    years: dict
    sources: dict  # indicator -> years (attrs["sources"] form)
    dropped: list[str] = field(default_factory=list)
    notes: dict = field(default_factory=dict)
    excluded: pd.DataFrame = field(default_factory=pd.DataFrame)


def kreis_variable(spec: str, year: int | None = None, screened: bool = True,
                   until: int | None = None) -> tuple[pd.Series, int, dict, pd.DataFrame]:
    """Per-Kreis values of ``spec``: an outcome key of :mod:`benchmark` (e.g.
    ``"schutzsuchende_je_1000"``) or an indicator id (newest year covering 95 % of Kreise, or
    ``year``; none after ``until``). Returns values indexed by ags (NaN and, if ``screened``, impossible values
    dropped), the year, the sources and the impossible values set aside."""
    if spec in {o.key for o in benchmark.OUTCOMES}:
        o = benchmark.outcome(spec, until)
        values, sources = benchmark.kreis_outcome(o)
        return values, o.year, sources, pd.DataFrame(columns=["ags", "indicator", "year", "value", "reason"])
    data.entry(spec)
    if year is None:
        year = newest_year(covered_years(spec), until, spec)
    rows = kreis_values(spec, year)
    kept, bad = screen(spec, rows, year)
    if not screened:
        kept, bad = rows, bad.iloc[0:0]
    return kept.set_index("ags")["value"].dropna(), year, feature_sources(spec, year), bad


def _table(result, alpha: float, suffix: str = "") -> pd.DataFrame:
    ci = result.conf_int(alpha)
    return pd.DataFrame({
        "term": result.params.index, "coef": result.params.to_numpy(), f"se{suffix}": result.bse.to_numpy(),
        f"z{suffix}": result.tvalues.to_numpy(), f"p{suffix}": result.pvalues.to_numpy(),
        f"ci_low{suffix}": ci.iloc[:, 0].to_numpy(), f"ci_high{suffix}": ci.iloc[:, 1].to_numpy(),
    })


@national
def cross_section(outcome: str = DEFAULT_OUTCOME, covariates=DEFAULT_COVARIATES, log=DEFAULT_LOG,
                  years: dict | None = None, alpha: float = 0.05, screened: bool = True,
                  until: int | None = None) -> ModelResult:
    """OLS across all Kreise of ``outcome`` on ``covariates`` with HC3 and Land-clustered errors
    (module doc).

    Variables named in ``log`` enter as natural logarithms (column ``log_<id>``); ``years``
    fixes the year of indicator ids (default: newest year up to ``until`` covering 95 % of the Kreise).
    ``screened=False`` keeps impossible inputs (only to show what they do to the inference)."""
    covariates = list(covariates)
    if not covariates:
        raise ParameterError("a cross-section model needs at least one covariate")
    if outcome in covariates:
        raise ParameterError(f"{outcome} is the outcome; it cannot also be a covariate")
    inside = sorted(set(covariates) & set(CONTAINS_OUTCOME.get(outcome, ())))
    if inside:
        raise ParameterError(f"{', '.join(inside)} contain(s) the outcome {outcome} (a weighted mean of it): "
                             "the regression would be partly an identity; leave them out")
    years = dict(years or {})
    columns, used_years, sources, excluded = {}, {}, {}, []
    for spec in [outcome, *covariates]:
        values, yr, src, bad = kreis_variable(spec, years.get(spec), screened, until)
        excluded.append(bad)
        name = spec
        if spec in PER:
            values = values / PER[spec]
        if spec in log:
            if (values <= 0).any():
                raise ParameterError(f"{spec} has values ≤ 0 and cannot be logged")
            values, name = np.log(values), f"log_{spec}"
        columns[name] = values
        used_years[spec] = yr
        sources = used(sources, src)
    frame = pd.DataFrame(columns).reindex(list(newest_kreise()))
    dropped = sorted(frame.index[frame.isna().any(axis=1)])
    lands_missing = missing_lands(frame, used_years)
    frame = frame.dropna()
    y_name, x_names = list(columns)[0], list(columns)[1:]
    X = sm.add_constant(frame[x_names])
    result = sm.OLS(frame[y_name], X).fit(cov_type="HC3")
    lands = pd.factorize(frame.index.str[:2])[0]
    clustered = sm.OLS(frame[y_name], X).fit(cov_type="cluster", cov_kwds={"groups": lands})
    table = _table(result, alpha).merge(_table(clustered, alpha, "_land").drop(columns="coef"), on="term")
    table["p_wild"] = wild_cluster_p(frame[y_name].to_numpy(), X.to_numpy(), lands)
    vif = {x: variance_inflation_factor(X.to_numpy(), i) for i, x in enumerate(X.columns) if x != "const"}
    table["vif"] = table["term"].map(vif)
    names = store.names()
    frame = frame.reset_index(names="ags")
    frame.insert(1, "name", frame["ags"].map(names))
    frame["fitted"] = result.fittedvalues.to_numpy()
    frame["residual"] = result.resid.to_numpy()
    excluded = pd.concat([e for e in excluded if len(e)] or excluded[:1], ignore_index=True)
    excluded.insert(1, "name", excluded["ags"].map(names))
    return ModelResult(
        "cross_section", y_name, result, frame, table, int(result.nobs), float(result.rsquared), used_years,
        sources, dropped,
        {"se": "HC3", "se_land": "clustered by Land (CR1)", "lands": int(len(set(lands))), "alpha": alpha,
         "p_wild": "wild-cluster bootstrap, restricted (H0 imposed), Rademacher weights by Land",
         "wild_draws": WILD_DRAWS, "wild_seed": WILD_SEED,
         "log": [x for x in log if x in used_years], "dropped": len(dropped), "excluded": len(excluded),
         "lands_missing": lands_missing, "per": {x: f for x, f in PER.items() if x in used_years}},
        excluded,
    )


def missing_lands(frame: pd.DataFrame, years: dict) -> list[dict]:
    """The Länder without a single Kreis in the model (``frame``: one row per Kreis, a column per
    variable, NaN where missing; ``years``: spec -> year) and why: per Land ``land`` (code),
    ``variables`` (the specs none of its Kreise has) and ``inside`` (for each of them whose count
    the publisher reports inside another Kreis, ``data/reported_inside.csv``: {"ags", "host"};
    e.g. the 12531 protection seekers of all of Saarland in Landkreis Saarlouis 10044)."""
    complete = frame.dropna()
    out = []
    inside = store.reported_inside()
    for land in sorted({a[:2] for a in frame.index} - {a[:2] for a in complete.index}):
        part = frame[frame.index.str[:2] == land]
        gone = [c for c in part.columns if part[c].isna().all()]
        specs = [c.removeprefix("log_") if c.removeprefix("log_") in years else c for c in gone]
        hosts = inside[inside["ags"].isin(part.index) & inside["year"].isin([years.get(v) for v in specs])]
        out.append({"land": land, "variables": specs,
                    "inside": [{"ags": a, "host": h} for a, h in zip(hosts["ags"], hosts["inside"])]})
    return out


def wild_cluster_p(y: np.ndarray, X: np.ndarray, groups: np.ndarray, draws: int = WILD_DRAWS,
                   seed: int = WILD_SEED) -> np.ndarray:
    """p-value of H0: β_j = 0 for every column j of ``X`` from the restricted wild-cluster
    bootstrap (Cameron, Gelbach & Miller 2008; WCR): fit y on X without column j, then for each
    of ``draws`` draws flip the sign of the restricted residuals of a whole cluster with a
    Rademacher weight (±1, probability ½ each; one weight per cluster, fixed ``seed``), refit the
    full model and compute t*_j with the CR1 error (the statsmodels cluster default,
    c = G/(G−1)·(N−1)/(N−K)). p = (1 + #{|t*_j| ≥ |t_j|}) / (draws + 1), so 0 < p ≤ 1."""
    n, k = X.shape
    ids, g = np.unique(groups, return_inverse=True)
    G = len(ids)
    c = G / (G - 1) * (n - 1) / (n - k)
    bread = np.linalg.inv(X.T @ X)
    A = bread @ X.T                                   # β = A y
    onehot = np.zeros((G, n))
    onehot[g, np.arange(n)] = 1.0

    def t_stats(Y: np.ndarray, j: int) -> np.ndarray:  # Y: n × B → t_j for each column
        beta = A @ Y
        E = Y - X @ beta
        scores = onehot @ (E * (X @ bread[j])[:, None])  # G × B: Σ_{i∈g} (a_j·x_i) e_i
        return beta[j] / np.sqrt(c * (scores ** 2).sum(axis=0))

    weights = np.random.default_rng(seed).choice([-1.0, 1.0], size=(G, draws))
    out = np.empty(k)
    for j in range(k):
        t0 = t_stats(y[:, None], j)[0]
        Xr = np.delete(X, j, axis=1)
        fitted = Xr @ np.linalg.lstsq(Xr, y, rcond=None)[0]
        Y = fitted[:, None] + (y - fitted)[:, None] * weights[g]
        out[j] = (1 + (np.abs(t_stats(Y, j)) >= abs(t0)).sum()) / (draws + 1)
    return out


def expected(model: ModelResult, region, alpha: float | None = None) -> pd.DataFrame:
    """Observed value, model expectation, residual and prediction interval (level of the model's
    ``alpha`` unless given) for every Kreis of ``region`` (Kreise without all variables: NaN and a note)."""
    if model.kind != "cross_section":
        raise ParameterError("observed vs expected is computed for the cross-section model")
    alpha = model.notes["alpha"] if alpha is None else alpha
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


def changed_kreise(first: int, last: int) -> set[str]:
    """Kreis codes of the Gemeindeverzeichnis whose territory changed between the editions
    nearest to ``first`` and ``last``: codes that disappeared, codes that are new, and the Kreis
    that took over the Gemeinden of a disappeared one (matched by Land and Gemeinde name)."""
    gaz = store.gazetteer()
    editions = sorted(int(e) for e in gaz["edition"].unique())
    a = max([e for e in editions if e <= first] or editions[:1])
    b = max([e for e in editions if e <= last] or editions[:1])
    old, new = gaz[gaz["edition"] == a], gaz[gaz["edition"] == b]
    gone = set(old["kreis"]) - set(new["kreis"])
    born = set(new["kreis"]) - set(old["kreis"])
    moved = old[old["kreis"].isin(gone)][["land", "name"]].merge(new[["land", "name", "kreis"]], on=["land", "name"])
    return gone | born | set(moved["kreis"])


def _panel_outcome(kind: str) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
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
    return merged[["ags", "year", "y"]], [foreign, all_]


def _panel_reasons(parts: dict, years: set, dropped: list[str], changed: set[str]) -> dict:
    """Why each Kreis of ``dropped`` is not in the panel, first reason that applies:
    ``"territory"`` (its territory changed, :func:`changed_kreise`), ``"ba"`` (the BA outcome
    has no value for the Kreis in one of ``years``: no occupation-series value, e.g. a region-year
    the BA extract leaves empty), ``"covariate"`` (a covariate has none). ``parts`` maps
    ``"ba"`` and each covariate to its frame (ags, year, value). Returns {reason: [ags, …]}."""
    def complete(rows: pd.DataFrame) -> set:
        rows = rows[rows["year"].isin(years)].dropna(subset=["value"])
        n = rows.groupby("ags")["year"].nunique()
        return set(n[n == len(years)].index)

    ba = complete(parts.pop("ba"))
    covs = set.intersection(*(complete(rows) for rows in parts.values()))
    out: dict = {"territory": [], "ba": [], "covariate": []}
    for ags in dropped:
        out["territory" if ags in changed or (ags in ba and ags in covs) else "ba" if ags not in ba
            else "covariate"].append(ags)
    return out


@national
def panel(outcome: str = "anteil_auslaender", covariates=PANEL_COVARIATES, years=range(2012, 2026),
          alpha: float = 0.05, until: int | None = None) -> ModelResult:
    """Two-way fixed-effects panel of Kreis × year (module doc): ``outcome`` is
    ``"anteil_auslaender"`` (foreigners' share of the unemployed, %, BA) or ``"log_auslaender"``
    (log of unemployed foreigners); ``covariates`` are yearly Kreis indicators. Errors are
    clustered by Kreis. The coefficient table holds the covariates only (the fixed effects are
    nuisance terms); ``until`` drops the years after it (a page's reference year); ``notes`` name
    the years actually used."""
    covariates = list(covariates)
    if not covariates:
        raise ParameterError("a panel model needs at least one time-varying covariate")
    inside = sorted(set(covariates) & set(CONTAINS_OUTCOME.get(outcome, ())))
    if inside:
        raise ParameterError(f"{', '.join(inside)} share(s) the unemployed with the outcome {outcome}: "
                             "the two would move together by construction; leave them out")
    wanted = [int(y) for y in years if until is None or int(y) <= until]
    frame, sources = _panel_outcome(outcome)
    frame_y, covariate_rows = frame, {}
    used_years = {outcome: sorted(set(frame["year"]) & set(wanted))}
    for cov in covariates:
        rows = data.load(cov, level="kreis", category="insgesamt")
        if rows["year"].nunique() < 2:
            raise ParameterError(f"{cov} has a single year in the snapshot: it does not vary over time "
                                 "and is absorbed by the Kreis fixed effects")
        frame = frame.merge(rows[["ags", "year", "value"]].rename(columns={"value": cov}), on=["ags", "year"])
        covariate_rows[cov] = rows[["ags", "year", "value"]]
        used_years[cov] = sorted(set(rows["year"]) & set(wanted))
        sources = sources + [rows]
    frame = frame[frame["year"].isin(wanted) & frame["ags"].isin(newest_kreise())].dropna()
    if frame.empty or frame["year"].nunique() < 2:
        raise NoDataError("outcome and covariates share fewer than two years: no panel can be fitted")
    # one boundary edition: Kreise present in every year, territory unchanged over the span
    n_years = frame["year"].nunique()
    every_year = frame.groupby("ags")["year"].nunique() == n_years
    changed = changed_kreise(int(frame["year"].min()), int(frame["year"].max()))
    keep = set(every_year[every_year].index) - changed
    boundary_dropped = sorted(set(frame["ags"]) - keep)
    parts = {"ba": frame_y.rename(columns={"y": "value"}), **covariate_rows}
    reasons = _panel_reasons(parts, set(frame["year"]), boundary_dropped, changed)
    frame = frame[frame["ags"].isin(keep)]
    frame = frame.sort_values(["ags", "year"]).reset_index(drop=True)
    formula = "y ~ " + " + ".join(covariates) + " + C(ags) + C(year)"
    groups = pd.factorize(frame["ags"])[0]
    result = smf.ols(formula, data=frame).fit(cov_type="cluster", cov_kwds={"groups": groups})
    table = _table(result, alpha)
    table = table[table["term"].isin(covariates)].reset_index(drop=True)
    span = (int(frame["year"].min()), int(frame["year"].max()))
    fitted = set(frame["year"])
    sources = used(*(part[part["year"].isin(fitted)] for part in sources))
    return ModelResult(
        "panel", outcome, result, frame, table, int(result.nobs), float(result.rsquared), used_years, sources, [],
        {"se": "clustered by Kreis", "alpha": alpha, "kreise": int(frame["ags"].nunique()), "years": span,
         "fixed_effects": "Kreis and year", "boundary_dropped": boundary_dropped, "dropped_reasons": reasons,
         "boundary_rule": "Kreise in every year, territory unchanged between the Gemeindeverzeichnis editions"},
    )
