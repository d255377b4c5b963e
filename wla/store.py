"""Read access to the committed ``data/`` snapshot, verified against ``manifest.json``.

Every read first compares the snapshot folder with what was verified before (the list of files
and each file's size and modification time). The first read in a process, and every read after
a file was added, removed or changed, checks the folder against the manifest:

* ``manifest.json`` must be valid JSON listing every file with its sha256 and size;
* every file under ``data/`` must be listed (``README.md``, documentation read by nothing, and
  the manifest itself are the only exceptions) and every listed file must exist;
* every file whose size or modification time changed is hashed again and must match.

So a file edited by hand — listed or not, before or after the first read of a long JupyterLab
session — is reported with :class:`wla.exceptions.SnapshotError` instead of used. A legitimate
rebuild (``wla snapshot`` writes files and manifest together) passes the check and empties the
caches. This module imports nothing from the snapshot builder.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .exceptions import ParameterError, SnapshotError
from .paths import data_dir

#: Files under data/ that the manifest does not list: the manifest and the folder's README.
UNLISTED = ("manifest.json", "README.md")
#: Map layers under data/geo/ (GeoParquet, EPSG:25832).
GEO_LAYERS = ("gemeinden", "kreise", "laender")
_RESTORE = "Restore data/ with `git checkout data/` or rebuild it with `wla snapshot`."


def sha256(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Relative path -> (size, mtime in ns) of every file under ``folder``."""
    out: dict[str, tuple[int, int]] = {}
    pending = [("", str(folder))]
    while pending:
        prefix, path = pending.pop()
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            if not prefix:
                raise SnapshotError(f"snapshot folder {folder} does not exist. {_RESTORE}") from None
            raise
        for entry in entries:
            if entry.is_dir():
                pending.append((f"{prefix}{entry.name}/", entry.path))
            elif entry.is_file():
                st = entry.stat()
                out[prefix + entry.name] = (st.st_size, st.st_mtime_ns)
    return out


def _read_manifest(folder: Path) -> dict:
    path = folder / "manifest.json"
    if not path.exists():
        raise SnapshotError(f"{path} is missing: the snapshot is incomplete. {_RESTORE}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{path} is malformed ({exc}). {_RESTORE}") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, dict) or not all(
        isinstance(info, dict) and isinstance(info.get("sha256"), str) for info in files.values()
    ):
        raise SnapshotError(
            f"{path} is malformed: it needs a 'files' object giving each file's sha256. {_RESTORE}"
        )
    return manifest


@dataclass
class _Verified:
    """What was verified of one folder: the manifest, file stats and hashes, a generation."""

    manifest: dict
    stats: dict[str, tuple[int, int]]
    hashes: dict[str, str] = field(default_factory=dict)
    generation: int = 0


_STATE: dict[str, _Verified] = {}


def verify(folder: Path, previous: _Verified | None = None) -> _Verified:
    """Check ``folder`` against its manifest (see the module docstring); raise
    :class:`SnapshotError` naming the first problem. Files whose size and modification time
    are unchanged since ``previous`` are not hashed again."""
    folder = Path(folder)
    stats = _stats(folder)
    manifest = _read_manifest(folder)
    listed = manifest["files"]
    for name in sorted(set(listed) - set(stats)):
        raise SnapshotError(
            f"snapshot file {folder / name} is missing; restore it with `git checkout data/` (it is listed in "
            "manifest.json) or rebuild the snapshot with `wla snapshot`."
        )
    for name in sorted(set(stats) - set(listed) - set(UNLISTED)):
        raise SnapshotError(
            f"{folder / name} is not listed in {folder / 'manifest.json'}: every file under the snapshot "
            f"folder must be in the manifest (a file added or edited by hand is not used). Remove it, "
            f"or rebuild with `wla snapshot`; `git checkout data/` restores the committed snapshot."
        )
    hashes = {}
    for name, info in sorted(listed.items()):
        reuse = previous is not None and previous.stats.get(name) == stats[name] and name in previous.hashes
        hashes[name] = previous.hashes[name] if reuse else sha256(folder / name)
        if hashes[name] != info["sha256"]:
            raise SnapshotError(
                f"snapshot file {folder / name} does not match its checksum in manifest.json: it was "
                f"changed after the snapshot was built. {_RESTORE}"
            )
    same = previous is not None and previous.hashes == hashes
    generation = previous.generation if same else (previous.generation + 1 if previous else 0)
    return _Verified(manifest, stats, hashes, generation)


def _check() -> tuple[Path, int]:
    """The verified snapshot folder and its generation (which changes when its content does)."""
    folder = data_dir()
    previous = _STATE.get(str(folder))
    if previous is None or _stats(folder) != previous.stats:
        _STATE[str(folder)] = verify(folder, previous)
    return folder, _STATE[str(folder)].generation


def token() -> tuple[str, int]:
    """Identity of the snapshot content now in use; changes when the snapshot is rebuilt."""
    folder, generation = _check()
    return str(folder), generation


def per_snapshot(maxsize: int | None = None):
    """Decorator: cache a reader's results per snapshot content (see :func:`token`); the cache
    is emptied when the snapshot changes, and every call verifies the folder first."""

    def wrap(fn):
        cache: dict = {}
        seen: list = []

        @functools.wraps(fn)
        def reader(*args):
            now = token()
            if seen != [now]:
                cache.clear()
                seen[:] = [now]
            if args not in cache:
                if maxsize is not None and len(cache) >= maxsize:
                    cache.pop(next(iter(cache)))
                cache[args] = fn(*args)
            return cache[args]

        reader.cache_clear = lambda: (cache.clear(), seen.clear())
        register(reader)
        return reader

    return wrap


