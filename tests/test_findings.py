"""The findings rule on cases a reader can check (hand-made values), and on the default pair."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import wla
from wla.analysis import compare, findings
from wla.exceptions import ParameterError, WlaError
from wla.paths import raw_dir
from wla.present import findings as present


@pytest.fixture(scope="module")
def all_findings():
    return findings.findings("kielregion", "coburg")


# --- the rule on hand-made values ------------------------------------------------------------

@pytest.mark.parametrize("comparison", [0.5, 5.0, 7.1, 10.7, 11.7, 30.0, np.nan])
def test_above_germany_on_an_unfavourable_indicator_is_never_a_potential(comparison):
    # the issue's case: 10.7 % without certificate, Germany 7.1 %, comparison 11.7 %
    c = findings.classify(10.7, comparison, 7.1, "unfavourable", "%")
    assert c["klasse"] == "challenge" and c["regel"] == "deutschland"


def test_below_germany_on_a_favourable_indicator_is_never_a_potential():
    for comparison in (0.0, 2.0, 9.0):
        assert findings.classify(2.6, comparison, 4.3, "favourable", "%")["klasse"] == "challenge"


def test_equal_values_are_neutral():
    c = findings.classify(5.0, 5.0, 5.0, "favourable", "%")
    assert (c["klasse"], c["regel"], c["grund"]) == ("neutral", "band", "nicht_wesentlich")
    assert c["abweichung_prozent"] == 0 and c["abweichung_de_prozent"] == 0


def test_both_parts_of_the_band_are_needed():
    # +20 % relative but only 0.4 points absolute: not material
    assert findings.classify(2.4, 2.0, 2.0, "unfavourable", "%")["klasse"] == "neutral"
    # +1.5 points absolute but only 5 % relative: not material
    assert findings.classify(31.5, 30.0, 30.0, "unfavourable", "%")["klasse"] == "neutral"
    # both: material
    assert findings.classify(33.5, 30.0, 30.0, "unfavourable", "%")["klasse"] == "challenge"


def test_the_comparison_decides_only_within_the_band_around_germany():
    c = findings.classify(7.3, 4.0, 7.1, "unfavourable", "%")
    assert (c["klasse"], c["regel"]) == ("challenge", "vergleich")
    # Germany unknown: no verdict, whatever the comparison shows (review 7, item 2)
    for comparison in (4.0, 7.3, 12.0):
        c = findings.classify(7.3, comparison, np.nan, "unfavourable", "%")
        assert (c["klasse"], c["regel"], c["grund"]) == ("neutral", "ohne_deutschland", "ohne_referenz")


@pytest.mark.parametrize("wert, vergleich, deutschland, polarity", [
    (6.5, 4.3, 7.1, "unfavourable"),    # Göttingen's school leavers without certificate 2023 vs Kronach (review 4)
    (14.7, 11.4, 14.8, "unfavourable"),  # Nordfriesland's ALQ Ausländer 2025 vs Kronach (review 4)
    (7.1, 4.0, 7.1, "unfavourable"),    # at Germany's value
    (7.3, 12.0, 7.1, "unfavourable"),   # worse than Germany, better than the comparison: no potential
    (30.5, 40.0, 30.0, "favourable"),   # better than Germany, worse than the comparison: no challenge
])
def test_the_comparison_never_classes_against_the_side_of_germany(wert, vergleich, deutschland, polarity):
    """A value at or on the favourable side of Germany is never a challenge, on the unfavourable
    side never a potential, whatever the comparison region shows."""
    c = findings.classify(wert, vergleich, deutschland, polarity, "%", decimals=1)
    assert (c["klasse"], c["regel"], c["grund"]) == ("neutral", "bundesniveau", "nicht_wesentlich")


def test_a_comparison_resting_on_a_small_count_makes_no_verdict():
    """Göttingen vs Kronach (review 4): the comparison would decide on Kronach's 22 leavers."""
    c = findings.classify(7.3, 4.0, 7.1, "unfavourable", "%", anzahl=22)
    assert (c["klasse"], c["regel"], c["grund"]) == ("neutral", "vergleich_klein", "klein")
    c = findings.classify(7.3, 4.0, 7.1, "unfavourable", "%", anzahl=300, gerundet=True)
    assert (c["klasse"], c["regel"], c["grund"]) == ("neutral", "vergleich_klein", "gerundet")
    # when Germany decides, a small count keeps the class but is not ranked
    c = findings.classify(10.0, 4.0, 7.1, "unfavourable", "%", anzahl=22)
    assert (c["klasse"], c["regel"], c["grund"]) == ("challenge", "deutschland", "klein")


