"""Tests of the BBSR reference and conversion table readers on real excerpts."""
from pathlib import Path

import openpyxl
import pytest

from wla.exceptions import SourceFormatError
from wla.sources.bbsr import read_bbsr_kreise_umrechnung, read_bbsr_reference_2019, read_bbsr_umstieg_gemeinden

FIX = Path(__file__).parent / "fixtures"
REF = FIX / "bbsr_referenz_gemeinden_kreise_31122019_excerpt.xlsx"
UMSTIEG = FIX / "bbsr_umsteigeschluessel_gemeinden_2020_2022_excerpt.xlsx"
KREISE = FIX / "bbsr_kreise_umrechnung_1990_2020_excerpt.xlsx"


def test_reference_gemeinden():
    gem, _ = read_bbsr_reference_2019(REF)
    kiel = gem.set_index("ags").loc["01002000"]
    assert (kiel.gemeindetyp_code, kiel.gemeindetyp_label) == (10, "Großstadt")
    assert kiel.gemeindetyp_differenziert_label == "Kleine Großstadt"
    assert (kiel.regiostar7_code, kiel.raumtyp_lage_label) == (72, "zentral")
    roedental = gem.set_index("ags").loc["09473159"]
    assert roedental.gemeindetyp_label == "Größere Kleinstadt" and roedental.raumtyp_lage_label == "peripher"
    assert roedental.regiostar7_code == 76
    ploen = gem[gem["ags"].str.startswith("01057")]["gemeindetyp_label"].value_counts()
    assert ploen.to_dict() == {"Landgemeinde": 44, "Kleine Kleinstadt": 39, "Größere Kleinstadt": 2}
    assert (gem["wachsend_schrumpfend_label"] == "missing").any()


def test_reference_kreise():
    _, kreise = read_bbsr_reference_2019(REF)
    k = kreise.set_index("kreis")
    assert (k.loc["01002", "kreistyp_code"], k.loc["01002", "kreistyp_label"]) == (1, "kreisfreie Großstadt")
    assert k.loc["01002", "staedtisch_laendlich_label"] == "Städtischer Raum"
    for kreis in ("01004", "01057", "01058", "09463", "09473"):
        assert k.loc[kreis, "kreistyp_label"] == "Ländlicher Kreis mit Verdichtungsansätzen"
        assert k.loc[kreis, "staedtisch_laendlich_label"] == "Ländlicher Raum"


def test_reference_missing_column(tmp_path):
    wb = openpyxl.load_workbook(REF)
    wb["Kreise"]["S2"] = "Kreistyp"
    bad = tmp_path / "ref.xlsx"
    wb.save(bad)
    with pytest.raises(SourceFormatError, match="ref.xlsx.*Kreistyp"):
        read_bbsr_reference_2019(bad)


def test_reference_truncated(tmp_path):
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(REF.read_bytes()[:2000])
    with pytest.raises(SourceFormatError, match="cut.xlsx"):
        read_bbsr_reference_2019(bad)


def test_umstieg_gemeinden_units_to_persons():
    df = read_bbsr_umstieg_gemeinden(UMSTIEG)
    kiel = df[df["gemeinde_old"] == "01002000"].set_index("year")
    assert kiel.loc[2020, "population"] == 246600  # printed 2466 (in 100)
    assert kiel.loc[2021, "population"] == 246243  # printed 2462.43 (in 100)
    assert kiel.loc[2022, "population"] == 247717  # printed in persons
    assert kiel.loc[2020, "area_km2"] == 118.65 and kiel.loc[2022, "year_new"] == 2023
    assert list(kiel["population_unit_printed"]) == [100, 100, 1]
    r = df[(df["gemeinde_old"] == "09473159") & (df["year"] == 2022)].iloc[0]
    assert (r.population, r.area_km2, r.gemeinde_new) == (13033, 49.97, "09473159")
    split = df[(df["gemeinde_old"] == "12065251") & (df["year"] == 2020)]
    assert split["share_population"].sum() == pytest.approx(1.0)


def test_kreise_umrechnung_thousands_to_persons():
    df = read_bbsr_kreise_umrechnung(KREISE)
    kiel = df[(df["kreis_old"] == "01002") & (df["year"] == 1990)].iloc[0]
    assert (kiel.area_km2, kiel.population, kiel.kreis_new, kiel.year_new) == (111.73, 243600, "01002", 2021)
    zeulenroda = df[(df["kreis_old"] == "16045") & (df["year"] == 1990)]
    assert sorted(zeulenroda["kreis_new"]) == ["14523", "16076"]
    assert zeulenroda["share_area"].sum() == pytest.approx(1.0)


def test_umrechnung_missing_column(tmp_path):
    wb = openpyxl.load_workbook(KREISE)
    wb["1990"]["F1"] = "Einwohner"
    bad = tmp_path / "umr.xlsx"
    wb.save(bad)
    with pytest.raises(SourceFormatError, match="umr.xlsx.*Bevölkerung"):
        read_bbsr_kreise_umrechnung(bad)
