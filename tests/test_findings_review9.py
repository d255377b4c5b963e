"""Review 9 (REVIEW9_BE #2/#7/#8/#9/#10/#15/#16, REVIEW9_K #3): figures counted at the school's
site classed with the Stadt inside the Landkreis, the borderline class label, measures that answer
only the classes they fit, the cost rule of asylum counselling, city-state debt and tax capacity,
and the true reason of every missing monitoring value. Expected values come from the snapshot's
counts (summed here, not by the code under test) or the raw Regionaldatenbank file."""
from __future__ import annotations

import pytest

import wla
from wla.analysis import compare, findings, measures
from wla.exceptions import WlaError
from wla.present import finance as show
from wla.present import findings as present
from wla.present.words import t


@pytest.fixture(scope="module")
def coburg_sh():
    return findings.findings(wla.region("09473"), wla.region("01"))


@pytest.fixture(scope="module")
def kiel_coburg():
    return findings.findings("kielregion", "coburg")


@pytest.fixture(scope="module")
def berlin_hamburg():
    return findings.findings("11000", "02000")


# --- 1: counted at the school's site ----------------------------------------------------------
def test_school_leavers_are_classed_for_stadt_and_landkreis_coburg(coburg_sh, school_leavers):
    """Landkreis Coburg 51 of 437 leavers without Hauptschulabschluss (11.7 %), Stadt Coburg 67 of
    758: together 118 of 1,195 = 9.9 %, Germany 55,708 of 782,423 = 7.1 %. The finding classes
    the joint value (+2.8 points, +39 %), the Landkreis alone is context beside it."""
    lk_all, lk_without = school_leavers("09473")
    st_all, st_without = school_leavers("09463")
    de_all, de_without = school_leavers("DG", "bund")
    assert (lk_all, lk_without, st_all, st_without) == (437, 51, 758, 67)  # the publisher's counts
    joint = (lk_without + st_without) / (lk_all + st_all) * 100
    row = coburg_sh.set_index("kennzahl").loc["ohne_abschluss"]
    assert row["wert"] == pytest.approx(joint) and round(joint, 1) == 9.9
    assert row["deutschland"] == pytest.approx(de_without / de_all * 100)
    assert (row["klasse"], row["regel"], row["grund"]) == ("challenge", "deutschland", "")
    assert round(row["abweichung_de_prozent"]) == round((9.9 - 7.1) / 7.1 * 100) == 39
    (side,) = row["details"]["gezaehlt"]
    assert side["seite"] == "region" and side["staedte"] == ["09463"]
    assert side["wert"] == pytest.approx(lk_without / lk_all * 100) and round(side["wert"], 1) == 11.7
    assert row["anzahl"] == lk_without + st_without
    en = present.readable(coburg_sh, "en").set_index("kennzahl").loc["ohne_abschluss", "aussage"]
    assert "Coburg, Stadt + Coburg, Landkreis 9.9% – above Germany (7.1%)" in en
    assert "Counted at the school's site: Coburg, Landkreis with the district-free city of Coburg" in en
    assert "Coburg, Landkreis alone: 11.7% (context)" in en


def test_the_comparison_side_is_widened_too_and_said_in_german(kiel_coburg, school_leavers):
    row = kiel_coburg.set_index("kennzahl").loc["ohne_abschluss"]
    lk_all, lk_without = school_leavers("09473")
    st_all, st_without = school_leavers("09463")
    assert row["vergleichswert"] == pytest.approx((lk_without + st_without) / (lk_all + st_all) * 100)
    assert [g["seite"] for g in row["details"]["gezaehlt"]] == ["vergleich"]
    de = present.readable(kiel_coburg, "de").set_index("kennzahl").loc["ohne_abschluss", "aussage"]
    assert "über Coburg, Stadt + Landkreis Coburg (9,9 %)" in de
    assert "Gezählt am Schulort: Landkreis Coburg mit der kreisfreien Stadt Coburg" in de
    assert "Landkreis Coburg allein: 11,7 %" in de
    # no second "Zum Vergleich" of the same joint value
    assert "Zum Vergleich Coburg, Stadt + Landkreis Coburg" not in de


