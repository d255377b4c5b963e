"""``wla summary``: check the snapshot and describe a region pair in a few lines.

For each region: its Kreise, the number of Gemeinden (newest Gemeindeverzeichnis edition), the
population of the newest year of 12411 (Zensus 2022 basis) and the protection seekers of the
newest 12531 year, absolute and per 1,000 inhabitants (sum of counts / sum of population × 1,000,
see :func:`wla.analysis.indicators.region_rate`). Words and numbers in the chosen language; the
source lines (editions shown only) close the text. Everything is read through :mod:`wla.data`; nothing is computed here that a
wla function already computes.
"""
from __future__ import annotations

from . import data
from .analysis.indicators import population_id, region_rate, used
from .paths import data_dir
from .present.fmt import number
from .present.sources import lines as source_lines
from .present.words import t
from .regions import region as resolve_region
from .snapshot.build import verify_snapshot

POPULATION = "bevoelkerung_z22"
REFUGEES = "schutzsuchende"


def _latest_total(indicator: str, reg):
    """Region total of ``indicator`` (category ``insgesamt``) in its newest year with values."""
    year = int(data.load(indicator, reg, level="kreis", category="insgesamt")["year"].max())
    return data.region_total(indicator, reg, year)


def region_facts(region) -> dict:
    """The figures of one region for the summary, with the indicator years they come from
    (``sources``: indicator -> years, see :func:`wla.analysis.indicators.used`)."""
    reg = resolve_region(region)
    gem = reg.gemeinden()
    pop = _latest_total(POPULATION, reg)
    refugees = _latest_total(REFUGEES, reg)
    year = int(refugees["year"].iloc[0])
    rate = region_rate(REFUGEES, population_id(year, reg, REFUGEES), reg, year)
    names = data.load(POPULATION, reg, level="kreis", category="insgesamt").drop_duplicates("ags")
    return {
        "label": reg.label,
        "kreise": [f"{n} ({a})" for a, n in zip(names["ags"], names["name"])],
        "edition": int(gem["edition"].max()),
        "gemeinden": len(gem),
        "population_year": int(pop["year"].iloc[0]),
        "population": pop["value"].iloc[0],
        "refugees_year": year,
        "refugees": refugees["value"].iloc[0],
        "per_1000": rate["value"],
        "sources": used(pop, refugees, rate["used"]),
    }


def region_summary(region="kielregion", vs="coburg", lang: str = "de") -> str:
    """Verify ``data/`` against its manifest, then a short text on ``region`` and ``vs``.

    Raises :class:`wla.exceptions.SnapshotError` if a snapshot file was changed or is missing,
    :class:`wla.exceptions.UnknownRegionError` for an unknown region.
    """
    manifest = verify_snapshot(data_dir())
    facts = [region_facts(region), region_facts(vs)]
    lines = [
        t("summary.titel", lang, region=facts[0]["label"], vergleich=facts[1]["label"]),
        t("summary.snapshot", lang, dateien=len(manifest["files"]), indikatoren=len(manifest["indicators"])),
    ]
    sources: dict = {}
    for f in facts:
        lines += [
            "",
            f["label"],
            t("summary.kreise", lang, n=len(f["kreise"]), namen="; ".join(f["kreise"])),
            t("summary.gemeinden", lang, edition=f["edition"], n=number(f["gemeinden"], 0, lang)),
            t("summary.einwohner", lang, jahr=f["population_year"], wert=number(f["population"], 0, lang)),
            t("summary.schutzsuchende", lang, jahr=f["refugees_year"], wert=number(f["refugees"], 0, lang),
              je_1000=number(f["per_1000"], 1, lang)),
        ]
        sources = used(sources, f["sources"])
    lines += ["", t("summary.rundung", lang), "", t("summary.quellen", lang)]
    lines += [f"- {s}" for s in source_lines(sources, lang)]
    return "\n".join(lines)
