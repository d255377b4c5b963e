"""BKG boundary readers and the snapshot map layers (shared/data/gemeinden/SOURCES.md §5)."""
from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pytest

from wla.exceptions import ParameterError, SnapshotError, SourceFormatError
from wla.snapshot import geometries
from wla.sources.bkg import read_vg250_gemeinden, read_vg250_points, read_vg5000

FIXTURES = Path(__file__).parent / "fixtures"
GEM = FIXTURES / "bkg_vg250_GEM_simplified_excerpt.shp"
KRS = FIXTURES / "bkg_vg5000_2021_KRS_excerpt.shp"
LAN = FIXTURES / "bkg_vg5000_2021_LAN_excerpt.shp"
PK = FIXTURES / "bkg_vg250_2021_PK_excerpt.shp"
RAW = Path(__file__).resolve().parents[2] / "shared" / "data"


def _copy_shapefile(src: Path, dst_dir: Path, skip: str = "") -> Path:
    for part in src.parent.glob(src.stem + ".*"):
        if part.suffix != skip:
            shutil.copy(part, dst_dir / part.name)
    return dst_dir / src.name


def test_gemeinden_ags_from_ars_and_repaired_geometry():
    gem = read_vg250_gemeinden(GEM)
    assert list(gem.columns) == ["ags", "ars", "geometry"]
    assert gem.crs.to_epsg() == 25832
    assert gem["ags"].is_monotonic_increasing
    rows = dict(zip(gem["ars"], gem["ags"]))
    assert rows["010020000000"] == "01002000"  # Kiel
    assert rows["094730159159"] == "09473159"  # Rödental (not 09473163)
    assert rows["094739452452"] == "09473452"  # gemeindefreies Gebiet in LK Coburg
    raw = gpd.read_file(GEM)
    assert raw.loc[~raw.is_valid, "ARS"].tolist() == ["073405003036"]  # self-intersecting ring
    assert gem.is_valid.all()
    assert set(gem.geom_type) <= {"Polygon", "MultiPolygon"}
    kiel = gem.loc[gem["ags"] == "01002000", "geometry"].iloc[0]
    assert 110e6 < kiel.area < 119e6  # Kiel 118.65 km² (GV); land areas only, simplified: 114.6


def test_vg5000_kreise_reprojected_with_names():
    krs = read_vg5000(KRS, "KRS")
    assert krs.crs.to_epsg() == 25832
    assert krs["ags"].tolist() == ["01002", "01004", "01057", "01058", "09463", "09473"]
    names = dict(zip(krs["ags"], zip(krs["name"], krs["bez"])))
    assert names["01058"] == ("Rendsburg-Eckernförde", "Kreis")
    assert names["09463"] == ("Coburg", "Kreisfreie Stadt")
    assert names["09473"] == ("Coburg", "Landkreis")
    # Kiel lies in UTM 32 around E 575 km, N 6 020 km
    x, y = krs.loc[krs["ags"] == "01002", "geometry"].iloc[0].centroid.coords[0]
    assert 560e3 < x < 590e3 and 6000e3 < y < 6040e3


def test_vg5000_laender_keep_land_areas_only():
    raw = gpd.read_file(LAN)
    assert (raw["GF"] == 8).any()  # coastal waters are in the raw layer
    lan = read_vg5000(LAN, "LAN")
    assert lan["ags"].tolist() == ["01", "04"]
    assert lan["name"].tolist() == ["Schleswig-Holstein", "Bremen"]


def test_vg5000_unknown_level():
    with pytest.raises(ParameterError):
        read_vg5000(KRS, "GEM")


def test_points_lon_lat():
    pts = read_vg250_points(PK).set_index("ags")
    assert pts.loc["01002000", "name"] == "Kiel"
    assert pts.loc["01002000", ["lon", "lat"]].tolist() == pytest.approx([10.13727, 54.321775])
    assert pts.loc["09473159", ["lon", "lat"]].tolist() == pytest.approx([11.032458, 50.290191])


@pytest.mark.parametrize("suffix", [".shx", ".dbf"])
def test_missing_sibling(tmp_path, suffix):
    path = _copy_shapefile(GEM, tmp_path, skip=suffix)
    with pytest.raises(SourceFormatError, match=suffix) as err:
        read_vg250_gemeinden(path)
    assert str(path) in str(err.value)


def test_missing_attribute(tmp_path):
    path = tmp_path / "renamed.shp"
    gpd.read_file(GEM).rename(columns={"ARS": "RS"}).to_file(path)
    with pytest.raises(SourceFormatError, match="missing attribute.*ARS") as err:
        read_vg250_gemeinden(path)
    assert str(path) in str(err.value)


def test_truncated_shp(tmp_path):
    path = _copy_shapefile(GEM, tmp_path)
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(SourceFormatError) as err:
        read_vg250_gemeinden(path)
    assert str(path) in str(err.value)


def test_save_is_reproducible_and_loads(tmp_path):
    layers = {"gemeinden": read_vg250_gemeinden(GEM), "kreise": read_vg5000(KRS, "KRS")}
    first = geometries.save_geometries(layers, tmp_path / "a" / "geo")
    second = geometries.save_geometries(layers, tmp_path / "b" / "geo")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    back = geometries.load_geometry("kreise", tmp_path / "a")
    assert list(back.columns) == ["ags", "name", "bez", "geometry"]
    assert back.crs.to_epsg() == 25832 and len(back) == 6
    with pytest.raises(SnapshotError):
        geometries.load_geometry("laender", tmp_path / "a")
    with pytest.raises(ParameterError):
        geometries.load_geometry("bezirke", tmp_path / "a")


def test_sources_metadata():
    layers = {s["layer"]: s for s in geometries.SOURCES}
    assert set(layers) == {"gemeinden", "kreise", "laender"}
    for src in layers.values():
        assert src["publisher"] == "Bundesamt für Kartographie und Geodäsie (BKG)"
        assert src["attribution"].startswith("© GeoBasis-DE / BKG")
        assert src["url"].startswith("https://gdz.bkg.bund.de")
    assert layers["gemeinden"]["reference"] == "31.12.2022"


def test_build_geometries_on_raw_files(tmp_path):
    if not (RAW / "gemeinden").is_dir():
        pytest.skip("raw files ../shared/data not present")
    for src in geometries.SOURCES:
        for name in src["raw_files"]:
            assert (RAW / "gemeinden" / name).exists(), name
    layers = geometries.build_geometries(RAW)
    gem, krs, lan = layers["gemeinden"], layers["kreise"], layers["laender"]
    assert len(gem) == 10_990 and gem["ags"].is_unique
    kreis = gem["ags"].str[:5]
    assert (kreis == "01057").sum() == 85
    assert (kreis == "01058").sum() == 165
    assert (kreis == "09473").sum() == 20  # 17 Gemeinden + 3 gemeindefreie Gebiete
    assert {"01002000", "01004000", "09463000", "09473159"} <= set(gem["ags"])
    assert gem.is_valid.all()
    assert len(krs) == 401
    assert {"01002", "01004", "01057", "01058", "09463", "09473"} <= set(krs["ags"])
    assert len(lan) == 16
    paths = geometries.save_geometries(layers, tmp_path)
    assert sum(p.stat().st_size for p in paths) < 6_000_000
