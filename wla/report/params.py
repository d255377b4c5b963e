"""Everything a report run checks before any kernel starts, and the run's identity.

``check_run(...)`` validates region, comparison, year, language, notebook selection, workers
and the output folder, and returns a :class:`Plan`; each problem is one
:class:`wla.exceptions.ParameterError` (``wla report`` prints it as one line, exit code 2).

The folder of a run is named after what makes it a different report (``folder_name``):
``<region>_vs_<vergleich>[_en][_<jahr>][_code]``. A region whose codes are those of a built-in
region is named by that key (``kielregion``, ``coburg``); any other by its transliterated name
(ä→ae, ö→oe, ü→ue, ß→ss; at most 30 characters) and the first 6 hex digits of the sha1 of its
sorted codes, e.g. ``nordfriesland-3f2a9c``. Two different code sets therefore never share a
folder, and the same code set written two ways does.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..exceptions import ParameterError
from ..years import check_year

LANGUAGES = ("de", "en")
#: Parameters every notebook must declare in its parameters cell; the runner always passes them.
REQUIRED = ("region", "vergleich", "jahr", "sprache")
#: Parameters the runner passes only to notebooks that declare them: the folder for exported files.
OPTIONAL = ("output_dir",)
#: Free space the output folder needs before a run starts (a full report set is ~20 MB).
MIN_FREE_BYTES = 200 * 1024 * 1024
TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


@dataclass(frozen=True)
class Plan:
    """A validated run: parameters as passed to every notebook, resolved regions, notebooks
    with the parameter names each declares, workers and the target folder."""

    parameters: dict
    region: object
    vergleich: object
    notebooks: tuple[tuple[Path, frozenset], ...]
    workers: int
    folder: Path


def slug(text: str, limit: int = 30) -> str:
    """``text`` as a file-name part: transliterated, lower case, words joined by ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(TRANSLIT)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for w in words:
        if out and len(out) + 1 + len(w) > limit:
            break
        out = f"{out}-{w}" if out else w[:limit]
    return out or "region"


def region_part(reg) -> str:
    """Folder-name part of a resolved region (see the module docstring)."""
    from ..regions import BUILTIN

    for key, (_, codes) in BUILTIN.items():
        if tuple(sorted(codes)) == tuple(sorted(reg.codes)):
            return key
    digest = hashlib.sha1(",".join(sorted(reg.codes)).encode()).hexdigest()[:6]
    return f"{slug(reg.label)}-{digest}"


def folder_name(reg, vs, jahr, sprache, with_code) -> str:
    name = f"{region_part(reg)}_vs_{region_part(vs)}"
    if sprache != "de":
        name += f"_{sprache}"
    if jahr is not None:
        name += f"_{jahr}"
    return name + ("_code" if with_code else "")


def check_language(sprache) -> str:
    if sprache not in LANGUAGES:
        raise ParameterError(f"sprache must be one of {', '.join(LANGUAGES)}, not {sprache!r}")
    return sprache


def check_workers(workers, count: int) -> int:
    """Parallel notebooks: a positive int (default: cores, at most one per notebook)."""
    import os

    if workers is None:
        return max(1, min(count, os.cpu_count() or 1))
    if isinstance(workers, str) and re.fullmatch(r"\s*-?\d+\s*", workers):
        workers = int(workers)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError(f"--workers must be a whole number of at least 1, not {workers!r}")
    return workers


def select_notebooks(folder: Path, selection=None) -> list[Path]:
    """The numbered notebooks in ``folder``; ``selection`` by stem or two-digit prefix.
    Any name that matches no notebook is an error listing the available ones."""
    found = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not selection:
        return found
    wanted = [str(s).strip() for s in selection]
    unknown = [w for w in wanted if not any(p.stem == w or p.stem[:2] == w for p in found)]
    if unknown:
        raise ParameterError(
            f"unknown notebook(s) {', '.join(unknown)}; available: {', '.join(p.stem for p in found)}"
        )
    return [p for p in found if p.stem in wanted or p.stem[:2] in wanted]