def test_presence_indicators_are_context():
    for key in ("schutzsuchende_je_1000", "offen_anteil", "auslaendische_schueler", "asyl_je_1000"):
        assert compare.headline(key).polarity == "context"
    c = findings.classify(48.0, 15.0, 39.0, "context", "je 1.000 EW")
    assert (c["klasse"], c["regel"]) == ("context", "kontext")


def test_a_count_under_the_minimum_is_not_ranked():
    small = findings.classify(20.0, 10.0, 10.0, "unfavourable", "%", anzahl=findings.MIN_COUNT - 1)
    rounded = findings.classify(20.0, 10.0, 10.0, "unfavourable", "%", anzahl=300, gerundet=True)
    plain = findings.classify(20.0, 10.0, 10.0, "unfavourable", "%", anzahl=300, gerundet=False)
    assert (small["klasse"], small["grund"]) == ("challenge", "klein")
    assert rounded["grund"] == "gerundet" and plain["grund"] == ""
    frame = pd.DataFrame([{**small, "thema": "lernen"}, {**rounded, "thema": "lernen"}, {**plain, "thema": "wohnen"}])
    for col in set(findings.COLUMNS) - set(frame.columns) - {"rang"}:
        frame[col] = np.nan
    out = findings.rank(frame)
    assert out["rang"].notna().sum() == 1 and out.loc[out["rang"] == 1, "thema"].item() == "wohnen"


def test_rank_orders_material_findings_by_the_deciding_reference():
    rows = [findings.classify(12.0, 12.0, 10.0, "unfavourable", "%"),   # +20 % vs Germany
            findings.classify(15.0, 15.0, 10.0, "unfavourable", "%"),   # +50 % vs Germany
            findings.classify(9.9, 20.0, 10.0, "unfavourable", "%"),    # -50.5 % vs comparison, below Germany
            findings.classify(10.0, 10.0, 10.0, "unfavourable", "%"),   # neutral
            findings.classify(50.0, 10.0, 10.0, "context", "%")]        # context
    frame = pd.DataFrame(rows).assign(thema="lernen", kennzahl=["a", "b", "c", "d", "e"])
    for col in set(findings.COLUMNS) - set(frame.columns) - {"rang"}:
        frame[col] = np.nan
    out = findings.rank(frame)
    # Germany-decided first (b +50 %, a +20 %), then the comparison-decided c (-50.5 %)
    assert list(out["kennzahl"][:3]) == ["b", "a", "c"] and list(out["rang"][:3]) == [1, 2, 3]
    assert out["rang"][3:].isna().all()


def test_a_difference_that_vanishes_at_the_shown_precision_is_never_material():
    # 1,400 vs 1,000 persons is material (+400, +40 %), but shown in thousands both read "1"
    assert findings.classify(1400.0, 1000.0, 1000.0, "unfavourable", "Personen")["klasse"] == "challenge"
    c = findings.classify(1400.0, 1000.0, 1000.0, "unfavourable", "Personen", decimals=-3)
    assert (c["klasse"], c["regel"]) == ("neutral", "band")


def test_direction_words_follow_the_shown_values():
    assert present._direction(9.936, 9.933, 1) == "gleich"
    assert present._direction(9.96, 9.93, 1) == "ueber" and present._direction(9.93, 9.96, 1) == "unter"
    assert present._direction(9.93, np.nan, 1) == "unbekannt"


def _leavers_2023():
    """School leavers 2023 (21111-02-06-4, raw file): {code: (all, without certificate)}."""
    path = raw_dir() / "kreise" / "buddemax_destatis_21111-02-06-4.csv"
    out = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        f = line.split(";")
        if len(f) > 6 and f[0] == "2023" and f[1] in ("01", "13", "01054", "09476", "11", "DG"):
            out[f[1]] = (float(f[3]), float(f[5]))
    return out


def test_equal_shown_values_read_level_with_on_real_data():
    # the review's case: Schleswig-Holstein 2,499 / 25,152 = 9.94 %, MV 1,401 / 14,104 = 9.93 %
    raw = _leavers_2023()
    sh, mv = (raw[c][1] / raw[c][0] * 100 for c in ("01", "13"))
    assert round(sh, 1) == round(mv, 1) and sh != mv
    frame = findings.findings("01", "13", "lernen")
    row = frame[frame["kennzahl"] == "ohne_abschluss"]
    # (the region total sums the Kreise; it differs from the Land row in the 3rd decimal)
    assert row["wert"].item() == pytest.approx(sh, abs=0.005) and row["vergleichswert"].item() == pytest.approx(mv, abs=0.005)
    de = present.readable(frame, "de").set_index("kennzahl").loc["ohne_abschluss", "aussage"]
    en = present.readable(frame, "en").set_index("kennzahl").loc["ohne_abschluss", "aussage"]
    assert "gleichauf mit Mecklenburg-Vorpommern (9,9 %)" in de and "level with Mecklenburg-Vorpommern (9.9%)" in en


