"""Regions side by side: headline indicators for a region, its comparison, Germany and the
Kreise of the same BBSR settlement type.

Region values are proper totals (:func:`wla.region_total`, :func:`region_rate`): counts summed,
rates recomputed from summed numerators and denominators. Germany is the publisher's own
national row where there is one, else the total over all Kreise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import data
from ..exceptions import NoDataError, WlaError
from ..regions import Region, region as resolve_region
from .indicators import population_id


@dataclass(frozen=True)
class Headline:
    """A headline figure: ``numerator`` (category ``num_category``) per ``denominator`` × scale,
    or the region total of ``numerator`` when there is no denominator. ``denominator`` may be
    ``"population"``: the population count of the same year and basis (see
    :func:`wla.analysis.indicators.population_id`)."""

    key: str
    theme: str
    label_de: str
    label_en: str
    unit: str
    numerator: str
    denominator: str = ""
    scale: float = 1.0
    num_category: str = "insgesamt"
    decimals: int = 1
    implied_from: str = ""

    def label(self, lang: str) -> str:
        return self.label_de if lang == "de" else self.label_en


HEADLINES = (
    Headline("bevoelkerung", "bevoelkerung", "Einwohner (Basis Zensus 2022)", "Population (census 2022 basis)",
             "Personen", "bevoelkerung_z22", decimals=0),
    Headline("schutzsuchende", "bevoelkerung", "Schutzsuchende", "Protection seekers", "Personen",
             "schutzsuchende", decimals=0),
    Headline("schutzsuchende_je_1000", "bevoelkerung", "Schutzsuchende je 1.000 Einwohner",
             "Protection seekers per 1,000 inhabitants", "je 1.000 EW", "schutzsuchende", "population", 1000),
    Headline("offen_anteil", "bevoelkerung", "Anteil mit offenem Schutzstatus", "Share with pending status", "%",
             "schutzsuchende", "schutzsuchende", 100, "offen"),
    Headline("leerstandsquote", "wohnen", "Leerstandsquote (Zensus 2022)", "Vacancy rate (census 2022)", "%",
             "leerstandsquote"),
    Headline("wohnungen_je_1000", "wohnen", "Wohnungen je 1.000 Einwohner (Zensus 2022)",
             "Dwellings per 1,000 inhabitants (census 2022)", "je 1.000 EW", "wohnungen", "zensus_bevoelkerung", 1000),
    Headline("nettokaltmiete", "wohnen", "Nettokaltmiete je m² (Zensus 2022)", "Net rent per m² (census 2022)",
             "EUR/m²", "nettokaltmiete_m2", decimals=2),
    Headline("ohne_abschluss", "lernen", "Schulabgänger ohne Hauptschulabschluss", "School leavers without certificate",
             "%", "schulabgaenger_ohne_abschluss", "schulabgaenger", 100),
    Headline("auslaendische_schueler", "lernen", "Anteil ausländischer Schüler (allgemeinbildend)",
             "Share of foreign pupils (general schools)", "%", "schueler_auslaender", "schueler", 100),
    Headline("kita_u3", "lernen", "Betreuungsquote unter 3 Jahren", "Childcare rate under 3", "%",
             "kinderbetreuung_u3"),
    Headline("alq_auslaender", "arbeiten", "Arbeitslosenquote Ausländer", "Unemployment rate, foreigners", "%",
             "arbeitslosenquote_auslaender", implied_from="arbeitslose_auslaender"),
    Headline("alq", "arbeiten", "Arbeitslosenquote insgesamt", "Unemployment rate, all", "%", "arbeitslosenquote",
             implied_from="arbeitslose"),
    Headline("auslaender_an_arbeitslosen", "arbeiten", "Anteil Ausländer an den Arbeitslosen",
             "Foreigners' share of the unemployed", "%", "arbeitslose_auslaender_ba", "arbeitslose_ba", 100),
    Headline("auslaender_an_svb", "arbeiten", "Anteil Ausländer an den SV-Beschäftigten (Arbeitsort)",
             "Foreigners' share of employees (workplace)", "%", "svb_beschaeftigte_auslaender", "svb_beschaeftigte", 100),
    Headline("steuerkraft", "finanzen", "Gemeindliche Steuerkraft je Einwohner", "Municipal tax capacity per inhabitant",
             "EUR", "steuerkraft_je_ew", decimals=0),
    Headline("schulden", "finanzen", "Kommunale Schulden je Einwohner", "Municipal debt per inhabitant", "EUR",
             "kommunale_schulden_je_ew", decimals=0),
    Headline("asyl_je_1000", "finanzen", "Empfänger von Asylbewerberleistungen je 1.000 EW",
             "Asylum-seeker benefit recipients per 1,000 inhabitants", "je 1.000 EW", "asylbewerber_je_1000"),
)


def headline(key: str) -> Headline:
    for h in HEADLINES:
        if h.key == key:
            return h
    raise WlaError(f"unknown headline {key!r}; known: {[h.key for h in HEADLINES]}")


def _years(indicator: str) -> list[int]:
    levels = data.entry(indicator)["levels"].split(",")
    level = "kreis" if "kreis" in levels else "gemeinde"
    return sorted(int(y) for y in data.load(indicator, level=level)["year"].unique())


def _total(indicator: str, reg: Region, year: int, category: str) -> pd.Series:
    """Region total; for Germany the publisher's national row where there is one."""
    if reg.key == "deutschland":
        try:
            national = data.load(indicator, level="bund", years=year, category=category)
            return national.iloc[0]
        except WlaError:
            pass
    total = data.region_total(indicator, reg, year, category)
    if total.empty:
        raise NoDataError(f"no {indicator} for {reg.label} in {year}")
    return total.iloc[0]


