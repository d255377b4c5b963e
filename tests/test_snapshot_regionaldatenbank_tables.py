"""Tests of the Regionaldatenbank table recipe (wla.snapshot.regionaldatenbank_tables)."""
from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from wla.catalog import DL_DE_BY
from wla.exceptions import SourceFormatError
from wla.snapshot import regionaldatenbank_tables as recipe

FIX = Path(__file__).parent / "fixtures"
RAW = Path(__file__).resolve().parents[2] / "shared" / "data"

#: raw file name -> fixture excerpt of it
EXCERPTS = {
    recipe.F_13211: "regionaldatenbank_13211-02-05-4_excerpt.csv",
    recipe.F_AL_2019: "regionaldatenbank_nicofhahn_arbeitslose_2019_excerpt.csv",
    recipe.F_SCHUTZ_2018: "regionaldatenbank_nicofhahn_schutzsuchende_2018_excerpt.csv",
    recipe.F_ASYL_2019: "regionaldatenbank_nicofhahn_asylbewerberleistungen_2019_excerpt.csv",
    recipe.F_SCHUELER: "regionaldatenbank_21111-01-03-4_excerpt.csv",
    recipe.F_ABG_ALLG: "regionaldatenbank_21111-02-06-4_excerpt.csv",
    recipe.F_ABG_BERUF: "regionaldatenbank_21121-02-02-4_excerpt.csv",
    recipe.F_EINKOMMEN: "regionaldatenbank_82411-01-03-4_excerpt.csv",
}

IDS = {
    "arbeitslose", "arbeitslose_auslaender", "arbeitslosenquote", "arbeitslosenquote_auslaender",
    "schutzsuchende", "asylbewerberleistungen", "schulen", "schueler", "schueler_auslaender",
    "schulabgaenger", "schulabgaenger_ohne_abschluss", "schulabgaenger_ohne_abschluss_anteil",
    "schulabgaenger_beruflich", "einkommen_verfuegbar", "einkommen_verfuegbar_je_ew",
}


@pytest.fixture
def excerpt_raw(tmp_path):
    (tmp_path / "kreise").mkdir()
    for raw_name, fixture in EXCERPTS.items():
        shutil.copy(FIX / fixture, tmp_path / "kreise" / raw_name)
    return tmp_path


def value(df, ags, indicator, year, category="insgesamt"):
    rows = df[(df.ags == ags) & (df.indicator == indicator) & (df.year == year) & (df.category == category)]
    assert len(rows) == 1, (ags, indicator, year, category, len(rows))
    return rows.iloc[0]


def test_catalogue_entries():
    ids = [i.id for i in recipe.INDICATORS]
    assert len(ids) == len(set(ids)) and set(ids) == IDS
    assert all(i.licence == DL_DE_BY for i in recipe.INDICATORS)
    by_id = {i.id: i for i in recipe.INDICATORS}
    share = by_id["schulabgaenger_ohne_abschluss_anteil"]
    assert (share.kind, share.numerator, share.denominator, share.scale) == (
        "rate", "schulabgaenger_ohne_abschluss", "schulabgaenger", 100.0)
    assert by_id["arbeitslosenquote"].kind == "rate" and not by_id["arbeitslosenquote"].numerator
    assert "Bundesagentur" in by_id["arbeitslose"].publisher
    assert "not recorded" in by_id["schutzsuchende"].notes


def test_slug():
    assert recipe.slug("Sonderschulen/Förderschulen") == "sonderschulen_foerderschulen"
    assert recipe.slug("Schulartunabhängige Orientierungsstufe") == "schulartunabhaengige_orientierungsstufe"
    assert recipe.slug("Insgesamt") == "insgesamt"


def test_build_on_excerpts(excerpt_raw):
    df = recipe.build(excerpt_raw)
    assert list(df.columns) == recipe.SNAPSHOT_COLUMNS
    assert set(df["level"]) == {"bund", "land", "kreis"}
    assert set(df["indicator"]) == IDS
    # Regierungsbezirk, Gemeinde and dissolved-Kreis rows are dropped
    assert not set(df["ags"]) & {"094", "03241001", "03152", "141"}
    assert value(df, "01002", "arbeitslose", 2025).value == 11665
    assert value(df, "01002", "arbeitslose", 2019).value == 10556
    assert value(df, "09473", "arbeitslosenquote_auslaender", 2025).value == pytest.approx(12.1)
    assert value(df, "01002", "schueler", 2023, "grundschulen").value == 8475
    assert value(df, "09473", "schueler_auslaender", 2023).value == 538
    coburg = value(df, "09473", "schulabgaenger_beruflich", 2023)
    assert coburg.value == 0.0 and coburg.flag == "-"
    share = value(df, "01002", "schulabgaenger_ohne_abschluss_anteil", 2023)
    assert share.value == pytest.approx(210 / 1959 * 100) and share.flag == ""
    saarlouis = value(df, "10044", "schutzsuchende", 2018)
    assert math.isnan(saarlouis.value) and saarlouis.flag == "."
    assert value(df, "01004", "asylbewerberleistungen", 2019).value == 1681


