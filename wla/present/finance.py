"""Presentation of the finance chapter and of the measures catalogue: tables with headers in the
page's language and the unit in each header or in a unit column, the fiscal scatter, and the
catalogue export (CSV with plain rounded numbers, Excel with formatted columns, frozen header and
filters). Numbers come from :mod:`wla.analysis.finance` and :mod:`wla.analysis.measures`.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from ..analysis import finance, measures
from ..analysis.indicators import used
from ..exceptions import WlaError
from .findings import class_label, firm
from .fmt import date, dates, number, region_label
from .sources import lines as caption_lines
from .words import has, t, theme_name

#: Reader words of the units produced by the analysis (German unit text -> words key).
UNIT_WORDS = {
    measures.KDU_UNITS["bruttokalt"]: "kosten.einheit_bg_monat",
    measures.KDU_UNITS["nettokalt"]: "kosten.einheit_bg_monat_netto",
    measures.KDU_UNITS[""]: "kosten.einheit_bg_monat_unbekannt",
    finance.EUR_PER_APPLICATION: "kosten.einheit_erstantrag",
    measures.COST_UNITS["asylblg_anteil_kreis"]: "kosten.einheit_asylblg_anteil",
    measures.COST_UNITS["foerderung_je_schutzsuchenden"]: "kosten.einheit_je_schutzsuchenden",
    "%": "kosten.einheit_prozent", "Personen": "kosten.einheit_personen", "EUR/m²": "kosten.einheit_eur_m2",
    "EUR je Einwohner": "kosten.einheit_eur_je_ew", "EUR": "kosten.einheit_eur_je_ew",
    "je 1.000 EW": "kosten.einheit_je_1000",
}
#: Decimals a unit's values are shown and exported with (what the sources support).
UNIT_DECIMALS = {
    **dict.fromkeys(measures.KDU_UNITS.values(), 2), finance.EUR_PER_APPLICATION: 0, measures.COST_UNITS["asylblg_anteil_kreis"]: 0,
    measures.COST_UNITS["foerderung_je_schutzsuchenden"]: 2, "%": 1, "Personen": 0, "EUR/m²": 2,
    "EUR je Einwohner": 0,
}
#: Unit of each row of :func:`wla.analysis.finance.flat_payment` (words key).
FLAT_UNITS = {"bundespauschale": "kosten.einheit_erstantrag", "weitergabe_anteil": "kosten.einheit_prozent",
              "weitergabe_eur": "kosten.einheit_erstantrag", "asylblg_erstattung": "kosten.einheit_prozent"}


def unit(text: str, lang: str) -> str:
    """A unit in the page's language ("" stays "")."""
    return t(UNIT_WORDS[text], lang) if text in UNIT_WORDS else text


def source_lines(sources, lang: str = "de") -> list[str]:
    """Caption lines of ``sources`` (``attrs["sources"]`` of a finance result, or lines already
    shown) in the page's language (:func:`wla.present.sources.lines`): a parameter's line with the
    parameter file's German connectives in ``lang``, one line per address."""
    return caption_lines(sources, lang)


def _headers(frame: pd.DataFrame, keys: dict, lang: str) -> pd.DataFrame:
    return frame[list(keys)].rename(columns={k: t(v, lang) for k, v in keys.items()})


def _status(s: str, lang: str) -> str:
    """What the reader needs to know about a parameter's sourcing: nothing where it is sourced,
    else that it was not found or is superseded."""
    return "" if s == finance.SOURCED else t(f"finanzen.status_{s}", lang)


def _dates(values, lang: str) -> list[str]:
    """ISO dates of the parameter file ("2024-01-01", "2013-11") in the reader's format."""
    return [date(v, lang) if v else "" for v in values]


# --- finance chapter ------------------------------------------------------------------------------
def fiscal_figure(frame: pd.DataFrame, labels: dict, lang: str = "de"):
    """Scatter of all Kreise: tax capacity per inhabitant (x) against protection seekers per
    1,000 (y), the region's and the comparison's Kreise highlighted and labelled. ``labels``:
    ``{"region": ..., "vergleich": ...}`` (the regions' names)."""
    import matplotlib.pyplot as plt

    from .charts import _set_alt, number_axis

    years = frame.attrs["years"]
    fig, ax = plt.subplots(figsize=(8, 5.5))
    shown = frame.dropna(subset=["steuerkraft", "je_1000"])
    inside = shown["stadt_von"] if "stadt_von" in shown else pd.Series("", index=shown.index)
    others = shown[(shown["gruppe"] == "") & (inside == "")]
    ax.scatter(others["steuerkraft"], others["je_1000"], s=12, color="#bbbbbb")
    for group, colour in (("region", "#1f77b4"), ("vergleich", "#ff7f0e")):
        part = shown[shown["gruppe"] == group]
        ax.scatter(part["steuerkraft"], part["je_1000"], s=60, color=colour, label=labels[group])
        for r in part.itertuples():
            ax.annotate(r.name, (r.steuerkraft, r.je_1000), xytext=(4, 4), textcoords="offset points", fontsize=8)
        city = shown[inside == group]
        if len(city):  # the kreisfreie Stadt inside the side's Landkreis, hollow in the side's colour
            ax.scatter(city["steuerkraft"], city["je_1000"], s=60, facecolors="none", edgecolors=colour,
                       label=t("finanzen.stadt_im_landkreis", lang, region=labels[group]))
            for r in city.itertuples():
                ax.annotate(r.name, (r.steuerkraft, r.je_1000), xytext=(4, 4), textcoords="offset points", fontsize=8)
    number_axis(ax, "both", lang=lang)
    ax.set_xlabel(t("finanzen.achse_steuerkraft", lang, jahr=years["steuerkraft"]))
    ax.set_ylabel(t("finanzen.achse_last", lang, jahr=years["je_1000"]))
    ax.legend(title="")
    marked = shown[(shown["gruppe"] != "") | (inside != "")]
    points = "; ".join(
        t("finanzen.alt_punkt", lang, kreis=r.name, steuerkraft=number(r.steuerkraft, 0, lang),
          last=number(r.je_1000, 1, lang)) for r in marked.itertuples())
    _set_alt(fig, t("finanzen.alt_streuung", lang, n=len(shown), jahr_st=years["steuerkraft"],
                    jahr_ss=years["je_1000"], region=labels["region"], vergleich=labels["vergleich"],
                    punkte=points))
    return fig