def value(h: Headline, reg: Region, year: int) -> dict:
    """The headline figure of a region for one year: value, flag, note and sources."""
    if h.implied_from and reg.key != "deutschland":
        from .labour import implied_rate

        r = implied_rate(reg, h.implied_from, h.numerator, year)
        return {"value": r["value"], "flag": r["flag"], "note": r["note"], "sources": r.get("sources", [])}
    n = _total(h.numerator, reg, year, h.num_category)
    if not h.denominator:
        return {"value": n["value"], "flag": n["flag"], "note": n.get("note", "national value"), "sources": [n["source"]]}
    den_id = population_id(year, reg, h.numerator) if h.denominator == "population" else h.denominator
    d = _total(den_id, reg, year, "insgesamt")
    ok = not (np.isnan(n["value"]) or np.isnan(d["value"])) and d["value"] != 0
    return {
        "value": n["value"] / d["value"] * h.scale if ok else np.nan,
        "flag": "" if ok else (n["flag"] or d["flag"] or "/"),
        "note": f"{h.numerator} / {den_id}",
        "sources": [n["source"], d["source"]],
    }


def latest_common_year(h: Headline, regions: list[Region]) -> int | None:
    """Newest year in which the headline has a value for every region (None if none)."""
    for year in reversed(_years(h.numerator)):
        try:
            if all(not np.isnan(value(h, r, year)["value"]) for r in regions):
                return year
        except WlaError:
            continue
    return None


def bbsr_peers(reg: Region) -> Region:
    """All Kreise of the BBSR siedlungsstruktureller Kreistyp most members of ``reg`` share
    (ties: the type of the most populous member), as one region."""
    types = data.load("bbsr_kreistyp")
    mine = types[types["ags"].isin(reg.kreise)]
    if mine.empty:
        raise NoDataError(f"no BBSR Kreistyp for {reg.label}")
    pop = data.load("bevoelkerung_z22", reg, level="kreis", category="insgesamt")
    pop = pop[pop["year"] == pop["year"].max()].set_index("ags")["value"]
    mine = mine.assign(pop=mine["ags"].map(pop).fillna(0))
    tally = mine.groupby(["value", "category"]).agg(n=("ags", "size"), pop=("pop", "sum")).reset_index()
    best = tally.sort_values(["n", "pop"], ascending=False).iloc[0]
    codes = types.loc[types["value"] == best["value"], "ags"].tolist()
    label = f"Kreistyp {int(best['value'])}: {best['category']}"
    return Region(f"bbsr_kreistyp_{int(best['value'])}", label, tuple(sorted(codes)), "kreis")


def side_by_side(region, vergleich, theme: str | None = None, lang: str = "de", year: int | None = None,
                 peers: bool = True) -> tuple[pd.DataFrame, list[str]]:
    """One row per headline (of ``theme`` or all): region, comparison, Germany and BBSR peers.

    Returns the table, the list of source lines and the decimals of each row. The year is the newest in which region
    and comparison both have a value (or ``year`` if given and available).
    """
    reg, vs = resolve_region(region), resolve_region(vergleich)
    columns = [reg, vs, resolve_region("deutschland")]
    if peers:
        columns.append(bbsr_peers(reg))
    rows, sources, decimals = [], [], []
    for h in HEADLINES:
        if theme is not None and h.theme != theme:
            continue
        yr = year if year is not None else latest_common_year(h, [reg, vs])
        if yr is None:
            continue
        row = {"Kennzahl" if lang == "de" else "Indicator": h.label(lang), "Einheit" if lang == "de" else "Unit": h.unit,
               "Jahr" if lang == "de" else "Year": str(yr)}
        for col in columns:
            try:
                v = value(h, col, yr)
            except WlaError:
                row[col.label] = np.nan
                continue
            row[col.label] = v["value"]
            for s in v["sources"]:
                if s not in sources:
                    sources.append(s)
        rows.append(row)
        decimals.append(h.decimals)
    return pd.DataFrame(rows), sources, decimals


def index_to_germany(table: pd.DataFrame) -> pd.DataFrame:
    """Long frame of a :func:`side_by_side` table as an index, Germany = 100, for one chart of
    figures with different units. Counts of people are left out: only rates and per-head
    figures compare regions of different size."""
    label, de = table.columns[0], "Deutschland"
    table = table[table[table.columns[1]] != "Personen"]
    value_cols = [c for c in table.columns[3:] if c != de]
    long = table.melt(id_vars=[label, de], value_vars=value_cols, var_name="Region", value_name="Wert")
    long["Index"] = long["Wert"] / long[de] * 100
    return long
