"""Pages print on A4 without cutting tables (issue 10): the print rules are in every page and a
table too wide for an upright sheet is marked for a landscape one. The browser check of real
pages is tests/test_browser.py::test_wide_tables_fit_the_paper_when_printed."""
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
