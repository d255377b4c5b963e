"""Challenges and potentials derived from the numbers, one row per finding.

Each finding states a comparison with its figures and sources; the "Herausforderungen und
Potenziale" sections of the thematic notebooks and the catalogue of measures
(``70_massnahmenkatalog``) are built from these rows, so text and catalogue never disagree.
Statements compare the region with its comparison region and Germany; they describe, they do
not claim causes.

Columns (:data:`COLUMNS`): ``rang``; ``thema`` (wohnen, lernen, arbeiten, bevoelkerung,
finanzen); ``ort`` and ``ebene`` (Region, Kreis or Gemeinde); ``art`` (Herausforderung or
Potenzial); ``aussage`` (the evidence with its figures); ``kennzahl``, ``wert``,
``vergleichswert`` and ``abweichung_prozent`` = (wert − vergleichswert) / |vergleichswert| × 100;
``gruppe`` (who is concerned); ``massnahmen`` (candidate measures – suggestions from practice
and programme texts, not derived from the data); ``kosten`` and ``kosten_eur`` (cost
arithmetic from :mod:`wla.analysis.finance` where it applies, with its unit in the text);
``quellen``.

Ranking (:func:`rank`): by the absolute ``abweichung_prozent``, largest first; findings without
a comparison value follow in theme order. A rule a reader can check, not a judgement of urgency.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import WlaError
from ..present.fmt import number
from ..present.sources import lines as source_lines
from ..regions import region as resolve_region
from ..present.words import t
from . import compare, finance, housing, labour, potential, shift_share

COLUMNS = ["rang", "thema", "ort", "ebene", "art", "aussage", "kennzahl", "wert", "vergleichswert",
           "abweichung_prozent", "gruppe", "massnahmen", "kosten", "kosten_eur", "quellen"]
THEMES = ("bevoelkerung", "wohnen", "lernen", "arbeiten", "finanzen")

#: Number of Gemeinden with the highest settlement potential reported per region.
TOP_GEMEINDEN = 3


def _row(theme, place, kind, text, key, value, other, sources, level="Region", lang="de",
         cost="", cost_eur=np.nan):
    measure = f"massnahme.{key}"
    return {"thema": theme, "ort": place, "ebene": level, "art": kind, "aussage": text, "kennzahl": key,
            "wert": value, "vergleichswert": other, "gruppe": t(f"gruppe.{theme}", lang),
            "massnahmen": t(measure, lang), "kosten": cost, "kosten_eur": cost_eur,
            "quellen": " | ".join(sources)}


def _kind(kind: str, lang: str) -> str:
    return kind if lang == "de" else {"Herausforderung": "challenge", "Potenzial": "potential"}[kind]


def _headline_pair(key: str, reg, vs):
    h = compare.headline(key)
    year = compare.latest_common_year(h, [reg, vs])
    if year is None:
        return None
    a, b = compare.value(h, reg, year), compare.value(h, vs, year)
    de = compare.value(h, resolve_region("deutschland"), year)
    return h, year, a, b, de


def _compare_sentence(h, year, a, b, de, reg, vs, lang, higher_is: str):
    """One sentence comparing a headline figure; ``higher_is`` says whether a higher value is a
    'challenge' or a 'potential' for the region."""
    d = h.decimals
    more = a["value"] > b["value"]
    kind = higher_is if more else ("Potenzial" if higher_is == "Herausforderung" else "Herausforderung")
    if lang == "de":
        text = (f"{h.label_de} {year}: {reg.label} {number(a['value'], d)} {h.unit}, "
                f"{vs.label} {number(b['value'], d)} {h.unit}, Deutschland {number(de['value'], d)} {h.unit} – "
                f"{reg.label} liegt {'über' if more else 'unter'} dem Vergleich.")
    else:
        text = (f"{h.label_en} {year}: {reg.label} {number(a['value'], d)} {h.unit}, "
                f"{vs.label} {number(b['value'], d)} {h.unit}, Germany {number(de['value'], d)} {h.unit} – "
                f"{reg.label} is {'above' if more else 'below'} the comparison.")
    return _kind(kind, lang), text


#: For each theme: the headlines compared and whether a higher value is a challenge or a potential.
RULES = {
    "wohnen": [("leerstandsquote", "Potenzial"), ("nettokaltmiete", "Herausforderung")],
    "lernen": [("ohne_abschluss", "Herausforderung"), ("auslaendische_schueler", "Herausforderung"),
               ("kita_u3", "Potenzial")],
    "arbeiten": [("alq_auslaender", "Herausforderung"), ("auslaender_an_svb", "Potenzial")],
    "bevoelkerung": [("schutzsuchende_je_1000", "Herausforderung"), ("offen_anteil", "Herausforderung")],
    "finanzen": [("steuerkraft", "Potenzial"), ("schulden", "Herausforderung")],
}


def findings(region, vergleich, theme: str | None = None, lang: str = "de") -> pd.DataFrame:
    """All findings for a region pair (or one theme), ranked (see the module for the columns
    and the ranking rule)."""
    reg, vs = resolve_region(region), resolve_region(vergleich)
    if theme is not None and theme not in THEMES:
        raise WlaError(f"unknown theme {theme!r}; choose one of {THEMES}")
    rows = []
    for th in THEMES:
        if theme is not None and th != theme:
            continue
        for key, higher_is in RULES[th]:
            try:
                pair = _headline_pair(key, reg, vs)
            except WlaError:
                continue
            if pair is None or np.isnan(pair[2]["value"]) or np.isnan(pair[3]["value"]):
                continue
            h, year, a, b, de = pair
            kind, text = _compare_sentence(h, year, a, b, de, reg, vs, lang, higher_is)
            rows.append(_row(th, reg.label, kind, text, h.key, a["value"], b["value"], a["sources"], lang=lang))
        if th == "wohnen":
            rows += _vacancy_findings(reg, lang)
            rows += _potential_findings(reg, lang)
        if th == "arbeiten":
            rows += _gap_findings(reg, vs, lang)
            rows += _shift_share_findings(reg, vs, lang)
        if th == "finanzen":
            rows += _load_findings(reg, vs, lang)
            rows += _funding_findings(reg, lang)
    return rank(pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("rang", "abweichung_prozent")]))


def rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``abweichung_prozent`` and ``rang`` and sort (rule in the module docstring)."""
    out = frame.copy()
    other = out["vergleichswert"].astype(float)
    out["abweichung_prozent"] = (out["wert"].astype(float) - other) / other.abs().where(other != 0) * 100
    order = out.assign(_abs=out["abweichung_prozent"].abs(),
                       _theme=out["thema"].map({th: i for i, th in enumerate(THEMES)}))
    order = order.sort_values(["_abs", "_theme"], ascending=[False, True], na_position="last", kind="stable")
    out = out.loc[order.index].reset_index(drop=True)
    out.insert(0, "rang", np.arange(1, len(out) + 1))
    return out[COLUMNS]


