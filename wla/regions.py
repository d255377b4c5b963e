"""Regions: named sets of Kreise or Gemeinden, resolved from what people type.

:func:`region` is the one resolver used by the API, ``wla report``, ``wla summary`` and the
notebooks. It accepts

* built-in names: ``kielregion`` (Kiel 01002, Neumünster 01004, Kreis Plön 01057, Kreis
  Rendsburg-Eckernförde 01058), ``coburg`` (Landkreis Coburg 09473), ``coburg_stadt_land``
  (Stadt 09463 and Landkreis 09473), ``deutschland`` — and their labels ("Landkreis Coburg");
* codes (AGS): a Land (2 digits, one region named after the Land), a Kreis (5), a Gemeinde (8),
  lists of them, or one string of codes separated by commas (``"01054,01059"``); integers, as
  papermill's ``-p region 3241`` passes them, are padded with their leading zero (``"03241"``);
* names from the Gemeindeverzeichnis of the snapshot, with or without their kind: "Kiel",
  "Kiel, Landeshauptstadt", "Landeshauptstadt Kiel", "Kreis Plön", "Landkreis Coburg",
  "Coburg, Stadt"; Land names ("Schleswig-Holstein"); Gemeinde names, disambiguated by their
  Kreis where needed ("Rödental", "Neustadt, Landkreis Coburg"); several names separated by
  commas. Umlauts may be written as ae/oe/ue, case does not matter.

A name that fits several regions raises :class:`wla.exceptions.AmbiguousRegionError` listing
them ("München": the Landeshauptstadt 09162 and the Landkreis 09184); an unknown one raises
:class:`wla.exceptions.UnknownRegionError` with close matches. Names are looked up among the
Länder and Kreise first, then among the Gemeinden, then by their short form ("Neustadt" for
"Neustadt b.Coburg").

Membership and names come from the newest Gemeindeverzeichnis edition in the snapshot; codes
that no longer exist there (dissolved or merged) are refused naming the last edition that lists
them. :meth:`Region.gemeinden` reads the edition that fits the year asked.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import store
from .exceptions import AmbiguousRegionError, ParameterError, UnknownRegionError

#: Built-in regions: key -> (label, Kreis codes). ``deutschland`` (every Kreis) is built in too.
BUILTIN = {
    "kielregion": ("KielRegion", ("01002", "01004", "01057", "01058")),
    "coburg": ("Landkreis Coburg", ("09473",)),
    "coburg_stadt_land": ("Stadt und Landkreis Coburg", ("09463", "09473")),
}
GERMANY = ("deutschland", "Deutschland")

#: Words for a Kreis's kind that people put before or after its name, per Textkennzeichen of the
#: Gemeindeverzeichnis (41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis, 44 Landkreis, 45
#: Regionalverband).
KIND_WORDS = {
    "41": ("Stadt", "kreisfreie Stadt"),
    "42": ("Stadtkreis", "Stadt"),
    "43": ("Kreis", "Landkreis"),
    "44": ("Landkreis", "Kreis"),
    "45": ("Regionalverband",),
}
#: Where the short form of a place name ends: "Neustadt b.Coburg", "Neustadt a.d.Aisch",
#: "Neustadt (Hessen)", "Neustadt/ Westerwald", "Neustadt in Holstein", "Frankfurt am Main".
_QUALIFIER = re.compile(r"\s*(?:\(|/|,|\s(?:b\.|bei|a\.|am|an|i\.|im|in|ob|o\.|v\.d\.)(?=\s|[A-ZÄÖÜ]))")
#: Abbreviations in Gemeinde names of the Gemeindeverzeichnis, written out where they read one
#: way only (checked against every name of the 2024 edition): "b." is "bei" ("Neustadt
#: b.Coburg"; not before "Hl.": Neukirchen beim Heiligen Blut), "a." alone "am" ("Grub
#: a.Forst", "Lohr a.Main"), "i.d." "in der" ("Weiden i.d.OPf."). Others stay, with a space after
#: the dot as the BKG writes them: "a.d." (an der, but "Bernstadt a. d. Eigen" is auf dem),
#: "v.d." (vor der, vor dem), "i." (in, im), "St." (Sankt), "OPf.", "Vogtl.".
_SPELLED_OUT = (
    (re.compile(r"(?<=\s)b\.(?!\s?Hl\.)\s?"), "bei "),
    (re.compile(r"(?<=\s)a\.(?!\s?d\.)\s?"), "am "),
    (re.compile(r"(?<=\s)i\.\s?d\.\s?"), "in der "),
    (re.compile(r"(?<=[\s.])([A-Za-zÄÖÜäöü]{1,5}\.)(?=[A-Za-zÄÖÜäöü])"), r"\1 "),
)
_CODES = re.compile(r"\d+(?:\s*,\s*\d+)*")
_DASH, _COMMA, _SPACE = re.compile(r"\s*-\s*"), re.compile(r"\s*,\s*"), re.compile(r"\s+")


@dataclass(frozen=True)
class Region:
    """A named set of Kreise (``level == "kreis"``) or of Gemeinden (``level == "gemeinde"``).

    ``key`` is a short identifier (``kielregion``, ``01054``, ``01`` for a Land, a slug plus a
    hash of the codes for other sets), ``label`` the name shown in reports, ``codes`` the member
    keys (5-digit Kreis or 8-digit Gemeinde AGS, sorted).
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

    @property
    def laender(self) -> tuple[str, ...]:
        """Codes of the Länder this region covers completely (every Kreis of the newest edition)."""
        if self.level != "kreis":
            return ()
        members = set(self.codes)
        return tuple(land for land, kreise in _land_kreise().items() if set(kreise) <= members)

    @property
    def city_states(self) -> tuple[str, ...]:
        """Codes of the Länder this region covers that are a single Kreis (Hamburg 02, Berlin 11):
        every state facility of such a Land, e.g. its reception facilities, lies in that Kreis."""
        return tuple(land for land in self.laender if land in city_states())

    @property
    def whole_laender(self) -> tuple[str, ...]:
        """Codes of the Länder of several Kreise this region covers completely (Schleswig-Holstein
        01, not the city states): such a region is no Kreis-sized unit – the differences of its
        Kreise average out – and is not ranked among single Kreise or given structural twins."""
        return tuple(land for land in self.laender if land not in city_states())

    def whole_kreise(self) -> "Region | None":
        """This region as a set of Kreise, if it is one: a Kreis region itself, a Gemeinde region
        whose Gemeinden make up whole Kreise (newest edition) as those Kreise under the same
        label; ``None`` for a Gemeinde set that cuts through a Kreis."""
        if self.level == "kreis":
            return self
        g = _newest_gemeinden_table()
        kreise = self.kreise
        if set(g.loc[g["kreis"].isin(kreise), "ags"]) != set(self.codes):
            return None
        return Region(_key(kreise, self.label, "kreis"), self.label, kreise, "kreis")

    def gemeinden(self, year: int | None = None) -> pd.DataFrame:
        """Member Gemeinden of the GV edition in force for ``year`` (default: newest edition).

        Gemeindefreie Gebiete are not municipalities and are not listed. Columns: ``edition``,
        ``ags``, ``name``, ``kreis``, ``kreis_name``, ``land``, ``verband``, ``lon``, ``lat``.
        A year before the oldest edition raises :class:`ParameterError` naming the editions.
        """
        gaz = store.gazetteer()
        edition = edition_for(year)
        rows = gaz[gaz["edition"] == edition]
        if self.level == "kreis":
            rows = rows[rows["kreis"].isin(self.codes)]
        else:
            rows = rows[rows["ags"].isin(self.codes)]
        return rows.sort_values("ags").reset_index(drop=True)

    def single_gemeinde(self, year: int | None = None) -> bool:
        """True when the region is one Gemeinde in the GV edition for ``year`` (Berlin, Hamburg,
        a kreisfreie Stadt): methods that compare or rank Gemeinden within a region do not apply."""
        return len(self.gemeinden(year)) == 1

    def contains(self, ags: pd.Series) -> pd.Series:
        """Boolean mask: which keys (Kreis or Gemeinde AGS) lie in this region."""
        ags = ags.astype(str)
        if self.level == "kreis":
            return ags.str[:5].isin(self.codes) & ags.str.len().isin([5, 8])
        return ags.isin(self.codes)

    @classmethod
    def from_codes(cls, codes, name: str | None = None) -> "Region":
        """A region of Land codes (2 digits: all their Kreise), Kreis codes (5 digits) or
        Gemeinde codes (8 digits) of the newest GV edition; unknown codes raise with close
        matches, dissolved ones naming the last edition that lists them."""
        return _from_codes(codes, name)

    def __str__(self) -> str:
        return self.label