#: Catalogue indicator of the municipal debt in a :func:`wla.analysis.finance.fiscal_capacity`
#: frame: in its table, not in its scatter (:func:`fiscal_figure`).
DEBT = "kommunale_schulden_je_ew"


def fiscal_figure_sources(frame: pd.DataFrame) -> dict:
    """The sources of :func:`fiscal_figure`: those of the frame without the municipal debt
    (:data:`DEBT`), which the scatter does not plot."""
    return {k: v for k, v in frame.attrs["sources"].items() if k != DEBT}


def folded_units(frame: pd.DataFrame) -> str:
    """The folded units of a :func:`wla.analysis.finance.load_per_1000`-style frame, e.g.
    "Kassel, documenta-Stadt + Kassel; …"."""
    return "; ".join(dict.fromkeys(frame.loc[frame["gefaltet"], "einheit_name"]))


#: Headline keys (:data:`wla.analysis.compare.HEADLINES`) of the columns of the fiscal table.
FISCAL_HEADLINES = {"je_1000": "schutzsuchende_je_1000", "steuerkraft": "steuerkraft", "schulden": "schulden"}


def fiscal_totals(frame: pd.DataFrame, region, vergleich, until: int | None = None) -> pd.DataFrame:
    """The region totals beside the Kreise of a fiscal table: each side, and each side with the
    kreisfreie Städte inside it (:func:`wla.analysis.compare.fair_frame`, variants ``region``,
    ``mit_stadt`` and their Kreise), at the years of ``frame`` (a
    :func:`wla.analysis.finance.fiscal_capacity` frame), facility hosts as listed up to ``until``
    (the page's reference year); ``attrs["sources"]``: those of the values."""
    from ..analysis import compare

    years = {key: frame.attrs["years"][col] for col, key in FISCAL_HEADLINES.items()}
    out = compare.fair_frame(region, vergleich, list(years), year=years, until=until)
    out.attrs["sources"] = out.attrs["value_sources"]  # the facility list is no source of these values
    return out


def fiscal_table(frame: pd.DataFrame, labels: dict, lang: str = "de", totals: pd.DataFrame | None = None,
                 until: int | None = None) -> tuple[pd.DataFrame, dict]:
    """The marked Kreise of a :func:`wla.analysis.finance.fiscal_capacity` frame, with decimals.

    With ``totals`` (:func:`fiscal_totals`) a kreisfreie Stadt inside a side's Landkreis is
    marked too (group: "Stadt + Landkreis"), and the totals of each side of several Kreise and of each "Stadt + Landkreis"
    follow as rows without percentiles. Percentiles of tax capacity and debt are left out when
    their year is outdated against the page's reference year (:func:`wla.analysis.compare.outdated`,
    ``until`` = the page's ``jahr``): such values are context, not ranked (:func:`fiscal_note`)."""
    from ..analysis import compare

    keys = {"gruppe": "finanzen.col_region", "name": "finanzen.col_kreis", "einheit": "finanzen.col_einheit_last",
            "je_1000": "finanzen.col_je_1000", "p_je_1000": "finanzen.col_p_je_1000",
            "steuerkraft": "finanzen.col_steuerkraft", "p_steuerkraft": "finanzen.col_p_steuerkraft",
            "schulden": "finanzen.col_schulden", "p_schulden": "finanzen.col_p_schulden"}
    for col in ("steuerkraft", "schulden"):
        if compare.outdated(frame.attrs["years"][col], until):
            keys.pop(f"p_{col}")
    names = frame.set_index("ags")["name"]  # the counting unit by its Kreis names, never its keys
    marked = frame.assign(gruppe=frame["gruppe"].map(labels).fillna(""),
                          einheit=[" + ".join(str(names.get(a, a)) for a in u.split("+")) if isinstance(u, str) else ""
                                   for u in frame["einheit"]])
    rows = []
    if totals is not None and not totals.empty:
        wide = totals.pivot_table(index=["seite", "variante", "ort", "ags"], columns="kennzahl", values="wert",
                                  sort=False).reset_index()
        city = wide[(wide["variante"] == "kreis") & ~wide["ags"].isin(frame.loc[frame["gruppe"] != "", "ags"])]
        aggregate = dict(zip(wide.loc[wide["variante"] == "mit_stadt", "seite"], wide.loc[wide["variante"] == "mit_stadt", "ort"]))
        group_of = dict(zip(city["ags"], city["seite"].map(aggregate)))
        inside = marked["ags"].isin(list(group_of))
        marked.loc[inside, "gruppe"] = marked.loc[inside, "ags"].map(group_of)
        whole = wide[(wide["variante"] == "mit_stadt") | ((wide["variante"] == "region") & wide["ags"].str.contains(","))]
        rows = [{"gruppe": r.ort if r.variante == "mit_stadt" else labels[r.seite], "name": r.ort, "einheit": "",
                 **{col: getattr(r, key, np.nan) for col, key in FISCAL_HEADLINES.items()}} for r in whole.itertuples()]
    shown = marked[marked["gruppe"] != ""]
    if rows:
        shown = pd.concat([shown, pd.DataFrame(rows).reindex(columns=shown.columns)], ignore_index=True)
    # a city state has no municipal budget: its debt does not exist (screen "municipal"), not "k. A."
    city = shown["ags"].isin([str(c) for c in _city_state_codes()])
    if city.any():
        shown = shown.copy()
        for col in ("schulden", "p_schulden"):
            shown[col] = [t("finanzen.entfaellt_stadtstaat", lang) if c else number(v, 0, lang)
                          for v, c in zip(shown[col], city)]
    return _headers(shown, keys, lang), {t("finanzen.col_je_1000", lang): 1}


