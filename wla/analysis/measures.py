"""The measures catalogue as numbers: which candidate measures (``wla/massnahmen.toml``) a
region's findings point to, the indicator that monitors each with its current value, the sourced
funding that applies, and the sourced cost basis or arithmetic.

The measures themselves are suggestions from practice and programme texts, not derived from the
data. **Which findings point to a measure** (:data:`FINDING_CLASSES`): only findings classed as a
challenge or a potential (:mod:`wla.analysis.findings`); a finding without a material difference
(``neutral``, e.g. "Kein wesentlicher Unterschied", an unstable settlement potential) and a
context figure (presence or composition, counts, an arithmetic scale such as funding per head,
or a figure too old to be classed) never does.

The monitoring value of a measure is its headline figure (:data:`wla.analysis.compare.HEADLINES`)
computed exactly as the findings compute it (:func:`wla.analysis.compare.value`: region totals by
the catalogue rule) for the newest year up to the page's reference year in which region and
comparison both have a value (:func:`wla.analysis.compare.latest_common_year`) – the year of the
finding. A monitoring indicator must be able to move with the measure and have a current value:
a head count never monitors (:data:`COUNT_UNITS`, rejected in the file), nor does a context figure
(polarity "context" in ``wla/headlines.toml``: presence or composition, whose movement does not say
whether the measure works; rejected in the file); a value older than the age
rule (:func:`wla.analysis.compare.outdated`) or none at all is no monitoring value (status
:data:`MONITOR_OUTDATED` / :data:`MONITOR_MISSING`, with the side that lacks a value and why:
no value, no total for a region of several Kreise or Gemeinden, a city state without a municipal
budget; :data:`MONITOR_NOT_APPLICABLE` where the region itself is a city state and the figure a
municipal budget amount), and a measure whose ``monitor`` is "" has no suitable indicator in the
data (:data:`MONITOR_NONE`). A figure counted at an institution is monitored like its finding, for
the region with the kreisfreie Städte inside it.

The cost basis of the housing-cost limit (rule ``kdu_1p``) names only the Kreise of the Gemeinden
of the findings the measure answers (:func:`finding_kreise`), with the rule of the rent scenario
(:func:`wla.analysis.finance.limits_for`): a Kreis without a limit in force is named as such, never
another Kreis's limit. A cost is only given where a sourced parameter yields one (:data:`COST_RULES`); every
cost row carries its unit, and a measure without a sourced cost has ``status`` ``missing``.
No language or formatting here (presentation: :mod:`wla.present.finance`).
"""
from __future__ import annotations

import functools
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd

from .. import data, store
from ..exceptions import ParameterError, WlaError
from ..regions import city_states, region as resolve_region
from . import compare, finance
from .indicators import used

MEASURES_FILE = Path(__file__).resolve().parent.parent / "massnahmen.toml"
TEXT_FIELDS = ("titel_de", "titel_en", "text_de", "text_en", "akteur_de", "akteur_en")
THEMES = ("bevoelkerung", "wohnen", "lernen", "arbeiten", "finanzen")
HORIZONS = ("kurz", "mittel", "lang")

#: Classes of findings that point to a measure (see the module docstring).
FINDING_CLASSES = ("challenge", "potential")
#: Status of a per-head cost whose denominator of the grant year is not in the snapshot.
NO_DENOMINATOR = "no_denominator"
#: Units of head counts: never a monitoring indicator (a count does not show what a measure achieves).
COUNT_UNITS = ("Personen",)
#: Status of a monitoring value: current; none in the data up to the reference year; older than the
#: age rule; no suitable indicator in the data for the measure (``monitor = ""``); does not exist for
#: the region by construction (a municipal budget figure in a city state).
MONITOR_OK, MONITOR_MISSING, MONITOR_OUTDATED, MONITOR_NONE = "ok", "missing", "outdated", "none"
MONITOR_NOT_APPLICABLE = "not_applicable"
#: Why a side has no monitoring value (column ``grund`` of :func:`monitoring`, with ``seite`` naming it):
#: a city state, where a municipal budget figure does not exist (catalogue screen "municipal"); a
#: region of several Kreise or Gemeinden for a rate the publisher gives per unit only, with no
#: numbers to total it (flag "/"); no value up to the reference year; both sides have values, but
#: in no common year.
GAP_CITY_STATE, GAP_NO_TOTAL, GAP_NO_VALUE, GAP_NO_COMMON_YEAR = "city_state", "no_total", "no_value", "no_common_year"

