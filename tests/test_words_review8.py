"""Reader texts changed after the eighth expert review (REVIEW8 #8–#10, #15–#18, #20, #22, #23):
each rendered in German and English from the snapshot, with values a reader can check against the
raw files."""
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

import wla
from wla.analysis import compare, findings, finance, labour, measures, profile, shift_share
from wla.analysis.indicators import population_id
from wla.paths import raw_dir
from wla.present import finance as show
from wla.present import findings as befund
from wla.present import sources, tables
from wla.present.glossary import shows
from wla.present.words import chapter, t

LANGS = ("de", "en")


def _raw_2018(name: str) -> int:
    """A 31.12.2018 count of protection seekers from the raw Regionaldatenbank copy."""
    raw = pd.read_csv(raw_dir() / "kreise" / "nicofhahn_destatis_schutzsuchende_2018.csv", sep=";", encoding="latin-1")
    row = raw[raw.iloc[:, 2].str.strip() == name]
    return int(row["schutzsuchende"].iloc[0])


# --- 1 AsylbLG population basis (REVIEW8 #15) ---------------------------------------------------

def test_glossary_says_which_years_rest_on_which_census_as_the_code_divides():
    # what the code divides by: 31.12.2022 from a Zensus-2011-based count, 31.12.2023 on Zensus 2022
    assert wla.data.entry(population_id(2022))["basis"] == "Zensus 2011"
    assert wla.data.entry(population_id(2023))["basis"] == "Zensus 2022"
    de, en = t("glossar.zensus_basis", "de"), t("glossar.zensus_basis", "en")
    assert "bis einschließlich 31.12.2022 auf dem Zensus 2011" in de and "ab dem 31.12.2023 auf dem Zensus 2022" in de
    assert "up to and including 31 Dec 2022 rest on the 2011 census" in en and "from 31 Dec 2023 on the 2022 census" in en
    # the page-00 AsylbLG note says the same for the default pair (2022 on the 2011 basis)
    rows = profile.asylum_recipients(compare.table_regions(wla.region("kielregion"), wla.region("coburg")))
    for lang, words in (("de", "2022 auf Basis Zensus 2011"), ("en", "2022 on the Census 2011 basis")):
        assert words in befund.asylum_table(rows, lang).attrs["basis"]


# --- 2 protection seekers per 1,000: each year's construction (REVIEW7/8 #18) -------------------

def test_each_year_of_the_per_1000_table_names_its_construction_and_the_missing_years():
    rates = profile.refugees_per_1000(["11000", "02000", "deutschland"])
    berlin = rates[(rates["region"] == "Berlin") & (rates["year"] == 2018)].iloc[0]
    assert berlin["schutzsuchende"] == _raw_2018("Berlin")  # 98,270 in the raw Regionaldatenbank copy
    germany = rates[(rates["region"] == "Deutschland") & (rates["year"] == 2018)].iloc[0]
    assert round(germany["je_1000"], 1) == 21.5  # the published national value for 2018 (issue 8)
    assert rates.attrs["fehlend"] == {2019: "keine_kreiswerte", 2020: "keine_kreiswerte",
                                      2021: "keine_kreiswerte", 2022: "keine_kreiswerte"}
    de, en = sources.year_construction(rates, "de"), sources.year_construction(rates, "en")
    assert "2018: Schutzsuchende laut 12531 (Kreise) ÷ Einwohnerinnen und Einwohner laut INKAR" in de
    assert "(Basis Zensus 2011)" in de and "2023, 2024: Schutzsuchende laut 12531-0043" in de
    assert "12411-01-01-4 (Basis Zensus 2022)" in de
    assert "2019–2022 fehlen: Für diese Stichtage enthält der Datenstand keine Kreiszahlen" in de
    assert "2018: protection seekers from 12531 (Kreise)" in en and "2019–2022 missing: the snapshot holds no" in en
    assert "(Census 2022 basis)" in en


