"""Issue 9, items 2 and 3: ``jahr`` is the reference year of every page, and Gemeinde regions work.

Regression suite for the bullets of issue 9 "What was found":

* ``wla report --jahr N`` failed for every N (``30_arbeiten`` NoDataError, ``40_vergleich`` "a table
  or chart needs at least one source line");
* ``wla report --region 01002000,01004000 --vs 09473`` failed in 7 of 8 notebooks with messages for
  Python users ("load it with level='gemeinde'"), and
  ``wla.region_total("schutzsuchende", ["01002000", "01004000"], 2024)`` failed the same way.

The report runs come from ONE session fixture (:func:`runs`), built in parallel on two worker
processes, each with one warm kernel (:mod:`wla.atlas.warm`: the libraries are imported once per
worker, the kernel is reset between notebooks):

* the default pair with ``--jahr N`` for every year ``wla report`` accepts (:func:`valid_years`,
  today 2019–2025): every page written without an error cell, the reference year named on every
  page, and every source line of official statistics naming editions up to N only;
* the two kreisfreie Städte Kiel and Neumünster given as Gemeinde codes against Landkreis Coburg
  with ``--jahr 2019``;
* a Gemeinde set that cuts through a Kreis ("Rödental,Neustadt b.Coburg") against Landkreis Coburg;
* page 10 in English with ``--jahr 2019`` (sections left out say why in English);
* a Land against a Land (Schleswig-Holstein vs Mecklenburg-Vorpommern) in English with ``--jahr 2021``.

Expected figures are summed here from the raw Destatis files (12531-0043, Gemeindeverzeichnis).
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import multiprocessing
import os
import re
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

import wla
import wla.report
from wla.analysis import indicators, labour, profile
from wla.exceptions import NoDataError, ParameterError, WlaError
from wla.notebook import Context
from wla.paths import PROJECT_ROOT
from wla.present.fmt import number
from wla.present.words import t
from wla.years import valid_years

RAW = Path("/work/shared/data")
#: 12531-0043 status codes whose sum is the total: open + recognised + without protection status
#: (the other codes are parts of these; see data/kreise SOURCES.md §1a).
TOTAL_CODES = ("SCHUTZST-OF", "SCHUTZST-AK-1", "SCHUTZST-X")
CUTTING = "Rödental,Neustadt b.Coburg"
STAEDTE = "01002000,01004000"
YEARS = tuple(range(valid_years()[0], valid_years()[1] + 1))
#: name -> (region, vergleich, jahr, sprache, notebooks); slowest first (two workers share them).
RUNS = {
    "staedte2019": (STAEDTE, "09473", 2019, "de", None),
    "cutting": (CUTTING, "09473", None, "de", None),
    **{f"jahr{y}": ("kielregion", "coburg", y, "de", None) for y in YEARS},
    "en2019": ("kielregion", "coburg", 2019, "en", ["10"]),
    # a Land against a Land, in English, for an earlier year (a remark of the facility list without
    # English words once broke page 00 of Schleswig-Holstein vs Mecklenburg-Vorpommern)
    "laender2021en": ("01", "13", 2021, "en", None),
}


# --- the one session fixture: every run, two workers with warm kernels ---------------------------

def _build(region, vergleich, jahr, sprache, selection, out_root):
    """One report run in this worker process's warm kernel (runs in a worker process)."""
    from wla.atlas.warm import warm_engine
    from wla.report import build_reports

    return build_reports(region, vergleich, jahr=jahr, sprache=sprache, selection=selection,
                         out_root=Path(out_root), progress=False, engine=warm_engine)


@pytest.fixture(scope="session")
def runs(tmp_path_factory):
    """name -> RunResult of every run in :data:`RUNS`, each into its own temporary folder."""
    from wla.report.kernels import worker_init

    start = time.time()
    pool = ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn"),
                               initializer=worker_init, initargs=(os.getpid(),))
    try:
        futures = {name: pool.submit(_build, *spec, str(tmp_path_factory.mktemp(name)))
                   for name, spec in RUNS.items()}
        out = {name: fut.result() for name, fut in futures.items()}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # the warm kernels die with their workers
    print(f"\n[test_years_and_gemeinden] {len(RUNS)} report runs in {time.time() - start:.0f} s")
    return out


