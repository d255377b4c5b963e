"""The indicator catalogue: what each indicator id means and where it comes from.

Each :class:`Indicator` is declared next to the snapshot recipe that builds it
(``wla/snapshot/*.py``); the snapshot writes them all to ``data/catalog.csv``, which is what
:func:`wla.indicators` and every caption read at run time.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

THEMES = ("bevoelkerung", "wohnen", "lernen", "arbeiten", "finanzen", "raum")
KINDS = ("count", "rate", "mean", "class")
DL_DE_BY = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
BA_TERMS = (
    "Statistik der Bundesagentur für Arbeit: Nutzung und Weitergabe mit Quellenangabe "
    "(Nutzungsbedingungen der Statistik der BA)"
)


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue.

    ``kind`` says how a region total is formed:
      * ``count``  – summed over members;
      * ``rate``   – recomputed as sum(numerator) / sum(denominator) × ``scale`` when both ids are
                     given, else as the ``weight``-weighted mean (weight = the rate's own
                     denominator population, e.g. dwellings for a vacancy rate); with neither,
                     a region total is not meaningful and is flagged ``/``;
      * ``mean``   – like ``rate`` (a per-unit average such as rent per m²);
      * ``class``  – a classification (BBSR type); ``value`` is the class code, ``category`` its
                     label; no region total.
    ``basis`` names the population base of the figure ("Zensus 2011", "Zensus 2022" or "").
    """

    id: str
    label_de: str
    label_en: str
    unit: str
    theme: str
    levels: tuple[str, ...]
    publisher: str
    table: str
    reference: str
    licence: str
    url: str
    raw_files: tuple[str, ...]
    kind: str = "count"
    basis: str = ""
    numerator: str = ""
    denominator: str = ""
    weight: str = ""
    scale: float = 1.0
    categories: str = ""
    notes: str = ""

    def __post_init__(self):
        if self.theme not in THEMES:
            raise ValueError(f"{self.id}: theme {self.theme!r} not in {THEMES}")
        if self.kind not in KINDS:
            raise ValueError(f"{self.id}: kind {self.kind!r} not in {KINDS}")

    def source_line(self, lang: str | None = "de") -> str:
        """Caption line: publisher, table code, reference date – built, never typed in.

        ``lang=None`` gives the bare line stored with every snapshot row (German words)."""
        ref = "Stand" if lang in ("de", None) else "reference date"
        line = f"{self.publisher}, {self.table}; {ref} {self.reference}"
        if lang is None:
            return line
        return f"{'Quelle' if lang == 'de' else 'Source'}: {line}."

    def as_row(self) -> dict:
        row = dataclasses.asdict(self)
        row["levels"] = ",".join(self.levels)
        row["raw_files"] = ",".join(self.raw_files)
        return row


CATALOG_COLUMNS = [f.name for f in dataclasses.fields(Indicator)]