def test_a_reference_year_shows_no_year_after_it_and_names_no_gap_before_it():
    rates = profile.refugees_per_1000(["kielregion"], until=2018)
    assert sorted(rates["year"].unique()) == [2018] and rates.attrs["fehlend"] == {}
    assert "fehlen" not in sources.year_construction(rates, "de")


# --- 3 "ohne Angabe zum Zielberuf" outside the ranking (#20) ------------------------------------

@pytest.mark.parametrize("pair", [("11000", "02000"), ("kielregion", "coburg")])
def test_no_target_occupation_is_the_last_row_outside_the_ten_largest(pair):
    every = labour.occupations(*pair, top=None)
    shown = tables.named_first(every, "beruf", shift_share.NO_OCCUPATION, 10)
    named = every[every["beruf"] != shift_share.NO_OCCUPATION]
    assert shown["beruf"].iloc[:10].tolist() == named.nlargest(10, "arbeitslose_auslaender")["beruf"].tolist()
    assert shown["beruf"].iloc[-1] == shift_share.NO_OCCUPATION and len(shown) == 11
    assert shown.attrs["year"] == every.attrs["year"]
    if pair[0] == "11000":  # Berlin 2025: 4,070 without a target occupation, 7th largest before (REVIEW8 #20)
        assert round(shown["arbeitslose_auslaender"].iloc[-1]) == 4070
    for lang, words in (("de", "Die letzte Zeile, „ohne Angabe zum Zielberuf“, ist keine Berufsgruppe"),
                        ("en", "is not an occupational group: it stands outside the ranking")):
        gruppe = wla.present.words.occupation(shift_share.NO_OCCUPATION, lang)
        assert words in t("arbeiten.hinweis_ohne_zielberuf", lang, gruppe=gruppe)


# --- 4 city states' housing-cost rules: not in the data (REVIEW8 #4) ----------------------------

def test_city_state_housing_cost_limits_read_not_in_the_data():
    limits = pd.concat([finance.housing_cost_limits("11000"), finance.housing_cost_limits("02000")])
    assert (limits["status"] == finance.MISSING).all()  # nothing gathered for either city
    de, en = show.limit_notes(limits, "de"), show.limit_notes(limits, "en")
    assert len(de) == 2 and all("nicht im Datenstand dieses Berichts gesammelt" in n for n in de)
    assert "AV-Wohnen" in de[0] and "Fachanweisung zu § 22 SGB II" in de[1] and "Hamburg" not in de[0].split(":**")[1]
    assert not any("in den Quellen gefunden" in n for n in de)
    assert all("not gathered in this report's data" in n for n in en) and not any("found" in n for n in en)
    berlin, hamburg = wla.region("11000"), wla.region("02000")
    for lang, words in (("de", "nicht im Datenstand dieses Berichts gesammelt"), ("en", "not gathered in this report's data")):
        table = show.catalogue(berlin, hamburg, befund.readable(findings.findings(berlin, hamburg), lang), lang)
        kdu = table.loc[table["id"] == "kdu_grenzen", "kosten_rechnung"].iloc[0]
        assert words in kdu and "AV-Wohnen" in kdu


def test_a_kreis_outside_the_city_states_keeps_the_sources_wording():
    frame = pd.DataFrame({"ags": ["09473"], "name": ["Coburg, Landkreis"], "status": [finance.MISSING],
                          "valid_from": [""]})
    assert show.limit_notes(frame, "de") == ["**Coburg, Landkreis:** keine Angemessenheitsgrenze in den Quellen gefunden."]


# --- 5 vacant flats: why no monitoring figure (#22) ---------------------------------------------

