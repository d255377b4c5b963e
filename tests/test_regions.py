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
from wla.exceptions import AmbiguousRegionError, ParameterError, UnknownRegionError
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
        wla.region(1002.0)


def test_contains_kreis_region():
    reg = wla.region("kielregion")
    keys = pd.Series(["01002", "01058001", "01059", "09473", "01", "01002000", "0100"])
    assert reg.contains(keys).tolist() == [True, True, False, False, False, True, False]


def test_contains_gemeinde_region():
    reg = wla.region(["09473159"])
    keys = pd.Series(["09473159", "09473", "09473160"])
    assert reg.contains(keys).tolist() == [True, False, False]


# --- names as people write them (issue 9, "What to build" 1) -----------------------------------
# Expected codes are the AGS printed in the Gemeindeverzeichnis (../shared/data/gemeinden).

@pytest.mark.parametrize(
    "given, codes",
    [
        ("Kiel", ("01002",)),
        ("Kiel, Landeshauptstadt", ("01002",)),
        ("Landeshauptstadt Kiel", ("01002",)),
        ("kiel", ("01002",)),
        ("01002", ("01002",)),
        ("Kreis Plön", ("01057",)),
        ("Kreis Ploen", ("01057",)),
        ("Plön", ("01057",)),
        ("Landkreis Coburg", ("09473",)),
        ("Coburg, Landkreis", ("09473",)),
        ("coburg", ("09473",)),
        ("09473", ("09473",)),
        (9473, ("09473",)),
        ("Coburg, Stadt", ("09463",)),
        ("Stadt Coburg", ("09463",)),
        ("Landkreis München", ("09184",)),
        ("München, Landeshauptstadt", ("09162",)),
        ("Region Hannover", ("03241",)),
        (3241, ("03241",)),
        (1001, ("01001",)),
        ("Rödental", ("09473159",)),
        ("Neustadt, Landkreis Coburg", ("09473151",)),
        ("Neustadt b.Coburg", ("09473151",)),
        (9473159, ("09473159",)),
        ("Berlin", ("11000",)),
    ],
)
def test_names_in_every_form_resolve_to_the_same_codes(given, codes):
    assert wla.region(given).codes == codes


def test_kielregion_in_every_form():
    forms = ["kielregion", "KielRegion", ["01002", "01004", "01057", "01058"], "01002,01004,01057,01058",
             "01002, 01004, 01057, 01058", [1002, 1004, 1057, 1058], "Kiel, Neumünster, Plön, Rendsburg-Eckernförde",
             ["Landeshauptstadt Kiel", "Neumünster, Stadt", "Kreis Plön", "Kreis Rendsburg-Eckernförde"]]
    assert {wla.region(f).codes for f in forms} == {("01002", "01004", "01057", "01058")}


def test_label_of_builtin_coburg_resolves_to_it():
    coburg = wla.region("coburg")
    assert coburg.label == "Landkreis Coburg"
    assert wla.region(coburg.label).codes == coburg.codes


def test_names_wla_prints_resolve_back():
    # the names of store.names() (shown in tables and in `wla summary`) are accepted as input
    names = store.names()
    for code in ("01002", "01004", "01057", "09463", "09473", "09162", "09184"):
        assert wla.region(names[code]).codes == (code,), names[code]


@pytest.mark.parametrize("given", ["Schleswig-Holstein", "01", 1, "schleswig-holstein", "Land Schleswig-Holstein"])
def test_land_is_one_region_named_after_the_land(given):
    kreise = store.kreise()
    newest = kreise[kreise["edition"] == kreise["edition"].max()]
    expected = tuple(sorted(newest.loc[newest["land"] == "01", "kreis"]))
    reg = wla.region(given)
    assert reg.codes == expected and len(expected) == 15
    assert reg.label == "Schleswig-Holstein"
    assert "+" not in reg.label
    assert reg.key == "01"
    assert reg.laender == ("01",)


def test_land_and_its_kreise_are_one_region_with_one_key():
    # issue 9: `--region 01` and `--region 01001,01002,01003,01004,01051` shared a folder
    # although they differ; the same code set now gives the same region, different ones differ
    whole = wla.region("01")
    assert wla.region(",".join(whole.codes)) == whole
    part = wla.region("01001,01002,01003,01004,01051")
    assert part.key != whole.key and part.label != whole.label


