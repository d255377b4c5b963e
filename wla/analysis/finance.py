"""Financial questions of the MORO programme, as numbers: the refugee load per 1,000 inhabitants
beside municipal fiscal capacity, the federal flat payment per first asylum application and how the
Länder pass it on, rent scenarios at the SGB II housing-cost limits, and the programme's funding
per head.

Two kinds of input, never mixed up:

* official statistics from the snapshot (12531 protection seekers, 12411 population, INKAR tax
  capacity and debt, Zensus 2022 dwellings, vacancy and rents) with their sources (indicator -> years);
* **sourced parameters** (:func:`parameters`): values that are not statistics but are fixed by a
  decision, law, ordinance or council paper – the federal flat payment (Bund–Länder decision of
  6 November 2023, implemented in § 14 (2) FAG), the Länder's pass-on and reimbursement rules, the
  Kreise's housing-cost limits, the programme's grants – each with its primary source (title,
  publisher, date, address) and, as a column for the analyst, a reliability grade (A–D, see
  ``SOURCES.md`` of the raw finance folder; never part of a source line). They come from the
  snapshot file ``finanzparameter.csv`` (recipe :mod:`wla.snapshot.finance_parameters`).

The federal flat payment is one amount per first asylum application (paid once for each
application, settled with the Länder year by year), so its unit is :data:`EUR_PER_APPLICATION`
like the Länder's pass-on amounts – never "per application and year".

Where a parameter is not sourced (a Land's pass-on share, a Kreis's current housing-cost limit)
the result is NaN with ``status`` saying so; no other region's value is substituted.

Every public function returns a DataFrame; ``attrs["sources"]`` holds its sources (indicator ->
years, parameter rows as :func:`source_key`; the lines: :mod:`wla.present.sources`),
``attrs["units"]`` the unit of each numeric column, ``attrs["method"]`` the arithmetic and
``attrs["parameters"]`` the parameters used. No language, formatting or figures here
(presentation: :mod:`wla.present.finance`).
"""
from __future__ import annotations

import functools
import math
import re

import numpy as np
import pandas as pd

from .. import data, store
from ..exceptions import NoDataError, ParameterError, SnapshotError
from ..paths import data_dir
from ..regions import city_states, gemeinde_label, region as resolve_region
from . import compare, potential
from .benchmark import percentiles
from .indicators import PARAMETER_PREFIX, newest, newest_year, used as merged_sources

PARAMETER_FILE = "finanzparameter.csv"

#: Status of a sourced parameter or of a value computed from it: ``sourced``; ``missing`` (not found
#: in the sources); ``outdated`` (only a table the source calls superseded); ``not_in_force`` (the
#: sources hold the rule only from a later date than the page's reference year: no value for that
#: year, the later rule is never used instead).
SOURCED, MISSING, OUTDATED, NOT_IN_FORCE = "sourced", "missing", "outdated", "not_in_force"
#: § 22c Abs. 2 SGB II: the Kreise review their housing-cost limits at least every two years. A
#: limit whose table is valid from more than this many years before the end of the reference year
#: is kept (it is the newest sourced one, nothing newer is invented) but marked as not known to be
#: current (column ``aktualitaet_offen`` of :func:`housing_cost_limits`).
LIMIT_REVIEW_YEARS = 2
#: A Land rule about its municipalities that does not exist in a city state (Berlin, Hamburg: the
#: Land is its one municipality, nothing is passed on or reimbursed between them).
NOT_APPLICABLE = "not_applicable"

#: Units of the figures below (the report words translate them).
EUR_PER_APPLICATION = "EUR je Asylerstantrag (einmalig)"
EUR_PER_HOUSEHOLD_MONTH = "EUR je Bedarfsgemeinschaft und Monat (Mietart: Spalte mietart_grenze)"
EUR_PER_PERSON_MONTH = "EUR je Person und Monat"
EUR_PER_MONTH = "EUR je Monat"
EUR_PER_YEAR = "EUR je Jahr"
EUR_ONE_OFF = "EUR (einmalig)"
PER_1000 = "je 1.000 Einwohner"


# --- sourced parameters ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=None)
def _parameter_table() -> pd.DataFrame:
    store.manifest()  # verifies the snapshot files listed in the manifest
    path = data_dir() / PARAMETER_FILE
    if not path.exists():
        raise SnapshotError(
            f"{path} is missing: the finance parameters are not in the snapshot. Rebuild it with "
            "`wla snapshot` (recipe wla.snapshot.finance_parameters) or restore data/ with `git checkout data/`.")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["value"] = frame["value"].astype(float)
    return frame


def source_key(index: int) -> str:
    """The structured reference of the parameter row ``index`` (its row number in
    :data:`PARAMETER_FILE`, 0 = first data row): the ``source`` cell of a parameter and its key in
    ``attrs["sources"]``; :mod:`wla.present.sources` turns it into the reader's line."""
    return f"{PARAMETER_PREFIX}{int(index)}"


def source_record(key: str) -> dict:
    """Title, publisher, date and address of the source a :func:`source_key` refers to
    (``source_title``, ``source_publisher``, ``source_date``, ``source_url``; the reliability
    grade is a column for the analyst, not part of a source)."""
    table = _parameter_table()
    index = int(key[len(PARAMETER_PREFIX):]) if key.startswith(PARAMETER_PREFIX) else -1
    if index not in table.index:
        raise ParameterError(f"{key!r} names no row of {PARAMETER_FILE}; sources of parameters are "
                             f"{PARAMETER_PREFIX}0 … {PARAMETER_PREFIX}{len(table) - 1}")
    return table.loc[index, ["source_title", "source_publisher", "source_date", "source_url"]].to_dict()


def cited(keys) -> dict[str, list]:
    """``attrs["sources"]`` of parameter rows: their ``source`` cells (:func:`source_key`; empty
    cells of rows without a source skipped), in order, without years."""
    return {key: [] for key in keys if key}


#: A row whose source reproduces another publication: its title ends so, or its publisher says so.
_REPRODUCTION = re.compile(r"\s*\(Wiedergabe\)\s*$")


