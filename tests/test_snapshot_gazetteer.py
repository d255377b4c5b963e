"""Tests of the gazetteer and the Gemeindeverzeichnis/BBSR recipe."""
from pathlib import Path

import pandas as pd
import pytest

from wla.snapshot import gazetteer as G
from wla.sources.gemeindeverzeichnis import read_gebietsaenderungen, read_gv_isys

FIX = Path(__file__).parent / "fixtures"
RAW = Path(__file__).resolve().parents[2] / "shared" / "data"
KIELREGION = ("01002", "01004", "01057", "01058")


def _fixture_editions():
    return {2013: read_gv_isys(FIX / "destatis_gv_auszug_31122013_excerpt.xlsx"),
            2024: read_gv_isys(FIX / "destatis_gv_auszug_2024_excerpt.xlsx")}


def test_gazetteer_from_excerpts_drops_gemeindefreie_gebiete():
    gz = G.build_gazetteer(None, _fixture_editions())
    assert list(gz.columns) == G.GAZETTEER_COLUMNS
    coburg = gz[gz["kreis"] == "09473"]
    assert coburg.groupby("edition").size().to_dict() == {2013: 17, 2024: 17}
    assert not coburg["name"].str.contains("Gdefr|Callenberger|Gellnhausen|Köllnholz").any()
    r = gz[(gz["ags"] == "09473159") & (gz["edition"] == 2024)].iloc[0]
    assert (r.kreis_name, r.land, r.land_name, r.verband) == ("Coburg", "09", "Bayern", "094730159")
    kiel = gz[gz["ags"] == "01002000"].iloc[0]
    assert kiel.verband_name == "Kiel, Landeshauptstadt" and kiel.lat == pytest.approx(54.321775)


def test_kreise_and_laender_tables():
    eds = _fixture_editions()
    kr = G.build_kreise(None, eds)
    row = kr[(kr["kreis"] == "09473") & (kr["edition"] == 2013)].iloc[0]
    assert (row["name"], row.textkennzeichen, row.land_name) == ("Coburg", "44", "Bayern")
    la = G.build_laender(None, eds)
    assert set(la["name"]) >= {"Schleswig-Holstein", "Bayern"}


def test_successor_map_uses_change_list():
    gz = pd.DataFrame({"edition": [2022] * 4 + [2023] * 4,
                       "ags": ["06635005", "06635001", "16064073", "01058053",
                               "06635001", "16064071", "16064046", "01058053"]})
    changes = read_gebietsaenderungen(FIX / "destatis_gv_gebietsaenderungen_2023_excerpt.xlsx")
    sm = G.successor_map(gz, 2022, 2023, changes)
    brom = sm[sm["ags_old"] == "06635005"].iloc[0]
    assert (brom.ags_new, brom.share, brom.method) == ("06635001", 1.0, "gebietsaenderung")
    anrode = sm[sm["ags_old"] == "16064073"].set_index("ags_new")["share"]
    assert anrode.sum() == pytest.approx(1.0)
    assert anrode["16064071"] == pytest.approx(1126 / (1126 + 313 + 1699))  # by inhabitants moved
    assert sm.set_index("ags_old").loc["01058053", "method"] == "identity"  # Amt change, AGS kept
    no_list = G.successor_map(gz, 2022, 2023)
    assert no_list.set_index("ags_old").loc["06635005", "method"] == "unresolved"


@pytest.fixture(scope="module")
def raw():
    if not (RAW / "gemeinden" / G.GV_FILES[2013]).exists():
        pytest.skip("raw files ../shared/data not present")
    return RAW


def test_full_gazetteer_kielregion_252_each_edition(raw):
    gz = G.build_gazetteer(raw)
    assert sorted(gz["edition"].unique()) == [2013, 2017, 2019, 2021, 2023, 2024]
    counts = gz[gz["kreis"].isin(KIELREGION)].groupby("edition").size()
    assert (counts == 252).all()
    assert (gz[gz["kreis"] == "09473"].groupby("edition").size() == 17).all()
    assert not gz.duplicated(["edition", "ags"]).any()


