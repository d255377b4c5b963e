"""wla.cache: national results computed once per snapshot, in memory and on disk."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

import wla
from wla import cache, store
from wla.analysis import benchmark, models
from wla.exceptions import SnapshotError
from wla.paths import data_dir


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("WLA_CACHE_DIR", str(tmp_path / "cache"))
    store.clear_cache()  # also empties every memo: the next call reads the disk cache or computes
    yield tmp_path / "cache"
    store.clear_cache()


def _entries(folder, fn):
    return sorted((folder / f"{fn.__module__}.{fn.__qualname__}").glob("*.pkl"))


def test_key_changes_with_parameters_snapshot_and_code(monkeypatch):
    fn = models.cross_section.uncached
    base = cache.disk_key(fn, (), {"until": None})
    assert cache.disk_key(fn, (), {"until": None}) == base
    assert cache.disk_key(fn, (), {"until": 2022}) != base
    assert cache.disk_key(fn, (), {"until": None, "screened": False}) != base
    # the same call written another way (the default outcome spelled out, by position or by
    # name): the same key; another outcome: another key
    assert cache.disk_key(fn, (models.DEFAULT_OUTCOME,), {"until": None}) == base
    assert cache.disk_key(fn, (), {"outcome": models.DEFAULT_OUTCOME, "screened": True}) == base
    assert cache.disk_key(fn, ("schutzsuchende_je_1000",), {"until": None}) != base
    monkeypatch.setattr(cache, "snapshot_checksum", lambda: "another snapshot")
    other_snapshot = cache.disk_key(fn, (), {"until": None})
    assert other_snapshot != base
    monkeypatch.setattr(cache, "code_checksum", lambda: "other code")
    assert cache.disk_key(fn, (), {"until": None}) not in (base, other_snapshot)


def test_snapshot_checksum_is_that_of_the_manifest_in_use():
    import hashlib
    import json

    manifest = json.loads((data_dir() / "manifest.json").read_text(encoding="utf-8"))
    expected = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()
    assert cache.snapshot_checksum() == expected


def test_cached_model_equals_a_fresh_computation(cache_dir):
    first = models.cross_section(until=None)
    [path] = _entries(cache_dir, models.cross_section)
    store.clear_cache()  # memory gone: the next call reads the file
    from_disk = models.cross_section(until=None)
    fresh = models.cross_section.uncached(until=None)
    for got in (first, from_disk):
        pd.testing.assert_frame_equal(got.coefficients, fresh.coefficients)
        pd.testing.assert_frame_equal(got.frame, fresh.frame)
        assert (got.n, got.r2, got.sources, got.dropped) == (fresh.n, fresh.r2, fresh.sources, fresh.dropped)
    assert _entries(cache_dir, models.cross_section) == [path]


def test_cached_kreis_outcome_equals_a_fresh_computation(cache_dir):
    o = benchmark.outcome("schutzsuchende_je_1000")
    values, sources = benchmark.kreis_outcome(o)
    store.clear_cache()
    again, again_sources = benchmark.kreis_outcome(o)
    fresh, fresh_sources = benchmark.kreis_outcome.uncached(o)
    pd.testing.assert_series_equal(values, fresh)
    pd.testing.assert_series_equal(again, fresh)
    assert sources == again_sources == fresh_sources
    assert len(fresh) > 350  # one value per rankable Kreis


def test_pair_findings_on_disk_equal_a_fresh_computation(cache_dir):
    """A pair's findings are kept on disk (pages 40 and 70 often run in two workers): what is
    read back is what the function computes, attrs included; another theme is another file."""
    from wla.analysis import findings

    first = findings.findings("kielregion", "coburg", "lernen", until=None)
    paths = _entries(cache_dir, findings.findings)
    assert len(paths) == 2  # the theme and all findings, whose ranks across themes it carries
    store.clear_cache()
    from_disk = findings.findings("kielregion", "coburg", theme="lernen")
    fresh = findings.findings.uncached("kielregion", "coburg", "lernen")
    assert len(fresh) > 0
    for got in (first, from_disk):
        pd.testing.assert_frame_equal(got, fresh)
        assert got.attrs == fresh.attrs
    assert _entries(cache_dir, findings.findings) == paths  # the same call, however written
    findings.findings("kielregion", "coburg", "finanzen")
    assert len(_entries(cache_dir, findings.findings)) == 3


def test_corrupt_cache_file_is_recomputed_never_used(cache_dir):
    o = benchmark.outcome("schutzsuchende_je_1000")
    fresh, _ = benchmark.kreis_outcome.uncached(o)
    benchmark.kreis_outcome(o)
    [path] = _entries(cache_dir, benchmark.kreis_outcome)
    for garbage in (b"not a pickle", path.read_bytes()[:50]):
        path.write_bytes(garbage)
        store.clear_cache()
        values, _ = benchmark.kreis_outcome(o)
        pd.testing.assert_series_equal(values, fresh)
        assert path.read_bytes() not in (b"not a pickle", garbage)  # rewritten
    # a readable file that names another key is not used either
    import pickle

    path.write_bytes(pickle.dumps({"key": "another key", "value": (fresh * 0, [])}))
    store.clear_cache()
    values, _ = benchmark.kreis_outcome(o)
    pd.testing.assert_series_equal(values, fresh)


def test_one_call_written_two_ways_is_computed_once(monkeypatch):
    """Pages 40 and 70 ask for a pair's findings as ``findings(reg, vs, None, until=None)`` and
    ``findings(reg, vs, until=None)``: one computation."""
    calls = []

    def pair(region, vergleich, theme=None, until=None):
        calls.append((region, vergleich, theme, until))
        return pd.DataFrame({"wert": [len(calls)]})

    remembered = cache.memo(pair)
    first = remembered("01002", "coburg", None, until=None)
    again = remembered("01002", vergleich="coburg", until=None)
    pd.testing.assert_frame_equal(first, again)
    assert len(calls) == 1
    remembered("01002", "coburg", "wohnen", until=None)  # another theme: another call
    assert len(calls) == 2


def test_memo_hands_out_copies():
    a = wla.load("bevoelkerung", "01002")
    a.loc[:, "value"] = -1.0
    b = wla.load("bevoelkerung", "01002")
    assert (b["value"] > 0).all()


def test_memo_never_reads_past_a_changed_snapshot_file(tmp_path, monkeypatch):
    """Results kept in memory are not handed out once a snapshot file was edited: the check of
    the folder against the manifest runs on every call."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(), copy)
    monkeypatch.setenv("WLA_DATA_DIR", str(copy))
    store.clear_cache()
    try:
        before = wla.load("bevoelkerung", "01002")
        assert len(before)
        with open(copy / "catalog.csv", "a", encoding="utf-8") as fh:
            fh.write("\n")
        with pytest.raises(SnapshotError, match="catalog.csv"):
            wla.load("bevoelkerung", "01002")
        with pytest.raises(SnapshotError, match="catalog.csv"):
            models.cross_section(until=None)
    finally:
        monkeypatch.undo()
        store.clear_cache()


