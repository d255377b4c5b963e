"""The presentation layer and the notebooks that use it.

Source lines name the editions shown (checked against the catalogue's reference dates of real
tables); tables follow the page's language (the English rendering of 20_lernen, run in-process on
real data, shows no German header and no German number); notebooks keep the pattern (one
parameters cell, headings as lang-de / lang-en pairs, no German typed into code cells).
"""
from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

from wla.analysis import profile
from wla.present import sources, tables, words

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CONVERTED = ("00_regionsprofil", "10_wohnen", "20_lernen", "30_arbeiten")


def _nb(name: str):
    return nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)


def _tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


# --- notebooks -------------------------------------------------------------------------------


def test_all_eight_notebooks_are_checked():
    assert len(NOTEBOOKS) == 8, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_exactly_one_parameters_cell(path):
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in _tags(c)]
    assert len(cells) == 1 and cells[0].cell_type == "code", path.name


def _level(cell) -> int:
    m = re.match(r"(#+)\s", cell.source.lstrip())
    return len(m.group(1)) if m else 0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_german_markdown_cell_has_its_english_twin(path):
    cells = nbformat.read(path, as_version=4).cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown" or "lang-de" not in _tags(cell):
            continue
        twin = cells[i + 1] if i + 1 < len(cells) else None
        assert twin is not None and twin.cell_type == "markdown" and "lang-en" in _tags(twin), \
            f"{path.name}: {cell.source!r} has no lang-en cell right after it"
        assert _level(twin) == _level(cell), f"{path.name}: heading levels differ: {cell.source!r} / {twin.source!r}"
    english = [c for c in cells if "lang-en" in _tags(c)]
    german = [c for c in cells if "lang-de" in _tags(c)]
    assert len(english) == len(german), f"{path.name}: {len(german)} lang-de but {len(english)} lang-en cells"


#: A typed German word: an umlaut or ß, or a capitalised word of four letters or more
#: ("Schulart", "Jahr"); ids, column names and colour-map names are lower case or short.
GERMAN = re.compile(r"[äöüÄÖÜß]|\b[A-ZÄÖÜ][a-zäöüß]{3,}\b")


def _string_literals(source: str) -> list[str]:
    out = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.STRING:
            value = ast.literal_eval(tok.string) if not tok.string.lstrip("rbuRBU").startswith(("f", "F")) else tok.string
            out.append(str(value))
        elif tok.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            out.append(tok.string)
    return out


def _german_literals(source: str) -> list[str]:
    return [s for s in _string_literals(source) if GERMAN.search(s)]


def test_german_literal_heuristic_catches_typed_labels():
    assert _german_literals('wide.rename(columns={"category": "Schulart"})') == ["Schulart"]
    assert _german_literals('title="Anteil ausländischer Schüler in %"')
    assert _german_literals('note=f"{n} Gemeinden"')
    assert not _german_literals('ctx.table(wide, shares, chapter="lernen", decimals={"flaeche_km2": 1}, cmap="YlOrRd")')


@pytest.mark.parametrize("name", CONVERTED)
def test_converted_notebook_types_no_german_and_sets_up_once(name):
    nb = _nb(name)
    code = [c for c in nb.cells if c.cell_type == "code" and "parameters" not in _tags(c)]
    found = {c.id: _german_literals(c.source) for c in code}
    assert not {k: v for k, v in found.items() if v}, f"{name}: German typed in code cells: {found}"
    text = "\n".join(c.source for c in code)
    assert text.count("wla.notebook.setup(") == 1, name
    assert "wla.report" not in text and "validate_parameters" not in text, name
    assert any(c.cell_type == "markdown" and "lang-de" in _tags(c) and c.source.startswith("# ") for c in nb.cells)
    assert "ctx.glossary(" in text, f"{name}: no glossary box"


def test_place_names_written_out():
    # Gemeindeverzeichnis names of Landkreis Coburg as stored: "Rödental, St", "Ahorn" (no kind)
    from wla import data
    from wla.regions import gemeinde_label

    names = set(data.load("bevoelkerung", "coburg", level="gemeinde")["name"])
    assert {"Rödental, St", "Neustadt b.Coburg, GKSt"} <= names
    assert gemeinde_label("Rödental, St") == "Rödental" and gemeinde_label("Ahorn") == "Ahorn"
    assert gemeinde_label("Neustadt b.Coburg, GKSt") == "Neustadt bei Coburg"


# --- source lines ----------------------------------------------------------------------------