_READERS: list = []


def register(cached) -> None:
    """Have :func:`clear_cache` also empty ``cached`` (anything with a ``cache_clear()``, e.g.
    :func:`wla.cache.memo` results)."""
    _READERS.append(cached)


def _path(name: str) -> Path:
    folder, _ = _check()
    return folder / name


def manifest() -> dict:
    """The verified manifest: files with sha256 and size, indicators, geometries, raw files."""
    _check()
    return _STATE[str(data_dir())].manifest


@per_snapshot()
def catalog() -> pd.DataFrame:
    """The indicator catalogue (``catalog.csv``), indexed by id."""
    frame = pd.read_csv(_path("catalog.csv"), dtype=str, keep_default_na=False)
    frame["scale"] = frame["scale"].astype(float)
    return frame.set_index("id", drop=False)


@per_snapshot(maxsize=256)
def rows(file: str, indicator: str) -> pd.DataFrame:
    """All snapshot rows of one indicator from one recipe file. Text columns are read as
    dictionaries (each distinct text decoded once, not once per row of the file) and turned
    back into plain text after the filter: the same frame as ``pd.read_parquet`` with the
    filter, at a third of the processor time."""
    import pyarrow.parquet as pq

    path = _path(file)
    if not path.exists():
        raise SnapshotError(f"snapshot file {path} is missing. {_RESTORE}")
    schema = pq.read_schema(path)
    texts = [f.name for f in schema if f.type in ("string", "large_string")]
    table = pq.read_table(path, filters=[("indicator", "==", indicator)], read_dictionary=texts)
    return table.cast(schema).to_pandas()


@per_snapshot()
def gazetteer() -> pd.DataFrame:
    """Gemeinden of every GV edition: edition, ags, name, kreis, kreis_name, land, … lon, lat."""
    return pd.read_parquet(_path("gazetteer_gemeinden.parquet"))


@per_snapshot()
def kreise() -> pd.DataFrame:
    """Kreise of every GV edition: edition, kreis, name, textkennzeichen, land, land_name."""
    return pd.read_parquet(_path("gazetteer_kreise.parquet"))


@per_snapshot()
def reported_inside() -> pd.DataFrame:
    """Kreise a publisher counts inside another Kreis: indicator, year, ags, inside."""
    return pd.read_csv(_path("reported_inside.csv"), dtype={"ags": str, "inside": str})


@per_snapshot()
def quality() -> pd.DataFrame:
    """The plausibility screen's table (``quality.csv``): indicator, ags, level, year, category,
    the published value, the rule that set it aside or marked it, and a note."""
    return pd.read_csv(_path("quality.csv"), dtype={"ags": str})


@per_snapshot()
def einrichtungen() -> pd.DataFrame:
    """Initial reception facilities from press reports (context for maps)."""
    return pd.read_csv(_path("einrichtungen.csv"), dtype={"ags_gemeinde": str})


def geometry(layer: str):
    """A GeoDataFrame of the BKG layer ``gemeinden``, ``kreise`` or ``laender`` (EPSG:25832)."""
    if layer not in GEO_LAYERS:
        raise ParameterError(f"unknown map layer {layer!r}; expected one of {', '.join(GEO_LAYERS)}")
    return _geometry(layer).copy()  # a copy: map code adds columns to it


@per_snapshot()
def _geometry(layer: str):
    import geopandas as gpd

    return gpd.read_parquet(_path(f"geo/{layer}.parquet"))


#: Textkennzeichen of Kreis records in the Gemeindeverzeichnis.
KREIS_KIND = {"41": "Stadt", "42": "Stadtkreis", "43": "Kreis", "44": "Landkreis", "45": "Regionalverband"}


@per_snapshot()
def names() -> dict[str, str]:
    """Region key -> name: newest name of every Gemeinde, Kreis and Land in the gazetteer."""
    out = {"DG": "Deutschland"}
    k = kreise().sort_values("edition").drop_duplicates("kreis", keep="last")
    out.update(dict(zip(k["land"], k["land_name"])))
    # Kreise of the same name (Stadt and Landkreis Coburg; "München, Landeshauptstadt" and
    # "München") get their kind from the GV's Textkennzeichen appended where the name has none,
    # so that no two Kreise of the newest edition read alike.
    base = k["name"].str.split(",").str[0].str.strip()
    newest = k["edition"] == k["edition"].max()
    twins = set(base[newest][base[newest].duplicated(keep=False)])
    kind = k["textkennzeichen"].map(KREIS_KIND).fillna("")
    plain = ~k["name"].str.contains(",")
    label = k["name"].where(~(base.isin(twins) & plain & (kind != "")), k["name"] + ", " + kind)
    out.update(dict(zip(k["kreis"], label)))
    g = gazetteer().sort_values("edition")
    out.update(dict(zip(g["ags"], g["name"])))
    return out


def clear_cache() -> None:
    """Forget everything read and verified (the next read checks the folder again)."""
    _STATE.clear()
    for reader in _READERS:
        reader.cache_clear()
