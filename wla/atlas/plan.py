"""What an atlas run builds, checked before any worker starts, and its folder name.

``check_atlas(...)`` resolves the Kreise (``kreise`` codes or one Land ``land``; default every
Kreis of the newest Gemeindeverzeichnis), the comparison (default :data:`DEFAULT_VS`;
``"twins"``: each Kreis's nearest structural twin, :func:`wla.twins` with ``k=1``; anything else
:func:`wla.region` resolves: one fixed region for all; Germany is refused, it is the national
reference on every page already), the language, the year, the notebooks
and the workers. Each problem is one :class:`wla.exceptions.ParameterError`.

The atlas folder is ``reports/atlas-<id>`` with ``<id>`` = ``<selection>_vs_<comparison>[_en][_<jahr>]``:
``<selection>`` is ``deutschland`` (all Kreise), ``land-01`` or ``kreise-<6 hex digits of the
sha1 of the sorted codes>``; ``<comparison>`` is ``twins`` or the report
runner's folder part of the fixed region.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import ParameterError
from ..report.params import check_language, check_output, check_workers, declared_parameters, region_part, select_notebooks
from ..years import check_year

#: Comparisons that differ per Kreis or mean Germany; anything else is one fixed region.
GERMANY, TWINS = "deutschland", "twins"
#: Default comparison: the project's fixed comparison region. Not Germany: four of the eight
#: notebooks cannot yet render a pair whose comparison is Germany (00, 20, 40, 70).
DEFAULT_VS = "coburg"


@dataclass(frozen=True)
class AtlasPlan:
    """A validated atlas: Kreis codes, the comparison as given (``twins`` or
    a fixed region's parameter), year, language, notebook paths, workers and the folder."""

    kreise: tuple[str, ...]
    vergleich: str
    jahr: int | None
    sprache: str
    notebooks: tuple[Path, ...]
    workers: int
    folder: Path
    selection: str


def select_kreise(kreise=None, land=None) -> tuple[tuple[str, ...], str]:
    """The Kreis codes of the atlas and the selection part of its id."""
    from ..regions import _land_kreise, newest_kreise

    if kreise and land:
        raise ParameterError("give either --kreise or --land, not both")
    if land is not None:
        code = str(land).strip()
        by_land = _land_kreise()
        if code not in by_land:
            raise ParameterError(f"unknown Land code {code!r}; Länder: {', '.join(sorted(by_land))}")
        return by_land[code], f"land-{code}"
    if kreise:
        items = [c for part in ([kreise] if isinstance(kreise, str) else kreise) for c in re.split(r"[,\s]+", str(part)) if c]
        known = set(newest_kreise())
        unknown = [c for c in items if c not in known]
        if unknown:
            raise ParameterError(f"not a Kreis code of the newest Gemeindeverzeichnis: {', '.join(unknown)} "
                                 "(give 5-digit codes such as 01054)")
        codes = tuple(sorted(set(items)))
        return codes, "kreise-" + hashlib.sha1(",".join(codes).encode()).hexdigest()[:6]
    return newest_kreise(), "deutschland"


def comparison_part(vergleich) -> tuple[str, str]:
    """The comparison as passed on and as a folder-name part."""
    from ..regions import region

    given = str(vergleich).strip()
    if given.lower() == TWINS:
        return TWINS, TWINS
    vs = region(given)  # unknown names raise UnknownRegionError with close matches
    if vs.key == GERMANY:
        raise ParameterError("Germany is the national reference on every page already: compare each Kreis "
                             "with its structural twin (--vs twins) or with a fixed region")
    return given, region_part(vs)


def check_atlas(kreise=None, land=None, vergleich=None, jahr=None, sprache="de", selection=None,
                workers=None, notebook_dir: Path | None = None, out_root: Path | None = None) -> AtlasPlan:
    """Validate an atlas run (see the module docstring), in the order a user would fix it."""
    from ..report.run import NOTEBOOK_DIR, REPORT_DIR

    notebook_dir = Path(notebook_dir or NOTEBOOK_DIR)
    out_root = Path(out_root or REPORT_DIR)
    sprache = check_language(sprache)
    vergleich = DEFAULT_VS if vergleich is None else vergleich
    codes, sel = select_kreise(kreise, land)
    vs, vs_part = comparison_part(vergleich)
    if vs != TWINS and len(codes) == 1:
        from ..regions import region

        if region(vs).codes == codes:
            raise ParameterError("the only Kreis of the atlas is its comparison: choose a different comparison")
    jahr = check_year(jahr)
    paths = select_notebooks(notebook_dir, selection)
    if not paths:
        raise ParameterError(f"no notebooks (NN_name.ipynb) in {notebook_dir}")
    for p in paths:
        declared_parameters(p)
    workers = check_workers(workers, len(codes))
    check_output(out_root)
    name = f"atlas-{sel}_vs_{vs_part}" + (f"_{sprache}" if sprache != "de" else "") + (f"_{jahr}" if jahr else "")
    return AtlasPlan(codes, vs, jahr, sprache, tuple(paths), workers, out_root / name, sel)
