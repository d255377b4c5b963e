"""Tests of the INKAR readers on real excerpts (tests/fixtures/inkar_*) and malformed input."""
import math
from pathlib import Path

import pytest

from wla.exceptions import SourceFormatError
from wla.sources.common import SOURCE_COLUMNS
from wla.sources.inkar import read_inkar_extract, read_inkar_wide, read_inkar_xls

FIX = Path(__file__).resolve().parent / "fixtures"
RAW = Path(__file__).resolve().parents[2] / "shared" / "data"
R10 = FIX / "inkar_ruettenauer_kreise_10indikatoren_excerpt.csv"
ASYL = FIX / "inkar_heddesheimer_kreise_asylbewerber_alq_excerpt.csv"
ZIDA = FIX / "inkar_zidatalab_2017_kreise_excerpt.csv"
SCHUTZ = FIX / "inkar_heddesheimer_schutzsuchende_EXTRACT_excerpt.csv"
GERDA = FIX / "inkar_gerda_county_covariates_EXTRACT_excerpt.csv"
BOOK = FIX / "inkar_gerda_county_covariates_codebook_excerpt.csv"


def _value(frame, ags, variable, year):
    row = frame[(frame.ags == ags) & (frame.variable == variable) & (frame.year == year)]
    assert len(row) == 1
    return row.iloc[0]


def test_wide_schema_and_check_values():
    d = read_inkar_wide(R10)
    assert list(d.columns) == SOURCE_COLUMNS + ["aggregat"]
    assert _value(d, "01002", "Ausländeranteil", 2015).value == 9.84
    assert _value(d, "01002", "Ausländeranteil", 2022).value == 13.57
    assert _value(d, "09473", "Ausländeranteil", 2015).value == 4.32
    assert _value(d, "09473", "Ausländeranteil", 2022).value == 6.81
    assert _value(d, "01002", "Arbeitslosenquote", 2021).value == 8.00
    assert _value(d, "01001", "Einwohnerdichte", 1996).value == 1534.90  # "1.534,90"
    assert _value(d, "01002", "Ausländeranteil", 2015).flag == ""
    assert set(d.aggregat) == {"Kreise"}
    assert d.ags.str.len().eq(5).all()


def test_wide_asylbewerber_empty_cells_flagged():
    d = read_inkar_wide(ASYL)
    assert _value(d, "01004", "Asylbewerber", 2015).value == 70.31
    lk = _value(d, "09473", "Asylbewerber", 2010)
    assert (lk.value, lk.flag) == (0.0, "")  # "0,00" as published, not the sign "-"
    assert _value(d, "01002", "Asylbewerber", 2019).value == 5.49
    assert _value(d, "01002", "Arbeitslosenquote", 2015).value == 9.87
    berlin = _value(d, "11000", "Asylbewerber", 2020)
    assert math.isnan(berlin.value) and berlin.flag == "na"
    assert _value(d, "03355", "Asylbewerber", 2017).flag == "na"
    assert _value(d, "01002", "Asylbewerber", 2019).aggregat == "kreisfreie Stadt"


def test_wide_crlf_file():
    d = read_inkar_wide(ZIDA)
    assert _value(d, "01002", "SGB II - Quote", 2017).value == 16.9
    assert _value(d, "09473", "SGB II - Quote", 2017).value == 4.0
    assert _value(d, "01002", "Haushalte mit niedrigem Einkommen", 2016).value == 38.3
    assert not d.variable.str.contains("\r").any()


def test_wide_truncated(tmp_path):
    bad = tmp_path / "truncated.csv"
    bad.write_bytes(R10.read_bytes()[:-300])
    with pytest.raises(SourceFormatError, match="truncated.csv"):
        read_inkar_wide(bad)


def test_wide_wrong_encoding(tmp_path):
    bad = tmp_path / "latin1.csv"
    bad.write_bytes(R10.read_text(encoding="utf-8-sig").encode("latin-1"))
    with pytest.raises(SourceFormatError, match="latin1.csv.*encoding"):
        read_inkar_wide(bad)


