"""Tests of the ``wla`` command: ``wla summary`` and parameter errors of ``wla report``.

Figures in the summary are checked against SOURCES.md (12531 sums per Kreis 2024, 12411 for
Landkreis Coburg 31.12.2024) and against wla.load.
"""
import shutil

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
    assert "Datenstand geprüft: 15 Dateien, 79 Indikatoren" in out
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
