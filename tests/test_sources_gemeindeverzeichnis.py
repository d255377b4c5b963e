"""Tests of the Destatis Gemeindeverzeichnis readers on real excerpts (tests/fixtures)."""
from pathlib import Path

import openpyxl
import pytest

from wla.exceptions import SourceFormatError
from wla.sources.gemeindeverzeichnis import read_gebietsaenderungen, read_gv100ad, read_gv_isys

FIX = Path(__file__).parent / "fixtures"
GV2013 = FIX / "destatis_gv_auszug_31122013_excerpt.xlsx"
GV2024 = FIX / "destatis_gv_auszug_2024_excerpt.xlsx"
GV100 = FIX / "destatis_gv_gv100ad_301123_excerpt.txt"
CHANGES = FIX / "destatis_gv_gebietsaenderungen_2023_excerpt.xlsx"


def _row(df, ags):
    return df[df["ags"] == ags].iloc[0]


def test_gv_isys_2013_values_and_keys():
    df = read_gv_isys(GV2013)
    kiel = _row(df, "01002000")
    assert (kiel.satzart, kiel.ars_gv, kiel.area_km2) == ("60", "010020000", 118.65)
    assert (kiel.population, kiel.male, kiel.female) == (241533, 117071, 124462)
    assert kiel.lon == pytest.approx(10.13727) and kiel.lat == pytest.approx(54.321775)
    assert kiel.plz == "24103" and kiel.degurba == "01" and kiel.flag == ""
    roedental = _row(df, "09473159")
    assert (roedental.area_km2, roedental.population) == (49.98, 13046)
    assert _row(df, "01").satzart == "10" and _row(df, "09473").satzart == "40"
    assert _row(df, "094").satzart == "20"
    assert (df["edition"] == "2013-12-31").all() and (df["population_date"] == "2013-12-31").all()
    assert df["population_basis"].iloc[0] == "Zensus 2011"
    gemfr = df[df["name"].str.contains("Gdefr") & (df["satzart"] == "60")]
    assert list(gemfr["textkennzeichen"]) == ["66"] and gemfr["population"].iloc[0] == 0


def test_gv_isys_2024_population_refers_to_2023():
    df = read_gv_isys(GV2024)
    assert df["edition"].iloc[0] == "2024-12-31"
    assert df["population_date"].iloc[0] == "2023-12-31"
    assert df["population_basis"].iloc[0] == "Zensus 2011"
    assert _row(df, "01002000").population == 248873
    assert _row(df, "09473159").population == 12947


def test_gv_isys_missing_column_names_file(tmp_path):
    wb = openpyxl.load_workbook(GV2013)
    wb.worksheets[1]["J4"] = "zusammen"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(SourceFormatError, match="bad.xlsx.*insgesamt"):
        read_gv_isys(bad)


def test_gv_isys_truncated_file(tmp_path):
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(GV2013.read_bytes()[:3000])
    with pytest.raises(SourceFormatError, match="cut.xlsx"):
        read_gv_isys(bad)


def test_gv_isys_no_gemeinde_rows(tmp_path):
    wb = openpyxl.load_workbook(GV2013)
    ws = wb.worksheets[1]
    ws.delete_rows(7, ws.max_row)
    bad = tmp_path / "empty.xlsx"
    wb.save(bad)
    with pytest.raises(SourceFormatError, match="empty.xlsx.*(Satzart 60|truncated)"):
        read_gv_isys(bad)


def test_gv100ad_hectares_to_km2():
    df = read_gv100ad(GV100)
    kiel = _row(df, "01002000")
    assert kiel.area_km2 == pytest.approx(118.65)  # 11865 ha
    assert (kiel.population, kiel.male) == (247717, 120149)
    r = _row(df, "09473159")
    assert (r.area_km2, r.population, r.male) == (pytest.approx(49.97), 13033, 6413)
    assert r.ars_gv == "094730159" and r.textkennzeichen == "63"
    assert df["edition"].iloc[0] == "2023-11-30" and df["population_date"].iloc[0] == "2022-12-31"
    assert _row(df, "094735418").satzart == "50"


def test_gv100ad_wrong_encoding_and_truncation(tmp_path):
    latin = tmp_path / "latin1.txt"
    latin.write_bytes(GV100.read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(SourceFormatError, match="latin1.txt.*encoding"):
        read_gv100ad(latin)
    cut = tmp_path / "cut.txt"
    cut.write_text(GV100.read_text(encoding="utf-8")[:-150], encoding="utf-8")
    with pytest.raises(SourceFormatError, match="cut.txt.*truncated"):
        read_gv100ad(cut)


def test_gebietsaenderungen():
    df = read_gebietsaenderungen(CHANGES)
    first = df[(df["unit"] == "Gemeinde") & (df["ags_old"] == "06635005")].iloc[0]
    assert (first.ags_new, first.kind_label, first.population) == ("06635001", "Auflösung", 1917)
    assert first.area_m2 == 35221465 and first.date_statistical == "2023-01-01"
    anrode = df[(df["unit"] == "Gemeinde") & (df["ags_old"] == "16064073")]
    assert sorted(anrode["ags_new"]) == ["16061118", "16064046", "16064071"]
    flintbek = df[df["ags_old"] == "01058053"].iloc[0]
    assert (flintbek.ars_old, flintbek.ars_new, flintbek.kind) == ("010585830053", "010585896053", "3")
    assert flintbek.population != flintbek.population  # NaN: not printed for key changes
    assert df[df["unit"] == "Gemeindeverband"]["kind"].str.contains("3, 4").any()


def test_gebietsaenderungen_missing_sheet(tmp_path):
    wb = openpyxl.load_workbook(CHANGES)
    wb["Gebietsaenderungen"].title = "Tabelle1"
    bad = tmp_path / "renamed.xlsx"
    wb.save(bad)
    with pytest.raises(SourceFormatError, match="renamed.xlsx.*Gebietsaenderungen"):
        read_gebietsaenderungen(bad)