def test_keys_of_different_code_sets_differ():
    a = wla.region("01054,01059")
    b = wla.region("01054,01059,01060")
    assert a.key != b.key
    assert a.key.isascii()


def test_comma_separated_codes_in_one_string():
    reg = wla.region("01054,01059")
    assert reg.codes == ("01054", "01059")
    assert reg.label == "Nordfriesland + Schleswig-Flensburg"
    assert wla.region("01002000,01004000").level == "gemeinde"


@pytest.mark.parametrize("given, padded", [(3241, "03241"), (1001, "01001"), (1, "01"), (9, "09"),
                                           (1002000, "01002000"), (9473159, "09473159")])
def test_integers_from_papermill_are_padded(given, padded):
    expected = wla.region(padded)
    assert wla.region(given) == expected


def test_ambiguous_name_lists_the_candidates():
    with pytest.raises(AmbiguousRegionError) as err:
        wla.region("München")
    assert sorted(c[:5] for c in err.value.candidates) == ["09162", "09184"]
    assert "München, Landeshauptstadt" in str(err.value) and "München, Landkreis" in str(err.value)
    with pytest.raises(AmbiguousRegionError) as err:
        wla.region("Coburg")
    assert sorted(c[:5] for c in err.value.candidates) == ["09463", "09473"]


def test_ambiguous_gemeinde_name_lists_gemeinden_with_their_kreis():
    with pytest.raises(AmbiguousRegionError) as err:
        wla.region("Neustadt")
    assert any("09473151" in c and "Coburg" in c for c in err.value.candidates)
    assert len(err.value.candidates) > 5


def test_unknown_name_gives_close_matches_from_the_gazetteer():
    with pytest.raises(UnknownRegionError) as err:
        wla.region("Rendsburg-Eckernförd")
    assert any("01058" in s for s in err.value.suggestions)


def test_two_kreise_of_one_name_are_labelled_apart():
    reg = wla.region(["09463", "09473"])
    assert reg.label == "Coburg, Stadt + Coburg, Landkreis"
    both = wla.region(["09162", "09184"])
    assert both.label == "München, Landeshauptstadt + München, Landkreis"


@pytest.mark.parametrize("code", ["03152", "03156"])  # Göttingen and Osterode am Harz, merged 2016
def test_dissolved_kreis_code_names_the_edition(code):
    with pytest.raises(UnknownRegionError) as err:
        wla.region(code)
    assert "2013" in str(err.value) and "2024" in str(err.value)


def test_dissolved_gemeinde_code_names_the_edition():
    gaz = store.gazetteer()
    newest = set(gaz.loc[gaz["edition"] == gaz["edition"].max(), "ags"])
    old = gaz[(gaz["edition"] == 2013) & ~gaz["ags"].isin(newest)]
    code = old["ags"].iloc[0]
    last = int(gaz.loc[gaz["ags"] == code, "edition"].max())
    with pytest.raises(UnknownRegionError) as err:
        wla.region(code)
    assert f"up to the edition {last}" in str(err.value)
    assert "dissolved or merged" in str(err.value)


# --- years of the Gemeindeverzeichnis ----------------------------------------------------------

def test_gemeinden_before_the_oldest_edition_is_an_error():
    with pytest.raises(ParameterError) as err:
        wla.region("kielregion").gemeinden(1800)
    assert "2013, 2017, 2019, 2021, 2023, 2024" in str(err.value)


@pytest.mark.parametrize("year", ["abc", 2023.5, True])
def test_gemeinden_with_a_year_that_is_no_year(year):
    with pytest.raises(ParameterError, match="year"):
        wla.region("kielregion").gemeinden(year)


def test_whole_kreise_given_as_gemeinden():
    kiel_nms = wla.region("01002000,01004000")
    assert kiel_nms.whole_kreise().codes == ("01002", "01004")
    assert wla.region("09473159").whole_kreise() is None
    coburg = wla.region(list(wla.region("coburg").gemeinden()["ags"]))
    assert coburg.level == "gemeinde"
    assert coburg.whole_kreise().codes == ("09473",)


def test_papermill_integer_parameters_reach_the_notebook_setup():
    # `papermill … -p region 03241 -p vergleich 09473` passes the integers 3241 and 9473
    ctx = wla.notebook.setup(3241, 9473, None, "de")
    assert ctx.region.codes == ("03241",) and ctx.region.label == "Region Hannover"
    assert ctx.vergleich.codes == ("09473",)


