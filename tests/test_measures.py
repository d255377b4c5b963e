"""The measures catalogue: data file, unit-carrying costs, monitoring, export."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import wla
from wla.analysis import finance, measures
from wla.present import finance as show
from wla.present.sources import lines as caption_lines
from wla.present import words

PAIRS = [("kielregion", "coburg"), ("01054", "09476")]
#: A findings frame with the columns the catalogue reads (the findings module is not under test here).
FINDINGS = pd.DataFrame({
    "ort": ["KielRegion", "Landkreis Coburg", "Kiel, Landeshauptstadt", "Goosefeld", "KielRegion"],
    "kennzahl": ["leerstand_schrumpfung", "leerstand_schrumpfung", "schutzsuchende_je_1000", "potenzial_gemeinde",
                 "ohne_abschluss"],
    "klasse": ["potential", "potential", "context", "neutral", "challenge"],
    "aussage": ["region vacancy", "comparison vacancy", "Kiel load", "Goosefeld unstable", "leavers"],
    "quellen": [{"schutzsuchende": [2018]}] * 5,  # attrs["sources"] form, as findings.findings gives it
})


def test_measures_file_is_complete_and_points_to_real_keys():
    table = measures.measures()
    assert table["id"].is_unique and len(table) >= 10
    finding_keys = set(words.chapter("massnahme"))
    parameter_ids = set(finance.parameters()["parameter_id"])
    headlines = {h.key for h in wla.analysis.compare.HEADLINES}
    for m in table.itertuples():
        assert m.monitor == "" or m.monitor in headlines, m.id
        assert set(m.befunde) <= finding_keys, m.id
        for pid in m.foerderung:
            assert pid in parameter_ids and words.has(f"katalog.foerderung_{pid}"), (m.id, pid)
        assert words.has(f"katalog.horizont_{m.horizont}")
    for rule in measures.COST_RULES:
        assert words.has(f"kosten.rechnung_{rule}")
        assert measures.COST_UNITS[rule]


@pytest.mark.parametrize("region", ["kielregion", "coburg", "01054", "09476"])
def test_no_cost_without_a_unit_and_no_silent_gap(region):
    costs = measures.costs(region)
    valued = costs[costs["value"].notna()]
    assert len(valued) and (valued["unit"].str.len() > 0).all()
    assert (valued["status"] == "sourced").all() and (valued["source"].map(len) > 0).all()
    assert set(costs["status"]) <= {"sourced", "missing", "outdated", measures.NO_DENOMINATOR}
    assert set(costs["massnahme"]) == set(measures.measures()["id"])  # every measure has a cost row


@pytest.mark.parametrize("region,vergleich", PAIRS)
@pytest.mark.parametrize("lang", ["de", "en"])
def test_catalogue_rows_carry_units_markers_and_only_the_region(region, vergleich, lang):
    reg, vs = wla.region(region), wla.region(vergleich)
    frame = FINDINGS.replace({"KielRegion": reg.label, "Landkreis Coburg": vs.label})
    cat = show.catalogue(reg, vs, frame, lang)
    assert cat.attrs["n_vergleich"] == 1
    assert not cat["befund"].str.contains("comparison vacancy").any()
    valued = cat[cat["kosten_wert"].notna()]
    assert (valued["kosten_einheit"].str.len() > 0).all() and (valued["kosten_quelle"].str.len() > 0).all()
    assert (cat["kosten_rechnung"].str.len() > 0).all()
    no_cost = cat[cat["kosten_wert"].isna()]
    assert no_cost["kosten_rechnung"].str.contains(
        "keine|no |nur eine|only a|nicht belegt|not sourced|k. A.|n/a").all()
    assert (cat["herkunft"] == words.t("katalog.herkunft", lang)).all()


def test_kielregion_catalogue_cost_values():
    cat = show.catalogue(wla.region("kielregion"), wla.region("coburg"), FINDINGS, "de")
    kdu = cat[cat["id"] == "wohnraum_leerstand"].set_index("kosten_ort")
    # page 60's rule: the table in force in the reference year 2024 (2023-01-01), not the one of 2025
    assert kdu.loc["Kiel, Landeshauptstadt", "kosten_wert"] == 439.0
    assert re.search(r"2023-01-01|01\.01\.2023", kdu.loc["Kiel, Landeshauptstadt", "kosten_rechnung"])
    # the unit takes the row's own rent type: Kiel's source says Bruttokaltmiete, Rendsburg-Eckernförde none
    assert kdu.loc["Kiel, Landeshauptstadt", "kosten_einheit"] == "EUR je Bedarfsgemeinschaft (1 Person) und Monat, bruttokalt"
    assert "bruttokalt" not in kdu.loc["Rendsburg-Eckernförde", "kosten_einheit"]
    assert np.isnan(kdu.loc["Rendsburg-Eckernförde", "kosten_wert"])
    assert "keine Angemessenheitsgrenze" in kdu.loc["Rendsburg-Eckernförde", "kosten_rechnung"]
    pass_on = cat[cat["id"] == "mittel_weitergeben"].iloc[0]
    assert pass_on["kosten_wert"] == 6750 and pass_on["kosten_einheit"] == "EUR je Asylerstantrag (einmalig)"
    assert "7.500 EUR Bundespauschale × 90 %" in pass_on["kosten_rechnung"]
    # a parameter is a cost basis, not a calculation (review 2 P2 #24)
    assert kdu.loc["Kiel, Landeshauptstadt", "kosten_rechnung"].startswith("Kostengrundlage (ein Parameter, keine Rechnung)")
    assert words.t("katalog.col_kosten_rechnung", "de") != "Kostenrechnung"
    # the grant of 2016 is not divided by the protection seekers of 2024: no count of 2016 -> k. A. with the reason
    funding = cat[cat["id"] == "foerdermittel_reichweite"].iloc[0]
    assert np.isnan(funding["kosten_wert"])
    assert "Bescheid 2016" in funding["kosten_rechnung"] and "k. A." in funding["kosten_rechnung"]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_export_has_plain_rounded_numbers_frozen_header_and_filters(tmp_path, lang):
    from openpyxl import load_workbook

    cat = show.catalogue(wla.region("kielregion"), wla.region("coburg"), FINDINGS, lang)
    xlsx, csv_path = show.export(cat, tmp_path, "katalog", lang)
    text = csv_path.read_text(encoding="utf-8-sig")
    table = pd.read_csv(csv_path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for key in ("monitor_wert", "kosten_wert"):
        column = table[words.t(show.CATALOGUE[key], lang)]
        assert column.str.fullmatch(r"(-?\d+([.,]\d{1,2})?)?").all(), column.tolist()
    assert not re.search(r"\d[.,]\d{5,}", text)
    sheet = load_workbook(xlsx).active
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert sheet.title == words.t("katalog.sheet", lang)


# --- the page's reference year (issue 9 item 3) ---------------------------------------------------
def _raw_seekers_2018(kreise) -> float:
    """Protection seekers on 31.12.2018 summed from the raw 12531 Kreis file (codes without the
    leading zero, SOURCES.md §1b)."""
    total = 0.0
    path = wla.paths.raw_dir() / "kreise" / "nicofhahn_destatis_schutzsuchende_2018.csv"
    for line in path.read_text(encoding="iso-8859-1").splitlines()[1:]:
        f = line.split(";")
        if f[1].zfill(5) in kreise:
            total += float(f[3])
    return total


def _raw_parameter(pid, region):
    import csv

    with open(wla.paths.raw_dir() / "finanzen" / "finanzparameter.csv", encoding="utf-8") as fh:
        return next(r for r in csv.DictReader(fh, delimiter=";") if r["parameter_id"] == pid and r["region_ags"] == region)


def test_catalogue_for_2020_uses_values_and_rules_of_2020():
    """The catalogue on a 2020 page: protection seekers of 31.12.2018 (the newest up to 2020),
    no AsylbLG ordinance of 2022, no pass-on rule of 2025, no limit table of 2021, and no source
    line of official statistics naming a later edition."""
    reg, vs = wla.region("kielregion"), wla.region("coburg")
    costs = measures.costs(reg, 2020)
    per_head = costs[costs["regel"] == "foerderung_je_schutzsuchenden"].iloc[0]
    seekers = _raw_seekers_2018(reg.kreise)
    assert seekers == 7990 + 2635 + 2485 + 5690  # SOURCES.md samples
    # the grant dates from 2016: the 2018 count (newest up to 2020) is later than the grant, so it is not used
    grant = float(_raw_parameter("moro_kielregion_wal", "01002+01004+01057+01058")["value"])
    assert per_head["basis"] == grant and np.isnan(per_head["anteil"]) and np.isnan(per_head["value"])
    assert per_head["status"] == measures.NO_DENOMINATOR and per_head["gueltig_ab"] == "2016"
    asyl = costs[costs["regel"] == "asylblg_anteil_kreis"]
    assert asyl["value"].isna().all() and set(asyl["status"]) == {"not_in_force"}
    assert set(asyl["gueltig_ab"]) == {_raw_parameter("sh_asylblg_erstattungsquote", "01")["valid_from"]}
    passed_on = costs[costs["regel"] == "pauschale_kommune"]
    assert passed_on["value"].isna().all() and set(passed_on["status"]) == {"not_in_force"}
    kiel = costs[(costs["regel"] == "kdu_1p") & (costs["ort_ags"] == "01002")]
    assert kiel["value"].isna().all() and set(kiel["status"]) == {"not_in_force"}
    # the pass-on of 2025 is funding of a 2025 page, not of a 2020 one
    assert "sh_bundespauschale_eur_kommunen" in set(measures.funding(reg)["parameter_id"])
    assert "sh_bundespauschale_eur_kommunen" not in set(measures.funding(reg, 2020)["parameter_id"])

    cat = show.catalogue(reg, vs, FINDINGS, "de", until=2020)
    texts = set(cat["kosten_rechnung"])
    assert "Schleswig-Holstein: die Erstattungsregel des Landes in den Quellen gilt erst ab 2022-05-20; für das " \
           "Bezugsjahr ist keine belegt." in texts
    assert not any("100 % − 70 %" in s for s in texts)
    statistics = [s for s in caption_lines(cat.attrs["sources"]) if "Stand" in s and ("Statist" in s or "Bundesinstitut" in s)]
    assert statistics
    later = [s for s in statistics if any(int(y) > 2020 for y in re.findall(r"(?:19|20)\d{2}", s.split("Stand", 1)[1]))]
    assert not later, later


def test_catalogue_for_2022_applies_the_ordinance_of_2022():
    costs = measures.costs("kielregion", 2022)
    asyl = costs[costs["regel"] == "asylblg_anteil_kreis"].iloc[0]
    rate = float(_raw_parameter("sh_asylblg_erstattungsquote", "01")["value"])
    assert asyl["status"] == "sourced" and asyl["anteil"] == rate and asyl["value"] == 100 - rate == 30


# --- review 2 P2 #24: the rule that links findings to measures, and the monitoring value --------------
def test_only_challenges_and_potentials_point_to_a_measure():
    cat = show.catalogue(wla.region("kielregion"), wla.region("coburg"), FINDINGS, "de")
    shown = " | ".join(cat["befund"])
    assert "region vacancy" in shown and "leavers" in shown  # potential and challenge
    assert "Goosefeld unstable" not in shown and "Kiel load" not in shown  # neutral and context
    assert set(measures.FINDING_CLASSES) == {"challenge", "potential"}
    with pytest.raises(wla.exceptions.WlaError, match="klasse"):
        measures.answered(FINDINGS.drop(columns="klasse"))
    # no measure lists a finding key that is a context headline (it could never point to the measure)
    context = {h.key for h in wla.analysis.compare.HEADLINES if h.polarity == "context"}
    assert not any(set(m.befunde) & context for m in measures.measures().itertuples())
    rule = words.t("katalog.regel", "de")
    assert "Herausforderung" in rule and "Potenzial" in rule and "Kein wesentlicher Unterschied" in rule


def _raw_leavers(kreise, year=2023):
    """School leavers without Hauptschulabschluss and all leavers summed over ``kreise`` from the
    raw Regionaldatenbank table 21111-02-06-4 (columns: year;code;name;total;female;without;...)."""
    path = wla.paths.raw_dir() / "kreise" / "buddemax_destatis_21111-02-06-4.csv"
    without = total = 0
    for line in path.read_text(encoding="iso-8859-1").splitlines():
        f = line.split(";")
        if len(f) > 5 and f[0] == str(year) and f[1] in kreise:
            total += int(f[3])
            without += int(f[5])
    return without, total


def test_monitoring_value_is_the_findings_region_total():
    """The catalogue's indicator value is the finding's: leavers without certificate 648 / 6,054
    = 10.7 % for the KielRegion (2023), not "k. A." from a quota that cannot be summed."""
    reg, vs = wla.region("kielregion"), wla.region("coburg")
    mon = measures.monitoring(reg, None, vs).set_index("massnahme")
    without, total = _raw_leavers(reg.kreise)
    assert (without, total) == (648, 6054)
    row = mon.loc["sprachfoerderung_schule"]
    assert row["year"] == 2023 and row["value"] == pytest.approx(100 * without / total)
    assert round(row["value"], 1) == 10.7
    # counted at the school's site: Landkreis Coburg is monitored with the Stadt Coburg inside it, like its finding
    cw, ct = _raw_leavers(["09473", "09463"])
    coburg = measures.monitoring(vs, None, reg).set_index("massnahme").loc["sprachfoerderung_schule"]
    assert coburg["value"] == pytest.approx(100 * cw / ct) and coburg["ort"] == "Coburg, Stadt + Landkreis Coburg"
    # the foreigners' unemployment rate is the finding's value too (same function, same year)
    from wla.analysis import compare

    h = compare.headline("alq_auslaender")
    year = compare.latest_common_year(h, [reg, vs])
    assert mon.loc["arbeitsmarkt", "year"] == year
    assert mon.loc["arbeitsmarkt", "value"] == compare.value(h, reg, year)["value"]
    assert not np.isnan(mon.loc["arbeitsmarkt", "value"])


# --- review 4 #13/#14: monitoring indicators that can monitor; funding column; cost basis of the findings' Kreise
def test_no_head_count_and_no_outdated_value_monitors_a_measure(tmp_path):
    counts = {h.key for h in wla.analysis.compare.HEADLINES if h.unit in measures.COUNT_UNITS}
    assert {"schutzsuchende", "bevoelkerung"} <= counts
    assert not any(m.monitor in counts for m in measures.measures().itertuples())
    bad = tmp_path / "m.toml"
    text = (measures.MEASURES_FILE.read_text(encoding="utf-8")
            .replace('monitor = "kita_u3"', 'monitor = "schutzsuchende"'))
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(wla.exceptions.WlaError, match="head count"):
        measures.measures(bad)
    mon = measures.monitoring("kielregion", None, "coburg").set_index("massnahme")
    # INKAR debt ends 2019: more than 3 years before the reference year 2024 (12531, 31.12.2024) -> no value
    assert mon.loc["finanzplanung", "status"] == measures.MONITOR_OUTDATED and mon.loc["finanzplanung", "year"] == 2019
    assert np.isnan(mon.loc["finanzplanung", "value"])
    assert mon.loc["mittel_weitergeben", "status"] == mon.loc["foerdermittel_reichweite", "status"] == measures.MONITOR_NONE
    # the care rate under 3 of 2020 has no KielRegion total (a Kreis lacks it), nothing later is in the data
    assert mon.loc["kita_bruecke", "status"] == measures.MONITOR_MISSING
    ok = mon[mon["status"] == measures.MONITOR_OK]
    assert ok["value"].notna().all() and (2024 - ok["year"] <= 3).all()


@pytest.mark.parametrize("lang, words_", [("de", "Kennzahl fehlt im Datenstand"), ("en", "indicator missing from the data")])
def test_catalogue_says_the_indicator_is_missing_instead_of_k_a(lang, words_):
    cat = show.catalogue(wla.region("kielregion"), wla.region("coburg"), FINDINGS, lang)
    shown = show.catalogue_table(cat, lang, show.SHOWN, formatted=True)
    col = words.t("katalog.col_monitor", lang)
    value = shown[words.t("katalog.col_monitor_wert", lang)]
    # every row without a current value says why in the indicator cell and leaves the value empty
    missing = (cat["monitor_status"] != measures.MONITOR_OK).to_numpy()
    assert missing.sum() >= 4 and (value[missing] == "").all() and (shown[col][missing].str.len() > 20).all()
    assert shown[col].str.contains(words_, case=False).sum() >= 2  # no indicator at all: the generic words
    assert not value.isin(["k. A.", "n/a"]).any()
    debt = shown[cat["id"] == "finanzplanung"][col].iloc[0]
    assert "2019" in debt and "2024" in debt


def test_funding_column_is_shown_with_its_source():
    import csv

    cat = show.catalogue(wla.region("kielregion"), wla.region("coburg"), FINDINGS, "de")
    shown = show.catalogue_table(cat, "de", show.SHOWN, formatted=True)
    header = words.t("katalog.col_foerderung", "de")
    assert header == "Förderprogramm / Haushaltsposten (mit Quelle)" and header in shown
    with open(wla.paths.raw_dir() / "finanzen" / "finanzparameter.csv", encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh, delimiter=";") if r["parameter_id"] == "sh_integrationsfestbetrag_fag")
    amount = f"{float(row['value']):,.0f}".replace(",", ".")                    # 13.000.000
    cell = shown.loc[cat["id"] == "integrationsmanagement", header].iloc[0]
    assert amount in cell
    # the row is a party's reproduction ("(Wiedergabe)") of the Staatskanzlei's press release, which
    # another row cites itself: the press release is cited, the copy is not (review 4 #22)
    assert row["source_title"].endswith("(Wiedergabe)") and "cdu-sh.de" in row["source_url"]
    with open(wla.paths.raw_dir() / "finanzen" / "finanzparameter.csv", encoding="utf-8") as fh:
        press = next(r for r in csv.DictReader(fh, delimiter=";") if r["parameter_id"] == "sh_bundespauschale_anteil_kommunen")
    cited = cat.loc[cat["id"] == "integrationsmanagement", "foerderung_quelle"].iloc[0]
    assert press["source_url"] in cited and "cdu-sh.de" not in cited
    assert not any("cdu-sh.de" in s for s in caption_lines(cat.attrs["sources"]))


def test_cost_basis_names_only_the_kreise_of_the_findings_gemeinden():
    """A finding about Gemeinden in Plön and Rendsburg-Eckernförde gets the limits of those two
    Kreise only – Plön's superseded 2013 table named, Rendsburg-Eckernförde without a limit – never
    Kiel's or Neumünster's."""
    frame = FINDINGS.assign(details=[{"kreise": ["01057", "01058"]}, {}, {}, {}, {}])
    cat = show.catalogue(wla.region("kielregion"), wla.region("coburg"), frame, "de")
    rows = cat[cat["id"] == "wohnraum_leerstand"]
    assert list(rows["kosten_ort"]) == ["Plön", "Rendsburg-Eckernförde"]
    assert rows["kosten_wert"].isna().all()
    assert "überholte Tabelle" in rows["kosten_rechnung"].iloc[0] and "474,50" not in " ".join(rows["kosten_rechnung"])
    # a Gemeinde finding names its Kreis; a region finding keeps all Kreise (the KdU measure)
    one = pd.DataFrame([{"massnahme": "x", "details": {"kreis": "Rendsburg-Eckernförde"}}])
    assert measures.finding_kreise(one, "kielregion") == ["01058"]
    assert measures.finding_kreise(pd.DataFrame([{"massnahme": "x", "details": {}}]), "kielregion") is None
    assert len(cat[cat["id"] == "kdu_grenzen"]) == 4


def test_actor_is_named_by_the_regions_role():
    """Göttingen received no MORO grant: the measure on programme funds names the Kreis, not the
    programme's project body; KielRegion (granted) keeps it."""
    m = measures.measures().set_index("id").loc["foerdermittel_reichweite"]
    for key, actor in (("kielregion", m["akteur_en"]), ("03159", m["akteur_ohne_foerderung_en"])):
        cat = show.catalogue(wla.region(key), wla.region("coburg"), FINDINGS, "en")
        assert cat.loc[cat["id"] == "foerdermittel_reichweite", "akteur"].iloc[0] == actor
    assert m["akteur_en"] != m["akteur_ohne_foerderung_en"]