def _primary_rows(frame: pd.DataFrame) -> list[int]:
    """The row whose source each parameter row cites: its own, or for a reproduction the primary
    publication where another row cites that publication itself (same title without
    "(Wiedergabe)", publisher not a reproduction, e.g. the Staatskanzlei's press release instead
    of a party's copy of it)."""
    def reproduces(r) -> bool:
        return bool(_REPRODUCTION.search(r["source_title"])) or " wieder" in r["source_publisher"]

    primary = {r["source_title"]: i for i, r in frame.iterrows() if not reproduces(r)}
    return [primary.get(_REPRODUCTION.sub("", r["source_title"]), i) if reproduces(r) else i
            for i, r in frame.iterrows()]


def parameters(ids=None) -> pd.DataFrame:
    """The sourced parameters (all, or those whose ``parameter_id`` is in ``ids``): columns of
    the snapshot file plus ``source`` (:func:`source_key` of the row whose publication it cites)."""
    frame = _parameter_table()
    if ids is not None:
        unknown = sorted(set(ids) - set(frame["parameter_id"]))
        if unknown:
            raise ParameterError(f"finance parameters {unknown} are not in {PARAMETER_FILE}")
        frame = frame[frame["parameter_id"].isin(list(ids))]
    every = _parameter_table()  # reproductions are resolved against all rows, not only those asked for
    cites = dict(zip(every.index, _primary_rows(every)))
    out = frame.assign(source=[source_key(cites[i]) for i in frame.index]).reset_index(drop=True)
    out.attrs = {"sources": cited(out["source"]), "method": "as published by the named source"}
    return out


def in_force(rows: pd.DataFrame, until: int | None = None) -> pd.DataFrame:
    """The parameter rows in force at some time in the reference year ``until`` (all rows for
    ``None``): ``valid_from`` up to 31.12. of that year and ``valid_to`` empty or from 1.1. of it
    (a ``valid_to`` given as a year or month counts to its end). A row without ``valid_from``
    (e.g. a law whose start the source does not date) counts as in force."""
    if until is None or rows.empty:
        return rows
    end, start = f"{int(until)}-12-31", f"{int(until)}-01-01"
    to = rows["valid_to"].map(lambda v: v + "-12-31"[len(v) - 4:] if v and len(v) < 10 else v)
    return rows[(rows["valid_from"] <= end) & ((to == "") | (to >= start))]


def _one(pid: str, region_ags: str, until: int | None = None) -> pd.Series | None:
    """The newest row of parameter ``pid`` for ``region_ags`` in force in the reference year
    ``until`` (:func:`in_force`; the newest of all for ``None``); None if there is none."""
    rows = parameters()
    rows = in_force(rows[(rows["parameter_id"] == pid) & (rows["region_ags"] == region_ags)], until)
    return None if rows.empty else rows.sort_values("valid_from").iloc[-1]


# --- load per 1,000 -------------------------------------------------------------------------------
def _newest(indicator: str, level: str = "kreis", region=None, year: int | None = None,
            until: int | None = None) -> pd.DataFrame:
    rows = data.load(indicator, region, level=level, years=year, category="insgesamt")
    if rows.empty:
        raise NoDataError(f"{indicator}: no values{'' if year is None else f' for {year}'}")
    return newest(rows, until, indicator)


def load_per_1000(year: int | None = None, until: int | None = None) -> pd.DataFrame:
    """Protection seekers (12531, 31.12.) per 1,000 inhabitants (12411, Zensus 2022 basis, same
    date) for every Kreis, with Kreise the Ausländerzentralregister reports inside another Kreis
    **folded** into one unit.

    Where 12531 counts Kreis B's protection seekers in Kreis A (``data/reported_inside.csv``,
    e.g. Landkreis Kassel inside Stadt Kassel), A's published count covers A and B, so the rate
    of the unit is ``count(A) / (population(A) + population(B)) × 1,000`` and A and B both carry
    it, with ``einheit`` naming the unit ("06611+06633") and ``gefaltet`` True. A per-1,000 value
    that divides the unit's people by one Kreis's population is never produced.

    Columns: ``ags``, ``name``, ``year``, ``einheit``, ``einheit_name``, ``gefaltet``,
    ``schutzsuchende`` (count of the unit), ``einwohner`` (population of the unit), ``value``
    (per 1,000), ``flag``. ``year``: that year; else the newest year up to ``until`` with a
    population count on Zensus 2022 basis.
    """
    if year is None:
        counted = set(data.load("bevoelkerung_z22", level="kreis", category="insgesamt")["year"])
        have = set(data.load("schutzsuchende", level="kreis")["year"]) & counted
        year = newest_year(have, until, "schutzsuchende / bevoelkerung_z22")
    refugees = _newest("schutzsuchende", year=year)
    yr = int(refugees["year"].max())
    pop = data.load("bevoelkerung_z22", level="kreis", years=yr, category="insgesamt")
    if pop.empty:
        raise NoDataError(f"population (12411) for 31.12.{yr} is not in the snapshot")
    inside = store.reported_inside()
    inside = inside[(inside["indicator"] == "schutzsuchende") & (inside["year"] == yr)]
    unit_of = {a: a for a in refugees["ags"]}
    for hosted, host in zip(inside["ags"], inside["inside"]):
        unit_of[hosted] = host
    frame = refugees[["ags", "name", "year", "value", "flag"]].rename(columns={"value": "count"})
    frame["host"] = frame["ags"].map(unit_of)
    frame = frame.merge(pop[["ags", "value", "flag"]].rename(columns={"value": "pop", "flag": "flag_pop"}),
                        on="ags", how="left")
    units = frame.groupby("host").agg(
        einheit=("ags", lambda s: "+".join(sorted(s))), einwohner=("pop", lambda s: s.sum(min_count=len(s))))
    hosts = frame.set_index("ags")
    units["schutzsuchende"] = hosts.loc[units.index, "count"].to_numpy()
    units["flag_unit"] = hosts.loc[units.index, "flag"].to_numpy()
    units["einheit_name"] = [" + ".join(hosts.loc[a.split("+"), "name"]) for a in units["einheit"]]
    frame = frame.join(units, on="host")
    frame["gefaltet"] = frame["einheit"].str.contains("+", regex=False)
    frame["value"] = frame["schutzsuchende"] / frame["einwohner"] * 1000
    why = frame["flag_unit"].where(frame["flag_unit"] != "", frame["flag_pop"].fillna("")).replace("", ".")
    frame["flag"] = np.where(frame["value"].isna(), why, "")
    out = frame[["ags", "name", "year", "einheit", "einheit_name", "gefaltet", "schutzsuchende", "einwohner",
                 "value", "flag"]].sort_values("ags").reset_index(drop=True)
    out.attrs = {
        # which Kreise 12531-0043 reports inside another one is read from the same table (its "x"
        # cells, data/reported_inside.csv): its source is that of the protection seekers
        "sources": merged_sources(refugees, pop),
        "units": {"value": PER_1000, "schutzsuchende": "Personen", "einwohner": "Personen"},
        "method": "protection seekers of the unit / population of the unit × 1,000; units fold Kreise "
                  "reported inside another Kreis",
        "parameters": {"year": yr},
    }
    return out


