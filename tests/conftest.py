"""Shared fixtures.

The three report runs (default pair and Nordfriesland vs Kronach in German, Göttingen vs Kronach
in English) execute every notebook with papermill; they run once per test session, into temporary
folders (never into reports/), and are shared by tests/test_report.py, tests/test_english.py and
tests/test_browser.py.
"""
from __future__ import annotations

import pytest

REPORT_PAIRS = {
    "default": ("kielregion", "coburg", "de"),
    "other": ("01054", "09476", "de"),  # Kreis Nordfriesland vs Landkreis Kronach
    "en": ("03159", "09476", "en"),  # Landkreis Göttingen (formed 2016) vs Landkreis Kronach, in English
}


def _build(tmp_path_factory, name):
    from wla.report import build_reports

    region, vergleich, sprache = REPORT_PAIRS[name]
    out_root = tmp_path_factory.mktemp(f"reports_{name}")
    return build_reports(region, vergleich, sprache=sprache, out_root=out_root, progress=False)


@pytest.fixture(scope="session")
def report_default(tmp_path_factory):
    """RunResult of ``build_reports("kielregion", "coburg")`` into a temporary folder."""
    return _build(tmp_path_factory, "default")


@pytest.fixture(scope="session")
def report_other(tmp_path_factory):
    """RunResult of ``build_reports("01054", "09476")`` (Nordfriesland vs Kronach)."""
    return _build(tmp_path_factory, "other")


@pytest.fixture(scope="session")
def report_en(tmp_path_factory):
    """RunResult of ``build_reports("03159", "09476", sprache="en")`` (Göttingen vs Kronach)."""
    return _build(tmp_path_factory, "en")


@pytest.fixture(params=["default", "other"])
def any_report(request):
    """Each of the two German session report runs in turn."""
    return request.getfixturevalue(f"report_{request.param}")


@pytest.fixture(params=["default", "other", "en"])
def any_language_report(request):
    """Each of the three session report runs in turn (two pairs in German, one in English)."""
    return request.getfixturevalue(f"report_{request.param}")


def rendered_style(tmp_path, title: str, style_id: str):
    """The ``<style id=style_id>`` of a German page rendered from a one-heading notebook
    (``title``), checked to sit in the page's head; returns its rules as text."""
    import nbformat
    from bs4 import BeautifulSoup

    from wla.report.render import render_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(title)]
    executed = tmp_path / "page.ipynb"
    nbformat.write(nb, executed)
    render_html(executed, tmp_path / "page.html", lang="de", labels=("KielRegion", "Landkreis Coburg"))
    style = BeautifulSoup((tmp_path / "page.html").read_text(encoding="utf-8"), "html.parser").find("style", id=style_id)
    assert style is not None and style.find_parent("head") is not None
    return style.get_text()


@pytest.fixture(scope="session")
def school_leavers():
    """``leavers(code, level="kreis")``: school leavers 2023 read from the snapshot (21111-02-06-4),
    as (all, without Hauptschulabschluss) for the Kreis (or ``level="bund"``: "DG") ``code``."""
    import wla

    def leavers(code: str, level: str = "kreis") -> tuple[float, float]:
        out = []
        for indicator in ("schulabgaenger", "schulabgaenger_ohne_abschluss"):
            rows = wla.load(indicator, level=level, years=2023)
            out.append(float(rows.loc[rows["ags"] == code, "value"].item()))
        return out[0], out[1]

    return leavers
