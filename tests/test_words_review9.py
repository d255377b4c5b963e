"""Reader texts changed after the ninth expert reviews (REVIEW9_K, REVIEW9_BE): AsylbLG table,
age of housing-cost limits, English leftovers, catalogue export, Zensus basis, vocational-school
table, set-aside note. Values a reader can check are read from the raw files or data/, not from
the code under test."""
import csv
import re

import numpy as np
import pandas as pd
import pytest

import wla
from wla.analysis import compare, finance, measures, profile
from wla.paths import data_dir, raw_dir
from wla.present import finance as show
from wla.present import findings as befund
from wla.present.fmt import dates
from wla.present.words import chapter, t

LANGS = ("de", "en")
EXTRACT = "kartenwerk_destatis_22811-01-01-4_mindestsicherung_2010-2024_EXTRACT_kielregion_coburg.csv"


def _extract_kreise(year: str) -> set[str]:
    """Kreise with an AsylbLG count in the bundled 22811 extract for ``year`` (raw file)."""
    with open(raw_dir() / "kreise" / EXTRACT, encoding="utf-8") as f:
        return {r["kreis_code"] for r in csv.DictReader(f)
                if r["stichtag"][:4] == year and r["asylblg_regelleistungen"] not in ("", "-", ".")}


# --- 1 AsylbLG table on page 00 (REVIEW9_BE #5, REVIEW9_K #4) -----------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_berlin_hamburg_asylum_table_names_each_years_statistic_and_says_why_later_years_are_missing(lang):
    rows = profile.asylum_recipients(compare.table_regions(wla.region("11000"), wla.region("02000")))
    table = befund.asylum_table(rows, lang, coverage=profile.recipients_coverage())
    heads = table.attrs["kopf"]
    # 2019 comes from 22221 (nicofhahn copy), 2013/2014/2022/2024 from 22811 (661-31-4 until 2015)
    assert heads["2019"] == "2019 (22221)" and heads["2022"] == "2022 (22811)" and heads["2013"] == "2013 (22811)"
    assert "2019: 22221" in table.attrs["statistiken"]
    assert "22221" in t("profil.asylblg.titel", lang, statistiken=table.attrs["statistiken"])
    shown = table.set_index(table.columns[0])
    assert shown[["2022", "2024"]].isna().all().all()  # Berlin, Hamburg, Germany: not in the bundled data
    n = len(_extract_kreise("2022"))
    assert n == 6
    note = table.attrs["abdeckung"]
    assert f"2022, 2024: {n} " in note and ("Bundeszahl" in note if lang == "de" else "national figure" in note)
    # no other pair's Kreise, no tool command on the reader page
    for word in ("Kiel", "Coburg", "Plön", "wla fetch", "22811-01-01-4"):
        assert word not in note
    # Berlin 2019: 22221 count / GV population, as published
    berlin = rows[(rows["region"] == "Berlin") & (rows["year"] == 2019)].iloc[0]
    assert shown.loc["Berlin", "2019"] == pytest.approx(berlin["count"] / berlin["population"] * 1000)


def test_no_reader_word_prints_a_tool_command():
    for name in ("profil",):
        for key, entry in chapter(name).items():
            for lang in LANGS:
                assert "wla fetch" not in entry[lang], key


def test_default_pair_keeps_its_2022_values_and_germany_reads_not_available_with_the_reason():
    rows = profile.asylum_recipients(compare.table_regions(wla.region("kielregion"), wla.region("coburg")))
    table = befund.asylum_table(rows, "de", coverage=profile.recipients_coverage()).set_index("Gebiet")
    with open(raw_dir() / "kreise" / EXTRACT, encoding="utf-8") as f:
        nms = [r for r in csv.DictReader(f) if r["kreis_code"] == "01004" and r["stichtag"].startswith("2022")]
    nms_rows = rows[(rows["region"] == "Neumünster, Stadt") & (rows["year"] == 2022)].iloc[0]
    assert int(nms[0]["asylblg_regelleistungen"]) == nms_rows["count"] == 3580
    assert table.loc["Neumünster, Stadt", "2022"] == pytest.approx(3580 / nms_rows["population"] * 1000)
    assert np.isnan(table.loc["Deutschland", "2022"])
    assert "daher steht dort auch für Deutschland „k. A.“" in table.attrs["abdeckung"]


# --- 2 housing-cost limits older than the review interval (REVIEW9_K #5, REVIEW9_BE #13) -------