def test_source_line_names_only_the_edition_shown():
    # catalogue: GV-ISys editions 31.12.2013, 2017, 2019, 2021, 2022, 2023 (SOURCES.md of data/gemeinden)
    line = sources.lines({"bevoelkerung": [2023]})[0]
    assert line.endswith("; Stand 31.12.2023"), line
    assert "2013" not in line and "2021" not in line
    both = sources.lines({"bevoelkerung": [2013, 2023]})[0]
    assert both.endswith("; Stand 31.12.2013, 31.12.2023"), both
    # 13211-02-05-4 holds Jahresdurchschnitt 2019 and 2025
    (ba,) = sources.lines({"arbeitslose": [2025]})
    assert ba.endswith("; Stand Jahresdurchschnitt 2025") and ba.count("13211-02-05-4") == 1, ba


def test_source_line_of_a_joined_series_names_the_publication_of_the_year():
    # schutzsuchende: 12531-0043 (GENESIS) for 2023/2024, the Regionaldatenbank 12531 for 2018
    (newest,) = sources.lines({"schutzsuchende": [2024]})
    assert newest.startswith("Statistisches Bundesamt (Destatis), GENESIS-Online, 12531-0043; Stand 31.12.2024"), newest
    (old,) = sources.lines({"schutzsuchende": [2018]})
    assert "Regionaldatenbank" in old and old.endswith("Stand 31.12.2018") and "12531-0043" not in old, old


def test_source_line_in_english():
    (line,) = sources.lines({"arbeitslose": [2025]}, "en")
    assert line.endswith("(13211-02-05-4); as of annual average 2025"), line
    html = tables.table_html(pd.DataFrame({"x": [1234.5]}), {"arbeitslose": [2025]}, lang="en", decimals=1)
    caption = BeautifulSoup(html, "html.parser").find("figcaption").get_text()
    assert caption.startswith("Source: ") and "Quelle" not in caption and "Stand" not in caption
    assert "<td>1,234.5</td>" in html


def test_reference_text_without_editions_stays_whole():
    assert sources.reference("Schuljahr 2022/23 (Berichtsjahr 2023)", [2023]) == "Schuljahr 2022/23 (Berichtsjahr 2023)"
    assert sources.reference("31.12.1995–31.12.2022", [2010, 2011, 2012]) == "31.12.2010–31.12.2012"


def test_wie_oben_only_under_the_same_lines_as_directly_above():
    # REVIEW8 #23: "wie oben" beside new lines pointed at a caption whose lines differ
    seen: set = set()
    frame = pd.DataFrame({"x": [1.0]})
    first = tables.table_html(frame, {"bevoelkerung": [2023]}, seen=seen)
    second = tables.table_html(frame, {"bevoelkerung": [2023], "arbeitslose": [2025]}, seen=seen)
    third = tables.table_html(frame, {"bevoelkerung": [2023], "arbeitslose": [2025]}, seen=seen)
    first_caption, second_caption, third_caption = (
        BeautifulSoup(h, "html.parser").find("figcaption").get_text("\n").split("\n") for h in (first, second, third))
    assert first_caption == ["Quelle: " + sources.lines({"bevoelkerung": [2023]})[0]]
    assert second_caption == ["Quelle: " + x for x in sources.lines({"bevoelkerung": [2023], "arbeitslose": [2025]})]
    assert third_caption == ["Quelle: wie oben"]


def test_protection_status_result_carries_its_years():
    # 12531-0043, 31.12.2024: Kiel 13.905 + Neumünster 3.600 + Plön 3.945 + Rendsburg-Eckernförde 9.735 = 31.185
    status = profile.protection_status("kielregion")
    total = status[(status["ags"] == "") & (status["year"] == 2024)]["insgesamt"].iloc[0]
    assert total == 31185
    assert status.attrs["sources"] == {"schutzsuchende": [2023, 2024]}
    (line,) = sources.lines(status.attrs["sources"])
    assert "12531-0043; Stand 31.12.2023, 31.12.2024; " in line and "2018" not in line
    assert "sie liegen etwas unter den veröffentlichten Gesamtzahlen" in line and line.endswith("relativ stärker als bei großen")


# --- a page in English -------------------------------------------------------------------------