def _city_state_codes() -> list[str]:
    """Kreis codes of the city states (Berlin, Hamburg: a Land of one Kreis)."""
    from ..regions import city_states

    return list(city_states().values())


def fiscal_note(frame: pd.DataFrame, until: int | None = None, lang: str = "de") -> str:
    """The rule sentence under the fiscal table where it left percentiles out (else "")."""
    from ..analysis import compare

    if not any(compare.outdated(frame.attrs["years"][col], until) for col in ("steuerkraft", "schulden")):
        return ""
    return t("befund.regel_alter", lang, alter=compare.MAX_AGE_YEARS, bezugsjahr=compare.reference_year(until))


def flat_payment_table(frame: pd.DataFrame, names: dict, lang: str = "de") -> pd.DataFrame:
    """A :func:`wla.analysis.finance.flat_payment` frame: item, area, value, unit, valid from
    (in the reader's date format) and a note where a rule was not found in the sources; the
    sources themselves go in the caption."""
    applies = frame["status"] != finance.NOT_APPLICABLE  # a city state: the rule does not exist there
    out = frame.assign(
        groesse=[t(f"finanzen.groesse_{g}", lang) for g in frame["groesse"]],
        land=[t("finanzen.bund", lang) if a == "DE" else names.get(a, a) for a in frame["land"]],
        value=[t("finanzen.entfaellt", lang) if not ok else number(v, 0 if pd.isna(v) or float(v).is_integer() else 1, lang)
               for v, ok in zip(frame["value"], applies)],
        unit=[t(FLAT_UNITS[g], lang) if ok else "" for g, ok in zip(frame["groesse"], applies)],
        valid_from=_dates(frame["valid_from"], lang),
        status=[_status(s, lang) for s in frame["status"]])
    keys = {"groesse": "finanzen.col_groesse", "land": "finanzen.col_gebiet", "value": "finanzen.col_wert",
            "unit": "finanzen.col_einheit_kurz", "valid_from": "finanzen.col_gueltig", "status": "finanzen.col_status"}
    return _headers(out, keys, lang)


def limits_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """A :func:`wla.analysis.finance.housing_cost_limits` frame: each row with the kind of rent
    its source names and the date its table is valid from (limits of different years read as
    such), a note where no current limit was found."""
    out = frame.assign(status=[_limit_status(s, ab, offen, lang) for s, ab, offen
                               in zip(frame["status"], frame["valid_from"], frame["aktualitaet_offen"])],
                       mietart=[t(f"finanzen.mietart_{m or 'unbekannt'}", lang) for m in frame["mietart"]],
                       valid_from=_dates(frame["valid_from"], lang), raum=[area(r, lang) for r in frame["raum"]])
    keys = {"name": "finanzen.col_kreis", "raum": "finanzen.col_raum", "personen": "finanzen.col_personen",
            "miete_grenze": "finanzen.col_miete_grenze", "mietart": "finanzen.col_mietart",
            "flaeche_grenze": "finanzen.col_flaeche_grenze", "valid_from": "finanzen.col_gueltig",
            "status": "finanzen.col_status"}
    return _headers(out, keys, lang), {t("finanzen.col_miete_grenze", lang): 2}


def _limit_status(status: str, valid_from: str, not_current: bool, lang: str) -> str:
    """The status cell of a limit: as :func:`_status`, and for a sourced limit older than the review
    interval of § 22c SGB II (:func:`wla.analysis.finance.not_known_current`) "Stand <date>;
    Aktualität nicht belegt (…)"."""
    return stand_offen(valid_from, lang) if status == finance.SOURCED and not_current else _status(status, lang)


def stand_offen(valid_from: str, lang: str = "de") -> str:
    """"Stand 01.03.2020; Aktualität nicht belegt (Prüfung alle zwei Jahre, § 22c SGB II)" for a
    housing-cost limit older than the review interval (words ``finanzen.stand_offen``)."""
    return t("finanzen.stand_offen", lang, datum=date(valid_from, lang))


def limit_notes(frame: pd.DataFrame, lang: str = "de") -> list[str]:
    """One sentence per Kreis without a limit in force (missing, outdated, or in force only
    after the reference year)."""
    keys = {finance.MISSING: "finanzen.grenze_fehlt", finance.OUTDATED: "finanzen.grenze_veraltet",
            finance.NOT_IN_FORCE: "finanzen.grenze_nicht_in_kraft"}
    out = []
    for (kreis, status), part in frame[frame["status"] != finance.SOURCED].groupby(["name", "status"], sort=False):
        ags = part["ags"].iloc[0]
        key = keys[status] + ("_stadtstaat" if status == finance.MISSING and _city_state(ags) else "")
        out.append(t(key, lang, kreis=kreis, ab=date(part["valid_from"].iloc[0], lang), regel=land_rule(ags, lang)))
    return out


