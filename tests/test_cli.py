"""Tests of the ``wla`` command: ``wla summary`` and parameter errors of ``wla report``.

Figures in the summary are checked against SOURCES.md (12531 sums per Kreis 2024, 12411 for
Landkreis Coburg 31.12.2024) and against wla.load.
"""
import json
import shutil

import pandas as pd

import pytest

import wla
from wla import report, store
from wla.cli import main
from wla.paths import PROJECT_ROOT
from wla.present.fmt import number
from wla.summary import region_summary


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_summary_default_pair(capsys):
    code, out, err = run(capsys, "summary")
    assert code == 0, err
    kiel_pop = wla.load("bevoelkerung_z22", "kielregion", years=2024, category="insgesamt")["value"].sum()
    assert out.startswith("Kurzprofil: KielRegion und Landkreis Coburg")
    manifest = json.loads((PROJECT_ROOT / "data" / "manifest.json").read_text(encoding="utf-8"))
    n_indicators = len(pd.read_csv(PROJECT_ROOT / "data" / "catalog.csv"))
    assert f"Datenstand geprüft: {len(manifest['files'])} Dateien, {n_indicators} Indikatoren" in out
    kiel, coburg = out.split("\nKielRegion\n")[1].split("\nLandkreis Coburg\n")
    assert ("Kreise (4): Kiel, Landeshauptstadt (01002); Neumünster, Stadt (01004); Plön (01057); "
            "Rendsburg-Eckernförde (01058)") in kiel
    assert "Kreise (1): Coburg, Landkreis (09473)" in coburg
    assert "Gemeinden (Gemeindeverzeichnis 2024): 252" in kiel
    assert f"Einwohner 2024: {number(kiel_pop)}" in kiel
    # 13,905 + 3,600 + 3,945 + 9,735 protection seekers (SOURCES.md 1a), per 1,000 of the 12411 count
    assert f"Schutzsuchende 2024: 31.185 ({number(31185 / kiel_pop * 1000, 1)} je 1.000 Einwohner)" in kiel
    assert "Gemeinden (Gemeindeverzeichnis 2024): 17" in coburg
    assert "Einwohner 2024: 84.468" in coburg
    # 35 + 1,205 + 20 = 1,260; 1,260 / 84,468 × 1,000 = 14.9
    assert "Schutzsuchende 2024: 1.260 (14,9 je 1.000 Einwohner)" in coburg
    assert "Vielfaches von 5" in out
    assert "12411-01-01-4" in out and "12531-0043" in out


def test_summary_in_english_for_other_regions():
    text = region_summary("01054", ["09463", "09473"], lang="en")
    assert text.startswith("Short profile: Nordfriesland and ")
    assert "Districts (2)" in text
    assert "Sources:" in text


