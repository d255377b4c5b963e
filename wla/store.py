"""Read access to the committed ``data/`` snapshot, cached per process.

The first access checks every snapshot file against ``manifest.json`` so that a file edited by
hand is reported instead of silently used.
"""
from __future__ import annotations

import functools
import json

import pandas as pd

from .exceptions import SnapshotError
from .paths import data_dir


@functools.lru_cache(maxsize=None)
def _verified(folder: str) -> dict:
    from .snapshot.build import verify_snapshot

    return verify_snapshot(data_dir())


def _path(name: str):
    folder = data_dir()
    _verified(str(folder))
    return folder / name


def manifest() -> dict:
    return json.loads(_path("manifest.json").read_text())


@functools.lru_cache(maxsize=None)
def catalog() -> pd.DataFrame:
    frame = pd.read_csv(_path("catalog.csv"), dtype=str, keep_default_na=False)
    frame["scale"] = frame["scale"].astype(float)
    return frame.set_index("id", drop=False)


@functools.lru_cache(maxsize=256)
def rows(file: str, indicator: str) -> pd.DataFrame:
    """All snapshot rows of one indicator from one recipe file."""
    path = _path(file)
    if not path.exists():
        raise SnapshotError(f"snapshot file {path} is missing; restore data/ with `git checkout data/`.")
    return pd.read_parquet(path, filters=[("indicator", "==", indicator)])


@functools.lru_cache(maxsize=None)
def gazetteer() -> pd.DataFrame:
    return pd.read_parquet(_path("gazetteer_gemeinden.parquet"))


@functools.lru_cache(maxsize=None)
def kreise() -> pd.DataFrame:
    return pd.read_parquet(_path("gazetteer_kreise.parquet"))


@functools.lru_cache(maxsize=None)
def reported_inside() -> pd.DataFrame:
    """Kreise a publisher counts inside another Kreis: indicator, year, ags, inside."""
    return pd.read_csv(_path("reported_inside.csv"), dtype={"ags": str, "inside": str})


@functools.lru_cache(maxsize=None)
def einrichtungen() -> pd.DataFrame:
    return pd.read_csv(_path("einrichtungen.csv"), dtype={"ags_gemeinde": str})


def geometry(layer: str):
    """A GeoDataFrame of the BKG layer ``gemeinden``, ``kreise`` or ``laender`` (EPSG:25832)."""
    from .snapshot.geometries import load_geometry

    _path("manifest.json")
    return load_geometry(layer, data_dir())


#: Textkennzeichen of Kreis records in the Gemeindeverzeichnis.
KREIS_KIND = {"41": "Stadt", "42": "Stadtkreis", "43": "Kreis", "44": "Landkreis", "45": "Regionalverband"}


@functools.lru_cache(maxsize=None)
def names() -> dict[str, str]:
    """Region key -> name: newest name of every Gemeinde, Kreis and Land in the gazetteer."""
    out = {"DG": "Deutschland"}
    k = kreise().sort_values("edition").drop_duplicates("kreis", keep="last")
    out.update(dict(zip(k["land"], k["land_name"])))
    # Kreise of the same name (Stadt and Landkreis Coburg) get their kind from the GV's
    # Textkennzeichen appended, so that no two Kreise read alike.
    twin = k["name"].duplicated(keep=False)
    kind = k["textkennzeichen"].map(KREIS_KIND).fillna("")
    label = k["name"].where(~twin | (kind == ""), k["name"] + ", " + kind)
    out.update(dict(zip(k["kreis"], label)))
    g = gazetteer().sort_values("edition")
    out.update(dict(zip(g["ags"], g["name"])))
    return out


def gazetteer_source(what: str = "Gemeindemittelpunkte") -> str:
    """Source line of the gazetteer (membership, names, centre coordinates): the publisher and
    table of the Gemeindeverzeichnis indicators and the newest edition in the snapshot."""
    entry = catalog().loc["flaeche_km2"]
    edition = int(gazetteer()["edition"].max())
    return f"{entry['publisher'].split(' | ')[0]}, {entry['table'].split(' | ')[0]} ({what}); Stand 31.12.{edition}"


def clear_cache() -> None:
    """Forget everything read (after a snapshot rebuild in the same process)."""
    for fn in (_verified, catalog, rows, gazetteer, kreise, reported_inside, einrichtungen, names):
        fn.cache_clear()