def test_without_an_enclosed_city_nothing_changes(berlin_hamburg, school_leavers):
    all_b, without_b = school_leavers("11000")
    row = berlin_hamburg.set_index("kennzahl").loc["ohne_abschluss"]
    assert row["wert"] == pytest.approx(without_b / all_b * 100) and "gezaehlt" not in row["details"]


def test_which_headlines_count_at_an_institution(tmp_path):
    sites = {h.key: h.erhebungsort for h in compare.HEADLINES if h.erhebungsort}
    assert sites == {"ohne_abschluss": "schule", "auslaendische_schueler": "schule", "kita_u3": "einrichtung"}
    bad = tmp_path / "h.toml"
    bad.write_text(compare.HEADLINES_FILE.read_text(encoding="utf-8").replace(
        'erhebungsort = "schule"', 'erhebungsort = "wohnort"', 1), encoding="utf-8")
    with pytest.raises(WlaError, match="erhebungsort"):
        compare.read_headlines(bad)


# --- 2: borderline -------------------------------------------------------------------------------
def test_a_borderline_class_says_so_and_is_not_counted(berlin_hamburg):
    de = present.readable(berlin_hamburg, "de").set_index("kennzahl").loc["ohne_abschluss"]
    en = present.readable(berlin_hamburg, "en").set_index("kennzahl").loc["ohne_abschluss"]
    assert de["art"] == "Herausforderung (knapp)" and en["art"] == "Challenge (borderline)"
    assert "an den gedruckten Werten wesentlich, an den ungerundeten nicht" in de["regel_text"]
    assert "weil wesentlich" not in de["regel_text"]
    assert "material at the printed values, not at the unrounded ones" in en["regel_text"]
    readable = present.readable(berlin_hamburg, "de")
    cat = show.catalogue(wla.region("11000"), wla.region("02000"), readable, "de")
    cell = cat.loc[cat["id"] == "sprachfoerderung_schule", "befund"].iloc[0]
    assert cell.startswith("Herausforderung (knapp), Rang 2 von 2: Schulabgänger ohne Hauptschulabschluss")
    over = show.overview(cat, "de").set_index(t("katalog.col_thema", "de"))
    learning = over.loc[t("thema.lernen", "de")] if t("thema.lernen", "de") in over.index else over.loc["Lernen"]
    assert learning[t("katalog.col_mit_befund", "de")] == 0 and learning[t("katalog.col_nur_knapp", "de")] == 1
    work = over.loc["Arbeiten"]  # ALQ Ausländer 17,8 % vs 14,8 %: a firm challenge
    assert work[t("katalog.col_mit_befund", "de")] == 2


# --- 3: measures answer only the classes they fit -----------------------------------------------
def test_gap_measures_do_not_answer_a_potential(coburg_sh, berlin_hamburg):
    row = coburg_sh.set_index("kennzahl").loc["alq_auslaender"]
    assert row["klasse"] == "potential" and round(row["wert"], 1) == 12.1 and round(row["deutschland"], 1) == 14.8
    hits = measures.answered(coburg_sh)
    assert not {"arbeitsmarkt", "betriebe_partner"} & set(hits["massnahme"])
    assert "wohnraum_leerstand" in set(hits["massnahme"])  # vacant flats: a capacity, answers a potential
    assert {"arbeitsmarkt", "betriebe_partner"} <= set(measures.answered(berlin_hamburg)["massnahme"])
    table = measures.measures().set_index("id")
    assert table.loc["arbeitsmarkt", "klassen"] == ("challenge",)
    assert table.loc["kdu_grenzen", "klassen"] == measures.FINDING_CLASSES


def test_an_unknown_class_in_the_measures_file_is_an_error(tmp_path):
    bad = tmp_path / "m.toml"
    bad.write_text(measures.MEASURES_FILE.read_text(encoding="utf-8").replace(
        'klassen = ["challenge"]', 'klassen = ["risk"]', 1), encoding="utf-8")
    with pytest.raises(WlaError, match="klassen"):
        measures.measures(bad)