def test_a_small_comparison_count_does_not_cancel_a_finding_germany_decided():
    # Nordfriesland 171 leavers without certificate, Landkreis Kronach 22 (21111-02-06-4, 2023): the
    # share is materially above Germany, so Germany decides and only Nordfriesland's count matters —
    # Kronach's small count does not take the finding out of the ranking (review of 30.11.)
    raw = _leavers_2023()
    assert raw["09476"][1] < findings.MIN_COUNT <= raw["01054"][1]
    frame = findings.findings("01054", "09476", "lernen")
    row = frame[frame["kennzahl"] == "ohne_abschluss"].iloc[0]
    assert row["regel"] == "deutschland" and row["klasse"] == "challenge"
    assert row["grund"] == "" and row["anzahl"] == raw["01054"][1] and row["rang"] >= 1
    # the other way round Kronach's own count is small, and that is said with its side
    back = findings.findings("09476", "01054", "lernen")
    row = back[back["kennzahl"] == "ohne_abschluss"].iloc[0]
    assert row["grund"] == "klein" and row["anzahl"] == raw["09476"][1]
    de = present.readable(back, "de").set_index("kennzahl").loc["ohne_abschluss", "regel_text"]
    en = present.readable(back, "en").set_index("kennzahl").loc["ohne_abschluss", "regel_text"]
    assert f"(Kronach: {raw['09476'][1]:.0f} Personen)" in de and f"(Kronach: {raw['09476'][1]:.0f} persons)" in en


def test_a_value_near_germany_says_the_comparison_decided():
    # within the band around Germany (14.7 vs 14.8), materially above the comparison: below
    # Germany, so no verdict (review 4: Nordfriesland vs Kronach); the sentence says Germany's
    # distance is within the threshold and the rule says why there is no verdict
    c = findings.classify(14.7, 11.4, 14.8, "unfavourable", "%", decimals=1)
    assert (c["klasse"], c["regel"]) == ("neutral", "bundesniveau")
    row = pd.Series({**c, "kennzahl": "alq_auslaender", "jahr": 2025, "ort": "A", "wert": 14.7,
                     "vergleichswert": 11.4, "deutschland": 14.8, "details": {"dezimalen": 1}})
    text = present.statement(row, "B", "de")
    assert "unter Deutschland (14,8 %; Abstand innerhalb der Schwelle) und über B (11,4 %)" in text
    why = present.reason(row, "B", findings.parameters(), "de")
    assert why.startswith("Kein Urteil: nahe am Bundeswert und unter ihm; wesentlich über B")


@pytest.fixture(scope="module")
def berlin_hamburg():
    return findings.findings("11000", "02000")


def test_no_verdict_without_a_value_for_germany(berlin_hamburg):
    """Review 7, item 2: Berlin's net rent (Zensus 2022) 7,67 EUR/m² against Hamburg's 9,16, Germany
    k. A. — "nahe am Bundeswert" cannot be said, so no potential, no rank and no measure."""
    row = berlin_hamburg.set_index("kennzahl").loc["nettokaltmiete"]
    assert np.isnan(row["deutschland"]) and round(row["wert"], 2) == 7.67 and round(row["vergleichswert"], 2) == 9.16
    assert (row["klasse"], row["regel"], row["grund"]) == ("neutral", "ohne_deutschland", "ohne_referenz")
    assert pd.isna(row["rang"])
    for lang, text in (("de", "Kein Urteil: Für Deutschland liegt kein Wert vor (k. A.); der Vergleich allein entscheidet nicht."),
                       ("en", "No verdict: there is no value for Germany (n/a); the comparison alone does not decide.")):
        out = present.readable(berlin_hamburg, lang).set_index("kennzahl").loc["nettokaltmiete"]
        assert out["regel_text"].startswith(text)
        assert "Bundeswert, aber" not in out["regel_text"] and "close to Germany" not in out["regel_text"]
    # the measures of page 70 answer challenges and potentials only: none rests on this row
    from wla.analysis import measures
    assert "nettokaltmiete" not in set(measures.answered(berlin_hamburg)["kennzahl"])


