"""A fair frame for a pair: Stadt + Landkreis, the region without its reception-facility host."""
from __future__ import annotations

import pytest

import wla
from wla.analysis import compare
from wla.regions import region


def test_the_kreisfreie_stadt_inside_a_landkreis_is_found_from_the_geometry():
    assert compare.enclosed_cities(region("coburg")) == ["09463"]
    assert compare.enclosed_cities(region("kielregion")) == []
    both = compare.with_enclosed_cities(region("coburg"))
    assert set(both.kreise) == set(region("coburg_stadt_land").kreise)


def test_the_facility_host_is_derived_from_the_facilities_list():
    from wla import store

    fac = store.einrichtungen()
    fac = fac[fac["art"].str.contains("Erstaufnahme|Ankunftszentrum") & fac["in_kielregion"]]
    newest = fac.sort_values("stand_datum").groupby("ort").last()
    places = newest.groupby(newest["kreis"].astype(str).str.zfill(5))["plaetze"].sum()
    pop = wla.load("bevoelkerung_z22", "kielregion", category="insgesamt")
    pop = pop[pop["year"] == pop["year"].max()].set_index("ags")["value"]
    expected = (places / pop.reindex(places.index)).idxmax()
    hosts = compare.facility_hosts(region("kielregion"))
    assert hosts["kreis"].iloc[0] == expected
    lean = compare.without_facility_host(region("kielregion"))
    assert expected not in lean.kreise and len(lean.kreise) == 3
    assert compare.facility_hosts(region("coburg")).empty
    assert compare.without_facility_host(region("coburg")) is None


def test_fair_frame_values_are_region_totals():
    frame = compare.fair_frame("kielregion", "coburg", ["offen_anteil", "ohne_abschluss"])
    lean = frame[(frame["kennzahl"] == "offen_anteil") & (frame["variante"] == "ohne_einrichtung")].iloc[0]
    codes = lean["ags"].split(",")
    year = int(lean["jahr"])
    offen = wla.region_total("schutzsuchende", codes, year, "offen")["value"].iloc[0]
    alle = wla.region_total("schutzsuchende", codes, year)["value"].iloc[0]
    assert lean["wert"] == pytest.approx(offen / alle * 100)
    # the facility variant only for the outcomes the facilities carry
    assert not ((frame["kennzahl"] == "ohne_abschluss") & (frame["variante"] == "ohne_einrichtung")).any()
    city = frame[(frame["kennzahl"] == "ohne_abschluss") & (frame["variante"] == "mit_stadt")]
    assert len(city) == 1 and set(city["ags"].item().split(",")) == {"09463", "09473"}
    kreise = frame[(frame["kennzahl"] == "ohne_abschluss") & (frame["variante"] == "kreis")]
    assert set(kreise["ags"]) == {"01002", "01004", "01057", "01058", "09463", "09473"}
    assert frame.attrs["sources"]


def test_programme_regions_and_frame_words():
    from wla.present import findings as present

    assert compare.programme_region(region("kielregion")) == "kielregion"
    assert compare.programme_region(region("coburg")) == "landkreis_coburg"
    notes = present.frame_notes("kielregion", "coburg", lang="en")
    assert any("not effects" in n for n in notes) and any("model regions" in n for n in notes)
    table = present.fair_frame_table(compare.fair_frame("kielregion", "coburg", ["offen_anteil"]), "de")
    assert "KielRegion" in table.columns and "Landkreis Coburg" in table.columns


def test_findings_carry_the_fair_frame_values():
    from wla.analysis import findings

    f = findings.findings("kielregion", "coburg", "bevoelkerung").set_index("kennzahl")
    frame = compare.fair_frame("kielregion", "coburg", ["offen_anteil"]).set_index("variante")
    details = f.loc["offen_anteil", "details"]
    assert details["region_ohne_einrichtung"] == pytest.approx(frame.loc["ohne_einrichtung", "wert"])
    assert details["vergleich_mit_stadt"] == pytest.approx(frame.loc["mit_stadt", "wert"])
