"""Pages print on A4 without cutting tables (issue 10): the print rules are in every page and a
table too wide for an upright sheet is marked for a landscape one. The browser check of real
pages is tests/test_browser.py::test_wide_tables_fit_the_paper_when_printed.

How sheets break (printed with headless Chromium, read back with poppler's pdftotext; skipped
where either is missing): a heading never stays alone at the foot of a sheet, a figure keeps its
source line, a long list of findings starts under its introduction instead of leaving a
near-empty sheet, and a heading goes onto the landscape sheet of its wide table."""
from __future__ import annotations

import pandas as pd

from conftest import rendered_style
from wla.present import tables


def test_every_page_carries_the_print_rules(tmp_path):
    rules = rendered_style(tmp_path, "# Wohnen\n\n## Leerstand", "wla-print")
    assert "@media print" in rules and "overflow: visible" in rules and "@page wide { size: A4 landscape" in rules
    assert "figure.wla-wide { page: wide; }" in rules


def test_a_table_too_wide_for_an_upright_sheet_is_marked_wide():
    narrow = pd.DataFrame({"Kreis": ["Rendsburg-Eckernförde"], "Jahr": [2024], "Schutzsuchende": [5040.0]})
    # thirteen region columns with long names, as the headline table of a region of many Kreise
    wide = pd.DataFrame({f"Landkreis Nummer {i}, Landeshauptstadt": [1234.5] for i in range(13)})
    assert 'class="wla-figure"' in tables.table_html(narrow, ["Quelle: X"])
    assert 'class="wla-figure wla-wide"' in tables.table_html(wide, ["Quelle: X"], decimals=1)


# --- The printed sheets of a page (headless Chromium prints, poppler's pdftotext reads) --------

#: Height of the printed area of an upright A4 sheet in CSS pixels (297 mm less 2 × 12 mm margins).
SHEET_HEIGHT = round((297 - 2 * 12) / 25.4 * 96)


def _png(width: int, height: int) -> str:
    import base64
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (width, height), (76, 114, 176)).save(buf, format="PNG")
    return base64.b64encode(buf.getvalue()).decode()


def _printed_sheets(cells, tmp_path) -> list[tuple[bool, str]]:
    """Render ``cells`` (nbformat cells with outputs) as a report page, print it to PDF with
    headless Chromium and return per sheet (landscape?, its text)."""
    import re
    import shutil
    import subprocess

    import nbformat
    import pytest

    from wla.report.render import render_html

    browser = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if browser is None or shutil.which("pdftotext") is None:
        pytest.skip("needs Chromium (scripts/setup-browser) and pdftotext (Debian package poppler-utils)")
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nbformat.write(nb, tmp_path / "page.ipynb")
    render_html(tmp_path / "page.ipynb", tmp_path / "page.html", lang="de", labels=("KielRegion", "Landkreis Coburg"))
    pdf = tmp_path / "page.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--user-data-dir={tmp_path / 'profile'}", f"--print-to-pdf={pdf}",
                    (tmp_path / "page.html").as_uri()], capture_output=True, timeout=120, check=True)
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(w) > float(h), " ".join(re.findall(r"<word[^>]*>(.*?)</word>", body)))
            for w, h, body in re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', xml, re.S)]


def _output(html: str | None = None, markdown: str | None = None):
    import nbformat

    data = {"text/html": html} if html is not None else {"text/markdown": markdown}
    return nbformat.v4.new_output("display_data", data=data)


def _code(*outputs):
    import nbformat

    cell = nbformat.v4.new_code_cell("")
    cell.outputs = list(outputs)
    return cell


def _filler(height: int):
    """An output that fills ``height`` CSS pixels at the top of a sheet."""
    return _output(html=f'<div style="break-inside: avoid; height: {height}px; background: #ddd"></div>')