def test_the_threshold_is_checked_on_the_printed_values(berlin_hamburg):
    """Review 7, item 9: Berlin 8,1 % of school leavers without certificate (2023), Germany 7,1 %.
    Printed, the gap is 1,0 point and 14 % of 7,1 — both parts of the rule are met, so the class
    is a challenge decided by Germany, though the unrounded gap is under 1 point."""
    raw = _leavers_2023()
    berlin, germany = (raw[c][1] / raw[c][0] * 100 for c in ("11", "DG"))
    assert berlin - germany < 1.0  # 2,535 / 31,475 = 8.05 %, 55,708 / 782,423 = 7.12 %: 0.93 points unrounded
    shown_gap = round(round(berlin, 1) - round(germany, 1), 1)
    assert (round(berlin, 1), round(germany, 1), shown_gap) == (8.1, 7.1, 1.0)
    assert shown_gap >= 1.0 and shown_gap >= 0.10 * round(germany, 1)  # the rule by hand: material
    row = berlin_hamburg.set_index("kennzahl").loc["ohne_abschluss"]
    assert row["wert"] == pytest.approx(berlin, abs=0.005) and row["deutschland"] == pytest.approx(germany, abs=0.005)
    assert (row["klasse"], row["regel"]) == ("challenge", "deutschland") and row["rang"] >= 1
    # the deviation the reason prints is that of the printed values: (8,1 − 7,1) / 7,1 = +14 %
    assert row["abweichung_de_prozent"] == pytest.approx((8.1 - 7.1) / 7.1 * 100)
    why = present.readable(berlin_hamburg, "de").set_index("kennzahl").loc["ohne_abschluss", "regel_text"]
    # material only at the printed values (borderline): the class and reason say so (REVIEW9 #9)
    assert why.startswith("Herausforderung (knapp), weil über dem Bundeswert (+14 %) – an den gedruckten Werten "
                          "wesentlich, an den ungerundeten nicht")
    text = present.readable(berlin_hamburg, "de").set_index("kennzahl").loc["ohne_abschluss", "aussage"]
    assert "über Deutschland (7,1 %)" in text and "innerhalb der Schwelle" not in text
    # and the other way: a printed gap of 0,9 point stays within the band
    c = findings.classify(8.04, 6.0, 7.14, "unfavourable", "%", decimals=1)  # 8,0 vs 7,1: 0,9 point, in the band
    assert (c["klasse"], c["regel"]) == ("challenge", "vergleich")  # the comparison (6,0) decides


def test_unknown_unit_and_polarity_fail_clearly():
    with pytest.raises(ParameterError, match="MATERIAL_ABSOLUTE"):
        findings.classify(1.0, 2.0, 3.0, "favourable", "Hektar")
    with pytest.raises(ParameterError, match="polarity"):
        findings.classify(1.0, 2.0, 3.0, "higher", "%")


def test_every_headline_has_a_polarity_reason_and_a_threshold():
    for h in compare.HEADLINES:
        assert h.polarity in compare.POLARITIES and h.polarity_reason, h.key
        assert h.unit in findings.MATERIAL_ABSOLUTE, h.key


def test_a_vacancy_finding_without_gemeinden_is_not_a_potential(monkeypatch):
    frame = pd.DataFrame({"beides": [False, False], "leerstehend": [3.0, 4.0], "name": ["A", "B"],
                          "leerstandsquote": [1.0, 2.0]})
    frame.attrs = {"n": 2, "n_beides": 0, "start": 2013, "end": 2023, "threshold": 4.3, "leerstehend_beides": 0.0,
                   "leerstehend_je_1000": 0.0, "wesentlich_ab": 1.0, "wesentlich": False, "sources": {"leerstandsquote": [2022]}}
    frame["ags"] = ["09473111", "09473112"]
    monkeypatch.setattr(findings.housing, "vacancy_and_shrinking", lambda reg, until=None: frame)
    row = findings._vacancy_findings(findings.resolve_region("coburg"))[0]
    assert row["klasse"] == "context" and row["regel"] == "leerstand"


# --- the default pair ---------------------------------------------------------------------------

def test_columns_rule_and_attrs(all_findings):
    assert list(all_findings.columns) == findings.COLUMNS
    assert set(all_findings["thema"]) == set(findings.THEMES)
    assert set(all_findings["klasse"]) <= set(findings.CLASSES)
    assert (all_findings["regel"].str.len() > 0).all()
    assert all(isinstance(q, dict) and q for q in all_findings["quellen"])  # mappings, never reader text
    assert all_findings.attrs["parameters"]["material_relative_pct"] == findings.MATERIAL_RELATIVE
    assert all_findings.attrs["sources"] and all_findings.attrs["vergleich"] == "Landkreis Coburg"
    ranked = all_findings["rang"].dropna()
    assert list(ranked) == list(range(1, len(ranked) + 1))
    assert all_findings.loc[all_findings["rang"].notna(), "klasse"].isin(["challenge", "potential"]).all()