# --- 4: cost rule of asylum counselling ------------------------------------------------------------
def test_asylum_counselling_has_no_asylblg_cost():
    costs = measures.costs("11000").set_index("massnahme")
    assert costs.loc["asylverfahren", "regel"] == "" and costs.loc["asylverfahren", "status"] == "missing"
    assert set(costs.loc[["finanzplanung"], "regel"]) == {"asylblg_anteil_kreis"}
    cat = show.catalogue(wla.region("11000"), wla.region("02000"), present.readable(findings.findings("11000", "02000"), "de"), "de")
    cell = cat.loc[cat["id"] == "asylverfahren", "kosten_rechnung"].iloc[0]
    assert cell == t("kosten.keine", "de") and "AsylbLG" not in cell


# --- 5/6: city states ------------------------------------------------------------------------------
def test_city_state_debt_does_not_apply(berlin_hamburg):
    reg, vs = wla.region("11000"), wla.region("02000")
    from wla.analysis import finance

    frame = finance.fiscal_capacity(reg, vs)
    for lang, words in (("de", "entfällt (Stadtstaat)"), ("en", "not applicable (city state)")):
        table, _ = show.fiscal_table(frame, {"region": reg.label, "vergleich": vs.label}, lang)
        debt = table[t("finanzen.col_schulden", lang)]
        assert list(debt) == [words, words]
    de = present.readable(berlin_hamburg, "de").set_index("kennzahl").loc["last_steuerkraft"]
    assert "k. A." not in de["aussage"] and "Kommunale Schulden entfallen: In einem Stadtstaat" in de["aussage"]
    assert "gehört die gemeindliche Steuerkraft zu den Finanzen des Landes" in de["regel_text"]
    assert "wo Mittel knapp werden können" not in de["regel_text"]  # REVIEW10: no contradiction in one paragraph
    en = present.readable(berlin_hamburg, "en").set_index("kennzahl").loc["last_steuerkraft"]
    assert "Municipal debt does not apply" in en["aussage"] and "does not show where means run short" in en["regel_text"]
    mon = measures.monitoring(reg, None, vs).set_index("massnahme").loc["finanzplanung"]
    assert (mon["status"], mon["grund"]) == (measures.MONITOR_NOT_APPLICABLE, measures.GAP_CITY_STATE)
    cat = show.catalogue(reg, vs, present.readable(berlin_hamburg, "de"), "de")
    cell = cat.loc[cat["id"] == "finanzplanung", "monitor"].iloc[0]
    assert "entfällt (Stadtstaat)" in cell and "fehlt" not in cell


def test_a_kreis_keeps_its_debt_and_a_city_state_comparison_is_named():
    frame = findings.findings("kielregion", "02000")
    text = present.readable(frame, "de").set_index("ort").loc["Plön"]
    assert "kommunalen Schulden 1.494 EUR je Einwohner" in text["aussage"] and "Stadtstaat" not in text["regel_text"]
    mon = measures.monitoring("kielregion", None, "02000").set_index("massnahme").loc["finanzplanung"]
    assert (mon["status"], mon["grund"], mon["seite"]) == (measures.MONITOR_MISSING, measures.GAP_CITY_STATE, "Hamburg")


# --- 7: the true reason of a missing monitoring value ----------------------------------------------
def test_monitoring_reasons_english_pair(coburg_sh):
    reg, vs = wla.region("09473"), wla.region("01")
    rents = wla.load("nettokaltmiete_m2", level="gemeinde", years=2022)
    assert rents["ags"].str.startswith("09473").sum() > 1  # Coburg's Gemeinden have rents (the page-10 maps)
    mon = measures.monitoring(reg, None, vs).set_index("massnahme")
    assert (mon.loc["kdu_grenzen", "grund"], mon.loc["kdu_grenzen", "seite"]) == (measures.GAP_NO_TOTAL, "Coburg, Landkreis")
    assert (mon.loc["kita_bruecke", "grund"], mon.loc["kita_bruecke", "seite"]) == \
        (measures.GAP_NO_TOTAL, "Coburg, Stadt + Coburg, Landkreis")
    cat = show.catalogue(reg, vs, present.readable(coburg_sh, "en"), "en").drop_duplicates("id").set_index("id")
    assert cat.loc["kdu_grenzen", "monitor"].startswith("Net rent per m² (census 2022): no value for Coburg, Landkreis – ")
    assert "indicator missing from the data" not in cat.loc["kdu_grenzen", "monitor"]
    assert "no value for Coburg, Stadt + Coburg, Landkreis" in cat.loc["kita_bruecke", "monitor"]
    assert cat.loc["sprachfoerderung_schule", "monitor"] == \
        "School leavers without lower secondary certificate (Coburg, Stadt + Coburg, Landkreis, counted at the school's site)"
    assert "newest value 2019" in cat.loc["finanzplanung", "monitor"]