def overlap(a: Region, b: Region) -> str:
    """How ``a`` and ``b`` share territory (newest Gemeindeverzeichnis): ``"in"`` when ``a`` lies
    inside ``b`` (Kiel in Schleswig-Holstein), ``"um"`` when ``a`` contains ``b``, ``"teil"`` when
    they share part of it, ``""`` when they are apart."""
    if a.level == b.level == "kreis":
        mine, theirs = set(a.codes), set(b.codes)
    else:
        mine, theirs = (set(r.codes) if r.level == "gemeinde" else set(r.gemeinden()["ags"]) for r in (a, b))
    if not mine & theirs:
        return ""
    if mine <= theirs:
        return "in"
    return "um" if theirs <= mine else "teil"


def editions() -> list[int]:
    """The Gemeindeverzeichnis editions in the snapshot (years of their Gebietsstand)."""
    return sorted(int(e) for e in store.gazetteer()["edition"].unique())


def edition_for(year: int | None) -> int:
    """The GV edition (year of its Gebietsstand) in force in ``year``: the newest not after it.

    ``None`` means the newest edition; a year before the oldest edition or anything that is not
    a year raises :class:`ParameterError` naming the editions."""
    known = editions()
    if year is None:
        return known[-1]
    if not isinstance(year, (int, np.integer)) or isinstance(year, (bool, np.bool_)):
        raise ParameterError(
            f"year must be an integer such as {known[-1]}, not {year!r}; "
            f"Gemeindeverzeichnis editions: {', '.join(map(str, known))}"
        )
    fitting = [e for e in known if e <= int(year)]
    if not fitting:
        raise ParameterError(
            f"no Gemeindeverzeichnis edition was in force in {year}; the snapshot holds the "
            f"editions {', '.join(map(str, known))} (use {known[0]} or later)"
        )
    return fitting[-1]