def test_the_issues_examples_on_real_data(all_findings):
    by_key = all_findings.set_index("kennzahl")
    leavers = by_key.loc["ohne_abschluss"]
    assert leavers["klasse"] == "challenge" and leavers["regel"] == "deutschland"
    # the issue's example: 10,7 % against Germany's 7,1 % is a challenge whatever the comparison shows;
    # counted at the school's site, the comparison is Stadt + Landkreis Coburg (9,9 %; the Landkreis alone 11,7 %)
    assert leavers["wert"] > leavers["deutschland"] and round(leavers["vergleichswert"], 1) == 9.9
    assert round(leavers["details"]["gezaehlt"][0]["wert"], 1) == 11.7
    for key in ("schutzsuchende_je_1000", "offen_anteil", "auslaendische_schueler"):
        assert by_key.loc[key, "klasse"] == "context" and pd.isna(by_key.loc[key, "rang"])
    assert (all_findings.loc[all_findings["kennzahl"] == "shift_share_regional", "klasse"] == "context").all()


def test_every_row_reads_with_its_rule_in_both_languages(all_findings):
    for lang in ("de", "en"):
        shown = present.readable(all_findings, lang)
        assert (shown["aussage"].str.len() > 20).all() and (shown["regel_text"].str.len() > 20).all()
        assert not shown["aussage"].str.contains("dem Vergleich|the comparison\\.").any()
    html = present.findings_html(all_findings, "de", "kielregion", "coburg")
    assert "Regel:" in html and "Rangfolge:" in html and "keine Wirkungen" in html
    assert "Modellregionen" in html and "Landesunterkünften" in html
    # the old call without regions: the frame notes come from the frame's attrs
    assert "not effects" in present.findings_html(all_findings, "en")


def test_one_theme_and_unknown_theme():
    frame = findings.findings("kielregion", "coburg", "lernen")
    assert set(frame["thema"]) == {"lernen"}
    with pytest.raises(WlaError, match="unknown theme"):
        findings.findings("kielregion", "coburg", "wohnung")


def test_an_unstable_top_gemeinde_is_not_a_potential(monkeypatch):
    # review 2 item 25: 54 % of runs in the top 3 (Oldenswort) is not "stable"; an unstable top
    # Gemeinde is "Lage unsicher", never "Kein wesentlicher Unterschied"
    frame = pd.DataFrame({"ags": ["1", "2", "3"], "name": ["Stabil", "Halb", "Wackel"], "kreis_name": ["K"] * 3,
                          "rang": [1.0, 2.0, 3.0], "rang_min": [1, 1, 1], "rang_max": [3, 9, 43],
                          "top_anteil": [0.95, 0.54, 0.24], "potenzial": [80.0, 79.5, 79.0],
                          "leerstandsquote": [5.0, 4.5, 4.0], "leerstehend": [10.0, 9.5, 9.0],
                          "veraenderung_prozent": [-1.0, -0.5, 0.2], "gemeindetyp": ["Landgemeinde"] * 3,
                          "zentrum": ["Z"] * 3, "entfernung_km": [5.0, 5.5, 6.0]})
    frame.attrs = {"sources": {"leerstandsquote": [2022]}, "n_bewertet": 149, "start": 2013, "end": 2023, "top": 3, "spread": 0.5}
    monkeypatch.setattr(findings.potential, "pair", lambda reg, vs, until=None: (frame, frame))
    monkeypatch.setattr(findings, "_rent_cost", lambda reg, ags, until=None: ({}, np.nan, {}))
    rows = pd.DataFrame(findings._potential_findings(findings.resolve_region("coburg"), findings.resolve_region("kielregion")))
    assert list(rows["klasse"]) == ["potential", "uncertain", "uncertain"]
    assert list(rows["grund"]) == ["ohne_referenz", "instabil", "instabil"]
    out = findings.rank(rows.assign(**{c: np.nan for c in set(findings.COLUMNS) - set(rows.columns) - {"rang"}}))
    out.attrs = {"vergleich": "V", "parameters": findings.parameters()}
    shown = present.readable(out, "de").set_index("ort")
    assert (shown.loc[["Halb", "Wackel"], "art"] == "Lage unsicher").all() and shown.loc["Stabil", "art"] == "Potenzial"
    assert "Rang 1–43 von 149" in shown.loc["Wackel", "aussage"] and "in 24 % der Läufe: Lage unsicher" in shown.loc["Wackel", "aussage"]
    assert "in 54 % der Läufe: Lage unsicher (stabil erst ab 90 %" in shown.loc["Halb", "aussage"]
    assert "Lage unsicher: mit den Basisgewichten" in shown.loc["Wackel", "regel_text"]
    assert "in 95 % der Läufe: Lage stabil" in shown.loc["Stabil", "aussage"]
    assert not shown["art"].str.contains("Kein wesentlicher").any()
    # no measure rests on an uncertain position (review 2 item 24: Goosefeld, Nübbel)
    assert (shown.loc[["Halb", "Wackel"], "massnahmen"] == "").all() and shown.loc["Stabil", "massnahmen"]
    assert set(present.readable(out, "en").set_index("ort").loc[["Halb", "Wackel"], "art"]) == {"Position uncertain"}


