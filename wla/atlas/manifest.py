"""``atlas.json``: per Kreis the input key of its report set and the result, so that an
interrupted atlas continues where it stopped.

The key of a Kreis is the sha256 of its inputs: the snapshot checksum (sha256 of
``data/manifest.json``), the parameters (Kreis, comparison as given, year, language), the
sha256 of each notebook file run and the wla version. A Kreis is built again only when its key
changed or its report folder is missing (a task that failed before it wrote one). A notebook that
failed with unchanged inputs fails again the same way, so it is not rebuilt either; its error
stays in the record and on the overview page until the notebook, data or parameters change. The file is rewritten after every
Kreis (written beside and renamed, so a kill never leaves half a file).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..report.folder import sha256

MANIFEST = "atlas.json"


def inputs(kreis: str, plan, checksum: str) -> dict:
    """Everything that makes the report set of ``kreis`` what it is."""
    import wla

    return {
        "snapshot_checksum": checksum,
        "parameters": {"region": kreis, "vergleich": plan.vergleich, "jahr": plan.jahr, "sprache": plan.sprache},
        "notebooks": {p.stem: sha256(p) for p in plan.notebooks},
        "wla_version": wla.__version__,
    }


def key(record_inputs: dict) -> str:
    return hashlib.sha256(json.dumps(record_inputs, sort_keys=True).encode()).hexdigest()


def read(folder: Path) -> dict:
    """The atlas record of ``folder``: {"kreise": {code: entry}, ...}; empty if none or broken."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if isinstance(data.get("kreise"), dict):
            return data
    except (OSError, ValueError, AttributeError):
        pass
    return {"kreise": {}}


def write(folder: Path, data: dict) -> None:
    tmp = folder / f".{MANIFEST}.{os.getpid()}"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, folder / MANIFEST)


def up_to_date(entry: dict | None, wanted_key: str, folder: Path) -> bool:
    """True when ``entry`` was built from the same inputs and its report folder exists."""
    return bool(entry and entry.get("key") == wanted_key
                and entry.get("folder") and (folder / entry["folder"] / "index.html").is_file())
