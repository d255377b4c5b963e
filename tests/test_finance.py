"""Finance: sourced parameters, folded load per 1,000, housing-cost limits, vacancy-capped
rent scenarios, programme funding.

Expected values come from the raw parameter file (``../shared/data/finanzen/finanzparameter.csv``,
read here with the csv module, not with the reader under test), from its SOURCES.md check values
and from the snapshot's Parquet files read directly.
"""
from __future__ import annotations

import csv
import math

import numpy as np

import pandas as pd
import pytest

from wla.analysis import compare, finance, potential
from wla.present import finance as show
from wla.present.sources import lines as caption_lines
from wla.paths import data_dir, raw_dir

RAW = raw_dir() / "finanzen" / "finanzparameter.csv"


def _raw_rows():
    with open(RAW, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _line(key: str) -> str:
    """The German caption line of a parameter's ``source`` cell ("" for a row without one)."""
    return caption_lines({key: []})[0] if key else ""


def _raw_value(pid, region):
    rows = [r for r in _raw_rows() if r["parameter_id"] == pid and r["region_ags"] == region]
    return float(sorted(rows, key=lambda r: r["valid_from"])[-1]["value"])


def _snapshot(file, indicator, ags, year):
    rows = pd.read_parquet(data_dir() / file, filters=[("indicator", "==", indicator)])
    rows = rows[(rows["ags"] == ags) & (rows["year"] == year) & (rows["category"] == "insgesamt")]
    assert len(rows) == 1, (indicator, ags, year)
    return float(rows["value"].iloc[0])


# --- the federal flat payment: decision, date, legal basis ---------------------------------------
def test_flat_payment_cites_the_bund_laender_decision_with_its_date_not_a_press_article():
    rules = finance.flat_payment(["01", "09"])
    federal = rules[rules["groesse"] == "bundespauschale"].iloc[0]
    assert federal["value"] == _raw_value("bund_pauschale_je_asylerstantrag", "DE") == 7500
    source = _line(federal["source"])
    assert source.startswith("Besprechung des Bundeskanzlers mit den Regierungschefinnen")
    assert "Beschluss" in source and "6. November 2023" in source and "TOP 6" in source
    assert "nachrichten.ag" not in source and not source.lower().startswith(("presse", "tagesschau"))
    assert federal["grade"] == "B"  # SOURCES.md §1: decision quoted via a secondary source
    assert "(FAG-Änderungsgesetz 2024) vom 30. Juli 2024, BGBl. 2024 I Nr. 254" in _line(federal["rechtsgrundlage"])
    # the grade is a column for the analyst, never part of a reader's source line
    assert "Zuverlässigkeit" not in _line(federal["rechtsgrundlage"]) and "Zuverlässigkeit" not in source
    # one payment per first application: the unit says "einmalig", never "und Jahr"
    assert federal["unit"] == finance.EUR_PER_APPLICATION and "Jahr" not in federal["unit"]


def test_pass_on_rules_match_the_check_values_and_bavaria_is_missing_not_guessed():
    rules = finance.flat_payment(["01002", "09473"]).set_index(["land", "groesse"])
    # SOURCES.md §2: SH passes 90 % on = 6,750 EUR per first application from 2025; AsylbLG 70 %.
    assert rules.loc[("01", "weitergabe_anteil"), "value"] == 90
    assert rules.loc[("01", "weitergabe_eur"), "value"] == 6750 == 7500 * 90 / 100
    assert rules.loc[("01", "weitergabe_eur"), "valid_from"] == "2025-01-01"
    assert rules.loc[("01", "asylblg_erstattung"), "value"] == 70
    assert "AsylbLG-Erstattungsverordnung) vom 27. April 2022" in _line(rules.loc[("01", "asylblg_erstattung"), "source"])
    assert rules.loc[("09", "asylblg_erstattung"), "value"] == 100
    for what in ("weitergabe_anteil", "weitergabe_eur"):  # Bavaria's pass-on: "Nicht gefunden"
        assert math.isnan(rules.loc[("09", what), "value"]) and rules.loc[("09", what), "status"] == "missing"
        assert rules.loc[("09", what), "source"] == ""


# --- load per 1,000 folds Kreise reported inside another -----------------------------------------
def test_load_per_1000_folds_landkreis_kassel_into_stadt_kassel():
    inside = pd.read_csv(data_dir() / "reported_inside.csv", dtype=str)
    assert ((inside["ags"] == "06633") & (inside["inside"] == "06611") & (inside["year"] == "2024")).any()
    load = finance.load_per_1000(2024).set_index("ags")
    count = _snapshot("genesis_tables.parquet", "schutzsuchende", "06611", 2024)
    pop_city = _snapshot("genesis_tables.parquet", "bevoelkerung_z22", "06611", 2024)
    pop_land = _snapshot("genesis_tables.parquet", "bevoelkerung_z22", "06633", 2024)
    expected = count / (pop_city + pop_land) * 1000
    for ags in ("06611", "06633"):
        row = load.loc[ags]
        assert row["einheit"] == "06611+06633" and row["gefaltet"]
        assert row["value"] == pytest.approx(expected, rel=1e-12)
    # never the mixed rate: the unit's people over the Stadt's population alone
    assert load.loc["06611", "value"] < count / pop_city * 1000 - 1
    assert not load.loc["01002", "gefaltet"] and load.loc["01002", "einheit"] == "01002"


def test_saarland_is_one_unit_and_counts_once_in_the_percentile():
    frame = finance.fiscal_capacity("kielregion", "coburg").set_index("ags")
    saar = frame.loc[["10041", "10042", "10043", "10044", "10045", "10046"]]
    assert saar["einheit"].nunique() == 1 and saar["p_je_1000"].nunique() == 1
    units = frame.dropna(subset=["je_1000"])["einheit"].nunique()
    assert frame["p_je_1000"].max() == pytest.approx(100.0)
    assert frame["p_je_1000"].min() == pytest.approx(0.0)
    # each unit counts once: a percentile is (units lower) / (units - 1) x 100, a whole number of units
    lower = frame["p_je_1000"].dropna() * (units - 1) / 100
    assert np.allclose(lower, lower.round())
    # one definition of "Perzentil" (glossary, page 40 and 60): the share of the other Kreise lower
    tax = frame["steuerkraft"].dropna()
    kiel = tax["01002"]
    assert frame.loc["01002", "p_steuerkraft"] == pytest.approx((tax.drop("01002") < kiel).sum() / (len(tax) - 1) * 100)
    assert frame.loc[tax.idxmax(), "p_steuerkraft"] == pytest.approx(100.0)
    assert frame.loc[tax.idxmin(), "p_steuerkraft"] == pytest.approx(0.0)
    assert frame.attrs["units"]["je_1000"] == finance.PER_1000
    assert set(frame.loc[["01002", "01004", "01057", "01058"], "gruppe"]) == {"region"}
    assert frame.loc["09473", "gruppe"] == "vergleich"


# --- SGB II housing-cost limits ------------------------------------------------------------------
def _raw_from(pid, region, valid_from):
    rows = [r for r in _raw_rows() if r["parameter_id"] == pid and r["region_ags"] == region
            and r["valid_from"] == valid_from]
    assert len(rows) == 1, (pid, region, valid_from)
    return float(rows[0]["value"])


def test_housing_cost_limits_are_the_newest_sourced_tables():
    limits = finance.housing_cost_limits("kielregion", until=2025).set_index(["ags", "personen"])
    assert limits.loc[("01002", 1), "miete_grenze"] == 474.50 == _raw_value("kdu_mog_1p", "01002")
    assert limits.loc[("01002", 4), "miete_grenze"] == 815.50
    assert limits.loc[("01002", 1), "valid_from"] == "2025-01-01" and limits.loc[("01002", 1), "grade"] == "A"
    assert limits.loc[("01004", 1), "miete_grenze"] == 415 and limits.loc[("01004", 4), "miete_grenze"] == 774
    assert limits.loc[("01004", 4), "flaeche_grenze"] == 90
    coburg = finance.housing_cost_limits("coburg").set_index(["raum", "personen"])["miete_grenze"]
    assert coburg[("VR I", 1)] == 288 and coburg[("VR II", 1)] == 332
    assert coburg[("VR I", 4)] == 506 and coburg[("VR II", 4)] == 501


def test_without_a_year_the_limits_are_those_of_the_pages_reference_year():
    # review 5 #8: the page's reference year without ``jahr`` is the newest 12531 year (2024), and a
    # table valid only from 2025 is not used then (Kiel: 2023-2024 table; Neumünster: 2019 table)
    assert compare.reference_year(None) == 2024
    limits = finance.housing_cost_limits("kielregion").set_index(["ags", "personen"])
    assert limits.loc[("01002", 1), "miete_grenze"] == 439.00 == _raw_from("kdu_mog_1p", "01002", "2023-01-01")
    assert limits.loc[("01002", 4), "miete_grenze"] == 795.00 == _raw_from("kdu_mog_4p", "01002", "2023-01-01")
    assert limits.loc[("01004", 1), "miete_grenze"] == 346.00 == _raw_from("kdu_mog_1p", "01004", "2019-01-01")
    assert limits.loc[("01004", 1), "mietart"] == "bruttokalt"  # source: "NKM + kalte BK"
    assert (limits["valid_from"] <= "2024-12-31").all()
    # the rent scenario and the catalogue's cost basis take the same rule
    scenario = finance.rent_scenario("kielregion", 10, gemeinden=["01002000"])
    assert scenario["miete_grenze"].iloc[0] == 439.00
    kiel = finance.limits_for("kielregion", ["01002"])
    assert kiel["miete_grenze"].tolist() == [439.00] and kiel["valid_from"].tolist() == ["2023-01-01"]


def test_census_rent_is_set_beside_a_limit_only_when_both_are_net_cold():
    # review 5 #9: Coburg's source gives no rent type ("EUR/Monat Angemessenheitsgrenze"), Kiel's is gross cold
    coburg = finance.rent_scenario("coburg", 10, gemeinden=["09473151"])
    assert coburg["mietart_grenze"].iloc[0] == "" and not coburg["vergleichbar"].iloc[0]
    kiel = finance.rent_scenario("kielregion", 10, gemeinden=["01002000"])
    assert kiel["mietart_grenze"].iloc[0] == "bruttokalt" and not kiel["vergleichbar"].iloc[0]
    table, _ = show.scenario_table(coburg, "de")
    assert table["Zum Vergleich: Nettokaltmiete Zensus (EUR je Monat und Wohnung)"].iloc[0] == \
        "nicht vergleichbar (Mietart der Grenze in der Quelle nicht genannt)"
    table, _ = show.scenario_table(coburg, "en")
    assert table["For comparison: census net rent (EUR per month and flat)"].iloc[0] == \
        "not comparable (the source does not state the rent type of the limit)"


def test_a_missing_or_outdated_limit_is_reported_not_substituted():
    limits = finance.housing_cost_limits("kielregion").set_index(["ags", "personen"])
    for personen in (1, 4):
        rd = limits.loc[("01058", personen)]  # Rendsburg-Eckernförde: current table not readable
        assert rd["status"] == "missing" and math.isnan(rd["miete_grenze"]) and rd["source"] == ""
        ploen = limits.loc[("01057", personen)]  # Plön: only the superseded 2013 table
        assert ploen["status"] == "outdated" and math.isnan(ploen["miete_grenze"])
        assert ploen["valid_from"] == "2013-11-01"
    other = finance.housing_cost_limits("01054")
    assert (other["status"] == "missing").all() and other["miete_grenze"].isna().all()
    scenario = finance.rent_scenario("kielregion", 10, gemeinden=["01057001", "01002000"])
    ploen = scenario.set_index("ags").loc["01057001"]
    assert ploen["status_grenze"] == "outdated" and math.isnan(ploen["kosten_monat"])
    assert scenario.set_index("ags").loc["01002000", "miete_grenze"] == 439.00  # in force in 2024


# --- rent scenario ---------------------------------------------------------------------------------
@pytest.mark.parametrize("haushalt", [1, 4])
def test_people_housed_never_exceed_vacant_dwellings_times_persons_per_dwelling(haushalt):
    scenario = finance.rent_scenario("coburg", 400, haushalt=haushalt)
    assert scenario.attrs["parameters"]["personen_je_wohnung"] == haushalt
    assert (scenario["personen_untergebracht"] <= scenario["leerstehend"] * haushalt).all()
    assert (scenario["personen_untergebracht"] + scenario["personen_ohne_wohnung"] == 400).all()
    assert (scenario["personen_ohne_wohnung"] > 0).any()  # the cap binds somewhere at 400 people


def test_scenario_cost_of_ahorn_from_zensus_and_the_coburg_limit():
    quote = _snapshot("zensus_tables.parquet", "leerstandsquote", "09473112", 2022)
    dwellings = _snapshot("zensus_tables.parquet", "wohnungen", "09473112", 2022)
    vacant = math.floor(quote * dwellings / 100)
    limit = _raw_value("kdu_mog_1p_vrII", "09473")  # Ahorn lies in Vergleichsraum II
    row = finance.rent_scenario("coburg", 100, gemeinden=["09473112"]).iloc[0]
    assert row["raum"] == "VR II" and row["miete_grenze"] == limit == 332
    assert row["leerstehend"] == vacant
    assert row["personen_untergebracht"] == min(100, vacant)
    assert row["kosten_monat"] == pytest.approx(min(100, vacant) * 332)
    assert row["kosten_jahr"] == pytest.approx(12 * min(100, vacant) * 332)
    assert math.isnan(row["pauschale_kommune"])  # Bavaria: no sourced pass-on
    units = finance.rent_scenario("coburg", 1, gemeinden=["09473112"]).attrs["units"]
    for col in ("miete_grenze", "kosten_person_monat", "kosten_monat", "kosten_jahr", "pauschale_kommune"):
        assert units[col].startswith("EUR")


def test_kiel_scenario_months_of_the_municipal_share():
    row = finance.rent_scenario("kielregion", 1, gemeinden=["01002000"]).iloc[0]
    assert row["pauschale_kommune"] == 6750
    assert row["monate_pauschale"] == pytest.approx(6750 / 439.00)  # Kiel's table in force in 2024


def test_bad_scenario_input_fails_clearly():
    from wla.exceptions import ParameterError

    with pytest.raises(ParameterError, match="positive whole number"):
        finance.rent_scenario("coburg", 0)
    with pytest.raises(ParameterError, match="1 or 4"):
        finance.rent_scenario("coburg", 5, haushalt=2)
    with pytest.raises(ParameterError, match="not in Landkreis Coburg"):
        finance.rent_scenario("coburg", 5, gemeinden=["01002000"])


# --- programme funding -----------------------------------------------------------------------------
def _raw_inkar_population(kreise, year):
    """Population at 31.12.``year`` summed over ``kreise`` from the raw INKAR file (column
    "Bevölkerung gesamt"; header row 1 names the indicator, row 2 the year; SOURCES.md §4)."""
    path = raw_dir() / "kreise" / "ruettenauer_inkar_kreise_12indikatoren_1995-2020.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    names, years = lines[0].split(";"), lines[1].split(";")
    col = next(i for i, (n, y) in enumerate(zip(names, years)) if n.startswith("Bevölkerung gesamt") and y == str(year))
    total = 0.0
    for line in lines[2:]:
        f = [x.strip('"') for x in line.split(";")]
        if f[0] in kreise:
            total += float(f[col].replace(".", "").replace(",", "."))
    return total


def _raw_first_12531_kreis_year():
    """First 31.12. year of a 12531 Kreis table among the raw files (the Länder-only table
    12531-0024 does not count): from the file names, SOURCES.md §1."""
    import re

    names = [p.name for p in (raw_dir() / "kreise").iterdir() if "schutzsuchende" in p.name
             and "laender" not in p.name and "anteil" not in p.name]
    return min(int(re.findall(r"(20\d{2})", n)[0]) for n in names)


def test_funding_per_head_divides_each_grant_by_its_own_years_denominators():
    """Review 2 P1 #3: the MORO grants are first-phase notices (handed over Nov. 2016); per head
    uses the population of 31.12.2016, never the protection seekers of the page's year."""
    import re

    kiel_kreise = ["01002", "01004", "01057", "01058"]
    frame = finance.funding_per_head(["kielregion", "coburg", "01054"]).set_index("region")
    phase_row = next(r for r in _raw_rows() if r["parameter_id"] == "moro_foerderung_phase1_je_region")
    year = int(re.findall(r"20\d{2}", phase_row["source_date"])[-1])
    assert year == 2016 and phase_row["source_date"].startswith("14./15. November")
    kr = frame.loc["KielRegion"]
    assert kr["foerderung"] == _raw_value("moro_kielregion_wal", "+".join(kiel_kreise)) == 200_000
    assert (kr["phase"], kr["bescheid_jahr"], kr["bescheid_tag"]) == (1, year, "14./15. November")
    assert kr["jahr_einwohner"] == 2016 and kr["einwohner_id"] == "bevoelkerung_inkar"
    assert kr["einwohner"] == _raw_inkar_population(kiel_kreise, 2016)
    assert kr["je_einwohner"] == pytest.approx(200_000 / _raw_inkar_population(kiel_kreise, 2016))
    assert round(kr["je_einwohner"], 2) == 0.27
    # no 12531 Kreis count up to 2016 in the raw files: k. A., never the count of 2018 or 2024
    first = _raw_first_12531_kreis_year()
    assert first == 2018 and kr["erstes_jahr_schutzsuchende"] == first
    assert math.isnan(kr["schutzsuchende"]) and math.isnan(kr["je_schutzsuchenden"])
    assert math.isnan(kr["jahr_schutzsuchende"]) and kr["phase2_erwaehnt"]  # note: "2. Phase: Wohnungsportal"
    co = frame.loc["Landkreis Coburg"]
    # phase 1 granted (200,000) counted; the "expected" phase 2 is reported beside it, not added
    assert co["foerderung"] == _raw_value("moro_phase1_landkreis_coburg", "09473") == 200_000
    assert co["phase2_erwartet"] == _raw_value("moro_phase2_landkreis_coburg_erwartet", "09473")
    assert co["einwohner"] == _raw_inkar_population(["09473"], 2016)
    assert frame.loc["Nordfriesland", "status"] == "missing"
    assert math.isnan(frame.loc["Nordfriesland", "je_einwohner"])
    assert finance.funding_per_head(["coburg"]).attrs["units"]["je_schutzsuchenden"].startswith("EUR je")
    # the page's reference year does not move the denominators; a year before the notice has no grant
    assert finance.funding_per_head(["coburg"], until=2024).iloc[0]["jahr_einwohner"] == 2016
    early = finance.funding_per_head(["coburg"], until=2015).iloc[0]
    assert early["status"] == "not_in_force" and math.isnan(early["foerderung"])
    lines = " ".join(caption_lines(finance.funding_per_head(["kielregion"]).attrs["sources"]))
    assert "Stand 31.12.2016" in lines and "12531" not in lines


@pytest.mark.parametrize("lang", ["de", "en"])
def test_funding_table_labels_the_phase_and_says_why_per_seeker_is_missing(lang):
    from wla.present import finance as show

    frame = finance.funding_per_head(["kielregion", "coburg"])
    table, _ = show.funding_table(frame, lang)
    label = table.iloc[:, 1].tolist()
    assert all(("1. Förderphase" if lang == "de" else "phase 1") in x
               and ("14./15. November 2016" if lang == "de" else "14/15 November 2016") in x for x in label)
    end_2016, end_2018 = ("31.12.2016", "31.12.2018") if lang == "de" else ("31 Dec 2016", "31 Dec 2018")
    assert table.iloc[:, 4].tolist() == [end_2016] * 2  # date of the population count
    notes = " ".join(show.funding_notes(frame, lang))
    assert end_2016 in notes and end_2018 in notes
    assert ("200.000 EUR" if lang == "de" else "200,000 EUR") in notes  # Coburg's expected phase 2, not counted
    sentence = show.funding_sentence(frame.iloc[0], lang)
    assert ("0,27" if lang == "de" else "0.27") in sentence and ("k. A." if lang == "de" else "n/a") in sentence
    assert "2024" not in sentence


# --- presentation: reader words, no internal labels (review 30.11.2026, items 6, 7, 19, 22) -------
def _raw_current_limit_kreise() -> set[str]:
    """Kreise with a current (not superseded) housing-cost limit in the raw parameter file."""
    return {r["region_ags"] for r in _raw_rows()
            if r["parameter_id"].startswith("kdu_mog_") and "HISTORISCH" not in r["parameter_id"]}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_flat_payment_table_is_one_amount_per_application_without_grades_or_status_jargon(lang):
    from wla import store
    from wla.present import finance as show
    from wla.present.tables import table_html

    rules = finance.flat_payment(["01", "09"])
    table = show.flat_payment_table(rules, store.names(), lang)
    units = set(table.iloc[:, 3])
    per_application = "EUR je Asylerstantrag (einmalig)" if lang == "de" else "EUR per first asylum application (one-off)"
    assert table.iloc[0, 3] == per_application  # the federal payment, like the Land's share of it
    assert not any("Jahr" in u or "year" in u for u in units), units
    assert table.iloc[0, 4] == ("01.01.2024" if lang == "de" else "1 Jan 2024")  # raw: valid_from 2024-01-01
    page = table_html(table, rules.attrs["sources"], lang=lang)
    for internal in ("Zuverlässigkeit", "Reliability", "belegt", ">sourced<", "../shared", "SOURCES.md", "2023-11-07"):
        assert internal not in page, internal
    # the decision's date as the source gives it (2023-11-07), in the reader's format
    assert ("07.11.2023" if lang == "de" else "7 Nov 2023") in page


def test_no_words_entry_names_an_internal_path_or_grade():
    from wla.present import words

    for name in words.chapters():
        for key, entry in words.chapter(name).items():
            for lang in ("de", "en"):
                text = entry[lang]
                assert "../shared" not in text and "SOURCES.md" not in text, (name, key)
                assert "Zuverlässigkeit" not in text and "reliability grade" not in text, (name, key)
    assert "und Jahr" not in words.t("kosten.einheit_erstantrag") and "einmalig" in words.t("kosten.einheit_erstantrag")
    assert "einmalig je Asylerstantrag" in words.t("finanzen.pauschale_text", pauschale="7.500")
    assert "jährliche Pauschale" not in words.t("finanzen.pauschale_text", pauschale="7.500")


def test_scenario_covers_both_sides_where_limits_are_sourced_and_says_so_where_not():
    """Review 2 P2 #22 and review 3 N3: the same rule on both sides (the top Gemeinden, computed
    only where their Kreis has a sourced limit); a top Gemeinde without a limit is "nicht
    berechenbar" and never replaced by a lower-ranked Gemeinde of another Kreis."""
    from wla.analysis import potential
    from wla.present import finance as show, words

    sourced = _raw_current_limit_kreise()
    top = potential.potential("kielregion").dropna(subset=["rang"]).sort_values("rang").head(10)
    assert set(top["ags"].str[:5]) == {"01057", "01058"} and not {"01057", "01058"} & sourced
    kiel = finance.scenario_gemeinden("kielregion", 10)
    assert kiel.empty and kiel.attrs["top_ohne_grenze"] == 10      # Kiel and Neumünster do not stand in
    assert kiel.attrs["ohne_grenze"] == ["01057", "01058"]
    (note,) = show.scenario_notes(kiel, "KielRegion", "de")
    assert "nicht berechenbar" in note and "Plön" in note and "Rendsburg-Eckernförde" in note
    assert "Tabelle gibt es nicht" in note and "Kiel" not in note.replace("KielRegion", "")
    assert "not computable" in show.scenario_notes(kiel, "KielRegion", "en")[0]
    # the months column is explained where it is shown
    assert "Betrag ÷ Kosten je Person und Monat" in words.t("finanzen.szenario_text", personen="100", n=10, haushalt=1)
    scenario = finance.rent_scenario("kielregion", 100, gemeinden=["01002000", "01004000"])
    table, _ = show.scenario_table(scenario, "de")
    limits = dict(zip(scenario["ags"], table["Grenze (EUR je Monat)"]))
    assert limits == {"01002000": _raw_from("kdu_mog_1p", "01002", "2023-01-01"),  # in force in 2024
                      "01004000": _raw_from("kdu_mog_1p", "01004", "2019-01-01")}
    # Kulmbach: no limit in the raw file -> no Gemeinde, one sentence saying there is no table
    assert "09477" not in sourced
    kulmbach = finance.scenario_gemeinden("09477", 10)
    assert kulmbach.empty and kulmbach.attrs["gerangt"] > 0
    (sentence,) = show.scenario_notes(kulmbach, "Kulmbach", "de")
    assert "Kulmbach" in sentence and "keine Tabelle" not in sentence and "Tabelle gibt es nicht" in sentence
    assert "liegen im Kreis Kulmbach, für den keine" in sentence  # one Kreis: singular (review 5 #16)
    # Landkreis Coburg: every ranked Gemeinde has a limit, no note; the table names the limit's date
    coburg = finance.scenario_gemeinden("coburg", 10)
    assert len(coburg) == 10 and not show.scenario_notes(coburg, "Landkreis Coburg", "de")
    scenario = finance.rent_scenario("coburg", 100, gemeinden=["09473112"])
    table, _ = show.scenario_table(scenario, "de")
    # raw kdu_mog_1p_vrII, older than the two-year review of § 22c SGB II in the reference year 2024
    assert table["Grenze gültig ab"].tolist() == ["Stand 01.03.2020; Aktualität nicht belegt (Prüfung alle zwei Jahre, § 22c SGB II)"]
    assert (table["Grenze (EUR je Monat)"] == _raw_value("kdu_mog_1p_vrII", "09473")).all()


def test_scenario_shows_the_census_household_size_of_the_settlement_page():
    from wla.analysis import potential

    row = finance.rent_scenario("coburg", 100, gemeinden=["09473112"]).iloc[0]
    assert row["haushaltsgroesse"] == _snapshot("zensus_tables.parquet", "haushaltsgroesse", "09473112", 2022)
    pot = potential.potential("coburg").set_index("ags").loc["09473112"]
    assert row["aufnahme_personen"] == pytest.approx(pot["aufnahme_personen"])
    # Ahorn: 85 empty flats at 1 person each house 85 of 100; at the census household size more fit
    assert row["personen_untergebracht"] == row["leerstehend"] < row["aufnahme_personen"]

def test_limits_table_names_the_kind_of_rent_and_the_year_of_each_limit():
    from wla.present import finance as show

    table, _ = show.limits_table(finance.housing_cost_limits("coburg"), "de")
    # the Coburg press release calls its figures "Angemessenheitsgrenze" without the kind of rent
    assert set(table["Mietart"]) == {"in der Quelle nicht genannt"} and set(table["gültig ab"]) == {"01.03.2020"}
    kiel, _ = show.limits_table(finance.housing_cost_limits("kielregion"), "en")
    assert set(kiel.loc[kiel["District"] == "Kiel, Landeshauptstadt", "Kind of rent"]) == {"gross cold rent"}
    assert set(kiel.loc[kiel["District"] == "Plön", "Note"]) == {"superseded, not used"}
    assert "Zuverlässigkeit" not in table.columns and "Reliability" not in kiel.columns


def test_fiscal_table_counting_unit_names_its_kreise_and_the_scatter_says_what_it_shows():
    from wla.present import charts
    from wla.present import finance as show

    frame = finance.fiscal_capacity("kielregion", "coburg")
    labels = {"region": "KielRegion", "vergleich": "Landkreis Coburg"}
    table, _ = show.fiscal_table(frame, labels, "de")
    assert "Zähleinheit (Kreise)" in table.columns and "Einheit (gefaltet)" not in table.columns
    # the counting unit by names, never keys (REVIEW7 #19): a Kreis counted alone is its own unit
    assert list(table["Zähleinheit (Kreise)"]) == list(table["Kreis"])
    # Landkreis Kassel is folded with the Stadt Kassel (load_per_1000): both names in the unit
    kassel, _ = show.fiscal_table(finance.fiscal_capacity("06633", "coburg"), labels, "de")
    assert list(kassel.loc[kassel["Kreis"] == "Kassel, Landkreis", "Zähleinheit (Kreise)"]) == [
        "Kassel, documenta-Stadt + Kassel, Landkreis"]
    fig = show.fiscal_figure(frame, labels, "de")
    alt = charts.alt_text(fig)
    years = frame.attrs["years"]
    assert alt.startswith("Streudiagramm") and f"({years['steuerkraft']}, waagrecht)" in alt
    for name in ("Kiel, Landeshauptstadt", "Neumünster, Stadt", "Plön", "Rendsburg-Eckernförde", "Coburg, Landkreis"):
        assert name in alt
    kiel = frame.set_index("ags").loc["01002"]
    assert f"{kiel['je_1000']:.1f}".replace(".", ",") + " je 1.000" in alt
    # REVIEW9_K #21: Stadt Coburg, in the table beside Landkreis Coburg, is marked in the scatter too
    assert "Coburg, Stadt" in alt and "Coburg, Stadt" in [a.get_text() for a in fig.axes[0].texts]
    legend = [x.get_text() for x in fig.axes[0].get_legend().get_texts()]
    assert legend == ["KielRegion", "Landkreis Coburg", "kreisfreie Stadt im Landkreis (Landkreis Coburg)"]


# --- the rule in force in the page's reference year (issue 9 item 3) ------------------------------
def _raw_row(pid, region, valid_from=None):
    rows = [r for r in _raw_rows() if r["parameter_id"] == pid and r["region_ags"] == region
            and (valid_from is None or r["valid_from"] == valid_from)]
    assert len(rows) == 1, (pid, region, valid_from)
    return rows[0]


@pytest.mark.parametrize("until", [2019, 2020, 2021])
def test_asylblg_reimbursement_of_2022_is_not_used_before_it_came_into_force(until):
    """The Schleswig-Holstein AsylbLG ordinance of 27 April 2022 applies from its valid_from
    (raw file: 2022-05-20): a page for an earlier year shows no rate and says the rule in the
    sources is not yet in force; Bavaria's law (no start date in the source) stays."""
    raw = _raw_row("sh_asylblg_erstattungsquote", "01")
    assert raw["valid_from"] == "2022-05-20"
    rules = finance.flat_payment(["01", "09"], until).set_index(["land", "groesse"])
    sh = rules.loc[("01", "asylblg_erstattung")]
    assert math.isnan(sh["value"]) and sh["status"] == finance.NOT_IN_FORCE == "not_in_force"
    assert sh["valid_from"] == raw["valid_from"] and "AsylbLG-Erstattungsverordnung" in _line(sh["source"])
    assert rules.loc[("09", "asylblg_erstattung"), "value"] == float(_raw_row("by_asylblg_kostenerstattung", "09")["value"])
    # the federal payment is decided for 2024 on: its status says so, the value is the decided one
    assert rules.loc[("DE", "bundespauschale"), "status"] == finance.NOT_IN_FORCE
    assert rules.loc[("DE", "bundespauschale"), "value"] == float(_raw_row("bund_pauschale_je_asylerstantrag", "DE")["value"])


@pytest.mark.parametrize("until,asyl,weitergabe", [(2022, "sourced", "not_in_force"), (2024, "sourced", "not_in_force"),
                                                   (2025, "sourced", "sourced"), (None, "sourced", "sourced")])
def test_land_rules_from_their_year_on(until, asyl, weitergabe):
    rules = finance.flat_payment(["01"], until).set_index(["land", "groesse"])
    assert rules.loc[("01", "asylblg_erstattung"), "status"] == asyl
    assert rules.loc[("01", "asylblg_erstattung"), "value"] == float(_raw_row("sh_asylblg_erstattungsquote", "01")["value"])
    assert rules.loc[("01", "weitergabe_eur"), "status"] == weitergabe
    eur = rules.loc[("01", "weitergabe_eur"), "value"]
    assert (eur == float(_raw_row("sh_bundespauschale_eur_kommunen", "01")["value"])) if weitergabe == "sourced" \
        else math.isnan(eur)


@pytest.mark.parametrize("until,valid_from", [(2021, "2021-01-01"), (2022, "2021-01-01"), (2023, "2023-01-01"),
                                              (2024, "2023-01-01"), (2025, "2025-01-01")])
def test_kiel_housing_cost_limit_of_the_reference_year(until, valid_from):
    """Kiel's limit tables (raw: 2021-01-01 to 2022-12-31, 2023-01-01 to 2024-12-31, from
    2025-01-01): each page uses the table in force in its year."""
    limits = finance.housing_cost_limits("kielregion", until).set_index(["ags", "personen"])
    row = limits.loc[("01002", 1)]
    assert row["status"] == "sourced" and row["valid_from"] == valid_from
    assert row["miete_grenze"] == float(_raw_row("kdu_mog_1p", "01002", valid_from)["value"])


def test_a_housing_cost_limit_of_a_later_year_is_not_used_on_an_earlier_page():
    limits = finance.housing_cost_limits("kielregion", 2020).set_index(["ags", "personen"])
    kiel = limits.loc[("01002", 1)]
    assert math.isnan(kiel["miete_grenze"]) and kiel["status"] == "not_in_force" and kiel["valid_from"] == "2021-01-01"
    # Neumünster's table of 2019-01-01 is in force in 2020
    assert limits.loc[("01004", 1), "miete_grenze"] == float(_raw_row("kdu_mog_1p", "01004", "2019-01-01")["value"])
    coburg = finance.housing_cost_limits("coburg", 2019)
    assert coburg["miete_grenze"].isna().all() and set(coburg["status"]) == {"not_in_force"}
    assert set(coburg["valid_from"]) == {_raw_row("kdu_mog_1p_vrI", "09473")["valid_from"]} == {"2020-03-01"}
    from wla.present import finance as show

    notes = show.limit_notes(coburg, "de")
    assert notes == ["**Coburg, Landkreis:** die Angemessenheitsgrenzen in den Quellen gelten erst ab 01.03.2020; für "
                     "das Bezugsjahr ist keine Grenze belegt. Der Kreis bleibt in den Szenarien ohne Kosten."]


def test_in_force_reads_a_year_as_its_whole_year():
    rows = pd.DataFrame({"valid_from": ["2016", "2023-01-01", "", "2025-01-01"], "valid_to": ["2022", "2024-12-31", "", ""]})
    assert finance.in_force(rows, 2022).index.tolist() == [0, 2]
    assert finance.in_force(rows, 2024).index.tolist() == [1, 2]
    assert finance.in_force(rows, 2025).index.tolist() == [2, 3]
    assert finance.in_force(rows, None).index.tolist() == [0, 1, 2, 3]


# --- review 4 #21/#22/#19: age rule, sources once per address, connective words in English ----------
def test_sources_are_listed_once_per_address():
    """Neumünster's 1- and 4-person limits come from one page with two date notes: one line."""
    lines = caption_lines(finance.housing_cost_limits("kielregion", until=2025).attrs["sources"])
    urls = [line.rsplit("; ", 1)[-1] for line in lines]
    assert len(urls) == len(set(urls)) and sum("jobcenter-nms.de" in u for u in urls) == 1
    assert caption_lines(["a; https://x", "b; https://x", "", "c"]) == ["a; https://x", "c"]


def test_a_reproduction_is_cited_by_its_primary_publication():
    table = finance.parameters().set_index("parameter_id")
    raw = _rows_by_id()
    copy = raw["sh_bundespauschale_eur_kommunen"]
    assert "gibt PM der Landesregierung wieder" in copy["source_publisher"]
    primary = raw["sh_bundespauschale_anteil_kommunen"]
    cited = _line(table.loc["sh_bundespauschale_eur_kommunen", "source"])
    assert cited.startswith(primary["source_title"]) and cited.endswith(primary["source_url"])
    assert "Staatskanzlei" in cited and copy["source_url"] != primary["source_url"]
    # a row without a primary among the rows keeps its own source
    own = raw["moro_kielregion_wal"]
    cited = _line(table.loc["moro_kielregion_wal", "source"])
    assert cited.startswith(own["source_title"]) and cited.endswith(own["source_url"])


def _rows_by_id() -> dict:
    return {r["parameter_id"]: r for r in _raw_rows() if r["region_ags"] in ("01", "DE", "01002+01004+01057+01058")}


def test_english_source_lines_have_no_german_connectives():
    from wla.present import finance as show

    lines = finance.flat_payment(["03159", "09476"]).attrs["sources"]
    english = show.source_lines(lines, "en")
    joined = " ".join(english)
    for german in ("Fassungsdatum", "Text via", "Bericht:", "ohne Datum", "(Beschluss)"):
        assert german not in joined, german
    assert "(version date not given in the extract)" in joined and "text via gesetze.legal" in joined
    german = " ".join(show.source_lines(lines, "de"))
    assert "Text via" in german and len(show.source_lines(lines, "de")) == len(english)
    # publication titles are kept
    assert any("Gesetz über die Aufnahme und Unterbringung" in line for line in english)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_age_rule_of_a_limit_and_the_scenario_size_are_stated(lang):
    from wla.present import words

    rule = words.t("finanzen.grenzen_text", lang)
    assert ("§ 22c" in rule and "Aktualität nicht belegt" in rule and "überholt" in rule) if lang == "de" \
        else ("§ 22c" in rule and "not known to be current" in rule and "superseded" in rule)
    text = words.t("finanzen.szenario_text", lang, personen="100", n=10, haushalt=1)
    assert ("frei gewählte Rechengröße" in text) if lang == "de" else ("freely chosen" in text)
    from wla.present import finance as show

    table, _ = show.limits_table(finance.housing_cost_limits("coburg"), lang)
    assert set(table[words.t("finanzen.col_raum", lang)]) == {words.t("finanzen.vergleichsraum", lang, nr=n) for n in ("I", "II")}


def test_scenario_ranks_a_side_over_the_pairs_common_period(monkeypatch):
    """Issue 8 (like with like): the rent scenario takes the top Gemeinden of the ranking page 50 and
    the findings show, over the pair's common period. Göttingen 03159 was formed in 2016: the raw
    Gemeindeverzeichnis of 31.12.2013 has no Kreis 03159 (it has 03152 Göttingen and 03156 Osterode
    am Harz), that of 31.12.2017 has it – so Göttingen vs Kronach starts in 2017, Kronach alone in 2013."""
    raw = {}
    for year in (2013, 2017):
        gv = pd.read_excel(raw_dir() / "gemeinden" / f"gerda_destatis_3112{year}_Auszug_GV.xlsx", sheet_name=1,
                           header=None, dtype=str)
        kreise = gv[gv[0] == "40"]
        raw[year] = set(kreise[2] + kreise[3] + kreise[4])
    assert "03159" not in raw[2013] and {"03152", "03156"} <= raw[2013] and "03159" in raw[2017]
    assert "09476" in raw[2013]
    # every top Gemeinde priced, so the chosen set is the ranking's top 10 itself (neither Kreis has a limit)
    monkeypatch.setattr(finance, "limits_for", lambda reg, ags, until=None: pd.DataFrame(
        {"ags": sorted({a[:5] for a in ags}), "status": finance.SOURCED}))
    alone = finance.scenario_gemeinden("09476", 10)
    paired = finance.scenario_gemeinden("09476", 10, vergleich="03159")
    assert alone.attrs["start"] == 2013 and paired.attrs["start"] == 2017
    assert finance.scenario_gemeinden("03159", 10, vergleich="09476").attrs["start"] == 2017
    top = potential.pair("09476", "03159")[0].dropna(subset=["rang"]).sort_values("rang").head(10)
    assert list(paired["ags"]) == list(top["ags"])
    assert set(paired["ags"]) != set(alone["ags"])  # the period changes Kronach's top 10 (Reichenbach/Steinbach am Wald)