def test_build_missing_column_names_file(excerpt_raw):
    path = excerpt_raw / "kreise" / recipe.F_ASYL_2019
    path.write_bytes(path.read_bytes().replace(b"empfaenger_asylbewerber;", b"empfaenger;", 1))
    with pytest.raises(SourceFormatError, match="asylbewerberleistungen_2019.csv.*empfaenger_asylbewerber"):
        recipe.build(excerpt_raw)


def test_build_on_raw_files():
    if not (RAW / "kreise" / recipe.F_13211).exists():
        pytest.skip("raw files ../shared/data not present")
    df = recipe.build(RAW)
    assert set(df["level"]) == {"bund", "land", "kreis"}
    assert df["ags"].str.len().isin([2, 5]).all()
    assert not df.duplicated(["ags", "year", "indicator", "category"]).any()
    checks = [  # SOURCES.md (kreise) §1b, §1c, §3a, §3b and the task's check values
        ("01002", "arbeitslose", 2025, "insgesamt", 11665), ("01002", "arbeitslose_auslaender", 2025, "insgesamt", 3700),
        ("01002", "arbeitslosenquote", 2025, "insgesamt", 8.1), ("01002", "arbeitslosenquote_auslaender", 2025, "insgesamt", 19.7),
        ("09473", "arbeitslose", 2025, "insgesamt", 2262), ("09473", "arbeitslose_auslaender", 2025, "insgesamt", 430),
        ("09473", "arbeitslosenquote", 2025, "insgesamt", 4.6), ("09473", "arbeitslosenquote_auslaender", 2025, "insgesamt", 12.1),
        ("01004", "arbeitslose", 2025, "insgesamt", 3763), ("01058", "arbeitslosenquote_auslaender", 2025, "insgesamt", 20.0),
        ("01002", "arbeitslose_auslaender", 2019, "insgesamt", 2895), ("09473", "arbeitslose", 2019, "insgesamt", 1536),
        ("01002", "schutzsuchende", 2018, "insgesamt", 7990), ("01004", "schutzsuchende", 2018, "insgesamt", 2635),
        ("09473", "schutzsuchende", 2018, "insgesamt", 645), ("DG", "schutzsuchende", 2018, "insgesamt", 1781750),
        ("01002", "asylbewerberleistungen", 2019, "insgesamt", 1355), ("09473", "asylbewerberleistungen", 2019, "insgesamt", 264),
        ("01004", "asylbewerberleistungen", 2019, "insgesamt", 1681),
        ("01002", "schueler", 2023, "insgesamt", 24639), ("01002", "schueler_auslaender", 2023, "insgesamt", 3828),
        ("09473", "schueler", 2023, "insgesamt", 5449), ("09473", "schueler_auslaender", 2023, "insgesamt", 538),
        ("01002", "schueler", 2023, "grundschulen", 8475), ("01002", "schueler_auslaender", 2023, "grundschulen", 1626),
        ("01002", "schulabgaenger", 2023, "insgesamt", 1959), ("01002", "schulabgaenger_ohne_abschluss", 2023, "insgesamt", 210),
        ("09473", "schulabgaenger", 2023, "insgesamt", 437), ("09473", "schulabgaenger", 2023, "ohne_hauptschulabschluss", 51),
        ("01002", "schulabgaenger_beruflich", 2023, "insgesamt", 1275), ("09473", "schulabgaenger_beruflich", 2023, "insgesamt", 0),
        ("01002", "einkommen_verfuegbar_je_ew", 2021, "insgesamt", 21320),
        ("09473", "einkommen_verfuegbar_je_ew", 2021, "insgesamt", 24703),
    ]
    for ags, ind, year, cat, expected in checks:
        assert value(df, ags, ind, year, cat).value == pytest.approx(expected), (ags, ind, year, cat)
    # dissolved Kreise (printed "-" throughout) are dropped; Eisenach existed until 2021
    assert "03152" not in set(df["ags"])
    assert "16056" in set(df.loc[df.year == 2021, "ags"]) and "16056" not in set(df.loc[df.year == 2025, "ags"])
    assert df[df.level == "kreis"].groupby(["indicator", "year"])["ags"].nunique().between(398, 399).all()
