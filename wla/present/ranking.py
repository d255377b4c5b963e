"""Reader-facing tables, texts and figures for the ranked outputs: structural twins,
benchmarking, the regression models, the shift-share and the settlement potential.

The analysis modules (:mod:`wla.analysis.twins`, ``benchmark``, ``models``, ``shift_share``,
``potential``) return numbers; this module turns them into words (from
``words/vergleich.toml`` and ``words/potenziale.toml``), formatted numbers and figures, and
interprets the stability figures with stated rules.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import store
from .fmt import number, percent, region_label
from .words import joined, occupation, t

#: A twin "holds" when it stays among the k nearest in at least this share of leave-one-out runs.
TWIN_HOLDS = 0.5


def _label(indicator: str, lang: str) -> str:
    return store.catalog().loc[indicator, "label_de" if lang == "de" else "label_en"]


def rank_range(low, high, lang: str = "de") -> str:
    """A rank interval as "1–7" (a single rank as "3"; missing as "k. A." / "n/a")."""
    if pd.isna(low) or pd.isna(high):
        return number(np.nan, 0, lang)
    return str(int(low)) if int(low) == int(high) else f"{int(low)}–{int(high)}"


# --- twins ---------------------------------------------------------------------------------------
def twins_text(result: pd.DataFrame, lang: str = "de") -> str:
    """The method of a :func:`wla.twins` result as report text."""
    a = result.attrs
    features = ", ".join(f"{_label(i, lang)} ({a['years'][i]})" for i in a.get("features", a["indicators"]))
    logged = ", ".join(_label(i, lang) for i in a["log"])
    weights = ", ".join(number(w, 1, lang) for w in a["weights"].values())
    left = ", ".join(_label(i, lang) for i in a["left_out"])
    typ = a.get("match", {}).get("bbsr_kreistyp")
    words = {} if not typ else {"typ": int(typ)}
    text = t("vergleich.zwillinge_text_kreistyp" if typ else "vergleich.zwillinge_text", lang, k=a["k"],
             region=a["region"], kandidaten=a["candidates"], merkmale=features, **words,
             methode=t(f"vergleich.methode.{a['method']}", lang),
             log=t("vergleich.zwillinge_log", lang, merkmale=logged) if logged else "",
             distanz=t(f"vergleich.distanz.{a['distance']}", lang), gewichte=weights,
             weggelassen=t("vergleich.zwillinge_weg", lang, merkmale=left) if left else "")
    if typ:
        text += " " + t("vergleich.zwillinge_kreistyp", lang, region=a["region"],
                        typ=t(f"grafik.kreistyp_{int(typ)}", lang))
    if a.get("kreistyp_shares"):
        text += " " + kreistyp_shares_text(a["region"], a["kreistyp_shares"], lang)
    if a.get("common_with"):
        text += " " + t("vergleich.zwillinge_gemeinsam", lang, region=a["region"], vergleich=a["common_with"])
    if a.get("excluded"):
        shown = "; ".join(f"{store.names().get(e['ags'], e['ags'])}: {_label(e['indicator'], lang)} {e['year']} = "
                          f"{number(e['value'], 2, lang)}" for e in a["excluded"])
        text += " " + t("vergleich.unmoeglich", lang, werte=shown)
    if "caliper_sd" in a:
        text += "\n\n" + caliper_rule_text(a, lang)
    return text


def caliper_rule_text(a: dict, lang: str = "de") -> str:
    """The caliper rule of the twins (``attrs`` of :func:`wla.twins`): every feature within
    ``caliper_sd`` standard deviations (robust: IQR) of the region."""
    return t("vergleich.caliper_regel", lang, grenze=number(a["caliper_sd"], 1, lang), region=a["region"],
             skala=t(f"vergleich.skala.{a['method']}", lang))


def _limit(a: dict, lang: str) -> str:
    """The caliper as words: "0,5 Standardabweichungen" / "0.5 standard deviations"."""
    return number(a["caliper_sd"], 1, lang) + " " + t("vergleich.skala." + a["method"], lang)


def close_word(value, lang: str = "de") -> str:
    """"ja"/"nein" ("yes"/"no") for a twin within/beyond the caliper."""
    return t("vergleich.eng.ja" if value else "vergleich.eng.nein", lang)


def gap_text(name: str, gap: float, feature: str, lang: str = "de") -> str:
    """"Ludwigshafen (0,9 bei Ausländeranteil)": a Kreis with its largest standardised gap and where."""
    return t("vergleich.abweichung_bei", lang, name=name, gap=number(gap, 1, lang), merkmal=_label(feature, lang))


def twins_close_text(result: pd.DataFrame, lang: str = "de") -> str:
    """What the caliper says about the twins of a :func:`wla.twins` result: all, some or none
    closely similar (rule: :func:`caliper_rule_text`); those beyond with their largest gap."""
    a = result.attrs
    n, grenze = len(result), _limit(a, lang)
    close = result["close"].astype(bool)
    near = result[close]["name"].tolist()
    far = [gap_text(r.name, r.max_gap, r.max_gap_feature, lang) for r in result[~close].itertuples()]
    if not near:
        return t("vergleich.eng_keiner", lang, n=n, grenze=grenze, region=a["region"], weit="; ".join(far))
    if not far:
        if n == 1:
            return t("vergleich.eng_einer", lang, name=near[0], grenze=grenze, region=a["region"])
        return t("vergleich.eng_alle", lang, n=n, grenze=grenze, region=a["region"])
    key = "vergleich.eng_teils" if len(far) == 1 else "vergleich.eng_teils_mehrere"
    return t(key, lang, m=len(near), n=n, grenze=grenze, eng="; ".join(near), weit="; ".join(far),
             region=a["region"])


def twins_benchmark_note(zwillinge: dict, lang: str = "de") -> str:
    """After the benchmark table: for each region whose twins (``zwillinge``: region key ->
    :func:`wla.twins` result) are not all within the caliper, what its "rank among twins"
    then means ("" when every twin of every region is close)."""
    notes = []
    for result in zwillinge.values():
        a = result.attrs
        beyond = result[~result["close"].astype(bool)]
        far = "; ".join(gap_text(r.name, r.max_gap, r.max_gap_feature, lang) for r in beyond.itertuples())
        grenze = _limit(a, lang)
        if len(beyond) == len(result):
            notes.append(t("vergleich.benchmark_eng_keiner", lang, region=a["region"], grenze=grenze))
        elif len(beyond):
            key = "vergleich.benchmark_eng_teils" if len(beyond) == 1 else "vergleich.benchmark_eng_teils_mehrere"
            notes.append(t(key, lang, region=a["region"], grenze=grenze, weit=far, m=len(beyond)))
    return " ".join(notes)


def kreistyp_shares_text(region: str, shares: dict, lang: str = "de") -> str:
    """Which BBSR Kreistyp stands for a region of several Kreise and how its inhabitants split
    over the types (``shares``: {type: % of inhabitants}, largest first)."""
    parts = ", ".join(f"{t(f'grafik.kreistyp_{k}', lang)} {percent(v, 0, lang)}" for k, v in shares.items())
    return t("vergleich.kreistyp_regel", lang, region=region, anteile=parts)


def twins_table(result: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """The twins with the region first, columns labelled, stability in %, the largest
    standardised gap with its feature in one column, within the caliper ("ja"/"nein"), and the decimals per
    column. The region's own row leaves stability, gap and verdict empty: it is no twin."""
    from ..analysis.twins import with_region

    a = result.attrs
    frame = with_region(result)
    twin = frame.index > 0
    frame["stability"] = [number(v * 100, 0, lang) if own else "" for v, own in zip(frame["stability"], twin)]
    # one column for the gap and its feature ("1,28 (Angebotsmieten)"): the table must fit a printed sheet
    frame["max_gap"] = [f"{number(v, 2, lang)} ({_label(f, lang)})" if own else ""
                        for v, f, own in zip(frame["max_gap"], frame["max_gap_feature"], twin)]
    frame = frame.drop(columns="max_gap_feature")
    frame["close"] = [close_word(v, lang) if own else "" for v, own in zip(frame["close"], twin)]
    names = {"ags": "AGS", "name": t("vergleich.spalte.kreis", lang), "distance": t("vergleich.spalte.distanz", lang),
             "stability": t("vergleich.spalte.stabilitaet", lang), "max_gap": t("vergleich.spalte.max_gap", lang),
             "close": t("vergleich.spalte.eng", lang)}
    decimals = {names["distance"]: 2}
    for i in a["indicators"]:
        names[i] = f"{_label(i, lang)} ({a['years'][i]})"
        decimals[names[i]] = 0 if i in ("bbsr_kreistyp", "kaufkraft_je_ew", "bevoelkerungsdichte") else 1
    return frame.rename(columns=names), decimals


