"""A side that is a single Gemeinde (Berlin, Hamburg): Gemeinde-level methods do not apply.

Counts and populations are read here from the raw Gemeindeverzeichnis xlsx files (layout in
../shared/data/gemeinden/SOURCES.md), independently of wla's readers.
"""
from __future__ import annotations

import pandas as pd
import pytest

import wla
from wla.analysis import profile
from wla.notebook import Context
from wla.paths import raw_dir
from wla.present import findings as present
from wla.present import tables

RAW = raw_dir() / "gemeinden"


def _raw_gv(name: str) -> pd.DataFrame:
    """Gemeinden of a raw GV extract (Satzart 60, without the gemeindefreie Gebiete of
    Textkennzeichen 66): AGS and population."""
    raw = pd.read_excel(RAW / name, sheet_name=1, header=None, skiprows=6, dtype=str)
    rows = raw[(raw[0] == "60") & (raw[1] != "66")]
    ags = rows[2].str.zfill(2) + rows[3].str.zfill(1) + rows[4].str.zfill(2) + rows[6].str.zfill(3)
    return pd.DataFrame({"ags": ags.values, "einwohner": rows[9].astype(float).values})


@pytest.fixture(scope="module")
def gv2023():
    return _raw_gv("gerda_destatis_31122023_Auszug_GV.xlsx")


@pytest.fixture
def said(monkeypatch):
    """The Markdown texts a Context says, in order."""
    out = []
    monkeypatch.setattr(tables, "say", out.append)
    return out


@pytest.mark.parametrize("code, n", [("11000", 1), ("02000", 1), ("09473", 17)])
def test_single_gemeinde_follows_the_gemeindeverzeichnis(gv2023, code, n):
    """Berlin and Hamburg are one Gemeinde each in the GV 31.12.2023, Landkreis Coburg has 17."""
    assert (gv2023["ags"].str[:5] == code).sum() == n
    assert wla.region(code).single_gemeinde(2023) is (n == 1)


def test_gemeinde_sides_keeps_coburg_and_says_why_berlin_has_no_map(gv2023, said):
    """Berlin vs Landkreis Coburg: Coburg keeps its Gemeinde section, Berlin gets one sentence
    with its population change 2013–2023 as the raw GV files give it (+10,5 %)."""
    berlin, coburg = wla.region("11000"), wla.region("09473")
    ctx = Context(berlin, coburg, None, "de")
    gv2013 = _raw_gv("gerda_destatis_31122013_Auszug_GV.xlsx")
    before = gv2013.loc[gv2013["ags"] == "11000000", "einwohner"].item()
    after = gv2023.loc[gv2023["ags"] == "11000000", "einwohner"].item()
    expected = (after / before - 1) * 100
    assert round(expected, 1) == 10.5
    change = profile.population_change(berlin, 2013, 2023)
    sides = ctx.gemeinde_sides("bezug.eine_gemeinde_entwicklung", lambda r: {
        "start": 2013, "end": 2023, "wert": ctx.pct(change["veraenderung_prozent"].iloc[0], 1)})
    assert sides == [coburg]
    assert said == [f"Berlin ist eine einzige Gemeinde (Veränderung der Einwohnerzahl 2013–2023: "
                    f"{ctx.pct(expected, 1)}); die Gemeindekarte und die Zahl der Gemeinden mit "
                    "Einwohnerverlust vergleichen Gemeinden innerhalb einer Region und sind hier nicht anwendbar."]


def test_two_city_states_get_one_sentence_each_and_no_section(said):
    ctx = Context(wla.region("11000"), wla.region("02000"), None, "en")
    assert ctx.gemeinde_sides("bezug.eine_gemeinde_index") == []
    assert [s.split(" is ")[0] for s in said] == ["Berlin", "Hamburg"]
    assert all("settlement potential index ranks municipalities within a region" in s for s in said)


def test_findings_leave_out_the_vacancy_count_of_a_single_gemeinde():
    """"0 von 1 Gemeinden … rund 0 Wohnungen leer" is not printed for Berlin; Coburg's stays."""
    frame = pd.DataFrame({"kennzahl": ["leerstand_schrumpfung", "leerstand_schrumpfung", "leerstandsquote"],
                          "ort": ["Berlin", "Coburg, Landkreis", "Berlin"]})
    frame.attrs = {"until": None, "region": "Berlin"}
    kept = present.applicable(frame, wla.region("11000"), wla.region("09473", name="Coburg, Landkreis"))
    assert list(zip(kept["kennzahl"], kept["ort"])) == [("leerstand_schrumpfung", "Coburg, Landkreis"),
                                                       ("leerstandsquote", "Berlin")]
    assert kept.attrs["region"] == "Berlin"


# --- city states: every reception facility of the Land lies in its one Kreis (REVIEW7 #4) ----------
@pytest.mark.parametrize("land, code", [("11", "11000"), ("02", "02000")])
def test_a_city_state_is_a_land_of_one_kreis(gv2023, land, code):
    """In the raw GV 31.12.2023 all Gemeinden of Land 11 (02) lie in Kreis 11000 (02000)."""
    assert set(gv2023.loc[gv2023["ags"].str[:2] == land, "ags"].str[:5]) == {code}
    assert wla.region(code).city_states == (land,)
    assert wla.region("09473").city_states == () and wla.region("04011,04012").city_states == ()


def test_facility_notes_say_once_that_a_city_state_holds_all_its_facilities():
    """Berlin vs Hamburg: one note for both (not "für Berlin liegt keine vor" per side)."""
    notes = present.facility_notes("11000", "02000", "de")
    assert notes == [present.t("rahmen.einrichtungen_stadtstaat", "de", orte="Berlin und Hamburg")]
    assert "ein Land aus einem einzigen Kreis): Alle Aufnahmeeinrichtungen eines solchen Landes liegen in seinem einen Kreis" in notes[0]
    mixed = present.facility_notes("11000", "09473", "en")
    assert sum("city state" in n for n in mixed) == 1 and not any("none for Berlin" in n for n in mixed)


def test_a_city_state_finding_says_included_not_may_include():
    """The AsylbLG finding of Berlin vs Hamburg: "enthalten", never "kann … enthalten"."""
    from wla.analysis import findings as analysis

    frame = analysis.findings(wla.region("11000"), wla.region("02000"), "finanzen")
    shown = present.readable(frame, "de")
    row = shown[shown["kennzahl"] == "asyl_je_1000"]
    assert len(row) == 1
    text = row["aussage"].iloc[0]
    assert "Als Stadtstaaten haben Berlin und Hamburg alle Aufnahmeeinrichtungen" in text
    assert "kann Bewohnerinnen" not in text