def test_vacancy_measure_says_why_it_has_no_monitoring_figure():
    from wla.present.words import has as words_has

    reg, vs = wla.region("coburg"), wla.region("01")
    for lang, words in (("de", "Leerstehende Wohnungen zählt nur der Zensus 2022, einmal (Stichtag 15.05.2022)"),
                        ("en", "vacant dwellings are counted only by the 2022 census, once (reference date 15 May 2022)")):
        table = show.catalogue(reg, vs, befund.readable(findings.findings(reg, vs), lang), lang)
        cell = table.loc[table["id"] == "wohnraum_leerstand", "monitor"].iloc[0]
        assert words in cell
        own = table["id"].map(lambda i: words_has(f"katalog.kennzahl_keine_{i}"))  # measures with their own reason
        other = table.loc[(table["monitor_status"] == measures.MONITOR_NONE) & ~own, "monitor"]
        assert (other == t("katalog.kennzahl_keine", lang)).all() and len(other)
    # the finding the measure answers quotes the census vacancy (vacant dwellings from the Gemeinde rows)
    assert measures.measures().set_index("id").loc["wohnraum_leerstand", "monitor"] == ""


# --- 6 English pages: "as above", German titles, amounts (#23) ---------------------------------

def _caption(html: str) -> list[str]:
    return BeautifulSoup(html, "html.parser").find("figcaption").get_text("\n").split("\n")


def test_as_above_only_under_the_same_lines_as_the_caption_directly_above():
    seen: set = set()
    frame = pd.DataFrame({"x": [1.0]})
    one = {"bevoelkerung": [2023]}
    two = {"bevoelkerung": [2023], "arbeitslose": [2025]}
    first = _caption(tables.table_html(frame, one, seen=seen, lang="en"))
    second = _caption(tables.table_html(frame, two, seen=seen, lang="en"))
    third = _caption(tables.table_html(frame, two, seen=seen, lang="en"))
    fourth = _caption(tables.table_html(frame, one, seen=seen, lang="en"))
    assert first == ["Source: " + sources.lines(one, "en")[0]]
    assert second == ["Source: " + line for line in sources.lines(two, "en")]  # one line differs: all in full
    assert third == ["Source: as above"]
    assert fourth == first  # shown two captions up, not directly above


def test_german_act_title_keeps_its_german_date_on_an_english_page():
    table = pd.read_csv(wla.paths.data_dir() / finance.PARAMETER_FILE, dtype=str, keep_default_na=False)
    row = int(table.index[table["parameter_id"] == "fag_par14_abschlag_2024"][0])
    assert "vom 02.08.2024" in table.loc[row, "source_title"]  # as the parameter file cites the act
    line = sources.lines({finance.source_key(row): []}, "en")[0]
    assert "(FAG-Änderungsgesetz 2024) vom 30. Juli 2024, BGBl. 2024 I Nr. 254 vom 02.08.2024" in line
    assert "2 Aug 2024" not in line and "30 Jul 2024" in line  # the source's own date in the reader's format
    assert sources.lines([line], "en") == [line]  # passed on as a ready line (page 60): unchanged
    assert "vom 02.08.2024" in sources.lines({finance.source_key(row): []}, "de")[0]


def test_english_amounts_put_eur_after_the_number():
    for name in ("befund", "finanzen", "katalog", "kosten", "wohnen"):
        for key, entry in chapter(name).items():
            assert not re.search(r"EUR \{", str(entry.get("en", ""))), f"{name}.{key}"
    reg, vs = wla.region("coburg"), wla.region("01")
    table = show.catalogue(reg, vs, befund.readable(findings.findings(reg, vs), "en"), "en")
    costs = " ".join(table["kosten_rechnung"])
    assert "housing-cost limit 288.00 EUR per month" in costs  # Landkreis Coburg, comparison area I (finanzparameter.csv)
    assert not re.search(r"EUR \d", costs)


# --- 7 rank precision in plain words (REVIEW8 #16) ----------------------------------------------

def test_rank_precision_text_is_plain_and_says_the_span_is_rather_too_narrow():
    entry = chapter("vergleich")["benchmark_text"]
    assert "je gerundeter Zelle, die der Zähler zusammenzählt, je Nenner" not in entry["de"]
    assert "der Rundungsfehler des Zählers, geteilt durch den Nenner" in entry["de"]
    assert "einseitig" in entry["de"] and "eher zu eng als zu weit" in entry["de"]
    assert "one-sided" in entry["en"] and "rather too narrow than too wide" in entry["en"]
    # the worked example still holds: 155 cells, 2 · sqrt(155 · 25 / 12) = 35.9 -> ±36 persons
    assert round(2 * (155 * 25 / 12) ** 0.5) == 36 and "155 Zellen: ±36 Personen" in entry["de"]


