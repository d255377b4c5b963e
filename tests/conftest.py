"""Shared fixtures.

The two report runs (default pair and Nordfriesland vs Kronach) execute every notebook with
papermill, about 40 s each on two cores; they run once per test session, into temporary folders
(never into reports/), and are shared by tests/test_report.py and tests/test_browser.py.
"""
from __future__ import annotations

import pytest

REPORT_PAIRS = {
    "default": ("kielregion", "coburg"),
    "other": ("01054", "09476"),  # Kreis Nordfriesland vs Landkreis Kronach
}


def _build(tmp_path_factory, name):
    from wla.report import build_reports

    region, vergleich = REPORT_PAIRS[name]
    out_root = tmp_path_factory.mktemp(f"reports_{name}")
    return build_reports(region, vergleich, out_root=out_root, progress=False)


@pytest.fixture(scope="session")
def report_default(tmp_path_factory):
    """RunResult of ``build_reports("kielregion", "coburg")`` into a temporary folder."""
    return _build(tmp_path_factory, "default")


@pytest.fixture(scope="session")
def report_other(tmp_path_factory):
    """RunResult of ``build_reports("01054", "09476")`` (Nordfriesland vs Kronach)."""
    return _build(tmp_path_factory, "other")


@pytest.fixture(params=["default", "other"])
def any_report(request):
    """Each of the two session report runs in turn."""
    return request.getfixturevalue(f"report_{request.param}")
