"""Map layers of the snapshot: Gemeinden, Kreise and Länder as GeoParquet under ``data/geo/``.

Geometries are not indicators, so this module has no ``INDICATORS``; :data:`SOURCES` holds
their provenance for captions and the licence notice. All layers are in EPSG:25832 (metres).

Size (measured, zstd GeoParquet): Gemeinden 1.3 MB, Kreise 0.4 MB, Länder 0.1 MB. A further
``simplify(50)`` (metres) of the already simplified Gemeinden removes only 2 % of the vertices,
does not shrink the file and opens gaps between neighbours, so the layer is kept as published.
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd

from ..catalog import DL_DE_BY
from ..exceptions import ParameterError, SnapshotError
from ..sources.bkg import read_vg250_gemeinden, read_vg5000

_BKG = "Bundesamt für Kartographie und Geodäsie (BKG)"
_BKG_URL = "https://gdz.bkg.bund.de/index.php/default/open-data.html"
_VG250 = "wahlatlas_bkg_vg250_GEM_simplified"
_VG5000 = "geoGermany_bkg_vg5000_0101_2021_VG5000_"

#: Provenance of each layer (raw files are in ``raw/gemeinden/``).
SOURCES = [
    {
        "layer": "gemeinden",
        "publisher": _BKG,
        "product": "VG250 (Gemeinden, vereinfacht)",
        "reference": "31.12.2022",
        "licence": DL_DE_BY,
        "attribution": "© GeoBasis-DE / BKG (2022)",
        "url": _BKG_URL,
        "raw_files": tuple(f"{_VG250}.{ext}" for ext in ("shp", "shx", "dbf", "prj")),
        "notes": "Land areas (GF 4) simplified to 4 % with mapshaper by the wahlatlas project; "
        "37 invalid rings repaired with make_valid.",
    },
    {
        "layer": "kreise",
        "publisher": _BKG,
        "product": "VG5000",
        "reference": "01.01.2021",
        "licence": DL_DE_BY,
        "attribution": "© GeoBasis-DE / BKG (2021)",
        "url": _BKG_URL,
        "raw_files": tuple(f"{_VG5000}KRS.{ext}" for ext in ("shp", "shx", "dbf", "prj")),
        "notes": "Reprojected from EPSG:31467 to EPSG:25832.",
    },
    {
        "layer": "laender",
        "publisher": _BKG,
        "product": "VG5000",
        "reference": "01.01.2021",
        "licence": DL_DE_BY,
        "attribution": "© GeoBasis-DE / BKG (2021)",
        "url": _BKG_URL,
        "raw_files": tuple(f"{_VG5000}LAN.{ext}" for ext in ("shp", "shx", "dbf", "prj")),
        "notes": "Land areas only (GF 9; coastal waters and Bodensee dropped); reprojected from "
        "EPSG:31467 to EPSG:25832.",
    },
]

#: Column order of each saved layer.
COLUMNS = {
    "gemeinden": ["ags", "ars", "geometry"],
    "kreise": ["ags", "name", "bez", "geometry"],
    "laender": ["ags", "name", "bez", "geometry"],
}

#: Sub-folder of the snapshot ``data/`` folder that holds the layers.
GEO_DIR = "geo"


def build_geometries(raw: Path) -> dict[str, gpd.GeoDataFrame]:
    """Read the three map layers from ``raw`` (the ``shared/data`` folder).

    ``gemeinden``: 10,990 VG250 Gemeinden of 31.12.2022 (``ags``, ``ars``);
    ``kreise``: 401 VG5000 Kreise of 01.01.2021 (``ags``, ``name``, ``bez``);
    ``laender``: 16 VG5000 Länder (same columns). EPSG:25832, sorted by ``ags``.
    """
    folder = Path(raw) / "gemeinden"
    return {
        "gemeinden": read_vg250_gemeinden(folder / f"{_VG250}.shp"),
        "kreise": read_vg5000(folder / f"{_VG5000}KRS.shp", "KRS"),
        "laender": read_vg5000(folder / f"{_VG5000}LAN.shp", "LAN"),
    }


def save_geometries(layers: dict[str, gpd.GeoDataFrame], out_dir: Path) -> list[Path]:
    """Write each layer to ``out_dir/<layer>.parquet`` (GeoParquet), byte for byte reproducible.

    Rows are sorted by ``ags`` and columns put in :data:`COLUMNS` order; returns the paths.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, gdf in layers.items():
        if name not in COLUMNS:
            raise ParameterError(f"unknown map layer {name!r}; expected one of {sorted(COLUMNS)}")
        tidy = gdf[COLUMNS[name]].sort_values("ags", ignore_index=True)
        path = out_dir / f"{name}.parquet"
        tidy.to_parquet(path, index=False, compression="zstd")
        paths.append(path)
    return paths


def load_geometry(layer: str, data_dir: Path) -> gpd.GeoDataFrame:
    """One map layer from the snapshot: ``data_dir/geo/<layer>.parquet`` (EPSG:25832)."""
    if layer not in COLUMNS:
        raise ParameterError(f"unknown map layer {layer!r}; expected one of {sorted(COLUMNS)}")
    path = Path(data_dir) / GEO_DIR / f"{layer}.parquet"
    if not path.exists():
        raise SnapshotError(f"{path} is missing; rebuild the snapshot (wla.snapshot.build)")
    return gpd.read_parquet(path)