def _coburg_row() -> dict:
    with open(data_dir() / "finanzparameter.csv", encoding="utf-8") as f:
        return next(r for r in csv.DictReader(f) if r["parameter_id"] == "kdu_mog_1p_vrI" and r["region_ags"] == "09473")


def test_coburgs_2020_limit_is_kept_and_marked_for_2024_not_for_2021():
    raw = _coburg_row()
    assert raw["valid_from"] == "2020-03-01" and float(raw["value"]) == 288.0
    limits = finance.housing_cost_limits("coburg", 2024)
    row = limits[(limits["personen"] == 1) & (limits["raum"] == "VR I")].iloc[0]
    assert row["miete_grenze"] == 288.0 and row["status"] == finance.SOURCED and row["aktualitaet_offen"]
    # 01.03.2020 is within two years of 31.12.2021
    assert not finance.housing_cost_limits("coburg", 2021)["aktualitaet_offen"].any()
    # Kiel's table of 01.01.2023 is current for 2024
    kiel = finance.housing_cost_limits("kielregion", 2024).set_index(["ags", "personen"])
    assert not kiel.loc[("01002", 1), "aktualitaet_offen"] and kiel.loc[("01004", 1), "aktualitaet_offen"]


@pytest.mark.parametrize("lang,words", [("de", "Stand 01.03.2020; Aktualität nicht belegt (Prüfung alle zwei Jahre, § 22c SGB II)"),
                                        ("en", "as of 1 Mar 2020; not known to be current (reviewed every two years, § 22c SGB II)")])
def test_every_cell_using_the_old_limit_says_so(lang, words):
    limits = finance.housing_cost_limits("coburg", 2024)
    table, _ = show.limits_table(limits, lang)
    assert (table.iloc[:, -1] == words).all()
    scenario = finance.rent_scenario("coburg", 100, until=2024)
    shown, _ = show.scenario_table(scenario, lang)
    assert (shown[t("finanzen.col_grenze_ab", lang)] == words).all()
    costs = measures.costs(wla.region("coburg"), 2024)
    cells = [show._cost_text(r, lang) for r in costs[costs["regel"] == "kdu_1p"].itertuples()]
    assert cells and all(words in c and ("288,00" in c or "332,00" in c or "288.00" in c or "332.00" in c) for c in cells)


# --- 3 English leftovers (REVIEW9_BE #14) -------------------------------------------------------

def test_english_dates_and_quotes():
    assert dates("handed over on 14./15. November 2016", "en") == "handed over on 14/15 November 2016"
    assert dates("handed over on 14./15. November 2016", "de") == "handed over on 14./15. November 2016"
    # a German quote keeps its German date; a German title too
    assert dates("(undated; 'vorläufig seit dem 01.01.2019')", "en") == "(undated; 'vorläufig seit dem 01.01.2019')"
    assert dates("BGBl. vom 27. April 2022", "en") == "BGBl. vom 27. April 2022"
    assert dates("as of 31.12.2022", "en") == "as of 31 Dec 2022"


def test_the_grant_notice_date_reads_english():
    grant = finance.funding_per_head([wla.region("coburg")], 2024).iloc[0]
    assert "14/15 November 2016" in show._grant_label(grant, "en")
    assert "14./15. November 2016" in show._grant_label(grant, "de")


def test_the_planned_site_words_are_english_on_english_pages():
    en = chapter("rahmen")["einrichtungen"]["en"]
    assert "neuer Standort" not in en and "Inbetriebnahme" not in en
    assert t("einrichtung.hinweis_geplant", "en") in en


def test_one_full_stop_after_an_abbreviation_at_a_sentence_end():
    text = t("befund.variante_mit_stadt", "en", ort="Coburg", wert="25.8", einheit="per 1,000 inh.")
    assert text.endswith("25.8 per 1,000 inh.") and ".." not in text
    assert t("befund.variante_mit_stadt", "de", ort="Coburg", wert="25,8", einheit="je 1.000 EW").endswith("EW.")


# --- 4 export: readable measure numbers, no unit without a value (REVIEW9_BE #24) ---------------

