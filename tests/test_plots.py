"""Number formats, captions and charts of wla.plots (rendered with the Agg backend)."""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import geopandas as gpd  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from wla import plots  # noqa: E402
from wla.present.fmt import number, percent  # noqa: E402
from wla.catalog import DL_DE_BY, Indicator  # noqa: E402
from wla.sources.bkg import read_vg250_gemeinden, read_vg250_points  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (1234.5, 1, "1.234,5"),
        (0.5, 1, "0,5"),
        (-1234, 0, "-1.234"),
        (math.nan, 0, "k. A."),
        (None, 1, "k. A."),
        (252668, 0, "252.668"),
        (1234567.891, 2, "1.234.567,89"),
        (-0.04, 1, "0,0"),
    ],
)
def test_number_german(value, decimals, expected):
    assert number(value, decimals) == expected


def test_number_english_and_missing_never_a_dash():
    assert number(1234.5, 1, "en") == "1,234.5"
    assert number(math.nan, 1, "en") == "n/a"
    assert percent(12.34) == "12,3 %"
    assert percent(12.34, lang="en") == "12.3%"
    assert percent(math.nan) == "k. A."  # "–" means exactly zero in official tables


def _indicator(table: str, reference: str) -> Indicator:
    return Indicator(
        id="schutzsuchende",
        label_de="Schutzsuchende",
        label_en="Persons seeking protection",
        unit="Personen",
        theme="bevoelkerung",
        levels=("kreis",),
        publisher="Statistisches Bundesamt (Destatis), GENESIS-Online",
        table=table,
        reference=reference,
        licence=DL_DE_BY,
        url="https://www-genesis.destatis.de/datenbank/online/statistic/12531/table/12531-0043",
        raw_files=(),
    )


def test_caption_deduplicates_and_keeps_order():
    a = _indicator("12531-0043", "31.12.2024")
    b = _indicator("12531-0043", "31.12.2024")
    c = _indicator("12531-0041", "31.12.2023")
    text = plots.caption([a, b, c, "© GeoBasis-DE / BKG (2022)"])
    lines = text.split("\n")
    assert lines == [a.source_line(), c.source_line(), "© GeoBasis-DE / BKG (2022)"]
    assert lines[0].startswith("Quelle: Statistisches Bundesamt (Destatis)")
    assert plots.caption(a, lang="en").startswith("Source:")


def test_german_axis_formatter():
    fig, ax = plt.subplots()
    plots.german_axis(ax, "both", decimals=1)
    assert ax.yaxis.get_major_formatter()(1234.5, 0) == "1.234,5"
    assert ax.xaxis.get_major_formatter()(0.5, 0) == "0,5"
    with pytest.raises(ValueError):
        plots.german_axis(ax, "z")


def test_choropleth_renders_png(tmp_path):
    gem = read_vg250_gemeinden(FIXTURES / "bkg_vg250_GEM_simplified_excerpt.shp")
    gem["flaeche_km2"] = gem.geometry.area / 1e6  # a real, derived value: area in km²
    gem.loc[gem["ags"] == "09473452", "flaeche_km2"] = math.nan
    gem["flag"] = ["." if a == "01004000" else "" for a in gem["ags"]]
    pts = read_vg250_points(FIXTURES / "bkg_vg250_2021_PK_excerpt.shp")
    markers = gpd.GeoDataFrame(
        {"label": pts["name"]}, geometry=gpd.points_from_xy(pts["lon"], pts["lat"]), crs="EPSG:4326"
    )
    fig = plots.choropleth(
        gem, "flaeche_km2", title="Fläche", legend_label="km²", flagged="flag", markers=markers,
        decimals=1,
    )
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["keine Angabe"]
    assert {t.get_text() for t in ax.texts} == {"Kiel", "Neumünster", "Coburg", "Rödental"}
    assert not ax.axison and ax.get_aspect() == 1.0
    colorbar = fig.axes[1]
    assert colorbar.yaxis.get_major_formatter()(1234.5, 0) == "1.234,5"
    out = tmp_path / "map.png"
    fig.savefig(out, dpi=60)
    assert out.stat().st_size > 1000


def test_bar_and_line_charts_render(tmp_path):
    gem = read_vg250_gemeinden(FIXTURES / "bkg_vg250_GEM_simplified_excerpt.shp")
    df = pd.DataFrame({"ags": gem["ags"], "flaeche_km2": gem.geometry.area / 1e6})
    fig = plots.bar_compare(df, "ags", "flaeche_km2", ylabel="Fläche (km²)", decimals=1)
    fig.savefig(tmp_path / "bar.png", dpi=50)
    assert fig.axes[0].yaxis.get_major_formatter()(1000, 0) == "1.000,0"
    fig = plots.bar_compare(df, "ags", "flaeche_km2", horizontal=True)
    assert fig.axes[0].xaxis.get_major_formatter()(2500, 0) == "2.500"
    series = pd.DataFrame({"year": [2021, 2022], "value": df["flaeche_km2"].iloc[:2].to_numpy()})
    fig = plots.line_series(series, "year", "value", hue=None)
    assert fig.axes[0].xaxis.get_major_formatter()(2022, 0) == "2022"
    fig.savefig(tmp_path / "line.png", dpi=50)
    assert (tmp_path / "line.png").stat().st_size > 0


def test_set_theme_is_explicit():
    plots.set_theme()
    assert matplotlib.rcParams["axes.grid"] is True
    matplotlib.rcdefaults()
