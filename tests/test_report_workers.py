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
