"""Reader-facing tables and texts for the comparator region of similar make-up
(:mod:`wla.analysis.comparators`); words from ``words/vergleich.toml``, the stability rule of
:data:`wla.present.ranking.TWIN_HOLDS`."""
from __future__ import annotations

import pandas as pd

from .. import store
from ..analysis import compare
from .fmt import percent, region_label
from .ranking import TWIN_HOLDS
from .findings import unit
from .words import t


def _label(indicator: str, lang: str) -> str:
    return store.catalog().loc[indicator, "label_de" if lang == "de" else "label_en"]


def method_text(result: pd.DataFrame, lang: str = "de") -> str:
    """How the comparator was formed (features and years, exclusions), and what it is not."""
    a = result.attrs
    names = store.names()
    features = ", ".join(f"{_label(i, lang)} ({a['years'][i]})" for i in a["features"])
    outside = [c for c in a["not_candidates"] if c not in a["region_codes"] + a["vergleich_codes"]]
    return t("vergleich.verbund_text", lang, region=a["region"], vergleich=a["vergleich"], merkmale=features,
             ausgenommen=", ".join(names.get(c, c) for c in outside) or t("vergleich.keiner", lang))


def members_table(result: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """Each member Kreis beside its partner: BBSR Kreistyp (1–4), kind, distance, stability in %;
    decimals per column."""
    col = lambda key: t(f"vergleich.spalte.{key}", lang)  # noqa: E731
    out = pd.DataFrame({
        col("mitglied"): result["member_name"], col("partner"): result["name"], "AGS": result["ags"],
        col("kreistyp"): result["kreistyp"],
        col("art"): [t(f"vergleich.art.{k}", lang) for k in result["kind"]],
        col("distanz"): result["distance"], col("stabilitaet"): result["stability"] * 100,
    })
    return out, {col("kreistyp"): 0, col("distanz"): 2, col("stabilitaet"): 0}


def stability_text(result: pd.DataFrame, lang: str = "de") -> str:
    """Which partners hold whatever single feature is left out, and which rest on one feature."""
    a = result.attrs
    if not a["stability_runs"]:
        return t("vergleich.stabil_ein_merkmal", lang)
    pair = lambda r: f"{r.member_name} – {r.name}"  # noqa: E731
    firm = [pair(r) for r in result.itertuples() if r.stability >= 1]
    weak = [pair(r) for r in result.itertuples() if r.stability < TWIN_HOLDS]
    return t("vergleich.verbund_stabil", lang, runs=a["stability_runs"],
             fest=", ".join(firm) or t("vergleich.keiner", lang), schwach=", ".join(weak) or t("vergleich.keiner", lang),
             schwelle=percent(TWIN_HOLDS * 100, 0, lang))


def headline_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, list[int]]:
    """A :func:`wla.analysis.comparators.headlines` frame with labelled rows and region columns,
    and the decimals of each row."""
    heads = [compare.headline(k) for k in frame["key"]]
    out = pd.DataFrame({t("vergleich.spalte.kennzahl", lang): [h.label(lang) for h in heads],
                        t("vergleich.spalte.einheit", lang): [unit(h.unit, lang) for h in heads],
                        t("vergleich.spalte.jahr", lang): frame["year"].astype(str)})
    for key, label in frame.attrs["labels"].items():
        out[region_label(label, lang)] = frame[key].to_numpy()
    return out, [h.decimals for h in heads]


def without_text(frame: pd.DataFrame, lang: str = "de") -> str:
    """The headlines left out for want of a year common to all regions ("" if none)."""
    missing = frame.attrs["without_common_year"]
    if not missing:
        return ""
    return t("vergleich.verbund_ohne", lang, kennzahlen=", ".join(compare.headline(k).label(lang) for k in missing))
