"""Tests of wla.region: built-in regions, regions from codes and names, errors with close matches.

Membership is read from the committed snapshot's gazetteer (Destatis Gemeindeverzeichnis
editions); the counts are those listed in ../shared/data/gemeinden/SOURCES.md (Plön 85 and
Rendsburg-Eckernförde 165 Gemeinden + Kiel + Neumünster = 252; Landkreis Coburg 17 Gemeinden
plus gemeindefreie Gebiete, which are not municipalities).
"""
import pandas as pd
import pytest

import wla
from wla import store
from wla.exceptions import ParameterError, UnknownRegionError
from wla.regions import Region, edition_for

EDITIONS = (2013, 2017, 2019, 2021, 2023, 2024)


def test_kielregion_is_four_kreise():
    reg = wla.region("kielregion")
    assert reg.codes == ("01002", "01004", "01057", "01058")
    assert reg.level == "kreis"
    assert reg.label == "KielRegion"
    assert reg.kreise == reg.codes


@pytest.mark.parametrize("year", EDITIONS)
def test_kielregion_has_252_gemeinden_in_every_edition(year):
    gem = wla.region("kielregion").gemeinden(year)
    assert len(gem) == 252
    assert gem["edition"].unique().tolist() == [year]
    per_kreis = gem.groupby("kreis").size().to_dict()
    assert per_kreis == {"01002": 1, "01004": 1, "01057": 85, "01058": 165}
    assert gem["ags"].is_unique
    assert gem["ags"].map(type).eq(str).all() and gem["ags"].str.len().eq(8).all()


@pytest.mark.parametrize("year", EDITIONS)
def test_coburg_has_17_gemeinden_without_gemeindefreie_gebiete(year):
    gem = wla.region("coburg").gemeinden(year)
    assert len(gem) == 17
    assert set(gem["kreis"]) == {"09473"}
    # Rödental is 09473159 (SOURCES.md: not 09473163)
    assert "09473159" in set(gem["ags"])
    assert not gem["name"].str.contains("gemeindefrei", case=False).any()
    # GV-ISys lists three gemeindefreie Gebiete (Textkennzeichen 66) in 09473 in 2023:
    # Callenberger Forst-West 452, Gellnhausen 453, Köllnholz 454; they are not municipalities
    assert not {"09473452", "09473453", "09473454"} & set(gem["ags"])


def test_gemeinden_uses_the_edition_in_force():
    assert edition_for(2015) == 2013
    assert edition_for(2023) == 2023
    assert edition_for(None) == max(EDITIONS)
    assert wla.region("coburg").gemeinden(2015)["edition"].unique().tolist() == [2013]


def test_coburg_stadt_land():
    reg = wla.region("coburg_stadt_land")
    assert reg.codes == ("09463", "09473")
    gem = reg.gemeinden(2023)
    assert len(gem) == 18  # Stadt Coburg + 17 Gemeinden of the Landkreis
    assert "09463000" in set(gem["ags"])


def test_from_codes_kreise_with_name():
    reg = wla.region(["01054", "01059"], name="Nordfriesland und Schleswig-Flensburg")
    assert reg.codes == ("01054", "01059")
    assert reg.level == "kreis"
    assert reg.label == "Nordfriesland und Schleswig-Flensburg"
    assert reg == Region.from_codes(["01059", "01054"], name="Nordfriesland und Schleswig-Flensburg")
    gem = reg.gemeinden(2023)
    assert set(gem["kreis"]) == {"01054", "01059"}


def test_from_codes_without_name_uses_gazetteer_names():
    reg = Region.from_codes(["01054"])
    assert reg.label == "Nordfriesland"
    assert reg.key == "01054"


def test_land_code_means_all_its_kreise():
    kreise = store.kreise()
    newest = kreise[kreise["edition"] == kreise["edition"].max()]
    expected = tuple(sorted(newest.loc[newest["land"] == "01", "kreis"]))
    assert len(expected) == 15  # Schleswig-Holstein: 4 kreisfreie Städte + 11 Kreise
    reg = wla.region("01")
    assert reg.codes == expected
    assert {"01002", "01004", "01057", "01058"} <= set(reg.codes)
    assert reg.level == "kreis"


def test_gemeinde_codes():
    reg = wla.region(["09473159", "01002000"])
    assert reg.level == "gemeinde"
    assert reg.codes == ("01002000", "09473159")
    assert reg.kreise == ("01002", "09473")
    gem = reg.gemeinden(2023)
    assert gem["ags"].tolist() == ["01002000", "09473159"]
    assert gem["name"].str.startswith("Rödental").any()


def test_kreis_name():
    reg = wla.region("Nordfriesland")
    assert reg.codes == ("01054",)
    assert reg.label == "Nordfriesland"


def test_region_passes_through_and_renames():
    reg = wla.region("coburg")
    assert wla.region(reg) is reg
    assert wla.region(reg, name="LK Coburg").label == "LK Coburg"


@pytest.mark.parametrize(
    "given, suggestion",
    [("kielregio", "kielregion"), ("Nordfriesand", "01054"), ("coburk", "coburg")],
)
def test_unknown_name_names_close_matches(given, suggestion):
    with pytest.raises(UnknownRegionError) as err:
        wla.region(given)
    assert any(suggestion in s for s in err.value.suggestions)
    assert suggestion in str(err.value)
    assert repr(given) in str(err.value)


@pytest.mark.parametrize("given", ["01999", "99", "01002999", ["01002", "01999"], "1002"])
def test_unknown_code_raises(given):
    with pytest.raises(UnknownRegionError) as err:
        wla.region(given)
    assert "unknown region" in str(err.value)


def test_unknown_code_suggests_kreise_of_the_same_area():
    with pytest.raises(UnknownRegionError) as err:
        wla.region("01009")
    assert any(s.startswith("0100") for s in err.value.suggestions)


@pytest.mark.parametrize("given", [[], ["01002", "01002000"], ["01", "01002000"]])
def test_empty_or_mixed_levels_raise_parameter_error(given):
    with pytest.raises(ParameterError):
        wla.region(given)


def test_wrong_type_raises_parameter_error():
    with pytest.raises(ParameterError):
        wla.region(1002)


def test_contains_kreis_region():
    reg = wla.region("kielregion")
    keys = pd.Series(["01002", "01058001", "01059", "09473", "01", "01002000", "0100"])
    assert reg.contains(keys).tolist() == [True, True, False, False, False, True, False]


def test_contains_gemeinde_region():
    reg = wla.region(["09473159"])
    keys = pd.Series(["09473159", "09473", "09473160"])
    assert reg.contains(keys).tolist() == [True, False, False]