def newest_kreise() -> tuple[str, ...]:
    """All Kreise of the newest GV edition."""
    return tuple(sorted(_newest_kreise_table()["kreis"]))


@store.per_snapshot()
def _newest_kreise_table() -> pd.DataFrame:
    k = store.kreise()
    return k[k["edition"] == k["edition"].max()].reset_index(drop=True)


@store.per_snapshot()
def _newest_gemeinden_table() -> pd.DataFrame:
    g = store.gazetteer()
    return g[g["edition"] == g["edition"].max()].reset_index(drop=True)


@store.per_snapshot()
def city_states() -> dict[str, str]:
    """Länder that are a single Kreis (newest Gemeindeverzeichnis): Land key -> Kreis key
    (Hamburg 02 -> 02000, Berlin 11 -> 11000; Bremen has two Kreise and is none)."""
    return {land: kreise[0] for land, kreise in _land_kreise().items() if len(kreise) == 1}


def _land_kreise() -> dict[str, tuple[str, ...]]:
    k = _newest_kreise_table()
    return {land: tuple(sorted(g["kreis"])) for land, g in k.groupby("land")}


# ---------------------------------------------------------------- names

def _norm(text: str) -> str:
    """Lower case, umlauts as ae/oe/ue, ß as ss, dashes and spaces unified."""
    text = unicodedata.normalize("NFC", str(text)).lower().strip()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return _SPACE.sub(" ", _COMMA.sub(", ", _DASH.sub("-", text)))