def land_rule(kreis: str, lang: str = "de") -> str:
    """The name of a city state's own housing-cost rules (words ``finanzen.kdu_landesregel_<Kreis>``,
    else the general words): named, not gathered."""
    own = f"finanzen.kdu_landesregel_{kreis}"
    return t(own if has(own) else "finanzen.kdu_landesregel", lang)


def _city_state(kreis: str) -> bool:
    """Whether the Kreis ``kreis`` is a city state (a Land of one Kreis, :func:`wla.regions.city_states`):
    there the Land sets the housing-cost limits itself (Berlin: AV-Wohnen; Hamburg: Fachanweisung
    zu § 22 SGB II), and the project has not gathered them – "not in the data", not "not found"."""
    from ..regions import city_states

    return str(kreis) in city_states().values()


def scenario_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """The shown columns of a :func:`wla.analysis.finance.rent_scenario` frame and decimals: the
    limit's valid-from date beside it (limits of different years read as such), the census net
    rent only beside a net cold limit (else "nicht vergleichbar" and why), and the census
    household size with the absorption of the settlement page beside the people housed."""
    keys = {"name": "finanzen.col_gemeinde", "raum": "finanzen.col_raum", "leerstehend": "finanzen.col_leerstehend",
            "haushaltsgroesse": "finanzen.col_haushaltsgroesse", "aufnahme_personen": "finanzen.col_aufnahme",
            "personen_untergebracht": "finanzen.col_untergebracht", "personen_ohne_wohnung": "finanzen.col_ohne_wohnung",
            "miete_grenze": "finanzen.col_miete_grenze", "grenze_ab": "finanzen.col_grenze_ab",
            "kosten_person_monat": "finanzen.col_kosten_person_monat",
            "kosten_jahr": "finanzen.col_kosten_jahr", "miete_zensus": "finanzen.col_miete_zensus",
            "monate_pauschale": "finanzen.col_monate_pauschale"}
    shown = frame if frame["pauschale_kommune"].notna().any() else frame.drop(columns="monate_pauschale")
    offen = shown["grenze_aktualitaet_offen"].fillna(False) if "grenze_aktualitaet_offen" in shown else [False] * len(shown)
    shown = shown.assign(grenze_ab=[stand_offen(v, lang) if o else d for v, o, d
                                    in zip(shown["grenze_ab"].fillna(""), offen, _dates(shown["grenze_ab"].fillna(""), lang))],
                         raum=[area(r, lang) for r in shown["raum"].fillna("")],
                         miete_zensus=[_census_rent(r, lang) for _, r in shown.iterrows()])
    keys = {k: v for k, v in keys.items() if k in shown}
    return _headers(shown, keys, lang), {t(keys["miete_grenze"], lang): 2, t(keys["kosten_person_monat"], lang): 2,
                                         t(keys["haushaltsgroesse"], lang): 2, t(keys["aufnahme_personen"], lang): 0}


def _census_rent(r, lang: str) -> str:
    """The census net rent beside a limit only where the limit is a net cold rent too; else why
    the two are not comparable (the limit's rent type as its source gives it)."""
    if r["vergleichbar"]:
        return number(r["miete_zensus"], 0, lang)
    if pd.isna(r["miete_grenze"]):
        return number(np.nan, 0, lang)
    return t(f"finanzen.nicht_vergleichbar_{r['mietart_grenze'] or 'unbekannt'}", lang)


def scenario_notes(chosen: pd.DataFrame, region: str, lang: str = "de") -> list[str]:
    """What a page says about one side's rent scenario (a
    :func:`wla.analysis.finance.scenario_gemeinden` frame): no ranked Gemeinde; none of the top
    Gemeinden computable (no table follows); or how many of them are not computable for want of
    a limit in which Kreise."""
    from .. import store

    a = chosen.attrs
    if not a["gerangt"]:
        return [t("finanzen.szenario_keine_gemeinden", lang, region=region)]
    names = store.names()
    kreise = ", ".join(sorted(names.get(k, k) for k in a["ohne_grenze"]))
    if chosen.empty:
        one = "_ein_kreis" if len(a["ohne_grenze"]) == 1 else ""
        return [t(f"finanzen.szenario_keine_grenze{one}", lang, region=region, kreise=kreise, n=a["top"])]
    if a["ohne_grenze"]:
        return [t("finanzen.szenario_ohne_grenze", lang, region=region, kreise=kreise, k=a["top_ohne_grenze"],
                  n=a["top"], m=len(chosen))]
    return []


def _grant_label(r, lang: str) -> str:
    """The phase and notice date of a grant as its source gives them (the year marked where the
    source infers it from context)."""
    if not r["bescheid_tag"]:
        return ""
    hint = t("finanzen.jahr_erschlossen", lang) if r["jahr_erschlossen"] else ""
    year = "" if pd.isna(r["bescheid_jahr"]) else int(r["bescheid_jahr"])
    phase = "" if pd.isna(r["phase"]) else int(r["phase"])
    return t("finanzen.phase_bescheid", lang, phase=phase, tag=dates(r["bescheid_tag"], lang), jahr=year, hinweis=hint)