def test_the_alq_gap_is_context_and_alq_auslaender_is_ranked(all_findings):
    # review 2 item 15: the gap (ALQ Ausländer − ALQ insgesamt) and ALQ Ausländer are one fact
    by_key = all_findings.set_index("kennzahl")
    gap, rate = by_key.loc["alq_abstand"], by_key.loc["alq_auslaender"]
    assert gap["klasse"] == "context" and gap["regel"] == "abgeleitet" and pd.isna(gap["rang"])
    assert rate["klasse"] == "challenge" and not pd.isna(rate["rang"])
    # the gap is that rate minus the rate of all (same year, same region)
    assert gap["jahr"] == rate["jahr"]
    assert gap["wert"] == pytest.approx(rate["wert"] - gap["details"]["alq"], abs=0.05)
    reason = present.readable(all_findings, "de").set_index("kennzahl").loc["alq_abstand", "regel_text"]
    assert "nicht gerankt" in reason and "Arbeitslosenquote Ausländer" in reason
    assert "wird nicht gerankt" in present.findings_html(all_findings, "de")


def test_cost_arithmetic_carries_its_unit(all_findings):
    gem = all_findings[all_findings["kennzahl"] == "potenzial_gemeinde"]
    assert len(gem) == findings.TOP_GEMEINDEN and (gem["ebene"] == "Gemeinde").all()
    costed = all_findings[all_findings["kosten_eur"].notna()]
    assert not costed.empty and (costed["kosten_einheit"] != "").all()
    kreis = all_findings[all_findings["kennzahl"] == "last_steuerkraft"]
    assert sorted(kreis["ort"]) == sorted(["Kiel, Landeshauptstadt", "Neumünster, Stadt", "Plön",
                                           "Rendsburg-Eckernförde"])




def test_headline_polarity_agrees_with_the_catalogue_where_the_headline_is_one_indicator():
    # a headline without a denominator is the catalogue indicator itself: one polarity, not two
    for h in compare.HEADLINES:
        if not h.denominator:
            assert h.polarity == wla.data.entry(h.numerator)["polarity"], h.key


def test_dwellings_per_inhabitant_are_context_like_the_catalogue():
    # a high ratio is room for newcomers and the holiday-home screen's marker at once
    # (housing.holiday_screen): neither a potential nor a challenge, with the catalogue's reason
    h = compare.headline("wohnungen_je_1000")
    entry = wla.data.entry("wohnungen")
    assert h.polarity == entry["polarity"] == "context"
    assert h.polarity_reason == entry["polarity_reason"] and "holiday" in h.polarity_reason
    mine, theirs, de = (compare.value(h, findings.resolve_region(r), 2022)["value"]
                        for r in ("kielregion", "coburg", "deutschland"))
    assert not np.isnan(mine) and not np.isnan(theirs)
    assert findings.classify(mine, theirs, de, h.polarity, h.unit)["klasse"] == "context"


def test_each_finding_carries_its_own_sources_directly_under_it(all_findings):
    """N8: the sources of a finding are a paragraph of their own inside its list item; the
    MORO funding finding lists its grant sources, never the school-leaver table 21111."""
    import re
    page = present.findings_html(all_findings, "de", "kielregion", "coburg")
    items = re.findall(r"<li>(.*?)</li>", page, flags=re.S)
    assert len(items) == len(all_findings)
    for item in items:
        assert re.fullmatch(r'<p>.*?</p><p class="wla-source">Quelle: .*</p>', item, flags=re.S)
    moro = [i for i in items if "MORO" in i.split('<p class="wla-source">')[0]]
    assert moro
    for item in moro:
        own = item.split('<p class="wla-source">')[1]
        assert "21111" not in own and "kielregion.de" in own


