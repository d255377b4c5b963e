"""Reader of the Zensus 2022 Gemeinde extract (gerda package) and its codebook."""
from pathlib import Path

import pytest

from wla.exceptions import SourceFormatError
from wla.sources.zensus import read_census_codebook, read_census_extract

FIX = Path(__file__).parent / "fixtures"
DATA = FIX / "zensus_census_2022_gemeinden_excerpt.csv"
BOOK = FIX / "zensus_census_2022_codebook.csv"


@pytest.fixture(scope="module")
def census():
    return read_census_extract(DATA, BOOK)


def value(frame, ags, variable):
    row = frame[(frame["ags"] == ags) & (frame["variable"] == variable)]
    assert len(row) == 1
    return row.iloc[0]


def test_schema(census):
    assert list(census.columns) == ["ags", "name", "year", "date", "variable", "value", "flag", "label", "unit"]
    assert census["ags"].str.fullmatch(r"\d{8}").all()
    assert set(census["year"]) == {2022} and set(census["date"]) == {"2022-05-15"}


def test_check_values_kiel_and_roedental(census):
    # gemeinden/SOURCES.md §3
    assert value(census, "01002000", "share_foreign_census22")["value"] == 12.3
    assert value(census, "01002000", "vacancy_rate_census22")["value"] == 2.1
    assert value(census, "01002000", "avg_rent_per_m2_census22")["value"] == 7.64
    assert value(census, "01002000", "total_dwellings_census22")["value"] == 138600
    assert value(census, "09473159", "share_foreign_census22")["value"] == 5.7
    assert value(census, "09473159", "total_dwellings_census22")["value"] == 6464
    assert value(census, "09473159", "vacancy_rate_census22")["value"] == 4.1
    assert value(census, "09473159", "avg_rent_per_m2_census22")["value"] == 5.24
    assert value(census, "09473159", "population_census22")["name"] == "Rödental, St"


def test_units_from_codebook(census):
    assert value(census, "01002000", "share_foreign_census22")["unit"] == "percent"
    assert value(census, "01002000", "avg_rent_per_m2_census22")["unit"] == "euros/m2"
    assert value(census, "01002000", "total_dwellings_census22")["label"] == "Total number of dwellings"


def test_empty_cells_flagged(census):
    gaps = census[census["flag"] == "na"]
    assert len(gaps) > 0 and gaps["value"].isna().all()
    assert census.loc[census["flag"] == "", "value"].notna().all()


def test_codebook_columns(tmp_path):
    bad = tmp_path / "zensus_book.csv"
    bad.write_text("variable,label\nags,x\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"zensus_book.csv.*missing columns \['unit'\]"):
        read_census_codebook(bad)


def test_missing_ags_column(tmp_path):
    bad = tmp_path / "zensus_noags.csv"
    bad.write_text("municipality_name,population_census22\nKiel,249132\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="zensus_noags.csv.*missing columns"):
        read_census_extract(bad, BOOK)


def test_undocumented_column(tmp_path):
    bad = tmp_path / "zensus_extra.csv"
    bad.write_text("ags,municipality_name,mystery\n01002000,Kiel,1\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="mystery"):
        read_census_extract(bad, BOOK)


def test_truncated_and_bad_cells(tmp_path):
    lines = DATA.read_text(encoding="utf-8").splitlines()
    bad = tmp_path / "zensus_cut.csv"
    bad.write_text("\n".join(lines[:3]) + "\n" + lines[3][:40] + "\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="zensus_cut.csv"):
        read_census_extract(bad, BOOK)
    short = tmp_path / "zensus_ags.csv"
    short.write_text(lines[0] + "\n" + lines[1][1:] + "\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="zensus_ags.csv.*8-digit"):
        read_census_extract(short, BOOK)


def test_wrong_encoding(tmp_path):
    bad = tmp_path / "zensus_latin1.csv"
    bad.write_bytes(DATA.read_text(encoding="utf-8").encode("cp1252"))
    with pytest.raises(SourceFormatError, match="zensus_latin1.csv.*encoding"):
        read_census_extract(bad, BOOK)