def test_monitoring_reasons_berlin_hamburg(berlin_hamburg):
    reg, vs = wla.region("11000"), wla.region("02000")
    mon = measures.monitoring(reg, None, vs).set_index("massnahme")
    assert mon.loc["kita_bruecke", "status"] == measures.MONITOR_OUTDATED and mon.loc["kita_bruecke", "year"] == 2020
    assert mon.loc["kdu_grenzen", "status"] == measures.MONITOR_OK and round(mon.loc["kdu_grenzen", "value"], 2) == 7.67
    cat = show.catalogue(reg, vs, present.readable(berlin_hamburg, "de"), "de").drop_duplicates("id").set_index("id")
    assert cat.loc["kita_bruecke", "monitor"].startswith("Betreuungsquote unter 3 Jahren: kein aktueller Wert (neuester Wert 2020")


def test_day_care_without_a_joint_value_gets_no_verdict():
    """INKAR's Betreuungsquote counts children where they are cared for and has no region total:
    Landkreis Coburg with the Stadt Coburg has no value, so the Landkreis alone against Kronach
    (2020: 43,35 % vs 38,0 % as published) is shown without a verdict and answers no measure."""
    frame = findings.findings("09473", "09476", until=2020)
    rows = wla.load("kinderbetreuung_u3", level="kreis", years=2020).set_index("ags")["value"]
    row = frame.set_index("kennzahl").loc["kita_u3"]
    assert row["wert"] == pytest.approx(rows["09473"]) and row["vergleichswert"] == pytest.approx(rows["09476"])
    assert (row["klasse"], row["regel"], row["grund"]) == ("neutral", "erhebungsort", "ohne_referenz")
    assert row["details"]["gemeinsam"] is False
    de = present.readable(frame, "de").set_index("kennzahl").loc["kita_u3"]
    assert de["art"] == "Ohne Urteil" and "Gezählt am Ort der Einrichtung: Vergleichbar wäre Coburg, Stadt" in de["aussage"]
    assert "kita_u3" not in set(measures.answered(frame)["kennzahl"])


def test_benchmark_ranks_the_school_site_unit_like_the_finding(school_leavers):
    """REVIEW9_K #3: page 40 ranks Landkreis Coburg's school leavers as Stadt + Landkreis (118 of
    1,195 = 9.9 %), the unit the finding classes; Stadt Coburg is not in its groups, and the
    KielRegion (no enclosed city) keeps its own row."""
    from wla.analysis import benchmark

    lk_all, lk_without = school_leavers("09473")
    st_all, st_without = school_leavers("09463")
    table = benchmark.benchmark("kielregion", "coburg")
    rows = table[table["outcome"] == "ohne_abschluss"]
    coburg = rows[rows["region"].str.contains("Coburg")]
    assert set(coburg["region"]) == {"Coburg, Stadt + Landkreis Coburg"}
    assert coburg["wert"].to_numpy() == pytest.approx([(lk_without + st_without) / (lk_all + st_all) * 100] * 3)
    assert set(rows["region"]) == {"KielRegion", "Coburg, Stadt + Landkreis Coburg"}
    # the other outcomes rank Landkreis Coburg itself
    assert "Landkreis Coburg" in set(table.loc[table["outcome"] == "alq_auslaender", "region"])


def test_ranking_rule_says_relative_gaps_favour_small_bases():
    """REVIEW9_K #15: the rank orders relative differences; the rule says what that means."""
    de, en = t("befund.rang_regel", "de"), t("befund.rang_regel", "en")
    assert "halb so großen Bezugswert die doppelte relative Abweichung" in de
    assert "twice the relative difference on a reference half as large" in en
    page = present.findings_html(findings.findings("kielregion", "coburg", "lernen"), "de")
    assert "halb so großen Bezugswert" in page
