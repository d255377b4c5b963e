"""Recipe mindestsicherung_tables: AsylbLG and SGB II recipients per Kreis (22811-01-01-4 / 661-31-4),
checked against the values kreise/SOURCES.md §10 lists, and the committed snapshot."""
import pytest

import wla
from wla.exceptions import SourceFormatError
from wla.paths import PROJECT_ROOT
from wla.snapshot import mindestsicherung_tables as recipe
from wla.sources.regionaldatenbank import read_simplified_csv

RAW = PROJECT_ROOT.parent / "shared" / "data"


@pytest.fixture(scope="module")
def rows():
    if not (RAW / "kreise" / recipe.TABLE_FILES[0]).exists():
        pytest.skip(f"raw files not found under {RAW}")
    return recipe.build(RAW).set_index(["indicator", "ags", "year", "category"])["value"]


@pytest.mark.parametrize(
    "ags, year, asyl, sgb2",
    [
        ("01002", 2014, 1332, 31772),  # Kiel
        ("09473", 2014, 255, 2547),  # Landkreis Coburg
        ("DG", 2014, 362850, 5858797),
        ("01002", 2013, 736, 31812),
        ("09473", 2013, 148, 2620),
        ("DG", 2013, 224993, 6041123),
    ],
)
def test_check_values_of_sources_md(rows, ags, year, asyl, sgb2):
    assert rows[("asylbewerberleistungen", ags, year, "insgesamt")] == asyl
    assert rows[("sgb2_empfaenger", ags, year, "insgesamt")] == sgb2


def test_asylblg_2014_other_kreise(rows):
    expected = {"01004": 614, "01057": 500, "01058": 1014, "09463": 243}
    assert {a: rows[("asylbewerberleistungen", a, 2014, "insgesamt")] for a in expected} == expected


def test_sgb2_parts_add_up(rows):
    sgb2 = rows.loc["sgb2_empfaenger"].unstack("category")
    assert (sgb2["erwerbsfaehige_lb"] + sgb2["nicht_erwerbsfaehige_lb"] == sgb2["insgesamt"]).all()


def test_historic_kreise_and_2019_duplicates_left_out(rows):
    kreise_2014 = {a for (i, a, y, c) in rows.index if i == "asylbewerberleistungen" and y == 2014 and len(a) == 5}
    assert len(kreise_2014) == 400
    assert "13001" not in kreise_2014  # Greifswald, kreisfrei until 2011: every cell '.' or '-'
    # 2019 AsylbLG comes from the full 2019 table (recipe regionaldatenbank_tables), not the extract
    assert not any(i == "asylbewerberleistungen" and y == 2019 for (i, a, y, c) in rows.index)
    assert rows[("sgb2_empfaenger", "09463", 2019, "insgesamt")] == 2314


def test_extract_2019_must_equal_the_full_table(rows):
    full = read_simplified_csv(RAW / "kreise" / recipe.ASYL_2019_FILE)
    kiel = (full["ags"] == "01002") & (full["variable"] == "empfaenger_asylbewerber")
    assert full.loc[kiel, "value"].tolist() == [1355.0]
    full.loc[kiel, "value"] = 1354.0
    extract = RAW / "kreise" / recipe.EXTRACT_FILE
    with pytest.raises(SourceFormatError, match=r"AsylbLG 31.12.2019 differs from the full table for \['01002'\]"):
        recipe.extract_rows(extract, full)


def test_snapshot_series_with_source_per_row():
    rows = wla.load("asylbewerberleistungen", "01004")
    assert rows.set_index("year")["value"].to_dict() == {
        2010: 400, 2013: 420, 2014: 614, 2019: 1681, 2022: 3580, 2024: 2895
    }
    by_year = rows.set_index("year")["source"]
    assert "22221" in by_year[2019] and "22811-01-01-4" in by_year[2024]
    entry = wla.data.entry("sgb2_empfaenger")
    assert entry["years_by_level"] == "bund: 2013, 2014; land: 2013, 2014; kreis: 2010, 2013, 2014, 2019, 2022, 2024"
