"""``wla atlas``: the report set of every selected Kreis against one comparison, on a Dask
cluster, resumable, with an overview page.

- :mod:`wla.atlas.plan` — selection, comparison, checks before any worker starts, folder name;
- :mod:`wla.atlas.manifest` — ``atlas.json``: input key and result per Kreis (resume);
- :mod:`wla.atlas.task` — one Kreis's report set inside a Dask worker;
- :mod:`wla.atlas.run` — ``build_atlas``: the cluster, the progress bar, the record;
- :mod:`wla.atlas.overview` — ``index.html``: map and sortable table of headline figures.
"""
from .plan import check_atlas
from .run import AtlasResult, build_atlas

__all__ = ["AtlasResult", "build_atlas", "check_atlas"]
