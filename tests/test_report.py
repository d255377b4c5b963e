"""The report batch: notebooks executed with papermill, rendered to HTML, checked on the pages.

The two full runs (default pair, Nordfriesland vs Kronach) come from session fixtures in
conftest.py; the failure, interruption and lock tests run small notebooks cut from the real
ones (their parameters and set-up cells) so that they stay quick.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

import wla
import wla.cli
import wla.report
from wla.analysis.indicators import region_rate
from wla.analysis.profile import population_id
from wla.exceptions import UnknownRegionError
from wla.paths import data_dir
from wla.present.fmt import number
from wla.present import table_html
from wla.present.words import t
from wla.regions import region as resolve_region
from wla.report import ReportLockedError, build_reports

YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _pages(run):
    return {r.notebook: run.folder / r.html for r in run.results}


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _paragraph_with(soup: BeautifulSoup, needle: str) -> str:
    texts = [p.get_text(" ", strip=True) for p in soup.find_all("p") if needle in p.get_text()]
    assert texts, f"no paragraph contains {needle!r}"
    return texts[0]


# --- the two full runs ---------------------------------------------------------------------


def test_every_notebook_rendered_and_ok(any_report):
    expected = [p.stem for p in wla.report.notebooks()]
    assert [r.notebook for r in any_report.results] == expected
    failed = {r.notebook: r.error for r in any_report.results if not r.ok}
    assert not failed, failed
    assert any_report.ok
    for name, page in _pages(any_report).items():
        assert page.is_file() and page.stat().st_size > 10_000, name
        assert (any_report.folder / f"{name}.ipynb").is_file()
    # staging folders are gone after a run; only the report folder and its lock file remain
    leftovers = [p.name for p in any_report.folder.parent.iterdir() if p.is_dir() and p != any_report.folder]
    assert leftovers == []


def test_no_error_outputs(any_report):
    for r in any_report.results:
        nb = nbformat.read(any_report.folder / f"{r.notebook}.ipynb", as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                assert out.output_type != "error", (r.notebook, out.get("ename"), out.get("evalue"))
                assert "ename" not in out, r.notebook
        text = (any_report.folder / r.html).read_text(encoding="utf-8")
        assert "Traceback" not in text, r.notebook
        soup = BeautifulSoup(text, "html.parser")
        assert not soup.select(".output_error"), r.notebook
        assert not soup.select('[data-mime-type="application/vnd.jupyter.stderr"]'), r.notebook


def _dated_rows(fig) -> bool:
    """A table with a "Stand" column whose every cell holds a year (press figures are dated per row)."""
    headers = [th.get_text(strip=True) for th in fig.select("thead th")]
    if t("profil.spalte_stand") not in headers:
        return False
    col = headers.index(t("profil.spalte_stand"))
    cells = [tr.find_all("td")[col].get_text(strip=True) for tr in fig.select("tbody tr")]
    return bool(cells) and all(YEAR.search(c) for c in cells)


def test_every_table_and_chart_has_a_dated_source_line(any_report):
    for name, page in _pages(any_report).items():
        figures = _soup(page).select("figure.wla-figure")
        assert figures, f"{name} shows no table or chart"
        for fig in figures:
            caption = fig.find("figcaption", class_="wla-source")
            assert caption is not None, f"{name}: figure without source line: {fig.get_text()[:120]}"
            lines = [s.strip() for s in caption.get_text("\n").split("\n") if s.strip()]
            sources = [s for s in lines if s.startswith("Quelle:")]
            assert sources, f"{name}: caption without 'Quelle:': {lines}"
            for line in sources:
                if YEAR.search(line) or line == t("quelle.wie_oben"):  # repeated within one section
                    continue
                if line.endswith("(ohne Datum)") or "(ohne Datum);" in line:  # a web page without a date, said so
                    continue
                # press figures on reception facilities carry their date per entry ("Stand je Eintrag"):
                # in the table itself, or for the map in the facility table of the same page
                assert "Stand je Eintrag" in line, f"{name}: source line without reference date: {line}"
                dated = _dated_rows(fig) if fig.find("table") else any(_dated_rows(f) for f in figures)
                assert dated, f"{name}: facility entries without their date"


def test_images_are_embedded_pngs(any_report):
    counts = {}
    for name, page in _pages(any_report).items():
        images = _soup(page).find_all("img")
        counts[name] = len(images)
        for img in images:
            src = img["src"]
            assert src.startswith("data:image/png;base64,"), f"{name}: image not embedded: {src[:80]}"
            png = base64.b64decode(src.split(",", 1)[1])
            assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 1000, name
    # the profile has its maps and charts (some pages, e.g. a catalogue of measures, have none)
    assert counts["00_regionsprofil"] >= 2, counts


def test_pages_link_back_to_index(any_report):
    for name, page in _pages(any_report).items():
        link = _soup(page).find(id="wla-index-link")
        assert link is not None and link["href"] == "index.html", name


def test_year_columns_not_grouped():
    frame = pd.DataFrame({"Stichtag 31.12.": [2023, 2024], "Jahressumme": [31185.0, 1234.0]})
    cells = [td.get_text() for td in BeautifulSoup(table_html(frame, ["Quelle: x; Stand 2024"]), "html.parser")("td")]
    assert cells == ["2023", "31.185", "2024", "1.234"]


def test_code_hidden_by_default(any_report):
    for name, page in _pages(any_report).items():
        soup = _soup(page)
        assert not soup.select(".jp-InputArea-editor"), name
        assert "wla.notebook.setup(" not in soup.get_text(), name


def test_headline_per_1000_equals_recomputed(any_report):
    """The sentence under "Schutzsuchende je 1.000 Einwohner" carries the rates wla computes."""
    params = any_report.parameters
    reg, vs = resolve_region(params["region"]), resolve_region(params["vergleich"])
    de = resolve_region("deutschland")
    year = 2024  # newest year of Destatis 12531 in the snapshot
    assert year in wla.load("schutzsuchende", reg, level="kreis")["year"].unique()
    rates = {r.label: region_rate("schutzsuchende", population_id(year, r, "schutzsuchende"), r, year)["value"]
             for r in (reg, vs, de)}
    per_1000 = "Schutzsuchende je 1.000 Einwohnerinnen und Einwohner"
    sentence = _paragraph_with(_soup(any_report.folder / "00_regionsprofil.html"), f"{per_1000},")
    assert sentence.startswith(f"{reg.label} {year}: {number(rates[reg.label], 1)} {per_1000}")
    assert f"{vs.label}: {number(rates[vs.label], 1)}," in sentence
    assert f"Deutschland: {number(rates['Deutschland'], 1)}." in sentence


STATUS = ("offen", "anerkannt", "ohne", "insgesamt")


def _status_row(page: Path, label: str, year: int) -> dict:
    """The region's total row of year ``year`` in the protection-status table titled ``label``
    (keys: the status ids)."""
    names = {t(f"profil.spalte_{s}"): s for s in STATUS}
    for fig in _soup(page).select("figure.wla-figure"):
        title = fig.find("strong")
        headers = [th.get_text(strip=True) for th in fig.select("thead th")]
        if not title or title.get_text(strip=True) != label or t("profil.spalte_anerkannt") not in headers:
            continue
        for tr in fig.select("tbody tr"):
            row = dict(zip(headers, (td.get_text(strip=True) for td in tr.find_all("td"))))
            if row[t("profil.spalte_name")] == label and row[t("profil.spalte_year")] == str(year):
                return {names.get(k, k): v for k, v in row.items()}
    raise AssertionError(f"no status row for {label} {year} in {page.name}")


def test_status_table_totals_equal_region_total(any_report):
    params = any_report.parameters
    page = any_report.folder / "00_regionsprofil.html"
    for spec in (params["region"], params["vergleich"]):
        reg = resolve_region(spec)
        row = _status_row(page, reg.label, 2024)
        for status in STATUS:
            total = wla.region_total("schutzsuchende", reg, 2024, status)["value"].iloc[0]
            assert row[status] == number(total, 0), (reg.label, status)


def test_kielregion_2024_total_is_the_published_sum(report_default):
    # 12531-0043, 31.12.2024: Kiel 13.905 + Neumünster 3.600 + Plön 3.945 + Rendsburg-Eckernförde 9.735
    assert _status_row(report_default.folder / "00_regionsprofil.html", "KielRegion", 2024)["insgesamt"] == "31.185"


def test_index_records_the_run(any_report):
    index = any_report.folder / "index.html"
    soup = _soup(index)
    links = {a["href"]: a.get_text(strip=True) for a in soup.select("table#reports a")}
    pages = {r.html: r.notebook for r in any_report.results}
    assert {h: t for h, t in links.items() if h in pages} == pages
    for href in links:  # pages and exported tables
        assert (index.parent / href).is_file(), href
    assert soup.find(id="run-status").get_text() == "vollständig"
    assert json.loads(soup.find(id="run-parameters").get_text()) == any_report.parameters
    manifest = data_dir() / "manifest.json"
    assert soup.find(id="snapshot-checksum").get_text() == hashlib.sha256(manifest.read_bytes()).hexdigest()
    text = soup.get_text(" ")
    for package in ("wla", "pandas", "papermill", "nbconvert"):
        assert f"{package} {importlib.metadata.version(package)}" in text
    assert "Quellen und Stichtage" in text and YEAR.search(text)


def test_other_pair_names_its_regions(report_other):
    assert report_other.folder.name == "01054_vs_09476"
    title = _soup(report_other.folder / "index.html").find("h1").get_text()
    assert "Nordfriesland" in title and "Kronach" in title


# --- failures, interruptions, locks (small notebooks) -------------------------------------------


def _small_notebooks(folder: Path, broken: bool = True) -> Path:
    """Notebooks cut from 00_regionsprofil: title, parameters and set-up cells, plus one data cell
    (``say`` of a real total); with ``broken`` a second notebook asks for an indicator that does
    not exist and fails with UnknownIndicatorError."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(wla.report.NOTEBOOK_DIR / "00_regionsprofil.ipynb", as_version=4)
    head = nb.cells[:3]
    assert "parameters" in head[1].metadata.get("tags", [])
    data_cell = nbformat.v4.new_code_cell(
        "from wla.present import say\nfrom wla.present.fmt import number\n"
        'say(f"Schutzsuchende 2024: {number(wla.region_total(\'schutzsuchende\', reg, 2024)[\'value\'].iloc[0])}")'
    )
    nb.cells = head + [data_cell]
    nbformat.write(nb, folder / "00_kurz.ipynb")
    if broken:
        nb.cells = head + [nbformat.v4.new_code_cell('wla.load("keine_solche_kennzahl", reg)')]
        nbformat.write(nb, folder / "10_kaputt.ipynb")
    return folder


