"""Reader of the BA unemployment extracts (Arbeitslose nach Berufen, KldB 2010)."""
import gzip
from pathlib import Path

import pytest

from wla.exceptions import SourceFormatError
from wla.sources.ba import NO_OCCUPATION, read_ba_codes, read_ba_occupation_extract

FIX = Path(__file__).parent / "fixtures"
TOTAL = FIX / "ba_arbeitslose_kreis_x_beruf_insgesamt_excerpt.csv.gz"
FOREIGN = FIX / "ba_arbeitslose_kreis_x_beruf_auslaender_excerpt.csv.gz"


@pytest.fixture(scope="module")
def total():
    return read_ba_occupation_extract(TOTAL)


def test_schema_and_codes(total):
    assert list(total.columns[:7]) == ["ags", "name", "year", "date", "variable", "value", "flag"]
    assert "occupation" in total.columns
    assert set(total["ags"]) == {"01002", "03159"}
    assert set(total["variable"]) == {"insgesamt", "frauen"}
    kiel = total[(total["ags"] == "01002") & (total["variable"] == "insgesamt")]
    assert len(kiel) == 145 and kiel["occupation"].nunique() == 145
    assert NO_OCCUPATION in set(kiel["occupation"])
    assert all(len(c) == 3 for c in kiel["occupation"].astype(str) if c != NO_OCCUPATION)


def test_values_fractional_annual_averages(total):
    kiel = total[(total["ags"] == "01002") & (total["year"] == 2015)]
    both = kiel[kiel["variable"] == "insgesamt"]["value"].sum()
    assert both == pytest.approx(13021.75, abs=0.01)  # SOURCES.md: Kiel 2015 13,021.7
    women = kiel[kiel["variable"] == "frauen"]["value"].sum()
    assert 0 < women < both
    assert (kiel["value"] % 1 != 0).any()


def test_empty_cells_are_flagged_not_filled(total):
    gott = total[(total["ags"] == "03159") & (total["variable"] == "insgesamt")]
    named = gott[gott["occupation"] != NO_OCCUPATION]
    assert named["value"].isna().all() and (named["flag"] == "na").all()
    missing_code = gott[gott["occupation"] == NO_OCCUPATION]
    assert missing_code["value"].iloc[0] == pytest.approx(2095.5833333333)
    assert missing_code["flag"].iloc[0] == ""


def test_foreigners_excerpt():
    frame = read_ba_occupation_extract(FOREIGN)
    coburg = frame[(frame["ags"] == "09473") & (frame["variable"] == "insgesamt")]
    assert coburg["value"].sum() == pytest.approx(430.3, abs=0.05)


def test_code_lists():
    regions = read_ba_codes(FIX / "ba_region_codes_excerpt.csv")
    names = dict(zip(regions["code"], regions["name"]))
    assert names["01002"] == "Kiel, Landeshauptstadt"
    assert names["06415"].startswith("Hanau")  # the BA's own region, read as published (the snapshot adds it into 06435)
    kldb = read_ba_codes(FIX / "ba_kldb2010_berufsgruppen_codes_excerpt.csv")
    labels = dict(zip(kldb["code"], kldb["name"]))
    assert labels["121"] == "Gartenbau"
    assert labels["013"] == "Unteroffiziere ohne Portepee"
    assert labels[NO_OCCUPATION] == "ohne Angabe zum Zielberuf"


def test_truncated_gzip(tmp_path):
    bad = tmp_path / "ba_truncated.csv.gz"
    bad.write_bytes(TOTAL.read_bytes()[:600])
    with pytest.raises(SourceFormatError, match="ba_truncated.csv.gz"):
        read_ba_occupation_extract(bad)


def test_missing_column(tmp_path):
    bad = tmp_path / "ba_nowomen.csv.gz"
    bad.write_bytes(gzip.compress(b"region,occupational_group,year,total\n01002,111,2015,1.5\n"))
    with pytest.raises(SourceFormatError, match=r"ba_nowomen.*missing columns \['women'\]"):
        read_ba_occupation_extract(bad)


def test_wrong_encoding(tmp_path):
    bad = tmp_path / "ba_latin1.csv"
    bad.write_bytes("code,name\n09473,Gößweinstein\n".encode("cp1252"))
    with pytest.raises(SourceFormatError, match="ba_latin1.csv.*encoding"):
        read_ba_codes(bad)


@pytest.mark.parametrize(
    "line, problem",
    [
        (b"1002,111,2015,1.5,0.5", "region"),
        (b"01002,111,2015,1;5,0.5", "not a number"),
        (b"01002,1,2015,1.5,0.5", "occupational_group"),
    ],
)
def test_malformed_cells(tmp_path, line, problem):
    bad = tmp_path / "ba_bad.csv.gz"
    bad.write_bytes(gzip.compress(b"region,occupational_group,year,total,women\n" + line + b"\n"))
    with pytest.raises(SourceFormatError, match=f"ba_bad.csv.gz.*{problem}"):
        read_ba_occupation_extract(bad)