def fiscal_capacity(region, vergleich, until: int | None = None) -> pd.DataFrame:
    """Municipal fiscal capacity beside the refugee load, for every Kreis of Germany.

    Columns: ``ags``, ``name``, ``gruppe`` ("region", "vergleich" or ""), ``stadt_von`` (the side
    whose Landkreis encloses this kreisfreie Stadt, e.g. Stadt Coburg: "vergleich"; else ""), ``einheit`` and
    ``gefaltet`` (see :func:`load_per_1000`), ``steuerkraft`` (INKAR gemeindliche Steuerkraft,
    EUR per inhabitant, newest year), ``schulden`` (INKAR kommunale Schulden, EUR per
    inhabitant, newest year), ``je_1000`` (protection seekers per 1,000 of the folded unit) and
    percentiles among all Kreise with a value (:func:`wla.analysis.benchmark.percentiles`, the reports' one percentile: share of the others lower,
    100 = highest); the percentile of ``je_1000`` counts each folded unit once. ``attrs["years"]`` names the years (they differ: INKAR ends
    earlier). Each is the newest year up to ``until``. A descriptive juxtaposition, not a
    measure of what refugees cost.
    """
    reg, vs = resolve_region(region), resolve_region(vergleich)
    tax = _newest("steuerkraft_je_ew", until=until)
    debt = _newest("kommunale_schulden_je_ew", until=until)
    load = load_per_1000(until=until)
    frame = load[["ags", "name", "einheit", "gefaltet", "value", "flag"]].rename(
        columns={"value": "je_1000", "flag": "flag_je_1000"})
    frame = frame.merge(tax[["ags", "value"]].rename(columns={"value": "steuerkraft"}), on="ags", how="outer")
    frame = frame.merge(debt[["ags", "value"]].rename(columns={"value": "schulden"}), on="ags", how="outer")
    frame["name"] = frame["name"].fillna(frame["ags"].map(tax.set_index("ags")["name"]))
    frame["gruppe"] = np.where(frame["ags"].isin(reg.kreise), "region",
                               np.where(frame["ags"].isin(vs.kreise), "vergleich", ""))
    # a kreisfreie Stadt inside a side's Landkreis (Stadt Coburg): marked beside that side
    inside = {c: side for side, r in (("region", reg), ("vergleich", vs)) for c in compare.enclosed_cities(r)}
    frame["stadt_von"] = frame["ags"].map(inside).fillna("")
    for col in ("steuerkraft", "schulden"):
        frame[f"p_{col}"] = percentiles(frame[col])
    units = frame.dropna(subset=["je_1000"]).drop_duplicates("einheit").set_index("einheit")["je_1000"]
    frame["p_je_1000"] = frame["einheit"].map(percentiles(units))
    out = frame.sort_values("ags").reset_index(drop=True)
    out.attrs = {
        "sources": merged_sources(tax, debt, load.attrs["sources"]),
        "units": {"steuerkraft": "EUR je Einwohner", "schulden": "EUR je Einwohner", "je_1000": PER_1000,
                  "p_steuerkraft": "Perzentil", "p_schulden": "Perzentil", "p_je_1000": "Perzentil"},
        "years": {"steuerkraft": int(tax["year"].max()), "schulden": int(debt["year"].max()),
                  "je_1000": int(load["year"].max())},
        "method": "percentile = share of the other Kreise with a value that are lower (100 = highest, 0 = lowest); "
                  "folded units counted once",
        "parameters": {"region": reg.key, "vergleich": vs.key},
    }
    return out


# --- federal flat payment and the Länder's rules ---------------------------------------------------
#: Per Land: the sourced pass-on of the federal flat payment and the reimbursement of AsylbLG costs.
LAND_RULES = {
    "weitergabe_anteil": {"01": "sh_bundespauschale_anteil_kommunen"},
    "weitergabe_eur": {"01": "sh_bundespauschale_eur_kommunen"},
    "asylblg_erstattung": {"01": "sh_asylblg_erstattungsquote", "09": "by_asylblg_kostenerstattung"},
}
FLAT_PAYMENT = "bund_pauschale_je_asylerstantrag"
FLAT_PAYMENT_LAW = "fag_par14_abschlag_2024"