def test_a_grant_of_an_earlier_phase_is_past_funding_not_funding_of_a_new_measure():
    """Review 5 #7: the MORO grant (notice 14./15. November 2016, phase 1) is labelled as past
    funding in the catalogue and its CSV, not as money for a measure proposed for 2024."""
    import csv

    from wla.paths import raw_dir

    with open(raw_dir() / "finanzen" / "finanzparameter.csv", encoding="utf-8") as fh:
        raw = {r["parameter_id"]: r for r in csv.DictReader(fh, delimiter=";")}
    amount = float(raw["moro_kielregion_wal"]["value"])
    assert amount == 200000 and "2016" in raw["moro_foerderung_phase1_je_region"]["source_date"]
    cat = show.catalogue(wla.region("kielregion"), wla.region("coburg"), FINDINGS, "de")
    for mid in ("wohnraum_leerstand", "foerdermittel_reichweite"):
        cell = cat.loc[cat["id"] == mid, "foerderung"].iloc[0]
        assert cell.startswith("bisherige Förderung (Bescheid 2016, 1. Phase)") and "200.000 EUR" in cell, cell
    en = show.catalogue(wla.region("kielregion"), wla.region("coburg"), FINDINGS, "en")
    assert en.loc[en["id"] == "wohnraum_leerstand", "foerderung"].iloc[0].startswith("past funding (notice 2016, phase 1)")
    # in the notice year itself the grant is the current funding
    assert not measures.funding("kielregion", until=2016)["bisherig"].any()
    # a Land's running programme stays current funding
    current = measures.funding("kielregion")
    assert not current.loc[current["parameter_id"] == "sh_integrationsfestbetrag_fag", "bisherig"].any()