def funding_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """A :func:`wla.analysis.finance.funding_per_head` frame with headers and decimals: each
    grant with its phase and notice date, and the date of each denominator (31.12. of the grant
    year or the edition before it; "k. A." where the snapshot has none up to that year)."""
    out = frame.assign(
        bescheid=[_grant_label(r, lang) for _, r in frame.iterrows()],
        stand_einwohner=[_year_end(y, lang) for y in frame["jahr_einwohner"]],
        stand_schutzsuchende=[_year_end(y, lang) for y in frame["jahr_schutzsuchende"]])
    keys = {"region": "finanzen.col_region", "bescheid": "finanzen.col_bescheid",
            "foerderung": "finanzen.col_foerderung", "einwohner": "finanzen.col_einwohner",
            "stand_einwohner": "finanzen.col_stand", "je_einwohner": "finanzen.col_je_einwohner",
            "schutzsuchende": "finanzen.col_schutzsuchende", "stand_schutzsuchende": "finanzen.col_stand_ss",
            "je_schutzsuchenden": "finanzen.col_je_schutzsuchenden"}
    return _headers(out, keys, lang), {t(keys["je_einwohner"], lang): 2, t(keys["je_schutzsuchenden"], lang): 2}


def _year_end(year, lang: str) -> str:
    """31.12. of ``year`` in the reader's date format ("k. A." for none)."""
    return number(np.nan, 0, lang) if pd.isna(year) else date(f"{int(year)}-12-31", lang)


def funding_notes(frame: pd.DataFrame, lang: str = "de") -> list[str]:
    """Sentences under the funding table: why a per-head value is "k. A." (no denominator of the
    grant year in the snapshot; a later year is never used) and what the sources say about a
    second phase (an expected amount, or a phase without an amount; never counted)."""
    out = []
    granted = frame[frame["status"] == finance.SOURCED]
    # one sentence per notice year and first 12531 edition for all regions without a count of that year
    without = granted[granted["schutzsuchende"].isna()]
    for (year, first), part in without.groupby(["bescheid_jahr", "erstes_jahr_schutzsuchende"], dropna=False, sort=False):
        out.append(t("finanzen.foerderung_ohne_ss", lang, region=", ".join(part["region"]), stand=_year_end(year, lang),
                     erstes=_year_end(first, lang)))
    for _, r in granted.iterrows():
        stand = _year_end(r["bescheid_jahr"], lang)
        if pd.isna(r["einwohner"]):
            out.append(t("finanzen.foerderung_ohne_ew", lang, region=r["region"], stand=stand))
        if pd.notna(r["phase2_erwartet"]):
            out.append(t("finanzen.phase2_erwartet", lang, region=r["region"], betrag=number(r["phase2_erwartet"], 0, lang)))
        elif r["phase2_erwaehnt"]:
            out.append(t("finanzen.phase2_ohne_betrag", lang, region=r["region"]))
    for _, r in frame[frame["status"] == finance.NOT_IN_FORCE].iterrows():
        out.append(t("finanzen.foerderung_spaeter", lang, region=r["region"], jahr=int(r["bescheid_jahr"])))
    return out


def funding_sentence(r, lang: str = "de") -> str:
    """One grant per head in a sentence (a finding's statement): phase and notice date, the
    amount, per inhabitant with the date of the population count and per protection seeker – or
    why that is "k. A."."""
    text = t("finanzen.foerderung_befund", lang, region=r["region"], bescheid=_grant_label(r, lang),
             summe=number(r["foerderung"], 0, lang), je_ew=number(r["je_einwohner"], 2, lang),
             stand_ew=_year_end(r["jahr_einwohner"], lang))
    if pd.notna(r["je_schutzsuchenden"]):
        return text + " " + t("finanzen.foerderung_befund_ss", lang, je_ss=number(r["je_schutzsuchenden"], 2, lang),
                              stand_ss=_year_end(r["jahr_schutzsuchende"], lang))
    return text + " " + t("finanzen.foerderung_befund_ohne_ss", lang, stand=_year_end(r["bescheid_jahr"], lang),
                          erstes=_year_end(r["erstes_jahr_schutzsuchende"], lang))


# --- measures catalogue ---------------------------------------------------------------------------
#: Catalogue columns (internal name -> words key), in order.
CATALOGUE = {
    "id": "katalog.col_id", "titel": "katalog.col_titel", "text": "katalog.col_text", "thema": "katalog.col_thema",
    "herkunft": "katalog.col_herkunft", "befund": "katalog.col_befund", "akteur": "katalog.col_akteur",
    "horizont": "katalog.col_horizont", "foerderung": "katalog.col_foerderung", "monitor": "katalog.col_monitor",
    "monitor_wert": "katalog.col_monitor_wert", "monitor_einheit": "katalog.col_monitor_einheit",
    "monitor_jahr": "katalog.col_monitor_jahr", "monitor_quelle": "katalog.col_monitor_quelle", "kosten_ort": "katalog.col_kosten_ort",
    "kosten_wert": "katalog.col_kosten_wert", "kosten_einheit": "katalog.col_kosten_einheit",
    "kosten_rechnung": "katalog.col_kosten_rechnung", "kosten_quelle": "katalog.col_kosten_quelle",
}
SHOWN = ("titel", "befund", "akteur", "horizont", "foerderung", "monitor", "monitor_wert", "monitor_einheit",
         "monitor_jahr", "kosten_rechnung")


def area(raum: str, lang: str = "de") -> str:
    """A comparison area as the source numbers it ("VR II") spelled out in the page's language
    ("Vergleichsraum II" / "comparison area II"); "" stays ""."""
    return t("finanzen.vergleichsraum", lang, nr=str(raum).removeprefix("VR").strip()) if raum else ""


def comparison_places(vs) -> set[str]:
    """Names under which findings speak about the comparison region (itself, its Kreise and
    Gemeinden) – such findings are left out of the region's catalogue."""
    from .. import store

    names = store.names()
    return {vs.label} | {names.get(k, k) for k in vs.kreise} | set(vs.gemeinden()["name"])


