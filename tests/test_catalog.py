"""The catalogue file wla/catalog.toml: it loads, every recipe reads its rows from it, bad entries
fail with a CatalogError naming the indicator and the field, and the built catalogue carries the
polarity the file states."""
import pandas as pd
import pytest

import wla
from wla import store
from wla.catalog import Indicator, declared, read_catalog
from wla.exceptions import CatalogError
from wla.paths import PROJECT_ROOT, raw_dir
from wla.snapshot.build import RECIPES

GOOD = """
[x]
recipes = ["inkar_tables"]
label_de = "X"
label_en = "X"
unit = "%"
theme = "lernen"
kind = "rate"
polarity = "unfavourable"
polarity_reason = "More is worse."
totals = "no region total"
levels = ["kreis"]
publisher = "P"
table = "T"
reference = "2020"
licence = "L"
url = "https://example.org"
raw_files = ["f.csv"]
"""


def write(tmp_path, text):
    path = tmp_path / "catalog.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_file_loads_and_covers_every_recipe():
    cat = read_catalog()
    assert len(cat) == len(pd.read_csv(PROJECT_ROOT / "data" / "catalog.csv"))
    for recipe in RECIPES:
        assert declared(recipe), recipe
    # every recipe named in the file is a real recipe
    assert {r for by in cat.values() for r in by} <= set(RECIPES)


def test_polarity_follows_the_programme_premise():
    cat = {ident: next(iter(by.values())) for ident, by in read_catalog().items()}
    # presence of refugees, of foreigners and of foreign pupils is context, never a challenge
    for ident in ("schutzsuchende", "schutzsuchende_anteil", "asylbewerber_je_1000", "schueler_auslaender",
                  "auslaenderanteil", "bevoelkerung", "arbeitslose_auslaender_ba"):
        assert cat[ident].polarity == "context", ident
    assert cat["schulabgaenger_ohne_abschluss_anteil"].polarity == "unfavourable"
    assert cat["arbeitslosenquote"].polarity == "unfavourable"
    assert cat["kinderbetreuung_u3"].polarity == "favourable"
    # vacancy is capacity and a sign of decline at once: judged where it meets shrinking, not by level
    assert cat["leerstandsquote"].polarity == "context"
    for ind in cat.values():
        assert (ind.polarity == "context") or ind.polarity_reason.strip(), ind.id
        # counts are never read as performance
        if ind.kind in ("count", "class"):
            assert ind.polarity == "context", ind.id


def test_built_catalogue_carries_the_file(monkeypatch):
    built = wla.indicators().set_index("id")
    cat = {ident: next(iter(by.values())) for ident, by in read_catalog().items()}
    assert set(built.index) == set(cat)
    for ident, ind in cat.items():
        assert built.loc[ident, "polarity"] == ind.polarity
        assert built.loc[ident, "label_de"] == ind.label_de
    assert wla.data.entry("kinderbetreuung_u3")["polarity"] == "favourable"
    assert wla.data.entry("kaufkraft_je_ew")["screen"] == "positive"


def test_indicators_reads_no_indicator_rows(monkeypatch):
    """The years column comes from data/catalog.csv, not from loading every indicator."""
    store.clear_cache()

    def no_rows(*args, **kwargs):
        raise AssertionError("wla.indicators() read indicator rows")

    monkeypatch.setattr(store, "rows", no_rows)
    cat = wla.indicators().set_index("id")
    assert cat.loc["arbeitslose_ba", "years"] == "2012–2025"
    assert cat.loc["svb_beschaeftigte", "years"] == "2008–2019, 2024"


def test_levels_are_those_holding_values():
    cat = wla.indicators().set_index("id")
    # schutzsuchende: Germany and Länder only from the 2018 table, Kreise 2018, 2023, 2024
    assert cat.loc["schutzsuchende", "years_by_level"] == "bund: 2018; land: 2018; kreis: 2018, 2023, 2024"
    assert cat.loc["leerstandsquote", "levels"] == "kreis,gemeinde"


def test_source_line_unchanged():
    ind = declared("zensus_tables")[0]
    assert ind.source_line("de") == f"Quelle: {ind.publisher}, {ind.table}; Stand {ind.reference}."
    assert ind.source_line("en").startswith("Source: ") and "reference date" in ind.source_line("en")


