"""`wla report` runs its notebooks in one warm kernel per worker: the kernel is started once,
and one notebook's variables, settings and working directory never reach the next."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

import wla.report.run
from wla.report import build_reports


def _notebook(folder: Path, name: str, code: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell('region = "kielregion"\nvergleich = "coburg"\njahr = None\nsprache = "de"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), params, nbformat.v4.new_code_cell(code)]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")


PROBE = """import os
import pandas as pd
print("KERNEL", os.getpid())
print("LEFTOVER", "geheim" in globals())
print("DISPLAY", pd.get_option("display.max_rows"))
print("CWD", os.getcwd())
print("REGION", region)
geheim = 1
pd.set_option("display.max_rows", 3)
os.chdir("/")
"""


def _printed(page: Path, tag: str) -> str:
    return re.search(rf"{tag} ([^\s<]+)", page.read_text(encoding="utf-8")).group(1)


def test_one_warm_kernel_per_worker_and_nothing_leaks(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    for name in ("00_eins", "10_zwei", "20_drei"):
        _notebook(notebooks, name, PROBE)
    monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", notebooks)
    run = build_reports("01054", "coburg", workers=1, out_root=tmp_path / "reports", progress=False)
    assert run.ok, [r.error for r in run.results]
    pages = [run.folder / f"{n}.html" for n in ("00_eins", "10_zwei", "20_drei")]
    assert len({_printed(p, "KERNEL") for p in pages}) == 1  # one kernel ran all three
    default = _printed(pages[0], "DISPLAY")
    for page in pages:
        assert _printed(page, "LEFTOVER") == "False"
        assert _printed(page, "DISPLAY") == default != "3"
        assert _printed(page, "CWD") == str(notebooks)  # papermill's contract: the notebook's folder
        assert _printed(page, "REGION") == "01054"  # parameters injected into every notebook
        executed = nbformat.read(page.with_suffix(".ipynb"), as_version=4)
        assert "injected-parameters" in executed.cells[2].metadata["tags"]


def test_cold_kernels_on_request(tmp_path, monkeypatch):
    notebooks = tmp_path / "notebooks"
    for name in ("00_eins", "10_zwei"):
        _notebook(notebooks, name, PROBE)
    monkeypatch.setattr(wla.report.run, "NOTEBOOK_DIR", notebooks)
    run = build_reports(workers=1, out_root=tmp_path / "reports", progress=False, warm=False)
    assert run.ok, [r.error for r in run.results]
    kernels = {_printed(run.folder / f"{n}.html", "KERNEL") for n in ("00_eins", "10_zwei")}
    assert len(kernels) == 2  # a new kernel per notebook