def _cost_text(r, lang: str) -> str:
    if not r.regel:
        return t("kosten.keine", lang)
    suffix = "" if r.status == finance.SOURCED else f"_{r.status}"
    if r.regel == "kdu_1p" and r.status == finance.SOURCED and getattr(r, "aktualitaet_offen", False) is True:
        suffix = "_offen"  # older than the review interval of § 22c SGB II: used, and marked so
    if r.regel == "kdu_1p" and r.status == finance.MISSING and _city_state(r.ort_ags):
        suffix += "_stadtstaat"
    d = UNIT_DECIMALS.get(r.unit, 0)
    basis_d = 0 if r.regel != "kdu_1p" else 2
    return t(f"kosten.rechnung_{r.regel}{suffix}", lang, ort=region_label(r.ort, lang),
             raum=f" ({area(r.raum, lang)})" if r.raum else "",
             wert=number(round(r.value, d), d, lang),
             ab=r.gueltig_ab or number(np.nan, 0, lang), stand=stand_offen(r.gueltig_ab, lang),
             basis=number(r.basis, basis_d, lang),
             anteil=number(r.anteil, 0, lang), regel=land_rule(r.ort_ags, lang))


def _fund_text(r, lang: str) -> str:
    """One funding row of the catalogue; a grant of an earlier phase labelled as past funding
    (notice year and phase), never as funding of the measure proposed now."""
    text = t(f"katalog.foerderung_{r.parameter_id}", lang, wert=number(r.value, 0, lang))
    if not r.bisherig:
        return text
    phase = "" if pd.isna(r.phase) else t("katalog.foerderung_phase", lang, phase=int(r.phase))
    return t("katalog.foerderung_bisherig", lang, jahr=int(r.bescheid_jahr), phase=phase, text=text)


#: The cost rule of the measure that passes federal and state funds on to the municipalities.
PASS_ON = "pauschale_kommune"


def catalogue(reg, vs, findings_frame: pd.DataFrame, lang: str = "de", until: int | None = None) -> pd.DataFrame:
    """The region's measures catalogue: one row per measure and cost area (a cost that differs
    by Kreis gets a row per Kreis), internal column names of :data:`CATALOGUE`. Findings about
    the comparison region are left out (``attrs["n_vergleich"]`` counts them); monitoring values
    are the newest up to ``until``, costs and funding those of that reference year
    (:func:`wla.analysis.measures.costs`; housing-cost limits only for the Kreise of the answered
    findings' Gemeinden, :func:`wla.analysis.measures.finding_kreise`); costs carry their unit and
    source, or the "no sourced cost" words. Beside them (not exported): ``monitor_status``,
    ``foerderung_quelle`` (sources of the funding cell) and ``befund_quelle`` (of the findings cell). ``attrs["sources"]`` lists all sources;
    ``attrs["nicht_anwendbar"]``: titles of measures left out because they do not apply to the
    region: passing funds on to the municipalities (cost rule :data:`PASS_ON`) in a city state,
    which has no municipalities of its own. Other measures stay; their cost cell says the rule does
    not apply there, and their actor is the city state's (``akteur_stadtstaat`` of the measures file)."""
    own = findings_frame[~findings_frame["ort"].isin(comparison_places(vs))]
    answered = measures.answered(own)
    ranked = findings_frame.attrs.get("ranked", int(findings_frame.get("rang", pd.Series(dtype=float)).notna().sum()))
    table = measures.measures()
    monitor = measures.monitoring(reg, until, vs).set_index("massnahme")
    funding = measures.funding(reg, until)
    # the housing-cost limits of a measure only for the Kreise its findings' Gemeinden lie in
    kreise = {m: measures.finding_kreise(rows, reg) for m, rows in answered.groupby("massnahme")}
    costs = measures.costs(reg, until, kreise)

    city_state = all(_city_state(k) for k in reg.kreise)
    rows, not_applicable = [], []
    for m in table.itertuples():
        own_costs = costs[costs["massnahme"] == m.id]
        if m.kosten == PASS_ON and len(own_costs) and (own_costs["status"] == finance.NOT_APPLICABLE).all():
            not_applicable.append(getattr(m, f"titel_{lang}"))  # passing funds on, in a city state
            continue
        hits = answered[answered["massnahme"] == m.id]
        # each finding with its class ("Herausforderung (knapp)") and its rank across all themes
        texts = [t("katalog.befund_klasse", lang, klasse=_finding_class(r, lang), rang=_finding_rank(r, ranked, lang),
                   aussage=r["aussage"]) for _, r in hits.iterrows()]
        grounds = answered.loc[answered["massnahme"] == m.id, "quellen"] if "quellen" in answered else []
        funds = funding[funding["massnahme"] == m.id]
        fund_text = "; ".join(_fund_text(r, lang) for r in funds.itertuples())
        # an actor named by the programme's role only where the programme's funding applies to the region
        actor = getattr(m, f"akteur_{lang}") if len(funds) or not m.foerderung else getattr(m, f"akteur_ohne_foerderung_{lang}")
        if city_state and getattr(m, f"akteur_stadtstaat_{lang}"):  # no Kreis or Gemeinde body there
            actor = getattr(m, f"akteur_stadtstaat_{lang}")
        base = {
            "id": m.id, "titel": getattr(m, f"titel_{lang}"), "text": getattr(m, f"text_{lang}"),
            "thema": theme_name(m.thema, lang), "herkunft": t("katalog.herkunft", lang),
            "befund": " | ".join(texts) if len(texts) else t("katalog.kein_befund", lang),
            # a borderline finding keeps its measure but is no firm finding in the page's counts
            "befund_fest": any(firm(r) for r in hits.itertuples()),
            "akteur": actor, "horizont": t(f"katalog.horizont_{m.horizont}", lang),
            "foerderung": fund_text or t("katalog.keine_foerderung", lang),
            "befund_quelle": _sources_in(list(grounds), lang),
            "foerderung_quelle": _sources_in(finance.cited(funds["source"]), lang),
            **_monitor(monitor.loc[m.id], until, lang, reg.label),
        }
        for r in costs[costs["massnahme"] == m.id].itertuples():
            d = UNIT_DECIMALS.get(r.unit, 0)
            rows.append({**base, "kosten_ort": region_label(r.ort, lang) + (f" ({area(r.raum, lang)})" if r.raum else ""),
                         "kosten_wert": round(r.value, d) if pd.notna(r.value) else np.nan,
                         "kosten_einheit": unit(r.unit, lang), "kosten_rechnung": _cost_text(r, lang),
                         "kosten_quelle": _sources_in(r.source, lang)})
    out = pd.DataFrame(rows, columns=[*CATALOGUE, "monitor_status", "foerderung_quelle", "befund_quelle", "befund_fest"])
    sources = used(list(own["quellen"]), list(monitor["source"]), costs.attrs["sources"], funding.attrs["sources"])
    out.attrs = {"sources": sources, "n_vergleich": int(len(findings_frame) - len(own)),
                 "nicht_anwendbar": not_applicable}
    return out