def test_as_above_points_only_at_the_finding_directly_above(all_findings):
    """Review 4 #6: "Quelle: wie oben" under the nationality finding pointed at a tax-capacity
    source further up. A line left out as "wie oben" must stand under the finding directly above;
    the per-Kreis load findings cite the rows their amount rests on (federal decision, its legal
    basis, the Land's pass-on), not the AsylbLG reimbursement ordinance."""
    import html as htmlmod
    import re
    from wla.present.sources import lines as source_lines
    page = present.findings_html(all_findings, "de", "kielregion", "coburg")
    items = re.findall(r'<li>.*?<p class="wla-source">(.*?)</p></li>', page, flags=re.S)
    assert len(items) == len(all_findings)
    previous, as_above = set(), 0
    for item, quellen in zip(items, all_findings["quellen"]):
        own = set(source_lines(quellen, "de"))
        printed = {htmlmod.unescape(x).removeprefix("Quelle: ") for x in item.split("<br>")}
        left_out = own - printed
        if left_out:
            as_above += 1
            assert "wie oben" in printed and left_out <= previous
        else:
            assert "wie oben" not in printed
        previous = own
    assert as_above  # the rule is exercised on the default pair
    loads = all_findings[all_findings["kennzahl"] == "last_steuerkraft"]
    assert len(loads) == 4  # Kiel, Neumünster, Plön, Rendsburg-Eckernförde
    for quellen in loads["quellen"]:
        shown = " ".join(source_lines(quellen, "de"))
        assert "Beschluss" in shown and "Erstattung" not in shown


def test_facility_outcomes_carry_the_caveat_where_no_host_is_known():
    """Review 4 #7: Nordfriesland's pending-status share (17.8 %, Germany 12.8 %) came without
    a caveat, as its Landesunterkunft Seeth is not in the facility list; now every finding on an
    outcome the state facilities carry says so when no host is named for either side."""
    base = {"kennzahl": "offen_anteil", "jahr": 2024, "ort": "Nordfriesland", "wert": 17.8, "vergleichswert": 3.0,
            "deutschland": 12.8, "regel": "kontext", "klasse": "context", "grund": "kontext"}
    plain = present.statement(pd.Series({**base, "details": {"dezimalen": 1}}), "Kronach", "de")
    assert "Vorbehalt: Kreiswerte zählen auch die Menschen in Aufnahmeeinrichtungen" in plain
    english = present.statement(pd.Series({**base, "details": {"dezimalen": 1}}), "Kronach", "en")
    assert "Caveat: district values also count the people in state reception facilities" in english
    hosted = present.statement(pd.Series({**base, "details": {"dezimalen": 1, "region_ohne_einrichtung": 4.6}}),
                               "Kronach", "de", {"ohne_einrichtung": "Nordfriesland"})
    assert "Vorbehalt" not in hosted
    other = present.statement(pd.Series({**base, "kennzahl": "alq_auslaender", "details": {"dezimalen": 1}}),
                              "Kronach", "de")
    assert "Vorbehalt" not in other


def test_the_rule_says_where_the_reference_year_comes_from():
    """Review 4 #16: "Bezugsjahr 2024" beside ALQ 2025 — without --jahr the rule says the year is
    the newest of the protection-seeker counts (12531 newest edition: 31.12.2024) and that later
    indicator years stand with their year; with --jahr the sentence is not needed."""
    newest = present.rule_text(findings.parameters(), "R", "V", "de")
    assert "Bezugsjahr 2024 ist das neueste Jahr der Schutzsuchenden-Statistik" in newest
    given = present.rule_text(findings.parameters(2021), "R", "V", "de")
    assert "Bezugsjahr 2021" in given and "neueste Jahr der Schutzsuchenden" not in given


def test_facility_variant_of_a_finding_takes_the_hosts_of_the_figures_year(all_findings):
    """Review 4 #23: AsylbLG 2020 'without the facility hosts' used the 2023 listing (Rendsburg,
    first listed 2023). Issue 8: nor does a 2015 listing decide 2020 (a listing holds for its year
    and the 2 after): the 2020 figure has no variant and says the hosts are unknown; the 2024
    pending share leaves out Neumünster and Rendsburg-Eckernförde (their 2023 entries)."""
    rows = all_findings.set_index("kennzahl")
    asyl, offen = rows.loc["asyl_je_1000"], rows.loc["offen_anteil"]
    assert asyl["jahr"] == 2020 and offen["jahr"] == 2024
    assert asyl["details"]["region_ohne_einrichtung_label"] == "" and np.isnan(asyl["details"]["region_ohne_einrichtung"])
    assert [u["kreis"] for u in asyl["details"]["region_ohne_einrichtung_unbekannt"]] == ["01002", "01004", "01057"]
    # Kiel's 2023 entry is a planned site (review 5 #2): Kiel stays in the 2024 variant
    assert offen["details"]["region_ohne_einrichtung_label"].endswith("(verbleibend: Kiel, Landeshauptstadt, Plön)")
    row = all_findings[all_findings["kennzahl"] == "asyl_je_1000"].iloc[0]
    text = present.statement(row, "Landkreis Coburg", "de", all_findings.attrs.get("variants"))
    assert "verbleibend" not in text and "ist unbekannt, ob dort 2020 eine belegte Einrichtung lag" in text


