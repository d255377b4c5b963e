"""Tests of the snapshot driver: checksum verification, manifest completeness, a full rebuild
that must equal the committed ``data/``, and failed builds that leave ``out`` untouched.

The full rebuild reads ../shared/data (about a minute); it runs once per session and is skipped
with a reason when the raw files are not there.
"""
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import wla
from wla import store
from wla.exceptions import SnapshotError
from wla.paths import PROJECT_ROOT
from wla.snapshot.build import build_snapshot, sha256, verify_snapshot

DATA = PROJECT_ROOT / "data"
RAW = PROJECT_ROOT.parent / "shared" / "data"
TEXT_FILES = ("catalog.csv", "reported_inside.csv", "einrichtungen.csv", "quality.csv")


def snapshot_files(folder: Path) -> list[str]:
    return sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and p.name != "README.md"
    )


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the committed snapshot that wla reads instead of data/ (cache cleared around)."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    monkeypatch.setenv("WLA_DATA_DIR", str(copy))
    store.clear_cache()
    yield copy
    monkeypatch.delenv("WLA_DATA_DIR")
    store.clear_cache()


def test_committed_snapshot_verifies():
    manifest = verify_snapshot(DATA)
    assert len(manifest["indicators"]) == len(wla.indicators())


def test_every_file_has_a_manifest_entry():
    manifest = json.loads((DATA / "manifest.json").read_text())
    listed = set(manifest["files"])
    on_disk = set(snapshot_files(DATA)) - {"manifest.json"}
    assert on_disk == listed
    for name in listed:
        assert manifest["files"][name]["sha256"] == sha256(DATA / name)
        assert manifest["files"][name]["bytes"] == (DATA / name).stat().st_size


def test_every_indicator_has_its_source():
    catalog = pd.read_csv(DATA / "catalog.csv", dtype=str, keep_default_na=False)
    manifest = json.loads((DATA / "manifest.json").read_text())
    assert set(catalog["id"]) == set(manifest["indicators"])
    for col in ("publisher", "table", "reference", "licence", "url"):
        empty = catalog.loc[catalog[col].str.strip() == "", "id"].tolist()
        assert not empty, f"{col} missing for {empty}"
        for entry in manifest["indicators"].values():
            assert entry[col].strip()
    assert catalog["url"].str.startswith("http").all()
    ba = catalog[catalog["publisher"].str.contains("Bundesagentur für Arbeit")]
    assert not ba.empty


def test_snapshot_is_compact():
    total = sum((DATA / name).stat().st_size for name in snapshot_files(DATA))
    assert total < 50 * 1024 * 1024


def test_one_changed_byte_is_reported(data_copy):
    target = data_copy / "genesis_tables.parquet"
    raw = bytearray(target.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    target.write_bytes(bytes(raw))
    with pytest.raises(SnapshotError, match="genesis_tables.parquet") as err:
        verify_snapshot(data_copy)
    assert "checksum" in str(err.value)
    with pytest.raises(SnapshotError, match="genesis_tables.parquet"):
        wla.load("schutzsuchende", "coburg")


def test_missing_manifest_is_reported(data_copy):
    (data_copy / "manifest.json").unlink()
    with pytest.raises(SnapshotError, match="manifest.json"):
        verify_snapshot(data_copy)
    with pytest.raises(SnapshotError, match="manifest.json"):
        wla.load("schutzsuchende", "coburg")


def test_missing_file_is_reported(data_copy):
    (data_copy / "geo" / "kreise.parquet").unlink()
    with pytest.raises(SnapshotError, match="kreise.parquet"):
        verify_snapshot(data_copy)


def _state(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_failed_build_without_raw_folder_leaves_out_untouched(tmp_path):
    out = tmp_path / "out"
    shutil.copytree(DATA, out)
    before = _state(out)
    with pytest.raises(SnapshotError, match="raw files folder"):
        build_snapshot(tmp_path / "no-such-raw", out)
    assert _state(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_failed_recipe_leaves_out_untouched(tmp_path):
    """A raw folder without the expected files: the first recipe fails, nothing is swapped in."""
    out = tmp_path / "out"
    shutil.copytree(DATA, out)
    (tmp_path / "raw").mkdir()
    before = _state(out)
    with pytest.raises(Exception):
        build_snapshot(tmp_path / "raw", out)
    assert _state(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "raw"]  # no temporary folder left


# --- full rebuild ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """The snapshot rebuilt from ../shared/data into a temporary folder, once per session."""
    if not RAW.is_dir():
        pytest.skip(f"raw official files not found at {RAW}: the rebuild comparison needs them")
    out = tmp_path_factory.mktemp("rebuild") / "data"
    manifest = build_snapshot(RAW, out)
    return out, manifest


def test_rebuild_has_the_same_files(rebuilt):
    out, manifest = rebuilt
    assert snapshot_files(out) == snapshot_files(DATA)
    written = json.loads((out / "manifest.json").read_text())
    committed = json.loads((DATA / "manifest.json").read_text())
    assert sorted(manifest["files"]) == sorted(written["files"]) == sorted(committed["files"])
    for section in ("wla_version", "indicators", "raw_files", "geometries"):
        assert written[section] == committed[section], section


@pytest.mark.parametrize("name", sorted(p.relative_to(DATA).as_posix() for p in DATA.rglob("*.parquet")))
def test_rebuild_equals_committed_parquet(rebuilt, name):
    out, _ = rebuilt
    assert_frame_equal(pd.read_parquet(out / name), pd.read_parquet(DATA / name))


@pytest.mark.parametrize("name", TEXT_FILES)
def test_rebuild_equals_committed_text(rebuilt, name):
    out, _ = rebuilt
    assert (out / name).read_text(encoding="utf-8") == (DATA / name).read_text(encoding="utf-8")


def test_rebuild_verifies(rebuilt):
    out, _ = rebuilt
    verify_snapshot(out)