def _finding_class(r, lang: str) -> str:
    """The class a finding row (a row of :func:`wla.present.findings.readable`) is shown with."""
    return r["art"] if "art" in r and isinstance(r["art"], str) else class_label(r, lang)


def _finding_rank(r, ranked: int, lang: str) -> str:
    """"Rang 2 von 2" of a finding row (its rank across all themes, as on pages 20–60), or "ohne Rang"."""
    rank = r.get("rang", np.nan)
    return t("befund.ohne_rang", lang) if pd.isna(rank) else t("befund.rang", lang, rang=int(rank), n=ranked)


def _sources_in(sources, lang: str) -> str:
    """A cell of source lines ("a | b") of ``sources`` (``attrs["sources"]`` form, or a list of
    them) in ``lang``: "Stand", dates and connectives in the reader's language, publication
    titles as published."""
    return " | ".join(caption_lines(sources, lang))


def _monitor(mon, until: int | None, lang: str, region: str = "") -> dict:
    """The monitoring columns of one measure (a row of :func:`wla.analysis.measures.monitoring`):
    the indicator with its current value (and, where it is counted at an institution for the region
    with the kreisfreie Städte inside it, that area), or – where the data hold none that is current
    – the indicator's name with the true reason (how old its newest value is; which side has no
    value and why: no total for a region of several Kreise or Gemeinden, none in the data, a city
    state; "entfällt (Stadtstaat)" for a municipal figure of a city state), never a bare "k. A."
    as if it were monitored."""
    from ..analysis import compare

    status = mon["status"]
    h = compare.headline(mon["indicator"]) if mon["indicator"] else None
    label = h.label(lang) if h is not None else ""
    if h is not None and h.erhebungsort and mon["ort"] != region and mon["seite"] != mon["ort"]:
        # e.g. Stadt + Landkreis Coburg, at the school's site (a reason naming that side says it already)
        label = t(f"katalog.kennzahl_ort_{h.erhebungsort}", lang, kennzahl=label, ort=region_label(mon["ort"], lang))
    if status == measures.MONITOR_OK:
        return {"monitor": label, "monitor_wert": round(mon["value"], int(mon["decimals"])),
                "monitor_einheit": unit(mon["unit"], lang), "monitor_jahr": mon["year"],
                "monitor_quelle": _sources_in(mon["source"], lang), "monitor_status": status}
    own = f"katalog.kennzahl_keine_{mon.name}"  # a measure's own reason (row label: the measure id), where the words have one
    why = (t(own if has(own) else "katalog.kennzahl_keine", lang) if status == measures.MONITOR_NONE
           else t("katalog.kennzahl_veraltet", lang, kennzahl=label, jahr=int(mon["year"]), alter=compare.MAX_AGE_YEARS,
                  bezugsjahr=compare.reference_year(until)) if status == measures.MONITOR_OUTDATED
           else t("katalog.kennzahl_entfaellt", lang, kennzahl=label) if status == measures.MONITOR_NOT_APPLICABLE
           else t(f"katalog.kennzahl_fehlt_{mon['grund'] or measures.GAP_NO_VALUE}", lang, kennzahl=label,
                  seite=region_label(mon["seite"] or mon["ort"], lang)))
    return {"monitor": why, "monitor_wert": np.nan, "monitor_einheit": "", "monitor_jahr": np.nan,
            "monitor_quelle": "", "monitor_status": status}


def catalogue_table(frame: pd.DataFrame, lang: str = "de", columns=None, formatted: bool = False) -> pd.DataFrame:
    """Catalogue rows with headers in ``lang`` (``columns``: internal names, default all).
    ``formatted``: numbers as text in the page's format with the decimals they were rounded to,
    and the long texts of a measure's further cost rows as "wie oben" (for display; the export
    keeps numbers and every text)."""
    keys = {c: CATALOGUE[c] for c in (columns or CATALOGUE)}
    if formatted:
        frame = frame.copy()
        for col in ("monitor_wert", "kosten_wert"):
            frame[col] = [number(v, _decimals(v), lang) for v in frame[col]]
        frame["monitor_jahr"] = [number(v, 0, lang) if pd.isna(v) else str(int(v)) for v in frame["monitor_jahr"]]
        if "monitor_status" in frame:  # no monitoring value: the indicator cell says why, no "k. A." beside it
            silent = frame["monitor_status"] != measures.MONITOR_OK
            for col in ("monitor_wert", "monitor_jahr"):
                frame[col] = frame[col].where(~silent, "")
        repeat = frame["id"].eq(frame["id"].shift())
        for col in ("befund", "akteur", "horizont"):
            frame[col] = frame[col].where(~repeat, t("katalog.wie_oben", lang))
    return _headers(frame, keys, lang)


