"""Report worker processes (``wla.report.kernels.worker_init``) leave out the optional module
jsonschema would build an unused IRI parser with, and still read and validate notebooks."""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from wla.report import notebooks
from wla.report.kernels import UNUSED_IN_WORKERS, worker_init


def _in_worker(path: str) -> tuple:
    import sys

    import nbformat

    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)  # raises on an invalid notebook
    broken = nbformat.from_dict({**nb, "cells": [{"cell_type": "code"}]})
    try:
        nbformat.validate(broken)
        invalid_found = False
    except nbformat.ValidationError:
        invalid_found = True
    return len(nb.cells), invalid_found, {m: sys.modules.get(m, "absent") for m in UNUSED_IN_WORKERS}


def test_worker_validates_notebooks_without_the_unused_parser():
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),)) as pool:
        cells, invalid_found, modules = pool.submit(_in_worker, str(notebooks(["40"])[0])).result()
    assert cells > 10 and invalid_found
    assert modules == {m: None for m in UNUSED_IN_WORKERS}


def test_kernels_do_linear_algebra_on_one_thread_unless_told_otherwise(monkeypatch):
    from pathlib import Path

    import nbformat

    from wla.atlas import warm
    from wla.report import kernel_name
    from wla.report.kernels import ONE_THREAD, kernel_environment

    env = kernel_environment({"OPENBLAS_NUM_THREADS": "4", "WLA_TOKEN": "geheim", "PATH": "/bin"})
    assert env["OPENBLAS_NUM_THREADS"] == "4"  # the user's setting stays
    assert env["OMP_NUM_THREADS"] == "1" and env["PATH"] == "/bin" and "WLA_TOKEN" not in env
    for key in ONE_THREAD:
        monkeypatch.delenv(key, raising=False)
    warm.close()  # a kernel of an earlier test would have the environment of its start
    kernel = warm.kernel(kernel_name(), Path(notebooks()[0]).parent)
    try:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
            "import os\nprint({k: os.environ.get(k) for k in " + repr(sorted(ONE_THREAD)) + "})")])
        kernel.run(nb)
    finally:
        warm.close()
    printed = nb.cells[0].outputs[0]["text"].strip()
    assert printed == repr({k: "1" for k in sorted(ONE_THREAD)})
