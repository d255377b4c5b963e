"""Regions: named sets of Kreise or Gemeinden.

Built in: ``kielregion`` (Kiel 01002, Neumünster 01004, Kreis Plön 01057, Kreis
Rendsburg-Eckernförde 01058), ``coburg`` (Landkreis Coburg 09473) and ``coburg_stadt_land``
(Stadt 09463 and Landkreis Coburg 09473). Anything else is built from codes or names:
``region(["01054", "01059"], name="Nordfriesland und Schleswig-Flensburg")``, a Land code
(``"01"``: all its Kreise), a Kreis name (``"Nordfriesland"``) or Gemeinde codes.

Membership is read from the Destatis Gemeindeverzeichnis edition that fits the year asked, so
territorial changes between editions are taken as the GV records them.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from . import store
from .exceptions import ParameterError, UnknownRegionError

BUILTIN = {
    "kielregion": ("KielRegion", ("01002", "01004", "01057", "01058")),
    "coburg": ("Landkreis Coburg", ("09473",)),
    "coburg_stadt_land": ("Stadt und Landkreis Coburg", ("09463", "09473")),
}


@dataclass(frozen=True)
class Region:
    """A named set of Kreise (``level == "kreis"``) or of Gemeinden (``level == "gemeinde"``).

    ``key`` is a short identifier used in file names (``kielregion``, ``01054``, …), ``label``
    the name shown in reports, ``codes`` the member keys (5-digit Kreis or 8-digit Gemeinde AGS).
    """

    key: str
    label: str
    codes: tuple[str, ...]
    level: str = "kreis"

    @property
    def kreise(self) -> tuple[str, ...]:
        """Member Kreise; for a Gemeinde region the Kreise its Gemeinden lie in."""
        if self.level == "kreis":
            return self.codes
        return tuple(sorted({c[:5] for c in self.codes}))

    def gemeinden(self, year: int | None = None) -> pd.DataFrame:
        """Member Gemeinden of the GV edition in force for ``year`` (default: newest edition).

        Gemeindefreie Gebiete are not municipalities and are not listed. Columns: ``edition``,
        ``ags``, ``name``, ``kreis``, ``kreis_name``, ``land``, ``verband``, ``lon``, ``lat``.
        """
        gaz = store.gazetteer()
        edition = edition_for(year)
        rows = gaz[gaz["edition"] == edition]
        if self.level == "kreis":
            rows = rows[rows["kreis"].isin(self.codes)]
        else:
            rows = rows[rows["ags"].isin(self.codes)]
        return rows.sort_values("ags").reset_index(drop=True)

    def contains(self, ags: pd.Series) -> pd.Series:
        """Boolean mask: which keys (Kreis or Gemeinde AGS) lie in this region."""
        ags = ags.astype(str)
        if self.level == "kreis":
            return ags.str[:5].isin(self.codes) & ags.str.len().isin([5, 8])
        return ags.isin(self.codes)

    @classmethod
    def from_codes(cls, codes, name: str | None = None) -> "Region":
        """A region of Kreis codes (5 digits), Land codes (2 digits: all their Kreise) or
        Gemeinde codes (8 digits); unknown codes raise with close matches."""
        return _from_codes(cls, codes, name)

    def __str__(self) -> str:
        return self.label


def edition_for(year: int | None) -> int:
    """The GV edition (year of its Gebietsstand) that fits ``year``: the newest not after it."""
    editions = sorted(store.gazetteer()["edition"].unique())
    if year is None:
        return int(editions[-1])
    fitting = [e for e in editions if e <= int(year)]
    return int(fitting[-1] if fitting else editions[0])


def newest_kreise() -> tuple[str, ...]:
    """All Kreise of the newest GV edition."""
    k = store.kreise()
    return tuple(sorted(k.loc[k["edition"] == k["edition"].max(), "kreis"]))


def _kreis_table() -> pd.DataFrame:
    return store.kreise().sort_values("edition").drop_duplicates("kreis", keep="last")


def _suggest(given: str) -> list[str]:
    k = _kreis_table()
    choices = {key: key for key in BUILTIN}
    choices.update({f"{c} ({n})": c for c, n in zip(k["kreis"], k["name"])})
    choices.update({n.lower(): f"{c} ({n})" for c, n in zip(k["kreis"], k["name"])})
    hits = difflib.get_close_matches(str(given).lower(), list(choices), n=5, cutoff=0.6)
    if str(given).isdigit():
        hits += [key for key in choices if key.startswith(str(given)[:4]) and key[:1].isdigit()][:5]
    out = []
    for h in hits:
        label = h if h in BUILTIN or h[:1].isdigit() else choices[h]
        if label not in out:
            out.append(label)
    return out[:5]


def region(spec, name: str | None = None) -> Region:
    """Resolve a region: a :class:`Region`, a built-in name, a code, a Kreis name or a list of codes.

    Raises :class:`wla.exceptions.UnknownRegionError` naming close matches for anything unknown
    and :class:`wla.exceptions.ParameterError` for an empty list or mixed levels.
    """
    if isinstance(spec, Region):
        return spec if name is None else Region(spec.key, name, spec.codes, spec.level)
    if isinstance(spec, str):
        key = spec.strip().lower()
        if key in BUILTIN:
            label, codes = BUILTIN[key]
            return Region(key, name or label, codes, "kreis")
        if key in ("deutschland", "de", "dg"):
            return Region("deutschland", name or "Deutschland", newest_kreise(), "kreis")
        if not re.fullmatch(r"\d+", spec.strip()):
            k = _kreis_table()
            exact = k[k["name"].str.lower().str.split(",").str[0].str.strip() == key]
            if len(exact) == 1:
                code = exact["kreis"].iloc[0]
                return Region(code, name or exact["name"].iloc[0], (code,), "kreis")
            raise UnknownRegionError(spec, _suggest(spec))
        return Region.from_codes([spec.strip()], name=name)
    if isinstance(spec, (list, tuple, set, pd.Series)):
        return Region.from_codes(list(spec), name=name)
    raise ParameterError(
        f"region must be a name, a code string or a list of code strings, not {type(spec).__name__}"
    )


def _from_codes(cls, codes, name=None) -> Region:
    codes = [str(c).strip() for c in codes]
    if not codes:
        raise ParameterError("an empty region has no members: give at least one Kreis or Gemeinde code")
    bad = [c for c in codes if not re.fullmatch(r"\d{2}|\d{5}|\d{8}", c)]
    if bad:
        raise UnknownRegionError(bad[0], _suggest(bad[0]))
    k = store.kreise()
    gaz = store.gazetteer()
    known_kreise = set(k["kreis"])
    known_laender = set(k["land"])
    known_gemeinden = set(gaz["ags"])
    lengths = {len(c) for c in codes}
    if lengths == {2} or lengths == {2, 5}:
        expanded = []
        for c in codes:
            if len(c) == 2:
                if c not in known_laender:
                    raise UnknownRegionError(c, _suggest(c))
                newest = k[k["edition"] == k["edition"].max()]
                expanded += sorted(newest.loc[newest["land"] == c, "kreis"])
            else:
                expanded.append(c)
        codes, lengths = expanded, {5}
    if lengths == {5}:
        for c in codes:
            if c not in known_kreise:
                raise UnknownRegionError(c, _suggest(c))
        level = "kreis"
    elif lengths == {8}:
        for c in codes:
            if c not in known_gemeinden:
                raise UnknownRegionError(c, _suggest(c))
        level = "gemeinde"
    else:
        raise ParameterError(
            f"region codes mix Gemeinden and Kreise ({codes[:4]}…): use one level, "
            "e.g. the Kreis codes, or only Gemeinde codes"
        )
    codes = tuple(sorted(set(codes)))
    if name is None:
        known = store.names()
        name = known.get(codes[0], codes[0]) if len(codes) == 1 else " + ".join(known.get(c, c) for c in codes)
    key = codes[0] if len(codes) == 1 else re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:40]
    return cls(key, name, codes, level)