def test_english_catalogue_source_cells_carry_no_german_dates():
    """Review 5 (EN) #3: the English CSV/XLSX carried "Stand 15.05.2022", "Jahresdurchschnitt 2025"
    in its source cells; they are in the page's language like the captions."""
    import re
    import wla
    from wla.analysis import findings
    from wla.present import finance as show, findings as befund
    found = findings.findings("03159", "09476")
    table = show.catalogue(wla.region("03159"), wla.region("09476"), befund.readable(found, "en"), "en")
    cells = " ".join(table[c].astype(str).str.cat(sep=" ") for c in ("monitor_quelle", "kosten_quelle", "foerderung_quelle"))
    assert "as of" in cells
    assert not re.findall(r"\bStand\b|\d\d\.\d\d\.\d{4}|Jahresdurchschnitt|Schuljahr", cells)


def test_a_measure_carries_the_sources_of_the_findings_it_answers():
    """Review 5 (EN) #6: a theme table on page 70 listed ten unrelated sources (the whole page's)
    when its rows had no cost or monitoring source; each row now carries its findings' sources."""
    import wla
    from wla.analysis import findings
    from wla.present import finance as show, findings as befund
    found = findings.findings("kielregion", "coburg")
    table = show.catalogue(wla.region("kielregion"), wla.region("coburg"), befund.readable(found, "de"), "de")
    grounded = table[table["befund"] != show.t("katalog.kein_befund", "de")]
    assert len(grounded) and grounded["befund_quelle"].str.len().gt(0).all()
    school = table[table["befund"].str.contains("Schulabgänger ohne Hauptschulabschluss")]
    assert school["befund_quelle"].str.contains("21111-02-06-4").all()