def flat_payment(lands, until: int | None = None) -> pd.DataFrame:
    """The federal flat payment per first asylum application and, per Land in ``lands``
    (2-digit keys), the sourced rules of passing it on and of reimbursing AsylbLG costs, each
    the rule in force in the reference year ``until`` (:func:`in_force`; the newest for ``None``).

    Rows (tidy: ``land``, ``groesse``, ``value``, ``unit``, ``valid_from``, ``source``, ``grade``,
    ``status``): ``bundespauschale`` (EUR per first application, once per application, paid to the **Land**;
    Bund–Länder decision of 6 November 2023, legal implementation § 14 (2) FAG); per Land
    ``weitergabe_anteil`` (% passed on to the municipalities), ``weitergabe_eur`` (EUR per first
    application for the municipalities) and ``asylblg_erstattung`` (% of AsylbLG costs the Land
    reimburses). In a city state (Berlin, Hamburg) these rules do not exist: NaN, status
    ``not_applicable``. A rule not found in the sources is a row with NaN and status ``missing``; a Land
    rule the sources hold only from after ``until`` (e.g. the Schleswig-Holstein AsylbLG
    reimbursement ordinance of 2022 on a 2020 page) is a row with NaN, status ``not_in_force``
    and the later rule's ``valid_from`` and source (its value is not used). The federal payment
    is the one decided for 2024 on, shown with its ``valid_from`` on every page (its ``status``
    says ``not_in_force`` before 2024, the value stays: the pages state it as "from 2024").
    """
    federal = _one(FLAT_PAYMENT, "DE")
    law = _one(FLAT_PAYMENT_LAW, "DE")
    federal_status = SOURCED if _one(FLAT_PAYMENT, "DE", until) is not None else NOT_IN_FORCE
    rows = [{"land": "DE", "groesse": "bundespauschale", "value": federal["value"], "unit": EUR_PER_APPLICATION,
             "valid_from": federal["valid_from"], "source": federal["source"], "grade": federal["grade"],
             "status": federal_status, "rechtsgrundlage": law["source"]}]
    for land in sorted({str(x)[:2] for x in lands}):
        for what, by_land in LAND_RULES.items():
            if land in city_states():
                rows.append({"land": land, "groesse": what, "value": np.nan, "unit": "", "valid_from": "",
                             "source": "", "grade": "", "status": NOT_APPLICABLE, "rechtsgrundlage": ""})
                continue
            pid = by_land.get(land)
            row = _one(pid, land, until) if pid else None
            later = _one(pid, land) if pid and row is None else None
            if row is None:
                rows.append({"land": land, "groesse": what, "value": np.nan, "unit": "",
                             "valid_from": later["valid_from"] if later is not None else "",
                             "source": later["source"] if later is not None else "", "grade": "",
                             "status": NOT_IN_FORCE if later is not None else MISSING, "rechtsgrundlage": ""})
            else:
                rows.append({"land": land, "groesse": what, "value": row["value"], "unit": row["unit"],
                             "valid_from": row["valid_from"], "source": row["source"], "grade": row["grade"],
                             "status": SOURCED, "rechtsgrundlage": ""})
    out = pd.DataFrame(rows)
    out.attrs = {"sources": cited([*out["source"], law["source"]]),
                 "method": "as decided/legislated; the federal payment goes to the Land, what reaches the "
                           "Kreise is the Land's rule",
                 "parameters": {"lands": sorted({str(x)[:2] for x in lands}), "until": until}}
    return out


# --- SGB II housing-cost limits -------------------------------------------------------------------
_KDU = re.compile(r"^kdu_(mog|flaeche)_(\d)p(?:_(HISTORISCH)_(\w+)|_(vr\w+))?$")


def housing_cost_limits(region, until: int | None = None) -> pd.DataFrame:
    """The SGB II housing-cost limits (Angemessenheitsgrenzen) of the region's Kreise, per
    household size (1 and 4 persons) and comparison area (Vergleichsraum): the newest table in
    force in the page's reference year (:func:`wla.analysis.compare.reference_year` of ``until``:
    for ``None`` the newest year of the protection-seeker counts, the year every page names).

    Columns: ``ags`` (Kreis), ``name``, ``personen`` (household size), ``raum`` (comparison area
    named in the source, "" for the whole Kreis), ``gemeinden`` (the area's Gemeinden as listed in
    the source), ``miete_grenze`` (EUR per month), ``mietart`` (``"bruttokalt"`` where the source
    calls it a gross cold rent – net rent plus cold service charges, without heating –,
    ``"nettokalt"`` where it calls it a net cold rent, else ``""``: the source does not say), ``flaeche_grenze`` (m²), ``valid_from``, ``source``, ``grade`` and ``status``:
    ``sourced``; ``outdated`` (only a table the source calls superseded, e.g. Kreis Plön 2013 –
    the value is not used); ``not_in_force`` (the sources hold current tables only from after
    ``until``: value NaN, ``valid_from`` and source of the first later table, never used instead);
    ``missing`` (no limit found for the Kreis: value NaN, never another region's);
    ``aktualitaet_offen`` (bool): a sourced table valid from more than :data:`LIMIT_REVIEW_YEARS`
    years before the end of the reference year (:func:`not_known_current`).

    The age rule (printed on the finance page, words ``finanzen.grenzen_text``): a table counts as
    sourced when it is in force in the reference year (:func:`in_force`) and its source does not
    call it superseded (parameter id with ``_HISTORISCH_``); a table without ``valid_to`` stays in
    force until a source names it replaced, and it is used, but where it is older than the review
    interval of § 22c SGB II it is marked ``aktualitaet_offen`` (its value is kept: it is the newest
    sourced one; Landkreis Coburg's table of 01.03.2020 for 2024).
    """
    reg = resolve_region(region)
    kreise = reg.kreise
    names = store.names()
    table = parameters()
    until = compare.reference_year(until)  # the page's reference year also when the report gives none
    rows = []
    for kreis in kreise:
        own = table[(table["region_ags"] == kreis) & table["parameter_id"].str.startswith("kdu_")]
        found = False
        for personen in (1, 4):
            space = own[own["parameter_id"] == f"kdu_flaeche_{personen}p"].sort_values("valid_from")
            limits = []
            for _, r in own.iterrows():
                m = _KDU.match(r["parameter_id"])
                if m and m.group(1) == "mog" and int(m.group(2)) == personen:
                    limits.append((r, m))
            tables = [(r, m) for r, m in limits if not m.group(3)]  # not superseded
            valid = in_force(pd.DataFrame([r for r, _ in tables]), until).index if tables else []
            current = [(r, m) for r, m in tables if r.name in valid]
            if tables and not current:  # every table starts after the reference year: the first one is named
                r = min((r for r, _ in tables), key=lambda r: r["valid_from"])
                rows.append(_limit_row(kreis, names, personen, r, "", np.nan, NOT_IN_FORCE))
                found = True
            elif current:
                newest = max(r["valid_from"] for r, _ in current)
                for r, m in current:
                    if r["valid_from"] != newest:
                        continue
                    area = in_force(space[space["valid_from"] <= newest], until)
                    rows.append(_limit_row(kreis, names, personen, r, m.group(5) or "",
                                           area["value"].iloc[-1] if len(area) else np.nan, SOURCED))
                found = True
            elif limits:
                r, m = limits[0]
                rows.append(_limit_row(kreis, names, personen, r, "", np.nan, OUTDATED))
                found = True
        if not found:
            for personen in (1, 4):
                rows.append({"ags": kreis, "name": names.get(kreis, kreis), "personen": personen, "raum": "",
                             "gemeinden": "", "miete_grenze": np.nan, "mietart": "", "flaeche_grenze": np.nan,
                             "valid_from": "", "source": "", "grade": "", "status": MISSING})
    out = pd.DataFrame(rows)
    out["aktualitaet_offen"] = [st == SOURCED and not_known_current(v, until) for st, v in zip(out["status"], out["valid_from"])]
    # The source lists an area's Gemeinden once (in the 1-person row): carry it to the area's other rows.
    listed = out[out["gemeinden"] != ""].drop_duplicates(["ags", "raum"]).set_index(["ags", "raum"])["gemeinden"]
    out["gemeinden"] = [listed.get((a, r), "") if r else "" for a, r in zip(out["ags"], out["raum"])]
    out.attrs = {"sources": cited(out["source"]),
                 "units": {"miete_grenze": "EUR je Monat (Mietart: Spalte mietart)", "flaeche_grenze": "m²",
                           "personen": "Personen je Bedarfsgemeinschaft"},
                 "method": "newest published table of each Kreis in force in the reference year; superseded "
                           "tables and tables of later years are reported (outdated, not_in_force), not used",
                 "parameters": {"region": reg.key, "until": until}}
    return out


