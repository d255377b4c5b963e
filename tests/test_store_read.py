"""``wla.store.rows`` reads text columns as dictionaries for speed: its frames must be exactly
those of pandas' own filtered read of the snapshot file, for every indicator of every file."""
from __future__ import annotations

import pandas as pd
import pyarrow.parquet as pq

from wla import store
from wla.paths import data_dir


def test_rows_equal_pandas_filtered_read_for_every_indicator():
    files = sorted(data_dir().glob("*_tables.parquet"))
    assert files
    checked = 0
    for path in files:
        for indicator in pq.read_table(path, columns=["indicator"]).column("indicator").unique().to_pylist():
            expected = pd.read_parquet(path, filters=[("indicator", "==", indicator)])
            got = store.rows(path.name, indicator)
            pd.testing.assert_frame_equal(got, expected, check_exact=True)
            assert list(got.dtypes) == list(expected.dtypes)
            checked += 1
    assert checked > 50  # every recipe file's indicators, not an empty loop
