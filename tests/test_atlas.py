"""wla atlas: the Dask path on a local cluster of two workers, the overview page, resuming an
interrupted atlas, and bad input. Small on purpose: two Kreise of Schleswig-Holstein, the
first notebook only (a few minutes on two cores). Nothing here asserts timing."""
from __future__ import annotations

import json
import re

import pytest

from wla import cli
from wla.atlas import build_atlas
from wla.atlas.manifest import MANIFEST
from wla.atlas.run import NO_DASHBOARD

KREISE = ("01001", "01054")  # Flensburg (kreisfreie Stadt), Nordfriesland
NOTEBOOKS = ["00"]


@pytest.fixture(scope="module")
def cluster():
    """A Dask LocalCluster of two worker processes (one thread each), shut down afterwards."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.daemon": False}):
        c = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="2GiB", **NO_DASHBOARD)
    yield c
    c.close()


@pytest.fixture(scope="module")
def atlas(cluster, tmp_path_factory):
    out = tmp_path_factory.mktemp("atlas")
    return build_atlas(kreise=list(KREISE), vergleich="coburg", selection=NOTEBOOKS,
                       scheduler=cluster.scheduler_address, out_root=out, progress=False)


def test_dask_path_builds_every_kreis_on_two_workers(atlas, cluster):
    assert sorted(atlas.built) == list(KREISE) and atlas.skipped == [] and atlas.ok, atlas.failed
    record = json.loads((atlas.folder / MANIFEST).read_text())
    workers = set(cluster.scheduler_info["workers"])
    for k in KREISE:
        entry = record["kreise"][k]
        assert entry["ok"] and entry["worker"] in workers
        assert [n["notebook"] for n in entry["notebooks"]] == ["00_regionsprofil"]
        page = atlas.folder / entry["folder"] / "00_regionsprofil.html"
        assert page.is_file() and "Coburg" in page.read_text()
        assert entry["peak_worker_mb"] > 0 and entry["peak_child_mb"] > 0
        assert entry["inputs"]["parameters"] == {"region": k, "vergleich": "coburg", "jahr": None, "sprache": "de"}
        assert set(entry["inputs"]["notebooks"]) == {"00_regionsprofil"}


def test_overview_page_links_every_kreis_and_shows_the_map(atlas):
    import wla

    page = (atlas.folder / "index.html").read_text()
    assert 'id="atlas"' in page and "<script>" in page and "http" not in page.split("<script>")[1]
    links = re.findall(r'<tr data-kreis="(\d{5})"><td[^>]*><a class="kreis-report" href="([^"]+)"', page)
    assert sorted(k for k, _ in links) == list(KREISE)
    for _, href in links:
        assert (atlas.folder / href).is_file()
    img = re.search(r'<img id="atlas-map" src="([^"]+)" alt="([^"]+)"', page)
    assert img and (atlas.folder / img.group(1)).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # the vacancy rate column shows the Zensus 2022 value of each Kreis as the snapshot holds it
    rows = wla.load("leerstandsquote", level="kreis")
    for k in KREISE:
        v = rows[(rows["ags"] == k) & (rows["year"] == 2022)]["value"].iloc[0]
        row = re.search(rf'<tr data-kreis="{k}">(.*?)</tr>', page).group(1)
        assert f'data-sort="{v}"' in row or f'data-sort="{float(v)}"' in row


def test_interrupted_atlas_resumes_and_never_rebuilds_unchanged(tmp_path):
    first, second = KREISE

    def stop(rec):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):  # one worker: the second Kreis is killed with the cluster
        build_atlas(kreise=list(KREISE), selection=NOTEBOOKS, workers=1, out_root=tmp_path,
                    progress=False, on_kreis=stop)
    folder = next(tmp_path.glob("atlas-*"))
    done = json.loads((folder / MANIFEST).read_text())["kreise"]
    assert list(done) == [first]
    page = folder / done[first]["folder"] / "00_regionsprofil.html"
    made = page.stat().st_mtime_ns

    again = build_atlas(kreise=list(KREISE), selection=NOTEBOOKS, workers=1, out_root=tmp_path, progress=False)
    assert again.built == [second] and again.skipped == [first] and again.ok, again.failed
    assert page.stat().st_mtime_ns == made

    third = build_atlas(kreise=list(KREISE), selection=NOTEBOOKS, workers=1, out_root=tmp_path, progress=False)
    assert third.built == [] and third.skipped == list(KREISE)
    assert page.stat().st_mtime_ns == made


def test_unknown_land_is_one_line_and_exit_2(capsys):
    assert cli.main(["atlas", "--land", "99"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "99" in err[0] and "01" in err[0]


def _notebook(path, code):
    import nbformat

    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('region = "kielregion"\nvergleich = "coburg"\njahr = None\nsprache = "de"')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


def test_warm_kernel_state_never_reaches_the_next_notebook(tmp_path):
    import nbformat

    from wla.atlas import warm
    from wla.report import kernel_name

    a = _notebook(tmp_path / "a.ipynb", (
        "import os, matplotlib, pandas as pd\n"
        "leak = 1\nmatplotlib.rcParams['lines.linewidth'] = 7.5\npd.set_option('display.max_rows', 3)\n"
        "os.chdir('/')\nprint(region)"
    ))
    b = _notebook(tmp_path / "b.ipynb", (
        "import os, matplotlib, pandas as pd\n"
        "print('leak' in globals(), matplotlib.rcParams['lines.linewidth'], pd.get_option('display.max_rows'), "
        "os.getcwd(), region)"
    ))
    try:
        kernel = warm.kernel(kernel_name(), tmp_path)
        pid = kernel.km.provisioner.process.pid
        error, _ = warm.warm_engine(a, tmp_path / "a_out.ipynb", {"region": "01054", "vergleich": "coburg",
                                                                 "jahr": None, "sprache": "de"}, kernel_name(), None, None)
        assert error == ""
        out_a = nbformat.read(tmp_path / "a_out.ipynb", as_version=4)
        assert "injected-parameters" in out_a.cells[1].metadata["tags"]  # papermill's injection
        assert out_a.cells[-1].outputs[0]["text"].strip() == "01054"
        error, _ = warm.warm_engine(b, tmp_path / "b_out.ipynb", {"region": "09473", "vergleich": "coburg",
                                                                 "jahr": None, "sprache": "de"}, kernel_name(), None, None)
        assert error == ""
        leak, width, rows, cwd, region = nbformat.read(tmp_path / "b_out.ipynb", as_version=4).cells[-1].outputs[0]["text"].split()
        import matplotlib
        import pandas as pd

        assert leak == "False"
        assert float(width) == matplotlib.rcParamsDefault["lines.linewidth"] != 7.5
        assert int(rows) == pd.get_option("display.max_rows") != 3
        assert cwd == str(tmp_path) and region == "09473"
        assert warm.kernel(kernel_name(), tmp_path).km.provisioner.process.pid == pid  # the same kernel ran both
    finally:
        warm.close()


def test_two_local_clusters_start_quietly_on_loopback():
    """Two clusters in one session: no "Port 8787 is already in use" warning, and the scheduler's
    HTTP server listens on the loopback interface only."""
    import warnings

    from distributed import LocalCluster

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = LocalCluster(n_workers=0, processes=False, **NO_DASHBOARD)
        second = LocalCluster(n_workers=0, processes=False, **NO_DASHBOARD)
        try:
            hosts = {sock.getsockname()[0] for c in (first, second)
                     for sock in c.scheduler.http_server._sockets.values()}
        finally:
            second.close()
            first.close()
    assert not [w for w in caught if "in use" in str(w.message)], [str(w.message) for w in caught]
    assert hosts == {"127.0.0.1"}
