"""Tests of wla.store: the data check cannot be bypassed (issue 9, "What to build" 7).

Every test works on a copy of the committed data/ in a temporary folder (``WLA_DATA_DIR``); the
real data/ is never changed.
"""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

import wla
from wla import store
from wla.cli import main
from wla.exceptions import SnapshotError
from wla.paths import PROJECT_ROOT


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of data/ that wla reads instead of the committed one."""
    copy = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", copy)
    monkeypatch.setenv("WLA_DATA_DIR", str(copy))
    store.clear_cache()
    yield copy
    monkeypatch.delenv("WLA_DATA_DIR")
    store.clear_cache()


def _edit(path, text="\n"):
    """Append to a file and make sure its modification time moves on."""
    before = path.stat().st_mtime_ns
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))


def _manifest(copy):
    return json.loads((copy / "manifest.json").read_text())


def test_copy_reads_like_the_original(data_copy):
    assert wla.load("schutzsuchende", "kielregion", years=2024)["value"].sum() == 31185


def test_unlisted_edited_file_is_refused(data_copy):
    # issue 9: delete a file's entry from the manifest, edit the file -> it was served
    manifest = _manifest(data_copy)
    del manifest["files"]["catalog.csv"]
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    _edit(data_copy / "catalog.csv")
    with pytest.raises(SnapshotError, match="catalog.csv is not listed"):
        wla.load("schutzsuchende", "kielregion", years=2024)


def test_unlisted_new_file_is_refused(data_copy):
    (data_copy / "geo" / "extra.parquet").write_bytes(b"not a snapshot file")
    with pytest.raises(SnapshotError, match="extra.parquet is not listed"):
        wla.region("kielregion").gemeinden()


def test_listed_but_missing_file_is_refused(data_copy):
    (data_copy / "reported_inside.csv").unlink()
    with pytest.raises(SnapshotError, match="reported_inside.csv is missing"):
        wla.load("schutzsuchende", "kielregion", years=2024)


def test_readme_of_the_data_folder_needs_no_entry(data_copy):
    assert "README.md" not in _manifest(data_copy)["files"]
    _edit(data_copy / "README.md", "a note\n")
    assert wla.load("schutzsuchende", "coburg", years=2024)["value"].tolist() == [1260]


def test_edit_after_the_first_read_is_noticed(data_copy):
    # issue 9: the check ran once per process, so a later edit went unnoticed
    assert wla.load("schutzsuchende", "coburg", years=2024)["value"].tolist() == [1260]
    _edit(data_copy / "genesis_tables.parquet", "x")
    with pytest.raises(SnapshotError, match="genesis_tables.parquet does not match its checksum"):
        wla.load("schutzsuchende", "coburg", years=2024)
    # cached tables are not served either
    with pytest.raises(SnapshotError):
        store.catalog()
    with pytest.raises(SnapshotError):
        wla.region("Kiel")


def test_edit_of_an_unlisted_file_after_the_first_read_is_noticed(data_copy):
    wla.load("schutzsuchende", "coburg", years=2024)
    manifest = _manifest(data_copy)
    del manifest["files"]["einrichtungen.csv"]
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match="einrichtungen.csv is not listed"):
        wla.load("schutzsuchende", "coburg", years=2024)


def test_rebuilt_snapshot_is_read_again(data_copy):
    """Files and manifest changed together (as `wla snapshot` does) pass and are re-read."""
    assert len(store.reported_inside()) > 0
    path = data_copy / "reported_inside.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:2]))
    manifest = _manifest(data_copy)
    manifest["files"]["reported_inside.csv"] = {"sha256": store.sha256(path), "bytes": path.stat().st_size}
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    assert len(store.reported_inside()) == 1


def test_unchanged_files_are_not_hashed_again(data_copy, monkeypatch):
    wla.load("schutzsuchende", "coburg", years=2024)
    calls = []
    real = store.sha256
    monkeypatch.setattr(store, "sha256", lambda p: calls.append(p) or real(p))
    wla.load("schutzsuchende", "kielregion", years=2024)
    assert calls == []
    time.sleep(0.01)
    _edit(data_copy / "einrichtungen.csv")
    with pytest.raises(SnapshotError):
        wla.load("schutzsuchende", "kielregion", years=2024)
    assert [p.name for p in calls] == ["einrichtungen.csv"]


@pytest.mark.parametrize("text", ["{", "[]", '{"files": {"catalog.csv": "abc"}}', "\xff"])
def test_malformed_manifest_is_a_clear_error(data_copy, text):
    (data_copy / "manifest.json").write_text(text, encoding="latin-1")
    with pytest.raises(SnapshotError, match="manifest.json is malformed"):
        wla.load("schutzsuchende", "coburg", years=2024)


def test_malformed_manifest_in_the_cli_is_one_line(data_copy, capsys):
    (data_copy / "manifest.json").write_text("{ not json")
    code = main(["summary"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.startswith("wla: error: ") and "manifest.json is malformed" in err
    assert "Traceback" not in err and err.count("\n") == 1


def test_missing_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("WLA_DATA_DIR", str(tmp_path / "nowhere"))
    store.clear_cache()
    try:
        with pytest.raises(SnapshotError, match="does not exist"):
            wla.load("schutzsuchende", "coburg")
    finally:
        monkeypatch.delenv("WLA_DATA_DIR")
        store.clear_cache()


def test_store_does_not_import_the_snapshot_builder():
    code = ("import sys, wla; wla.load('schutzsuchende', 'coburg', years=2024); wla.region('Kiel');"
            "from wla import store; store.manifest();"
            "print(sorted(m for m in sys.modules if m.startswith('wla.snapshot')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    assert out.stdout.strip() == "[]"
