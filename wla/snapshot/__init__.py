"""Rebuild the ``data/`` snapshot from the raw official files.

Each recipe module in this package takes its ``INDICATORS`` (catalogue rows) from ``wla/catalog.toml``
with :func:`wla.catalog.declared` and has a
``build(raw: pathlib.Path) -> pandas.DataFrame`` that reads its raw files with the readers in
:mod:`wla.sources` and returns rows in the snapshot schema:

``ags`` (str: ``"DG"``, 2-digit Land, 5-digit Kreis or 8-digit Gemeinde key), ``level``
(``bund``/``land``/``kreis``/``gemeinde``), ``year`` (int), ``indicator`` (an id of its
``INDICATORS``), ``category`` (str, ``"insgesamt"`` unless the indicator is split, e.g. by
protection status or school type), ``value`` (float, NaN where flagged), ``flag`` (official sign
or ``""``).

The driver lives in :mod:`wla.snapshot.build`; the plausibility screen in :mod:`wla.snapshot.quality`.
"""
