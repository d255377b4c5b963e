"""The indicator catalogue: what each indicator id means, where it comes from, and which way is better.

Every indicator is one table of the reviewed data file ``wla/catalog.toml`` (see its header for the
fields). :func:`read_catalog` loads and validates it; the snapshot recipes (``wla/snapshot/*.py``)
take their :class:`Indicator` rows from it with :func:`declared`; the snapshot writes the merged rows
to ``data/catalog.csv``, which is what :func:`wla.indicators`, :func:`wla.data.entry` and every
caption read at run time.
"""
from __future__ import annotations

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .exceptions import CatalogError

CATALOG_FILE = Path(__file__).with_name("catalog.toml")
THEMES = ("bevoelkerung", "wohnen", "lernen", "arbeiten", "finanzen", "raum")
KINDS = ("count", "rate", "mean", "class")
POLARITIES = ("favourable", "unfavourable", "context")
BASES = ("", "Zensus 2011", "Zensus 2022")
LEVELS = ("bund", "land", "kreis", "gemeinde")
#: Plausibility screens (see wla/snapshot/quality.py): "share" – a value in % must lie in 0–100;
#: "positive" – an amount per inhabitant (or per m²) must be above 0; "municipal" – an amount of the
#: municipal budget, not meaningful for a city state (Berlin, Hamburg); "gap" – a yearly series value
#: below a fifth of both neighbouring years is a reporting gap; "" – no screen.
SCREENS = ("", "share", "positive", "municipal", "gap")
DL_DE_BY = "Datenlizenz Deutschland – Namensnennung – Version 2.0 (dl-de/by-2-0)"
BA_TERMS = (
    "Statistik der Bundesagentur für Arbeit: Nutzung und Weitergabe mit Quellenangabe "
    "(Nutzungsbedingungen der Statistik der BA)"
)


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue (one row of ``wla/catalog.toml`` for one recipe).

    ``kind`` says how a region total is formed:
      * ``count``  – summed over members;
      * ``rate``   – recomputed as sum(numerator) / sum(denominator) × ``scale`` when both ids are
                     given, else as the ``weight``-weighted mean (weight = the rate's own
                     denominator population, e.g. dwellings for a vacancy rate); with neither,
                     a region total is not meaningful and is flagged ``/``;
      * ``mean``   – like ``rate`` (a per-unit average such as rent per m²);
      * ``class``  – a classification (BBSR type); ``value`` is the class code, ``category`` its
                     label; no region total.
    ``totals`` says the same in words for readers of the catalogue.
    ``basis`` names the population base of the figure ("Zensus 2011", "Zensus 2022" or "").
    ``screen`` names the plausibility rule applied at build time (:data:`SCREENS`).
    ``national_note``: why Germany's value is not available although every Kreis has one (the
    publisher's national figure is not among the source files and forming it from the members
    would use another definition); empty where Germany is formed like any region.
    ``see_also``: the id of the same concept from another source with other years (e.g.
    ``arbeitslose`` and ``arbeitslose_ba``); named when years are asked that this id lacks.
    ``polarity``: ``favourable`` (higher is better for how refugees live, learn and work),
    ``unfavourable`` (higher is worse) or ``context`` (neither); ``polarity_reason`` says why.
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
    polarity: str = "context"
    polarity_reason: str = ""
    totals: str = ""
    screen: str = ""
    national_note: str = ""
    see_also: str = ""

    def __post_init__(self):
        _check_choice(self.id, "theme", self.theme, THEMES)
        _check_choice(self.id, "kind", self.kind, KINDS)
        _check_choice(self.id, "polarity", self.polarity, POLARITIES)
        _check_choice(self.id, "basis", self.basis, BASES)
        _check_choice(self.id, "screen", self.screen, SCREENS)
        for level in self.levels:
            _check_choice(self.id, "levels", level, LEVELS)
        if self.polarity != "context" and not self.polarity_reason.strip():
            raise CatalogError(
                f"indicator {self.id!r}: polarity {self.polarity!r} needs a one-line polarity_reason "
                f"in {CATALOG_FILE.name}"
            )

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
#: Fields a catalogue table must give (the others have the defaults of :class:`Indicator`).
REQUIRED = ("label_de", "label_en", "unit", "theme", "kind", "polarity", "totals", "levels",
            "publisher", "table", "reference", "licence", "url", "raw_files")
_FIELDS = set(CATALOG_COLUMNS) - {"id"}


def _check_choice(ident: str, field: str, value, choices) -> None:
    if value not in choices:
        raise CatalogError(
            f"indicator {ident!r}: {field} {value!r} is not one of {list(choices)}; "
            f"correct it in {CATALOG_FILE.name}"
        )


def _fields(ident: str, table: dict, where: str) -> dict:
    """Catalogue fields of one table as Indicator arguments; unknown keys are an error."""
    unknown = sorted(set(table) - _FIELDS)
    if unknown:
        raise CatalogError(f"indicator {ident!r}{where}: unknown field(s) {unknown}; allowed: {sorted(_FIELDS)}")
    out = dict(table)
    for key in ("levels", "raw_files"):
        if key in out:
            if not isinstance(out[key], list) or not all(isinstance(v, str) for v in out[key]):
                raise CatalogError(f"indicator {ident!r}{where}: {key} must be a list of strings")
            out[key] = tuple(out[key])
    if "scale" in out:
        out["scale"] = float(out["scale"])
    return out


@functools.lru_cache(maxsize=4)
def read_catalog(path: Path = CATALOG_FILE) -> dict[str, dict[str, Indicator]]:
    """The catalogue file as ``{id: {recipe: Indicator}}``, validated.

    Raises :class:`CatalogError` for a file that is not valid TOML, a table without ``recipes``
    or a required field, an unknown field, theme, kind, polarity, basis or level, a favourable or
    unfavourable polarity without its reason, or a ``by_recipe`` table for a recipe not listed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise CatalogError(f"catalogue file {path} cannot be read ({err}); restore it with `git checkout {path.name}`")
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise CatalogError(f"catalogue file {path} is not valid TOML: {err}")
    out: dict[str, dict[str, Indicator]] = {}
    for ident, table in raw.items():
        if not isinstance(table, dict):
            raise CatalogError(f"{path.name}: top-level key {ident!r} must be a table [{ident}]")
        table = dict(table)
        recipes = table.pop("recipes", None)
        by_recipe = table.pop("by_recipe", {})
        if not recipes or not isinstance(recipes, list):
            raise CatalogError(f"indicator {ident!r}: give `recipes = [...]`, the snapshot recipe(s) that build it")
        extra = sorted(set(by_recipe) - set(recipes))
        if extra:
            raise CatalogError(f"indicator {ident!r}: by_recipe tables {extra} for recipes not in recipes = {recipes}")
        common = _fields(ident, table, "")
        out[ident] = {}
        for recipe in recipes:
            fields = {**common, **_fields(ident, by_recipe.get(recipe, {}), f" (by_recipe.{recipe})")}
            missing = [f for f in REQUIRED if f not in fields]
            if missing:
                raise CatalogError(f"indicator {ident!r} (recipe {recipe}): required field(s) {missing} missing")
            out[ident][recipe] = Indicator(id=ident, **fields)
    return out


def declared(recipe: str, path: Path = CATALOG_FILE) -> list[Indicator]:
    """The catalogue rows of the indicators one snapshot recipe builds, in file order."""
    found = [by[recipe] for by in read_catalog(Path(path)).values() if recipe in by]
    if not found:
        raise CatalogError(f"no indicator of {Path(path).name} names recipe {recipe!r} in its recipes")
    return found
