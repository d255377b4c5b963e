"""Tests of wla.sources.regionaldatenbank on excerpts of the real Regionaldatenbank downloads."""
from __future__ import annotations

import math
from pathlib import Path

import pytest

from wla.exceptions import SourceFormatError
from wla.sources.regionaldatenbank import COLUMNS, read_simplified_csv, read_table_csv, simplified_code

FIX = Path(__file__).parent / "fixtures"
AL = FIX / "regionaldatenbank_13211-02-05-4_excerpt.csv"
SCHULEN = FIX / "regionaldatenbank_21111-01-03-4_excerpt.csv"
ABG = FIX / "regionaldatenbank_21111-02-06-4_excerpt.csv"
BERUF = FIX / "regionaldatenbank_21121-02-02-4_excerpt.csv"
EINK = FIX / "regionaldatenbank_82411-01-03-4_excerpt.csv"
SCHUTZ = FIX / "regionaldatenbank_nicofhahn_schutzsuchende_2018_excerpt.csv"
ASYL = FIX / "regionaldatenbank_nicofhahn_asylbewerberleistungen_2019_excerpt.csv"
AL2019 = FIX / "regionaldatenbank_nicofhahn_arbeitslose_2019_excerpt.csv"

ALQ = "Arbeitslosenquote bez. auf alle zivile Erwerbsp."


def cell(df, ags, variable, row_label=""):
    rows = df[(df["ags"] == ags) & (df["variable"] == variable) & (df["row_label"] == row_label)]
    assert len(rows) == 1, (ags, variable, row_label, len(rows))
    return rows.iloc[0]


def test_13211_values_units_and_table_code():
    df = read_table_csv(AL)
    assert list(df.columns) == COLUMNS
    assert set(df["table"]) == {"13211-02-05-4"}
    # SOURCES.md kreise §3a, 2025: Kiel 11,665 / 3,700 / 8,1 % / 19,7 %; LK Coburg 2,262 / 430 / 4,6 / 12,1
    for ags, al, ausl, alq, alq_ausl in [("01002", 11665, 3700, 8.1, 19.7), ("09473", 2262, 430, 4.6, 12.1)]:
        assert cell(df, ags, "Arbeitslose | Anzahl").value == al
        assert cell(df, ags, "Arbeitslose | ausländisch | Anzahl").value == ausl
        assert cell(df, ags, f"{ALQ} | Prozent").value == pytest.approx(alq)
        assert cell(df, ags, f"{ALQ} | ausländisch | Prozent").value == pytest.approx(alq_ausl)
    row = cell(df, "01002", f"{ALQ} | ausländisch | Prozent")
    assert (row.unit, row.year, row.date, row["name"]) == ("Prozent", 2025, "2025", "Kiel, kreisfreie Stadt")
    assert cell(df, "01002", "Arbeitslose | Anzahl").unit == "Anzahl"
    assert cell(df, "DG", "Arbeitslose | Anzahl").value == 2948092


def test_13211_codes_and_flags():
    df = read_table_csv(AL)
    assert {"DG", "01", "094", "01002", "03241001"} <= set(df["ags"])
    secret = cell(df, "094", "Arbeitslosenquote bez. abh. zivile Erwerbspers. | Prozent")
    assert math.isnan(secret.value) and secret.flag == "."
    gone = cell(df, "03152", "Arbeitslose | Anzahl")  # dissolved Kreis Göttingen, printed "-"
    assert gone.value == 0.0 and gone.flag == "-"
    assert (df.loc[df["flag"] == "", "value"].notna()).all()


def test_21111_01_03_row_label_school_type():
    df = read_table_csv(SCHULEN)
    pupils = "Schülerinnen und Schüler an allgemeinbildenden Schulen | Geschlecht | Insgesamt | Anzahl"
    foreign = "Schülerinnen und Schüler an allgemeinbildenden Schulen | Nationalität | ausländisch | Anzahl"
    assert cell(df, "01002", pupils, "Insgesamt").value == 24639
    assert cell(df, "01002", foreign, "Insgesamt").value == 3828
    assert cell(df, "01002", pupils, "Grundschulen").value == 8475
    assert cell(df, "01002", foreign, "Grundschulen").value == 1626
    assert cell(df, "09473", pupils, "Insgesamt").value == 5449
    assert cell(df, "09473", foreign, "Insgesamt").value == 538
    schools = cell(df, "01002", "Allgemeinbildende Schulen | Anzahl", "Insgesamt")
    assert math.isnan(schools.value) and schools.flag == "x"
    assert cell(df, "01002", "Allgemeinbildende Schulen | Anzahl", "Grundschulen").value == 55
    assert df["row_label"].nunique() == 12
    assert set(df["table"]) == {"21111-01-03-4"}


def test_21111_02_06_unit_from_title_and_deduplicated_pieces():
    df = read_table_csv(ABG)
    total = "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss | Insgesamt"
    ohne = "Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss | ohne Hauptschulabschluss | Insgesamt"
    assert cell(df, "01002", total).value == 1959
    assert cell(df, "01002", ohne).value == 210
    assert cell(df, "09473", total).value == 437
    assert cell(df, "09473", ohne).value == 51
    assert set(df["unit"]) == {"Anzahl"}  # from the title line "Absolvierende/Abgehende (Anzahl)"


def test_21121_dash_is_zero_with_flag():
    df = read_table_csv(BERUF)
    total = "Absolvierende/Abgehende | Geschlecht | Insgesamt | Anzahl"
    assert cell(df, "01002", total).value == 1275
    coburg = cell(df, "09473", total)
    assert coburg.value == 0.0 and coburg.flag == "-"