# --- 8 small text errors (REVIEW8 #17) ----------------------------------------------------------

def test_scatter_cites_no_debt_and_bbsr_count_column_says_municipalities():
    frame = finance.fiscal_capacity("11000", "02000")
    assert "kommunale_schulden_je_ew" in frame.attrs["sources"]  # the table shows the debt column
    cited = show.fiscal_figure_sources(frame)
    assert "kommunale_schulden_je_ew" not in cited and {"steuerkraft_je_ew", "schutzsuchende"} <= set(cited)
    types = profile.settlement_types("11000")
    assert types.columns.tolist() == ["typ", "Berlin, Stadt"] and types["Berlin, Stadt"].tolist() == [1]
    assert t("profil.typ_gemeinden", "de", kreis="Berlin, Stadt") == "Gemeinden in Berlin, Stadt"
    assert t("profil.typ_gemeinden", "en", kreis="Berlin, Stadt") == "Municipalities in Berlin, Stadt"


def test_das_bbsr():
    import glob
    for path in glob.glob(str(wla.paths.PROJECT_ROOT / "wla" / "present" / "words" / "*.toml")):
        assert not re.search(r"\bDer BBSR\b(?!-)", open(path, encoding="utf-8").read()), path


# --- 9 city states: note wording, who pays, Kreistyp notes (REVIEW8 #8–#10) ---------------------

def test_city_state_note_and_cost_cell_say_who_pays():
    berlin, hamburg = wla.region("11000"), wla.region("02000")
    de, en = befund.city_state_notes((berlin, hamburg), "de"), befund.city_state_notes((berlin, hamburg), "en")
    assert de == ["Hinweis zu Berlin und Hamburg (Stadtstaat, ein Land aus einem einzigen Kreis): Alle Aufnahmeeinrichtungen "
                  "eines solchen Landes liegen in seinem einen Kreis, und ihre Bewohnerinnen und Bewohner sind in dessen "
                  "Werten enthalten; eine Variante ohne sie gibt es nicht."]
    assert "a federal state made of a single district" in en[0] and "Einrichtungsliste" not in de[0]
    for lang, words in (("de", "Berlin: Land trägt 100 % (Stadtstaat)"), ("en", "Berlin: state bears 100% (city state)")):
        table = show.catalogue(berlin, hamburg, befund.readable(findings.findings(berlin, hamburg), lang), lang)
        assert words in " ".join(table["kosten_rechnung"])
        assert "entfällt – im Stadtstaat trägt" not in " ".join(table["kosten_rechnung"])


def test_kreistyp_note_names_a_city_state_only_for_its_own_group():
    berlin = wla.region("11000")
    own = compare.bbsr_peers(berlin).label  # Kreistyp 1 (kreisfreie Großstädte)
    rural = compare.bbsr_peers(wla.region("coburg")).label
    assert own.startswith("Kreistyp 1") and not rural.startswith("Kreistyp 1")
    gap = {"grund": "kreise", "kreise": ["11000"], "jahr": 2020, "label": "Empfänger von Asylbewerberleistungen je 1.000 EW",
           "gruppen_mit_wert": [rural]}
    for lang in LANGS:
        line = tables.germany_line(gap, lang)
        assert line.count("Berlin") == 1  # named once: as the Kreis without a value, not beside the rural group
    line = tables.germany_line({**gap, "gruppen_mit_wert": [f"{own} (Berlin)", rural]}, "de")
    assert "Kreistyp 1: Kreisfreie Großstadt (Berlin) enthält Berlin, Stadt (11000) nicht" in line
    assert line.count("enthält") == 1
    assert "does not contain Berlin, Stadt (11000)" in tables.germany_line({**gap, "gruppen_mit_wert": [own]}, "en")