def not_known_current(valid_from: str, until: int) -> bool:
    """Whether a housing-cost limit valid from ``valid_from`` (ISO date or month) is older than the
    review interval of § 22c Abs. 2 SGB II (:data:`LIMIT_REVIEW_YEARS`) at the end of the reference
    year ``until``: valid from before 31.12. of ``until`` − 2 ("2020-03-01" for 2024: True,
    "2023-01-01": False). An undated table is not known to be current either."""
    return not valid_from or str(valid_from) < f"{int(until) - LIMIT_REVIEW_YEARS}-12-31"


def limits_for(region, places, until: int | None = None, personen: int = 1) -> pd.DataFrame:
    """The housing-cost limits that apply to ``places`` (Gemeinde AGS or Kreis codes of the
    region): the rows of :func:`housing_cost_limits` for ``personen`` of exactly the Kreise those
    places lie in, in the order of the region's Kreise – the one rule of the rent scenario
    (:func:`scenario_gemeinden`) and of the measures catalogue's cost basis. A Kreis without a
    limit in force keeps its row (status ``missing``/``outdated``/``not_in_force``, no value): it is
    named, never replaced by another Kreis's limit. ``attrs`` as :func:`housing_cost_limits`, the
    sources only of the rows kept."""
    limits = housing_cost_limits(region, until)
    kreise = {str(p)[:5] for p in places}
    out = limits[(limits["personen"] == personen) & limits["ags"].isin(kreise)].reset_index(drop=True)
    out.attrs = {**limits.attrs, "sources": cited(out["source"]),
                 "parameters": {**limits.attrs["parameters"], "kreise": sorted(kreise), "personen": personen}}
    return out


def _limit_row(kreis, names, personen, r, raum, flaeche, status) -> dict:
    listed = re.search(r"\(([^)]*)\)", r["region_name"])
    outdated = status in (OUTDATED, NOT_IN_FORCE)  # no value of a superseded or a later table
    return {"ags": kreis, "name": names.get(kreis, kreis), "personen": personen, "raum": raum.replace("vr", "VR "),
            "gemeinden": listed.group(1) if listed and raum else "",
            "miete_grenze": np.nan if outdated else r["value"], "mietart": _rent_kind(r["unit"]),
            "flaeche_grenze": np.nan if outdated else flaeche,
            "valid_from": r["valid_from"], "source": r["source"], "grade": r["grade"], "status": status}


def _rent_kind(unit: str) -> str:
    """"bruttokalt" where a limit's unit (as the source words it) is a gross cold rent – named so,
    or as net cold rent plus cold service charges ("NKM + kalte BK") –, "nettokalt" where it is a
    net cold rent alone, else "" (not stated)."""
    text = str(unit).lower()
    if "bruttokalt" in text or ("nkm" in text and "kalte bk" in text):
        return "bruttokalt"
    return "nettokalt" if "nettokalt" in text else ""


def _name_key(name: str) -> str:
    """First significant word of a Gemeinde name ("Grub a.Forst" and "Grub am Forst" -> "grub")."""
    words = re.split(r"[ .,]+", name.strip().lower())
    return " ".join(words[:2]) if words[0] == "bad" else words[0]


def _limit_per_gemeinde(gemeinden: pd.DataFrame, limits: pd.DataFrame) -> pd.DataFrame:
    """The limit row applying to each Gemeinde (its Kreis's, or its comparison area's)."""
    out = []
    for g in gemeinden.itertuples():
        own = limits[limits["ags"] == g.ags[:5]]
        if (own["raum"] != "").any():
            keys = {_name_key(n): i for i, r in own.iterrows() for n in r["gemeinden"].split(",")}
            idx = keys.get(_name_key(g.name))
            own = own.loc[[idx]] if idx is not None else own.iloc[0:0]
        row = own.iloc[0].to_dict() if len(own) else {"miete_grenze": np.nan, "flaeche_grenze": np.nan, "mietart": "",
                                                       "status": MISSING, "source": "", "valid_from": "", "raum": ""}
        out.append({"ags": g.ags, "miete_grenze": row["miete_grenze"], "flaeche_grenze": row["flaeche_grenze"],
                    "status_grenze": row["status"], "raum": row["raum"], "grenze_ab": row["valid_from"],
                    "grenze_aktualitaet_offen": bool(row.get("aktualitaet_offen", False)),
                    "mietart_grenze": row["mietart"],
                    "source_grenze": row["source"]})
    return pd.DataFrame(out)


