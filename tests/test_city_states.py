"""Berlin and Hamburg are Kreise in every table (wla.snapshot.city_states).

The Regionaldatenbank and Regionalstatistik downloads at the depth "Kreise und krfr. Städte" print
Berlin and Hamburg once, as the Land rows ``11`` and ``02``; the snapshot keys them as Kreise
``11000`` and ``02000`` like INKAR and the AZR do. Expected values are read here from the raw
files with the csv module, independently of wla's readers.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import wla
from wla.analysis import benchmark, compare, profile
from wla.exceptions import NoDataError, NotCoveredError
from wla.present import findings as present
from wla.paths import raw_dir
from wla.snapshot.city_states import CITY_STATES, as_kreise

RAW = raw_dir() / "kreise"


def _raw_rows(name: str) -> list[list[str]]:
    """Data rows (year;code;name;values…) of a GENESIS table CSV, read with the csv module."""
    with open(RAW / name, encoding="latin-1") as f:
        return [r for r in csv.reader(f, delimiter=";") if r and r[0].strip().isdigit() and len(r) > 3]


def _number(cell: str) -> float | None:
    cell = cell.strip().replace(".", "").replace(",", ".")
    try:
        return float(cell)
    except ValueError:
        return None


def _column(rows, col: int) -> dict[str, float | None]:
    return {r[1].strip(): _number(r[col]) for r in rows}


def test_city_states_are_the_lands_of_one_kreis():
    # the constant agrees with the Gemeindeverzeichnis: Länder with exactly one Kreis, keyed <land>000
    g = wla.store.kreise()
    newest = g[g["edition"] == g["edition"].max()]
    single = newest.groupby("land")["kreis"].agg(list)
    single = {land: ks[0] for land, ks in single.items() if len(ks) == 1}
    assert single == CITY_STATES == wla.regions.city_states()


def test_vocational_leavers_berlin_hamburg_and_the_kreis_sum():
    # 21121-02-02-4, leavers of vocational schools 2023, first value column (both sexes, total)
    col = _column(_raw_rows("buddemax_destatis_21121-02-02-4.csv"), 3)
    assert col["11"] == 6153 and col["02"] == 3204
    for land, kreis in (("11", "11000"), ("02", "02000")):
        got = wla.load("schulabgaenger_beruflich", kreis, years=2023, category="insgesamt")
        assert got["value"].tolist() == [col[land]]
    every = wla.load("schulabgaenger_beruflich", years=2023, category="insgesamt")
    raw_sum = sum(v for c, v in col.items() if len(c) == 5 and v) + col["11"] + col["02"]
    assert every["value"].sum() == raw_sum == 222636
    # the table's own Germany row: 222,742 — Kreise and the Germany row differ by 106 (0.05 %), not 9,463
    assert abs(raw_sum - col["DG"]) / col["DG"] < 0.001


def test_unemployed_2025_sum_of_kreise_meets_the_germany_row():
    col = _column(_raw_rows("buddemax_destatis_13211-02-05-4.csv"), 3)
    every = wla.load("arbeitslose", years=2025, category="insgesamt")
    assert set(CITY_STATES.values()) <= set(every["ags"])
    assert abs(every["value"].sum() - col["DG"]) / col["DG"] < 0.0001  # 2,948,103 vs 2,948,092


def test_foreign_pupils_share_over_all_kreise_is_the_published_one():
    # issue 8: "foreign pupils 15.1 % shown, 15.4 % published" — the Kreise sum now meets the Germany row
    pupils = wla.load("schueler", years=2023, category=None)
    foreign = wla.load("schueler_auslaender", years=2023, category=None)
    assert "11000" in set(pupils["ags"]) and "02000" in set(foreign["ags"])
    assert round(foreign["value"].sum() / pupils["value"].sum() * 100, 1) == 15.4


def test_as_kreise_adds_only_missing_kreis_rows():
    rows = pd.DataFrame({"ags": ["02", "11", "11000", "04"], "level": ["land", "land", "kreis", "land"],
                         "year": 2023, "indicator": "x", "category": "insgesamt", "value": [1.0, 2.0, 3.0, 4.0],
                         "flag": ""})
    out = as_kreise(rows, ["x"])
    kreis = out[out["level"] == "kreis"].set_index("ags")["value"].to_dict()
    assert kreis == {"11000": 3.0, "02000": 1.0}  # Berlin's own Kreis row kept, Bremen (04) untouched
    assert as_kreise(rows, ["y"]).equals(rows)  # an indicator without Kreis level gets none


def test_berlin_hamburg_pair_has_values_and_ranks():
    rows = profile.asylum_recipients(compare.table_regions(wla.region("11000"), wla.region("02000")))
    table = present.asylum_table(rows, "de").set_index("Gebiet")
    assert not table.loc["Berlin"].isna().all() and not table.loc["Hamburg"].isna().all()
    b = benchmark.benchmark("11000", "02000")
    alq = b[(b["region"] == "Berlin") & (b["outcome"] == "alq_auslaender") & (b["gruppe"] == "deutschland")]
    assert alq["wert"].round(1).tolist() == [17.8]  # 13211-02-05-4, row "11 Berlin", 2025
    assert alq["rank"].notna().all()


def test_a_region_outside_a_table_is_named_not_a_crash():
    # the AZR counts the Saarland Kreise inside Saarlouis: the citizenship table has no row for them
    with pytest.raises(NotCoveredError, match="Regionalverband Saarbrücken"):
        wla.load("schutzsuchende_staatsangehoerigkeit", "10041", category="insgesamt")
    from wla.analysis.indicators import rate_series

    with pytest.raises(NoDataError, match="no category 'insgesamt'"):  # a wrong category still fails loudly
        rate_series("schutzsuchende_staatsangehoerigkeit", ["01002"], category="insgesamt")


def test_municipal_debt_of_a_city_state_is_set_aside_not_zero():
    # INKAR prints municipal debt 0.00 for Hamburg 2015/2016/2019 and Berlin 2019: their debt is the Land's
    for ags in ("02000", "11000"):
        rows = wla.load("kommunale_schulden_je_ew", ags, years=2019)
        assert rows["value"].isna().all() and rows["flag"].tolist() == ["q"]
    # a debt-free city keeps its published 0 (Wolfsburg 03103 in 2016, Dresden 14612 in 2019)
    for ags, year in (("03103", 2016), ("14612", 2019)):
        assert wla.load("kommunale_schulden_je_ew", ags, years=year)["value"].tolist() == [0.0]
    from wla.paths import data_dir

    quality = pd.read_csv(data_dir() / "quality.csv", dtype={"ags": str})
    hit = quality[(quality["indicator"] == "kommunale_schulden_je_ew") & quality["ags"].isin(["02000", "11000"])]
    assert set(hit["year"]) == {2015, 2016, 2019} and (hit["value"] == 0).all()


def test_a_city_state_passes_nothing_on_to_municipalities():
    from wla.analysis import finance, findings
    from wla.present import finance as show
    from wla.present import findings as befund

    rules = finance.flat_payment(["11000", "01002"]).set_index(["land", "groesse"])
    assert (rules.loc["11", "status"] == finance.NOT_APPLICABLE).all() and rules.loc["11", "value"].isna().all()
    assert rules.loc[("01", "weitergabe_eur"), "value"] == 6750  # SH: 90 % of 7,500 EUR (finanzparameter.csv)
    shown = show.flat_payment_table(finance.flat_payment(["11000"]), wla.store.names(), "de")
    assert shown.iloc[1:, 2].tolist() == ["entfällt"] * 3 and shown.iloc[1:, 3].tolist() == [""] * 3
    assert shown.iloc[0, 2] == "7.500"  # the federal payment to the Land stays a number
    berlin, hamburg = wla.region("11000"), wla.region("02000")
    table = show.catalogue(berlin, hamburg, befund.readable(findings.findings(berlin, hamburg), "de"), "de")
    assert table.attrs["nicht_anwendbar"] == ["Bundes- und Landesmittel für Integration an die Kommunen weitergeben"]
    assert "Asylverfahrensberatung und frühe Sprachkurse" in set(table["titel"])
    # the AsylbLG line only where the measure is about those costs (financial planning), not counselling (REVIEW9 #10)
    assert "Land trägt 100 % (Stadtstaat)" in " ".join(
        table.loc[table["titel"] == "Integrationskosten in der Finanzplanung ausweisen", "kosten_rechnung"])
    assert "AsylbLG" not in " ".join(
        table.loc[table["titel"] == "Asylverfahrensberatung und frühe Sprachkurse", "kosten_rechnung"])
    # who acts: in a city state no "Kreis bzw. kreisfreie Stadt" and no "Gemeinden" (no such bodies there)
    actors = set(table["akteur"])
    assert not any("Kreis bzw." in a or "Gemeinden" in a for a in actors)
    assert "Land als Stadtstaat (Jugendämter der Bezirke), Kita-Träger" in actors
    english = show.catalogue(berlin, hamburg, befund.readable(findings.findings(berlin, hamburg), "en"), "en")
    assert not any("District or district-free city" in a for a in english["akteur"])


def test_a_kreis_keeps_its_kreis_actors():
    from wla.analysis import findings
    from wla.present import finance as show
    from wla.present import findings as befund

    kiel, coburg = wla.region("kielregion"), wla.region("09473")
    table = show.catalogue(kiel, coburg, befund.readable(findings.findings(kiel, coburg), "de"), "de")
    assert "Kreis bzw. kreisfreie Stadt (Jugendamt), Kita-Träger" in set(table["akteur"])
    assert not any("Stadtstaat" in a for a in table["akteur"])


def test_germany_municipal_debt_leaves_out_the_city_states():
    # weighted by INKAR population over every Kreis but Berlin and Hamburg (their 0.00 is no debt-free city)
    debt = wla.load("kommunale_schulden_je_ew", level="kreis", years=2019).set_index("ags")["value"]
    pop = wla.load("bevoelkerung_inkar", level="kreis", years=2019, category="insgesamt").set_index("ags")["value"]
    kept = debt.drop(["02000", "11000"])
    assert kept.notna().all()
    expected = (kept * pop.reindex(kept.index)).sum() / pop.reindex(kept.index).sum()
    total = wla.region_total("kommunale_schulden_je_ew", "deutschland", 2019).iloc[0]
    assert total["value"] == pytest.approx(expected) and round(total["value"]) == 1533
    assert "without the city states" in total["note"]


def test_a_row_without_verdict_is_labelled_so():
    # Berlin's net rent: Germany k. A. (no national Zensus value in the snapshot), 16 % below Hamburg — no verdict
    from wla.analysis import findings
    from wla.present import findings as befund

    rows = befund.readable(findings.findings(wla.region("11000"), wla.region("02000")), "de")
    rent = rows[(rows["ort"] == "Berlin") & (rows["kennzahl"] == "nettokaltmiete")]
    assert rent["regel"].tolist() == ["ohne_deutschland"] and rent["art"].tolist() == ["Ohne Urteil"]
    from types import SimpleNamespace

    band = SimpleNamespace(klasse="neutral", regel="band")  # inside the band: a tested result, not "no verdict"
    assert befund.class_label(band, "de") == "Kein wesentlicher Unterschied"
    assert befund.class_label(SimpleNamespace(klasse="neutral", regel="vergleich_klein"), "en") == "No verdict"


def test_a_chart_names_the_values_the_screen_left_out(monkeypatch):
    import matplotlib.pyplot as plt

    from wla.analysis import compare
    from wla.notebook import setup
    from wla.present import tables

    got = {}
    monkeypatch.setattr(tables, "show_figure", lambda fig, sources, **kw: got.update(kw))
    monkeypatch.setattr(tables, "say", lambda text: None)
    ctx = setup("11000", "02000", None, "de")
    rows = profile.share_series("asylbewerber_je_1000", compare.table_regions(ctx.region, ctx.vergleich))
    ctx.figure(plt.figure(), rows, alt="test")
    assert "Ausgelassen als unplausibel" in got["note"] and "2015" in got["note"] and "Berlin" in got["note"]
    got.clear()
    ctx.figure(plt.figure(), rows[rows["year"] != 2015], alt="test")
    assert not got["note"]


def test_the_asylum_table_says_which_kreise_the_later_years_cover():
    # the bundled 22811 extract (kartenwerk …_EXTRACT_kielregion_coburg.csv) holds 2022 and 2024 for six Kreise
    import csv

    path = RAW / "kartenwerk_destatis_22811-01-01-4_mindestsicherung_2010-2024_EXTRACT_kielregion_coburg.csv"
    with open(path, encoding="utf-8") as f:
        raw = [r for r in csv.DictReader(f) if r["asylblg_regelleistungen"] not in ("", "-", ".")]
    later = {r["kreis_code"] for r in raw if r["stichtag"][:4] in ("2022", "2024")}
    cover = profile.recipients_coverage()
    assert cover["alle_bis"] == 2019 and cover["jahre"] == [2022, 2024]
    assert set(cover["kreise"]) == later == {"01002", "01004", "01057", "01058", "09463", "09473"}
    assert profile.recipients_coverage(2019)["jahre"] == []