def test_good_file(tmp_path):
    ind = read_catalog(write(tmp_path, GOOD))["x"]["inkar_tables"]
    assert isinstance(ind, Indicator) and ind.levels == ("kreis",) and ind.polarity == "unfavourable"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ('theme = "lernen"', 'theme = "schule"', r"'x': theme 'schule' is not one of"),
        ('kind = "rate"', 'kind = "share"', r"'x': kind 'share' is not one of"),
        ('polarity = "unfavourable"', 'polarity = "bad"', r"'x': polarity 'bad' is not one of"),
        ('polarity_reason = "More is worse."', "", r"'x': polarity 'unfavourable' needs a one-line polarity_reason"),
        ('levels = ["kreis"]', 'levels = ["bezirk"]', r"'x': levels 'bezirk' is not one of"),
        ('levels = ["kreis"]', 'levels = "kreis"', r"'x': levels must be a list of strings"),
        ('unit = "%"', 'unit = "%"\nunits = "%"', r"'x': unknown field\(s\) \['units'\]"),
        ('unit = "%"', "", r"'x' \(recipe inkar_tables\): required field\(s\) \['unit'\] missing"),
        ('recipes = ["inkar_tables"]', "", r"'x': give `recipes = \[...\]`"),
        ('unit = "%"', 'unit = "%', r"is not valid TOML"),
        ('unit = "%"', 'unit = "%"\nscreen = "maybe"', r"'x': screen 'maybe' is not one of"),
    ],
)
def test_bad_entries_are_clear_errors(tmp_path, old, new, message):
    assert old in GOOD
    with pytest.raises(CatalogError, match=message):
        read_catalog(write(tmp_path, GOOD.replace(old, new)))


def test_by_recipe_for_an_unlisted_recipe(tmp_path):
    text = GOOD + '\n[x.by_recipe.ba_tables]\nreference = "2021"\n'
    with pytest.raises(CatalogError, match=r"by_recipe tables \['ba_tables'\] for recipes not in"):
        read_catalog(write(tmp_path, text))


def test_by_recipe_overrides(tmp_path):
    text = GOOD.replace('recipes = ["inkar_tables"]', 'recipes = ["inkar_tables", "ba_tables"]')
    text += '\n[x.by_recipe.ba_tables]\nreference = "2021"\n'
    by = read_catalog(write(tmp_path, text))["x"]
    assert by["inkar_tables"].reference == "2020" and by["ba_tables"].reference == "2021"


def test_recipe_without_rows_in_the_file(tmp_path):
    with pytest.raises(CatalogError, match="no indicator of catalog.toml names recipe 'gazetteer'"):
        declared("gazetteer", write(tmp_path, GOOD))



def test_totals_text_matches_the_rule_the_code_applies():
    """`totals` is prose for readers; it must say what kind/numerator/denominator/weight make the code do."""
    for by in read_catalog().values():
        for ind in by.values():
            if ind.kind == "count":
                assert ind.totals.startswith("sum over member regions"), ind.id
            elif ind.kind == "class":
                assert ind.totals.startswith("no region total"), ind.id
            elif ind.numerator and ind.denominator:
                assert ind.numerator in ind.totals and ind.denominator in ind.totals, ind.id
            elif ind.weight:
                assert f"weighted by {ind.weight}" in ind.totals, ind.id
            else:
                assert ind.totals.startswith("no region total"), ind.id


def test_years_error_names_the_same_concept_under_its_other_id():
    """issue 9: wla.load("arbeitslose", years=2024) names arbeitslose_ba and its years."""
    from wla.exceptions import NoDataError

    with pytest.raises(NoDataError) as err:
        wla.load("arbeitslose", years=2024)
    text = str(err.value)
    assert "2019, 2025" in text and "'arbeitslose_ba'" in text and "2012–2025" in text
    with pytest.raises(NoDataError, match=r"2019, 2025 use 'arbeitslose' "):
        wla.load("arbeitslose_ba", years=2011)
    with pytest.raises(NoDataError, match="arbeitslose_auslaender_ba"):
        wla.load("arbeitslose_auslaender", years=2024)
    cat = wla.indicators().set_index("id")
    for ident, other in (("arbeitslose", "arbeitslose_ba"), ("arbeitslose_auslaender", "arbeitslose_auslaender_ba")):
        assert wla.data.entry(ident)["see_also"] == other and wla.data.entry(other)["see_also"] == ident
        assert other in cat.index


def test_the_two_unemployment_ids_agree_where_territories_agree():
    """Why two ids: in the overlapping years 2019 and 2025 the BA series and the Regionaldatenbank
    agree to under 1 person per Kreis except, in 2019, Thuringian Kreise on the boundaries of later
    mergers (the BA series is on newer boundaries). 06435 Main-Kinzig-Kreis agrees too: the BA
    counts 06415 Hanau apart, the snapshot adds it into 06435 (one territory per key)."""
    raw = pd.read_csv(raw_dir() / "kreise" / "badata_ba_arbeitslose_kreis_x_beruf_2012-2025_insgesamt_EXTRACT.csv.gz",
                      dtype={"region": str, "occupational_group": str})
    for year in (2019, 2025):
        rdb = wla.load("arbeitslose", level="kreis", years=year).set_index("ags")["value"]
        ba = wla.load("arbeitslose_ba", years=year).set_index("ags")["value"]
        both = pd.concat([rdb.rename("rdb"), ba.rename("ba")], axis=1).dropna()
        off = both[(both["ba"] - both["rdb"]).abs() >= 1]
        assert "06415" not in ba.index
        hanau = raw[(raw["year"] == year) & (raw["region"] == "06415")]["total"].sum()
        # Hanau alone holds over 3,000 of them: agreement in 06435 means Hanau is inside
        assert hanau > 3000 and ba["06435"] == pytest.approx(rdb["06435"], abs=1)
        assert set(off.index) <= {"16061", "16063", "16064"}
        assert len(both) > 390