def gemeinde_label(name: str) -> str:
    """A Gemeinde's name as a region label: the official name of the Gemeindeverzeichnis without
    its kind after the comma (the Bavarian entries' "St", "M", "GKSt" and designations such as
    "Stadt", "Landeshauptstadt" alike) and with its abbreviations written out where they read
    one way only (:data:`_SPELLED_OUT`): "Neustadt b.Coburg, GKSt" -> "Neustadt bei Coburg",
    "Rödental, St" -> "Rödental", "Grub a.Forst" -> "Grub am Forst", "Neustadt a.d.Aisch, St"
    -> "Neustadt a. d. Aisch", "Lindenberg i.Allgäu, St" -> "Lindenberg i. Allgäu"."""
    head, _, kind = str(name).partition(", ")
    second = kind.partition(" / ")[2]  # a Sorbian name after the kind: "Weißwasser/O.L., Stadt / Běła Woda"
    text = f"{head} / {second}" if second else head
    for pattern, spelled in _SPELLED_OUT:
        text = pattern.sub(spelled, text)
    return _SPACE.sub(" ", text).strip()


def _short(name: str) -> str:
    """The short form of a place name: "Neustadt" for "Neustadt b.Coburg, GKSt"."""
    return _QUALIFIER.split(name.split(",")[0].strip())[0].strip()


@dataclass(frozen=True)
class _Place:
    """One nameable region: a Land, a Kreis or a Gemeinde of the newest edition."""

    level: str  # "land", "kreis" or "gemeinde"
    code: str
    name: str  # official name as the GV prints it
    kreis: str = ""  # for a Gemeinde: its Kreis code

    def describe(self) -> str:
        """Code and name as shown in a list of candidates: "09184 (München, Landkreis)"."""
        if self.level == "gemeinde":
            return f"{self.code} ({self.name}, {store.names().get(self.kreis, self.kreis)})"
        return f"{self.code} ({store.names().get(self.code, self.name) if self.level == 'kreis' else self.name})"


@store.per_snapshot()
def _name_index() -> tuple[dict, dict, dict]:
    """Three tiers of normalised name -> places: Länder and Kreise (official names and with
    their kind), Gemeinden (official names), short forms of Kreis and Gemeinde names."""
    tiers: tuple[dict, dict, dict] = ({}, {}, {})

    def add(tier, alias, place):
        places = tiers[tier].setdefault(_norm(alias), [])
        if place not in places:
            places.append(place)

    k = _newest_kreise_table()
    for land, land_name in sorted(set(zip(k["land"], k["land_name"]))):
        place = _Place("land", land, land_name)
        for alias in (land_name, f"Land {land_name}", f"Freistaat {land_name}", f"Bundesland {land_name}"):
            add(0, alias, place)
    for code, name, tk in zip(k["kreis"], k["name"], k["textkennzeichen"]):
        place = _Place("kreis", code, name)
        base, _, suffix = (part.strip() for part in name.partition(","))
        add(0, name, place)
        add(0, base, place)
        if suffix:
            add(0, f"{suffix} {base}", place)
        for word in KIND_WORDS.get(tk, ()):
            add(0, f"{word} {base}", place)
            add(0, f"{base}, {word}", place)
        add(2, _short(name), place)
    g = _newest_gemeinden_table()
    for code, name, kreis in zip(g["ags"], g["name"], g["kreis"]):
        place = _Place("gemeinde", code, name, kreis)
        base = name.split(",")[0].strip()
        add(1, name, place)
        add(1, base, place)
        add(1, gemeinde_label(name), place)
        add(2, _short(name), place)
    return tiers


