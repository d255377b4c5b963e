"""``wla summary``: check the snapshot and describe a region pair in a few lines.

For each region: its Kreise, the number of Gemeinden (newest Gemeindeverzeichnis edition), the
population of the newest year of 12411 (Zensus 2022 basis) and the protection seekers of the
newest 12531 year, absolute and per 1,000 inhabitants (sum of counts / sum of population × 1,000,
see :func:`wla.analysis.indicators.region_rate`). Numbers in German format; the source lines
close the text. Everything is read through :mod:`wla.data`; nothing is computed here that a
wla function already computes.
"""
from __future__ import annotations

import pandas as pd

from . import data, store
from .analysis.indicators import population_id, region_rate
from .exceptions import ParameterError
from .present import sources_of
from .present.fmt import number
from .present.words import t
from .regions import region as resolve_region

POPULATION = "bevoelkerung_z22"
GEMEINDE_POPULATION = "bevoelkerung"
REFUGEES = "schutzsuchende"


def _latest_total(indicator: str, reg):
    """Region total of ``indicator`` (category ``insgesamt``) in its newest year with values."""
    level = "kreis" if reg.level == "kreis" else "gemeinde"
    year = int(data.load(indicator, reg, level=level, category="insgesamt")["year"].max())
    return data.region_total(indicator, reg, year)


def region_facts(region) -> dict:
    """The figures of one region for the summary, with the source lines they come from.

    A set of Gemeinden that makes up whole Kreise is described by those Kreise; one that cuts
    through a Kreis gets the Gemeinde population of the Gemeindeverzeichnis (Zensus 2011 basis)
    and no protection seekers (12531 is published for Kreise only): ``refugees`` is None."""
    given = resolve_region(region)
    reg = given.whole_kreise() or given
    gem = reg.gemeinden()
    names = store.names()
    facts = {
        "label": reg.label,
        "kreise": [f"{names.get(a, a)} ({a})" for a in reg.kreise],
        "edition": int(gem["edition"].max()),
        "gemeinden": len(gem),
    }
    if reg.level == "gemeinde":
        pop = _latest_total(GEMEINDE_POPULATION, reg)
        return {**facts, "population_year": int(pop["year"].iloc[0]), "population": pop["value"].iloc[0],
                "population_basis": "gemeinden", "refugees": None, "sources": sources_of(pop)}
    pop = _latest_total(POPULATION, reg)
    refugees = _latest_total(REFUGEES, reg)
    year = int(refugees["year"].iloc[0])
    rate = region_rate(REFUGEES, population_id(year, reg, REFUGEES), reg, year)
    return {
        **facts,
        "population_year": int(pop["year"].iloc[0]),
        "population": pop["value"].iloc[0],
        "population_basis": "kreise",
        "refugees_year": year,
        "refugees": refugees["value"].iloc[0],
        "per_1000": rate["value"],
        "sources": sources_of(pop, refugees, pd.DataFrame({"source": [rate["source"]]})),
    }


def region_summary(region="kielregion", vs="coburg", lang: str = "de") -> str:
    """Verify ``data/`` against its manifest, then a short text on ``region`` and ``vs``
    (anything :func:`wla.region` accepts, e.g. "01054,01059" or "Landkreis Coburg").

    Raises :class:`wla.exceptions.SnapshotError` if a snapshot file was changed, added or is
    missing, :class:`wla.exceptions.UnknownRegionError` / ``AmbiguousRegionError`` for a region
    it cannot resolve, :class:`wla.exceptions.ParameterError` if both regions are the same.
    """
    manifest = store.manifest()
    reg, other = resolve_region(region), resolve_region(vs)
    if (reg.level, reg.codes) == (other.level, other.codes):
        raise ParameterError(
            f"the comparison region is the same region as the region ({reg.label}): "
            "choose a different --vs"
        )
    facts = [region_facts(reg), region_facts(other)]
    lines = [
        t("summary.titel", lang, region=facts[0]["label"], vergleich=facts[1]["label"]),
        t("summary.snapshot", lang, dateien=len(manifest["files"]), indikatoren=len(manifest["indicators"])),
    ]
    sources: list[str] = []
    for f in facts:
        lines += [
            "",
            f["label"],
            t("summary.kreise", lang, n=len(f["kreise"]), namen="; ".join(f["kreise"])),
            t("summary.gemeinden", lang, edition=f["edition"], n=number(f["gemeinden"], lang=lang)),
            t("summary.einwohner" if f["population_basis"] == "kreise" else "summary.einwohner_gemeinden",
              lang, jahr=f["population_year"], wert=number(f["population"], lang=lang)),
            t("summary.schutzsuchende", lang, jahr=f["refugees_year"], wert=number(f["refugees"], lang=lang),
              je_1000=number(f["per_1000"], 1, lang=lang)) if f["refugees"] is not None
            else t("summary.schutzsuchende_nur_kreise", lang),
        ]
        sources += [s for s in f["sources"] if s not in sources]
    lines += ["", t("summary.rundung", lang), "", t("summary.quellen", lang)]
    lines += [f"- {s}" for s in sources]
    return "\n".join(lines)
