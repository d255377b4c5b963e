"""Reader of the transcribed 22811-01-01-4 extract (kreise/SOURCES.md §10b): values, identities checked."""

import pytest

from wla.exceptions import SourceFormatError
from wla.paths import PROJECT_ROOT
from wla.sources.mindestsicherung import read_mindestsicherung_extract

RAW = PROJECT_ROOT.parent / "shared" / "data" / "kreise"
EXTRACT = RAW / "kartenwerk_destatis_22811-01-01-4_mindestsicherung_2010-2024_EXTRACT_kielregion_coburg.csv"

pytestmark = pytest.mark.skipif(not EXTRACT.exists(), reason=f"raw file {EXTRACT} not found")


def cell(frame, ags, year, variable_part):
    hit = frame[(frame["ags"] == ags) & (frame["year"] == year) & frame["variable"].str.contains(variable_part, regex=False)]
    assert len(hit) == 1
    return hit.iloc[0]["value"]


def test_values_from_sources_md():
    frame = read_mindestsicherung_extract(EXTRACT)
    # AsylbLG 2019 -> 2022 -> 2024 as listed in SOURCES.md §10b
    for ags, series in {"01002": (1355, 1315, 1255), "01004": (1681, 3580, 2895), "09473": (264, 530, 720)}.items():
        assert [cell(frame, ags, y, "Asylbewerberleistungsgesetz") for y in (2019, 2022, 2024)] == list(series)
    assert cell(frame, "01004", 2010, "Asylbewerberleistungsgesetz") == 400
    assert cell(frame, "01002", 2024, "SGB II | zusammen") == 27377
    assert set(frame["year"]) == {2010, 2019, 2022, 2024}
    assert (frame["flag"] == "").all() and frame["ags"].str.len().eq(5).all()


def test_transcription_error_is_caught(tmp_path):
    text = EXTRACT.read_text(encoding="utf-8").replace(
        "2024-12-31,01002,Kiel,1255,", "2024-12-31,01002,Kiel,1256,"
    )
    bad = tmp_path / EXTRACT.name
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(SourceFormatError, match="2024-12-31 01002: the parts do not add up"):
        read_mindestsicherung_extract(bad)


def test_wrong_header_is_caught(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("stichtag,kreis_code\n2019-12-31,01002\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="header"):
        read_mindestsicherung_extract(bad)