def test_printed_headings_stay_with_their_figure_and_source_line(tmp_path):
    """A heading whose figure does not fit under it on the sheet moves to the next sheet with the
    figure, and the figure's source line stays with the figure (the report pages showed
    headings alone at the foot of a sheet). The space left under the filler is chosen so that
    the heading fits on the sheet and the figure (500 px image and source line) does not."""
    import nbformat

    image = _png(600, 500)
    for left in (150, 300, 450):  # CSS pixels left on the sheet under the filler
        cells = [
            _code(_filler(SHEET_HEIGHT - left)),
            nbformat.v4.new_markdown_cell("## Abschnitt"),
            _code(_output(html=f'<figure class="wla-figure"><img src="data:image/png;base64,{image}" alt="Bild">'
                               '<figcaption class="wla-source">Quelle: Abbildung</figcaption></figure>')),
        ]
        folder = tmp_path / str(left)
        folder.mkdir()
        sheets = [text for _, text in _printed_sheets(cells, folder)]
        assert len(sheets) == 2 and sheets[1] == "Abschnitt Quelle: Abbildung", (left, sheets)


def test_a_printed_heading_is_not_left_above_a_paragraph_that_begins_on_the_next_sheet(tmp_path):
    """With room for no more than two lines under a heading, the paragraph after it (at least
    three lines on a sheet) begins on the next sheet: the heading goes with it instead of ending
    the sheet (seen on Nordfriesland vs Kronach, "Fairer Rahmen: Kreise neben den Aggregaten")."""
    import nbformat

    paragraph = "Absatzanfang " + "ein Satz über die Kennzahlen der Region und ihre Quellen, " * 12
    # CSS pixels left on the sheet under the filler: 39-45 leave room for the heading and the top
    # of the next cell but for no line of text (there the heading stayed behind), 90 for two lines
    for left in (39, 42, 45, 90):
        cells = [_code(_filler(SHEET_HEIGHT - left)), nbformat.v4.new_markdown_cell("## Abschnitt"),
                 _code(_output(markdown=paragraph))]
        folder = tmp_path / str(left)
        folder.mkdir()
        sheets = [text for _, text in _printed_sheets(cells, folder)]
        assert [("Absatzanfang" in text) for text in sheets if "Abschnitt" in text] == [True], (left, sheets)


def test_a_long_list_of_findings_starts_under_its_introduction(tmp_path):
    """A list of findings longer than the rest of the sheet starts on the sheet of the text that
    introduces it and breaks between findings: the lab template kept each output in one piece
    and moved such a list to the next sheet, leaving the sheet before nearly empty."""
    items = "".join(f"<li><p><strong>Befund{k}</strong>: " + "ein Satz über eine Kennzahl der Region, " * 8
                    + f"Ende{k}.</p></li>" for k in range(1, 16))
    cells = [_code(_filler(300), _output(markdown="Einleitung zur Liste der Befunde."),
                   _output(html=f'<figure class="wla-figure"><ul class="wla-findings">{items}</ul></figure>'))]
    sheets = [text for _, text in _printed_sheets(cells, tmp_path)]
    intro = next(text for text in sheets if "Einleitung zur Liste" in text)
    assert "Befund1:" in intro, sheets
    for k in range(1, 16):  # no finding split across two sheets
        assert [f"Ende{k}." in text for text in sheets if f"Befund{k}:" in text] == [True], (k, sheets)


def test_a_heading_goes_onto_the_landscape_sheet_of_its_wide_table(tmp_path):
    """A wide table (``figure.wla-wide``) prints on a landscape sheet; its heading goes with it
    instead of staying alone at the foot of the upright sheet before."""
    import nbformat

    header = "".join(f"<th>Landkreis Nummer {i}</th>" for i in range(13))
    row = "".join("<td>1.234,5</td>" for _ in range(13))
    cells = [nbformat.v4.new_markdown_cell("# Seite"), _code(_output(markdown="Text vor der Tabelle.")),
             nbformat.v4.new_markdown_cell("## BreiteTabelle"),
             _code(_output(html=f'<figure class="wla-figure wla-wide"><table class="dataframe wla-table"><thead><tr>{header}'
                               f'</tr></thead><tbody><tr>{row}</tr></tbody></table>'
                               '<figcaption class="wla-source">Quelle: Tabelle</figcaption></figure>'))]
    sheets = _printed_sheets(cells, tmp_path)
    assert [landscape for landscape, text in sheets if "BreiteTabelle" in text] == [True], sheets
    assert [landscape for landscape, text in sheets if "Text vor der Tabelle" in text] == [False], sheets