def _places(text: str) -> list[_Place]:
    """Places a name denotes: the first tier with a match; a Gemeinde may be followed by its
    Kreis after a comma ("Neustadt, Landkreis Coburg")."""
    key = _norm(text)
    tiers = _name_index()
    for tier in tiers:
        if key in tier:
            return list(tier[key])
    if "," in key:
        place, _, kreis = key.rpartition(", ")
        within = [p.code for p in _places(kreis) if p.level == "kreis"] if kreis else []
        if within:
            for tier in tiers[1:]:
                hits = [p for p in tier.get(place, []) if p.level == "gemeinde" and p.kreis in within]
                if hits:
                    return hits
    return []


def _suggest(given: str) -> list[str]:
    """Up to five close matches: built-in names, codes with their names, official names."""
    text = str(given).strip()
    if _CODES.fullmatch(text):
        code = text.split(",")[0].strip()
        if len(code) in (1, 4, 7):  # leading zero lost, e.g. in a spreadsheet
            padded = code.zfill(len(code) + 1)
            if len(code) == 1:
                return [f"{padded} ({_land_names()[padded]})"] if padded in _land_names() else []
            pool = _newest_gemeinden_table() if len(code) == 7 else _newest_kreise_table()
            column = "ags" if len(code) == 7 else "kreis"
            if padded in set(pool[column]):
                return [f"{padded} ({store.names().get(padded, padded)})"]
        if len(code) >= 7:
            g = _newest_gemeinden_table()
            pool = [f"{c} ({n})" for c, n in zip(g["ags"], g["name"])]
        else:
            k = _newest_kreise_table()
            names = store.names()
            pool = [f"{c} ({names.get(c, n)})" for c, n in zip(k["kreis"], k["name"])]
        for width in (len(code) - 1, 5, 4, 2):
            hits = [p for p in pool if p.startswith(code[:width])]
            if 0 < len(hits) <= 20 or width == 2:
                return hits[:5]
    choices: dict[str, list] = {_norm(key): [key] for key in BUILTIN}
    for tier in _name_index()[:2]:
        for alias, places in tier.items():
            choices[alias] = choices.get(alias, []) + places
    out: list[str] = []
    for hit in difflib.get_close_matches(_norm(text), list(choices), n=8, cutoff=0.75):
        builtins = [c for c in choices[hit] if isinstance(c, str)]
        places = _distinct([c for c in choices[hit] if not isinstance(c, str)])
        for shown in builtins + [p.describe() for p in places]:
            if shown not in out:
                out.append(shown)
    return out[:5]


# ---------------------------------------------------------------- resolver

def region(spec, name: str | None = None) -> Region:
    """Resolve what a person typed into a :class:`Region` (see the module docstring).

    ``spec``: a :class:`Region`, a built-in name or label, a Land/Kreis/Gemeinde name or code,
    a string of comma-separated codes or names, an integer code (padded), a list of any of
    these, or a mapping ``{"codes": [...], "name": "..."}`` (how ``wla report`` hands a named
    custom region to the notebooks, so it keeps its name). ``name`` sets the label. Raises :class:`UnknownRegionError` (with close matches),
    :class:`AmbiguousRegionError` (with the candidates) or :class:`ParameterError` (empty,
    mixed levels, wrong type).
    """
    if isinstance(spec, Region):
        return spec if name is None else Region(spec.key, name, spec.codes, spec.level)
    if isinstance(spec, (int, np.integer)) and not isinstance(spec, (bool, np.bool_)):
        return _from_codes([_pad(int(spec))], name)
    if isinstance(spec, str):
        return _from_text(spec, name)
    if isinstance(spec, dict):
        if set(spec) - {"codes", "name"} or "codes" not in spec:
            raise ParameterError(f"a region mapping holds 'codes' and optionally 'name', not {sorted(spec)}")
        return region(spec["codes"], name if name is not None else spec.get("name"))
    if isinstance(spec, (list, tuple, set, pd.Series, pd.Index, np.ndarray)):
        items = list(spec)
        if not items:
            raise ParameterError("an empty region has no members: give at least one Kreis or Gemeinde code")
        if all(_is_code(i) for i in items):
            return _from_codes([_pad(int(i)) if not isinstance(i, str) else i.strip() for i in items], name)
        return _union([region(i) for i in items], name)
    raise ParameterError(
        f"region must be a name, a code (string or integer) or a list of them, not {type(spec).__name__}"
    )