# --- rent scenario --------------------------------------------------------------------------------
def rent_scenario(region, personen: int, gemeinden=None, haushalt: int = 1, until: int | None = None) -> pd.DataFrame:
    """What housing ``personen`` people in vacant flats costs at the SGB II housing-cost limit,
    each Gemeinde taken on its own (as if all of them moved there).

    ``haushalt``: persons per household and dwelling (1 or 4 – the sizes the sourced limit tables
    give). Per Gemeinde (``gemeinden``: AGS list; default all of the region's):

    * ``leerstehend`` = vacancy rate × dwellings / 100 (Zensus 2022, 15.05.2022), rounded down;
    * ``personen_untergebracht`` = min(personen, leerstehend × haushalt) – the people housed are
      capped by the vacant dwellings; ``personen_ohne_wohnung`` the rest;
    * ``wohnungen`` = ceil(personen_untergebracht / haushalt) dwellings used;
    * ``miete_grenze`` (EUR per household and month, gross cold rent) and ``flaeche_grenze`` (m²)
      of the household size from :func:`housing_cost_limits` (the Gemeinde's comparison area where
      the Kreis has several); NaN with ``status_grenze`` ``missing``/``outdated`` where none is
      sourced; ``mietart_grenze`` the limit's rent type as its source names it (``mietart``);
      ``grenze_ab`` its valid-from date and ``grenze_aktualitaet_offen`` whether it is older than
      the review interval of § 22c SGB II (:func:`not_known_current`: used, and marked so);
    * ``kosten_person_monat = miete_grenze / haushalt`` (EUR per person and month);
      ``kosten_monat = wohnungen × miete_grenze`` (EUR per month); ``kosten_jahr = 12 × kosten_monat``;
    * ``miete_zensus`` = flaeche_grenze × average net rent per m² (Zensus 2022, existing contracts,
      net cold) – what a flat of the limit's size costs at the Gemeinde's average rent;
      ``vergleichbar`` True only where the limit is a net cold rent too (``mietart_grenze`` ==
      "nettokalt"): a gross cold limit includes cold service charges, and a limit of unstated rent
      type may, so neither is set beside the census rent (the page says "nicht vergleichbar");
    * ``pauschale_kommune`` (EUR per first application, one-off: the municipal share of the federal
      flat payment where sourced, see :func:`flat_payment`) and ``monate_pauschale`` =
      pauschale_kommune / kosten_person_monat.

    Beside them, as on the settlement page, ``haushaltsgroesse`` (persons per household, Zensus
    2022) and ``aufnahme_personen`` = vacancy rate × dwellings / 100 × household size (what the
    empty flats hold at today's household size, :func:`wla.analysis.potential.inputs`): the
    sourced limits exist only for 1 and 4 persons, so the cost is computed for ``haushalt``
    persons per flat and the census household size is shown, not priced.

    The census values are the newest up to ``until`` (none before 2022: :class:`NoDataError`); the
    limits and the flat payment's pass-on are those in force in that year.
    """
    if not isinstance(personen, (int, np.integer)) or isinstance(personen, bool) or personen <= 0:
        raise ParameterError(f"personen must be a positive whole number, not {personen!r}")
    if haushalt not in (1, 4):
        raise ParameterError(f"haushalt must be 1 or 4 (the household sizes of the sourced limits), not {haushalt!r}")
    reg = resolve_region(region)
    rent, vac, dw = (newest(data.load(i, reg, level="gemeinde", category="insgesamt"), until, i)
                     for i in ("nettokaltmiete_m2", "leerstandsquote", "wohnungen"))
    frame = dw[["ags", "name", "value"]].rename(columns={"value": "wohnungen_bestand"})
    frame["name"] = frame["name"].map(gemeinde_label)  # "Neustadt b.Coburg, GKSt" -> "Neustadt bei Coburg"
    if gemeinden is not None:
        wanted = [str(g) for g in gemeinden]
        unknown = sorted(set(wanted) - set(frame["ags"]))
        if unknown:
            raise ParameterError(f"Gemeinden {unknown[:5]} are not in {reg.label} (or have no Zensus dwellings row)")
        frame = frame.set_index("ags").loc[wanted].reset_index()
    frame = frame.merge(vac[["ags", "value"]].rename(columns={"value": "leerstandsquote"}), on="ags", how="left")
    frame = frame.merge(rent[["ags", "value"]].rename(columns={"value": "miete_m2"}), on="ags", how="left")
    size = newest(data.load("haushaltsgroesse", reg, level="gemeinde"), until, "haushaltsgroesse")
    frame = frame.merge(size[["ags", "value"]].drop_duplicates("ags").rename(columns={"value": "haushaltsgroesse"}),
                        on="ags", how="left")
    # the absorption of the settlement page (wla.analysis.potential.inputs): empty dwellings × persons per household
    frame["aufnahme_personen"] = frame["leerstandsquote"] * frame["wohnungen_bestand"] / 100 * frame["haushaltsgroesse"]
    limits = housing_cost_limits(reg, until)
    limits = limits[limits["personen"] == haushalt]
    frame = frame.merge(_limit_per_gemeinde(frame, limits), on="ags", how="left")
    frame["leerstehend"] = np.floor(frame["leerstandsquote"] * frame["wohnungen_bestand"] / 100)
    frame["personen_untergebracht"] = np.minimum(personen, frame["leerstehend"] * haushalt)
    frame["personen_ohne_wohnung"] = personen - frame["personen_untergebracht"]
    frame["wohnungen"] = np.ceil(frame["personen_untergebracht"] / haushalt)
    frame["kosten_person_monat"] = frame["miete_grenze"] / haushalt
    frame["kosten_monat"] = frame["wohnungen"] * frame["miete_grenze"]
    frame["kosten_jahr"] = 12 * frame["kosten_monat"]
    frame["miete_zensus"] = frame["flaeche_grenze"] * frame["miete_m2"]
    frame["vergleichbar"] = frame["mietart_grenze"] == "nettokalt"
    payment = flat_payment({a[:2] for a in frame["ags"]}, until)
    per_land = payment[payment["groesse"] == "weitergabe_eur"].set_index("land")["value"]
    frame["pauschale_kommune"] = frame["ags"].str[:2].map(per_land)
    frame["monate_pauschale"] = frame["pauschale_kommune"] / frame["kosten_person_monat"]
    used = payment[payment["land"] != "DE"].dropna(subset=["value"])
    out = frame.reset_index(drop=True)
    out.attrs = {
        "sources": merged_sources(dw, vac, rent, size, limits.attrs["sources"], cited(used["source"])),
        "units": {"wohnungen_bestand": "Wohnungen", "leerstandsquote": "%", "leerstehend": "Wohnungen",
                  "personen_untergebracht": "Personen", "personen_ohne_wohnung": "Personen", "wohnungen": "Wohnungen",
                  "miete_m2": "EUR je m² und Monat (Nettokaltmiete)", "miete_grenze": EUR_PER_HOUSEHOLD_MONTH,
                  "flaeche_grenze": "m²", "kosten_person_monat": EUR_PER_PERSON_MONTH, "kosten_monat": EUR_PER_MONTH,
                  "kosten_jahr": EUR_PER_YEAR, "miete_zensus": "EUR je Monat (Nettokaltmiete)",
                  "pauschale_kommune": EUR_PER_APPLICATION, "monate_pauschale": "Monate",
                  "haushaltsgroesse": "Personen je Haushalt", "aufnahme_personen": "Personen"},
        "method": "people housed = min(people, vacant dwellings × persons per dwelling); cost = dwellings × "
                  "housing-cost limit",
        "parameters": {"personen": personen, "haushalt": haushalt, "personen_je_wohnung": haushalt,
                       "region": reg.key},
    }
    return out