def test_a_notebook_run_directly_checks_the_year_like_wla_report():
    # `papermill … -p jahr 1990`: refused inside the kernel with the same rule and words as `wla report`
    from wla.exceptions import ParameterError
    from wla.years import valid_years

    first, last = valid_years()
    with pytest.raises(ParameterError, match=f"choose {first}–{last}"):
        wla.notebook.setup("kielregion", "coburg", first - 1, "de")
    assert wla.notebook.setup("kielregion", "coburg", "2023", "de").jahr == 2023  # papermill -p jahr "2023"


def test_a_named_custom_region_keeps_its_name_on_the_way_into_the_notebooks():
    # issue 10: the index said "Nordwest", every page "Nordfriesland + Schleswig-Flensburg"
    from wla.notebook import setup
    from wla.report.params import region_parameter

    nordwest = wla.region(["01054", "01059"], name="Nordwest")
    passed = region_parameter(nordwest, nordwest)
    assert passed == {"codes": ["01054", "01059"], "name": "Nordwest"}
    ctx = setup(passed, "coburg", None, "de")
    assert ctx.region.label == "Nordwest" and ctx.region.codes == nordwest.codes
    with pytest.raises(ParameterError, match="codes"):
        wla.region({"name": "Nordwest"})


# --- Gemeinde labels as readers write them ---------------------------------------------------------

def _gv_name(ags: str) -> str:
    """A Gemeinde's name as the newest Gemeindeverzeichnis edition of the snapshot prints it."""
    gaz = store.gazetteer()
    rows = gaz[(gaz["edition"] == gaz["edition"].max()) & (gaz["ags"] == ags)]
    assert len(rows) == 1, ags
    return rows["name"].iloc[0]


@pytest.mark.parametrize("ags,official,label", [
    ("09473151", "Neustadt b.Coburg, GKSt", "Neustadt bei Coburg"),  # Große Kreisstadt, "b." bei
    ("09473159", "Rödental, St", "Rödental"),                        # Stadt
    ("09473134", "Grub a.Forst", "Grub am Forst"),                   # "a." alone: am
    ("09473112", "Ahorn", "Ahorn"),                                  # no kind
    ("09363000", "Weiden i.d.OPf.", "Weiden in der OPf."),          # "i.d.": in der
    ("09575153", "Neustadt a.d.Aisch, St", "Neustadt a. d. Aisch"),  # "a.d." stays: an der / auf dem
    ("14626030", "Bernstadt a. d. Eigen, Stadt", "Bernstadt a. d. Eigen"),  # ... auf dem Eigen
    ("09776117", "Lindenberg i.Allgäu, St", "Lindenberg i. Allgäu"),  # "i." stays: in / im
    ("09372144", "Neukirchen b.Hl.Blut, M", "Neukirchen b. Hl. Blut"),  # Markt; beim Heiligen Blut
    ("01002000", "Kiel, Landeshauptstadt", "Kiel"),
])
def test_gemeinde_labels_drop_the_kind_and_write_out_what_reads_one_way(ags, official, label):
    from wla.regions import gemeinde_label

    assert _gv_name(ags) == official
    assert gemeinde_label(official) == label
    assert wla.region(ags).label == label


def test_a_gemeinde_set_reads_as_people_write_it_and_resolves_back():
    reg = wla.region("Rödental,Neustadt b.Coburg")
    assert reg.codes == ("09473151", "09473159")
    assert reg.label == "Neustadt bei Coburg + Rödental"
    assert wla.region("Neustadt bei Coburg").codes == ("09473151",)
    assert wla.region("Grub am Forst").codes == ("09473134",)
    assert wla.region("Neustadt bei Coburg,Rödental").codes == reg.codes


def test_no_gemeinde_label_keeps_a_register_kind_abbreviation():
    """Every Gemeinde of the newest edition: no label ends in the register's kind or still
    glues an abbreviation to the next word ("b.Coburg")."""
    from wla.regions import gemeinde_label

    gaz = store.gazetteer()
    names = gaz.loc[gaz["edition"] == gaz["edition"].max(), "name"]
    labels = names.map(gemeinde_label)
    assert not labels.str.contains(r", (?:St|M|GKSt)$").any()
    assert not labels.str.contains(r"(?:^|\s)(?:b|a|i|v|d)\.[A-ZÄÖÜ]").any()
    assert not labels.str.contains(r"\bb\.(?!\s?Hl\.)").any()  # "b." is written out
    assert (labels.str.len() > 0).all()