def test_82411_income():
    df = read_table_csv(EINK)
    per_head = "verfüg. Einkommen der priv. Haushalte je Einwohner | EUR"
    assert cell(df, "01002", per_head).value == 21320
    assert cell(df, "09473", per_head).value == 24703
    assert cell(df, "09473", per_head).unit == "EUR"
    assert cell(df, "01002", "verfügbares Einkommen der privaten Haushalte | Tsd. EUR").unit == "Tsd. EUR"
    assert set(df["year"]) == {2021}


def test_simplified_codes_dates_and_values():
    df = read_simplified_csv(SCHUTZ)
    assert list(df.columns) == COLUMNS
    assert {"DG", "01", "01002", "094", "10", "10044", "03241001", "141"} == set(df["ags"]) - {"01004", "03152", "09463", "09473"}
    # SOURCES.md kreise §1b: Kiel 7,990; Neumünster 2,635; LK Coburg 645; Deutschland 1,781,750
    for ags, value in [("01002", 7990), ("01004", 2635), ("09473", 645), ("DG", 1781750)]:
        assert cell(df, ags, "schutzsuchende").value == value
    row = cell(df, "01002", "schutzsuchende")
    assert (row.year, row.date, row.unit, row.table) == (2018, "2018-12-31", "", "")
    saarlouis = cell(df, "10044", "schutzsuchende")
    assert math.isnan(saarlouis.value) and saarlouis.flag == "."


def test_simplified_other_files():
    asyl = read_simplified_csv(ASYL)
    for ags, value in [("01002", 1355), ("09473", 264), ("01004", 1681)]:
        assert cell(asyl, ags, "empfaenger_asylbewerber").value == value
    al = read_simplified_csv(AL2019)
    assert cell(al, "01002", "arbeitslose_insgesamt").value == 10556
    assert cell(al, "09473", "arbeitslose_auslaender").value == 185
    assert cell(al, "01002", "arbeitslose_insgesamt").date == "2019"


@pytest.mark.parametrize(
    "given, expected",
    [("DG", "DG"), ("1", "01"), ("10", "10"), ("16", "16"), ("94", "094"), ("31", "031"), ("141", "141"),
     ("1002", "01002"), ("16077", "16077"), ("3241001", "03241001"), ("10041100", "10041100")],
)
def test_simplified_code(given, expected):
    assert simplified_code(given) == expected


# --- malformed input -------------------------------------------------------------------------


def write(tmp_path, name, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_truncated_in_data_rows(tmp_path):
    lines = AL.read_bytes().split(b"\n")
    path = write(tmp_path, "cut.csv", b"\n".join(lines[:14]))
    with pytest.raises(SourceFormatError, match="cut.csv.*footer"):
        read_table_csv(path)


def test_truncated_mid_line(tmp_path):
    data = AL.read_bytes()
    cut = data.index(b"2025;01004") + 30
    path = write(tmp_path, "midline.csv", data[:cut])
    with pytest.raises(SourceFormatError, match="midline.csv"):
        read_table_csv(path)


def test_truncated_in_header(tmp_path):
    lines = AL.read_bytes().split(b"\n")
    path = write(tmp_path, "head.csv", b"\n".join(lines[:8]))
    with pytest.raises(SourceFormatError, match="head.csv.*no data rows"):
        read_table_csv(path)


def test_no_header_rows(tmp_path):
    lines = AL.read_bytes().split(b"\n")
    path = write(tmp_path, "nohead.csv", b"\n".join(lines[:6] + lines[9:]))
    with pytest.raises(SourceFormatError, match="nohead.csv.*no header rows"):
        read_table_csv(path)


def test_wrong_encoding_utf16(tmp_path):
    text = AL.read_bytes().decode("cp1252")
    path = write(tmp_path, "utf16.csv", text.encode("utf-16"))
    with pytest.raises(SourceFormatError, match="utf16.csv"):
        read_table_csv(path)


def test_utf8_copy_reads_the_same(tmp_path):
    text = AL.read_bytes().decode("cp1252")
    path = write(tmp_path, "utf8.csv", text.encode("utf-8"))
    assert read_table_csv(path).equals(read_table_csv(AL))


def test_not_a_genesis_table(tmp_path):
    path = write(tmp_path, "other.csv", SCHUTZ.read_bytes())
    with pytest.raises(SourceFormatError, match="other.csv.*Tabelle"):
        read_table_csv(path)


def test_bad_number_names_file_and_column(tmp_path):
    data = AL.read_bytes().replace(b"11665", b"11x65")
    path = write(tmp_path, "bad.csv", data)
    with pytest.raises(SourceFormatError, match="bad.csv.*Arbeitslose \\| Anzahl"):
        read_table_csv(path)


def test_simplified_missing_columns(tmp_path):
    data = SCHUTZ.read_bytes().replace(b";Kreis;Stadt;", b";Stadt;", 1)
    path = write(tmp_path, "nokreis.csv", data)
    with pytest.raises(SourceFormatError, match="nokreis.csv.*missing columns"):
        read_simplified_csv(path)


def test_simplified_truncated(tmp_path):
    data = ASYL.read_bytes()
    path = write(tmp_path, "cut.csv", data[: data.index(b"1355;") + 5])
    with pytest.raises(SourceFormatError, match="cut.csv.*cells"):
        read_simplified_csv(path)
    path = write(tmp_path, "headonly.csv", data.split(b"\n")[0])
    with pytest.raises(SourceFormatError, match="headonly.csv.*no data rows"):
        read_simplified_csv(path)


def test_simplified_utf16(tmp_path):
    path = write(tmp_path, "s16.csv", SCHUTZ.read_bytes().decode("latin-1").encode("utf-16"))
    with pytest.raises(SourceFormatError, match="s16.csv"):
        read_simplified_csv(path)