def test_failing_notebook_fails_loudly(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(wla.report, "NOTEBOOK_DIR", _small_notebooks(tmp_path / "notebooks"))
    run = build_reports(out_root=tmp_path / "reports", progress=False)
    assert not run.ok
    results = {r.notebook: r for r in run.results}
    assert results["00_kurz"].ok
    assert not results["10_kaputt"].ok and "UnknownIndicatorError" in results["10_kaputt"].error

    good = (run.folder / "00_kurz.html").read_text(encoding="utf-8")
    total = wla.region_total("schutzsuchende", "kielregion", 2024)["value"].iloc[0]
    assert f"Schutzsuchende 2024: {number(total)}" in good
    page = (run.folder / "10_kaputt.html").read_text(encoding="utf-8")
    assert "UnknownIndicatorError" in page and "keine_solche_kennzahl" in page

    index = _soup(run.folder / "index.html")
    assert index.find(id="run-status").get_text() == "mit Fehlern"
    rows = {tr.find("a").get_text(): tr.get_text(" ") for tr in index.select("table#reports tr") if tr.find("a")}
    assert "FEHLER" in rows["10_kaputt"] and "UnknownIndicatorError" in rows["10_kaputt"]
    assert "FEHLER" not in rows["00_kurz"]

    # the command: non-zero exit, failure named on stderr
    monkeypatch.setattr(wla.report, "REPORT_DIR", tmp_path / "cli")
    capsys.readouterr()
    assert wla.cli.main(["report", "--notebooks", "10", "--workers", "1"]) == 1
    out, err = capsys.readouterr()
    assert "10_kaputt: FAILED" in out and "some notebooks failed" in err
    assert (tmp_path / "cli" / "kielregion_vs_coburg" / "10_kaputt.html").is_file()


def test_with_code_shows_code_cells(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(wla.report, "NOTEBOOK_DIR", _small_notebooks(tmp_path / "notebooks", broken=False))
    monkeypatch.setattr(wla.report, "REPORT_DIR", tmp_path / "reports")
    assert wla.cli.main(["report", "--with-code"]) == 0
    soup = _soup(tmp_path / "reports" / "kielregion_vs_coburg_code" / "00_kurz.html")
    assert soup.select(".jp-InputArea-editor")
    assert "wla.notebook.setup(" in soup.get_text()
    assert not (tmp_path / "reports" / "kielregion_vs_coburg").exists()


def test_unknown_region_fails_before_any_kernel(tmp_path, monkeypatch):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a notebook was started for an unknown region")

    monkeypatch.setattr(wla.report, "ProcessPoolExecutor", no_kernel)
    with pytest.raises(UnknownRegionError) as err:
        build_reports("kielregon", "coburg", out_root=tmp_path, progress=False)
    assert "kielregion" in str(err.value)  # the close match is offered
    assert list(tmp_path.iterdir()) == []  # not even the lock file: nothing was started


def test_unknown_region_on_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(wla.report, "REPORT_DIR", tmp_path)
    assert wla.cli.main(["report", "--region", "kielregon"]) == 2
    err = capsys.readouterr().err
    assert "unknown region 'kielregon'" in err and "Traceback" not in err


RUNNER = textwrap.dedent(
    """
    import signal
    import sys
    from pathlib import Path
    import wla.report
    # Ctrl-C as in a terminal: a process started in the background of a non-interactive shell
    # (as CI may start the tests) inherits SIGINT as ignored, and Python then never raises
    # KeyboardInterrupt; restore the default so that SIGINT means what a user's Ctrl-C means.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    wla.report.NOTEBOOK_DIR = Path(sys.argv[1])
    wla.report.build_reports(out_root=Path(sys.argv[2]), progress=False, workers=1)
    """
)


def _gated_notebooks(folder: Path, gate: Path) -> Path:
    """The small notebook plus one whose last cell signals it runs (``<gate>.started``) and then
    waits until the file ``gate`` exists (at most 120 s): a run the test can hold mid-way."""
    _small_notebooks(folder, broken=False)
    nb = nbformat.read(folder / "00_kurz.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(textwrap.dedent(f"""
        import time
        from pathlib import Path
        Path({str(gate) + ".started"!r}).touch()
        deadline = time.time() + 120
        while not Path({str(gate)!r}).exists() and time.time() < deadline:
            time.sleep(0.1)
    """)))
    nbformat.write(nb, folder / "10_warten.ipynb")
    return folder


def _start_run(notebooks: Path, out_root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(notebooks), str(out_root)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def _wait_for(predicate, timeout: float, what: str, proc: subprocess.Popen):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        assert proc.poll() is None, f"the run ended (exit {proc.returncode}) before {what}"
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def _staging(out_root: Path) -> list[Path]:
    return [p for p in out_root.glob(".kielregion_vs_coburg-*") if p.is_dir()]


def _kill(proc: subprocess.Popen, sig=signal.SIGKILL) -> None:
    """Send ``sig`` to the run's process group (SIGINT is what Ctrl-C sends). The bound only
    keeps a hanging run from hanging the suite: it is generous, since a loaded machine may need
    a while to stop kernels (timing is not what this test checks)."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=180)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
            raise AssertionError(f"the run did not end within 180 s of signal {sig!r}") from None


def _files(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_run_leaves_previous_report_intact(tmp_path, report_default, monkeypatch, sig):
    out_root = tmp_path / "reports"
    shutil.copytree(report_default.folder, out_root / "kielregion_vs_coburg")
    before = _files(out_root / "kielregion_vs_coburg")
    gate = tmp_path / "gate"
    notebooks = _gated_notebooks(tmp_path / "notebooks", gate)

    proc = _start_run(notebooks, out_root)
    try:
        # mid-way: 00_kurz is done or running, 10_warten is executing its waiting cell
        _wait_for(Path(f"{gate}.started").exists, 120, "the notebook to start", proc)
        assert _staging(out_root)
        _kill(proc, sig)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    assert _files(out_root / "kielregion_vs_coburg") == before
    if sig == signal.SIGINT:
        assert _staging(out_root) == []  # Ctrl-C cleans up its staging folder
        return

    # after a kill: the next run takes the lock, clears what a killed run left, and completes
    gate.touch()
    monkeypatch.setattr(wla.report, "NOTEBOOK_DIR", notebooks)
    run = build_reports(out_root=out_root, progress=False)
    assert run.ok, [r.error for r in run.results]
    assert _staging(out_root) == []
    after = _files(out_root / "kielregion_vs_coburg")
    assert {"00_kurz.html", "10_warten.html"} <= set(after)
    assert "10_warten" in after["index.html"].decode()
    assert after["10_wohnen.html"] == before["10_wohnen.html"]  # pages of notebooks not run stay


def test_second_run_into_same_folder_is_refused(tmp_path, monkeypatch, capsys):
    out_root = tmp_path / "reports"
    gate = tmp_path / "gate"
    notebooks = _gated_notebooks(tmp_path / "notebooks", gate)
    proc = _start_run(notebooks, out_root)
    try:
        _wait_for(Path(f"{gate}.started").exists, 120, "the first run to start its notebooks", proc)
        monkeypatch.setattr(wla.report, "NOTEBOOK_DIR", notebooks)
        with pytest.raises(ReportLockedError, match="another report run is writing into"):
            build_reports(out_root=out_root, progress=False)
        monkeypatch.setattr(wla.report, "REPORT_DIR", out_root)
        capsys.readouterr()
        assert wla.cli.main(["report"]) == 2
        assert "another report run" in capsys.readouterr().err
        assert proc.poll() is None
        gate.touch()
        assert proc.wait(timeout=600) == 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
    # the first run was not disturbed by the refused one
    index = _soup(out_root / "kielregion_vs_coburg" / "index.html")
    assert index.find(id="run-status").get_text() == "vollständig"
    assert (out_root / "kielregion_vs_coburg" / "10_warten.html").is_file()