def _decimals(value) -> int:
    """Decimals a rounded value has (at most two)."""
    if not isinstance(value, (int, float)) or value != value:
        return 0
    return next(d for d in (0, 1, 2) if d == 2 or round(value, d) == value)


def overview(frame: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """Per theme: number of measures, of those answering a firm finding (a challenge or potential
    that does not rest on rounding: column ``befund_fest``), of those with a sourced cost; where a
    measure answers only borderline findings, a column counting those apart (not counted as with
    a finding)."""
    none = t("katalog.kein_befund", lang)
    per = frame.groupby(["thema", "id"], sort=False).agg(
        befund=("befund", lambda s: (s != none).any()), fest=("befund_fest", "any"),
        kosten=("kosten_wert", lambda s: s.notna().any()))
    per = per.assign(knapp=per["befund"] & ~per["fest"])
    per = per.reset_index().groupby("thema", sort=False).agg(
        anzahl=("id", "size"), mit_befund=("fest", "sum"), nur_knapp=("knapp", "sum"),
        mit_kosten=("kosten", "sum")).reset_index()
    if not per["nur_knapp"].any():
        per = per.drop(columns="nur_knapp")
    return per.rename(columns={"thema": t("katalog.col_thema", lang), "anzahl": t("katalog.col_anzahl", lang),
                               "mit_befund": t("katalog.col_mit_befund", lang),
                               "nur_knapp": t("katalog.col_nur_knapp", lang),
                               "mit_kosten": t("katalog.col_mit_kosten", lang)})


def output_folder(output_dir=None) -> Path:
    """Where the catalogue files go: ``output_dir`` (the report folder, passed by ``wla report``) if
    given, else the current directory."""
    return Path(output_dir or ".")


def _plain(value, lang: str) -> str:
    """A rounded number as plain CSV text: no thousands separator, decimal comma for German,
    integral values without decimals, missing as empty."""
    if value is None or value != value:
        return ""
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", ",") if lang == "de" else text


def _excel_format(value) -> str:
    """Excel number format showing the decimals a (rounded) value has, at most two."""
    if not isinstance(value, (int, float)) or value != value:
        return "General"
    decimals = _decimals(value)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def measure_numbers(ids) -> list[str]:
    """A reader's number for each measure id: "M1", "M2", … in the order of the measures catalogue
    (:func:`wla.analysis.measures.measures`), the same number in every region's export."""
    order = {m: i for i, m in enumerate(measures.measures()["id"], start=1)}
    return [f"M{order[m]}" for m in ids]


def _readable_ids(table: pd.DataFrame, frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The export table with the measure's number (:func:`measure_numbers`) instead of its internal
    id, and no cost unit beside a cost without a value (a unit belongs to a number)."""
    table = table.copy()
    id_col, unit_col = t(CATALOGUE["id"], lang), t(CATALOGUE["kosten_einheit"], lang)
    table[id_col] = measure_numbers(frame["id"])
    table[unit_col] = table[unit_col].where(frame["kosten_wert"].notna().to_numpy(), "")
    return table.rename(columns={id_col: t("katalog.col_nr", lang)})


def export(frame: pd.DataFrame, folder, stem: str, lang: str = "de") -> tuple[Path, Path]:
    """Write the catalogue as ``<stem>.csv`` (``;``-separated, UTF-8 with BOM; plain numbers,
    already rounded to what their source supports; decimal comma for German, point for English)
    and ``<stem>.xlsx`` (number formats per column, frozen header, filters, column widths); each
    row starts with the measure's number ("M1", :func:`measure_numbers`), not its internal id.
    Each file is written under a temporary name and renamed into place. Returns both paths."""
    from openpyxl.utils import get_column_letter

    folder = Path(folder)
    if not folder.is_dir():
        raise WlaError(f"output folder {folder} does not exist; create it or pass another output_dir")
    table = _readable_ids(catalogue_table(frame, lang), frame, lang)
    xlsx, csv = folder / f"{stem}.xlsx", folder / f"{stem}.csv"
    tmp_x, tmp_c = folder / f".{stem}.xlsx.tmp", folder / f".{stem}.csv.tmp"
    numeric = {t(CATALOGUE[c], lang): c for c in ("monitor_wert", "kosten_wert", "monitor_jahr")}
    try:
        plain = table.copy()
        for header in numeric:
            plain[header] = [_plain(v, lang) for v in plain[header]]
        plain.to_csv(tmp_c, sep=";", index=False, encoding="utf-8-sig")
        with pd.ExcelWriter(tmp_x, engine="openpyxl") as writer:
            sheet = t("katalog.sheet", lang)
            table.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes = "A2"
            ws.auto_filter.ref = ws.dimensions
            for i, header in enumerate(table.columns, start=1):
                letter = get_column_letter(i)
                ws.column_dimensions[letter].width = 14 if header in numeric else 40
                if header in numeric:
                    for cell in ws[letter][1:]:
                        cell.number_format = "0" if numeric[header] == "monitor_jahr" else _excel_format(cell.value)
        os.replace(tmp_x, xlsx)
        os.replace(tmp_c, csv)
    finally:
        for tmp in (tmp_x, tmp_c):
            tmp.unlink(missing_ok=True)
    return xlsx, csv
