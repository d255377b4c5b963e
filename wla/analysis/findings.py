"""Challenges and potentials derived from the numbers, one row per finding.

Each finding states a comparison with its figures and sources; the "Herausforderungen und
Potenziale" sections of the thematic notebooks are built from these rows, so text and table
never disagree. Statements compare the region with its comparison region and Germany; they
describe, they do not claim causes.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..exceptions import WlaError
from ..plots import fmt_de
from ..regions import region as resolve_region
from . import compare, housing, labour

COLUMNS = ["thema", "ort", "art", "aussage", "kennzahl", "wert", "vergleichswert", "quellen"]


def _row(theme, place, kind, text, key, value, other, sources):
    return {"thema": theme, "ort": place, "art": kind, "aussage": text, "kennzahl": key,
            "wert": value, "vergleichswert": other, "quellen": " | ".join(sources)}


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
        text = (f"{h.label_de} {year}: {reg.label} {fmt_de(a['value'], d)} {h.unit}, "
                f"{vs.label} {fmt_de(b['value'], d)} {h.unit}, Deutschland {fmt_de(de['value'], d)} {h.unit} – "
                f"{reg.label} liegt {'über' if more else 'unter'} dem Vergleich.")
    else:
        text = (f"{h.label_en} {year}: {reg.label} {fmt_de(a['value'], d)} {h.unit}, "
                f"{vs.label} {fmt_de(b['value'], d)} {h.unit}, Germany {fmt_de(de['value'], d)} {h.unit} – "
                f"{reg.label} is {'above' if more else 'below'} the comparison.")
    if lang != "de":
        kind = {"Herausforderung": "challenge", "Potenzial": "potential"}[kind]
    return kind, text


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
    """All findings for a region pair (or one theme): theme, place, kind (challenge or
    potential), statement with its figures, the key figure, its value, the comparison's value
    and the sources."""
    reg, vs = resolve_region(region), resolve_region(vergleich)
    rows = []
    for th, rules in RULES.items():
        if theme is not None and th != theme:
            continue
        for key, higher_is in rules:
            try:
                pair = _headline_pair(key, reg, vs)
            except WlaError:
                continue
            if pair is None or np.isnan(pair[2]["value"]) or np.isnan(pair[3]["value"]):
                continue
            h, year, a, b, de = pair
            kind, text = _compare_sentence(h, year, a, b, de, reg, vs, lang, higher_is)
            rows.append(_row(th, reg.label, kind, text, h.key, a["value"], b["value"], a["sources"]))
        if th == "wohnen":
            rows += _vacancy_findings(reg, lang)
        if th == "arbeiten":
            rows += _gap_findings(reg, vs, lang)
    return pd.DataFrame(rows, columns=COLUMNS)


def _vacancy_findings(reg, lang):
    frame, sources, meta = housing.vacancy_and_shrinking(reg)
    if not meta["n"]:
        return []
    top = frame[frame["beides"]].sort_values("leerstehend", ascending=False).head(5)
    names = ", ".join(f"{n} ({fmt_de(v, 1)} %)" for n, v in zip(top["name"], top["leerstandsquote"]))
    if lang == "de":
        text = (f"{meta['n_beides']} von {meta['n']} Gemeinden in {reg.label} haben zwischen {meta['start']} und "
                f"{meta['end']} Einwohner verloren und zugleich eine Leerstandsquote über dem Bundeswert "
                f"({fmt_de(meta['threshold'], 1)} %); dort standen 2022 rechnerisch rund "
                f"{fmt_de(meta['leerstehend_beides'])} Wohnungen leer. Größte Bestände: {names or '–'}.")
        kind = "Potenzial"
    else:
        text = (f"{meta['n_beides']} of {meta['n']} municipalities in {reg.label} lost inhabitants between "
                f"{meta['start']} and {meta['end']} and have a vacancy rate above Germany's "
                f"({fmt_de(meta['threshold'], 1)} %); about {fmt_de(meta['leerstehend_beides'])} dwellings stood "
                f"empty there in 2022. Largest: {names or '–'}.")
        kind = "potential"
    return [_row("wohnen", reg.label, kind, text, "leerstand_schrumpfung", meta["n_beides"], meta["n"], sources)]


def _gap_findings(reg, vs, lang):
    frame, sources = labour.rate_gap([reg, vs])
    out = []
    for label in (reg.label, vs.label):
        part = frame[frame["region"] == label]
        row = part.iloc[-1]
        if np.isnan(row["abstand"]):
            continue
        if lang == "de":
            text = (f"{row['name']}: Arbeitslosenquote der Ausländer {fmt_de(row['alq_auslaender'], 1)} %, "
                    f"insgesamt {fmt_de(row['alq'], 1)} % – Abstand {fmt_de(row['abstand'], 1)} Prozentpunkte.")
        else:
            text = (f"{row['name']}: unemployment rate of foreigners {fmt_de(row['alq_auslaender'], 1)} %, "
                    f"all {fmt_de(row['alq'], 1)} % – gap {fmt_de(row['abstand'], 1)} points.")
        kind = "Herausforderung" if lang == "de" else "challenge"
        out.append(_row("arbeiten", label, kind, text, "alq_abstand", row["abstand"], np.nan, sources))
    return out