def _is_code(item) -> bool:
    if isinstance(item, str):
        return bool(re.fullmatch(r"\d+", item.strip()))
    return isinstance(item, (int, np.integer)) and not isinstance(item, (bool, np.bool_))


def _pad(code: int) -> str:
    """An AGS given as an integer (leading zero lost): 1 -> "01", 3241 -> "03241",
    1001000 -> "01001000"."""
    digits = str(code)
    for width in (2, 5, 8):
        if len(digits) in (width - 1, width):
            return digits.zfill(width)
    raise UnknownRegionError(
        digits, _suggest(digits),
        detail="an AGS has 2 (Land), 5 (Kreis) or 8 (Gemeinde) digits",
    )


def _from_text(spec: str, name: str | None) -> Region:
    text = spec.strip()
    if not text:
        raise UnknownRegionError(spec, detail="the region is empty")
    key = _norm(text)
    for builtin, (label, codes) in BUILTIN.items():
        if text == builtin or key == _norm(label):
            return Region(builtin, name or label, codes, "kreis")
    if text in (GERMANY[0], "DG") or key == _norm(GERMANY[1]):
        return Region(GERMANY[0], name or GERMANY[1], newest_kreise(), "kreis")
    if _CODES.fullmatch(text):
        return _from_codes([c.strip() for c in text.split(",")], name)
    places = _distinct(_places(text))
    if not places and "," in text:
        parts = [p for p in text.split(",") if p.strip()]
        resolved = [_resolve_part(p) for p in parts]
        if all(r is not None for r in resolved):
            return _union(resolved, name)
    if not places:
        raise UnknownRegionError(text, _suggest(text))
    if len(places) > 1:
        raise AmbiguousRegionError(text, [p.describe() for p in places])
    return _from_codes([places[0].code], name)


def _distinct(places: list[_Place]) -> list[_Place]:
    """Candidates that are different areas: a Land that is one Kreis (Berlin, Hamburg) is that
    Kreis, a Gemeinde that is a whole kreisfreie Stadt is that Stadt."""
    lands = _land_kreise()
    kreise = {p.code for p in places if p.level == "kreis"}
    out = []
    for p in places:
        if p.level == "kreis" and any(q.level == "land" and lands[q.code] == (p.code,) for q in places):
            continue
        if p.level == "gemeinde" and p.kreis in kreise:
            continue
        out.append(p)
    return out


def _resolve_part(part: str) -> Region | None:
    """One comma-separated part of a region string, or None if it names nothing unique."""
    try:
        return _from_text(part, None)
    except (UnknownRegionError, AmbiguousRegionError):
        return None


def _union(regions: list[Region], name: str | None) -> Region:
    levels = {r.level for r in regions}
    if len(levels) > 1:
        raise ParameterError(
            f"region mixes Kreise and Gemeinden ({', '.join(r.label for r in regions)}): "
            "use one level, e.g. only Kreise or only Gemeinden"
        )
    codes = sorted({c for r in regions for c in r.codes})
    return _from_codes(codes, name)


