"""A fair frame for a pair: Stadt + Landkreis, the region without its reception-facility host."""
from __future__ import annotations

import pytest

import wla
from wla.analysis import compare
from wla.paths import raw_dir
from wla.regions import region


def test_the_kreisfreie_stadt_inside_a_landkreis_is_found_from_the_geometry():
    assert compare.enclosed_cities(region("coburg")) == ["09463"]
    assert compare.enclosed_cities(region("kielregion")) == []
    both = compare.with_enclosed_cities(region("coburg"))
    assert set(both.kreise) == set(region("coburg_stadt_land").kreise)


def _hosts_from_the_raw_list(kreise) -> set[str]:
    """Kreise hosting a listed facility whose newest listing does not say it is on standby,
    read from the raw list (../shared/data/einrichtungen), not through the snapshot."""
    newest = {}
    lines = (raw_dir() / "einrichtungen" / "landesunterkuenfte_sh.csv").read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        f = line.split(";")
        place, kreis, stand, hinweis = f[0], f[2], f[6], f[-1]
        if place not in newest or stand > newest[place][1]:
            newest[place] = (kreis, stand, hinweis)
    return {k for k, _, h in newest.values() if k in kreise and "ohne Belegung" not in h}


def test_every_kreis_with_a_facility_in_use_is_a_host_and_standby_is_not():
    kiel = region("kielregion")
    expected = _hosts_from_the_raw_list(kiel.kreise)
    assert expected == {"01002", "01004", "01058"}          # Lütjenburg (Plön 01057) is on standby
    hosts = compare.facility_hosts(kiel)
    assert set(hosts["kreis"]) == expected and "01057" not in set(hosts["kreis"])
    lean = compare.without_facility_host(kiel)
    assert lean.kreise == ("01057",)
    # the Land: Boostedt (Segeberg, 2,500 places) is a host too
    sh = region("01")
    assert set(compare.facility_hosts(sh)["kreis"]) == _hosts_from_the_raw_list(sh.kreise) >= {"01060"}
    assert not set(compare.without_facility_host(sh).kreise) & _hosts_from_the_raw_list(sh.kreise)
    assert compare.facility_hosts(region("coburg")).empty
    assert compare.without_facility_host(region("coburg")) is None
    # a region made only of hosts has no "without" variant
    assert compare.without_facility_host(region(["01004"])) is None


def test_a_land_the_list_does_not_cover_says_so():
    from wla.analysis import profile
    from wla.present import findings as present

    assert compare.facility_list_laender() == ["01"]
    assert profile.facility_coverage("13") == {"covered": ["Schleswig-Holstein"], "missing": ["Mecklenburg-Vorpommern"]}
    assert profile.facility_coverage("kielregion")["missing"] == []
    notes = present.frame_notes("01", "13", lang="de")
    assert any("Die Liste der Erstaufnahmeeinrichtungen umfasst nur Schleswig-Holstein; für Mecklenburg-Vorpommern "
               "liegt keine vor" in n for n in notes)
    assert not any("umfasst nur" in n for n in present.frame_notes("kielregion", "01054", lang="de"))


def test_the_kielregion_remark_of_the_list_stays_out_of_other_regions():
    from wla.analysis import profile

    sites = profile.facilities("01")
    assert not sites["hinweis"].str.contains("KielRegion").any()
    assert sites.set_index("ort").loc["Boostedt", "hinweis"] == "liegt im Kreis Segeberg"


def test_the_region_without_its_hosts_has_every_headline_from_its_totals():
    from wla.analysis.indicators import population_id
    from wla.present import findings as present

    # review item 15: "KielRegion − Neumünster" showed k. A. for Schutzsuchende je 1.000 and leavers
    frame = compare.fair_frame("kielregion", "coburg", ["schutzsuchende_je_1000", "ohne_abschluss"])
    lean = frame[frame["variante"] == "ohne_einrichtung"].set_index("kennzahl")
    assert lean["wert"].notna().all() and set(lean.index) == {"schutzsuchende_je_1000", "ohne_abschluss"}
    # Plön is what is left: leavers 2023 from the raw table 21111-02-06-4 (all, without certificate)
    row = next(line.split(";") for line in (raw_dir() / "kreise" / "buddemax_destatis_21111-02-06-4.csv")
               .read_text(encoding="latin-1").splitlines() if line.startswith("2023;01057;"))
    assert lean.loc["ohne_abschluss", "ags"] == "01057"
    assert lean.loc["ohne_abschluss", "wert"] == pytest.approx(float(row[5]) / float(row[3]) * 100)
    year = int(lean.loc["schutzsuchende_je_1000", "jahr"])
    seekers = wla.region_total("schutzsuchende", ["01057"], year)["value"].iloc[0]
    people = wla.region_total(population_id(year, region(["01057"]), "schutzsuchende"), ["01057"], year)["value"].iloc[0]
    assert lean.loc["schutzsuchende_je_1000", "wert"] == pytest.approx(seekers / people * 1000)
    table = present.fair_frame_table(frame, "de")
    assert table[lean["ort"].iloc[0]].notna().all()


def test_fair_frame_values_are_region_totals():
    frame = compare.fair_frame("kielregion", "coburg", ["offen_anteil", "ohne_abschluss"])
    lean = frame[(frame["kennzahl"] == "offen_anteil") & (frame["variante"] == "ohne_einrichtung")].iloc[0]
    codes = lean["ags"].split(",")
    year = int(lean["jahr"])
    offen = wla.region_total("schutzsuchende", codes, year, "offen")["value"].iloc[0]
    alle = wla.region_total("schutzsuchende", codes, year)["value"].iloc[0]
    assert lean["wert"] == pytest.approx(offen / alle * 100)
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