def test_asylum_counselling_is_not_monitored_by_a_share_the_bamf_decides():
    """Review 5 (EN) #4 / review 6: the pending-status share is decided by the BAMF and carried by
    the state facilities (its polarity is context for that reason); it cannot show what counselling
    achieves, so the measure has no monitoring figure and says so."""
    from wla.analysis import compare, measures
    table = measures.measures().set_index("id")
    assert table.loc["asylverfahren", "monitor"] == ""
    assert compare.headline("offen_anteil").polarity == "context"
    mon = measures.monitoring("kielregion").set_index("massnahme")
    assert mon.loc["asylverfahren", "status"] == measures.MONITOR_NONE


def test_no_context_figure_monitors_a_measure(tmp_path):
    """Issue 8: a monitoring figure must be one whose movement says the measure works. Polarities read
    here from wla/headlines.toml itself; the two measures that pointed at context figures now have the
    unemployment rate of foreigners (employer partnerships) and no figure (integration management)."""
    import tomllib

    polarity = {k: v["polarity"] for k, v in tomllib.loads(
        (measures.MEASURES_FILE.parent / "headlines.toml").read_text(encoding="utf-8")).items()}
    assert polarity["auslaender_an_svb"] == polarity["schutzsuchende_je_1000"] == "context"
    assert polarity["alq_auslaender"] == "unfavourable"
    raw = tomllib.loads(measures.MEASURES_FILE.read_text(encoding="utf-8"))
    monitors = {mid: m["monitor"] for mid, m in raw.items()}
    assert not [mid for mid, key in monitors.items() if key and polarity[key] == "context"]
    assert monitors["betriebe_partner"] == "alq_auslaender" and monitors["integrationsmanagement"] == ""
    bad = tmp_path / "m.toml"
    bad.write_text(measures.MEASURES_FILE.read_text(encoding="utf-8").replace(
        'monitor = "alq_auslaender"', 'monitor = "auslaender_an_svb"', 1), encoding="utf-8")
    with pytest.raises(wla.exceptions.WlaError, match="'auslaender_an_svb' is a context figure"):
        measures.measures(bad)
    mon = measures.monitoring("kielregion", None, "coburg").set_index("massnahme")
    assert mon.loc["integrationsmanagement", "status"] == measures.MONITOR_NONE
    assert mon.loc["betriebe_partner", "value"] == mon.loc["arbeitsmarkt", "value"]
