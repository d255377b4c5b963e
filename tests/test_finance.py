"""Finance: sourced assumptions, fiscal capacity against load, rent scenarios, funding per head."""
from __future__ import annotations

import math

import pytest

from wla import data
from wla.analysis import finance
from wla.exceptions import ParameterError


def test_assumptions_carry_their_source_and_are_not_statistics():
    assert finance.PAUSCHALE_JE_ERSTANTRAG.value == 7500
    assert finance.WEITERGABE_ANTEIL["01"].value == 0.9
    for a in (finance.PAUSCHALE_JE_ERSTANTRAG, *finance.WEITERGABE_ANTEIL.values(),
              finance.FOERDERUNG_KONZEPT, finance.FOERDERUNG_UMSETZUNG):
        assert "keine amtliche Statistik" in a.line() and a.source
    assert "7.500 EUR" in finance.PAUSCHALE_JE_ERSTANTRAG.line()
    assert list(finance.assumptions()["Parameter"])[:2] == ["pauschale_je_erstantrag", "weitergabe_anteil"]


def test_municipal_share_only_where_sourced():
    sh = finance.municipal_share("01")
    assert sh["value"] == pytest.approx(6750)  # 7,500 × 0.90
    assert math.isnan(finance.municipal_share("09")["value"])  # Bavaria: no sourced share, nothing guessed
    other = finance.Assumption("weitergabe_anteil", 0.5, "Anteil", "test", "test value", "2025")
    assert finance.municipal_share("09", anteil=other)["value"] == pytest.approx(3750)


def test_rent_scenario_arithmetic_on_real_values():
    frame, sources, meta = finance.rent_scenario("coburg", 10, gemeinden=["09473112"], personen_je_wohnung=2.0)
    r = frame.iloc[0]
    rent = data.load("nettokaltmiete_m2", "coburg", level="gemeinde").set_index("ags")["value"]["09473112"]
    space = data.load("wohnflaeche_je_ew", "coburg", years=2022, category="insgesamt")["value"].iloc[0]
    assert r["miete_m2"] == rent and r["flaeche_je_person"] == space
    assert r["miete_person_monat"] == pytest.approx(space * rent)
    assert r["miete_jahr"] == pytest.approx(12 * 10 * space * rent)
    assert r["wohnungen_benoetigt"] == pytest.approx(5.0)
    assert r["anteil_leerstand"] == pytest.approx(5.0 / (r["leerstandsquote"] * r["wohnungen"] / 100) * 100)
    assert math.isnan(r["monate_pauschale"])  # Bavaria: no sourced share
    assert any("q_wofl_bev" in s for s in sources) and "INKAR" in meta["flaeche"]


def test_rent_scenario_in_schleswig_holstein_counts_months_of_the_payment():
    frame, sources, _ = finance.rent_scenario("kielregion", 1, gemeinden=["01002000"], flaeche_je_person=30.0)
    r = frame.iloc[0]
    assert r["miete_person_monat"] == pytest.approx(30.0 * r["miete_m2"])
    assert r["monate_pauschale"] == pytest.approx(6750 / (30.0 * r["miete_m2"]))
    assert any(s.startswith("Annahme weitergabe_anteil") for s in sources)


def test_rent_scenario_refuses_bad_parameters():
    with pytest.raises(ParameterError, match="personen"):
        finance.rent_scenario("coburg", 0)
    with pytest.raises(ParameterError, match="flaeche_je_person"):
        finance.rent_scenario("coburg", 5, flaeche_je_person=-3)
    with pytest.raises(ParameterError, match="not in"):
        finance.rent_scenario("coburg", 5, gemeinden=["01002000"])


def test_fiscal_capacity_real_values_and_percentiles():
    frame, sources, meta = finance.fiscal_capacity("kielregion", "coburg")
    kiel = frame.set_index("ags").loc["01002"]
    tax = data.load("steuerkraft_je_ew", "01002", years=meta["jahr_steuerkraft"], category="insgesamt")
    assert kiel["steuerkraft"] == tax["value"].iloc[0]
    refugees = data.load("schutzsuchende", "01002", years=meta["jahr_je_1000"], category="insgesamt")["value"].iloc[0]
    pop = data.load("bevoelkerung_z22", "01002", years=meta["jahr_je_1000"], category="insgesamt")["value"].iloc[0]
    assert kiel["je_1000"] == pytest.approx(refugees / pop * 1000)
    assert kiel["gruppe"] == "KielRegion"
    assert frame.set_index("ags").loc["09473", "gruppe"] == "Landkreis Coburg"
    # percentile = share of Kreise with a value at or below (average ranks)
    ranked = frame["steuerkraft"].dropna()
    assert kiel["p_steuerkraft"] == pytest.approx(ranked.rank(pct=True)[frame.index[frame["ags"] == "01002"][0]] * 100)
    assert len(frame) >= 400 and len(sources) == 4


def test_funding_per_head():
    table, sources = finance.funding_per_head(["coburg"])
    r = table.iloc[0]
    pop = data.region_total("bevoelkerung_z22", "coburg")
    pop = pop[pop["year"] == pop["year"].max()]["value"].iloc[0]
    assert r["je_einwohner"] == pytest.approx(400_000 / pop)
    assert r["je_schutzsuchenden"] == pytest.approx(400_000 / r["schutzsuchende"])
    assert any("foerderung_konzeptphase" in s for s in sources)