def _run_in_english(name: str, monkeypatch) -> BeautifulSoup:
    """The HTML blocks notebook ``name`` shows in English, its code cells run in this process on
    real data (no kernel)."""
    import matplotlib

    matplotlib.use("Agg")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, *a, **k: shown.append(obj))
    ns: dict = {}
    for cell in _nb(name).cells:
        if cell.cell_type != "code":
            continue
        source = cell.source + ('\nsprache = "en"' if "parameters" in _tags(cell) else "")
        exec(compile(source, f"{name}:{cell.id}", "exec"), ns)
    return BeautifulSoup("\n".join(getattr(o, "data", "") or "" for o in shown), "html.parser")


@pytest.fixture(scope="module")
def lernen_en(monkeypatch_module):
    return _run_in_english("20_lernen", monkeypatch_module)


@pytest.fixture(scope="module")
def arbeiten_en(monkeypatch_module):
    return _run_in_english("30_arbeiten", monkeypatch_module)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _german_words() -> set[str]:
    out = set()
    for name in words.chapters():
        for entry in words.chapter(name).values():
            if entry["de"] != entry["en"]:
                out.add(entry["de"].split("{")[0].strip())
    return {w for w in out if len(w) > 3}


def _check_english_tables(page: BeautifulSoup) -> list:
    tables_ = [f for f in page.select("figure.wla-figure") if f.find("table")]
    german = _german_words()
    for fig in tables_:
        headers = [th.get_text(strip=True) for th in fig.select("thead th")]
        cells = [td.get_text(strip=True) for td in fig.select("tbody td")]
        assert not [h for h in headers if h in german or re.search("[äöüß]", h)], headers
        assert not [c for c in cells if c in german], cells
        assert not [c for c in cells if re.fullmatch(r"-?\d+,\d{1,2}", c)], f"German decimal comma: {cells}"
        assert not [c for c in cells if "_" in c], f"internal id on the page: {cells}"
        title = fig.find("strong")
        assert title is None or title.get_text() not in german
        caption = fig.find("figcaption").get_text()
        assert caption.startswith("Source:") and "Stand " not in caption
    for img in page.find_all("img"):
        alt = img.get("alt", "")
        assert alt and not re.search("[äöüß]", alt), f"alt text missing or German: {alt!r}"
    return tables_


def test_english_lernen_tables_have_english_headers_and_numbers(lernen_en):
    tables_ = _check_english_tables(lernen_en)
    assert len(tables_) >= 3
    first = [th.get_text(strip=True) for th in tables_[0].select("thead th")]
    assert first[0] == "School type" and "Germany" in first


def test_english_lernen_glossary_box(lernen_en):
    box = lernen_en.find("aside", class_="wla-glossary")
    assert box is not None and box.find("strong").get_text() == "Terms"
    terms = [dt.get_text() for dt in box.find_all("dt")]
    assert "n/a" in terms and not any("k. A." in t for t in terms)


def test_english_arbeiten_tables(arbeiten_en):
    tables_ = _check_english_tables(arbeiten_en)
    assert len(tables_) == 2
    headers = [th.get_text(strip=True) for th in tables_[0].select("thead th")]
    # the header readers saw in German on the English page ("ALQ Ausländer %")
    assert "Unemployment rate, foreigners, in %" in headers and not any("ALQ" in h for h in headers)


@pytest.mark.parametrize("page", ["lernen_en", "arbeiten_en"])
def test_english_pages_run_in_process_read_english(page, request):
    """Every word the English 20_lernen and 30_arbeiten show is English (occupation titles,
    district words, findings; see tests/test_english.py for what is left alone)."""
    from test_english import english_problems

    from wla import region

    soup = BeautifulSoup(str(request.getfixturevalue(page)), "html.parser")
    problems = english_problems(soup, (region("kielregion").label, region("coburg").label))
    assert not problems, problems


def test_english_occupation_table_shows_wla_translation(arbeiten_en):
    occupations = [f for f in arbeiten_en.select("figure.wla-figure") if f.find("table") and "KldB" in f.get_text()]
    assert occupations, "no occupation table on the English page"
    cells = [td.get_text(strip=True) for td in occupations[0].select("tbody td")]
    assert "541 Cleaning" in cells and "541 Reinigung" not in cells, cells
    assert "translation" in occupations[0].find("figcaption").get_text()


