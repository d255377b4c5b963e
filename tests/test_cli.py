"""Tests of the ``wla`` command: ``wla summary`` and parameter errors of ``wla report``.

Every parameter error of ``wla report`` is one line on stderr and exit code 2, found before any
kernel starts and before anything is written (issue 9, "What was found").

Figures in the summary are checked against SOURCES.md (12531 sums per Kreis 2024, 12411 for
Landkreis Coburg 31.12.2024) and against wla.load.
"""
import json
import os
import shutil
import subprocess
import sys
import textwrap

import nbformat
import pandas as pd
import pytest

import wla
from wla import store
from wla.report import params as report_params, run as report
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
def no_kernel(monkeypatch, tmp_path):
    """Fail the test if a report run gets as far as starting notebooks; reports go to tmp_path."""
    def refuse(*args, **kwargs):
        raise AssertionError("a kernel pool was started for invalid parameters")

    monkeypatch.setattr(report, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(report, "_execute", refuse)
    monkeypatch.setattr(report, "REPORT_DIR", tmp_path / "reports")


def test_report_unknown_region_exits_2_naming_choices(capsys, no_kernel):
    code, out, err = run(capsys, "report", "--region", "xyz")
    assert code == 2
    assert err.startswith("wla: error: unknown region 'xyz'")
    assert "kielregion" in err and "coburg" in err
    assert "Traceback" not in err
    assert not report.REPORT_DIR.exists()


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


def _snapshot_years() -> tuple[int, int]:
    """First and last year of any indicator value, read with pandas from the files catalog.csv names."""
    catalog = pd.read_csv(PROJECT_ROOT / "data" / "catalog.csv", dtype=str, keep_default_na=False)
    files = {f.strip() for cell in catalog["file"] for f in cell.split("|") if f.strip()}
    years = pd.concat([pd.read_parquet(PROJECT_ROOT / "data" / f, columns=["year"])["year"] for f in files])
    return int(years.min()), int(years.max())


def _one_line_exit_2(capsys, *argv) -> str:
    code, out, err = run(capsys, "report", *argv)
    assert code == 2, (code, err)
    assert len(err.strip().splitlines()) == 1 and err.startswith("wla: error: "), err
    assert "Traceback" not in err and out == ""
    return err.strip()


@pytest.mark.parametrize("year", ["1800", "2018", "2100"])
def test_report_year_outside_the_valid_years(capsys, no_kernel, year):
    first, last = _snapshot_years()
    assert (first, last) == (1995, 2025)  # INKAR from 1995, BA and Regionaldatenbank to 2025
    err = _one_line_exit_2(capsys, "--jahr", year)
    # 2019: first year with protection seekers, population and BBSR Kreistyp per Kreis (test_years_and_gemeinden.py)
    assert err.startswith(f"wla: error: jahr {year} is outside the years a report can refer to: choose 2019–{last} ")
    assert not report.REPORT_DIR.exists()


def test_report_year_not_a_number(capsys, no_kernel):
    assert "not 'zwanzig'" in _one_line_exit_2(capsys, "--jahr", "zwanzig")


@pytest.mark.parametrize("workers", ["-1", "0", "zwei", "1.5"])
def test_report_workers_must_be_a_positive_whole_number(capsys, no_kernel, workers):
    err = _one_line_exit_2(capsys, "--workers", workers)
    assert "--workers must be a whole number of at least 1" in err
    assert not report.REPORT_DIR.exists()


def test_report_unknown_notebooks_are_named_not_dropped(capsys, no_kernel):
    err = _one_line_exit_2(capsys, "--notebooks", "00", "99", "wohnen")
    assert err.startswith("wla: error: unknown notebook(s) 99, wohnen; available: 00_regionsprofil, 10_wohnen")


def test_report_unknown_language(capsys, no_kernel):
    assert "sprache must be one of de, en, not 'fr'" in _one_line_exit_2(capsys, "--sprache", "fr")


def test_report_notebook_without_a_parameter_is_named(capsys, no_kernel, tmp_path, monkeypatch):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "wla", "display_name": "Python (wla)", "language": "python"}
    cell = nbformat.v4.new_code_cell('region = "kielregion"\nvergleich = "coburg"\nsprache = "de"')
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    (tmp_path / "nb").mkdir()
    nbformat.write(nb, tmp_path / "nb" / "00_ohne_jahr.ipynb")
    monkeypatch.setattr(report, "NOTEBOOK_DIR", tmp_path / "nb")
    err = _one_line_exit_2(capsys)
    assert "notebook 00_ohne_jahr.ipynb lacks the parameter(s) jahr" in err


def test_report_folder_without_free_space_is_found_first(capsys, no_kernel, monkeypatch):
    """A full reports/ was found only after all notebooks ran; now before any starts."""
    monkeypatch.setattr(report_params, "MIN_FREE_BYTES", shutil.disk_usage("/tmp").free + 2**40)
    err = _one_line_exit_2(capsys, "--notebooks", "00")
    assert "MB free, a report run needs" in err
    assert not report.REPORT_DIR.exists()


READ_ONLY_RUN = textwrap.dedent("""
    import sys
    from pathlib import Path
    import wla.cli, wla.report.run
    def refuse(*args, **kwargs):
        raise AssertionError("a kernel pool was started")
    wla.report.run.ProcessPoolExecutor = refuse
    wla.report.run.REPORT_DIR = Path(sys.argv[1])
    sys.exit(wla.cli.main(["report", "--notebooks", "00"]))
""")


def test_report_read_only_folder_is_found_first(tmp_path):
    """`wla report` into a read-only reports/: one line, exit 2, before any notebook runs. As
    root (whom permission bits do not stop) the folder is a read-only mount in a private mount
    namespace; otherwise a folder without write permission."""
    target = tmp_path / "reports"
    target.mkdir()
    python = [sys.executable, "-c", READ_ONLY_RUN, str(target)]
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("root without unshare: no way to make a read-only folder here")
        mount = f"mount -t tmpfs -o ro tmpfs {target} && exec \"$@\""
        command = ["unshare", "-m", "sh", "-c", mount, "sh", *python]
    else:
        target.chmod(0o555)
        command = python
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    if "unshare" in command and "mount" in done.stderr and "wla: error" not in done.stderr:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()}")
    assert done.returncode == 2, done.stderr
    reason = "Read-only file system" if os.geteuid() == 0 else "Permission denied"
    assert done.stderr.strip() == (
        f"wla: error: report folder {target} is not writable ({reason}); make it writable or choose another"
    )
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize("argv", [["report", "--vs", "deutschland"], ["atlas", "--land", "01", "--vs", "Deutschland"]])
def test_germany_as_comparison_is_refused_before_anything_runs(capsys, argv):
    # Germany is the national reference on every page; as a comparison side it would be shown twice
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert "Germany is the national reference" in err and err.count("\n") == 1
