"""benchmarks/run.py: the atlas sample is the documented set of Kreise (timing is never tested)."""
from __future__ import annotations

import importlib.util

import pandas as pd

from wla.paths import PROJECT_ROOT, data_dir


def _bench():
    spec = importlib.util.spec_from_file_location("bench_run", PROJECT_ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_atlas_sample_is_schleswig_holstein_then_niedersachsen_in_ags_order():
    kreise = pd.read_parquet(data_dir() / "gazetteer_kreise.parquet")
    newest = kreise[kreise["edition"] == kreise["edition"].max()]
    sh = sorted(newest.loc[newest["land"] == "01", "kreis"])
    nds = sorted(newest.loc[newest["land"] == "03", "kreis"])
    sample = _bench().atlas_sample(20)
    assert len(sh) == 15 and sample == sh + nds[:5]
    assert sample[-5:] == ["03101", "03102", "03103", "03151", "03153"]  # as benchmarks/README.md says