def _vacancy_findings(reg, lang):
    frame = housing.vacancy_and_shrinking(reg)
    meta, sources = frame.attrs, source_lines(frame.attrs["sources"])
    if not meta["n"]:
        return []
    top = frame[frame["beides"]].sort_values("leerstehend", ascending=False).head(5)
    names = ", ".join(f"{n} ({number(v, 1)} %)" for n, v in zip(top["name"], top["leerstandsquote"]))
    if lang == "de":
        text = (f"{meta['n_beides']} von {meta['n']} Gemeinden in {reg.label} haben zwischen {meta['start']} und "
                f"{meta['end']} Einwohner verloren und zugleich eine Leerstandsquote über dem Bundeswert "
                f"({number(meta['threshold'], 1)} %); dort standen 2022 rechnerisch rund "
                f"{number(meta['leerstehend_beides'])} Wohnungen leer. Größte Bestände: {names or '–'}.")
        kind = "Potenzial"
    else:
        text = (f"{meta['n_beides']} of {meta['n']} municipalities in {reg.label} lost inhabitants between "
                f"{meta['start']} and {meta['end']} and have a vacancy rate above Germany's "
                f"({number(meta['threshold'], 1)} %); about {number(meta['leerstehend_beides'])} dwellings stood "
                f"empty there in 2022. Largest: {names or '–'}.")
        kind = "potential"
    return [_row("wohnen", reg.label, kind, text, "leerstand_schrumpfung", meta["n_beides"], np.nan, sources,
                 lang=lang)]


def _gap_findings(reg, vs, lang):
    frame = labour.rate_gap([reg, vs])
    sources = source_lines(frame.attrs["sources"])
    out = []
    for label in (reg.label, vs.label):
        part = frame[frame["region"] == label]
        row = part.iloc[-1]
        if np.isnan(row["abstand"]):
            continue
        if lang == "de":
            text = (f"{row['name']}: Arbeitslosenquote der Ausländer {number(row['alq_auslaender'], 1)} %, "
                    f"insgesamt {number(row['alq'], 1)} % – Abstand {number(row['abstand'], 1)} Prozentpunkte.")
        else:
            text = (f"{row['name']}: unemployment rate of foreigners {number(row['alq_auslaender'], 1)} %, "
                    f"all {number(row['alq'], 1)} % – gap {number(row['abstand'], 1)} points.")
        out.append(_row("arbeiten", label, _kind("Herausforderung", lang), text, "alq_abstand", row["abstand"],
                        np.nan, sources, lang=lang))
    return out