def test_english_finding_sentences_write_percent_without_a_space():
    """Review 4 #19: "16.9 %" in English sentences beside "35.2%" elsewhere: one style per language."""
    row = pd.Series({"kennzahl": "alq_auslaender", "jahr": 2025, "ort": "A", "wert": 16.94, "vergleichswert": 11.4,
                     "deutschland": 14.8, "regel": "deutschland", "klasse": "challenge", "grund": "",
                     "details": {"dezimalen": 1}})
    english = present.statement(row, "B", "en")
    assert "A 16.9% – above Germany (14.8%" in english and " %" not in english
    assert "A 16,9 % – über Deutschland (14,8 %" in present.statement(row, "B", "de")


def test_a_top_gemeinde_without_vacancy_above_the_national_median_is_no_potential(all_findings):
    """Review 5 #1: Ehndorf (Rendsburg-Eckernförde) led the KielRegion's settlement index with
    3.7 % vacancy (Zensus 2022, 270 dwellings: about 10 vacant) — below the median of all
    Gemeinden in Germany that the vacancy finding uses; a rank inside the region, no potential."""
    raw = pd.read_csv(raw_dir() / "gemeinden" / "gerdapkg_census_2022_internal_EXTRACT.csv", dtype={"ags": str})
    median = raw["vacancy_rate_census22"].median()
    ehndorf = raw.loc[raw["ags"] == "01058044", "vacancy_rate_census22"].item()
    assert ehndorf == 3.7 and ehndorf <= median
    row = all_findings[(all_findings["kennzahl"] == "potenzial_gemeinde") & (all_findings["ort"] == "Ehndorf")].iloc[0]
    assert (row["klasse"], row["regel"]) == ("context", "potenzial_leerstand")
    assert row["details"]["schwelle"] == pytest.approx(median, abs=0.05)
    text = present.reason(row, "Landkreis Coburg", findings.parameters(), "de")
    assert text.startswith("Kontext, kein Potenzial") and "(3,7 %)" in text
    assert all_findings.loc[all_findings["klasse"] == "potential", "kennzahl"].ne("potenzial_gemeinde").all()


def test_a_growing_top_gemeinde_is_no_potential():
    """Review 6 #1: Wittbek (Nordfriesland) led the index but grew from 792 (31.12.2013) to 800
    inhabitants (31.12.2023, Gemeindeverzeichnis); potential means newcomers where inhabitants are
    missing, so a growing Gemeinde is context (rule potenzial_wachsend) and grounds no measure."""
    def people(fname):
        sheet = pd.read_excel(raw_dir() / "gemeinden" / fname, sheet_name=1, header=None, dtype=str)
        return int(sheet.loc[sheet[7].fillna("").str.startswith("Wittbek"), 9].item())
    start, end = people("gerda_destatis_31122013_Auszug_GV.xlsx"), people("gerda_destatis_31122023_Auszug_GV.xlsx")
    assert (start, end) == (792, 800)
    rows = findings.findings("01054", "09476", theme="wohnen")
    row = rows[(rows["kennzahl"] == "potenzial_gemeinde") & (rows["ort"] == "Wittbek")].iloc[0]
    assert (row["klasse"], row["regel"]) == ("context", "potenzial_wachsend")
    assert row["details"]["veraenderung"] == pytest.approx((end - start) / start * 100, abs=0.05)
    assert present.reason(row, "Kronach", findings.parameters(), "de").startswith(
        "Kontext, kein Potenzial: stabil unter den obersten 3 Gemeinden")


def test_a_top_gemeinde_that_is_a_centre_is_not_zero_km_from_itself():
    """Review 6: "0 km to Osterode" for Osterode am Harz, itself a Mittelzentrum."""
    details = {"gemeinde": "Osterode am Harz", "kreis": "Göttingen", "rang_min": 1, "rang_max": 4, "n": 30,
               "top_anteil": 95.0, "top": 3, "spread": 50.0, "wert": 70.0, "leerstand": 6.0, "leer": 300.0,
               "start": 2017, "end": 2023, "veraenderung": -3.0, "typ": "Mittelstadt", "zentrum": "Osterode am Harz",
               "km": 0.2}
    row = pd.Series({"kennzahl": "potenzial_gemeinde", "ort": "Osterode am Harz", "details": details})
    assert "itself a centre (Osterode am Harz)" in present.statement(row, "Kronach", "en")
    assert "0 km" not in present.statement(row, "Kronach", "en")
    away = present.statement(pd.Series({**row, "details": {**details, "km": 6.0, "zentrum": "Neumünster"}}), "K", "de")
    assert "6 km bis Neumünster" in away