def test_build_check_values(raw):
    rows = G.build(raw)
    assert list(rows.columns) == G.SNAPSHOT_COLUMNS
    assert set(rows["indicator"]) == {i.id for i in G.INDICATORS}
    assert not rows.duplicated(["ags", "level", "year", "indicator", "category"]).any()
    v = rows.set_index(["ags", "year", "indicator", "category"])["value"]
    assert v[("01002000", 2013, "bevoelkerung", "insgesamt")] == 241533
    assert v[("01002", 2023, "bevoelkerung", "insgesamt")] == 248873
    assert v[("01002000", 2022, "bevoelkerung", "insgesamt")] == 247717  # GV100AD
    assert v[("09473159", 2013, "bevoelkerung", "insgesamt")] == 13046
    assert v[("01002000", 2017, "bevoelkerung", "weiblich")] == 127134
    assert v[("01002000", 2019, "flaeche_km2", "insgesamt")] == 118.65
    assert v[("01002000", 2023, "bevoelkerungsdichte", "insgesamt")] == pytest.approx(248873 / 118.65)
    assert 2024 not in set(rows.loc[rows["indicator"] == "bevoelkerung", "year"])
    assert v[("01002", 2019, "bbsr_kreistyp", "kreisfreie Großstadt")] == 1
    for kreis in ("01004", "01057", "01058", "09463", "09473"):
        assert v[(kreis, 2019, "bbsr_kreistyp", "Ländlicher Kreis mit Verdichtungsansätzen")] == 3
    ploen = rows[(rows["indicator"] == "bbsr_gemeindetyp") & rows["ags"].str.startswith("01057")]
    assert ploen["category"].value_counts().to_dict() == {
        "Landgemeinde": 44, "Kleine Kleinstadt": 39, "Größere Kleinstadt": 2}
    dg = rows[(rows["ags"] == "DG") & (rows["indicator"] == "bevoelkerung")]
    assert (dg["level"] == "bund").all()
    missing = rows[rows["flag"] == "na"]
    assert missing["value"].isna().all() and set(missing["indicator"]) <= {"bbsr_wachsend_schrumpfend",
                                                                           "bevoelkerung", "bevoelkerungsdichte"}


def _gv_2019_records() -> pd.DataFrame:
    """Satzart-60 records of the GV 2019 extract read directly with openpyxl (sheet 2; columns
    A Satzart, B Textkennzeichen, C Land, D RB, E Kreis, G Gem), not with the code under test."""
    import openpyxl

    book = openpyxl.load_workbook(RAW / "gemeinden" / G.GV_FILES[2019], read_only=True)
    rows = []
    for r in book.worksheets[1].iter_rows(min_row=7, values_only=True):
        if r[0] is not None and str(r[0]).strip() == "60":
            rows.append({"tk": str(r[1]).strip(), "ags": f"{r[2]}{r[3]}{r[4]}{r[6]}".replace(" ", "")})
    book.close()
    return pd.DataFrame(rows)


def test_bbsr_gemeinde_classes_leave_out_gemeindefreie_gebiete(raw):
    """The BBSR reference sheet gives the 210 gemeindefreie Gebiete of 31.12.2019 a Stadt- und
    Gemeindetyp; the snapshot's Gemeinde classes hold the Gemeinden of the GV only."""
    from wla import data
    from wla.analysis import profile

    gv = _gv_2019_records()
    free = gv[gv["tk"].isin(["65", "66"])]
    municipal = gv[~gv["tk"].isin(["65", "66"])]
    assert len(free) == 213 and len(municipal) == 10797
    types = data.load("bbsr_gemeindetyp", level="gemeinde")
    assert len(types) == 10797 and not types["ags"].isin(free["ags"]).any()
    # Landkreis Coburg: 17 Gemeinden and 3 gemeindefreie Gebiete (09473452-454, forests, 0 inhabitants)
    coburg = municipal[municipal["ags"].str.startswith("09473")]
    assert len(coburg) == 17 and set(free.loc[free["ags"].str.startswith("09473"), "ags"]) == {
        "09473452", "09473453", "09473454"}
    table = profile.settlement_types("09473")
    assert table["Coburg, Landkreis"].sum() == 17
    assert dict(zip(table["typ"], table["Coburg, Landkreis"])) == {
        "Landgemeinde": 12, "Kleine Kleinstadt": 3, "Größere Kleinstadt": 2}
    # Landkreis Aschaffenburg (09671): 32 Gemeinden and eight uninhabited gemeindefreie Gebiete (Textkennzeichen 66)
    asch = municipal["ags"].str.startswith("09671").sum()
    assert free["ags"].str.startswith("09671").sum() == 8
    assert profile.settlement_types("09671").iloc[:, 1].sum() == asch == 32


def test_bbsr_rows_with_a_key_unknown_to_the_gv_raise():
    from wla.exceptions import SourceFormatError

    gv = pd.DataFrame({"satzart": ["60", "60"], "textkennzeichen": ["64", "66"], "ags": ["09473112", "09473452"]})
    gem = pd.DataFrame({"ags": ["09473112", "09473452"]})
    assert list(G.bbsr_municipalities(gem, gv)["ags"]) == ["09473112"]
    with pytest.raises(SourceFormatError, match="09999999"):
        G.bbsr_municipalities(pd.DataFrame({"ags": ["09473112", "09999999"]}), gv)
