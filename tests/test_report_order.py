"""The order in which ``wla report`` starts its notebooks (only the order: never a page)."""
from __future__ import annotations

import json

import nbformat

from wla.report import notebooks
from wla.report.run import SECONDS_FILE, longest_first


def _plan():
    return [(p, frozenset()) for p in notebooks()]


def _code(path) -> int:
    return sum(len(c.source) for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")


def test_without_recorded_times_the_notebook_with_most_code_starts_first(tmp_path, monkeypatch):
    monkeypatch.setenv("WLA_CACHE_DIR", str(tmp_path))
    order = [p for p, _ in longest_first(_plan())]
    assert sorted(order) == sorted(notebooks())
    assert [_code(p) for p in order] == sorted((_code(p) for p in order), reverse=True)


def test_recorded_times_longest_first_and_unknown_notebooks_before_them(tmp_path, monkeypatch):
    monkeypatch.setenv("WLA_CACHE_DIR", str(tmp_path))
    names = [p.stem for p in notebooks()]
    recorded = {name: float(i) for i, name in enumerate(names[1:], start=1)}  # the first one unknown
    (tmp_path / SECONDS_FILE).write_text(json.dumps(recorded), encoding="utf-8")
    order = [p.stem for p, _ in longest_first(_plan())]
    assert order == [names[0]] + sorted(recorded, key=recorded.get, reverse=True)