def test_summary_refuses_a_changed_snapshot(capsys, tmp_path, monkeypatch):
    copy = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", copy)
    (copy / "catalog.csv").write_text((copy / "catalog.csv").read_text() + "\n")
    monkeypatch.setenv("WLA_DATA_DIR", str(copy))
    store.clear_cache()
    try:
        code, out, err = run(capsys, "summary")
    finally:
        monkeypatch.delenv("WLA_DATA_DIR")
        store.clear_cache()
    assert code == 2
    assert out == ""
    assert "catalog.csv" in err and "checksum" in err


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if a report run gets as far as starting notebooks."""
    def refuse(*args, **kwargs):
        raise AssertionError("a kernel pool was started for invalid parameters")

    monkeypatch.setattr(report, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(report, "_execute", refuse)


def test_report_unknown_region_exits_2_naming_choices(capsys, no_kernel):
    before = set(report.REPORT_DIR.iterdir()) if report.REPORT_DIR.exists() else set()
    code, out, err = run(capsys, "report", "--region", "xyz")
    assert code == 2
    assert err.startswith("wla: error: unknown region 'xyz'")
    assert "kielregion" in err and "coburg" in err
    assert "Traceback" not in err
    after = set(report.REPORT_DIR.iterdir()) if report.REPORT_DIR.exists() else set()
    assert after == before


def test_report_misspelt_region_names_close_match(capsys, no_kernel):
    code, _, err = run(capsys, "report", "--region", "kielregon")
    assert code == 2
    assert "Did you mean: kielregion" in err


def test_report_misspelt_kreis_name(capsys, no_kernel):
    code, _, err = run(capsys, "report", "--vs", "Nordfriesand")
    assert code == 2
    assert "01054 (Nordfriesland)" in err


def test_report_same_region_twice(capsys, no_kernel):
    code, _, err = run(capsys, "report", "--region", "coburg", "--vs", "09473")
    assert code == 2
    assert "same region" in err


def test_summary_unknown_region(capsys):
    code, out, err = run(capsys, "summary", "--vs", "coburk")
    assert code == 2
    assert "Did you mean: coburg" in err


# --- wla summary: regions as people write them (issue 9) ---------------------------------------

def test_summary_comma_separated_codes(capsys):
    code, out, err = run(capsys, "summary", "--region", "01054,01059", "--vs", "Landkreis Coburg")
    assert code == 0, err
    assert out.startswith("Kurzprofil: Nordfriesland + Schleswig-Flensburg und Landkreis Coburg")
    assert "Kreise (2): Nordfriesland (01054); Schleswig-Flensburg (01059)" in out
    total = wla.load("schutzsuchende", ["01054", "01059"], years=2024)["value"].sum()
    assert f"Schutzsuchende 2024: {number(total)}" in out


@pytest.mark.parametrize("vs", ["coburg", "09473", "Landkreis Coburg", "Coburg, Landkreis"])
def test_summary_refuses_the_same_region_twice(capsys, vs):
    code, out, err = run(capsys, "summary", "--region", "coburg", "--vs", vs)
    assert code == 2 and out == ""
    assert "same region" in err and err.count("\n") == 1


def test_summary_ambiguous_name(capsys):
    code, out, err = run(capsys, "summary", "--region", "München")
    assert code == 2 and out == ""
    assert "ambiguous" in err and "09162" in err and "09184" in err


def test_summary_land_against_land(capsys):
    code, out, err = run(capsys, "summary", "--region", "Schleswig-Holstein", "--vs", "01")
    assert code == 2  # the same region in two spellings
    code, out, err = run(capsys, "summary", "--region", "Schleswig-Holstein", "--vs", "Bayern", "--sprache", "en")
    assert code == 0, err
    assert out.startswith("Short profile: Schleswig-Holstein and Bayern")
    assert "Districts (15)" in out and "Districts (96)" in out
    sh = wla.load("schutzsuchende", "01", years=2024)
    assert sh["flag"].eq("").all()
    assert f"Protection seekers 2024: {number(sh['value'].sum(), lang='en')}" in out


def test_summary_gemeinden_that_are_whole_kreise(capsys):
    code, out, err = run(capsys, "summary", "--region", "01002000,01004000", "--vs", "Rödental")
    assert code == 0, err
    first, second = out.split("\n\n")[1:3]
    # Kiel and Neumünster are kreisfreie Städte: their Kreis figures (SOURCES.md 1a: 13,905 + 3,600)
    assert "Schutzsuchende 2024: 17.505" in first
    # Rödental cuts through Landkreis Coburg: 12531 has no Gemeinde values
    assert "nur für ganze Kreise" in second
    pop = wla.load("bevoelkerung", "09473159", level="gemeinde", category="insgesamt")
    newest = pop[pop["year"] == pop["year"].max()].iloc[0]
    assert f"Einwohner {newest['year']} (Summe der Gemeinden" in second
    assert number(newest["value"]) in second


def test_summary_code_without_its_leading_zero_suggests_it(capsys):
    code, out, err = run(capsys, "summary", "--vs", "9473")
    assert code == 2
    assert "Did you mean: 09473 (Coburg, Landkreis)?" in err