#: Cost rules: what each computes (all from sourced parameters, see :func:`costs`).
COST_RULES = {
    "kdu_1p": "SGB II housing-cost limit for one person per month, per Kreis (and comparison area): a cost "
              "basis (a parameter), no arithmetic",
    "pauschale_kommune": "federal flat payment × the Land's pass-on share = EUR per first application for "
                         "the municipalities",
    "asylblg_anteil_kreis": "100 % − the Land's reimbursement rate = share of AsylbLG costs the Kreis bears",
    "foerderung_je_schutzsuchenden": "granted MORO funding / protection seekers of the region at 31.12. of the "
                                     "grant year (wla.analysis.finance.funding_per_head)",
}
#: Unit of a housing-cost limit row by the rent type its own source names (``mietart`` of
#: :func:`wla.analysis.finance.housing_cost_limits`; "" = not stated): never a rent type the source does not give.
KDU_UNITS = {kind: f"EUR je Bedarfsgemeinschaft (1 Person) und Monat ({label})"
             for kind, label in (("bruttokalt", "Bruttokaltmiete"), ("nettokalt", "Nettokaltmiete"),
                                  ("", "Mietart in der Quelle nicht genannt"))}
#: Unit of each cost rule's value (``kdu_1p``: per row, :data:`KDU_UNITS`).
COST_UNITS = {
    "kdu_1p": KDU_UNITS[""],
    "pauschale_kommune": finance.EUR_PER_APPLICATION,
    "asylblg_anteil_kreis": "% der notwendigen AsylbLG-Leistungen",
    "foerderung_je_schutzsuchenden": "EUR je Schutzsuchenden (einmalig)",
}


