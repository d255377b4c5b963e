"""The index shows the run's parameters once; a page row names only what it adds (review 4, P3)."""
import json

from bs4 import BeautifulSoup

from wla.report.index import index_html

PARAMS = {"region": "kielregion", "vergleich": "coburg", "jahr": None, "sprache": "de"}


def _index(lang: str = "de") -> BeautifulSoup:
    pages = [{"notebook": "10_wohnen", "ok": True, "error": "", "seconds": 3, "html": "10_wohnen.html", "exports": [],
              "parameters": dict(PARAMS), "made": 0},
             {"notebook": "60_finanzen", "ok": True, "error": "", "seconds": 3, "html": "60_finanzen.html",
              "exports": [], "parameters": {**PARAMS, "personen": 250}, "made": 0},
             {"notebook": "70_massnahmenkatalog", "ok": True, "error": "", "seconds": 3,
              "html": "70_massnahmenkatalog.html", "exports": ["katalog.csv"],
              "parameters": {**PARAMS, "output_dir": "."}, "made": 0}]
    run = {"parameters": PARAMS, "started": 0, "seconds": 9}
    return BeautifulSoup(index_html(pages, run, ("KielRegion", "Landkreis Coburg"), lang,
                                    ["10_wohnen", "60_finanzen", "70_massnahmenkatalog"]), "html.parser")


def test_parameters_shown_once_and_rows_name_only_their_own():
    index = _index()
    rows = {r["data-notebook"]: r.select_one("table.page-parameters") for r in index.select("tr[data-notebook]")}
    assert rows["10_wohnen"].get_text() == "wie unter „Lauf“"
    assert rows["70_massnahmenkatalog"].get_text() == "wie unter „Lauf“"  # no bare "." folder line
    assert rows["60_finanzen"].get_text(" ") == "Personen im Szenario 250"
    # the exact values stay for tools
    assert json.loads(rows["70_massnahmenkatalog"]["data-parameters"]) == {**PARAMS, "output_dir": "."}
    text = index.get_text(" ")
    assert text.count("(kielregion)") == 1 and text.count("(coburg)") == 1  # the run block only
    assert "Ordner der Exportdateien" not in text


def test_english_index_says_as_under_run():
    assert _index("en").select_one('tr[data-notebook="10_wohnen"] table.page-parameters').get_text() == "as under “Run”"