def twins_stability_text(result: pd.DataFrame, lang: str = "de") -> str:
    """What the leave-one-out stability of the twins means (rule: :data:`TWIN_HOLDS`)."""
    a = result.attrs
    if not a["stability_runs"]:
        return t("vergleich.stabil_ein_merkmal", lang)
    firm = result[result["stability"] >= 1]["name"].tolist()
    weak = result[result["stability"] < TWIN_HOLDS]["name"].tolist()
    return t("vergleich.stabil_zwillinge", lang, region=a["region"], runs=a["stability_runs"],
             fest=joined(firm, lang) or t("vergleich.keiner", lang), schwach=joined(weak, lang) or t("vergleich.keiner", lang),
             schwelle=percent(TWIN_HOLDS * 100, 0, lang))


# --- benchmark -----------------------------------------------------------------------------------
def outcome_label(key: str, lang: str = "de") -> str:
    """Reader label of a benchmark outcome (``words/vergleich.toml``: ``kennzahl.<key>``)."""
    return t(f"vergleich.kennzahl.{key}", lang)


def _group(r, lang: str) -> str:
    if r.gruppe == "kreistyp":
        return r.kreistyp if lang == "de" else r.kreistyp.replace("Kreistyp", "District type")
    return t(f"vergleich.gruppe.{r.gruppe}", lang, n=r.gruppe_n)