def test_wide_missing_columns(tmp_path):
    bad = tmp_path / "nokey.csv"
    bad.write_text(R10.read_text(encoding="utf-8-sig").replace("Kennziffer;", "Code;", 1), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="nokey.csv.*missing columns"):
        read_inkar_wide(bad)


def test_wide_bad_cell(tmp_path):
    bad = tmp_path / "cell.csv"
    bad.write_text(R10.read_text(encoding="utf-8-sig").replace('"2.086,36"', '"abc"', 1), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="cell.csv"):
        read_inkar_wide(bad)


def test_extract_schutzsuchende():
    d = read_inkar_extract(SCHUTZ)
    assert list(d.columns) == SOURCE_COLUMNS
    assert _value(d, "01002", "Schutzsuchende_an_Bevölkerung", 2018).value == 3.23
    assert _value(d, "09473", "Schutzsuchende_an_Bevölkerung", 2018).value == 0.74
    assert _value(d, "01004", "Schutzsuchende_an_Bevölkerung", 2016).value == 4.31
    assert _value(d, "01002", "Schutzsuchende_an_ausländischer_Bevölkerung", 2020).value == 30.08
    empty = _value(d, "01002", "Schutzsuchende_an_Bevölkerung", 2021)
    assert math.isnan(empty.value) and empty.flag == "na"
    assert _value(d, "10041", "Schutzsuchende_an_Bevölkerung", 2015).flag == "na"


def test_extract_with_codebook():
    d = read_inkar_extract(GERDA, codebook=BOOK)
    row = _value(d, "01002", "share_foreign", 2022)
    assert (row.value, row.inkar_code) == (13.57, "a_ausl_bev")
    assert _value(d, "09473", "share_foreign", 2015).value == 4.32
    assert _value(d, "01002", "rent_level", 2015).inkar_code == "m_mietpr"
    assert d.year.dtype.kind == "i" and d.ags.str.len().eq(5).all()


def test_extract_decimal_point_not_thousands():
    # "0.125"-like values must not be read as German thousands ("0.125" -> 125)
    d = read_inkar_extract(GERDA)
    assert d.value.max() < 100_000


def test_extract_truncated(tmp_path):
    bad = tmp_path / "cut.csv"
    bad.write_bytes(SCHUTZ.read_bytes()[:-3])
    with pytest.raises(SourceFormatError, match="cut.csv"):
        read_inkar_extract(bad)


def test_extract_missing_columns(tmp_path):
    bad = tmp_path / "nokey.csv"
    bad.write_text(SCHUTZ.read_text(encoding="utf-8").replace("kreis_id", "id", 1), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="nokey.csv.*missing columns"):
        read_inkar_extract(bad)


def test_extract_bad_number(tmp_path):
    bad = tmp_path / "num.csv"
    bad.write_text(SCHUTZ.read_text(encoding="utf-8").replace(",3.23,", ",3,23,", 1), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="num.csv"):
        read_inkar_extract(bad)


def test_xls_not_a_workbook(tmp_path):
    bad = tmp_path / "fake.xls"
    bad.write_bytes(R10.read_bytes())
    with pytest.raises(SourceFormatError, match="fake.xls"):
        read_inkar_xls(bad)


def test_xls_real_file():
    path = RAW / "kreise" / "iwrkurs_inkar_arbeitslosenquote_kreise_1998-2017.xls"
    if not path.exists():
        pytest.skip("raw files ../shared/data not present")
    d = read_inkar_xls(path)
    assert list(d.columns) == SOURCE_COLUMNS + ["aggregat"]
    assert _value(d, "01002", "Arbeitslosenquote", 2015).value == 9.9
    assert _value(d, "09473", "Arbeitslosenquote", 2015).value == 3.8
    assert _value(d, "01002", "Arbeitslosenquote", 2017).value == 9.1
    assert _value(d, "09473", "Arbeitslosenquote", 2017).value == 3.1
    assert d.ags.nunique() == 401 and (d.year.min(), d.year.max()) == (1998, 2017)