def _rent_cost(reg, ags: str, lang: str) -> tuple[str, float, list[str]]:
    """Cost text for one person moving into a vacant flat of Gemeinde ``ags``."""
    frame, sources, _ = finance.rent_scenario(reg, 1, gemeinden=[ags])
    r = frame.iloc[0]
    if np.isnan(r["miete_person_monat"]):
        return "", np.nan, []
    text = t("kosten.miete", lang, miete=number(r["miete_person_monat"]), flaeche=number(r["flaeche_je_person"], 1),
             miete_m2=number(r["miete_m2"], 2))
    if not np.isnan(r["monate_pauschale"]):
        text += " " + t("kosten.pauschale", lang, pauschale=number(r["pauschale_kommune"]),
                        monate=number(r["monate_pauschale"], 0))
    return text, float(r["miete_person_monat"]), sources


def _potential_findings(reg, lang):
    try:
        frame, sources, meta = potential.potential(reg)
    except WlaError:
        return []
    out = []
    for r in frame.dropna(subset=["potenzial"]).head(TOP_GEMEINDEN).itertuples():
        text = t("befund.potenzial", lang, gemeinde=r.name, kreis=r.kreis_name, rang=int(r.rang), n=meta["n_bewertet"],
                 wert=number(r.potenzial, 0), leerstand=number(r.leerstandsquote, 1),
                 leer=number(r.leerstehend, 0), start=meta["start"], end=meta["end"],
                 veraenderung=number(r.veraenderung_prozent, 1), typ=r.gemeindetyp, zentrum=r.zentrum,
                 km=number(r.entfernung_km, 0))
        cost, eur, cost_sources = _rent_cost(reg, r.ags, lang)
        out.append(_row("wohnen", r.name, _kind("Potenzial", lang), text, "potenzial_gemeinde", r.potenzial, np.nan,
                        sources + [s for s in cost_sources if s not in sources], level="Gemeinde", lang=lang,
                        cost=cost, cost_eur=eur))
    return out


def _shift_share_findings(reg, vs, lang):
    out = []
    for r in (reg, vs):
        try:
            table, sources, meta = shift_share.shift_share(r)
        except WlaError:
            continue
        worst = table[table["regional"] > 0].head(3)
        groups = ", ".join(f"{b} (+{number(v, 0)})" for b, v in zip(worst["beruf"], worst["regional"])) or "–"
        text = t("befund.shift_share", lang, region=r.label, start=meta["start"], end=meta["end"],
                 a=number(meta["start_wert"]), b=number(meta["end_wert"]), delta=number(meta["veraenderung"]),
                 national=number(meta["national"]), struktur=number(meta["struktur"]),
                 regional=number(meta["regional"]), berufe=groups,
                 k=meta["kreise_referenz"], x=len(meta["ausgeschlossen"]))
        kind = "Herausforderung" if meta["regional"] > 0 else "Potenzial"
        out.append(_row("arbeiten", r.label, _kind(kind, lang), text, "shift_share_regional", meta["regional"],
                        np.nan, sources, lang=lang))
    return out


def _load_findings(reg, vs, lang):
    try:
        frame, sources, meta = finance.fiscal_capacity(reg, vs)
    except WlaError:
        return []
    out = []
    for r in frame[frame["gruppe"] == reg.label].itertuples():
        if np.isnan(r.je_1000) or np.isnan(r.steuerkraft):
            continue
        text = t("befund.last", lang, kreis=r.name, je_1000=number(r.je_1000, 1), jahr=meta["jahr_je_1000"],
                 p_last=number(r.p_je_1000, 0), steuerkraft=number(r.steuerkraft), jahr_st=meta["jahr_steuerkraft"],
                 p_st=number(r.p_steuerkraft, 0), schulden=number(r.schulden), p_sch=number(r.p_schulden, 0))
        kind = "Herausforderung" if r.p_je_1000 > r.p_steuerkraft else "Potenzial"
        share = finance.municipal_share(r.ags[:2])
        cost, eur, extra = "", np.nan, []
        if not np.isnan(share["value"]):
            cost = t("kosten.erstantrag", lang, betrag=number(share["value"]))
            eur, extra = share["value"], [a.line() for a in share["assumptions"]]
        out.append(_row("finanzen", r.name, _kind(kind, lang), text, "last_steuerkraft", r.je_1000, np.nan,
                        sources + extra, level="Kreis", lang=lang, cost=cost, cost_eur=eur))
    return out