# --- review 30.11.2026, items 18 and 21: source lines in the reader's language, one publisher --------
def test_english_source_lines_say_as_of_with_english_dates():
    # INKAR m_mietpr (catalogue: reference 2010–2022), Gemeindeverzeichnis 31.12.2023
    (rent,) = sources.lines({"mietpreis_angebot": [2022]}, "en")
    assert "as of" in rent and "Stand" not in rent and "m_mietpr" in rent, rent
    (gv,) = sources.lines({"bevoelkerung": [2023]}, "en")
    assert gv.endswith("; as of 31 Dec 2023"), gv
    # ready-made lines (older modules, the catalogue's source column) are translated the same way
    from wla import data

    ready = data.indicators().set_index("id").loc["anteil_65plus", "source"]
    assert "Stand" in ready
    (line,) = sources.lines([ready], "en")
    assert "Stand" not in line and "as of 31 Dec 1995–31 Dec 2022" in line, line
    assert sources.lines([ready], "de") == [ready]


def test_one_publisher_per_table_and_each_code_named_once():
    # 13111-01-03-4 is the BA's employment statistic in the Regionaldatenbank: one publisher for
    # both publications the catalogue joins (30.06.2024 and 30.06.2008–2019)
    lines = sources.lines([{"svb_beschaeftigte": [2019, 2024]}, {"svb_beschaeftigte_auslaender": [2024]}])
    assert lines and all(line.startswith("Statistik der Bundesagentur für Arbeit") for line in lines), lines
    assert all(line.count("13111-01-03-4") == 1 for line in lines)
    twice = "Statistik der Bundesagentur für Arbeit, über Regionaldatenbank Deutschland (13211-02-05-4), 13211-02-05-4; Stand Jahresdurchschnitt 2025"
    (once,) = sources.lines([twice])
    assert once.count("13211-02-05-4") == 1 and once.endswith("; Stand Jahresdurchschnitt 2025"), once


def test_facility_source_names_press_sources_never_a_file():
    from wla.analysis import compare

    from wla import region

    hosts = compare.facility_hosts(region("kielregion"))
    for lang in ("de", "en"):
        text = " ".join(sources.lines(hosts.attrs["sources"], lang))
        assert ".csv" not in text and "SOURCES.md" not in text and "data/" not in text, text
    de = " ".join(sources.lines(hosts.attrs["sources"], "de"))
    assert "Presseberichte" in de and "Stand je Eintrag" in de
    en = " ".join(sources.lines(hosts.attrs["sources"], "en"))
    assert "press reports" in en and "Stand" not in en


def test_iso_dates_in_the_readers_format():
    from wla.present.fmt import date, dates

    assert dates("Beschluss vom 2015-09-18, Bericht 2023-11", "de") == "Beschluss vom 18.09.2015, Bericht 11/2023"
    assert dates("decision of 2015-09-18, report 2023-11", "en") == "decision of 18 Sep 2015, report Nov 2023"
    assert dates("Stand 31.12.2022", "en") == "Stand 31 Dec 2022" and dates("31.12.2022", "de") == "31.12.2022"
    # table codes, year spans and web addresses are left alone
    untouched = "12411-01-01-4, 2010-2022, https://example.org/2023-11-07/x"
    assert dates(untouched, "de") == dates(untouched, "en") == untouched
    assert date("", "en") == "n/a" and date("2024-07/08", "de") == "07–08/2024"


def test_kreistyp_peer_group_in_english():
    from wla.present.fmt import region_label

    assert region_label("Kreistyp 4: Dünn besiedelter ländlicher Kreis", "en") == (
        "District type 4: Sparsely populated rural district")
    assert region_label("Kreistyp 2: Städtischer Kreis", "de") == "Kreistyp 2: Städtischer Kreis"
    assert region_label("Nordfriesland", "en") == "Nordfriesland"


def test_table_text_cells_and_notes_read_dates_in_the_page_format():
    frame = pd.DataFrame({"ort": ["Neumünster"], "stand": ["2023-11"], "plaetze": [900]})
    de = tables.table_html(frame, {"bevoelkerung": [2023]}, note="Stand 2015-09-18")
    en = tables.table_html(frame, {"bevoelkerung": [2023]}, lang="en", note="as of 2015-09-18")
    assert "<td>11/2023</td>" in de and "18.09.2015" in de and "2023-11" not in de
    assert "<td>Nov 2023</td>" in en and "18 Sep 2015" in en and "2015-09-18" not in en