def test_germany_totals_on_disk_equal_fresh_ones_and_other_regions_stay_in_memory(cache_dir):
    total = wla.region_total("schutzsuchende", "deutschland", 2018)
    wla.region_total("schutzsuchende", "coburg", 2024)
    [path] = _entries(cache_dir, wla.data.region_total)  # Germany's only
    store.clear_cache()
    again = wla.region_total("schutzsuchende", "deutschland", 2018)
    fresh = wla.data.region_total.uncached("schutzsuchende", "deutschland", 2018)
    pd.testing.assert_frame_equal(total, fresh)
    pd.testing.assert_frame_equal(again, fresh)
    # the publisher's national row (12531): independent of the code under test
    bund = wla.load("schutzsuchende", level="bund", years=2018, category="insgesamt")
    assert fresh["value"].iloc[0] == bund["value"].iloc[0]


def test_second_process_reads_the_file_not_the_function(cache_dir):
    """The result comes from the disk: a value planted under the call's key (what another worker
    would have written) is returned after memory is emptied, without calling the function."""
    import pickle

    o = benchmark.outcome("schutzsuchende_je_1000")
    values, _ = benchmark.kreis_outcome(o)
    [path] = _entries(cache_dir, benchmark.kreis_outcome)
    key = pickle.loads(path.read_bytes())["key"]
    planted = (values.head(3) * 0 + 7.0, ["planted by another worker"])
    path.write_bytes(pickle.dumps({"key": key, "value": planted}))
    store.clear_cache()
    got, sources = benchmark.kreis_outcome(o)
    assert sources == ["planted by another worker"]
    assert got.tolist() == [7.0, 7.0, 7.0]
