"""``build_atlas``: every selected Kreis's report set on a Dask cluster, then the overview page.

A :class:`distributed.LocalCluster` by default (``workers`` processes, one thread each, a
memory limit per worker), or an existing cluster (``scheduler`` address). Each task is one
Kreis's report set (:func:`wla.atlas.task.build_kreis`), its notebooks run in the worker's warm
kernel (:mod:`wla.atlas.warm`); Kreise whose inputs are unchanged
since their last good build are not submitted (:mod:`wla.atlas.manifest`). One progress bar
counts the notebooks of the whole atlas and shows the time left; the record is rewritten after
every Kreis, so an interrupted atlas continues where it stopped.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..report import index as run_index
from ..report.folder import locked
from . import manifest, overview
from .plan import DEFAULT_VS, check_atlas
from .task import build_kreis

#: Memory limit per worker of the local cluster: this share of the machine's memory, split
#: evenly, at most MAX_WORKER_MEMORY. Dask's nanny restarts a worker above it (the worker
#: process itself; its notebook kernels are counted in the task's peak figure instead).
MEMORY_SHARE, MAX_WORKER_MEMORY = 0.8, 4 * 2**30
#: The local cluster's scheduler without the dashboard. Its HTTP server (health routes) starts
#: anyway: ``dashboard_address=None`` puts it on port 8787 (and warns "Port 8787 is already in
#: use" when a second cluster starts) on every interface; this puts it on a free port of the
#: loopback interface, quietly.
NO_DASHBOARD = {"dashboard_address": "127.0.0.1:0", "scheduler_kwargs": {"dashboard": False}}


@dataclass
class AtlasResult:
    folder: Path
    built: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: dict = field(default_factory=dict)
    memory_limit: int | None = None
    peak_mb: dict = field(default_factory=dict)
    cluster: str = ""

    @property
    def ok(self) -> bool:
        return not self.failed


def worker_memory(workers: int) -> int:
    import psutil

    return int(min(MAX_WORKER_MEMORY, psutil.virtual_memory().total * MEMORY_SHARE / workers))


def _client(workers: int, scheduler: str | None):
    """A Dask client: connected to ``scheduler`` or to a new local cluster; and the cluster
    to close (None for an existing one)."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout="20s"), None, None
        except OSError as exc:
            from ..exceptions import ParameterError

            raise ParameterError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    limit = worker_memory(workers)
    # report builds start their own notebook processes: workers must not be daemonic
    with dask.config.set({"distributed.worker.daemon": False}):
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, memory_limit=limit,
                               processes=True, **NO_DASHBOARD)
    return Client(cluster), cluster, limit


def build_atlas(kreise=None, land=None, vergleich=DEFAULT_VS, jahr=None, sprache="de", selection=None,
                workers=None, scheduler=None, out_root=None, progress=True, on_kreis=None, warm=True) -> AtlasResult:
    """Build the atlas (see the module docstring); ``on_kreis(record)`` is called after each
    Kreis is recorded; ``warm``: notebooks run in one warm kernel per worker
    (:mod:`wla.atlas.warm`), else each in a new kernel with papermill."""
    plan = check_atlas(kreise, land, vergleich, jahr, sprache, selection, workers, out_root=out_root)
    plan.folder.mkdir(parents=True, exist_ok=True)
    with locked(plan.folder.parent / f".{plan.folder.name}.lock", plan.folder):
        return _run(plan, scheduler, progress, on_kreis, warm)


def _run(plan, scheduler, progress, on_kreis, warm) -> AtlasResult:
    checksum = run_index.snapshot_info()["checksum"]
    record = manifest.read(plan.folder)
    entries = record["kreise"]
    record.update(atlas=plan.folder.name, vergleich=plan.vergleich, jahr=plan.jahr, sprache=plan.sprache,
                  selection=plan.selection, notebooks=[p.stem for p in plan.notebooks])
    keys = {k: manifest.key(manifest.inputs(k, plan, checksum)) for k in plan.kreise}
    todo = [k for k in plan.kreise if not manifest.up_to_date(entries.get(k), keys[k], plan.folder)]
    result = AtlasResult(plan.folder, skipped=[k for k in plan.kreise if k not in todo])
    selection = [p.stem for p in plan.notebooks]
    if todo:
        _submit(plan, todo, keys, checksum, record, selection, scheduler, progress, on_kreis, result, warm)
    manifest.write(plan.folder, record)
    overview.write(plan, {k: entries[k] for k in plan.kreise if k in entries})
    result.failed = {k: entries[k]["error"] for k in plan.kreise if k in entries and not entries[k]["ok"]}
    return result


def _submit(plan, todo, keys, checksum, record, selection, scheduler, progress, on_kreis, result, warm) -> None:
    from distributed import as_completed

    entries = record["kreise"]
    client, cluster, limit = _client(plan.workers, scheduler)
    result.memory_limit = limit
    result.cluster = client.scheduler.address if hasattr(client.scheduler, "address") else str(scheduler)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(todo) * len(selection), desc=plan.folder.name, unit="notebook")
    try:
        futures = [client.submit(build_kreis, k, plan.vergleich, plan.jahr, plan.sprache, selection,
                                 str(plan.folder), warm, key=f"atlas-{k}-{keys[k][:12]}", pure=False)
                   for k in todo]
        for fut in as_completed(futures):
            rec = fut.result()
            rec["key"] = keys[rec["kreis"]]
            rec["inputs"] = manifest.inputs(rec["kreis"], plan, checksum)
            entries[rec["kreis"]] = rec
            manifest.write(plan.folder, record)
            result.built.append(rec["kreis"])
            worker = rec.get("worker", "?")
            peak = max(rec["peak_worker_mb"], rec["peak_child_mb"])
            result.peak_mb[worker] = max(result.peak_mb.get(worker, 0), peak)
            if bar:
                bar.update(len(selection))
            if on_kreis:
                on_kreis(rec)
    finally:
        if bar:
            bar.close()
        client.close()
        if cluster is not None:
            cluster.close()