def scenario_gemeinden(region, n: int, until: int | None = None, vergleich=None) -> pd.DataFrame:
    """The Gemeinden a rent scenario is computed for: of the ``n`` with the highest settlement
    potential (:func:`wla.analysis.potential.potential`, ranked Gemeinden only; given the pair's
    other side ``vergleich``, ranked over the pair's common period as on the settlement page and in
    the findings, :func:`wla.analysis.potential.pair`) those whose Kreis
    has a sourced one-person housing-cost limit in force in ``until`` (:func:`housing_cost_limits`)
    – the same rule on both sides of a pair. A top Gemeinde in a Kreis without a limit is not
    computable and no other Gemeinde takes its place (a lower-ranked Gemeinde elsewhere would not
    answer the question asked of the top ``n``).

    Columns: ``ags``, ``name``, ``kreis``, ``rang``. ``attrs``: ``gerangt`` (ranked Gemeinden of
    the region), ``ohne_grenze`` (Kreise of the top ``n`` without a limit in force, sorted codes),
    ``top_ohne_grenze`` (how many of the top ``n`` lie in those Kreise), ``top`` (how many
    Gemeinden the top ``n`` has: fewer where fewer are ranked), ``start`` (first year of the
    population change the ranking rests on)."""
    reg = resolve_region(region)
    ranked = potential.pair(reg, vergleich, until=until)[0] if vergleich is not None else potential.potential(reg, until=until)
    start = ranked.attrs["start"]
    ranked = ranked.dropna(subset=["rang"]).sort_values("rang")
    top = ranked.head(n)[["ags", "name", "rang"]].assign(kreis=lambda f: f["ags"].str[:5])
    limits = limits_for(reg, top["ags"], until)
    priced = set(limits.loc[limits["status"] == SOURCED, "ags"])
    out = top[top["kreis"].isin(priced)].reset_index(drop=True)
    out.attrs = {"gerangt": int(len(ranked)), "ohne_grenze": sorted(set(top["kreis"]) - priced),
                 "top_ohne_grenze": int((~top["kreis"].isin(priced)).sum()), "top": int(len(top)), "start": start,
                 "method": "the top n of the settlement index (over the pair's common period given vergleich); those "
                           "in a Kreis without a sourced limit in force are not computable and not replaced",
                 "parameters": {"region": reg.key, "n": n, "until": until,
                                "vergleich": resolve_region(vergleich).key if vergleich is not None else None}}
    return out


# --- programme funding ----------------------------------------------------------------------------
#: Parameters of the MORO programme's grants to a model region (granted, not expected amounts), each
#: with the parameter row that dates its phase: the BBSR row on the first-phase notices (200,000 EUR
#: per region, handed over at the Coburg project workshop) lists both KielRegion & Stadt Neumünster
#: and Landkreis Coburg among the eight regions that received them.
FUNDING_GRANTED = {"moro_kielregion_wal": "moro_foerderung_phase1_je_region",
                   "moro_phase1_landkreis_coburg": "moro_foerderung_phase1_je_region"}
#: Expected (not granted) amounts of a later phase: reported beside the grant, never counted.
FUNDING_EXPECTED = ("moro_phase2_landkreis_coburg_erwartet",)


def grant_date(row) -> dict:
    """When a grant notice was handed over, as its source gives it: ``tag`` (day and month as
    written, e.g. "14./15. November"), ``jahr`` (the year named in the source date, None if none)
    and ``erschlossen`` (True where the source says the year is inferred from context, not
    printed in the excerpt)."""
    text = str(row["source_date"])
    years = re.findall(r"(?:19|20)\d{2}", text)
    return {"tag": text.split("[")[0].strip(), "jahr": int(years[-1]) if years else None,
            "erschlossen": "Kontext" in text or "erschlossen" in text}


def grant_phase(*rows) -> int | None:
    """The programme phase a grant row names ("1. Phase", "1. Förderphase"), from the first row that names one."""
    for row in rows:
        m = re.search(r"(\d)\.\s*(?:Förder)?[Pp]hase", str(row["unit"]))
        if m:
            return int(m.group(1))
    return None


