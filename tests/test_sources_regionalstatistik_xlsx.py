"""Reader of restructured Regionaldatenbank xlsx exports (excerpts of the real files)."""
import math
from pathlib import Path

import openpyxl
import pytest

from wla.exceptions import SourceFormatError
from wla.sources.common import SOURCE_COLUMNS
from wla.sources.regionalstatistik_xlsx import read_regionalstatistik_xlsx

FIXTURES = Path(__file__).parent / "fixtures"
ARBEITSORT = FIXTURES / "regionalstatistik_13111-01-03-4_excerpt.xlsx"
WOHNORT = FIXTURES / "regionalstatistik_13111-02-02-4_excerpt.xlsx"
BESTAND = FIXTURES / "regionalstatistik_31231-02-01-4_excerpt.xlsx"
GENEHMIGUNGEN = FIXTURES / "regionalstatistik_31111-01-02-4_excerpt.xlsx"

SVB_TOTAL = "Nationalität | Insgesamt | Geschlecht | Insgesamt"
SVB_FOREIGN = "Nationalität | Ausländer(innen) | Geschlecht | Insgesamt"


def value(df, ags, year, variable):
    row = df[(df["ags"] == ags) & (df["year"] == year) & (df["variable"] == variable)]
    assert len(row) == 1, (ags, year, variable)
    return row.iloc[0]


def test_svb_arbeitsort_schema_and_check_values():
    df = read_regionalstatistik_xlsx(ARBEITSORT)
    assert list(df.columns) == SOURCE_COLUMNS + ["unit", "table"]
    assert set(df["table"]) == {"13111-01-03-4"}
    assert set(df["unit"]) == {"Anzahl"}
    assert value(df, "01002", 2015, SVB_TOTAL)["value"] == 117471
    assert value(df, "01002", 2015, SVB_FOREIGN)["value"] == 4927
    kiel = value(df, "01002", 2019, SVB_TOTAL)
    assert (kiel["value"], kiel["flag"], kiel["date"]) == (125483, "", "2019-06-30")
    assert value(df, "01002", 2019, SVB_FOREIGN)["value"] == 7443
    assert value(df, "09473", 2015, SVB_TOTAL)["value"] == 28018
    assert value(df, "09473", 2019, SVB_FOREIGN)["value"] == 1946
    assert value(df, "DG", 2019, SVB_TOTAL)["name"] == "Deutschland"


def test_special_signs_are_flags():
    df = read_regionalstatistik_xlsx(ARBEITSORT)
    foreign_men = "Nationalität | Ausländer(innen) | Geschlecht | männlich"
    secret = value(df, "13052", 2010, foreign_men)  # Landkreis Demmin: 63 foreigners, sex split "."
    assert secret["flag"] == "." and math.isnan(secret["value"])
    assert value(df, "13052", 2010, SVB_FOREIGN)["value"] == 63
    dash = value(df, "03159", 2015, SVB_TOTAL)  # Göttingen (new) did not exist yet: "-"
    assert (dash["value"], dash["flag"]) == (0.0, "-")


def test_wohnort_without_metadata_header_uses_flattened_header():
    df = read_regionalstatistik_xlsx(WOHNORT)
    assert set(df["variable"]) == {
        "Insgesamt", "männlich", "weiblich",
        "Ausländer(innen) | Insgesamt", "Ausländer(innen) | männlich", "Ausländer(innen) | weiblich",
    }
    assert set(df["unit"]) == {"Anzahl"}  # from "Sozialversicherungspfl. Beschäftigte (Wohnort) (Anzahl)"
    assert value(df, "01002", 2019, "Insgesamt")["value"] == 91908
    assert value(df, "01002", 2019, "Ausländer(innen) | Insgesamt")["value"] == 7855
    assert value(df, "09473", 2019, "Insgesamt")["value"] == 38367


def test_wohnungsbestand_units_from_metadata():
    df = read_regionalstatistik_xlsx(BESTAND)
    area = value(df, "01002", 2019, "Wohnfläche in Wohngebäuden")
    assert (area["value"], area["unit"], area["date"]) == (9532.1, "1000 qm", "2019-12-31")
    dwellings = "Wohnungen in Wohn- und Nichtwohngebäuden | Größe der Wohnung | Insgesamt"
    assert value(df, "01002", 2019, dwellings)["value"] == 135520
    assert value(df, "09473", 2015, dwellings)["value"] == 41568
    assert sorted(df["year"].unique()) == [2011, 2015, 2019]


def test_baugenehmigungen_annual_blocks_footer_and_unknown_split():
    df = read_regionalstatistik_xlsx(GENEHMIGUNGEN)
    assert sorted(df["year"].unique()) == [1995, 2015, 2019]  # copyright footer not read as rows
    total = "Wohnungen in Wohngebäuden | in Wohngebäuden | Insgesamt"
    kiel = value(df, "01002", 2019, total)
    assert (kiel["value"], kiel["date"]) == (644, "2019")
    assert value(df, "09473", 2015, total)["value"] == 164
    split = value(df, "01002", 1995, "Wohnungen in Wohngebäuden | in Wohngebäuden | 1 Wohnung")
    assert split["flag"] == "." and math.isnan(split["value"])
    assert "mit 3 und mehr Wohnungen" in set(v.split(" | ")[-1] for v in df["variable"])


def test_truncated_file(tmp_path):
    bad = tmp_path / "truncated.xlsx"
    bad.write_bytes(ARBEITSORT.read_bytes()[:3000])
    with pytest.raises(SourceFormatError, match="truncated.xlsx"):
        read_regionalstatistik_xlsx(bad)


def test_not_an_xlsx(tmp_path):
    bad = tmp_path / "text.xlsx"
    bad.write_text("id;name\n01002;Kiel\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="text.xlsx.*xlsx"):
        read_regionalstatistik_xlsx(bad)


def _edited(tmp_path, name, edit):
    wb = openpyxl.load_workbook(ARBEITSORT)
    edit(wb)
    out = tmp_path / name
    wb.save(out)
    return out


def test_missing_metadata_sheet(tmp_path):
    path = _edited(tmp_path, "nometa.xlsx", lambda wb: wb.remove(wb["metadata"]))
    with pytest.raises(SourceFormatError, match="nometa.xlsx.*metadata"):
        read_regionalstatistik_xlsx(path)


def test_missing_id_name_columns(tmp_path):
    def edit(wb):
        wb.worksheets[0]["A2"] = "code"

    path = _edited(tmp_path, "noid.xlsx", edit)
    with pytest.raises(SourceFormatError, match="noid.xlsx.*'id'"):
        read_regionalstatistik_xlsx(path)


def test_unexpected_row_text(tmp_path):
    def edit(wb):
        wb.worksheets[0]["A3"] = "Juni 2019"

    path = _edited(tmp_path, "baddate.xlsx", edit)
    with pytest.raises(SourceFormatError, match="baddate.xlsx.*Juni 2019"):
        read_regionalstatistik_xlsx(path)


def test_bad_cell_names_file_and_column(tmp_path):
    def edit(wb):
        wb.worksheets[0]["C5"] = "n.v."

    path = _edited(tmp_path, "badcell.xlsx", edit)
    with pytest.raises(SourceFormatError, match="badcell.xlsx.*Insgesamt"):
        read_regionalstatistik_xlsx(path)
