"""Readers for the administrative boundaries of the Bundesamt für Kartographie und Geodäsie (BKG).

Products (see ``../shared/data/gemeinden/SOURCES.md`` §5; licence dl-de/by-2-0,
attribution "© GeoBasis-DE / BKG"):

* VG250 Gemeinden, land areas only, simplified to 4 % with mapshaper by the wahlatlas project;
  Gebietsstand 31.12.2022, EPSG:25832, the only attribute is the 12-digit ``ARS``.
* VG5000 Verwaltungsgebiete 1:5 000 000, Stand 01.01.2021, EPSG:31467 (Gauß-Krüger zone 3),
  full BKG attributes (``AGS``, ``GEN``, ``BEZ``, ``GF`` …); layers ``KRS`` (Kreise) and
  ``LAN`` (Länder).
* VG250 ``PK`` Gemeinde points, Gebietsstand 01.01.2021, with ``LON_DEZ``/``LAT_DEZ`` in
  decimal degrees (WGS84).

Every reader returns region keys as strings with leading zeros and geometries in EPSG:25832
(ETRS89 / UTM zone 32N, metres).
"""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio.errors
import shapely

from ..exceptions import ParameterError, SourceFormatError

#: Target CRS of every layer: ETRS89 / UTM zone 32N (metres).
CRS = "EPSG:25832"

#: VG5000 levels and the length of their ``AGS``.
VG5000_LEVELS = {"KRS": 5, "LAN": 2}

#: VG5000 ``GF`` (Geofaktor) of the land areas; ``GF`` 8 rows are coastal waters and Bodensee.
_GF_LAND = 9


def _sibling(path: Path, suffix: str) -> Path | None:
    """The shapefile component with ``suffix`` beside ``path`` (either case), or None."""
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.exists():
            return candidate
    return None


def _read_shapefile(path, attributes: tuple[str, ...]) -> gpd.GeoDataFrame:
    """Read a shapefile, checking its components, attributes, CRS and geometries."""
    path = Path(path)
    if not path.exists():
        raise SourceFormatError(path, "file not found")
    for suffix in (".shx", ".dbf"):
        if _sibling(path, suffix) is None:
            raise SourceFormatError(
                path, f"the {suffix} file beside it is missing (a shapefile needs .shp, .shx, .dbf)"
            )
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise SourceFormatError(path, f"cannot be read as a shapefile ({exc})") from None
    except UnicodeDecodeError as exc:
        raise SourceFormatError(
            path, f"the .dbf attributes are not in the encoding its .cpg file names (wrong encoding: {exc})"
        ) from None
    missing = [a for a in attributes if a not in gdf.columns]
    if missing:
        raise SourceFormatError(path, f"missing attribute(s) {', '.join(missing)}")
    if gdf.crs is None:
        raise SourceFormatError(path, "no coordinate reference system (the .prj file is missing)")
    if gdf.geometry.isna().any() or gdf.geometry.is_empty.any():
        raise SourceFormatError(
            path, f"{int(gdf.geometry.isna().sum())} records without geometry (truncated .shp?)"
        )
    return gdf


def _keys(values: pd.Series, length: int, path, what: str) -> pd.Series:
    """Region keys as strings, checked to be ``length`` digits and unique."""
    keys = values.astype(str).str.strip()
    bad = ~keys.str.fullmatch(rf"\d{{{length}}}")
    if bad.any():
        raise SourceFormatError(path, f"{what} is not a {length}-digit key: {keys[bad].iloc[0]!r}")
    if keys.duplicated().any():
        raise SourceFormatError(path, f"duplicate {what} {keys[keys.duplicated()].iloc[0]!r}")
    return keys


def read_vg250_gemeinden(path) -> gpd.GeoDataFrame:
    """VG250 Gemeinde polygons (simplified), one row per Gemeinde.

    Columns ``ags`` (8 digits = ARS[0:5] + ARS[9:12]), ``ars`` (12 digits), ``geometry``
    (EPSG:25832, metres), sorted by ``ags``. Rings left invalid by the simplification
    (self-intersections, holes outside their shell; 37 of 10,990 in the 31.12.2022 file) are
    repaired with ``shapely.make_valid(method="structure")``, which changes their areas by well
    under 1 km².
    """
    gdf = _read_shapefile(path, ("ARS",))
    ars = _keys(gdf["ARS"], 12, path, "ARS")
    ags = _keys(ars.str[:5] + ars.str[9:], 8, path, "AGS derived from ARS")
    geometry = shapely.make_valid(
        gdf.geometry.to_crs(CRS).to_numpy(), method="structure", keep_collapsed=False
    )
    out = gpd.GeoDataFrame({"ags": ags, "ars": ars}, geometry=geometry, crs=CRS)
    return out.sort_values("ags", ignore_index=True)


def read_vg5000(path, level: str) -> gpd.GeoDataFrame:
    """VG5000 Kreise (``level="KRS"``) or Länder (``level="LAN"``), land areas only.

    Columns ``ags`` (5 or 2 digits), ``name`` (BKG ``GEN``), ``bez`` (BKG ``BEZ``, e.g.
    "Kreisfreie Stadt", "Landkreis", "Land"), ``geometry`` reprojected from EPSG:31467 to
    EPSG:25832 (metres); sorted by ``ags``. Rows with ``GF`` other than 9 (coastal waters and
    the Bodensee, present in the LAN layer) are dropped.
    """
    if level not in VG5000_LEVELS:
        raise ParameterError(f"VG5000 level {level!r} not in {sorted(VG5000_LEVELS)}")
    gdf = _read_shapefile(path, ("AGS", "GEN", "BEZ", "GF"))
    gdf = gdf[gdf["GF"] == _GF_LAND]
    out = gpd.GeoDataFrame(
        {
            "ags": _keys(gdf["AGS"], VG5000_LEVELS[level], path, "AGS").to_numpy(),
            "name": gdf["GEN"].str.strip().to_numpy(),
            "bez": gdf["BEZ"].str.strip().to_numpy(),
        },
        geometry=gdf.geometry.to_crs(CRS).to_numpy(),
        crs=CRS,
    )
    return out.sort_values("ags", ignore_index=True)


def read_vg250_points(path) -> pd.DataFrame:
    """VG250 Gemeinde points (``PK``): ``ags`` (8 digits), ``name`` (``GEN``), ``lon``, ``lat``.

    ``lon``/``lat`` are the publisher's ``LON_DEZ``/``LAT_DEZ`` in decimal degrees (WGS84);
    Gebietsstand 01.01.2021. Sorted by ``ags``.
    """
    gdf = _read_shapefile(path, ("AGS", "GEN", "LON_DEZ", "LAT_DEZ"))
    out = pd.DataFrame(
        {
            "ags": _keys(gdf["AGS"], 8, path, "AGS"),
            "name": gdf["GEN"].str.strip(),
            "lon": gdf["LON_DEZ"].astype("float64"),
            "lat": gdf["LAT_DEZ"].astype("float64"),
        }
    )
    if out[["lon", "lat"]].isna().any().any():
        raise SourceFormatError(path, "LON_DEZ/LAT_DEZ has empty values")
    return out.sort_values("ags", ignore_index=True)