def benchmark_table(table: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """A :func:`wla.analysis.benchmark.benchmark` table for reports: rank "r von n" and its
    interval from measurement precision, figures rounded per outcome; the difference is that of
    the printed value and group value (:func:`printed_change`), as the findings rule takes it, so
    Berlin 8,1 against Germany 7,1 reads 1,0, not the 0,9 of the unrounded values."""
    from ..analysis.benchmark import outcome
    from .findings import unit

    c = lambda key: t(f"vergleich.spalte.{key}", lang)  # noqa: E731
    rows = []
    for r in table.itertuples():
        d = outcome(r.outcome).decimals
        rows.append({
            c("kennzahl"): f"{outcome_label(r.outcome, lang)} ({r.jahr})", c("einheit"): unit(r.einheit, lang),
            "Region": r.region, c("gruppe"): _group(r, lang),
            c("wert"): number(r.wert, d, lang),
            c("rang"): number(np.nan, 0, lang) if np.isnan(r.rank) else t("vergleich.rang_von", lang, rang=int(r.rank), n=r.n),
            c("spanne"): rank_range(r.rank_low, r.rank_high, lang),
            c("perzentil"): number(r.percentile, 0, lang), c("gruppenwert"): number(r.gruppenwert, d, lang),
            c("differenz"): number(printed_change(r.gruppenwert, r.wert, d), d, lang),
        })
    return pd.DataFrame(rows)


def benchmark_coverage_note(table: pd.DataFrame, lang: str = "de") -> str:
    """Why Germany has no group value where it has none (:func:`wla.present.tables.germany_line`)
    and the rule for Kreise reported inside another Kreis, with the group values of a
    :func:`wla.analysis.benchmark.benchmark` table that leave Kreise out; last, how the
    difference column is computed (words ``vergleich.differenz_gedruckt``)."""
    from .comparators import group_coverage_note
    from .tables import germany_line

    germany = [germany_line({**g, "label": outcome_label(g["outcome"], lang)}, lang)
               for g in table.attrs.get("germany_gaps", [])]
    groups = [] if "ausgelassen" not in table else [
        {"gruppe": f"{_group(r, lang)} ({r.region})", "kennzahl": outcome_label(r.outcome, lang), "jahr": r.jahr,
         "kreise": r.wert_kreise, "von": r.wert_von, "ausgelassen": [c for c in str(r.ausgelassen).split(",") if c]}
        for r in table.itertuples()]
    return " ".join(x for x in germany + [group_coverage_note(groups, lang, rule=True),
                                          t("vergleich.differenz_gedruckt", lang)] if x)


def benchmark_stability_text(table: pd.DataFrame, lang: str = "de") -> str:
    """How many positions are clear-cut (the precision interval is a single rank) and which are
    not, with their intervals."""
    ranked = table.dropna(subset=["rank"])
    firm = ranked["rank_high"] == ranked["rank_low"]
    loose = ranked[~firm]
    named = "; ".join(f"{r.region}, {outcome_label(r.outcome, lang)}, {_group(r, lang)}: "
                      f"{rank_range(r.rank_low, r.rank_high, lang)}" for r in loose.itertuples())
    return t("vergleich.stabil_benchmark", lang, fest=int(firm.sum()), n=len(ranked),
             lose=named or t("vergleich.keiner", lang))


# --- models --------------------------------------------------------------------------------------
def _spec_label(spec: str, lang: str) -> str:
    """Reader label of a model variable: a benchmark outcome key or a catalogue indicator."""
    from ..analysis.benchmark import OUTCOMES

    if spec in {o.key for o in OUTCOMES}:
        return outcome_label(spec, lang)
    cat = store.catalog()
    if spec in cat.index:
        return cat.loc[spec, "label_de" if lang == "de" else "label_en"]
    return t("vergleich.konstante", lang) if spec == "const" else spec


def term_labels(model, lang: str = "de") -> pd.Series:
    """Readable label of each coefficient term (catalogue or outcome label, "log" marked)."""
    labels = {}
    per = model.notes.get("per", {})
    for term in model.coefficients["term"]:
        text = _spec_label(term[4:] if term.startswith("log_") else term, lang)
        if term in per:  # entered in larger units (wla.analysis.models.PER)
            text = t("vergleich.modell_einheit", lang, merkmal=text, faktor=number(per[term], 0, lang))
        labels[term] = f"log({text})" if term.startswith("log_") else text
    return pd.Series(labels)


def _sig(value: float, lang: str, digits: int = 3) -> str:
    """``value`` with ``digits`` significant digits (at most 6 decimals)."""
    if not np.isfinite(value) or value == 0:
        return number(value, 0, lang)
    decimals = int(min(6, max(0, digits - 1 - np.floor(np.log10(abs(value))))))
    return number(value, decimals, lang)


def p_value(value: float, lang: str = "de") -> str:
    """A p-value with three decimals, below 0.001 as "< 0,001" / "< 0.001"."""
    return ("< 0,001" if lang == "de" else "< 0.001") if value < 0.001 else number(value, 3, lang)


def coefficient_table(model, lang: str = "de") -> pd.DataFrame:
    """Coefficients with HC3 errors, confidence interval and p, and (cross-section) the
    Land-clustered error and p beside them; VIF where computed."""
    c = model.coefficients
    labels = term_labels(model, lang)
    pct = int(round((1 - model.notes["alpha"]) * 100))
    col = lambda key, **f: t(f"vergleich.spalte.{key}", lang, **f)  # noqa: E731
    out = pd.DataFrame({
        col("merkmal"): [_with_year(labels[x], model.years.get(x[4:] if x.startswith("log_") else x)) for x in c["term"]],
        col("koeffizient"): [_sig(v, lang) for v in c["coef"]],
        col("se", art=t(f"vergleich.se_art.{model.kind}", lang)): [_sig(v, lang) for v in c["se"]],
        col("ki_unten", pct=pct): [_sig(v, lang) for v in c["ci_low"]],
        col("ki_oben", pct=pct): [_sig(v, lang) for v in c["ci_high"]],
        "p": [p_value(v, lang) for v in c["p"]],
    })
    if "se_land" in c:
        out[col("se_land")] = [_sig(v, lang) for v in c["se_land"]]
        out[col("p_land")] = [p_value(v, lang) for v in c["p_land"]]
    if "p_wild" in c:
        out[col("p_wild")] = [p_value(v, lang) for v in c["p_wild"]]
    if "vif" in c:  # not defined for the constant: the sign "x" (not meaningful), not "k. A."
        out["VIF"] = ["x" if term == "const" else number(v, 1, lang) for term, v in zip(c["term"], c["vif"])]
    return out


def _with_year(label: str, year) -> str:
    return f"{label} ({year})" if isinstance(year, int) else label


#: The covariate that is part composition of the foreigners' unemployment rate (refugees are
#: unemployed more often than other foreigners): said beside the specification.
COMPOSITION_TERM = "schutzsuchende_je_1000"


def model_text(model, lang: str = "de") -> str:
    """Specification and method of the cross-section model (why the overall unemployment rate
    is not a covariate; HC3, CR1 by Land with the computed number of clusters, wild bootstrap)."""
    n = model.notes
    labels = term_labels(model, lang)
    covariates = ", ".join(labels[x] for x in model.coefficients["term"] if x != "const")
    spec = t("vergleich.modell_spezifikation", lang, ergebnis=_spec_label(model.outcome, lang), merkmale=covariates)
    if COMPOSITION_TERM in set(model.coefficients["term"]) and model.outcome == "alq_auslaender":
        spec += " " + t("vergleich.modell_zusammensetzung", lang)  # refugees' share moves the foreigners' rate by composition
    return spec + "\n\n" + t(
        "vergleich.modell_text", lang, n=model.n, r2=number(model.r2, 2, lang),
        konfidenz=int(round((1 - n["alpha"]) * 100)), weg=len(model.dropped), laender=n["lands"],
        draws=number(n["wild_draws"], 0, lang), seed=n["wild_seed"])


def model_years_text(years: dict, lang: str = "de") -> str:
    """That the national model is the same for every pair: each feature in the newest year that
    95 % of the Kreise have (``years``: indicator -> year, :attr:`ModelResult.years`); the twins
    name their own years, which may be earlier (the newest year both sides have)."""
    shown = ", ".join(f"{_spec_label(i, lang)} {y}" for i, y in years.items())
    return t("vergleich.modell_jahre_zwillinge", lang, merkmale=shown)


def inference_text(model, lang: str = "de") -> str:
    """Number of Land clusters (computed) and which terms' significance at the model's level
    differs between HC3, CR1 by Land and the wild-cluster bootstrap; the terms significant
    under all three."""
    from ..regions import newest_kreise

    c = model.coefficients[model.coefficients["term"] != "const"]
    alpha = model.notes["alpha"]
    labels = term_labels(model, lang)
    verdicts = {r.term: {r.p < alpha, r.p_land < alpha, r.p_wild < alpha} for r in c.itertuples()}
    changed = [labels[k] for k, v in verdicts.items() if len(v) > 1]
    firm = [labels[k] for k, v in verdicts.items() if v == {True}]
    every = len({a[:2] for a in newest_kreise()})
    none = t("vergleich.keiner", lang)
    return t("vergleich.inferenz", lang, laender=model.notes["lands"], alle=every,
             fehlend=missing_lands_text(model, lang),
             niveau=percent(alpha * 100, 0, lang), merkmale=joined(changed, lang) or none, fest=joined(firm, lang) or none)


def missing_lands_text(model, lang: str = "de") -> str:
    """Which Länder have no Kreis in the cross-section and why (``notes["lands_missing"]`` of
    :func:`wla.analysis.models.cross_section`); "" when every Land is in it."""
    names = store.names()
    parts = []
    for m in model.notes.get("lands_missing", []):
        land = names.get(m["land"], m["land"])
        hosts = list(dict.fromkeys(i["host"] for i in m["inside"]))
        merkmale = joined([_spec_label(v, lang) for v in m["variables"]], lang)
        if hosts:
            parts.append(t("vergleich.land_fehlt_innen", lang, land=land, merkmal=merkmale,
                           host=joined([names.get(h, h) for h in hosts], lang)))
        else:
            parts.append(t("vergleich.land_fehlt", lang, land=land, merkmale=merkmale))
    return "".join(parts)


def models_not_shown(cut, lang: str = "de") -> str:
    """Why the models over all Kreise (cross-section and panel) are left out for ``cut``, a
    Gemeinde set that cuts through a Kreis (:meth:`wla.regions.Region.whole_kreise` is ``None``):
    they are estimated on whole Kreise and say nothing about it; names the Kreise it lies in."""
    from ..regions import region

    names = [region_label(region(k).label, lang) for k in cut.kreise]
    return t("vergleich.modelle_nur_kreise", lang, region=region_label(cut.label, lang), kreise=joined(names, lang))


def panel_text(panel, lang: str = "de", regions=()) -> str:
    """Outcome, sample with the reasons Kreise are left out (counts), fixed effects and errors;
    Kreise of ``regions`` (the pair) that are left out are named with their reason."""
    n = panel.notes
    reasons = [t(f"vergleich.panel_grund.{k}", lang, n=len(v)) for k, v in n["dropped_reasons"].items() if v]
    text = t("vergleich.panel_text", lang, ergebnis=t(f"vergleich.panel_ergebnis.{panel.outcome}", lang),
             n=number(panel.n, 0, lang), kreise=n["kreise"], start=n["years"][0], ende=n["years"][1],
             weg=len(n["boundary_dropped"]), gruende="; ".join(reasons))
    own = {c for r in regions for c in r.kreise}
    names = store.names()
    mine = [t("vergleich.panel_eigener", lang, kreis=region_label(names.get(c, c), lang), ags=c,
              grund=t(f"vergleich.panel_grund.{k}", lang, n=1).removeprefix("1 ").strip())
            for k, codes in n["dropped_reasons"].items() for c in codes if c in own]
    return text + (" " + t("vergleich.panel_eigene", lang, kreise="; ".join(mine)) if mine else "")


def excluded_table(excluded: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """Impossible inputs set aside (``ModelResult.excluded`` or twins ``attrs["excluded"]``)."""
    frame = pd.DataFrame(excluded)
    col = lambda key: t(f"vergleich.spalte.{key}", lang)  # noqa: E731
    return pd.DataFrame({
        "AGS": frame["ags"], col("kreis"): frame["ags"].map(store.names()),
        col("merkmal"): [_label(i, lang) for i in frame["indicator"]], col("jahr"): frame["year"],
        col("wert"): [number(v, 2, lang) for v in frame["value"]],
        col("grund"): [t(f"vergleich.grund.{r}", lang)
                       for r in frame["reason"]],
    })


def residual_figure(model, focal: pd.DataFrame | None = None, lang: str = "de"):
    """Residuals against fitted values of all Kreise, the Kreise of ``focal`` (a frame of
    :func:`wla.analysis.models.expected`) marked and labelled. Returns the Figure."""
    import matplotlib.pyplot as plt
    from matplotlib.patheffects import withStroke

    from .charts import _set_alt, number_axis

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
    number_axis(ax, "both", 1, lang)
    ax.set_xlabel(t("vergleich.achse_erwartet", lang))
    ax.set_ylabel(t("vergleich.achse_residuum", lang))
    marked = [] if focal is None else [f"{n} ({number(r, 1, lang)})" for n, r in
                                       zip(focal.dropna(subset=["expected"])["name"], focal.dropna(subset=["expected"])["residual"])]
    _set_alt(fig, t("vergleich.alt_residuen", lang, n=number(len(model.frame), 0, lang),
                    markiert="; ".join(marked) or t("befund.keine", lang)))
    return fig


def expected_table(frame: pd.DataFrame, lang: str = "de", alpha: float = 0.05) -> pd.DataFrame:
    """A frame of :func:`wla.analysis.models.expected` for reports."""
    pct = int(round((1 - alpha) * 100))
    col = lambda key, **f: t(f"vergleich.spalte.{key}", lang, **f)  # noqa: E731
    return pd.DataFrame({
        "Region": frame["region"], col("kreis"): frame["name"], "AGS": frame["ags"],
        col("beobachtet"): frame["observed"], col("erwartet"): frame["expected"], col("residuum"): frame["residual"],
        col("pi_unten", pct=pct): frame["pi_low"], col("pi_oben", pct=pct): frame["pi_high"],
    })


# --- shift-share ---------------------------------------------------------------------------------
def printed_change(start: float, end: float, decimals: int = 0) -> float:
    """The change from ``start`` to ``end`` as printed with ``decimals`` (whole persons by
    default): the difference of the rounded values, so that "3.343 → 7.479" reads "Veränderung
    4.136" (review 4 #20), never 4.137, and 7,1 → 8,1 reads 1,0. NaN where either is unknown."""
    return round(round(end, decimals) - round(start, decimals), decimals)


def shift_share_summary(tables: list[pd.DataFrame], lang: str = "de") -> pd.DataFrame:
    """The totals of one or more :func:`wla.shift_share` results: one column per region, the
    start and end values first and the change as their printed difference (:func:`printed_change`)."""
    a = tables[0].attrs
    keys = ("national", "struktur", "regional")
    labels = [t("vergleich.ss.start_wert", lang, jahr=a["start"]), t("vergleich.ss.end_wert", lang, jahr=a["end"]),
              t("vergleich.ss.veraenderung", lang)] + [t(f"vergleich.ss.{k}", lang) for k in keys]
    out = pd.DataFrame({t("vergleich.spalte.komponente", lang): labels})
    for table in tables:
        m = table.attrs
        out[m["region"]] = [m["start_wert"], m["end_wert"], printed_change(m["start_wert"], m["end_wert"])] + [m[k] for k in keys]
    return out


def shift_share_text(table: pd.DataFrame, lang: str = "de") -> str:
    """Period, the one reference set of both parts (with why Kreise are left out) and its coverage."""
    a = table.attrs
    by = {}
    for ags, why in a["ausgeschlossen_gruende"].items():
        by.setdefault(why["reason"], []).append(ags)
    reasons = [t(f"vergleich.ss_grund.{r}", lang, n=len(codes)) for r, codes in by.items()]
    text = t("vergleich.ss_text_gemeinsam", lang, start=a["start"], end=a["end"], k=a["kreise_referenz"],
             x=len(a["ausgeschlossen"]), gruende="; ".join(reasons), abdeckung=_coverage_text(a, lang))
    if a["unvollstaendig"]:  # newer BA years without occupation values for a member Kreis
        kreise = ", ".join(f"{k['name']} ({', '.join(map(str, k['years']))})" for k in a["unvollstaendig"].values())
        text += " " + t("vergleich.ss_ende_luecke", lang, end=a["end"], neuestes=a["neuestes_jahr"], kreise=kreise)
    return text


def _coverage_text(a: dict, lang: str) -> str:
    """The reference's share of the national unemployed foreigners in the start and end year;
    where the snapshot has no national value for a year, why the share is not known."""
    years = {a["start"]: a["abdeckung_start"], a["end"]: a["abdeckung_end"]}
    unknown = [y for y, v in years.items() if pd.isna(v)]
    if not unknown:
        return t("vergleich.ss_abdeckung", lang, start=a["start"], end=a["end"],
                 abdeckung_start=percent(a["abdeckung_start"], 1, lang), abdeckung_end=percent(a["abdeckung_end"], 1, lang))
    known = "".join(t("vergleich.ss_abdeckung_bekannt", lang, jahr=y, abdeckung=percent(v, 1, lang))
                    for y, v in years.items() if not pd.isna(v))
    return t("vergleich.ss_abdeckung_teilweise", lang, bekannt=known, fehlt=", ".join(map(str, unknown)),
             jahre=", ".join(map(str, a["bundeswert_jahre"])))


def top_components_table(table: pd.DataFrame, n: int = 5, lang: str = "de") -> pd.DataFrame:
    """The ``n`` named occupations with the largest absolute regional component, sorted by that
    absolute value (positive and negative alike; heading words ``vergleich.ss_top`` say so);
    occupations with fewer than :data:`wla.analysis.shift_share.MIN_PERSONS` people at the start or at the end marked "*"
    (a base of 11 people says as little as an end of 11)."""
    from ..analysis.shift_share import MIN_PERSONS, top_components

    top = top_components(table, n)
    col = lambda key: t(f"vergleich.spalte.{key}", lang)  # noqa: E731
    small = top[["start", "end"]].min(axis=1) < MIN_PERSONS  # few people: the split says little
    names = [occupation(b, lang) + (" *" if s else "") for b, s in zip(top["beruf"], small)]
    return pd.DataFrame({col("beruf"): names, col("start"): top["start"], col("ende"): top["end"],
                         t("vergleich.ss.national", lang): top["national"],
                         t("vergleich.ss.struktur", lang): top["struktur"],
                         t("vergleich.ss.regional", lang): top["regional"]})


def rates_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """A :func:`wla.analysis.shift_share.rates` frame for reports, with decimals per column."""
    col = lambda key, **f: t(f"vergleich.spalte.{key}", lang, **f)  # noqa: E731
    s, e = frame.attrs["start"], frame.attrs["end"]
    region = [t("vergleich.referenz", lang) if r == "referenz" else r for r in frame["region"]]
    out = pd.DataFrame({
        "Region": region, col("u", jahr=s): frame["U0"], col("u", jahr=e): frame["U1"],
        col("p", jahr=s): frame["P0"], col("p", jahr=e): frame["P1"],
        col("r", jahr=s): frame["r0"], col("r", jahr=e): frame["r1"],
        col("veraenderung"): frame["veraenderung"], col("bevoelkerungsteil"): frame["bevoelkerung"],
        col("quotenteil"): frame["quote"], col("abweichung_r"): frame["abweichung_r"],
    })
    decimals = {c: 0 for c in out.columns}
    for key in (col("r", jahr=s), col("r", jahr=e), col("abweichung_r")):
        decimals[key] = 2
    return out, decimals


def rates_text(frame: pd.DataFrame, lang: str = "de", after_shift_share: bool = True) -> str:
    """Reads the split for each region: which part carries the change. ``after_shift_share``:
    the shift-share of the same reference is shown above (the text refers back to it)."""
    parts = []
    for r in frame[frame["region"] != "referenz"].itertuples():
        parts.append(t("vergleich.raten_region", lang, region=r.region, delta=number(r.veraenderung, 0, lang),
                       bev=number(r.bevoelkerung, 0, lang), quote=number(r.quote, 0, lang),
                       r0=number(r.r0, 2, lang), r1=number(r.r1, 2, lang), abw=number(r.abweichung_r, 2, lang)))
    a = frame.attrs
    ende = (t("vergleich.raten_ende_basis", lang, end=a["end"], ende_ss=a["end_shift_share"], danach=a["end"] + 1)
            if a["end"] == a["share_basis_until"] else
            t("vergleich.raten_ende_luecke", lang, end=a["end"], ende_ss=a["end_shift_share"],
              basis=a["share_basis_until"]))
    years = {}
    for year, pid in a["population_by_year"].items():
        years.setdefault(pid, []).append(str(year))
    bev = ", ".join(t(f"vergleich.bev_quelle.{pid}", lang, jahre=", ".join(ys)) for pid, ys in years.items())
    referenz = t("vergleich.raten_referenz_ss" if after_shift_share else "vergleich.raten_referenz_allein", lang,
                 k=a["kreise_referenz"])
    return t("vergleich.raten_text_gemeinsam", lang, start=a["start"], end=a["end"], ende=ende, bev=bev,
             referenz=referenz) + "\n\n" + "\n".join(f"- {p}" for p in parts)


# --- potential -----------------------------------------------------------------------------------
def top_share(pct, lang: str = "de") -> str:
    """A share of runs in % (0–100) as printed: rounded to whole percent, except that a share
    that is not exactly 100 never reads "100 %" but "> 99 %" (at least one run failed), and a
    share that is not exactly 0 never reads "0 %" but "< 1 %"."""
    if pct is None or pd.isna(pct):
        return number(pct, 0, lang)
    if 99.5 <= pct < 100:
        return "> " + percent(99, 0, lang)
    if 0 < pct < 0.5:
        return "< " + percent(1, 0, lang)
    return percent(pct, 0, lang)


def position_text(rang_min, rang_max, n, top_anteil, top: int, spread, lang: str = "de") -> str:
    """The one sentence on a top Gemeinde's position in the settlement index, used wherever that
    position is stated (findings on 10/40/70 and the ranking on 50), so pages cannot contradict
    each other: rank range over all weight runs, share of runs in the top ``top`` (``top_anteil``
    in %, :func:`top_share`), and "Lage stabil" only at :data:`wla.analysis.findings.MIN_TOP_SHARE`
    or more, else "Lage unsicher". ``spread``: the weight change in % (±)."""
    from ..analysis.findings import MIN_TOP_SHARE

    stable = not pd.isna(top_anteil) and top_anteil >= MIN_TOP_SHARE * 100
    lage = t("potenziale.lage_stabil" if stable else "potenziale.lage_unsicher", lang, top=top,
             schwelle=percent(MIN_TOP_SHARE * 100, 0, lang))
    return t("potenziale.position", lang, spanne=rank_range(rang_min, rang_max, lang), n=n, top=top,
             anteil=top_share(top_anteil, lang), spread=percent(spread, 0, lang), lage=lage)


def potential_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """Ranked Gemeinden of a :func:`wla.potential` frame with rank, rank range, share of runs in
    the top group and absorption capacity; decimals per column."""
    a = frame.attrs
    col = lambda key, **f: t(f"potenziale.spalte.{key}", lang, **f)  # noqa: E731
    end = a["end"]
    out = pd.DataFrame({
        col("rang"): [number(v, 0, lang) for v in frame["rang"]],
        col("spanne"): [rank_range(lo, hi, lang) for lo, hi in zip(frame["rang_min"], frame["rang_max"])],
        col("top", top=a["top"]): [top_share(v * 100, lang) for v in frame["top_anteil"]],
        col("gemeinde"): frame["name"], col("potenzial"): frame["potenzial"],
        col("einwohner", jahr=end): frame[f"einwohner_{end}"],
        col("leerstand"): frame["leerstandsquote"], col("leer"): frame["leerstehend"],
        col("aufnahme"): frame["aufnahme_personen"],
        col("veraenderung", start=a["start"], end=end): frame["veraenderung_prozent"],
        col("dichte"): frame["dichte"], col("zentrum"): frame["zentrum"], "km": frame["entfernung_km"],
    })
    decimals = {c: 0 for c in out.columns}
    for key in (col("leerstand"), col("veraenderung", start=a["start"], end=end), "km"):
        decimals[key] = 1
    return out, decimals


def potential_method_text(frame: pd.DataFrame, lang: str = "de") -> str:
    a = frame.attrs
    weights = ", ".join(f"{t(f'potenziale.komponente.{k}', lang)} {number(v, 1, lang)}" for k, v in a["gewichte"].items())
    return t("potenziale.methode", lang, methode=t(f"potenziale.skala.{a['methode']}", lang), gewichte=weights,
             ohne=len(a["ohne_wert"]), klein=len(a["zu_klein"]), min_einwohner=number(a["min_einwohner"], 0, lang),
             zentren=number(a["zentren"], 0, lang), draws=number(a["draws"], 0, lang),
             spread=percent(a["spread"] * 100, 0, lang), top=a["top"],
             stand=store.catalog().loc["bbsr_zentraler_ort", "reference"])  # the central places' Gebietsstand


def potential_stability_text(frame: pd.DataFrame, lang: str = "de") -> str:
    """Interprets the rank intervals of the top group: does the first place hold, how often is
    the top group the same set, which Gemeinden are always in it, and the position of each of
    the top :data:`wla.analysis.findings.TOP_GEMEINDEN` in the shared sentence
    (:func:`position_text`, the same as in the findings)."""
    a = frame.attrs
    if a["grund"]:
        return t("potenziale.kein_gewinner", lang)
    ranked = frame.dropna(subset=["rang"])
    head = ranked.iloc[0]
    if head["rang_max"] == 1:
        first = t("potenziale.erster_haelt", lang, gemeinde=head["name"])
    else:
        first = t("potenziale.erster_haelt_nicht", lang, gemeinde=head["name"],
                  spanne=rank_range(head["rang_min"], head["rang_max"], lang), spread=percent(a["spread"] * 100, 0, lang))
    always = ranked[ranked["top_anteil"] >= 1]["name"].tolist()
    from ..analysis.findings import TOP_GEMEINDEN

    positions = [f"{r.name}: {position_text(r.rang_min, r.rang_max, a['n_bewertet'], r.top_anteil * 100, a['top'], a['spread'] * 100, lang)}."
                 for r in ranked.head(TOP_GEMEINDEN).itertuples()]
    return " ".join([
        first,
        t("potenziale.top_haelt", lang, top=a["top"], anteil=top_share(a["top_haelt"] * 100, lang)),
        t("potenziale.immer_top", lang, top=a["top"], gemeinden=", ".join(always)) if always
        else t("potenziale.nie_immer_top", lang, top=a["top"]),
        *positions,
    ])


def holiday_list(frame: pd.DataFrame, lang: str = "de") -> str:
    """The Gemeinden of ``frame`` (columns ``name``, ``wohnungen_je_1000``) as "Kampen (Sylt)
    (1.855,5)", highest ratio first; "keine" / "none" for an empty frame."""
    if frame.empty:
        return t("potenziale.freizeit_keine", lang)
    rows = frame.sort_values("wohnungen_je_1000", ascending=False)
    return ", ".join(f"{n} ({number(v, 1, lang)})" for n, v in zip(rows["name"], rows["wohnungen_je_1000"]))


def potential_holiday_text(frame: pd.DataFrame, region: str, lang: str = "de") -> str:
    """The holiday-home screen of a :func:`wla.potential` frame: rule, threshold and the
    Gemeinden shown but not ranked, with their dwellings per 1,000 inhabitants."""
    a = frame.attrs
    screened = pd.DataFrame({"name": list(a["freizeit_je_1000"]), "wohnungen_je_1000": list(a["freizeit_je_1000"].values())})
    return t("potenziale.freizeit", lang, schwelle=number(a["freizeit_schwelle"], 0, lang),
             quantil=number(a["freizeit_quantil"] * 100, 0, lang), region=region,
             liste=holiday_list(screened, lang))