@pytest.mark.parametrize("lang", LANGS)
def test_export_rows_start_with_a_measure_number_and_carry_no_unit_without_a_value(tmp_path, lang):
    import tomllib

    from wla.analysis import findings

    reg, vs = wla.region("09473"), wla.region("01")
    found = befund.readable(findings.findings(reg, vs), lang)
    cat = show.catalogue(reg, vs, found, lang)
    _, csv_path = show.export(cat, tmp_path, "katalog", lang)
    table = pd.read_csv(csv_path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    first = table.columns[0]
    assert first == t("katalog.col_nr", lang)
    # the measures file's own order: the first measure is M1, its id never reaches the export
    with open(wla.__path__[0] + "/massnahmen.toml", "rb") as f:
        ids = list(tomllib.load(f))  # one table per measure, in the file's order
    assert table[first].iloc[0] == f"M{ids.index(cat['id'].iloc[0]) + 1}"
    assert table[first].str.fullmatch(r"M\d+").all()
    text = csv_path.read_text(encoding="utf-8-sig")
    assert not any(re.search(rf"(^|;){re.escape(i)};", text, re.M) for i in ids)
    value, unit = t(show.CATALOGUE["kosten_wert"], lang), t(show.CATALOGUE["kosten_einheit"], lang)
    assert (table.loc[table[value] == "", unit] == "").all()
    assert (table.loc[table[value] != "", unit] != "").all()


# --- 5 glossary: Zensus basis per level (REVIEW9_K #7, REVIEW9_BE #19) --------------------------

def test_glossary_names_the_basis_per_level_as_the_code_uses_it():
    from wla.analysis.indicators import population_id

    # Kreise: the count divided by is GV (2011 basis) for 31.12.2022, 12411 (2022 basis) from 31.12.2023
    assert wla.data.entry(population_id(2022))["basis"] == "Zensus 2011"
    assert wla.data.entry(population_id(2023))["basis"] == "Zensus 2022"
    assert "12411" in wla.data.entry(population_id(2023))["table"]
    # Gemeinden: the population change and page 50 end in 2023 with the GV on the 2011 basis
    start, end = profile.change_years()
    assert end == 2023 and wla.data.entry("bevoelkerung")["basis"] == "Zensus 2011"
    kiel = wla.load("bevoelkerung", "01002", level="gemeinde", years=2023, category="insgesamt")["value"].sum()
    assert kiel == 248873  # GV 31.12.2023, as page 50 prints it
    z22 = wla.load("bevoelkerung_z22", "01002", years=2023, category="insgesamt")["value"].iloc[0]
    assert z22 != kiel  # two 2023 populations, as the entry says
    de, en = t("glossar.zensus_basis", "de"), t("glossar.zensus_basis", "en")
    assert "bis einschließlich 31.12.2022 auf dem Zensus 2011" in de and "ab dem 31.12.2023 auf dem Zensus 2022" in de
    assert "Gemeinden (Einwohner je Gemeinde" in de and "bis einschließlich 31.12.2023 auf dem Zensus 2011" in de
    assert "up to and including 31 Dec 2023 on the 2011 census" in en and "from 31 Dec 2023 on the 2022 census" in en
    assert "Bevölkerungsentwicklung je Gemeinde" in de and "population change per municipality" in en


# --- 6 vocational schools: the source's total label, rounded parts (REVIEW9_K #12) ---------------

def _vocational_raw() -> dict[str, list[int]]:
    """Rows of the raw 21121-02-02-4 file: code -> [total, Hauptschule, Mittlerer, FHR, HR]
    (columns Insgesamt and the four 'davon mit … Insgesamt' columns)."""
    out = {}
    text = (raw_dir() / "kreise" / "buddemax_destatis_21121-02-02-4.csv").read_text(encoding="cp1252")
    for line in text.splitlines():
        f = line.split(";")
        if len(f) > 11 and f[0] == "2023":
            out[f[1]] = [int(f[i]) if f[i].isdigit() else 0 for i in (3, 5, 7, 9, 11)]
    return out


def test_vocational_parts_are_rounded_and_the_note_says_their_sum_can_differ():
    from wla.analysis import education

    raw = _vocational_raw()
    kiel_region = [sum(raw[k][i] for k in ("01002", "01004", "01057", "01058")) for i in range(5)]
    assert kiel_region[0] == 2607 and sum(kiel_region[1:]) == 2610  # as REVIEW9_K #12 recomputed
    assert raw["DG"][0] == 222742 and sum(raw["DG"][1:]) == 222737
    assert all(v % 3 == 0 for k, row in raw.items() if k.startswith("01") for v in row)  # SH rounds to 3
    rows = education.by_category("schulabgaenger_beruflich", ["kielregion", "deutschland"])
    total = rows[(rows["category"] == "insgesamt")].set_index("region")["value"]
    assert total["KielRegion"] == 2607 and total["Deutschland"] == 222742
    de, en = t("lernen.hinweis_nachrichtlich", "de"), t("lernen.hinweis_nachrichtlich", "en")
    assert "Summe der gerundeten Teile kann daher von der gerundeten Gesamtzahl abweichen" in de
    assert "sum of the rounded parts can therefore differ from the rounded total" in en
    # the total row carries the source's own label (column 'Absolvierende/Abgehende – Insgesamt')
    assert t("lernen.abschluss_insgesamt", "de") == "Absolvierende/Abgehende insgesamt"
    assert "Absolvierende/Abgehende" in (raw_dir() / "kreise" / "buddemax_destatis_21121-02-02-4.csv").read_text(encoding="cp1252")


# --- 7 set-aside note and line ends on page 00 (REVIEW9_BE #20) ---------------------------------

@pytest.mark.parametrize("lang,published,neighbours,empty", [
    ("de", "Berlin, Stadt 2015: veröffentlicht 0,28, unter einem Fünftel beider Nachbarjahre (2014: 7,09; 2016: 11,54)",
     "Meldelücke", "Die Linie für Berlin, Stadt endet 2019: für 2020 enthält die Quelle keinen Wert."),
    ("en", "Berlin, Stadt 2015: published 0.28, below a fifth of both neighbouring years (2014: 7.09; 2016: 11.54)",
     "reporting gap", "The line for Berlin, Stadt ends in 2019: the source holds no value for 2020.")])
def test_the_set_aside_note_prints_the_published_value_and_the_one_rule(lang, published, neighbours, empty):
    from wla.notebook import setup
    from wla.present import sources

    quality = pd.read_csv(data_dir() / "quality.csv", dtype={"ags": str})
    berlin = quality[(quality["indicator"] == "asylbewerber_je_1000") & (quality["ags"] == "11000")]
    assert berlin[["year", "value"]].values.tolist() == [[2015, 0.28]]
    assert berlin["rule"].iloc[0].startswith("reporting gap")
    rows = profile.share_series("asylbewerber_je_1000", compare.table_regions(wla.region("11000"), wla.region("02000")))
    note = sources.set_aside_note(rows, lang)
    assert published in note and neighbours in note
    assert "quality.csv" not in note and "z. B." not in note and "e.g." not in note
    assert "city state" not in note and "Stadtstaat" not in note  # only the rule that applied
    assert setup("11000", "02000", None, lang)._set_aside(rows) == note
    ends = sources.series_end_note(rows, lang)
    assert empty in ends and "2020" in ends.split(".")[0]
    assert "Hamburg" not in ends  # its line runs to the source's last year
    berlin_rows = rows[(rows["name"] == "Berlin, Stadt") & (rows["year"] == 2020)]
    assert berlin_rows["value"].isna().all() and (berlin_rows["flag"] == "na").all()


def test_centres_are_designated_by_state_planning_compiled_by_bbsr():
    """REVIEW9_K #22: central places are designated by Landesplanung; the BBSR compiles them (with date)."""
    from wla.present import ranking

    result = wla.potential("kielregion")
    de, en = ranking.potential_method_text(result, "de"), ranking.potential_method_text(result, "en")
    assert "die die Landesplanung als Mittel- oder Oberzentrum festlegt (zusammengestellt vom BBSR, Gebietsstand 31.12.2019)" in de
    assert "state planning designates" in en and "31.12.2019" in en


def test_cell_sum_note_says_small_kreise_lose_relatively_more():
    """REVIEW9_K #11: sums of 5-rounded cells lose the cells of 1–2 persons; the source note says so
    and that small Kreise with many nationalities lose relatively more."""
    from wla.present.sources import TABLE_NOTES
    from wla.present.words import t

    key = TABLE_NOTES["12531-0043"]
    assert "bei kleinen Kreisen mit vielen Staatsangehörigkeiten relativ stärker" in t(key, "de")
    assert "cells of 1 or 2 persons become 0" in t(key, "en")


def test_final_review_wording():
    """REVIEW11 N6 and #11: the English facility note agrees with several Kreise, and the model
    specification no longer calls every covariate purely structural beside the composition caveat."""
    from wla.present.words import t

    en = t("rahmen.einrichtungen_unbekannt", "en", region="KielRegion", kreise="Plön (Dec 2015); Segeberg (2015)",
           jahre=2, jahr=2024)
    assert "the newest entry of the facility list for each of Plön (Dec 2015); Segeberg (2015) is more than" in en
    spec = t("vergleich.modell_spezifikation", "de", ergebnis="x", merkmale="y")
    assert "Merkmale sind Strukturgrößen" in spec and "nur Strukturgrößen" not in spec