@pytest.fixture
def run_2023(runs):
    return runs["jahr2023"]


@pytest.fixture
def run_staedte_2019(runs):
    return runs["staedte2019"]


@pytest.fixture
def run_cutting(runs):
    return runs["cutting"]


def _raw_totals(year: int) -> dict[str, int]:
    """Protection seekers per Kreis on 31.12.``year``, summed from the raw flat file."""
    path = RAW / "kreise" / f"pystatis_destatis_12531-0043_schutzsuchende_{year}-12-31_flat.csv.gz"
    if not path.is_file():
        pytest.fail(f"raw file {path} missing: the check values cannot be computed")
    out: dict[str, int] = defaultdict(int)
    with gzip.open(path, "rt", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if row["2_variable_attribute_code"] in TOTAL_CODES:
                out[row["1_variable_attribute_code"]] += int(row["value"])
    return dict(out)


def _page(run, name: str) -> Path:
    return run.folder / next(r.html for r in run.results if r.notebook == name)


def _text(page: Path) -> str:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ", strip=True)


def _plain(markdown: str) -> str:
    """Words as the page shows them (Markdown emphasis removed)."""
    return re.sub(r"\*+", "", markdown).strip()


def _source_lines(page: Path) -> list[str]:
    """Every line of every source caption of a page."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [BeautifulSoup(part, "html.parser").get_text(" ", strip=True)
            for cap in soup.select(".wla-source") for part in cap.decode_contents().split("<br/>")]


# --- which years are valid ----------------------------------------------------------------------

def _kreis_years(indicator: str) -> list[int]:
    """Years with Kreis values (5-digit keys) of ``indicator``, read with pandas from the files
    catalog.csv names for it."""
    catalog = pd.read_csv(PROJECT_ROOT / "data" / "catalog.csv", dtype=str, keep_default_na=False).set_index("id")
    files = [f.strip() for f in catalog.loc[indicator, "file"].split("|") if f.strip()]
    rows = pd.concat([pd.read_parquet(PROJECT_ROOT / "data" / f, columns=["indicator", "ags", "year"]) for f in files])
    rows = rows[(rows["indicator"] == indicator) & (rows["ags"].str.len() == 5)]
    return sorted(int(y) for y in rows["year"].unique())


def test_valid_years_run_from_the_core_indicators_to_the_newest_data():
    """2019: protection seekers per Kreis begin 31.12.2018 (raw file of that year, the oldest
    12531 file in ../shared/data/kreise), Kreis population 2013 (Gemeindeverzeichnis), the BBSR
    Kreistyp has one edition, 31.12.2019; 2025: the newest BA and Regionaldatenbank year."""
    assert (RAW / "kreise" / "nicofhahn_destatis_schutzsuchende_2018.csv").is_file()
    assert _kreis_years("schutzsuchende")[0] == 2018
    assert _kreis_years("bevoelkerung")[0] == 2013
    assert _kreis_years("bbsr_kreistyp") == [2019]
    assert max(_kreis_years("arbeitslose_ba")) == 2025
    assert valid_years() == (2019, 2025)
    assert YEARS == (2019, 2020, 2021, 2022, 2023, 2024, 2025)


@pytest.mark.parametrize("jahr", [2018, 2026, "1800"])
def test_a_year_outside_is_refused_before_any_kernel_starts(jahr, tmp_path):
    with pytest.raises(ParameterError, match=r"^jahr \d+ is outside the years a report can refer to: choose 2019–2025 "):
        wla.report.build_reports(jahr=jahr, out_root=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []


# --- every year: all pages, no error cell, editions up to the year --------------------------------

def test_all_pages_render_without_error_cells(runs):
    every = [p.stem for p in wla.report.notebooks()]
    for name, run in runs.items():
        assert [r.notebook for r in run.results] == (every if RUNS[name][4] is None else ["10_wohnen"]), name
        failed = {r.notebook: r.error for r in run.results if not r.ok}
        assert not failed, (name, failed)
        for r in run.results:
            nb = nbformat.read(run.folder / f"{r.notebook}.ipynb", as_version=4)
            errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
            assert not errors, (name, r.notebook, [(o.ename, o.evalue) for o in errors])
            text = (run.folder / r.html).read_text(encoding="utf-8")
            assert "Traceback" not in text and "level='gemeinde'" not in text, (name, r.notebook)


@pytest.mark.parametrize("jahr", YEARS)
def test_every_page_names_its_reference_year(runs, jahr):
    run = runs[f"jahr{jahr}"]
    line = _plain(t("bezug.bezugsjahr", jahr=jahr)).split(".")[0]
    assert line == f"Bezugsjahr {jahr}: jeweils der neueste Wert bis {jahr}"
    for r in run.results:
        assert line in _text(run.folder / r.html), r.notebook


#: Publishers of official statistics (the catalogue's), whose source lines end in the editions shown.
STATISTICS = ("Statistisches Bundesamt", "Statistische Ämter", "Statistik der Bundesagentur",
              "Bundesinstitut für Bau-, Stadt- und Raumforschung")
#: Lines of official statistics that are geometry, not values: Gemeinde centres (GV coordinates)
#: place points and measure distances, one edition for every year.
GEOMETRY = ("(Gemeindemittelpunkte)",)
#: The edition part of a source line ("Stand 31.12.2013, 31.12.2021", "Stand 31.12.2007–31.12.2020").
EDITIONS = re.compile(r"(?:Gebietsstand|Stand)\s+([^;|]*)")
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _later_editions(page: Path, jahr: int) -> list[str]:
    """Source lines of official statistics on ``page`` that name an edition after ``jahr``."""
    later = []
    for line in dict.fromkeys(_source_lines(page)):
        body = line.split(": ", 1)[-1]
        if not body.startswith(STATISTICS) or any(g in body for g in GEOMETRY):
            continue
        years = [int(y) for part in EDITIONS.findall(body) for y in YEAR.findall(part)]
        assert years, f"{page.name}: a source line of official statistics without its edition: {line}"
        if max(years) > jahr:
            later.append(body)
    return later


@pytest.mark.parametrize("jahr", YEARS)
def test_source_lines_name_editions_up_to_the_reference_year(runs, jahr):
    run = runs[f"jahr{jahr}"]
    later = [f"{r.notebook}: {body[:160]}" for r in run.results for body in _later_editions(run.folder / r.html, jahr)]
    assert not later, f"--jahr {jahr}: later editions shown: {later}"


def test_the_edition_check_catches_a_later_edition(tmp_path):
    """The check above can fail: a caption naming 31.12.2024 on a 2023 page is found, a map's
    Gemeinde centres and a press list are not statistics editions."""
    page = tmp_path / "p.html"
    page.write_text(
        '<figure><figcaption class="wla-source">Quelle: Statistisches Bundesamt (Destatis), GENESIS-Online, '
        "12531-0043; Stand 31.12.2023, 31.12.2024<br/>Quelle: Statistisches Bundesamt (Destatis), GV-ISys, "
        "GV100AD (Gemeindemittelpunkte); Stand 31.12.2024<br/>Quelle: Erstaufnahmeeinrichtungen: Presseberichte, "
        "Stand je Eintrag (2024)</figcaption></figure>", encoding="utf-8")
    assert _later_editions(page, 2023) == ["Statistisches Bundesamt (Destatis), GENESIS-Online, 12531-0043; "
                                          "Stand 31.12.2023, 31.12.2024"]
    assert _later_editions(page, 2024) == []


def test_2023_status_table_shows_the_raw_2023_total_and_no_2024_row(run_2023):
    raw = _raw_totals(2023)
    kielregion = sum(raw[k] for k in ("01002", "01004", "01057", "01058"))
    soup = BeautifulSoup(_page(run_2023, "00_regionsprofil").read_text(encoding="utf-8"), "html.parser")
    rows = {}
    for fig in soup.select("figure.wla-figure"):
        headers = [th.get_text(strip=True) for th in fig.select("thead th")]
        if t("profil.spalte_anerkannt") not in headers:
            continue
        for tr in fig.select("tbody tr"):
            row = dict(zip(headers, (td.get_text(strip=True) for td in tr.find_all("td"))))
            rows[(row[t("profil.spalte_name")], row[t("profil.spalte_year")])] = row
    assert rows, "no protection-status table on page 00"
    assert rows[("KielRegion", "2023")][t("profil.spalte_insgesamt")] == number(kielregion, 0)
    assert not [k for k in rows if k[1] > "2023"], "a 2023 page shows a later year"


def test_2023_series_end_at_2023():
    """A time series with reference year 2023 holds no later value (the 00 and 20 charts)."""
    rows = profile.share_series("schutzsuchende_anteil", ["kielregion", "coburg"], until=2023)
    assert int(rows["year"].max()) <= 2023
    series = labour.unemployed_series(["kielregion"], until=2023)
    assert int(series["year"].max()) == 2023


def test_who_findings_of_2023_name_the_2023_edition_only():
    """The "who are the protection seekers" rows on a 2023 page: totals of 31.12.2023 (raw
    12531-0043) and a source naming that edition only (the rows' own source text named 2023 and
    2024: found by the edition check below)."""
    from wla.analysis import findings
    from wla.present.sources import lines

    reg, vs = wla.region("kielregion"), wla.region("coburg")
    raw = _raw_totals(2023)
    rows = findings._who_findings(reg, vs, until=2023)
    assert [(r["ort"], r["jahr"], r["wert"]) for r in rows] == [
        (reg.label, 2023, sum(raw[k] for k in reg.kreise)), (vs.label, 2023, raw["09473"])]
    for r in rows:
        [line] = lines(r["quellen"])
        # the edition, then the note on the rounded cells (which names no year)
        assert line.startswith("Statistisches Bundesamt (Destatis), GENESIS-Online, 12531-0043; Stand 31.12.2023;"), line
        assert YEAR.findall(line.partition("Stand ")[2]) == ["2023"], line
    newest = findings._who_findings(reg, vs)
    assert {r["jahr"] for r in newest} == {2024}
    assert all("; Stand 31.12.2024;" in lines(r["quellen"])[0] and "2023" not in lines(r["quellen"])[0] for r in newest)


def test_newest_value_up_to_a_year_never_after_it():
    rows = wla.load("schutzsuchende", "kielregion", level="kreis")
    assert set(indicators.newest(rows, 2023)["year"]) == {2023}
    with pytest.raises(NoDataError, match="no value up to 1990"):
        indicators.newest(rows, 1990, "schutzsuchende")


# --- a section left out says why, in the page's language ------------------------------------------

#: Fragments of the errors' own (English, technical) texts that must not reach a page.
ERROR_TEXT = ("has no value up to", "years in the snapshot", "no year up to", "level=", "NoDataError")


def test_2019_pages_say_what_is_missing_in_german(run_staedte_2019):
    """Census 2022 vacancy has no value up to 2019: page 10 says so, in German only."""
    text = _text(_page(run_staedte_2019, "10_wohnen"))
    said = "Dieser Abschnitt entfällt: der Datenstand dieses Berichts enthält bis 2019 nicht alle dafür nötigen Werte."
    assert _plain(t("bezug.fehlt", grund=t("bezug.grund_keine_werte_bis", jahr=2019))) == said
    assert said in text
    for r in run_staedte_2019.results:
        page = _text(run_staedte_2019.folder / r.html)
        assert not [e for e in ERROR_TEXT if e in page], r.notebook


def test_2019_english_page_says_what_is_missing_in_english(runs):
    text = _text(_page(runs["en2019"], "10_wohnen"))
    said = "This section is left out: the data snapshot of this report does not hold all the values needed up to 2019."
    assert said in text
    assert "entfällt" not in text and not [e for e in ERROR_TEXT if e in text]


@pytest.mark.parametrize("sprache,jahr,expected", [
    ("de", 2019, "der Datenstand dieses Berichts enthält bis 2019 nicht alle dafür nötigen Werte"),
    ("en", 2019, "the data snapshot of this report does not hold all the values needed up to 2019"),
    ("de", None, "der Datenstand dieses Berichts enthält nicht alle dafür nötigen Werte"),
    ("en", None, "the data snapshot of this report does not hold all the values needed"),
])
def test_reason_comes_from_the_error_class_not_its_text(sprache, jahr, expected):
    ctx = Context(wla.region("kielregion"), wla.region("coburg"), jahr, sprache)
    assert ctx.reason(NoDataError("leerstandsquote has no value up to 2019")) == expected
    other = ctx.reason(WlaError("shift-share: the reference has no unemployed in the start year"))
    assert other == {"de": "die Daten dieser Regionen lassen diese Berechnung nicht zu",
                     "en": "the data of these regions do not allow this computation"}[sprache]


# --- Gemeinde regions -------------------------------------------------------------------------

def test_region_total_of_two_staedte_is_the_sum_of_their_kreis_totals():
    raw = _raw_totals(2024)
    total = wla.region_total("schutzsuchende", ["01002000", "01004000"], 2024)
    assert total["value"].iloc[0] == raw["01002"] + raw["01004"]
    kielregion = wla.region_total("schutzsuchende", "kielregion", 2024)["value"].iloc[0]
    assert kielregion == 31185 == sum(raw[k] for k in ("01002", "01004", "01057", "01058"))


def test_kreis_indicator_for_a_cutting_set_says_whole_kreise_only():
    with pytest.raises(NoDataError) as err:
        wla.region_total("schutzsuchende", CUTTING, 2024)
    message = str(err.value)
    assert "whole Kreise only" in message and "Coburg" in message
    assert "level=" not in message
    with pytest.raises(ParameterError, match="whole Kreise only"):
        wla.load("schutzsuchende", CUTTING, level="kreis")


def test_two_staedte_page_uses_kreis_values(run_staedte_2019):
    """Whole Kreise given as Gemeinden: Kreis sections are shown, none is left out for the region."""
    cut = _plain(t("bezug.ohne_kreise", region="X")).split(" X ")[1]
    for r in run_staedte_2019.results:
        assert cut not in _text(run_staedte_2019.folder / r.html), r.notebook
    label = wla.region(STAEDTE).label
    assert label == "Kiel + Neumünster"
    members = _text(_page(run_staedte_2019, "00_regionsprofil"))
    assert "Kiel, Landeshauptstadt" in members and "Neumünster" in members and label in members


def test_cutting_set_shows_gemeinde_results_and_says_why_kreis_sections_are_left_out(run_cutting):
    reg = wla.region(CUTTING)
    left_out = _plain(t("bezug.ohne_kreise", region=reg.label))
    for name in ("00_regionsprofil", "20_lernen", "30_arbeiten", "40_vergleich", "60_finanzen"):
        assert left_out in _text(_page(run_cutting, name)), name
    # the catalogue states its own reason (built for regions of whole Kreise), not "figures for whole Kreise only"
    catalogue = _text(_page(run_cutting, "70_massnahmenkatalog"))
    assert _plain(t("katalog.nur_kreisregionen", region=reg.label)) in catalogue and left_out not in catalogue
    # Gemeinde-level results: population change map, vacancy and rent maps, potential
    soup = BeautifulSoup(_page(run_cutting, "00_regionsprofil").read_text(encoding="utf-8"), "html.parser")
    alts = [img.get("alt", "") for img in soup.find_all("img")]
    assert any(reg.label in a for a in alts), "no population change map of the Gemeinde set"
    wohnen = BeautifulSoup(_page(run_cutting, "10_wohnen").read_text(encoding="utf-8"), "html.parser")
    assert any(t("wohnen.alt_leerstand", region=reg.label) == img.get("alt") for img in wohnen.find_all("img"))
    assert left_out not in _text(_page(run_cutting, "50_potenziale"))
    assert t("potenziale.rangliste", n=10).strip("*# ") in _text(_page(run_cutting, "50_potenziale"))


def _raw_gv_2023() -> pd.DataFrame:
    """Gemeinden of the Gemeindeverzeichnis 31.12.2023 (raw xlsx, layout in SOURCES.md): AGS,
    name, area, population."""
    path = RAW / "gemeinden" / "gerda_destatis_31122023_Auszug_GV.xlsx"
    raw = pd.read_excel(path, sheet_name=1, header=None, skiprows=6, dtype=str)
    rows = raw[raw[0] == "60"]
    ags = rows[2].str.zfill(2) + rows[3].str.zfill(1) + rows[4].str.zfill(2) + rows[6].str.zfill(3)
    return pd.DataFrame({"ags": ags.values, "name": rows[7].values, "flaeche": rows[8].astype(float).values,
                         "einwohner": rows[9].astype(float).values})


def test_cutting_set_label_folder_and_members_table(run_cutting):
    """"Rödental,Neustadt b.Coburg": the label reads "Neustadt bei Coburg + Rödental" (kinds
    dropped, "b." written out), the folder follows, and page 00 lists both Gemeinden with their
    Kreis and the population of the raw Gemeindeverzeichnis 31.12.2023."""
    reg = wla.region(CUTTING)
    assert reg.codes == ("09473151", "09473159") and reg.label == "Neustadt bei Coburg + Rödental"
    digest = hashlib.sha1(b"09473151,09473159").hexdigest()[:6]
    assert run_cutting.folder.name == f"neustadt-bei-coburg-roedental-{digest}_vs_coburg"
    gv = _raw_gv_2023().set_index("ags")
    assert gv.loc["09473151", "name"] == "Neustadt b.Coburg, GKSt" and gv.loc["09473159", "name"] == "Rödental, St"
    soup = BeautifulSoup(_page(run_cutting, "00_regionsprofil").read_text(encoding="utf-8"), "html.parser")
    table = {}
    for fig in soup.select("figure.wla-figure"):
        headers = [th.get_text(strip=True) for th in fig.select("thead th")]
        if headers[:2] == [t("profil.spalte_gemeinde"), t("profil.spalte_kreis")]:
            for tr in fig.select("tbody tr"):
                row = dict(zip(headers, (td.get_text(strip=True) for td in tr.find_all("td"))))
                table[row[headers[0]]] = row
    assert set(table) == {"Neustadt bei Coburg", "Rödental", reg.label}, table
    people = t("profil.spalte_einwohner", pop_year=2023, pop_basis=t("profil.basis_zensus_2011"))
    for name, ags in (("Neustadt bei Coburg", "09473151"), ("Rödental", "09473159")):
        assert table[name][t("profil.spalte_kreis")] == "Coburg, Landkreis"
        assert table[name][people] == number(gv.loc[ags, "einwohner"], 0)
    assert table["Rödental"][people] == "12.947"  # SOURCES.md check value
    assert table[reg.label][people] == number(gv.loc[["09473151", "09473159"], "einwohner"].sum(), 0)


def test_a_land_without_a_facility_list_is_said_once(run_cutting):
    # review 3 (#23): both sides in Bavaria, the sentence "… umfasst nur Schleswig-Holstein; für Bayern
    # liegt keine vor" stood twice on page 00
    text = _text(_page(run_cutting, "00_regionsprofil"))
    assert text.count("für Bayern enthält der Datenstand keine solche Liste") == 1


# --- Kreis models for a Gemeinde set (gap 1 of the last session) ------------------------------

def test_cutting_set_page_40_prints_no_kreis_model_and_says_why_once(run_cutting):
    """The cross-section and panel models are estimated on Kreise: for a Gemeinde set cutting a
    Kreis page 40 prints no coefficient, one sentence names why and the Kreis the set lies in
    (Rödental and Neustadt b.Coburg: AGS 09473…, Landkreis Coburg), and no method text of a
    Kreis-only section stands above its "left out" sentence."""
    reg = wla.region(CUTTING)
    page = _page(run_cutting, "40_vergleich")
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    text = _text(page)
    reason = _plain(t("vergleich.modelle_nur_kreise", region=reg.label, kreise="Coburg, Landkreis"))
    assert text.count(reason) == 1, text
    assert not soup.select("figure.wla-figure, table"), "a Kreis table or chart on the page of a Gemeinde set"
    for model_words in ("HC3", "R²", "VIF", t("vergleich.modell_ergebnis", ergebnis="", jahr="").split()[0]):
        assert model_words not in text, model_words
    left_out = _plain(t("bezug.ohne_kreise", region=reg.label))
    assert f"{left_out} {left_out}" not in text  # the comparator section said it twice
    for above in ("vergleich.intro", "vergleich.benchmark_text"):
        assert _plain(t(above)).split(";")[0] not in text, above
    limits = _plain(t("vergleich.grenzen_text", region=reg.label, vergleich=wla.region("09473").label))
    assert limits.lstrip("- ").split(";")[0] not in text


def test_whole_kreise_page_40_still_prints_the_models(runs):
    text = _text(_page(runs[f"jahr{YEARS[-1]}"], "40_vergleich"))
    assert "HC3" in text and "R²" in text
    assert _plain(t("vergleich.modelle_nur_kreise", region="", kreise=""))[:40] not in text


def test_models_left_out_name_every_kreis_the_set_lies_in():
    """Kiel (all of Kreis 01002) with Ascheberg (Holstein) (01057001, Kreis Plön): both Kreise named."""
    from wla.present.ranking import models_not_shown

    reg = wla.region("01002000,01057001")
    assert reg.whole_kreise() is None and reg.kreise == ("01002", "01057")
    assert "(sie liegt in Kiel, Landeshauptstadt und Plön)" in models_not_shown(reg, "de")
    assert "(it lies in Kiel, Landeshauptstadt and Plön)" in models_not_shown(reg, "en")


# --- the glossary box follows the rendered page (gap 2 of the last session) --------------------

def _glossary_marks() -> dict:
    import tomllib

    with (PROJECT_ROOT / "wla" / "present" / "words" / "glossar.toml").open("rb") as fh:
        return {k: v for k, v in tomllib.load(fh).items() if k != "titel"}


def _box_and_rest(page: Path):
    """(glossary box or None, the page's words outside the box and navigation, its table cells)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    box = soup.find("aside", class_="wla-glossary")
    if box is not None:
        box.extract()
    for nav in soup.select("nav#wla-toc"):
        nav.decompose()
    words = soup.body.get_text(" ") + " " + " ".join(img.get("alt", "") for img in soup.find_all("img"))
    return box, words, {td.get_text(" ", strip=True) for td in soup.find_all("td")}


def _on_page(entry: dict, words: str, cells: set, lang: str) -> bool:
    marks = entry.get("auf_seite", {}).get(lang, [])
    return (any(re.search(rf"(?<!\w){re.escape(m)}", words, re.I) for m in marks)
            or bool(set(entry.get("zelle", [])) & cells))


@pytest.mark.parametrize("name", ["jahr2019", "jahr2023", f"jahr{YEARS[-1]}", "cutting", "en2019", "laender2021en"])
def test_glossary_box_lists_exactly_the_listed_terms_the_page_shows(runs, name):
    """Every term in a page's box shows elsewhere on the page (in the page's language), and every
    term the notebook lists that the page shows is in the box; a box left without terms is gone."""
    marks = _glossary_marks()
    lang = RUNS[name][3]
    for result in runs[name].results:
        source = (PROJECT_ROOT / "notebooks" / f"{result.notebook}.ipynb").read_text(encoding="utf-8")
        listed = re.search(r"ctx\.glossary\(([^)]*)\)", source)
        if listed is None:
            continue
        listed = re.findall(r'\\"(\w+)\\"', listed.group(1))
        box, words, cells = _box_and_rest(runs[name].folder / result.html)
        expected = [k for k in listed if _on_page(marks[k], words, cells, lang)]
        shown = [] if box is None else [dt.get_text() for dt in box.find_all("dt")]
        assert shown == [t(f"glossar.{k}", lang).split(":", 1)[0] for k in expected], (name, result.notebook)


def test_early_year_page_drops_the_glossary_entries_of_its_missing_sections(runs):
    """2019: page 40 has no cross-section model (not every input exists up to 2019), so the box
    explains no HC3 / VIF; the newest year shows the model and explains both. A Gemeinde set's page 30 shows no
    occupation table, so KldB 2010 and "k. A." are not explained there."""
    def terms(run, notebook):
        box, _, _ = _box_and_rest(_page(run, notebook))
        return [] if box is None else [dt.get_text() for dt in box.find_all("dt")]

    hc3, vif = (t(f"glossar.{k}").split(":", 1)[0] for k in ("hc3", "vif"))
    newest = runs[f"jahr{YEARS[-1]}"]
    assert hc3 in terms(newest, "40_vergleich") and vif in terms(newest, "40_vergleich")
    assert "HC3" not in _text(_page(runs["jahr2019"], "40_vergleich"))
    assert hc3 not in terms(runs["jahr2019"], "40_vergleich") and vif not in terms(runs["jahr2019"], "40_vergleich")
    assert terms(runs["cutting"], "30_arbeiten") == [t("glossar.alq").split(":", 1)[0], t("glossar.auslaender").split(":", 1)[0]]