def declared_parameters(path: Path) -> frozenset:
    """Names in a notebook's parameters cell (read with papermill, no kernel); every name in
    ``REQUIRED`` must be there."""
    import papermill

    try:
        names = frozenset(papermill.inspect_notebook(str(path)))
    except Exception as exc:  # not a notebook file, broken JSON
        raise ParameterError(f"notebook {path.name} cannot be read: {type(exc).__name__}: {exc}") from None
    missing = [p for p in REQUIRED if p not in names]
    if missing:
        raise ParameterError(
            f"notebook {path.name} lacks the parameter(s) {', '.join(missing)} in its cell tagged "
            "'parameters'; add them there (wla report passes them to every notebook)"
        )
    return names


def check_output(out_root: Path) -> None:
    """The output folder (or the nearest folder that exists above it) can be written and has
    ``MIN_FREE_BYTES`` free. A probe folder is made and removed, since permission bits do not
    tell (root, read-only mounts)."""
    existing = out_root
    while not existing.exists():
        if existing.parent == existing:
            break
        existing = existing.parent
    if not existing.is_dir():
        raise ParameterError(f"report folder {out_root} cannot be made: {existing} is not a folder")
    try:
        probe = tempfile.mkdtemp(prefix=".wla-probe-", dir=existing)
        Path(probe).rmdir()
    except OSError as exc:
        raise ParameterError(
            f"report folder {out_root} is not writable ({exc.strerror}); make it writable or choose another"
        ) from None
    free = shutil.disk_usage(existing).free
    if free < MIN_FREE_BYTES:
        raise ParameterError(
            f"report folder {out_root} has {free // 2**20} MB free, a report run needs "
            f"{MIN_FREE_BYTES // 2**20} MB; free some space first"
        )


def region_parameter(given, reg):
    """A region as passed to the notebooks: a name or code as a string (never an int, which
    papermill would write as a number), or ``{"codes": [...], "name": label}`` for a region given
    as codes or as a :class:`wla.Region`, so that a custom name reaches every page."""
    if isinstance(given, str):
        return given.strip()
    if isinstance(given, int) and not isinstance(given, bool):
        return ",".join(reg.codes) if len(reg.codes) > 1 else reg.codes[0]
    return {"codes": list(reg.codes), "name": reg.label}


def resolve_pair(region, vergleich):
    """Resolve both regions; they must differ."""
    from ..regions import region as resolve

    reg, vs = resolve(region), resolve(vergleich)
    if tuple(sorted(reg.codes)) == tuple(sorted(vs.codes)):
        raise ParameterError("region and vergleich are the same region: choose a different comparison")
    if "deutschland" in (reg.key, vs.key):
        raise ParameterError("Germany is the national reference on every page already: choose a region "
                             "(Kreise, Gemeinden or a Land) as region and as comparison")
    return reg, vs


def check_run(region, vergleich, jahr, sprache, selection, workers, with_code, notebook_dir: Path,
              out_root: Path) -> Plan:
    """Validate everything a report run needs, in the order a user would fix it."""
    sprache = check_language(sprache)
    reg, vs = resolve_pair(region, vergleich)
    jahr = check_year(jahr)
    paths = select_notebooks(notebook_dir, selection)
    if not paths:
        raise ParameterError(f"no notebooks (NN_name.ipynb) in {notebook_dir}")
    declared = tuple((p, declared_parameters(p)) for p in paths)
    workers = check_workers(workers, len(paths))
    check_output(out_root)
    parameters = {
        "region": region_parameter(region, reg),
        "vergleich": region_parameter(vergleich, vs),
        "jahr": jahr,
        "sprache": sprache,
    }
    folder = out_root / folder_name(reg, vs, jahr, sprache, with_code)
    return Plan(parameters, reg, vs, declared, workers, folder)