def _funding_findings(reg, lang):
    try:
        frame, sources = finance.funding_per_head([reg])
    except WlaError:
        return []
    r = frame.iloc[0]
    text = t("befund.foerderung", lang, region=reg.label, summe=number(r["foerderung"]),
             je_ew=number(r["je_einwohner"], 2), jahr_ew=int(r["jahr_einwohner"]),
             je_ss=number(r["je_schutzsuchenden"], 0), jahr_ss=int(r["jahr_schutzsuchende"]))
    cost = t("kosten.foerderung", lang, je_ss=number(r["je_schutzsuchenden"], 0))
    return [_row("finanzen", reg.label, _kind("Potenzial", lang), text, "foerderung_je_kopf", r["je_schutzsuchenden"],
                 np.nan, sources, lang=lang, cost=cost, cost_eur=float(r["je_schutzsuchenden"]))]


#: Columns of the catalogue shown in reports and exported (German, English headers).
CATALOGUE_COLUMNS = {
    "rang": ("Rang", "Rank"), "thema": ("Thema", "Theme"), "ort": ("Ort", "Place"), "ebene": ("Ebene", "Level"),
    "art": ("Art", "Kind"), "aussage": ("Befund", "Finding"), "gruppe": ("Betroffene", "Group concerned"),
    "massnahmen": ("Maßnahmen (Vorschläge)", "Measures (suggestions)"), "kosten": ("Kostenrechnung", "Cost arithmetic"),
    "kennzahl": ("Kennzahl", "Key figure"), "wert": ("Wert", "Value"), "vergleichswert": ("Vergleichswert", "Comparison"),
    "abweichung_prozent": ("Abweichung %", "Deviation %"), "kosten_eur": ("Kosten EUR", "Cost EUR"),
    "quellen": ("Quellen", "Sources"),
}
SHOWN = ("rang", "ort", "ebene", "art", "aussage", "gruppe", "massnahmen", "kosten")


def catalogue(frame: pd.DataFrame, lang: str = "de", columns=None) -> pd.DataFrame:
    """Findings as the catalogue of measures: the ``columns`` (default all) with headers in
    ``lang`` and the theme written out."""
    from ..present.words import theme_name

    i = 0 if lang == "de" else 1
    columns = list(CATALOGUE_COLUMNS) if columns is None else list(columns)
    out = frame.assign(thema=[theme_name(th, lang) for th in frame["thema"]]) if "thema" in frame else frame
    return out[columns].rename(columns={k: CATALOGUE_COLUMNS[k][i] for k in columns})


def export(frame: pd.DataFrame, folder, stem: str, lang: str = "de") -> tuple:
    """Write the catalogue as ``<stem>.xlsx`` (openpyxl) and ``<stem>.csv`` (``;``-separated,
    decimal comma, UTF-8 with BOM, for German spreadsheet programmes) into ``folder``.

    Each file is written under a temporary name and renamed into place, so an interrupted run
    never leaves a half-written file. Returns the two paths."""
    import os
    from pathlib import Path

    folder = Path(folder)
    if not folder.is_dir():
        raise WlaError(f"output folder {folder} does not exist; create it or pass another output_dir")
    table = catalogue(frame, lang)
    xlsx, csv = folder / f"{stem}.xlsx", folder / f"{stem}.csv"
    tmp_x, tmp_c = folder / f".{stem}.xlsx.tmp", folder / f".{stem}.csv.tmp"
    try:
        sheet = "Maßnahmenkatalog" if lang == "de" else "Catalogue"
        with pd.ExcelWriter(tmp_x, engine="openpyxl") as writer:
            table.to_excel(writer, sheet_name=sheet, index=False)
        table.to_csv(tmp_c, sep=";", decimal=",", index=False, encoding="utf-8-sig")
        os.replace(tmp_x, xlsx)
        os.replace(tmp_c, csv)
    finally:
        for tmp in (tmp_x, tmp_c):
            tmp.unlink(missing_ok=True)
    return xlsx, csv


def output_folder(output_dir=None):
    """Where the catalogue files go: ``output_dir`` if given, else the environment variable
    ``WLA_OUTPUT_DIR`` (set by the report runner), else the current directory."""
    import os
    from pathlib import Path

    return Path(output_dir or os.environ.get("WLA_OUTPUT_DIR") or ".")
