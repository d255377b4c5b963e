"""wla – Wohnen · Lernen · Arbeiten.

Sourced official statistics on how refugees arrive, live, learn and work in German regions::

    import wla
    wla.indicators()                                  # the catalogue
    wla.load("schutzsuchende", region="kielregion")   # tidy, sourced rows
    wla.region("coburg").gemeinden(2023)              # member municipalities
    wla.region_total("leerstandsquote", "kielregion", 2022)
    wla.twins("coburg"), wla.shift_share(...), wla.potential(...), wla.findings(...)

Importing wla reads nothing and changes no global state; data are read on first use, and the
analysis methods (statsmodels, geopandas, matplotlib) are imported only when first used.
"""
import importlib

__version__ = "0.1.0"

from .data import indicators, load, region_total  # noqa: E402
from .exceptions import WlaError  # noqa: E402
from .regions import Region, region  # noqa: E402

#: Public names loaded on first use: name -> (module, attribute or None for the module itself).
_LAZY = {
    "models": ("wla.analysis.models", None),
    "finance": ("wla.analysis.finance", None),
    "twins": ("wla.analysis.twins", "twins"),
    "findings": ("wla.analysis.findings", "findings"),
    "potential": ("wla.analysis.potential", "potential"),
    "shift_share": ("wla.analysis.shift_share", "shift_share"),
    "notebook": ("wla.notebook", None),
}


def __getattr__(name):
    if name in _LAZY:
        module_name, attribute = _LAZY[name]
        module = importlib.import_module(module_name)
        return module if attribute is None else getattr(module, attribute)
    raise AttributeError(f"module 'wla' has no attribute {name!r}")


__all__ = ["indicators", "load", "region", "region_total", "Region", "WlaError", "__version__", *_LAZY]
