"""The report batch: notebooks executed with papermill, rendered to HTML, checked on the pages.

The two full runs (default pair, Nordfriesland vs Kronach) come from session fixtures in
conftest.py; the failure, interruption and lock tests run small notebooks made here (a
parameters cell, a set-up cell and one real figure) so that they stay quick.
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
from wla import store
import wla.cli
import wla.report
import wla.report.run
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
    # temporary folders and the lock file are gone after a run: only the report folder remains
    leftovers = [p.name for p in any_report.folder.parent.iterdir() if p != any_report.folder]
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


def _dated_facility_note(page: str) -> bool:
    """The fair-frame paragraph that names the host facilities, each with a year."""
    text = _soup(page).get_text(" ")
    return "Erstaufnahme" in text and bool(re.search(r"Stand[^)]*\d{4}", text))


def test_every_table_and_chart_has_a_dated_source_line(any_report):
    for name, page in _pages(any_report).items():
        figures = _soup(page).select("figure.wla-figure")
        assert figures, f"{name} shows no table or chart"
        for fig in figures:
            # a table's or chart's caption, or (findings) one source paragraph under each finding
            captions = fig.find_all(class_="wla-source")
            assert captions, f"{name}: figure without source line: {fig.get_text()[:120]}"
            lines = [s.strip() for c in captions for s in c.get_text("\n").split("\n") if s.strip()]
            sources = [s for s in lines if s.startswith("Quelle:")]
            assert sources, f"{name}: caption without 'Quelle:': {lines}"
            for line in sources:
                if YEAR.search(line) or line == t("quelle.wie_oben"):  # repeated within one section
                    continue
                if line.endswith(t("katalog.quelle_liste")):  # measures whose rows rest on no data value, said so
                    continue
                if re.search(r"\((?:[^()]*\b)?(?:ohne|kein) Datum\b[^()]*\)", line):  # an undated page, said so
                    continue
                # press figures on reception facilities carry their date per entry ("Stand je Eintrag"):
                # in the table itself, or for the map in the facility table of the same page
                assert "Stand je Eintrag" in line, f"{name}: source line without reference date: {line}"
                # the date per entry: in the table itself, in the facility table of the page, or in
                # the fair-frame note that names each host facility with its date (40_vergleich)
                dated = (_dated_rows(fig) if fig.find("table") else any(_dated_rows(f) for f in figures)) \
                    or _dated_facility_note(page)
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


def _status_row(page: Path, label: str, year: int, row_name: str | None = None) -> dict:
    """The region's total row (``row_name``, default ``label``; a one-Kreis region shows only its
    Kreis's row) of year ``year`` in the protection-status table titled ``label`` (keys: the
    status ids)."""
    row_name = row_name or label
    names = {t(f"profil.spalte_{s}"): s for s in STATUS}
    for fig in _soup(page).select("figure.wla-figure"):
        title = fig.find("strong")
        headers = [th.get_text(strip=True) for th in fig.select("thead th")]
        if not title or title.get_text(strip=True) != label or t("profil.spalte_anerkannt") not in headers:
            continue
        for tr in fig.select("tbody tr"):
            row = dict(zip(headers, (td.get_text(strip=True) for td in tr.find_all("td"))))
            if row[t("profil.spalte_name")] == row_name and row[t("profil.spalte_year")] == str(year):
                return {names.get(k, k): v for k, v in row.items()}
    raise AssertionError(f"no status row for {label} {year} in {page.name}")


def test_status_table_totals_equal_region_total(any_report):
    params = any_report.parameters
    page = any_report.folder / "00_regionsprofil.html"
    for spec in (params["region"], params["vergleich"]):
        reg = resolve_region(spec)
        single = store.names()[reg.kreise[0]] if len(reg.kreise) == 1 else None
        row = _status_row(page, reg.label, 2024, single)
        for status in STATUS:
            total = wla.region_total("schutzsuchende", reg, 2024, status)["value"].iloc[0]
            # a sum of 0 over cells rounded to 5 is unknown (every cell below 3), not zero
            assert row[status] == (number(total, 0) if total else "k. A."), (reg.label, status)


def test_kielregion_2024_total_is_the_published_sum(report_default):
    # 12531-0043, 31.12.2024: Kiel 13.905 + Neumünster 3.600 + Plön 3.945 + Rendsburg-Eckernförde 9.735
    assert _status_row(report_default.folder / "00_regionsprofil.html", "KielRegion", 2024)["insgesamt"] == "31.185"


def _title(notebook: Path, lang: str = "de") -> str:
    """The first-level heading of ``notebook`` in ``lang`` (its Markdown cell tagged lang-<lang>)."""
    for cell in nbformat.read(notebook, as_version=4).cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.cell_type == "markdown" and f"lang-{lang}" in tags and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    raise AssertionError(f"{notebook.name} has no title in {lang}")


def test_index_records_the_run(any_report):
    index = any_report.folder / "index.html"
    soup = _soup(index)
    links = {a["href"]: a.get_text(strip=True) for a in soup.select("table#reports a")}
    pages = {r.html: _title(wla.report.run.NOTEBOOK_DIR / f"{r.notebook}.ipynb") for r in any_report.results}
    assert {h: t for h, t in links.items() if h in pages} == pages  # each page by its German title
    for href in links:  # pages and exported tables
        assert (index.parent / href).is_file(), href
    assert soup.find(id="run-status").get_text() == "vollständig"
    assert json.loads(soup.find(id="run-parameters")["data-parameters"]) == any_report.parameters
    manifest = data_dir() / "manifest.json"
    checksum = hashlib.sha256(manifest.read_bytes()).hexdigest()
    assert soup.find(id="snapshot-checksum")["data-sha256"] == checksum
    assert soup.find(id="snapshot-checksum").get_text() == checksum[:12]  # a reader's short checksum
    assert "manifest.json" not in soup.get_text() and "sha256" not in soup.get_text()
    text = soup.get_text(" ")
    for package in ("wla", "pandas", "papermill", "nbconvert"):
        assert f"{package} {importlib.metadata.version(package)}" in text
    assert "Quellen und Stichtage" in text and YEAR.search(text)


def _code_hash(*codes: str) -> str:
    return hashlib.sha1(",".join(sorted(codes)).encode()).hexdigest()[:6]


def test_other_pair_names_its_regions(report_other):
    # transliterated names plus the first 6 hex digits of the sha1 of the sorted codes (README)
    assert report_other.folder.name == f"nordfriesland-{_code_hash('01054')}_vs_kronach-{_code_hash('09476')}"
    title = _soup(report_other.folder / "index.html").find("h1").get_text()
    assert "Nordfriesland" in title and "Kronach" in title


# --- failures, interruptions, locks (small notebooks) -------------------------------------------


SETUP = "import wla\nfrom wla.present.fmt import number\nfrom wla.regions import region as resolve\nreg = resolve(region)"


def _notebook(folder: Path, name: str, *cells: str, title: str = "# Kurzbericht") -> Path:
    """A report notebook: a title, the parameters cell, ``SETUP`` and ``cells``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "wla", "display_name": "Python (wla)", "language": "python"}
    params = nbformat.v4.new_code_cell('region = "kielregion"\nvergleich = "coburg"\njahr = None\nsprache = "de"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(title), params, nbformat.v4.new_code_cell(SETUP)]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def _small_notebooks(folder: Path, broken: bool = True) -> Path:
    """``00_kurz`` prints a real total; with ``broken`` ``10_kaputt`` asks for an indicator that
    does not exist and fails with UnknownIndicatorError."""
    _notebook(folder, "00_kurz", 'print(f"Schutzsuchende 2024: '
              '{number(wla.region_total(\'schutzsuchende\', reg, 2024)[\'value\'].iloc[0])}")')
    if broken:
        _notebook(folder, "10_kaputt", 'wla.load("keine_solche_kennzahl", reg)')
    return folder


def test_failing_notebook_fails_loudly(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", _small_notebooks(tmp_path / "notebooks"))
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
    rows = {tr.find("a")["href"]: tr.get_text(" ") for tr in index.select("table#reports tr") if tr.find("a")}
    assert "FEHLER" in rows["10_kaputt.html"] and "UnknownIndicatorError" in rows["10_kaputt.html"]
    assert "FEHLER" not in rows["00_kurz.html"]

    # the command: non-zero exit, failure named on stderr with what the reader finds
    monkeypatch.setattr(wla.report.run, "REPORT_DIR", tmp_path / "cli")
    capsys.readouterr()
    assert wla.cli.main(["report", "--notebooks", "10", "--workers", "1"]) == 1
    out, err = capsys.readouterr()
    assert "10_kaputt: FAILED" in out
    assert err.strip().splitlines()[-1] == "wla: error: 1 notebook(s) failed: 10_kaputt (its page shows the error cell)"
    assert (tmp_path / "cli" / "kielregion_vs_coburg" / "10_kaputt.html").is_file()


def test_with_code_shows_code_cells(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", _small_notebooks(tmp_path / "notebooks", broken=False))
    monkeypatch.setattr(wla.report.run, "REPORT_DIR", tmp_path / "reports")
    assert wla.cli.main(["report", "--with-code"]) == 0
    soup = _soup(tmp_path / "reports" / "kielregion_vs_coburg_code" / "00_kurz.html")
    assert soup.select(".jp-InputArea-editor")
    assert "reg = resolve(region)" in soup.get_text()
    assert not (tmp_path / "reports" / "kielregion_vs_coburg").exists()


def test_unknown_region_fails_before_any_kernel(tmp_path, monkeypatch):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a notebook was started for an unknown region")

    monkeypatch.setattr(wla.report.run, "ProcessPoolExecutor", no_kernel)
    with pytest.raises(UnknownRegionError) as err:
        build_reports("kielregon", "coburg", out_root=tmp_path, progress=False)
    assert "kielregion" in str(err.value)  # the close match is offered
    assert list(tmp_path.iterdir()) == []  # not even the lock file: nothing was started


def test_unknown_region_on_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(wla.report.run, "REPORT_DIR", tmp_path)
    assert wla.cli.main(["report", "--region", "kielregon"]) == 2
    err = capsys.readouterr().err
    assert "unknown region 'kielregon'" in err and "Traceback" not in err


RUNNER = textwrap.dedent(
    """
    import signal
    import sys
    from pathlib import Path
    import wla.report.run
    # Ctrl-C as in a terminal: a process started in the background of a non-interactive shell
    # (as CI may start the tests) inherits SIGINT as ignored, and Python then never raises
    # KeyboardInterrupt; restore the default so that SIGINT means what a user's Ctrl-C means.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    wla.report.run.NOTEBOOK_DIR = Path(sys.argv[1])
    wla.report.run.build_reports(out_root=Path(sys.argv[2]), progress=False, workers=1)
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
    return [p for p in out_root.glob(".tmp-kielregion_vs_coburg-*") if p.is_dir()]


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
    monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", notebooks)
    run = build_reports(out_root=out_root, progress=False)
    assert run.ok, [r.error for r in run.results]
    assert _staging(out_root) == [] and sorted(p.name for p in out_root.iterdir()) == ["kielregion_vs_coburg"]
    after = _files(out_root / "kielregion_vs_coburg")
    # one whole folder of this run: no page of the earlier run (other notebooks) mixed in
    assert set(after) == {"00_kurz.html", "00_kurz.ipynb", "10_warten.html", "10_warten.ipynb", "index.html", "run.json"}
    assert "10_warten" in after["index.html"].decode()


def test_second_run_into_same_folder_is_refused(tmp_path, monkeypatch, capsys):
    out_root = tmp_path / "reports"
    gate = tmp_path / "gate"
    notebooks = _gated_notebooks(tmp_path / "notebooks", gate)
    proc = _start_run(notebooks, out_root)
    try:
        _wait_for(Path(f"{gate}.started").exists, 120, "the first run to start its notebooks", proc)
        monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", notebooks)
        with pytest.raises(ReportLockedError, match="another report run is writing into"):
            build_reports(out_root=out_root, progress=False)
        monkeypatch.setattr(wla.report.run, "REPORT_DIR", out_root)
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


# --- pages: title and language -----------------------------------------------------------------------


def test_page_title_and_language(any_report):
    """<title> is the page's first heading with the region names (not "Notebook"); <html lang>
    is the report language."""
    labels = [resolve_region(any_report.parameters[k]).label for k in ("region", "vergleich")]
    for name, page in _pages(any_report).items():
        soup = _soup(page)
        assert soup.html["lang"] == "de", name
        title = soup.title.get_text()
        h1 = soup.find("h1").get_text().replace("¶", "").strip()
        assert title.startswith(h1) and title != "Notebook", (name, title)
        assert labels[0] in title and labels[1] in title, (name, title)


def test_index_lists_each_page_with_its_parameters(report_default):
    index = _soup(report_default.folder / "index.html")
    rows = index.select("table#reports tr[data-notebook]")
    assert [r["data-notebook"] for r in rows] == [r.notebook for r in report_default.results]
    for row in rows:
        made_with = json.loads(row.select_one("table.page-parameters")["data-parameters"])
        if "output_dir" in made_with:  # the folder for exported files: this report folder
            assert made_with.pop("output_dir") == "."
        assert made_with == report_default.parameters
    assert "das neueste Jahr der Schutzsuchenden-Statistik im Datenstand" in index.find(id="jahr-meaning").get_text()
    # 70 declares output_dir: its catalogue files land in the report folder and are linked
    catalogue = {r.notebook: r for r in report_default.results}["70_massnahmenkatalog"]
    assert {Path(f).suffix for f in catalogue.exports} == {".xlsx", ".csv"}
    for f in catalogue.exports:
        assert (report_default.folder / f).is_file() and index.select(f'a[href="{f}"]')
    record = json.loads((report_default.folder / "run.json").read_text(encoding="utf-8"))
    assert [p["notebook"] for p in record["pages"]] == [r.notebook for r in report_default.results]


# --- issue 9, "What was found": the runner's part, each with its command ---------------------------


def _cli_report(tmp_path, monkeypatch, notebooks: Path, *argv: str):
    """``wla report *argv`` with the notebooks in ``notebooks`` into ``tmp_path/reports``."""
    monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", notebooks)
    monkeypatch.setattr(wla.report.run, "REPORT_DIR", tmp_path / "reports")
    return wla.cli.main(["report", *argv])


def _two_notebooks(folder: Path) -> Path:
    _small_notebooks(folder, broken=False)
    _notebook(folder, "10_zwei", 'print("zweite Seite")', title="# Zweite Seite")
    return folder


def test_other_language_on_an_existing_folder_does_not_mix(tmp_path, monkeypatch, capsys):
    """`wla report --sprache en --notebooks 00` after a German run: a folder of its own, English
    index, not claimed complete; the German folder is untouched."""
    notebooks = _two_notebooks(tmp_path / "notebooks")
    assert _cli_report(tmp_path, monkeypatch, notebooks) == 0
    german = tmp_path / "reports" / "kielregion_vs_coburg"
    before = _files(german)
    assert _cli_report(tmp_path, monkeypatch, notebooks, "--sprache", "en", "--notebooks", "00") == 0
    assert _files(german) == before
    english = tmp_path / "reports" / "kielregion_vs_coburg_en"
    assert sorted(p.name for p in english.iterdir()) == ["00_kurz.html", "00_kurz.ipynb", "index.html", "run.json"]
    index = _soup(english / "index.html")
    assert index.html["lang"] == "en" and _soup(english / "00_kurz.html").html["lang"] == "en"
    status = index.find(id="run-status")
    assert status["data-status"] == "incomplete" and status.get_text() == "incomplete"
    assert "Zweite Seite" in index.find(id="not-made").get_text()  # named by its title
    index.find(id="sources").decompose()  # publishers' own names of their tables and dates
    text = index.get_text(" ")
    for german_word in ("vollständig", "Bericht", "Laufzeit", "Quellen", "Stichtage", "Beginn", "Dauer", "im Vergleich mit"):
        assert german_word not in text, german_word
    assert "compared with" in index.find("h1").get_text()


def test_some_notebooks_again_keep_pages_made_the_same_way(tmp_path, monkeypatch, capsys):
    """`--notebooks 00` on a folder of the same identity keeps 10's page only while its notebook
    and the data are unchanged; otherwise 10 has no page and the run is not complete."""
    notebooks = _two_notebooks(tmp_path / "notebooks")
    assert _cli_report(tmp_path, monkeypatch, notebooks) == 0
    folder = tmp_path / "reports" / "kielregion_vs_coburg"
    page = (folder / "10_zwei.html").read_bytes()
    assert _cli_report(tmp_path, monkeypatch, notebooks, "--notebooks", "00") == 0
    assert (folder / "10_zwei.html").read_bytes() == page
    assert _soup(folder / "index.html").find(id="run-status")["data-status"] == "complete"

    _notebook(notebooks, "10_zwei", 'print("geändert")', title="# Zweite Seite")  # the notebook changed
    assert _cli_report(tmp_path, monkeypatch, notebooks, "--notebooks", "00") == 0
    assert not (folder / "10_zwei.html").exists()
    index = _soup(folder / "index.html")
    assert index.find(id="run-status")["data-status"] == "incomplete"
    assert index.find(id="run-status").get_text() == "unvollständig"
    assert not index.select('a[href="10_zwei.html"]')


def test_a_page_made_by_other_wla_code_is_not_kept(tmp_path, monkeypatch, capsys):
    """The same notebook and data but changed wla code: 10's old page is not passed off as current."""
    notebooks = _two_notebooks(tmp_path / "notebooks")
    assert _cli_report(tmp_path, monkeypatch, notebooks) == 0
    folder = tmp_path / "reports" / "kielregion_vs_coburg"
    assert (folder / "10_zwei.html").exists()
    monkeypatch.setattr(wla.report.folder, "package_checksum", lambda: "other code")
    assert _cli_report(tmp_path, monkeypatch, notebooks, "--notebooks", "00") == 0
    assert not (folder / "10_zwei.html").exists()
    assert _soup(folder / "index.html").find(id="run-status")["data-status"] == "incomplete"


def test_killed_kernel_leaves_no_page_and_a_true_message(tmp_path, monkeypatch, capsys):
    """A kernel killed mid-notebook: no page linked, and the command does not claim an error cell."""
    notebooks = _small_notebooks(tmp_path / "notebooks", broken=False)
    _notebook(notebooks, "10_tot", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")
    capsys.readouterr()
    assert _cli_report(tmp_path, monkeypatch, notebooks) == 1
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1] == "wla: error: 1 notebook(s) failed: 10_tot (no page written)"
    folder = tmp_path / "reports" / "kielregion_vs_coburg"
    assert not (folder / "10_tot.html").exists()
    index = _soup(folder / "index.html")
    assert not index.select('a[href="10_tot.html"]')
    row = index.select_one('tr[data-notebook="10_tot"]').get_text(" ")
    assert "FEHLER" in row and "Kernel" in row  # nbclient's DeadKernelError: "Kernel died"


def test_two_spellings_of_different_regions_get_two_folders(tmp_path, monkeypatch):
    """`wla report --region 01` (Land Schleswig-Holstein) and `wla report --region
    01001,01002,01003,01004,01051` once shared one folder; each now gets its own, with its own
    parameters in the index. (The regions are given as the command passes them to the runner:
    the comma list is split by the region resolver.)"""
    notebooks = _small_notebooks(tmp_path / "notebooks", broken=False)
    monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", notebooks)
    five = ["01001", "01002", "01003", "01004", "01051"]
    land = build_reports("01", "coburg", out_root=tmp_path / "reports", progress=False)
    kreise = build_reports(five, "coburg", out_root=tmp_path / "reports", progress=False)
    assert land.ok and kreise.ok
    assert land.folder != kreise.folder
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == sorted([land.folder.name, kreise.folder.name])
    assert land.folder.name.endswith(f"-{_code_hash(*resolve_region('01').codes)}_vs_coburg")
    assert kreise.folder.name.endswith(f"-{_code_hash(*five)}_vs_coburg")
    # a list of codes reaches the notebooks with its label, so a custom name is kept
    for run, given in ((land, "01"), (kreise, {"codes": five, "name": resolve_region(five).label})):
        assert json.loads(_soup(run.folder / "index.html").find(id="run-parameters")["data-parameters"])["region"] == given


def test_one_code_set_written_two_ways_is_one_folder():
    from wla.report.params import folder_name

    coburg = resolve_region("coburg")
    named = folder_name(resolve_region("kielregion"), coburg, None, "de", False)
    listed = folder_name(resolve_region(["01058", "01002", "01057", "01004"]), coburg, None, "de", False)
    assert named == listed == "kielregion_vs_coburg"
    assert folder_name(resolve_region("kielregion"), coburg, 2023, "en", True) == "kielregion_vs_coburg_en_2023_code"


def test_transliterated_folder_names():
    from wla.report.params import slug

    assert slug("Plön, Kreis") == "ploen-kreis"
    assert slug("Rendsburg-Eckernförde") == "rendsburg-eckernfoerde"
    assert slug("Düsseldorf, Stadt; Groß-Gerau") == "duesseldorf-stadt-gross-gerau"
    assert slug("Flensburg, Stadt + Kiel, Landeshauptstadt + Lübeck") == "flensburg-stadt-kiel"  # at most 30


ENV_NOTEBOOK = Path(__file__).parent / "fixtures" / "notebooks" / "00_umgebung.ipynb"


def _printed(page: Path, tag: str):
    line = next(s for s in _soup(page).get_text("\n").splitlines() if s.startswith(tag + " "))
    return json.loads(line[len(tag) + 1:])


def test_kernels_get_no_credentials_and_regions_as_strings(tmp_path, monkeypatch, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ENV_NOTEBOOK, notebooks)
    for key in ("WLA_REGIO_TOKEN", "WLA_GENESIS_TOKEN", "WLA_REGIO_PASSWORD", "PYSTATIS_PASSWORD"):
        monkeypatch.setenv(key, "not-for-notebooks")
    monkeypatch.setenv("WLA_DATA_DIR", str(data_dir()))
    assert _cli_report(tmp_path, monkeypatch, notebooks, "--region", "01054", "--vs", "09476") == 0
    [folder] = list((tmp_path / "reports").iterdir())
    page = folder / "00_umgebung.html"
    keys = set(_printed(page, "ENV"))
    # only the data and cache locations reach a kernel, never a credential
    assert not {k for k in keys if k.startswith("PYSTATIS_") or (k.startswith("WLA_") and k not in ("WLA_DATA_DIR", "WLA_CACHE_DIR"))}
    assert {"WLA_DATA_DIR", "PATH", "HOME"} <= keys
    assert _printed(page, "PARAMS") == {"region": "str", "vergleich": "str"}  # "01054", never 1054
    assert _printed(page, "TRANSPORT") == "ipc"  # no TCP (and so no TCP warning)


def test_good_run_is_quiet_and_leaves_no_lock(tmp_path):
    """`wla report` on a good run: no kernel transport warning, no interrupt message on stderr;
    the lock file is removed."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(ENV_NOTEBOOK, notebooks)
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        import wla.cli, wla.report.run
        wla.report.run.NOTEBOOK_DIR = Path(sys.argv[1])
        wla.report.run.REPORT_DIR = Path(sys.argv[2])
        sys.exit(wla.cli.main(["report"]))
    """)
    done = subprocess.run([sys.executable, "-c", script, str(notebooks), str(tmp_path / "reports")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for noise in ("without encryption", "KeyboardInterrupt", "Traceback", "WARNING"):
        assert noise not in done.stderr, done.stderr
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["kielregion_vs_coburg"]


def test_lock_files_are_ignored_by_git():
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(["git", "check-ignore", "-q", "reports/.kielregion_vs_coburg.lock"], cwd=root)
    assert done.returncode == 0
    tracked = subprocess.run(["git", "ls-files", "reports"], cwd=root, capture_output=True, text=True).stdout
    assert ".lock" not in tracked


def _descendants(pid: int) -> list:
    import psutil

    return psutil.Process(pid).children(recursive=True)


def _cmdline(proc) -> str:
    """A process's command line; "" for one that has just ended (or is a zombie)."""
    import psutil

    try:
        return " ".join(proc.cmdline())
    except psutil.Error:
        return ""


def _running(proc) -> bool:
    import psutil

    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_kill_9_leaves_no_worker_or_kernel(tmp_path):
    """`kill -9` of a running `wla report`: its workers and kernels end within a bounded time."""
    import psutil

    gate = tmp_path / "gate"
    notebooks = _gated_notebooks(tmp_path / "notebooks", gate)
    script = textwrap.dedent("""
        import sys
        from pathlib import Path
        import wla.cli, wla.report.run
        wla.report.run.NOTEBOOK_DIR = Path(sys.argv[1])
        wla.report.run.REPORT_DIR = Path(sys.argv[2])
        sys.exit(wla.cli.main(["report", "--workers", "2"]))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script, str(notebooks), str(tmp_path / "reports")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        _wait_for(Path(f"{gate}.started").exists, 180, "a kernel to run the waiting cell", proc)
        children = _descendants(proc.pid)
        kernels = [c for c in children if "ipykernel" in _cmdline(c)]
        assert kernels, [_cmdline(c) for c in children]
        proc.send_signal(signal.SIGKILL)  # the run's process only, as `kill -9 <pid>` does
        proc.wait(timeout=10)
        _, alive = psutil.wait_procs(children, timeout=30)
        alive = [p for p in alive if _running(p)]
        assert not alive, [(p.pid, _cmdline(p)) for p in alive]
    finally:
        gate.touch()
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def test_failed_swap_leaves_the_previous_folder(tmp_path, monkeypatch):
    """A failure while the new folder is put in place (disk full, a locked file) leaves the old
    folder whole and says so in one line."""
    notebooks = _small_notebooks(tmp_path / "notebooks", broken=False)
    monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", notebooks)
    out_root = tmp_path / "reports"
    build_reports(out_root=out_root, progress=False)
    before = _files(out_root / "kielregion_vs_coburg")

    def full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(wla.report.run, "swap_in", full)
    with pytest.raises(wla.report.ReportWriteError, match="No space left on device; the previous report is unchanged"):
        build_reports(out_root=out_root, progress=False)
    assert _files(out_root / "kielregion_vs_coburg") == before
    assert sorted(p.name for p in out_root.iterdir()) == ["kielregion_vs_coburg"]


# --- index: readable parameters, each reference date once and in time order ----------------------
def test_index_reference_dates_are_merged_deduplicated_and_in_time_order():
    from wla.report.index import reference_list

    # as the Regionaldatenbank rows of the catalogue list them (review 30.11.2026: repeated, unsorted)
    given = ["31.12.2010, 31.12.2013, 31.12.2014, 31.12.2019, 31.12.2022, 31.12.2024", "30.06.2024",
             "31.12.2010, 31.12.2013, 31.12.2014, 31.12.2022, 31.12.2024", "31.12.2011–31.12.2019",
             "31.12.2019, 31.12.2023, 31.12.2024", "Jahresdurchschnitte 2012–2025", "Jahresdurchschnitt 2019, 2025",
             "Schuljahr 2022/23 (Berichtsjahr 2023)"]
    out = reference_list(given)
    assert "31.12.2010–31.12.2019, 31.12.2022–31.12.2024" in out
    assert "Jahresdurchschnitt 2012–2025" in out and "30.06.2024" in out
    assert "Schuljahr 2022/23 (Berichtsjahr 2023)" in out
    assert len(out) == 4 and len(set(out)) == 4
    text = ", ".join(out)
    assert text.count("31.12.2024") == 1 and text.count("31.12.2010") == 1


def test_index_parameters_are_a_readable_table_not_json():
    from bs4 import BeautifulSoup

    from wla.report.index import parameter_table

    params = {"region": "kielregion", "vergleich": "coburg", "jahr": None, "sprache": "en", "output_dir": "."}
    soup = BeautifulSoup(parameter_table(params, ("KielRegion", "Landkreis Coburg"), "en"), "html.parser")
    rows = {tr.th.get_text(): tr.td.get_text() for tr in soup.select("tr")}
    assert rows["Region"] == "KielRegion (kielregion)" and rows["Comparison"] == "Landkreis Coburg (coburg)"
    assert rows["Reference year"] == "newest value per indicator" and rows["Language"] == "English"
    assert "{" not in soup.get_text() and "null" not in soup.get_text()
    assert json.loads(soup.table["data-parameters"]) == params  # exact values kept for tools


def test_no_kernel_message_reaches_a_page(any_language_report):
    # review 3, N1: "ERROR! Session/line number was not unique in database. History logging moved
    # to new session …" stood at the top of 24 of 36 pages (kernels side by side sharing IPython's
    # history database); kernels now run without history
    for page in _pages(any_language_report).values():
        text = _soup(page).get_text(" ")
        for message in ("ERROR!", "Session/line number", "History logging", "Traceback"):
            assert message not in text, (page.name, message)


def test_a_heading_with_nothing_under_it_is_left_out_of_the_page():
    # review 3, N5: on a page for an early reference year, headings stood with nothing beneath them
    from wla.report.render import drop_empty_sections

    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    shown = code("x")
    shown.outputs = [nbformat.v4.new_output("display_data", data={"text/html": "<p>table</p>"})]
    warning = code("y")
    warning.outputs = [nbformat.v4.new_output("stream", name="stderr", text="a warning")]
    cells = [md("# Title"), md("## Empty"), code("z"), warning, md("## Full"), md("### Empty inside"),
             md("### Shown inside"), shown, md("## Text"), md("Words a reader reads.")]
    kept = [c.source for c in drop_empty_sections(cells)]
    # "## Empty" (only a silent cell and a warning under it) and "### Empty inside" go; the cells stay
    assert kept == ["# Title", "z", "y", "## Full", "### Shown inside", "x", "## Text", "Words a reader reads."]


def test_the_national_model_is_the_same_for_every_pair(report_default, report_other):
    """REVIEW7/8: the cross-section over all Kreise must not move with the pair (KielRegion took Kaufkraft 2020
    and 390 Kreise, Nordfriesland 2021 and 389): one model per snapshot, its years named on the page."""
    found = []
    for run in (report_default, report_other):
        text = _soup(_pages(run)["40_vergleich"]).get_text(" ")
        model = re.search(r"OLS\) über (\d+) Kreise, R² = ([\d,]+)", text)
        years = re.search(r"Das Modell ist für jedes Paar dasselbe: .{0,400}?Kaufkraft je Einwohner (\d{4})", text)
        assert model and years, "page 40 states the model and its years"
        found.append(model.groups() + years.groups())
    assert found[0] == found[1] and found[0][2] == "2021"  # kaufkraft_je_ew: newest year with 95 % of the Kreise


def test_facility_table_shows_each_site_once_as_its_note_says(report_default):
    """REVIEW9_K #13: the note says "je Standort den neuesten Eintrag bis 2024"; Neumünster (listed
    2015 and 11/2023 in data/einrichtungen.csv) appears once, with its 11/2023 entry (900 places)."""
    listed = store.einrichtungen()
    assert (listed["ort"] == "Neumünster").sum() == 2
    soup = _soup(report_default.folder / "00_regionsprofil.html")
    text = soup.get_text(" ")
    assert "je Standort den neuesten Eintrag bis 2024" in text
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["td", "th"])] for tr in soup.find_all("tr")]
    neumuenster = [r for r in rows if r and "Neumünster" in r[:2] and "Erstaufnahme" in " ".join(r)]
    assert len(neumuenster) == 1 and "900" in neumuenster[0] and "11/2023" in neumuenster[0]