def funding_per_head(regions, until: int | None = None) -> pd.DataFrame:
    """The MORO grants to each region (sourced, granted amounts whose ``region_ags`` are exactly
    the region's Kreise; expected amounts are not counted) per inhabitant and per protection
    seeker **of the grant's year** – an arithmetic scale, not a measure of effect.

    The grant's year is the year of its notice (:func:`grant_date` of the phase row in
    :data:`FUNDING_GRANTED`), not the page's reference year: dividing a 2016 grant by the
    protection seekers of 2024 (who include people who arrived from 2022) says nothing. The
    denominators are those of 31.12. of the grant year or the newest sourced edition before it:
    population from :func:`wla.analysis.compare.newest_population` (for 2016 INKAR's count on the
    Zensus-2011 basis), protection seekers (12531) the newest Kreis edition up to that year – none
    before 31.12.2018 in the snapshot, so their value is NaN (``erstes_jahr_schutzsuchende`` names
    the first edition), never a later year's count.

    ``until`` (the page's reference year) only decides whether the grant exists yet: a grant
    after ``until`` has status ``not_in_force`` and no values.

    Columns: ``region``, ``phase`` (programme phase named by the source), ``bescheid_tag``,
    ``bescheid_jahr``, ``jahr_erschlossen`` (see :func:`grant_date`), ``foerderung`` (EUR one-off),
    ``einwohner``, ``jahr_einwohner``, ``einwohner_id`` (indicator), ``schutzsuchende``,
    ``jahr_schutzsuchende``, ``erstes_jahr_schutzsuchende``, ``je_einwohner``,
    ``je_schutzsuchenden`` (EUR per person), ``phase2_erwartet`` (EUR a later phase is expected
    to bring according to the sources, NaN if none; not counted), ``phase2_erwaehnt`` (the
    sources mention a second phase for the region), ``status`` (``sourced``; ``missing`` where
    the region received no sourced grant; ``not_in_force``).
    """
    table = parameters(list(FUNDING_GRANTED) + list(dict.fromkeys(FUNDING_GRANTED.values())) + list(FUNDING_EXPECTED))
    by_id = table.drop_duplicates("parameter_id").set_index("parameter_id")
    rows, sources = [], {}
    for spec in regions:
        reg = resolve_region(spec)
        own = "+".join(sorted(reg.kreise))
        grant = table[table["parameter_id"].isin(list(FUNDING_GRANTED)) & (table["region_ags"] == own)]
        expected = table[table["parameter_id"].isin(FUNDING_EXPECTED) & (table["region_ags"] == own)]
        row = {"region": reg.label, "phase": None, "bescheid_tag": "", "bescheid_jahr": np.nan,
               "jahr_erschlossen": False, "foerderung": np.nan, "einwohner": np.nan, "jahr_einwohner": np.nan,
               "einwohner_id": "", "schutzsuchende": np.nan, "jahr_schutzsuchende": np.nan,
               "erstes_jahr_schutzsuchende": np.nan, "je_einwohner": np.nan, "je_schutzsuchenden": np.nan,
               "phase2_erwartet": float(expected["value"].sum()) if len(expected) else np.nan,
               "phase2_erwaehnt": bool(len(expected)) or grant["note"].str.contains("2. Phase", regex=False).any(),
               "status": MISSING}
        if len(grant):
            dated = by_id.loc[FUNDING_GRANTED[grant["parameter_id"].iloc[0]]]
            when = grant_date(dated)
            row.update(phase=grant_phase(grant.iloc[0], dated), bescheid_tag=when["tag"], jahr_erschlossen=when["erschlossen"],
                       bescheid_jahr=when["jahr"] if when["jahr"] is not None else np.nan, status=SOURCED)
            sources = merged_sources(sources, cited([*grant["source"], dated["source"]]))
            year = when["jahr"]
            if until is not None and year is not None and year > int(until):
                row["status"] = NOT_IN_FORCE
            elif year is not None:
                row["foerderung"] = float(grant["value"].sum())
                row.update(_denominators(reg, year))
                row["je_einwohner"] = row["foerderung"] / row["einwohner"]
                row["je_schutzsuchenden"] = row["foerderung"] / row["schutzsuchende"]
                used = {k: [int(v)] for k, v in ((row["einwohner_id"], row["jahr_einwohner"]),
                                                 ("schutzsuchende", row["jahr_schutzsuchende"])) if k and v == v}
                sources = merged_sources(sources, used)
        rows.append(row)
    out = pd.DataFrame(rows)
    out.attrs = {"sources": sources,
                 "units": {"foerderung": EUR_ONE_OFF, "einwohner": "Personen", "schutzsuchende": "Personen",
                           "je_einwohner": "EUR je Einwohner (einmalig)",
                           "je_schutzsuchenden": "EUR je Schutzsuchenden (einmalig)",
                           "phase2_erwartet": EUR_ONE_OFF},
                 "method": "granted amount / persons at 31.12. of the grant year (or the newest sourced edition "
                           "before it); no later year is used",
                 "parameters": {"grants": dict(FUNDING_GRANTED), "until": until}}
    return out


def _denominators(reg, year: int) -> dict:
    """Population and protection seekers of ``reg`` at 31.12. of ``year`` or the newest sourced
    edition before it (NaN and no year where the snapshot has none up to ``year``)."""
    out = {}
    try:
        pop_id, pop_year = compare.newest_population(reg, year)
        pop = data.region_total(pop_id, reg, pop_year).iloc[0]
        out.update(einwohner=float(pop["value"]), jahr_einwohner=int(pop["year"]), einwohner_id=pop_id)
    except NoDataError:
        pass
    seekers = data.region_total("schutzsuchende", reg)
    out["erstes_jahr_schutzsuchende"] = int(seekers["year"].min()) if len(seekers) else np.nan
    known = seekers[(seekers["year"] <= year) & seekers["value"].notna()]
    if len(known):
        pick = known.sort_values("year").iloc[-1]
        out.update(schutzsuchende=float(pick["value"]), jahr_schutzsuchende=int(pick["year"]))
    return out