def test_a_missing_value_prints_without_its_unit():
    # review 2 P3: "(k. A. %)" and "(n/a %)" on the vacancy findings; a unit belongs to a number
    from wla.present import fmt

    assert fmt.without_missing_units("Deutschland (k. A. %) und", "de") == "Deutschland (k. A.) und"
    assert fmt.without_missing_units("Germany (n/a per 1,000 inh.) and", "en") == "Germany (n/a) and"
    assert fmt.without_missing_units("(k. A. Prozentpunkte).", "de") == "(k. A.)."
    assert fmt.without_missing_units("EUR n/a per head", "en") == "n/a per head"
    assert fmt.without_missing_units("k. A. (2012)", "de") == "k. A. (2012)"        # a year is no unit
    assert fmt.without_missing_units("3,0 %", "de") == "3,0 %"
    text = words.t("befund.vergleich", "de", kennzahl="Leerstandsquote", jahr=2022, region="KielRegion",
                   wert=fmt.number(2.6, 1), einheit="%", de=fmt.number(None, 1), de_zusatz="",
                   richtung_de=words.t("befund.richtung_unbekannt"), vergleich="Landkreis Coburg",
                   vwert=fmt.number(4.1, 1), richtung_vs="unter")
    assert "(k. A.)" in text and "k. A. %" not in text and "2,6 %" in text


def test_settlement_types_follow_the_bbsr_order():
    # review 2 P3: rows were alphabetical (Mittelstadt last); the BBSR codes run 10 Großstadt … 50 Landgemeinde
    table = profile.settlement_types("kielregion")
    assert table["typ"].tolist() == ["Großstadt", "Mittelstadt", "Größere Kleinstadt", "Kleine Kleinstadt",
                                     "Landgemeinde"]


def test_english_source_lines_translate_the_catalogues_connectives():
    """Review 4 #19: "über Regionaldatenbank", "Grundlage Destatis 22221" and "Gebietsstand
    31 Dec 2019" on English pages; the publication titles themselves stay as published."""
    (ba,) = sources.lines({"arbeitslose_auslaender": [2025]}, "en")
    assert "Bundesagentur für Arbeit, via Regionaldatenbank Deutschland (13211-02-05-4)" in ba, ba
    (asyl,) = sources.lines({"asylbewerber_je_1000": [2020]}, "en")
    assert "„Asylbewerber“ (q_asyl_bev; based on Destatis 22221)" in asyl, asyl
    (typ,) = sources.lines({"bbsr_kreistyp": [2019]}, "en")
    assert "Referenz Gemeinden, Kreise, NUTS (Raumgliederungen), boundaries of 31 Dec 2019" in typ, typ
    # German pages keep the catalogue's words
    (ba_de,) = sources.lines({"arbeitslose_auslaender": [2025]}, "de")
    assert ", über Regionaldatenbank Deutschland" in ba_de


def test_a_ready_german_denominator_line_reads_english_on_english_pages():
    """Review 5 (EN) #2: "Source: Einwohnerzahlen, je nach Jahr aus: …" on the English page 40 —
    a line an analysis module built in German is put into the page's language."""
    german = sources.lines({"baugenehmigungen": [2012, 2013], "bevoelkerung_inkar": [2012], "bevoelkerung": [2013]}, "de")
    mixed = [line for line in german if line.startswith("Einwohnerzahlen, je nach Jahr aus: ")]
    assert len(mixed) == 1
    (english,) = [line for line in sources.lines(german, "en") if "depending on the year" in line]
    assert english.startswith("Population counts, depending on the year, from: ")
    assert "Stand" not in english and "as of 31 Dec 2012" in english and "as of 31 Dec 2013" in english


def test_the_panel_names_a_kreis_of_the_pair_it_leaves_out():
    """Review 5 (EN) #5: Göttingen (03159, formed 2016) is left out of the panel as "1 with a
    changed territory" without being named on its own report."""
    from wla import region
    from wla.analysis import models
    from wla.present import ranking
    panel = models.panel()
    assert "03159" in panel.notes["dropped_reasons"]["territory"]
    text = ranking.panel_text(panel, "en", (region("03159"), region("09476")))
    assert "Not in the panel from this comparison: Göttingen (03159, with a changed territory" in text
    assert "from this comparison" not in ranking.panel_text(panel, "en", (region("kielregion"), region("coburg")))


def test_the_residual_chart_says_what_it_shows():
    """Review 5 #13: the residual chart's alt text was the generic one."""
    from wla.analysis import models
    from wla.present import charts, ranking
    model = models.cross_section()
    fig = ranking.residual_figure(model, None, "en")
    alt = charts.alt_text(fig)
    assert alt.startswith("Scatter chart: residual (observed minus expected) against the expected value for "
                          f"{len(model.frame):,} districts")
