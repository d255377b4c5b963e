"""Tests of the GENESIS flat-file reader on real excerpts (tests/fixtures/destatis_*_ffcsv.csv)."""
import gzip
import io
import math
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from wla.exceptions import SourceFormatError
from wla.sources.common import SOURCE_COLUMNS
from wla.sources.genesis import EXTRA_COLUMNS, parse_values, read_ffcsv

FIXTURES = Path(__file__).resolve().parent / "fixtures"
POP_2024 = FIXTURES / "destatis_12411-01-01-4_2024-12-31_excerpt_ffcsv.csv"
PROTECTION_2024 = FIXTURES / "destatis_12531-0043_2024-12-31_excerpt_ffcsv.csv"
ZENSUS = FIXTURES / "destatis_1000A-0000_2022-05-15_excerpt_ffcsv.csv"
ATLAS = FIXTURES / "destatis_AI-N-01-2-5_excerpt_ffcsv.csv"
CASSETTES = Path(__file__).resolve().parents[2] / "shared" / "data" / "genesis-replies"


def one(frame, **where):
    rows = frame
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, where
    return rows.iloc[0]


def test_population_excerpt_schema_and_values():
    frame = read_ffcsv(POP_2024)
    assert list(frame.columns) == SOURCE_COLUMNS + EXTRA_COLUMNS + ["GES", "GES_code"]
    kiel = one(frame, ags="01002", GES_code="")
    assert kiel["value"] == 252668 and kiel["flag"] == "" and kiel["GES"] == "Insgesamt"
    assert (kiel["year"], kiel["date"], kiel["name"]) == (2024, "2024-12-31", "Kiel, kreisfreie Stadt")
    assert (kiel["statistic"], kiel["unit"], kiel["geo_variable"]) == ("12411", "Anzahl", "KREISE")
    assert kiel["variable"] == "Bevölkerungsstand" and kiel["variable_code"] == "BEVSTD"
    assert one(frame, ags="01002", GES_code="GESM")["value"] == 123532
    assert one(frame, ags="01002", GES_code="GESW")["value"] == 129136
    assert one(frame, ags="09473", GES_code="")["value"] == 84468


def test_dash_is_zero_with_flag():
    frame = read_ffcsv(POP_2024)
    abolished = frame[frame["ags"] == "15159"]  # Köthen, abolished Kreis: every cell "-"
    assert len(abolished) == 3
    assert (abolished["value"] == 0.0).all() and (abolished["flag"] == "-").all()


def test_protection_excerpt_classifiers():
    frame = read_ffcsv(PROTECTION_2024)
    for code in ("SCHST2", "GES", "STAAG5"):
        assert code in frame.columns and f"{code}_code" in frame.columns
    cell = one(frame, ags="01002", SCHST2_code="SCHUTZST-OF", GES_code="GESM", STAAG5="Syrien")
    assert cell["value"] == 75 and cell["SCHST2"] == "Offener Schutzstatus"
    assert one(frame, ags="01002", SCHST2_code="SCHUTZST-OF", GES_code="GESW", STAAG5="Syrien")["value"] == 45
    ukraine = one(frame, ags="09473", SCHST2_code="SCHUTZST-AK-4", GES_code="GESW")
    assert ukraine["value"] == 325 and ukraine["STAAG5_code"] == "ST166"


def test_zensus_ars_becomes_ags():
    frame = read_ffcsv(ZENSUS)
    roedental = one(frame, ags="09473159")
    assert roedental["ars"] == "094730159159" and roedental["value"] == 12545
    assert one(frame, ags="01002000")["value"] == 249132
    assert one(frame, ags="09463000")["value"] == 40296
    germany = one(frame, ags="DG")
    assert germany["ars"] == "" and germany["value"] == 82719540 and germany["quality"] == "e"


