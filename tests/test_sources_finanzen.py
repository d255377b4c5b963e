"""Reader of finanzen/finanzparameter.csv and the snapshot recipe for the finance parameters."""
from __future__ import annotations

import csv

import pandas as pd
import pytest

from wla.exceptions import SourceFormatError
from wla.paths import data_dir, raw_dir
from wla.snapshot import finance_parameters
from wla.sources.finanzen import COLUMNS, read_parameters

RAW = raw_dir() / "finanzen" / "finanzparameter.csv"


def test_reader_keeps_every_row_and_types_values():
    with open(RAW, encoding="utf-8") as fh:
        raw = list(csv.DictReader(fh, delimiter=";"))
    frame = read_parameters(RAW)
    assert len(frame) == len(raw) == 80
    assert list(frame.columns) == COLUMNS + ["grade"]
    assert frame["value"].tolist() == [float(r["value"]) for r in raw]
    kiel = frame[(frame["parameter_id"] == "kdu_mog_1p") & (frame["region_ags"] == "01002")]
    assert sorted(kiel["value"]) == [397.0, 439.0, 474.5]


def test_grades_follow_sources_md():
    frame = read_parameters(RAW).set_index(["parameter_id", "region_ags", "valid_from"])["grade"]
    assert frame[("bund_pauschale_je_asylerstantrag", "DE", "2024-01-01")] == "B"
    assert frame[("fag_par14_abschlag_2024", "DE", "2024-01-01")] == "A"
    assert frame[("sh_asylblg_erstattungsquote", "01", "2022-05-20")] == "A"
    assert frame[("kdu_mog_1p", "01002", "2025-01-01")] == "A"
    assert frame[("kdu_mog_1p", "01002", "2023-01-01")] == "B"
    assert frame[("kdu_mog_1p_vrI", "09473", "2020-03-01")] == "A"
    assert frame[("moro_kielregion_wal", "01002+01004+01057+01058", "")] == ""  # SOURCES.md gives none


def test_reader_rejects_a_changed_file(tmp_path):
    text = RAW.read_text(encoding="utf-8")
    bad_header = tmp_path / "a.csv"
    bad_header.write_text(text.replace("parameter_id;", "id;", 1), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="header"):
        read_parameters(bad_header)
    bad_value = tmp_path / "b.csv"
    bad_value.write_text(text.replace(";7500;", ";7.500,00;", 1), encoding="utf-8")
    with pytest.raises(SourceFormatError, match="not a number"):
        read_parameters(bad_value)


def test_recipe_writes_the_committed_snapshot_table():
    built = finance_parameters.build(raw_dir())
    assert list(built.columns) == finance_parameters.COLUMNS
    committed = pd.read_csv(data_dir() / finance_parameters.FILE, dtype=str, keep_default_na=False)
    committed["value"] = committed["value"].astype(float)
    pd.testing.assert_frame_equal(built.reset_index(drop=True), committed, check_dtype=False)
