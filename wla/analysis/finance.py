"""Financial questions of the MORO programme: fiscal capacity against refugee load, the flat
federal payment per first asylum application, rent scenarios for moving people from shared
accommodation into vacant flats, and the project's funding per head.

Every number that is not official data is an :class:`Assumption` with its value, unit, the
kind of source and the source text — shown in the report next to the results, never presented
as a statistic. Official figures (INKAR, Zensus 2022, 12411, 12531) come from the snapshot
with their source lines. All arithmetic is stated in the docstrings; nothing is estimated.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import data
from ..exceptions import NoDataError, ParameterError
from ..present.fmt import number
from ..present import sources_of
from ..regions import region as resolve_region
from .indicators import rate

PRESS = "Pressebericht (keine amtliche Statistik)"
PROJECT = "Projektangabe (keine amtliche Statistik)"


@dataclass(frozen=True)
class Assumption:
    """A named parameter that is not official data: value, unit, kind of source, source text."""

    name: str
    value: float
    unit: str
    kind: str
    source: str
    stand: str
    applies_to: str = ""

    def line(self) -> str:
        """Source line for a caption, with the date the figure refers to."""
        where = f"; gilt für {self.applies_to}" if self.applies_to else ""
        shown = number(self.value, 0 if float(self.value).is_integer() else 2)
        return f"Annahme {self.name} = {shown} {self.unit}: {self.source} ({self.kind}{where}); Stand {self.stand}"


PAUSCHALE_JE_ERSTANTRAG = Assumption(
    "pauschale_je_erstantrag", 7500.0, "EUR je Asylerstantrag", PRESS,
    "Bund zahlt den Ländern pauschal 7.500 EUR je Asylerstantrag (Pressebericht nachrichten.ag)", "2025")
WEITERGABE_ANTEIL = {
    "01": Assumption(
        "weitergabe_anteil", 0.90, "Anteil", PRESS,
        "Schleswig-Holstein gibt ab 2025 90 % der Bundespauschale (6.750 EUR) an die Kommunen weiter "
        "(Pressebericht nachrichten.ag)", "2025", "Schleswig-Holstein ab 2025"),
}
FOERDERUNG_KONZEPT = Assumption(
    "foerderung_konzeptphase", 200_000.0, "EUR", PROJECT,
    "MORO „Lebendige Regionen“ (BBSR): Förderung der Konzeptphase des Projekts", "Projektangabe, erfasst 11/2026")
FOERDERUNG_UMSETZUNG = Assumption(
    "foerderung_umsetzungsphase", 200_000.0, "EUR", PROJECT,
    "MORO „Lebendige Regionen“ (BBSR): Förderung der Umsetzungsphase des Projekts", "Projektangabe, erfasst 11/2026")


def assumptions(lang: str = "de") -> pd.DataFrame:
    """All default assumptions as a table (name, value, unit, kind, source, applies to)."""
    items = [PAUSCHALE_JE_ERSTANTRAG, *WEITERGABE_ANTEIL.values(), FOERDERUNG_KONZEPT, FOERDERUNG_UMSETZUNG]
    cols = (["Parameter", "Wert", "Einheit", "Art", "Quelle", "gilt für"] if lang == "de"
            else ["Parameter", "Value", "Unit", "Kind", "Source", "Applies to"])
    return pd.DataFrame([[a.name, a.value, a.unit, a.kind, a.source, a.applies_to] for a in items], columns=cols)


def _newest(indicator: str, level: str = "kreis", region=None, year: int | None = None) -> pd.DataFrame:
    rows = data.load(indicator, region, level=level, years=year, category="insgesamt")
    return rows[rows["year"] == rows["year"].max()]


def load_per_1000(year: int | None = None) -> pd.DataFrame:
    """Protection seekers (12531, 31.12.) per 1,000 inhabitants (12411, Zensus 2022 basis, same
    date) for every Kreis: columns of :func:`wla.load` with ``value`` the rate."""
    refugees = _newest("schutzsuchende", year=year)
    pop = data.load("bevoelkerung_z22", level="kreis", years=int(refugees["year"].max()), category="insgesamt")
    return rate(refugees, pop, 1000.0)


def _percentile(series: pd.Series) -> pd.Series:
    """Percentile rank 0–100 among the non-missing values (100 = highest)."""
    return series.rank(pct=True) * 100


def fiscal_capacity(region, vergleich) -> tuple[pd.DataFrame, list[str], dict]:
    """Municipal fiscal capacity against the refugee load, for every Kreis of Germany.

    Columns: ``ags``, ``name``, ``gruppe`` (the region's label, the comparison's label or
    ``""``), ``steuerkraft`` (INKAR gemeindliche Steuerkraft, EUR per inhabitant, newest
    year), ``schulden`` (INKAR kommunale Schulden, EUR per inhabitant, newest year),
    ``je_1000`` (protection seekers per 1,000, newest year) and their percentiles among all
    Kreise with a value (``p_steuerkraft``, ``p_schulden``, ``p_je_1000``; 100 = highest).
    The years differ (INKAR ends 2019): ``meta`` names them. A descriptive juxtaposition, not a
    measure of what refugees cost.
    """
    reg, vs = resolve_region(region), resolve_region(vergleich)
    tax = _newest("steuerkraft_je_ew")
    debt = _newest("kommunale_schulden_je_ew")
    load = load_per_1000()
    frame = load[["ags", "name", "value", "flag"]].rename(columns={"value": "je_1000", "flag": "flag_je_1000"})
    frame = frame.merge(tax[["ags", "value"]].rename(columns={"value": "steuerkraft"}), on="ags", how="outer")
    frame = frame.merge(debt[["ags", "value"]].rename(columns={"value": "schulden"}), on="ags", how="outer")
    frame["name"] = frame["name"].fillna(frame["ags"].map(tax.set_index("ags")["name"]))
    frame["gruppe"] = np.where(frame["ags"].isin(reg.kreise), reg.label,
                               np.where(frame["ags"].isin(vs.kreise), vs.label, ""))
    for col in ("steuerkraft", "schulden", "je_1000"):
        frame[f"p_{col}"] = _percentile(frame[col])
    meta = {"jahr_steuerkraft": int(tax["year"].max()), "jahr_schulden": int(debt["year"].max()),
            "jahr_je_1000": int(load["year"].max()), "n": int(frame[["steuerkraft", "je_1000"]].notna().all(axis=1).sum())}
    return frame.sort_values("ags").reset_index(drop=True), sources_of(tax, debt, load), meta


def municipal_share(land: str, pauschale: Assumption = PAUSCHALE_JE_ERSTANTRAG,
                    anteil: Assumption | None = None) -> dict:
    """Amount per first asylum application passed on to the municipalities of a Land:
    ``pauschale × anteil`` (EUR). ``anteil`` defaults to the sourced share for the Land in
    :data:`WEITERGABE_ANTEIL`; where none is sourced the amount is NaN (not guessed)."""
    anteil = anteil if anteil is not None else WEITERGABE_ANTEIL.get(str(land)[:2])
    if anteil is None:
        return {"value": np.nan, "note": f"no sourced pass-on share for Land {land}", "assumptions": [pauschale]}
    return {"value": pauschale.value * anteil.value, "note": f"{pauschale.name} × {anteil.name}",
            "assumptions": [pauschale, anteil]}


def rent_scenario(region, personen: int, gemeinden=None, flaeche_je_person: float | None = None,
                  personen_je_wohnung: float | None = None) -> tuple[pd.DataFrame, list[str], dict]:
    """What it costs to house ``personen`` people in vacant flats, each Gemeinde taken on its own
    (as if all of them moved there).

    Per Gemeinde (``gemeinden``: AGS list; default all of the region's):

    * ``miete_m2``: average net rent (Nettokaltmiete) per m² of rented dwellings, Zensus 2022 –
      existing contracts, not offer rents; without service charges and heating (no data);
    * ``flaeche_je_person``: the parameter, or else the Kreis's living space per inhabitant
      (INKAR ``wohnflaeche_je_ew``, newest year; an average over the whole population);
    * ``miete_person_monat = flaeche_je_person × miete_m2`` (EUR per person and month);
    * ``miete_monat = personen × miete_person_monat``; ``miete_jahr = 12 × miete_monat``;
    * ``wohnungen_benoetigt = personen / personen_je_wohnung`` (parameter, or else the
      Gemeinde's average household size, Zensus 2022), against ``leerstehend`` (vacancy rate ×
      dwellings / 100) as ``anteil_leerstand`` in %;
    * ``monate_pauschale``: months of one person's net rent covered by the municipal share of
      the flat federal payment (:func:`municipal_share`; NaN where no share is sourced).
    """
    if not isinstance(personen, (int, np.integer)) or isinstance(personen, bool) or personen <= 0:
        raise ParameterError(f"personen must be a positive whole number, not {personen!r}")
    for name, value in (("flaeche_je_person", flaeche_je_person), ("personen_je_wohnung", personen_je_wohnung)):
        if value is not None and (not isinstance(value, (int, float)) or value <= 0):
            raise ParameterError(f"{name} must be a positive number (or None for the data value), not {value!r}")
    reg = resolve_region(region)
    rent = data.load("nettokaltmiete_m2", reg, level="gemeinde", category="insgesamt")
    vac = data.load("leerstandsquote", reg, level="gemeinde", category="insgesamt")
    dw = data.load("wohnungen", reg, level="gemeinde", category="insgesamt")
    hh = data.load("haushaltsgroesse", reg, level="gemeinde", category="insgesamt")
    frame = rent[["ags", "name", "value"]].rename(columns={"value": "miete_m2"})
    if gemeinden is not None:
        wanted = [str(g) for g in gemeinden]
        unknown = sorted(set(wanted) - set(frame["ags"]))
        if unknown:
            raise ParameterError(f"Gemeinden {unknown[:5]} are not in {reg.label} (or have no Zensus rent row)")
        frame = frame.set_index("ags").loc[wanted].reset_index()
    frame = frame.merge(vac[["ags", "value"]].rename(columns={"value": "leerstandsquote"}), on="ags", how="left")
    frame = frame.merge(dw[["ags", "value"]].rename(columns={"value": "wohnungen"}), on="ags", how="left")
    frame = frame.merge(hh[["ags", "value"]].rename(columns={"value": "haushaltsgroesse"}), on="ags", how="left")
    used = [rent, vac, dw]
    if flaeche_je_person is None:
        space = _newest("wohnflaeche_je_ew", region=reg)
        frame["flaeche_je_person"] = frame["ags"].str[:5].map(space.set_index("ags")["value"])
        used.append(space)
        flaeche_note = f"Wohnfläche je Einwohner des Kreises (INKAR, {int(space['year'].max())})"
    else:
        frame["flaeche_je_person"] = float(flaeche_je_person)
        flaeche_note = f"Parameter flaeche_je_person = {flaeche_je_person:g} m²"
    if personen_je_wohnung is None:
        frame["personen_je_wohnung"] = frame["haushaltsgroesse"]
        used.append(hh)
        hh_note = "durchschnittliche Haushaltsgröße der Gemeinde (Zensus 2022)"
    else:
        frame["personen_je_wohnung"] = float(personen_je_wohnung)
        hh_note = f"Parameter personen_je_wohnung = {personen_je_wohnung:g}"
    frame["leerstehend"] = frame["leerstandsquote"] * frame["wohnungen"] / 100
    frame["miete_person_monat"] = frame["flaeche_je_person"] * frame["miete_m2"]
    frame["miete_monat"] = personen * frame["miete_person_monat"]
    frame["miete_jahr"] = 12 * frame["miete_monat"]
    frame["wohnungen_benoetigt"] = personen / frame["personen_je_wohnung"]
    frame["anteil_leerstand"] = frame["wohnungen_benoetigt"] / frame["leerstehend"] * 100
    share = [municipal_share(a[:2]) for a in frame["ags"]]
    frame["pauschale_kommune"] = [s["value"] for s in share]
    frame["monate_pauschale"] = frame["pauschale_kommune"] / frame["miete_person_monat"]
    lines = sources_of(*used)
    for s in share:
        for a in s["assumptions"]:
            if a.line() not in lines:
                lines.append(a.line())
    meta = {"personen": personen, "flaeche": flaeche_note, "haushalt": hh_note}
    return frame.reset_index(drop=True), lines, meta


def funding_per_head(regions, konzept: Assumption = FOERDERUNG_KONZEPT,
                     umsetzung: Assumption = FOERDERUNG_UMSETZUNG) -> tuple[pd.DataFrame, list[str]]:
    """The project's funding (``konzept + umsetzung``, EUR) per inhabitant (12411, newest year)
    and per protection seeker (12531, newest year) of each region – an arithmetic scale, as if
    each region received the full amount."""
    total = konzept.value + umsetzung.value
    rows, sources = [], []
    for spec in regions:
        reg = resolve_region(spec)
        pop = data.region_total("bevoelkerung_z22", reg)
        pop = pop[pop["year"] == pop["year"].max()].iloc[0]
        ref = data.region_total("schutzsuchende", reg)
        ref = ref[ref["year"] == ref["year"].max()].iloc[0]
        if np.isnan(pop["value"]) or np.isnan(ref["value"]):
            raise NoDataError(f"{reg.label}: population or protection seekers unknown ({pop['flag']}{ref['flag']})")
        rows.append({"region": reg.label, "foerderung": total, "einwohner": pop["value"], "jahr_einwohner": pop["year"],
                     "schutzsuchende": ref["value"], "jahr_schutzsuchende": ref["year"],
                     "je_einwohner": total / pop["value"], "je_schutzsuchenden": total / ref["value"]})
        sources += [s for s in (pop["source"], ref["source"]) if s not in sources]
    sources += [konzept.line(), umsetzung.line()]
    return pd.DataFrame(rows), sources


def fiscal_figure(frame: pd.DataFrame, meta: dict, lang: str = "de"):
    """Scatter of all Kreise: tax capacity per inhabitant (x) against protection seekers per
    1,000 (y), the region's and the comparison's Kreise highlighted and labelled."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from ..present.charts import number_axis as german_axis

    fig, ax = plt.subplots(figsize=(8, 5.5))
    shown = frame.dropna(subset=["steuerkraft", "je_1000"])
    others = shown[shown["gruppe"] == ""]
    ax.scatter(others["steuerkraft"], others["je_1000"], s=12, color="#bbbbbb", label="")
    marked = shown[shown["gruppe"] != ""]
    sns.scatterplot(data=marked, x="steuerkraft", y="je_1000", hue="gruppe", s=60, ax=ax)
    for r in marked.itertuples():
        ax.annotate(r.name, (r.steuerkraft, r.je_1000), xytext=(4, 4), textcoords="offset points", fontsize=8)
    german_axis(ax, "both")
    de = lang == "de"
    ax.set_xlabel((f"Gemeindliche Steuerkraft je Einwohner, EUR ({meta['jahr_steuerkraft']})" if de else
                   f"Municipal tax capacity per inhabitant, EUR ({meta['jahr_steuerkraft']})"))
    ax.set_ylabel((f"Schutzsuchende je 1.000 Einwohner ({meta['jahr_je_1000']})" if de else
                   f"Protection seekers per 1,000 inhabitants ({meta['jahr_je_1000']})"))
    ax.legend(title="")
    return fig


#: Column headers of :func:`scenario_table` (German, English) and their decimals.
SCENARIO_COLUMNS = {
    "name": ("Gemeinde", "Municipality", None), "miete_m2": ("Miete EUR/m²", "Rent EUR/m²", 2),
    "flaeche_je_person": ("m² je Person", "m² per person", 1),
    "miete_person_monat": ("EUR je Person und Monat", "EUR per person and month", 0),
    "miete_jahr": ("EUR im Jahr (alle)", "EUR a year (all)", 0),
    "wohnungen_benoetigt": ("Wohnungen benötigt", "Flats needed", 0),
    "leerstehend": ("leer (rechnerisch)", "empty (computed)", 0),
    "anteil_leerstand": ("Anteil am Leerstand %", "Share of empty %", 0),
    "monate_pauschale": ("Monatsmieten je Pauschale", "Months of rent per payment", 0),
}


def scenario_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """The columns of a :func:`rent_scenario` frame shown in reports, headers in ``lang``."""
    i = 0 if lang == "de" else 1
    shown = frame[list(SCENARIO_COLUMNS)].rename(columns={k: v[i] for k, v in SCENARIO_COLUMNS.items()})
    return shown, {v[i]: v[2] for v in SCENARIO_COLUMNS.values() if v[2] is not None}


def fiscal_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """The marked Kreise of a :func:`fiscal_capacity` frame with values and percentiles."""
    names = {"gruppe": ("Region", "Region"), "name": ("Kreis", "District"),
             "je_1000": ("Schutzsuchende je 1.000", "Protection seekers per 1,000"),
             "p_je_1000": ("Perzentil Schutzsuchende", "Percentile protection seekers"),
             "steuerkraft": ("Steuerkraft EUR/EW", "Tax capacity EUR/inh."),
             "p_steuerkraft": ("Perzentil Steuerkraft", "Percentile tax capacity"),
             "schulden": ("Schulden EUR/EW", "Debt EUR/inh."), "p_schulden": ("Perzentil Schulden", "Percentile debt")}
    i = 0 if lang == "de" else 1
    shown = frame[frame["gruppe"] != ""][list(names)].rename(columns={k: v[i] for k, v in names.items()})
    return shown, {names["je_1000"][i]: 1}


def funding_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """A :func:`funding_per_head` frame with headers in ``lang``."""
    names = {"region": ("Region", "Region"), "foerderung": ("Förderung EUR", "Funding EUR"),
             "einwohner": ("Einwohner", "Inhabitants"), "je_einwohner": ("EUR je Einwohner", "EUR per inhabitant"),
             "schutzsuchende": ("Schutzsuchende", "Protection seekers"),
             "je_schutzsuchenden": ("EUR je Schutzsuchenden", "EUR per protection seeker")}
    i = 0 if lang == "de" else 1
    shown = frame[list(names)].rename(columns={k: v[i] for k, v in names.items()})
    return shown, {names["je_einwohner"][i]: 2}