def test_decimal_comma_and_special_signs():
    frame = read_ffcsv(ATLAS)
    hennigsdorf = frame[frame["ags"] == "12065136"].set_index("variable_code")["value"]
    assert hennigsdorf["AI0112"] == pytest.approx(-0.3) and hennigsdorf["AI0111"] == pytest.approx(32.2)
    assert one(frame, ags="16064071")["value"] == pytest.approx(129.4)
    assert one(frame, ags="13058084", variable_code="AI0112")[["value", "flag"]].tolist() == [0.0, "-"]
    tastrup = one(frame, ags="01059101")
    assert math.isnan(tastrup["value"]) and tastrup["flag"] == "x"
    assert one(frame, ags="12065136", variable_code="AI0112")["date"] == "2023"


def test_parse_values_mixed_cells():
    value, flag = parse_values(pd.Series(["12", "-3,5", "-", ".", "...", "/", ""]), "x.csv")
    assert value.tolist()[:3] == [12.0, -3.5, 0.0]
    assert value.iloc[3:].isna().all()
    assert flag.tolist() == ["", "", "-", ".", "...", "/", "na"]


def test_text_bytes_gzip_and_zip_inputs(tmp_path):
    expected = read_ffcsv(POP_2024)
    raw = POP_2024.read_bytes()
    pd.testing.assert_frame_equal(read_ffcsv(raw.decode("utf-8-sig")), expected)
    pd.testing.assert_frame_equal(read_ffcsv(raw), expected)
    with POP_2024.open("rb") as handle:
        pd.testing.assert_frame_equal(read_ffcsv(handle), expected)
    gz = tmp_path / "pop.csv.gz"
    gz.write_bytes(gzip.compress(raw))
    pd.testing.assert_frame_equal(read_ffcsv(gz), expected)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("12411-01-01-4_de_flat.csv", raw)
    pd.testing.assert_frame_equal(read_ffcsv(buffer.getvalue()), expected)


def test_truncated_gzip(tmp_path):
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(gzip.compress(PROTECTION_2024.read_bytes())[:-40])
    with pytest.raises(SourceFormatError, match="cut.csv.gz.*gzip"):
        read_ffcsv(path)


def test_truncated_text(tmp_path):
    path = tmp_path / "cut.csv"
    path.write_bytes(POP_2024.read_bytes()[:-60])
    with pytest.raises(SourceFormatError, match="cut.csv.*truncated"):
        read_ffcsv(path)


def test_wrong_encoding(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(POP_2024.read_text(encoding="utf-8-sig").encode("cp1252"))
    with pytest.raises(SourceFormatError, match="latin1.csv.*encoding"):
        read_ffcsv(path)


def test_missing_columns_named(tmp_path):
    frame = pd.read_csv(POP_2024, sep=";", dtype=str, encoding="utf-8-sig", keep_default_na=False)
    path = tmp_path / "no_unit.csv"
    frame.drop(columns=["value_unit", "time"]).to_csv(path, sep=";", index=False)
    with pytest.raises(SourceFormatError, match="no_unit.csv.*time, value_unit"):
        read_ffcsv(path)


def test_bad_value_names_line():
    text = POP_2024.read_text(encoding="utf-8-sig").replace(";252668;", ";25x668;")
    with pytest.raises(SourceFormatError, match="reply.csv.*line"):
        read_ffcsv(text, name="reply.csv")


def test_web_service_reply_from_cassette():
    yaml = pytest.importorskip("yaml")
    cassette = CASSETTES / "pystatis_cassette_12411-01-01-4.yaml"
    if not cassette.exists():
        pytest.skip("raw files ../shared/data not present")
    interactions = yaml.safe_load(cassette.read_bytes())["interactions"]
    body = next(i["response"]["body"]["string"] for i in interactions if i["request"]["uri"].endswith("/data/tablefile"))
    frame = read_ffcsv(body)  # zipped bytes as the service sends them
    assert one(frame, ags="01002", GES_code="")["value"] == 252668
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        text = archive.read(archive.namelist()[0]).decode("utf-8-sig")
    pd.testing.assert_frame_equal(read_ffcsv(text), frame)