@functools.lru_cache(maxsize=None)
def _read(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise WlaError(f"{path}: not valid TOML ({err}); fix the file") from err


def measures(path: Path = MEASURES_FILE) -> pd.DataFrame:
    """The candidate measures, one row per measure: ``id`` and the fields of the file (see its
    header). Raises :class:`WlaError` naming the measure and field that is missing or invalid."""
    rows = []
    for mid, m in _read(str(path)).items():
        for field in (*TEXT_FIELDS, "thema", "befunde", "monitor", "horizont", "foerderung", "kosten"):
            if field not in m:
                raise WlaError(f"{path}: measure {mid!r} lacks field {field!r}")
        problems = [f for f in TEXT_FIELDS if not str(m[f]).strip()]
        if m["thema"] not in THEMES:
            problems.append(f"thema {m['thema']!r} not in {THEMES}")
        if m["horizont"] not in HORIZONS:
            problems.append(f"horizont {m['horizont']!r} not in {HORIZONS}")
        if m["kosten"] and m["kosten"] not in COST_RULES:
            problems.append(f"kosten {m['kosten']!r} not in {sorted(COST_RULES)}")
        known = {h.key: h for h in compare.HEADLINES}
        if m["monitor"] and m["monitor"] not in known:
            problems.append(f"monitor {m['monitor']!r} is not a headline figure ({sorted(known)})")
        elif m["monitor"] and known[m["monitor"]].unit in COUNT_UNITS:
            problems.append(f"monitor {m['monitor']!r} is a head count, which cannot monitor a measure")
        if m["monitor"] in known and known[m["monitor"]].polarity == "context":
            problems.append(f"monitor {m['monitor']!r} is a context figure (polarity), whose movement does not "
                            "say whether the measure works")
        for lang in ("de", "en"):
            for optional in ("akteur_ohne_foerderung", "akteur_stadtstaat"):
                if not str(m.get(f"{optional}_{lang}", "-")).strip():
                    problems.append(f"{optional}_{lang} is empty")
        klassen = m.get("klassen", list(FINDING_CLASSES))
        if not isinstance(klassen, list) or not klassen or set(klassen) - set(FINDING_CLASSES):
            problems.append(f"klassen {klassen!r} must be a non-empty list of {FINDING_CLASSES}")
        context = [k for k in m["befunde"] if k in known and known[k].polarity == "context"]
        if context:
            problems.append(f"befunde {context} are context figures, never a challenge or potential")
        if problems:
            raise WlaError(f"{path}: measure {mid!r}: {', '.join(problems)}")
        rows.append({"id": mid, **{k: m[k] for k in TEXT_FIELDS},
                     **{f"akteur_ohne_foerderung_{lang}": m.get(f"akteur_ohne_foerderung_{lang}", m[f"akteur_{lang}"])
                        for lang in ("de", "en")},
                     **{f"akteur_stadtstaat_{lang}": m.get(f"akteur_stadtstaat_{lang}", "") for lang in ("de", "en")},
                     "thema": m["thema"], "befunde": tuple(m["befunde"]), "klassen": tuple(klassen),
                     "monitor": m["monitor"], "horizont": m["horizont"], "foerderung": tuple(m["foerderung"]),
                     "kosten": m["kosten"]})
    out = pd.DataFrame(rows)
    # candidate measures are suggestions from practice and programme texts, not a statistical
    # source: the catalogue page says so in words, its captions name only the data it quotes
    out.attrs = {"sources": {}, "method": "hand-written list of candidate measures (not derived from the data)"}
    return out


def _cost_rows(rule: str, reg, until: int | None = None, kreise=None) -> list[dict]:
    unit = COST_UNITS[rule]
    if rule == "kdu_1p":
        limits = finance.limits_for(reg, reg.kreise if kreise is None else kreise, until)
        return [{"ort_ags": r.ags, "ort": r.name, "raum": r.raum, "value": r.miete_grenze, "unit": KDU_UNITS[r.mietart],
                 "basis": np.nan, "anteil": np.nan, "gueltig_ab": r.valid_from, "source": finance.cited([r.source]),
                 "status": r.status, "aktualitaet_offen": bool(r.aktualitaet_offen)}
                for r in limits.itertuples()]
    if rule in ("pauschale_kommune", "asylblg_anteil_kreis"):
        rules = finance.flat_payment(reg.kreise, until)
        federal = rules[rules["groesse"] == "bundespauschale"].iloc[0]
        out = []
        for land, part in rules[rules["land"] != "DE"].groupby("land"):
            part = part.set_index("groesse")
            name = store.names().get(land, land)
            if rule == "pauschale_kommune":
                r = part.loc["weitergabe_eur"]
                share = part.loc["weitergabe_anteil", "value"]
                source = finance.cited([federal["source"], federal["rechtsgrundlage"], r["source"]])
                out.append({"ort_ags": land, "ort": name, "raum": "", "value": r["value"], "unit": unit,
                            "basis": federal["value"], "anteil": share, "gueltig_ab": r["valid_from"],
                            "source": source if r["status"] != finance.MISSING else {}, "status": r["status"]})
            else:
                r = part.loc["asylblg_erstattung"]
                out.append({"ort_ags": land, "ort": name, "raum": "", "value": 100 - r["value"], "unit": unit,
                            "basis": np.nan, "anteil": r["value"], "gueltig_ab": r["valid_from"],
                            "source": finance.cited([r["source"]]), "status": r["status"]})
        return out
    if rule == "foerderung_je_schutzsuchenden":
        f = finance.funding_per_head([reg], until)
        r = f.iloc[0]
        status = NO_DENOMINATOR if r["status"] == finance.SOURCED and pd.isna(r["schutzsuchende"]) else r["status"]
        year = "" if pd.isna(r["bescheid_jahr"]) else str(int(r["bescheid_jahr"]))
        return [{"ort_ags": reg.key, "ort": reg.label, "raum": "", "value": r["je_schutzsuchenden"], "unit": unit,
                 "basis": r["foerderung"], "anteil": r["schutzsuchende"], "gueltig_ab": year,
                 "source": f.attrs["sources"] if r["status"] == finance.SOURCED else {},
                 "status": status}]
    raise ParameterError(f"unknown cost rule {rule!r}; choose one of {sorted(COST_RULES)}")


def costs(region, until: int | None = None, kreise: dict | None = None) -> pd.DataFrame:
    """The sourced cost of every measure for ``region`` in the reference year ``until`` (sourced
    parameters in force in that year, statistics the newest up to it; newest for ``None``).
    ``kreise``: per measure id, the Kreise (codes) its housing-cost limits are given for
    (:func:`finding_kreise`; all of the region's for a measure not in it). Tidy:
    ``massnahme``, ``regel``,
    ``ort_ags``/``ort`` (Kreis, Land or region the value applies to), ``raum`` (comparison area),
    ``value``, ``unit``, ``basis`` and ``anteil`` (the operands: flat payment and share in %, or
    grant and protection seekers), ``gueltig_ab``, ``source`` (the row's sources, ``attrs["sources"]`` form) and ``status`` (``sourced``,
    ``outdated``, ``not_in_force``, ``missing``; see :data:`wla.analysis.finance.SOURCED`). A measure without a cost rule has one row with status
    ``missing`` and no unit."""
    reg = resolve_region(region)
    rows = []
    for m in measures().itertuples():
        if not m.kosten:
            rows.append({"massnahme": m.id, "regel": "", "ort_ags": reg.key, "ort": reg.label, "raum": "",
                         "value": np.nan, "unit": "", "basis": np.nan, "anteil": np.nan, "gueltig_ab": "",
                         "source": {}, "status": finance.MISSING})
            continue
        rows += [{"massnahme": m.id, "regel": m.kosten, **r}
                 for r in _cost_rows(m.kosten, reg, until, (kreise or {}).get(m.id))]
    out = pd.DataFrame(rows)
    out.attrs = {"sources": used(list(out["source"])),
                 "units": dict(COST_UNITS), "method": COST_RULES, "parameters": {"region": reg.key, "until": until}}
    return out


def _gap(h, side, until: int | None) -> str:
    """Why ``side`` has no value of headline ``h`` up to ``until`` (:data:`GAP_CITY_STATE`,
    :data:`GAP_NO_TOTAL` or :data:`GAP_NO_VALUE`), "" when it has one."""
    if compare.latest_common_year(h, [side], until) is not None:
        return ""
    if side.city_states and set(side.kreise) <= set(city_states().values()) \
            and data.entry(h.numerator).get("screen") == "municipal":
        return GAP_CITY_STATE
    years = [y for y in compare._years(h.numerator) if until is None or y <= until]
    try:
        flag = compare.value(h, side, years[-1])["flag"] if years else ""
    except WlaError:
        flag = ""
    return GAP_NO_TOTAL if flag == "/" else GAP_NO_VALUE


def monitoring(region, until: int | None = None, vergleich=None) -> pd.DataFrame:
    """The monitoring figure of every measure for the region, computed as the findings compute it
    (module docstring; a figure counted at an institution for the region with the kreisfreie Städte
    inside it, :func:`wla.analysis.findings.counted_sides`): ``massnahme``, ``indicator`` (headline
    key, "" for none), ``ort`` (the area the value is for: the region, or "Stadt + Landkreis"),
    ``year`` (newest year up to ``until`` with a value for the region and, given ``vergleich``, the
    comparison – the finding's year), ``value``, ``unit``, ``decimals``, ``flag``, ``source``
    (indicator -> that year, ``attrs["sources"]`` form) and ``status`` (:data:`MONITOR_OK`, or why
    there is no monitoring value: value NaN and no source; an outdated year is kept to say how old
    the newest value is); for :data:`MONITOR_MISSING` and :data:`MONITOR_NOT_APPLICABLE` also
    ``grund`` (:data:`GAP_CITY_STATE`, :data:`GAP_NO_TOTAL`, :data:`GAP_NO_VALUE`,
    :data:`GAP_NO_COMMON_YEAR`) and ``seite`` (label of the side without a value)."""
    from .findings import counted_sides

    reg = resolve_region(region)
    vs = resolve_region(vergleich) if vergleich is not None else None
    variants = {"region_mit_stadt": compare.with_enclosed_cities(reg),
                "mit_stadt": compare.with_enclosed_cities(vs) if vs is not None else None}
    rows = []
    for m in measures().itertuples():
        empty = {"massnahme": m.id, "indicator": m.monitor, "ort": reg.label, "year": np.nan, "value": np.nan,
                 "unit": "", "decimals": 0, "flag": "", "source": {}, "grund": "", "seite": ""}
        if not m.monitor:
            rows.append({**empty, "status": MONITOR_NONE})
            continue
        h = compare.headline(m.monitor)
        mine, theirs = counted_sides(h, reg, vs, variants)
        sides = [mine] + ([theirs] if vs is not None else [])
        year = compare.latest_common_year(h, sides, until)
        if year is None:  # the true reason: which side lacks a value, and why
            gaps = [(r, _gap(h, r, until)) for r in sides]
            side, gap = next(((r, g) for r, g in gaps if g), (None, GAP_NO_COMMON_YEAR))
            status = MONITOR_NOT_APPLICABLE if gap == GAP_CITY_STATE and side is mine else MONITOR_MISSING
            rows.append({**empty, "ort": mine.label, "unit": h.unit, "decimals": h.decimals, "status": status,
                         "grund": gap, "seite": side.label if side is not None else ""})
            continue
        got = compare.value(h, mine, year)
        status = (MONITOR_MISSING if np.isnan(got["value"]) else MONITOR_OUTDATED if compare.outdated(year, until)
                  else MONITOR_OK)
        current = status == MONITOR_OK
        rows.append({**empty, "ort": mine.label, "year": year, "value": float(got["value"]) if current else np.nan,
                     "unit": h.unit, "decimals": h.decimals, "flag": got.get("flag", ""),
                     "source": got["sources"] if current else {}, "status": status,
                     "grund": GAP_NO_VALUE if status == MONITOR_MISSING else "",
                     "seite": mine.label if status == MONITOR_MISSING else ""})
    out = pd.DataFrame(rows)
    out.attrs = {"sources": used(list(out["source"])),
                 "method": "headline figure as in the findings (wla.analysis.compare.value), newest common year",
                 "parameters": {"region": reg.key, "vergleich": vs.key if vs is not None else None,
                                "until": until}}
    return out


def funding(region, until: int | None = None) -> pd.DataFrame:
    """The sourced funding parameters that apply to ``region`` per measure: a parameter applies
    where its ``region_ags`` is the region's Land (all Kreise in it) or exactly its Kreise, and it
    is in force in the reference year ``until`` (:func:`wla.analysis.finance.in_force`).
    Columns: ``massnahme``, ``parameter_id``, ``value``, ``unit``, ``source`` (:func:`wla.analysis.finance.source_key`), and for a one-off
    programme grant (:data:`wla.analysis.finance.FUNDING_GRANTED`) ``bescheid_jahr`` (year of its
    notice, :func:`wla.analysis.finance.grant_date`) and ``phase`` (programme phase its source
    names; NaN elsewhere) and ``bisherig``: True where the notice year lies before the page's
    reference year (:func:`wla.analysis.compare.reference_year`) – money granted for an earlier
    phase, past funding, not funding of a measure proposed now (the page labels it so)."""
    reg = resolve_region(region)
    lands = {k[:2] for k in reg.kreise}
    own = "+".join(sorted(reg.kreise))
    table = finance.in_force(finance.parameters(), until)
    dated = finance.parameters().drop_duplicates("parameter_id").set_index("parameter_id")
    year_now = compare.reference_year(until)
    rows = []
    for m in measures().itertuples():
        for pid in m.foerderung:
            hits = table[(table["parameter_id"] == pid) &
                         (table["region_ags"].isin([own]) | (table["region_ags"].isin(lands) & (len(lands) == 1)))]
            for _, r in hits.iterrows():
                year, phase = np.nan, np.nan
                if pid in finance.FUNDING_GRANTED:
                    notice = dated.loc[finance.FUNDING_GRANTED[pid]]
                    year = finance.grant_date(notice)["jahr"] or np.nan
                    phase = finance.grant_phase(r, notice) or np.nan
                rows.append({"massnahme": m.id, "parameter_id": pid, "value": r["value"], "unit": r["unit"],
                             "source": r["source"], "bescheid_jahr": year, "phase": phase,
                             "bisherig": bool(year == year and year < year_now)})
    out = pd.DataFrame(rows, columns=["massnahme", "parameter_id", "value", "unit", "source", "bescheid_jahr",
                                      "phase", "bisherig"])
    out.attrs = {"sources": finance.cited(out["source"]), "parameters": {"region": reg.key, "until": until}}
    return out


def finding_kreise(answered_rows: pd.DataFrame, region) -> list[str] | None:
    """The Kreise (codes) of the Gemeinden the findings ``answered_rows`` (rows of
    :func:`answered` for one measure) speak about: ``details["kreise"]`` of a finding over several
    Gemeinden, the Kreis named in ``details["kreis"]`` of a Gemeinde finding. None (all the region's
    Kreise) where no finding names Gemeinden, or one speaks about the whole region."""
    reg = resolve_region(region)
    code = {store.names().get(k, k): k for k in reg.kreise}
    out: set[str] = set()
    for r in answered_rows.itertuples():
        details = getattr(r, "details", None)
        details = details if isinstance(details, dict) else {}
        if "kreise" in details:
            out |= {k for k in details["kreise"] if k in reg.kreise}
        elif details.get("kreis") in code:
            out.add(code[details["kreis"]])
        else:
            return None
    return sorted(out) or None


def answered(findings_frame: pd.DataFrame) -> pd.DataFrame:
    """Which measure answers which finding: one row per (measure, finding row) where the finding's
    ``kennzahl`` is among the measure's ``befunde`` and its ``klasse`` is one of
    :data:`FINDING_CLASSES` (neutral and context findings point to no measure); columns
    ``massnahme`` and the finding's columns. A measure answers only findings of its ``klassen``
    (a measure that closes a gap never a potential). Measures without such a finding are not listed here."""
    if "klasse" not in findings_frame:
        raise WlaError("the findings frame has no column 'klasse'; pass wla.analysis.findings.findings() output")
    pointing = findings_frame[findings_frame["klasse"].isin(FINDING_CLASSES)]
    rows = []
    for m in measures().itertuples():  # a measure answers only the classes it fits (field klassen)
        hit = pointing[pointing["kennzahl"].isin(m.befunde) & pointing["klasse"].isin(m.klassen)]
        rows += [{"massnahme": m.id, **r} for r in hit.to_dict("records")]
    return pd.DataFrame(rows, columns=["massnahme", *findings_frame.columns])

