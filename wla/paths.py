"""Where wla finds its snapshot and the raw official files.

``WLA_DATA_DIR`` overrides the snapshot folder (default: ``data/`` beside the package);
``WLA_RAW_DIR`` overrides the raw files folder (default: ``../shared/data`` beside the project).
"""
from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The snapshot folder (committed ``data/``)."""
    return Path(os.environ.get("WLA_DATA_DIR", PROJECT_ROOT / "data"))


def raw_dir() -> Path:
    """The folder with the raw official files (``../shared/data`` in development and CI)."""
    return Path(os.environ.get("WLA_RAW_DIR", PROJECT_ROOT.parent / "shared" / "data"))
