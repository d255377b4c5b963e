"""wla – Wohnen · Lernen · Arbeiten.

Sourced official statistics on how refugees arrive, live, learn and work in German regions::

    import wla
    wla.indicators()                                  # the catalogue
    wla.load("schutzsuchende", region="kielregion")   # tidy, sourced rows
    wla.region("coburg").gemeinden(2023)              # member municipalities
    wla.region_total("leerstandsquote", "kielregion", 2022)

Importing wla reads nothing and changes no global state; data are read on first use.
"""
__version__ = "0.1.0"

from .data import indicators, load, region_total  # noqa: E402
from .exceptions import WlaError  # noqa: E402
from .regions import Region, region  # noqa: E402
from .analysis import models  # noqa: E402
from .analysis.twins import twins  # noqa: E402
from .analysis import finance  # noqa: E402
from .analysis.findings import findings  # noqa: E402
from .analysis.potential import potential  # noqa: E402
from .analysis.shift_share import shift_share  # noqa: E402

__all__ = ["indicators", "load", "region", "region_total", "Region", "models", "twins", "finance", "findings", "potential", "shift_share", "WlaError", "__version__"]