def _from_codes(codes, name=None) -> Region:
    codes = [str(c).strip() for c in codes]
    if not codes:
        raise ParameterError("an empty region has no members: give at least one Kreis or Gemeinde code")
    for c in codes:
        if not re.fullmatch(r"\d{2}|\d{5}|\d{8}", c):
            raise UnknownRegionError(c, _suggest(c), detail="an AGS has 2 (Land), 5 (Kreis) or 8 (Gemeinde) digits")
    lengths = {len(c) for c in codes}
    if 8 in lengths and lengths != {8}:
        raise ParameterError(
            f"region codes mix Gemeinden and Kreise or Länder ({', '.join(codes[:4])}…): use one "
            "level, e.g. the Kreis codes, or only Gemeinde codes"
        )
    if lengths == {8}:
        known = set(_newest_gemeinden_table()["ags"])
        for c in codes:
            if c not in known:
                _refuse(c, store.gazetteer(), "ags", "Gemeinde")
        level = "gemeinde"
    else:
        lands = _land_kreise()
        expanded = []
        for c in codes:
            if len(c) == 2:
                if c not in lands:
                    raise UnknownRegionError(c, [f"{land} ({n})" for land, n in _land_names().items()][:16],
                                             detail="Land codes run from 01 to 16")
                expanded += lands[c]
            else:
                expanded.append(c)
        known = set(_newest_kreise_table()["kreis"])
        for c in expanded:
            if c not in known:
                _refuse(c, store.kreise(), "kreis", "Kreis")
        codes, level = expanded, "kreis"
    codes = tuple(sorted(set(codes)))
    label = name or _label(codes, level)
    return Region(_key(codes, label, level), label, codes, level)


def _refuse(code: str, table: pd.DataFrame, column: str, what: str):
    """Raise for a code missing from the newest edition: dissolved (naming the last edition
    that lists it) or unknown."""
    rows = table[table[column] == code]
    if rows.empty:
        raise UnknownRegionError(code, _suggest(code))
    last = int(rows["edition"].max())
    raise UnknownRegionError(
        code, _suggest(code),
        detail=(f"{what} {code} ({rows.sort_values('edition')['name'].iloc[-1]}) is listed in the "
                f"Gemeindeverzeichnis up to the edition {last} only and no longer exists in the newest "
                f"edition {editions()[-1]} (dissolved or merged); use the codes of the newest edition"),
    )


def _land_names() -> dict[str, str]:
    k = _newest_kreise_table()
    return dict(sorted(set(zip(k["land"], k["land_name"]))))


def _label(codes: tuple[str, ...], level: str) -> str:
    """Reader-facing name of a code set: Deutschland, Land names for whole Länder, else the
    members' names (Kreise as :func:`wla.store.names` gives them, "Coburg, Landkreis";
    Gemeinden by :func:`gemeinde_label`, "Neustadt bei Coburg + Rödental"); two members of one
    name are told apart by their code."""
    if level == "kreis" and codes == newest_kreise():
        return GERMANY[1]
    names = store.names()
    parts: list[tuple[str, str]] = []  # (name, code)
    rest = set(codes)
    if level == "kreis":
        for land, kreise in _land_kreise().items():
            if set(kreise) <= rest:
                parts.append((_land_names()[land], land))
                rest -= set(kreise)
    parts += [(gemeinde_label(names.get(c, c)) if level == "gemeinde" else names.get(c, c), c) for c in sorted(rest)]
    counts = pd.Series([p[0] for p in parts]).value_counts()
    return " + ".join(n if counts[n] == 1 else f"{n} ({c})" for n, c in parts)


def _key(codes: tuple[str, ...], label: str, level: str) -> str:
    """File-name key: the code of a single member or Land, else a slug plus a hash of the codes
    (two different code sets never share a key)."""
    if len(codes) == 1:
        return codes[0]
    if level == "kreis":
        for land, kreise in _land_kreise().items():
            if tuple(kreise) == codes:
                return land
    ascii_label = unicodedata.normalize("NFKD", _norm(label)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_label).strip("_")[:32].strip("_")
    digest = hashlib.sha1(",".join(codes).encode()).hexdigest()[:8]
    return f"{slug}_{digest}"

