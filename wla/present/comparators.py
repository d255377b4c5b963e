"""Reader-facing tables and texts for the comparator region of similar make-up
(:mod:`wla.analysis.comparators`); words from ``words/vergleich.toml``, the stability rule of
:data:`wla.present.ranking.TWIN_HOLDS`."""
from __future__ import annotations

import pandas as pd

from .. import store
from ..analysis import compare
from .fmt import number, percent, region_label
from .ranking import TWIN_HOLDS, close_word, gap_text
from .findings import unit
from .words import joined, t


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
    """Each member Kreis beside its partner: BBSR Kreistyp (1–4), kind, distance, the largest
    standardised gap of the partner to the member and its feature, whether the partner lies
    within the caliper ("ja"/"nein"), stability in %; decimals per column."""
    col = lambda key: t(f"vergleich.spalte.{key}", lang)  # noqa: E731
    out = pd.DataFrame({
        col("mitglied"): result["member_name"], col("partner"): result["name"], "AGS": result["ags"],
        col("kreistyp"): result["kreistyp"],
        col("art"): [t(f"vergleich.art.{k}", lang) for k in result["kind"]],
        col("distanz"): result["distance"],
        col("max_gap"): [f"{number(v, 2, lang)} ({_label(f, lang)})" for v, f in zip(result["max_gap"], result["max_gap_feature"])],
        col("eng"): [close_word(v, lang) for v in result["close"]],
        col("stabilitaet"): result["stability"] * 100,
    })
    return out, {col("kreistyp"): 0, col("distanz"): 2, col("stabilitaet"): 0}


def close_text(result: pd.DataFrame, lang: str = "de") -> str:
    """The caliper rule of the comparator and which partners lie within it (those beyond with
    their largest gap and its feature)."""
    a = result.attrs
    pair = lambda r: f"{r.member_name} – {r.name}"  # noqa: E731
    near = [pair(r) for r in result.itertuples() if r.close]
    far = [gap_text(pair(r), r.max_gap, r.max_gap_feature, lang) for r in result.itertuples() if not r.close]
    return t("vergleich.verbund_eng", lang, grenze=number(a["caliper_sd"], 1, lang),
             skala=t(f"vergleich.skala.{a['method']}", lang),
             eng="; ".join(near) or t("vergleich.keiner", lang), weit="; ".join(far) or t("vergleich.keiner", lang))


def stability_text(result: pd.DataFrame, lang: str = "de") -> str:
    """Which partners hold whatever single feature is left out, and which rest on one feature."""
    a = result.attrs
    if not a["stability_runs"]:
        return t("vergleich.stabil_ein_merkmal", lang)
    pair = lambda r: f"{r.member_name} – {r.name}"  # noqa: E731
    firm = [pair(r) for r in result.itertuples() if r.stability >= 1]
    weak = [pair(r) for r in result.itertuples() if r.stability < TWIN_HOLDS]
    return t("vergleich.verbund_stabil", lang, runs=a["stability_runs"],
             fest=joined(firm, lang) or t("vergleich.keiner", lang), schwach=joined(weak, lang) or t("vergleich.keiner", lang),
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


def group_coverage_note(entries, lang: str = "de", rule: bool = False) -> str:
    """The rule for group values with Kreise reported inside another Kreis
    (:func:`wla.analysis.compare.folded_group`) and, per group, the figures whose value leaves
    members out: ``"{group} – {figures} ({year}): n of m Kreise, without …"``. ``entries``:
    dicts with ``gruppe`` (reader label), ``kennzahl`` (reader label), ``jahr``, ``kreise``,
    ``von``, ``ausgelassen`` (codes). When no entry leaves a member out: the rule alone with
    ``rule``, else ""."""
    merged: dict = {}
    for e in entries:
        if not e["ausgelassen"]:
            continue
        key = (e["gruppe"], e["jahr"], e["kreise"], e["von"], tuple(e["ausgelassen"]))
        merged.setdefault(key, [])
        if e["kennzahl"] not in merged[key]:
            merged[key].append(e["kennzahl"])
    if not merged:
        return t("vergleich.gruppe_faltung_regel", lang) if rule else ""
    names = store.names()
    items = [t("vergleich.gruppe_abdeckung", lang, gruppe=region_label(g, lang), kennzahlen=", ".join(k), jahr=y,
               kreise=n, von=m, ohne=", ".join(f"{names.get(c, c)} ({c})" for c in left))
             for (g, y, n, m, left), k in merged.items()]
    return t("vergleich.gruppe_faltung_regel", lang) + " " + "; ".join(items) + "."


def headline_coverage_note(frame: pd.DataFrame, lang: str = "de") -> str:
    """:func:`group_coverage_note` of a :func:`wla.analysis.comparators.headlines` frame."""
    return group_coverage_note([{"gruppe": e["region"], "kennzahl": compare.headline(e["key"]).label(lang),
                                 "jahr": e["year"], "kreise": e["kreise"], "von": e["von"],
                                 "ausgelassen": e["ausgelassen"]} for e in frame.attrs.get("coverage", [])], lang)


def side_by_side_coverage_note(table: pd.DataFrame, lang: str = "de") -> str:
    """:func:`group_coverage_note` of a :func:`wla.analysis.compare.side_by_side` table."""
    return group_coverage_note([{"gruppe": e["spalte"], "kennzahl": compare.headline(e["kennzahl"]).label(lang),
                                 "jahr": e["jahr"], "kreise": e["kreise"], "von": e["von"],
                                 "ausgelassen": e["ausgelassen"]} for e in table.attrs.get("coverage", [])], lang)


def facility_entries_note(frame: pd.DataFrame, lang: str = "de") -> str:
    """Which entries of the facilities list chose the Kreise left out of the variant "without
    facility hosts" of a :func:`wla.analysis.compare.fair_frame`, per reference year of the
    figures ("" when no side has a host)."""
    from .fmt import dates, number

    parts = []
    for e in frame.attrs.get("facility_entries", []):
        listed = "; ".join(t("rahmen.einrichtung", lang, name=h["name"], plaetze=number(h["plaetze"], 0, lang),
                             stand=dates(h["stand"], lang)) for h in e["hosts"])
        unknown = "; ".join(f"{region_label(u['name'], lang)} ({dates(u['stand'], lang)})" for u in e.get("unbekannt", []))
        listed = "; ".join(x for x in (listed, t("rahmen.einrichtung_unbekannt", lang, kreise=unknown) if unknown else "") if x)
        parts.append(t("rahmen.einrichtung_eintraege_jahr", lang, jahre=f"{region_label(e['ort'], lang)} "
                       + ", ".join(map(str, e["jahre"])), eintraege=listed or t("vergleich.keiner", lang)))
    return (t("rahmen.einrichtung_eintraege", lang, jahre=" · ".join(parts), folgejahre=compare.FACILITY_LISTING_YEARS)
            if parts else "")
